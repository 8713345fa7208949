//! The paper page: header block, summary, recommendations, numbered
//! sections and paragraphs (each with its stable anchor and a visible link
//! to itself), contacts, background papers and appendices.
//!
//! An exempt paper's page says only that it is exempt, under which
//! paragraph of Schedule 12A and why: its text (summary, recommendations,
//! body, notes, background papers) is never rendered, and its earlier
//! versions are not published.
//!
//! A paper with earlier versions (`<slug>.v1.md` …) shows its change
//! history; each earlier version has its own page at `…/<slug>/vN/`.

use super::markdown::{self, NoShortcodes, Origin, Shortcodes};
use super::page_ids::IdSource;
use super::shortcodes::PaperShortcodes;
use super::views::{AppendixLink, Link};
use super::{urls, OutputFile, PageSpec, Renderer};
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Access, Board, Chunk, Meeting, Paper, RecommendationStyle, Revision};
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
struct HeadingView {
    level: u8,
    number: Option<String>,
    text: String,
    anchor: String,
}

#[derive(Serialize)]
struct ParagraphView {
    number: String,
    anchor: String,
    /// The paragraph's `{#label}`: a second, renumbering-proof anchor.
    label: Option<String>,
    html: String,
}

#[derive(Serialize)]
struct SectionView {
    heading: Option<HeadingView>,
    lead_html: Option<String>,
    paragraphs: Vec<ParagraphView>,
    /// The section's numbered paragraphs as plansite draws them
    /// ([`draw_paragraphs`]): what the default theme puts on the page, in
    /// one piece, so that a paper of 30 paragraphs is not 30 turns of a
    /// template loop (the loop was a quarter of a full build's time). A
    /// theme that wants other markup loops over `paragraphs` instead.
    paragraphs_html: String,
}

/// The numbered paragraphs of a section, each a `div.para` holding its
/// anchor (and its `{#label}`'s, an empty `span.para__label`), the number
/// as a link to itself (left out of the search index where the page is
/// indexed: `searchable`) and the paragraph's HTML. Each paragraph starts
/// on a new line, indented as the default theme's `paper.html` lays out
/// the rest of the page.
fn draw_paragraphs(paragraphs: &[ParagraphView], searchable: bool) -> String {
    use super::escape;
    let size: usize = paragraphs.iter().map(|p| p.html.len() + 240).sum();
    let mut out = String::with_capacity(size);
    for p in paragraphs {
        let anchor = escape(&p.anchor);
        out.push_str("\n  <div class=\"para\" id=\"");
        out.push_str(&anchor);
        out.push_str("\">");
        if let Some(label) = &p.label {
            out.push_str("<span class=\"para__label\" id=\"");
            out.push_str(&escape(label));
            out.push_str("\"></span>");
        }
        out.push_str("\n    <a class=\"para__number\" href=\"#");
        out.push_str(&anchor);
        out.push('"');
        if searchable {
            out.push_str(" data-pagefind-ignore");
        }
        out.push_str("><span class=\"visually-hidden\">Paragraph </span>");
        out.push_str(&escape(&p.number));
        out.push_str("</a>\n    <div class=\"para__body\">");
        out.push_str(&p.html);
        out.push_str("</div>\n  </div>\n  ");
    }
    out
}

#[derive(Serialize)]
struct NoteView {
    /// `fn-1`: the note's number is its place in the list.
    anchor: String,
    html: String,
    back: Vec<Link>,
}

#[derive(Serialize)]
struct RecommendationView {
    numeral: String,
    html: String,
}

#[derive(Serialize)]
struct ContactView {
    name: String,
    role: Option<String>,
    organisation: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

#[derive(Serialize)]
struct FieldView {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct PaperView {
    title: String,
    kind: &'static str,
    appendix_label: Option<String>,
    board: String,
    meeting_date: String,
    meeting_href: String,
    /// The From / To / Date / Item header block.
    header: Vec<FieldView>,
    parent: Option<Link>,
    exempt: Option<ExemptView>,
    summary_html: Option<String>,
    recommendations_intro: Option<String>,
    recommendations: Vec<RecommendationView>,
    sections: Vec<SectionView>,
    /// The paper's footnotes, in the order the text refers to them.
    footnotes: Vec<NoteView>,
    /// Key decision, wards, impact assessments.
    facts: Vec<FieldView>,
    contacts: Vec<ContactView>,
    /// `None` when the paper states it has no background papers.
    background_papers: Option<Vec<BackgroundView>>,
    appendices: Vec<AppendixLink>,
    plans: Vec<Link>,
    notes_html: Option<String>,
    not_published: crate::model::NotPublished,
    /// Set on an earlier version's page: which version it is, and the current one.
    superseded: Option<SupersededView>,
    /// The version history, oldest first; empty for a paper with one version.
    history: Vec<HistoryView>,
    /// Whether the page goes into the search index (current, public papers).
    searchable: bool,
    /// The decision of the meeting on this paper, or why none is shown
    /// (current versions of board papers and papers a decision names).
    decision: Option<super::decisions::PaperDecision>,
    /// For minutes: the decisions they record.
    minutes_decisions: Vec<super::decisions::DecisionView>,
}

#[derive(Serialize)]
struct SupersededView {
    version: String,
    current: Link,
}

#[derive(Serialize)]
struct HistoryView {
    /// "Version 2: Refresh".
    name: String,
    date: Option<String>,
    date_iso: Option<String>,
    /// A link to the version's page; `None` for the page being shown.
    href: Option<String>,
    current: bool,
    note: Option<String>,
    /// What changed from the version before, as sentences.
    changes: Vec<String>,
}

#[derive(Serialize)]
struct BackgroundView {
    title: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct ExemptView {
    paragraph: u8,
    category: &'static str,
    reason: String,
}

fn numeral(style: RecommendationStyle, i: usize) -> String {
    crate::model::recommendation_numeral(style, i)
}

/// Renders a block of front-matter Markdown (no shortcodes); problems point
/// at the paper's file.
fn front_matter_markdown(text: &str, path: &Arc<str>, diags: &mut Diagnostics) -> String {
    markdown::render(text, &Origin { path, line: 1 }, &NoShortcodes, diags)
}

/// Renders front-matter Markdown (no shortcodes) and strips a single
/// wrapping paragraph so it can sit inline.
fn inline_markdown(text: &str, path: &Arc<str>, line: u32, diags: &mut Diagnostics) -> String {
    let html = markdown::render(text, &Origin { path, line }, &NoShortcodes, diags);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// Renders a chunk of the body; ids its HTML puts on the page go to `ids`,
/// its footnotes to `footnotes` (`place` says where it is, for back links).
#[allow(clippy::too_many_arguments)]
fn chunk_html(
    chunk: &Chunk,
    first_col: u32,
    path: &Arc<str>,
    sc: &dyn Shortcodes,
    footnotes: &mut markdown::Footnotes,
    place: Option<String>,
    ids: &mut Vec<IdSource>,
    diags: &mut Diagnostics,
) -> String {
    footnotes.place = place;
    let (html, found) = markdown::render_with_ids(
        chunk.markdown(),
        &Origin {
            path,
            line: chunk.line,
        },
        first_col,
        sc,
        Some(footnotes),
        diags,
    );
    ids.extend(
        found
            .into_iter()
            .map(|(id, at, what)| IdSource::new(id, at, what)),
    );
    html
}

/// The ids the paper body gives its page (before its Markdown adds any).
fn body_ids(paper: &Paper) -> Vec<IdSource> {
    let file = &paper.location.path;
    let mut ids = Vec::new();
    for s in &paper.body.sections {
        if let Some(h) = &s.heading {
            let at = Location::at(file.clone(), h.line, 1, 0);
            let what = format!("the heading “{}”", h.text);
            ids.push(IdSource::new(&h.anchor, at.clone(), &what).body_anchor());
            ids.push(IdSource::new(format!("{}-heading", h.anchor), at, what));
        }
        for p in &s.paragraphs {
            let at = Location::at(file.clone(), p.body.line, 1, 0);
            ids.push(IdSource::new(&p.anchor, at, format!("paragraph {}", p.number)).body_anchor());
            if let (Some(l), Some(at)) = (&p.label, &p.label_location) {
                ids.push(IdSource::new(l, at.clone(), format!("label {{#{l}}}")).body_anchor());
            }
        }
    }
    ids
}

fn version_name(rv: &Revision) -> String {
    match &rv.label {
        Some(l) => format!("Version {}: {l}", rv.number),
        None => format!("Version {}", rv.number),
    }
}

/// "Paragraphs added: 2.3, 2.4." and the like.
fn change_sentences(c: &crate::model::Changes) -> Vec<String> {
    let mut out = Vec::new();
    let list = |what: &str, v: &[String]| {
        let noun = if v.len() == 1 {
            "Paragraph"
        } else {
            "Paragraphs"
        };
        format!("{noun} {what}: {}.", v.join(", "))
    };
    if c.title_changed {
        out.push("Title changed.".to_string());
    }
    if c.summary_changed {
        out.push("Summary changed.".to_string());
    }
    if c.recommendations_changed {
        out.push("Recommendations changed.".to_string());
    }
    if !c.added.is_empty() {
        out.push(list("added", &c.added));
    }
    if !c.removed.is_empty() {
        out.push(list("removed", &c.removed));
    }
    if !c.changed.is_empty() {
        out.push(list("changed", &c.changed));
    }
    if out.is_empty() {
        out.push(
            "No change to the title, summary, recommendations or numbered paragraphs.".to_string(),
        );
    }
    out
}

/// The version history of `current`, seen from the page at `page`.
fn history(board: &Board, meeting: &Meeting, current: &Paper, page: &str) -> Vec<HistoryView> {
    if current.earlier.is_empty() {
        return Vec::new();
    }
    let versions: Vec<&Paper> = current.versions().collect();
    versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let is_current = i + 1 == versions.len();
            let target = if is_current {
                urls::paper(&board.slug, &meeting.slug, &current.slug)
            } else {
                urls::paper_version(&board.slug, &meeting.slug, &current.slug, v.revision.number)
            };
            HistoryView {
                name: version_name(&v.revision),
                date: v.revision.date.map(|d| d.long()),
                date_iso: v
                    .revision
                    .date
                    .and_then(|d| d.day())
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                href: (target != page).then(|| urls::link(page, &target)),
                current: is_current,
                note: v.revision.note.clone(),
                changes: if i == 0 {
                    vec!["First published version.".to_string()]
                } else {
                    change_sentences(&v.revision.changes.clone().unwrap_or_default())
                },
            }
        })
        .collect()
}

/// The pages of one paper: the current version and each earlier one.
pub(crate) fn paper(
    r: &Renderer<'_>,
    board: &Board,
    meeting: &Meeting,
    paper: &Paper,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let path = urls::paper(&board.slug, &meeting.slug, &paper.slug);
    files.extend(version_page(r, board, meeting, paper, paper, &path, diags));
    if matches!(paper.access, Access::Public) {
        for v in &paper.earlier {
            let vpath =
                urls::paper_version(&board.slug, &meeting.slug, &paper.slug, v.revision.number);
            files.extend(version_page(r, board, meeting, paper, v, &vpath, diags));
        }
    }
    files
}

/// The page of one version (`shown`) of `current`, at `path`.
fn version_page(
    r: &Renderer<'_>,
    board: &Board,
    meeting: &Meeting,
    current: &Paper,
    shown: &Paper,
    path: &str,
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    let paper = shown;
    let is_current = std::ptr::eq(current, shown);
    let path = path.to_string();
    let file: &Arc<str> = &paper.location.path;
    let parent = meeting
        .papers
        .iter()
        .find(|p| p.appendices.iter().any(|a| a.value == paper.slug))
        .map(|p| Link {
            text: p.title.clone(),
            href: urls::link(&path, &urls::paper(&board.slug, &meeting.slug, &p.slug)),
        });

    let mut header = Vec::new();
    match (&paper.from, &paper.not_published.from) {
        (Some(f), _) => header.push(FieldView {
            label: "From",
            value: f.clone(),
        }),
        (None, Some(why)) => header.push(FieldView {
            label: "From",
            value: format!("Not published. {why}"),
        }),
        (None, None) => {}
    }
    if let Some(t) = &paper.to {
        header.push(FieldView {
            label: "To",
            value: t.clone(),
        });
    }
    header.push(FieldView {
        label: "Date",
        value: match &paper.date_note {
            Some(note) => format!("{} ({note})", paper.date.long()),
            None => paper.date.long(),
        },
    });
    if let Some(i) = paper.item {
        header.push(FieldView {
            label: "Agenda item",
            value: i.to_string(),
        });
    }

    let exempt = match &current.access {
        Access::Exempt { paragraph, reason } => Some(ExemptView {
            paragraph: *paragraph,
            category: crate::model::schedule_12a(*paragraph).unwrap_or_default(),
            reason: reason.clone(),
        }),
        Access::Public => None,
    };

    let public = exempt.is_none();
    let searchable = public && is_current && r.config.search.enabled;
    let sc = PaperShortcodes {
        r,
        paper: Some(paper),
        page: &path,
        searchable,
    };
    let mut ids = if public { body_ids(paper) } else { Vec::new() };
    let mut footnotes = markdown::Footnotes::new(if public {
        paper
            .body
            .sections
            .iter()
            .flat_map(|s| s.lead.iter().chain(s.paragraphs.iter().map(|p| &p.body)))
            .map(Chunk::markdown)
            .collect()
    } else {
        Vec::new()
    });
    let sections = if public {
        paper
            .body
            .sections
            .iter()
            .map(|s| {
                // The lead before the paragraphs: notes are numbered in
                // the order the page reads.
                let lead_html = s.lead.as_ref().map(|c| {
                    let place = s.heading.as_ref().map(|h| match &h.number {
                        Some(n) => format!(
                            "section {}",
                            n.trim_end_matches(['.', '0']).trim_end_matches('.')
                        ),
                        None => format!("“{}”", h.text),
                    });
                    chunk_html(c, 1, file, &sc, &mut footnotes, place, &mut ids, diags)
                });
                let paragraphs: Vec<ParagraphView> = s
                    .paragraphs
                    .iter()
                    .map(|p| ParagraphView {
                        number: p.number.clone(),
                        anchor: p.anchor.clone(),
                        label: p.label.clone(),
                        html: chunk_html(
                            &p.body,
                            p.text_col,
                            file,
                            &sc,
                            &mut footnotes,
                            Some(format!("paragraph {}", p.number)),
                            &mut ids,
                            diags,
                        ),
                    })
                    .collect();
                SectionView {
                    heading: s.heading.as_ref().map(|h| HeadingView {
                        level: h.level,
                        number: h.number.clone(),
                        text: h.text.clone(),
                        anchor: h.anchor.clone(),
                    }),
                    lead_html,
                    paragraphs_html: draw_paragraphs(&paragraphs, searchable),
                    paragraphs,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let footnotes: Vec<NoteView> = footnotes
        .finish(diags)
        .into_iter()
        .map(|n| NoteView {
            anchor: n.anchor,
            html: n.html,
            back: n
                .back
                .into_iter()
                .map(|(href, text)| Link { text, href })
                .collect(),
        })
        .collect();

    let mut facts = Vec::new();
    if paper.kind.is_report() {
        let mut kd = paper.key_decision.label().to_string();
        if let Some(n) = &paper.key_decision_note {
            kd = format!("{kd}. {n}");
        }
        facts.push(FieldView {
            label: "Key decision",
            value: kd,
        });
        if !paper.wards.is_empty() {
            facts.push(FieldView {
                label: "Wards or communities affected",
                value: paper.wards.join(", "),
            });
        }
    }
    if let Some(ia) = &paper.impact_assessments {
        facts.push(FieldView {
            label: "Equality impact assessment required",
            value: ia.equality.label().to_string(),
        });
        facts.push(FieldView {
            label: "Privacy impact assessment required",
            value: ia.privacy.label().to_string(),
        });
        if let Some(n) = &ia.note {
            facts.push(FieldView {
                label: "Note on impact assessments",
                value: n.clone(),
            });
        }
    }

    let view = PaperView {
        title: paper.title.clone(),
        kind: paper.kind.label(),
        appendix_label: paper.appendix_label.clone(),
        board: board.name.clone(),
        meeting_date: super::format::meeting_date(meeting),
        meeting_href: urls::link(&path, &urls::meeting(&board.slug, &meeting.slug)),
        header,
        parent,
        summary_html: paper
            .summary
            .as_ref()
            .filter(|_| public)
            .map(|s| front_matter_markdown(s, file, diags)),
        recommendations_intro: paper.recommendations_intro.clone().filter(|_| public),
        recommendations: if public {
            paper
                .recommendations
                .iter()
                .enumerate()
                .map(|(i, text)| RecommendationView {
                    numeral: numeral(paper.recommendation_style, i + 1),
                    html: inline_markdown(text, file, 1, diags),
                })
                .collect()
        } else {
            Vec::new()
        },
        exempt,
        sections,
        footnotes,
        facts,
        contacts: paper
            .contacts
            .iter()
            .map(|c| ContactView {
                name: c.name.clone(),
                role: c.role.clone(),
                organisation: c.organisation.clone(),
                email: c.email.clone(),
                phone: c.phone.clone(),
            })
            .collect(),
        background_papers: paper
            .background_papers
            .as_ref()
            .filter(|_| public)
            .map(|list| {
                list.iter()
                    .map(|b| BackgroundView {
                        title: b.title.clone(),
                        url: b.url.clone(),
                    })
                    .collect()
            }),
        appendices: paper
            .appendices
            .iter()
            .filter_map(|a| {
                meeting.papers.iter().find(|p| p.slug == a.value).map(|p| {
                    AppendixLink::to(
                        p,
                        urls::link(&path, &urls::paper(&board.slug, &meeting.slug, &p.slug)),
                    )
                })
            })
            .collect(),
        plans: paper
            .plans
            .iter()
            .filter(|_| public)
            .filter_map(|p| r.site.plan(&p.value))
            .map(|p| Link {
                text: p.title.clone(),
                href: urls::link(&path, &urls::plan(&p.id)),
            })
            .collect(),
        not_published: paper.not_published.clone(),
        superseded: (!is_current).then(|| SupersededView {
            version: version_name(&paper.revision),
            current: Link {
                text: current.title.clone(),
                href: urls::link(
                    &path,
                    &urls::paper(&board.slug, &meeting.slug, &current.slug),
                ),
            },
        }),
        history: if public {
            history(board, meeting, current, &path)
        } else {
            Vec::new()
        },
        searchable,
        decision: is_current
            .then(|| super::decisions::on_paper(board, meeting, paper, &path))
            .flatten(),
        minutes_decisions: if is_current {
            super::decisions::in_minutes(board, meeting, paper, &path)
        } else {
            Vec::new()
        },
        notes_html: paper
            .notes
            .as_ref()
            .filter(|_| public)
            .map(|n| front_matter_markdown(n, file, diags)),
    };

    let crumbs = vec![
        Link {
            text: "Home".into(),
            href: urls::link(&path, "index.html"),
        },
        Link {
            text: "Boards and meetings".into(),
            href: urls::link(&path, "boards/index.html"),
        },
        Link {
            text: board.name.clone(),
            href: urls::link(&path, &urls::board(&board.slug)),
        },
        Link {
            text: super::format::meeting_date(meeting),
            href: urls::link(&path, &urls::meeting(&board.slug, &meeting.slug)),
        },
    ];
    let mut crumbs = crumbs;
    let mut title = paper.title.clone();
    if !is_current {
        crumbs.push(Link {
            text: current.title.clone(),
            href: urls::link(
                &path,
                &urls::paper(&board.slug, &meeting.slug, &current.slug),
            ),
        });
        title = format!(
            "{} ({})",
            paper.title,
            version_name(&paper.revision).to_lowercase()
        );
    }
    let description = if public {
        paper.summary.as_deref().map(markdown::plain_text)
    } else {
        None
    };
    r.page(
        PageSpec::new("paper.html", &path, title, "boards")
            .crumbs(crumbs)
            .description(description)
            .ids(ids),
        &view,
        diags,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_recommendations_as_published() {
        assert_eq!(numeral(RecommendationStyle::UpperRoman, 4), "IV.");
        assert_eq!(numeral(RecommendationStyle::LowerRoman, 2), "(ii)");
        assert_eq!(crate::model::roman(1994), "MCMXCIV");
    }

    fn para(number: &str, label: Option<&str>, html: &str) -> ParagraphView {
        ParagraphView {
            number: number.into(),
            anchor: format!("para-{}", number.replace('.', "-")),
            label: label.map(Into::into),
            html: html.into(),
        }
    }

    #[test]
    fn paragraphs_are_drawn_as_the_default_theme_lays_out_the_page() {
        let paragraphs = [
            para("1.1", None, "<p>The pooled budget.</p>"),
            para("1.2", Some("carers-<pool>"), "<p>Carers &amp; others.</p>"),
        ];
        assert_eq!(
            draw_paragraphs(&paragraphs, true),
            "\n  <div class=\"para\" id=\"para-1-1\">\n    <a class=\"para__number\" href=\"#para-1-1\" data-pagefind-ignore><span class=\"visually-hidden\">Paragraph </span>1.1</a>\n    <div class=\"para__body\"><p>The pooled budget.</p></div>\n  </div>\n  \
             \n  <div class=\"para\" id=\"para-1-2\"><span class=\"para__label\" id=\"carers-&lt;pool&gt;\"></span>\n    <a class=\"para__number\" href=\"#para-1-2\" data-pagefind-ignore><span class=\"visually-hidden\">Paragraph </span>1.2</a>\n    <div class=\"para__body\"><p>Carers &amp; others.</p></div>\n  </div>\n  "
        );
        // A page that is not indexed (an earlier version, search off)
        // leaves the number in; a section without paragraphs is empty.
        assert!(!draw_paragraphs(&paragraphs, false).contains("data-pagefind-ignore"));
        assert_eq!(draw_paragraphs(&[], true), "");
    }
}

//! What's new: the "What's new" page and Atom 1.0 feeds, site-wide
//! (`feed.xml`) and per board (`boards/<board>/feed.xml`).
//!
//! Every date comes from the content (a paper's date, or the date of each
//! of its versions), never from the clock, so feeds are byte-for-byte
//! reproducible. Atom needs a full timestamp: a date known only to the
//! year or month is given as its first day, and the entry's summary says
//! so, and says when the meeting's date is partial, inferred or not
//! stated. An exempt paper appears with its title and exemption only:
//! its summary and text are never put in a feed.

use super::views::Link;
use super::{escape, urls, OutputFile, PageSpec, Renderer};
use crate::diagnostics::Diagnostics;
use crate::model::{Access, Board, Meeting, MeetingDate, Paper, PartialDate};
use serde::Serialize;

/// One thing that happened: a paper published, or a new version of it.
#[derive(Clone, Copy)]
struct Event<'a> {
    date: PartialDate,
    board: &'a Board,
    meeting: &'a Meeting,
    paper: &'a Paper,
    /// The version this event is about (the paper itself for a paper with
    /// one version).
    version: &'a Paper,
    /// The version before it, for "what changed".
    previous: Option<&'a Paper>,
}

fn version_date(version: &Paper, paper: &Paper) -> PartialDate {
    version.revision.date.unwrap_or(paper.date)
}

/// Every event of the site, newest first (ties by board, meeting, paper and
/// version, so the order never depends on anything but the content).
fn events(site: &crate::model::Site) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    for board in &site.boards {
        for meeting in &board.meetings {
            for paper in &meeting.papers {
                let exempt = matches!(paper.access, Access::Exempt { .. });
                let versions: Vec<&Paper> = if exempt {
                    vec![paper]
                } else {
                    paper.versions().collect()
                };
                for (i, v) in versions.iter().enumerate() {
                    out.push(Event {
                        date: version_date(v, paper),
                        board,
                        meeting,
                        paper,
                        version: v,
                        previous: i.checked_sub(1).map(|j| versions[j]),
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.board.slug.cmp(&b.board.slug))
            .then_with(|| a.meeting.slug.cmp(&b.meeting.slug))
            .then_with(|| a.paper.slug.cmp(&b.paper.slug))
            .then_with(|| b.version.revision.number.cmp(&a.version.revision.number))
    });
    out
}

/// What an event says, in one sentence.
fn describe(e: &Event<'_>) -> String {
    if let Access::Exempt { paragraph, .. } = e.paper.access {
        return format!(
            "Exempt item listed: not for publication under paragraph {paragraph} of Schedule 12A to the Local Government Act 1972."
        );
    }
    if e.previous.is_none() {
        return match &e.paper.summary {
            Some(s) if e.paper.earlier.is_empty() => super::markdown::plain_text(s),
            _ => "Paper published.".to_string(),
        };
    }
    let name = match &e.version.revision.label {
        Some(l) => format!("Version {} ({l})", e.version.revision.number),
        None => format!("Version {}", e.version.revision.number),
    };
    let c = e.version.revision.changes.clone().unwrap_or_default();
    let mut parts = Vec::new();
    if !c.added.is_empty() {
        parts.push(format!("paragraphs added: {}", c.added.join(", ")));
    }
    if !c.removed.is_empty() {
        parts.push(format!("paragraphs removed: {}", c.removed.join(", ")));
    }
    if !c.changed.is_empty() {
        parts.push(format!("paragraphs changed: {}", c.changed.join(", ")));
    }
    if c.summary_changed {
        parts.push("summary changed".to_string());
    }
    if c.recommendations_changed {
        parts.push("recommendations changed".to_string());
    }
    if parts.is_empty() {
        format!("{name} published.")
    } else {
        format!("{name} published; {}.", parts.join("; "))
    }
}

/// An Atom timestamp: the first day a date can mean (Atom requires a full
/// date-time; [`date_flags`] says when it is more precise than the source).
fn timestamp(d: PartialDate) -> String {
    d.first_day().format("%Y-%m-%dT00:00:00Z").to_string()
}

/// "year only", "month only": how much of a date the source gives.
fn precision(d: PartialDate) -> Option<&'static str> {
    match d {
        PartialDate::Year(_) => Some("year only"),
        PartialDate::Month(..) => Some("month only"),
        PartialDate::Day(_) => None,
    }
}

/// Whether a meeting's date is anything but a full date as printed: known
/// only to the month or year, inferred by the clerk, or not stated.
fn meeting_flagged(m: &Meeting) -> bool {
    m.date_inferred.is_some() || m.date.day().is_none()
}

/// What a feed entry's timestamp does not say: that its date is known only
/// to the year or month ("Paper date: 2017 (year only; timestamped
/// 1 January 2017)."), and that the meeting's date is partial, inferred by
/// the clerk or not stated at all. Empty for a paper and meeting dated to
/// the day as printed.
fn date_flags(e: &Event<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(p) = precision(e.date) {
        let what = if e.previous.is_some() {
            "Version date"
        } else {
            "Paper date"
        };
        out.push(format!(
            "{what}: {} ({p}; timestamped {}).",
            e.date.long(),
            PartialDate::Day(e.date.first_day()).long()
        ));
    }
    let inferred = e.meeting.date_inferred.as_deref();
    match e.meeting.date {
        // Never with date_inferred: `content::boards` refuses the pair.
        MeetingDate::NotStated => out.push("Meeting date not stated in the source.".to_string()),
        MeetingDate::Known(d) => {
            let parts: Vec<String> = precision(d)
                .map(str::to_string)
                .into_iter()
                .chain(inferred.map(|how| format!("inferred: {how}")))
                .collect();
            if !parts.is_empty() {
                out.push(format!(
                    "Meeting date: {} ({}).",
                    d.long(),
                    parts.join("; ")
                ));
            }
        }
    }
    out
}

/// An entry's summary: what happened, then what its date does not say.
fn summary(e: &Event<'_>) -> String {
    std::iter::once(describe(e))
        .chain(date_flags(e))
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Serialize)]
struct WhatsNewItem {
    date: String,
    date_iso: Option<String>,
    /// "year only", "month only": how much of the date the source gives.
    precision: Option<&'static str>,
    /// The meeting, as links to it name it ("2017 (date inferred)",
    /// "Date not known (folder)"), when its date is partial, inferred or
    /// not stated: what the paper's date alone does not say.
    meeting: Option<String>,
    title: String,
    href: String,
    board: String,
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
struct WhatsNewView {
    items: Vec<WhatsNewItem>,
    feed: Link,
    board_feeds: Vec<Link>,
}

/// How many events the "What's new" page and each feed list.
const LATEST: usize = 50;

/// The "What's new" page: the latest papers and versions, newest first.
pub(crate) fn whats_new(r: &Renderer<'_>, diags: &mut Diagnostics) -> Option<OutputFile> {
    let path = "whats-new/index.html";
    let items = events(r.site)
        .into_iter()
        .take(LATEST)
        .map(|e| WhatsNewItem {
            date: e.date.long(),
            date_iso: e.date.day().map(|_| e.date.iso()),
            precision: precision(e.date),
            meeting: meeting_flagged(e.meeting).then(|| super::format::meeting_date(e.meeting)),
            title: e.paper.title.clone(),
            href: urls::link(path, &event_page(&e)),
            board: e.board.name.clone(),
            kind: e.paper.kind.label(),
            text: describe(&e),
        })
        .collect();
    let view = WhatsNewView {
        items,
        feed: Link {
            text: "All boards".into(),
            href: urls::link(path, "feed.xml"),
        },
        board_feeds: r
            .site
            .boards
            .iter()
            .map(|b| Link {
                text: b.name.clone(),
                href: urls::link(path, &board_feed_path(&b.slug)),
            })
            .collect(),
    };
    let crumbs = vec![Link {
        text: "Home".into(),
        href: urls::link(path, "index.html"),
    }];
    r.page(
        PageSpec::new("whats-new.html", path, "What’s new", "whats-new").crumbs(crumbs),
        &view,
        diags,
    )
}

/// The page an event links to: the version's own page for an earlier
/// version, else the paper.
fn event_page(e: &Event<'_>) -> String {
    if std::ptr::eq(e.version, e.paper) {
        urls::paper(&e.board.slug, &e.meeting.slug, &e.paper.slug)
    } else {
        urls::paper_version(
            &e.board.slug,
            &e.meeting.slug,
            &e.paper.slug,
            e.version.revision.number,
        )
    }
}

pub(crate) fn board_feed_path(board: &str) -> String {
    format!("boards/{board}/feed.xml")
}

/// An Atom 1.0 feed of `events`, written to `path`.
fn atom(r: &Renderer<'_>, path: &str, title: &str, page: &str, events: &[Event<'_>]) -> OutputFile {
    let base = &r.config.base_url;
    let updated = events
        .iter()
        .map(|e| e.date)
        .max()
        .map(timestamp)
        .or_else(|| {
            r.config
                .build_date
                .map(|d| d.format("%Y-%m-%dT00:00:00Z").to_string())
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    x.push_str(&escape(&r.config.language));
    x.push_str("\">\n");
    let page_url = format!("{base}{}", urls::pretty(page));
    x.push_str(&format!(
        "  <id>{}</id>\n",
        escape(&format!("{base}{path}"))
    ));
    x.push_str(&format!("  <title>{}</title>\n", escape(title)));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&format!("{base}{path}"))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&page_url)
    ));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(&r.config.owner)
    ));
    x.push_str("  <generator>plansite</generator>\n");
    for e in events.iter().take(LATEST) {
        let url = format!("{base}{}", urls::pretty(&event_page(e)));
        let id = if e.paper.earlier.is_empty() {
            url.clone()
        } else {
            format!("{url}#version-{}", e.version.revision.number)
        };
        let title = if e.previous.is_some() {
            format!("{} (version {})", e.paper.title, e.version.revision.number)
        } else {
            e.paper.title.clone()
        };
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n", escape(&id)));
        x.push_str(&format!("    <title>{}</title>\n", escape(&title)));
        x.push_str(&format!("    <updated>{}</updated>\n", timestamp(e.date)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&url)
        ));
        x.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            escape(&e.board.slug),
            escape(&e.board.name)
        ));
        x.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            escape(&summary(e))
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    OutputFile {
        path: path.to_string(),
        bytes: x.into_bytes().into(),
    }
}

/// The site-wide feed and one feed per board.
pub(crate) fn feeds(r: &Renderer<'_>) -> Vec<OutputFile> {
    let all = events(r.site);
    let mut files = vec![atom(
        r,
        "feed.xml",
        &format!("{}: what’s new", r.config.title),
        "whats-new/index.html",
        &all,
    )];
    for board in &r.site.boards {
        let mine: Vec<Event<'_>> = all
            .iter()
            .copied()
            .filter(|e| e.board.slug == board.slug)
            .collect();
        files.push(atom(
            r,
            &board_feed_path(&board.slug),
            &format!("{}: papers", board.name),
            &urls::board(&board.slug),
            &mine,
        ));
    }
    files
}

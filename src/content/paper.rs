//! Papers: split the `+++` TOML front matter from the Markdown body, read
//! the front matter into a [`Paper`], and check what a paper must contain.

use super::parse_body;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{
    Access, BackgroundPaper, Contact, Decision, ImpactAssessments, Located, NotPublished,
    Numbering, Outcome, Paper, PaperDigest, PaperKind, ParagraphStyle, RecommendationRef,
    RecommendationStyle, Released, Revision, YesNo,
};
use crate::source::{SourceFile, Spanned, TomlReader};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaper {
    title: String,
    kind: Spanned<String>,
    item: Option<u32>,
    from: Option<String>,
    to: Option<String>,
    date: Spanned<toml::Value>,
    date_note: Option<String>,
    summary: Option<String>,
    recommendations_intro: Option<String>,
    #[serde(default)]
    recommendations: Vec<String>,
    recommendation_style: Option<Spanned<String>>,
    numbering: Option<Spanned<String>>,
    paragraphs: Option<Spanned<String>>,
    key_decision: Option<Spanned<String>>,
    key_decision_note: Option<String>,
    #[serde(default)]
    wards: Vec<String>,
    #[serde(default)]
    plans: Vec<Spanned<String>>,
    #[serde(default)]
    appendices: Vec<Spanned<String>>,
    appendix_label: Option<String>,
    status: Option<RawStatus>,
    #[serde(default)]
    contacts: Vec<RawContact>,
    background_papers: Option<Vec<RawBackground>>,
    background_papers_none: Option<bool>,
    impact_assessments: Option<RawImpact>,
    /// Reasons for required parts the published paper does not have.
    #[serde(default)]
    not_published: Option<RawNotPublished>,
    notes: Option<String>,
    /// This version's label, date and note (see "Revisions" in the docs).
    revision: Option<RawRevision>,
    /// For minutes: the decisions they record.
    #[serde(default)]
    decisions: Vec<RawDecision>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecision {
    minute: Option<String>,
    paper: Spanned<String>,
    recommendation: Option<Spanned<toml::Value>>,
    outcome: Spanned<String>,
    amended_wording: Option<Spanned<String>>,
    resolution: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRevision {
    label: Option<String>,
    date: Option<Spanned<toml::Value>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    access: Option<Spanned<String>>,
    exempt_paragraph: Option<Spanned<u8>>,
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    name: String,
    role: Option<String>,
    organisation: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackground {
    title: String,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImpact {
    equality: Option<Spanned<String>>,
    privacy: Option<Spanned<String>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotPublished {
    from: Option<String>,
    contacts: Option<String>,
    background_papers: Option<String>,
    recommendations: Option<String>,
}

/// Why a paper's text has no front matter.
enum NoFrontMatter {
    /// The text does not open with a `+++` line.
    NotOpened,
    /// No `+++` line closes it.
    NotClosed,
}

/// Where the `+++` front matter of a paper's text ends: the length of the
/// TOML between the lines (after the opening `+++\n`) and the byte the
/// body starts at.
fn front_matter_bounds(text: &str) -> Result<(usize, usize), NoFrontMatter> {
    let after_open = text.strip_prefix("+++\n").ok_or(NoFrontMatter::NotOpened)?;
    let close = if after_open.starts_with("+++\n") || after_open == "+++" {
        Some(0)
    } else {
        after_open
            .find("\n+++\n")
            .map(|i| i + 1)
            .or_else(|| after_open.strip_suffix("\n+++").map(|s| s.len() + 1))
    };
    let close = close.ok_or(NoFrontMatter::NotClosed)?;
    Ok((close, (4 + close + 4).min(text.len())))
}

/// How many bytes of a paper's text are its front matter (with both `+++`
/// lines); the whole text when it has none that parses as such.
pub fn front_matter_len(text: &str) -> usize {
    front_matter_bounds(text).map_or(text.len(), |(_, body_start)| body_start)
}

/// Splits `+++` front matter from the body. Returns the TOML text, its byte
/// offset in the file, the body text and the 1-based line the body starts on.
fn split_front_matter(file: &SourceFile) -> Result<FrontMatterParts<'_>, Diagnostic> {
    let text: &str = &file.text;
    let (close, body_start) = match front_matter_bounds(text) {
        Ok(bounds) => bounds,
        Err(NoFrontMatter::NotOpened) => return Err(Diagnostic::error(
            "paper has no front matter",
        )
        .at(Location::at(file.path.clone(), 1, 1, 0))
        .hint(
            "start the file with a line `+++`, the paper's TOML fields, then another `+++` line",
        )),
        Err(NoFrontMatter::NotClosed) => {
            return Err(Diagnostic::error("front matter is not closed")
                .at(Location::at(file.path.clone(), 1, 1, 3))
                .hint("end the front matter with a line containing only `+++`"))
        }
    };
    let open = 4;
    let toml = &text[open..open + close];
    let body = &text[body_start..];
    let line = file.line_of(body_start);
    Ok((toml, open, body, line))
}

/// Papers and meetings parsed by an earlier build, kept by `serve` so that
/// a rebuild parses again only the files it read again: an entry is used
/// only when its files' texts are the very texts it was parsed from (the
/// same shared text, which [`crate::source::ReadCache`] hands back for a
/// file that did not change).
#[derive(Debug, Default)]
pub struct ParseCache {
    entries: std::sync::Mutex<rustc_hash::FxHashMap<Arc<str>, Parsed>>,
    /// Whole meetings (their file, papers and versions, assembled), by
    /// folder: a meeting none of whose files changed is taken as it was,
    /// its papers shared rather than copied.
    meetings: std::sync::Mutex<rustc_hash::FxHashMap<String, AssembledMeeting>>,
}

/// A meeting as assembled from its files (named and with their texts).
#[derive(Debug)]
struct AssembledMeeting {
    inputs: Vec<(Arc<str>, Arc<str>)>,
    meeting: Option<crate::model::Meeting>,
    diags: Diagnostics,
}

#[derive(Debug)]
struct Parsed {
    slug: String,
    text: Arc<str>,
    paper: Option<Paper>,
    diags: Diagnostics,
}

impl ParseCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets papers and meetings whose files are no longer in the site.
    pub fn retain(&self, paths: &rustc_hash::FxHashSet<&str>) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|k, _| paths.contains(&**k));
        drop(entries);
        let mut meetings = self.meetings.lock().unwrap_or_else(|p| p.into_inner());
        meetings.retain(|folder, _| paths.contains(format!("{folder}/_meeting.toml").as_str()));
    }

    /// The meeting in `folder` and its diagnostics, if it was assembled
    /// from exactly `inputs` (names and the very same texts).
    pub(super) fn meeting(
        &self,
        folder: &str,
        inputs: &[(Arc<str>, Arc<str>)],
    ) -> Option<(Option<crate::model::Meeting>, Diagnostics)> {
        let meetings = self.meetings.lock().unwrap_or_else(|p| p.into_inner());
        let hit = meetings.get(folder)?;
        let same = hit.inputs.len() == inputs.len()
            && hit
                .inputs
                .iter()
                .zip(inputs)
                .all(|(a, b)| a.0 == b.0 && Arc::ptr_eq(&a.1, &b.1));
        same.then(|| (hit.meeting.clone(), hit.diags.clone()))
    }

    pub(super) fn put_meeting(
        &self,
        folder: String,
        inputs: Vec<(Arc<str>, Arc<str>)>,
        meeting: Option<crate::model::Meeting>,
        diags: Diagnostics,
    ) {
        let mut meetings = self.meetings.lock().unwrap_or_else(|p| p.into_inner());
        meetings.insert(
            folder,
            AssembledMeeting {
                inputs,
                meeting,
                diags,
            },
        );
    }
}

/// [`parse_paper`], taking the result from `cache` when `file` is the very
/// text parsed before.
pub fn parse_paper_cached(
    slug: &str,
    file: &SourceFile,
    cache: Option<&ParseCache>,
    diags: &mut Diagnostics,
) -> Option<Paper> {
    let Some(cache) = cache else {
        return parse_paper(slug, file, diags);
    };
    {
        let entries = cache.entries.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(hit) = entries
            .get(&file.path)
            .filter(|e| e.slug == slug && Arc::ptr_eq(&e.text, &file.text))
        {
            diags.extend(hit.diags.clone());
            return hit.paper.clone();
        }
    }
    let mut own = Diagnostics::new();
    let paper = parse_paper(slug, file, &mut own);
    let mut entries = cache.entries.lock().unwrap_or_else(|p| p.into_inner());
    entries.insert(
        file.path.clone(),
        Parsed {
            slug: slug.to_string(),
            text: file.text.clone(),
            paper: paper.clone(),
            diags: own.clone(),
        },
    );
    drop(entries);
    diags.extend(own);
    paper
}

/// Parses the paper in `file` ([`parse_paper_cached`]), reading the file
/// first when it was deferred ([`SourceFile::deferred`]). A paper read that
/// way is marked [`Released`]: once its versions have been compared,
/// [`release_bodies`] keeps its body or drops it, by budget; a dropped
/// body is read again by [`reload`] when its pages are drawn.
pub(super) fn parse_paper_file(
    slug: &str,
    file: &SourceFile,
    cache: Option<&ParseCache>,
    diags: &mut Diagnostics,
) -> Option<Paper> {
    let (Some(on_disk), Some(read)) = (file.deferred_path(), file.read_deferred()) else {
        return parse_paper_cached(slug, file, cache, diags);
    };
    let read = match read {
        Ok(read) => read,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut paper = parse_paper(slug, &read, diags)?;
    paper.released = Some(Released {
        file: on_disk.to_path_buf(),
        digest: paper_digest(&read.path, &read.text),
        len: read.text.len(),
        held: false,
    });
    Some(paper)
}

/// How much paper text `build` keeps parsed between reading the papers and
/// drawing them: 96 MiB of files, which hold about 170 MB once parsed
/// (about 12,000 papers of the benchmark's 800 words). Papers past it are
/// parsed a second time when they are drawn, so memory stops growing with
/// the papers' text there; below it, each paper is parsed once.
pub(super) const KEPT_TEXT_BYTES: usize = 96 << 20;

/// What is left of the budget for keeping parsed paper bodies (see
/// [`KEPT_TEXT_BYTES`]), shared by the papers parsed in parallel.
#[derive(Debug)]
pub(super) struct BodyBudget(std::sync::atomic::AtomicUsize);

impl BodyBudget {
    /// A budget of `bytes` of paper files.
    pub(super) fn new(bytes: usize) -> Self {
        Self(std::sync::atomic::AtomicUsize::new(bytes))
    }

    /// Takes `bytes` from the budget if that much is left.
    fn take(&self, bytes: usize) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        self.0
            .fetch_update(Relaxed, Relaxed, |left| left.checked_sub(bytes))
            .is_ok()
    }
}

/// Keeps the body of `paper` and of each earlier version marked
/// [`Released`] while `budget` lasts, and drops the rest, so that their
/// text is no longer held. Which bodies are kept changes nothing that is
/// published: a dropped one is parsed again from the same text.
pub(super) fn release_bodies(paper: &mut Paper, budget: &BodyBudget) {
    let keep_or_drop = |version: &mut Paper| {
        if let Some(released) = &mut version.released {
            if budget.take(released.len) {
                released.held = true;
            } else {
                version.body = Default::default();
            }
        }
    };
    paper.earlier.iter_mut().for_each(keep_or_drop);
    keep_or_drop(paper);
}

/// The fingerprint of a paper file's path and text ([`PaperDigest::hash`]).
fn text_hash(path: &str, text: &str) -> u128 {
    crate::fingerprint::Fingerprint::new()
        .part(path.as_bytes())
        .part(text.as_bytes())
        .finish()
}

/// What an incremental rebuild needs to know of the paper file at `path`
/// with `text` (see [`PaperDigest`]).
pub fn paper_digest(path: &str, text: &str) -> PaperDigest {
    PaperDigest {
        hash: text_hash(path, text),
        front: crate::fingerprint::Fingerprint::new()
            .part(path.as_bytes())
            .part(
                text.get(..front_matter_len(text))
                    .unwrap_or(text)
                    .as_bytes(),
            )
            .finish(),
        links: paper_links(text).map(str::to_string).collect(),
    }
}

/// The `board/meeting/paper` keys a paper's text links to with
/// `{{ paper … }}`: the word after `paper`, up to `#`, `|`, a space or `}`.
/// Links are found in the source text, before Markdown is rendered, and
/// the renderer refuses a `{{ paper … }}` link that is not in the source
/// text as it is drawn (spelt with a backslash escape or a character
/// reference), so none is hidden from this.
fn paper_links(text: &str) -> impl Iterator<Item = &str> {
    memchr::memmem::find_iter(text.as_bytes(), b"{{").filter_map(move |i| {
        let rest = text[i + 2..].trim_start();
        let rest = rest.strip_prefix("paper")?;
        if !rest.starts_with(char::is_whitespace) {
            return None;
        }
        let rest = rest.trim_start();
        let end = rest
            .find(|c: char| c == '#' || c == '|' || c == '}' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = &rest[..end];
        (!key.is_empty()).then_some(key)
    })
}

/// `paper` with the bodies `release_bodies` dropped (its own and its
/// earlier versions') read and parsed again from their files, and none
/// marked [`Released`]. A file whose text is no longer the text parsed at
/// first is an error: the site would otherwise be published half from the
/// old text and half from the new.
pub fn reload(paper: &Paper) -> Result<Paper, Diagnostic> {
    let mut full = paper.clone();
    fill_body(&mut full)?;
    for version in &mut full.earlier {
        fill_body(version)?;
    }
    Ok(full)
}

fn fill_body(paper: &mut Paper) -> Result<(), Diagnostic> {
    let Some(released) = paper.released.take() else {
        return Ok(());
    };
    if released.held {
        return Ok(());
    }
    let changed = || {
        Diagnostic::error("file changed while the site was being built")
            .at(Location::file(paper.location.path.clone()))
            .hint("build again once the file is saved; nothing was written")
    };
    let file = SourceFile::read(&released.file, &paper.location.path)?;
    if text_hash(&file.path, &file.text) != released.digest.hash {
        return Err(changed());
    }
    // The same text parses to the same body; its problems were reported
    // when it was first parsed.
    let parsed = parse_paper(&paper.slug, &file, &mut Diagnostics::new()).ok_or_else(changed)?;
    paper.body = parsed.body;
    Ok(())
}

/// Parses one paper file. `slug` is its file name without `.md`.
pub fn parse_paper(slug: &str, file: &SourceFile, diags: &mut Diagnostics) -> Option<Paper> {
    crate::scaffold::placeholders::check(file, diags);
    let parts = match split_front_matter(file) {
        Ok(parts) => parts,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let paper = read_paper(slug, file, parts, diags);
    if paper.is_none() {
        check_body_alone(file, parts, diags);
    }
    paper
}

/// The body of a paper file and its first line, where its front matter
/// can be told from it (whatever mistakes are in it): for checking the
/// body's shortcodes when the paper could not be read.
pub(crate) fn body_alone(file: &SourceFile) -> Option<(String, u32)> {
    let (_, _, body, line) = split_front_matter(file).ok()?;
    Some((body.to_string(), line))
}

/// The body of a paper whose front matter has a mistake (so the paper was
/// not read) is still checked, so that a clerk hears of all the paper's
/// mistakes in one build: when its numbering and paragraph style can be
/// read from the front matter (as written, or left out), the body is
/// parsed for its diagnostics alone. When they cannot (the front matter is
/// not TOML, a value is misspelt, or a key looks like `numbering` or
/// `paragraphs` misspelt), the body is not guessed at: its numbers would be
/// checked by the wrong rules.
fn check_body_alone(file: &SourceFile, parts: FrontMatterParts<'_>, diags: &mut Diagnostics) {
    let (toml, _, body, body_line) = parts;
    let Ok(table) = toml.parse::<toml::Table>() else {
        return;
    };
    // A key misspelt from one that sets the body's rules (`numbring`,
    // `paragraph`): the rules the clerk meant are not known.
    if table.keys().any(|k| near_a_body_rule_key(k)) {
        return;
    }
    let text = |key: &str| table.get(key).map(|v| v.as_str());
    let numbering = match text("numbering") {
        None => Numbering::Auto,
        Some(Some("auto")) => Numbering::Auto,
        Some(Some("manual")) => Numbering::Manual,
        Some(_) => return,
    };
    let style = match text("paragraphs") {
        None => ParagraphStyle::Sectioned,
        Some(Some("sectioned")) => ParagraphStyle::Sectioned,
        Some(Some("flat")) => ParagraphStyle::Flat,
        Some(_) => return,
    };
    parse_body(
        &file.text,
        file.text.len() - body.len(),
        body_line,
        numbering,
        style,
        &file.path,
        diags,
    );
}

/// A paper's front-matter fields, as serde knows them (read once from the
/// error for a field it does not know, so the list is never out of step).
fn paper_fields() -> &'static [String] {
    static FIELDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FIELDS.get_or_init(crate::source::serde_fields::<RawPaper>)
}

/// The front matter's keys that set the rules a paper's body is read by.
const BODY_RULE_KEYS: [&str; 2] = ["numbering", "paragraphs"];

/// Whether `key`, not itself one of [`BODY_RULE_KEYS`], looks like one
/// misspelt: within two edits of it ("numbring", "Numbering",
/// "paragraph"), or a near match by the "did you mean" measure.
fn near_a_body_rule_key(key: &str) -> bool {
    !BODY_RULE_KEYS.contains(&key)
        && BODY_RULE_KEYS.iter().any(|rule| {
            strsim::damerau_levenshtein(&key.to_lowercase(), rule) <= 2
                || crate::diagnostics::did_you_mean(key, [*rule]).is_some()
        })
}

/// A paper's front matter (its TOML and where it starts) and body (its
/// text and first line), from [`split_front_matter`].
type FrontMatterParts<'t> = (&'t str, usize, &'t str, u32);

/// Reads a paper from its front matter and body; `None` when the front
/// matter has a mistake (reported), in which case the body was not parsed.
fn read_paper(
    slug: &str,
    file: &SourceFile,
    (toml, offset, body, body_line): FrontMatterParts<'_>,
    diags: &mut Diagnostics,
) -> Option<Paper> {
    let mut r = TomlReader::new(file, offset, diags).with_top_fields("paper", paper_fields());
    let raw: RawPaper = r.parse_every_field(toml)?;
    let file_loc = Location::file(file.path.clone());

    // Each field is read, and its mistake reported, before the paper is
    // given up: one mistake does not hide the next.
    let kind = r.choice(&raw.kind, "paper kind", &PaperKind::NAMES, PaperKind::parse);
    let date = r.date(&raw.date);
    let recommendation_style = match &raw.recommendation_style {
        Some(s) => r.choice(
            s,
            "recommendation style",
            &RecommendationStyle::NAMES,
            RecommendationStyle::parse,
        ),
        None => Some(RecommendationStyle::UpperRoman),
    };
    let numbering = match &raw.numbering {
        Some(s) => r.choice(s, "numbering", &["manual", "auto"], |v| match v {
            "manual" => Some(Numbering::Manual),
            "auto" => Some(Numbering::Auto),
            _ => None,
        }),
        None => Some(Numbering::Auto),
    };
    let paragraph_style = match &raw.paragraphs {
        Some(s) => r.choice(s, "paragraph style", &["sectioned", "flat"], |v| match v {
            "sectioned" => Some(ParagraphStyle::Sectioned),
            "flat" => Some(ParagraphStyle::Flat),
            _ => None,
        }),
        None => Some(ParagraphStyle::Sectioned),
    };
    let key_decision = match &raw.key_decision {
        Some(s) => r.choice(s, "answer", &YesNo::NAMES, YesNo::parse),
        None => Some(YesNo::NotStated),
    };
    let impact_assessments = match &raw.impact_assessments {
        None => Some(None),
        Some(i) => {
            let mut answer = |v: &Option<Spanned<String>>| match v {
                Some(s) => r.choice(s, "answer", &YesNo::NAMES, YesNo::parse),
                None => Some(YesNo::NotStated),
            };
            let equality = answer(&i.equality);
            let privacy = answer(&i.privacy);
            equality.zip(privacy).map(|(equality, privacy)| {
                Some(ImpactAssessments {
                    equality,
                    privacy,
                    note: i.note.clone(),
                })
            })
        }
    };

    let access = match &raw.status {
        None => Access::Public,
        Some(st) => {
            let is_exempt = match &st.access {
                Some(a) => r.choice(a, "access", &["public", "exempt"], |v| match v {
                    "public" => Some(false),
                    "exempt" => Some(true),
                    _ => None,
                })?,
                None => false,
            };
            if is_exempt {
                let paragraph = match &st.exempt_paragraph {
                    Some(p) if (1..=7).contains(p.get_ref()) => *p.get_ref(),
                    Some(p) => {
                        return r.error_at(
                            p,
                            Diagnostic::error(format!("exempt_paragraph {} is not a paragraph of Schedule 12A", p.get_ref()))
                                .hint("Local Government Act 1972, Schedule 12A, Part 1 has paragraphs 1 to 7"),
                        );
                    }
                    None => {
                        r.diags.push(
                            Diagnostic::error("exempt paper without an exemption paragraph")
                                .at(file_loc.clone())
                                .hint("add status.exempt_paragraph = 1–7 (Local Government Act 1972, Schedule 12A)"),
                        );
                        0
                    }
                };
                let reason = match &st.reason {
                    Some(reason) if !reason.trim().is_empty() => reason.clone(),
                    _ => {
                        r.diags.push(
                            Diagnostic::error("exempt paper without a reason")
                                .at(file_loc.clone())
                                .hint("add status.reason: why the public interest in withholding the information outweighs disclosing it"),
                        );
                        String::new()
                    }
                };
                Access::Exempt { paragraph, reason }
            } else {
                Access::Public
            }
        }
    };

    let revision = match &raw.revision {
        None => Revision::default(),
        Some(rv) => {
            let date = match &rv.date {
                Some(d) => Some(r.date(d)?),
                None => None,
            };
            Revision {
                number: 0,
                label: rv.label.clone(),
                date: date.as_ref().map(|d| d.value),
                date_location: date.map(|d| d.location),
                note: rv.note.clone(),
                changes: None,
            }
        }
    };
    let (
        Some(kind),
        Some(Located {
            value: date,
            location: date_location,
        }),
        Some(recommendation_style),
        Some(numbering),
        Some(paragraph_style),
        Some(key_decision),
        Some(impact_assessments),
    ) = (
        kind,
        date,
        recommendation_style,
        numbering,
        paragraph_style,
        key_decision,
        impact_assessments,
    )
    else {
        return None;
    };
    let decisions = decisions(&mut r, kind, &raw.decisions);
    let plans = raw.plans.iter().map(|p| r.located(p)).collect();
    let appendices = raw.appendices.iter().map(|p| r.located(p)).collect();

    let background_papers = match (raw.background_papers, raw.background_papers_none) {
        (Some(list), _) => Some(
            list.into_iter()
                .map(|b| BackgroundPaper {
                    title: b.title,
                    url: b.url,
                })
                .collect(),
        ),
        (None, Some(true)) => None,
        (None, _) => Some(Vec::new()),
    };
    let contacts: Vec<Contact> = raw
        .contacts
        .into_iter()
        .map(|c| Contact {
            name: c.name,
            role: c.role,
            organisation: c.organisation,
            email: c.email,
            phone: c.phone,
        })
        .collect();

    // Statutory completeness: a report must say who to contact, what it
    // recommends and what it relied on (Local Government Act 1972 s.100D),
    // or say why the published paper does not.
    let np = raw.not_published.as_ref();
    if kind.is_report() && matches!(access, Access::Public) {
        let missing = |what: &str, hint: &str| {
            Diagnostic::error(format!("board paper has no {what}"))
                .at(file_loc.clone())
                .hint(hint.to_string())
        };
        if contacts.is_empty() && np.and_then(|n| n.contacts.as_ref()).is_none() {
            r.diags.push(missing("contact officer", "add [[contacts]] with a name, or not_published.contacts = \"why the published paper has none\""));
        }
        if raw.recommendations.is_empty() && np.and_then(|n| n.recommendations.as_ref()).is_none() {
            r.diags.push(missing(
                "recommendations",
                "add recommendations = [\"…\"], or not_published.recommendations = \"why\"",
            ));
        }
        if matches!(&background_papers, Some(v) if v.is_empty())
            && np.and_then(|n| n.background_papers.as_ref()).is_none()
        {
            r.diags.push(missing("background papers list", "list them in [[background_papers]], or write background_papers_none = true when there are none"));
        }
        if raw.from.is_none() && np.and_then(|n| n.from.as_ref()).is_none() {
            r.diags.push(missing(
                "\"from\" line",
                "add from = \"who the report is from\", or not_published.from = \"why\"",
            ));
        }
    }

    let body = parse_body(
        &file.text,
        file.text.len() - body.len(),
        body_line,
        numbering,
        paragraph_style,
        &file.path,
        r.diags,
    );

    let not_published = np
        .map(|n| NotPublished {
            from: n.from.clone(),
            contacts: n.contacts.clone(),
            background_papers: n.background_papers.clone(),
            recommendations: n.recommendations.clone(),
        })
        .unwrap_or_default();

    Some(Paper {
        slug: slug.to_string(),
        title: raw.title,
        kind,
        item: raw.item,
        from: raw.from,
        to: raw.to,
        date,
        date_location,
        date_note: raw.date_note,
        summary: raw.summary,
        recommendations_intro: raw.recommendations_intro,
        recommendations: raw.recommendations,
        recommendation_style,
        numbering,
        paragraph_style,
        key_decision,
        key_decision_note: raw.key_decision_note,
        wards: raw.wards,
        plans,
        appendices,
        appendix_label: raw.appendix_label,
        access,
        contacts,
        background_papers,
        impact_assessments,
        notes: raw.notes,
        not_published,
        decisions,
        targets: crate::model::Targets::of(&body),
        body: Arc::new(body),
        released: None,
        revision,
        earlier: Vec::new(),
        location: file_loc,
    })
}

/// The decisions a minutes paper records, each checked for shape (which
/// papers and recommendations they name is checked once the whole meeting
/// is loaded, in `validate`). Decisions in any other kind of paper are an
/// error.
fn decisions(r: &mut TomlReader<'_>, kind: PaperKind, raw: &[RawDecision]) -> Vec<Decision> {
    if kind != PaperKind::Minutes {
        if let Some(first) = raw.first() {
            let _: Option<()> = r.error_at(
                &first.paper,
                Diagnostic::error("decisions in a paper that is not minutes").hint(
                    "decisions are recorded in the meeting's minutes: a paper with kind = \"minutes\" in the meeting's folder",
                ),
            );
        }
        return Vec::new();
    }
    let mut out = Vec::new();
    for d in raw {
        let Some(outcome) = r.choice(
            &d.outcome,
            "decision outcome",
            &Outcome::NAMES,
            Outcome::parse,
        ) else {
            continue;
        };
        let recommendation = match &d.recommendation {
            None => None,
            Some(v) => {
                let value = match v.get_ref() {
                    toml::Value::Integer(n) => Some(RecommendationRef::Position(*n)),
                    toml::Value::String(t) if !t.trim().is_empty() => {
                        Some(RecommendationRef::Numeral(t.trim().to_string()))
                    }
                    _ => None,
                };
                let Some(value) = value else {
                    let _: Option<()> = r.error_at(
                        v,
                        Diagnostic::error("a recommendation is named by its number or its numeral")
                            .hint("write recommendation = 2, or the numeral as the paper prints it: recommendation = \"II\""),
                    );
                    continue;
                };
                Some(Located {
                    value,
                    location: r.loc_of(v),
                })
            }
        };
        let amended_wording = r.opt_text(&d.amended_wording, "amended_wording");
        match (outcome, &d.amended_wording) {
            (Outcome::Amended, None) => {
                let _: Option<()> = r.error_at(
                    &d.outcome,
                    Diagnostic::error("an amended decision without its amended wording").hint(
                        "add amended_wording = \"…\": the recommendation as the meeting agreed it",
                    ),
                );
                continue;
            }
            (Outcome::Amended, _) | (_, None) => {}
            (_, Some(w)) => {
                let _: Option<()> = r.error_at(
                    w,
                    Diagnostic::error(format!(
                        "amended wording on a decision that is {}",
                        outcome.label().to_lowercase()
                    ))
                    .hint("write outcome = \"amended\" if the meeting changed the wording; otherwise put the minute's words in resolution"),
                );
                continue;
            }
        }
        out.push(Decision {
            minute: d.minute.clone(),
            paper: r.located(&d.paper),
            recommendation,
            outcome,
            amended_wording,
            resolution: d.resolution.clone(),
            note: d.note.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_papers_fields_are_read_from_serde() {
        let fields = paper_fields();
        for f in ["title", "background_papers_none", "contacts", "decisions"] {
            assert!(fields.iter().any(|x| x == f), "{f}: {fields:?}");
        }
    }

    #[test]
    fn a_key_near_a_body_rule_key_is_taken_for_it_misspelt() {
        for key in [
            "numbring",
            "Numbering",
            "numberng",
            "paragraph",
            "paragrahs",
            "Paragraphs",
        ] {
            assert!(near_a_body_rule_key(key), "{key}");
        }
        // None of the paper's own keys is, whatever keys it gains: the
        // list is serde's (a new key near one of these would silently
        // switch the body check off).
        assert!(paper_fields().len() > 20, "{:?}", paper_fields());
        for key in paper_fields() {
            assert!(!near_a_body_rule_key(key), "{key}");
        }
    }
    use super::*;

    #[test]
    fn finds_the_papers_a_text_links_to() {
        let text = "See {{ paper kent-hwb/2016-01-27/bcf#para-4-5 }} and {{paper a/b/c}}, \
                    {{ ref 4.5 }}, {{ paper x/y/z|4.5 }} and {{ papers }}.";
        let keys: Vec<&str> = paper_links(text).collect();
        assert_eq!(keys, ["kent-hwb/2016-01-27/bcf", "a/b/c", "x/y/z"]);
    }

    const MINIMAL: &str = "+++\ntitle = \"T\"\nkind = \"position-statement\"\ndate = 2016-01-27\nnumbering = \"manual\"\n+++\n\n## 1. Intro\n\n1.1 Text.\n";

    #[test]
    fn the_parse_cache_replays_a_papers_result_and_diagnostics_for_the_same_text() {
        let cache = ParseCache::new();
        let bad = SourceFile::new("p.md", MINIMAL.replace("title", "titl"));
        let parse = |f: &SourceFile| {
            let mut d = Diagnostics::new();
            let p = parse_paper_cached("p", f, Some(&cache), &mut d);
            (
                p.map(|p| p.title),
                d.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            )
        };
        let first = parse(&bad);
        assert!(first.0.is_none() && !first.1.is_empty(), "{first:?}");
        assert_eq!(parse(&bad), first);
        // The same text read again (a new file) is parsed again.
        let good = SourceFile::new("p.md", MINIMAL);
        assert_eq!(parse(&good), (Some("T".to_string()), Vec::new()));
        let renamed = SourceFile::new("p.md", MINIMAL.replace("\"T\"", "\"U\""));
        assert_eq!(parse(&renamed).0.as_deref(), Some("U"));
    }

    #[test]
    fn a_body_is_kept_while_the_budget_lasts_and_let_go_after() {
        let dir = tempfile::tempdir().expect("temp dir");
        let read = |name: &str| {
            let path = dir.path().join(format!("{name}.md"));
            std::fs::write(&path, MINIMAL).expect("write");
            let deferred = SourceFile::deferred(&path, &format!("content/boards/b/m/{name}.md"));
            let mut d = Diagnostics::new();
            parse_paper_file(name, &deferred, None, &mut d).expect("parses")
        };
        let (mut first, mut second) = (read("a"), read("b"));
        let whole = first.body.clone();
        assert!(!whole.sections.is_empty());
        // Room for one of the two files.
        let budget = BodyBudget::new(MINIMAL.len() + MINIMAL.len() / 2);
        release_bodies(&mut first, &budget);
        release_bodies(&mut second, &budget);
        assert_eq!(first.body, whole);
        assert!(first.released.as_ref().is_some_and(|r| r.held));
        assert!(!Released::let_go(&first.released));
        assert!(second.body.sections.is_empty());
        assert!(Released::let_go(&second.released));
        // Both are drawn from the same body, the kept one without reading
        // its file again: it is gone, and the kept body is still given.
        std::fs::remove_file(dir.path().join("a.md")).expect("remove");
        assert_eq!(reload(&first).expect("kept").body, whole);
        assert_eq!(reload(&second).expect("read again").body, whole);
    }

    #[test]
    fn a_released_body_is_read_again_and_a_file_changed_meanwhile_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.md");
        let text = MINIMAL.replace("## 1. Intro", "## 1. Intro {#intro}");
        std::fs::write(&path, &text).expect("write");
        let deferred = SourceFile::deferred(&path, "content/boards/b/m/p.md");
        let mut d = Diagnostics::new();
        let mut paper = parse_paper_file("p", &deferred, None, &mut d).expect("parses");
        assert!(d.is_empty(), "{d:?}");
        let whole = paper.body.clone();
        release_bodies(&mut paper, &BodyBudget::new(0));
        assert!(paper.body.sections.is_empty() && paper.released.is_some());
        // Links into the paper still resolve without its body.
        assert_eq!(
            paper.targets.resolve("intro"),
            Some(("section-1".to_string(), "section 1".to_string()))
        );
        let full = reload(&paper).expect("reads again");
        assert_eq!((full.body, full.released), (whole, None));
        std::fs::write(&path, text.replace("Text", "Test")).expect("write");
        let e = reload(&paper).expect_err("the text changed");
        assert_eq!(
            e.to_string(),
            "content/boards/b/m/p.md: error: file changed while the site was being built"
        );
    }

    #[test]
    fn splits_front_matter_and_locates_the_body() {
        let f = SourceFile::new("p.md", MINIMAL);
        let mut d = Diagnostics::new();
        let p = parse_paper("p", &f, &mut d).expect("parses");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(p.title, "T");
        assert_eq!(p.body.sections.len(), 1);
    }

    #[test]
    fn reports_unknown_front_matter_fields_at_their_line() {
        let f = SourceFile::new("p.md", MINIMAL.replace("title", "titl"));
        let mut d = Diagnostics::new();
        assert!(parse_paper("p", &f, &mut d).is_none());
        let first = d.iter().next().expect("a diagnostic");
        assert_eq!(first.message, "unknown field \"titl\"");
        assert_eq!(first.location.as_ref().map(|l| l.line), Some(2));
        assert_eq!(first.hint.as_deref(), Some("did you mean \"title\"?"));
    }

    /// The tester's paper had `recomendation_style` misspelt and `wards`
    /// written under `[status]`: only the first was reported, the second
    /// a build later. Every unknown field is reported at once.
    #[test]
    fn reports_every_unknown_front_matter_field_at_once() {
        let text = "+++\ntitle = \"T\"\nkind = \"position-statement\"\ndate = 2016-01-27\nrecomendation_style = \"decimal\"\nnumbering = \"manual\"\n\n[status]\naccess = \"public\"\nwards = [\"All\"]\n+++\n\n## 1. Intro\n\n1.1 Text.\n";
        let f = SourceFile::new("p.md", text);
        let mut d = Diagnostics::new();
        assert!(parse_paper("p", &f, &mut d).is_none(), "{text}");
        let said: Vec<(String, Option<u32>)> = d
            .iter()
            .map(|d| (d.message.clone(), d.location.as_ref().map(|l| l.line)))
            .collect();
        assert_eq!(
            said,
            [
                ("unknown field \"recomendation_style\"".to_string(), Some(5)),
                ("unknown field \"wards\"".to_string(), Some(10)),
            ],
            "{text}"
        );
        let wards = d
            .iter()
            .nth(1)
            .and_then(|d| d.hint.clone())
            .unwrap_or_default();
        assert!(wards.contains("move it above [status]"), "{wards}");
    }

    /// A paper's field after its second `[[contacts]]` entry: moving it
    /// above that one would move it into the first, so the hint names the
    /// first table of the paper.
    #[test]
    fn a_field_after_two_entries_is_told_to_move_above_the_first() {
        let text = "+++\ntitle = \"T\"\nkind = \"position-statement\"\ndate = 2016-01-27\n\n[[contacts]]\nname = \"A\"\n\n[[ contacts ]]\nname = \"B\"\nbackground_papers_none = true\n+++\n\n## 1. Intro\n\n1.1 Text.\n";
        let f = SourceFile::new("p.md", text);
        let mut d = Diagnostics::new();
        assert!(parse_paper("p", &f, &mut d).is_none(), "{text}");
        let hint = d
            .iter()
            .find(|d| d.message == "unknown field \"background_papers_none\"")
            .and_then(|d| d.hint.clone())
            .unwrap_or_default();
        assert_eq!(
            hint,
            "`background_papers_none` is a field of the paper, but this line comes after [[ contacts ]] (line 9), so TOML reads it as part of that entry: move it above [[contacts]] (line 6), before the paper's first table"
        );
    }

    #[test]
    fn rejects_a_paper_without_front_matter() {
        let f = SourceFile::new("p.md", "# Hello\n");
        let mut d = Diagnostics::new();
        assert!(parse_paper("p", &f, &mut d).is_none());
        assert_eq!(
            d.iter().next().map(|x| x.message.as_str()),
            Some("paper has no front matter")
        );
    }
}

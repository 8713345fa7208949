//! Boards and meetings: `_board.toml`, `_meeting.toml`, and assembling the
//! papers of each meeting into agenda order.

use super::paper::{parse_paper_file, release_bodies, BodyBudget, ParseCache};
use super::{is_slug, ParsedBefore};
use crate::cache::ParsedMeetings;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{Board, Located, Meeting, MeetingDate, MeetingStatus, PartialDate};
use crate::source::{SourceFile, Spanned, TomlReader};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Default)]
pub(super) struct MeetingParts<'a> {
    pub(super) meeting: Option<&'a SourceFile>,
    pub(super) papers: Vec<(String, &'a SourceFile)>,
    /// Earlier versions: (paper slug, version number, file).
    pub(super) versions: Vec<(String, u32, &'a SourceFile)>,
}

impl<'a> MeetingParts<'a> {
    /// Every file of the meeting: its meeting file, papers and versions.
    fn files(&self) -> impl Iterator<Item = &'a SourceFile> + '_ {
        self.meeting
            .into_iter()
            .chain(self.papers.iter().map(|(_, f)| *f))
            .chain(self.versions.iter().map(|(_, _, f)| *f))
    }
}

#[derive(Default)]
pub(super) struct BoardParts<'a> {
    pub(super) board: Option<&'a SourceFile>,
    pub(super) meetings: BTreeMap<String, MeetingParts<'a>>,
}

/// The files of meeting `meeting` of board `board`, gathered so far.
pub(super) fn meeting_parts<'m, 'a>(
    boards: &'m mut BTreeMap<String, BoardParts<'a>>,
    board: &str,
    meeting: &str,
) -> &'m mut MeetingParts<'a> {
    boards
        .entry(board.to_string())
        .or_default()
        .meetings
        .entry(meeting.to_string())
        .or_default()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBoard {
    name: String,
    owner: Option<String>,
    remit: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeeting {
    date: Spanned<toml::Value>,
    date_note: Option<Spanned<String>>,
    date_inferred: Option<Spanned<String>>,
    time: Option<String>,
    venue: Option<String>,
    status: Option<Spanned<String>>,
    contact: Option<RawMeetingContact>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeetingContact {
    name: String,
    role: Option<String>,
    organisation: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

/// A meeting file's fields, as serde knows them (read once from the error
/// for a field it does not know, so the list is never out of step).
fn meeting_fields() -> &'static [String] {
    static FIELDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FIELDS.get_or_init(crate::source::serde_fields::<RawMeeting>)
}

fn folder_location(path: String) -> Location {
    Location::file(path.into())
}

pub(super) fn assemble(
    parts: BTreeMap<String, BoardParts<'_>>,
    before: ParsedBefore<'_>,
    budget: &BodyBudget,
    diags: &mut Diagnostics,
) -> Vec<Board> {
    let mut boards = Vec::new();
    for (slug, parts) in parts {
        let folder = format!("content/boards/{slug}");
        if !is_slug(&slug) {
            diags.push(
                Diagnostic::error(format!("board folder \"{slug}\" is not a slug"))
                    .at(folder_location(folder.clone()))
                    .hint("rename it with lower-case letters, digits and hyphens, e.g. kent-hwb"),
            );
            continue;
        }
        let Some(file) = parts.board else {
            diags.push(
                Diagnostic::error("board folder has no _board.toml")
                    .at(folder_location(folder))
                    .hint("add _board.toml with at least `name = \"…\"`"),
            );
            continue;
        };
        let mut r = TomlReader::new(file, 0, diags);
        let Some(raw) = r.parse_every_field::<RawBoard>(&file.text.clone()) else {
            continue;
        };
        // Meetings (and their papers) parse independently: in parallel,
        // each with its own diagnostics, gathered in folder order.
        let parsed: Vec<(Option<Meeting>, Diagnostics)> = parts
            .meetings
            .into_par_iter()
            .map(|(mslug, mparts)| {
                let mut d = Diagnostics::new();
                let m = meeting(&slug, &mslug, mparts, before, budget, &mut d);
                (m, d)
            })
            .collect();
        let mut meetings = Vec::new();
        for (m, d) in parsed {
            diags.extend(d);
            meetings.extend(m);
        }
        meetings.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.slug.cmp(&b.slug)));
        check_duplicate_meetings(&meetings, diags);
        boards.push(Board {
            slug,
            name: raw.name,
            owner: raw.owner,
            remit: raw.remit,
            meetings,
            location: Location::file(file.path.clone()),
        });
    }
    boards
}

/// Two meetings of one board on the same date (and at the same time, or
/// with no time given) are one meeting filed twice.
fn check_duplicate_meetings(meetings: &[Meeting], diags: &mut Diagnostics) {
    for pair in meetings.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let Some(date) = a.date.iso() else {
            // Meetings whose dates are not stated are told apart by folder.
            continue;
        };
        if a.date == b.date && (a.time == b.time || a.time.is_none() || b.time.is_none()) {
            diags.push(
                Diagnostic::error(format!(
                    "two meetings on {date}: folders \"{}\" and \"{}\"",
                    a.slug,
                    b.slug
                ))
                .at(b.location.clone())
                .hint("merge the papers into one meeting folder; a board that really meets twice that day needs a different `time` on each"),
            );
        }
    }
}

/// [`assemble_meeting`], or the meeting as it was parsed before when none
/// of its files changed.
fn meeting(
    board: &str,
    slug: &str,
    parts: MeetingParts<'_>,
    before: ParsedBefore<'_>,
    budget: &BodyBudget,
    diags: &mut Diagnostics,
) -> Option<Meeting> {
    let cache = match before {
        ParsedBefore::Nothing => return assemble_meeting(board, slug, parts, None, budget, diags),
        ParsedBefore::Stored(stored) => {
            return stored_meeting(board, slug, parts, stored, budget, diags)
        }
        ParsedBefore::Memo(cache) => cache,
    };
    let folder = format!("content/boards/{board}/{slug}");
    // Each file by its path (which names the paper and version) and text.
    let inputs: Vec<(std::sync::Arc<str>, std::sync::Arc<str>)> = parts
        .files()
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    if let Some((meeting, d)) = cache.meeting(&folder, &inputs) {
        diags.extend(d);
        return meeting;
    }
    let mut own = Diagnostics::new();
    let meeting = assemble_meeting(board, slug, parts, Some(cache), budget, &mut own);
    cache.put_meeting(folder, inputs, meeting.clone(), own.clone());
    diags.extend(own);
    meeting
}

/// [`assemble_meeting`], or the meeting the last build kept in its cache
/// (`build`) when its files are the very files it was parsed from.
fn stored_meeting(
    board: &str,
    slug: &str,
    parts: MeetingParts<'_>,
    stored: &ParsedMeetings,
    budget: &BodyBudget,
    diags: &mut Diagnostics,
) -> Option<Meeting> {
    let folder = format!("content/boards/{board}/{slug}");
    let inputs = stored.inputs(parts.files());
    if let Some(meeting) = stored.take(board, &folder, &inputs) {
        // Its papers count as read: the cache vouches for them.
        parts.files().for_each(SourceFile::taken_as_parsed);
        return Some(meeting);
    }
    let mut own = Diagnostics::new();
    let meeting = assemble_meeting(board, slug, parts, None, budget, &mut own);
    if let (Some(m), true) = (&meeting, own.is_empty()) {
        stored.put(board, &folder, inputs, m);
    }
    diags.extend(own);
    meeting
}

/// Reads a meeting's `_meeting.toml` and its papers and earlier versions
/// into a [`Meeting`], papers in agenda order.
fn assemble_meeting(
    board: &str,
    slug: &str,
    parts: MeetingParts<'_>,
    cache: Option<&ParseCache>,
    budget: &BodyBudget,
    diags: &mut Diagnostics,
) -> Option<Meeting> {
    let folder = format!("content/boards/{board}/{slug}");
    if !is_slug(slug) {
        diags.push(
            Diagnostic::error(format!("meeting folder \"{slug}\" is not a slug"))
                .at(folder_location(folder))
                .hint("name a meeting folder by its date, e.g. 2016-01-27 (or, when the date is not stated, by a slug of your choice, e.g. undated-winter-meeting)"),
        );
        return None;
    }
    if slug == "decisions" {
        diags.push(
            Diagnostic::error("a meeting folder cannot be named \"decisions\"")
                .at(folder_location(folder))
                .hint("boards/<board>/decisions/ is the address of the board's decisions list; name the folder by the meeting's date or another slug"),
        );
        return None;
    }
    let Some(file) = parts.meeting else {
        diags.push(
            Diagnostic::error("meeting folder has no _meeting.toml")
                .at(folder_location(folder))
                .hint("add _meeting.toml with at least `date = YYYY-MM-DD`"),
        );
        return None;
    };
    let header = meeting_header(
        &mut TomlReader::new(file, 0, diags).with_top_fields("meeting", meeting_fields()),
        file,
        slug,
    );
    // The papers are read even when the meeting file has a mistake, so
    // that theirs are reported with it.
    let mut papers = Vec::new();
    for (pslug, pfile) in parts.papers {
        if !is_slug(&pslug) {
            diags.push(
                Diagnostic::error(format!("paper file name \"{pslug}.md\" is not a slug"))
                    .at(Location::file(pfile.path.clone()))
                    .hint("rename it with lower-case letters, digits and hyphens, e.g. pooled-budget.md"),
            );
            continue;
        }
        if let Some(p) = parse_paper_file(&pslug, pfile, cache, diags) {
            papers.push(p);
        }
    }
    attach_versions(&mut papers, parts.versions, cache, diags);
    let MeetingHeader {
        raw,
        date,
        date_note,
        date_inferred,
        status,
    } = header?;
    papers.iter_mut().for_each(|p| release_bodies(p, budget));
    papers.sort_by(|a, b| {
        a.item
            .unwrap_or(u32::MAX)
            .cmp(&b.item.unwrap_or(u32::MAX))
            .then_with(|| a.title.cmp(&b.title))
    });
    Some(Meeting {
        slug: slug.to_string(),
        date: date.value,
        date_note,
        date_inferred,
        time: raw.time,
        venue: raw.venue,
        status,
        contact: raw.contact.map(|c| crate::model::Contact {
            name: c.name,
            role: c.role,
            organisation: c.organisation,
            email: c.email,
            phone: c.phone,
        }),
        papers: papers.into_iter().map(std::sync::Arc::new).collect(),
        location: Location::file(file.path.clone()),
    })
}

/// What `_meeting.toml` says of its meeting, read and checked.
struct MeetingHeader {
    raw: RawMeeting,
    date: Located<MeetingDate>,
    date_note: Option<String>,
    date_inferred: Option<String>,
    status: MeetingStatus,
}

/// Reads `_meeting.toml` (`file`, read by `r`) of the meeting in folder
/// `slug`; `None` when it has a mistake (reported).
fn meeting_header(r: &mut TomlReader<'_>, file: &SourceFile, slug: &str) -> Option<MeetingHeader> {
    let raw: RawMeeting = r.parse_every_field(&file.text.clone())?;
    let date = meeting_date(r, &raw.date)?;
    let date_note = r.opt_text(&raw.date_note, "date_note");
    let date_inferred = r.opt_text(&raw.date_inferred, "date_inferred");
    check_meeting_date(r, slug, &date, date_note.is_some());
    if let (MeetingDate::NotStated, Some(how)) = (date.value, &raw.date_inferred) {
        // An inferred date is a date: "not stated" and "inferred" cannot
        // both be true of one meeting.
        let at = r.loc_of(how);
        r.diags.push(
            Diagnostic::error("meeting date is \"not-stated\" but has a date_inferred")
                .hint("an inferred date is a date: either give the date you worked out (date = 2017-03-14, \"2017-03\" or \"2017\") with date_inferred saying how, or keep date = \"not-stated\" and drop date_inferred")
                .at(at),
        );
    }
    let status = match &raw.status {
        Some(s) => r.choice(
            s,
            "meeting status",
            &MeetingStatus::NAMES,
            MeetingStatus::parse,
        )?,
        None => MeetingStatus::Scheduled,
    };
    Some(MeetingHeader {
        raw,
        date,
        date_note,
        date_inferred,
        status,
    })
}

/// What `date` in `_meeting.toml` may be: a date at any precision
/// ([`TomlReader::date`]) or `"not-stated"`.
fn meeting_date(r: &mut TomlReader<'_>, v: &Spanned<toml::Value>) -> Option<Located<MeetingDate>> {
    if let toml::Value::String(s) = v.get_ref() {
        let text = s.trim();
        if text == MeetingDate::NOT_STATED {
            return Some(Located {
                value: MeetingDate::NotStated,
                location: r.loc_of(v),
            });
        }
        if PartialDate::parse(text).is_none() {
            return r.error_at(
                v,
                Diagnostic::error(format!("impossible or malformed meeting date \"{text}\""))
                    .hint(match crate::source::day_first(text) {
                        Some(day) => format!(
                            "write date = {}: dates are written year, month, day (YYYY-MM-DD)",
                            day.format("%Y-%m-%d")
                        ),
                        None => "write the date as 2016-01-27, \"2016-01\" or \"2016\" (as much as the source gives), or \"not-stated\" when it gives none".to_string(),
                    }),
            );
        }
    }
    let d = r.date(v)?;
    Some(Located {
        value: MeetingDate::Known(d.value),
        location: d.location,
    })
}

/// A meeting's folder name must not contradict its date, and a date that
/// is not a full date needs a `date_note` saying why.
fn check_meeting_date(
    r: &mut TomlReader<'_>,
    slug: &str,
    date: &Located<MeetingDate>,
    has_note: bool,
) {
    // A folder named like a date must be that date, so addresses never lie.
    if let Some(folder_date) = PartialDate::parse(slug) {
        if date.value != MeetingDate::Known(folder_date) {
            r.diags.push(
                Diagnostic::error(format!(
                    "meeting date {} does not match its folder name \"{slug}\"",
                    date.value.written()
                ))
                .at(date.location.clone())
                .hint(if date.value == MeetingDate::NotStated {
                    "a meeting whose date is not stated needs a folder name that is not a date, e.g. undated-winter-meeting"
                } else {
                    "rename the folder or correct the date; the folder name is the meeting's address"
                }),
            );
        }
    }
    if has_note {
        return;
    }
    match date.value {
        MeetingDate::Known(d) if d.day().is_some() => {}
        MeetingDate::Known(_) => r.diags.push(
            Diagnostic::error("meeting date is not a full date and has no date_note")
                .at(date.location.clone())
                .hint("say why the exact date is not known, e.g. date_note = \"The published paper does not give the date.\""),
        ),
        MeetingDate::NotStated => r.diags.push(
            Diagnostic::error("meeting date is not stated and has no date_note")
                .at(date.location.clone())
                .hint("say why the date is not known, e.g. date_note = \"The published minutes do not give the date.\""),
        ),
    }
}

/// Attaches `<slug>.vN.md` files to their paper as its earlier versions and
/// numbers every version: v1, v2 … and the current file last.
fn attach_versions(
    papers: &mut [crate::model::Paper],
    mut versions: Vec<(String, u32, &SourceFile)>,
    cache: Option<&ParseCache>,
    diags: &mut Diagnostics,
) {
    versions.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    for (slug, number, file) in versions {
        let loc = Location::file(file.path.clone());
        let Some(paper) = papers.iter_mut().find(|p| p.slug == slug) else {
            diags.push(
                Diagnostic::error(format!(
                    "earlier version of a paper \"{slug}\" that does not exist"
                ))
                .at(loc)
                .hint(format!(
                    "the current version must be {slug}.md in the same meeting folder; versions are {slug}.v1.md, {slug}.v2.md …"
                )),
            );
            continue;
        };
        let expected = paper.earlier.len() as u32 + 1;
        if number != expected {
            diags.push(
                Diagnostic::error(format!(
                    "version {number} of \"{slug}\" follows version {}",
                    expected - 1
                ))
                .at(loc)
                .hint(format!(
                    "number versions 1, 2, 3 … without gaps; this file should be {slug}.v{expected}.md"
                )),
            );
            continue;
        }
        let Some(mut version) = parse_paper_file(&slug, file, cache, diags) else {
            continue;
        };
        version.revision.number = number;
        paper.earlier.push(version);
    }
    for p in papers.iter_mut() {
        p.revision.number = p.earlier.len() as u32 + 1;
        record_changes(p);
        check_version_dates(p, diags);
    }
}

/// Versions are numbered in the order they were published, so none may be
/// dated before the one it follows. Two `revision.date`s out of order are
/// an error (the history would read "Version 1 published 28 January;
/// Version 2 published 25 January"). When one of the two has no
/// `revision.date` it is dated by the paper's `date`, which is often the
/// meeting's date rather than the day the version was published: that is
/// a warning.
fn check_version_dates(paper: &crate::model::Paper, diags: &mut Diagnostics) {
    let dated = |v: &crate::model::Paper| match (v.revision.date, &v.revision.date_location) {
        (Some(d), Some(at)) => (d, at.clone(), true),
        _ => (v.date, v.date_location.clone(), false),
    };
    let name = |v: &crate::model::Paper| {
        if std::ptr::eq(v, paper) {
            format!("version {} (current)", v.revision.number)
        } else {
            format!("version {}", v.revision.number)
        }
    };
    let field = |stated: bool| if stated { "revision.date" } else { "date" };
    let versions: Vec<&crate::model::Paper> = paper.versions().collect();
    for pair in versions.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        let (early, early_at, early_stated) = dated(before);
        let (late, late_at, late_stated) = dated(after);
        if !late.surely_before(early) {
            continue;
        }
        let both = early_stated && late_stated;
        let message = format!(
            "{} of \"{}\" is dated {}, after {}, which follows it ({}, {} at {})",
            name(before),
            paper.slug,
            early.long(),
            name(after),
            late.long(),
            field(late_stated),
            late_at,
        );
        let hint = if both {
            "versions are numbered in the order they were published: correct whichever revision.date is wrong".to_string()
        } else {
            "a version without revision.date is dated by its date (often the meeting's): give each version the day it was published in [revision] date = …".to_string()
        };
        let d = if both {
            Diagnostic::error(message)
        } else {
            Diagnostic::warning(message)
        };
        diags.push(d.at(early_at).hint(hint));
    }
}

/// Compares each version of `paper` with the one before
/// ([`super::revisions`]) while both texts are at hand, and keeps
/// the result in the newer version's [`Revision::changes`](crate::model::Revision).
fn record_changes(paper: &mut crate::model::Paper) {
    if paper.earlier.is_empty() {
        return;
    }
    let changes: Vec<_> = {
        let versions: Vec<&crate::model::Paper> = paper.versions().collect();
        versions
            .windows(2)
            .map(|pair| super::revisions::compare(pair[0], pair[1]))
            .collect()
    };
    let mut changes = changes.into_iter();
    for version in paper.earlier.iter_mut().skip(1) {
        version.revision.changes = changes.next();
    }
    paper.revision.changes = changes.next();
}

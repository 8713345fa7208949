//! Minutes and decisions on the pages: the decisions a meeting's minutes
//! record, shown on the minutes' page; the decision taken on a paper (or
//! why none is shown) on the paper's page; the minutes of a meeting on its
//! page; and each board's decisions list (`boards/<board>/decisions/`),
//! newest meeting first, with its data files.
//!
//! What a decision names is checked in `validate`; here a decision whose
//! paper or recommendation cannot be found is left out (the build has
//! failed on it already). Nothing is ever inferred: a paper whose meeting
//! has no published minutes says so.

use super::open_data::{self, DatasetEntry};
use super::views::{CellView, HeadCell, Link, RowView, TableView};
use super::{urls, OutputFile, PageSpec, Renderer};
use crate::diagnostics::Diagnostics;
use crate::model::{
    recommendation_name, Access, Board, Decision, Meeting, MeetingStatus, Paper, PaperKind,
};
use serde::Serialize;

/// The address of a board's decisions list.
pub(crate) fn decisions_path(board: &str) -> String {
    format!("boards/{board}/decisions/index.html")
}

/// The meeting's minutes, if it has them.
pub(crate) fn minutes_of(meeting: &Meeting) -> Option<&Paper> {
    meeting
        .papers
        .iter()
        .map(|p| &**p)
        .find(|p| p.kind == PaperKind::Minutes)
}

/// The anchor of decision `i` (0-based) on its minutes' page.
fn anchor(i: usize) -> String {
    format!("decision-{}", i + 1)
}

/// One decision, ready to place.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DecisionView {
    /// Its position in its minutes (0-based).
    #[serde(skip)]
    index: usize,
    /// Its anchor on the minutes' page.
    pub(crate) id: String,
    /// The minute's number as published.
    pub(crate) minute: Option<String>,
    pub(crate) paper: Link,
    /// "Recommendation II"; `None` for a decision on the paper as a whole.
    pub(crate) recommendation: Option<String>,
    /// The recommendation's words, as the paper prints them.
    pub(crate) recommendation_text: Option<String>,
    pub(crate) outcome: &'static str,
    pub(crate) outcome_slug: &'static str,
    pub(crate) amended_wording: Option<String>,
    pub(crate) resolution: Option<String>,
    pub(crate) note: Option<String>,
    /// The decision in its minutes: "Minute 12/26" or "Decision 1".
    pub(crate) minutes: Link,
}

/// The decisions of `minutes` (of `meeting`), seen from the page at
/// `page`; `only` keeps those on one paper.
fn views(
    board: &Board,
    meeting: &Meeting,
    minutes: &Paper,
    page: &str,
    only: Option<&str>,
) -> Vec<DecisionView> {
    let minutes_page = urls::paper(&board.slug, &meeting.slug, &minutes.slug);
    minutes
        .decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| only.is_none_or(|slug| d.paper.value == slug))
        .filter_map(|(i, d)| view(board, meeting, d, i, &minutes_page, page))
        .collect()
}

fn view(
    board: &Board,
    meeting: &Meeting,
    d: &Decision,
    i: usize,
    minutes_page: &str,
    page: &str,
) -> Option<DecisionView> {
    let paper = meeting
        .papers
        .iter()
        .find(|p| p.slug == d.paper.value && p.kind != PaperKind::Minutes)?;
    let (recommendation, recommendation_text) = match &d.recommendation {
        None => (None, None),
        Some(rec) => {
            let at = rec
                .value
                .position(paper.recommendation_style, paper.recommendations.len())?;
            let public = matches!(paper.access, Access::Public);
            (
                Some(format!(
                    "Recommendation {}",
                    recommendation_name(paper.recommendation_style, at)
                )),
                paper
                    .recommendations
                    .get(at - 1)
                    .filter(|_| public)
                    .cloned(),
            )
        }
    };
    let target = format!("{}#{}", urls::link(page, minutes_page), anchor(i));
    Some(DecisionView {
        index: i,
        id: anchor(i),
        minute: d.minute.clone(),
        paper: Link {
            text: paper.title.clone(),
            href: urls::link(page, &urls::paper(&board.slug, &meeting.slug, &paper.slug)),
        },
        recommendation,
        recommendation_text,
        outcome: d.outcome.label(),
        outcome_slug: d.outcome.slug(),
        amended_wording: d.amended_wording.clone(),
        resolution: d.resolution.clone(),
        note: d.note.clone(),
        minutes: Link {
            text: match &d.minute {
                Some(m) => format!("Minute {m}"),
                None => format!("Decision {}", i + 1),
            },
            href: target,
        },
    })
}

/// Why a meeting has no decisions to show, in a sentence; `None` when its
/// minutes are published.
fn no_minutes(meeting: &Meeting) -> Option<&'static str> {
    match (meeting.status, minutes_of(meeting)) {
        (MeetingStatus::Scheduled, _) => {
            Some("The meeting has not been held yet, so no decision has been made.")
        }
        (MeetingStatus::Cancelled, _) => {
            Some("The meeting was cancelled, so no decision was made.")
        }
        (_, None) => Some(
            "The minutes of this meeting have not been published, so no decision is shown here.",
        ),
        (_, Some(m)) if !matches!(m.access, Access::Public) => Some(
            "The minutes of this meeting are not for publication, so no decision is shown here.",
        ),
        (_, Some(_)) => None,
    }
}

/// The decision section of a paper's page.
#[derive(Debug, Serialize)]
pub(crate) struct PaperDecision {
    /// The decisions on this paper, in the order minuted.
    decisions: Vec<DecisionView>,
    /// Why none is shown, when none is.
    none: Option<&'static str>,
    /// The minutes, when published.
    minutes: Option<Link>,
}

/// What a paper's page says about the decision on it: for board papers
/// and any paper a decision names; nothing for minutes themselves.
pub(crate) fn on_paper(
    board: &Board,
    meeting: &Meeting,
    paper: &Paper,
    page: &str,
) -> Option<PaperDecision> {
    if paper.kind == PaperKind::Minutes {
        return None;
    }
    let minutes = minutes_of(meeting);
    let decided = minutes.is_some_and(|m| m.decisions.iter().any(|d| d.paper.value == paper.slug));
    if !paper.kind.is_report() && !decided {
        return None;
    }
    if let Some(why) = no_minutes(meeting) {
        return Some(PaperDecision {
            decisions: Vec::new(),
            none: Some(why),
            minutes: None,
        });
    }
    let minutes = minutes?;
    let decisions = views(board, meeting, minutes, page, Some(&paper.slug));
    Some(PaperDecision {
        none: decisions
            .is_empty()
            .then_some("The minutes of this meeting record no decision on this paper."),
        decisions,
        minutes: Some(Link {
            text: minutes.title.clone(),
            href: urls::link(
                page,
                &urls::paper(&board.slug, &meeting.slug, &minutes.slug),
            ),
        }),
    })
}

/// The decisions on `paper` in a sentence, for the meeting's agenda:
/// "Recommendation I: Agreed; Recommendation II: Noted" or "Noted"; `None`
/// when the minutes are not published or record none on it.
pub(crate) fn summary(board: &Board, meeting: &Meeting, paper: &Paper) -> Option<String> {
    if no_minutes(meeting).is_some() {
        return None;
    }
    let minutes = minutes_of(meeting)?;
    let page = urls::meeting(&board.slug, &meeting.slug);
    let parts: Vec<String> = views(board, meeting, minutes, &page, Some(&paper.slug))
        .into_iter()
        .map(|d| match d.recommendation {
            Some(rec) => format!("{rec}: {}", d.outcome),
            None => d.outcome.to_string(),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The decisions listed on the minutes' own page.
pub(crate) fn in_minutes(
    board: &Board,
    meeting: &Meeting,
    minutes: &Paper,
    page: &str,
) -> Vec<DecisionView> {
    if minutes.kind != PaperKind::Minutes || !matches!(minutes.access, Access::Public) {
        return Vec::new();
    }
    views(board, meeting, minutes, page, None)
}

/// The minutes line of a meeting's page: a link, or why there is none.
#[derive(Debug, Serialize)]
pub(crate) struct MeetingMinutes {
    link: Option<Link>,
    decisions: usize,
    none: Option<&'static str>,
}

pub(crate) fn of_meeting(board: &Board, meeting: &Meeting, page: &str) -> MeetingMinutes {
    let minutes = minutes_of(meeting);
    let none = match (meeting.status, minutes) {
        (MeetingStatus::Scheduled, _) => Some("Not yet: the meeting has not been held."),
        (MeetingStatus::Cancelled, _) => Some("None: the meeting was cancelled."),
        (_, None) => Some("Not published."),
        (_, Some(m)) if !matches!(m.access, Access::Public) => Some("Not for publication."),
        (_, Some(_)) => None,
    };
    let minutes = minutes.filter(|_| none.is_none());
    MeetingMinutes {
        link: minutes.map(|m| Link {
            text: m.title.clone(),
            href: urls::link(page, &urls::paper(&board.slug, &meeting.slug, &m.slug)),
        }),
        decisions: minutes.map_or(0, |m| views(board, meeting, m, page, None).len()),
        none,
    }
}

/// One meeting on a board's decisions list.
#[derive(Debug, Serialize)]
struct MeetingDecisions {
    /// The heading: the meeting's date (or "Date not known (folder)").
    date: String,
    date_iso: Option<String>,
    /// How the clerk inferred the date, when they did.
    date_inferred: Option<String>,
    /// The heading's id.
    id: String,
    meeting: Link,
    minutes: Link,
    decisions: Vec<DecisionView>,
}

#[derive(Debug, Serialize)]
struct DecisionsPage {
    board: String,
    board_href: String,
    meetings: Vec<MeetingDecisions>,
    /// Meetings held (or whose status is not stated) with no published minutes.
    without_minutes: Vec<Link>,
    /// The data files of the whole list.
    downloads: Option<super::views::Downloads>,
    decisions: usize,
}

/// The board's meetings, newest first, those whose date is not stated
/// last in order of folder name (as the board's page lists them).
pub(crate) fn newest_first(board: &Board) -> impl Iterator<Item = &Meeting> {
    let undated = board
        .meetings
        .iter()
        .take_while(|m| m.date.known().is_none());
    let dated = board.meetings.iter().skip(undated.clone().count());
    dated.rev().chain(undated)
}

/// The columns of the decisions list's data files.
const COLUMNS: [&str; 14] = [
    "Meeting",
    "Meeting date",
    "Meeting date inferred",
    "Meeting date note",
    "Minute",
    "Paper",
    "Paper address",
    "Recommendation",
    "Recommendation text",
    "Outcome",
    "Amended wording",
    "Resolution",
    "Note",
    "Minutes address",
];

/// A board's decisions list, with its CSV and JSON (listed in the data
/// catalogue).
pub(crate) fn board_page(
    r: &Renderer<'_>,
    board: &Board,
    catalogue: &mut Vec<DatasetEntry>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let path = decisions_path(&board.slug);
    let base = &r.config.base_url;
    let absolute = |p: &str| format!("{base}{}", urls::pretty(p));
    let mut meetings = Vec::new();
    let mut without_minutes = Vec::new();
    let mut rows = Vec::new();
    for m in newest_first(board) {
        let meeting = Link {
            text: super::format::meeting_date(m),
            href: urls::link(&path, &urls::meeting(&board.slug, &m.slug)),
        };
        let minutes = match (no_minutes(m), minutes_of(m)) {
            (None, Some(minutes)) => minutes,
            _ => {
                if matches!(m.status, MeetingStatus::Held | MeetingStatus::NotStated) {
                    without_minutes.push(meeting);
                }
                continue;
            }
        };
        let decisions = in_minutes(board, m, minutes, &path);
        let minutes_page = urls::paper(&board.slug, &m.slug, &minutes.slug);
        for v in &decisions {
            let Some(d) = minutes.decisions.get(v.index) else {
                continue;
            };
            let paper_page = urls::paper(&board.slug, &m.slug, &d.paper.value);
            let text = |s: &Option<String>| CellView::text(s.clone().unwrap_or_default());
            rows.push(RowView {
                header: super::format::meeting_name(m),
                cells: vec![
                    text(&m.date.iso()),
                    text(&m.date_inferred),
                    text(&m.date_note),
                    text(&d.minute),
                    CellView::text(v.paper.text.clone()),
                    CellView::text(absolute(&paper_page)),
                    text(&v.recommendation),
                    text(&v.recommendation_text),
                    CellView::text(v.outcome),
                    text(&d.amended_wording),
                    text(&d.resolution),
                    text(&d.note),
                    CellView::text(format!("{}#{}", absolute(&minutes_page), v.id)),
                ],
            });
        }
        meetings.push(MeetingDecisions {
            date: super::format::meeting_name(m),
            date_iso: m.date.day().and(m.date.iso()),
            date_inferred: m.date_inferred.clone(),
            id: format!("meeting-{}", m.slug),
            meeting,
            minutes: Link {
                text: minutes.title.clone(),
                href: urls::link(&path, &minutes_page),
            },
            decisions,
        });
    }
    let mut files = Vec::new();
    let count = rows.len();
    let mut table = TableView {
        id: "decisions".into(),
        caption: format!(
            "Decisions of the {}, as recorded in its published minutes, newest meeting first",
            board.name
        ),
        label: format!("Decisions of the {}", board.name),
        head: COLUMNS.iter().map(|c| HeadCell::new(c, false)).collect(),
        rows,
        foot: Vec::new(),
        notes: Vec::new(),
        downloads: None,
    };
    let downloads = (count > 0).then(|| {
        let data_path = format!("boards/{}/decisions/decisions", board.slug);
        let (data, entry) =
            open_data::attach(&r.config.open_data, &mut table, &data_path, &path, &path);
        files.extend(data);
        catalogue.push(entry);
        table.downloads.clone()
    });
    let view = DecisionsPage {
        board: board.name.clone(),
        board_href: urls::link(&path, &urls::board(&board.slug)),
        meetings,
        without_minutes,
        downloads: downloads.flatten(),
        decisions: count,
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
    ];
    files.extend(
        r.page(
            PageSpec::new(
                "decisions.html",
                &path,
                format!("Decisions: {}", board.name),
                "boards",
            )
            .crumbs(crumbs),
            &view,
            diags,
        ),
    );
    files
}

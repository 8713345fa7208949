//! `plansite new`: new content files with every required field filled by
//! a placeholder and a comment on each, so a clerk starts from something
//! that already builds; a whole starter site (`new site`); and a copy of
//! the built-in theme to change (`new theme`).
//!
//! The file texts live beside this module (`src/scaffold/*.toml`, `*.md`),
//! and every placeholder in them is one of [`placeholders::PLACEHOLDERS`],
//! which `check` and `build` warn about until it is replaced. This module
//! writes only new files (never overwriting one); it does not touch
//! `output/`.

pub mod placeholders;

use crate::content::is_slug;
use crate::diagnostics::Diagnostic;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

const SITE: &str = include_str!("scaffold/site.toml");
const BOARD: &str = include_str!("scaffold/board.toml");
const MEETING: &str = include_str!("scaffold/meeting.toml");
const PAPER: &str = include_str!("scaffold/paper.md");
const PLAN: &str = include_str!("scaffold/plan.toml");

/// What a new site's `.gitignore` leaves out of version control.
const GITIGNORE: &str =
    "# What plansite writes: the built site, the previous one kept to stage the next\n# build in, and its build cache.\noutput/\n.output.spare/\n.plansite-cache/\n";

/// The starter site's board, plan and paper (`new site`).
const STARTER_BOARD: &str = "hwb";
const STARTER_PLAN: &str = "bcf";
const STARTER_PAPER: &str = "pooled-budget";

/// The starter paper's second section: a figure and a table from the plan.
const STARTER_FUNDING: &str = "
## Pooled budget

The pooled budget is {{ figure bcf pooled-budget total }}. The figures
come from the plan in content/plans/bcf.toml, so the text and the table
cannot disagree.

{{ fund bcf pooled-budget }}
";

/// What to create.
#[derive(Debug, Clone)]
pub enum New {
    /// `content/boards/<board>/<meeting>/<slug>.md`
    Paper {
        board: String,
        meeting: String,
        slug: String,
        title: Option<String>,
    },
    /// `content/boards/<board>/<folder>/_meeting.toml` (and `_board.toml`
    /// if the board is new). `date` is YYYY-MM-DD, YYYY-MM, YYYY or
    /// `not-stated`; `folder` defaults to the date, and a meeting whose date
    /// is not stated needs one.
    Meeting {
        board: String,
        date: String,
        folder: Option<String>,
    },
    /// `content/plans/<slug>.toml`
    Plan { slug: String, title: Option<String> },
    /// A starter site in the root folder, which must be new or empty:
    /// `content/site.toml`, a board, a meeting dated `date` (YYYY-MM-DD),
    /// a plan and a paper that cites it, and a `.gitignore`. It uses the
    /// built-in theme, so it has no `themes/` folder.
    Site { date: String },
    /// `themes/<name>/`: every file of the built-in theme, to change.
    Theme { name: String },
}

fn slug_error(what: &str, s: &str) -> Diagnostic {
    Diagnostic::error(format!("{what} \"{s}\" is not a slug"))
        .hint("use lower-case letters, digits and hyphens, e.g. pooled-budget")
}

/// Escapes text for a TOML basic string.
fn toml_str(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(template.to_string(), |t, (k, v)| {
        t.replace(&format!("{{{{{k}}}}}"), v)
    })
}

/// Reads one top-level value of a TOML file, if it is there.
fn read_value(path: &Path, key: &str) -> Option<toml::Value> {
    let text = fs::read_to_string(path).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    table.get(key).cloned()
}

/// Today's date (UTC) as YYYY-MM-DD: the date `new site` gives its first
/// meeting. Only scaffolding reads the clock; a build never does.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
        .map(|t| t.date_naive().format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "2026-01-01".to_string())
}

fn is_date(date: &str) -> bool {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok() && date.len() == 10
}

/// A paper's text.
struct PaperText<'a> {
    title: &'a str,
    board_name: &'a str,
    /// The TOML value of `date`.
    date: &'a str,
    plans: &'a [&'a str],
    /// Markdown after the first section.
    more: &'a str,
}

fn paper_text(p: &PaperText<'_>) -> String {
    let plans: Vec<String> = p.plans.iter().map(|id| format!("\"{id}\"")).collect();
    fill(
        PAPER,
        &[
            ("title", &toml_str(p.title)),
            ("board_name", &toml_str(p.board_name)),
            ("date", p.date),
            ("plans", &format!("[{}]", plans.join(", "))),
            ("more", p.more),
        ],
    )
}

const BOARD_NAME: &str = "Replace with the board's name";

/// What `date_note` the scaffold writes for a meeting date: none for a
/// full date, else a placeholder (a date that is not a full date needs one).
const DATE_NOTE: &str = "# Why the exact date is not known (needed unless the date is a full date).\ndate_note = \"Replace with why the exact date is not known\"\n";

/// The hint for a meeting date `new` cannot take.
const MEETING_DATE_HINT: &str = "give the meeting's date as YYYY-MM-DD (e.g. 2026-03-24), as YYYY-MM or YYYY when the source gives only the month or the year, or as not-stated with --folder NAME when it gives none";

/// A meeting's date as `new meeting` takes it, its TOML value and its
/// folder name; or why it cannot be taken.
fn meeting_date_and_folder(
    date: &str,
    folder: Option<&str>,
) -> Result<(crate::model::MeetingDate, String, String), Diagnostic> {
    use crate::model::{MeetingDate, PartialDate};
    let parsed = MeetingDate::parse(date).ok_or_else(|| {
        Diagnostic::error(format!("\"{date}\" is not a meeting date")).hint(MEETING_DATE_HINT)
    })?;
    let value = match parsed {
        MeetingDate::Known(PartialDate::Day(_)) => date.to_string(),
        _ => format!("\"{date}\""),
    };
    let folder = match (folder, parsed) {
        (None, MeetingDate::NotStated) => {
            return Err(Diagnostic::error("a meeting whose date is not stated needs a folder name")
                .hint("add --folder NAME, a slug that says which meeting it is, e.g. --folder undated-winter-meeting"))
        }
        (None, _) => date.to_string(),
        (Some(f), _) => {
            if !is_slug(f) {
                return Err(slug_error("meeting folder", f));
            }
            if PartialDate::parse(f).is_some_and(|d| MeetingDate::Known(d) != parsed) {
                return Err(Diagnostic::error(format!(
                    "folder name \"{f}\" is a date, and not the meeting's date ({date})"
                ))
                .hint("a folder named like a date must be the meeting's date; leave out --folder to name it by the date"));
            }
            f.to_string()
        }
    };
    Ok((parsed, value, folder))
}

/// A new board's and meeting's files: `date` is the TOML value of the
/// meeting's date, `full` whether it is a full date.
fn meeting_files(
    content: &Path,
    board: &str,
    folder: &str,
    date: &str,
    full: bool,
) -> Vec<(PathBuf, String)> {
    let board_dir = content.join("boards").join(board);
    let mut files = Vec::new();
    if !board_dir.join("_board.toml").exists() {
        files.push((
            board_dir.join("_board.toml"),
            fill(BOARD, &[("board_name", BOARD_NAME)]),
        ));
    }
    files.push((
        board_dir.join(folder).join("_meeting.toml"),
        fill(
            MEETING,
            &[
                ("date", date),
                ("date_note", if full { "" } else { DATE_NOTE }),
            ],
        ),
    ));
    files
}

fn plan_file(content: &Path, slug: &str, title: Option<&str>) -> (PathBuf, String) {
    let title = title.unwrap_or("Replace with the plan's title");
    (
        content.join("plans").join(format!("{slug}.toml")),
        fill(PLAN, &[("title", &toml_str(title))]),
    )
}

fn as_bytes((path, text): (PathBuf, String)) -> (PathBuf, Vec<u8>) {
    (path, text.into_bytes())
}

/// Creates the files for `what` under `root` (for [`New::Site`], `root`
/// is the new site's folder); returns their paths.
pub fn create(root: &Path, what: &New) -> Result<Vec<PathBuf>, Diagnostic> {
    let content = root.join("content");
    let no_content = || {
        Diagnostic::error(format!("no content folder at {}", content.display()))
            .hint("run plansite in the site's folder, or pass --root DIR; `plansite new site DIR` starts a new site")
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    match what {
        New::Site { date } => {
            let has_files = fs::read_dir(root).is_ok_and(|mut d| d.next().is_some());
            if has_files || (root.exists() && !root.is_dir()) {
                return Err(Diagnostic::error(format!(
                    "{} already exists and is not an empty folder",
                    root.display()
                ))
                .hint(
                    "give a new folder: plansite new site never writes into one that has files",
                ));
            }
            if !is_date(date) {
                return Err(Diagnostic::error(format!("\"{date}\" is not a date"))
                    .hint("give the first meeting's date as YYYY-MM-DD, e.g. 2026-03-24"));
            }
            files.push((
                content.join("site.toml"),
                fill(SITE, &[("date", date)]).into(),
            ));
            files.extend(
                meeting_files(&content, STARTER_BOARD, date, date, true)
                    .into_iter()
                    .map(as_bytes),
            );
            files.push(as_bytes(plan_file(&content, STARTER_PLAN, None)));
            files.push((
                content
                    .join("boards")
                    .join(STARTER_BOARD)
                    .join(date)
                    .join(format!("{STARTER_PAPER}.md")),
                paper_text(&PaperText {
                    title: "Replace with the paper's title",
                    board_name: BOARD_NAME,
                    date,
                    plans: &[STARTER_PLAN],
                    more: STARTER_FUNDING,
                })
                .into(),
            ));
            files.push((root.join(".gitignore"), GITIGNORE.into()));
        }
        New::Theme { name } => {
            if !content.is_dir() {
                return Err(no_content());
            }
            if !is_slug(name) {
                return Err(slug_error("theme", name));
            }
            let dir = root.join("themes").join(name);
            for (path, bytes) in crate::render::theme::builtin_files() {
                files.push((dir.join(path), bytes.to_vec()));
            }
        }
        New::Plan { slug, title } => {
            if !content.is_dir() {
                return Err(no_content());
            }
            if !is_slug(slug) {
                return Err(slug_error("plan id", slug));
            }
            files.push(as_bytes(plan_file(&content, slug, title.as_deref())));
        }
        New::Meeting {
            board,
            date,
            folder,
        } => {
            if !content.is_dir() {
                return Err(no_content());
            }
            if !is_slug(board) {
                return Err(slug_error("board", board));
            }
            let (parsed, value, folder) = meeting_date_and_folder(date, folder.as_deref())?;
            files.extend(
                meeting_files(&content, board, &folder, &value, parsed.day().is_some())
                    .into_iter()
                    .map(as_bytes),
            );
        }
        New::Paper {
            board,
            meeting,
            slug,
            title,
        } => {
            if !content.is_dir() {
                return Err(no_content());
            }
            if !is_slug(slug) {
                return Err(slug_error("paper", slug));
            }
            let board_dir = content.join("boards").join(board);
            let meeting_file = board_dir.join(meeting).join("_meeting.toml");
            if !is_slug(board) || !is_slug(meeting) || !meeting_file.is_file() {
                return Err(Diagnostic::error(format!(
                    "there is no meeting content/boards/{board}/{meeting}/_meeting.toml"
                ))
                .hint(format!(
                    "create the meeting first: plansite new meeting --board {board} YYYY-MM-DD"
                )));
            }
            let date = match read_value(&meeting_file, "date") {
                Some(toml::Value::Datetime(d)) => d.to_string(),
                // A paper needs a date: the meeting's gives none.
                Some(toml::Value::String(s))
                    if s.trim() == crate::model::MeetingDate::NOT_STATED =>
                {
                    format!(
                        "\"{}\"                        # Replace with the paper's date (the meeting's is not stated)",
                        today().get(..4).unwrap_or("2026")
                    )
                }
                Some(toml::Value::String(s)) => format!("\"{}\"", toml_str(&s)),
                _ => format!("\"{}\"", toml_str(meeting)),
            };
            let board_name = match read_value(&board_dir.join("_board.toml"), "name") {
                Some(toml::Value::String(s)) => s,
                _ => BOARD_NAME.to_string(),
            };
            files.push((
                board_dir.join(meeting).join(format!("{slug}.md")),
                paper_text(&PaperText {
                    title: title.as_deref().unwrap_or("Replace with the paper's title"),
                    board_name: &board_name,
                    date: &date,
                    plans: &[],
                    more: "",
                })
                .into(),
            ));
        }
    }
    if let Some((path, _)) = files.iter().find(|(p, _)| p.exists()) {
        return Err(
            Diagnostic::error(format!("{} already exists", path.display()))
                .hint("plansite new never overwrites a file; choose another name"),
        );
    }
    let mut created = Vec::new();
    for (path, bytes) in files {
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            f.write_all(&bytes)
        };
        write().map_err(|e| Diagnostic::error(format!("cannot create {}: {e}", path.display())))?;
        created.push(path);
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every scaffold text, filled as `new site` fills it.
    fn filled() -> Vec<(&'static str, String)> {
        let date = "2026-03-24";
        vec![
            ("site", fill(SITE, &[("date", date)])),
            ("board", fill(BOARD, &[("board_name", BOARD_NAME)])),
            (
                "meeting",
                fill(MEETING, &[("date", date), ("date_note", "")]),
            ),
            (
                "meeting",
                fill(MEETING, &[("date", "\"2017\""), ("date_note", DATE_NOTE)]),
            ),
            (
                "paper",
                paper_text(&PaperText {
                    title: "Replace with the paper's title",
                    board_name: BOARD_NAME,
                    date,
                    plans: &[],
                    more: "",
                }),
            ),
            ("plan", plan_file(Path::new("content"), "p", None).1),
        ]
    }

    #[test]
    fn every_field_line_has_a_comment_above_it() {
        for (name, text) in filled() {
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let t = line.trim();
                let is_field = t.contains(" = ") && !t.starts_with('#') && !t.starts_with('"');
                let top_level = !line.starts_with(' ');
                if is_field && top_level && !t.starts_with("amounts") {
                    let prev = lines[..i].iter().rev().find(|l| !l.trim().is_empty());
                    assert!(
                        prev.is_some_and(|p| p.trim().starts_with('#')),
                        "{name}: no comment above {line:?}"
                    );
                }
            }
        }
    }

    /// Fields whose scaffold value is a real default that a clerk may keep
    /// as written; every other value the scaffold writes is a placeholder.
    const KEPT_AS_WRITTEN: &[(&str, &[&str])] = &[
        ("site", &["language", "theme", "style", "reason"]),
        ("board", &[]),
        ("meeting", &["date", "status"]),
        (
            "paper",
            &[
                "kind",
                "date",
                "recommendations_intro",
                // Its items carry placeholders (checked line by line).
                "recommendations",
                "recommendation_style",
                "numbering",
                "paragraphs",
                "key_decision",
                "wards",
                "plans",
                "appendices",
                "access",
                "equality",
                "privacy",
            ],
        ),
        ("plan", &["unit", "id", "short", "shape", "columns"]),
    ];

    /// The placeholders are one list: every value the scaffold texts make
    /// up carries one of them (so `check` finds it), no comment does (so
    /// `check` does not report the explanations), and every one is used.
    #[test]
    fn every_made_up_value_in_the_scaffold_texts_is_a_placeholder_check_finds() {
        let mut used = std::collections::BTreeSet::new();
        for (name, text) in filled() {
            let kept = KEPT_AS_WRITTEN
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, k)| *k)
                .unwrap_or_default();
            // The TOML part (a paper's front matter).
            let toml = match name {
                "paper" => text.split("+++\n").nth(1).unwrap_or_default(),
                _ => text.as_str(),
            };
            for line in toml.lines() {
                let t = line.trim();
                let found = placeholders::find(line);
                used.extend(found.iter().map(|f| f.placeholder.marker));
                if t.starts_with('#') {
                    assert!(
                        found.is_empty(),
                        "{name}: a comment has a placeholder: {line:?}"
                    );
                    continue;
                }
                if t.is_empty() || t.starts_with('[') || t == "]" || !found.is_empty() {
                    continue;
                }
                let key = t.split(" = ").next().unwrap_or(t);
                assert!(
                    kept.contains(&key),
                    "{name}: {line:?} is made up but has no placeholder: write one of placeholders::PLACEHOLDERS in it, or list {key:?} in KEPT_AS_WRITTEN"
                );
            }
            if name == "paper" {
                let body = text.split("+++\n").nth(2).unwrap_or_default();
                assert!(!placeholders::find(body).is_empty(), "{body}");
                used.extend(
                    placeholders::find(body)
                        .iter()
                        .map(|f| f.placeholder.marker),
                );
            }
        }
        for p in placeholders::PLACEHOLDERS {
            assert!(
                used.contains(p.marker),
                "no scaffold text uses {:?}",
                p.marker
            );
        }
    }
}

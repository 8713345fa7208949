//! `plansite new`: new content files with every required field filled by
//! a placeholder and a comment on each, so a clerk starts from something
//! that already builds.
//!
//! The file texts live beside this module (`src/scaffold/*.toml`, `*.md`).
//! This module writes only new files inside `content/` (never overwriting
//! one); it does not touch `output/`.

use crate::content::is_slug;
use crate::diagnostics::Diagnostic;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

const BOARD: &str = include_str!("scaffold/board.toml");
const MEETING: &str = include_str!("scaffold/meeting.toml");
const PAPER: &str = include_str!("scaffold/paper.md");
const PLAN: &str = include_str!("scaffold/plan.toml");

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
    /// `content/boards/<board>/<date>/_meeting.toml` (and `_board.toml` if
    /// the board is new).
    Meeting { board: String, date: String },
    /// `content/plans/<slug>.toml`
    Plan { slug: String, title: Option<String> },
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

/// Creates the files for `what` under `root/content`; returns their paths.
pub fn create(root: &Path, what: &New) -> Result<Vec<PathBuf>, Diagnostic> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(
            Diagnostic::error(format!("no content folder at {}", content.display()))
                .hint("run plansite in the site's folder, or pass --root DIR"),
        );
    }
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    match what {
        New::Plan { slug, title } => {
            if !is_slug(slug) {
                return Err(slug_error("plan id", slug));
            }
            let title = title.as_deref().unwrap_or("Replace with the plan's title");
            files.push((
                content.join("plans").join(format!("{slug}.toml")),
                fill(PLAN, &[("title", &toml_str(title))]),
            ));
        }
        New::Meeting { board, date } => {
            if !is_slug(board) {
                return Err(slug_error("board", board));
            }
            if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() || date.len() != 10 {
                return Err(Diagnostic::error(format!("\"{date}\" is not a date"))
                    .hint("give the meeting's date as YYYY-MM-DD, e.g. 2026-03-24"));
            }
            let board_dir = content.join("boards").join(board);
            if !board_dir.join("_board.toml").exists() {
                files.push((
                    board_dir.join("_board.toml"),
                    fill(BOARD, &[("board_name", "Replace with the board's name")]),
                ));
            }
            files.push((
                board_dir.join(date).join("_meeting.toml"),
                fill(MEETING, &[("date", date)]),
            ));
        }
        New::Paper {
            board,
            meeting,
            slug,
            title,
        } => {
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
                Some(toml::Value::String(s)) => format!("\"{}\"", toml_str(&s)),
                _ => format!("\"{}\"", toml_str(meeting)),
            };
            let board_name = match read_value(&board_dir.join("_board.toml"), "name") {
                Some(toml::Value::String(s)) => s,
                _ => "Replace with the board's name".to_string(),
            };
            let title = title.as_deref().unwrap_or("Replace with the paper's title");
            files.push((
                board_dir.join(meeting).join(format!("{slug}.md")),
                fill(
                    PAPER,
                    &[
                        ("title", &toml_str(title)),
                        ("board_name", &toml_str(&board_name)),
                        ("date", &date),
                    ],
                ),
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
    for (path, text) in files {
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            f.write_all(text.as_bytes())
        };
        write().map_err(|e| Diagnostic::error(format!("cannot create {}: {e}", path.display())))?;
        created.push(path);
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_line_has_a_comment_above_it() {
        for (name, text) in [
            ("board", BOARD),
            ("meeting", MEETING),
            ("paper", PAPER),
            ("plan", PLAN),
        ] {
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
}

//! What changed since the last good build, for `serve`'s error messages.
//!
//! An error is often reported far from the edit that caused it: a figure
//! changed on one line makes a stated total on another no longer add up.
//! `serve` keeps the text of every content file of the last build that
//! succeeded ([`LastGood`]); when a rebuild fails, each error that is not
//! on a changed line gets a note naming the lines that changed since
//! (file:line and the text), found by a line diff.

use crate::diagnostics::Diagnostics;
use crate::source::SourceMap;
use rustc_hash::FxHashMap as HashMap;
use similar::{ChangeTag, TextDiff};
use std::sync::Arc;

/// At most this many changes are named on one error.
const MAX_NOTES: usize = 5;
/// A changed line is shown up to this many characters.
const MAX_LINE: usize = 120;

/// The text of every content file of the last good build, by path.
#[derive(Debug, Default)]
pub(super) struct LastGood {
    texts: HashMap<Arc<str>, Arc<str>>,
}

/// One change since the last good build.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// A line added or changed: its number now and its text.
    Line {
        path: Arc<str>,
        line: u32,
        text: String,
    },
    /// A line taken out: its number then and its text.
    Removed {
        path: Arc<str>,
        line: u32,
        text: String,
    },
    /// A file that was not there.
    NewFile(Arc<str>),
    /// A file that is there no more.
    GoneFile(Arc<str>),
}

fn shown(text: &str) -> String {
    let text = text.trim_end();
    match text.char_indices().nth(MAX_LINE) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

impl Change {
    fn note(&self) -> String {
        match self {
            Change::Line { path, line, text } => format!(
                "the line that changed since the last good build: {path}:{line}: {}",
                shown(text)
            ),
            Change::Removed { path, line, text } => format!(
                "a line removed since the last good build, from {path} (it was line {line}): {}",
                shown(text)
            ),
            Change::NewFile(path) => format!("new since the last good build: {path}"),
            Change::GoneFile(path) => format!("removed since the last good build: {path}"),
        }
    }
}

impl LastGood {
    /// The files of a build that succeeded.
    pub(super) fn of(sources: &SourceMap) -> LastGood {
        LastGood {
            texts: sources
                .iter()
                .map(|f| (f.path.clone(), f.text.clone()))
                .collect(),
        }
    }

    /// Every change from the last good build to `sources`, by file.
    fn changes(&self, sources: &SourceMap) -> Vec<Change> {
        let mut changes = Vec::new();
        for file in sources.iter() {
            let Some(old) = self.texts.get(&file.path) else {
                changes.push(Change::NewFile(file.path.clone()));
                continue;
            };
            if Arc::ptr_eq(old, &file.text) || **old == *file.text {
                continue;
            }
            let diff = TextDiff::from_lines(&**old, &*file.text);
            for change in diff.iter_all_changes() {
                let text = change.value().to_string();
                match (change.tag(), change.new_index(), change.old_index()) {
                    (ChangeTag::Insert, Some(i), _) => changes.push(Change::Line {
                        path: file.path.clone(),
                        line: i as u32 + 1,
                        text,
                    }),
                    (ChangeTag::Delete, _, Some(i)) => changes.push(Change::Removed {
                        path: file.path.clone(),
                        line: i as u32 + 1,
                        text,
                    }),
                    _ => {}
                }
            }
        }
        let mut gone: Vec<&Arc<str>> = self
            .texts
            .keys()
            .filter(|p| sources.get(p).is_none())
            .collect();
        gone.sort();
        changes.extend(gone.into_iter().map(|p| Change::GoneFile(p.clone())));
        // A changed line is a removal and an insertion: name the line as it
        // is now, unless only removals are left in that file.
        let changed_files: Vec<Arc<str>> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Line { path, .. } => Some(path.clone()),
                _ => None,
            })
            .collect();
        changes
            .retain(|c| !matches!(c, Change::Removed { path, .. } if changed_files.contains(path)));
        changes
    }

    /// Adds to each error not on a changed line a note for each change
    /// since the last good build (at most [`MAX_NOTES`]).
    pub(super) fn annotate(&self, diags: &mut Diagnostics, sources: &SourceMap) {
        let changes = self.changes(sources);
        if changes.is_empty() {
            return;
        }
        for d in diags.iter_mut().filter(|d| d.is_error()) {
            let on_a_changed_line = d.location.as_ref().is_some_and(|loc| {
                changes.iter().any(|c| {
                    matches!(c, Change::Line { path, line, .. } if *path == loc.path && *line == loc.line)
                        || matches!(c, Change::NewFile(path) if *path == loc.path)
                })
            });
            if on_a_changed_line {
                continue;
            }
            for c in changes.iter().take(MAX_NOTES) {
                d.add_note(c.note());
            }
            if changes.len() > MAX_NOTES {
                d.add_note(format!(
                    "and {} more changes since the last good build",
                    changes.len() - MAX_NOTES
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Location};
    use crate::source::SourceFile;

    fn map(files: &[(&str, &str)]) -> SourceMap {
        let mut m = SourceMap::default();
        for (path, text) in files {
            m.insert(SourceFile::new(*path, *text));
        }
        m
    }

    fn error_at(line: u32) -> Diagnostic {
        Diagnostic::error("stated total does not match the computed total").at(Location::at(
            "content/plans/p.toml".into(),
            line,
            9,
            4,
        ))
    }

    #[test]
    fn an_error_away_from_the_edit_names_the_changed_line() {
        let good = LastGood::of(&map(&[
            ("content/plans/p.toml", "a = 1240\nb = 134\ntotal = 1374\n"),
            ("content/site.toml", "title = \"t\"\n"),
        ]));
        let now = map(&[
            ("content/plans/p.toml", "a = 1240\nb = 135\ntotal = 1374\n"),
            ("content/site.toml", "title = \"t\"\n"),
        ]);
        let mut diags: Diagnostics = [error_at(3), error_at(2), Diagnostic::warning("w")]
            .into_iter()
            .collect();
        good.annotate(&mut diags, &now);
        let notes: Vec<&[String]> = diags.iter().map(|d| d.notes()).collect();
        assert_eq!(
            notes[0],
            &["the line that changed since the last good build: content/plans/p.toml:2: b = 135"]
        );
        // On the changed line itself, and for warnings: nothing to add.
        assert!(notes[1].is_empty() && notes[2].is_empty());
    }

    #[test]
    fn removed_lines_and_files_come_and_gone_are_named() {
        let good = LastGood::of(&map(&[
            ("content/plans/p.toml", "a = 1\nb = 2\nc = 3\n"),
            ("content/plans/q.toml", "x = 1\n"),
        ]));
        let now = map(&[
            ("content/plans/p.toml", "a = 1\nc = 3\n"),
            ("content/plans/r.toml", "y = 1\n"),
        ]);
        let mut diags: Diagnostics = [error_at(1)].into_iter().collect();
        good.annotate(&mut diags, &now);
        let notes = diags.iter().next().expect("one").notes();
        assert_eq!(
            notes,
            [
                "a line removed since the last good build, from content/plans/p.toml (it was line 2): b = 2",
                "new since the last good build: content/plans/r.toml",
                "removed since the last good build: content/plans/q.toml",
            ]
        );
    }
}

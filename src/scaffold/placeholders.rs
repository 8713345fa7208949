//! The placeholders `plansite new` writes, as one list: the scaffold texts
//! beside this module use them (a unit test in `scaffold.rs` checks that
//! every value they invent carries one, and that every marker here is
//! used), and `check` and `build` warn about every one left in the content
//! ([`check`]), so a placeholder never reaches a published page silently.
//!
//! A placeholder is a marker phrase in the text: a made-up value
//! (`venue = "Replace with the venue"`), a made-up address
//! (`contact@example.gov.uk`), or a note after a value that has to be a
//! number or a date to build at all (`total = 150   # Replace with …`).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::SourceFile;

/// One kind of placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    /// The text that marks it (matched exactly, case and all).
    pub marker: &'static str,
    /// Whether the placeholder runs on from the marker to the end of its
    /// string or line ("Replace with the venue"), or is the marker alone
    /// (an email address).
    pub runs_on: bool,
    /// What to do about it.
    pub hint: &'static str,
}

/// Every placeholder the scaffold texts (`src/scaffold/*`) write.
pub const PLACEHOLDERS: &[Placeholder] = &[
    Placeholder {
        marker: "Replace with",
        runs_on: true,
        hint: "write the real text in place of the placeholder that `plansite new` wrote",
    },
    Placeholder {
        marker: "Replace this with",
        runs_on: true,
        hint: "write the real text in place of the placeholder that `plansite new` wrote",
    },
    Placeholder {
        marker: "contact@example.gov.uk",
        runs_on: false,
        hint: "write the real email address in place of the placeholder that `plansite new` wrote",
    },
];

/// A placeholder found in a text: its byte range and which it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub placeholder: Placeholder,
    /// It is a note after a value (`# Replace with …`): the value before
    /// it is the placeholder.
    pub note: bool,
}

/// Every placeholder in `text`, in order; one per place (where markers
/// overlap, the first and longest).
pub fn find(text: &str) -> Vec<Found> {
    // Every content file is searched on every build: the markers' finders
    // are made once.
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            PLACEHOLDERS
                .iter()
                .map(|p| memchr::memmem::Finder::new(p.marker))
                .collect()
        });
    let mut found: Vec<Found> = Vec::new();
    for (placeholder, finder) in PLACEHOLDERS.iter().zip(FINDERS.iter()) {
        for start in finder.find_iter(text.as_bytes()) {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let end = if placeholder.runs_on {
                let rest = &text[start..line_end];
                start + rest.find('"').unwrap_or(rest.trim_end().len())
            } else {
                start + placeholder.marker.len()
            };
            let before = text[line_start..start].trim_end();
            let note = before.ends_with('#') && before.len() > 1;
            found.push(Found {
                start,
                end,
                placeholder: *placeholder,
                note,
            });
        }
    }
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if kept.last().is_none_or(|k| f.start >= k.end) {
            kept.push(f);
        }
    }
    kept
}

/// Warns about every placeholder left in `file` (`--strict` makes them
/// errors): its line and column, the placeholder and what to do.
pub fn check(file: &SourceFile, diags: &mut Diagnostics) {
    for f in find(&file.text) {
        let text = &file.text[f.start..f.end];
        let hint = if f.note {
            format!(
                "write the real value on this line, then delete the note \"# {text}\" (`plansite new` wrote both)"
            )
        } else {
            f.placeholder.hint.to_string()
        };
        diags.push(
            Diagnostic::warning(
                "placeholder left in the content; it would be published as it stands",
            )
            .at(file.location(f.start, f.end))
            .hint(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<(&str, bool)> {
        find(s)
            .into_iter()
            .map(|f| (&s[f.start..f.end], f.note))
            .collect()
    }

    #[test]
    fn finds_each_placeholder_to_the_end_of_its_string_or_line() {
        assert_eq!(
            texts("venue = \"Replace with the venue\"\nemail = \"contact@example.gov.uk\"\n"),
            [
                ("Replace with the venue", false),
                ("contact@example.gov.uk", false)
            ]
        );
        assert_eq!(
            texts("total = 150   # Replace with the published total  \n"),
            [("Replace with the published total", true)]
        );
        assert_eq!(
            texts("Replace this with the paper's first paragraph. Each\nparagraph"),
            [("Replace this with the paper's first paragraph. Each", false)]
        );
        assert!(texts("We will replace with care; email a.officer@example.gov.uk").is_empty());
    }
}

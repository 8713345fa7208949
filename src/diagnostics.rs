//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! A [`Diagnostic`] is data, not text: a severity, an optional [`Location`]
//! (file, line, column and the length of the offending text), a message and an
//! optional hint. Every stage pushes into one [`Diagnostics`] collection so a
//! build reports all of its problems at once. Turning diagnostics into
//! terminal text or JSON is done by [`crate::report`], which also owns the
//! source snippets.
//!
//! This module depends on nothing else in the crate.

use std::fmt;
use std::sync::Arc;

/// A place in a content file. Lines and columns count from 1; columns count
/// characters, not bytes.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Location {
    /// Path relative to the site root, with `/` separators.
    pub path: Arc<str>,
    pub line: u32,
    pub col: u32,
    /// Length of the offending text in characters (0 when unknown).
    pub len: u32,
}

impl Location {
    /// A location for a whole file, used when no finer position is known.
    pub fn file(path: Arc<str>) -> Self {
        Location {
            path,
            line: 0,
            col: 0,
            len: 0,
        }
    }

    /// The location at `line:col` in `path`.
    pub fn at(path: Arc<str>, line: u32, col: u32, len: u32) -> Self {
        Location {
            path,
            line,
            col,
            len,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.path)
        } else {
            write!(f, "{}:{}:{}", self.path, self.line, self.col)
        }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Stops the build; nothing is published.
    Error,
    /// Reported; stops the build only under `--strict`.
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in the content, the theme or the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Option<Location>,
    pub message: String,
    /// The label printed under the offending text, e.g. "stated 1,625, computed 1,624".
    pub label: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
    /// More that may help, each printed as a note after the hint (`serve`
    /// adds the lines changed since the last good build). Behind one
    /// thin pointer, so that a diagnostic stays small enough to return in
    /// a `Result` (most have no notes).
    #[allow(clippy::box_collection)]
    notes: Option<Box<Vec<String>>>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            label: None,
            hint: None,
            notes: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.add_note(note);
        self
    }

    /// Adds a note (see [`Diagnostic::notes`]).
    pub fn add_note(&mut self, note: impl Into<String>) {
        self.notes.get_or_insert_default().push(note.into());
    }

    /// The notes, in the order they were added.
    pub fn notes(&self) -> &[String] {
        self.notes.as_deref().map_or(&[], Vec::as_slice)
    }

    /// The same diagnostic without its hint and notes.
    pub fn without_help(&self) -> Diagnostic {
        Diagnostic {
            hint: None,
            notes: None,
            ..self.clone()
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line, compiler-style form: `path:line:col: error: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{}: {}", self.severity.as_str(), self.message)?;
        if let Some(label) = &self.label {
            write!(f, " ({label})")?;
        }
        Ok(())
    }
}

/// All diagnostics of one build, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether these make a build fail: any error, or with `--strict` any
    /// warning.
    pub fn fail_build(&self, strict: bool) -> bool {
        self.has_errors() || (strict && !self.items.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Turns every warning into an error (`--strict`).
    pub fn make_warnings_errors(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorts errors before warnings, each by file, then position, so
    /// reports are stable whatever order the stages ran in and what stops
    /// the build comes first. Diagnostics without a location come first
    /// among their severity.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            a.severity
                .cmp(&b.severity)
                .then_with(|| a.location.cmp(&b.location))
                .then_with(|| a.message.cmp(&b.message))
        });
        self.items.dedup();
    }

    /// Each diagnostic, to change in place.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    /// Keeps only the diagnostics for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// plausible typo. Used for "did you mean …?" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Capitals do not count against a near match: "TITLE" is "title".
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_field() {
        assert_eq!(
            did_you_mean("tagret", ["target", "title", "threshold"]),
            Some("target")
        );
        assert_eq!(did_you_mean("zzz", ["target", "title"]), None);
        // Capitals do not count against a near match.
        assert_eq!(did_you_mean("TITLE", ["target", "title"]), Some("title"));
        assert_eq!(
            did_you_mean(
                "Minimum NHS Contribution",
                ["Minimum NHS contribution", "DFG"]
            ),
            Some("Minimum NHS contribution")
        );
    }

    #[test]
    fn displays_compiler_style() {
        let d = Diagnostic::error("bad")
            .at(Location::at("content/a.toml".into(), 3, 7, 2))
            .label("x");
        assert_eq!(d.to_string(), "content/a.toml:3:7: error: bad (x)");
    }
}

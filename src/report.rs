//! Reporting diagnostics to people and to tools.
//!
//! [`human`] prints each diagnostic compiler-style — `path:line:col: error:
//! message` — followed by the offending line with a caret under the text
//! and the hint (drawn by `annotate-snippets`), then a summary count.
//! [`json`] prints one JSON object per line for editors and CI.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::source::SourceMap;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
}

/// One diagnostic as text: the header line, the snippet and the hint.
pub fn human_one(d: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let mut out = format!(
        "{}: {}",
        match &d.location {
            Some(l) => format!("{l}: {}", d.severity.as_str()),
            None => d.severity.as_str().to_string(),
        },
        d.message
    );
    out.push('\n');
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let line = d.location.as_ref().filter(|l| l.line > 0).and_then(|l| {
        sources
            .get(&l.path)
            .and_then(|f| f.line_text(l.line))
            .map(|t| (l, t))
    });
    let mut group = Group::with_level(level(d.severity));
    let mut has_element = false;
    if let Some((loc, text)) = line {
        // Columns count characters; the annotation wants a byte range.
        let start = text
            .char_indices()
            .nth(loc.col.saturating_sub(1) as usize)
            .map_or(text.len(), |(i, _)| i);
        let end = text[start..]
            .char_indices()
            .nth(loc.len.max(1) as usize)
            .map_or(text.len(), |(i, _)| start + i);
        let mut annotation = AnnotationKind::Primary.span(start..end.max(start));
        if let Some(label) = &d.label {
            annotation = annotation.label(label.as_str());
        }
        group = group.element(
            Snippet::source(text)
                .line_start(loc.line as usize)
                .annotation(annotation),
        );
        has_element = true;
    } else if let Some(label) = &d.label {
        group = group.element(Level::NOTE.message(label.as_str()));
        has_element = true;
    }
    if let Some(hint) = &d.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
        has_element = true;
    }
    for note in d.notes() {
        group = group.element(Level::NOTE.message(note.as_str()));
        has_element = true;
    }
    if has_element {
        out.push_str(&renderer.render(&[group]));
        out.push('\n');
    }
    out
}

/// Every diagnostic, then a summary line.
pub fn human(diags: &Diagnostics, sources: &SourceMap, color: bool) -> String {
    let mut out = String::new();
    for d in diags.iter() {
        out.push_str(&human_one(d, sources, color));
        out.push('\n');
    }
    out.push_str(&summary(diags));
    out.push('\n');
    out
}

/// "2 errors, 1 warning".
pub fn summary(diags: &Diagnostics) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(diags.error_count(), "error"),
        plural(diags.warning_count(), "warning")
    )
}

/// One JSON object per line: severity, file, line, column, length, message, label, hint, notes.
pub fn json(diags: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diags.iter() {
        let loc = d.location.as_ref();
        let v = serde_json::json!({
            "severity": d.severity.as_str(),
            "file": loc.map(|l| l.path.to_string()),
            "line": loc.map(|l| l.line).filter(|l| *l > 0),
            "column": loc.map(|l| l.col).filter(|c| *c > 0),
            "length": loc.map(|l| l.len),
            "message": d.message,
            "label": d.label,
            "hint": d.hint,
            "notes": d.notes(),
        });
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;
    use crate::source::SourceFile;

    #[test]
    fn shows_the_line_a_caret_and_the_hint() {
        let mut sources = SourceMap::default();
        sources.insert(SourceFile::new("content/p.toml", "a = 1\ntotal = 1625\n"));
        let d = Diagnostic::error("stated total does not match the computed total")
            .at(Location::at("content/p.toml".into(), 2, 9, 4))
            .label("stated 1625, computed 1624, difference 1 (£000)")
            .hint("correct the figure");
        let text = human_one(&d, &sources, false);
        assert!(
            text.starts_with(
                "content/p.toml:2:9: error: stated total does not match the computed total\n"
            ),
            "{text}"
        );
        assert!(text.contains("2 | total = 1625"), "{text}");
        assert!(
            text.contains("^^^^ stated 1625, computed 1624, difference 1 (£000)"),
            "{text}"
        );
        assert!(text.contains("help: correct the figure"), "{text}");
    }
}

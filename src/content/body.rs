//! The body of a paper: headings, numbered sections and numbered paragraphs.
//!
//! The body is split line by line (outside fenced code) into sections and
//! paragraphs before any Markdown is rendered, so every paragraph has its
//! number and stable anchor (`para-4-5`) as data. In manual numbering the
//! published numbers are checked: a gap, a duplicate or a number out of
//! order is an error. In automatic numbering plansite assigns them.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{Chunk, Heading, Numbering, PaperBody, Paragraph, ParagraphStyle, Section};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Where the next lines of text go.
enum Target {
    Lead,
    Paragraph,
}

struct Builder<'a> {
    body: PaperBody,
    target: Target,
    path: &'a Arc<str>,
    /// The whole text of the file.
    file: &'a Arc<str>,
    diags: &'a mut Diagnostics,
    anchors: BTreeSet<String>,
    /// In automatic numbering, headings and paragraphs whose text already
    /// starts with a number: where, the number written and the number given.
    numbered_twice: Vec<(Location, String, String)>,
}

impl Builder<'_> {
    fn section(&mut self) -> &mut Section {
        if self.body.sections.is_empty() {
            self.body.sections.push(Section {
                heading: None,
                lead: None,
                paragraphs: Vec::new(),
            });
        }
        let last = self.body.sections.len() - 1;
        &mut self.body.sections[last]
    }

    /// Adds `line`, which starts at byte `start` of the file, to the chunk
    /// being built.
    fn push_line(&mut self, line: &str, start: usize, lineno: u32) {
        let is_blank = line.trim().is_empty();
        if is_blank && self.body.sections.is_empty() {
            return;
        }
        let chunk = match self.target {
            Target::Paragraph => {
                let section = self.section();
                section.paragraphs.last_mut().map(|p| &mut p.body)
            }
            Target::Lead => {
                let file = self.file;
                let section = self.section();
                if section.lead.is_none() && !is_blank {
                    section.lead = Some(Chunk::starting(file, start, lineno));
                }
                section.lead.as_mut()
            }
        };
        if let Some(chunk) = chunk {
            // The line and its newline: lines are contiguous in the file.
            chunk.extend_to(start + line.len() + 1);
        }
    }

    fn unique_anchor(&mut self, wanted: String, location: &Location) -> String {
        if self.anchors.insert(wanted.clone()) {
            return wanted;
        }
        self.diags.push(
            Diagnostic::error(format!(
                "two places in this paper have the anchor \"{wanted}\""
            ))
            .at(location.clone())
            .hint("each section and paragraph needs its own number or label"),
        );
        let mut n = 2;
        loop {
            let candidate = format!("{wanted}-{n}");
            if self.anchors.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// A `#` heading line: its level and text.
fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if rest.is_empty() {
        return Some((hashes as u8, ""));
    }
    rest.starts_with([' ', '\t'])
        .then(|| (hashes as u8, rest.trim().trim_end_matches('#').trim()))
}

/// `4.0 Title`, `4. Title` → (4, "4.0", "Title").
fn numbered_heading(text: &str) -> Option<(u32, &str, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = &text[digits..];
    let suffix = if rest.starts_with(".0 ") || rest == ".0" {
        3
    } else if rest.starts_with(". ") || rest == "." {
        1
    } else {
        return None;
    };
    let n = text[..digits].parse().ok()?;
    let shown = &text[..digits + suffix.min(rest.len())].trim_end();
    Some((n, shown, rest[suffix.min(rest.len())..].trim()))
}

/// A manual paragraph number at the start of a line: `4.5 Text` (sectioned)
/// or `7. Text` (flat). Returns the numbers and the rest of the line.
fn paragraph_number(line: &str, style: ParagraphStyle) -> Option<(Vec<u32>, &str)> {
    let token_end = line.find([' ', '\t']).unwrap_or(line.len());
    let token = &line[..token_end];
    let rest = line[token_end..].trim_start();
    let parts: Vec<&str> = token.split('.').collect();
    let all_digits =
        |s: &&str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    let nums = match style {
        ParagraphStyle::Sectioned if parts.len() == 2 && parts.iter().all(all_digits) => parts,
        ParagraphStyle::Flat
            if parts.len() == 2 && all_digits(&parts[0]) && parts[1].is_empty() =>
        {
            vec![parts[0]]
        }
        _ => return None,
    };
    if token_end == line.len() {
        return None;
    }
    let nums = nums.iter().filter_map(|s| s.parse().ok()).collect();
    Some((nums, rest))
}

/// The paragraph number a line of text starts with, as a clerk writes it
/// in a paper numbered by hand: `1.1 Councillor …`, `4.5. Text`.
fn written_number(line: &str) -> Option<&str> {
    let token_end = line.find([' ', '\t'])?;
    let token = &line[..token_end];
    let bare = token.strip_suffix('.').unwrap_or(token);
    let parts: Vec<&str> = bare.split('.').collect();
    let number = |s: &&str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    (parts.len() == 2 && parts.iter().all(number)).then_some(token)
}

/// Does this line start a new top-level paragraph in automatic numbering?
fn starts_auto_paragraph(line: &str) -> bool {
    let t = line.trim_start();
    if t.is_empty() || line.starts_with([' ', '\t']) {
        return false;
    }
    let list = t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") || {
        let d = t.bytes().take_while(u8::is_ascii_digit).count();
        d > 0 && (t[d..].starts_with(". ") || t[d..].starts_with(") "))
    };
    // A line that is only a shortcode (a fund table) belongs to the paragraph
    // before it; a sentence that starts with an inline shortcode is new text.
    let lone_shortcode =
        t.starts_with("{{") && t.trim_end().ends_with("}}") && t.matches("{{").count() == 1;
    // A table's caption (`Table: …`) belongs with the table; a footnote's
    // definition (`[^1]: …`) is drawn in the paper's Notes.
    let caption = t.starts_with(crate::render::markdown::CAPTION_PREFIX)
        || crate::render::markdown::defines_footnote(t);
    !(list
        || t.starts_with('>')
        || t.starts_with('|')
        || t.starts_with('<')
        || lone_shortcode
        || caption)
}

/// `Title {#label}` → ("Title", Some(label)).
fn take_heading_label(text: &str) -> (&str, Option<String>) {
    if let Some(body) = text.strip_suffix('}') {
        if let Some(i) = body.rfind("{#") {
            let label = &body[i + 2..];
            if super::is_slug(label) {
                return (body[..i].trim_end(), Some(label.to_string()));
            }
        }
    }
    (text, None)
}

/// `{#label} rest` → (Some(label), rest).
fn take_label(text: &str) -> (Option<String>, &str) {
    if let Some(rest) = text.strip_prefix("{#") {
        if let Some(end) = rest.find('}') {
            let label = &rest[..end];
            if super::is_slug(label) {
                return (Some(label.to_string()), rest[end + 1..].trim_start());
            }
        }
    }
    (None, text)
}

fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "heading".to_string()
    } else {
        out
    }
}

/// Splits a paper body into sections and numbered paragraphs.
///
/// `first_line` is the 1-based line of `text` in its file. Problems (bad
/// numbering, skipped heading levels, duplicate anchors) go to `diags`.
pub fn parse_body(
    file: &Arc<str>,
    body_start: usize,
    first_line: u32,
    numbering: Numbering,
    style: ParagraphStyle,
    path: &Arc<str>,
    diags: &mut Diagnostics,
) -> PaperBody {
    let text = file.get(body_start..).unwrap_or_default();
    let mut b = Builder {
        body: PaperBody::default(),
        target: Target::Lead,
        path,
        file,
        diags,
        anchors: BTreeSet::new(),
        numbered_twice: Vec::new(),
    };
    let mut fence: Option<String> = None;
    let mut block_start = true;
    let mut prev_level = 1u8;
    // Numbering state.
    let mut section_no: Option<u32> = None;
    let mut para_no: u32 = 0;
    let mut last_section_seen: u32 = 0;

    let mut next_line_start = body_start;
    for (i, line) in text.split('\n').enumerate() {
        let lineno = first_line + i as u32;
        let line_start = next_line_start;
        next_line_start += line.len() + 1;
        let loc = |col: u32, len: usize| Location::at(b.path.clone(), lineno, col, len as u32);
        if let Some(f) = &fence {
            if line.trim_start().starts_with(f.as_str()) {
                fence = None;
            }
            b.push_line(line, line_start, lineno);
            continue;
        }
        let trimmed = line.trim_start();
        if line.len() - trimmed.len() < 4
            && (trimmed.starts_with("```") || trimmed.starts_with("~~~"))
        {
            fence = Some(trimmed[..3].to_string());
            b.push_line(line, line_start, lineno);
            block_start = false;
            continue;
        }

        if let Some((level, htext)) = heading(line) {
            let location = loc(1, line.chars().count());
            let (htext, label) = take_heading_label(htext);
            if level == 1 {
                b.diags.push(
                    Diagnostic::error("level-1 heading in a paper body")
                        .at(location.clone())
                        .hint("the paper's title is the page's only level-1 heading; start sections with ##"),
                );
            } else if level > prev_level + 1 {
                b.diags.push(
                    Diagnostic::error(format!(
                        "heading level skipped: level {level} after level {prev_level}"
                    ))
                    .at(location.clone())
                    .hint(format!(
                        "use {} for this heading, or add the missing level above it",
                        "#".repeat(prev_level as usize + 1)
                    )),
                );
            }
            prev_level = level.max(2);
            let mut number = None;
            let mut shown_text = htext.to_string();
            let mut anchor = None;
            if level == 2 && style == ParagraphStyle::Sectioned {
                match numbering {
                    Numbering::Manual => {
                        if let Some((n, shown, rest)) = numbered_heading(htext) {
                            let expected = last_section_seen + 1;
                            if n != expected {
                                let what = if n <= last_section_seen {
                                    format!("section {shown} is out of order or repeated: it follows section {last_section_seen}")
                                } else {
                                    format!("section numbers skip from {last_section_seen} to {n}")
                                };
                                b.diags.push(
                                    Diagnostic::error(what)
                                        .at(location.clone())
                                        .hint(format!("the next section should be {expected}; keep the numbers as published")),
                                );
                            }
                            last_section_seen = last_section_seen.max(n);
                            section_no = Some(n);
                            para_no = 0;
                            number = Some(shown.to_string());
                            shown_text = rest.to_string();
                            anchor = Some(format!("section-{n}"));
                        }
                    }
                    Numbering::Auto => {
                        let n = last_section_seen + 1;
                        if let Some((_, shown, _)) = numbered_heading(htext) {
                            let col = line.len() - line.trim_start_matches('#').trim_start().len();
                            b.numbered_twice.push((
                                loc(col as u32 + 1, shown.chars().count()),
                                shown.to_string(),
                                format!("{n}."),
                            ));
                        }
                        last_section_seen = n;
                        section_no = Some(n);
                        para_no = 0;
                        number = Some(format!("{n}."));
                        anchor = Some(format!("section-{n}"));
                    }
                }
            }
            let anchor = anchor.unwrap_or_else(|| format!("h-{}", slugify(&shown_text)));
            let anchor = b.unique_anchor(anchor, &location);
            if let Some(l) = &label {
                b.unique_anchor(l.clone(), &location);
            }
            b.body.sections.push(Section {
                heading: Some(Heading {
                    level,
                    text: shown_text,
                    number,
                    anchor,
                    label,
                    line: lineno,
                }),
                lead: None,
                paragraphs: Vec::new(),
            });
            b.target = Target::Lead;
            block_start = true;
            continue;
        }

        let mut new_para: Option<(String, String, &str)> = None; // (number, anchor, rest)
        if block_start && !line.starts_with([' ', '\t']) && !line.is_empty() {
            match numbering {
                Numbering::Manual => {
                    if let Some((nums, rest)) = paragraph_number(line, style) {
                        let location = loc(1, line.find(' ').unwrap_or(line.len()));
                        match style {
                            ParagraphStyle::Sectioned => {
                                let (s, p) = (nums[0], nums[1]);
                                match section_no {
                                    None => b.diags.push(
                                        Diagnostic::error(format!("paragraph {s}.{p} comes before any numbered section"))
                                            .at(location.clone())
                                            .hint(format!("add the heading `## {s}. …` above it")),
                                    ),
                                    Some(cur) if cur != s => b.diags.push(
                                        Diagnostic::error(format!("paragraph {s}.{p} is in section {cur}"))
                                            .at(location.clone())
                                            .hint(format!("paragraphs of section {cur} are numbered {cur}.1, {cur}.2, …")),
                                    ),
                                    Some(_) => {}
                                }
                                check_sequence(
                                    &mut b,
                                    &mut para_no,
                                    p,
                                    &format!("{s}."),
                                    &location,
                                );
                                new_para =
                                    Some((format!("{s}.{p}"), format!("para-{s}-{p}"), rest));
                            }
                            ParagraphStyle::Flat => {
                                let n = nums[0];
                                check_sequence(&mut b, &mut para_no, n, "", &location);
                                new_para = Some((format!("{n}"), format!("para-{n}"), rest));
                            }
                        }
                    }
                }
                Numbering::Auto => {
                    if starts_auto_paragraph(line) {
                        let written = written_number(line);
                        match style {
                            ParagraphStyle::Sectioned => {
                                if let Some(s) = section_no {
                                    para_no += 1;
                                    if let Some(w) = written {
                                        b.numbered_twice.push((
                                            loc(1, w.chars().count()),
                                            w.to_string(),
                                            format!("{s}.{para_no}"),
                                        ));
                                    }
                                    new_para = Some((
                                        format!("{s}.{para_no}"),
                                        format!("para-{s}-{para_no}"),
                                        line,
                                    ));
                                }
                            }
                            ParagraphStyle::Flat => {
                                para_no += 1;
                                if let Some(w) = written {
                                    b.numbered_twice.push((
                                        loc(1, w.chars().count()),
                                        w.to_string(),
                                        format!("{para_no}"),
                                    ));
                                }
                                new_para =
                                    Some((format!("{para_no}"), format!("para-{para_no}"), line));
                            }
                        }
                    }
                }
            }
        }

        if let Some((number, anchor, rest)) = new_para {
            // `rest` and `text` are suffixes of `line`: their columns follow.
            let col_of =
                |suffix: &str| line[..line.len() - suffix.len()].chars().count() as u32 + 1;
            let (label, text) = take_label(rest);
            let label_location = label
                .as_ref()
                .map(|l| loc(col_of(rest), l.chars().count() + 3));
            if label.is_none() && rest.starts_with("{#") {
                let len = rest.find('}').map_or(2, |e| rest[..=e].chars().count());
                b.diags.push(
                    Diagnostic::error(format!("malformed label \"{}\"", &rest[..rest.find('}').map_or(2, |e| e + 1)]))
                        .at(loc(col_of(rest), len))
                        .hint("a label is {#name} with lower-case letters, digits and hyphens, e.g. {#pooled-budget}"),
                );
            }
            let location = loc(1, number.len());
            let anchor = b.unique_anchor(anchor, &location);
            if let (Some(l), Some(at)) = (&label, &label_location) {
                b.unique_anchor(l.clone(), at);
            }
            let text_col = col_of(text);
            b.section().paragraphs.push(Paragraph {
                number,
                anchor,
                label,
                label_location,
                text_col,
                body: Chunk::starting(file, line_start + line.len() - text.len(), lineno),
            });
            let rest = text;
            b.target = Target::Paragraph;
            b.push_line(rest, line_start + line.len() - rest.len(), lineno);
        } else {
            b.push_line(line, line_start, lineno);
        }
        block_start = line.trim().is_empty();
    }
    if let Some((at, written, given)) = b.numbered_twice.first().cloned() {
        let more = match b.numbered_twice.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more heading or paragraph)".to_string(),
            n => format!(" (and {n} more headings or paragraphs)"),
        };
        b.diags.push(
            Diagnostic::warning(format!(
                "this text already starts with the number \"{written}\", and automatic numbering numbers it again as {given}{more}"
            ))
            .at(at)
            .hint("to keep the numbers as written, add numbering = \"manual\" to the front matter; or delete the numbers and let plansite number the paper"),
        );
    }
    // `serve` and `check` hold every paper's body: give back what growing
    // the lists reserved.
    for section in &mut b.body.sections {
        section.paragraphs.shrink_to_fit();
    }
    b.body.sections.shrink_to_fit();
    b.body
}

/// Checks that paragraph `n` follows `*last` and records it.
fn check_sequence(b: &mut Builder<'_>, last: &mut u32, n: u32, prefix: &str, location: &Location) {
    let expected = *last + 1;
    if n != expected {
        let message = if n == *last {
            format!("paragraph {prefix}{n} is numbered twice")
        } else if n < *last {
            format!("paragraph {prefix}{n} is out of order: it follows {prefix}{last}")
        } else {
            format!("paragraph numbers skip from {prefix}{last} to {prefix}{n}")
        };
        b.diags.push(
            Diagnostic::error(message)
                .at(location.clone())
                .hint(format!(
                "the next paragraph should be {prefix}{expected}; keep the numbers as published"
            )),
        );
    }
    *last = (*last).max(n);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, numbering: Numbering, style: ParagraphStyle) -> (PaperBody, Vec<String>) {
        let mut d = Diagnostics::new();
        let body = parse_body(
            &Arc::from(text),
            0,
            1,
            numbering,
            style,
            &Arc::from("p.md"),
            &mut d,
        );
        (body, d.iter().map(|x| x.to_string()).collect())
    }

    #[test]
    fn manual_sectioned_numbers_become_anchors() {
        let (b, d) = parse(
            "## 1. Introduction\n\n1.1 First.\n\n- a list\n\n1.2 Second.\n\n## 2.0 Next\n\n2.1 Third.\n",
            Numbering::Manual,
            ParagraphStyle::Sectioned,
        );
        assert!(d.is_empty(), "{d:?}");
        let anchors: Vec<_> = b.paragraphs().map(|p| p.anchor.as_str()).collect();
        assert_eq!(anchors, ["para-1-1", "para-1-2", "para-2-1"]);
        let h = b.sections[1].heading.as_ref().expect("heading");
        assert_eq!(
            (h.number.as_deref(), h.text.as_str(), h.anchor.as_str()),
            (Some("2.0"), "Next", "section-2")
        );
        assert!(b.sections[0].paragraphs[0]
            .body
            .markdown()
            .contains("- a list"));
        assert_eq!(b.sections[0].paragraphs[1].body.line, 7);
    }

    #[test]
    fn manual_numbering_reports_gaps_duplicates_and_order() {
        let (_, d) = parse(
            "## 1. A\n\n1.1 a\n\n1.3 c\n",
            Numbering::Manual,
            ParagraphStyle::Sectioned,
        );
        assert_eq!(
            d,
            ["p.md:5:1: error: paragraph numbers skip from 1.1 to 1.3"]
        );
        let (_, d) = parse(
            "## 1. A\n\n1.1 a\n\n1.1 b\n",
            Numbering::Manual,
            ParagraphStyle::Sectioned,
        );
        assert!(d[0].contains("paragraph 1.1 is numbered twice"), "{d:?}");
        let (_, d) = parse(
            "## 1. A\n\n## 3. C\n",
            Numbering::Manual,
            ParagraphStyle::Sectioned,
        );
        assert!(d[0].contains("section numbers skip from 1 to 3"), "{d:?}");
        let (_, d) = parse(
            "## 1. A\n\n2.1 x\n",
            Numbering::Manual,
            ParagraphStyle::Sectioned,
        );
        assert!(d[0].contains("paragraph 2.1 is in section 1"), "{d:?}");
    }

    #[test]
    fn manual_flat_numbers_run_through_headings() {
        let (b, d) = parse(
            "## Reasons\n\n1. One.\n\n2. Two.\n\n   - nested\n\n## Detail\n\n3. Three.\n",
            Numbering::Manual,
            ParagraphStyle::Flat,
        );
        assert!(d.is_empty(), "{d:?}");
        let nums: Vec<_> = b.paragraphs().map(|p| p.number.as_str()).collect();
        assert_eq!(nums, ["1", "2", "3"]);
        assert_eq!(
            b.sections[0].paragraphs[1].body.markdown().trim(),
            "Two.\n\n   - nested"
        );
    }

    #[test]
    fn auto_numbering_numbers_paragraphs_and_keeps_labels() {
        let (b, d) = parse(
            "Lead text.\n\n## Funding\n\nFirst.\n\n- list stays\n\n{#pool} Second.\n\n## Risks\n\nThird.\n",
            Numbering::Auto,
            ParagraphStyle::Sectioned,
        );
        assert!(d.is_empty(), "{d:?}");
        let nums: Vec<_> = b
            .paragraphs()
            .map(|p| (p.number.as_str(), p.label.as_deref()))
            .collect();
        assert_eq!(nums, [("1.1", None), ("1.2", Some("pool")), ("2.1", None)]);
        assert_eq!(
            b.sections[0].lead.as_ref().map(|c| c.markdown().trim()),
            Some("Lead text.")
        );
    }

    #[test]
    fn auto_numbering_keeps_a_lone_shortcode_with_its_paragraph_and_reads_heading_labels() {
        let (b, d) = parse(
            "## Money {#money}\n\nThe table:\n\n{{ fund p f }}\n\n{{ figure p f total }} was spent.\n",
            Numbering::Auto,
            ParagraphStyle::Sectioned,
        );
        assert!(d.is_empty(), "{d:?}");
        let nums: Vec<_> = b.paragraphs().map(|p| p.number.as_str()).collect();
        assert_eq!(nums, ["1.1", "1.2"]);
        assert!(b.sections[0].paragraphs[0]
            .body
            .markdown()
            .contains("{{ fund p f }}"));
        let h = b.sections[0].heading.as_ref().expect("heading");
        assert_eq!(
            (h.text.as_str(), h.label.as_deref()),
            ("Money", Some("money"))
        );
        assert_eq!(
            crate::model::Targets::of(&b).resolve("money").map(|r| r.1),
            Some("section 1".to_string())
        );
    }

    #[test]
    fn auto_numbering_warns_once_about_numbers_already_written_in_the_text() {
        let (b, d) = parse(
            "## 1. Present\n\n1.1 Councillor M. Reed (Chair).\n\n## 2. Plan\n\n2.1 The Board considered it.\n",
            Numbering::Auto,
            ParagraphStyle::Sectioned,
        );
        assert_eq!(
            d,
            ["p.md:1:4: warning: this text already starts with the number \"1.\", and automatic numbering numbers it again as 1. (and 3 more headings or paragraphs)"]
        );
        let nums: Vec<_> = b.paragraphs().map(|p| p.number.as_str()).collect();
        assert_eq!(nums, ["1.1", "2.1"]);
        let (_, d) = parse(
            "## Present\n\nText.\n\n1.2. Councillor A.\n",
            Numbering::Auto,
            ParagraphStyle::Flat,
        );
        assert_eq!(
            d,
            ["p.md:5:1: warning: this text already starts with the number \"1.2.\", and automatic numbering numbers it again as 2"]
        );
        // Numbers inside a sentence, figures and ordered lists are not paragraph numbers.
        let (_, d) = parse(
            "## Money\n\n2016/17 was the first year.\n\n1. a list\n2. item\n\n3.5% fewer delays.\n",
            Numbering::Auto,
            ParagraphStyle::Sectioned,
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn auto_numbering_keeps_a_table_caption_with_its_table() {
        let (b, d) = parse(
            "## Performance\n\nSummarised below.\n\nTable: Access standards (%)\n\n| Standard | Q3 |\n|---|---:|\n| RTT | 92.0% |\n\nTable: Second table\n\n| A | B |\n|---|---|\n| a | b |\n\nNext.\n",
            Numbering::Auto,
            ParagraphStyle::Sectioned,
        );
        assert!(d.is_empty(), "{d:?}");
        let nums: Vec<_> = b.paragraphs().map(|p| p.number.as_str()).collect();
        assert_eq!(nums, ["1.1", "1.2"]);
        assert!(b.sections[0].paragraphs[0]
            .body
            .markdown()
            .contains("Table: Second table"));
    }

    #[test]
    fn skipped_heading_levels_are_errors() {
        let (_, d) = parse("## A\n\n#### B\n", Numbering::Auto, ParagraphStyle::Flat);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].starts_with("p.md:3:1: error: heading level skipped"),
            "{d:?}"
        );
    }

    #[test]
    fn fenced_code_is_never_numbered() {
        let (b, _) = parse(
            "## 1. A\n\n```\n1.1 not a paragraph\n```\n",
            Numbering::Manual,
            ParagraphStyle::Sectioned,
        );
        assert_eq!(b.paragraphs().count(), 0);
    }
}

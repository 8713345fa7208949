//! Markdown → HTML: the one place that sets pulldown-cmark's options and
//! rewrites its event stream.
//!
//! The rewrite makes the output accessible and CSP-safe: tables get a
//! focusable, labelled scroll wrapper, `th scope` and alignment classes
//! instead of inline styles; links and images are linted (empty or
//! meaningless link text, `javascript:` URLs, images without alt text,
//! external images); shortcodes (`{{ name args }}`) are expanded; raw HTML
//! is sanitised with an allow-list.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use pulldown_cmark::{Alignment, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::fmt::Write;
use std::sync::Arc;

/// Expands shortcodes for one page.
pub trait Shortcodes {
    /// Inline HTML for `{{ name args }}` inside text, or a message and hint.
    fn inline(&self, name: &str, args: &[&str]) -> Result<String, (String, String)>;
    /// Block HTML when a paragraph holds only `{{ name args }}`; `None` when
    /// `name` is not a block shortcode.
    fn block(&self, name: &str, args: &[&str]) -> Option<Result<String, (String, String)>>;
    /// Whether `name` is a block shortcode.
    fn is_block(&self, name: &str) -> bool;
    /// Whether raw HTML is kept as written (`allow_raw_html` in
    /// `site.toml`) rather than sanitised. Script, event handlers and
    /// inline styles are refused either way.
    fn allow_raw_html(&self) -> bool {
        false
    }
}

/// Lists and block quotes nested deeper than this are an error: no paper
/// needs it, and it keeps every later stage's work bounded.
pub const MAX_NESTING: usize = 32;

/// What in raw HTML plansite refuses, as (message, hint) pairs. `kept`
/// says whether the HTML will be published as written (`allow_raw_html`);
/// then inline styles and embedded content are refused too, because they
/// would break the strict Content-Security-Policy or load other sites.
pub fn raw_html_problems(html: &str, kept: bool) -> Vec<(String, &'static str)> {
    let lower: String = html
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect::<String>()
        .to_ascii_lowercase();
    let mut out = Vec::new();
    let mut elements: Vec<&str> = vec!["script"];
    if kept {
        elements.extend([
            "style", "iframe", "object", "embed", "link", "meta", "base", "form",
        ]);
    }
    for el in elements {
        if lower.contains(&format!("<{el}")) {
            out.push((
                format!("raw HTML <{el}> is not allowed"),
                if el == "script" {
                    "published pages run no script from content: remove it (plansite draws tables and charts itself)"
                } else {
                    "the site must work under a strict Content-Security-Policy and load nothing from other sites: remove it"
                },
            ));
        }
    }
    // Event handlers: an attribute whose name starts with "on".
    let b = lower.as_bytes();
    let first_tag = lower.find('<');
    for (i, _) in lower.match_indices("on") {
        let before_ok = i > 0 && matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'"' | b'\'' | b'/');
        let name_len = b[i + 2..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let after = &lower[i + 2 + name_len..];
        if before_ok
            && name_len > 0
            && after.trim_start().starts_with('=')
            && first_tag.is_some_and(|t| t < i)
        {
            out.push((
                format!(
                    "raw HTML has an event handler ({})",
                    &lower[i..i + 2 + name_len]
                ),
                "published pages run no script from content: remove the attribute",
            ));
            break;
        }
    }
    if kept
        && (lower.contains(" style=") || lower.contains(" style =") || lower.contains("\nstyle="))
    {
        out.push((
            "raw HTML has a style attribute".to_string(),
            "the site must work under a strict Content-Security-Policy: use a class from the theme instead",
        ));
    }
    let squeezed: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    for scheme in ["javascript:", "vbscript:", "data:"] {
        if ["=", "=\"", "='"]
            .iter()
            .any(|q| squeezed.contains(&format!("{q}{scheme}")))
        {
            out.push((
                format!("raw HTML uses a {scheme} URL, which plansite refuses"),
                "link to an https:// address or a page on this site",
            ));
        }
    }
    out
}

/// Shortcodes for text that may not use any (summaries, notes).
pub struct NoShortcodes;

impl Shortcodes for NoShortcodes {
    fn inline(&self, name: &str, _: &[&str]) -> Result<String, (String, String)> {
        Err((
            format!("shortcode \"{name}\" cannot be used here"),
            "shortcodes work in the body of a paper".to_string(),
        ))
    }
    fn block(&self, _: &str, _: &[&str]) -> Option<Result<String, (String, String)>> {
        None
    }
    fn is_block(&self, _: &str) -> bool {
        false
    }
}

/// The name of the block shortcode that `text` consists of, if any.
fn block_shortcode<'t>(text: &'t str, sc: &dyn Shortcodes) -> Option<&'t str> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    if inner.contains("}}") {
        return None;
    }
    parse_shortcode(inner)
        .ok()
        .flatten()
        .map(|(name, _)| name)
        .filter(|n| sc.is_block(n))
}

/// Where a chunk of Markdown came from, to locate problems.
pub struct Origin<'a> {
    pub path: &'a Arc<str>,
    /// 1-based line of the chunk's first line in its file.
    pub line: u32,
}

const LINK_TEXT_SAYS_NOTHING: [&str; 9] = [
    "click here",
    "here",
    "read more",
    "more",
    "link",
    "this link",
    "click",
    "this",
    "more information",
];

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

struct Ctx<'a> {
    origin: &'a Origin<'a>,
    text: &'a str,
    diags: &'a mut Diagnostics,
    tables: usize,
    /// Ids put on the page by raw HTML and block shortcodes, with where and what.
    ids: Vec<(String, Location, String)>,
    /// Column in the file of the text's first character (its first line
    /// may follow a paragraph number that is not part of the Markdown).
    first_col: u32,
}

impl Ctx<'_> {
    fn note_ids(&mut self, html: &str, range: &std::ops::Range<usize>, what: &str) {
        for (id, _) in super::page_ids::ids_in(html) {
            let location = self.loc(range);
            self.ids.push((id.to_string(), location, what.to_string()));
        }
    }
}

impl Ctx<'_> {
    fn loc(&self, range: &std::ops::Range<usize>) -> Location {
        let before = &self.text[..range.start.min(self.text.len())];
        let newlines = before.matches('\n').count() as u32;
        let line = self.origin.line + newlines;
        let mut col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
        if newlines == 0 {
            col += self.first_col.saturating_sub(1);
        }
        let len = self
            .text
            .get(range.clone())
            .map_or(0, |s| s.lines().next().unwrap_or("").chars().count());
        Location::at(self.origin.path.clone(), line, col, len as u32)
    }
}

/// A shortcode's name and arguments.
type Parsed<'a> = (&'a str, Vec<&'a str>);

/// Splits `{{ name a b }}` into name and arguments, at spaces outside
/// double quotes: a quoted part of an argument (straight `"…"` or curly
/// `“…”`) keeps its spaces and its quotes, so `year="2016 to 2017"` and
/// `"Full year = 2016/17 uplift"` are one argument each. `Ok(None)` for an
/// empty shortcode; a quote left open is an error (message, hint).
pub(crate) fn parse_shortcode(inner: &str) -> Result<Option<Parsed<'_>>, (String, String)> {
    let mut words = Vec::new();
    let mut start = None;
    // The quote that closes the one open, and where it opened.
    let mut open: Option<(char, usize)> = None;
    for (i, c) in inner.char_indices() {
        match open {
            Some((close, _)) => {
                if c == close {
                    open = None;
                }
            }
            None if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    words.push(&inner[s..i]);
                }
            }
            None => {
                start.get_or_insert(i);
                open = match c {
                    '"' => Some(('"', i)),
                    '“' => Some(('”', i)),
                    _ => None,
                };
            }
        }
    }
    if let Some((close, at)) = open {
        let rest = inner[at..].trim_end();
        return Err((
            format!("a quote in this shortcode is not closed: {rest}"),
            format!("close it with {close}: a quoted argument keeps its spaces, e.g. year=\"Outturn 2016/17\" or line \"Protection of social care\""),
        ));
    }
    if let Some(s) = start {
        words.push(&inner[s..]);
    }
    let mut words = words.into_iter();
    Ok(words.next().map(|name| (name, words.collect())))
}

use super::escape;

/// Expands inline shortcodes in a run of text into HTML.
fn expand_text(
    text: &str,
    range: &std::ops::Range<usize>,
    sc: &dyn Shortcodes,
    ctx: &mut Ctx<'_>,
) -> Option<String> {
    if !text.contains("{{") {
        return None;
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&escape(&rest[..start]));
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            ctx.diags.push(
                Diagnostic::error("shortcode is not closed")
                    .at(ctx.loc(range))
                    .hint("close it with }}"),
            );
            out.push_str(&escape(&rest[start..]));
            return Some(out);
        };
        let inner = &after[..end];
        let written = &rest[start..start + 2 + end + 2];
        // Point at the shortcode itself when the source holds it verbatim
        // after the start of this run of text; else at the run.
        let found = ctx
            .text
            .get(range.start..range.end.min(ctx.text.len()))
            .and_then(|src| src.find(written));
        let here = found.map_or_else(
            || range.clone(),
            |i| range.start + i..range.start + i + written.len(),
        );
        let parsed = match parse_shortcode(inner) {
            Ok(parsed) => parsed,
            Err((message, hint)) => {
                let d = Diagnostic::error(message).at(ctx.loc(&here)).hint(hint);
                ctx.diags.push(d);
                out.push_str(&escape(written));
                rest = &after[end + 2..];
                continue;
            }
        };
        match parsed {
            // Which papers a paper links to is read from its file's text
            // (`content::paper_digest`), so that a rebuild draws it again
            // when one of them changes: a link must be in the text as it
            // is drawn, not spelt with escapes or character references.
            Some(("paper", _)) if found.is_none() => {
                ctx.diags.push(
                    Diagnostic::error(format!(
                        "this link to a paper is written with a backslash or a character reference: {written}"
                    ))
                    .at(ctx.loc(&here))
                    .hint("write it plainly, e.g. {{ paper kent-hwb/2016-01-27/new-planning-arrangements }}"),
                );
                out.push_str(&escape(written));
            }
            Some((name, args)) => match sc.inline(name, &args) {
                Ok(html) => out.push_str(&html),
                Err((message, hint)) => {
                    let d = Diagnostic::error(message).at(ctx.loc(&here)).hint(hint);
                    ctx.diags.push(d);
                    out.push_str(&escape(&rest[start..start + 2 + end + 2]));
                }
            },
            None => out.push_str(&escape(&rest[start..start + end + 4])),
        }
        rest = &after[end + 2..];
    }
    out.push_str(&escape(rest));
    Some(out)
}

fn align_class(a: Alignment) -> &'static str {
    match a {
        Alignment::Right => " class=\"num\"",
        Alignment::Center => " class=\"centre\"",
        Alignment::Left | Alignment::None => "",
    }
}

fn bad_scheme(url: &str) -> Option<&'static str> {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:", "file:"]
        .into_iter()
        .find(|s| lower.starts_with(s))
}

/// How the tables of a chunk of Markdown are drawn, worked out before it
/// is rendered: each table's caption (a paragraph `Table: …` directly
/// before or after it), and which body cells are empty.
struct TablePlan {
    /// By the index of the table's start event: the caption's HTML and its
    /// words as plain text (the table's accessible name).
    captions: std::collections::HashMap<usize, (String, String)>,
    /// Events not drawn where they are: the caption paragraphs.
    skip: std::collections::HashSet<usize>,
    /// Start events of empty cells (an empty first cell is no row header).
    empty_cells: std::collections::HashSet<usize>,
}

/// What a caption paragraph starts with.
pub const CAPTION_PREFIX: &str = "Table:";

impl TablePlan {
    fn of(all: &[(Event<'_>, std::ops::Range<usize>)]) -> Self {
        let mut plan = TablePlan {
            captions: std::collections::HashMap::new(),
            skip: std::collections::HashSet::new(),
            empty_cells: std::collections::HashSet::new(),
        };
        let mut table_start = None;
        let mut last_table: Option<(usize, usize)> = None; // (start, end) event indexes
        let mut i = 0;
        while i < all.len() {
            match &all[i].0 {
                Event::Start(Tag::Table(_)) => table_start = Some(i),
                Event::End(TagEnd::Table) => {
                    last_table = table_start.take().map(|s| (s, i));
                }
                Event::Start(Tag::TableCell)
                    if matches!(all.get(i + 1), Some((Event::End(TagEnd::TableCell), _))) =>
                {
                    plan.empty_cells.insert(i);
                }
                Event::Start(Tag::Paragraph) => {
                    let end = (i + 1..all.len())
                        .find(|&j| matches!(all[j].0, Event::End(TagEnd::Paragraph)));
                    if let Some(end) = end {
                        if let Some(caption) = Self::caption(&all[i + 1..end]) {
                            let before =
                                matches!(all.get(end + 1), Some((Event::Start(Tag::Table(_)), _)));
                            let after = last_table.filter(|(_, e)| *e + 1 == i).map(|(s, _)| s);
                            let table = if before { Some(end + 1) } else { after };
                            if let Some(t) = table.filter(|t| !plan.captions.contains_key(t)) {
                                plan.captions.insert(t, caption);
                                plan.skip.extend(i..=end);
                            }
                        }
                        i = end;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        plan
    }

    /// A paragraph's inline events as a caption, if it is `Table: …`.
    fn caption(inline: &[(Event<'_>, std::ops::Range<usize>)]) -> Option<(String, String)> {
        let (Event::Text(first), _) = inline.first()? else {
            return None;
        };
        let rest = first.strip_prefix(CAPTION_PREFIX)?.trim_start();
        let mut events: Vec<Event<'_>> = Vec::with_capacity(inline.len());
        if !rest.is_empty() {
            events.push(Event::Text(CowStr::from(rest.to_string())));
        }
        // Words, code and emphasis only: a paragraph with a link, an image or
        // HTML is drawn as a paragraph, where they are checked.
        for (e, _) in &inline[1..] {
            match e {
                Event::Text(_)
                | Event::Code(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::Start(Tag::Emphasis | Tag::Strong)
                | Event::End(TagEnd::Emphasis | TagEnd::Strong) => events.push(e.clone()),
                _ => return None,
            }
        }
        let plain: String = events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                Event::SoftBreak | Event::HardBreak => Some(" "),
                _ => None,
            })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if plain.is_empty() {
            return None;
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        Some((html.trim().to_string(), plain))
    }
}

/// The footnotes of one paper, gathered as its chunks of Markdown are
/// rendered in order. A reference `[^label]` is drawn as a numbered link
/// ("Footnote 1"); a definition `[^label]: …` may be written in any chunk
/// (usually at the foot of the paper, where it falls inside the last
/// paragraph's text) and is drawn in the paper's Notes, not where it is.
/// Ids are `fn-1` (a note) and `fnref-1` (its reference; `fnref-1-2` for a
/// second reference to it), never a paragraph's or a section's.
#[derive(Debug, Default)]
pub struct Footnotes {
    /// Every label the paper's definitions give (lower case: labels match
    /// regardless of case), found before rendering, so that a reference in
    /// one chunk finds a definition written in another.
    defined: Vec<String>,
    /// Labels (lower case) in the order they are first referred to:
    /// footnote n is `order[n - 1]`.
    order: Vec<String>,
    /// For each footnote in `order`: where each reference to it is.
    references: Vec<Vec<Option<String>>>,
    /// Each definition: its label (lower case) as written, HTML, location.
    definitions: Vec<(String, String, String, Location)>,
    /// Where the text being rendered is, for back links: "paragraph 1.1".
    pub place: Option<String>,
}

/// One of a paper's notes, as its Notes section shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// `fn-1`.
    pub anchor: String,
    pub html: String,
    /// Links back to each reference: (href, words).
    pub back: Vec<(String, String)>,
}

/// The label a line defines, if it is a footnote definition `[^label]: …`
/// (indented at most three spaces).
fn defined_label(line: &str) -> Option<&str> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let rest = t.strip_prefix("[^")?;
    let end = rest.find("]:")?;
    let label = &rest[..end];
    (!label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == ']' || c == '['))
        .then_some(label)
}

/// Whether a line is a footnote definition, `[^label]: …`.
pub fn defines_footnote(line: &str) -> bool {
    defined_label(line).is_some()
}

/// The labels defined in a chunk of Markdown (outside fenced code).
fn labels_defined(markdown: &str) -> Vec<String> {
    let mut fence: Option<&str> = None;
    let mut out = Vec::new();
    for line in markdown.lines() {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") {
            fence = Some("```");
        } else if t.starts_with("~~~") {
            fence = Some("~~~");
        } else if let Some(label) = defined_label(line) {
            out.push(label.to_lowercase());
        }
    }
    out
}

impl Footnotes {
    /// The footnotes of a paper whose chunks of Markdown are `chunks`.
    pub fn new<'c>(chunks: impl IntoIterator<Item = &'c str>) -> Self {
        let mut defined: Vec<String> = chunks.into_iter().flat_map(labels_defined).collect();
        defined.sort();
        defined.dedup();
        Footnotes {
            defined,
            ..Footnotes::default()
        }
    }

    /// Whether the paper has any footnote definition.
    pub fn is_empty(&self) -> bool {
        self.defined.is_empty()
    }

    /// The number of footnote `label` and the id of this reference to it.
    fn refer(&mut self, label: &str) -> (usize, String) {
        let key = label.to_lowercase();
        let i = match self.order.iter().position(|l| *l == key) {
            Some(i) => i,
            None => {
                self.order.push(key);
                self.references.push(Vec::new());
                self.order.len() - 1
            }
        };
        self.references[i].push(self.place.clone());
        let n = i + 1;
        let id = match self.references[i].len() {
            1 => format!("fnref-{n}"),
            k => format!("fnref-{n}-{k}"),
        };
        (n, id)
    }

    /// The notes in the order of their first reference, then any that
    /// nothing refers to (each a warning: it is shown, unnumbered in the
    /// text). A second definition of a label is a warning, and not shown.
    pub fn finish(self, diags: &mut Diagnostics) -> Vec<Note> {
        let mut defs: Vec<(String, String, String, Location)> = Vec::new();
        for (key, written, html, at) in self.definitions {
            if let Some((_, _, _, first)) = defs.iter().find(|(k, ..)| *k == key) {
                diags.push(
                    Diagnostic::warning(format!("footnote [^{written}] is defined twice"))
                        .at(at)
                        .hint(format!("the first definition, at {first}, is the one shown; give each note its own label")),
                );
                continue;
            }
            defs.push((key, written, html, at));
        }
        let mut notes = Vec::new();
        for (i, key) in self.order.iter().enumerate() {
            let n = i + 1;
            let Some((_, _, html, _)) = defs.iter().find(|(k, ..)| k == key) else {
                continue;
            };
            let back = self.references[i]
                .iter()
                .enumerate()
                .map(|(k, place)| {
                    let href = match k {
                        0 => format!("#fnref-{n}"),
                        k => format!("#fnref-{n}-{}", k + 1),
                    };
                    let words = match place {
                        Some(p) => format!("Back to {p}"),
                        None => "Back to the text".to_string(),
                    };
                    (href, words)
                })
                .collect();
            notes.push(Note {
                anchor: format!("fn-{n}"),
                html: html.clone(),
                back,
            });
        }
        for (key, written, html, at) in defs {
            if self.order.contains(&key) {
                continue;
            }
            diags.push(
                Diagnostic::warning(format!(
                    "footnote [^{written}] is defined but nothing refers to it"
                ))
                .at(at)
                .hint(format!(
                    "refer to it where it applies, e.g. …2017).[^{written}]; it is shown at the end of the Notes, with no reference in the text"
                )),
            );
            notes.push(Note {
                anchor: format!("fn-{}", notes.len() + 1),
                html,
                back: Vec::new(),
            });
        }
        notes
    }
}

/// Warns about each `[^label]` left in text: a footnote reference that no
/// definition in the paper answers (pulldown-cmark leaves it as text).
fn undefined_footnotes(
    text: &str,
    range: &std::ops::Range<usize>,
    defined: &[String],
    ctx: &mut Ctx<'_>,
) {
    let mut rest = text;
    while let Some(i) = rest.find("[^") {
        let after = &rest[i + 2..];
        let Some(end) = after.find(']') else {
            break;
        };
        let label = &after[..end];
        rest = &after[end..];
        if label.is_empty()
            || label.contains(char::is_whitespace)
            || label.contains('[')
            || defined.contains(&label.to_lowercase())
        {
            continue;
        }
        let written = format!("[^{label}]");
        let here = ctx
            .text
            .get(range.start..range.end.min(ctx.text.len()))
            .and_then(|src| src.find(&written))
            .map_or_else(
                || range.clone(),
                |i| range.start + i..range.start + i + written.len(),
            );
        ctx.diags.push(
            Diagnostic::warning(format!(
                "footnote {written} has no definition in this paper"
            ))
            .at(ctx.loc(&here))
            .hint(format!(
                "define it at the foot of the paper, on a line of its own: {written}: The note's text."
            )),
        );
    }
}

/// Renders Markdown to HTML, pushing any problems to `diags`.
pub fn render(
    markdown: &str,
    origin: &Origin<'_>,
    sc: &dyn Shortcodes,
    diags: &mut Diagnostics,
) -> String {
    render_with_ids(markdown, origin, 1, sc, None, diags).0
}

/// Like [`render`], and also returns every id the Markdown puts on the page
/// (in raw HTML, or in the HTML of a block shortcode such as a fund table)
/// with where it was written, so a duplicate id on the page can be located.
/// `first_col` is the column in the file of the Markdown's first character.
/// With `footnotes` (a paper's body), footnote references and definitions
/// are drawn as [`Footnotes`] says; without, as pulldown-cmark draws them.
pub fn render_with_ids(
    markdown: &str,
    origin: &Origin<'_>,
    first_col: u32,
    sc: &dyn Shortcodes,
    mut footnotes: Option<&mut Footnotes>,
    diags: &mut Diagnostics,
) -> (String, Vec<(String, Location, String)>) {
    let mut ctx = Ctx {
        origin,
        text: markdown,
        diags,
        tables: 0,
        ids: Vec::new(),
        first_col,
    };
    // A reference finds a definition only in the text parsed with it: the
    // labels defined in the paper's other chunks are given here too, after
    // the text (their definitions are dropped; the real ones are drawn in
    // the Notes).
    let written_len = markdown.len();
    let with_labels: String;
    let parsed: &str = match &footnotes {
        Some(f) if markdown.contains("[^") => {
            let here = labels_defined(markdown);
            let elsewhere: Vec<&String> = f.defined.iter().filter(|l| !here.contains(l)).collect();
            if elsewhere.is_empty() {
                markdown
            } else {
                let mut text = format!("{markdown}\n\n");
                for label in elsewhere {
                    let _ = write!(text, "[^{label}]: .\n\n");
                }
                with_labels = text;
                &with_labels
            }
        }
        _ => markdown,
    };
    let parser = Parser::new_ext(parsed, options()).into_offset_iter();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut raw_html = false;
    // State for tables, links and images.
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut head_cells_empty = true;
    let mut cell = 0usize;
    let mut link: Option<(String, std::ops::Range<usize>, usize)> = None; // (url, range, event index)
    let mut link_text = String::new();
    let mut image: Option<(String, std::ops::Range<usize>)> = None;
    let mut image_alt = String::new();
    let mut paragraph_start: Option<usize> = None;

    let mut all: Vec<(Event<'_>, std::ops::Range<usize>)> = Vec::new();
    // Merge adjacent text events so shortcodes split by pulldown-cmark are seen whole.
    for (ev, range) in parser {
        if let (Event::Text(t), Some((Event::Text(prev), prange))) = (&ev, all.last_mut()) {
            if prange.end == range.start || !t.is_empty() {
                let merged = format!("{prev}{t}");
                *prev = CowStr::from(merged);
                prange.end = range.end;
                continue;
            }
        }
        all.push((ev, range));
    }

    // Refuse absurd nesting before doing any work on it.
    let mut depth = 0usize;
    for (ev, range) in &all {
        match ev {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                depth += 1;
                if depth > MAX_NESTING {
                    ctx.diags.push(
                        Diagnostic::error(format!(
                            "lists and quotes are nested more than {MAX_NESTING} deep"
                        ))
                        .at(ctx.loc(range))
                        .hint("flatten the structure: no paper needs this much nesting"),
                    );
                    return (String::new(), Vec::new());
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }

    let tables = TablePlan::of(&all);
    let mut row_headers = false;
    let mut cell_is_th = false;
    // A footnote definition being drawn: its label, where its events start
    // in `events`, and where it is written (`None` for a label given above).
    let mut definition: Option<(String, usize, Option<std::ops::Range<usize>>)> = None;

    let mut in_code = false;
    for (index, (ev, range)) in all.into_iter().enumerate() {
        if tables.skip.contains(&index) {
            continue;
        }
        match &ev {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        match ev {
            Event::Start(Tag::Paragraph) => {
                paragraph_start = Some(events.len());
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                // A paragraph that is only a block shortcode becomes the block.
                if let Some(start) = paragraph_start.take() {
                    if events.len() == start + 2 {
                        if let Event::Text(t) = &events[start + 1] {
                            let t = t.trim();
                            if let Some(inner) =
                                t.strip_prefix("{{").and_then(|s| s.strip_suffix("}}"))
                            {
                                if !inner.contains("}}") {
                                    if let Ok(Some((name, args))) = parse_shortcode(inner) {
                                        if let Some(result) = sc.block(name, &args) {
                                            let what = format!("the {{{{ {name} }}}} shortcode");
                                            events.truncate(start);
                                            match result {
                                                Ok(html) => {
                                                    ctx.note_ids(&html, &range, &what);
                                                    events.push(Event::Html(CowStr::from(html)))
                                                }
                                                Err((m, h)) => ctx.diags.push(
                                                    Diagnostic::error(m)
                                                        .at(ctx.loc(&range))
                                                        .hint(h),
                                                ),
                                            }
                                            continue;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                events.push(Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::FootnoteDefinition(label)) if footnotes.is_some() => {
                let at = (range.start < written_len).then_some(range);
                definition = Some((label.to_string(), events.len(), at));
            }
            Event::End(TagEnd::FootnoteDefinition) if footnotes.is_some() => {
                if let Some((label, start, at)) = definition.take() {
                    let drawn: Vec<Event<'_>> = events.drain(start..).collect();
                    if let (Some(at), Some(f)) = (at, footnotes.as_deref_mut()) {
                        let mut html = String::new();
                        pulldown_cmark::html::push_html(&mut html, drawn.into_iter());
                        if raw_html && !sc.allow_raw_html() {
                            html = sanitize(&html);
                        }
                        f.definitions
                            .push((label.to_lowercase(), label, html, ctx.loc(&at)));
                    }
                }
            }
            Event::FootnoteReference(label) if footnotes.is_some() => {
                if let Some(f) = footnotes.as_deref_mut() {
                    let (n, id) = f.refer(&label);
                    let html = format!(
                        "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\"><span class=\"visually-hidden\">Footnote </span>{n}</a></sup>"
                    );
                    ctx.note_ids(
                        &html,
                        &range,
                        &format!("the reference to footnote [^{label}]"),
                    );
                    events.push(Event::InlineHtml(CowStr::from(html)));
                }
            }
            Event::Text(t) => {
                if image.is_some() {
                    image_alt.push_str(&t);
                    continue;
                }
                if let Some(f) = footnotes.as_deref() {
                    if !in_code && t.contains("[^") {
                        undefined_footnotes(&t, &range, &f.defined, &mut ctx);
                    }
                }
                if link.is_some() {
                    link_text.push_str(&t);
                }
                if in_head && !t.trim().is_empty() {
                    head_cells_empty = false;
                }
                if paragraph_start == Some(events.len() - 1) && block_shortcode(&t, sc).is_some() {
                    events.push(Event::Text(t));
                    continue;
                }
                match expand_text(&t, &range, sc, &mut ctx) {
                    Some(html) => events.push(Event::InlineHtml(CowStr::from(html))),
                    None => events.push(Event::Text(t)),
                }
            }
            Event::Code(c) => {
                if link.is_some() {
                    link_text.push_str(&c);
                }
                if image.is_some() {
                    image_alt.push_str(&c);
                    continue;
                }
                events.push(Event::Code(c));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                raw_html = true;
                for (message, hint) in raw_html_problems(&h, sc.allow_raw_html()) {
                    ctx.diags
                        .push(Diagnostic::error(message).at(ctx.loc(&range)).hint(hint));
                }
                ctx.note_ids(&h, &range, "HTML in the paper's text");
                events.push(Event::InlineHtml(h));
            }
            Event::Start(Tag::Table(a)) => {
                ctx.tables += 1;
                // A table of figures has its row labels in the first column
                // (a right-aligned first column holds figures itself).
                row_headers = a.len() >= 2
                    && !matches!(a.first(), Some(Alignment::Right | Alignment::Center));
                alignments = a;
                head_cells_empty = true;
                let html = match tables.captions.get(&index) {
                    Some((caption, name)) => format!(
                        "<div class=\"table-wrap\" role=\"region\" aria-label=\"{}\" tabindex=\"0\"><table><caption>{caption}</caption>",
                        escape(name)
                    ),
                    None => format!(
                        "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table {}\" tabindex=\"0\"><table>",
                        ctx.tables
                    ),
                };
                events.push(Event::Html(CowStr::from(html)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::Html(CowStr::from("</tbody></table></div>\n")));
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                cell = 0;
                events.push(Event::Html(CowStr::from("<thead><tr>")));
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                if head_cells_empty {
                    ctx.diags.push(
                        Diagnostic::error("table has no header row")
                            .at(ctx.loc(&range))
                            .hint("give every column a heading in the first row, so screen readers can announce it"),
                    );
                }
                events.push(Event::Html(CowStr::from("</tr></thead><tbody>")));
            }
            Event::Start(Tag::TableRow) => {
                cell = 0;
                events.push(Event::Html(CowStr::from("<tr>")));
            }
            Event::End(TagEnd::TableRow) => events.push(Event::Html(CowStr::from("</tr>"))),
            Event::Start(Tag::TableCell) => {
                let class = align_class(alignments.get(cell).copied().unwrap_or(Alignment::None));
                cell_is_th = in_head;
                let html = if in_head {
                    format!("<th scope=\"col\"{class}>")
                } else if cell == 0 && row_headers && !tables.empty_cells.contains(&index) {
                    cell_is_th = true;
                    format!("<th scope=\"row\"{class}>")
                } else {
                    format!("<td{class}>")
                };
                events.push(Event::Html(CowStr::from(html)));
            }
            Event::End(TagEnd::TableCell) => {
                events.push(Event::Html(CowStr::from(if cell_is_th {
                    "</th>"
                } else {
                    "</td>"
                })));
                cell += 1;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(s) = bad_scheme(&dest_url) {
                    ctx.diags.push(
                        Diagnostic::error(format!("link uses a {s} URL, which plansite refuses"))
                            .at(ctx.loc(&range))
                            .hint("link to an https:// address or a page on this site"),
                    );
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from("#"),
                        title,
                        id,
                    }));
                } else {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest_url.clone(),
                        title,
                        id,
                    }));
                }
                link = Some((dest_url.to_string(), range.clone(), events.len()));
                link_text.clear();
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, lrange, _)) = link.take() {
                    let text = link_text.trim().trim_end_matches(['.', ':']).to_lowercase();
                    let location = ctx.loc(&lrange);
                    if text.is_empty() {
                        ctx.diags
                            .push(Diagnostic::error("link has no text").at(location).hint(
                            "write what the link leads to, e.g. [NHS planning guidance](https://…)",
                        ));
                    } else if LINK_TEXT_SAYS_NOTHING.contains(&text.as_str()) {
                        ctx.diags.push(
                            Diagnostic::error(format!("link text \"{}\" says nothing out of context", link_text.trim()))
                                .at(location)
                                .hint("screen-reader users often list links alone; name the destination, e.g. \"2016/17 Better Care Fund policy framework\""),
                        );
                    } else if text == url.to_lowercase()
                        || text.starts_with("http://")
                        || text.starts_with("https://")
                        || text.starts_with("www.")
                    {
                        ctx.diags.push(
                            Diagnostic::error("link text is a bare URL")
                                .at(location)
                                .hint("give the link a title that says where it goes: [Title of the document](https://…)"),
                        );
                    }
                }
                events.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), range.clone()));
                image_alt.clear();
            }
            Event::End(TagEnd::Image) => {
                if let Some((url, irange)) = image.take() {
                    let location = ctx.loc(&irange);
                    if image_alt.trim().is_empty() {
                        ctx.diags.push(
                            Diagnostic::error("image has no alt text")
                                .at(location.clone())
                                .hint("describe what the image shows: ![Timetable of plan submissions, January to June 2016](…)"),
                        );
                    }
                    if url.contains("://") || url.starts_with("//") || bad_scheme(&url).is_some() {
                        ctx.diags.push(
                            Diagnostic::error("image is loaded from another site")
                                .at(location)
                                .hint("the site makes no external requests: save the image beside the content, or link to it instead"),
                        );
                    } else {
                        let mut html = String::new();
                        let _ = write!(
                            html,
                            "<img src=\"{}\" alt=\"{}\">",
                            escape(&url),
                            escape(image_alt.trim())
                        );
                        events.push(Event::InlineHtml(CowStr::from(html)));
                    }
                }
            }
            other => events.push(other),
        }
    }

    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if raw_html && !sc.allow_raw_html() {
        html = sanitize(&html);
    }
    (html, ctx.ids)
}

/// The words of front-matter Markdown (a summary) as plain text, for
/// places that show text rather than HTML (What's new, the feeds, the
/// page's description): `**£1.6m**` is "£1.6m", a link its text, raw HTML
/// nothing; lines and blocks are joined by single spaces.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sanitises HTML with an allow-list: no script, no event handlers, no
/// inline styles, no dangerous URL schemes. Keeps the attributes plansite's
/// own rewrite produces.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["class", "id"])
        .add_tag_attributes("div", ["role", "aria-label", "tabindex"])
        .add_tag_attributes("th", ["scope"])
        .add_tag_attributes("a", ["aria-label"])
        .link_rel(None)
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_shortcode_argument_is_one_word_and_an_open_quote_is_an_error() {
        let words =
            |s: &str| parse_shortcode(s).map(|p| p.map(|(n, a)| (n.to_string(), a.join("|"))));
        let ok = |n: &str, a: &str| Ok(Some((n.to_string(), a.to_string())));
        type Words = Result<Option<(String, String)>, ()>;
        let cases: &[(&str, Words)] = &[
            ("", Ok(None)),
            ("  ", Ok(None)),
            ("ref 4.5", ok("ref", "4.5")),
            (" figure  p  f  total ", ok("figure", "p|f|total")),
            (
                "figure p f line \"Full year = 2016/17\" year=\"2016 to 2017\"",
                ok(
                    "figure",
                    "p|f|line|\"Full year = 2016/17\"|year=\"2016 to 2017\"",
                ),
            ),
            (
                "figure p f scheme “Carers  breaks” year = “Outturn 2016/17”",
                ok(
                    "figure",
                    "p|f|scheme|“Carers  breaks”|year|=|“Outturn 2016/17”",
                ),
            ),
            ("quoted \"\"", ok("quoted", "\"\"")),
            // A closing curly quote alone opens nothing.
            ("quoted 5” more", ok("quoted", "5”|more")),
        ];
        for (text, want) in cases {
            assert_eq!(words(text).map_err(|_| ()), *want, "{text}");
        }
        assert_eq!(
            parse_shortcode("figure p f line \"Carers year=2016/17 "),
            Err((
                "a quote in this shortcode is not closed: \"Carers year=2016/17".to_string(),
                "close it with \": a quoted argument keeps its spaces, e.g. year=\"Outturn 2016/17\" or line \"Protection of social care\"".to_string()
            ))
        );
        assert_eq!(
            parse_shortcode("figure p f line “Carers").map_err(|e| e.0),
            Err("a quote in this shortcode is not closed: “Carers".to_string())
        );
    }

    fn md(text: &str) -> (String, Vec<String>) {
        let path: Arc<str> = Arc::from("p.md");
        let mut d = Diagnostics::new();
        let html = render(
            text,
            &Origin {
                path: &path,
                line: 10,
            },
            &NoShortcodes,
            &mut d,
        );
        (html, d.iter().map(|x| x.to_string()).collect())
    }

    #[test]
    fn tables_get_a_labelled_scroll_wrapper_and_no_inline_style() {
        let (html, d) = md("| Scheme | £000 |\n|---|---:|\n| Carers | 1,374 |\n");
        assert!(d.is_empty(), "{d:?}");
        assert!(html.contains("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\" tabindex=\"0\"><table>"));
        assert!(html.contains("<th scope=\"col\" class=\"num\">£000</th>"));
        assert!(html.contains("<td class=\"num\">1,374</td>"));
        assert!(!html.contains("style="));
    }

    #[test]
    fn lints_links_and_images_with_their_location() {
        let (_, d) = md("Intro.\n\nSee [click here](https://x.gov.uk) and ![](pic.png).\n");
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(
            d[0].starts_with("p.md:12:5: error: link text \"click here\" says nothing"),
            "{d:?}"
        );
        assert!(d[1].contains("image has no alt text"), "{d:?}");
        let (_, d) = md("<https://example.gov.uk>\n");
        assert!(d[0].contains("bare URL"), "{d:?}");
        let (html, d) = md("[x](javascript:alert(1))\n");
        assert!(d[0].contains("javascript: URL"), "{d:?}");
        assert!(!html.contains("javascript"));
    }

    #[test]
    fn the_word_javascript_in_text_is_only_text() {
        // Found by the markdown fuzz target (fuzz/regressions/markdown/).
        let (html, d) = md("- consistent with the develjavascript: and x =data: words\n");
        assert!(d.is_empty(), "{d:?}");
        assert!(
            html.contains("develjavascript: and x =data: words"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_problems_are_errors_with_their_location() {
        let (html, d) =
            md("Text <img src=\"a.png\" alt=\"a\" onerror=\"x()\"> and <script>x()</script>.\n");
        assert_eq!(
            d,
            [
                "p.md:10:6: error: raw HTML has an event handler (onerror)",
                "p.md:10:50: error: raw HTML <script> is not allowed",
            ]
        );
        assert!(
            !html.contains("onerror") && !html.contains("<script"),
            "{html}"
        );
        let (_, d) = md("<a href=\" JavaScript:alert(1)\">x</a>\n");
        assert!(
            d.iter()
                .any(|x| x.contains("raw HTML uses a javascript: URL")),
            "{d:?}"
        );
    }

    #[test]
    fn raw_html_is_sanitised() {
        let (html, _) = md("Hello <script>alert(1)</script><b onclick=\"x()\">bold</b>\n");
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(html.contains("<b>bold</b>"), "{html}");
    }

    #[test]
    fn a_caption_line_names_the_table_and_row_labels_are_row_headers() {
        let table = "| Standard | Target | Q3 |\n|---|---:|---:|\n| A&E 4-hour | 95% | 94.7% |\n| | 92% | n/a |\n";
        let want = "<div class=\"table-wrap\" role=\"region\" aria-label=\"Performance against the access standards, 2017/18 (%)\" tabindex=\"0\"><table><caption>Performance against the access standards, <em>2017/18</em> (%)</caption><thead><tr><th scope=\"col\">Standard</th><th scope=\"col\" class=\"num\">Target</th><th scope=\"col\" class=\"num\">Q3</th></tr></thead><tbody><tr><th scope=\"row\">A&amp;E 4-hour</th><td class=\"num\">95%</td><td class=\"num\">94.7%</td></tr><tr><td></td><td class=\"num\">92%</td><td class=\"num\">n/a</td></tr></tbody></table></div>\n";
        // Before the table or after it.
        for text in [
            format!("Intro.\n\nTable: Performance against the access standards, *2017/18* (%)\n\n{table}"),
            format!("Intro.\n\n{table}\nTable: Performance against the access standards, *2017/18* (%)\n"),
        ] {
            let (html, d) = md(&text);
            assert!(d.is_empty(), "{d:?}");
            assert_eq!(html, format!("<p>Intro.</p>\n{want}"));
        }
        // Without a caption: numbered, as before. A first column of figures
        // (right-aligned) holds no row labels.
        let (html, _) = md("| £000 | Scheme |\n|---:|---|\n| 1,374 | Carers |\n");
        assert_eq!(
            html,
            "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\" tabindex=\"0\"><table><thead><tr><th scope=\"col\" class=\"num\">£000</th><th scope=\"col\">Scheme</th></tr></thead><tbody><tr><td class=\"num\">1,374</td><td>Carers</td></tr></tbody></table></div>\n"
        );
        // A "Table:" paragraph with a link in it, or away from any table,
        // is a paragraph.
        let (html, _) =
            md("Table: see [the plan](https://x.gov.uk/plan)\n\n| A | B |\n|---|---|\n| a | b |\n");
        assert!(html.starts_with("<p>Table: see <a href=\"https://x.gov.uk/plan\">the plan</a></p>\n<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\""), "{html}");
        let (html, _) = md("Table: of contents.\n\nText.\n");
        assert_eq!(html, "<p>Table: of contents.</p>\n<p>Text.</p>\n");
    }

    #[test]
    fn a_table_without_header_text_is_an_error() {
        let (_, d) = md("| | |\n|---|---|\n| a | b |\n");
        assert!(d[0].contains("table has no header row"), "{d:?}");
    }
}

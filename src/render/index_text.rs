//! The text the search index holds for one of plansite's own pages, read
//! straight from the page's HTML in one pass, for pagefind as a custom
//! record (see `search::add_records`).
//!
//! pagefind reads a page with a general HTML rewriter, which is about half
//! of the time it takes to index a page. plansite's pages are its own
//! templates' output: well formed, every element closed, attributes
//! quoted. So [`digest`] reads them with a small scanner and gives pagefind
//! the text its own reader makes of them (the page's `data-pagefind-body`
//! element, less anything marked `data-pagefind-ignore` or that pagefind
//! leaves out — `svg`, `nav`, `form`, `label`… —, with the same spaces and
//! full stops between blocks and the same weight for headings), and the
//! page's title (its first `h1`) and first image after it. The scanner
//! reads only a plain subset of HTML and returns `None` for anything
//! outside it — a comment, an unclosed or stray element, a custom element,
//! a repeated attribute, `data-pagefind-*` other than `body` and `ignore`,
//! `noscript`, `template`, form controls, MathML, SVG beyond simple shapes
//! and text, a body that is ignored or not a block, text straight after
//! the body, no `h1` — and then the whole shard is read by pagefind's own
//! reader (`search::index_shard`). The aim is that a theme's markup can
//! make indexing slower, never different; the tests compare the two
//! readings on every indexed page of the demonstration site, on markup a
//! reviewer found read differently (now left to pagefind), and on random
//! well-formed pages.
//!
//! The one difference is on purpose: the text carries no anchors (the
//! positions of elements with an `id`; only the space pagefind puts around
//! each is kept). pagefind's search API offers them as "sub-results"; the
//! theme's search script does not use them, and each page's fragment of
//! the index is the smaller without them.

/// A page's text for the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Digest {
    /// The words, with pagefind's heading-weight markers.
    pub(crate) content: String,
    /// The text of the first `h1`.
    pub(crate) title: String,
    /// The first image after it, and its text alternative, as pagefind
    /// keeps them.
    pub(crate) image: Option<(String, String)>,
}

/// Elements pagefind ends with a space and, after a word, a full stop.
const SENTENCE: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];

/// Elements whose text pagefind leaves out wherever they are.
const REMOVED: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];

/// Elements with no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose content is text up to their end tag, never markup (the
/// only ones read here; `title` only in `head`).
const RAW_TEXT: &[&str] = &["script", "style", "title"];

/// Elements an HTML parser reads by rules of their own (raw text, foreign
/// content, form controls, templates): a page with any of them is left to
/// pagefind's reader.
const UNREAD: &[&str] = &[
    "frameset",
    "iframe",
    "listing",
    "math",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "optgroup",
    "option",
    "plaintext",
    "select",
    "template",
    "textarea",
    "xmp",
];

/// The SVG elements read inside `svg` (plansite's charts use these); any
/// other is left to pagefind's reader. `title` and `desc` hold text only.
const SVG: &[&str] = &[
    "circle", "defs", "desc", "ellipse", "g", "line", "path", "polygon", "polyline", "rect",
    "text", "title", "tspan",
];

/// One open element.
struct Open {
    name: String,
    /// Its text is left out (it or an ancestor is ignored or removed).
    hidden: bool,
    /// It is the body of the index (`data-pagefind-body`).
    body: bool,
}

/// The page's text for the index, or `None` when the page must be read by
/// pagefind's own reader (see the module documentation).
pub(crate) fn digest(html: &str) -> Option<Digest> {
    let mut scan = Scanner {
        html,
        at: 0,
        stack: Vec::new(),
        out: String::with_capacity(html.len() / 2),
        in_body: false,
        bodies: 0,
        title: None,
        h1: None,
        image: None,
        html_seen: false,
        after_body: None,
    };
    scan.run()?;
    if scan.bodies != 1 || !scan.stack.is_empty() {
        return None;
    }
    let content = normalize(&scan.out);
    if content.is_empty() {
        return None;
    }
    let title = normalize(scan.title.as_deref()?);
    if title.is_empty() {
        return None;
    }
    Some(Digest {
        content,
        title,
        image: scan.image,
    })
}

struct Scanner<'h> {
    html: &'h str,
    at: usize,
    stack: Vec<Open>,
    /// The body's text so far (raw: entities are decoded at the end).
    out: String,
    /// Inside the body element.
    in_body: bool,
    bodies: usize,
    /// The first non-empty `h1`'s raw text, once it has ended.
    title: Option<String>,
    /// The raw text of the `h1` being read, if the title is not yet known.
    h1: Option<String>,
    /// The first image after the title: its source and text alternative.
    image: Option<(String, String)>,
    /// The page's `html` element has started.
    html_seen: bool,
    /// Once the body has ended: how many of the open elements are its
    /// ancestors (pagefind would add text written straight into them).
    after_body: Option<usize>,
}

impl Scanner<'_> {
    fn run(&mut self) -> Option<()> {
        let bytes = self.html.as_bytes();
        while self.at < bytes.len() {
            let next = memchr::memchr(b'<', &bytes[self.at..]).map_or(bytes.len(), |i| self.at + i);
            if next > self.at {
                let text = &self.html[self.at..next];
                self.text(text)?;
            }
            if next >= bytes.len() {
                break;
            }
            self.at = next;
            let rest = &bytes[next + 1..];
            match rest.first() {
                Some(b'/') => self.end_tag()?,
                Some(c) if c.is_ascii_alphabetic() => self.start_tag()?,
                Some(b'!')
                    if starts_with_ignore_case(rest, b"!doctype") && self.stack.is_empty() =>
                {
                    let close = memchr::memchr(b'>', rest)?;
                    self.at = next + 1 + close + 1;
                }
                // A comment, CDATA or a bare `<`: left to pagefind.
                _ => return None,
            }
        }
        Some(())
    }

    /// Text between tags; `None` for words outside the `html` element or
    /// written straight into the body's ancestors after it.
    fn text(&mut self, text: &str) -> Option<()> {
        let outside =
            self.stack.is_empty() || self.after_body.is_some_and(|a| self.stack.len() <= a);
        if outside && !text.trim_matches(char::is_whitespace).is_empty() {
            return None;
        }
        if let Some(h1) = self.h1.as_mut() {
            h1.push_str(text);
        }
        if self.in_body && !self.hidden() {
            self.out.push_str(text);
        }
        Some(())
    }

    fn hidden(&self) -> bool {
        self.stack.last().is_some_and(|o| o.hidden)
    }

    /// Whether text written now goes into the body's text.
    fn writing(&self) -> bool {
        self.in_body && !self.hidden()
    }

    fn start_tag(&mut self) -> Option<()> {
        let bytes = self.html.as_bytes();
        let start = self.at + 1;
        let name_end = start
            + bytes[start..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())?;
        // A name with a `-`, `:` or anything else (a custom element, a
        // namespace): pagefind's reader.
        if !matches!(bytes.get(name_end)?, b'>' | b'/')
            && !bytes.get(name_end)?.is_ascii_whitespace()
        {
            return None;
        }
        let name = self.html[start..name_end].to_ascii_lowercase();
        let mut i = name_end;
        let mut seen: Vec<String> = Vec::new();
        let mut ignore = false;
        let mut body = false;
        let mut src = None;
        let mut alt = None;
        let mut id = false;
        let self_closing;
        // Attributes: name, name=value, name="value" or name='value'.
        loop {
            while bytes.get(i)?.is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i)? {
                b'>' => {
                    self_closing = false;
                    i += 1;
                    break;
                }
                b'/' if bytes.get(i + 1) == Some(&b'>') => {
                    self_closing = true;
                    i += 2;
                    break;
                }
                _ => {}
            }
            let attr_start = i;
            while !matches!(bytes.get(i)?, b'=' | b'>' | b'/')
                && !bytes.get(i)?.is_ascii_whitespace()
            {
                i += 1;
            }
            let attr = self.html[attr_start..i].to_ascii_lowercase();
            // A repeated attribute (the first counts for an HTML parser).
            if attr.is_empty() || seen.contains(&attr) {
                return None;
            }
            let mut value = "";
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let close = memchr::memchr(*q, &bytes[i + 1..])?;
                        value = &self.html[i + 1..i + 1 + close];
                        i += close + 2;
                    }
                    _ => {
                        let v = i;
                        while !bytes.get(i)?.is_ascii_whitespace() && bytes.get(i)? != &b'>' {
                            i += 1;
                        }
                        value = &self.html[v..i];
                    }
                }
            }
            // `<` in a value (plansite's own markup escapes it).
            if value.contains('<') {
                return None;
            }
            if let Some(pagefind) = attr.strip_prefix("data-pagefind-") {
                match (pagefind, value.to_ascii_lowercase().as_str()) {
                    ("body", _) => body = true,
                    ("ignore", "" | "index" | "true") => ignore = true,
                    // `ignore="all"`, filters, meta, weights, sort keys…:
                    // pagefind's own reader.
                    _ => return None,
                }
            } else if attr == "id" {
                // An entity in an id is decoded into pagefind's text.
                if value.contains('&') {
                    return None;
                }
                id = true;
            } else if attr == "src" {
                src = Some(value);
            } else if attr == "alt" {
                alt = Some(value);
            }
            seen.push(attr);
        }
        self.at = i;
        // The whole page is one `html` element.
        if self.stack.is_empty() {
            if name != "html" || self.html_seen {
                return None;
            }
            self.html_seen = true;
        }
        if UNREAD.contains(&name.as_str()) || self.h1.is_some() {
            // Special elements, or markup inside the title.
            return None;
        }
        let foreign = self.stack.iter().any(|o| o.name == "svg");
        if foreign {
            let parent = self.stack.last().map(|o| o.name.as_str());
            if !SVG.contains(&name.as_str()) || matches!(parent, Some("title" | "desc")) {
                return None;
            }
        }
        if (ignore || body) && VOID.contains(&name.as_str()) {
            return None;
        }
        if id && !ignore && self.writing() {
            // pagefind marks where an element with an id starts, between
            // spaces: the text carries no marks, but keeps the space.
            self.out.push(' ');
        }
        if name == "br" && self.writing() {
            self.out.push(' ');
        }
        if name == "img" && self.title.is_some() && self.image.is_none() {
            if let Some(src) = src {
                self.image = Some((normalize(src), alt.map(normalize).unwrap_or_default()));
            }
        }
        if RAW_TEXT.contains(&name.as_str()) && !foreign {
            // Up to the end tag, unread: pagefind leaves script and style
            // out; a title is read only in the head.
            let in_head = self.stack.last().is_some_and(|o| o.name == "head");
            if name == "title" && !in_head {
                return None;
            }
            let close = find_ignore_case(&bytes[self.at..], format!("</{name}").as_bytes())?;
            // `<!--` in a script can hide its end tag from an HTML parser.
            if memchr::memmem::find(&bytes[self.at..self.at + close], b"<!--").is_some() {
                return None;
            }
            self.at += close;
            // Its end tag is read as any other.
            self.stack.push(Open {
                name,
                hidden: true,
                body: false,
            });
            return Some(());
        }
        if VOID.contains(&name.as_str()) {
            return Some(());
        }
        if self_closing {
            // `<x/>` closes itself only in SVG and MathML.
            return foreign.then_some(());
        }
        let removed = REMOVED.contains(&name.as_str());
        if body {
            // One body, a block pagefind ends with a space, not ignored,
            // removed or inside a heading (whose weight would wrap it).
            let in_heading = self.stack.iter().any(|o| heading_weight(&o.name).is_some());
            if self.bodies > 0
                || self.hidden()
                || ignore
                || removed
                || in_heading
                || !SENTENCE.contains(&name.as_str())
                || heading_weight(&name).is_some()
            {
                return None;
            }
            self.in_body = true;
            self.bodies += 1;
        }
        let hidden = self.hidden() || ignore || removed;
        if name == "h1" && self.title.is_none() {
            if self.h1.is_some() {
                return None;
            }
            self.h1 = Some(String::new());
        }
        if self.in_body && !hidden {
            if let Some(weight) = heading_weight(&name) {
                self.out.push_str(" ___PAGEFIND_AUTO_WEIGHT___");
                self.out.push(weight);
                self.out.push(' ');
            }
            if SENTENCE.contains(&name.as_str()) {
                self.out.push(' ');
            }
        }
        self.stack.push(Open { name, hidden, body });
        Some(())
    }

    fn end_tag(&mut self) -> Option<()> {
        let bytes = self.html.as_bytes();
        let start = self.at + 2;
        let close = memchr::memchr(b'>', &bytes[start..])?;
        let name = self.html[start..start + close]
            .trim_end()
            .to_ascii_lowercase();
        self.at = start + close + 1;
        let open = self.stack.pop()?;
        if open.name != name {
            return None;
        }
        if let Some(ancestors) = self.after_body.as_mut() {
            *ancestors = (*ancestors).min(self.stack.len());
        }
        if name == "h1" {
            if let Some(h1) = self.h1.take() {
                if h1.trim().is_empty() {
                    self.h1 = None;
                } else {
                    self.title = Some(h1);
                }
            }
        }
        if self.in_body && !open.hidden {
            if SENTENCE.contains(&name.as_str()) {
                if self.out.chars().last().is_some_and(ends_sentence) {
                    self.out.push('.');
                }
                self.out.push(' ');
            }
            if heading_weight(&name).is_some() {
                self.out.push_str(" ___END_PAGEFIND_WEIGHT___ ");
            }
        }
        if open.body {
            self.in_body = false;
            self.after_body = Some(self.stack.len());
        }
        // The space plansite's indexer puts after blocks pagefind would
        // otherwise run into the next (see `search::UNSEPARATED_BLOCKS`).
        if self.writing() && super::search::separates(&name) {
            self.out.push(' ');
        }
        Some(())
    }
}

/// pagefind's weight for a heading's words.
fn heading_weight(name: &str) -> Option<char> {
    match name {
        "h1" => Some('7'),
        "h2" => Some('6'),
        "h3" => Some('5'),
        "h4" => Some('4'),
        "h5" => Some('3'),
        "h6" => Some('2'),
        _ => None,
    }
}

/// Whether pagefind ends a block that ends with `c` with a full stop: after
/// a word character, quote, closing bracket, `$` or `*` (its own pattern).
fn ends_sentence(c: char) -> bool {
    static SENTENCE_CHARS: std::sync::LazyLock<Option<regex::Regex>> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#"^[\w'"\)\$\*]$"#).ok());
    let mut buf = [0; 4];
    SENTENCE_CHARS
        .as_ref()
        .is_some_and(|r| r.is_match(c.encode_utf8(&mut buf)))
}

/// pagefind's tidying of a page's text: entities decoded, the ends
/// trimmed, each run of line breaks a space, then each run of two or more
/// spaces one space.
fn normalize(raw: &str) -> String {
    let decoded = html_escape::decode_html_entities(raw);
    let trimmed = decoded.trim_matches(char::is_whitespace);
    let mut lines = String::with_capacity(trimmed.len());
    let mut rest = trimmed;
    while let Some(i) = rest.find(['\n', '\r']) {
        lines.push_str(&rest[..i]);
        let run = &rest[i..];
        let mut len = 0;
        loop {
            if run[len..].starts_with('\n') {
                len += 1;
            } else if run[len..].starts_with("\r\n") {
                len += 2;
            } else {
                break;
            }
        }
        if len == 0 {
            // A lone carriage return is kept.
            lines.push('\r');
            rest = &run[1..];
        } else {
            lines.push(' ');
            rest = &run[len..];
        }
    }
    lines.push_str(rest);
    let mut out = String::with_capacity(lines.len());
    let mut run = String::new();
    for c in lines.chars() {
        if c.is_whitespace() {
            run.push(c);
        } else {
            flush_spaces(&mut out, &mut run);
            out.push(c);
        }
    }
    flush_spaces(&mut out, &mut run);
    out
}

fn flush_spaces(out: &mut String, run: &mut String) {
    if run.chars().nth(1).is_some() {
        out.push(' ');
    } else {
        out.push_str(run);
    }
    run.clear();
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn find_ignore_case(bytes: &[u8], needle: &[u8]) -> Option<usize> {
    (0..bytes.len().checked_sub(needle.len())? + 1)
        .find(|&i| bytes[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::digest;
    use crate::render::search::{is_indexed, separate_blocks};
    use std::io::Read;

    /// The one fragment pagefind writes for a page read by its own reader
    /// (`custom` false) or given as [`digest`]'s text (`custom` true): its
    /// text, word count and metadata, as JSON; `None` when the page has no
    /// words to index.
    fn fragment(html: &str, custom: bool) -> Option<serde_json::Value> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let options = pagefind::options::PagefindServiceConfig::builder()
                .force_language("en".to_string())
                .build();
            let mut index = pagefind::api::PagefindIndex::new(Some(options)).expect("an index");
            let url = "/page/".to_string();
            if custom {
                let text = digest(html).expect("read in one pass");
                let meta = super::super::search::record_meta(text.title, text.image);
                index
                    .add_custom_record(url, text.content, "en".into(), Some(meta), None, None)
                    .await
            } else {
                index
                    .add_html_file(None, Some(url), separate_blocks(html))
                    .await
            }
            .expect("indexed");
            let files = index.get_files().await.expect("the bundle");
            let mut fragments = files
                .iter()
                .filter(|f| f.filename.to_string_lossy().ends_with(".pf_fragment"));
            let bytes = &fragments.next()?.contents;
            assert!(fragments.next().is_none());
            let mut json = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut json)
                .expect("gzip");
            let mut value: serde_json::Value =
                serde_json::from_str(json.trim_start_matches("pagefind_dcd")).expect("JSON");
            // Anchors are left out on purpose (see the module documentation).
            value.as_object_mut().expect("an object").remove("anchors");
            Some(value)
        })
    }

    fn same_as_pagefind(html: &str) {
        let ours = fragment(html, true);
        assert!(ours.is_some(), "no words in {html}");
        assert_eq!(ours, fragment(html, false), "{html}");
    }

    fn page(article: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Page &amp; site</title>\n<script src=\"a.js\" defer></script>\n</head>\n\
             <body>\n<nav><ul><li><a href=\"/\">Home</a></li></ul></nav>\n<main>\n{article}\n</main>\n\
             <footer><p>Footer</p></footer>\n</body>\n</html>\n"
        )
    }

    #[test]
    fn every_indexed_page_of_the_demonstration_site_reads_as_pagefind_reads_it() {
        let options = crate::Options {
            root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            output: None,
            strict: false,
            source_date_epoch: Some("1764547200".into()),
            cache_dir: None,
        };
        let outcome = crate::prepare(&options);
        let pages: Vec<_> = outcome.files.iter().filter(|f| is_indexed(f)).collect();
        assert!(pages.len() >= 4, "{} indexed pages", pages.len());
        for page in pages {
            let html = String::from_utf8_lossy(&page.bytes);
            assert!(
                digest(&html).is_some(),
                "{} is not read in one pass",
                page.path
            );
            same_as_pagefind(&html);
        }
    }

    #[test]
    fn awkward_text_reads_as_pagefind_reads_it() {
        same_as_pagefind(&page(
            "<article class=\"paper\" data-pagefind-body>\n<header><span>Board paper</span>\n\
             <h1>Fees &amp; charges: 2017/18 &#x2F; &quot;draft&quot;</h1>\n\
             <dl><div><dt>From</dt><dd>Roger Gough</dd></div><div><dt>Date</dt><dd>1 May</dd></div></dl></header>\n\
             <p>Ends with a bracket (like this)</p><p>Ends with a full stop.</p><p>Ends with 10²</p>\r\n\
             <p>Ends with a question?</p><p>Ends with an ellipsis…</p><p>Ends with a quote ’</p>\
             <p>Non\u{a0}breaking\u{a0} space and   runs\t\tof \n\n spaces<br>after a break</p>\
             <p>Hidden <span data-pagefind-ignore>not this</span>but this</p>\
             <div data-pagefind-ignore=\"true\"><p>Nor this</p></div>\
             <figure><svg viewBox=\"0 0 1 1\"><title>Chart</title><rect x=\"0\"/><text>1</text></svg>\
             <figcaption>Caption</figcaption></figure>\
             <table><caption>Table</caption><thead><tr><th scope=\"col\">A</th><th>B</th></tr></thead>\
             <tbody><tr><th scope=row>Row</th><td class=num>1,240</td><td>£1.5m</td></tr></tbody></table>\
             <h2><span class=\"n\">2.</span> Heading</h2><ul><li>One</li><li>Two <em>three</em></li></ul>\
             <h3></h3><h4>Four</h4><h5>Five)</h5><h6>Six*</h6>\
             <nav><p>Nav in body</p></nav><label>Label</label><form><p>Form</p></form>\
             <img src=\"x.png\" alt=\"An image\"><p>After &lt;image&gt; &#8212; end</p>\n</article>",
        ));
    }

    proptest::proptest! {
        /// Whatever a theme or a clerk's text puts on a page, reading it
        /// ends, without a panic, in `None` or in the text pagefind's own
        /// reader makes of the page.
        #[test]
        fn any_page_is_read_or_left_to_pagefind(parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("<article data-pagefind-body>".to_string()),
                proptest::strategy::Just("</article>".to_string()),
                proptest::strategy::Just("<h1>".to_string()),
                proptest::strategy::Just("</h1>".to_string()),
                proptest::strategy::Just("<p class='a' id=x data-pagefind-ignore>".to_string()),
                proptest::strategy::Just("</p>".to_string()),
                proptest::strategy::Just("<svg><rect/></svg>".to_string()),
                proptest::strategy::Just("<script>if (a<b) {}</script>".to_string()),
                proptest::strategy::Just("<br>".to_string()),
                "[<>/=\"'! a-zé£\n&;#]{0,12}",
            ],
            0..40,
        )) {
            let html = page(&parts.concat());
            if let Some(text) = digest(&html) {
                proptest::prop_assert!(!text.title.is_empty());
                proptest::prop_assert_eq!(fragment(&html, true), fragment(&html, false), "{}", html);
            }
        }
    }

    /// Text as a clerk or a theme may write it: words, figures, entities,
    /// punctuation, runs of spaces and line breaks, other scripts.
    const TEXT: &str = "[a-zA-Z0-9 ]{0,6}(&amp;|&#8212;|&nbsp;|&quot;|\\.|\\)|\\?|²|’|…|£|\\*|\\$|_|'|\"| |  |\n|\r\n|\t|\u{a0}|é|日本)?[a-z ]{0,4}";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Well-formed pages of every element and marker plansite's reader
        /// handles, with any text: read exactly as pagefind reads them.
        #[test]
        fn well_formed_pages_read_as_pagefind_reads_them(
            title in TEXT,
            blocks in proptest::collection::vec((
                proptest::sample::select(vec![
                    "p", "div", "li", "ul", "td", "th", "dt", "dd", "span", "em", "a", "h2", "h3",
                    "h6", "section", "caption", "figure", "figcaption", "nav", "label",
                    "blockquote", "pre", "tr", "table", "strong",
                ]),
                proptest::sample::select(vec![
                    "", " class=\"x\"", " id=\"a-1\"", " data-pagefind-ignore",
                    " data-pagefind-ignore=\"index\"", " href='#x'",
                ]),
                TEXT,
                proptest::option::of((proptest::sample::select(vec!["span", "p", "br", "em", "h4", "dd"]), TEXT)),
                TEXT,
            ), 1..12),
        ) {
            let mut body = String::new();
            for (tag, attr, before, inner, after) in &blocks {
                body.push_str(&format!("<{tag}{attr}>{before}"));
                match inner {
                    Some(("br", _)) => body.push_str("<br>"),
                    Some((inner, text)) => body.push_str(&format!("<{inner}>{text}</{inner}>")),
                    None => {}
                }
                body.push_str(&format!("{after}</{tag}>"));
            }
            let html = page(&format!(
                "<article data-pagefind-body><h1>T{title}</h1>{body}</article>"
            ));
            proptest::prop_assert!(digest(&html).is_some(), "{}", html);
            proptest::prop_assert_eq!(fragment(&html, true), fragment(&html, false), "{}", html);
        }
    }

    /// Markup a reviewer found read differently from pagefind: each is now
    /// either left to pagefind's reader or read exactly as it reads it.
    #[test]
    fn markup_found_in_review_is_left_to_pagefind_or_read_as_it_reads_it() {
        let body = |inner: &str| {
            page(&format!(
                "<article data-pagefind-body><h1>T</h1>{inner}</article>"
            ))
        };
        let cases = [
            page("<div data-pagefind-ignore><article data-pagefind-body><h1>T</h1><p>x</p></article></div>"),
            page("<div data-pagefind-ignore=\"all\"><article data-pagefind-body><h1>T</h1><p>x</p></article></div><p>out</p>"),
            page("<div><span data-pagefind-body><h1>T</h1>word</span></div>"),
            page("<header data-pagefind-ignore=\"all\"><h1>Site</h1></header><article data-pagefind-body><h1>Paper</h1><p>x</p></article>"),
            page("<article data-pagefind-body><div data-pagefind-ignore=\"all\"><h1>Site</h1></div><h1>Paper</h1><p>x</p></article>"),
            page("<article data-pagefind-body><h1>A<br>B</h1><p>x</p></article>"),
            body("<p>x</p><noscript><img src=\"pixel.gif\" alt=\"\"></noscript>"),
            page("<article data-pagefind-body><noscript><h1>X</h1></noscript><h1>T</h1><p>x</p></article>"),
            body("<p>x</p><iframe><img src=\"a.png\"></iframe>"),
            body("<p>x</p><noembed><b>y</b></noembed>"),
            body("<p><dd-x>a</dd-x>b</p>"),
            body("<div><table-wrap>a</table-wrap>b</div>"),
            page("<article data-pagefind-body><h1>T</h1><p>x</p></article>Trailing words"),
            page("<div><section><main data-pagefind-body><h1>T</h1><span>word</span></main></section></div>"),
            body("<p id=\"a&#32;b\">x</p>"),
            body("<p id=\"a&nbsp;bee\">x</p>"),
            body("<p>x</p><nav data-pagefind-ignore=\"all\"><img src=\"logo.png\" alt=\"L\"></nav>"),
            body("<p>x</p><img src=\"a.png\" src=\"b.png\" alt=\"c\">"),
            body("<p>x</p><div data-pagefind-ignore data-pagefind-ignore=\"all\"><img src=\"a.png\"></div>"),
            page("<article data-pagefind-body data-pagefind-ignore><h1>T</h1><p>x</p></article>"),
            page("<nav data-pagefind-body><h1>T</h1><p>x</p></nav><p>outside</p>"),
            body("<p>a<br data-pagefind-ignore=\"all\">b</p>"),
            page("<article data-pagefind-body><svg><foreignObject><style><h1>X</h1></style></foreignObject></svg><h1>T</h1><p>x</p></article>"),
            page("<article data-pagefind-body><svg><b></b><title><h1>X</h1></title></svg><h1>T</h1><p>x</p></article>"),
            page("<article data-pagefind-body><script><!--<script></script><h1>X</h1><script>--></script><h1>T</h1><p>x</p></article>"),
            body("<p:x>a</p>b"),
            body("<p>x</p><img src=\"a.png\" alt=\"a</dd>b\">"),
            page("<article data-pagefind-body><h1>T</h1><p>x<img src=\"a.png\"></p></article>"),
            page("<ARTICLE DATA-PAGEFIND-BODY><H1>T</H1><P>x</P><IMG SRC=a ALT=b></ARTICLE>"),
            page("<article data-pagefind-body><h1>A<input id=q>B</h1><p>x</p></article>"),
            body("<p>&am<span data-pagefind-ignore>z</span>p;</p>"),
            page("<article data-pagefind-body><h1>A ___PAGEFIND_X B</h1><p>x</p></article>"),
            format!("<h1>Before</h1>{}", page("<article data-pagefind-body><h1>T</h1><p>x</p></article>")),
            "<article data-pagefind-body><h1>T</h1><p>x</p></article>".to_string(),
            body("<p>x</p><plaintext>y</plaintext>"),
            page("<article data-pagefind-body><h1>&nbsp;</h1><h1>T</h1><p>x</p></article>"),
            body("<p>a<br id=x>b</p>"),
            body("<math><mi>x</mi></math><p>y</p>"),
            body("<p>x</p><svg><img src=\"a.png\"></svg>"),
            body("<select><option>a</option></select><p>y</p>"),
            body("<p data-pagefind-ignore=\"index\">a<img src=z.png></p><p>y</p>"),
            page("<h1>T</h1><article data-pagefind-body><p data-pagefind-ignore>y</p></article>"),
            page("<article data-pagefind-body><p>y</p></article><h1>T</h1>"),
            body("<p class=\"a\"id=\"b\">x</p>"),
            body("<a href=/x/>y</a>"),
            body("<template><h1>X</h1></template><p>y</p>"),
            "<!DOCTYPE html><html><head><title>a</title></head><body><textarea><h1>X</h1></textarea><article data-pagefind-body><h1>T</h1><p>x</p></article></body></html>".to_string(),
        ];
        for html in &cases {
            if digest(html).is_some() {
                same_as_pagefind(html);
            }
        }
    }

    #[test]
    fn markup_the_scanner_does_not_read_is_left_to_pagefind() {
        let body = |inner: &str| {
            page(&format!(
                "<article data-pagefind-body><h1>T</h1>{inner}</article>"
            ))
        };
        for html in [
            body("<!-- a comment --><p>x</p>"),
            body("<p data-pagefind-filter=\"board\">x</p>"),
            body("<p data-pagefind-meta=\"date\">x</p>"),
            body("<p>unclosed"),
            body("<p>stray</div>"),
            body("<p>a < b</p>"),
            body("<div/><p>x</p>"),
            body("<textarea>x</textarea>"),
            page("<article data-pagefind-body><p>no title</p></article>"),
            page("<article data-pagefind-body><h1>A <em>b</em></h1></article>"),
            page("<article data-pagefind-body><h1>T</h1></article><div data-pagefind-body>2</div>"),
            page("<p>no body</p>"),
        ] {
            assert_eq!(digest(&html), None, "{html}");
        }
        // What it does read, it reads.
        let text = digest(&body("<p>x</p>")).expect("read");
        assert_eq!(text.title, "T");
        assert_eq!(
            text.content,
            "___PAGEFIND_AUTO_WEIGHT___7 T. ___END_PAGEFIND_WEIGHT___ x."
        );
    }
}

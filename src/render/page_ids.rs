//! Two elements with the same id on one page: found in the rendered HTML,
//! reported where the content gave the id.
//!
//! A page's ids come from two places: the theme's templates (`summary`,
//! `recommendations`, `contacts`, table ids …) and the content (section and
//! paragraph anchors, `{#label}`s, ids in a paper's Markdown such as a fund
//! table placed by a shortcode). Each page is scanned once after rendering;
//! the ids the content gave are passed in as [`IdSource`]s with their
//! locations. Every id that is not from the content is reserved by the
//! template, so a clash between a label and the template is reported at
//! the label, with what it clashes with. Duplicates inside a paper body
//! (two paragraphs with one label) are reported by `content::body`
//! already and are not reported twice.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use std::collections::BTreeMap;

/// An id the content put on a page, and where it was written.
#[derive(Debug, Clone)]
pub(crate) struct IdSource {
    pub(crate) id: String,
    pub(crate) location: Location,
    /// What gave the id, for messages: `label {#summary}`, `paragraph 4.5`.
    pub(crate) what: String,
    /// True for the anchors `content::body` already keeps unique.
    pub(crate) body_anchor: bool,
}

impl IdSource {
    pub(crate) fn new(id: impl Into<String>, location: Location, what: impl Into<String>) -> Self {
        IdSource {
            id: id.into(),
            location,
            what: what.into(),
            body_anchor: false,
        }
    }

    pub(crate) fn body_anchor(mut self) -> Self {
        self.body_anchor = true;
        self
    }
}

/// Every `id="…"` attribute in `html`, with the byte offset of its tag's `<`.
pub(crate) fn ids_in(html: &str) -> Vec<(&str, usize)> {
    static ID: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("id=\""));
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = ID.find(&bytes[from..]) {
        let at = from + i;
        from = at + 4;
        // Only a whole attribute name: `id=`, not `data-id=` or `aria-labelledby=`.
        if at == 0 || !bytes[at - 1].is_ascii_whitespace() {
            continue;
        }
        let Some(end) = html[from..].find('"') else {
            break;
        };
        let tag = html[..at].rfind('<').unwrap_or(0);
        out.push((&html[from..from + end], tag));
        from += end;
    }
    out
}

/// Adds every id in a fragment of HTML as a source at `location`.
pub(crate) fn sources_in(html: &str, location: &Location, what: &str) -> Vec<IdSource> {
    ids_in(html)
        .into_iter()
        .map(|(id, _)| IdSource::new(id, location.clone(), what))
        .collect()
}

/// A few words for the element at `offset`: "the heading “Summary”" or
/// "an element <section>".
fn describe(html: &str, offset: usize) -> String {
    let rest = &html[offset..];
    let name: String = rest
        .chars()
        .skip(1)
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let is_heading = name.len() == 2 && name.starts_with('h') && name != "hr";
    if is_heading {
        let close = format!("</{name}>");
        if let (Some(open_end), Some(end)) = (rest.find('>'), rest.find(&close)) {
            if open_end < end {
                let mut text = String::new();
                let mut in_tag = false;
                for c in rest[open_end + 1..end].chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                return format!("the heading “{text}”");
            }
        }
    }
    format!("a <{name}> element")
}

/// Reports every id used more than once on the page at `page`.
pub(crate) fn check(
    page: &str,
    template: &str,
    html: &str,
    sources: &[IdSource],
    diags: &mut Diagnostics,
) {
    let mut seen: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (id, offset) in ids_in(html) {
        seen.entry(id).or_default().push(offset);
    }
    let mut from_content: BTreeMap<&str, Vec<&IdSource>> = BTreeMap::new();
    for s in sources {
        from_content.entry(s.id.as_str()).or_default().push(s);
    }
    // The ids the template gives (more uses than the content accounts for): reserved.
    let reserved: Vec<&str> = seen
        .iter()
        .filter(|(id, uses)| uses.len() > from_content.get(*id).map_or(0, Vec::len))
        .map(|(id, _)| *id)
        .collect();
    // One report per place in the content: a fund table placed twice
    // repeats several ids, but it is one mistake.
    let mut reported: std::collections::BTreeSet<&Location> = std::collections::BTreeSet::new();
    for (id, offsets) in &seen {
        if offsets.len() < 2 {
            continue;
        }
        let content = from_content.get(id).map_or(&[][..], Vec::as_slice);
        if content.is_empty() {
            diags.push(
                Diagnostic::error(format!(
                    "page {page} has {} elements with the id \"{id}\"",
                    offsets.len()
                ))
                .hint(format!(
                    "the theme's template {template} gives two elements the same id; give each its own"
                )),
            );
        } else if content.len() < offsets.len() {
            // The template uses the id as well: the content's use is the mistake.
            let other = describe(html, offsets[0]);
            let mut shown: Vec<&str> = reserved.iter().copied().take(12).collect();
            if reserved.len() > shown.len() {
                shown.push("…");
            }
            for s in content {
                if !reported.insert(&s.location) {
                    continue;
                }
                diags.push(
                    Diagnostic::error(format!(
                        "{} gives the id \"{id}\", which the page already uses for {other}",
                        s.what
                    ))
                    .at(s.location.clone())
                    .hint(format!(
                        "choose another name; ids this page's template uses: {}",
                        shown.join(", ")
                    )),
                );
            }
        } else if !content.iter().all(|s| s.body_anchor) {
            let first = content[0];
            for s in &content[1..] {
                if !reported.insert(&s.location) {
                    continue;
                }
                diags.push(
                    Diagnostic::error(format!(
                        "{} gives the id \"{id}\", which {} at {} already gives this page",
                        s.what, first.what, first.location
                    ))
                    .at(s.location.clone())
                    .hint("each element on a page needs its own id: place each fund table once per paper, and give each label its own name"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(line: u32) -> Location {
        Location::at("p.md".into(), line, 1, 0)
    }

    #[test]
    fn finds_whole_id_attributes_only() {
        let html = "<div id=\"a\" data-id=\"x\" aria-labelledby=\"a\"><h2 id=\"b\">B</h2></div>";
        let ids: Vec<&str> = ids_in(html).into_iter().map(|(i, _)| i).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn a_label_that_clashes_with_the_template_is_reported_at_the_label() {
        let html = "<h2 id=\"summary\">Summary</h2><p>…</p><div id=\"para-1-1\"><span id=\"summary\"></span></div>";
        let mut d = Diagnostics::new();
        check(
            "p/index.html",
            "paper.html",
            html,
            &[IdSource::new("summary", loc(9), "label {#summary}")],
            &mut d,
        );
        let d: Vec<_> = d.iter().collect();
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].to_string(),
            "p.md:9:1: error: label {#summary} gives the id \"summary\", which the page already uses for the heading “Summary”"
        );
        assert_eq!(
            d[0].hint.as_deref(),
            Some("choose another name; ids this page's template uses: para-1-1, summary")
        );
    }

    #[test]
    fn duplicates_from_the_template_alone_name_the_page() {
        let mut d = Diagnostics::new();
        check(
            "x/index.html",
            "plan.html",
            "<p id=\"a\"></p><p id=\"a\"></p>",
            &[],
            &mut d,
        );
        assert_eq!(
            d.iter().next().map(ToString::to_string).as_deref(),
            Some("error: page x/index.html has 2 elements with the id \"a\"")
        );
    }

    #[test]
    fn body_anchors_are_left_to_the_body_parser() {
        let html = "<div id=\"pool\"></div><span id=\"pool\"></span>";
        let s = [
            IdSource::new("pool", loc(3), "paragraph 1.1").body_anchor(),
            IdSource::new("pool", loc(5), "label {#pool}").body_anchor(),
        ];
        let mut d = Diagnostics::new();
        check("p", "paper.html", html, &s, &mut d);
        assert!(d.is_empty());
        // …but the same fund table placed twice is reported at the second.
        let s = [
            IdSource::new("pool", loc(3), "the fund shortcode"),
            IdSource::new("pool", loc(7), "the fund shortcode"),
        ];
        check("p", "paper.html", html, &s, &mut d);
        assert_eq!(
            d.iter().next().map(ToString::to_string).as_deref(),
            Some("p.md:7:1: error: the fund shortcode gives the id \"pool\", which the fund shortcode at p.md:3:1 already gives this page")
        );
    }
}

//! Checks on the rendered site, in memory, before anything is written:
//! every internal link and asset reference resolves, and no two files
//! claim the same output path.
//!
//! Works on the bytes `render` produced (plus the theme's static files), so
//! it sees exactly what would be published: links written in Markdown,
//! links drawn by templates, shortcodes and navigation alike. It reads HTML
//! with a small attribute scanner (plansite's own output is regular: every
//! attribute value is quoted), never touches the disk and knows nothing of
//! the content model.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::OutputFile;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Refuses two files with one output path (a theme file that would
/// overwrite a page, or two pages drawn to one address).
pub fn check_paths<'p>(
    pages: impl Iterator<Item = &'p str>,
    statics: &'p [OutputFile],
    diags: &mut Diagnostics,
) {
    let mut seen: HashMap<&str, bool> = HashMap::new();
    for (path, is_static) in pages
        .map(|p| (p, false))
        .chain(statics.iter().map(|f| (f.path.as_str(), true)))
    {
        if let Some(first_static) = seen.insert(path, is_static) {
            let what = match (first_static, is_static) {
                (false, true) => "a theme static file would overwrite the generated page",
                _ => "two generated pages have the same address",
            };
            diags.push(
                Diagnostic::error(format!("{what} {path}")).hint(
                    "give each board, meeting, paper, plan and standards set its own slug, and keep theme files out of page folders",
                ),
            );
        }
    }
}

/// Every `href`, `src` and `id` in an HTML page.
struct Scan {
    refs: Vec<String>,
    ids: HashSet<String>,
}

fn scan(html: &str) -> Scan {
    let mut refs = Vec::new();
    let mut ids = HashSet::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('=') {
        let eq = i + off;
        i = eq + 1;
        // The attribute name just before `=`.
        let name_end = eq;
        let mut name_start = name_end;
        while name_start > 0
            && (bytes[name_start - 1].is_ascii_alphanumeric() || bytes[name_start - 1] == b'-')
        {
            name_start -= 1;
        }
        if name_start == 0 || !bytes[name_start - 1].is_ascii_whitespace() {
            continue;
        }
        let name = html[name_start..name_end].to_ascii_lowercase();
        if name != "href" && name != "src" && name != "id" {
            continue;
        }
        let Some(&quote) = bytes.get(eq + 1) else {
            break;
        };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let value_start = eq + 2;
        let Some(len) = html[value_start..].find(quote as char) else {
            break;
        };
        let value = unescape(&html[value_start..value_start + len]);
        i = value_start + len + 1;
        if name == "id" {
            ids.insert(value);
        } else {
            refs.push(value);
        }
    }
    Scan { refs, ids }
}

/// Undoes the HTML escaping plansite applies to attribute values.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Decodes `%20`-style escapes in a URL path (also used by `serve`).
pub(crate) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The problem of a link that climbs above the site root or leaves its path.
const LEADS_OUTSIDE: &str = "it leads outside the site";

/// True for a reference that leaves the site (another scheme or host).
fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(c), Some(p)) => c < p,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Joins a relative URL path onto the folder of `page`; `None` when it
/// climbs above the site root.
fn resolve(page: &str, rel: &str, base_path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let rest = if let Some(abs) = rel.strip_prefix('/') {
        // Root-relative: only valid under the base URL's path.
        let base = base_path.trim_matches('/');
        if base.is_empty() {
            abs
        } else {
            let after = abs.strip_prefix(base)?;
            if !(after.is_empty() || after.starts_with('/')) {
                return None;
            }
            after.trim_start_matches('/')
        }
    } else {
        parts.extend(page.split('/'));
        parts.pop(); // the page's own file name
        rel
    };
    for seg in rest.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Some(path)
}

/// The first folder of a root-relative path, as a host path to declare:
/// `/site-assets/` for `/site-assets/logo.png`, `/contact-us` for itself.
fn host_path_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    match path[1..].find('/') {
        Some(i) => path[..i + 2].to_string(),
        None => path.to_string(),
    }
}

/// Checks that every relative `href` and `src` in the rendered pages leads
/// to a file of the site, and every `#fragment` to an `id` on that page.
/// Root-relative links to the host website's own paths (`[embed]
/// host_paths`) are not checked. One warning per broken target (an error
/// under `--strict`), naming the first page that uses it.
pub fn check_links(
    pages: &[OutputFile],
    statics: &[OutputFile],
    base_url: &str,
    embed: &crate::config::Embed,
    diags: &mut Diagnostics,
) {
    let base_path = base_url
        .splitn(4, '/')
        .nth(3)
        .map_or_else(String::new, |p| p.to_string());
    let mut known: BTreeSet<&str> = pages.iter().map(|f| f.path.as_str()).collect();
    known.extend(statics.iter().map(|f| f.path.as_str()));
    let mut scans: HashMap<&str, Scan> = HashMap::new();
    for f in pages.iter().filter(|f| f.path.ends_with(".html")) {
        if let Ok(html) = std::str::from_utf8(&f.bytes) {
            scans.insert(f.path.as_str(), scan(html));
        }
    }
    // what is broken → (first link, first page, number of pages).
    let mut broken: BTreeMap<String, (String, String, String, usize)> = BTreeMap::new();
    let mut pages_sorted: Vec<&&str> = scans.keys().collect();
    pages_sorted.sort();
    for page in pages_sorted {
        let Some(s) = scans.get(*page) else { continue };
        let mut reported_here = HashSet::new();
        for url in &s.refs {
            let url = url.trim();
            if is_external(url) {
                continue;
            }
            let root_relative = url.starts_with('/') && !url.starts_with("//");
            if root_relative
                && embed.is_host_path(&percent_decode(url.split(['?', '#']).next().unwrap_or("")))
            {
                continue;
            }
            let (before_frag, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url, None),
            };
            let path_part = before_frag.split('?').next().unwrap_or("");
            let problem = if path_part.is_empty() {
                // Same page.
                match fragment {
                    Some(f) if !f.is_empty() && !s.ids.contains(&percent_decode(f)) => {
                        Some(format!("no element with id \"{f}\" on this page"))
                    }
                    _ => None,
                }
            } else {
                match resolve(page, &percent_decode(path_part), &base_path) {
                    None => Some(LEADS_OUTSIDE.to_string()),
                    Some(target) if !known.contains(target.as_str()) => {
                        Some(format!("no generated file {target}"))
                    }
                    Some(target) => match (fragment, scans.get(target.as_str())) {
                        (Some(f), Some(t))
                            if !f.is_empty() && !t.ids.contains(&percent_decode(f)) =>
                        {
                            Some(format!("{target} has no element with id \"{f}\""))
                        }
                        _ => None,
                    },
                }
            };
            if let Some(problem) = problem {
                if !reported_here.insert(url.to_string()) {
                    continue;
                }
                // Links to one missing file are one problem, however written;
                // anything else is one problem per link.
                let key = if problem.starts_with("no generated file") {
                    problem.clone()
                } else {
                    format!("{problem}\u{0}{url}")
                };
                broken.entry(key).and_modify(|e| e.3 += 1).or_insert((
                    problem,
                    url.to_string(),
                    (*page).to_string(),
                    1,
                ));
            }
        }
    }
    for (problem, url, page, count) in broken.into_values() {
        let others = match count {
            1 => String::new(),
            n => format!(
                " (and {} other page{})",
                n - 1,
                if n == 2 { "" } else { "s" }
            ),
        };
        let hint = if problem == LEADS_OUTSIDE && url.starts_with('/') && !url.starts_with("//") {
            let host = host_path_of(&url);
            format!(
                "if {host} is part of the council's own website (not of this site), declare it in content/site.toml: [embed] host_paths = [\"{host}\"], and links to it are not checked; otherwise link to a page of this site"
            )
        } else {
            "link to a page that exists: check the slug, or use {{ paper board/meeting/slug }} and {{ ref 4.5 }} so plansite writes the link".to_string()
        };
        diags.push(
            Diagnostic::warning(format!(
                "broken link \"{url}\" in the generated page {page}{others}"
            ))
            .label(problem)
            .hint(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: html.as_bytes().into(),
        }
    }

    fn errors(pages: &[OutputFile]) -> Vec<String> {
        let mut d = Diagnostics::new();
        let statics = [page("assets/site.css", "")];
        let embed = crate::config::Embed {
            host_paths: vec!["/site-assets/".into(), "/contact-us".into()],
            ..Default::default()
        };
        check_links(
            pages,
            &statics,
            "https://e.gov.uk/democracy/hwb/",
            &embed,
            &mut d,
        );
        check_paths(pages.iter().map(|f| f.path.as_str()), &statics, &mut d);
        d.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn resolves_relative_links_folders_and_fragments() {
        let pages = [
            page(
                "index.html",
                r##"<link href="assets/site.css"><a href="boards/k/">k</a> <a href="#main">skip</a><main id="main"></main><a href="https://x.gov.uk/">x</a><a href="mailto:a@b">m</a>"##,
            ),
            page(
                "boards/k/index.html",
                r##"<a href="../../">home</a><a href="../../index.html#main">main</a><a href="./#top">top</a><h1 id="top"></h1>"##,
            ),
            page("404.html", r#"<a href="/democracy/hwb/boards/k/">k</a>"#),
        ];
        assert_eq!(errors(&pages), Vec::<String>::new());
    }

    #[test]
    fn reports_missing_pages_anchors_and_escapes() {
        let pages = [
            page(
                "index.html",
                r##"<a href="boards/x/">x</a><a href="#nowhere">n</a><a href="../../etc/passwd">p</a>"##,
            ),
            page(
                "a/index.html",
                r#"<a href="../boards/x/">x</a><img src="/other/logo.png" alt="">"#,
            ),
        ];
        let e = errors(&pages);
        assert_eq!(
            e,
            [
                "warning: broken link \"../../etc/passwd\" in the generated page index.html (it leads outside the site)",
                "warning: broken link \"/other/logo.png\" in the generated page a/index.html (it leads outside the site)",
                "warning: broken link \"#nowhere\" in the generated page index.html (no element with id \"nowhere\" on this page)",
                "warning: broken link \"../boards/x/\" in the generated page a/index.html (and 1 other page) (no generated file boards/x/index.html)",
            ]
        );
    }

    #[test]
    fn links_to_the_host_websites_declared_paths_are_not_checked() {
        let pages = [page(
            "index.html",
            r#"<img src="/site-assets/logo.png" alt=""><a href="/contact-us">c</a><a href="/contact-us/form?x=1#top">f</a><a href="/contact-usage">u</a><a href="/news/today">n</a>"#,
        )];
        assert_eq!(
            errors(&pages),
            [
                "warning: broken link \"/contact-usage\" in the generated page index.html (it leads outside the site)",
                "warning: broken link \"/news/today\" in the generated page index.html (it leads outside the site)",
            ]
        );
        // The hint names the setting and the path to declare.
        let mut d = Diagnostics::new();
        check_links(
            &pages[..],
            &[],
            "https://e.gov.uk/democracy/hwb/",
            &crate::config::Embed::default(),
            &mut d,
        );
        let hints: Vec<&str> = d.iter().filter_map(|d| d.hint.as_deref()).collect();
        assert_eq!(hints.len(), 5);
        assert_eq!(
            hints[4],
            "if /site-assets/ is part of the council's own website (not of this site), declare it in content/site.toml: [embed] host_paths = [\"/site-assets/\"], and links to it are not checked; otherwise link to a page of this site"
        );
        assert!(
            hints[0].contains("host_paths = [\"/contact-us\"]"),
            "{hints:?}"
        );
    }

    #[test]
    fn refuses_two_files_at_one_path() {
        let pages = [page("assets/site.css", "x")];
        let e = errors(&pages);
        assert!(e[0].contains("theme static file would overwrite"), "{e:?}");
    }
}

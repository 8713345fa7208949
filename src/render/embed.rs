//! Embedding in a council website: the web team's own header and footer
//! partials replace the theme's (`[embed] header` / `footer` in site.toml).
//! The brand name, logo and colours are `[brand]` (see `crate::brand`).
//!
//! A partial is a tera template receiving the same `site` and `page` values
//! as the theme's (links must start with `{{ page.root }}` so they work at
//! any depth and under any sub-path). It is checked for what would break
//! the site's strict Content-Security-Policy: inline `<script>` and
//! `<style>`, `style="…"` attributes and `on…=` event handlers.

use super::Templates;
use crate::config::Embed;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::source::SourceFile;
use std::path::Path;

/// Things a partial may not contain, with why.
fn csp_problems(text: &str) -> Vec<(usize, &'static str)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for (i, _) in lower.match_indices("<script") {
        let tag_end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
        if !lower[i..tag_end].contains(" src=") {
            out.push((
                i,
                "inline <script> (put the script in a file and load it with src=)",
            ));
        }
    }
    for (i, _) in lower.match_indices("<style") {
        out.push((i, "a <style> element (put the rules in a stylesheet file)"));
    }
    for (i, _) in lower.match_indices(" style=") {
        out.push((
            i + 1,
            "a style=\"…\" attribute (use a class and a stylesheet)",
        ));
    }
    let bytes = lower.as_bytes();
    for (i, _) in lower.match_indices(" on") {
        let name: String = lower[i + 3..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        if !name.is_empty() && bytes.get(i + 3 + name.len()) == Some(&b'=') {
            out.push((
                i + 1,
                "an on…= event handler attribute (attach handlers from a script file)",
            ));
        }
    }
    out.sort_unstable();
    out
}

/// Replaces the theme's partials with the web team's.
pub fn apply(templates: &mut Templates, root: &Path, embed: &Embed, diags: &mut Diagnostics) {
    for (setting, name, file) in [
        ("header", "partials/header.html", &embed.header),
        ("footer", "partials/footer.html", &embed.footer),
    ] {
        let Some(rel) = file else { continue };
        let path = root.join(rel);
        let shown = rel.replace('\\', "/");
        let source = match SourceFile::read(&path, &shown) {
            Ok(s) => s,
            Err(_) => {
                diags.push(
                    Diagnostic::error(format!("[embed] {setting} partial {shown} cannot be read"))
                        .at(Location::file("content/site.toml".into()))
                        .hint("the path is relative to the site folder (the one holding content/ and themes/)"),
                );
                continue;
            }
        };
        let problems = csp_problems(&source.text);
        for (offset, what) in &problems {
            diags.push(
                Diagnostic::error(format!("the {setting} partial has {what}"))
                    .at(source.location(*offset, *offset + 6))
                    .hint("the site works under a strict Content-Security-Policy: no inline script or style"),
            );
        }
        if problems.is_empty() {
            if let Err(e) = templates.replace(name, &source.text) {
                diags.push(
                    Diagnostic::error(format!("the {setting} partial does not parse: {e}"))
                        .at(Location::file(source.path.clone())),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_breaks_a_strict_csp() {
        let found: Vec<&str> = csp_problems(
            "<header><script>x()</script><script src=\"a.js\"></script><p style=\"color:red\" onclick=\"y()\">Hi</p><style>p{}</style></header>",
        )
        .into_iter()
        .map(|(_, w)| w)
        .collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].starts_with("inline <script>"));
        assert!(csp_problems("<a href=\"{{ page.root }}\" class=\"one\">Home</a>").is_empty());
    }
}

//! Markdown rendering: the event rewrite, lints, raw HTML checks and the
//! sanitiser. Whatever the input, the HTML has no script and no handlers.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plansite::diagnostics::Diagnostics;
use plansite::render::markdown::{render, NoShortcodes, Origin};
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path: Arc<str> = Arc::from("content/p.md");
    let mut diags = Diagnostics::new();
    let html = render(
        text,
        &Origin {
            path: &path,
            line: 1,
        },
        &NoShortcodes,
        &mut diags,
    );
    // Text may say "javascript:" (escaped, harmless); a tag may not. Text
    // never holds a raw `<`, so every `<` starts a tag.
    let lower = html.to_ascii_lowercase();
    for tag in lower.split('<').skip(1) {
        let tag: String = tag
            .split('>')
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(!tag.starts_with("script"), "script survived: {html}");
        for bad in ["javascript:", "vbscript:", "data:"] {
            // plansite's HTML always quotes attribute values, so a value
            // starts after `="` or `='`; an `=` inside a safe URL
            // ("…/timetable=javascript:.jpg") is not a scheme.
            for q in ["=\"", "='"] {
                assert!(
                    !tag.contains(&format!("{q}{bad}")),
                    "{bad} URL survived: {html}"
                );
            }
        }
    }
});

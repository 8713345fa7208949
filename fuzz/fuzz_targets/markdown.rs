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
    let html = render(text, &Origin { path: &path, line: 1 }, &NoShortcodes, &mut diags);
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script survived: {html}");
    assert!(!lower.contains("javascript:"), "javascript: URL survived: {html}");
});

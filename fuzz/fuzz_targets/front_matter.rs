//! A paper file: `+++` front matter (TOML) and its numbered Markdown body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plansite::diagnostics::Diagnostics;
use plansite::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("content/boards/b/2016-01-27/p.md", text);
    let mut diags = Diagnostics::new();
    let _ = plansite::content::parse_paper("p", &file, &mut diags);
    for d in diags.iter() {
        // Every location must point into the file.
        if let Some(loc) = &d.location {
            assert!(loc.line as usize <= file.text.lines().count() + 1, "{d}");
        }
    }
});

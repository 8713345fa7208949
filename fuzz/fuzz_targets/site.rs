//! A whole build of a site held in memory, with the default theme: the
//! input is split at NUL bytes into the files of a small site, so the
//! fuzzer can break references between files, totals and templates' data.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plansite::{check_memory, MemorySite, Options};
use std::sync::OnceLock;

/// The files each NUL-separated part of the input becomes, in order.
const PATHS: [&str; 8] = [
    "content/site.toml",
    "content/boards/b/_board.toml",
    "content/boards/b/2016-01-27/_meeting.toml",
    "content/boards/b/2016-01-27/paper.md",
    "content/boards/b/2016-01-27/appendix.md",
    "content/plans/plan.toml",
    "content/standards/set.toml",
    "content/progress/series.toml",
];

fn theme() -> &'static MemorySite {
    static THEME: OnceLock<MemorySite> = OnceLock::new();
    THEME.get_or_init(|| MemorySite {
        templates: plansite::render::theme::builtin_templates(),
        static_files: vec![("assets/site.css".into(), b"body{}".to_vec())],
        ..MemorySite::default()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut site = theme().clone();
    site.content = text
        .split('\0')
        .zip(PATHS)
        .map(|(t, p)| (p.to_string(), t.to_string()))
        .collect();
    let outcome = check_memory(&site, &Options::default());
    if !outcome.failed() {
        // A site that builds has every page under the output folder.
        for f in &outcome.files {
            assert!(
                plansite::output::safe_relative(&f.path).is_ok(),
                "{}",
                f.path
            );
        }
    }
});

//! Plan, standards, progress and site.toml parsing. The first byte picks
//! the parser; the rest is the file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plansite::diagnostics::Diagnostics;
use plansite::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut diags = Diagnostics::new();
    match which % 4 {
        0 => {
            let f = SourceFile::new("content/plans/x.toml", text);
            let _ = plansite::content::parse_plan("x", &f, &mut diags);
        }
        1 => {
            let f = SourceFile::new("content/standards/x.toml", text);
            let _ = plansite::content::parse_standard_set("x", &f, &mut diags);
        }
        2 => {
            let f = SourceFile::new("content/progress/x.toml", text);
            let _ = plansite::content::parse_progress("x", &f, &mut diags);
        }
        _ => {
            let f = SourceFile::new("content/site.toml", text);
            let _ = plansite::config::parse(&f, None, &mut diags);
        }
    }
});

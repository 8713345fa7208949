//! Found by a tester writing new board papers (an NHS trust's integrated
//! performance report, a health and wellbeing board's minutes and plan) in
//! the documented format: each test pins one thing that was published or
//! reported wrongly.

use super::support::*;
use std::fs;

fn write(site: &tempfile::TempDir, rel: &str, text: &str) {
    let p = site.path().join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

const STATEMENT_HEAD: &str =
    "+++\ntitle = \"Position statement\"\nkind = \"position-statement\"\ndate = 2026-03-02\n";

/// Minutes written with their numbers ("## 1. Present", "1.1 Councillor …")
/// but without `numbering = "manual"` were published as "1. 1. Present" and
/// "Paragraph 1.1 — 1.1 Councillor …" without a word to the clerk.
#[test]
fn numbers_written_in_an_automatically_numbered_paper_are_warned_about() {
    let site = site("papers");
    let rel = "content/boards/test-hwb/2026-03-02/statement.md";
    let body = "+++\n\n## 1. Present\n\n1.1 Councillor M. Reed (Chair), Councillor T. Ansah.\n\n## 2. Better Care Fund plan\n\n2.1 The Board considered the report.\n";
    write(&site, rel, &format!("{STATEMENT_HEAD}{body}"));
    let out = plansite(site.path(), &["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "content/boards/test-hwb/2026-03-02/statement.md:7:4: warning: this text already starts with the number \"1.\", and automatic numbering numbers it again as 1. (and 3 more headings or paragraphs)\n  |\n7 | ## 1. Present\n  |    ^^\n  |\n  = help: to keep the numbers as written, add numbering = \"manual\" to the front matter; or delete the numbers and let plansite number the paper"
        ),
        "{err}"
    );
    assert!(err.contains("0 errors, 1 warning"), "{err}");
    // Numbered by hand, as the hint says: nothing to warn about, and the
    // numbers are shown once.
    write(
        &site,
        rel,
        &format!("{STATEMENT_HEAD}numbering = \"manual\"\n{body}"),
    );
    let out = plansite(site.path(), &["build", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(
        &site
            .path()
            .join("output/boards/test-hwb/2026-03-02/statement/index.html"),
    );
    assert!(
        html.contains("<span class=\"section-number\">1.</span> Present</h2>"),
        "{html}"
    );
}

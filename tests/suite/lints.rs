//! Build-time accessibility lints: each `tests/fixtures/lint-<name>/` holds
//! one paper with one mistake, laid over `tests/fixtures/lint-base/` (a
//! board, a meeting and a complete site.toml). `plansite check` must exit 1
//! and report exactly that mistake, at its file, line and column, with its
//! hint — and nothing else.
//!
//! A new lint gets a fixture folder here and a row in `CASES`.

use super::support::*;
use std::path::Path;

const PAPER: &str = "content/boards/test-hwb/2026-01-27/paper.md";

/// A temporary site: lint-base, then the lint fixture, then the default theme.
fn lint_site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&repo().join("tests/fixtures/lint-base"), dir.path());
    copy_tree(
        &repo().join("tests/fixtures").join(format!("lint-{name}")),
        dir.path(),
    );
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

/// (fixture, line:col, message, hint)
const CASES: [(&str, &str, &str, &str); 12] = [
    (
        "image-alt",
        "11:1",
        "image has no alt text",
        "describe what the image shows: ![Timetable of plan submissions, January to June 2016](…)",
    ),
    (
        "image-external",
        "9:1",
        "image is loaded from another site",
        "the site makes no external requests: save the image beside the content, or link to it instead",
    ),
    (
        "table-header",
        "9:1",
        "table has no header row",
        "give every column a heading in the first row, so screen readers can announce it",
    ),
    (
        // In a manually numbered paragraph: the column counts the "1.1 " before the text.
        "link-text",
        "10:30",
        "link text \"here\" says nothing out of context",
        "screen-reader users often list links alone; name the destination, e.g. \"2016/17 Better Care Fund policy framework\"",
    ),
    (
        "bare-url",
        "9:24",
        "link text is a bare URL",
        "give the link a title that says where it goes: [Title of the document](https://…)",
    ),
    (
        "empty-link",
        "9:10",
        "link has no text",
        "write what the link leads to, e.g. [NHS planning guidance](https://…)",
    ),
    (
        "link-scheme",
        "9:10",
        "link uses a javascript: URL, which plansite refuses",
        "link to an https:// address or a page on this site",
    ),
    (
        "heading-skip",
        "11:1",
        "heading level skipped: level 4 after level 2",
        "use ### for this heading, or add the missing level above it",
    ),
    (
        "heading-h1",
        "7:1",
        "level-1 heading in a paper body",
        "the paper's title is the page's only level-1 heading; start sections with ##",
    ),
    (
        "duplicate-anchor",
        "11:1",
        "two places in this paper have the anchor \"pool\"",
        "each section and paragraph needs its own number or label",
    ),
    (
        // A label that takes an id the page template gives the Summary heading.
        "duplicate-id",
        "10:1",
        "label {#summary} gives the id \"summary\", which the page already uses for the heading “Summary”",
        "choose another name; ids this page's template uses: background-papers, contacts, main-content, summary",
    ),
    (
        "bad-label",
        "9:1",
        "malformed label \"{#Pool Budget}\"",
        "a label is {#name} with lower-case letters, digits and hyphens, e.g. {#pooled-budget}",
    ),
];

#[test]
fn every_lint_fixture_fails_check_at_its_location_with_its_hint() {
    let mut failures = Vec::new();
    for (name, at, message, hint) in CASES {
        let site = lint_site(name);
        let out = plansite(site.path(), &["check"]);
        let err = stderr(&out);
        let header = format!("{PAPER}:{at}: error: {message}\n");
        let help = format!("= help: {hint}\n");
        let ok = out.status.code() == Some(1)
            && err.contains(&header)
            && err.contains(&help)
            // One error; `check`'s link check may add a warning (the
            // image-alt fixture's picture is not part of the site).
            && err.contains("\n1 error, ")
            && err.contains("nothing was written");
        if !ok {
            failures.push(format!(
                "lint-{name}: exit {:?}, want {header}{help}got:\n{err}",
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_lint_fixture_has_a_case() {
    let mut fixtures: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures"))
        .expect("fixtures")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|n| n.strip_prefix("lint-").map(str::to_string))
        .filter(|n| n != "base")
        .collect();
    fixtures.sort();
    let mut cases: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    cases.sort();
    assert_eq!(fixtures, cases);
}

#[test]
fn lint_errors_are_json_with_file_line_and_column() {
    let site = lint_site("image-alt");
    let out = plansite(site.path(), &["check", "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let first = stderr(&out).lines().next().unwrap_or_default().to_string();
    let v: serde_json::Value = serde_json::from_str(&first).expect("json");
    assert_eq!(v["file"], PAPER);
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(11), Some(1))
    );
}

fn write_paper(root: &Path, body: &str) {
    std::fs::write(
        root.join(PAPER),
        format!("+++\ntitle = \"Pooled budget\"\nkind = \"position-statement\"\ndate = 2026-01-27\n+++\n\n{body}"),
    )
    .expect("write paper");
}

#[test]
fn a_label_is_a_second_anchor_on_the_page() {
    let site = lint_site("base");
    write_paper(
        site.path(),
        "## Spending\n\n{#pool} The pool is shared.\n\nSee {{ ref pool }}.\n",
    );
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(
        &site
            .path()
            .join("output/boards/test-hwb/2026-01-27/paper/index.html"),
    );
    assert!(
        html.contains(
            "<div class=\"para\" id=\"para-1-1\"><span class=\"para__label\" id=\"pool\"></span>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#para-1-1\">paragraph 1.1</a>"),
        "{html}"
    );
}

#[test]
fn the_same_fund_table_twice_on_a_page_is_reported_at_the_second() {
    let site = super::support::site("minimal");
    let paper = site
        .path()
        .join("content/boards/test-hwb/2026-01-27/budget.md");
    append(&paper, "{{ fund test-bcf pool }}");
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/boards/test-hwb/2026-01-27/budget.md:23:1: error: the {{ fund }} shortcode gives the id \"chart-pool\", which the {{ fund }} shortcode at content/boards/test-hwb/2026-01-27/budget.md:21:1 already gives this page"),
        "{err}"
    );
    assert!(err.contains("\n1 error, "), "one mistake, one error: {err}");
}

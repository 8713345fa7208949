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

/// The paper of the `bad-manual-numbering-gap` fixture (numbered by hand,
/// its paragraph numbers skipping 1.1 to 1.3): its path and its text.
fn numbering_gap_paper() -> (&'static str, String) {
    let rel = "content/boards/test-hwb/2026-01-27/budget.md";
    let paper = read(
        &repo()
            .join("tests/fixtures/bad-manual-numbering-gap")
            .join(rel),
    );
    (rel, paper)
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

/// A version dated after the version that follows it built silently, and
/// the history read "Version 1 published 28 January; Version 2 (current)
/// published 25 January".
#[test]
fn a_version_dated_after_the_next_one_is_an_error_or_a_warning_when_dated_by_its_paper() {
    let site = site("papers");
    let v2 = site
        .path()
        .join("content/boards/test-hwb/2026-01-27/history.v2.md");
    let text = read(&v2);
    fs::write(
        &v2,
        text.replacen("date = 2026-01-13", "date = 2026-01-28", 1),
    )
    .unwrap();
    let out = plansite(site.path(), &["check"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains(
            "content/boards/test-hwb/2026-01-27/history.v2.md:10:8: error: version 2 of \"history\" is dated 28 January 2026, after version 3 (current), which follows it (20 January 2026, revision.date at content/boards/test-hwb/2026-01-27/history.md:10:8)\n   |\n10 | date = 2026-01-28\n   |        ^^^^^^^^^^\n   |\n   = help: versions are numbered in the order they were published: correct whichever revision.date is wrong"
        ),
        "{err}"
    );
    assert!(err.contains("\n1 error, 0 warnings\n"), "{err}");
    // Without its revision.date, version 2 is dated by its paper's date
    // (the meeting's, 27 January), which may not be the day it was
    // published: a warning.
    fs::write(&v2, text.replacen("date = 2026-01-13\n", "", 1)).unwrap();
    let out = plansite(site.path(), &["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "content/boards/test-hwb/2026-01-27/history.v2.md:5:8: warning: version 2 of \"history\" is dated 27 January 2026, after version 3 (current), which follows it (20 January 2026, revision.date at content/boards/test-hwb/2026-01-27/history.md:10:8)"
        ),
        "{err}"
    );
    assert!(
        err.contains("= help: a version without revision.date is dated by its date (often the meeting's): give each version the day it was published in [revision] date = …"),
        "{err}"
    );
    // Two versions published the same day are in order.
    fs::write(
        &v2,
        text.replacen("date = 2026-01-13", "date = 2026-01-20", 1),
    )
    .unwrap();
    let out = plansite(site.path(), &["check", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Minutes dated 8 January 2018 for the meeting of 30 January 2018 were
/// accepted: minutes are published after the meeting they record.
#[test]
fn minutes_dated_before_their_meeting_are_an_error() {
    let site = site("minutes");
    let minutes = site
        .path()
        .join("content/boards/test-hwb/2026-01-27/minutes.md");
    let text = read(&minutes);
    fs::write(
        &minutes,
        text.replacen("date = 2026-02-10", "date = 2026-01-08", 1),
    )
    .unwrap();
    let out = plansite(site.path(), &["check"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains(
            "content/boards/test-hwb/2026-01-27/minutes.md:4:8: error: minutes dated 8 January 2026, before the meeting they record (27 January 2026)\n  |\n4 | date = 2026-01-08\n  |        ^^^^^^^^^^\n  |\n  = help: the minutes' date is when they were published, on or after the meeting: correct it, or the meeting's date in content/boards/test-hwb/2026-01-27/_meeting.toml"
        ),
        "{err}"
    );
    // Dated the day of the meeting, or only to its month: not certainly before.
    for date in ["2026-01-27", "\"2026-01\""] {
        fs::write(
            &minutes,
            text.replacen(
                "date = 2026-02-10",
                &format!("date = {date}\ndate_note = \"As published.\""),
                1,
            ),
        )
        .unwrap();
        let err = stderr(&plansite(site.path(), &["check"]));
        assert!(!err.contains("before the meeting"), "{date}: {err}");
    }
}

const BCF_PAPER: &str = "content/boards/westshire-hwb/2018-01-30/bcf-plan-2017-18.md";

/// "a contingency of (£1,234k)" about a plan line `amount = 1234, sign =
/// "minus"` was warned about as matching no figure, failing `--strict`:
/// brackets are how accounts print a negative figure.
#[test]
fn a_bracketed_or_signed_negative_typed_in_a_paper_matches_its_minus_line() {
    let site = site("board-trial");
    let out = plansite(site.path(), &["check", "--strict"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
    let paper = site.path().join(BCF_PAPER);
    let text = read(&paper);
    // With plansite's own minus sign, or in millions: the same figure.
    for written in ["−£1,234k", "-£1.234m", "(£1.2m)"] {
        fs::write(&paper, text.replace("(£1,234k)", written)).unwrap();
        let out = plansite(site.path(), &["check", "--strict"]);
        assert!(out.status.success(), "{written}: {}", stderr(&out));
    }
    // A figure that is not the line's is still warned about, brackets and all.
    fs::write(&paper, text.replace("(£1,234k)", "(£1,243k)")).unwrap();
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(
        err.contains(&format!("{BCF_PAPER}:64:128: warning: (£1,243k) is typed in the text but matches no figure in the plan data this paper cites (westshire-bcf-2017-18)")),
        "{err}"
    );
    // The line's figure typed without its sign is not the line's figure.
    fs::write(&paper, text.replace("(£1,234k)", "−£1,980k")).unwrap();
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(
        err.contains("warning: −£1,980k is typed in the text"),
        "{err}"
    );
}

const IPR: &str = "content/boards/northfield-trust/2018-01-25/integrated-performance-report.md";
const IPR_PAGE: &str =
    "output/boards/northfield-trust/2018-01-25/integrated-performance-report/index.html";

/// A Markdown table in a paper had `aria-label="Table 1"`, no caption, and
/// its row labels ("A&E 4-hour") in plain `td` cells: a screen reader read
/// "95%" with no word of which standard it was for.
#[test]
fn a_papers_table_takes_its_caption_line_and_labels_its_rows() {
    let site = site("board-trial");
    let paper = site.path().join(IPR);
    let text = read(&paper);
    let caption = "Table: Performance against the access standards, April to December 2017 (%)";
    let rows = "<thead><tr><th scope=\"col\">Standard</th><th scope=\"col\" class=\"num\">Target</th><th scope=\"col\" class=\"num\">Q1</th><th scope=\"col\" class=\"num\">Q2</th><th scope=\"col\" class=\"num\">Q3</th><th scope=\"col\" class=\"num\">Variance (patients)</th></tr></thead><tbody><tr><th scope=\"row\">A&amp;E 4-hour</th><td class=\"num\">95%</td><td class=\"num\">90.2%</td><td class=\"num\">89.1%</td><td class=\"num\">94.7%</td><td class=\"num\">(1,234)</td></tr>";
    for (written, at) in [
        (
            text.replace("\n| Standard |", &format!("\n{caption}\n\n| Standard |")),
            "before",
        ),
        (
            text.replace("| (56) |\n", &format!("| (56) |\n\n{caption}\n")),
            "after",
        ),
    ] {
        assert_ne!(written, text);
        fs::write(&paper, &written).unwrap();
        let out = plansite(site.path(), &["build", "--strict"]);
        assert!(out.status.success(), "{at}: {}", stderr(&out));
        let html = read(&site.path().join(IPR_PAGE));
        let want = format!("<div class=\"table-wrap\" role=\"region\" aria-label=\"Performance against the access standards, April to December 2017 (%)\" tabindex=\"0\"><table><caption>Performance against the access standards, April to December 2017 (%)</caption>{rows}");
        assert!(html.contains(&want), "{at}: {html}");
        assert!(!html.contains("Table:"), "{at}: {html}");
        // The caption is not a paragraph, and the paragraph keeps its number.
        assert!(html.contains("<span class=\"visually-hidden\">Paragraph </span>1.2</a>\n    <div class=\"para__body\"><p>Performance is summarised below. Figures are percentages unless stated.</p>\n<div class=\"table-wrap\""), "{at}: {html}");
    }
    // Without a caption line the table is numbered, and its rows still labelled.
    fs::write(&paper, &text).unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(&site.path().join(IPR_PAGE));
    assert!(
        html.contains(&format!("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\" tabindex=\"0\"><table>{rows}")),
        "{html}"
    );
}

/// `…2017).[^1]` (a footnote) with `[^1]: Figures for December 2017 are provisional.`
/// at the foot of the paper showed a literal `[^1]`, and the note inside
/// the last numbered paragraph as `<div class="footnote-definition" id="1">`.
#[test]
fn a_footnote_is_a_numbered_link_to_the_papers_notes_and_back() {
    let site = site("board-trial");
    let out = plansite(site.path(), &["build", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(&site.path().join(IPR_PAGE));
    assert!(
        html.contains("<p>This report sets out the Trust's performance against the national access standards for 2017-18 (April to December 2017).<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\"><span class=\"visually-hidden\">Footnote </span>1</a></sup></p>"),
        "{html}"
    );
    // The last paragraph is its own text only; the note is under "Notes".
    assert!(
        html.contains("<div class=\"para__body\"><p>The target is to reduce by 3.5% on the 2016/17 baseline the number of delayed transfers of care (see <a href=\"#para-2-2\">paragraph 2.2</a>).</p>\n</div>"),
        "{html}"
    );
    assert!(
        html.contains("<section class=\"paper__footnotes\" aria-labelledby=\"footnotes\">\n  <h2 id=\"footnotes\">Notes</h2>\n  <ol class=\"footnotes\">\n    <li id=\"fn-1\"><p>Figures for December 2017 are provisional.</p>\n<p class=\"footnote__back\"><a href=\"#fnref-1\">Back to paragraph 1.1</a></p></li>\n    \n  </ol>\n</section>"),
        "{html}"
    );
    assert!(
        !html.contains("[^1]") && !html.contains("id=\"1\""),
        "{html}"
    );
    // A reference with no definition, and a definition nothing refers to.
    let paper = site.path().join(IPR);
    let text = read(&paper);
    let text = text
        .replace("and in November 94.4%.", "and in November 94.4%.[^revised]")
        .replace(
            "are provisional.\n",
            "are provisional.\n\n[^spare]: Not referred to.\n",
        );
    fs::write(&paper, &text).unwrap();
    let out = plansite(site.path(), &["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "{IPR}:56:92: warning: footnote [^revised] has no definition in this paper"
        )),
        "{err}"
    );
    assert!(
        err.contains("= help: define it at the foot of the paper, on a line of its own: [^revised]: The note's text."),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{IPR}:68:1: warning: footnote [^spare] is defined but nothing refers to it"
        )),
        "{err}"
    );
    assert!(err.contains("0 errors, 2 warnings"), "{err}");
}

/// A paper whose front matter did not read had its body's shortcodes left
/// unchecked: the clerk put right the front matter, built again, and only
/// then heard of `{{ figur … }}` and a plan id misspelt in the body. The
/// shortcodes' names and the plans, funds and series they name are checked
/// in the same build; what needs the paper's own fields (a plan listed in
/// its `plans`) is left until the front matter reads.
#[test]
fn a_front_matter_mistake_does_not_hide_the_bodys_shortcode_mistakes() {
    let site = site("minimal");
    let (rel, paper) = numbering_gap_paper();
    let text = paper.replace("summary = ", "sumary = ").replace(
        "1.3 Skipped a number.",
        "1.3 Skipped a number. See {{ figur test-bcf pool total }}, {{ figure test-bfc pool total }} and {{ progress no-such-series 2017-12 }}.",
    );
    assert!(text.contains("{{ figur "), "{text}");
    let line = text.lines().count();
    write(&site, rel, &text);
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for said in [
        "budget.md:7:1: error: unknown field \"sumary\"".to_string(),
        format!("budget.md:{line}:27: error: unknown shortcode \"figur\""),
        "   = help: did you mean \"figure\"?".to_string(),
        format!("budget.md:{line}:"),
        "error: unknown plan \"test-bfc\"".to_string(),
        "   = help: did you mean \"test-bcf\"?".to_string(),
        "error: unknown series \"no-such-series\"".to_string(),
    ] {
        assert!(err.contains(&said), "{said}:\n{err}");
    }
    // The paper lists no plans: that is for when its front matter reads.
    assert!(!err.contains("not listed in this paper's `plans`"), "{err}");
    // Written correctly, the body's shortcodes say nothing more.
    let fixed = text
        .replace("{{ figur ", "{{ figure ")
        .replace("test-bfc", "test-bcf")
        .replace(" and {{ progress no-such-series 2017-12 }}", "");
    write(&site, rel, &fixed);
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(
        !err.contains("shortcode") && !err.contains("unknown plan"),
        "{err}"
    );
}

/// A mistake in a paper's front matter hid every mistake in its body: the
/// clerk put right a misspelt field, built again, and only then heard of
/// the skipped paragraph number. Both are reported in one build.
#[test]
fn a_front_matter_mistake_does_not_hide_the_bodys_mistakes() {
    let site = site("minimal");
    let (rel, paper) = numbering_gap_paper();
    let typo = paper.replace("summary = ", "sumary = ");
    assert_ne!(typo, paper);
    write(&site, rel, &typo);
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("budget.md:7:1: error: unknown field \"sumary\""),
        "{err}"
    );
    assert!(
        err.contains(
            "content/boards/test-hwb/2026-01-27/budget.md:23:1: error: paragraph numbers skip from 1.1 to 1.3"
        ),
        "{err}"
    );
    // Two mistakes in the front matter's values are both reported, with
    // the body's.
    let two = paper
        .replace("kind = \"board-paper\"", "kind = \"board paper\"")
        .replace(
            "numbering = \"manual\"",
            "numbering = \"manual\"\nrecommendation_style = \"lower roman\"",
        );
    assert_ne!(two, paper);
    write(&site, rel, &two);
    let err = stderr(&plansite(site.path(), &["check"]));
    for said in [
        "error: paragraph numbers skip from 1.1 to 1.3",
        "budget.md:3:8: error: unknown paper kind \"board paper\"",
        "error: unknown recommendation style \"lower roman\"",
    ] {
        assert!(err.contains(said), "{said}:\n{err}");
    }
    // Where the numbering itself cannot be read, the body is not guessed
    // at: only the front matter's mistake is reported.
    let numbering = paper.replace("numbering = \"manual\"", "numbering = \"manaul\"");
    write(&site, rel, &numbering);
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(err.contains("manaul"), "{err}");
    assert!(!err.contains("paragraph numbers skip"), "{err}");
    // A front matter that is not TOML at all: the body is not read either
    // (its numbering cannot be known).
    let broken = paper.replace("numbering = \"manual\"", "numbering = \"manual");
    write(&site, rel, &broken);
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(!err.contains("paragraph numbers skip"), "{err}");
}

/// An exempt appendix was listed on its meeting's agenda, and on its
/// paper's page, as "APPENDIX B: Proposed acquisition of land at Mill
/// Lane" with no sign that it is exempt; an exempt paper that is its own
/// agenda item is listed with the paragraph of Schedule 12A, its category
/// and the reason. Its appendix's entry now carries the same.
#[test]
fn an_exempt_appendix_is_marked_exempt_where_it_is_listed() {
    let site = site("papers");
    let meeting = "content/boards/test-hwb/2026-01-27";
    let budget = site.path().join(meeting).join("budget.md");
    let text = read(&budget);
    fs::write(
        &budget,
        text.replacen(
            "background_papers_none = true\n",
            "background_papers_none = true\nappendices = [\"staffing\"]\n",
            1,
        ),
    )
    .unwrap();
    let staffing = site.path().join(meeting).join("staffing.md");
    let text = read(&staffing);
    fs::write(
        &staffing,
        text.replacen("item = 3\n", "appendix_label = \"APPENDIX B\"\n", 1),
    )
    .unwrap();
    let out = plansite(site.path(), &["build", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let marking = "<div class=\"agenda__exempt\"><p><strong class=\"tag tag--exempt\">Exempt</strong> Not for publication under paragraph 1 of Part 1 of Schedule 12A to the Local Government Act 1972.</p>\n      <p>Category: Information relating to any individual.</p>\n      <p>Reason: The report names individual members of staff.</p></div>";
    let agenda = page(site.path(), "boards/test-hwb/2026-01-27/index.html");
    assert!(
        agenda.contains(&format!(
            "<li><a href=\"staffing/\">APPENDIX B: Staffing restructure</a>\n        {marking}</li>"
        )),
        "{agenda}"
    );
    // Once, under its paper: it is not an agenda item of its own.
    assert_eq!(agenda.matches("tag--exempt").count(), 1, "{agenda}");
    let parent = page(site.path(), "boards/test-hwb/2026-01-27/budget/index.html");
    assert!(
        parent.contains(&format!(
            "<li><a href=\"../staffing/\">APPENDIX B: Staffing restructure</a>\n    {marking}</li>"
        )),
        "{parent}"
    );
    // The appendix's paper is not on either page.
    for html in [&agenda, &parent] {
        for marker in [
            "EXEMPT-SUMMARY-7Q3",
            "EXEMPT-RECOMMENDATION-7Q3",
            "EXEMPT-BODY-7Q3",
        ] {
            assert!(!html.contains(marker), "{marker}");
        }
    }
}

/// A meeting date written day first ("29/05/2025") hid every mistake in
/// the meeting's papers until it was put right. The papers are still read
/// for their mistakes.
#[test]
fn a_meeting_files_mistake_does_not_hide_its_papers_mistakes() {
    let site = site("minimal");
    let meeting = "content/boards/test-hwb/2026-01-27/_meeting.toml";
    let text = read(&site.path().join(meeting));
    let bad = text.replacen("date = 2026-01-27", "date = \"27/01/2026\"", 1);
    assert_ne!(bad, text, "{text}");
    write(&site, meeting, &bad);
    let paper = read(&repo().join(
        "tests/fixtures/bad-manual-numbering-gap/content/boards/test-hwb/2026-01-27/budget.md",
    ));
    write(
        &site,
        "content/boards/test-hwb/2026-01-27/budget.md",
        &paper.replace("kind = \"board-paper\"", "kind = \"board paper\""),
    );
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for said in [
        "_meeting.toml:1:8: error: impossible or malformed meeting date \"27/01/2026\"",
        "= help: write date = 2026-01-27: dates are written year, month, day (YYYY-MM-DD)",
        "budget.md:3:8: error: unknown paper kind \"board paper\"",
        "budget.md:23:1: error: paragraph numbers skip from 1.1 to 1.3",
    ] {
        assert!(err.contains(said), "{said}:\n{err}");
    }
}

/// A table caption "Table: Capital variances over £100k, quarter 3 2024/25
/// (£000)" was warned about: "(£000) is typed in the text but matches no
/// figure in the plan data", failing `--strict`. A unit written alone is
/// not a figure; a threshold such as £100k still is, and is warned about
/// as any figure that is not the plan's.
#[test]
fn a_unit_written_alone_in_the_text_is_not_a_figure() {
    let site = site("board-trial");
    let paper = site.path().join(BCF_PAPER);
    let text = read(&paper);
    let units = "Table: Schemes over £100k, 2017/18 (£000)\n\n| Scheme | 2017/18 |\n|---|---:|\n| Reablement | 4,255 |\n\nThe figures are in £000s (£'000, £k) here and in £m, or £ 000, in the summary.\n\n";
    fs::write(
        &paper,
        text.replacen(
            "Reablement accounts for",
            &format!("{units}Reablement accounts for"),
            1,
        ),
    )
    .unwrap();
    let out = plansite(site.path(), &["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "{BCF_PAPER}:56:21: warning: £100k is typed in the text but matches no figure in the plan data this paper cites (westshire-bcf-2017-18)"
        )),
        "{err}"
    );
    // Only the threshold: none of the units.
    assert_eq!(err.matches("is typed in the text").count(), 1, "{err}");
    assert!(err.contains("0 errors, 1 warning"), "{err}");
}

/// A variance written as accounts print it, `change = "(1,234)"`, got
/// "has a thousands comma" and then, without the comma, "malformed
/// figure": neither said how to write a negative. The brackets are named,
/// and the hint is the figure to write.
#[test]
fn a_negative_written_in_accounts_brackets_gets_the_figure_to_write() {
    let site = site("fund-shapes");
    let plan = site.path().join("content/plans/monitoring.toml");
    let text = read(&plan);
    for (written, figure) in [
        ("\"(100)\"", "100"),
        ("(100)", "100"),
        ("\"(1,100)\"", "1100"),
        ("\"(1,100.5)\"", "1100.5"),
    ] {
        fs::write(
            &plan,
            text.replacen("  change = -100\n", &format!("  change = {written}\n"), 1),
        )
        .unwrap();
        let out = plansite(site.path(), &["check"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let carets = "^".repeat(written.len());
        assert!(
            err.contains(&format!(
                "content/plans/monitoring.toml:61:12: error: {written} looks like a negative figure in accounts style\n   |\n61 |   change = {written}\n   |            {carets} brackets are how accounts print a negative\n   |\n   = help: write -{figure}\n"
            )),
            "{written}: {err}"
        );
        assert!(err.contains("\n1 error, 1 warning\n"), "{written}: {err}");
    }
    // Not a figure in brackets: its other mistake is named.
    fs::write(
        &plan,
        text.replacen("  change = -100\n", "  change = \"(1,00)\"\n", 1),
    )
    .unwrap();
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(!err.contains("accounts style"), "{err}");
    assert!(err.contains("monitoring.toml:61:12: error:"), "{err}");
    // Following the hint: the change is read, and found wrong (it is -100).
    fs::write(
        &plan,
        text.replacen("  change = -100\n", "  change = -1100\n", 1),
    )
    .unwrap();
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(!err.contains("accounts style"), "{err}");
    assert!(err.contains("monitoring.toml:61:12: error:"), "{err}");
}

/// A misspelt `numbering` or `paragraphs` key stopped the paper being
/// read, and its body was then checked by the default rules (numbered
/// automatically, sectioned), which it was not written for: its manual
/// numbers were reported under rules the clerk never chose. Where an
/// unknown key is near a key that sets the body's rules, the body is not
/// checked until the key is put right.
#[test]
fn a_misspelt_body_rule_key_does_not_get_the_body_checked_by_guessed_rules() {
    let site = site("minimal");
    let (rel, paper) = numbering_gap_paper();
    for (typo, key) in [
        ("numbring = \"manual\"", "numbring"),
        ("Numbering = \"manual\"", "Numbering"),
        ("numbering = \"manual\"\nparagraph = \"flat\"", "paragraph"),
    ] {
        let text = paper.replace("numbering = \"manual\"", typo);
        assert_ne!(text, paper);
        write(&site, rel, &text);
        let out = plansite(site.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        let said: Vec<&str> = err.lines().filter(|l| l.contains("budget.md:")).collect();
        assert_eq!(said.len(), 1, "{typo}:\n{err}");
        assert!(
            said[0].contains(&format!("error: unknown field \"{key}\"")),
            "{typo}:\n{err}"
        );
    }
    // A misspelt key that has nothing to do with the body's rules: the
    // body is still checked (by the rules written).
    write(&site, rel, &paper.replace("summary = ", "sumary = "));
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(
        err.contains("error: paragraph numbers skip from 1.1 to 1.3"),
        "{err}"
    );
}

/// A `{{ figure }}` of a fund whose columns are a budget beside its
/// forecast was refused with 'give the column, year = "Forecast outturn
/// 2017/18"': written so (spaces round `=`) in the shortcode. The hint now
/// gives each shortcode to paste, `year="…"`.
#[test]
fn a_figure_of_columns_not_added_up_gets_the_shortcodes_to_paste() {
    let site = site("fund-shapes");
    let toml = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"))
        .replace(
            "years = [\"Budget\", \"Outturn\"]",
            "years = [\"Revised budget 2017/18\", \"Forecast outturn 2017/18\"]\nyears_order = \"as-written\"",
        )
        .replace(
            "amounts = { \"Budget\" = 100, \"Outturn\" = 90 }",
            "amounts = { \"Revised budget 2017/18\" = 100, \"Forecast outturn 2017/18\" = 90 }",
        );
    write(&site, "content/plans/budget-outturn.toml", &toml);
    let rel = "content/boards/example-hwb/2017-07-19/bcf-plan.md";
    let paper = read(&site.path().join(rel))
        .replace(
            "plans = [\"multi-year\",",
            "plans = [\"budget-outturn\", \"multi-year\",",
        )
        .replace(
            "## 1. Contributions\n",
            "## 1. Contributions\n\nThe forecast is {{ figure budget-outturn contributions line CCG }}.\n",
        );
    write(&site, rel, &paper);
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let block = err
        .split("\n\n")
        .find(|b| b.contains("bcf-plan.md:19:"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        block.starts_with("content/boards/example-hwb/2017-07-19/bcf-plan.md:19:17: error: fund \"contributions\" has columns that are not successive years (Revised budget 2017/18, Forecast outturn 2017/18), so they are not added up\n"),
        "{block}"
    );
    assert!(
        block.ends_with("= help: give the column: {{ figure budget-outturn contributions line CCG year=\"Revised budget 2017/18\" }} or {{ figure budget-outturn contributions line CCG year=\"Forecast outturn 2017/18\" }}"),
        "{block}"
    );
    assert!(!err.contains("year = \""), "{err}");
}

/// `background_papers_none = true` written after a `[[contacts]]` entry
/// was 'unknown field … expected one of: name, role, organisation, email,
/// phone': TOML had read it into the contact. The hint now says so.
#[test]
fn a_papers_field_written_under_its_contacts_is_said_to_have_fallen_into_them() {
    let site = site("minimal");
    let (rel, paper) = numbering_gap_paper();
    let moved = paper
        .replace("background_papers_none = true\n", "")
        .replace(
            "name = \"A. Officer\"\n",
            "name = \"A. Officer\"\nbackground_papers_none = true\n",
        );
    assert_ne!(moved, paper);
    write(&site, rel, &moved);
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("budget.md:14:1: error: unknown field \"background_papers_none\"\n"),
        "{err}"
    );
    assert!(
        err.contains("= help: `background_papers_none` is a field of the paper, but this line comes after [[contacts]] (line 12), so TOML reads it as part of that entry: move it above [[contacts]]\n"),
        "{err}"
    );
    // A contact's own misspelt field keeps its did-you-mean.
    write(
        &site,
        rel,
        &paper.replace("name = \"A. Officer\"", "nmae = \"A. Officer\""),
    );
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(err.contains("error: unknown field \"nmae\""), "{err}");
    assert!(err.contains("= help: did you mean \"name\"?"), "{err}"); // A contact's title, when the paper has its own title at the top, is
                                                                      // a contact's field misnamed (role), not a line that fell.
    write(
        &site,
        rel,
        &paper.replace(
            "name = \"A. Officer\"\n",
            "name = \"A. Officer\"\ntitle = \"Director of Finance\"\n",
        ),
    );
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(err.contains("error: unknown field \"title\""), "{err}");
    assert!(!err.contains("move it above"), "{err}");
}

/// One missing comma in a paper's recommendations gave, beside the TOML
/// error, a false 'unknown paper "…"' in every progress file and
/// standards set whose source cites the paper ('write the paper as
/// board/meeting/paper', which it already was), and with the paper's
/// front matter misspelt instead, 'did you mean' another paper of the
/// meeting. A broken meeting date did the same. A paper whose file is
/// there but could not be read is not reported again where it is cited.
#[test]
fn a_paper_that_could_not_be_read_is_not_unknown_where_it_is_cited() {
    let site = demo_site();
    let rel = "content/boards/southampton-hwb/2017/better-care-plan-2017-19.md";
    let paper = read(&site.path().join(rel));
    // Another paper of the meeting, a near miss for the did-you-mean.
    write(
        &site,
        "content/boards/southampton-hwb/2017/better-care-plan-2017-19a.md",
        "+++\ntitle = \"Appendix\"\nkind = \"position-statement\"\ndate = \"2017\"\n+++\n\nText.\n",
    );
    let comma = paper.replacen(
        "2017-19, particularly noting the priorities and performance targets.\",",
        "2017-19, particularly noting the priorities and performance targets.\"",
        1,
    );
    let misspelt = paper.replacen("recommendation_style = ", "recomendation_style = ", 1);
    assert_ne!(comma, paper);
    assert_ne!(misspelt, paper);
    for (text, said) in [
        (
            &comma,
            "error: invalid TOML: missing comma between array elements",
        ),
        (
            &misspelt,
            "better-care-plan-2017-19.md:42:1: error: unknown field \"recomendation_style\"",
        ),
    ] {
        write(&site, rel, text);
        let out = plansite(site.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.contains(said), "{said}:\n{err}");
        assert!(!err.contains("unknown paper"), "{err}");
        assert!(!err.contains("did you mean \"southampton-hwb"), "{err}");
        assert!(err.contains("1 error, "), "{err}");
    }
    // The meeting's date broken: its papers are not read into the site,
    // and their citations are not reported either.
    write(&site, rel, &paper);
    let meeting = "content/boards/southampton-hwb/2017/_meeting.toml";
    let text = read(&site.path().join(meeting));
    write(
        &site,
        meeting,
        &text.replacen("date = \"2017\"", "date = 2017-7-20", 1),
    );
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("_meeting.toml:3:8: error: invalid TOML"),
        "{err}"
    );
    assert!(!err.contains("unknown paper"), "{err}");
    assert!(err.contains("1 error, "), "{err}");
}

/// A meeting's field written under its `[contact]` table was 'unknown
/// field "venue"' with the contact's fields as the hint: TOML had read it
/// into the contact. As in a paper, the hint says to move it above.
#[test]
fn a_meetings_field_written_under_its_contact_is_said_to_have_fallen_into_it() {
    let site = site("minimal");
    let meeting = "content/boards/test-hwb/2026-01-27/_meeting.toml";
    write(
        &site,
        meeting,
        "date = 2026-01-27\nstatus = \"held\"\n\n[contact]\nname = \"A. Clerk\"\nvenue = \"Town Hall\"\n",
    );
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(
        err.contains("_meeting.toml:6:1: error: unknown field \"venue\"\n"),
        "{err}"
    );
    assert!(
        err.contains("= help: `venue` is a field of the meeting, but this line comes after [contact] (line 4), so TOML reads it as part of that table: move it above [contact]\n"),
        "{err}"
    );
}

/// `line = "Minimum NHS Contribution"` in a plan's `[conditions]` (the
/// line is "Minimum NHS contribution") was 'fund "income" has no line …'
/// with no did-you-mean: a label differing only in capitals is named.
#[test]
fn a_line_label_differing_only_in_capitals_is_named() {
    let s = site("fund-shapes");
    let text = read(&repo().join("tests/fixtures/fund-errors/condition-unknown-line.toml"));
    let text = text.replace(
        "line = \"Minimum contribution\"",
        "line = \"Minimum ccg Contribution\"",
    );
    write(&s, "content/plans/condition-unknown-line.toml", &text);
    let err = stderr(&plansite(s.path(), &["check"]));
    assert!(
        err.contains("condition-unknown-line.toml:32:18: error: cannot take this figure from the fund: fund \"contributions\" has no line \"Minimum ccg Contribution\" (did you mean \"Minimum CCG contribution\"? a label is matched as written, capitals too)\n"),
        "{err}"
    );
}

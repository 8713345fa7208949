//! Found by trying plansite as the clerk of a council not in the demo
//! (an "Exampleshire" board paper, appendix, position statement and plan):
//! each test pins one thing that was published or reported wrongly.

use super::support::*;
use std::fs;

fn write(site: &tempfile::TempDir, rel: &str, text: &str) {
    let p = site.path().join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

const PAPER_HEAD: &str = "+++\ntitle = \"Pooled budget\"\nkind = \"board-paper\"\nfrom = \"Director\"\nto = \"Board\"\ndate = 2026-03-02\nsummary = \"Sets out the budget.\"\nrecommendations = [\"Agree it.\"]\ncontacts = [{ name = \"A. Officer\" }]\nbackground_papers_none = true\n";

/// `impact_assessments.equality` is whether an equality impact assessment
/// is required: the page must not call it an "Equality and safety" impact
/// assessment (Southampton's ESIA), words the clerk never wrote.
#[test]
fn the_equality_impact_assessment_is_named_as_the_clerk_wrote_it() {
    let site = site("papers");
    write(
        &site,
        "content/boards/test-hwb/2026-03-02/pooled.md",
        &format!("{PAPER_HEAD}[impact_assessments]\nequality = \"yes\"\nprivacy = \"no\"\n+++\n\n## 1. Budget\n\n1.1 Text.\n"),
    );
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(
        &site
            .path()
            .join("output/boards/test-hwb/2026-03-02/pooled/index.html"),
    );
    assert!(
        html.contains("<div><dt>Equality impact assessment required</dt><dd>Yes</dd></div>"),
        "{html}"
    );
    assert!(
        html.contains("<div><dt>Privacy impact assessment required</dt><dd>No</dd></div>"),
        "{html}"
    );
    assert!(!html.contains("safety"), "{html}");
}

/// A misspelt field in one paper's front matter is one mistake: the papers
/// that link to it, the plan that names it as its paper and the minutes
/// that record a decision on it must not each report it as "no paper"
/// (with a "did you mean" pointing at some other paper).
#[test]
fn a_paper_with_a_front_matter_mistake_is_reported_once_not_by_every_reference_to_it() {
    let site = site("papers");
    // The forward plan (2026-03-02) links to budget#pool, budget#section-2.
    let budget = site
        .path()
        .join("content/boards/test-hwb/2026-01-27/budget.md");
    let text = read(&budget).replacen("title = ", "titel = ", 1);
    fs::write(&budget, text).unwrap();
    let plan = site.path().join("content/plans/test-bcf.toml");
    let text = read(&plan);
    fs::write(
        &plan,
        text.replacen(
            "[source]",
            "paper = \"test-hwb/2026-01-27/budget\"\n\n[source]",
            1,
        ),
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains(
            "content/boards/test-hwb/2026-01-27/budget.md:2:1: error: unknown field \"titel\""
        ),
        "{err}"
    );
    assert!(!err.contains("no paper"), "{err}");
    assert!(!err.contains("unknown paper"), "{err}");
    assert!(err.contains("\n1 error, 0 warnings\n"), "{err}");
    assert!(!site.path().join("output").exists());
}

/// A clerk who writes the unit of a table in thousands as `£k` (or
/// `£'000`, `£000s`) must not be told "did you mean \"£\"?": following that
/// hint publishes £4,250k as £4,250. The hint names the unit meant and
/// what each unit is.
#[test]
fn a_misspelt_money_unit_is_never_answered_with_pounds_for_thousands() {
    let site = site("papers");
    let plan = site.path().join("content/plans/test-bcf.toml");
    let mut lines: Vec<String> = read(&plan).lines().map(String::from).collect();
    let at = lines.iter().position(|l| l == "unit = \"£000\"").unwrap();
    let cases = [
        ("£k", "£000", "thousands"),
        ("£'000", "£000", "thousands"),
        ("£000s", "£000", "thousands"),
        ("£M", "£m", "millions"),
        ("£mn", "£m", "millions"),
        ("£million", "£m", "millions"),
    ];
    for (written, meant, words) in cases {
        lines[at] = format!("unit = \"{written}\"");
        fs::write(&plan, lines.join("\n") + "\n").unwrap();
        let out = plansite(site.path(), &["check"]);
        let err = stderr(&out);
        assert!(!out.status.success());
        assert!(
            err.contains(&format!(
                "content/plans/test-bcf.toml:{}:8: error: unknown unit \"{written}\"",
                at + 1
            )),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "help: figures in {words} of pounds are written unit = \"{meant}\"; the units are \"£\" (pounds), \"£000\" (thousands of pounds) and \"£m\" (millions of pounds)"
            )),
            "{written}: {err}"
        );
        assert!(!err.contains("did you mean \"£\""), "{err}");
    }
    // A unit that is none of these lists them all.
    lines[at] = "unit = \"GBP\"".to_string();
    fs::write(&plan, lines.join("\n") + "\n").unwrap();
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(
        err.contains("help: the units are \"£\" (pounds), \"£000\" (thousands of pounds) and \"£m\" (millions of pounds): write the one the source's figures are in"),
        "{err}"
    );
}

/// A clerk quotes a label of several words, as they would anywhere else:
/// `{{ figure plan fund scheme "Carers" }}` is the line named Carers, not
/// an error about a line named "\"Carers\"" (with its quotes doubled).
#[test]
fn a_figure_label_may_be_written_in_quotes() {
    let site = site("papers");
    write(
        &site,
        "content/boards/test-hwb/2026-03-02/quoted.md",
        "+++\ntitle = \"Quoted\"\nkind = \"position-statement\"\ndate = 2026-03-02\nplans = [\"test-bcf\"]\n+++\n\n## A\n\nCarers: {{ figure test-bcf pool scheme \"Carers\" }}; telecare: {{ figure test-bcf pool scheme “Telecare” }}; the council: {{ figure test-bcf pool column council }}.\n",
    );
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(
        &site
            .path()
            .join("output/boards/test-hwb/2026-03-02/quoted/index.html"),
    );
    assert!(
        html.contains("<p>Carers: <data class=\"figure\" value=\"1374\">£1,374k</data>; telecare: <data class=\"figure\" value=\"250\">£250k</data>; the council: <data class=\"figure\" value=\"384\">£384k</data>.</p>"),
        "{html}"
    );
}

/// A summary is Markdown: the paper page renders it, and What's new, the
/// Atom feeds and the page's description must give its words, not its
/// asterisks and brackets.
#[test]
fn a_markdown_summary_is_plain_words_in_whats_new_the_feeds_and_the_description() {
    let site = site("papers");
    let head = PAPER_HEAD.replace(
        "summary = \"Sets out the budget.\"",
        "summary = \"Sets out a pooled budget of **£1,624k** for _2026/27_, as [the plan](https://www.example.gov.uk/plan) and `s75` say.\"",
    );
    write(
        &site,
        "content/boards/test-hwb/2026-03-02/pooled.md",
        &format!("{head}+++\n\n## 1. Budget\n\n1.1 Text.\n"),
    );
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let words = "Sets out a pooled budget of £1,624k for 2026/27, as the plan and s75 say.";
    let output = site.path().join("output");
    let whats_new = read(&output.join("whats-new/index.html"));
    assert!(
        whats_new.contains(&format!("<p>{words}</p>")),
        "{whats_new}"
    );
    for feed in ["feed.xml", "boards/test-hwb/feed.xml"] {
        let xml = read(&output.join(feed));
        assert!(
            xml.contains(&format!("<summary type=\"text\">{words}")),
            "{feed}: {xml}"
        );
    }
    let page = read(&output.join("boards/test-hwb/2026-03-02/pooled/index.html"));
    assert!(
        page.contains(&format!("<meta name=\"description\" content=\"{words}\">")),
        "{page}"
    );
    // The paper itself still renders the Markdown.
    assert!(page.contains("<strong>£1,624k</strong>"), "{page}");
    for text in [&whats_new, &page] {
        assert!(!text.contains("**"), "{text}");
    }
}

/// A stated total written in another unit than the fund's (the £000 figure
/// in a £m table) is a unit slip, not a figure that does not add up: the
/// hint says which unit the figure is in and what to write, instead of
/// offering an override for a difference of 101302.596.
#[test]
fn a_stated_total_in_the_wrong_unit_is_named_as_a_unit_slip() {
    let site = site("papers");
    let plan = site.path().join("content/plans/test-bcf.toml");
    let text = read(&plan);
    // The fund is in £000 and adds up to 1624: 1.624 is that figure in £m.
    fs::write(
        &plan,
        text.replacen("  total = 1624\n", "  total = 1.624\n", 1),
    )
    .unwrap();
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(
        err.contains("stated 1.624, computed 1624, difference -1622.376 (£000)"),
        "{err}"
    );
    assert!(
        err.contains("= help: the stated figure is the computed total in £m (1624 in £000 is 1.624 in £m), but this fund's figures are in £000: write 1624; or, if every figure of the fund is in £m, set unit = \"£m\" on the fund"),
        "{err}"
    );
    assert!(!err.contains("override = 1.624"), "{err}");
}

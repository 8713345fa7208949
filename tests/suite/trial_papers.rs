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

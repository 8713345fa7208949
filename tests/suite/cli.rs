//! The command line: exit codes, messages for bad input, and a failed build
//! leaving the previous output untouched.

use super::support::*;

#[test]
fn minimal_site_builds_and_cites_a_figure_from_data() {
    let site = site("minimal");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(
        &site
            .path()
            .join("output/boards/test-hwb/2026-01-27/budget/index.html"),
    );
    assert!(
        html.contains("The pooled budget is <data class=\"figure\" value=\"1624\">£1,624k</data>."),
        "{html}"
    );
}

#[test]
fn wrong_stated_total_exits_1_names_the_line_and_leaves_output_untouched() {
    // Build the good site first, then break one figure and build again.
    let site = site("minimal");
    assert!(plansite(site.path(), &["build"]).status.success());
    let before = snapshot_tree(&site.path().join("output"));
    std::fs::copy(
        repo().join("tests/fixtures/wrong-total/content/plans/test-bcf.toml"),
        site.path().join("content/plans/test-bcf.toml"),
    )
    .expect("copy");
    let out = plansite(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/plans/test-bcf.toml:36:11: error: stated grand total does not match the computed total"),
        "{err}"
    );
    assert!(
        err.contains("stated 1625, computed 1624, difference 1 (£000)"),
        "{err}"
    );
    assert!(err.contains("36 |   total = 1625"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        before,
        snapshot_tree(&site.path().join("output")),
        "output changed"
    );
}

#[test]
fn unknown_field_gets_a_did_you_mean() {
    let site = site("unknown-field");
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/plans/test-bcf.toml:2:1: error: unknown field \"perod\""),
        "{err}"
    );
    assert!(err.contains("help: did you mean \"period\"?"), "{err}");
}

#[test]
fn check_writes_nothing() {
    let site = site("minimal");
    let out = plansite(site.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.path().join("output").exists());
}

#[test]
fn usage_errors_exit_2() {
    let site = site("minimal");
    let out = plansite(site.path(), &["biuld"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_messages_carry_file_line_and_column() {
    let site = site("wrong-total");
    let out = plansite(site.path(), &["check", "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    // Every line is a JSON object; `check` may add link warnings.
    let lines: Vec<serde_json::Value> = stderr(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let v = lines
        .iter()
        .find(|v| v["severity"] == "error")
        .expect("an error");
    assert_eq!(v["file"], "content/plans/test-bcf.toml");
    assert_eq!(v["line"], 36);
    assert_eq!(v["severity"], "error");
}

#[test]
fn paper_page_snapshot() {
    let site = site("minimal");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(
        &site
            .path()
            .join("output/boards/test-hwb/2026-01-27/budget/index.html"),
    );
    insta::assert_snapshot!("minimal_paper_page", html);
}

#[test]
fn build_timings_list_every_stage_with_memory_and_the_slowest_pages() {
    let site = site("minimal");
    let out = plansite(site.path(), &["build", "--timings"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let line = |stage: &str| {
        err.lines()
            .find(|l| l.contains(stage))
            .unwrap_or_else(|| panic!("no line for {stage:?} in\n{err}"))
            .to_string()
    };
    for stage in [
        "read files",
        "load (parse content)",
        "validate references",
        "calculate",
        "render, write and index papers (parallel, by group)",
        "render plans, standards, data, feeds",
        "write the rest and swap in",
    ] {
        let l = line(stage);
        assert!(
            l.trim_start()
                .split(' ')
                .next()
                .is_some_and(|ms| ms.parse::<f64>().is_ok()),
            "{l}"
        );
        if cfg!(target_os = "linux") {
            assert!(l.contains(" MB (peak "), "{l}");
        }
    }
    // Work inside the paper stage is shown under it and not added twice.
    let lines: Vec<&str> = err.lines().collect();
    let papers = lines
        .iter()
        .position(|l| l.contains("render, write and index papers"))
        .unwrap();
    assert!(
        lines[papers + 1].contains("of which writing paper pages"),
        "{err}"
    );
    assert!(
        lines[papers + 2].contains("of which indexing papers"),
        "{err}"
    );
    assert!(
        lines[papers + 3].contains("of which home, board and meeting pages (drawn alongside)"),
        "{err}"
    );
    assert!(line("total of the stages above").contains("ms"));
    let slowest = lines
        .iter()
        .position(|l| *l == "slowest pages:")
        .expect("slowest pages");
    assert!(
        lines[slowest + 1].ends_with("boards/test-hwb/2026-01-27/budget/index.html"),
        "{err}"
    );
}

//! Starting out: `plansite new site` (a starter site outside this
//! repository, built with the theme compiled into the binary), `plansite
//! new theme` (the built-in theme written out to change, laid over the
//! built-in one file by file), and the placeholders `new` writes, which
//! `check` and `build` report until they are replaced.

use super::support::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Runs plansite in `dir` (never in this repository) with `args` only.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run plansite")
}

/// A starter site in a new folder `site` of a temporary folder, with its
/// first meeting on 24 March 2026.
fn new_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(tmp.path(), &["new", "site", "site", "--date", "2026-03-24"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let site = tmp.path().join("site");
    (tmp, site)
}

const MEETING: &str = "content/boards/hwb/2026-03-24/_meeting.toml";

#[test]
fn a_new_site_outside_the_repository_builds_at_once_with_the_built_in_theme() {
    let (tmp, site) = new_site();
    assert!(
        !tmp.path().starts_with(repo()),
        "the test must run outside the repository"
    );
    for file in [
        "content/site.toml",
        "content/boards/hwb/_board.toml",
        MEETING,
        "content/boards/hwb/2026-03-24/pooled-budget.md",
        "content/plans/bcf.toml",
        ".gitignore",
    ] {
        assert!(site.join(file).is_file(), "no {file}");
    }
    assert!(!site.join("themes").exists(), "the theme is built in");

    let out = run_in(tmp.path(), &["build", "--root", "site"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let output = site.join("output");
    for page in [
        "index.html",
        "404.html",
        "boards/hwb/index.html",
        "boards/hwb/2026-03-24/index.html",
        "plans/bcf/index.html",
        "accessibility/index.html",
        "search/index.html",
    ] {
        assert!(output.join(page).is_file(), "no {page}");
    }
    // The built-in theme's assets are the repository's default theme.
    assert_eq!(
        fs::read(output.join("assets/site.css")).unwrap(),
        fs::read(repo().join("themes/default/static/assets/site.css")).unwrap()
    );
    // The paper cites the plan: figure and table from the data.
    let paper = read(&output.join("boards/hwb/2026-03-24/pooled-budget/index.html"));
    assert!(
        paper.contains("The pooled budget is <data class=\"figure\" value=\"150\">£150k</data>."),
        "{paper}"
    );
    assert!(paper.contains("<table"), "{paper}");

    // A new site never goes into a folder that has files.
    let again = run_in(tmp.path(), &["new", "site", "site"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists and is not an empty folder"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn placeholders_are_reported_with_their_place_until_replaced_and_strict_refuses_them() {
    let (tmp, site) = new_site();
    let check = run_in(tmp.path(), &["check", "--root", "site"]);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(0), "{err}");
    // Every placeholder, with file, line, column, the line and a hint.
    for want in [
        "content/boards/hwb/2026-03-24/_meeting.toml:10:40: warning: placeholder left in the content; it would be published as it stands\n   |\n10 | time = \"10:00\"                       # Replace with the start time\n   |                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n   |\n   = help: write the real value on this line, then delete the note \"# Replace with the start time\" (`plansite new` wrote both)\n",
        "content/boards/hwb/2026-03-24/_meeting.toml:12:10: warning: placeholder left in the content; it would be published as it stands\n   |\n12 | venue = \"Replace with the venue\"\n   |          ^^^^^^^^^^^^^^^^^^^^^^\n   |\n   = help: write the real text in place of the placeholder that `plansite new` wrote\n",
        "content/boards/hwb/2026-03-24/pooled-budget.md:50:10: warning: placeholder left in the content",
        "content/boards/hwb/2026-03-24/pooled-budget.md:71:1: warning: placeholder left in the content",
        "content/site.toml:33:10: warning: placeholder left in the content",
        "content/plans/bcf.toml:52:45: warning: placeholder left in the content",
        "0 errors, 43 warnings",
    ] {
        assert!(err.contains(want), "no {want:?} in\n{err}");
    }
    assert_eq!(
        err.matches("warning: placeholder left").count(),
        43,
        "{err}"
    );

    // --strict refuses them, and nothing is published.
    for verb in ["check", "build"] {
        let strict = run_in(tmp.path(), &[verb, "--strict", "--root", "site"]);
        assert_eq!(strict.status.code(), Some(1), "{verb}: {}", stderr(&strict));
        assert!(stderr(&strict).contains("43 errors, 0 warnings"));
    }
    assert!(!site.join("output").exists());

    // Replacing the meeting's two placeholders takes their warnings away.
    fs::write(
        site.join(MEETING),
        read(&site.join(MEETING))
            .replace(
                "\"10:00\"                       # Replace with the start time",
                "\"14:00\"",
            )
            .replace("Replace with the venue", "Council Chamber, Example House"),
    )
    .unwrap();
    let err = stderr(&run_in(tmp.path(), &["check", "--root", "site"]));
    assert!(!err.contains("_meeting.toml"), "{err}");
    assert!(err.contains("0 errors, 41 warnings"), "{err}");
}

#[test]
fn a_paper_made_with_new_in_an_existing_site_warns_until_filled_in() {
    let site = site("minimal");
    let before = stderr(&plansite(site.path(), &["check"]));
    assert!(!before.contains("placeholder"), "{before}");
    let out = plansite(
        site.path(),
        &[
            "new",
            "paper",
            "--board",
            "test-hwb",
            "--meeting",
            "2026-01-27",
            "winter",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = plansite(site.path(), &["check", "--message-format", "json"]);
    let json = stderr(&check);
    let email = json
        .lines()
        .find(|l| l.contains("contact@example.gov.uk") || l.contains("\"line\":50,"))
        .unwrap_or_else(|| panic!("no email placeholder in\n{json}"));
    assert_eq!(
        email,
        "{\"column\":10,\"file\":\"content/boards/test-hwb/2026-01-27/winter.md\",\"hint\":\"write the real email address in place of the placeholder that `plansite new` wrote\",\"label\":null,\"length\":22,\"line\":50,\"message\":\"placeholder left in the content; it would be published as it stands\",\"notes\":[],\"severity\":\"warning\"}"
    );
    assert_eq!(
        plansite(site.path(), &["build", "--strict"]).status.code(),
        Some(1)
    );
}

#[test]
fn new_theme_writes_the_built_in_theme_to_brand_and_missing_files_come_from_it() {
    let (tmp, site) = new_site();
    let out = run_in(tmp.path(), &["new", "--root", "site", "theme", "council"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("To use it, write theme = \"council\" in content/site.toml."),
        "{}",
        stderr(&out)
    );
    // Every file of the built-in theme, as in the repository.
    assert_eq!(
        snapshot_tree(&site.join("themes/council")),
        snapshot_tree(&repo().join("themes/default"))
    );
    // Never over an existing theme.
    let again = run_in(tmp.path(), &["new", "--root", "site", "theme", "council"]);
    assert_eq!(again.status.code(), Some(2));

    // Brand it: change the header, drop a template left as it was.
    let header = site.join("themes/council/templates/partials/header.html");
    fs::write(
        &header,
        read(&header).replace("<header", "<header data-council=\"yes\""),
    )
    .unwrap();
    fs::remove_file(site.join("themes/council/templates/home.html")).unwrap();
    let config = site.join("content/site.toml");
    fs::write(
        &config,
        read(&config).replace("theme = \"default\"", "theme = \"council\""),
    )
    .unwrap();
    let out = run_in(tmp.path(), &["build", "--root", "site"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let home = read(&site.join("output/index.html"));
    assert!(home.contains("data-council=\"yes\""), "{home}");
    assert!(
        home.contains("<h1"),
        "home page drawn with the built-in home.html"
    );

    // A theme with no folder is an error that says how to make one.
    fs::write(
        &config,
        read(&config).replace("theme = \"council\"", "theme = \"kent\""),
    )
    .unwrap();
    let out = run_in(tmp.path(), &["build", "--root", "site"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("content/site.toml: error: theme \"kent\" has no folder themes/kent\n"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("`plansite new theme kent`"));
}

//! Meetings and their minutes: meeting dates at every precision (a day, a
//! month, a year, or not stated at all) and dates the clerk inferred,
//! flagged wherever they are shown; `plansite new meeting` with each date
//! form the content format documents.
//!
//! Fixture: `minutes` (a board with a dated meeting, a year-only meeting
//! whose year was inferred, a meeting whose date is not stated and a
//! scheduled meeting); some tests change one file in a copy.

use super::support::*;
use std::fs;

fn built(fixture: &str) -> tempfile::TempDir {
    let site = site(fixture);
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{fixture} failed:\n{}", stderr(&out));
    site
}

fn page(site: &tempfile::TempDir, rel: &str) -> String {
    read(&site.path().join("output").join(rel))
}

fn write(site: &tempfile::TempDir, rel: &str, text: &str) {
    let p = site.path().join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// The first line of each error `plansite check` reports.
fn problems(site: &tempfile::TempDir) -> Vec<String> {
    let out = plansite(site.path(), &["check", "--quiet"]);
    stderr(&out)
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(str::to_string)
        .collect()
}

const UNDATED: &str = "content/boards/test-hwb/undated-spring-meeting/_meeting.toml";

// ------------------------------------------------------------ meeting dates

#[test]
fn board_lists_meetings_newest_first_with_undated_meetings_last_and_inferred_dates_flagged() {
    let site = built("minutes");
    let html = page(&site, "boards/test-hwb/index.html");
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} not in {html}"));
    assert!(at("8 December 2026") < at("27 January 2026"));
    assert!(at("27 January 2026") < at("<h3>2017</h3>"));
    assert!(at("<h3>2017</h3>") < at("<h3>Date not known</h3>"));
    assert!(html.contains(
        "<li><a href=\"2017/\">2017</a> <strong class=\"tag tag--inferred\">Date inferred</strong> <span class=\"meta\">Not stated in the published papers, 1 paper</span></li>"
    ), "{html}");
    assert!(html.contains(
        "<li><a href=\"undated-spring-meeting/\">Date not known (undated-spring-meeting)</a> <span class=\"meta\">Held, 1 paper</span></li>"
    ), "{html}");
    assert!(html.contains(
        "<a href=\"2026-01-27/\"><time datetime=\"2026-01-27\">27 January 2026</time></a> <span class=\"meta\">"
    ), "{html}");
}

#[test]
fn meeting_page_shows_how_the_date_was_inferred_and_links_say_so() {
    let site = built("minutes");
    let html = page(&site, "boards/test-hwb/2017/index.html");
    assert!(html.contains(
        "<dt>Date</dt><dd>2017 <strong class=\"tag tag--inferred\">Date inferred</strong><br><span class=\"meta\">The source does not print this date; it was inferred: the report calls the guidance of 4 July 2017 newly published</span><br><span class=\"meta\">The published extract does not give the meeting date.</span></dd>"
    ), "{html}");
    // The next meeting links back to it, flagged.
    let next = page(&site, "boards/test-hwb/2026-01-27/index.html");
    assert!(
        next.contains("rel=\"prev\">Previous meeting: 2017 (date inferred)</a>"),
        "{next}"
    );
    let paper = page(&site, "boards/test-hwb/2017/winter-plan/index.html");
    assert!(paper.contains(
        "<dt>Meeting</dt><dd><a href=\"../\">Test Health and Wellbeing Board, 2017 (date inferred)</a></dd>"
    ), "{paper}");
    let undated = page(&site, "boards/test-hwb/undated-spring-meeting/index.html");
    assert!(
        undated.contains("<h1>Meeting: Date not known</h1>"),
        "{undated}"
    );
    assert!(undated.contains(
        "<dt>Date</dt><dd>Date not known<br><span class=\"meta\">The minutes, as published, carry no date.</span></dd>"
    ), "{undated}");
    assert!(undated.contains(
        "<title>Test Health and Wellbeing Board: meeting, Date not known (undated-spring-meeting)"
    ), "{undated}");
}

#[test]
fn a_meeting_date_not_stated_needs_a_note_and_a_folder_that_is_not_a_date() {
    let site = site("minutes");
    write(&site, UNDATED, "date = \"not-stated\"\nstatus = \"held\"\n");
    assert_eq!(
        problems(&site),
        [format!(
            "{UNDATED}:1:8: error: meeting date is not stated and has no date_note"
        )]
    );
    let site = site_with_undated_folder_named("2018");
    assert_eq!(
        problems(&site),
        ["content/boards/test-hwb/2018/_meeting.toml:1:8: error: meeting date not-stated does not match its folder name \"2018\""]
    );
    let out = plansite(site.path(), &["check"]);
    assert!(stderr(&out).contains("= help: a meeting whose date is not stated needs a folder name that is not a date, e.g. undated-winter-meeting"), "{}", stderr(&out));
}

fn site_with_undated_folder_named(name: &str) -> tempfile::TempDir {
    let site = site("minutes");
    let boards = site.path().join("content/boards/test-hwb");
    fs::rename(boards.join("undated-spring-meeting"), boards.join(name)).unwrap();
    site
}

#[test]
fn a_meeting_date_in_an_undocumented_form_is_refused_with_every_form_in_the_hint() {
    let site = site("minutes");
    for (written, shown) in [
        ("\"unknown\"", "unknown"),
        ("\"2017-7\"", "2017-7"),
        ("\"Not stated\"", "Not stated"),
    ] {
        write(
            &site,
            UNDATED,
            &format!("date = {written}\ndate_note = \"n\"\n"),
        );
        let out = plansite(site.path(), &["check"]);
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!(
                "{UNDATED}:1:8: error: impossible or malformed meeting date \"{shown}\"\n"
            )),
            "{err}"
        );
        assert!(err.contains("= help: write the date as 2016-01-27, \"2016-01\" or \"2016\" (as much as the source gives), or \"not-stated\" when it gives none"), "{err}");
    }
}

#[test]
fn two_meetings_whose_dates_are_not_stated_are_not_the_same_meeting() {
    let site = site("minutes");
    let board = site.path().join("content/boards/test-hwb");
    copy_tree(
        &board.join("undated-spring-meeting"),
        &board.join("undated-autumn-meeting"),
    );
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(&site, "boards/test-hwb/index.html");
    let spring = html
        .find("Date not known (undated-spring-meeting)")
        .unwrap();
    let autumn = html
        .find("Date not known (undated-autumn-meeting)")
        .unwrap();
    assert!(autumn < spring, "in order of folder name: {html}");
}

// ------------------------------------------------------------ new meeting

#[test]
fn new_meeting_takes_each_documented_date_form_and_the_result_builds() {
    let site = site("minutes");
    let cases: [(&[&str], &str, &str); 4] = [
        (&["2026-03-24"], "2026-03-24", "date = 2026-03-24\n"),
        (&["2026-04"], "2026-04", "date = \"2026-04\"\n"),
        (&["2019"], "2019", "date = \"2019\"\n"),
        (
            &["--folder", "undated-summer-meeting", "not-stated"],
            "undated-summer-meeting",
            "date = \"not-stated\"\n",
        ),
    ];
    for (args, folder, date_line) in cases {
        let mut all = vec!["new", "meeting", "--board", "test-hwb"];
        all.extend_from_slice(args);
        let out = plansite(site.path(), &all);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = read(
            &site
                .path()
                .join(format!("content/boards/test-hwb/{folder}/_meeting.toml")),
        );
        assert!(text.contains(date_line), "{text}");
        let full = folder == "2026-03-24";
        assert_eq!(
            text.contains("date_note = \"Replace with why the exact date is not known\""),
            !full,
            "{text}"
        );
    }
    // A paper for the undated meeting gets a date to replace.
    let out = plansite(
        site.path(),
        &[
            "new",
            "paper",
            "--board",
            "test-hwb",
            "--meeting",
            "undated-summer-meeting",
            "notes",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let paper = read(
        &site
            .path()
            .join("content/boards/test-hwb/undated-summer-meeting/notes.md"),
    );
    assert!(
        paper.contains("# Replace with the paper's date (the meeting's is not stated)"),
        "{paper}"
    );
    // Every new meeting builds at once, with warnings for its placeholders.
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let strict = plansite(site.path(), &["check", "--strict"]);
    assert!(
        stderr(&strict).contains(
            "undated-summer-meeting/_meeting.toml:6:14: error: placeholder left in the content"
        ),
        "{}",
        stderr(&strict)
    );
}

#[test]
fn new_meeting_refuses_other_date_forms_with_a_hint() {
    let site = site("minutes");
    let hint = "= help: give the meeting's date as YYYY-MM-DD (e.g. 2026-03-24), as YYYY-MM or YYYY when the source gives only the month or the year, or as not-stated with --folder NAME when it gives none";
    for date in [
        "2026-02-30",
        "26-03-24",
        "2026-3",
        "March 2026",
        "unknown",
        "not stated",
    ] {
        let out = plansite(
            site.path(),
            &["new", "meeting", "--board", "test-hwb", date],
        );
        assert_eq!(out.status.code(), Some(2), "{date}");
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("error: \"{date}\" is not a meeting date\n")),
            "{err}"
        );
        assert!(err.contains(hint), "{err}");
    }
    let out = plansite(
        site.path(),
        &["new", "meeting", "--board", "test-hwb", "not-stated"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: a meeting whose date is not stated needs a folder name\n"),
        "{}",
        stderr(&out)
    );
    let out = plansite(
        site.path(),
        &[
            "new",
            "meeting",
            "--board",
            "test-hwb",
            "--folder",
            "2026-05-01",
            "2026-05",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(
            "error: folder name \"2026-05-01\" is a date, and not the meeting's date (2026-05)\n"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!site
        .path()
        .join("content/boards/test-hwb/2026-05-01")
        .exists());
}

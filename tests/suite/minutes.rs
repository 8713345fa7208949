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
        "<li><a href=\"2017/\">2017</a> <strong class=\"tag tag--inferred\">Date inferred</strong> <span class=\"meta\">Not stated in the published papers, 1 paper, minutes published</span></li>"
    ), "{html}");
    assert!(html.contains(
        "<li><a href=\"undated-spring-meeting/\">Date not known (undated-spring-meeting)</a> <span class=\"meta\">Held, 1 paper, minutes published</span></li>"
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

#[test]
fn a_meeting_date_not_stated_cannot_also_be_inferred() {
    let site = site("minutes");
    write(
        &site,
        UNDATED,
        "date = \"not-stated\"\ndate_note = \"The minutes, as published, carry no date.\"\ndate_inferred = \"the minutes mention the spring budget\"\nstatus = \"held\"\n",
    );
    assert_eq!(
        errors_and_hints(&site),
        [format!(
            "{UNDATED}:3:17: error: meeting date is \"not-stated\" but has a date_inferred | an inferred date is a date: either give the date you worked out (date = 2017-03-14, \"2017-03\" or \"2017\") with date_inferred saying how, or keep date = \"not-stated\" and drop date_inferred"
        )]
    );
    // Either way out of the contradiction builds.
    write(
        &site,
        UNDATED,
        "date = \"2015\"\ndate_note = \"The minutes, as published, carry no date.\"\ndate_inferred = \"the minutes mention the spring budget\"\nstatus = \"held\"\n",
    );
    assert_eq!(errors_and_hints(&site), Vec::<String>::new());
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

// ------------------------------------------------------------ minutes

const MINUTES: &str = "content/boards/test-hwb/2026-01-27/minutes.md";

/// The page's main element, as written.
fn main_of(html: &str) -> &str {
    html.split_once("<main")
        .and_then(|(_, m)| m.split_once("</main>"))
        .map_or(html, |(m, _)| m)
}

#[test]
fn a_paper_page_shows_the_decision_on_each_recommendation_linked_to_the_minutes() {
    let site = built("minutes");
    let html = page(&site, "boards/test-hwb/2026-01-27/pooled-budget/index.html");
    assert!(html.contains(
        "<p><strong class=\"tag tag--amended\">Agreed as amended</strong> Recommendation III: Delegate the final plan to the Director.</p>\n      <p>As amended: Delegate the final plan to the Director, after consulting the Chair.</p>"
    ), "{html}");
    assert!(html.contains(
        "<p><strong class=\"tag tag--agreed\">Agreed</strong> Recommendation I: Agree the pooled budget.</p>"
    ), "{html}");
    assert!(html.contains(
        "<p class=\"meta\">Recorded in the minutes: <a href=\"../minutes/#decision-3\">Minute 12/26</a></p>"
    ), "{html}");
    assert!(html.contains(
        "<p><a href=\"../minutes/\">Read the minutes: Minutes of the meeting of 27 January 2026</a></p>"
    ), "{html}");
    // A paper with a decision on one recommendation shows only that one.
    let carers = page(
        &site,
        "boards/test-hwb/2026-01-27/carers-strategy/index.html",
    );
    assert_eq!(
        carers.matches("Recorded in the minutes:").count(),
        1,
        "{carers}"
    );
    assert!(carers.contains("<p>Resolution: RESOLVED that the strategy be considered again once carers have been consulted.</p>\n      <p class=\"meta\">Deferred to the March meeting.</p>"), "{carers}");
}

#[test]
fn the_minutes_page_lists_each_decision_and_links_back_to_each_paper() {
    let site = built("minutes");
    let html = page(&site, "boards/test-hwb/2026-01-27/minutes/index.html");
    assert!(
        html.contains("<span class=\"caption\">Minutes, Test Health and Wellbeing Board</span>"),
        "{html}"
    );
    assert!(html.contains(
        "<li id=\"decision-1\">\n      <p>Minute 12/26: <a href=\"../pooled-budget/\">Pooled budget 2026/27</a>, Recommendation I: <strong class=\"tag tag--agreed\">Agreed</strong></p>\n      <p class=\"meta\">The recommendation: Agree the pooled budget.</p>"
    ), "{html}");
    assert!(html.contains(
        "<li id=\"decision-4\">\n      <p>Minute 13/26: <a href=\"../carers-strategy/\">Carers strategy</a>, Recommendation 1: <strong class=\"tag tag--deferred\">Deferred</strong></p>"
    ), "{html}");
    let undated = page(
        &site,
        "boards/test-hwb/undated-spring-meeting/minutes/index.html",
    );
    assert!(undated.contains(
        "<p><a href=\"../old-report/\">Old report</a>: <strong class=\"tag tag--noted\">Noted</strong></p>"
    ), "{undated}");
    // The minutes are not an item of the agenda; the meeting links them.
    let meeting = page(&site, "boards/test-hwb/2026-01-27/index.html");
    assert!(!meeting.contains("<a href=\"minutes/\">Minutes of the meeting of 27 January 2026</a> <span class=\"meta\">Minutes</span>"), "{meeting}");
    assert!(meeting.contains(
        "<div><dt>Minutes</dt><dd><a href=\"minutes/\">Minutes of the meeting of 27 January 2026</a> <span class=\"meta\">(4 decisions recorded)</span></dd></div>"
    ), "{meeting}");
    assert!(meeting.contains(
        "<a href=\"pooled-budget/\">Pooled budget 2026/27</a> <span class=\"meta\">Board paper</span>\n    <p class=\"agenda__decision\">Decision: Recommendation I: Agreed; Recommendation II: Noted; Recommendation III: Agreed as amended</p>"
    ), "{meeting}");
    let undated_meeting = page(&site, "boards/test-hwb/undated-spring-meeting/index.html");
    assert!(
        undated_meeting.contains("<p class=\"agenda__decision\">Decision: Noted</p>"),
        "{undated_meeting}"
    );
    let scheduled = page(&site, "boards/test-hwb/2026-12-08/index.html");
    assert!(
        scheduled.contains(
            "<div><dt>Minutes</dt><dd>Not yet: the meeting has not been held.</dd></div>"
        ),
        "{scheduled}"
    );
}

#[test]
fn without_published_minutes_a_paper_says_so_and_shows_no_outcome() {
    let site = site("minutes");
    fs::remove_file(site.path().join(MINUTES)).unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(&site, "boards/test-hwb/2026-01-27/pooled-budget/index.html");
    assert!(html.contains(
        "<h2 id=\"meeting-decision\">Decision of the meeting</h2>\n  \n  <p data-pagefind-ignore>The minutes of this meeting have not been published, so no decision is shown here.</p>"
    ), "{html}");
    for outcome in ["Agreed", "Noted", "Deferred", "tag--"] {
        assert!(!main_of(&html).contains(outcome), "{outcome} in {html}");
    }
    let meeting = page(&site, "boards/test-hwb/2026-01-27/index.html");
    assert!(!meeting.contains("agenda__decision"), "{meeting}");
    assert!(
        meeting.contains("<div><dt>Minutes</dt><dd>Not published.</dd></div>"),
        "{meeting}"
    );
    let list = page(&site, "boards/test-hwb/decisions/index.html");
    assert!(list.contains(
        "<h2 id=\"without-minutes\">Meetings without published minutes</h2>\n<p>No decision of these meetings is shown, because their minutes have not been published.</p>\n<ul class=\"link-list\">\n  <li><a href=\"../2026-01-27/\">27 January 2026</a></li>"
    ), "{list}");
    // A paper for a meeting not yet held says that instead.
    let forward = page(&site, "boards/test-hwb/2026-12-08/forward-plan/index.html");
    assert!(
        forward.contains("<p data-pagefind-ignore>The meeting has not been held yet, so no decision has been made.</p>"),
        "{forward}"
    );
}

#[test]
fn the_decisions_list_is_newest_first_with_each_meetings_date_flagged() {
    let site = built("minutes");
    let html = page(&site, "boards/test-hwb/decisions/index.html");
    insta::assert_snapshot!("decisions_page", main_of(&html));
    let board = page(&site, "boards/test-hwb/index.html");
    assert!(
        board.contains(
            "<p><a href=\"decisions/\">Decisions of this board</a>, from its published minutes</p>"
        ),
        "{board}"
    );
}

#[test]
fn decisions_are_open_data_with_the_meeting_date_and_its_flags() {
    let site = built("minutes");
    let csv = page(&site, "boards/test-hwb/decisions/decisions.csv");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Meeting,Meeting date,Meeting date inferred,Meeting date note,Minute,Paper,Paper address,Recommendation,Recommendation text,Outcome,Amended wording,Resolution,Note,Minutes address"
    );
    assert_eq!(
        lines[3],
        "27 January 2026,2026-01-27,,,12/26,Pooled budget 2026/27,https://example.gov.uk/hwb/boards/test-hwb/2026-01-27/pooled-budget/,Recommendation III,Delegate the final plan to the Director.,Agreed as amended,\"Delegate the final plan to the Director, after consulting the Chair.\",,,https://example.gov.uk/hwb/boards/test-hwb/2026-01-27/minutes/#decision-3"
    );
    assert_eq!(
        lines[5],
        "2017,2017,the report calls the guidance of 4 July 2017 newly published,The published extract does not give the meeting date.,,Winter plan,https://example.gov.uk/hwb/boards/test-hwb/2017/winter-plan/,,,Noted,,,,https://example.gov.uk/hwb/boards/test-hwb/2017/minutes/#decision-1"
    );
    assert_eq!(
        lines[6],
        "Date not known (undated-spring-meeting),,,\"The minutes, as published, carry no date.\",,Old report,https://example.gov.uk/hwb/boards/test-hwb/undated-spring-meeting/old-report/,,,Noted,,,,https://example.gov.uk/hwb/boards/test-hwb/undated-spring-meeting/minutes/#decision-1"
    );
    assert_eq!(lines.len(), 8, "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&page(&site, "boards/test-hwb/decisions/decisions.json")).unwrap();
    assert_eq!(json["rows"][5]["Meeting date"], serde_json::Value::Null);
    assert_eq!(
        json["rows"][4]["Meeting date inferred"],
        "the report calls the guidance of 4 July 2017 newly published"
    );
    let catalogue = page(&site, "data/index.html");
    assert!(catalogue.contains("Decisions of the Test Health and Wellbeing Board, as recorded in its published minutes, newest meeting first"), "{catalogue}");
    // Deterministic: a second build writes the same bytes.
    let first = snapshot_tree(&site.path().join("output"));
    let out = plansite(site.path(), &["build", "--no-cache"]);
    assert!(out.status.success());
    assert!(first == snapshot_tree(&site.path().join("output")));
}

// ------------------------------------------------------------ feeds

/// The `<entry>` of `feed` whose `<title>` is `title`, as written.
fn entry<'a>(feed: &'a str, title: &str) -> &'a str {
    let at = feed
        .find(&format!("<title>{title}</title>"))
        .unwrap_or_else(|| panic!("no entry {title} in {feed}"));
    let start = feed[..at].rfind("  <entry>\n").expect("entry start");
    let end = at + feed[at..].find("  </entry>\n").expect("entry end") + "  </entry>\n".len();
    &feed[start..end]
}

#[test]
fn feed_entries_say_when_a_date_is_partial_inferred_or_not_stated() {
    let site = site("minutes");
    // A meeting dated to the day, but inferred by the clerk.
    write(
        &site,
        "content/boards/test-hwb/2026-01-27/_meeting.toml",
        "date = 2026-01-27\nstatus = \"held\"\ndate_inferred = \"the minutes are headed only \\\"Tuesday\\\"; the agenda gives the week\"\n",
    );
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let feed = page(&site, "boards/test-hwb/feed.xml");
    // Atom needs a timestamp: the first day the date can mean, said so.
    assert_eq!(
        entry(&feed, "Winter plan"),
        "  <entry>
    <id>https://example.gov.uk/hwb/boards/test-hwb/2017/winter-plan/</id>
    <title>Winter plan</title>
    <updated>2017-01-01T00:00:00Z</updated>
    <link rel=\"alternate\" type=\"text/html\" href=\"https://example.gov.uk/hwb/boards/test-hwb/2017/winter-plan/\"/>
    <category term=\"test-hwb\" label=\"Test Health and Wellbeing Board\"/>
    <summary type=\"text\">Paper published. Paper date: 2017 (year only; timestamped 1 January 2017). Meeting date: 2017 (year only; inferred: the report calls the guidance of 4 July 2017 newly published).</summary>
  </entry>
"
    );
    assert_eq!(
        entry(&feed, "Old report"),
        "  <entry>
    <id>https://example.gov.uk/hwb/boards/test-hwb/undated-spring-meeting/old-report/</id>
    <title>Old report</title>
    <updated>2015-01-01T00:00:00Z</updated>
    <link rel=\"alternate\" type=\"text/html\" href=\"https://example.gov.uk/hwb/boards/test-hwb/undated-spring-meeting/old-report/\"/>
    <category term=\"test-hwb\" label=\"Test Health and Wellbeing Board\"/>
    <summary type=\"text\">Paper published. Paper date: 2015 (year only; timestamped 1 January 2015). Meeting date not stated in the source.</summary>
  </entry>
"
    );
    assert!(entry(&feed, "Carers strategy").contains(
        "<summary type=\"text\">A new strategy for carers. Meeting date: 27 January 2026 (inferred: the minutes are headed only &quot;Tuesday&quot;; the agenda gives the week).</summary>"
    ), "{feed}");
    // Dated to the day as printed: nothing to say.
    assert!(
        entry(&feed, "Forward plan").contains("<summary type=\"text\">The forward plan.</summary>")
    );
    // Newest first by the paper's date, a year as its first day; the
    // papers of the meeting whose date is not stated by their own dates.
    let titles: Vec<&str> = feed
        .split("<title>")
        .skip(2)
        .filter_map(|t| t.split_once("</title>").map(|(t, _)| t))
        .collect();
    assert_eq!(
        titles,
        [
            "Forward plan",
            "Minutes of the meeting of 27 January 2026",
            "Carers strategy",
            "Pooled budget 2026/27",
            "Minutes of the 2017 meeting",
            "Winter plan",
            "Minutes of an undated meeting",
            "Old report",
        ]
    );
    // The site-wide feed says the same.
    let all = page(&site, "feed.xml");
    assert_eq!(entry(&all, "Old report"), entry(&feed, "Old report"));
}

#[test]
fn feed_entry_of_a_later_version_says_when_its_date_is_partial() {
    let site = site("minutes");
    let plan = "content/boards/test-hwb/2017/winter-plan.md";
    let first = read(&site.path().join(plan));
    write(
        &site,
        "content/boards/test-hwb/2017/winter-plan.v1.md",
        &first,
    );
    write(
        &site,
        plan,
        &first
            .replace(
                "+++\n\n## 1.",
                "\n[revision]\nlabel = \"Refresh\"\ndate = \"2017-11\"\n+++\n\n## 1.",
            )
            .replace(
                "1.1 The winter plan.\n",
                "1.1 The winter plan.\n\n1.2 Extra beds.\n",
            ),
    );
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let feed = page(&site, "boards/test-hwb/feed.xml");
    assert_eq!(
        entry(&feed, "Winter plan (version 2)"),
        "  <entry>
    <id>https://example.gov.uk/hwb/boards/test-hwb/2017/winter-plan/#version-2</id>
    <title>Winter plan (version 2)</title>
    <updated>2017-11-01T00:00:00Z</updated>
    <link rel=\"alternate\" type=\"text/html\" href=\"https://example.gov.uk/hwb/boards/test-hwb/2017/winter-plan/\"/>
    <category term=\"test-hwb\" label=\"Test Health and Wellbeing Board\"/>
    <summary type=\"text\">Version 2 (Refresh) published; paragraphs added: 1.2. Version date: November 2017 (month only; timestamped 1 November 2017). Meeting date: 2017 (year only; inferred: the report calls the guidance of 4 July 2017 newly published).</summary>
  </entry>
"
    );
    // The first version is still the paper's publication, by its own date.
    assert!(entry(&feed, "Winter plan").contains(
        "<summary type=\"text\">Paper published. Paper date: 2017 (year only; timestamped 1 January 2017). Meeting date: 2017 (year only; inferred: the report calls the guidance of 4 July 2017 newly published).</summary>"
    ), "{feed}");
    // What's new says the same in its own words.
    let html = page(&site, "whats-new/index.html");
    assert!(html.contains(
        "<p class=\"meta\">November 2017 (month only), Test Health and Wellbeing Board, meeting: 2017 (date inferred)</p>\n    <p><a href=\"../boards/test-hwb/2017/winter-plan/\">Winter plan</a>"
    ), "{html}");
}

#[test]
fn whats_new_says_when_a_date_is_partial_inferred_or_not_stated() {
    let site = built("minutes");
    let html = page(&site, "whats-new/index.html");
    // A paper dated to the year, of a meeting whose year was inferred.
    assert!(html.contains(
        "<p class=\"meta\">2017 (year only), Test Health and Wellbeing Board, meeting: 2017 (date inferred)</p>\n    <p><a href=\"../boards/test-hwb/2017/winter-plan/\">Winter plan</a> <span class=\"meta\">Position statement</span></p>"
    ), "{html}");
    // A paper dated to the year, of a meeting whose date is not stated.
    assert!(html.contains(
        "<p class=\"meta\">2015 (year only), Test Health and Wellbeing Board, meeting: Date not known (undated-spring-meeting)</p>\n    <p><a href=\"../boards/test-hwb/undated-spring-meeting/old-report/\">Old report</a>"
    ), "{html}");
    // Dated to the day as printed: the date and board only.
    assert!(html.contains(
        "<p class=\"meta\"><time datetime=\"2026-12-08\">8 December 2026</time>, Test Health and Wellbeing Board</p>\n    <p><a href=\"../boards/test-hwb/2026-12-08/forward-plan/\">Forward plan</a>"
    ), "{html}");
}

/// The full report of `check` on the fixture with `minutes` as the
/// minutes of its 27 January 2026 meeting: each error's first line and hint.
fn minutes_errors(minutes: &str) -> Vec<String> {
    let site = site("minutes");
    write(&site, MINUTES, minutes);
    errors_and_hints(&site)
}

/// Each error `plansite check` reports on `site`: its first line and hint.
fn errors_and_hints(site: &tempfile::TempDir) -> Vec<String> {
    let out = plansite(site.path(), &["check", "--quiet"]);
    let err = stderr(&out);
    let mut found = Vec::new();
    let mut lines = err.lines();
    while let Some(line) = lines.next() {
        if line.contains(": error: ") {
            let hint = lines
                .by_ref()
                .take_while(|l| !l.is_empty())
                .find_map(|l| l.trim().strip_prefix("= help: "))
                .unwrap_or("");
            found.push(format!("{line} | {hint}"));
        }
    }
    found
}

fn minutes_with(decisions: &str) -> String {
    format!("+++\ntitle = \"Minutes\"\nkind = \"minutes\"\ndate = 2026-02-10\n{decisions}+++\n\n## 1. Present\n\n1.1 The Chair.\n")
}

#[test]
fn a_decision_naming_a_paper_or_recommendation_that_does_not_exist_is_an_error_with_a_hint() {
    let errors = minutes_errors(&minutes_with(
        "[[decisions]]\npaper = \"pooled-budgt\"\noutcome = \"agreed\"\n\n[[decisions]]\npaper = \"pooled-budget\"\nrecommendation = \"IV\"\noutcome = \"agreed\"\n\n[[decisions]]\npaper = \"pooled-budget\"\nrecommendation = \"11\"\noutcome = \"agreed\"\n\n[[decisions]]\npaper = \"carers-strategy\"\nrecommendation = 3\noutcome = \"agred\"\n\n[[decisions]]\npaper = \"carers-strategy\"\nrecommendation = 3\noutcome = \"noted\"\n",
    ));
    assert_eq!(
        errors,
        [
            format!("{MINUTES}:6:9: error: unknown paper of this meeting \"pooled-budgt\" | did you mean \"pooled-budget\"?"),
            format!("{MINUTES}:11:18: error: \"pooled-budget\" has no recommendation IV | did you mean \"I\"? its recommendations are I, II and III (or write their position, 1 to 3)"),
            format!("{MINUTES}:16:18: error: \"pooled-budget\" has no recommendation 11 | its recommendations are I, II and III (or write their position, 1 to 3)"),
            format!("{MINUTES}:22:11: error: unknown decision outcome \"agred\" | did you mean \"agreed\"?"),
            format!("{MINUTES}:26:18: error: \"carers-strategy\" has no recommendation 3 | its recommendations are 1 and 2 (or write their position, 1 to 2)"),
        ]
    );
}

#[test]
fn minutes_mistakes_are_errors_with_their_place_and_a_hint() {
    // Amended without its wording; wording on a decision that is not amended.
    let errors = minutes_errors(&minutes_with(
        "[[decisions]]\npaper = \"pooled-budget\"\noutcome = \"amended\"\n\n[[decisions]]\npaper = \"pooled-budget\"\noutcome = \"agreed\"\namended_wording = \"Agree it.\"\n\n[[decisions]]\npaper = \"minutes\"\noutcome = \"agreed\"\n",
    ));
    assert_eq!(
        errors,
        [
            format!("{MINUTES}:7:11: error: an amended decision without its amended wording | add amended_wording = \"…\": the recommendation as the meeting agreed it"),
            format!("{MINUTES}:12:19: error: amended wording on a decision that is agreed | write outcome = \"amended\" if the meeting changed the wording; otherwise put the minute's words in resolution"),
            format!("{MINUTES}:15:9: error: a decision on the minutes themselves | name the paper the meeting decided; the minutes' own approval is recorded in the next meeting's minutes"),
        ]
    );
    // Decisions in a paper that is not minutes.
    let site = site("minutes");
    let carers = "content/boards/test-hwb/2026-01-27/carers-strategy.md";
    let text = read(&site.path().join(carers)).replace(
        "[[contacts]]",
        "[[decisions]]\npaper = \"pooled-budget\"\noutcome = \"agreed\"\n\n[[contacts]]",
    );
    write(&site, carers, &text);
    assert_eq!(
        problems(&site),
        [format!(
            "{carers}:14:9: error: decisions in a paper that is not minutes"
        )]
    );
}

#[test]
fn minutes_of_a_meeting_not_yet_held_or_twice_over_are_errors() {
    let site = site("minutes");
    let minutes = read(&site.path().join(MINUTES));
    write(
        &site,
        "content/boards/test-hwb/2026-12-08/minutes.md",
        &minutes_with(""),
    );
    write(
        &site,
        "content/boards/test-hwb/2026-01-27/minutes-again.md",
        &minutes,
    );
    assert_eq!(
        problems(&site),
        [
            "content/boards/test-hwb/2026-01-27/minutes.md: error: a second minutes paper for this meeting (the first is \"minutes-again\")".to_string(),
            "content/boards/test-hwb/2026-12-08/minutes.md: error: minutes of a meeting that has not been held (its status is \"scheduled\")".to_string(),
        ]
    );
}

#[test]
fn a_meeting_folder_cannot_take_the_decisions_lists_address() {
    let site = site_with_undated_folder_named("decisions");
    assert_eq!(
        problems(&site),
        ["content/boards/test-hwb/decisions: error: a meeting folder cannot be named \"decisions\""]
    );
}

#[test]
fn the_demo_flags_the_southampton_meetings_inferred_year() {
    let site = demo_site();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let board = page(&site, "boards/southampton-hwb/index.html");
    assert!(
        board.contains(
            "<a href=\"2017/\">2017</a> <strong class=\"tag tag--inferred\">Date inferred</strong>"
        ),
        "{board}"
    );
    let paper = page(
        &site,
        "boards/southampton-hwb/2017/better-care-plan-2017-19/index.html",
    );
    assert!(
        paper.contains("Southampton Health and Wellbeing Board, 2017 (date inferred)</a>"),
        "{paper}"
    );
    // No minutes are in the seed papers: none is invented.
    assert!(paper.contains("<p data-pagefind-ignore>The minutes of this meeting have not been published, so no decision is shown here.</p>"), "{paper}");
    let list = page(&site, "boards/southampton-hwb/decisions/index.html");
    assert!(
        list.contains("<p>No minutes of this board have been published yet.</p>"),
        "{list}"
    );
}

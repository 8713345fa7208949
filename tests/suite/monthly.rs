//! Monthly tables (`content/tables/`): measures as rows and months as
//! columns, blank and doubtful cells, months not yet due, the year to date
//! of a count checked against the figure the source prints, a yearly cap,
//! the page's accessible markup and its open data — over the `monthly`
//! fixture (invented example figures).

use super::support::*;
use std::path::Path;

fn built() -> tempfile::TempDir {
    let site = site("monthly");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    site
}

fn page(site: &Path, path: &str) -> String {
    read(&site.join("output").join(path))
}

const TABLE: &str = "tables/performance-2016-17/index.html";

/// The page's main content.
fn main_of(html: &str) -> &str {
    html.split_once("<main")
        .and_then(|(_, m)| m.split_once("</main>"))
        .map_or(html, |(m, _)| m)
}

#[test]
fn cells_show_figures_blanks_doubts_and_months_not_yet_due() {
    let site = built();
    let html = page(site.path(), TABLE);
    // Abbreviated month headers, with the full month for screen readers.
    assert!(html.contains("<th scope=\"col\" class=\"num\"><span aria-hidden=\"true\">Apr</span><span class=\"visually-hidden\">April 2016</span></th>"), "{html}");
    assert!(html.contains("<th scope=\"row\"><a href=\"../../progress/cdiff/\">C. difficile cases</a> <span class=\"meta\">(number)</span></th>"), "{html}");
    // A figure keeps its written digits; a percentage from its parts is
    // shown to the standard's precision, exact in data-value.
    assert!(html.contains("<td class=\"num cell cell--figure\" data-value=\"95.0\">95.0</td>"));
    assert!(html.contains("<td class=\"num cell cell--figure\" data-value=\"91.13\">91.1</td>"));
    // Doubtful: the source's marker, and a text alternative.
    assert!(html.contains("data-value=\"91.8\">91.8<sup class=\"cell-marker\" aria-hidden=\"true\">P</sup><span class=\"visually-hidden\"> (marked doubtful: provisional: subject to validation; note P)</span></td>"), "{html}");
    assert!(html.contains("<li><span class=\"cell-marker\">P</span> Marked doubtful by the source: Provisional: subject to validation (A&amp;E: four-hour performance, December 2016).</li>"), "{html}");
    // A blank says why, never 0; a month left out says no data.
    assert!(html.contains("<td class=\"num cell cell--blank\">No data<sup class=\"cell-marker\" aria-hidden=\"true\">1</sup><span class=\"visually-hidden\"> (not published: data quality concern; note 1)</span></td>"), "{html}");
    assert!(html.contains("<li><span class=\"cell-marker\">1</span> Not published: data quality concern (Delayed transfers of care: days, October 2016).</li>"));
    assert!(html.contains("<td class=\"num cell cell--no-data\">No data<span class=\"visually-hidden\"> (no figure published)</span></td>"));
    // January to March come after the last month reported.
    assert_eq!(
        html.matches("cell--not-yet-due\">Not yet due</td>").count(),
        9
    );
    assert!(html.contains("Figures to December 2016; January to March 2017 are not yet due."));
    // The wide table scrolls in a labelled, focusable region, with a caption.
    assert!(html.contains("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"monthly-heading\" tabindex=\"0\">"));
    assert!(html.contains("<caption>Performance report 2016/17: each measure by month, April 2016 to March 2017, Exampleshire. Figures to December 2016.</caption>"));
}

#[test]
fn year_to_date_adds_the_months_published_and_says_which_are_missing() {
    let site = built();
    let html = page(site.path(), TABLE);
    // 3+2+4+1+3+2+5+1+2 = 23, as printed: checked.
    assert!(html.contains("<dd>23: April to December 2016 added up: 9 of 9 months so far published (12 in the year).</dd>"), "{html}");
    assert!(html.contains("<dd>23: checked, the months add up to 23.</dd>"));
    // 500+480+510+470+530+520+560 = 3,570: August and October are not 0.
    assert!(html.contains("<dd>3,570: April to December 2016 added up: 7 of 9 months so far published (12 in the year). Not counted, and not taken as 0: August 2016 (no figure published), October 2016 (not published: data quality concern).</dd>"), "{html}");
    assert!(html.contains("<dd>4,100. Not checked: the months published add up to 3,570, and the source’s figure may count the months that have no figure here.</dd>"));
    assert!(html.contains("data-value=\"3570\">3,570<sup class=\"cell-marker\" aria-hidden=\"true\">2</sup><span class=\"visually-hidden\"> (7 of 9 months so far added up; note 2)</span></td>"), "{html}");
    // A percentage is not added up.
    assert!(html.contains("<td class=\"num cell cell--not-added-up\">Not added up<span class=\"visually-hidden\"> (a percentage, not a count)</span></td>"), "{html}");
}

#[test]
fn the_cap_is_compared_with_the_count_so_far_without_a_target() {
    let site = built();
    let html = page(site.path(), TABLE);
    // 23 in 9 months: 2.555… a month, 30.666… in a year, within 40.
    assert!(html.contains("<dt>Against the annual ceiling of 40</dt><dd><strong class=\"tag tag--met\">On course</strong> 23 so far: 17 under the annual ceiling of 40, with 3 months of the year still to come. At the average month so far (about 2.6 a month), the whole year would come to about 30.7, within the annual ceiling.</dd>"), "{html}");
    // 3,570 in 7 months published: 510 a month, 6,120 in a year, over 5,000.
    assert!(html.contains("<strong class=\"tag tag--within-tolerance\">Not on course</strong> 3,570 so far: 1,430 under the annual ceiling of 5,000, with 3 months of the year still to come. At the average month so far (510 a month), the whole year would come to 6,120, over the annual ceiling. This does not count August 2016 and October 2016, which have no figure.</dd>"), "{html}");
    assert!(html.contains("That is a projection from the figures, not a target."));
    assert!(html.contains("<th scope=\"col\" class=\"num\">Annual ceiling</th>"));
}

#[test]
fn open_data_gives_every_cell_with_its_flags() {
    let site = built();
    let csv = page(site.path(), "tables/performance-2016-17/cells.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "measure,series,area,month,month_label,state,value,unit,doubtful,doubtful_reason,doubtful_marker,blank_reason,period_inferred,later_report,later_figure,revised");
    assert_eq!(lines.len(), 1 + 3 * 12);
    for line in [
        "A&E: four-hour performance,ae-monthly,Exampleshire,2016-11,November 2016,figure,91.13,per cent,no,,,,,,,",
        "A&E: four-hour performance,ae-monthly,Exampleshire,2016-12,December 2016,figure,91.8,per cent,yes,provisional: subject to validation,P,,,,,",
        "A&E: four-hour performance,ae-monthly,Exampleshire,2017-01,January 2017,not yet due,,per cent,no,,,,,,,",
        "Delayed transfers of care: days,dtoc-days,Exampleshire,2016-08,August 2016,no data published,,number,no,,,,,,,",
        "Delayed transfers of care: days,dtoc-days,Exampleshire,2016-10,October 2016,blank,,number,no,,,not published: data quality concern,,,,",
    ] {
        assert!(lines.contains(&line), "missing {line}\n{csv}");
    }
    // CSV rows end with CRLF (RFC 4180).
    let ytd =
        page(site.path(), "tables/performance-2016-17/year-to-date.csv").replace("\r\n", "\n");
    assert_eq!(ytd, "measure,series,area,to_month,months_so_far,months_published,months_without_figure,sum,stated,stated_checked,cap,cap_name,cap_status,monthly_average,projected_year\n\
C. difficile cases,cdiff,Exampleshire,2016-12,9,9,,23,23,yes,40,annual ceiling,On course,2.5555555555555555555555555556,30.666666666666666666666666667\n\
Delayed transfers of care: days,dtoc-days,Exampleshire,2016-12,9,7,2016-08 2016-10,3570,4100,no,5000,annual ceiling,Not on course,510,6120\n");
    let json = page(site.path(), "tables/performance-2016-17/cells.json");
    assert!(
        json.contains("\"91.13\""),
        "figures are exact strings in JSON"
    );
    // Both are in the data catalogue.
    let data = page(site.path(), "data/index.html");
    assert!(
        data.contains("tables/performance-2016-17/cells.csv"),
        "{data}"
    );
    assert!(data.contains("tables/performance-2016-17/year-to-date.csv"));
}

/// The `monthly` fixture with `edits` (file under content/, text, its
/// replacement) made, built.
fn built_with(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let site = site("monthly");
    for (file, from, to) in edits {
        let path = site.path().join("content").join(file);
        let text = read(&path);
        assert!(text.contains(from), "{file} has no {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    }
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    site
}

#[test]
fn a_month_the_clerk_inferred_is_flagged_in_its_cell_its_note_and_the_data() {
    const AE: &str = "progress/ae-monthly.toml";
    let site = built_with(&[
        (
            AE,
            "period = \"2016-09\"\n",
            "period = \"2016-09\"\nperiod_inferred = \"the table is headed only \\\"September\\\"\"\n",
        ),
        (
            AE,
            "period = \"2016-12\"\n",
            "period = \"2016-12\"\nperiod_inferred = \"the last column of the January report\"\n",
        ),
        (
            "progress/dtoc-days.toml",
            "period = \"2016-10\"\n",
            "period = \"2016-10\"\nperiod_inferred = \"between September and November\"\n",
        ),
    ]);
    let html = page(site.path(), TABLE);
    // The words in the cell; the reason in a note, and for screen readers.
    assert!(html.contains("<td class=\"num cell cell--figure\" data-value=\"94.4\">94.4 <span class=\"cell-flag\" aria-hidden=\"true\">(period inferred)</span><sup class=\"cell-marker\" aria-hidden=\"true\">1</sup><span class=\"visually-hidden\"> (period inferred: the table is headed only &quot;September&quot;; note 1)</span></td>"), "{html}");
    assert!(html.contains("<li><span class=\"cell-marker\">1</span> Period inferred: the table is headed only &quot;September&quot; (A&amp;E: four-hour performance, September 2016).</li>"), "{html}");
    // A doubtful figure in an inferred month has both notes.
    assert!(html.contains("data-value=\"91.8\">91.8 <span class=\"cell-flag\" aria-hidden=\"true\">(period inferred)</span><sup class=\"cell-marker\" aria-hidden=\"true\">P, 2</sup><span class=\"visually-hidden\"> (marked doubtful: provisional: subject to validation; note P; period inferred: the last column of the January report; note 2)</span></td>"), "{html}");
    assert!(html.contains("<li><span class=\"cell-marker\">2</span> Period inferred: the last column of the January report (A&amp;E: four-hour performance, December 2016).</li>"), "{html}");
    // So does a blank.
    assert!(html.contains("<td class=\"num cell cell--blank\">No data <span class=\"cell-flag\" aria-hidden=\"true\">(period inferred)</span><sup class=\"cell-marker\" aria-hidden=\"true\">3, 4</sup><span class=\"visually-hidden\"> (not published: data quality concern; note 3; period inferred: between September and November; note 4)</span></td>"), "{html}");
    assert!(html.contains("<li><span class=\"cell-marker\">4</span> Period inferred: between September and November (Delayed transfers of care: days, October 2016).</li>"), "{html}");
    // A month not inferred has no flag.
    assert!(html.contains("<td class=\"num cell cell--figure\" data-value=\"95.0\">95.0</td>"));
    assert_eq!(html.matches("(period inferred)").count(), 3);

    let csv = page(site.path(), "tables/performance-2016-17/cells.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "measure,series,area,month,month_label,state,value,unit,doubtful,doubtful_reason,doubtful_marker,blank_reason,period_inferred,later_report,later_figure,revised");
    for line in [
        "A&E: four-hour performance,ae-monthly,Exampleshire,2016-09,September 2016,figure,94.4,per cent,no,,,,\"the table is headed only \"\"September\"\"\",,,",
        "A&E: four-hour performance,ae-monthly,Exampleshire,2016-12,December 2016,figure,91.8,per cent,yes,provisional: subject to validation,P,,the last column of the January report,,,",
        "Delayed transfers of care: days,dtoc-days,Exampleshire,2016-10,October 2016,blank,,number,no,,,not published: data quality concern,between September and November,,,",
        "A&E: four-hour performance,ae-monthly,Exampleshire,2016-11,November 2016,figure,91.13,per cent,no,,,,,,,",
    ] {
        assert!(lines.contains(&line), "missing {line}\n{csv}");
    }
    let json = page(site.path(), "tables/performance-2016-17/cells.json");
    assert!(
        json.contains("\"period_inferred\": \"the last column of the January report\""),
        "{json}"
    );
    // The data catalogue lists the column.
    let data = page(site.path(), "data/index.html");
    assert!(
        data.contains("blank_reason (string); period_inferred (string); later_report (string); later_figure (number); revised (string)</dd>"),
        "{data}"
    );
}

#[test]
fn a_doubtful_figure_is_marked_on_its_series_page_and_in_its_data() {
    let site = built();
    let html = page(site.path(), "progress/ae-monthly/index.html");
    assert!(
        html.contains("Marked doubtful by the source</th>"),
        "{html}"
    );
    assert!(html.contains("<td>Provisional: subject to validation (marked P)</td>"));
    let csv = page(site.path(), "progress/ae-monthly/figures.csv");
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .ends_with(",doubtful,doubtful_marker"));
    assert!(
        csv.lines()
            .any(|l| l.ends_with(",provisional: subject to validation,P")),
        "{csv}"
    );
}

#[test]
fn the_overview_lists_the_table() {
    let site = built();
    let html = page(site.path(), "standards/index.html");
    assert!(html.contains("<li><a href=\"../tables/performance-2016-17/\">Performance report 2016/17</a> <span class=\"meta\">(2016/17)</span></li>"), "{html}");
}

#[test]
fn the_page_as_drawn() {
    let site = built();
    let html = page(site.path(), TABLE);
    insta::assert_snapshot!("monthly_table_page", main_of(&html));
}

/// The `monthly` fixture with `edits` (file under content/, text, its
/// replacement) made; `check` must fail, and this is what it printed.
fn check_fails_with(edits: &[(&str, &str, &str)]) -> String {
    let site = site("monthly");
    for (file, from, to) in edits {
        let path = site.path().join("content").join(file);
        let text = read(&path);
        assert!(text.contains(from), "{file} has no {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    }
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stderr(&out)
}

const T: &str = "tables/performance-2016-17.toml";

/// A mistake: its name, the edits that make it, and the first line printed.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str)], &'a str);

#[test]
fn mistakes_are_reported_where_they_are_with_a_hint() {
    let cases: [Case<'_>; 9] = [
        (
            "month_outside_the_year",
            &[(T, "to = \"2016-12\"", "to = \"2017-04\"")],
            "content/tables/performance-2016-17.toml:4:6: error: `to` is the last month the table reports, and \"2017-04\" is not a month of 2016/17",
        ),
        (
            "month_that_does_not_exist",
            &[(T, "to = \"2016-12\"", "to = \"2016-13\"")],
            "content/tables/performance-2016-17.toml:4:6: error: unknown period \"2016-13\"",
        ),
        (
            "ytd_mismatch",
            &[(T, "ytd = 23", "ytd = 24")],
            "content/tables/performance-2016-17.toml:13:7: error: year-to-date figure 24 does not match the months April to December 2016 added up",
        ),
        (
            "ytd_less_than_the_months_published",
            &[(T, "ytd = 4100", "ytd = 3000")],
            "content/tables/performance-2016-17.toml:18:7: error: year-to-date figure 3000 is less than the months published (April to December 2016) add up to",
        ),
        (
            "duplicate_month",
            &[("progress/cdiff.toml", "period = \"2016-06\"", "period = \"2016-05\"")],
            "content/progress/cdiff.toml:13:1: error: two figures for the same period (2016-05)",
        ),
        (
            "cap_not_a_number",
            &[(T, "value = 40,", "value = \"forty\",")],
            "content/tables/performance-2016-17.toml:14:17: error: \"forty\" is not a figure",
        ),
        (
            "unknown_series",
            &[(T, "series = \"cdiff\"", "series = \"cdif\"")],
            "content/tables/performance-2016-17.toml:12:10: error: unknown series \"cdif\"",
        ),
        (
            "ytd_of_a_percentage",
            &[(T, "label = \"A&E: four-hour performance\"", "label = \"A&E: four-hour performance\"\nytd = 90")],
            "content/tables/performance-2016-17.toml:10:7: error: a year-to-date figure is a count added up over the months, but \"ae-monthly\" is not a count",
        ),
        (
            "doubtful_symbol",
            &[("progress/cdiff.toml", "doubtful = \"revised since the last report\"", "doubtful = \"*\"")],
            "content/progress/cdiff.toml:40:12: error: doubtful \"*\" does not say why the figure is doubtful",
        ),
    ];
    for (name, edits, first) in cases {
        let err = check_fails_with(edits);
        assert_eq!(err.lines().next(), Some(first), "{name}:\n{err}");
        let block = err.split("\n\n").next().unwrap_or_default();
        insta::assert_snapshot!(format!("monthly_error_{name}"), block);
    }
}

/// A tester's integrated performance report: the rows for patients waiting
/// over 52 weeks (a count at each month's end, the same patients in every
/// month) printed no year to date, and the page added the months up to
/// "12,978 52+ week waiters". A count's months are added up only where the
/// report prints a year to date (`ytd`), gives a yearly cap, or the row
/// says `add_up = true`.
#[test]
fn a_count_is_added_up_only_where_the_report_adds_it_up() {
    let site = site("monthly");
    let table = site.path().join("content/tables/performance-2016-17.toml");
    let printed = read(&table);
    let position = printed.replace(
        "ytd = 4100\ncap = { value = 5000, name = \"annual ceiling\" }\nnote = \"The year to date as printed counts October, which the report does not give.\"\n",
        "",
    );
    assert_ne!(position, printed);
    std::fs::write(&table, &position).unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(site.path(), TABLE);
    assert!(!html.contains("3,570"), "{html}");
    // "None" under "Year to date" read as no patients at all: the cell
    // says the months are not added up, and why.
    assert!(html.contains("<td class=\"num cell cell--not-added-up\">Not added up<span class=\"visually-hidden\"> (the report gives no year to date)</span></td>"), "{html}");
    assert!(
        !html.contains(">None<span class=\"visually-hidden\"> (not added up"),
        "{html}"
    );
    // The other count keeps its year to date.
    assert!(
        html.contains("<dd>23: checked, the months add up to 23.</dd>"),
        "{html}"
    );
    let ytd =
        page(site.path(), "tables/performance-2016-17/year-to-date.csv").replace("\r\n", "\n");
    assert!(!ytd.contains("dtoc-days"), "{ytd}");

    // Asked for: the months published are added up, with no figure to check.
    std::fs::write(
        &table,
        position.replace(
            "series = \"dtoc-days\"\n",
            "series = \"dtoc-days\"\nadd_up = true\n",
        ),
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(site.path(), TABLE);
    assert!(html.contains("<dd>3,570: April to December 2016 added up: 7 of 9 months so far published (12 in the year). Not counted, and not taken as 0: August 2016 (no figure published), October 2016 (not published: data quality concern).</dd>"), "{html}");

    // Only a count is added up.
    std::fs::write(
        &table,
        position.replace(
            "label = \"A&E: four-hour performance\"\n",
            "label = \"A&E: four-hour performance\"\nadd_up = true\n",
        ),
    )
    .unwrap();
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("performance-2016-17.toml:10:10: error: adding up the months is for a count, but \"ae-monthly\" is not a count"), "{err}");
}

/// A trust's board sees a report every month, and each month's table is a
/// record of what it saw: the tester's month-10 table could not be kept
/// once the series had month 12's figures ("move `to` on", one error per
/// later figure). A table shows its series to its `to` month as printed
/// then; later figures are on the series' pages and in later tables.
#[test]
fn an_earlier_reports_table_is_kept_as_printed_when_later_figures_come() {
    let site = site("monthly");
    std::fs::write(
        site.path().join("content/tables/performance-2016-17-m8.toml"),
        "title = \"Performance report 2016/17, month 8\"\nyear = \"2016/17\"\nto = \"2016-11\"\n\n[[rows]]\nseries = \"ae-monthly\"\n\n[[rows]]\nseries = \"cdiff\"\nadd_up = true\n",
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(site.path(), "tables/performance-2016-17-m8/index.html");
    assert!(
        html.contains("Figures to November 2016, as this report gave them; December 2016 to March 2017 are not in this report: later reports’ figures are on each measure’s page."),
        "{html}"
    );
    assert_eq!(
        html.matches("cell--not-in-report\">Not in this report</td>")
            .count(),
        8,
        "{html}"
    );
    assert!(!html.contains("91.8"), "{html}");
    // Added up to November: 23 to December, less December's 2.
    assert!(html.contains("<dd>21: April to November 2016 added up: 8 of 8 months so far published (12 in the year).</dd>"), "{html}");
    // The month-9 table still shows December.
    let html = page(site.path(), TABLE);
    assert!(html.contains("data-value=\"91.8\">91.8"), "{html}");
}

/// An earlier report's table listed the sources of every figure of the
/// year, a later report's among them, although it shows none of that
/// report's months. A source published after the table (a figure revised
/// since, perhaps) is cited with a word that it is later.
#[test]
fn an_earlier_reports_table_cites_only_the_sources_of_the_figures_it_shows() {
    let site = site("monthly");
    let series = site.path().join("content/progress/ae-monthly.toml");
    let written = read(&series);
    let written = written
        .replacen(
            "period = \"2016-12\"\n",
            "period = \"2016-12\"\nsource = { publisher = \"Example Trust\", title = \"Monthly performance report, February 2017\", published = 2017-02-16 }\n",
            1,
        )
        .replacen(
            "period = \"2016-10\"\n",
            "period = \"2016-10\"\nsource = { publisher = \"Example Trust\", title = \"Monthly performance report, March 2017\", published = 2017-03-16 }\n",
            1,
        );
    std::fs::write(&series, written).unwrap();
    std::fs::write(
        site.path().join("content/tables/performance-2016-17-m8.toml"),
        "title = \"Performance report 2016/17, month 8\"\nyear = \"2016/17\"\nto = \"2016-11\"\nsource = { publisher = \"Example Trust\", title = \"Monthly performance report, December 2016\", published = 2016-12-15 }\n\n[[rows]]\nseries = \"ae-monthly\"\n",
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(site.path(), "tables/performance-2016-17-m8/index.html");
    // December's source is not this table's: December is not in it.
    assert!(!html.contains("report, February 2017"), "{html}");
    let sources = main_of(&html)
        .split("<h2>Sources</h2>")
        .nth(1)
        .unwrap_or_default();
    assert_eq!(
        text(sources),
        "The table as printed: Example Trust, Monthly performance report, December 2016, published 15 December 2016. Example Trust, Monthly performance report, published 20 January 2017, after this table was printed: figures from it are shown here as it gives them Example Trust, Monthly performance report, March 2017, published 16 March 2017, after this table was printed: figures from it are shown here as it gives them",
    );
    // So it does not say its figures are as it gave them.
    assert!(
        html.contains("<p>Figures to November 2016, some as later reports give them (see Sources); December 2016 to March 2017 are not in this report"),
        "{html}"
    );
    assert!(!html.contains("as this report gave them"), "{html}");
    // The month-9 table shows December, from the February report, and
    // cites it.
    let html = page(site.path(), TABLE);
    assert!(
        html.contains("Monthly performance report, February 2017"),
        "{html}"
    );
}

/// A past report's table said "Not yet due" for the months after its
/// `to` although later reports have given them: read years later, that is
/// wrong. Once its series have later months, those months are "Not in this
/// report"; a table whose later months have not come is unchanged.
#[test]
fn a_past_reports_later_months_are_not_in_this_report_not_yet_due() {
    let site = site("monthly");
    std::fs::write(
        site.path().join("content/tables/performance-2016-17-m8.toml"),
        "title = \"Performance report 2016/17, month 8\"\nyear = \"2016/17\"\nto = \"2016-11\"\n\n[[rows]]\nseries = \"ae-monthly\"\n",
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(site.path(), "tables/performance-2016-17-m8/index.html");
    assert!(
        html.contains("<p>Figures to November 2016, as this report gave them; December 2016 to March 2017 are not in this report: later reports’ figures are on each measure’s page."),
        "{html}"
    );
    assert_eq!(
        html.matches("<td class=\"num cell cell--not-in-report\">Not in this report</td>")
            .count(),
        4,
        "{html}"
    );
    assert!(!html.contains("Not yet due"), "{html}");
    let cells = page(site.path(), "tables/performance-2016-17-m8/cells.csv");
    assert!(
        cells.contains(",2016-12,December 2016,not in this report,"),
        "{cells}"
    );
    // The month-9 table: nothing after December yet, so January to March
    // are not yet due.
    let html = page(site.path(), TABLE);
    assert!(
        html.contains("Figures to December 2016; January to March 2017 are not yet due."),
        "{html}"
    );
    assert!(!html.contains("Not in this report"), "{html}");
}

/// A label that already names its unit had it twice ("Category 2 mean
/// response (minutes) (minutes)"); a blank whose reason starts "not
/// published" read "no figure published: not published: …"; `to =
/// "2016-9"` got a hint listing runs, quarters and years, though `to` is a
/// month.
#[test]
fn the_testers_minor_table_observations() {
    let site = built_with(&[(
        "tables/performance-2016-17.toml",
        "label = \"A&E: four-hour performance\"",
        "label = \"A&E: four-hour performance (per cent)\"",
    )]);
    let html = page(site.path(), TABLE);
    assert!(html.contains("<th scope=\"row\"><a href=\"../../progress/ae-monthly/\">A&amp;E: four-hour performance (per cent)</a></th>"), "{html}");
    // The blank's reason is said once.
    assert!(html.contains("<td class=\"num cell cell--blank\">No data<sup class=\"cell-marker\" aria-hidden=\"true\">1</sup><span class=\"visually-hidden\"> (not published: data quality concern; note 1)</span></td>"), "{html}");
    assert!(html.contains("<li><span class=\"cell-marker\">1</span> Not published: data quality concern (Delayed transfers of care: days, October 2016).</li>"), "{html}");
    let err = check_fails_with(&[(
        "tables/performance-2016-17.toml",
        "to = \"2016-12\"",
        "to = \"2016-9\"",
    )]);
    assert!(err.contains("error: unknown month \"2016-9\"\n"), "{err}");
    assert!(
        err.contains("= help: `to` is the last month the table reports: write it as year and month, YYYY-MM: to = \"2016-09\"\n"),
        "{err}"
    );
}

/// The `monthly` fixture's C. difficile cases as two reports gave them:
/// the December 2016 report printed April to November (October as 4, a
/// year to date of 20); the January 2017 report revised October to 5 and
/// added December (a year to date of 23). The series keeps the January
/// report's October. A month-8 table, the December report's, has a row for
/// the series with `m8_row` ("ytd = 20").
fn with_a_revised_october(site: &Path, m8_row: &str) {
    let cdiff = site.join("content/progress/cdiff.toml");
    let jan = "source = { publisher = \"Example Trust\", title = \"Monthly performance report\", published = 2017-01-20 }";
    let text = read(&cdiff)
        .replacen(
            jan,
            "source = { publisher = \"Example Trust\", title = \"Monthly performance report, December 2016\", published = 2016-12-15 }",
            1,
        )
        .replacen(
            "period = \"2016-10\"\n",
            &format!("period = \"2016-10\"\n{jan}\n"),
            1,
        )
        .replacen(
            "period = \"2016-12\"\n",
            &format!("period = \"2016-12\"\n{jan}\n"),
            1,
        );
    std::fs::write(&cdiff, text).unwrap();
    std::fs::write(
        site.join("content/tables/performance-2016-17-m8.toml"),
        format!("title = \"Performance report 2016/17, month 8\"\nyear = \"2016/17\"\nto = \"2016-11\"\nsource = {{ publisher = \"Example Trust\", title = \"Monthly performance report, December 2016\", published = 2016-12-15 }}\n\n[[rows]]\nseries = \"cdiff\"\n{m8_row}\n"),
    )
    .unwrap();
}

/// The usual series has one `source`, updated each month; once it is the
/// January 2017 report, every figure of the December 2016 report's table
/// (month 8) came from a report published after it. 59e3b15 called each
/// of them "(revised)", telling residents the December report printed
/// other figures (not known: the January report may repeat them), and no
/// longer checked that table's year to date: 25 against months adding up
/// to 21 built. A later report's figure is now said to be one, not a
/// revision, and the year to date is checked exactly against the months
/// shown: a wrong one is an error whose hint says how to give what the
/// table's report printed (`printed`), if that was another figure.
#[test]
fn a_later_reports_figure_is_not_called_revised_and_the_year_to_date_is_still_checked() {
    let m8 = |ytd: u32| {
        format!("title = \"Performance report 2016/17, month 8\"\nyear = \"2016/17\"\nto = \"2016-11\"\nsource = {{ publisher = \"Example Trust\", title = \"Monthly performance report, December 2016\", published = 2016-12-15 }}\n\n[[rows]]\nseries = \"cdiff\"\nytd = {ytd}\n")
    };
    let root = site("monthly");
    let table = root
        .path()
        .join("content/tables/performance-2016-17-m8.toml");
    std::fs::write(&table, m8(25)).unwrap();
    let err = stderr(&plansite(root.path(), &["check"]));
    for expected in [
        "content/tables/performance-2016-17-m8.toml:8:7: error: year-to-date figure 25 does not match the months April to November 2016 added up",
        "stated 25, computed 21, difference 4",
        "April 2016, May 2016, June 2016, July 2016, August 2016, September 2016, October 2016 and November 2016 are shown as a later report gives them: where this table's report printed another figure, give it in the row, printed = { \"2016-04\" = 4 }, and the year to date is checked against it",
    ] {
        assert!(err.contains(expected), "missing {expected}\n{err}");
    }

    std::fs::write(&table, m8(21)).unwrap();
    let out = plansite(root.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(root.path(), "tables/performance-2016-17-m8/index.html");
    let main = main_of(&html);
    assert!(!main.to_lowercase().contains("revis"), "{main}");
    // October's cell: the visible words and marker, and what a screen
    // reader hears; one note, naming the later report, for every month.
    assert!(
        main.contains("<td class=\"num cell cell--figure\" data-value=\"5\">5 <span class=\"cell-flag\" aria-hidden=\"true\">(later report)</span><sup class=\"cell-marker\" aria-hidden=\"true\">1</sup><span class=\"visually-hidden\"> (figure from a later report: Example Trust, Monthly performance report, published 20 January 2017; note 1)</span></td>"),
        "{main}"
    );
    has(
        &text(main),
        &[
            "1 Figure from a later report: Example Trust, Monthly performance report, published 20 January 2017 (see Sources), published after this table's report (C. difficile cases, April 2016;",
            "21: checked, the months add up to 21.",
        ],
    );
    assert!(
        main.contains("<p>Figures to November 2016, some as later reports give them (see Sources); December 2016 to March 2017 are not in this report"),
        "{main}"
    );
    assert!(
        text(main).contains("Example Trust, Monthly performance report, published 20 January 2017, after this table was printed: figures from it are shown here as it gives them"),
        "{main}"
    );
    let cells = page(root.path(), "tables/performance-2016-17-m8/cells.csv");
    assert!(
        cells.contains(",2016-10,October 2016,figure,5,number,no,,,,,\"Example Trust, Monthly performance report, published 20 January 2017\",5,no\r\n"),
        "{cells}"
    );

    // October alone from the January report, the December report's 20
    // written as its year to date: the months shown add up to 21, so it is
    // an error until the clerk gives what the December report printed.
    let root = site("monthly");
    with_a_revised_october(root.path(), "ytd = 20");
    let err = stderr(&plansite(root.path(), &["check"]));
    for expected in [
        "content/tables/performance-2016-17-m8.toml:8:7: error: year-to-date figure 20 does not match the months April to November 2016 added up",
        "stated 20, computed 21, difference 1",
        "October 2016 is shown as a later report gives it: where this table's report printed another figure, give it in the row, printed = { \"2016-10\" = 4 }",
    ] {
        assert!(err.contains(expected), "missing {expected}\n{err}");
    }
    // The January report's own table has nothing from a later report.
    let root = site("monthly");
    with_a_revised_october(root.path(), "ytd = 20\nprinted = { \"2016-10\" = 4 }");
    let out = plansite(root.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let main_table = page(root.path(), TABLE);
    assert!(
        text(main_of(&main_table)).contains("23: checked, the months add up to 23."),
        "{main_table}"
    );
    assert!(
        !main_of(&main_table).contains("later report)"),
        "{main_table}"
    );
    assert!(!main_of(&main_table).contains("(revised)"), "{main_table}");
}

/// `printed` was taken on trust: the later report's own figure gave
/// "revised to 5" beside a 5; a figure below zero, which a series refuses,
/// was shown; the later figure's doubt was put on the printed one; and a
/// month keyed twice ("2016-10", "2016-10..2016-10") lost one silently.
#[test]
fn printed_figures_are_checked_like_the_series_figures_they_stand_for() {
    let root = site("monthly");
    with_a_revised_october(
        root.path(),
        "ytd = 20\nprinted = { \"2016-10\" = 5, \"2016-09\" = -1, \"2016-10..2016-10\" = 3 }",
    );
    let out = plansite(root.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "content/tables/performance-2016-17-m8.toml:9:13: error: `printed` gives 5 for October 2016, but the later report gives the same figure, 5: nothing was revised",
        "where it gives the same figure, the table shows it as it is: remove it",
        "content/tables/performance-2016-17-m8.toml:9:40: error: `printed` for September 2016: -1 is below zero: \"C. difficile cases\" is measured as a count of people or events, never below zero",
        "content/tables/performance-2016-17-m8.toml:9:44: error: `printed` gives 2016-10 twice: \"2016-10..2016-10\" is the same month as an earlier key",
        "the other is at content/tables/performance-2016-17-m8.toml:9:13; keep one figure for the month, written \"2016-10\"",
    ] {
        assert!(err.contains(expected), "missing {expected}\n{err}");
    }

    // October doubtful in the January report: its 4 as the December
    // report printed it is not.
    let root = site("monthly");
    with_a_revised_october(root.path(), "ytd = 20\nprinted = { \"2016-10\" = 4 }");
    let cdiff = root.path().join("content/progress/cdiff.toml");
    let written = read(&cdiff).replacen(
        "period = \"2016-10\"\n",
        "period = \"2016-10\"\ndoubtful = \"provisional: subject to validation\"\n",
        1,
    );
    std::fs::write(&cdiff, written).unwrap();
    let out = plansite(root.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let main = page(root.path(), "tables/performance-2016-17-m8/index.html");
    assert!(
        main_of(&main).contains("data-value=\"4\">4 <span class=\"cell-flag\" aria-hidden=\"true\">(revised)</span><sup class=\"cell-marker\" aria-hidden=\"true\">1</sup><span class=\"visually-hidden\"> (as printed; revised to 5"),
        "{main}"
    );
    assert!(!main_of(&main).contains("provisional"), "{main}");
    // The January report's table shows its October as doubtful.
    let main = page(root.path(), TABLE);
    assert!(main_of(&main).contains("provisional"), "{main}");
}

/// The paper's own table shows what the paper printed: where the row gives
/// the figure its report printed for a month a later report revised
/// (`printed`), the cell shows that figure, says it was revised and to
/// what, and the printed year to date is checked against it.
#[test]
fn a_past_table_shows_the_figure_its_report_printed_where_the_row_gives_it() {
    let root = site("monthly");
    with_a_revised_october(root.path(), "ytd = 20\nprinted = { \"2016-10\" = 4 }");
    let out = plansite(root.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(root.path(), "tables/performance-2016-17-m8/index.html");
    let main = main_of(&html);
    assert!(
        main.contains("<td class=\"num cell cell--figure\" data-value=\"4\">4 <span class=\"cell-flag\" aria-hidden=\"true\">(revised)</span><sup class=\"cell-marker\" aria-hidden=\"true\">1</sup><span class=\"visually-hidden\"> (as printed; revised to 5 by a later report: Example Trust, Monthly performance report, published 20 January 2017; note 1)</span></td>"),
        "{main}"
    );
    has(
        &text(main),
        &[
            "1 As this table's report printed it; revised to 5 by a later report: Example Trust, Monthly performance report, published 20 January 2017 (see Sources) (C. difficile cases, October 2016).",
            "20: checked, the months add up to 20.",
        ],
    );
    // Every figure shown is as the report printed it, and the page says so.
    assert!(
        main.contains("<p>Figures to November 2016, as this report gave them; December 2016 to March 2017 are not in this report"),
        "{main}"
    );
    assert!(
        text(main).contains("Example Trust, Monthly performance report, published 20 January 2017, after this table was printed: a figure it revised is shown here as this table's report printed it"),
        "{main}"
    );
    let cells = page(root.path(), "tables/performance-2016-17-m8/cells.csv");
    assert!(
        cells.contains(",2016-10,October 2016,figure,4,number,no,,,,,\"Example Trust, Monthly performance report, published 20 January 2017\",5,yes\r\n"),
        "{cells}"
    );
    // The printed figures are checked: the year to date against them, and
    // `printed` only for a month revised since.
    let root = site("monthly");
    with_a_revised_october(
        root.path(),
        "ytd = 21\nprinted = { \"2016-10\" = 4, \"2016-09\" = 2, \"2016-12\" = 2, \"October\" = 4 }",
    );
    let err = stderr(&plansite(root.path(), &["check"]));
    for expected in [
        "content/tables/performance-2016-17-m8.toml:8:7: error: year-to-date figure 21 does not match the months April to November 2016 added up",
        "stated 21, computed 20, difference 1",
        "error: `printed` gives 2 for September 2016, but the series' figure for September 2016 (2) is not from a report published after this table's (15 December 2016), so it is the figure this table's report printed",
        "error: `printed` gives 2 for December 2016, but December 2016 is after the last month this table reports",
        "error: `printed` gives a figure for a month of 2016/17, and \"October\" is not one",
    ] {
        assert!(err.contains(expected), "missing {expected}\n{err}");
    }
}

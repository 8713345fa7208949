//! Funds in depth: every fund shape builds with exact figures, every kind of
//! mistake fails with its exact message, the national conditions show their
//! arithmetic, and each table's CSV, JSON and data package agree with the
//! page to the last digit.
//!
//! Fixtures: `tests/fixtures/fund-shapes/` (one plan per shape, all made up
//! for the tests) and `tests/fixtures/fund-errors/<case>.toml` (each added
//! to a copy of fund-shapes and checked).

use super::support::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::str::FromStr;

fn built(fixture: &str) -> tempfile::TempDir {
    let s = site(fixture);
    build(&s);
    s
}

/// Builds the site `s`, which must succeed.
fn build(s: &tempfile::TempDir) {
    let out = plansite(s.path(), &["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
}

/// Writes `text` to the file at `path` in the site `s` and builds it again.
fn write_and_build(s: &tempfile::TempDir, path: &Path, text: impl AsRef<[u8]>) {
    fs::write(path, text).expect("write");
    build(s);
}

/// `text` without its line that starts with `start` (which it must have).
fn without_line(text: &str, start: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?}"));
    text.replace(line, "")
}

fn page(site: &tempfile::TempDir, plan: &str) -> String {
    read(&site.path().join(format!("output/plans/{plan}/index.html")))
}

#[test]
fn deductions_are_negative_only_as_written_and_shown_with_a_true_minus() {
    let s = built("fund-shapes");
    let html = page(&s, "deduction");
    has(
        &html,
        &[
            // Written `amount = -2.183`.
            "<th scope=\"row\">Less: performance fund retained by the CCG</th><td>CCG</td><td class=\"num\" data-value=\"-2.183\">−2.183</td><td class=\"num\" data-value=\"-2.2\">−2.2%</td>",
            // Written `sign = "minus"`, `amount = 1.183`.
            "<th scope=\"row\">Less: underspend returned</th><td>Not stated</td><td class=\"num\" data-value=\"-1.183\">−1.183</td>",
            "<th scope=\"row\">Total (pooled fund)</th><td></td><td class=\"num\" data-value=\"99.221\">99.221</td>",
            // Contributions by body: the CCG's net figure, 90.764 − 2.183.
            "<th scope=\"row\">CCG</th><td class=\"num\" data-value=\"88.581\">88.581</td><td class=\"num\" data-value=\"89.3\">89.3%</td>",
            "Sources of funds (£99.221m) equal the application of funds (£99.221m).",
            "Totals stated in the source match the computed totals: sources £99.221m, pooled fund £99.221m, applications £99.221m.",
        ],
    );
    assert!(!html.contains(">-2.183<"), "hyphen-minus on the page");
}

#[test]
fn group_subtotals_follow_their_lines_and_are_reconciled() {
    let s = built("fund-shapes");
    let html = page(&s, "subtotals");
    has(
        &html,
        &[
            "<tr><th scope=\"col\">Contribution</th><th scope=\"col\">Group</th><th scope=\"col\" class=\"num\">Amount (£000)</th><th scope=\"col\" class=\"num\">Share (%)</th></tr>",
            "<th scope=\"row\">Additional CCG contribution</th><td>CCG</td><td class=\"num\" data-value=\"300\">300</td>",
            "<th scope=\"row\">Subtotal: CCG</th><td>CCG</td><td class=\"num\" data-value=\"14300\">14,300</td><td class=\"num\" data-value=\"80.6\">80.6%</td>",
            "<th scope=\"row\">Subtotal: Council (capital and revenue)</th><td>Council (capital and revenue)</td><td class=\"num\" data-value=\"3450\">3,450</td>",
            "<th scope=\"row\">Total</th><td></td><td class=\"num\" data-value=\"17750\">17,750</td>",
            "Figures stated in the source match the computed ones: subtotal for &quot;CCG&quot; £14,300k, subtotal for &quot;Council (capital and revenue)&quot; £3,450k, total £17,750k.",
        ],
    );
    // Grouped by body, so contributions by body get their own table and chart.
    has(
        &html,
        &[
            "id=\"contributions-by-body\"",
            "<desc id=\"chart-contributions-by-body-desc\">Bar chart with 2 bars. CCG: £14,300k; Council: £3,450k.",
        ],
    );
}

#[test]
fn a_balance_is_income_less_expenditure_with_underspends_negative() {
    let s = built("fund-shapes");
    let html = page(&s, "balance");
    has(
        &html,
        &[
            "<th scope=\"row\">Underspend on carers&#39; breaks</th><td>Spent by the CCG</td><td class=\"num\" data-value=\"-200\">−200</td>",
            "<th scope=\"row\">Subtotal: Spent by the CCG</th><td>Spent by the CCG</td><td class=\"num\" data-value=\"11700\">11,700</td>",
            "<th scope=\"row\">Balance (income less expenditure)</th><td class=\"num\" data-value=\"250\">250</td>",
            "Income of £15,000k less expenditure of £14,750k leaves a balance of £250k: an underspend.",
            "The balance stated in the source matches the computed balance: balance £250k.",
        ],
    );
}

#[test]
fn an_override_publishes_the_printed_total_beside_the_figures() {
    let s = built("fund-shapes");
    let html = page(&s, "override");
    has(
        &html,
        &[
            "<th scope=\"row\">Total</th><td class=\"num\" data-value=\"1240\">1,240</td><td class=\"num\" data-value=\"384\">384</td><td class=\"num\" data-value=\"1625\">1,625 (as printed)</td>",
            "<strong class=\"tag tag--override\">Published as printed</strong> Grand total does not add up in the source.",
            "<div><dt>Stated in the source</dt><dd>£1,625k</dd></div>",
            "<div><dt>Computed from the figures</dt><dd>£1,624k</dd></div>",
            "<div><dt>Difference</dt><dd>£1k</dd></div>",
            "<div><dt>Why it is published as printed</dt><dd>The report prints a total of 1,625; its rows add up to 1,624. The printed figure is kept as published.</dd></div>",
        ],
    );
    // The override box sits right after its table, before the next table.
    let table = html.find("id=\"pooled-fund\"").expect("table");
    let note = html.find("class=\"override\"").expect("override");
    let next = html.find("id=\"pooled-fund-by-body\"").expect("by body");
    assert!(table < note && note < next);
    // The grand total is not claimed as checked.
    assert!(!html.contains("The stated grand total"));
    // The JSON carries the override too.
    let json: serde_json::Value = serde_json::from_str(&read(
        &s.path().join("output/plans/override/pooled-fund.json"),
    ))
    .expect("json");
    assert_eq!(
        json["notes"][0],
        "Grand total: stated in the source £1,625k, computed from the figures £1,624k, a difference of £1k. Published as printed because: The report prints a total of 1,625; its rows add up to 1,624. The printed figure is kept as published."
    );
}

/// A figure kept as printed is the figure everywhere: in a paper's
/// `{{ figure }}`, in the plans index and in the data files, each time
/// flagged (regression: text and index showed the computed total while the
/// table showed the printed one).
#[test]
fn a_figure_kept_as_printed_is_shown_as_printed_everywhere_and_flagged() {
    let s = built("fund-shapes");
    let paper = read(
        &s.path()
            .join("output/boards/example-hwb/2017-07-19/bcf-plan/index.html"),
    );
    has(
        &paper,
        &[
            "grand total is <data class=\"figure\" value=\"1625\">£1,625k</data> (as printed; its figures add up to £1,624k)",
            "the CCG spent <data class=\"figure\" value=\"6001\">£6,001k</data> (as printed; its figures add up to £6,000k)",
        ],
    );
    let index = read(&s.path().join("output/plans/index.html"));
    has(&index, &["Example, 2017-19: £1,625k (as printed)</span>"]);
    // A national condition takes it as printed too, and says so.
    has(
        &page(&s, "override"),
        &[
            "<p class=\"meta\">£1,625k from “Pooled fund” is used as the source prints it, as the fund’s table shows it; its figures add up to £1,624k.</p>",
            "<span class=\"condition__sum-label\">In figures: </span>£1,625k ≥ £1,625k",
        ],
    );
    // The CSV and JSON say which figures of a row are kept as printed.
    assert_eq!(
        read(&s.path().join("output/plans/override/pooled-fund.csv")),
        "Scheme,CCG (£000),Council (£000),Total (£000),Share of total (%),Figures kept as printed\r\n\
         Carers,1240,134,1374,84.6,\r\n\
         Telecare,,250,250,15.4,\r\n\
         Total,1240,384,1625,100.0,Total (£000)\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&read(
        &s.path().join("output/plans/cash/cash-expenditure.json"),
    ))
    .expect("json");
    assert_eq!(json["rows"][2]["Figures kept as printed"], "Amount (£000)");
    assert_eq!(json["rows"][2]["Amount (£000)"], "6001");
    assert!(json["rows"][0]["Figures kept as printed"].is_null());
}

/// The tables by body (a matrix's contributions by body, a list's
/// contributions by body or expenditure by partner), their charts and their
/// CSV and JSON publish a figure kept as printed as the main table does:
/// the printed figure, flagged "(as printed)", with the same "Figures kept
/// as printed" column (regression: the main table showed 1,625 (as
/// printed), 385 (as printed) or 6,001 (as printed) while the table by body
/// beside it, its chart and its CSV showed 1,624, 384 or 6,000 and 8,500,
/// unflagged).
#[test]
fn tables_by_body_and_their_charts_show_a_figure_kept_as_printed_as_printed() {
    // A matrix's grand total kept as printed.
    let s = built("fund-shapes");
    let html = page(&s, "override");
    has(
        &html,
        &[
            "<tr><th scope=\"row\">Council</th><td class=\"num\" data-value=\"384\">384</td><td class=\"num\" data-value=\"23.6\">23.6%</td></tr>",
            "<tr><th scope=\"row\">Total</th><td class=\"num\" data-value=\"1625\">1,625 (as printed)</td><td class=\"num\" data-value=\"100.0\">100.0%</td></tr>",
            "<desc id=\"chart-pooled-fund-by-body-desc\">Bar chart with 2 bars. CCG: £1,240k; Council: £384k. The same figures are in the table “Pooled fund: contributions by body”.</desc>",
        ],
    );
    assert_eq!(
        read(
            &s.path()
                .join("output/plans/override/pooled-fund-by-body.csv")
        ),
        "Body,Amount (£000),Share (%),Figures kept as printed\r\n\
         CCG,1240,76.4,\r\n\
         Council,384,23.6,\r\n\
         Total,1625,100.0,Amount (£000)\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&read(
        &s.path()
            .join("output/plans/override/pooled-fund-by-body.json"),
    ))
    .expect("json");
    assert_eq!(json["totals"][0]["Amount (£000)"], "1625");
    assert_eq!(
        json["totals"][0]["Figures kept as printed"],
        "Amount (£000)"
    );
    assert!(json["rows"][1]["Figures kept as printed"].is_null());

    // A matrix column and a scheme's total kept as printed.
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/override.toml");
    let text = read(&plan)
        .replace(
            "columns = { ccg = 1240, council = 384 }",
            "columns = { ccg = 1240, council = { override = 385, difference = 1, reason = \"The report prints 385 for the Council; its schemes add up to 384.\" } }",
        )
        .replace(
            "  total = 250\n",
            "  total = { override = 251, difference = 1, reason = \"The report prints 251 for Telecare; its contributions add up to 250.\" }\n",
        );
    write_and_build(&s, &plan, text);
    let html = page(&s, "override");
    has(
        &html,
        &[
            // The main table.
            "<tr><th scope=\"row\">Telecare</th><td class=\"num\"></td><td class=\"num\" data-value=\"250\">250</td><td class=\"num\" data-value=\"251\">251 (as printed)</td><td class=\"num\" data-value=\"15.4\">15.4%</td></tr>",
            "<tr><th scope=\"row\">Total</th><td class=\"num\" data-value=\"1240\">1,240</td><td class=\"num\" data-value=\"385\">385 (as printed)</td><td class=\"num\" data-value=\"1625\">1,625 (as printed)</td><td class=\"num\" data-value=\"100.0\">100.0%</td></tr>",
            // Contributions by body, and its chart.
            "<tr><th scope=\"row\">Council</th><td class=\"num\" data-value=\"385\">385 (as printed)</td><td class=\"num\" data-value=\"23.6\">23.6%</td></tr>",
            "<tr><th scope=\"row\">Total</th><td class=\"num\" data-value=\"1625\">1,625 (as printed)</td><td class=\"num\" data-value=\"100.0\">100.0%</td></tr>",
            "<desc id=\"chart-pooled-fund-by-body-desc\">Bar chart with 2 bars. CCG: £1,240k; Council: £385k (as printed). The same figures are in the table “Pooled fund: contributions by body”.</desc>",
            "\">£385k (as printed)</text>",
            // Spending by scheme is drawn from the main table.
            "<desc id=\"chart-pooled-fund-desc\">Bar chart with 2 bars. Carers: £1,374k; Telecare: £251k (as printed). The same figures are in the table “Pooled fund: schemes by contributor”.</desc>",
            "\">£251k (as printed)</text>",
        ],
    );
    assert_eq!(
        read(
            &s.path()
                .join("output/plans/override/pooled-fund-by-body.csv")
        ),
        "Body,Amount (£000),Share (%),Figures kept as printed\r\n\
         CCG,1240,76.4,\r\n\
         Council,385,23.6,Amount (£000)\r\n\
         Total,1625,100.0,Amount (£000)\r\n"
    );
    assert_eq!(
        read(&s.path().join("output/plans/override/pooled-fund.csv")),
        "Scheme,CCG (£000),Council (£000),Total (£000),Share of total (%),Figures kept as printed\r\n\
         Carers,1240,134,1374,84.6,\r\n\
         Telecare,,250,251,15.4,Total (£000)\r\n\
         Total,1240,385,1625,100.0,Council (£000); Total (£000)\r\n"
    );
    check_round_trip(&s.path().join("output"));

    // A balance fund's expenditure by partner, where a partner's subtotal
    // is kept as printed and the total adds up the printed subtotals.
    let s = built("fund-shapes");
    let cash = page(&s, "cash");
    has(
        &cash,
        &[
            "<tr><th scope=\"row\">CCG</th><td class=\"num\" data-value=\"6001\">6,001 (as printed)</td><td class=\"num\" data-value=\"70.6\">70.6%</td></tr>",
            "<tr><th scope=\"row\">Council</th><td class=\"num\" data-value=\"2500\">2,500</td><td class=\"num\" data-value=\"29.4\">29.4%</td></tr>",
            "<tr><th scope=\"row\">Total</th><td class=\"num\" data-value=\"8501\">8,501</td><td class=\"num\" data-value=\"100.0\">100.0%</td></tr>",
            "<desc id=\"chart-cash-expenditure-by-partner-desc\">Bar chart with 2 bars. CCG: £6,001k (as printed); Council: £2,500k. The same figures are in the table “Pooled fund cash position: expenditure by partner”.</desc>",
            "<text class=\"fund-chart__value\" x=\"112\" y=\"39\">£6,001k (as printed)</text>",
        ],
    );
    let by_partner = cash
        .split("id=\"cash-expenditure-by-partner\"")
        .nth(1)
        .and_then(|t| t.split("<ul class=\"downloads\">").next())
        .expect("table by partner");
    has(
        by_partner,
        &["<p class=\"table-note\">The total adds up the subtotals as the source prints them, as the source itself did. The lines add up to £8,500k; the total differs from that by £1k.</p>"],
    );
    assert!(!by_partner.contains(">6,000<") && !by_partner.contains(">8,500<"));
    assert_eq!(
        read(
            &s.path()
                .join("output/plans/cash/cash-expenditure-by-partner.csv")
        ),
        "Body,Amount (£000),Share (%),Figures kept as printed\r\n\
         CCG,6001,70.6,Amount (£000)\r\n\
         Council,2500,29.4,\r\n\
         Total,8501,100.0,\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&read(
        &s.path()
            .join("output/plans/cash/cash-expenditure-by-partner.json"),
    ))
    .expect("json");
    assert_eq!(json["rows"][0]["Amount (£000)"], "6001");
    assert_eq!(json["rows"][0]["Figures kept as printed"], "Amount (£000)");
    assert!(json["rows"][1]["Figures kept as printed"].is_null());
    assert_eq!(json["totals"][0]["Amount (£000)"], "8501");
}

/// Printed change columns are checked (money exactly, per cent after
/// rounding to the places the source prints) and shown as printed; a
/// total's change is the difference of its two figures, and a note names
/// the rows blank in one year and gives the like-for-like change (every
/// complete row falls).
#[test]
fn printed_changes_are_checked_and_a_total_change_notes_the_like_for_like_change() {
    let s = built("fund-shapes");
    let html = page(&s, "monitoring");
    has(
        &html,
        &[
            "<th scope=\"row\">Community health services</th><td>Spent by the CCG</td><td class=\"num\" data-value=\"3000\">3,000</td><td class=\"num\" data-value=\"2950\">2,950</td><td class=\"num\" data-value=\"5950\">5,950</td><td class=\"num\" data-value=\"-50\">−50</td><td class=\"num\" data-value=\"-1.67\">−1.67%</td>",
            // A subtotal's change, the difference of its figures, computed
            // to the places the source prints its own; the like-for-like
            // change in the note.
            "<th scope=\"row\">Subtotal: Spent by the Council</th><td>Spent by the Council</td><td class=\"num\" data-value=\"1200\">1,200</td><td class=\"num\" data-value=\"1740\">1,740</td><td class=\"num\" data-value=\"2940\">2,940</td><td class=\"num\" data-value=\"540\">+540</td><td class=\"num\" data-value=\"45.00\">+45.00%</td>",
            "In the row “Subtotal: Spent by the Council”, the change from 2017/18 to 2018/19 is the difference between the row’s two figures, which include “Telecare”, blank in one of the two years; comparing only the rows with figures in both years, the change is −100 (−8.33%).",
            // The total's change as printed (checked), and what it includes.
            "<th scope=\"row\">Total</th><td></td><td class=\"num\" data-value=\"6200\">6,200</td><td class=\"num\" data-value=\"6640\">6,640</td><td class=\"num\" data-value=\"12840\">12,840</td><td class=\"num\" data-value=\"440\">+440</td><td class=\"num\" data-value=\"7.10\">+7.10%</td>",
            "In the row “Total”, the change from 2017/18 to 2018/19 is the difference between the row’s two figures, which include “Telecare”, blank in one of the two years; comparing only the rows with figures in both years, the change is −200 (−3.23%).",
            // Spending grouped by partner is charted by partner.
            "<title id=\"chart-monitoring-by-partner-title\">Spending by partner: Spending by partner (£000, 2017/18 and 2018/19 together)</title>",
            // A line's note names it once.
            "Reablement: the service was recommissioned in 2018.",
            "Telecare: New in 2018/19.",
        ],
    );
    assert!(!html.contains("Reablement: Reablement"));
    assert!(!html.contains("Spending by scheme"));

    // Without a printed change on the total, the total's change is worked
    // out from its two figures (+440, +7.10%, as the source printed it), and
    // the note gives the like-for-like change (−200, −3.23%); the table by
    // partner shows the same row.
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/monitoring.toml");
    let text = read(&plan).replace(", change = 440, change_percent = 7.10 }", " }");
    write_and_build(&s, &plan, text);
    let html = page(&s, "monitoring");
    let total = "<td class=\"num\" data-value=\"6200\">6,200</td><td class=\"num\" data-value=\"6640\">6,640</td><td class=\"num\" data-value=\"12840\">12,840</td><td class=\"num\" data-value=\"440\">+440</td><td class=\"num\" data-value=\"7.10\">+7.10%</td><td class=\"num\" data-value=\"100.0\">100.0%</td></tr>";
    let note = "<p class=\"table-note\">In the row “Total”, the change from 2017/18 to 2018/19 is the difference between the row’s two figures, which include “Telecare”, blank in one of the two years; comparing only the rows with figures in both years, the change is −200 (−3.23%).</p>";
    for id in ["monitoring", "monitoring-by-partner"] {
        let table = html
            .split(&format!("<table class=\"data-table\" id=\"{id}\">"))
            .nth(1)
            .and_then(|t| t.split("<ul class=\"downloads\">").next())
            .unwrap_or_else(|| panic!("table {id}"));
        has(table, &[note]);
        assert!(
            table.contains(&format!("<tr><th scope=\"row\">Total</th><td></td>{total}"))
                || table.contains(&format!("<tr><th scope=\"row\">Total</th>{total}")),
            "{id}: {table}"
        );
        assert_eq!(
            read(&s.path().join(format!("output/plans/monitoring/{id}.csv")))
                .lines()
                .last(),
            Some(if id == "monitoring" {
                "Total,,6200,6640,12840,440,7.10,100.0"
            } else {
                "Total,6200,6640,12840,440,7.10,100.0"
            }),
            "{id}"
        );
    }
}

/// What a balance is follows the data: an underspend only where the fund
/// says it is an outturn, money held for a cash balance, and otherwise only
/// which is larger (regression: a cash balance was called "an underspend"
/// and expenditure by partner was charted as "Spending by scheme").
#[test]
fn a_balance_is_worded_as_the_data_says_and_expenditure_by_partner_is_charted_so() {
    let s = built("fund-shapes");
    let cash = page(&s, "cash");
    has(
        &cash,
        &[
            "Income of £10,000k less expenditure of £8,501k leaves a balance of £1,499k (closing cash balance): money held.",
            "<th scope=\"row\">Closing cash balance</th><td class=\"num\" data-value=\"1499\">1,499</td>",
            "The balance is the money held: income less expenditure. A negative balance, shown with a minus sign, is a deficit.",
            "<title id=\"chart-cash-expenditure-by-partner-title\">Expenditure by partner: Pooled fund cash position, 2018/19 (£000)</title>",
        ],
    );
    assert!(
        !cash.contains("underspend"),
        "a cash balance is not an underspend"
    );
    assert!(!cash.contains("Spending by scheme"));

    // Without `balance_is`, the words say only which is larger.
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/balance.toml");
    let text = read(&plan).replace("balance_is = \"underspend\"", "");
    write_and_build(&s, &plan, text);
    let plain = page(&s, "balance");
    has(
        &plain,
        &["Income of £15,000k less expenditure of £14,750k leaves a balance of £250k: income is more than expenditure."],
    );
    assert!(!plain.contains("underspend)") && !plain.contains(": an underspend"));
}

/// A source that added its totals from its printed subtotals needs one
/// override, on the subtotal that is out, with `totals_from =
/// "printed-subtotals"` (regression: one rounding gap took three overrides).
#[test]
fn totals_added_from_printed_subtotals_need_only_the_subtotal_override() {
    let s = built("fund-shapes");
    let cash = page(&s, "cash");
    assert_eq!(
        cash.matches("class=\"override\"").count(),
        1,
        "one override box"
    );
    has(
        &cash,
        &[
            "<th scope=\"row\">Total expenditure</th><td></td><td class=\"num\" data-value=\"8501\">8,501</td>",
            "The total adds up the subtotals as the source prints them, as the source itself did. The lines add up to £8,500k; the total differs from that by £1k.",
        ],
    );
    // Added up from the lines instead, the printed expenditure and balance
    // do not agree: each would need an override of its own.
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/cash.toml");
    let text = read(&plan).replace("totals_from = \"printed-subtotals\"", "");
    fs::write(&plan, text).expect("write");
    let out = plansite(s.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error: stated expenditure total does not match the computed total"),
        "{err}"
    );
    assert!(
        err.contains("error: stated balance does not match the computed balance"),
        "{err}"
    );
    assert!(err.contains("\n2 errors, "), "{err}");
}

/// A mistake in a plan is reported once: a paper citing the fund (or the
/// plan) it broke gets no second, false error (regression: "plan has no
/// fund", listing none).
#[test]
fn a_fund_or_plan_with_mistakes_is_not_reported_again_where_it_is_cited() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/override.toml");
    let text = read(&plan).replace(
        "scheme = \"Telecare\"",
        "scheme = \"Telecare\"\n  amounts = { concil = 250 }",
    );
    let text = text.replacen("  amounts = { council = 250 }\n", "", 1);
    fs::write(&plan, &text).expect("write");
    let out = plansite(s.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.matches(": error: ").count(), 1, "{err}");
    assert!(
        err.contains("error: \"concil\" is not a column of this matrix"),
        "{err}"
    );
    assert!(!err.contains("has no fund"), "{err}");

    // A plan that cannot be read at all: its syntax error only.
    fs::write(&plan, "title = \"Unclosed\n").expect("write");
    let out = plansite(s.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(err.matches(": error: ").count(), 1, "{err}");
    assert!(!err.contains("unknown plan"), "{err}");
}

/// A mistake in one fund hides neither the other mistakes of that fund nor
/// those of the plan's other funds, which are still read and checked
/// (regression: the first unknown field made the whole plan unreadable, so
/// only that one mistake was reported, the other fund's wrong total not at
/// all).
#[test]
fn every_mistake_of_every_fund_is_reported_and_the_other_funds_still_read() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/multi-year.toml");
    let original = read(&plan);
    let text = original
        // Fund "contributions": two lines with a field it does not have,
        // one with a label that is not text.
        .replace(
            "  label = \"Minimum CCG contribution\"\n",
            "  label = \"Minimum CCG contribution\"\n  colour = \"red\"\n",
        )
        .replace(
            "  label = \"Disabled Facilities Grant\"\n  amounts = { \"2017/18\" = 1450, \"2018/19\" = 1580 }\n",
            "  label = \"Disabled Facilities Grant\"\n  amounts = { \"2017/18\" = 1450, \"2018/19\" = 1580 }\n  labl = \"DFG\"\n",
        )
        .replace(
            "  label = \"Improved Better Care Fund\"\n",
            "  label = 7\n",
        )
        // Fund "schemes": read and checked, so its wrong total is found.
        .replace(
            "  total = { \"2017/18\" = 15750, \"2018/19\" = 18280 }\n",
            "  total = { \"2017/18\" = 15751, \"2018/19\" = 18280 }\n",
        );
    assert_eq!(text.matches("colour").count(), 1);
    assert_ne!(text, original);
    fs::write(&plan, &text).expect("write");
    let out = plansite(s.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/plans/multi-year.toml:41:3: error: unknown field \"colour\"",
            "content/plans/multi-year.toml:54:3: error: unknown field \"labl\"",
            "content/plans/multi-year.toml:58:11: error: invalid TOML: invalid type: integer `7`, expected text in quotes",
            "content/plans/multi-year.toml:84:25: error: stated total for 2017/18 does not match the computed total",
        ],
        "{err}"
    );
    assert!(err.contains("= help: did you mean \"label\"?"), "{err}");
    // No knock-on errors: the paper and the national conditions cite the
    // fund with mistakes, which is reported once, where it is wrong.
    assert!(err.contains("\n4 errors, "), "{err}");
    assert!(!err.contains("has no fund"), "{err}");
}

/// A comma used as the decimal mark ("10,640" for 10.640 is a thousands
/// comma, but "1,0" or "4300,5" cannot be one) gets a hint to write a
/// decimal point, wherever the figure is written (regression: the hint said
/// "write 10" for "1,0" and "write 43005" for "4300,5", figures ten times
/// too big).
#[test]
fn a_decimal_comma_in_a_fund_figure_says_write_a_decimal_point() {
    let cases = [
        // Bare, where TOML stops at the comma.
        (
            "deduction",
            "  amount = 10.640\n",
            "  amount = 10,6\n",
            "content/plans/deduction.toml:30:14: error: figure 10,6 has a decimal comma\n   |\n30 |   amount = 10,6\n   |              ^ a comma is not a decimal mark in figures\n   |\n   = help: if the comma marks the decimals, write 10.6: figures use a decimal point, and commas are not allowed in them",
        ),
        // Quoted.
        (
            "deduction",
            "  amount = 10.640\n",
            "  amount = \"1,0\"\n",
            "content/plans/deduction.toml:30:12: error: figure \"1,0\" has a decimal comma\n   |\n30 |   amount = \"1,0\"\n   |            ^^^^^ a comma is not a decimal mark in figures\n   |\n   = help: if the comma marks the decimals, write 1.0: figures use a decimal point, and commas are not allowed in them",
        ),
        // In a fund by year's inline table, where the comma reads as the
        // next entry and TOML stops after the figure.
        (
            "multi-year",
            "  amounts = { \"2017/18\" = 4300, \"2018/19\" = 4180 }\n",
            "  amounts = { \"2017/18\" = 4300,5, \"2018/19\" = 4180 }\n",
            "content/plans/multi-year.toml:75:27: error: figure 4300,5 has a decimal comma\n   |\n75 |   amounts = { \"2017/18\" = 4300,5, \"2018/19\" = 4180 }\n   |                           ^^^^^^ a comma is not a decimal mark in figures\n   |\n   = help: if the comma marks the decimals, write 4300.5: figures use a decimal point, and commas are not allowed in them",
        ),
        (
            "multi-year",
            "  amounts = { \"2017/18\" = 4300, \"2018/19\" = 4180 }\n",
            "  amounts = { \"2017/18\" = 4300, \"2018/19\" = 4180,25 }\n",
            "content/plans/multi-year.toml:75:45: error: figure 4180,25 has a decimal comma\n   |\n75 |   amounts = { \"2017/18\" = 4300, \"2018/19\" = 4180,25 }\n   |                                             ^^^^^^^ a comma is not a decimal mark in figures\n   |\n   = help: if the comma marks the decimals, write 4180.25: figures use a decimal point, and commas are not allowed in them",
        ),
        // A thousands comma is still one: write the digits.
        (
            "multi-year",
            "  amounts = { \"2017/18\" = 4300, \"2018/19\" = 4180 }\n",
            "  amounts = { \"2017/18\" = 4,300, \"2018/19\" = 4180 }\n",
            "content/plans/multi-year.toml:75:27: error: figure 4,300 has a thousands comma\n   |\n75 |   amounts = { \"2017/18\" = 4,300, \"2018/19\" = 4180 }\n   |                           ^^^^^ thousands commas are not allowed in figures\n   |\n   = help: write 4300 (digits only; an underscore may group them: 4_300)",
        ),
    ];
    for (plan, from, to, expected) in cases {
        let s = site("fund-shapes");
        let path = s.path().join(format!("content/plans/{plan}.toml"));
        let text = read(&path);
        assert!(text.contains(from), "{plan}: {from}");
        fs::write(&path, text.replacen(from, to, 1)).expect("write");
        let out = plansite(s.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1), "{to}");
        let err = stderr(&out);
        assert_eq!(err.split("\n\n").next(), Some(expected), "{to}:\n{err}");
        assert!(err.contains("\n1 error, "), "{err}");
    }
}

#[test]
fn a_flow_that_does_not_balance_is_published_only_with_its_reason() {
    let s = built("fund-shapes");
    let html = page(&s, "unbalanced");
    has(
        &html,
        &[
            "Application of funds against sources of funds does not add up in the source.",
            "<div><dt>Sources of funds</dt><dd>£100k</dd></div>",
            "<div><dt>Application of funds</dt><dd>£101k</dd></div>",
            "<div><dt>Difference</dt><dd>−£1k</dd></div>",
            "<dd>The statement prints applications of 101 against sources of 100; the figures are published as printed.</dd>",
        ],
    );
    assert!(!html.contains("Sources of funds (£100k) equal"));
    // The box follows the applications table.
    let apps = html.find("id=\"flow-applications\"").expect("table");
    assert!(html.find("class=\"override\"").expect("override") > apps);
}

/// A flow by year says its sources equal its applications only when every
/// year balances, not when the years' gaps cancel out over all years
/// (regression: 2016/17 100 against 98 and 2017/18 100 against 102 were
/// said to balance, £200k = £200k, under two boxes saying they do not).
#[test]
fn a_flow_by_year_balances_only_when_every_year_does() {
    let s = built("fund-shapes");
    let html = page(&s, "unbalanced-by-year");
    has(
        &html,
        &[
            "<strong class=\"tag tag--override\">Published as printed</strong> Application of funds against sources of funds for 2016/17 does not add up in the source.</p>\n  <dl class=\"summary-list\">\n    <div><dt>Sources of funds</dt><dd>£100k</dd></div>\n    <div><dt>Application of funds</dt><dd>£98k</dd></div>\n    <div><dt>Difference</dt><dd>£2k</dd></div>",
            "<strong class=\"tag tag--override\">Published as printed</strong> Application of funds against sources of funds for 2017/18 does not add up in the source.</p>\n  <dl class=\"summary-list\">\n    <div><dt>Sources of funds</dt><dd>£100k</dd></div>\n    <div><dt>Application of funds</dt><dd>£102k</dd></div>\n    <div><dt>Difference</dt><dd>−£2k</dd></div>",
            "<strong class=\"tag tag--met\">Checked</strong> Totals stated in the source match the computed totals: sources for 2016/17 £100k, sources for 2017/18 £100k, sources for all years £200k, pooled fund for 2016/17 £100k, pooled fund for 2017/18 £100k, pooled fund for all years £200k, applications for 2016/17 £98k, applications for 2017/18 £102k, applications for all years £200k.",
        ],
    );
    assert!(
        !html.contains("equal the application of funds"),
        "a flow whose years do not balance is said to balance"
    );

    // The same flow with each year balanced says so, over all years.
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/unbalanced-by-year.toml");
    let text = read(&plan)
        .replace(
            "amounts = { \"2016/17\" = 98, \"2017/18\" = 102 }",
            "amounts = { \"2016/17\" = 100, \"2017/18\" = 100 }",
        )
        .replace(
            "applications = { \"2016/17\" = 98, \"2017/18\" = 102, total = 200 }",
            "applications = { \"2016/17\" = 100, \"2017/18\" = 100, total = 200 }",
        );
    write_and_build(&s, &plan, without_line(&text, "unbalanced = "));
    has(
        &page(&s, "unbalanced-by-year"),
        &["<strong class=\"tag tag--met\">Checked</strong> Sources of funds (£200k) equal the application of funds (£200k)."],
    );

    // Balanced as computed, but the applications over all years are kept
    // as printed at 201: the page publishes 200 against 201, so it does
    // not say they are equal.
    let text = read(&plan).replace(
        "applications = { \"2016/17\" = 100, \"2017/18\" = 100, total = 200 }",
        "applications = { \"2016/17\" = 100, \"2017/18\" = 100, total = { override = 201, difference = 1, reason = \"Printed as 201.\" } }",
    );
    write_and_build(&s, &plan, text);
    let html = page(&s, "unbalanced-by-year");
    has(
        &html,
        &["<td class=\"num\" data-value=\"201\">201 (as printed)</td>"],
    );
    assert!(!html.contains("equal the application of funds"));
}

/// Where both sides of a flow are kept as printed, the sentence quotes the
/// printed figures, flagged as the table flags them.
#[test]
fn a_flow_kept_as_printed_on_both_sides_quotes_the_printed_figures() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/unbalanced.toml");
    let text = read(&plan)
        .replace("  amount = 41\n", "  amount = 40\n")
        .replace(
            "  sources = 100\n  applications = 101\n",
            "  sources = { override = 101, difference = 1, reason = \"Printed as 101.\" }\n  applications = { override = 101, difference = 1, reason = \"Printed as 101.\" }\n",
        );
    write_and_build(&s, &plan, without_line(&text, "unbalanced = "));
    let html = page(&s, "unbalanced");
    has(
        &html,
        &["<strong class=\"tag tag--met\">Checked</strong> Sources of funds of £101k (as printed) equal the application of funds of £101k (as printed)."],
    );
    assert!(
        !html.contains("(£100k)"),
        "a computed figure the table does not show"
    );
}

/// A flow whose pooled fund is kept as printed shows the printed pool in
/// its sources table, flagged, in a row of its own beside the sources
/// total the source also prints; the Checked list and `{{ figure … total }}`
/// quote the same printed pool, and the CSV flags it (regression: the
/// table's "Total (pooled fund)" row and the Checked list showed the
/// sources' 99.221 unflagged while `{{ figure }}` showed 99.222 as printed).
#[test]
fn a_pool_kept_as_printed_is_the_pool_in_table_text_and_data() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/deduction.toml");
    let original = read(&plan);
    let printed = original.replace(
        "  pool = 99.221\n",
        "  pool = { override = 99.222, difference = 0.001, reason = \"The report prints a pooled fund of 99.222; its sources add up to 99.221.\" }\n",
    );
    assert_ne!(printed, original);
    fs::write(&plan, &printed).expect("write");
    let paper = s
        .path()
        .join("content/boards/example-hwb/2017-07-19/bcf-plan.md");
    append(
        &paper,
        "1.5 The pooled fund is {{ figure deduction flow total }}.",
    );
    build(&s);
    let html = page(&s, "deduction");
    // Contributions by body end with the same two rows as the sources table.
    assert_eq!(
        read(&s.path().join("output/plans/deduction/flow-by-body.csv")),
        "Body,Amount (£m),Share (%),Figures kept as printed\r\n\
         Council,10.640,10.7,\r\n\
         CCG,88.581,89.3,\r\n\
         Total sources of funds,99.221,100.0,\r\n\
         Pooled fund,99.222,100.0,Amount (£m)\r\n"
    );
    has(
        &html,
        &[
            // The sources total and the pool, each as the source prints it.
            "<th scope=\"row\">Total sources of funds</th><td></td><td class=\"num\" data-value=\"99.221\">99.221</td><td class=\"num\" data-value=\"100.0\">100.0%</td></tr>",
            "<th scope=\"row\">Pooled fund</th><td></td><td class=\"num\" data-value=\"99.222\">99.222 (as printed)</td><td class=\"num\" data-value=\"100.0\">100.0%</td></tr>",
            // The computed sum is beside the table.
            "<strong class=\"tag tag--override\">Published as printed</strong> Pooled fund total does not add up in the source.",
            "<div><dt>Stated in the source</dt><dd>£99.222m</dd></div>",
            "<div><dt>Computed from the figures</dt><dd>£99.221m</dd></div>",
            "<strong class=\"tag tag--met\">Checked</strong> Sources of funds (£99.221m) equal the application of funds (£99.221m).",
            "<strong class=\"tag tag--met\">Checked</strong> The source prints the pooled fund as £99.222m (as printed), not the £99.221m its sources add up to.",
            "Totals stated in the source match the computed totals: sources £99.221m, applications £99.221m.",
        ],
    );
    assert!(
        !html.contains("Total (pooled fund)"),
        "one row for two figures the source prints differently"
    );
    let paper = read(
        &s.path()
            .join("output/boards/example-hwb/2017-07-19/bcf-plan/index.html"),
    );
    has(
        &paper,
        &["The pooled fund is <data class=\"figure\" value=\"99.222\">£99.222m</data> (as printed; its figures add up to £99.221m)."],
    );
    has(
        &read(&s.path().join("output/plans/index.html")),
        &["Example, 2016/17: £99.222m (as printed)</span>"],
    );
    assert_eq!(
        read(&s.path().join("output/plans/deduction/flow-sources.csv")),
        "Source of funds,Body,Amount (£m),Share (%),Figures kept as printed\r\n\
         Council,Council,10.640,10.7,\r\n\
         CCG,CCG,90.764,91.5,\r\n\
         Less: performance fund retained by the CCG,CCG,-2.183,-2.2,\r\n\
         Total sources of funds,,99.221,100.0,\r\n\
         Pooled fund,,99.222,100.0,Amount (£m)\r\n"
    );
    check_round_trip(&s.path().join("output"));

    // The source prints no sources total, only the pool: the sources'
    // sum and the printed pool are still both shown.
    write_and_build(&s, &plan, printed.replace("  sources = 99.221\n", ""));
    has(
        &page(&s, "deduction"),
        &[
            "<th scope=\"row\">Total sources of funds</th><td></td><td class=\"num\" data-value=\"99.221\">99.221</td>",
            "<th scope=\"row\">Pooled fund</th><td></td><td class=\"num\" data-value=\"99.222\">99.222 (as printed)</td>",
        ],
    );

    // Sources and pool both printed as 99.222: one row, as printed.
    write_and_build(
        &s,
        &plan,
        printed.replace(
            "  sources = 99.221\n",
            "  sources = { override = 99.222, difference = 0.001, reason = \"The report prints sources of 99.222.\" }\n",
        ),
    );
    let html = page(&s, "deduction");
    has(
        &html,
        &["<th scope=\"row\">Total (pooled fund)</th><td></td><td class=\"num\" data-value=\"99.222\">99.222 (as printed)</td>"],
    );
    assert!(!html.contains("<th scope=\"row\">Pooled fund</th>"));

    // The pool printed as computed, the sources total kept as printed: the
    // pool row shows the pool, and `{{ figure … total }}` quotes it.
    write_and_build(
        &s,
        &plan,
        original.replace(
            "  sources = 99.221\n",
            "  sources = { override = 99.222, difference = 0.001, reason = \"The report prints sources of 99.222.\" }\n",
        ),
    );
    has(
        &page(&s, "deduction"),
        &[
            "<th scope=\"row\">Total sources of funds</th><td></td><td class=\"num\" data-value=\"99.222\">99.222 (as printed)</td>",
            "<th scope=\"row\">Pooled fund</th><td></td><td class=\"num\" data-value=\"99.221\">99.221</td>",
        ],
    );
    has(
        &read(
            &s.path()
                .join("output/boards/example-hwb/2017-07-19/bcf-plan/index.html"),
        ),
        &["The pooled fund is <data class=\"figure\" value=\"99.221\">£99.221m</data>."],
    );
}

/// The sentence about a balance quotes the income, expenditure and balance
/// the table shows: a total kept as printed is quoted as printed, and
/// flagged (regression: it quoted the computed £14,750k and £250k while the
/// table showed 14,751 and 249 as printed).
#[test]
fn a_balance_kept_as_printed_is_quoted_as_printed() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/balance.toml");
    let original = read(&plan);
    let printed = original
        .replace(
            "  expenditure = 14750\n",
            "  expenditure = { override = 14751, difference = 1, reason = \"The report prints 14,751; its lines add up to 14,750.\" }\n",
        )
        .replace(
            "  balance = 250\n",
            "  balance = { override = 249, difference = -1, reason = \"The report prints 249, from its printed expenditure.\" }\n",
        );
    assert_ne!(printed, original);
    write_and_build(&s, &plan, &printed);
    let html = page(&s, "balance");
    has(
        &html,
        &[
            "<th scope=\"row\">Total expenditure</th><td class=\"num\" data-value=\"14751\">14,751 (as printed)</td>",
            "<th scope=\"row\">Balance (income less expenditure)</th><td class=\"num\" data-value=\"249\">249 (as printed)</td>",
            "<strong class=\"tag tag--met\">Checked</strong> Income of £15,000k less expenditure of £14,751k (as printed) leaves a balance of £249k (as printed): an underspend.",
        ],
    );
    // The computed figures appear only in the boxes beside the table.
    assert!(
        !html.contains("expenditure of £14,750k"),
        "a computed figure the table does not show"
    );
    assert!(
        !html.contains("balance of £250k"),
        "a computed figure the table does not show"
    );

    // Only the expenditure kept as printed, the balance as computed: the
    // printed figures do not subtract to the balance, and the page says so
    // rather than "15,000 less 14,751 leaves 250".
    let text = printed.replace(
        "  balance = { override = 249, difference = -1, reason = \"The report prints 249, from its printed expenditure.\" }\n",
        "  balance = 250\n",
    );
    write_and_build(&s, &plan, text);
    let html = page(&s, "balance");
    has(
        &html,
        &["<strong class=\"tag tag--met\">Checked</strong> The source gives income of £15,000k, expenditure of £14,751k (as printed) and a balance of £250k: an underspend. As printed, income less expenditure is £249k, not the balance shown."],
    );
    assert!(!html.contains("leaves a balance"));
}

#[test]
fn years_side_by_side_with_the_change_between_them() {
    let s = built("fund-shapes");
    let html = page(&s, "multi-year");
    has(
        &html,
        &[
            "<th scope=\"col\" class=\"num\">2017/18 (£000)</th><th scope=\"col\" class=\"num\">2018/19 (£000)</th><th scope=\"col\" class=\"num\">Total, all years (£000)</th><th scope=\"col\" class=\"num\">Change 2017/18 to 2018/19 (£000)</th><th scope=\"col\" class=\"num\">Change 2017/18 to 2018/19 (%)</th>",
            "<th scope=\"row\">Minimum CCG contribution</th><td>CCG</td><td class=\"num\" data-value=\"14000\">14,000</td><td class=\"num\" data-value=\"14266.5\">14,266.5</td><td class=\"num\" data-value=\"28266.5\">28,266.5</td><td class=\"num\" data-value=\"266.5\">+266.5</td><td class=\"num\" data-value=\"1.9\">+1.9%</td>",
            // A line with no figure for 2017/18 is blank there, with no change.
            "<th scope=\"row\">Improved Better Care Fund</th><td>Council</td><td class=\"num\"></td><td class=\"num\" data-value=\"2100\">2,100</td><td class=\"num\" data-value=\"2100\">2,100</td><td class=\"num\"></td><td class=\"num\"></td>",
            "<th scope=\"row\">Subtotal: CCG</th><td>CCG</td><td class=\"num\" data-value=\"14300\">14,300</td><td class=\"num\" data-value=\"14600\">14,600</td><td class=\"num\" data-value=\"28900\">28,900</td>",
            // The total's change is the difference of its figures; the note
            // names the line blank in 2017/18 and gives the change without
            // it (15,750 → 16,180).
            "<th scope=\"row\">Total</th><td></td><td class=\"num\" data-value=\"15750\">15,750</td><td class=\"num\" data-value=\"18280\">18,280</td><td class=\"num\" data-value=\"34030\">34,030</td><td class=\"num\" data-value=\"2530\">+2,530</td><td class=\"num\" data-value=\"16.1\">+16.1%</td>",
            "In the row “Total”, the change from 2017/18 to 2018/19 is the difference between the row’s two figures, which include “Improved Better Care Fund”, blank in one of the two years; comparing only the rows with figures in both years, the change is +430.0 (+2.7%).",
            // A fall is shown with a true minus sign.
            "<th scope=\"row\">Reablement</th><td class=\"num\" data-value=\"4300\">4,300</td><td class=\"num\" data-value=\"4180\">4,180</td><td class=\"num\" data-value=\"8480\">8,480</td><td class=\"num\" data-value=\"-120\">−120</td><td class=\"num\" data-value=\"-2.8\">−2.8%</td>",
            "subtotal for &quot;CCG&quot; for all years £28,900k",
        ],
    );
}

#[test]
fn national_conditions_are_shown_with_their_arithmetic() {
    let s = built("fund-shapes");
    let html = page(&s, "multi-year");
    has(
        &html,
        &[
            "<h2 id=\"national-conditions\">Better Care Fund national conditions</h2>",
            "<p>4 met, 1 not met, 0 cannot be assessed from the plan data.</p>",
            "<h3 class=\"condition__name\">Minimum contribution to the pooled fund, 2018/19</h3>\n    <p><strong class=\"tag tag--not-met\">Not met</strong></p>",
            "In figures: </span>£14,266.5k &lt; £14,266.6k</p>",
            "The contribution to the pooled fund, £14,266.5k, is less than the BCF allocation, £14,266.6k: £0.1k short of the minimum.",
            "In figures: </span>£5,000k × (1 + 1.79%) = £5,089.5k; £5,100k ≥ £5,089.5k</p>",
            "Social care spending from the CCG minimum in 2018/19, £5,100k, is at least the spending in 2017/18, £5,000k, increased by inflation of 1.79% to £5,089.5k: £10.5k above it.",
            "In figures: </span>£4,076.6k ÷ £14,000k × 100 = 29.1% ≥ 28.3%</p>",
            "Signed off by Example Health and Wellbeing Board on 7 September 2017, on or before the deadline of 11 September 2017 and by Example CCG governing body on 5 September 2017, on or before the deadline of 11 September 2017.",
        ],
    );
}

#[test]
fn demo_pages_say_which_conditions_cannot_be_assessed() {
    let s = demo_site();
    build(&s);
    let kent = page(&s, "kent-bcf-2015-16");
    has(
        &kent,
        &[
            "<p>1 met, 0 not met, 3 cannot be assessed from the plan data.</p>",
            "The plan data does not give the allocation the share is of or the required share. It gives the spending on NHS-commissioned out-of-hospital services, £24.049m.",
            "Signed off by Kent Health and Wellbeing Board in January 2015.",
        ],
    );
    let soton = page(&s, "southampton-bcf-2017-19");
    has(
        &soton,
        &[
            "<p>0 met, 0 not met, 4 cannot be assessed from the plan data.</p>",
            "The plan data does not give who signed the plan off, and when. The deadline for sign-off is 11 September 2017.",
            // Contributions by body, derived from the printed column totals.
            "<th scope=\"row\">CCG</th><td class=\"num\" data-value=\"69501\">69,501</td><td class=\"num\" data-value=\"66.1\">66.1%</td>",
            "<desc id=\"chart-pooled-fund-by-body-desc\">Bar chart with 2 bars. CCG: £69,501k; SCC: £35,695k.",
            "<desc id=\"chart-pooled-fund-desc\">Bar chart with 10 bars. Carers: £1,374k; Clusters: £49,238k;",
        ],
    );
    has(
        &kent,
        &[
            "<desc id=\"chart-flow-of-funds-sources-desc\">Bar chart with 2 bars. KCC: £10.640m; CCGs: £90.764m.",
            "<desc id=\"chart-flow-of-funds-applications-desc\">Bar chart with 8 bars. Protection of social care: £28.254m;",
        ],
    );
}

#[test]
fn charts_are_static_accessible_svg_beside_their_table() {
    let s = built("fund-shapes");
    for plan in [
        "deduction",
        "subtotals",
        "balance",
        "override",
        "multi-year",
    ] {
        let html = page(&s, plan);
        let mut at = 0;
        let mut charts = 0;
        while let Some(i) = html[at..].find("<figure class=\"fund-chart\" id=\"") {
            let start = at + i;
            let end = start + html[start..].find("</figure>").expect("figure end");
            let fig = &html[start..end];
            let id = fig
                .split("id=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .expect("id");
            has(
                fig,
                &[
                    &format!("role=\"img\" aria-labelledby=\"{id}-title {id}-desc\""),
                    &format!("<title id=\"{id}-title\">"),
                    &format!("<desc id=\"{id}-desc\">"),
                    "viewBox=\"0 0 300 ",
                    "class=\"fund-chart__value\"",
                ],
            );
            // The table it is drawn from is on the page and linked.
            let table = fig
                .split("The same figures are in the table <a href=\"#")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .expect("table link");
            assert!(html.contains(&format!("<table class=\"data-table\" id=\"{table}\">")));
            // Every bar has its value written on it.
            assert_eq!(
                fig.matches("<rect class=\"fund-chart__bar").count(),
                fig.matches("<text class=\"fund-chart__value\"").count()
            );
            charts += 1;
            at = end;
        }
        assert!(charts >= 1, "{plan} has no chart");
    }
}

#[test]
fn no_page_has_inline_style_or_script() {
    for s in [built("fund-shapes"), {
        let d = demo_site();
        assert!(plansite(d.path(), &["build"]).status.success());
        d
    }] {
        for (path, bytes) in snapshot_tree(&s.path().join("output")) {
            if path.ends_with(".html") {
                let html = String::from_utf8(bytes).expect("utf8");
                assert_csp_safe(&path, &html);
            }
        }
    }
}

/// Each error fixture, added to the fund-shapes site, fails `check` with
/// exactly this message (the full terminal output is snapshotted).
#[test]
fn each_fund_mistake_fails_with_its_exact_message() {
    let cases = [
        ("deduction-unsigned", "content/plans/deduction-unsigned.toml:33:12: error: deduction written without a sign"),
        ("subtotal-wrong", "content/plans/subtotal-wrong.toml:27:14: error: stated subtotal for \"CCG\" does not match the computed total"),
        ("balance-wrong", "content/plans/balance-wrong.toml:34:13: error: stated balance does not match the computed balance"),
        ("override-stale", "content/plans/override-stale.toml:30:11: error: override is not needed: the stated grand total agrees with the computed total"),
        ("override-without-reason", "content/plans/override-without-reason.toml:30:11: error: an override needs a reason"),
        ("multi-year-wrong", "content/plans/multi-year-wrong.toml:36:44: error: stated total for 2018/19 does not match the computed total"),
        ("flow-unbalanced", "content/plans/flow-unbalanced.toml:19:1: error: applications of funds do not equal the sources of funds"),
        ("condition-unknown-line", "content/plans/condition-unknown-line.toml:32:18: error: cannot take this figure from the fund: fund \"contributions\" has no line \"Minimum contribution\""),
        // An override explains one gap: written for 1, it does not cover a
        // line changed since (regression: any gap passed under any reason).
        ("override-gap-changed", "content/plans/override-gap-changed.toml:36:43: error: the override of the stated grand total explains a difference of 1, but the difference is now 41001"),
        ("override-without-difference", "content/plans/override-without-difference.toml:31:11: error: the override of the stated grand total does not say the difference it explains"),
        ("unbalanced-without-difference", "content/plans/unbalanced-without-difference.toml:24:14: error: `unbalanced` must say the difference it explains"),
        // Regression: years newest first gave every change the wrong sign.
        ("years-newest-first", "content/plans/years-newest-first.toml:24:21: error: years are not in order: \"2017/18\" is listed after the later \"2018/19\""),
        // Regression: a label that names no period ("Forecast") stopped the
        // others being checked, and a fall from 100 to 90 showed as +10.
        ("years-newest-first-with-forecast", "content/plans/years-newest-first-with-forecast.toml:25:21: error: years are not in order: \"2017/18\" is listed after the later \"2018/19\""),
        // Regression: each stated change was also reported, worked out in
        // the wrong order, with an override suggested as the fix (a tester's
        // site): the changes are not checked until the years are in order.
        ("years-newest-first-with-changes", "content/plans/years-newest-first-with-changes.toml:26:21: error: years are not in order: \"2016-17\" is listed after the later \"2017-18\""),
        // Regression: months as tables head them were not read as periods.
        ("months-newest-first", "content/plans/months-newest-first.toml:25:20: error: years are not in order: \"Jun-17\" is listed after the later \"Sep-17\""),
        // Regression: the fund was dropped and the condition that uses it
        // reported a second, false error ("unknown fund", listing no funds).
        ("fund-with-one-error", "content/plans/fund-with-one-error.toml:36:11: error: unknown group \"cgc\""),
        ("change-percent-wrong", "content/plans/change-percent-wrong.toml:31:20: error: stated change in per cent in \"Minimum CCG contribution\" from 2017/18 to 2018/19 does not match the computed change"),
        // `unbalanced` explains one gap: written for -1, it does not cover
        // a line changed since.
        ("unbalanced-gap-changed", "content/plans/unbalanced-gap-changed.toml:21:29: error: `unbalanced` explains a difference of -1, but the difference is now 39"),
    ];
    for (case, first) in cases {
        let s = site("fund-shapes");
        fs::copy(
            repo().join(format!("tests/fixtures/fund-errors/{case}.toml")),
            s.path().join(format!("content/plans/{case}.toml")),
        )
        .expect("copy");
        let out = plansite(s.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1), "{case}");
        let err = stderr(&out);
        assert_eq!(err.lines().next(), Some(first), "{case}:\n{err}");
        assert_eq!(
            err.matches(": error: ").count(),
            1,
            "{case} has one error:\n{err}"
        );
        assert!(err.contains("\n1 error, "), "{case}:\n{err}");
        // The whole message for the mistake (other features may add warnings
        // about site.toml after it).
        let block = err.split("\n\n").next().unwrap_or_default();
        insta::assert_snapshot!(format!("fund_error_{}", case.replace('-', "_")), block);
    }
}

/// Years that name no period ("Budget", "Outturn") cannot be put in order:
/// the change between them is worked out as written, with a warning, until
/// the clerk says `years_order = "as-written"`.
#[test]
fn years_that_name_no_period_warn_until_their_order_is_confirmed() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    fs::copy(
        repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"),
        &plan,
    )
    .expect("copy");
    let out = plansite(s.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let block = err
        .split("\n\n")
        .find(|b| b.contains("budget-outturn.toml"))
        .unwrap_or_default();
    assert_eq!(
        block,
        "content/plans/budget-outturn.toml:19:20: warning: the order of years \"Budget\" and \"Outturn\" cannot be checked: neither names a period
   |
19 | years = [\"Budget\", \"Outturn\"]
   |                    ^^^^^^^^^ the change from \"Budget\" to \"Outturn\" is worked out in the order written
   |
   = help: if the years are listed earliest first, say so on the fund with years_order = \"as-written\"; if not, list them earliest first, or write labels that name their year (\"Budget 2017/18\")",
        "{err}"
    );
    // Under --strict the warning stops the build.
    let out = plansite(s.path(), &["build", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Confirmed: no warning, and the change is the one written.
    let text = read(&plan).replace(
        "years = [\"Budget\", \"Outturn\"]",
        "years = [\"Budget\", \"Outturn\"]\nyears_order = \"as-written\"",
    );
    fs::write(&plan, text).expect("write");
    let out = plansite(s.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("budget-outturn"), "{}", stderr(&out));
    let csv = read(
        &s.path()
            .join("output/plans/budget-outturn/contributions.csv"),
    );
    // Outturn less budget, not the other way round.
    assert!(
        csv.contains("Change Budget to Outturn (£000)")
            && csv.contains("\r\nCCG,100,90,-10,-10.0\r\n"),
        "{csv}"
    );
}

#[test]
fn papers_cite_any_fund_figure_by_year() {
    let s = built("fund-shapes");
    let html = read(
        &s.path()
            .join("output/boards/example-hwb/2017-07-19/bcf-plan/index.html"),
    );
    has(
        &html,
        &[
            "The CCG contributes <data class=\"figure\" value=\"14600\">£14,600k</data> in 2018/19 and <data class=\"figure\" value=\"28900\">£28,900k</data> over the two years; the minimum CCG contribution in 2017/18 is <data class=\"figure\" value=\"14000\">£14,000k</data>.",
            "leaves a balance of <data class=\"figure\" value=\"250\">£250k</data> after expenditure of <data class=\"figure\" value=\"14750\">£14,750k</data>, of which the CCG spent <data class=\"figure\" value=\"11700\">£11,700k</data>.",
            "deduction is <data class=\"figure\" value=\"-2.183\">−£2.183m</data>.",
        ],
    );
}

#[test]
fn a_site_money_style_converts_every_fund_exactly() {
    let s = site("fund-shapes");
    let cfg = s.path().join("content/site.toml");
    let mut text = read(&cfg);
    text.push_str("\n[money]\nstyle = \"£\"\n");
    write_and_build(&s, &cfg, text);
    let html = page(&s, "deduction");
    has(
        &html,
        &[
            "<th scope=\"col\" class=\"num\">Amount (£)</th>",
            "<td class=\"num\" data-value=\"-2183000\">−2,183,000</td>",
            "<td class=\"num\" data-value=\"99221000\">99,221,000</td>",
            "Sources of funds (£99,221,000) equal the application of funds (£99,221,000).",
        ],
    );
    // Shares do not change with the unit.
    assert!(html.contains("data-value=\"-2.2\">−2.2%</td>"));
    // The data files are in the unit of their column headings.
    let csv = read(&s.path().join("output/plans/deduction/flow-sources.csv"));
    assert!(
        csv.starts_with("Source of funds,Body,Amount (£),Share (%)\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\r\nLess: performance fund retained by the CCG,CCG,-2183000,-2.2\r\n"),
        "{csv}"
    );
    check_round_trip(&s.path().join("output"));
}

// ------------------------------------------------------- open data

/// The numeric cells of every data table on a page: table id → rows of
/// (row header, [data-value or None per cell]).
type PageTables = BTreeMap<String, Vec<(String, Vec<Option<String>>)>>;

fn unescape(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn page_tables(html: &str) -> PageTables {
    let mut out = BTreeMap::new();
    for chunk in html.split("<table class=\"data-table\" id=\"").skip(1) {
        let id = chunk.split('"').next().expect("id").to_string();
        let body = chunk.split("</table>").next().expect("table");
        let mut rows = Vec::new();
        for tr in body.split("<tr><th scope=\"row\">").skip(1) {
            let tr = tr.split("</tr>").next().expect("row");
            let header = unescape(tr.split("</th>").next().expect("th"));
            let cells = tr
                .split("<td")
                .skip(1)
                .map(|td| {
                    td.split('>')
                        .next()
                        .and_then(|attrs| attrs.split("data-value=\"").nth(1))
                        .and_then(|v| v.split('"').next())
                        .map(str::to_string)
                })
                .collect();
            rows.push((header, cells));
        }
        out.insert(id, rows);
    }
    out
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// Every table on every plan page has a CSV and a JSON file holding exactly
/// the page's figures (same digits, same decimals).
fn check_round_trip(out: &Path) {
    let mut checked = 0;
    for entry in fs::read_dir(out.join("plans")).expect("plans") {
        let dir = entry.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        let tables = page_tables(&read(&dir.join("index.html")));
        assert!(!tables.is_empty());
        for (id, rows) in &tables {
            let mut csv = csv::Reader::from_path(dir.join(format!("{id}.csv"))).expect("csv");
            let headers: Vec<String> = csv
                .headers()
                .expect("headers")
                .iter()
                .map(str::to_string)
                .collect();
            let records: Vec<csv::StringRecord> =
                csv.records().map(|r| r.expect("record")).collect();
            assert_eq!(records.len(), rows.len(), "{id}: rows");
            let json: serde_json::Value =
                serde_json::from_str(&read(&dir.join(format!("{id}.json")))).expect("json");
            let json_rows: Vec<&serde_json::Value> = json["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .chain(json["totals"].as_array().expect("totals"))
                .collect();
            assert_eq!(json_rows.len(), rows.len(), "{id}: json rows");
            for ((header, cells), (rec, jrow)) in rows.iter().zip(records.iter().zip(json_rows)) {
                assert_eq!(&rec[0], header.as_str(), "{id}");
                assert_eq!(jrow[&headers[0]], header.as_str(), "{id}");
                for (i, cell) in cells.iter().enumerate() {
                    let Some(v) = cell else { continue };
                    let (c, j) = (&rec[i + 1], &jrow[&headers[i + 1]]);
                    assert_eq!(c, v.as_str(), "{id} {header} column {}", headers[i + 1]);
                    assert_eq!(j.as_str(), Some(v.as_str()), "{id} {header} json");
                    assert_eq!(dec(c), dec(v));
                    assert_eq!(dec(c).scale(), dec(v).scale(), "same decimals");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} figures checked");
}

#[test]
fn csv_and_json_round_trip_to_the_page_figures() {
    check_round_trip(&built("fund-shapes").path().join("output"));
    let d = demo_site();
    assert!(plansite(d.path(), &["build"]).status.success());
    check_round_trip(&d.path().join("output"));
}

/// The structure of a Frictionless Tabular Data Package, checked against
/// the files it describes (`frictionless validate` runs in CI as well).
fn check_datapackage(dir: &Path, licence: &str) {
    let v: serde_json::Value =
        serde_json::from_str(&read(&dir.join("datapackage.json"))).expect("datapackage json");
    let name_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._/".contains(c))
    };
    assert_eq!(v["profile"], "tabular-data-package");
    assert!(name_ok(v["name"].as_str().expect("name")));
    assert!(v["title"].is_string());
    let lic = &v["licenses"][0];
    assert_eq!(lic["title"], licence);
    assert!(lic["path"].as_str().expect("path").starts_with("https://"));
    let resources = v["resources"].as_array().expect("resources");
    assert!(!resources.is_empty());
    let mut names = Vec::new();
    for r in resources {
        let name = r["name"].as_str().expect("resource name");
        assert!(name_ok(name), "{name}");
        assert!(!names.contains(&name), "duplicate resource {name}");
        names.push(name);
        assert_eq!(r["profile"], "tabular-data-resource");
        assert_eq!(r["format"], "csv");
        assert_eq!(r["mediatype"], "text/csv");
        assert_eq!(r["encoding"], "utf-8");
        let path = r["path"].as_str().expect("path");
        assert!(!path.contains("..") && !path.starts_with('/'), "{path}");
        let bytes = fs::read(dir.join(path)).expect("resource file");
        assert_eq!(r["bytes"].as_u64(), Some(bytes.len() as u64), "{path}");
        let fields = r["schema"]["fields"].as_array().expect("fields");
        let mut csv = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = csv
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        let field_names: Vec<&str> = fields
            .iter()
            .map(|f| f["name"].as_str().expect("field"))
            .collect();
        assert_eq!(header, field_names, "{path}: header = schema");
        for rec in csv.records() {
            let rec = rec.expect("record");
            for (value, f) in rec.iter().zip(fields) {
                match f["type"].as_str() {
                    Some("number") if !value.is_empty() => {
                        dec(value);
                    }
                    Some("number") | Some("string") => {}
                    other => panic!("{path}: field type {other:?}"),
                }
            }
        }
    }
}

#[test]
fn each_plan_has_a_datapackage_linked_from_its_page_and_the_catalogue() {
    let s = built("fund-shapes");
    let out = s.path().join("output");
    let catalogue = read(&out.join("data/index.html"));
    for plan in [
        "balance",
        "deduction",
        "multi-year",
        "override",
        "subtotals",
    ] {
        let dir = out.join("plans").join(plan);
        check_datapackage(&dir, "Open Government Licence v3.0");
        assert!(page(&s, plan).contains("<a href=\"datapackage.json\" download>"));
        assert!(catalogue.contains(&format!(
            "<a href=\"../plans/{plan}/datapackage.json\" download>"
        )));
    }
    let d = demo_site();
    assert!(plansite(d.path(), &["build"]).status.success());
    for plan in ["kent-bcf-2015-16", "southampton-bcf-2017-19"] {
        check_datapackage(
            &d.path().join("output/plans").join(plan),
            "Open Government Licence v3.0",
        );
    }
}

#[test]
fn the_licence_comes_from_site_toml() {
    let s = site("fund-shapes");
    let cfg = s.path().join("content/site.toml");
    let mut text = read(&cfg);
    text.push_str("\n[open_data]\nlicence = \"Creative Commons Attribution 4.0\"\nlicence_url = \"https://creativecommons.org/licenses/by/4.0/\"\nlicence_id = \"CC-BY-4.0\"\n");
    write_and_build(&s, &cfg, text);
    let o = s.path().join("output");
    check_datapackage(
        &o.join("plans/subtotals"),
        "Creative Commons Attribution 4.0",
    );
    let v: serde_json::Value =
        serde_json::from_str(&read(&o.join("plans/subtotals/datapackage.json"))).expect("json");
    assert_eq!(v["licenses"][0]["name"], "CC-BY-4.0");
    let json: serde_json::Value =
        serde_json::from_str(&read(&o.join("plans/subtotals/contributions.json"))).expect("json");
    assert_eq!(json["licence"], "Creative Commons Attribution 4.0");
    assert!(read(&o.join("data/index.html")).contains(
        "<a href=\"https://creativecommons.org/licenses/by/4.0/\">Creative Commons Attribution 4.0</a>"
    ));
}

#[test]
fn a_line_note_that_starts_with_its_label_is_not_labelled_twice() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/balance.toml");
    let text = read(&plan).replace(
        "  label = \"Community services\"\n",
        "  label = \"Community services\"\n  note = \"Community services: includes respite\"\n",
    );
    let text = text.replace(
        "  label = \"CCG contribution\"\n",
        "  label = \"CCG contribution\"\n  note = \"paid quarterly\"\n",
    );
    write_and_build(&s, &plan, text);
    let html = page(&s, "balance");
    has(
        &html,
        &[
            "<p class=\"table-note\">Community services: includes respite</p>",
            "<p class=\"table-note\">CCG contribution: paid quarterly</p>",
        ],
    );
    assert!(!html.contains("Community services: Community services"));
}

/// A plan for 2017/18 that also reports the 2015/16 out-turn: the out-turn
/// fund gives its own `period`, and its tables, chart, data files, data
/// package and the list of plans say 2015/16, not the plan's 2017/18
/// (regression: every fund of one period was captioned with the plan's).
#[test]
fn a_fund_with_its_own_period_is_captioned_with_it_everywhere() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/two-periods.toml");
    write_and_build(
        &s,
        &plan,
        "title = \"Example BCF 2017/18\"\narea = \"Example\"\nperiod = \"2017/18\"\nunit = \"£000\"\n\n[source]\ndocument = \"Example BCF plan 2017/18\"\n\n[[bodies]]\nid = \"ccg\"\nname = \"Example CCG\"\nshort = \"CCG\"\n\n[[bodies]]\nid = \"council\"\nname = \"Example Council\"\nshort = \"Council\"\n\n[[funds]]\nid = \"outturn\"\ntitle = \"Out-turn\"\nshape = \"lines\"\nperiod = \"2015/16\"\n\n  [[funds.lines]]\n  body = \"ccg\"\n  label = \"CCG\"\n  amount = 900\n\n  [[funds.lines]]\n  body = \"council\"\n  label = \"Council\"\n  amount = 100\n\n[[funds]]\nid = \"plan\"\ntitle = \"Contributions\"\nshape = \"lines\"\n\n  [[funds.lines]]\n  body = \"ccg\"\n  label = \"CCG\"\n  amount = 1000\n",
    );
    let html = page(&s, "two-periods");
    let o = s.path().join("output/plans/two-periods");
    let caption = |html: &str, id: &str| -> String {
        let at = html.find(&format!("id=\"{id}\"")).expect("table");
        let from = at + html[at..].find("<caption").expect("caption");
        let to = from + html[from..].find("</caption>").expect("end");
        html[from..to].to_string()
    };
    assert_eq!(
        caption(&html, "outturn"),
        "<caption>Out-turn: contributions, 2015/16 (£000). Source: Example BCF plan 2017/18."
    );
    assert_eq!(
        caption(&html, "plan"),
        "<caption>Contributions: contributions, 2017/18 (£000). Source: Example BCF plan 2017/18."
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&o.join("outturn.json"))).expect("json");
    assert_eq!(
        json["title"],
        "Out-turn: contributions, 2015/16 (£000). Source: Example BCF plan 2017/18."
    );
    let package: serde_json::Value =
        serde_json::from_str(&read(&o.join("datapackage.json"))).expect("json");
    let titles: Vec<&str> = package["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|r| r["title"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        titles,
        [
            "Out-turn: contributions, 2015/16 (£000). Source: Example BCF plan 2017/18.",
            "Contributions: contributions, 2017/18 (£000). Source: Example BCF plan 2017/18."
        ]
    );
    assert_eq!(
        package["description"],
        "The tables of “Example BCF 2017/18”, 2017/18 (“Out-turn”: 2015/16), as published on this site: every figure exactly as the source gives it or as computed from it."
    );
    let charts: Vec<&str> = html
        .split("<title id=\"")
        .skip(1)
        .map(|t| {
            t.split_once("\">")
                .map_or("", |(_, r)| r)
                .split("</title>")
                .next()
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(charts, ["Contributions by body: Out-turn, 2015/16 (£000)"]);
    assert!(html.contains("<figcaption>Contributions by body: Out-turn, 2015/16 (£000). The same figures are in the table "));
    let index = read(&s.path().join("output/plans/index.html"));
    let item = index
        .lines()
        .find(|l| l.contains("two-periods"))
        .expect("listed");
    assert_eq!(
        item,
        "  <li><a href=\"two-periods/\">Example BCF 2017/18</a> <span class=\"meta\">Example, 2017/18: £1,000k for 2015/16</span></li>"
    );
}

/// A fund's `notes` are shown under its tables on the page, and travel
/// with each table's data: in its JSON `notes` and in the data package's
/// description of its CSV file (regression: the JSON left them out).
#[test]
fn a_funds_notes_are_in_its_tables_json_and_data_package() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/subtotals.toml");
    let text = read(&plan).replace(
        "role = \"contributions\"\n",
        "role = \"contributions\"\nnotes = [\"Figures as printed in the month 9 report.\", \"The Improved Better Care Fund is paid quarterly.\"]\n",
    );
    write_and_build(&s, &plan, text);
    let html = page(&s, "subtotals");
    has(
        &html,
        &[
            "<p class=\"table-note\">Figures as printed in the month 9 report.</p>",
            "<p class=\"table-note\">The Improved Better Care Fund is paid quarterly.</p>",
        ],
    );
    let o = s.path().join("output/plans/subtotals");
    let rounding =
        "Shares are rounded to one decimal place, so they add up to 100.1% rather than 100.0%.";
    let fund_notes = [
        "Figures as printed in the month 9 report.",
        "The Improved Better Care Fund is paid quarterly.",
    ];
    let json_notes = |table: &str| -> serde_json::Value {
        let json: serde_json::Value =
            serde_json::from_str(&read(&o.join(format!("{table}.json")))).expect("json");
        json["notes"].clone()
    };
    assert_eq!(
        json_notes("contributions"),
        serde_json::json!([rounding, fund_notes[0], fund_notes[1]])
    );
    assert_eq!(
        json_notes("contributions-by-body"),
        serde_json::json!(fund_notes)
    );
    let package: serde_json::Value =
        serde_json::from_str(&read(&o.join("datapackage.json"))).expect("json");
    let described: Vec<(&str, &str)> = package["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap_or_default(),
                r["description"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            ("contributions", "Shares are rounded to one decimal place, so they add up to 100.1% rather than 100.0%. Figures as printed in the month 9 report. The Improved Better Care Fund is paid quarterly."),
            ("contributions-by-body", "Figures as printed in the month 9 report. The Improved Better Care Fund is paid quarterly."),
        ]
    );
    check_datapackage(&o, "Open Government Licence v3.0");
}

/// A year written in the wrong form or place (`year=2015/16` for a fund
/// whose years are 2017/18 and 2018/19, `year=2018-19` for 2018/19, the
/// year before the measure or with spaces, a year on a fund of one period,
/// a year without quotes in a plan) is answered with exactly what to
/// write (regression: the figure shortcode's hint listed every measure,
/// a condition's listed every field, and TOML's gave none).
#[test]
fn a_year_in_the_wrong_form_or_place_says_exactly_what_to_write() {
    let paper = "content/boards/example-hwb/2017-07-19/bcf-plan.md";
    let plan = "content/plans/multi-year.toml";
    let cases = [
        (paper, "group ccg year=2018/19", "group ccg year=2015/16",
         "content/boards/example-hwb/2017-07-19/bcf-plan.md:19:25: error: fund \"contributions\" has no year \"2015/16\" (its years: 2017/18, 2018/19)",
         "for one year write {{ figure multi-year contributions group ccg year=2017/18 }} or {{ figure multi-year contributions group ccg year=2018/19 }}; for all years together, {{ figure multi-year contributions group ccg }}"),
        (paper, "group ccg year=2018/19", "group ccg year=2018-19",
         "content/boards/example-hwb/2017-07-19/bcf-plan.md:19:25: error: fund \"contributions\" has no year \"2018-19\" (its years: 2017/18, 2018/19)",
         "write the year as the fund does, year=2018/19: {{ figure multi-year contributions group ccg year=2018/19 }}"),
        (paper, "group ccg year=2018/19", "year=2018/19 group ccg",
         "content/boards/example-hwb/2017-07-19/bcf-plan.md:19:25: error: `year` in a figure is one word at its end: year=2018/19",
         "write {{ figure multi-year contributions group ccg year=2018/19 }}"),
        (paper, "group ccg year=2018/19", "group ccg year = 2018/19",
         "content/boards/example-hwb/2017-07-19/bcf-plan.md:19:25: error: `year` in a figure is one word at its end: year=2018/19",
         "write {{ figure multi-year contributions group ccg year=2018/19 }}"),
        // A fund of one period (the plan's 2016/17): a year that is not its
        // period names no figure of it (was ignored: the 2016/17 figure
        // was shown as 2015/16's).
        (paper, "{{ figure balance outturn balance }}", "{{ figure balance outturn balance year=2015/16 }}",
         "content/boards/example-hwb/2017-07-19/bcf-plan.md:21:37: error: fund \"outturn\" is for 2016/17, not by year: it has no figure for \"2015/16\"",
         "leave year= out for the fund's figure for 2016/17: {{ figure balance outturn balance }}; a figure for 2015/16 comes from a fund for 2015/16"),
        (plan, "  year = \"2017/18\"\n  contribution", "  year = \"2017-18\"\n  contribution",
         "content/plans/multi-year.toml:89:18: error: cannot take this figure from the fund: fund \"contributions\" has no year \"2017-18\" (its years: 2017/18, 2018/19)",
         "write the year as fund \"contributions\" does: year = \"2017/18\" in the condition"),
        (plan, "previous_year = \"2017/18\"\n  previous = 5000", "previous_year = \"2016/17\"\n  previous = { fund = \"contributions\", line = \"Minimum CCG contribution\" }",
         "content/plans/multi-year.toml:100:14: error: cannot take this figure from the fund: fund \"contributions\" has no year \"2016/17\" (its years: 2017/18, 2018/19)",
         "fund \"contributions\" has figures for 2017/18 and 2018/19: write previous_year = \"2017/18\" or previous_year = \"2018/19\" in the condition, or take the figure from a fund for 2016/17"),
        (plan, "  year = \"2017/18\"\n  contribution", "  year=2015/16\n  contribution",
         "content/plans/multi-year.toml:88:8: error: 2015/16 is a year or period written without quotes",
         "a year or period is text, in quotes: write year = \"2015/16\""),
        // In one step, as the fund's years write the year (was "write
        // year = \"2017-18\"", then "write the year as fund
        // \"contributions\" does"); a year that is no year says so.
        (plan, "  year = \"2017/18\"\n  contribution", "  year = 2017-18\n  contribution",
         "content/plans/multi-year.toml:88:10: error: 2017-18 is a year or period written without quotes",
         "a year or period is text, in quotes, as the fund's years write it: write year = \"2017/18\""),
        (plan, "  year = \"2017/18\"\n  contribution", "  year = 2015/99\n  contribution",
         "content/plans/multi-year.toml:88:10: error: \"2015/99\" is not a year",
         "a financial year is written with the year it ends in: write year = \"2015/16\" (April 2015 to March 2016)"),
        (plan, "  year = \"2017/18\"\n  contribution", "  year = 2015/17\n  contribution",
         "content/plans/multi-year.toml:88:10: error: \"2015/17\" is not one year",
         "a financial year is written with the year it ends in: write year = \"2015/16\" (April 2015 to March 2016), year = \"2016/17\" (April 2016 to March 2017) or year = \"2015-17\" (the years together)"),
        (plan, "  year = \"2017/18\"\n  contribution", "  year = 2017\n  contribution",
         "content/plans/multi-year.toml:88:10: error: 2017 is a year or period written without quotes",
         "a year or period is text, in quotes: write year = \"2017\""),
        (plan, "amounts = { \"2017/18\" = 14000,", "amounts = { 2017/18 = 14000,",
         "content/plans/multi-year.toml:41:19: error: 2017/18 is a year or period written without quotes",
         "a year used as a key is written in quotes: write \"2017/18\" = …"),
    ];
    for (file, from, to, first, help) in cases {
        let s = site("fund-shapes");
        let path = s.path().join(file);
        let text = read(&path);
        assert!(text.contains(from), "{file}: {from}");
        fs::write(&path, text.replacen(from, to, 1)).expect("write");
        let out = plansite(s.path(), &["check"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{to}:\n{err}");
        assert_eq!(err.lines().next(), Some(first), "{to}:\n{err}");
        let block = err.split("\n\n").next().unwrap_or_default();
        let hint = block
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("= help: "));
        assert_eq!(hint, Some(help), "{to}:\n{err}");
    }
    // Written right, quoted or not, and a year that is a one-period fund's
    // own period: the figure as before.
    let s = site("fund-shapes");
    let path = s.path().join(paper);
    let text = read(&path)
        .replacen("group ccg year=2018/19", "group ccg year=\"2018/19\"", 1)
        .replacen(
            "{{ figure balance outturn balance }}",
            "{{ figure balance outturn balance year=2016/17 }}",
            1,
        );
    write_and_build(&s, &path, text);
    let html = read(
        &s.path()
            .join("output/boards/example-hwb/2017-07-19/bcf-plan/index.html"),
    );
    has(
        &html,
        &[
            "The CCG contributes <data class=\"figure\" value=\"14600\">£14,600k</data> in 2018/19",
            "The outturn leaves a balance of <data class=\"figure\" value=\"250\">£250k</data> after",
        ],
    );
}

/// An unknown unit on a fund (or a plan) is one mistake: a paper citing
/// the plan that types one of its figures (£14,300k, the CCG's 2017/18
/// subtotal) is not also warned that the figure "matches no figure in the
/// plan data" (regression: the fund left out for its unit took its figures
/// with it, and the typed figure was reported as a knock-on warning).
#[test]
fn an_unknown_unit_is_reported_alone_not_with_a_typed_figure_warning() {
    let paper = "content/boards/example-hwb/2017-07-19/bcf-plan.md";
    let plan = "content/plans/multi-year.toml";
    for (from, to, first) in [
        (
            "shape = \"lines\"\nyears",
            "shape = \"lines\"\nunit = \"£k\"\nyears",
            "content/plans/multi-year.toml:27:8: error: unknown unit \"£k\"",
        ),
        (
            "unit = \"£000\"",
            "unit = \"£k\"",
            "content/plans/multi-year.toml:7:8: error: unknown unit \"£k\"",
        ),
    ] {
        let s = site("fund-shapes");
        let p = s.path().join(paper);
        let text = read(&p).replacen(
            "1.1 The CCG contributes",
            "1.1 The CCG gives £14,300k in 2017/18. The CCG contributes",
            1,
        );
        fs::write(&p, text).expect("write");
        let path = s.path().join(plan);
        let text = read(&path);
        assert!(text.contains(from), "{from}");
        fs::write(&path, text.replacen(from, to, 1)).expect("write");
        let out = plansite(s.path(), &["check"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.lines().next(), Some(first), "{err}");
        // The other warning is site.toml's (no [accessibility]).
        assert!(err.contains("\n1 error, 1 warning\n"), "{err}");
        assert!(!err.contains("is typed in the text"), "{err}");
        // Put right, the typed figure is the plan's: no warning either.
        fs::write(&path, text).expect("write");
        let out = plansite(s.path(), &["check"]);
        let err = stderr(&out);
        assert!(out.status.success(), "{err}");
        assert!(err.contains("\n0 errors, 1 warning\n"), "{err}");
    }
}

/// A national condition that takes a figure for one year from a fund of
/// one period for another (last year's social care spending, 2015/16,
/// from the 2016/17 out-turn) is an error, not that fund's figure quietly
/// assessed as the other year's (regression: a fund of one period ignored
/// the year).
#[test]
fn a_condition_never_takes_a_figure_for_one_year_from_a_fund_for_another() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/balance.toml");
    let mut text = read(&plan);
    text.push_str("\n[conditions]\n  [[conditions.social_care]]\n  year = \"2017/18\"\n  previous_year = \"2015/16\"\n  previous = { fund = \"outturn\", measure = \"expenditure\" }\n  current = 16000\n  inflation_percent = 1.79\n");
    fs::write(&plan, &text).expect("write");
    let out = plansite(s.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let block = err.split("\n\n").next().unwrap_or_default();
    assert_eq!(
        block,
        "content/plans/balance.toml:74:14: error: cannot take this figure from the fund: fund \"outturn\" is for 2016/17, not by year: it has no figure for \"2015/16\"
   |
74 |   previous = { fund = \"outturn\", measure = \"expenditure\" }
   |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
   = help: take the figure from a fund for 2015/16, or write the figure itself; if 2016/17 is the year meant, write previous_year = \"2016/17\" in the condition",
        "{err}"
    );
    // The fund's own year: its figure, as before.
    write_and_build(
        &s,
        &plan,
        text.replace("previous_year = \"2015/16\"", "previous_year = \"2016/17\""),
    );
}

/// "Is this year that fund's period" is one rule for conditions and
/// shortcodes (`content::same_period`). Two copies of it disagreed: a
/// condition took a figure for 2017/18 from a fund for the two years
/// 2017-19 (a year that names no single period was not compared), where a
/// shortcode refused it; and both refused a 2016/17 figure from a fund
/// whose period is written as its months, 2016-04..2017-03.
#[test]
fn a_condition_takes_a_year_from_a_fund_of_one_period_only_when_it_is_that_period() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/override.toml");
    let text = read(&plan).replacen(
        "[[conditions.minimum_contribution]]\n",
        "[[conditions.minimum_contribution]]\n  year = \"2017/18\"\n",
        1,
    );
    fs::write(&plan, &text).expect("write");
    let out = plansite(s.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let block = err.split("\n\n").next().unwrap_or_default();
    assert_eq!(
        block,
        "content/plans/override.toml:49:18: error: cannot take this figure from the fund: fund \"pooled-fund\" is for 2017-19, not by year: it has no figure for \"2017/18\"
   |
49 |   contribution = { fund = \"pooled-fund\", measure = \"total\" }
   |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
   = help: take the figure from a fund for 2017/18, or write the figure itself; if 2017-19 is the year meant, write year = \"2017-19\" in the condition",
        "{err}"
    );
    // The same months however written: the fund's figure.
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/balance.toml");
    let mut text = read(&plan).replacen("period = \"2016/17\"", "period = \"2016-04..2017-03\"", 1);
    text.push_str("\n[conditions]\n  [[conditions.social_care]]\n  year = \"2017/18\"\n  previous_year = \"2016/17\"\n  previous = { fund = \"outturn\", measure = \"expenditure\" }\n  current = 16000\n  inflation_percent = 1.79\n");
    write_and_build(&s, &plan, text);
}

/// A shortcode and a national condition asking a fund of one period for
/// another year get the same message: the lookup knows the fund's period
/// (`calc::fund::period_index`) and both word their hints from its error.
/// The copies disagreed: the messages differed, and a condition took the
/// figure of a fund whose period neither it nor its plan gives, for any
/// year, where the shortcode refused it.
#[test]
fn a_shortcode_and_a_condition_give_the_same_message_for_a_year_a_fund_is_not_for() {
    let paper = "content/boards/example-hwb/2017-07-19/bcf-plan.md";
    // (the plan's period as changed, the year asked for, the message)
    let cases = [
        (
            "period = \"2016/17\"",
            "2015/16",
            "fund \"outturn\" is for 2016/17, not by year: it has no figure for \"2015/16\"",
        ),
        (
            "",
            "2016/17",
            "fund \"outturn\" is for one period, not by year, and neither it nor its plan says which: its figure cannot be checked to be for \"2016/17\"",
        ),
    ];
    for (period, year, message) in cases {
        let s = site("fund-shapes");
        let path = s.path().join(paper);
        let text = read(&path).replacen(
            "{{ figure balance outturn balance }}",
            &format!("{{{{ figure balance outturn balance year={year} }}}}"),
            1,
        );
        fs::write(&path, text).expect("write");
        let plan = s.path().join("content/plans/balance.toml");
        let mut text = read(&plan).replacen("period = \"2016/17\"", period, 1);
        text.push_str(&format!("\n[conditions]\n  [[conditions.social_care]]\n  year = \"2017/18\"\n  previous_year = \"{year}\"\n  previous = {{ fund = \"outturn\", measure = \"balance\" }}\n  current = 16000\n  inflation_percent = 1.79\n"));
        fs::write(&plan, &text).expect("write");
        let out = plansite(s.path(), &["check"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let firsts: Vec<&str> = err
            .split("\n\n")
            .filter_map(|b| b.lines().next())
            .filter(|l| l.contains(": error: "))
            .collect();
        assert_eq!(
            firsts,
            [
                format!("content/boards/example-hwb/2017-07-19/bcf-plan.md:21:37: error: {message}"),
                format!("content/plans/balance.toml:74:14: error: cannot take this figure from the fund: {message}"),
            ],
            "{err}"
        );
    }
}

/// A quoted shortcode argument is one word, spaces, `=` and all: a line
/// whose label says "full year = 12 months" is that line (was read as
/// `year = 12`), with year="2017/18" after it. A quote left open is a
/// clerk's error at the shortcode, not a figure looked up by half a label.
#[test]
fn a_quoted_shortcode_argument_keeps_its_spaces_and_an_open_quote_is_reported() {
    let paper = "content/boards/example-hwb/2017-07-19/bcf-plan.md";
    let label = "Minimum CCG contribution: full year = 12 months";
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/multi-year.toml");
    let text = read(&plan).replace("\"Minimum CCG contribution\"", &format!("\"{label}\""));
    fs::write(&plan, text).expect("write");
    let path = s.path().join(paper);
    let text = read(&path).replacen(
        "line Minimum CCG contribution year=2017/18",
        &format!("line \"{label}\" year=\"2017/18\""),
        1,
    );
    write_and_build(&s, &path, &text);
    let html = read(
        &s.path()
            .join("output/boards/example-hwb/2017-07-19/bcf-plan/index.html"),
    );
    has(
        &html,
        &["the minimum CCG contribution in 2017/18 is <data class=\"figure\" value=\"14000\">£14,000k</data>."],
    );
    fs::write(
        &path,
        text.replacen("group ccg year=2018/19", "group ccg year=\"2018/19", 1),
    )
    .expect("write");
    let out = plansite(s.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let block = err.split("\n\n").next().unwrap_or_default();
    assert_eq!(
        block.lines().next(),
        Some("content/boards/example-hwb/2017-07-19/bcf-plan.md:19:25: error: a quote in this shortcode is not closed: \"2018/19"),
        "{err}"
    );
    assert_eq!(
        block.lines().last(),
        Some("   = help: close it with \": a quoted argument keeps its spaces, e.g. year=\"Outturn 2016/17\" or line \"Protection of social care\""),
        "{err}"
    );
}

/// A plan's `period` captions its funds' tables: written empty it was an
/// empty caption, and written as a year that is no year it was published
/// as written. Both are errors with what to write; a period of several
/// years is fine.
#[test]
fn a_plans_period_is_not_empty_and_not_a_year_that_is_no_year() {
    let cases = [
        (
            "period = \"\"",
            "content/plans/balance.toml:5:10: error: the plan's `period` is empty",
            "write the period the plan is for, as the source writes it (period = \"2017/18\", or \"2017-19\" for two years), or leave `period` out",
        ),
        (
            "period = \"   \"",
            "content/plans/balance.toml:5:10: error: the plan's `period` is empty",
            "write the period the plan is for, as the source writes it (period = \"2017/18\", or \"2017-19\" for two years), or leave `period` out",
        ),
        (
            "period = \"2017/19\"",
            "content/plans/balance.toml:5:10: error: the plan's period \"2017/19\" is not one year",
            "a financial year is written with the year it ends in: write period = \"2017/18\" (April 2017 to March 2018), period = \"2018/19\" (April 2018 to March 2019) or period = \"2017-19\" (the years together)",
        ),
        (
            "period = \"2016/99\"",
            "content/plans/balance.toml:5:10: error: the plan's period \"2016/99\" is not a year",
            "a financial year is written with the year it ends in: write period = \"2016/17\" (April 2016 to March 2017)",
        ),
    ];
    for (to, first, help) in cases {
        let s = site("fund-shapes");
        let plan = s.path().join("content/plans/balance.toml");
        fs::write(&plan, read(&plan).replacen("period = \"2016/17\"", to, 1)).expect("write");
        let out = plansite(s.path(), &["check"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{to}:\n{err}");
        let block = err.split("\n\n").next().unwrap_or_default();
        assert_eq!(block.lines().next(), Some(first), "{to}:\n{err}");
        let hint = block
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("= help: "));
        assert_eq!(hint, Some(help), "{to}:\n{err}");
    }
    // Several years, however written: the caption as written.
    for period in ["2017-19", "2017 to 2019"] {
        let s = site("fund-shapes");
        let plan = s.path().join("content/plans/balance.toml");
        write_and_build(
            &s,
            &plan,
            read(&plan).replacen("period = \"2016/17\"", &format!("period = \"{period}\""), 1),
        );
        has(
            &page(&s, "balance"),
            &[&format!("<caption>Pooled fund outturn: income, {period} (£000). Source: Example outturn report, Appendix B.</caption>")],
        );
    }
}

/// A plan with no `unit` says that its funds were not checked (a tester's
/// site, /tmp/trial/err4): every figure is read in the plan's unit, so
/// none can be. Regression: serde's 'missing field "unit"' alone, with the
/// plan's other mistakes (a wrong override) hidden without a word.
#[test]
fn a_plan_with_no_unit_says_its_funds_were_not_checked() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/multi-year.toml");
    let text = read(&plan);
    let line = text
        .lines()
        .find(|l| l.starts_with("unit = "))
        .expect("unit line")
        .to_string();
    fs::write(&plan, text.replacen(&format!("{line}\n"), "", 1)).expect("write");
    let out = plansite(s.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        ["content/plans/multi-year.toml:1:1: error: the plan has no `unit`: its 2 funds were not checked"],
        "{err}"
    );
    let hint = err
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= help: "));
    assert_eq!(
        hint,
        Some("say what the plan's figures are in, as the source prints them: unit = \"£\" (pounds), \"£000\" (thousands of pounds) or \"£m\" (millions of pounds); then build again to check the figures"),
        "{err}"
    );
}

/// A tester's capital monitoring table, revised budget beside forecast
/// outturn for one year, was published with a "Total, all years" column
/// adding the budget to the forecast (£22,653k, a figure that exists
/// nowhere), shares of it, a chart of it and the plans list headlining it.
/// Columns that are not successive years are not added up.
#[test]
fn a_budget_beside_its_forecast_is_not_added_up_as_if_two_years() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let toml = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"))
        .replace(
            "years = [\"Budget\", \"Outturn\"]",
            "years = [\"Revised budget 2017/18\", \"Forecast outturn 2017/18\"]\nyears_order = \"as-written\"",
        )
        .replace(
            "amounts = { \"Budget\" = 100, \"Outturn\" = 90 }",
            "amounts = { \"Revised budget 2017/18\" = 100, \"Forecast outturn 2017/18\" = 90 }",
        );
    assert!(toml.contains("Forecast outturn 2017/18\" = 90"), "{toml}");
    write_and_build(&s, &plan, &toml);
    let html = page(&s, "budget-outturn");
    let t = text(&html);
    assert!(
        t.contains("Revised budget 2017/18 (£000) Forecast outturn 2017/18 (£000) Change Revised budget 2017/18 to Forecast outturn 2017/18 (£000) Change Revised budget 2017/18 to Forecast outturn 2017/18 (%) CCG 100 90 −10 −10.0%"),
        "{t}"
    );
    for absent in ["all years", "190", "Share", "<svg"] {
        assert!(!html.contains(absent), "{absent} in {html}");
    }
    let csv = read(
        &s.path()
            .join("output/plans/budget-outturn/contributions.csv"),
    );
    assert!(csv.contains("\r\nCCG,100,90,-10,-10.0\r\n"), "{csv}");
    let plans = read(&s.path().join("output/plans/index.html"));
    assert!(!plans.contains("190"), "{plans}");
    // Successive years still add up.
    let by_year = page(&s, "multi-year");
    assert!(by_year.contains("Total, all years"), "{by_year}");
}

/// The plan `budget-outturn` of fund-shapes with the fund's columns
/// The fund-shapes site's paper, and its text with `plan` added to the
/// plans it cites (so that its figures may be typed in it).
fn paper_citing(s: &tempfile::TempDir, plan: &str) -> (std::path::PathBuf, String) {
    let paper = s
        .path()
        .join("content/boards/example-hwb/2017-07-19/bcf-plan.md");
    let text = read(&paper).replace("\"cash\"]", &format!("\"cash\", \"{plan}\"]"));
    assert!(text.contains(&format!("\"{plan}\"]")), "{text}");
    (paper, text)
}

/// `years` (each line's amounts 100, 90, … in turn), built; its page.
fn with_columns(s: &tempfile::TempDir, years: &[&str], extra: &str) -> String {
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let quoted: Vec<String> = years.iter().map(|y| format!("\"{y}\"")).collect();
    let amounts: Vec<String> = years
        .iter()
        .zip([100, 90, 80])
        .map(|(y, v)| format!("\"{y}\" = {v}"))
        .collect();
    let toml = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"))
        .replace(
            "years = [\"Budget\", \"Outturn\"]",
            &format!("years = [{}]{extra}", quoted.join(", ")),
        )
        .replace(
            "amounts = { \"Budget\" = 100, \"Outturn\" = 90 }",
            &format!("amounts = {{ {} }}", amounts.join(", ")),
        );
    write_and_build(s, &plan, &toml);
    page(s, "budget-outturn")
}

/// A reviewer found two forecasts of the same money ("Forecast outturn Q2
/// 2024/25", "Forecast outturn Q3 2024/25") and two balances at successive
/// year ends still added up into a "Total, all years": each label names a
/// period, each after the one before, but they are measures, not
/// successive years' flows. Only columns that are bare periods are added
/// up; a single column keeps its total and shares as before.
#[test]
fn labelled_columns_are_not_added_up_and_a_single_column_keeps_its_total() {
    let s = site("fund-shapes");
    for years in [
        ["Forecast outturn Q2 2024/25", "Forecast outturn Q3 2024/25"],
        ["Balance at 31 March 2024", "Balance at 31 March 2025"],
        ["Outturn 2023/24", "Budget 2024/25"],
    ] {
        let html = with_columns(&s, &years, "");
        let t = text(&html);
        assert!(
            t.contains(&format!(
                "{a} (£000) {b} (£000) Change {a} to {b} (£000) Change {a} to {b} (%) CCG 100 90 −10 −10.0%",
                a = years[0],
                b = years[1]
            )),
            "{t}"
        );
        for absent in ["all years", "190", "Share", "<svg"] {
            assert!(!html.contains(absent), "{absent} in {years:?}: {html}");
        }
    }
    // Bare successive periods are added up.
    for years in [["2024/25", "2025/26"], ["Q2 2024/25", "Q3 2024/25"]] {
        let t = text(&with_columns(&s, &years, ""));
        assert!(
            t.contains(&format!(
                "{a} (£000) {b} (£000) Total, all years (£000) Change {a} to {b} (£000) Change {a} to {b} (%) Share of all years (%) CCG 100 90 190 −10 −10.0% 100.0%",
                a = years[0],
                b = years[1]
            )),
            "{t}"
        );
    }
    // One column, labelled or not: its total is that column.
    for years in [["Outturn 2024/25"], ["Budget"]] {
        let t = text(&with_columns(&s, &years, ""));
        assert!(
            t.contains(&format!(
                "{a} (£000) Total, all years (£000) Share of all years (%) CCG 100 100 100.0%",
                a = years[0]
            )),
            "{t}"
        );
    }
}

/// A reviewer found a stated total across all columns still checked
/// against a sum that is never published, on a fund whose columns are not
/// added up (a budget beside its forecast): a mistyped one failed the
/// build with a difference from that sum, a right one was quoted in the
/// "Checked" list. It is now an error at the stated figure.
#[test]
fn a_stated_total_across_columns_that_are_not_added_up_is_an_error() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let toml = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"))
        .replace(
            "years = [\"Budget\", \"Outturn\"]",
            "years = [\"Revised budget 2024/25\", \"Forecast outturn 2024/25\"]\nyears_order = \"as-written\"",
        )
        .replace(
            "amounts = { \"Budget\" = 100, \"Outturn\" = 90 }",
            "amounts = { \"Revised budget 2024/25\" = 100, \"Forecast outturn 2024/25\" = 90 }\n  total = 190\n\n  [funds.stated]\n  total = { \"Revised budget 2024/25\" = 100, total = 190 }",
        );
    fs::write(&plan, toml).expect("write");
    let out = plansite(s.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    let ours: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("budget-outturn.toml:") || l.starts_with("   = help: remove"))
        .collect();
    let why = "error: this fund's columns are not added up (\"Revised budget 2024/25\" and \"Forecast outturn 2024/25\" are not successive years), so";
    assert_eq!(
        ours,
        [
            format!(
                "content/plans/budget-outturn.toml:26:11: {why} no line has a total across them"
            ),
            "   = help: remove the line's `total`".to_string(),
            format!("content/plans/budget-outturn.toml:29:53: {why} it has no all-years total"),
            "   = help: remove `total`".to_string(),
        ],
        "{err}"
    );
}

/// A balance fund whose columns are a budget and its forecast for one year
/// (not added up), its expenditure added up from subtotals as printed, one
/// of them kept as printed; cited by the fund-shapes paper, whose
/// paragraph 1.5 is `para`. Built: the site.
fn budget_and_forecast_cash(para: &str) -> tempfile::TempDir {
    let s = site("fund-shapes");
    let plan = r#"# Made up for the tests: a budget beside its forecast for one year.
title = "Example pooled fund budget and forecast 2024/25"
area = "Example"
period = "2024/25"
unit = "£000"

[source]
document = "Example monitoring report"

[[bodies]]
id = "ccg"
name = "Example CCG"
short = "CCG"

[[funds]]
id = "cash"
title = "Pooled fund budget and forecast"
shape = "balance"
years = ["Budget 2024/25", "Forecast 2024/25"]
years_order = "as-written"
totals_from = "printed-subtotals"

  [[funds.income]]
  body = "ccg"
  label = "CCG contribution"
  amounts = { "Budget 2024/25" = 8000, "Forecast 2024/25" = 8000 }

  [[funds.groups]]
  id = "ccg-spend"
  body = "ccg"
  label = "Spent by the CCG"
  subtotal = { "Budget 2024/25" = { override = 6001, difference = 1, reason = "Printed 6,001; its lines add up to 6,000." }, "Forecast 2024/25" = 6200 }

  [[funds.expenditure]]
  group = "ccg-spend"
  label = "Community services"
  amounts = { "Budget 2024/25" = 4000, "Forecast 2024/25" = 4100 }

  [[funds.expenditure]]
  group = "ccg-spend"
  label = "Mental health"
  amounts = { "Budget 2024/25" = 2000, "Forecast 2024/25" = 2100 }
"#;
    fs::write(s.path().join("content/plans/budget-forecast.toml"), plan).expect("write");
    let (paper, text) = paper_citing(&s, "budget-forecast");
    fs::write(&paper, format!("{text}\n1.5 {para}\n")).expect("write");
    let out = plansite(s.path(), &["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    fs::write(s.path().join("build-stderr.txt"), stderr(&out)).expect("write");
    s
}

/// A reviewer found two sums of a budget and its forecast still used on
/// a fund whose columns are not added up: the note under a table added up
/// from printed subtotals compared the lines and the total over both
/// columns ("The lines add up to £12,200k; the total differs from that by
/// £1k"), and a paper's text typing the budget plus the forecast (£16,000k
/// of income) was taken to match a plan figure. Now the note compares each
/// column, and such a sum matches nothing.
#[test]
fn sums_across_columns_that_are_not_added_up_are_in_no_note_and_match_no_text() {
    let s = budget_and_forecast_cash(
        "Income is £16,000k over the budget and forecast; the forecast balance is £1,800k.",
    );
    let html = page(&s, "budget-forecast");
    has(&html, &["The total adds up the subtotals as the source prints them, as the source itself did. In Budget 2024/25, the lines add up to £6,000k; the total differs from that by £1k."]);
    for absent in ["12,200", "12,201", "16,000"] {
        assert!(!html.contains(absent), "{absent} in {html}");
    }
    let err = read(&s.path().join("build-stderr.txt"));
    assert!(
        err.contains("warning: £16,000k is typed in the text but matches no figure in the plan data this paper cites"),
        "{err}"
    );
    assert!(!err.contains("£1,800k is typed"), "{err}");
}

/// A reviewer found that 403d5ba lost the "Checked" sentences of a fund
/// whose columns are not added up: a balance fund's "Income of … less
/// expenditure of … leaves a balance of …" and a flow's "Sources of funds
/// equal the application of funds" were said only over all years, which
/// such a fund has not, so they were not said at all. Now each column is.
#[test]
fn a_balance_and_a_flow_whose_columns_are_not_added_up_are_checked_in_each_column() {
    let s = budget_and_forecast_cash("The forecast balance is £1,800k.");
    has(
        &page(&s, "budget-forecast"),
        &[
            "<strong class=\"tag tag--met\">Checked</strong> Budget 2024/25: income of £8,000k less expenditure of £6,001k leaves a balance of £1,999k: income is more than expenditure. Forecast 2024/25: income of £8,000k less expenditure of £6,200k leaves a balance of £1,800k: income is more than expenditure.</li>",
        ],
    );
    let plan = s.path().join("content/plans/unbalanced-by-year.toml");
    let text = read(&plan)
        .replace("\"2016/17\"", "\"Budget\"")
        .replace("\"2017/18\"", "\"Forecast\"")
        .replace(
            "years = [\"Budget\", \"Forecast\"]",
            "years = [\"Budget\", \"Forecast\"]\nyears_order = \"as-written\"",
        )
        .replace(
            "amounts = { \"Budget\" = 98, \"Forecast\" = 102 }",
            "amounts = { \"Budget\" = 100, \"Forecast\" = 100 }",
        )
        .replace(
            "applications = { \"Budget\" = 98, \"Forecast\" = 102, total = 200 }",
            "applications = { \"Budget\" = 100, \"Forecast\" = 100 }",
        )
        .replace(", total = 200 }", " }");
    write_and_build(&s, &plan, without_line(&text, "unbalanced = "));
    let html = page(&s, "unbalanced-by-year");
    has(
        &html,
        &["<strong class=\"tag tag--met\">Checked</strong> Sources of funds equal the application of funds in each column: Budget £100k, Forecast £100k."],
    );
    assert!(!html.contains("£200k"), "{html}");
}

/// The tester's standard council layout, an approved budget, the carry
/// forward from the year before and the revised budget, was refused ("years
/// are not in order", with a hint to reorder the printed columns), and
/// years_order = "as-written" was then "not needed"; with the year taken
/// out of the label the page showed "Change Approved budget 2025/26 to
/// Carry forward −3,566 (−74.3%)". Columns labelled with more than their
/// period may be kept as printed, out of time order, with as-written: the
/// table shows them so, with no changes between them and no total.
#[test]
fn a_carry_forward_between_a_budget_and_its_revision_is_published_as_printed() {
    let years = [
        "Approved budget 2025/26",
        "Carry forward from 2024/25",
        "Revised budget 2025/26",
    ];
    let s = site("fund-shapes");
    let html = with_columns(&s, &years, "\nyears_order = \"as-written\"");
    let t = text(&html);
    assert!(
        t.contains("Approved budget 2025/26 (£000) Carry forward from 2024/25 (£000) Revised budget 2025/26 (£000) CCG 100 90 80"),
        "{t}"
    );
    for absent in ["Change", "all years", "270", "Share", "<svg"] {
        assert!(!html.contains(absent), "{absent} in {html}");
    }
    let csv = read(
        &s.path()
            .join("output/plans/budget-outturn/contributions.csv"),
    );
    assert!(csv.contains("\r\nCCG,100,90,80\r\n"), "{csv}");

    // Without years_order: the hint keeps the printed order.
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let toml = read(&plan).replace("years_order = \"as-written\"\n", "");
    fs::write(&plan, &toml).expect("write");
    let out = plansite(s.path(), &["check"]);
    let err = stderr(&out);
    assert!(err.contains("content/plans/budget-outturn.toml:19:37: error: years are not in order: \"Carry forward from 2024/25\" is listed after the later \"Approved budget 2025/26\""), "{err}");
    assert!(err.contains("   = help: if the source prints the columns in this order (a budget, the carry forward from the year before, the revised budget), keep them so and say so on the fund with years_order = \"as-written\": the table shows them as printed, with no changes between them\n"), "{err}");
    assert!(!err.contains("list the years earliest first"), "{err}");

    // A change stated between such columns is an error at it.
    let toml = toml
        .replace("years = [", "years_order = \"as-written\"\nyears = [")
        .replace("\"Revised budget 2025/26\" = 80 }", "\"Revised budget 2025/26\" = 80 }\n  change = { \"Carry forward from 2024/25\" = -10, \"Revised budget 2025/26\" = -10 }");
    fs::write(&plan, &toml).expect("write");
    let err = stderr(&plansite(s.path(), &["check"]));
    assert!(err.contains("content/plans/budget-outturn.toml:26:12: error: this fund's columns are kept in the order printed, not in the order of their periods (years_order = \"as-written\"), so no changes between them are shown\n"), "{err}");
    assert!(err.contains("   = help: remove `change`\n"), "{err}");
}

/// The tester's "The forecast underspend of £2,567k" was warned as
/// matching no plan figure although the table shows that change (−2,567)
/// between the budget and the forecast: a variance is worded without its
/// sign. A change the table shows now matches typed either way; a figure
/// that is no change still does not.
#[test]
fn a_variance_typed_without_its_sign_matches_the_change_the_table_shows() {
    let s = site("fund-shapes");
    let (paper, text) = paper_citing(&s, "budget-outturn");
    fs::write(
        &paper,
        format!("{text}\n1.5 The forecast underspend is £10k (a fall of −£10k), not £20k.\n"),
    )
    .expect("write");
    with_columns(
        &s,
        &["Revised budget 2024/25", "Forecast outturn 2024/25"],
        "\nyears_order = \"as-written\"",
    );
    let err = stderr(&plansite(s.path(), &["check"]));
    assert!(
        err.contains("warning: £20k is typed in the text but matches no figure in the plan data this paper cites"),
        "{err}"
    );
    assert!(!err.contains("£10k is typed"), "{err}");
    // Asked for a change as a year, the hint offers each column, not a sum
    // of the budget and the forecast.
    let text = read(&paper).replace(
        "not £20k.",
        "not £20k; {{ figure budget-outturn contributions line CCG year=change }}.",
    );
    fs::write(&paper, text).expect("write");
    let err = stderr(&plansite(s.path(), &["check"]));
    assert!(
        err.contains("   = help: write the column: {{ figure budget-outturn contributions line CCG year=\"Revised budget 2024/25\" }} or {{ figure budget-outturn contributions line CCG year=\"Forecast outturn 2024/25\" }}\n"),
        "{err}"
    );
}

/// Labelled columns that are successive years ("Budget 2025/26", "Budget
/// 2026/27": a programme over several years) are added up only when the
/// fund says so, add_up = true; bare periods that are positions, not
/// flows (balances at "March 2024", "March 2025"), are not added up with
/// add_up = false. Either where it changes nothing, or true where the
/// columns are not successive periods, is an error at it.
#[test]
fn add_up_adds_up_labelled_successive_years_and_not_positions() {
    let s = site("fund-shapes");
    let t = text(&with_columns(
        &s,
        &["Budget 2025/26", "Budget 2026/27"],
        "\nadd_up = true",
    ));
    assert!(
        t.contains("Budget 2025/26 (£000) Budget 2026/27 (£000) Total, all years (£000) Change Budget 2025/26 to Budget 2026/27 (£000) Change Budget 2025/26 to Budget 2026/27 (%) Share of all years (%) CCG 100 90 190 −10 −10.0% 100.0%"),
        "{t}"
    );
    let html = with_columns(&s, &["March 2024", "March 2025"], "\nadd_up = false");
    assert!(
        text(&html).contains("March 2024 (£000) March 2025 (£000) Change March 2024 to March 2025 (£000) Change March 2024 to March 2025 (%) CCG 100 90 −10 −10.0%"),
        "{html}"
    );
    assert!(!html.contains("all years"), "{html}");
    // Asked for all years, the fund is said to say add_up = false, not
    // to have columns that are "not successive years" (they are).
    let (paper, text) = paper_citing(&s, "budget-outturn");
    fs::write(
        &paper,
        format!(
            "{text}\n1.5 The balance is {{{{ figure budget-outturn contributions total }}}}.\n"
        ),
    )
    .expect("write");
    let err = stderr(&plansite(s.path(), &["check"]));
    assert!(
        err.contains("fund \"contributions\" says add_up = false, so its columns (March 2024, March 2025) are not added up"),
        "{err}"
    );
    assert!(!err.contains("not successive"), "{err}");
    fs::write(&paper, text).expect("write");

    let plan = s.path().join("content/plans/budget-outturn.toml");
    let base = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"));
    for (years, extra, message, hint) in [
        (
            "[\"Revised budget 2024/25\", \"Forecast outturn 2024/25\"]",
            "years_order = \"as-written\"\nadd_up = true",
            "content/plans/budget-outturn.toml:21:10: error: add_up = true cannot add up these columns: \"Revised budget 2024/25\" and \"Forecast outturn 2024/25\" are not successive periods",
            "   = help: add_up = true adds up columns that each name one period, each after the one before (\"Budget 2025/26\", \"Budget 2026/27\"); remove it",
        ),
        (
            "[\"2024/25\", \"2025/26\"]",
            "add_up = true",
            "content/plans/budget-outturn.toml:20:10: error: `add_up` is not needed: columns that are successive periods and nothing else are added up",
            "   = help: remove add_up = true",
        ),
        (
            "[\"Budget\", \"Outturn\"]",
            "years_order = \"as-written\"\nadd_up = false",
            "content/plans/budget-outturn.toml:21:10: error: `add_up` is not needed: columns that are not successive periods and nothing else are not added up",
            "   = help: remove add_up = false",
        ),
    ] {
        let toml = base.replace(
            "years = [\"Budget\", \"Outturn\"]",
            &format!("years = {years}\n{extra}"),
        );
        fs::write(&plan, toml).expect("write");
        let err = stderr(&plansite(s.path(), &["check"]));
        assert!(err.contains(&format!("{message}\n")), "{err}");
        assert!(err.contains(&format!("{hint}\n")), "{err}");
    }
}

/// The two change columns of a row describe one change, the difference
/// between the row's two figures: the tester's budget beside its forecast,
/// with a deduction only in the forecast, showed a total of 22,646 in both
/// columns with a change of "0" and "+0.7%" (the source's change beside the
/// like-for-like per cent), and without the printed change "+164.5" and
/// "+0.7%" between two equal totals. The like-for-like change is in the note.
#[test]
fn a_total_change_is_the_difference_of_the_totals_shown() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let base = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"))
        .replace(
            "years = [\"Budget\", \"Outturn\"]",
            "years = [\"Budget 2023/24\", \"Forecast outturn 2023/24\"]\nyears_order = \"as-written\"",
        )
        .replace(
            "amounts = { \"Budget\" = 100, \"Outturn\" = 90 }",
            "amounts = { \"Budget 2023/24\" = 100, \"Forecast outturn 2023/24\" = 110 }\n\n  [[funds.lines]]\n  label = \"Less: carried forward to 2024/25\"\n  kind = \"deduction\"\n  amounts = { \"Forecast outturn 2023/24\" = -10 }",
        );
    let note = "In the row “Total”, the change from Budget 2023/24 to Forecast outturn 2023/24 is the difference between the row’s two figures, which include “Less: carried forward to 2024/25”, blank in one of the two years; comparing only the rows with figures in both years, the change is +10 (+10.0%).";
    for stated in [
        "\n\n  [funds.stated]\n  total = { \"Budget 2023/24\" = 100, \"Forecast outturn 2023/24\" = 100, change = 0 }\n",
        "\n",
    ] {
        write_and_build(&s, &plan, format!("{base}{stated}"));
        let html = page(&s, "budget-outturn");
        has(
            &html,
            &[
                "<th scope=\"row\">Total</th><td></td><td class=\"num\" data-value=\"100\">100</td><td class=\"num\" data-value=\"100\">100</td><td class=\"num\" data-value=\"0\">0</td><td class=\"num\" data-value=\"0.0\">0.0%</td></tr>",
                note,
            ],
        );
        let out = s.path().join("output/plans/budget-outturn");
        assert_eq!(
            read(&out.join("contributions.csv")).lines().last(),
            Some("Total,,100,100,0,0.0"),
            "{stated}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&read(&out.join("contributions.json"))).expect("json");
        let total = &json["totals"][0];
        assert_eq!(
            total["Change Budget 2023/24 to Forecast outturn 2023/24 (£000)"],
            "0"
        );
        assert_eq!(
            total["Change Budget 2023/24 to Forecast outturn 2023/24 (%)"],
            "0.0"
        );
        assert!(json.to_string().contains(note), "{json}");
    }
}

/// The figures of the plan's own national conditions, and the figures the
/// conditions show worked out from them, are plan figures when typed in a
/// paper citing the plan: the tester's "£12,841k" (the social care
/// spending of [[conditions.social_care]]) was warned as matching no
/// figure in the plan data, and --strict refused a correct paper.
#[test]
fn a_condition_figure_typed_in_a_paper_is_a_plan_figure() {
    let s = site("fund-shapes");
    let paper = s
        .path()
        .join("content/boards/example-hwb/2017-07-19/bcf-plan.md");
    let text = read(&paper);
    fs::write(
        &paper,
        format!("{text}\n1.6 Social care spending from the minimum rises to £5,100k, above the £5,089.5k that inflation requires by £10.5k; out-of-hospital spending is £4,076.6k, and the 2018/19 allocation £14,266.6k. Not £4,077.7k.\n"),
    )
    .expect("write");
    let err = stderr(&plansite(s.path(), &["check"]));
    assert!(
        err.contains("warning: £4,077.7k is typed in the text but matches no figure in the plan data this paper cites"),
        "{err}"
    );
    for typed in ["£5,100k", "£5,089.5k", "£10.5k", "£4,076.6k", "£14,266.6k"] {
        assert!(
            !err.contains(&format!("{typed} is typed")),
            "{typed}: {err}"
        );
    }
}

/// A plan for 2022/23 or later speaks of the NHS minimum contribution, not
/// the CCG's: the tester's 2023-25 plan said "Spending on social care from
/// the CCG minimum contribution must keep pace with inflation" and "Social
/// care spending from the CCG minimum in 2024/25", although CCGs were
/// abolished on 1 July 2022. Earlier plans keep "CCG", as their papers
/// printed it.
#[test]
fn a_plan_from_2022_23_speaks_of_the_nhs_minimum_contribution() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/multi-year.toml");
    let text = read(&plan).replace("period = \"2017-19\"", "period = \"2023-25\"");
    write_and_build(&s, &plan, &text);
    let html = page(&s, "multi-year");
    has(
        &html,
        &[
            "Spending on social care from the NHS minimum contribution must keep pace with inflation: this year ≥ last year × (1 + inflation).",
            "Social care spending from the NHS minimum in 2018/19, £5,100k, is at least the spending in 2017/18, £5,000k, increased by inflation of 1.79% to £5,089.5k: £10.5k above it.",
        ],
    );
    assert!(!html.contains("CCG minimum contribution must"), "{html}");
    // With no social care figures, what is missing is named the same way.
    let start = text
        .find("  [[conditions.social_care]]")
        .expect("social care");
    let end = text
        .find("  [[conditions.out_of_hospital]]")
        .expect("out of hospital");
    write_and_build(&s, &plan, format!("{}{}", &text[..start], &text[end..]));
    has(
        &page(&s, "multi-year"),
        &["The plan data does not give last year’s social care spending from the NHS minimum, the inflation rate or this year’s social care spending from the NHS minimum."],
    );
}

/// A condition that cannot be assessed lists what the plan data does give:
/// the inflation rate was shown as money ("the inflation rate, £1.79k"),
/// and a typed "£1.79k" was taken to match a plan figure. A percentage is
/// shown as one and is not a money figure.
#[test]
fn a_conditions_percentage_is_never_money() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/balance.toml");
    let mut text = read(&plan);
    text.push_str("\n[conditions]\n  [[conditions.social_care]]\n  year = \"2017/18\"\n  previous_year = \"2016/17\"\n  current = 16000\n  inflation_percent = 1.79\n");
    write_and_build(&s, &plan, text);
    let html = read(&s.path().join("output/plans/balance/index.html"));
    assert!(
        html.contains("It gives the inflation rate, 1.79% and this year’s social care spending from the CCG minimum, £16,000k."),
        "{html}"
    );
    assert!(!html.contains("£1.79k"), "{html}");
}

/// A figure the source states is shown as it printed it, in the table, the
/// sentences and the checks alike: the tester's balance fund with lines to
/// 2 places (301.25, 147.75) and a stated expenditure of 449 showed
/// "412.5 / 449.00 / −36.50" in one column, and said "expenditure total
/// £449k" in the checks but "less expenditure of £449.00k" in the sentence.
#[test]
fn a_stated_figure_is_shown_with_the_places_printed() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/hsf.toml");
    let toml = "title = \"Household Support Fund\"\nperiod = \"2024/25\"\nunit = \"£000\"\n\n[source]\ndocument = \"Example report\"\n\n[[funds]]\nid = \"hsf\"\ntitle = \"Household Support Fund 2024/25\"\nshape = \"balance\"\nbalance_is = \"underspend\"\n\n  [[funds.income]]\n  label = \"Grant\"\n  amount = 412.5\n\n  [[funds.expenditure]]\n  label = \"Food vouchers\"\n  amount = 301.25\n\n  [[funds.expenditure]]\n  label = \"Energy support payments\"\n  amount = 147.75\n\n  [funds.stated]\n  income = 412.5\n  expenditure = 449\n  balance = -36.5\n";
    write_and_build(&s, &plan, toml);
    let html = page(&s, "hsf");
    has(
        &html,
        &[
            "<th scope=\"row\">Total expenditure</th><td class=\"num\" data-value=\"449\">449</td>",
            "<td class=\"num\" data-value=\"-36.5\">−36.5</td>",
            "Income of £412.5k less expenditure of £449k leaves a balance of",
            "expenditure total £449k",
        ],
    );
    assert!(
        !html.contains("449.00") && !html.contains("36.50"),
        "{html}"
    );
    let csv = read(&s.path().join("output/plans/hsf/hsf-expenditure.csv"));
    assert_eq!(csv.lines().last(), Some("Total expenditure,449,100.0"));
}

/// Under an override that keeps a printed total, the change beside it was
/// worked out from the computed totals: "101 (as printed) | 90 | −10
/// (−10.0%)", a change the figures beside it do not give. A change is the
/// difference of the figures beside it, printed ones included.
#[test]
fn a_change_beside_a_printed_total_kept_by_an_override_is_the_difference_of_the_figures_shown() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let toml = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"))
        .replace(
            "years = [\"Budget\", \"Outturn\"]",
            "years = [\"2016/17\", \"2017/18\"]",
        )
        .replace(
            "amounts = { \"Budget\" = 100, \"Outturn\" = 90 }",
            "amounts = { \"2016/17\" = 100, \"2017/18\" = 90 }\n\n  [funds.stated]\n  total = { \"2016/17\" = { override = 101, difference = 1, reason = \"as printed in the source\" }, \"2017/18\" = 90 }",
        );
    write_and_build(&s, &plan, &toml);
    let html = page(&s, "budget-outturn");
    assert!(
        html.contains("<td class=\"num\" data-value=\"101\">101 (as printed)</td><td class=\"num\" data-value=\"90\">90</td><td class=\"num\" data-value=\"191\">191</td><td class=\"num\" data-value=\"-11\">−11</td><td class=\"num\" data-value=\"-10.9\">−10.9%</td>"),
        "{html}"
    );
    let csv = read(
        &s.path()
            .join("output/plans/budget-outturn/contributions.csv"),
    );
    assert!(csv.contains("\nTotal,101,90,191,-11,-10.9,"), "{csv}");
}

/// A row whose printed total for one year is kept by an override read
/// '101 (as printed) | 90 | 190': its total for all years added the
/// computed figures (100 + 90), so a reader adding the row got 191. The
/// total for all years adds the figures the row shows, on the page, in its
/// CSV and JSON, in a paper's {{ figure }} and the plans list, and a note
/// under the table says so and what the lines add up to. A printed total
/// for all years is checked against that sum.
#[test]
fn a_total_for_all_years_adds_the_figures_its_row_shows() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let toml = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"))
        .replace(
            "years = [\"Budget\", \"Outturn\"]",
            "years = [\"2016/17\", \"2017/18\"]",
        )
        .replace(
            "amounts = { \"Budget\" = 100, \"Outturn\" = 90 }",
            "amounts = { \"2016/17\" = 100, \"2017/18\" = 90 }\n\n  [funds.stated]\n  total = { \"2016/17\" = { override = 101, difference = 1, reason = \"as printed in the source\" }, \"2017/18\" = 90 }",
        );
    let (paper, text) = paper_citing(&s, "budget-outturn");
    fs::write(
        &paper,
        format!(
            "{text}\n1.5 Over both years: {{{{ figure budget-outturn contributions total }}}}, or £191k as the table shows.\n"
        ),
    )
    .expect("write");
    write_and_build(&s, &plan, &toml);
    let html = page(&s, "budget-outturn");
    let note = "In the row “Total”, the total for all years, £191k, adds up the row’s figures as shown, including the figure kept as printed (£101k for 2016/17), so that the row adds up across; the figures under it add up to £190k over all years.";
    has(
        &html,
        &["<td class=\"num\" data-value=\"191\">191</td>", note],
    );
    let dir = s.path().join("output/plans/budget-outturn");
    let csv = read(&dir.join("contributions.csv"));
    assert!(csv.contains("\nTotal,101,90,191,"), "{csv}");
    let json = read(&dir.join("contributions.json"));
    assert!(json.contains(note), "{json}");
    assert!(json.contains("\"191\""), "{json}");
    let paper_html = read(
        &s.path()
            .join("output/boards/example-hwb/2017-07-19/bcf-plan/index.html"),
    );
    assert!(
        paper_html.contains("<data class=\"figure\" value=\"191\">£191k</data> (adding £101k for 2016/17 as printed; its figures add up to £190k)"),
        "{paper_html}"
    );
    let plans = read(&s.path().join("output/plans/index.html"));
    assert!(
        plans.contains("£191k (adding a figure as printed)"),
        "{plans}"
    );
    // Typed as the table shows it, it is a figure of the plan.
    let err = stderr(&plansite(s.path(), &["check"]));
    assert!(!err.contains("£191k is typed"), "{err}");
    // A total for all years printed by the source is checked against the
    // row as shown: 191 agrees, 190 (the lines' sum) does not.
    let printed = |all: &str| {
        toml.replace(
            "source\" }, \"2017/18\" = 90 }",
            &format!("source\" }}, \"2017/18\" = 90, total = {all} }}"),
        )
    };
    write_and_build(&s, &plan, printed("191"));
    let err = stderr(&plansite(s.path(), &["check"]));
    assert!(err.contains("0 errors"), "{err}");
    // 190 is what the lines add up to: said for what it is, with how to
    // keep it as the source prints it.
    fs::write(&plan, printed("190")).expect("write");
    let err = stderr(&plansite(s.path(), &["check"]));
    for needle in [
        "error: stated total for all years does not match the row's figures as shown\n",
        "stated 190; the row’s figures as shown add up to 191 (101 for 2016/17 as printed + 90); the lines add up to 190 (£000)",
        "= help: the total for all years adds up the row's figures as shown, so that the row adds up across; the source's 190 is what the lines add up to, without the figure kept as printed for 2016/17. To publish 190 as the source prints it, keep it with an override of the total for all years: total = { override = 190, difference = -1, reason = \"…\" } beside the years' figures; or write 191, the row's figures as shown\n",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    assert!(!err.contains("computed 191"), "{err}");
    // Which keeps it.
    write_and_build(
        &s,
        &plan,
        printed(
            "{ override = 190, difference = -1, reason = \"the source's total adds the lines\" }",
        ),
    );
    has(
        &page(&s, "budget-outturn"),
        &["<td class=\"num\" data-value=\"190\">190 (as printed)</td>"],
    );
}

/// A national condition that takes a fund's total for all years, where
/// that total adds a year's figure kept as printed (101 beside 90 gives
/// 191; the lines give 190), was said to use 191 "as the source prints
/// it": the source printed 101, not 191. It now says what 191 is.
#[test]
fn a_condition_on_a_total_for_all_years_that_adds_a_printed_figure_says_so() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let toml = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"))
        .replace(
            "years = [\"Budget\", \"Outturn\"]",
            "years = [\"2016/17\", \"2017/18\"]",
        )
        .replace(
            "amounts = { \"Budget\" = 100, \"Outturn\" = 90 }",
            "amounts = { \"2016/17\" = 100, \"2017/18\" = 90 }\n\n  [funds.stated]\n  total = { \"2016/17\" = { override = 101, difference = 1, reason = \"as printed in the source\" }, \"2017/18\" = 90 }",
        );
    let toml = format!(
        "{toml}\n[conditions]\n\n  [[conditions.minimum_contribution]]\n  contribution = {{ fund = \"contributions\", measure = \"total\" }}\n  allocation = 150\n"
    );
    write_and_build(&s, &plan, &toml);
    let html = page(&s, "budget-outturn");
    has(
        &html,
        &["£191k from “Contributions” is its total for all years as the fund’s table shows it: it adds up the figures as shown, including £101k for 2016/17 kept as printed; its figures add up to £190k."],
    );
    assert!(
        !html.contains("£191k from “Contributions” is used as the source prints it"),
        "{html}"
    );
}

/// Beside a total income for all years that adds a year's figure kept as
/// printed (191 for 101 as printed and 90; the lines give 190), the
/// balance for all years is still the years' balances added up (40), so
/// that the balance row adds up across: a note says why its column does
/// not subtract (191 less 150 is not 40). And a table's shares, of what
/// the lines add up to, say so where its total shows another figure.
#[test]
fn a_balance_and_shares_beside_a_total_that_adds_a_printed_figure_say_what_they_are_of() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let fixture = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"));
    let top = fixture.split("[[funds]]").next().expect("a fund");
    let toml = format!(
        "{top}[[funds]]\nid = \"contributions\"\ntitle = \"Contributions\"\nshape = \"balance\"\nyears = [\"2016/17\", \"2017/18\"]\n\n  [[funds.income]]\n  body = \"ccg\"\n  label = \"CCG contribution\"\n  amounts = {{ \"2016/17\" = 100, \"2017/18\" = 90 }}\n\n  [[funds.expenditure]]\n  body = \"ccg\"\n  label = \"Community services\"\n  amounts = {{ \"2016/17\" = 80, \"2017/18\" = 70 }}\n\n  [funds.stated]\n  income = {{ \"2016/17\" = {{ override = 101, difference = 1, reason = \"as printed in the source\" }}, \"2017/18\" = 90 }}\n"
    );
    write_and_build(&s, &plan, &toml);
    let html = page(&s, "budget-outturn");
    has(
        &html,
        &[
            "The balance for all years, £40k, is the sum of the years’ balances, each worked out from what the lines add up to (income of £190k less expenditure of £150k over all years), so that the balance row adds up across; it is not the difference of the totals for all years shown above, as “Total income”, £191k, adds £101k for 2016/17 kept as printed.",
            "Shares of all years are of what the lines add up to over all years, £190k, not of the £191k the row “Total income” shows.",
            // The sentence does not say the source gives 191.
            "The balance over all years is £40k, the years’ balances added up: income is more than expenditure. Income of £191k (adding a figure as printed) less expenditure of £150k over all years is £41k, not the balance, as a total for all years adds a year’s figure kept as printed (see the notes under the balance table).",
        ],
    );
    assert!(!html.contains("The source gives income of £191k"), "{html}");
    // Only where the row shows another figure: the expenditure's shares
    // are of its total as shown.
    assert!(!html.contains("not of the £150k"), "{html}");
}

/// One unknown field in a `[[funds]]` table stopped the rest of that fund
/// being read: `sumary` was reported, and `years_ordr` (and the line's
/// `lable`) only a build later. Every unknown field of a fund, and of its
/// lines, is now reported at once, each at its own line and column.
#[test]
fn every_unknown_field_of_a_fund_is_reported_at_once() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let toml = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml"))
        .replace(
            "shape = \"lines\"\n",
            "shape = \"lines\"\nsumary = \"Contributions by body\"\nyears_ordr = \"as-written\"\n",
        )
        .replace(
            "  label = \"CCG\"\n",
            "  label = \"CCG\"\n  not = \"as printed\"\n",
        );
    fs::write(&plan, toml).expect("write");
    let err = stderr(&plansite(s.path(), &["check"]));
    for (at, field, hint) in [
        (
            "19:1",
            "sumary",
            "   = help: expected one of: id, title, shape, unit, period, years, years_order,",
        ),
        (
            "20:1",
            "years_ordr",
            "   = help: did you mean \"years_order\"?\n",
        ),
        ("26:3", "not", "   = help: did you mean \"note\"?\n"),
    ] {
        assert!(
            err.contains(&format!(
                "content/plans/budget-outturn.toml:{at}: error: unknown field \"{field}\"\n"
            )),
            "{field}: {err}"
        );
        // The diagnostic's own lines, up to the next one: its hint, and
        // for "sumary" (near no field) the fields, not a did-you-mean.
        let start = err
            .find(&format!("error: unknown field \"{field}\"\n"))
            .unwrap_or_default();
        let block = err[start..].split("\ncontent/").next().unwrap_or_default();
        assert!(block.contains(hint), "{hint}: {block}");
        if field == "sumary" {
            assert!(!block.contains("did you mean"), "{block}");
        }
    }
}

/// A fund's `notes` written after its `[[funds.groups]]` header is read by
/// TOML as part of the group, and was reported as a field the group does
/// not have, with the group's fields as the hint: now the hint says it has
/// fallen into the group and to move it above, as a paper's fields under
/// its tables are. A fund that already has `notes` at its top is not told
/// to move a second one there.
#[test]
fn a_funds_field_written_under_its_group_is_said_to_have_fallen_into_it() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let toml = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml")).replace(
        "  [[funds.lines]]\n",
        "  [[funds.groups]]\n  id = \"ccg\"\n  label = \"CCG\"\nnotes = [\"Figures as printed.\"]\n\n  [[funds.lines]]\n  group = \"ccg\"\n",
    );
    fs::write(&plan, &toml).expect("write");
    let err = stderr(&plansite(s.path(), &["check"]));
    assert!(
        err.contains("content/plans/budget-outturn.toml:24:1: error: unknown field \"notes\"\n"),
        "{err}"
    );
    assert!(
        err.contains("   = help: `notes` is a field of the fund, but this line comes after [[funds.groups]] (line 21), so TOML reads it as part of that entry: move it above [[funds.groups]]\n"),
        "{err}"
    );
    let toml = toml.replace(
        "years = [\"Budget\", \"Outturn\"]\n",
        "years = [\"Budget\", \"Outturn\"]\nnotes = [\"A note.\"]\n",
    );
    fs::write(&plan, &toml).expect("write");
    let err = stderr(&plansite(s.path(), &["check"]));
    assert!(err.contains("error: unknown field \"notes\"\n"), "{err}");
    assert!(!err.contains("move it above"), "{err}");
}

/// With two `[[funds.groups]]`, a fund's `notes` written after the second
/// was told to move above that one, which only moves it into the first:
/// the hint names the fund's first sub-table. And a fund written
/// `[[ funds ]]` (spaces TOML allows) lost the hint altogether.
#[test]
fn a_fallen_field_is_told_to_move_above_the_funds_first_sub_table() {
    let s = site("fund-shapes");
    let plan = s.path().join("content/plans/budget-outturn.toml");
    let toml = read(&repo().join("tests/fixtures/fund-warnings/budget-outturn.toml")).replace(
        "  [[funds.lines]]\n",
        "  [[funds.groups]]\n  id = \"ccg\"\n  label = \"CCG\"\n\n  [[funds.groups]]\n  id = \"other\"\n  label = \"Other\"\nnotes = [\"Figures as printed.\"]\n\n  [[funds.lines]]\n  group = \"ccg\"\n",
    );
    let hint = "   = help: `notes` is a field of the fund, but this line comes after [[funds.groups]] (line 25), so TOML reads it as part of that entry: move it above [[funds.groups]] (line 21), before the fund's first sub-table\n";
    for toml in [toml.clone(), toml.replace("[[funds]]\n", "[[ funds ]]\n")] {
        fs::write(&plan, &toml).expect("write");
        let err = stderr(&plansite(s.path(), &["check"]));
        assert!(
            err.contains(
                "content/plans/budget-outturn.toml:28:1: error: unknown field \"notes\"\n"
            ),
            "{err}"
        );
        assert!(err.contains(hint), "{err}");
    }
}

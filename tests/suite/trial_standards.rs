//! Progress against standards, from a tester's trial: a new NHS trust's
//! integrated performance report written in the documented format
//! (`trial-nhs` fixture, invented figures). Each test is a public error or
//! a misleading page the trial found.

use super::support::*;
use std::path::Path;

fn build(site: &Path) {
    let out = plansite(site, &["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
}

/// The text between `from` and `to` (exclusive) in `t`.
fn between<'a>(t: &'a str, from: &str, to: &str) -> &'a str {
    let start = t
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in\n{t}"));
    let rest = &t[start..];
    let end = rest
        .find(to)
        .unwrap_or_else(|| panic!("no {to:?} after {from:?} in\n{rest}"));
    &rest[..end]
}

const SET: &str = "content/standards/nhs-constitution-2017-18.toml";

/// The set file with its two A&E versions (90% to 30 September 2017, then
/// 95% from 1 October) listed the other way round.
fn versions_swapped(set: &str) -> String {
    let first = set.find("  [[items.standards]]").unwrap();
    let second = first + 1 + set[first + 1..].find("  [[items.standards]]").unwrap();
    let end = set.find("[[items]]\nnumber = \"2\"").unwrap();
    format!(
        "{}{}\n{}{}",
        &set[..first],
        set[second..end].trim_end(),
        &set[first..second],
        &set[end..]
    )
}

#[test]
fn a_standard_changed_in_the_year_is_shown_at_its_current_version_whatever_the_order_listed() {
    let site = site("trial-nhs");
    let original = read(&site.path().join(SET));
    let swapped = versions_swapped(&original);
    assert!(
        swapped.find("threshold = 95").unwrap() < swapped.find("threshold = 90").unwrap(),
        "{swapped}"
    );
    let no_period = original.replace("period = \"2017/18\"\n", "");
    assert_ne!(no_period, original);
    for (variant, set) in [
        ("90% listed first", original.clone()),
        ("95% listed first", swapped),
        ("no period", no_period),
    ] {
        std::fs::write(site.path().join(SET), &set).unwrap();
        build(site.path());
        // Quarter 3 2017/18 (95.3%) is the latest figure, measured against
        // 95%; it was September's 89.96% against the expired 90%.
        let t = text(&page(site.path(), "standards/index.html"));
        assert_eq!(
            between(&t, "Northfield: ", " 2. Referral"),
            "Northfield: 3 of 4 commitments met, on the latest figures (from September 2017 to quarter 3 2017/18). 3 met; 1 not met. 1. A&E four-hour standard Met A&E: patients seen within four hours (standard: at least 95%): 95.3% (Quarter 3 2017/18), met",
            "{variant}"
        );
        let t = text(&page(
            site.path(),
            "standards/nhs-constitution-2017-18/index.html",
        ));
        assert_eq!(
            between(&t, "Northfield: ", " 1 not met."),
            "Northfield: 3 of 4 commitments met, on the latest figures (from September 2017 to quarter 3 2017/18). 3 met;",
            "{variant}"
        );
        assert_eq!(
            between(&t, "1. A&E", " 2. Referral"),
            "1. A&E four-hour standard Northfield: Met 95% of patients attending A&E to be admitted, transferred or discharged within four hours. A&E: patients seen within four hours Standard at least 95% How the status is worked out Met when the figure is at least 95%. Not met when it is below 95%. In force In force from 1 October 2017 Northfield 95.3% (Quarter 3 2017/18) Met Progress in Northfield: A&E: patients seen within four hours Versions of this standard at least 90%: In force from 1 April 2017 to 30 September 2017 (NHS Constitution and operational standards 2017/18) at least 95%: In force from 1 October 2017 (NHS Constitution and operational standards 2017/18)",
            "{variant}"
        );
    }
}

#[test]
fn a_set_for_the_first_half_year_shows_the_version_of_its_time_whatever_the_order_listed() {
    // A set for April to September 2017 takes September's 89.96% against
    // the 90% then in force, with that version's rule and note.
    let site = site("trial-nhs");
    let original = read(&site.path().join(SET))
        .replace("period = \"2017/18\"", "period = \"2017-04..2017-09\"");
    for set in [versions_swapped(&original), original] {
        std::fs::write(site.path().join(SET), &set).unwrap();
        build(site.path());
        let t = text(&page(site.path(), "standards/index.html"));
        assert_eq!(
            between(&t, "1. A&E", " 2. Referral"),
            "1. A&E four-hour standard Not met A&E: patients seen within four hours (standard: at least 90%): 89.96% (September 2017), not met",
        );
        let t = text(&page(
            site.path(),
            "standards/nhs-constitution-2017-18/index.html",
        ));
        assert_eq!(
            between(&t, "A&E: patients seen within four hours Standard", " Versions"),
            "A&E: patients seen within four hours Standard at least 90% How the status is worked out Met when the figure is at least 90%. Not met when it is below 90%. In force In force from 1 April 2017 to 30 September 2017 Northfield 89.96% (September 2017) Not met Progress in Northfield: A&E: patients seen within four hours Note: April to September 2017: the Sustainability and Transformation Fund trajectory of 90%.",
        );
    }
}

/// Replaces `from` (which must be there) with `to` in the file at `path`.
fn edit(site: &Path, path: &str, from: &str, to: &str) {
    let path = site.join(path);
    let text = read(&path);
    assert!(text.contains(from), "no {from:?} in {}", path.display());
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn impossible_figures_are_errors_at_the_figure_never_published() {
    // 101.2% and -0.84% were shown "Met"; a count of -1 C. difficile cases
    // was added into the year to date; 98 of 0 was reported as "more than
    // its denominator 0"; 140 of 119 was a warning and published as 117.6%.
    let site = site("trial-nhs");
    let s = site.path();
    edit(
        s,
        "content/progress/northfield-ae.toml",
        "value = 91.2",
        "value = 101.2",
    );
    edit(
        s,
        "content/progress/northfield-diagnostics.toml",
        "value = 0.84",
        "value = -0.84",
    );
    edit(
        s,
        "content/progress/northfield-cdiff.toml",
        "value = 1\n",
        "value = -1\n",
    );
    edit(
        s,
        "content/progress/northfield-rtt.toml",
        "numerator = 21345\ndenominator = 23100",
        "numerator = 98\ndenominator = 0",
    );
    edit(
        s,
        "content/progress/northfield-cancer-62.toml",
        "numerator = 98\ndenominator = 119",
        "numerator = 119\ndenominator = 98",
    );
    let out = plansite(s, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    // Each error: its location and message, and its hint.
    let errors: Vec<(&str, &str)> = err
        .split("\n\n")
        .filter(|b| b.starts_with("content/progress"))
        .map(|b| {
            let help = b.lines().find_map(|l| l.trim().strip_prefix("= help: "));
            (b.lines().next().unwrap(), help.unwrap_or_default())
        })
        .collect();
    let check = "check the figure and its sign against the source: a fall or a change is not a figure of this measure";
    assert_eq!(
        errors,
        [
            (
                "content/progress/northfield-ae.toml:9:9: error: 101.2 is over 100: standard \"ae-four-hours\" is measured in per cent, from 0 to 100",
                "check the figure against the source (a misplaced point, or another measure's figure); where this measure can pass 100% (activity against a plan or baseline, occupancy with escalation beds), write can_exceed_100 = true beside the standard's or metric's unit = \"%\"",
            ),
            (
                "content/progress/northfield-cancer-62.toml:18:13: error: numerator 119 is more than its denominator 98, so the percentage is over 100%",
                "a numerator counts the part of the denominator the measure is about (treated within 18 weeks, of all treated), so it is never more: check the two are not swapped, and are the source's figures for this period; where this measure can pass 100% (activity against a plan or baseline), write can_exceed_100 = true beside its unit = \"%\"",
            ),
            (
                "content/progress/northfield-cdiff.toml:13:9: error: -1 is below zero: metric \"C. difficile cases (Trust-apportioned)\" is measured as a count of people or events, never below zero",
                check,
            ),
            (
                "content/progress/northfield-diagnostics.toml:7:9: error: -0.84 is below zero: standard \"diagnostics-six-weeks\" is measured in per cent, from 0 to 100",
                check,
            ),
            (
                "content/progress/northfield-rtt.toml:8:15: error: the denominator is 0, so there is no percentage to work out",
                "the denominator counts everyone the measure is about, so it is never 0: check the figure against the source; where the source gives no percentage for this period, leave the period out or write blank = \"…\" saying why",
            ),
        ],
        "{err}"
    );
    assert!(err.contains("\n5 errors, 1 warning\n"), "{err}");
}

#[test]
fn a_provisional_latest_figure_says_so_wherever_it_is_the_headline() {
    // Quarter 3 2017/18's 119 of 140 (85.0%) is marked provisional by the
    // source: only the table of figures said so; the status, the sentence,
    // the latest figure, the overview and the set page did not.
    let site = site("trial-nhs");
    build(site.path());
    let t = text(&page(
        site.path(),
        "progress/northfield-cancer-62/index.html",
    ));
    assert_eq!(
        between(&t, "In Quarter 3", " Standard at least"),
        "In Quarter 3 2017/18, the figure for Northfield was 85.0% (provisional), which meets the standard of at least 85%; that is better than in Quarter 2 2017/18 (82.4%). The source marks this figure as provisional: December validation not complete. Note: Figures are after breach reallocation between trusts. Status Met (on a provisional figure) Latest figure 85.0% (provisional) (Quarter 3 2017/18)",
    );
    let t = text(&page(site.path(), "standards/index.html"));
    assert_eq!(
        between(&t, "3. Cancer", " 4. Diagnostic"),
        "3. Cancer 62-day Met Cancer: first treatment within 62 days of urgent GP referral (standard: at least 85%): 85.0% (provisional) (Quarter 3 2017/18), met",
    );
    // A measure with no target: December's 3 cases are provisional too.
    assert_eq!(
        between(&t, "C. difficile", " Monthly tables"),
        "C. difficile cases (Trust-apportioned): Northfield No target set 3 (provisional) (December 2017)",
    );
    // A firm figure has no caveat.
    assert!(
        t.contains("(standard: at least 92%): 91.9% (September 2017), not met"),
        "{t}"
    );
    let t = text(&page(
        site.path(),
        "standards/nhs-constitution-2017-18/index.html",
    ));
    assert_eq!(
        between(&t, "Northfield 85.0%", " Progress in"),
        "Northfield 85.0% (provisional) (Quarter 3 2017/18) Met",
    );
}

#[test]
fn a_monthly_table_shows_each_month_against_the_version_it_was_measured_against() {
    // April to September 2017 were measured against 90%, October on
    // against 95%: the Standard column said only "at least 95%" beside
    // them all.
    let site = site("trial-nhs");
    build(site.path());
    let t = text(&page(
        site.path(),
        "tables/northfield-ipr-2017-18/index.html",
    ));
    assert_eq!(
        between(&t, "A&E 4-hour (all types)", " 91.2 "),
        "A&E 4-hour (all types) (per cent) at least 90% (April to September 2017); at least 95% (from October 2017)",
    );
    // A standard with one version in the year keeps its one rule.
    assert_eq!(
        between(&t, "RTT incomplete", " 92.4 "),
        "RTT incomplete pathways within 18 weeks (per cent) at least 92%",
    );
}

#[test]
fn a_worked_out_target_is_shown_at_the_places_that_tell_it_from_the_figure() {
    // "Reduce by 3.5% on 14.2" is 13.703 exactly; December's 13.704 misses
    // it by 0.001. The page said "0.004 per 100,000 above the target" beside
    // a target of "about 13.7", and "Met when at most 13.703".
    let site = site("trial-nhs");
    std::fs::copy(
        repo().join("tests/fixtures/trial-nhs/extra/westshire-bcf-metrics.toml"),
        site.path()
            .join("content/standards/westshire-bcf-metrics.toml"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/trial-nhs/extra/westshire-dtoc.toml"),
        site.path().join("content/progress/westshire-dtoc.toml"),
    )
    .unwrap();
    build(site.path());
    let t = text(&page(site.path(), "progress/westshire-dtoc/index.html"));
    assert_eq!(
        between(&t, "Local targets", " Source Westshire"),
        "Local targets To reduce by 3.5% on the 2016/17 baseline Status Not met 13.704 per 100,000 in December 2017: 0.001 per 100,000 above the target. Target at most 13.703 per 100,000 How the target is set A 3.5% reduction on the 2016/17 baseline of 14.2 per 100,000: 13.703 per 100,000. How the status is worked out Met when the figure is at most 13.703 per 100,000. Not met when it is above 13.703 per 100,000.",
    );
}

/// A standard for elective activity against a baseline: a percentage
/// that passes 100 when the trust does more than it did in 2019/20.
const ACTIVITY_STANDARD: &str = r#"
[[items]]
number = "9"
id = "elective-recovery"
title = "Elective recovery"
text = "Value-weighted elective activity of at least 103% of the 2019/20 baseline."

  [[items.standards]]
  id = "elective-activity"
  name = "Elective activity against the 2019/20 baseline"
  comparator = "at-least"
  threshold = 103
  unit = "%"
  can_exceed_100 = true
  precision = 1
"#;

const ACTIVITY_SERIES: &str = r#"standard = "elective-activity"
area = "Northfield"
source = { publisher = "Northfield Hospitals NHS Foundation Trust", title = "Integrated performance report, January 2018", published = 2018-01-25 }

[[figures]]
period = "2017-11"
value = 98.7

[[figures]]
period = "2017-12"
numerator = 10520
denominator = 10100
"#;

/// The trial site with the activity standard and its series; `standard`
/// and `series` may be edited first.
fn with_activity(site: &Path, edit: impl Fn(&str) -> String) {
    let set = read(&site.join(SET));
    std::fs::write(site.join(SET), format!("{set}{}", edit(ACTIVITY_STANDARD))).unwrap();
    std::fs::write(
        site.join("content/progress/northfield-elective-activity.toml"),
        edit(ACTIVITY_SERIES),
    )
    .unwrap();
}

#[test]
fn a_percentage_that_can_pass_100_is_published_and_judged_against_its_standard() {
    let site = site("trial-nhs");
    with_activity(site.path(), |t| t.to_string());
    build(site.path());
    let html = page(
        site.path(),
        "progress/northfield-elective-activity/index.html",
    );
    let t = text(&html);
    // 10520 / 10100 = 104.158…%: 104.2% to one place, at least 103%: met.
    assert!(
        t.contains("Status Met Latest figure 104.2% (December 2017)"),
        "{t}"
    );
    assert!(
        t.contains("Gap to the standard 1.2 percentage points above the standard"),
        "{t}"
    );
    assert!(
        t.contains("November 2017 98.7% at least 103% Not met December 2017 104.2% 10,520 10,100 at least 103% Met"),
        "{t}"
    );
    // The chart's scale runs past 100 to hold the figure.
    assert!(t.contains("0 50 100 150 Scale: per cent"), "{t}");
}

#[test]
fn a_percentage_over_100_is_refused_unless_its_measure_can_pass_100() {
    let site = site("trial-nhs");
    with_activity(site.path(), |t| t.replace("  can_exceed_100 = true\n", ""));
    let out = plansite(site.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(
            "numerator 10520 is more than its denominator 10100, so the percentage is over 100%"
        ),
        "{err}"
    );
    assert!(
        err.contains("northfield-elective-activity.toml:11:13: error: numerator"),
        "{err}"
    );
    assert!(err.contains("threshold 103 is over 100%"), "{err}");
    assert!(err.contains("can_exceed_100 = true"), "{err}");
}

#[test]
fn can_exceed_100_is_only_for_a_percentage() {
    let site = site("trial-nhs");
    with_activity(site.path(), |t| {
        t.replace(
            "unit = \"%\"\n  can_exceed_100",
            "unit = \"count\"\n  can_exceed_100",
        )
        .replace("threshold = 103", "threshold = 10300")
        .replace("value = 98.7", "value = 9870")
        .replace("numerator = 10520\ndenominator = 10100", "value = 10520")
    });
    let out = plansite(site.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("`can_exceed_100` is for a percentage, and \"elective-activity\" is measured in \"count\""),
        "{err}"
    );
}

/// The errors a build reports, one line each (location and message).
fn error_lines(err: &str) -> Vec<&str> {
    err.lines().filter(|l| l.contains(": error: ")).collect()
}

/// One misspelt field in the standards file made the whole set unreadable,
/// and every series then reported 'unknown standard' with the hint 'there
/// are no standards yet'; one in a series file made the monthly table
/// report its row as an 'unknown series' with a wrong did-you-mean. The
/// mistake is the only thing reported, as for plans.
#[test]
fn a_mistake_in_a_standards_or_series_file_is_the_only_error_reported() {
    let site = site("trial-nhs");
    let set = read(&site.path().join(SET));
    std::fs::write(
        site.path().join(SET),
        set.replacen("  threshold = 92\n", "  thresold = 92\n", 1),
    )
    .unwrap();
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(
        error_lines(&err),
        ["content/standards/nhs-constitution-2017-18.toml:50:3: error: unknown field \"thresold\""],
        "{err}"
    );
    // Not TOML at all: no standard can be looked up, and none is reported
    // unknown.
    std::fs::write(site.path().join(SET), format!("{set}\n[[items]\n")).unwrap();
    let err = stderr(&plansite(site.path(), &["check"]));
    assert_eq!(error_lines(&err).len(), 1, "{err}");
    std::fs::write(site.path().join(SET), &set).unwrap();

    let series = site.path().join("content/progress/northfield-rtt.toml");
    let text = read(&series);
    std::fs::write(&series, text.replacen("period = ", "perod = ", 1)).unwrap();
    let err = stderr(&plansite(site.path(), &["check"]));
    let errors = error_lines(&err);
    assert_eq!(errors.len(), 1, "{err}");
    assert!(
        errors[0].starts_with("content/progress/northfield-rtt.toml:"),
        "{err}"
    );
    // A standard or series really missing is still reported.
    std::fs::write(&series, text.replacen("rtt-18-weeks", "rtt-18-weks", 1)).unwrap();
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(
        err.contains("error: unknown standard \"rtt-18-weks\""),
        "{err}"
    );
}

/// A version's start written as a clerk would, "01/10/2017": the hint
/// offered YYYY-MM and YYYY (then refused: the field needs a day), and the
/// unreadable date made the version open-ended, so a second error said two
/// versions were in force at once. Now the one error, with the date to
/// write.
#[test]
fn a_standards_date_written_day_first_gets_the_date_to_write_and_no_overlap_error() {
    let site = site("trial-nhs");
    let set = read(&site.path().join(SET));
    let edited = set.replacen(
        "effective_from = 2017-10-01",
        "effective_from = \"01/10/2017\"",
        1,
    );
    assert_ne!(edited, set);
    std::fs::write(site.path().join(SET), edited).unwrap();
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(error_lines(&err).len(), 1, "{err}");
    assert!(
        err.contains("error: impossible or malformed date \"01/10/2017\""),
        "{err}"
    );
    assert!(
        err.contains("= help: write 2017-10-01: dates are written year, month, day (YYYY-MM-DD)"),
        "{err}"
    );
}

/// The activity standard in two versions: to 30 November 2017 and from
/// 1 December 2017, `first` and `second` written into each (one of them
/// `can_exceed_100 = true`).
fn activity_in_two_versions(first: &str, second: &str) -> String {
    ACTIVITY_STANDARD.replace(
        "  precision = 1\n",
        &format!(
            "  precision = 1\n  effective_to = 2017-11-30\n{first}\n  [[items.standards]]\n  id = \"elective-activity\"\n  name = \"Elective activity against the 2019/20 baseline\"\n  comparator = \"at-least\"\n  threshold = 95\n  unit = \"%\"\n  precision = 1\n  effective_from = 2017-12-01\n{second}"
        ),
    )
}

/// `can_exceed_100` was read from any version of a standard: a version
/// without it let a figure over 100% through because another version had
/// it. Each figure is now checked by the version in force for its period.
#[test]
fn can_exceed_100_is_read_from_the_version_in_force_for_each_figure() {
    // The flag on the earlier version only: November's 104.5% is a
    // figure; December's 10520 of 10100 (104.2%) is not.
    let earlier = site("trial-nhs");
    let set = read(&earlier.path().join(SET));
    let standard = activity_in_two_versions("", "")
        .replacen("  can_exceed_100 = true\n", "", 1)
        .replacen(
            "  effective_to = 2017-11-30\n",
            "  effective_to = 2017-11-30\n  can_exceed_100 = true\n",
            1,
        );
    std::fs::write(earlier.path().join(SET), format!("{set}{standard}")).unwrap();
    std::fs::write(
        earlier
            .path()
            .join("content/progress/northfield-elective-activity.toml"),
        ACTIVITY_SERIES.replace("value = 98.7", "value = 104.5"),
    )
    .unwrap();
    let out = plansite(earlier.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        error_lines(&err),
        ["content/progress/northfield-elective-activity.toml:11:13: error: numerator 10520 is more than its denominator 10100, so the percentage is over 100%"],
        "{err}"
    );

    // The flag on the later version only: December's 104.2% is a figure;
    // November's 101.5% is not.
    let later = super::support::site("trial-nhs");
    let standard = activity_in_two_versions("", "  can_exceed_100 = true\n")
        .replacen("  can_exceed_100 = true\n", "", 1)
        .replace("threshold = 103", "threshold = 95");
    std::fs::write(later.path().join(SET), format!("{set}{standard}")).unwrap();
    std::fs::write(
        later
            .path()
            .join("content/progress/northfield-elective-activity.toml"),
        ACTIVITY_SERIES.replace("value = 98.7", "value = 101.5"),
    )
    .unwrap();
    let out = plansite(later.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        error_lines(&err),
        ["content/progress/northfield-elective-activity.toml:7:9: error: 101.5 is over 100: standard \"elective-activity\" is measured in per cent, from 0 to 100"],
        "{err}"
    );
    // With November written within 100, the site builds and December is
    // judged against the later version.
    std::fs::write(
        later
            .path()
            .join("content/progress/northfield-elective-activity.toml"),
        ACTIVITY_SERIES.replace("value = 98.7", "value = 99.5"),
    )
    .unwrap();
    build(later.path());
}

/// The errors in `file` a check reports: each one's first line and hint.
fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn errors_in(err: &str, file: &str) -> Vec<(String, String)> {
    err.split("\n\n")
        .filter(|b| b.starts_with(file))
        .map(|b| {
            let help = b.lines().find_map(|l| l.trim().strip_prefix("= help: "));
            (
                b.lines().next().unwrap_or_default().to_string(),
                help.unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The tester's minor mistakes in series files, each with a hint that did
/// not say what to write: `unit = "percent"` (no did-you-mean for "%"),
/// periods "Aug-24" and "2024-9" (the generic period hint), a mean time
/// written "00:29:36" ("malformed figure … e.g. 10.640"), and 105.0 over
/// 100 reported as "105" (the written place dropped).
#[test]
fn the_testers_minor_mistakes_in_series_get_what_to_write() {
    let site = site("trial-nhs");
    let s = site.path();
    let source = "source = { publisher = \"Northfield Hospitals NHS Foundation Trust\", title = \"Integrated performance report\", published = 2018-01-25 }\n";
    std::fs::write(
        s.join("content/progress/northfield-theatre.toml"),
        format!("metric = {{ name = \"Theatre utilisation\", unit = \"percent\" }}\narea = \"Northfield\"\n{source}\n[[figures]]\nperiod = \"2017-11\"\nvalue = 81.5\n"),
    )
    .unwrap();
    std::fs::write(
        s.join("content/progress/northfield-cat2.toml"),
        format!("metric = {{ name = \"Category 2 mean response\", unit = \"minutes\" }}\narea = \"Northfield\"\n{source}\n[[figures]]\nperiod = \"Aug-17\"\nvalue = 29.6\n\n[[figures]]\nperiod = \"2017-9\"\nvalue = 30.1\n\n[[figures]]\nperiod = \"2017-10\"\nvalue = \"00:29:36\"\n\n[[figures]]\nperiod = \"2017-11\"\nvalue = \"07:10\"\n"),
    )
    .unwrap();
    edit(
        s,
        "content/progress/northfield-ae.toml",
        "value = 91.2",
        "value = 105.0",
    );
    let out = plansite(s, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        errors_in(&err, "content/progress/northfield-theatre.toml"),
        pairs(&[(
            "content/progress/northfield-theatre.toml:1:49: error: unknown unit \"percent\"",
            "did you mean \"%\"?",
        )]),
        "{err}"
    );
    assert_eq!(
        errors_in(&err, "content/progress/northfield-cat2.toml"),
        pairs(&[
            (
                "content/progress/northfield-cat2.toml:6:10: error: unknown period \"Aug-17\"",
                "write the month as year and month, YYYY-MM: period = \"2017-08\"",
            ),
            (
                "content/progress/northfield-cat2.toml:10:10: error: unknown period \"2017-9\"",
                "write the month as year and month, YYYY-MM: period = \"2017-09\"",
            ),
            (
                "content/progress/northfield-cat2.toml:15:9: error: \"00:29:36\" is a time, not a figure",
                "write the time in minutes as a decimal: value = 29.6 (00:29:36 is 29 minutes 36 seconds)",
            ),
            (
                "content/progress/northfield-cat2.toml:19:9: error: \"07:10\" is a time, not a figure",
                "write the time in minutes as a decimal: value = 7.17 (07:10 is 7 minutes 10 seconds; write it to the places the source prints); if 07:10 is hours and minutes, value = 430 (7 hours 10 minutes)",
            ),
        ]),
        "{err}"
    );
    assert_eq!(
        errors_in(&err, "content/progress/northfield-ae.toml"),
        pairs(&[(
            "content/progress/northfield-ae.toml:9:9: error: 105.0 is over 100: standard \"ae-four-hours\" is measured in per cent, from 0 to 100",
            "check the figure against the source (a misplaced point, or another measure's figure); where this measure can pass 100% (activity against a plan or baseline, occupancy with escalation beds), write can_exceed_100 = true beside the standard's or metric's unit = \"%\"",
        )]),
        "{err}"
    );
}

/// A standard changed in the year whose first version gives only its end
/// (`effective_to`): its chart line said "Standard: at least 90%" beside
/// "Standard from 1 October 2017: at least 95%", as if still in force.
#[test]
fn an_earlier_version_on_a_chart_says_when_it_ended() {
    let site = site("trial-nhs");
    edit(site.path(), SET, "  effective_from = 2017-04-01\n", "");
    build(site.path());
    let html = page(site.path(), "progress/northfield-ae/index.html");
    assert!(
        html.contains(">Standard to 30 September 2017:</text>"),
        "{html}"
    );
    assert!(
        html.contains("Standard to 30 September 2017: at least 90%; Standard from 1 October 2017: at least 95%."),
        "{html}"
    );
}

/// Children and young people's mental health access, published per 1,000
/// aged under 18.
const CYP_ACCESS_STANDARD: &str = r#"
[[items]]
number = "10"
id = "cyp-mental-health"
title = "Children and young people's mental health"
text = "Children and young people accessing mental health services, per 1,000 aged under 18."

  [[items.standards]]
  id = "cyp-access"
  name = "Children and young people's mental health access"
  comparator = "at-least"
  threshold = 40
  unit = "per-1000"
  threshold_period = "month"    # the figure published each month
  precision = 1
"#;

const CYP_ACCESS_SERIES: &str = r#"standard = "cyp-access"
area = "Northfield"
source = { publisher = "NHS England", title = "Mental health services monthly statistics", published = 2018-01-25 }

[[figures]]
period = "2017-12"
count = 1874
population = 43991
value = 42.6
"#;

fn with_cyp_access(site: &Path, edit: impl Fn(&str) -> String) {
    let set = read(&site.join(SET));
    std::fs::write(
        site.join(SET),
        format!("{set}{}", edit(CYP_ACCESS_STANDARD)),
    )
    .unwrap();
    std::fs::write(
        site.join("content/progress/northfield-cyp-access.toml"),
        edit(CYP_ACCESS_SERIES),
    )
    .unwrap();
}

#[test]
fn a_rate_per_1000_is_worked_out_and_published_per_1000() {
    let site = site("trial-nhs");
    with_cyp_access(site.path(), |t| t.to_string());
    build(site.path());
    let t = text(&page(
        site.path(),
        "progress/northfield-cyp-access/index.html",
    ));
    // 1874 × 1,000 ÷ 43991 = 42.5996…: printed 42.6, at least 40: met.
    assert!(
        t.contains("Status Met Latest figure 42.6 per 1,000 (December 2017)"),
        "{t}"
    );
    assert!(t.contains("at least 40 per 1,000"), "{t}");
    assert!(!t.contains("100,000"), "{t}");
    // A printed figure that is not what the parts give per 1,000 (it is
    // per 100,000) is refused, with the sum shown per 1,000.
    with_cyp_access(site.path(), |t| t.replace("value = 42.6", "value = 4260.0"));
    let out = plansite(site.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("printed figure 4260.0 does not match 1874 × 1,000 ÷ 43991"),
        "{err}"
    );
}

#[test]
fn a_rate_per_another_base_is_never_offered_a_rate_it_is_not() {
    let site = site("trial-nhs");
    with_cyp_access(site.path(), |t| {
        t.replace("unit = \"per-1000\"", "unit = \"per-1000000\"")
    });
    let out = plansite(site.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("error: unknown unit \"per-1000000\""), "{err}");
    assert!(
        err.contains("plansite measures rates per 1,000 (unit = \"per-1000\"), per 10,000 (\"per-10000\") and per 100,000 (\"per-100000\")"),
        "{err}"
    );
    assert!(!err.contains("did you mean"), "{err}");
    // Another way of writing a rate plansite has is named.
    with_cyp_access(site.path(), |t| {
        t.replace("unit = \"per-1000\"", "unit = \"per 1,000\"")
    });
    let err = stderr(&plansite(site.path(), &["build"]));
    assert!(err.contains("did you mean \"per-1000\"?"), "{err}");
}

/// A paper's performance figures: typed by hand, a mistyped 62.3% for
/// 63.2% went out unchecked while the series page said 62.3%. The
/// `progress` shortcode shows the series' own figure, as its page does.
#[test]
fn a_paper_shows_a_progress_figure_from_its_series() {
    let site = site("trial-nhs");
    let write = |rel: &str, text: &str| {
        let p = site.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "content/boards/trust-board/_board.toml",
        "name = \"Trust Board\"\n",
    );
    write(
        "content/boards/trust-board/2018-01-25/_meeting.toml",
        "date = 2018-01-25\n",
    );
    let paper = "content/boards/trust-board/2018-01-25/ipr.md";
    let head = "+++\ntitle = \"Integrated performance report\"\nkind = \"position-statement\"\ndate = 2018-01-25\nnumbering = \"manual\"\n+++\n\n## 1. Urgent care\n\n";
    write(
        paper,
        &format!("{head}1.1 In November {{{{ progress northfield-ae 2017-11 }}}} of patients were seen within four hours; in the second quarter, {{{{ progress northfield-ae \"2017/18 Q2\" }}}}.\n\nTable: By quarter\n\n| Measure | Quarter 1 | Quarter 3 |\n|---|---|---|\n| A&E | {{{{ progress northfield-ae \"2017/18 Q1\" }}}} | {{{{ progress northfield-ae \"2017/18 Q3\" }}}} |\n"),
    );
    build(site.path());
    let html = page(site.path(), "boards/trust-board/2018-01-25/ipr/index.html");
    // 8123 / 8601 = 94.442…%, shown as the series page shows it.
    assert!(
        html.contains("In November <data class=\"figure\" value=\"94.4425066852691547494477386")
            && html.contains("\">94.4%</data> of patients"),
        "{html}"
    );
    assert!(
        html.contains("quarter, <data class=\"figure\" value=\"89.1\">89.1%</data>."),
        "{html}"
    );
    // In a table, each cell from the series (23010 / 25520 = 90.16…%).
    assert!(
        html.contains("<th scope=\"row\">A&amp;E</th><td><data class=\"figure\" value=\"90.164576802507836990595611")
            && html.contains(">90.2%</data></td><td><data class=\"figure\" value=\"95.3\">95.3%</data></td>"),
        "{html}"
    );
    let series = text(&page(site.path(), "progress/northfield-ae/index.html"));
    assert!(series.contains("November 2017 94.4%"), "{series}");
    // A month the series has no figure for, a blank month with its reason,
    // and a series that does not exist are errors at the shortcode.
    write(
        paper,
        &format!("{head}1.1 August {{{{ progress northfield-ae 2017-08 }}}}, December {{{{ progress northfield-ae 2017-12 }}}}, {{{{ progress northfield-a }}}}.\n"),
    );
    let out = plansite(site.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("error: series \"northfield-ae\" has no figure for August 2017"),
        "{err}"
    );
    assert!(
        err.contains("error: series \"northfield-ae\" has no figure for December 2017: not available: the report prints n/a (patient administration system migration)"),
        "{err}"
    );
    assert!(
        err.contains("error: unknown series \"northfield-a\""),
        "{err}"
    );
    assert!(err.contains("did you mean \"northfield-ae\"?"), "{err}");
    // The period is always named: a paper keeps the figure of its time.
    write(
        paper,
        &format!("{head}1.1 Latest {{{{ progress northfield-ae }}}}.\n"),
    );
    let err = stderr(&plansite(site.path(), &["build"]));
    assert!(
        err.contains(
            "error: progress needs the period of the figure, after the series \"northfield-ae\""
        ),
        "{err}"
    );
    assert!(
        err.contains("help: a paper keeps the figure of its time: write {{ progress northfield-ae \"2017/18 Q3\" }} for its latest figure, Quarter 3 2017/18"),
        "{err}"
    );
    // A series whose own file has a mistake is reported there alone: the
    // paper is not told of an unknown series, nor offered another one.
    let ae = site.path().join("content/progress/northfield-ae.toml");
    let series_text = read(&ae);
    std::fs::write(
        &ae,
        series_text.replace("standard = \"ae-four-hours\"", "standard = \"ae-4-hours\""),
    )
    .unwrap();
    write(
        paper,
        &format!("{head}1.1 November {{{{ progress northfield-ae 2017-11 }}}}.\n"),
    );
    let err = stderr(&plansite(site.path(), &["build"]));
    assert!(err.contains("unknown standard \"ae-4-hours\""), "{err}");
    assert!(!err.contains("unknown series"), "{err}");
    assert!(!err.contains("ipr.md"), "{err}");
}

const BCF_SET: &str = "content/standards/northshire-bcf.toml";
const BCF_SERIES: &str = "content/progress/northshire-avoidable.toml";

/// The tester's BCF metric: an annual plan for a rate (at most 796.0 per
/// 100,000 for the whole year) and a series of a year's rate and then
/// quarterly rates, each about a quarter of the year's.
fn with_annual_rate_and_quarters(site: &Path, threshold_period: &str) {
    std::fs::write(
        site.join(BCF_SET),
        format!(
            r#"title = "Northshire Better Care Fund metrics 2017/18"
kind = "bcf-metrics"
period = "2017/18"
areas = ["Northshire"]

[source]
publisher = "Northshire Council"
title = "Northshire Better Care Fund plan 2017-19"

[[items]]
number = "1"
id = "avoidable-admissions"
title = "Avoidable admissions"

  [[items.standards]]
  id = "avoidable-admissions-per-100k"
  name = "Avoidable admissions per 100,000 population"
  comparator = "at-most"
  threshold = 796.0
  unit = "per-100000"
{threshold_period}  precision = 1
"#
        ),
    )
    .unwrap();
    std::fs::write(
        site.join(BCF_SERIES),
        r#"standard = "avoidable-admissions-per-100k"
area = "Northshire"
source = { publisher = "NHS England", title = "BCF metrics: avoidable admissions", published = 2018-01-18 }

[[figures]]
period = "2016/17"
count = 5391
population = 663600
value = 812.4

[[figures]]
period = "2017/18 Q1"
count = 1312
population = 663600
value = 197.7

[[figures]]
period = "2017/18 Q2"
count = 1288
population = 663600
value = 194.1

[[figures]]
period = "2017/18 Q3"
count = 1421
population = 663600
value = 214.1

[[targets]]
name = "Quarter 3 plan"
value = 212.0
period = "2017/18 Q3"
"#,
    )
    .unwrap();
}

/// Quarterly rates were measured against the year's threshold and
/// published as "Met" (214.1 per 100,000 in a quarter, against a plan of
/// 796.0 for the year), while the quarter's own plan said not met.
#[test]
fn a_quarters_rate_is_not_judged_by_a_years_threshold() {
    let site = site("trial-nhs");
    with_annual_rate_and_quarters(site.path(), "  threshold_period = \"year\"\n");
    build(site.path());
    let t = text(&page(
        site.path(),
        "progress/northshire-avoidable/index.html",
    ));
    assert_eq!(
        between(&t, "In Quarter 3", " Status"),
        "In Quarter 3 2017/18, the figure for Northshire was 214.1 per 100,000, which is not assessed against the standard of at most 796.0 per 100,000 for a whole year, as this figure is for a quarter; that is worse than in Quarter 2 2017/18 (194.1 per 100,000)."
    );
    assert_eq!(
        between(&t, "Status ", " Latest figure"),
        "Status Not assessed: the standard is for a whole year; this figure is for a quarter"
    );
    assert!(
        t.contains("Only figures for a whole year are measured against it: a count or rate for a period of another length is not assessed."),
        "{t}"
    );
    assert!(!t.contains("Gap to the standard"), "{t}");
    // The year is judged; each quarter is not, and the local target still is.
    assert!(
        t.contains("2016/17 812.4 per 100,000 5,391 663,600 at most 796.0 per 100,000 for a whole year Not met Quarter 1 2017/18 197.7 per 100,000 1,312 663,600 at most 796.0 per 100,000 for a whole year Not assessed: the standard is for a whole year; this figure is for a quarter"),
        "{t}"
    );
    assert!(
        t.contains("Quarter 3 plan Status Not met 214.1 per 100,000 in Quarter 3 2017/18"),
        "{t}"
    );
    // The chart's line for the year's standard is drawn beside the year only.
    assert!(
        t.contains(
            "2016/17: 812.4, not met; Quarter 1 2017/18: 197.7, not assessed against the standard;"
        ),
        "{t}"
    );
    // The standard's line ends above the first quarter's bar.
    let html = page(site.path(), "progress/northshire-avoidable/index.html");
    let number =
        |t: &str, attr: &str| -> f64 { between(t, attr, "\" ")[attr.len()..].parse().unwrap() };
    let line = between(
        &html,
        "<line class=\"chart__line chart__line--standard\"",
        "/>",
    );
    let quarter = between(
        &html,
        "<rect class=\"chart__bar chart__bar--not-assessed\"",
        "/>",
    );
    let year = between(
        &html,
        "<rect class=\"chart__bar chart__bar--not-met\"",
        "/>",
    );
    assert!(
        number(&format!("{line} "), " y2=\"") < number(quarter, " y=\"")
            && number(&format!("{line} "), " y2=\"") > number(year, " y=\""),
        "{line} {year} {quarter}"
    );
    let csv = page(site.path(), "progress/northshire-avoidable/figures.csv");
    assert!(csv.contains(",at-most,796.0,Not assessed,"), "{csv}");
    assert!(csv.contains(",at-most,796.0,Not met,"), "{csv}");
    // The set page and the overview: not met by none, not assessed.
    let t = text(&page(site.path(), "standards/index.html"));
    assert!(
        t.contains("Northshire: 0 of 1 Better Care Fund metric met, quarter 3 2017/18. 1 not assessed. 1. Avoidable admissions Not assessed Avoidable admissions per 100,000 population (standard: at most 796.0 per 100,000 for a whole year): 214.1 per 100,000 (Quarter 3 2017/18), not assessed: the standard is for a whole year; this figure is for a quarter"),
        "{t}"
    );
    let t = text(&page(site.path(), "standards/northshire-bcf/index.html"));
    assert!(
        t.contains("Northshire 214.1 per 100,000 (Quarter 3 2017/18) Not assessed: the standard is for a whole year; this figure is for a quarter"),
        "{t}"
    );
    assert!(
        t.contains("at most 796.0 per 100,000 for a whole year How the status is worked out Met when the figure is at most 796.0 per 100,000. Not met when it is above 796.0 per 100,000. Only figures for a whole year are measured against it"),
        "{t}"
    );
    assert!(!t.contains("Northshire: Met"), "{t}");
}

/// A series of quarters only, under a rate whose threshold is for the
/// whole year and which did not say so, was judged "Met" (214.1 against
/// 796.0 per 100,000): only a series mixing lengths was an error. Now a
/// count or rate standard must say the length of its threshold's period,
/// reported once at the standard, whether two series use it or none.
#[test]
fn a_count_or_rate_standard_must_say_its_threshold_period() {
    let site = site("trial-nhs");
    with_annual_rate_and_quarters(site.path(), "");
    // Quarters only, in two series; and a count standard no series uses.
    edit(
        site.path(),
        BCF_SERIES,
        "[[figures]]\nperiod = \"2016/17\"\ncount = 5391\npopulation = 663600\nvalue = 812.4\n\n",
        "",
    );
    edit(
        site.path(),
        BCF_SET,
        "areas = [\"Northshire\"]",
        "areas = [\"Northshire\", \"Southshire\"]",
    );
    let series = read(&site.path().join(BCF_SERIES));
    std::fs::write(
        site.path()
            .join("content/progress/southshire-avoidable.toml"),
        series.replace("area = \"Northshire\"", "area = \"Southshire\""),
    )
    .unwrap();
    append(
        &site.path().join(BCF_SET),
        "\n  [[items.standards]]\n  id = \"avoidable-admissions\"\n  name = \"Avoidable admissions\"\n  comparator = \"at-most\"\n  threshold = 5280\n  unit = \"count\"\n",
    );
    let out = plansite(site.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    let hint = "write the length of period the threshold is for beside it: threshold_period = \"year\", \"quarter\" or \"month\" (at most 796.0 per 100,000 for the whole year is \"year\"; a figure for a period of another length is then shown as not assessed), or threshold_period = \"any\" where the figure is an average or a level, not a total over its period (delayed days a day), and is judged whatever its period's length";
    assert_eq!(
        errors_in(&err, BCF_SET),
        pairs(&[
            (
                "content/standards/northshire-bcf.toml:20:10: error: standard \"avoidable-admissions-per-100k\" is a rate and does not say what length of period its threshold of 796.0 per 100,000 is for",
                hint,
            ),
            (
                "content/standards/northshire-bcf.toml:29:10: error: standard \"avoidable-admissions\" is a count and does not say what length of period its threshold of 5,280 is for",
                hint,
            ),
        ]),
        "{err}"
    );
    assert!(
        err.contains("a count or rate adds up over its period, so a quarter's figure cannot be judged against a year's threshold"),
        "{err}"
    );
    assert_eq!(err.matches(": error: ").count(), 2, "{err}");
}

/// A length of period is for counts and rates: a percentage is judged
/// for a period of any length.
#[test]
fn a_threshold_period_is_for_a_count_or_rate() {
    let site = site("trial-nhs");
    with_annual_rate_and_quarters(site.path(), "  threshold_period = \"yearly\"\n");
    let err = stderr(&plansite(site.path(), &["build"]));
    assert_eq!(
        errors_in(&err, BCF_SET),
        pairs(&[(
            "content/standards/northshire-bcf.toml:21:22: error: unknown threshold_period \"yearly\"",
            "did you mean \"year\"?",
        )]),
        "{err}"
    );
    edit(
        site.path(),
        SET,
        "  threshold = 95\n",
        "  threshold = 95\n  threshold_period = \"year\"\n",
    );
    let err = stderr(&plansite(site.path(), &["build"]));
    assert!(
        err.contains("error: `threshold_period` is for a count or a rate, and \"ae-four-hours\" is measured in \"%\""),
        "{err}"
    );
    assert!(
        err.contains("help: a percentage, ratio or time is judged for a period of any length: remove the line, or check the unit"),
        "{err}"
    );
}

/// A blank latest period was hidden: the headline and overview said "Met"
/// (here "Not met") on the period before, and the blank and its reason
/// were only in the table further down.
#[test]
fn a_latest_period_not_published_is_said_beside_the_last_figure() {
    let site = site("trial-nhs");
    let series = site.path().join("content/progress/northfield-rtt.toml");
    let text_before = read(&series);
    std::fs::write(
        &series,
        format!("{text_before}\n[[figures]]\nperiod = \"2017-10\"\nblank = \"not published: data quality issue with the new patient administration system\"\n"),
    )
    .unwrap();
    build(site.path());
    let t = text(&page(site.path(), "progress/northfield-rtt/index.html"));
    assert_eq!(
        between(&t, "No figure was published", " Latest figure"),
        "No figure was published for October 2017 (data quality issue with the new patient administration system). The latest published figure for Northfield, for September 2017, was 91.9%, which does not meet the standard of at least 92% (0.1 percentage points below the standard); that is worse than in August 2017 (92.3%). Status Not met, on the latest published figure (September 2017). No figure was published for October 2017 (data quality issue with the new patient administration system)."
    );
    assert!(
        t.contains("October 2017: no data: not published: data quality issue with the new patient administration system."),
        "{t}"
    );
    let t = text(&page(site.path(), "standards/index.html"));
    assert!(
        t.contains("91.9% (September 2017), not met. No figure was published for October 2017 (data quality issue with the new patient administration system). 3. Cancer"),
        "{t}"
    );
    let t = text(&page(
        site.path(),
        "standards/nhs-constitution-2017-18/index.html",
    ));
    assert!(
        t.contains("Northfield 91.9% (September 2017) Not met No figure was published for October 2017 (data quality issue with the new patient administration system). Progress in Northfield"),
        "{t}"
    );
    // A blank before the latest figure is in the table only.
    let earlier = text_before.replace(
        "period = \"2017-08\"\nvalue = 92.3\nnumerator = 21500\ndenominator = 23290\n",
        "period = \"2017-08\"\nblank = \"suppressed: fewer than 5 people\"\n",
    );
    assert_ne!(earlier, text_before);
    std::fs::write(&series, earlier).unwrap();
    build(site.path());
    let t = text(&page(site.path(), "progress/northfield-rtt/index.html"));
    assert!(!t.contains("No figure was published for"), "{t}");
    assert!(
        t.contains("In September 2017, the figure for Northfield was 91.9%"),
        "{t}"
    );
}

/// The figure the source printed (93.0, beside 12,143 of 13,057, which is
/// 92.9999…%) appeared nowhere on the page: residents saw 92.9999% "0.0001
/// percentage points below" a standard of 93.0% with nothing to reconcile
/// it with the source.
#[test]
fn the_figure_the_source_printed_is_shown_beside_the_exact_one() {
    let site = site("trial-nhs");
    edit(
        site.path(),
        SET,
        "  threshold = 92\n",
        "  threshold = 93.0\n",
    );
    edit(
        site.path(),
        "content/progress/northfield-rtt.toml",
        "value = 91.9\nnumerator = 21300\ndenominator = 23180\n",
        "value = 93.0\nnumerator = 12143\ndenominator = 13057\n",
    );
    build(site.path());
    let t = text(&page(site.path(), "progress/northfield-rtt/index.html"));
    assert!(
        t.contains("In September 2017, the figure for Northfield was 92.9999% (printed by the source as 93.0%), which does not meet the standard of at least 93.0% (0.0001 percentage points below the standard);"),
        "{t}"
    );
    assert!(
        t.contains("Latest figure 92.9999% (printed by the source as 93.0%) (September 2017)"),
        "{t}"
    );
    assert!(
        t.contains("September 2017 92.9999% (printed by the source as 93.0%) 12,143 13,057 at least 93.0% Not met"),
        "{t}"
    );
    // A figure shown as the source printed it says nothing more.
    assert!(t.contains("August 2017 92.3% 21,500 23,290"), "{t}");
    let t = text(&page(site.path(), "standards/index.html"));
    assert!(
        t.contains("(standard: at least 93.0%): 92.9999% (printed by the source as 93.0%) (September 2017), not met"),
        "{t}"
    );
}

/// `doubtful = "P"` (the report's marker, copied) was accepted, and
/// residents read "Not met (on a P figure)".
#[test]
fn a_marker_written_as_doubtful_is_refused_with_what_to_write() {
    let site = site("trial-nhs");
    let series = "content/progress/northfield-cancer-62.toml";
    edit(
        site.path(),
        series,
        "doubtful = \"provisional: December validation not complete\"\nmarker = \"P\"\n",
        "doubtful = \"P\"\n",
    );
    let out = plansite(site.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(
        errors_in(&err, series),
        pairs(&[(
            "content/progress/northfield-cancer-62.toml:25:12: error: doubtful \"P\" is a marker, not why the figure is doubtful",
            "say what the marker means in words, as the source's footnote does, and put the symbol in `marker`: doubtful = \"provisional: …\", marker = \"P\"",
        )]),
        "{err}"
    );
    edit(
        site.path(),
        series,
        "doubtful = \"P\"\n",
        "doubtful = \"R\"\nmarker = \"R\"\n",
    );
    let err = stderr(&plansite(site.path(), &["build"]));
    assert!(
        err.contains("help: say what the marker means in words, as the source's footnote does, and put the symbol in `marker`: doubtful = \"revised: …\", marker = \"R\""),
        "{err}"
    );
    // A word is a reason.
    edit(
        site.path(),
        series,
        "doubtful = \"R\"\n",
        "doubtful = \"revised\"\n",
    );
    build(site.path());
}

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

fn page(site: &Path, path: &str) -> String {
    read(&site.join("output").join(path))
}

/// The text of the page's main content, tags removed and whitespace collapsed.
fn text(html: &str) -> String {
    let main = html
        .split_once("<main")
        .and_then(|(_, m)| m.split_once("</main>"))
        .map_or(html, |(m, _)| m);
    let mut out = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace(" :", ":")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
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

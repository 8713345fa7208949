//! How a measured figure is shown: the one rule for the places a figure
//! is shown at, display rounding, and numbers as text. Shared by `calc`
//! (which decides, once, the places each figure of a progress series is
//! shown at, and words its messages to the clerk with them) and `render`
//! (whose `format` module re-exports these for the pages), so that a
//! figure reads the same on every page and in every message. Also the
//! one way a list is written in a sentence ([`and_list`]).
//!
//! Depends on nothing else in the crate but the model's units.

use crate::model::MeasureUnit;
use rust_decimal::Decimal;

/// Groups the integer part in thousands: `105196` → `105,196`; keeps the
/// fractional digits as they are. A negative figure has a true minus sign
/// (`−2,183`, which screen readers say as "minus"; open data keeps `-`),
/// and zero none.
pub fn group_thousands(value: Decimal) -> String {
    let text = value.to_string();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => ("−", rest),
        Some(rest) => ("", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The one display-rounding rule: half away from zero to `dp` places (the
/// rule stated figures are checked by, `calc::fund::round_half_away`),
/// written with exactly `dp` places.
pub fn round(value: Decimal, dp: u32) -> Decimal {
    let mut r =
        value.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}

/// A measured figure at `dp` places with its unit: `21.3 per 100,000`.
pub fn measure(value: Decimal, unit: MeasureUnit, dp: u32) -> String {
    format!("{}{}", group_thousands(round(value, dp)), unit.suffix())
}

/// Decimal places to show a measured figure: the standard's `precision`,
/// or the places the figure was written with if more (`keep_written`), and
/// more again (up to 6) while rounding would put the figure on the other
/// side of — or exactly on — a threshold it is not equal to. So 94.96
/// against "at least 95%" is shown as 94.96%, never as a misleading 95%.
pub fn figure_places(
    value: Decimal,
    precision: u32,
    keep_written: bool,
    thresholds: &[Decimal],
) -> u32 {
    let mut dp = precision;
    if keep_written {
        dp = dp.max(value.scale());
    }
    let misleads = |dp: u32| {
        let shown = round(value, dp);
        thresholds.iter().any(|t| (shown.cmp(t)) != (value.cmp(t)))
    };
    while dp < 6 && misleads(dp) {
        dp += 1;
    }
    dp
}

/// Places to show two figures compared side by side at: `dp`, or more
/// while two figures that differ would look equal (94.2% and 94.25% are
/// 94% and 94% at no places, 94.2% and 94.3% at one). Never more than the
/// places either has, where they are exact and differ.
pub fn apart_places(a: Decimal, b: Decimal, dp: u32) -> u32 {
    let most = a.normalize().scale().max(b.normalize().scale());
    let mut dp = dp;
    while a != b && dp < most && round(a, dp) == round(b, dp) {
        dp += 1;
    }
    dp
}

/// The difference between a figure and a threshold (a standard's, a
/// target's) as a page shows them, so that the two and the gap add up as
/// shown: 80.25% shown as 80.3% is 4.7 points below 85%, never the exact
/// 4.75 rounded to 4.8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// The figure as shown − the threshold as shown (negative when below).
    pub value: Decimal,
    /// The places to show it at: those of the one of the two shown with more.
    pub places: u32,
}

/// The one rule for a gap as shown: `figure` shown at `figure_places`
/// against `threshold` shown at `threshold_places` (a standard's threshold
/// is shown as written, at its own scale).
pub fn gap_as_shown(
    figure: Decimal,
    figure_places: u32,
    threshold: Decimal,
    threshold_places: u32,
) -> Gap {
    Gap {
        value: round(figure, figure_places) - round(threshold, threshold_places),
        places: figure_places.max(threshold_places),
    }
}

/// A list as a sentence writes it: "A", "A and B", "A, B and C".
pub fn and_list(items: &[String]) -> String {
    joined(items, "and")
}

/// A list joined by `conjunction`: "A, B or C".
pub fn joined(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("literal")
    }

    #[test]
    fn a_gap_is_the_difference_of_the_two_as_shown() {
        // 80.25 shown as 80.3 against 85: 4.7 below, not the exact 4.75 → 4.8.
        let g = gap_as_shown(d("80.25"), 1, d("85"), 0);
        assert_eq!((g.value, g.places), (d("-4.7"), 1));
        // Against a target shown at two places.
        let g = gap_as_shown(d("80.25"), 1, d("80.15"), 2);
        assert_eq!((g.value.normalize(), g.places), (d("0.15"), 2));
    }

    #[test]
    fn round_agrees_with_the_rule_stated_figures_are_checked_by() {
        for (v, dp) in [
            ("10.45", 1),
            ("-10.45", 1),
            ("2.5", 0),
            ("-0.05", 1),
            ("9.4", 3),
        ] {
            let mut checked = crate::calc::fund::round_half_away(d(v), dp);
            checked.rescale(dp);
            assert_eq!(round(d(v), dp), checked, "{v} to {dp}");
        }
    }

    #[test]
    fn a_negative_figure_on_a_page_has_a_true_minus() {
        // Every figure on a page goes through group_thousands: a negative
        // one is said "minus" by screen readers, and -0 is 0.
        assert_eq!(group_thousands(d("-1234567.890")), "−1,234,567.890");
        assert_eq!(measure(d("-0.84"), MeasureUnit::Percent, 2), "−0.84%");
        assert_eq!(
            measure(d("-3.25"), MeasureUnit::Per100k, 1),
            "−3.3 per 100,000"
        );
        assert_eq!(group_thousands(d("-0.00")), "0.00");
        assert_eq!(measure(d("-0.04"), MeasureUnit::Count, 1), "0.0");
    }
}

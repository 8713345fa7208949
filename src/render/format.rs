//! Formatting figures for pages: where numbers become text. A measured
//! figure's places and the display-rounding rule are in [`crate::shown`],
//! shared with `calc`, and re-exported here.
//!
//! Money keeps the precision it was written with ("£10.640m"); shares are
//! rounded half away from zero to one decimal place.

use crate::config::MoneyStyle;
use crate::model::{Money, MoneyUnit};
use rust_decimal::Decimal;

/// How a measured figure is shown is decided in [`crate::shown`], shared
/// with `calc`, which words the clerk's messages with the same rule.
pub use crate::shown::{
    apart_places, figure_places, gap_as_shown, group_thousands, measure, round, Gap,
};

/// The unit a figure is shown in under the site's money style.
pub fn display_unit(source: MoneyUnit, style: MoneyStyle) -> MoneyUnit {
    match style {
        MoneyStyle::AsSource => source,
        MoneyStyle::Unit(u) => u,
    }
}

/// A table cell: the bare number in the display unit, e.g. `10.640` or
/// `1,240`; a negative figure (an underspend, a deduction) with a true minus
/// sign: `−2.183`.
pub fn money_cell(money: Money, style: MoneyStyle) -> String {
    let m = money.to_unit(display_unit(money.unit, style));
    true_minus(group_thousands(m.amount))
}

/// Replaces a leading hyphen-minus with the true minus sign (U+2212), which
/// screen readers say as "minus" and which is as wide as a digit.
pub fn true_minus(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// A change between years in a table cell, signed both ways: `+36.5`, `−2.0`, `0`.
pub fn change_cell(money: Money, style: MoneyStyle) -> String {
    let text = money_cell(money, style);
    if money.amount.is_sign_positive() && !money.amount.is_zero() {
        format!("+{text}")
    } else {
        text
    }
}

/// A percentage change, signed both ways, to `places` decimal places: `+1.8%`, `−0.5%`.
pub fn change_percent(value: Decimal, places: u32) -> String {
    let r = round(value, places);
    let text = true_minus(r.to_string());
    if r.is_sign_positive() && !r.is_zero() {
        format!("+{text}%")
    } else {
        format!("{text}%")
    }
}

/// Money in prose: `£101.404m`, `£105,196k`, `£105,196,000`; a negative
/// amount is written `−£2.5m` with a true minus sign.
pub fn money_text(money: Money, style: MoneyStyle) -> String {
    let m = money.to_unit(display_unit(money.unit, style));
    let sign = if m.amount.is_sign_negative() && !m.amount.is_zero() {
        "−"
    } else {
        ""
    };
    let digits = group_thousands(m.amount.abs());
    match m.unit {
        MoneyUnit::Pounds => format!("{sign}£{digits}"),
        MoneyUnit::Thousands => format!("{sign}£{digits}k"),
        MoneyUnit::Millions => format!("{sign}£{digits}m"),
    }
}

/// Words for a unit in a caption: "£ million", "£ thousand", "£".
pub fn unit_caption(unit: MoneyUnit) -> &'static str {
    match unit {
        MoneyUnit::Pounds => "£",
        MoneyUnit::Thousands => "£000",
        MoneyUnit::Millions => "£m",
    }
}

/// A note shown under a table, after what it is about: `Carers: includes
/// respite`. A note that already begins with that label (a clerk copying
/// the source's footnote, "Carers: includes respite") is shown as written,
/// never as "Carers: Carers: includes respite".
pub fn labelled_note(label: &str, note: &str) -> String {
    let note = note.trim();
    let starts_with_label = note
        .get(..label.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(label))
        && note[label.len()..]
            .trim_start()
            .starts_with([':', '-', '–', '—']);
    if starts_with_label {
        note.to_string()
    } else {
        format!("{label}: {note}")
    }
}

/// Text with its first letter in capitals, as a table cell or a sentence
/// starts: "not published" → "Not published".
pub fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A share in per cent to one decimal place: `10.5%` (`−2.1%` for a deduction).
pub fn percent(value: Decimal) -> String {
    format!("{}%", true_minus(round(value, 1).to_string()))
}

/// An exact decimal for data files and `data-value`: every digit computed,
/// trailing zeros of a quotient dropped (`21.3`, not `21.300000…`), but a
/// figure's written digits kept (`10.640`).
pub fn exact(value: Decimal, written: bool) -> String {
    if written {
        value.to_string()
    } else {
        value.normalize().to_string()
    }
}

/// What names a meeting in lists and links: its date (`27 January 2016`,
/// `2017`), or, when the date is not stated, `Date not known` and its
/// folder name, so that two such meetings are told apart.
pub fn meeting_name(m: &crate::model::Meeting) -> String {
    match m.date {
        crate::model::MeetingDate::NotStated => format!("Date not known ({})", m.slug),
        known => known.long(),
    }
}

/// [`meeting_name`], followed by ` (date inferred)` when the clerk
/// inferred the date.
pub fn meeting_date(m: &crate::model::Meeting) -> String {
    match &m.date_inferred {
        Some(_) => format!("{} (date inferred)", meeting_name(m)),
        None => meeting_name(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn a_note_never_repeats_its_label() {
        assert_eq!(
            labelled_note("Carers", "includes respite"),
            "Carers: includes respite"
        );
        assert_eq!(
            labelled_note("Carers", "Carers: includes respite"),
            "Carers: includes respite"
        );
        assert_eq!(
            labelled_note("Carers", "carers – includes respite"),
            "carers – includes respite"
        );
        // A note that only begins with the same word is still labelled.
        assert_eq!(
            labelled_note("Care", "Carers are included"),
            "Care: Carers are included"
        );
        assert_eq!(labelled_note("Café", "Caf"), "Café: Caf");
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("literal")
    }

    #[test]
    fn money_keeps_written_precision_and_converts_by_style() {
        let m = Money::new(d("101.404"), MoneyUnit::Millions);
        assert_eq!(money_text(m, MoneyStyle::AsSource), "£101.404m");
        assert_eq!(
            money_text(m, MoneyStyle::Unit(MoneyUnit::Thousands)),
            "£101,404k"
        );
        assert_eq!(
            money_text(m, MoneyStyle::Unit(MoneyUnit::Pounds)),
            "£101,404,000"
        );
        let k = Money::new(d("105196"), MoneyUnit::Thousands);
        assert_eq!(money_text(k, MoneyStyle::AsSource), "£105,196k");
        assert_eq!(
            money_text(k, MoneyStyle::Unit(MoneyUnit::Millions)),
            "£105.196m"
        );
        assert_eq!(money_cell(k, MoneyStyle::AsSource), "105,196");
        assert_eq!(
            money_text(
                Money::new(d("-2.5"), MoneyUnit::Millions),
                MoneyStyle::AsSource
            ),
            "−£2.5m"
        );
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(d("10.45"), 1).to_string(), "10.5");
        assert_eq!(round(d("-10.45"), 1).to_string(), "-10.5");
        assert_eq!(round(d("10.44"), 1).to_string(), "10.4");
        assert_eq!(round(d("95"), 1).to_string(), "95.0");
        assert_eq!(percent(d("10.4927")), "10.5%");
        assert_eq!(percent(d("-2.15")), "−2.2%");
        assert_eq!(percent(d("-0.04")), "0.0%");
        assert_eq!(change_percent(d("1.825"), 1), "+1.8%");
        assert_eq!(change_percent(d("-0.05"), 1), "−0.1%");
        assert_eq!(change_percent(d("1.895"), 2), "+1.90%");
    }

    #[test]
    fn negative_money_has_a_true_minus_sign() {
        let m = Money::new(d("-2.183"), MoneyUnit::Millions);
        assert_eq!(money_cell(m, MoneyStyle::AsSource), "−2.183");
        assert_eq!(
            money_cell(m, MoneyStyle::Unit(MoneyUnit::Thousands)),
            "−2,183"
        );
        assert_eq!(change_cell(m, MoneyStyle::AsSource), "−2.183");
        let up = Money::new(d("36.5"), MoneyUnit::Thousands);
        assert_eq!(change_cell(up, MoneyStyle::AsSource), "+36.5");
        assert_eq!(
            change_cell(
                Money::new(d("0"), MoneyUnit::Thousands),
                MoneyStyle::AsSource
            ),
            "0"
        );
    }

    #[test]
    fn figures_never_round_onto_a_threshold_they_miss() {
        let t = [d("95")];
        assert_eq!(figure_places(d("94.96"), 0, false, &t), 2);
        assert_eq!(figure_places(d("92.95"), 0, false, &[d("93")]), 2);
        assert_eq!(figure_places(d("95"), 0, true, &t), 0);
        assert_eq!(figure_places(d("91.5"), 0, true, &t), 1);
        assert_eq!(figure_places(d("91.5"), 0, false, &t), 0);
        // 9.449 is above 9.445 but would show as 9.4, below it; 9.45 is honest.
        assert_eq!(figure_places(d("9.449"), 1, false, &[d("9.445")]), 2);
        assert_eq!(exact(d("21.300"), false), "21.3");
        assert_eq!(exact(d("10.640"), true), "10.640");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(d("1240")), "1,240");
        assert_eq!(group_thousands(d("105196")), "105,196");
        assert_eq!(group_thousands(d("999")), "999");
    }
}

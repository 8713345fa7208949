//! Static bar charts as inline SVG: contributions by body, spending by scheme.
//!
//! A chart is a picture of a table that is shown beside it, never instead of
//! it: the SVG has `role="img"`, a `<title>` and a `<desc>` (named by
//! `aria-labelledby`) that give every figure in words, and a link to the
//! table. Every bar carries its label and its value as text, so nothing is
//! said by colour alone. There is no script and no inline style: geometry is
//! in SVG attributes, colours and type in the theme's CSS classes, and the
//! `viewBox` lets the chart scale. It is drawn for a narrow screen (300
//! units wide, 14-unit text, labels wrapped to that width), so at 320 CSS
//! px its text shows at 13.5 px, never below 12; the theme caps its width
//! on wide screens, where the text is about the body size (issue 17).
//!
//! Coordinates are worked out with exact decimals and rounded to one decimal
//! place (they are drawing positions, not published figures).

use super::format::round;
use super::views::TableView;
use rust_decimal::Decimal;
use serde::Serialize;

/// One bar to draw: its label, its exact value and the value as text.
pub(crate) struct Bar {
    pub(crate) label: String,
    pub(crate) value: Decimal,
    pub(crate) text: String,
}

/// A line of text at a position.
#[derive(Debug, Clone, Serialize)]
pub struct TextLine {
    pub x: String,
    pub y: String,
    pub text: String,
}

/// One bar with its label and value text, positioned.
#[derive(Debug, Clone, Serialize)]
pub struct BarView {
    pub label: Vec<TextLine>,
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    /// The bottom of the bar (where its piece of the zero line ends).
    pub bottom: String,
    /// Bars below zero get their own class (a pattern as well as a colour).
    pub negative: bool,
    pub value: TextLine,
}

/// A bar chart ready to place.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    /// The table the chart is drawn from, shown beside it.
    pub table_id: String,
    pub table_label: String,
    pub title: String,
    /// Every bar in words, for screen readers.
    pub desc: String,
    pub width: String,
    pub height: String,
    pub bars: Vec<BarView>,
    /// The zero line, drawn beside each bar (not through the labels).
    pub axis_x: String,
}

const WIDTH: i64 = super::chart::WIDTH;
const PAD: i64 = 4;
const LINE: i64 = 18;
const BAR: i64 = 18;
const GAP: i64 = 12;
/// Roughly how many characters of label fit on a line at the label size.
const WRAP: usize = 35;
/// A generous width per character of a value label, in user units.
const CHAR: i64 = 9;

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

fn coord(v: Decimal) -> String {
    round(v, 1).normalize().to_string()
}

/// Splits a label into lines of at most `WRAP` characters at spaces.
fn wrap(label: &str) -> Vec<String> {
    super::chart::wrap(label, WRAP)
}

/// A horizontal bar chart of `bars`, drawn from `table`. `None` when there
/// is nothing worth drawing (fewer than two bars, or all zero).
pub(crate) fn bar_chart(
    id: &str,
    title: String,
    bars: Vec<Bar>,
    table: &TableView,
) -> Option<ChartView> {
    if bars.len() < 2 {
        return None;
    }
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(Decimal::ZERO, Decimal::max);
    let min = bars
        .iter()
        .map(|b| b.value)
        .fold(Decimal::ZERO, Decimal::min);
    let range = max - min;
    if range.is_zero() {
        return None;
    }
    let value_space = bars
        .iter()
        .map(|b| b.text.chars().count() as i64 * CHAR)
        .max()
        .unwrap_or(0)
        + 2 * PAD;
    let plot = d(WIDTH - 2 * PAD - value_space).max(d(100));
    let zero = d(PAD) + (-min) / range * plot;
    let mut y = d(PAD);
    let mut views = Vec::new();
    for b in &bars {
        let label: Vec<TextLine> = wrap(&b.label)
            .into_iter()
            .map(|text| {
                y += d(LINE);
                TextLine {
                    x: coord(d(PAD)),
                    y: coord(y - d(3)),
                    text,
                }
            })
            .collect();
        let top = y + d(4);
        let length = b.value.abs() / range * plot;
        let negative = b.value.is_sign_negative() && !b.value.is_zero();
        let x = if negative { zero - length } else { zero };
        // The value sits after the end of a positive bar, and just right of
        // the zero line for a negative one (that side of its row is empty).
        let value_x = if negative {
            zero + d(PAD)
        } else {
            zero + length + d(PAD)
        };
        views.push(BarView {
            label,
            x: coord(x),
            y: coord(top),
            width: coord(length),
            height: coord(d(BAR)),
            bottom: coord(top + d(BAR)),
            negative,
            value: TextLine {
                x: coord(value_x),
                y: coord(top + d(BAR) - d(5)),
                text: b.text.clone(),
            },
        });
        y = top + d(BAR) + d(GAP);
    }
    let height = y + d(PAD);
    let words = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.text))
        .collect::<Vec<_>>()
        .join("; ");
    Some(ChartView {
        id: id.to_string(),
        table_id: table.id.clone(),
        table_label: table.label.clone(),
        desc: format!(
            "Bar chart with {} bars. {words}. The same figures are in the table “{}”.",
            bars.len(),
            table.label
        ),
        title,
        width: WIDTH.to_string(),
        height: coord(height),
        bars: views,
        axis_x: coord(zero),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn table() -> TableView {
        TableView {
            id: "t".into(),
            caption: "C".into(),
            label: "Table".into(),
            head: vec![],
            rows: vec![],
            foot: vec![],
            notes: vec![],
            downloads: None,
        }
    }

    fn bar(label: &str, v: &str) -> Bar {
        Bar {
            label: label.into(),
            value: Decimal::from_str(v).expect("d"),
            text: format!("£{v}m"),
        }
    }

    #[test]
    fn bars_are_proportional_and_labelled_in_words() {
        let c = bar_chart(
            "c",
            "Contributions".into(),
            vec![bar("KCC", "10.640"), bar("CCGs", "90.764")],
            &table(),
        )
        .expect("chart");
        assert_eq!(c.axis_x, "4");
        // The longer bar spans the plot; the shorter is in proportion.
        let w: Vec<Decimal> = c
            .bars
            .iter()
            .map(|b| Decimal::from_str(&b.width).expect("w"))
            .collect();
        // 300 wide, less padding and room for the widest value (8 × 9 + 8).
        assert_eq!(w[1].to_string(), "212");
        assert_eq!(w[0].to_string(), "24.9");
        assert_eq!(
            c.desc,
            "Bar chart with 2 bars. KCC: £10.640m; CCGs: £90.764m. The same figures are in the table “Table”."
        );
        assert_eq!(c.bars[1].value.text, "£90.764m");
    }

    #[test]
    fn negative_bars_go_left_of_the_zero_line() {
        let c = bar_chart(
            "c",
            "Balance".into(),
            vec![bar("Spend", "3"), bar("Underspend", "-1")],
            &table(),
        )
        .expect("chart");
        assert!(c.bars[1].negative);
        assert_eq!(c.bars[1].x, "4");
        assert_eq!(c.bars[0].x, c.axis_x);
    }

    #[test]
    fn long_labels_wrap_and_single_bars_are_not_drawn() {
        let long = "BCF schemes (Ringfenced CCG out of hospital commissioned services)";
        assert_eq!(
            wrap(long),
            [
                "BCF schemes (Ringfenced CCG out of",
                "hospital commissioned services)"
            ]
        );
        assert!(bar_chart("c", "t".into(), vec![bar("A", "1")], &table()).is_none());
    }
}

//! Static SVG bar charts of a progress series: one labelled bar per period
//! (oldest at the top) and the standard and targets as labelled reference
//! lines.
//!
//! This module only lays the chart out: it turns figures (already
//! formatted by the caller) into coordinates in a fixed `viewBox`, so the
//! chart scales to any width, and the `chart` macro in
//! `templates/charts.html` draws it. Every mark carries its value and
//! status in words; colour and dash patterns only repeat them. The
//! coordinates are rounded here, but they are never published as figures.

use super::format::{group_thousands, round};
use rust_decimal::Decimal;
use serde::Serialize;

/// Width of the chart in user units; the height follows from the rows.
/// Drawn for a narrow screen: at 320 CSS px the chart is about 290 px wide,
/// so its 14-unit text shows at 13.5 px (at least 12 px even beside a
/// scroll bar); the theme caps the figure's width so that on a wide screen
/// the text is about the body size, not larger (issue 17).
pub(crate) const WIDTH: i64 = 300;
const PAD: i64 = 8;
/// Height of one period with a one-line label: the label, then its bar.
const ROW: i64 = 44;
/// Height of each further line of a label.
const LINE: i64 = 18;
const KEY_ROW: i64 = 20;
/// Generous width of a character of the chart's 14-unit text, in tenths
/// of a unit, for wrapping and placing labels and the backgrounds that
/// keep lines off them.
const CHAR_TENTHS: i64 = 80;

/// The estimated width of a label.
fn text_width(text: &str) -> Decimal {
    Decimal::new(text.chars().count() as i64 * CHAR_TENTHS, 1)
}

/// Splits `text` at spaces into lines of at most `max` characters (a word
/// longer than that keeps a line of its own).
pub(crate) fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Wraps a chart label: on one line when it fits, else after its colon
/// ("February to April 2017:" / "21.3, not met") when both parts fit, else
/// at spaces.
fn wrap_label(text: &str, max: usize) -> Vec<String> {
    if text.chars().count() <= max {
        return vec![text.to_string()];
    }
    if let Some((head, tail)) = text.split_once(": ") {
        if head.chars().count() < max && tail.chars().count() <= max {
            return vec![format!("{head}:"), tail.to_string()];
        }
    }
    wrap(text, max)
}

/// How many characters of label fit across the plot.
fn line_chars() -> usize {
    ((WIDTH - 2 * PAD - 4) * 10 / CHAR_TENTHS) as usize
}

/// One line of a label and its baseline.
#[derive(Debug, Serialize)]
pub(crate) struct LabelLine {
    pub(crate) text: String,
    pub(crate) y: String,
}

/// One bar of the chart, as the caller describes it.
pub(crate) struct Bar {
    /// "February to April 2017: 21.3, not met".
    pub(crate) label: String,
    /// `None` for a period with no figure: its row is labelled, and no
    /// bar (and nothing that looks like one) is drawn.
    pub(crate) value: Option<Decimal>,
    /// Status slug, for the bar's class.
    pub(crate) slug: &'static str,
}

/// A reference line: a standard's threshold or a target.
pub(crate) struct Reference {
    /// "Standard: at most 9.4".
    pub(crate) label: String,
    pub(crate) value: Decimal,
    /// The bars (first, last) it applies to.
    pub(crate) rows: (usize, usize),
    /// `standard` or `target`.
    pub(crate) kind: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct ChartView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) desc: String,
    pub(crate) width: i64,
    pub(crate) height: i64,
    pub(crate) rows: Vec<RowMark>,
    pub(crate) lines: Vec<LineMark>,
    pub(crate) axis_y: String,
    /// The bottom of the tick marks.
    pub(crate) tick_y: String,
    pub(crate) x0: String,
    pub(crate) x1: String,
    pub(crate) ticks: Vec<Tick>,
    pub(crate) unit_label: String,
    pub(crate) unit_y: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct RowMark {
    /// The label, wrapped to the chart's width.
    pub(crate) lines: Vec<LabelLine>,
    /// A background behind the label, so reference lines never cross its text.
    pub(crate) bg_y: String,
    pub(crate) bg_width: String,
    pub(crate) bg_height: String,
    pub(crate) bar_x: String,
    pub(crate) bar_y: String,
    pub(crate) bar_width: String,
    pub(crate) bar_height: String,
    /// False for a period with no figure.
    pub(crate) has_bar: bool,
    pub(crate) slug: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct LineMark {
    pub(crate) kind: &'static str,
    /// The label in the key, wrapped to the chart's width.
    pub(crate) lines: Vec<LabelLine>,
    pub(crate) label_x: String,
    pub(crate) anchor: &'static str,
    pub(crate) bg_x: String,
    pub(crate) bg_y: String,
    pub(crate) bg_width: String,
    pub(crate) bg_height: String,
    pub(crate) x: String,
    /// From the key to the first row the line applies to (dotted leader).
    pub(crate) leader_y1: String,
    pub(crate) leader_y2: String,
    pub(crate) has_leader: bool,
    /// Across the rows it applies to.
    pub(crate) y1: String,
    pub(crate) y2: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Tick {
    pub(crate) x: String,
    pub(crate) label: String,
    pub(crate) anchor: &'static str,
}

fn coord(v: Decimal) -> String {
    round(v, 1).normalize().to_string()
}

/// A step of 1, 2, 2.5 or 5 × 10ⁿ that splits `span` into about four parts.
fn nice_step(span: Decimal) -> Decimal {
    let raw = span / Decimal::from(4);
    if raw <= Decimal::ZERO {
        return Decimal::ONE;
    }
    let ten = Decimal::TEN;
    let mut p = Decimal::ONE;
    while p * ten <= raw {
        p *= ten;
    }
    while p > raw {
        p /= ten;
    }
    [
        Decimal::ONE,
        Decimal::TWO,
        Decimal::new(25, 1),
        Decimal::from(5),
        ten,
    ]
    .iter()
    .map(|m| m * p)
    .find(|s| *s >= raw)
    .unwrap_or(ten * p)
}

/// Lays out the chart. `cap` is the largest meaningful value (100 for
/// percentages) so that the scale does not run past it.
pub(crate) fn layout(
    id: &str,
    title: String,
    desc: String,
    bars: &[Bar],
    refs: &[Reference],
    unit_label: &str,
    cap: Option<Decimal>,
) -> ChartView {
    let values = bars
        .iter()
        .filter_map(|b| b.value)
        .chain(refs.iter().map(|r| r.value));
    let max = values.clone().fold(Decimal::ZERO, Decimal::max);
    let min = values.fold(Decimal::ZERO, Decimal::min);
    let step = nice_step(max - min);
    let mut top = (max / step).ceil() * step;
    if top == Decimal::ZERO {
        top = step;
    }
    if let Some(c) = cap {
        if max <= c && top > c {
            top = c;
        }
    }
    let bottom = if min < Decimal::ZERO {
        (min / step).floor() * step
    } else {
        Decimal::ZERO
    };
    let (x0, x1) = (Decimal::from(PAD), Decimal::from(WIDTH - PAD));
    let scale = |v: Decimal| x0 + (v - bottom) * (x1 - x0) / (top - bottom);

    let chars = line_chars();
    let key_lines: Vec<Vec<String>> = refs.iter().map(|r| wrap_label(&r.label, chars)).collect();
    // The first key line of each reference, counted from the top.
    let mut key_first = Vec::with_capacity(refs.len());
    let mut n = 0;
    for l in &key_lines {
        key_first.push(n);
        n += l.len() as i64;
    }
    let key_height = if refs.is_empty() { 0 } else { n * KEY_ROW + 6 };
    let row_lines: Vec<Vec<String>> = bars.iter().map(|b| wrap_label(&b.label, chars)).collect();
    let row_height = |i: usize| ROW + (row_lines[i].len() as i64 - 1) * LINE;
    let mut tops = Vec::with_capacity(bars.len() + 1);
    let mut top_y = key_height;
    for i in 0..bars.len() {
        tops.push(top_y);
        top_y += row_height(i);
    }
    tops.push(top_y);
    let row_top = |i: usize| tops[i];
    let widest = |lines: &[String]| {
        lines
            .iter()
            .map(|l| text_width(l))
            .fold(Decimal::ZERO, Decimal::max)
    };
    let rows: Vec<RowMark> = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let value = b.value.unwrap_or_default();
            let (from, to) = if value < Decimal::ZERO {
                (scale(value), scale(Decimal::ZERO))
            } else {
                (scale(Decimal::ZERO), scale(value))
            };
            let extra = (row_lines[i].len() as i64 - 1) * LINE;
            RowMark {
                lines: row_lines[i]
                    .iter()
                    .enumerate()
                    .map(|(k, text)| LabelLine {
                        text: text.clone(),
                        y: (row_top(i) + 15 + k as i64 * LINE).to_string(),
                    })
                    .collect(),
                bg_y: (row_top(i) + 2).to_string(),
                bg_width: coord(widest(&row_lines[i]) + Decimal::from(4)),
                bg_height: (17 + extra).to_string(),
                bar_x: coord(from),
                bar_y: (row_top(i) + 20 + extra).to_string(),
                bar_width: coord(to - from),
                bar_height: "16".into(),
                has_bar: b.value.is_some(),
                slug: b.slug,
            }
        })
        .collect();
    let plot_bottom = row_top(bars.len());
    let lines = refs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let x = scale(r.value);
            let width = widest(&key_lines[i]);
            let (label_x, anchor) = if x + width <= x1 {
                (x, "start")
            } else if x - width >= x0 {
                (x, "end")
            } else {
                ((x1 - width).max(x0), "start")
            };
            let label_y = key_first[i] * KEY_ROW + 15;
            let last_label_y = label_y + (key_lines[i].len() as i64 - 1) * KEY_ROW;
            let bg_x = match anchor {
                "end" => label_x - width - Decimal::TWO,
                _ => label_x - Decimal::TWO,
            };
            let first = row_top(r.rows.0) + 2;
            let last = row_top(r.rows.1) + row_height(r.rows.1) - 4;
            let leader_y1 = last_label_y + 4;
            // A line that applies from the first bar joins its label; one
            // that starts lower down is joined to it by a dotted leader.
            let joined = r.rows.0 == 0;
            LineMark {
                kind: r.kind,
                lines: key_lines[i]
                    .iter()
                    .enumerate()
                    .map(|(k, text)| LabelLine {
                        text: text.clone(),
                        y: (label_y + k as i64 * KEY_ROW).to_string(),
                    })
                    .collect(),
                label_x: coord(label_x),
                anchor,
                bg_x: coord(bg_x),
                bg_y: (label_y - 13).to_string(),
                bg_width: coord(width + Decimal::from(4)),
                bg_height: (17 + (key_lines[i].len() as i64 - 1) * KEY_ROW).to_string(),
                x: coord(x),
                has_leader: !joined,
                leader_y1: leader_y1.to_string(),
                leader_y2: first.to_string(),
                y1: if joined { leader_y1 } else { first }.to_string(),
                y2: last.to_string(),
            }
        })
        .collect();
    let mut ticks = Vec::new();
    let mut t = bottom;
    while t <= top {
        let anchor = if t == bottom {
            "start"
        } else if t + step > top {
            "end"
        } else {
            "middle"
        };
        ticks.push(Tick {
            x: coord(scale(t)),
            label: group_thousands(t.normalize()),
            anchor,
        });
        t += step;
    }
    if ticks
        .last()
        .is_none_or(|l| l.label != group_thousands(top.normalize()))
    {
        if let Some(l) = ticks.last_mut() {
            l.anchor = "middle";
        }
        ticks.push(Tick {
            x: coord(x1),
            label: group_thousands(top.normalize()),
            anchor: "end",
        });
    }
    ChartView {
        id: id.to_string(),
        title,
        desc,
        width: WIDTH,
        height: plot_bottom + 44,
        rows,
        lines,
        axis_y: (plot_bottom + 2).to_string(),
        tick_y: (plot_bottom + 6).to_string(),
        x0: coord(x0),
        x1: coord(x1),
        ticks,
        unit_label: unit_label.to_string(),
        unit_y: (plot_bottom + 38).to_string(),
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
    fn nice_steps() {
        assert_eq!(nice_step(d("21.3")), d("10"));
        assert_eq!(nice_step(d("100")), d("25"));
        assert_eq!(nice_step(d("8")), d("2"));
        assert_eq!(nice_step(d("0.3")), d("0.1"));
    }

    #[test]
    fn scales_values_and_lines_in_the_viewbox() {
        let c = layout(
            "c",
            "t".into(),
            "d".into(),
            &[Bar {
                label: "February to April 2017: 21.3, not met".into(),
                value: Some(d("21.3")),
                slug: "not-met",
            }],
            &[
                Reference {
                    label: "Standard: at most 9.4".into(),
                    value: d("9.4"),
                    rows: (0, 0),
                    kind: "standard",
                },
                Reference {
                    label: "Expected level: 11.1".into(),
                    value: d("11.1"),
                    rows: (0, 0),
                    kind: "target",
                },
            ],
            "rate per 100,000",
            None,
        );
        // Scale 0–30 over x 8–292: 21.3 → 8 + 21.3 × 284 / 30 = 209.64.
        // The label is wider than the 35 characters that fit: it wraps
        // after its colon, and its bar moves down a line.
        let lines: Vec<&str> = c.rows[0].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(lines, ["February to April 2017:", "21.3, not met"]);
        assert_eq!(c.rows[0].bg_width, "188");
        assert_eq!(c.rows[0].bar_x, "8");
        assert_eq!(c.rows[0].bar_width, "201.6");
        assert_eq!(c.lines[0].x, "97");
        // "Standard: at most 9.4" fits on one line.
        assert_eq!(c.lines[0].lines.len(), 1);
        let ticks: Vec<&str> = c.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(ticks, ["0", "10", "20", "30"]);
        assert_eq!(c.height, 46 + 44 + 18 + 44);
    }

    #[test]
    fn long_labels_wrap_at_the_colon_or_at_spaces() {
        assert_eq!(
            wrap_label("Standard: at most 9.4", 35),
            ["Standard: at most 9.4"]
        );
        assert_eq!(
            wrap_label("Expected level for Southampton: 11.1 per 100,000", 35),
            ["Expected level for Southampton:", "11.1 per 100,000"]
        );
        assert_eq!(
            wrap_label("October to December 2016 and January 2017 provisional", 35),
            ["October to December 2016 and", "January 2017 provisional"]
        );
    }

    #[test]
    fn percentages_stop_at_100() {
        let c = layout(
            "c",
            "t".into(),
            "d".into(),
            &[Bar {
                label: "x".into(),
                value: Some(d("91.5")),
                slug: "not-met",
            }],
            &[],
            "per cent",
            Some(d("100")),
        );
        let ticks: Vec<&str> = c.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(ticks, ["0", "25", "50", "75", "100"]);
    }
}

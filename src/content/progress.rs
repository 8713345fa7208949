//! Progress files: `content/progress/<series>.toml` → [`ProgressSeries`]:
//! figures for one standard in one area, by period, each with its source,
//! and any local targets.

use super::standards::{RawCitation, RawTolerance};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{
    AgainstTarget, BlankPeriod, Change, Comparator, Doubtful, FigureValue, Metric, OverUnder,
    Period, Polarity, ProgressFigure, ProgressSeries, StatedGap, Target, TargetValue,
};
use crate::source::{SourceFile, Spanned, TomlReader};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    standard: Option<Spanned<String>>,
    /// A measure with no standard or target, instead of `standard`.
    metric: Option<Spanned<RawMetric>>,
    area: Spanned<String>,
    /// The standards sets the series belongs to.
    #[serde(default)]
    sets: Vec<Spanned<String>>,
    next_update: Option<Spanned<toml::Value>>,
    updated: Option<Spanned<toml::Value>>,
    note: Option<Spanned<String>>,
    /// The source of every figure that does not give its own.
    source: Option<RawCitation>,
    #[serde(default)]
    figures: Vec<Spanned<RawFigure>>,
    #[serde(default)]
    targets: Vec<Spanned<RawTarget>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigure {
    period: Spanned<String>,
    value: Option<Spanned<toml::Value>>,
    numerator: Option<Spanned<toml::Value>>,
    denominator: Option<Spanned<toml::Value>>,
    count: Option<Spanned<toml::Value>>,
    population: Option<Spanned<toml::Value>>,
    source: Option<RawCitation>,
    note: Option<Spanned<String>>,
    /// No figure for the period, and why: `blank = "not published"`.
    blank: Option<Spanned<String>>,
    /// Why the clerk inferred the period (the source did not print it).
    period_inferred: Option<Spanned<String>>,
    /// A status in the source's words: "On track".
    stated_status: Option<Spanned<String>>,
    /// The source's statement of the figure against its target.
    against_target: Option<Spanned<RawAgainst>>,
    /// The source marks the figure as not firm, and why:
    /// `doubtful = "provisional: subject to validation"`.
    doubtful: Option<Spanned<String>>,
    /// The symbol the source prints beside a doubtful figure: `"P"`.
    marker: Option<Spanned<String>>,
}

/// `metric = { name = "…", unit = "count", polarity = "lower-is-better" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetric {
    name: Spanned<String>,
    description: Option<Spanned<String>>,
    unit: Spanned<String>,
    can_exceed_100: Option<Spanned<bool>>,
    precision: Option<u32>,
    polarity: Option<Spanned<String>>,
}

/// `against_target = { text = "4.3% over target", percent = 4.3, direction = "over" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgainst {
    text: Spanned<String>,
    percent: Option<Spanned<toml::Value>>,
    amount: Option<Spanned<toml::Value>>,
    direction: Spanned<String>,
    target: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    name: Spanned<String>,
    value: Option<Spanned<toml::Value>>,
    baseline: Option<Spanned<String>>,
    baseline_value: Option<Spanned<toml::Value>>,
    reduce_by_percent: Option<Spanned<toml::Value>>,
    increase_by_percent: Option<Spanned<toml::Value>>,
    reduce_by: Option<Spanned<toml::Value>>,
    increase_by: Option<Spanned<toml::Value>>,
    period: Option<Spanned<String>>,
    comparator: Option<Spanned<String>>,
    tolerance: Option<Spanned<RawTolerance>>,
    source: Option<RawCitation>,
    note: Option<Spanned<String>>,
}

/// What to do instead of writing words where a figure goes, in a series.
const FIGURE_BLANK_HINT: &str = "where the source published no figure for a period, leave the period out (the page then says \"No data published\"); to say why, write `blank = \"not published\"` in place of `value`";

/// The reason a figure is blank, in words: `blank = "-"` says nothing.
pub(super) fn blank_reason(r: &mut TomlReader<'_>, v: &Spanned<String>) -> Option<String> {
    let reason = v.get_ref().trim();
    if reason.chars().any(char::is_alphabetic) {
        return Some(reason.to_string());
    }
    r.error_at(
        v,
        Diagnostic::error(if reason.is_empty() {
            "\"blank\" is empty".to_string()
        } else {
            format!("blank \"{reason}\" does not say why there is no figure")
        })
        .hint("say why in words, as the source does: blank = \"not published\", blank = \"suppressed: fewer than 5\""),
    )
}

/// `doubtful = "provisional: subject to validation"` with an optional
/// `marker = "P"`: the reason must be words, the marker a short symbol.
fn doubtful(
    r: &mut TomlReader<'_>,
    reason: &Option<Spanned<String>>,
    marker: &Option<Spanned<String>>,
) -> Option<Doubtful> {
    let Some(reason) = reason else {
        if let Some(m) = marker {
            r.error_at::<_, ()>(
                m,
                Diagnostic::error("a marker without `doubtful`")
                    .hint("`marker` is the symbol the source prints beside a doubtful figure; say why the figure is doubtful with doubtful = \"provisional: subject to validation\""),
            );
        }
        return None;
    };
    let text = reason.get_ref().trim();
    if !text.chars().any(char::is_alphabetic) {
        return r.error_at(
            reason,
            Diagnostic::error(if text.is_empty() {
                "\"doubtful\" is empty".to_string()
            } else {
                format!("doubtful \"{text}\" does not say why the figure is doubtful")
            })
            .hint("say why in words, as the source's footnote does: doubtful = \"provisional: subject to validation\"; put the symbol it prints in `marker`"),
        );
    }
    // "P", "R", "E": the symbol the source prints, copied for its meaning.
    if text.chars().count() <= 2 {
        let word = match text.to_lowercase().as_str() {
            "r" => "revised",
            "e" => "estimated",
            _ => "provisional",
        };
        return r.error_at(
            reason,
            Diagnostic::error(format!(
                "doubtful \"{text}\" is a marker, not why the figure is doubtful"
            ))
            .hint(format!(
                "say what the marker means in words, as the source's footnote does, and put the symbol in `marker`: doubtful = \"{word}: …\", marker = \"{text}\""
            )),
        );
    }
    let marker = match marker {
        Some(m) => {
            let sym = m.get_ref().trim();
            if sym.is_empty() || sym.chars().count() > 3 {
                return r.error_at(
                    m,
                    Diagnostic::error(format!("marker \"{sym}\" is not a short symbol"))
                        .hint("write the symbol the source prints beside the figure, up to 3 characters: marker = \"P\"; the reason goes in `doubtful`"),
                );
            }
            Some(sym.to_string())
        }
        None => None,
    };
    Some(Doubtful {
        reason: text.to_string(),
        marker,
    })
}

/// For a time written as a clock prints it, `00:29:36` (hours, minutes
/// and seconds) or `07:10` (minutes and seconds), the hint to write it in
/// minutes as a decimal: "value = 29.6 (00:29:36 is 29 minutes 36
/// seconds)"; `None` for anything else.
fn time_hint(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(':').collect();
    let number = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m, s] => (number(h)?, number(m)?, number(s)?),
        [m, s] => (0, number(m)?, number(s)?),
        _ => return None,
    };
    if minutes >= 60 && parts.len() == 3 || seconds >= 60 {
        return None;
    }
    let whole = hours * 60 + minutes;
    let exact = rust_decimal::Decimal::from(whole)
        + rust_decimal::Decimal::from(seconds) / rust_decimal::Decimal::from(60);
    let places = exact.normalize().scale();
    let (value, rounded) = if places <= 2 {
        (exact.normalize(), "")
    } else {
        (
            exact.round_dp(2),
            "; write it to the places the source prints",
        )
    };
    let reading = format!(
        "write the time in minutes as a decimal: value = {value} ({text} is {whole} minute{} {seconds} second{}{rounded})",
        if whole == 1 { "" } else { "s" },
        if seconds == 1 { "" } else { "s" },
    );
    // Two parts may be hours and minutes (time in the department) as well
    // as minutes and seconds (an ambulance response): both are given, so
    // that the clerk chooses, never a figure 60 times too small.
    if let [h, m] = parts.as_slice() {
        let (h, m) = (number(h)?, number(m)?);
        if m < 60 {
            return Some(format!(
                "{reading}; if {text} is hours and minutes, value = {} ({h} hour{} {m} minute{})",
                h * 60 + m,
                if h == 1 { "" } else { "s" },
                if m == 1 { "" } else { "s" },
            ));
        }
    }
    Some(reading)
}

/// A figure: a number, exactly as written. Words where a figure should
/// be ("not published", "n/a", "-", "*", "c") are reported as what they
/// are, with `blank_hint` saying how to record a missing figure.
pub(super) fn figure_number(
    r: &mut TomlReader<'_>,
    v: &Spanned<toml::Value>,
    blank_hint: &str,
) -> Option<rust_decimal::Decimal> {
    if let toml::Value::String(s) = v.get_ref() {
        if let Some(hint) = time_hint(s.trim()) {
            return r.error_at(
                v,
                Diagnostic::error(format!("\"{}\" is a time, not a figure", s.trim())).hint(hint),
            );
        }
        if !s.chars().any(|c| c.is_ascii_digit()) {
            return r.error_at(
                v,
                Diagnostic::error(format!("\"{}\" is not a figure", s.trim()))
                    .label("words or a symbol where a number should be")
                    .hint(blank_hint.to_string()),
            );
        }
    }
    r.decimal(v).map(|d| d.value)
}

const PERIOD_HINT: &str = "write a month 2016-12, a run of months 2017-02..2017-04, a quarter of the financial year 2016/17 Q3, a financial year 2016/17 or a calendar year 2016";

/// Parses a period: `2016-12`, `2017-02..2017-04`, `2016/17 Q3` (or
/// `Q3 2016/17`), `2016/17`, `2016`.
pub fn parse_period(text: &str) -> Option<Period> {
    let year = |s: &str| -> Option<i32> {
        let y: i32 = (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()?;
        (1900..3000).contains(&y).then_some(y)
    };
    let month = |s: &str| -> Option<(i32, u32)> {
        let (y, m) = s.split_once('-')?;
        let m: u32 = (m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()))
            .then(|| m.parse().ok())
            .flatten()?;
        (1..=12).contains(&m).then_some((year(y)?, m))
    };
    // 2016/17 or 2016/2017
    let fy = |s: &str| -> Option<i32> {
        let (a, b) = s.split_once('/')?;
        let a = year(a)?;
        let next = match b.len() {
            2 => b.parse::<i32>().ok()? == (a + 1) % 100,
            4 => b.parse::<i32>().ok()? == a + 1,
            _ => false,
        };
        next.then_some(a)
    };
    let quarter = |s: &str| -> Option<u32> {
        let q: u32 = s.strip_prefix('Q')?.parse().ok()?;
        (1..=4).contains(&q).then_some(q)
    };
    let t = text.trim();
    if let Some((from, to)) = t.split_once("..") {
        let (from, to) = (month(from.trim())?, month(to.trim())?);
        return (from <= to).then_some(Period::Months { from, to });
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    match words.as_slice() {
        [a, b] => {
            let (fy_text, q) = match (quarter(a), quarter(b)) {
                (None, Some(q)) => (*a, q),
                (Some(q), None) => (*b, q),
                _ => return None,
            };
            Some(Period::Quarter {
                start_year: fy(fy_text)?,
                quarter: q,
            })
        }
        [one] => {
            if let Some(m) = month(one) {
                Some(Period::Months { from: m, to: m })
            } else if let Some(y) = fy(one) {
                Some(Period::FinancialYear { start_year: y })
            } else {
                year(one).map(|year| Period::CalendarYear { year })
            }
        }
        _ => None,
    }
}

/// The month a period written another way means: `Aug-24`, `August
/// 2024` or `2024-8` is August 2024 (`2024-08`).
pub(super) fn month_meant(text: &str) -> Option<crate::model::YearMonth> {
    let t = text.trim();
    // 2024-8: a month without its leading zero.
    if let Some((y, m)) = t.split_once('-') {
        if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && m.len() == 1 {
            let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
            return (1..=9).contains(&m).then_some((y, m));
        }
    }
    match super::plan::bare_period(t)? {
        Period::Months { from, to } if from == to => Some(from),
        _ => None,
    }
}

/// Reads a period field (`field`, for the hint), reporting an unknown one
/// at its location.
pub(super) fn read_period(
    r: &mut TomlReader<'_>,
    v: &Spanned<String>,
    field: &str,
) -> Option<Period> {
    if let Some(p) = parse_period(v.get_ref()) {
        return Some(p);
    }
    let text = v.get_ref().trim();
    // 2016-17 is ambiguous: December 2016 would be 2016-12.
    let hint = match text.split_once('-') {
        Some((a, b)) if a.len() == 4 && b.len() == 2 && b.parse::<u32>().is_ok_and(|m| m > 12) => {
            // 2016-17 is a financial year; 2016-13 is a month that does not exist.
            let next = a.parse::<i32>().map(|y| (y + 1).rem_euclid(100));
            if b.parse::<i32>() == next {
                format!("write a financial year with a slash: {a}/{b}")
            } else {
                format!("there is no month {b}: write a month from {a}-01 to {a}-12")
            }
        }
        _ => match month_meant(text) {
            Some((y, m)) => {
                format!("write the month as year and month, YYYY-MM: {field} = \"{y}-{m:02}\"")
            }
            None => PERIOD_HINT.to_string(),
        },
    };
    r.error_at(
        v,
        Diagnostic::error(format!("unknown period \"{text}\"")).hint(hint),
    )
}

/// Parses one progress series; `id` is its file name without `.toml`.
pub fn parse_progress(
    id: &str,
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<ProgressSeries> {
    let mut r = TomlReader::new(file, 0, diags);
    let raw: RawSeries = r.parse(&file.text.clone())?;
    let series_source = raw.source.as_ref().map(|c| c.read(&mut r));
    let mut figures = Vec::new();
    let mut blanks = Vec::new();
    for f in &raw.figures {
        let location = r.loc_of(f);
        let f = f.get_ref();
        let Some(period) = read_period(&mut r, &f.period, "period") else {
            continue;
        };
        let period_inferred = r.opt_text(&f.period_inferred, "period_inferred");
        let note = r.opt_text(&f.note, "note");
        if let Some(blank) = &f.blank {
            if let Some(d) = &f.doubtful {
                r.error_at::<_, ()>(
                    d,
                    Diagnostic::error("a blank period has no figure to be doubtful")
                        .hint("`doubtful` marks a figure the source prints as provisional or revised; a period with no figure only needs `blank` and why"),
                );
            }
            let numbers = [
                &f.value,
                &f.numerator,
                &f.denominator,
                &f.count,
                &f.population,
            ];
            if numbers.iter().any(|n| n.is_some()) {
                r.error_at::<_, ()>(
                    blank,
                    Diagnostic::error("a figure is either published or blank, not both")
                        .hint("keep `blank` (and say why) where the source gives no figure; otherwise remove it"),
                );
                continue;
            }
            let Some(reason) = blank_reason(&mut r, blank) else {
                continue;
            };
            blanks.push(BlankPeriod {
                period,
                reason,
                source: f
                    .source
                    .as_ref()
                    .map(|c| c.read(&mut r))
                    .or_else(|| series_source.clone()),
                note,
                period_inferred,
                location,
            });
            continue;
        }
        // A field that was written but is not a figure has been reported;
        // saying the figure is missing as well would only confuse.
        let mut unreadable = false;
        let mut num = |v: &Option<Spanned<toml::Value>>| {
            let n = v.as_ref()?;
            let read = figure_number(&mut r, n, FIGURE_BLANK_HINT);
            unreadable |= read.is_none();
            read
        };
        let given = (
            num(&f.value),
            num(&f.numerator),
            num(&f.denominator),
            num(&f.count),
            num(&f.population),
        );
        if unreadable {
            continue;
        }
        // The parts of a percentage or rate count people or events: -50 ÷
        // -100 would otherwise be published as 50%, and a count of -5 as a
        // rate that meets an "at most" standard.
        let parts = [
            ("numerator", &f.numerator, given.1),
            ("denominator", &f.denominator, given.2),
            ("count", &f.count, given.3),
            ("population", &f.population, given.4),
        ];
        let mut negative = false;
        for (field, raw, v) in parts {
            if let (Some(raw), Some(v)) = (raw, v) {
                if v.is_sign_negative() && !v.is_zero() {
                    negative = true;
                    r.error_at::<_, ()>(
                        raw,
                        Diagnostic::error(format!("{field} {v} is below zero"))
                            .hint("write the number the source gives: a numerator, denominator, count or population counts people or events, and is never below zero"),
                    );
                }
            }
        }
        if negative {
            continue;
        }
        // Nothing to work a percentage or rate out of: its own error, not
        // a numerator "more than its denominator 0".
        let mut zero = false;
        for (field, what, raw, v) in [
            ("denominator", "percentage", &f.denominator, given.2),
            ("population", "rate", &f.population, given.4),
        ] {
            if let (Some(raw), Some(v)) = (raw, v) {
                if v.is_zero() {
                    zero = true;
                    r.error_at::<_, ()>(
                        raw,
                        Diagnostic::error(format!(
                            "the {field} is 0, so there is no {what} to work out"
                        ))
                        .hint(format!("the {field} counts everyone the measure is about, so it is never 0: check the figure against the source; where the source gives no {what} for this period, leave the period out or write blank = \"…\" saying why")),
                    );
                }
            }
        }
        if zero {
            continue;
        }
        let value = match given {
            (Some(v), None, None, None, None) => FigureValue::Direct(v),
            (printed, Some(numerator), Some(denominator), None, None) => FigureValue::Ratio {
                numerator,
                denominator,
                printed,
            },
            (printed, None, None, Some(count), Some(population)) => FigureValue::Rate {
                count,
                population,
                printed,
            },
            _ => {
                r.diags.push(
                    Diagnostic::error(
                        "a figure needs a value, or numerator and denominator, or count and population (not both pairs)",
                    )
                    .at(location.clone())
                    .hint("where no figure was published, leave the period out, or write `blank = \"not published\"` (saying why): the page then says no data was published"),
                );
                continue;
            }
        };
        let source = match (&f.source, &series_source) {
            (Some(c), _) => c.read(&mut r),
            (None, Some(c)) => c.clone(),
            (None, None) => {
                r.diags.push(
                    Diagnostic::error("a figure needs a source")
                        .at(location.clone())
                        .hint("add source = { publisher = …, title = …, url = …, published = … } to the figure, or one [source] for the whole series"),
                );
                continue;
            }
        };
        let stated_status = f.stated_status.as_ref().map(|v| {
            r.text(
                v,
                "stated_status",
                "write the status in the source's words: \"On track\"",
            );
            r.located(v)
        });
        let against_target = f.against_target.as_ref().and_then(|a| against(&mut r, a));
        let doubtful = doubtful(&mut r, &f.doubtful, &f.marker);
        figures.push(ProgressFigure {
            period,
            value,
            source,
            note,
            period_inferred,
            stated_status,
            against_target,
            doubtful,
            location,
            value_location: f.value.as_ref().map(|v| r.loc_of(v)),
            numerator_location: f.numerator.as_ref().map(|v| r.loc_of(v)),
            divisor_location: f
                .denominator
                .as_ref()
                .or(f.population.as_ref())
                .map(|v| r.loc_of(v)),
        });
    }
    figures.sort_by_key(|f| f.period);
    blanks.sort_by_key(|b| b.period);
    let mut periods: Vec<(Period, &Location)> = figures
        .iter()
        .map(|f| (f.period, &f.location))
        .chain(blanks.iter().map(|b| (b.period, &b.location)))
        .collect();
    periods.sort_by_key(|(p, _)| *p);
    for (i, (a, a_at)) in periods.iter().enumerate() {
        if let Some((b, b_at)) = periods.iter().skip(i + 1).find(|(b, _)| b.same_span(*a)) {
            r.diags.push(
                Diagnostic::error(format!("two figures for the same period ({})", b.code()))
                    .at((*b_at).clone())
                    .hint(format!("the other is at {a_at}; keep one")),
            );
        }
    }
    let targets = raw
        .targets
        .iter()
        .filter_map(|t| target(&mut r, t))
        .collect();
    let next_update = raw.next_update.as_ref().and_then(|d| r.day(d));
    let updated = raw.updated.as_ref().and_then(|d| r.day(d));
    let metric = raw
        .metric
        .as_ref()
        .and_then(|m| metric(&mut r, m, &figures));
    match (&raw.standard, &raw.metric) {
        (Some(_), None) | (None, Some(_)) => {}
        (Some(st), Some(_)) => {
            r.error_at::<_, ()>(
                st,
                Diagnostic::error("a series measures either a standard or a metric, not both")
                    .hint("keep `standard` when a standard in content/standards/ applies; `metric` is for a measure with no target"),
            );
        }
        (None, None) => r.diags.push(
            Diagnostic::error("a series needs `standard` or `metric`")
                .at(Location::file(file.path.clone()))
                .hint("write standard = \"<id>\" (a standard in content/standards/), or metric = { name = \"…\", unit = \"count\" } for a measure with no target"),
        ),
    }
    if let (Some(_), Some(t)) = (&raw.metric, raw.targets.first()) {
        r.error_at::<_, ()>(
            t,
            Diagnostic::error("a metric has no target, so a series with `metric` cannot have [[targets]]")
                .hint("a measure with a target is a standard: add it to a local set in content/standards/ (kind = \"other\", its source the local plan) and write standard = \"<id>\""),
        );
    }
    Some(ProgressSeries {
        id: id.to_string(),
        standard: raw.standard.as_ref().map(|v| r.located(v)),
        metric,
        area: r.text(
            &raw.area,
            "area",
            "write the area the figures are for, as residents know it: \"Southampton\"",
        ),
        sets: raw.sets.iter().map(|v| r.located(v)).collect(),
        figures,
        blanks,
        targets,
        next_update,
        updated,
        note: r.opt_text(&raw.note, "note"),
        location: Location::file(file.path.clone()),
    })
}

/// A metric: name, unit and, when the file gives them, precision and
/// polarity. Without `precision`, figures are shown to the most decimal
/// places any printed figure of the series has.
fn metric(
    r: &mut TomlReader<'_>,
    raw: &Spanned<RawMetric>,
    figures: &[ProgressFigure],
) -> Option<Metric> {
    let m = raw.get_ref();
    let name = r.text(
        &m.name,
        "name",
        "write the measure's name as the source gives it",
    );
    let unit = super::standards::read_unit(r, &m.unit)?;
    let can_exceed_100 =
        super::standards::can_exceed_100(r, &m.can_exceed_100, unit, m.unit.get_ref(), &name);
    let polarity = match &m.polarity {
        Some(p) => Some(r.choice(p, "polarity", &Polarity::NAMES, Polarity::parse)?),
        None => None,
    };
    let written = figures
        .iter()
        .filter_map(|f| match f.value {
            FigureValue::Direct(v)
            | FigureValue::Ratio {
                printed: Some(v), ..
            }
            | FigureValue::Rate {
                printed: Some(v), ..
            } => Some(v.scale()),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let precision = m.precision.unwrap_or(written);
    if precision > 6 {
        return r.error_at(
            raw,
            Diagnostic::error(format!(
                "precision {precision} is more than 6 decimal places"
            ))
            .hint("precision is the number of decimal places figures are shown to, 0 to 6"),
        );
    }
    Some(Metric {
        name,
        description: r.opt_text(&m.description, "description"),
        unit,
        can_exceed_100,
        precision,
        polarity,
    })
}

/// `against_target = { text = "4.3% over target", percent = 4.3, direction = "over" }`.
fn against(r: &mut TomlReader<'_>, raw: &Spanned<RawAgainst>) -> Option<AgainstTarget> {
    let a = raw.get_ref();
    let text = r.text(
        &a.text,
        "text",
        "write the source's words verbatim: \"4.3% over target\"",
    );
    let hint = "write how far from the target the source says the figure is, as a positive figure";
    let gap = match (&a.percent, &a.amount) {
        (Some(p), None) => StatedGap::Percent(figure_number(r, p, hint)?),
        (None, Some(x)) => StatedGap::Amount(figure_number(r, x, hint)?),
        _ => {
            return r.error_at(
                raw,
                Diagnostic::error("a figure against its target needs exactly one of `percent` and `amount`")
                    .hint("percent = 4.3 for \"4.3% over target\" (in per cent of the target); amount = 12 for \"12 over plan\" (in the measure's unit)"),
            )
        }
    };
    let (StatedGap::Percent(g) | StatedGap::Amount(g)) = gap;
    if g.is_sign_negative() {
        return r.error_at(
            raw,
            Diagnostic::error("how far from the target is written as a positive figure")
                .hint("`direction` says which side: \"over\" or \"under\""),
        );
    }
    let direction = r.choice(&a.direction, "direction", &["over", "under"], |d| match d {
        "over" => Some(OverUnder::Over),
        "under" => Some(OverUnder::Under),
        _ => None,
    })?;
    Some(AgainstTarget {
        text,
        gap,
        direction,
        target: a.target.as_ref().map(|t| r.located(t)),
        location: r.loc_of(raw),
    })
}

fn target(r: &mut TomlReader<'_>, spanned: &Spanned<RawTarget>) -> Option<Target> {
    let location = r.loc_of(spanned);
    let t = spanned.get_ref();
    let mut num = |v: &Option<Spanned<toml::Value>>| -> Option<Option<rust_decimal::Decimal>> {
        match v {
            None => Some(None),
            Some(n) => figure_number(
                r,
                n,
                "a target is a figure; where the source gives none, leave the target out",
            )
            .map(Some),
        }
    };
    let value = num(&t.value)?;
    let baseline_value = num(&t.baseline_value)?;
    let changes = [
        num(&t.reduce_by_percent)?.map(Change::ReducePercent),
        num(&t.increase_by_percent)?.map(Change::IncreasePercent),
        num(&t.reduce_by)?.map(Change::Reduce),
        num(&t.increase_by)?.map(Change::Increase),
    ];
    let changes: Vec<Change> = changes.into_iter().flatten().collect();
    let value = match (value, &t.baseline, changes.as_slice()) {
        (Some(v), None, []) if baseline_value.is_none() => TargetValue::Absolute(v),
        (None, Some(b), [change]) => {
            let (Change::ReducePercent(x)
            | Change::IncreasePercent(x)
            | Change::Reduce(x)
            | Change::Increase(x)) = *change;
            if x.is_sign_negative() {
                r.diags.push(
                    Diagnostic::error("a change on a baseline is written as a positive figure")
                        .at(location)
                        .hint("the field name says the direction: reduce_by_percent = 1 is a 1% reduction"),
                );
                return None;
            }
            TargetValue::FromBaseline {
                period: read_period(r, b, "baseline")?,
                value: baseline_value,
                change: *change,
            }
        }
        _ => {
            r.diags.push(
                Diagnostic::error("a target needs either `value`, or `baseline` and one change")
                    .at(location)
                    .hint("write value = 11.1, or baseline = \"2014/15\" with one of reduce_by_percent, increase_by_percent, reduce_by, increase_by"),
            );
            return None;
        }
    };
    let period = match &t.period {
        Some(p) => Some(read_period(r, p, "period")?),
        None => None,
    };
    let comparator = match &t.comparator {
        Some(c) => Some(r.choice(c, "comparator", &Comparator::NAMES, Comparator::parse)?),
        None => None,
    };
    let tolerance = match &t.tolerance {
        Some(tol) => Some(RawTolerance::read(r, tol)?),
        None => None,
    };
    let source = t.source.as_ref().map(|c| c.read(r));
    Some(Target {
        name: r.text(&t.name, "name", "write the target's name as published"),
        value,
        period,
        comparator,
        tolerance,
        source,
        note: r.opt_text(&t.note, "note"),
        location,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_in_two_parts_gets_both_readings() {
        assert_eq!(
            time_hint("04:05").as_deref(),
            Some("write the time in minutes as a decimal: value = 4.08 (04:05 is 4 minutes 5 seconds; write it to the places the source prints); if 04:05 is hours and minutes, value = 245 (4 hours 5 minutes)")
        );
        // Three parts are hours, minutes and seconds.
        assert_eq!(
            time_hint("00:29:36").as_deref(),
            Some("write the time in minutes as a decimal: value = 29.6 (00:29:36 is 29 minutes 36 seconds)")
        );
        assert_eq!(time_hint("12:75"), None);
    }

    fn codes(texts: &[&str]) -> Vec<String> {
        let mut ps: Vec<Period> = texts
            .iter()
            .map(|s| parse_period(s).unwrap_or_else(|| panic!("{s}")))
            .collect();
        ps.sort();
        ps.iter().map(|p| p.code()).collect()
    }

    #[test]
    fn periods_parse_and_order_by_time() {
        assert_eq!(
            codes(&[
                "2017-02..2017-04",
                "2016/17",
                "Q3 2016/17",
                "2016-12",
                "2015"
            ]),
            [
                "2015",
                "2016/17 Q3",
                "2016-12",
                "2016/17",
                "2017-02..2017-04"
            ]
        );
        assert_eq!(
            parse_period("2016/2017"),
            Some(Period::FinancialYear { start_year: 2016 })
        );
        assert_eq!(
            parse_period("1999/00"),
            Some(Period::FinancialYear { start_year: 1999 })
        );
    }

    #[test]
    fn rejects_impossible_periods() {
        for bad in [
            "2016/18",
            "2016/17 Q5",
            "2017-04..2017-02",
            "2016-17",
            "2016-13",
            "16/17",
            "Q3",
            "December 2016",
            "",
        ] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }

    fn parse(text: &str) -> (Option<ProgressSeries>, Vec<String>) {
        let mut d = Diagnostics::new();
        let s = parse_progress(
            "s",
            &SourceFile::new("content/progress/s.toml", text),
            &mut d,
        );
        (s, d.iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn figures_are_sorted_and_duplicate_periods_rejected() {
        let (s, errs) = parse(
            "standard = \"x\"\narea = \"A\"\nsource = { title = \"T\" }\n\
             [[figures]]\nperiod = \"2016/17 Q3\"\nvalue = 1\n\
             [[figures]]\nperiod = \"2016/17 Q2\"\nvalue = 2\n\
             [[figures]]\nperiod = \"2016-10..2016-12\"\nvalue = 3\n",
        );
        assert_eq!(errs, ["two figures for the same period (2016/17 Q3)"]);
        let s = s.expect("series");
        assert_eq!(s.figures[0].period.code(), "2016/17 Q2");
    }

    #[test]
    fn a_baseline_target_needs_exactly_one_change() {
        let (s, errs) = parse(
            "standard = \"x\"\narea = \"A\"\n\
             [[targets]]\nname = \"t\"\nbaseline = \"2014/15\"\nreduce_by_percent = 1\n\
             [[targets]]\nname = \"u\"\nbaseline = \"2014/15\"\nreduce_by_percent = 1\nreduce_by = 2\n\
             [[targets]]\nname = \"v\"\nbaseline = \"2014/15\"\nreduce_by_percent = -1\n",
        );
        assert_eq!(
            errs,
            [
                "a target needs either `value`, or `baseline` and one change",
                "a change on a baseline is written as a positive figure"
            ]
        );
        let s = s.expect("series");
        assert_eq!(s.targets.len(), 1);
        assert!(matches!(
            s.targets[0].value,
            TargetValue::FromBaseline {
                period: Period::FinancialYear { start_year: 2014 },
                value: None,
                change: Change::ReducePercent(_)
            }
        ));
    }

    #[test]
    fn a_figure_without_a_source_is_an_error() {
        let (_, errs) =
            parse("standard = \"x\"\narea = \"A\"\n[[figures]]\nperiod = \"2016-12\"\nvalue = 1\n");
        assert_eq!(errs, ["a figure needs a source"]);
    }
}

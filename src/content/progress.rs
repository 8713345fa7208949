//! Progress files: `content/progress/<series>.toml` → [`ProgressSeries`].

use super::standards::RawCitation;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{FigureValue, Period, ProgressFigure, ProgressSeries, Target};
use crate::source::{SourceFile, Spanned, TomlReader};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    standard: Spanned<String>,
    area: String,
    next_update: Option<Spanned<toml::Value>>,
    #[serde(default)]
    figures: Vec<Spanned<RawFigure>>,
    #[serde(default)]
    targets: Vec<RawTarget>,
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
    source: RawCitation,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    name: String,
    value: Spanned<toml::Value>,
}

/// Parses a period: `2016-12`, `2017-02..2017-04`, `2016/17`, `2016/17 Q3`.
pub fn parse_period(text: &str) -> Option<Period> {
    let month = |s: &str| -> Option<(i32, u32)> {
        let (y, m) = s.split_once('-')?;
        let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        (y > 1900 && y < 3000 && (1..=12).contains(&m) && s.len() == 7).then_some((y, m))
    };
    let fy = |s: &str| -> Option<i32> {
        let (a, b) = s.split_once('/')?;
        let a: i32 = a.parse().ok()?;
        let b: i32 = b.parse().ok()?;
        (a > 1900 && a < 3000 && b == (a + 1) % 100).then_some(a)
    };
    let t = text.trim();
    if let Some((from, to)) = t.split_once("..") {
        let (from, to) = (month(from)?, month(to)?);
        return (from <= to).then_some(Period::Months { from, to });
    }
    if let Some((year, q)) = t.split_once(" Q") {
        let quarter: u32 = q.parse().ok()?;
        return (1..=4).contains(&quarter).then_some(Period::Quarter {
            start_year: fy(year)?,
            quarter,
        });
    }
    if let Some(m) = month(t) {
        return Some(Period::Months { from: m, to: m });
    }
    fy(t).map(|start_year| Period::FinancialYear { start_year })
}

/// Parses one progress series; `id` is its file name without `.toml`.
pub fn parse_progress(
    id: &str,
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<ProgressSeries> {
    let mut r = TomlReader::new(file, 0, diags);
    let raw: RawSeries = r.parse(&file.text.clone())?;
    let mut figures = Vec::new();
    for f in &raw.figures {
        let location = r.loc_of(f);
        let f = f.get_ref();
        let Some(period) = parse_period(f.period.get_ref()) else {
            r.error_at::<_, ()>(&f.period, Diagnostic::error(format!("unknown period \"{}\"", f.period.get_ref()))
                .hint("write a month 2016-12, a range 2017-02..2017-04, a financial year 2016/17 or a quarter 2016/17 Q3"));
            continue;
        };
        let mut num = |v: &Option<Spanned<toml::Value>>| {
            v.as_ref().and_then(|n| r.decimal(n)).map(|d| d.value)
        };
        let value = match (
            num(&f.value),
            num(&f.numerator),
            num(&f.denominator),
            num(&f.count),
            num(&f.population),
        ) {
            (Some(v), None, None, None, None) => FigureValue::Direct(v),
            (None, Some(numerator), Some(denominator), None, None) => FigureValue::Ratio {
                numerator,
                denominator,
            },
            (None, None, None, Some(count), Some(population)) => {
                FigureValue::Rate { count, population }
            }
            _ => {
                r.diags.push(Diagnostic::error("a figure needs exactly one of: value; numerator and denominator; count and population")
                    .at(location.clone()));
                continue;
            }
        };
        let source = f.source.read(&mut r);
        figures.push(ProgressFigure {
            period,
            value,
            source,
            location,
        });
    }
    figures.sort_by_key(|f| f.period);
    for pair in figures.windows(2) {
        if pair[0].period == pair[1].period {
            r.diags.push(
                Diagnostic::error("two figures for the same period").at(pair[1].location.clone()),
            );
        }
    }
    let targets = raw
        .targets
        .iter()
        .filter_map(|t| {
            Some(Target {
                name: t.name.clone(),
                value: r.decimal(&t.value)?.value,
            })
        })
        .collect();
    let next_update = raw.next_update.as_ref().and_then(|d| r.day(d));
    Some(ProgressSeries {
        id: id.to_string(),
        standard: r.located(&raw.standard),
        area: raw.area,
        figures,
        targets,
        next_update,
        location: Location::file(file.path.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_order() {
        let mut ps: Vec<Period> = ["2017-02..2017-04", "2016/17", "2016/17 Q3", "2016-12"]
            .iter()
            .map(|s| parse_period(s).expect(s))
            .collect();
        ps.sort();
        assert!(matches!(
            ps[0],
            Period::Months {
                from: (2016, 12),
                ..
            }
        ));
        assert_eq!(parse_period("2016/18"), None);
        assert_eq!(parse_period("2016/17 Q5"), None);
        assert_eq!(parse_period("2017-04..2017-02"), None);
    }
}

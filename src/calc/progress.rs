//! Progress against standards: derived figures, status by rule, gap to target.
//!
//! Comparison is exact: 92.9 against "at least 93" is not met. Rounding
//! happens only when a figure is displayed.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Comparator, FigureValue, Period, ProgressSeries, Site, Standard};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The status of a figure against a threshold, always shown in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Met,
    NotMet,
    NoData,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "Met",
            Status::NotMet => "Not met",
            Status::NoData => "No data published",
        }
    }

    /// CSS class suffix; the label carries the meaning, the colour only repeats it.
    pub fn slug(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not-met",
            Status::NoData => "no-data",
        }
    }
}

/// Whether `value` meets `threshold` under `comparator`, exactly.
pub fn meets(value: Decimal, comparator: Comparator, threshold: Decimal) -> bool {
    match comparator {
        Comparator::AtLeast => value >= threshold,
        Comparator::AtMost => value <= threshold,
        Comparator::MoreThan => value > threshold,
        Comparator::LessThan => value < threshold,
    }
}

/// The exact value of a figure: given, a percentage, or a rate per 100,000.
pub fn derive(value: &FigureValue) -> Option<Decimal> {
    match value {
        FigureValue::Direct(v) => Some(*v),
        FigureValue::Ratio {
            numerator,
            denominator,
        } => numerator
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(*denominator),
        FigureValue::Rate { count, population } => count
            .checked_mul(Decimal::from(100_000))?
            .checked_div(*population),
    }
}

/// One figure of a series with its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureResult {
    pub period: Period,
    pub value: Decimal,
    pub status: Status,
    /// value − threshold (negative when below).
    pub gap: Decimal,
}

/// A local target and whether the latest figure meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetResult {
    pub name: String,
    pub value: Decimal,
    pub status: Status,
}

/// A series measured against its standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesProgress {
    pub standard: String,
    /// Oldest first.
    pub history: Vec<FigureResult>,
    pub targets: Vec<TargetResult>,
    pub stale: bool,
}

impl SeriesProgress {
    pub fn latest(&self) -> Option<&FigureResult> {
        self.history.last()
    }

    pub fn status(&self) -> Status {
        self.latest().map_or(Status::NoData, |f| f.status)
    }
}

fn standard_of<'a>(site: &'a Site, id: &str) -> Option<&'a Standard> {
    site.standards().map(|(_, _, s)| s).find(|s| s.id == id)
}

/// Computes a series' progress, or reports its unknown standard.
pub fn compute(
    site: &Site,
    series: &ProgressSeries,
    build_date: Option<NaiveDate>,
    diags: &mut Diagnostics,
) -> Option<SeriesProgress> {
    let Some(standard) = standard_of(site, &series.standard.value) else {
        let ids: Vec<&str> = site.standards().map(|(_, _, s)| s.id.as_str()).collect();
        let mut d = Diagnostic::error(format!("unknown standard \"{}\"", series.standard.value))
            .at(series.standard.location.clone());
        if let Some(s) =
            crate::diagnostics::did_you_mean(&series.standard.value, ids.iter().copied())
        {
            d = d.hint(format!("did you mean \"{s}\"?"));
        }
        diags.push(d);
        return None;
    };
    let mut history = Vec::new();
    for f in &series.figures {
        let Some(value) = derive(&f.value) else {
            diags.push(
                Diagnostic::error(
                    "figure cannot be derived (a denominator or population of zero?)",
                )
                .at(f.location.clone()),
            );
            continue;
        };
        let status = if meets(value, standard.comparator, standard.threshold) {
            Status::Met
        } else {
            Status::NotMet
        };
        history.push(FigureResult {
            period: f.period,
            value,
            status,
            gap: value - standard.threshold,
        });
    }
    let targets = series
        .targets
        .iter()
        .map(|t| TargetResult {
            name: t.name.clone(),
            value: t.value,
            status: match history.last() {
                Some(l) if meets(l.value, standard.comparator, t.value) => Status::Met,
                Some(_) => Status::NotMet,
                None => Status::NoData,
            },
        })
        .collect();
    let stale =
        matches!((series.next_update, build_date), (Some(next), Some(today)) if next < today);
    Some(SeriesProgress {
        standard: standard.id.clone(),
        history,
        targets,
        stale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("literal")
    }

    #[test]
    fn status_is_exact_at_the_boundary() {
        assert!(meets(d("95"), Comparator::AtLeast, d("95")));
        assert!(!meets(d("94.9"), Comparator::AtLeast, d("95")));
        assert!(!meets(d("92.9"), Comparator::AtLeast, d("93")));
        assert!(!meets(d("92"), Comparator::MoreThan, d("92")));
        assert!(meets(d("9.4"), Comparator::AtMost, d("9.4")));
        assert!(!meets(d("21.3"), Comparator::AtMost, d("9.4")));
    }

    #[test]
    fn derives_percentages_and_rates_exactly() {
        let p = derive(&FigureValue::Ratio {
            numerator: d("93"),
            denominator: d("100"),
        });
        assert_eq!(p, Some(d("93")));
        let r = derive(&FigureValue::Rate {
            count: d("213"),
            population: d("1000000"),
        });
        assert_eq!(r, Some(d("21.3")));
        assert_eq!(
            derive(&FigureValue::Rate {
                count: d("1"),
                population: d("0")
            }),
            None
        );
    }
}

//! One figure of a fund, named by a [`Measure`]: for a paper's
//! `{{ figure }}`, the plans index and the national conditions.
//!
//! The figure is the one the fund's table shows. Where the source printed a
//! figure that does not add up and an override keeps it, that is the
//! printed figure, flagged as such ([`FundFigure::as_printed`]) — never a
//! computed figure the table does not show, so that text and table agree.

use super::{lists, published, FundTotals, Series, ShapeTotals};
use crate::model::{Fund, FundShape, ListName, Measure, Stated, StatedSet};
use rust_decimal::Decimal;

/// A figure of a fund as published, with the figure its parts add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FundFigure {
    /// The figure the table shows: printed under an override, or computed.
    pub value: Decimal,
    /// What the figures under it add up to.
    pub computed: Decimal,
}

impl FundFigure {
    /// The figure a row shows for `computed`: what the source states where
    /// an override keeps it as printed, else `computed`.
    pub fn shown(stated: Option<&Stated>, computed: Decimal) -> Self {
        FundFigure {
            value: published(stated, Some(computed)).unwrap_or(computed),
            computed,
        }
    }

    /// Whether the figure is kept as printed although it does not add up.
    pub fn as_printed(&self) -> bool {
        self.value != self.computed
    }
}

/// Which figure of a row a measure takes: one period, or all of them.
struct Pick<'a> {
    fund: &'a Fund,
    year: Option<&'a str>,
}

impl Pick<'_> {
    /// The period asked for: `Some(i)` for one year of a fund by year,
    /// `None` for the total of all periods (a one-period fund ignores `year`).
    fn period(&self) -> Result<Option<usize>, String> {
        match (self.year, self.fund.by_year()) {
            (Some(y), true) => self
                .fund
                .years
                .iter()
                .position(|x| x == y)
                .map(Some)
                .ok_or_else(|| {
                    format!(
                        "fund \"{}\" has no year \"{y}\" (its years: {})",
                        self.fund.id,
                        self.fund.years.join(", ")
                    )
                }),
            _ => Ok(None),
        }
    }

    fn missing(&self) -> String {
        format!(
            "fund \"{}\" gives no figure for that{}",
            self.fund.id,
            self.year.map(|y| format!(" in {y}")).unwrap_or_default()
        )
    }

    /// A row's figure, as published against what was stated for it.
    fn row(&self, s: &Series, stated: Option<&StatedSet>) -> Result<FundFigure, String> {
        let (computed, stated) = match self.period()? {
            Some(i) => (
                s.periods[i],
                stated
                    .and_then(|st| st.periods.get(i))
                    .and_then(Option::as_ref),
            ),
            // A one-period fund's only figure is its period's.
            None if !self.fund.by_year() => (
                s.all,
                stated
                    .and_then(|st| st.periods.first())
                    .and_then(Option::as_ref),
            ),
            None => (s.all, stated.and_then(|st| st.all.as_ref())),
        };
        self.shown(computed, stated)
    }

    fn shown(
        &self,
        computed: Option<Decimal>,
        stated: Option<&Stated>,
    ) -> Result<FundFigure, String> {
        let computed = computed.ok_or_else(|| self.missing())?;
        Ok(FundFigure::shown(stated, computed))
    }
}

/// One figure of a fund, for a `{{ figure }}` shortcode or a national
/// condition. `year` picks a period of a fund by year; without it the figure
/// is the total over all periods. A one-period fund ignores `year`.
pub fn figure(
    fund: &Fund,
    totals: &FundTotals,
    measure: &Measure,
    year: Option<&str>,
) -> Result<FundFigure, String> {
    let pick = Pick { fund, year };
    let all = lists(fund, totals);
    let list = |name: ListName| {
        all.iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, l, t)| (*l, *t))
            .ok_or_else(|| format!("a {} fund has no {}", fund.shape.name(), name.word()))
    };
    let matrix = || match &fund.shape {
        FundShape::Matrix(m) => Ok(m),
        _ => Err("not a matrix".to_string()),
    };
    match (measure, &totals.shape, &fund.shape) {
        (Measure::Total, ShapeTotals::Matrix(t), FundShape::Matrix(m)) => {
            pick.shown(Some(t.total), m.stated_total.as_ref())
        }
        (Measure::Total, ShapeTotals::Flow { sources, .. }, FundShape::Flow(f)) => {
            // The pooled fund as its row of the sources table shows it:
            // where the source states the pool, the pool (printed under an
            // override, else checked), even where the sources total it also
            // prints differs (the table then shows both); else the sources
            // total, the one row "Total (pooled fund)".
            if f.stated_pool.is_empty() {
                pick.row(&sources.total, Some(&f.sources.stated))
            } else {
                pick.row(&sources.total, Some(&f.stated_pool))
            }
        }
        (Measure::Total, ShapeTotals::Lines(_), _) => {
            let (l, t) = list(ListName::Lines)?;
            pick.row(&t.total, Some(&l.stated))
        }
        (Measure::Total, ShapeTotals::Balance { .. }, _) => {
            let (l, t) = list(ListName::Income)?;
            pick.row(&t.total, Some(&l.stated))
        }
        (Measure::ListTotal(name), _, _) => {
            let (l, t) = list(*name)?;
            pick.row(&t.total, Some(&l.stated))
        }
        (Measure::Balance, ShapeTotals::Balance { balance, .. }, FundShape::Balance(b)) => {
            pick.row(balance, Some(&b.stated_balance))
        }
        (Measure::Column(b), ShapeTotals::Matrix(t), _) => {
            let m = matrix()?;
            let i = m.columns.iter().position(|c| c == b).ok_or_else(|| {
                format!(
                    "matrix \"{}\" has no column \"{b}\" (its columns: {})",
                    fund.id,
                    m.columns.join(", ")
                )
            })?;
            pick.shown(Some(t.columns[i]), m.stated_columns[i].as_ref())
        }
        (Measure::Scheme(name), ShapeTotals::Matrix(t), _) => {
            let m = matrix()?;
            let i = m
                .rows
                .iter()
                .position(|r| &r.scheme == name)
                .ok_or_else(|| format!("matrix \"{}\" has no scheme \"{name}\"", fund.id))?;
            pick.shown(Some(t.rows[i]), m.rows[i].stated_total.as_ref())
        }
        (Measure::Group(id), _, _) => {
            for (_, l, t) in &all {
                if let Some(i) = l.group_index(id) {
                    return pick.row(&t.groups[i], Some(&l.groups[i].stated));
                }
            }
            Err(format!("fund \"{}\" has no group \"{id}\"", fund.id))
        }
        (Measure::Line(which, label), _, _) => {
            let mut found = Vec::new();
            for (name, l, t) in &all {
                if which.is_some_and(|w| w != *name) {
                    continue;
                }
                for (line, s) in l.lines.iter().zip(&t.lines) {
                    let by_body = line.body.as_ref().is_some_and(|b| &b.value == label);
                    if &line.label == label || by_body {
                        found.push((line, s));
                    }
                }
            }
            match found.as_slice() {
                // A line's own figures are as written; only its total
                // across the years can be printed under an override.
                [(line, s)] => match pick.period()? {
                    None if fund.by_year() => pick.shown(s.all, line.stated_total.as_ref()),
                    _ => pick.row(s, None),
                },
                [] => Err(format!("fund \"{}\" has no line \"{label}\"", fund.id)),
                many => Err(format!(
                    "\"{label}\" matches {} lines of fund \"{}\"; name the line by its label",
                    many.len(),
                    fund.id
                )),
            }
        }
        (m, _, _) => {
            let what = match m {
                Measure::Balance => "balance (only a balance fund has one)",
                Measure::Column(_) => "columns (only a matrix has them)",
                Measure::Scheme(_) => "schemes (only a matrix has them)",
                _ => "such figure",
            };
            Err(format!("a {} fund has no {what}", fund.shape.name()))
        }
    }
}

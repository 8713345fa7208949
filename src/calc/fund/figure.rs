//! One figure of a fund, named by a [`Measure`]: for a paper's
//! `{{ figure }}`, the plans index and the national conditions.
//!
//! The figure is the one the fund's table shows. Where the source printed a
//! figure that does not add up and an override keeps it, that is the
//! printed figure, flagged as such ([`FundFigure::as_printed`]) — never a
//! computed figure the table does not show, so that text and table agree.

use super::{all_shown, lists, published, published_periods, FundTotals, Series, ShapeTotals};
use crate::model::{Fund, FundShape, ListName, Measure, Plan, Stated, StatedSet};
use rust_decimal::Decimal;

/// Why a fund gives no figure for what was asked. Each caller (a paper's
/// `{{ figure }}`, a national condition) words the hint in its own terms
/// from the same mistake; the message is the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureError {
    /// A year that a fund by year does not have. `same` holds its labels
    /// for the same period, written differently (`2017/18` for `2017-18`).
    NoSuchYear {
        fund: String,
        year: String,
        years: Vec<String>,
        same: Vec<String>,
        /// Whether the fund's columns are added up (so a figure for all of
        /// them exists).
        adds_up: bool,
    },
    /// A year asked of a fund of one period that is not its period, or
    /// cannot be told to be (`2017/18` of a fund for `2017-19`). `period`
    /// is the fund's (its own, else its plan's); `None` when neither says.
    NotItsPeriod {
        fund: String,
        year: String,
        period: Option<String>,
    },
    /// No year asked of a fund whose columns are not successive years (a
    /// budget beside its forecast): they are not added up, so one must be
    /// named. `years` are the fund's columns.
    NotAddedUp {
        fund: String,
        years: Vec<String>,
        /// The fund says `add_up = false` (its columns would be added up
        /// by their labels).
        said_so: bool,
    },
    /// The fund has no such figure.
    Other(String),
}

impl std::fmt::Display for FigureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FigureError::NoSuchYear {
                fund, year, years, ..
            } => write!(
                f,
                "fund \"{fund}\" has no year \"{year}\" (its years: {})",
                years.join(", ")
            ),
            FigureError::NotItsPeriod {
                fund,
                year,
                period: Some(p),
            } => write!(
                f,
                "fund \"{fund}\" is for {p}, not by year: it has no figure for \"{year}\""
            ),
            FigureError::NotItsPeriod {
                fund,
                year,
                period: None,
            } => write!(
                f,
                "fund \"{fund}\" is for one period, not by year, and neither it nor its plan says which: its figure cannot be checked to be for \"{year}\""
            ),
            FigureError::NotAddedUp {
                fund,
                years,
                said_so: true,
            } => write!(
                f,
                "fund \"{fund}\" says add_up = false, so its columns ({}) are not added up",
                years.join(", ")
            ),
            FigureError::NotAddedUp { fund, years, .. } => write!(
                f,
                "fund \"{fund}\" has columns that are not successive years ({}), so they are not added up",
                years.join(", ")
            ),
            FigureError::Other(why) => f.write_str(why),
        }
    }
}

impl From<String> for FigureError {
    fn from(why: String) -> Self {
        FigureError::Other(why)
    }
}

/// The period of `fund` (in `plan`) that `year` asks for: `Some(i)` for
/// the year at `i` of a fund by year, `None` for the total of all its
/// years (no `year`) or for a fund of one period asked for its period (or
/// for no year). A year the fund does not have, or that is not (or cannot
/// be told to be) a one-period fund's period, is an error: a figure is
/// never given for a year it is not for.
pub fn period_index(
    plan: &Plan,
    fund: &Fund,
    year: Option<&str>,
) -> Result<Option<usize>, FigureError> {
    let Some(y) = year else {
        return Ok(None);
    };
    if fund.by_year() {
        return match fund.years.iter().position(|x| x == y) {
            Some(i) => Ok(Some(i)),
            None => Err(FigureError::NoSuchYear {
                adds_up: super::years_add_up(fund),
                fund: fund.id.clone(),
                year: y.to_string(),
                years: fund.years.clone(),
                same: fund
                    .years
                    .iter()
                    .filter(|l| crate::content::same_period(l, y) == Some(true))
                    .cloned()
                    .collect(),
            }),
        };
    }
    match fund.period_in(plan) {
        Some(p) if crate::content::same_period(p, y) == Some(true) => Ok(None),
        period => Err(FigureError::NotItsPeriod {
            fund: fund.id.clone(),
            year: y.to_string(),
            period: period.map(str::to_string),
        }),
    }
}

/// A figure of a fund as published, with the figure its parts add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundFigure {
    /// The figure the table shows: printed under an override, or computed.
    pub value: Decimal,
    /// What the figures under it add up to.
    pub computed: Decimal,
    /// For a figure for all years that adds up the row's figures as shown
    /// and so differs from what the lines add up to: the years' figures
    /// kept as printed among them, by period (101 for 2016/17 beside 90
    /// gives 191; the lines give 190). Empty otherwise.
    pub added_printed: Vec<(usize, Decimal)>,
}

impl FundFigure {
    /// The figure a row shows for `computed`: what the source states where
    /// an override keeps it as printed, else `computed`.
    pub fn shown(stated: Option<&Stated>, computed: Decimal) -> Self {
        FundFigure {
            value: published(stated, Some(computed)).unwrap_or(computed),
            computed,
            added_printed: Vec::new(),
        }
    }

    /// A row's figure for all years of a fund by year, as its table shows
    /// it: the figure the source states for all years where it agrees or
    /// an override keeps it, else the sum of the row's figures as shown
    /// (`shown`, by year: [`super::all_shown`]). `None` where the row has no
    /// figures.
    pub fn all(
        stated: Option<&Stated>,
        shown: &[Option<Decimal>],
        series: &Series,
    ) -> Option<Self> {
        let computed = series.all?;
        let sum = all_shown(shown, series).unwrap_or(computed);
        let value = published(stated, Some(sum)).unwrap_or(sum);
        Some(if value == sum {
            FundFigure {
                value,
                computed,
                added_printed: if sum == computed {
                    Vec::new()
                } else {
                    printed_periods(shown, series)
                },
            }
        } else {
            // Printed under an override of its own: against the row's
            // figures as shown, as it is checked.
            FundFigure {
                value,
                computed: sum,
                added_printed: Vec::new(),
            }
        })
    }

    /// Whether the figure is a figure for all years that adds a year's
    /// figure kept as printed ([`Self::added_printed`]).
    pub fn adds_printed(&self) -> bool {
        !self.added_printed.is_empty()
    }

    /// Whether the figure is kept as printed although it does not add up
    /// (or, for all years, adds a figure kept so: [`Self::adds_printed`]).
    pub fn as_printed(&self) -> bool {
        self.value != self.computed
    }

    /// `text` (the figure written) with its [`Self::flag`] after it, as
    /// prose gives it: "£101k (as printed)".
    pub fn flagged(&self, text: String) -> String {
        match self.flag() {
            Some(flag) => format!("{text} ({flag})"),
            None => text,
        }
    }

    /// What a text says beside the figure where it is not what its figures
    /// add up to: "as printed", or, for all years, "adding a figure as
    /// printed".
    pub fn flag(&self) -> Option<&'static str> {
        match (self.as_printed(), self.adds_printed()) {
            (false, _) => None,
            (true, false) => Some("as printed"),
            (true, true) => Some("adding a figure as printed"),
        }
    }
}

/// The periods of a row whose figure as shown (`shown`) is not the one
/// its lines add up to (`series`): each kept as printed under an override,
/// with the figure shown.
pub fn printed_periods(shown: &[Option<Decimal>], series: &Series) -> Vec<(usize, Decimal)> {
    shown
        .iter()
        .zip(&series.periods)
        .enumerate()
        .filter(|(_, (shown, computed))| shown != computed)
        .filter_map(|(i, (shown, _))| Some((i, (*shown)?)))
        .collect()
}

/// Which figure of a row a measure takes: one period, or all of them.
struct Pick<'a> {
    plan: &'a Plan,
    fund: &'a Fund,
    year: Option<&'a str>,
}

impl Pick<'_> {
    /// The period asked for: `Some(i)` for one year of a fund by year,
    /// `None` for the total of all periods, or a one-period fund's figure
    /// (see [`period_index`]).
    fn period(&self) -> Result<Option<usize>, FigureError> {
        let i = period_index(self.plan, self.fund, self.year)?;
        if i.is_none() && self.fund.by_year() && !super::years_add_up(self.fund) {
            return Err(FigureError::NotAddedUp {
                fund: self.fund.id.clone(),
                years: self.fund.years.clone(),
                said_so: crate::content::columns_add_up(&self.fund.years),
            });
        }
        Ok(i)
    }

    fn missing(&self) -> FigureError {
        FigureError::Other(format!(
            "fund \"{}\" gives no figure for that{}",
            self.fund.id,
            self.year.map(|y| format!(" in {y}")).unwrap_or_default()
        ))
    }

    /// A row's figure, as published against what was stated for it.
    fn row(&self, s: &Series, stated: Option<&StatedSet>) -> Result<FundFigure, FigureError> {
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
            None => {
                let shown = stated.map_or_else(|| s.periods.clone(), |st| published_periods(st, s));
                return FundFigure::all(stated.and_then(|st| st.all.as_ref()), &shown, s)
                    .ok_or_else(|| self.missing());
            }
        };
        self.shown(computed, stated)
    }

    fn shown(
        &self,
        computed: Option<Decimal>,
        stated: Option<&Stated>,
    ) -> Result<FundFigure, FigureError> {
        let computed = computed.ok_or_else(|| self.missing())?;
        Ok(FundFigure::shown(stated, computed))
    }
}

/// One figure of `fund` (of `plan`), for a `{{ figure }}` shortcode or a
/// national condition. `year` picks a period of a fund by year; without it
/// the figure is the total over all periods. A one-period fund's `year`
/// must be its period ([`period_index`]).
pub fn figure(
    plan: &Plan,
    fund: &Fund,
    totals: &FundTotals,
    measure: &Measure,
    year: Option<&str>,
) -> Result<FundFigure, FigureError> {
    let pick = Pick { plan, fund, year };
    // A year the fund has no figures for is refused whatever the measure
    // (a matrix's figures are read without a period).
    pick.period()?;
    let all = lists(fund, totals);
    let list = |name: ListName| {
        all.iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, l, t)| (*l, *t))
            .ok_or_else(|| {
                FigureError::Other(format!(
                    "a {} fund has no {}",
                    fund.shape.name(),
                    name.word()
                ))
            })
    };
    let matrix = || match &fund.shape {
        FundShape::Matrix(m) => Ok(m),
        _ => Err(FigureError::Other("not a matrix".to_string())),
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
                FigureError::Other(format!(
                    "matrix \"{}\" has no column \"{b}\" (its columns: {})",
                    fund.id,
                    m.columns.join(", ")
                ))
            })?;
            pick.shown(Some(t.columns[i]), m.stated_columns[i].as_ref())
        }
        (Measure::Scheme(name), ShapeTotals::Matrix(t), _) => {
            let m = matrix()?;
            let i = m
                .rows
                .iter()
                .position(|r| &r.scheme == name)
                .ok_or_else(|| {
                    FigureError::Other(format!("matrix \"{}\" has no scheme \"{name}\"", fund.id))
                })?;
            pick.shown(Some(t.rows[i]), m.rows[i].stated_total.as_ref())
        }
        (Measure::Group(id), _, _) => {
            for (_, l, t) in &all {
                if let Some(i) = l.group_index(id) {
                    return pick.row(&t.groups[i], Some(&l.groups[i].stated));
                }
            }
            Err(format!("fund \"{}\" has no group \"{id}\"", fund.id).into())
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
                [] => Err(match all.iter().flat_map(|(_, l, _)| &l.lines).find(|l| l.label.to_lowercase() == label.to_lowercase()) {
                    Some(l) => format!("fund \"{}\" has no line \"{label}\" (did you mean \"{}\"? a label is matched as written, capitals too)", fund.id, l.label),
                    None => format!("fund \"{}\" has no line \"{label}\"", fund.id),
                }
                .into()),
                many => Err(format!(
                    "\"{label}\" matches {} lines of fund \"{}\"; name the line by its label",
                    many.len(),
                    fund.id
                )
                .into()),
            }
        }
        (m, _, _) => {
            let what = match m {
                Measure::Balance => "balance (only a balance fund has one)",
                Measure::Column(_) => "columns (only a matrix has them)",
                Measure::Scheme(_) => "schemes (only a matrix has them)",
                _ => "such figure",
            };
            Err(format!("a {} fund has no {what}", fund.shape.name()).into())
        }
    }
}

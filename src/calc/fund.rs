//! Fund totals, subtotals, changes between years, shares and reconciliation.
//!
//! Every total is computed from the lines; every figure the source states
//! (a row, column, group subtotal, list total, pooled fund, grand total or
//! balance) is compared with the computed one exactly. A difference is an
//! error naming the stated figure's location, both figures and the
//! difference — unless the data carries a reasoned override, which is then
//! recorded as a [`Check`] for the page to show. An override whose figures
//! agree is itself an error (it is stale).

use crate::diagnostics::Diagnostic;
use crate::model::{
    Flow, Fund, FundShape, LineList, ListName, Matrix, Measure, MoneyUnit, Plan, Stated, StatedSet,
};
use rust_decimal::Decimal;

/// The change from one period to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub amount: Decimal,
    /// The change in per cent of the earlier figure; `None` when that is zero.
    pub percent: Option<Decimal>,
}

/// One row of figures: a line, a group subtotal or a total, by period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// One per period; `None` where nothing was given for that period.
    pub periods: Vec<Option<Decimal>>,
    /// The sum over all periods (the only period, for a one-period fund).
    pub all: Option<Decimal>,
    /// Changes between consecutive periods; `None` where either is blank.
    pub changes: Vec<Option<Change>>,
    /// Exact share of the list's total (all periods), in per cent.
    pub share: Option<Decimal>,
}

/// Computed figures of one list of lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListTotals {
    pub lines: Vec<Series>,
    /// One per group of the list, in the list's group order.
    pub groups: Vec<Series>,
    pub total: Series,
}

/// Computed totals of a scheme × contributor matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixTotals {
    pub rows: Vec<Decimal>,
    pub columns: Vec<Decimal>,
    pub total: Decimal,
    /// Each row's exact share of the grand total, in per cent.
    pub row_shares: Vec<Option<Decimal>>,
    /// Each column's exact share of the grand total, in per cent.
    pub column_shares: Vec<Option<Decimal>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeTotals {
    Flow {
        sources: ListTotals,
        applications: ListTotals,
    },
    Matrix(MatrixTotals),
    Lines(ListTotals),
    Balance {
        income: ListTotals,
        expenditure: ListTotals,
        /// Income less expenditure.
        balance: Series,
    },
}

/// Which table of a fund a check belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    List(ListName),
    Matrix,
    /// The balance table of a balance fund.
    Balance,
    /// Sources against applications of a flow.
    FlowBalance,
}

/// A stated figure compared with the computed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub part: Part,
    /// What was checked, in words: "sources total", "subtotal for \"KCC\", 2017/18".
    pub what: String,
    pub stated: Decimal,
    pub computed: Decimal,
    /// The override's reason, when the figures differ and the data says why.
    pub reason: Option<String>,
}

impl Check {
    pub fn agrees(&self) -> bool {
        self.stated == self.computed
    }
}

/// Everything computed for one fund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundTotals {
    pub shape: ShapeTotals,
    /// Every stated figure checked, in the order of the tables.
    pub checks: Vec<Check>,
}

impl FundTotals {
    /// The fund's grand total: the pool of a flow, the total of a matrix or
    /// a list, the income of a balance (all periods together).
    pub fn grand_total(&self) -> Decimal {
        match &self.shape {
            ShapeTotals::Flow { sources, .. } => sources.total.all.unwrap_or_default(),
            ShapeTotals::Matrix(m) => m.total,
            ShapeTotals::Lines(l) => l.total.all.unwrap_or_default(),
            ShapeTotals::Balance { income, .. } => income.total.all.unwrap_or_default(),
        }
    }
}

/// `part / whole × 100`, exactly to 28 significant digits; `None` for a zero whole.
pub fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)
}

/// Sums exactly; `None` on overflow beyond rust_decimal's range.
pub fn sum<'a>(values: impl IntoIterator<Item = &'a Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v))
}

/// The change from `from` to `to`, with the percentage of `from`.
pub fn change(from: Decimal, to: Decimal) -> Option<Change> {
    let amount = to.checked_sub(from)?;
    let percent = if from.is_zero() {
        None
    } else {
        amount
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(from.abs())
    };
    Some(Change { amount, percent })
}

/// Exact arithmetic that records overflow once instead of panicking.
#[derive(Default)]
struct Exact {
    overflow: bool,
}

impl Exact {
    fn sum<'a>(&mut self, values: impl IntoIterator<Item = &'a Decimal>) -> Decimal {
        sum(values).unwrap_or_else(|| {
            self.overflow = true;
            Decimal::ZERO
        })
    }

    fn sub(&mut self, a: Decimal, b: Decimal) -> Decimal {
        a.checked_sub(b).unwrap_or_else(|| {
            self.overflow = true;
            Decimal::ZERO
        })
    }

    /// A series from figures by period: its total and its changes.
    fn series(&mut self, periods: Vec<Option<Decimal>>) -> Series {
        let present: Vec<Decimal> = periods.iter().flatten().copied().collect();
        let all = (!present.is_empty()).then(|| self.sum(&present));
        let changes = periods
            .windows(2)
            .map(|w| match (w[0], w[1]) {
                (Some(a), Some(b)) => change(a, b).or_else(|| {
                    self.overflow = true;
                    None
                }),
                _ => None,
            })
            .collect();
        Series {
            periods,
            all,
            changes,
            share: None,
        }
    }

    /// The sum of several series, period by period (blank where all are blank).
    fn total<'a>(
        &mut self,
        parts: impl IntoIterator<Item = &'a Series> + Clone,
        n: usize,
    ) -> Series {
        let periods = (0..n)
            .map(|i| {
                let vals: Vec<Decimal> = parts
                    .clone()
                    .into_iter()
                    .filter_map(|s| s.periods[i])
                    .collect();
                (!vals.is_empty()).then(|| self.sum(&vals))
            })
            .collect();
        self.series(periods)
    }
}

/// The period words used in messages: "" for one period, ", 2017/18" by year.
fn period_suffix(fund: &Fund, i: usize) -> String {
    fund.years
        .get(i)
        .map(|y| format!(" for {y}"))
        .unwrap_or_default()
}

struct Reconciler<'a> {
    unit: MoneyUnit,
    checks: Vec<Check>,
    problems: &'a mut Vec<Diagnostic>,
}

impl Reconciler<'_> {
    /// Compares a stated figure with the computed one.
    fn check(&mut self, part: Part, what: &str, stated: &Stated, computed: Decimal) {
        let value = stated.figure.value;
        let unit = self.unit.symbol();
        match (&stated.reason, value == computed) {
            (None, true) => {}
            (Some(reason), true) => {
                self.problems.push(
                    Diagnostic::error(format!(
                        "override is not needed: the stated {what} agrees with the computed total"
                    ))
                    .at(reason.location.clone())
                    .label(format!("stated {value}, computed {computed} ({unit})"))
                    .hint(format!(
                        "remove the override and write the figure itself: {value}"
                    )),
                );
                return;
            }
            (None, false) => {
                let noun = if part == Part::Balance {
                    "balance"
                } else {
                    "total"
                };
                self.problems.push(
                    Diagnostic::error(format!("stated {what} does not match the computed {noun}"))
                        .at(stated.figure.location.clone())
                        .label(format!(
                            "stated {value}, computed {computed}, difference {} ({unit})",
                            value - computed
                        ))
                        .hint("correct the figure; if the source really published a table that does not add up, say so with a reasoned override: { override = <the printed figure>, reason = \"…\" }"),
                );
                return;
            }
            (Some(_), false) => {}
        }
        self.checks.push(Check {
            part,
            what: what.to_string(),
            stated: value,
            computed,
            reason: stated.reason.as_ref().map(|r| r.value.clone()),
        });
    }

    fn set(&mut self, fund: &Fund, part: Part, what: &str, stated: &StatedSet, computed: &Series) {
        for (i, s) in stated.periods.iter().enumerate() {
            if let Some(s) = s {
                let c = computed
                    .periods
                    .get(i)
                    .copied()
                    .flatten()
                    .unwrap_or_default();
                self.check(part, &format!("{what}{}", period_suffix(fund, i)), s, c);
            }
        }
        if let Some(s) = &stated.all {
            let what = format!("{what} for all years");
            self.check(part, &what, s, computed.all.unwrap_or_default());
        }
    }
}

fn list_totals(
    fund: &Fund,
    list: &LineList,
    name: ListName,
    what: &str,
    ex: &mut Exact,
    rec: &mut Reconciler<'_>,
) -> ListTotals {
    let n = fund.period_count();
    let mut lines: Vec<Series> = list
        .lines
        .iter()
        .map(|l| {
            ex.series(
                l.amounts
                    .iter()
                    .map(|a| a.as_ref().map(|f| f.value))
                    .collect(),
            )
        })
        .collect();
    let mut groups: Vec<Series> = list
        .groups
        .iter()
        .map(|g| {
            let members = list
                .lines
                .iter()
                .zip(&lines)
                .filter(|(l, _)| l.group.as_deref() == Some(g.id.as_str()))
                .map(|(_, s)| s);
            ex.total(members, n)
        })
        .collect();
    let mut total = ex.total(lines.iter(), n);
    let whole = total.all.unwrap_or_default();
    for s in lines.iter_mut().chain(groups.iter_mut()) {
        s.share = s.all.and_then(|a| share(a, whole));
    }
    total.share = share(whole, whole);
    let part = Part::List(name);
    for (l, s) in list.lines.iter().zip(&lines) {
        if let Some(st) = &l.stated_total {
            let what = format!("total for \"{}\" across the years", l.label);
            rec.check(part, &what, st, s.all.unwrap_or_default());
        }
    }
    for (g, s) in list.groups.iter().zip(&groups) {
        rec.set(
            fund,
            part,
            &format!("subtotal for \"{}\"", g.label),
            &g.stated,
            s,
        );
    }
    rec.set(fund, part, what, &list.stated, &total);
    ListTotals {
        lines,
        groups,
        total,
    }
}

/// Computes a fund's totals and checks them against every stated figure.
pub fn compute(plan: &Plan, fund: &Fund) -> (FundTotals, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut ex = Exact::default();
    let mut rec = Reconciler {
        unit: fund.unit,
        checks: Vec::new(),
        problems: &mut problems,
    };
    let shape = match &fund.shape {
        FundShape::Flow(flow) => flow_totals(fund, flow, &mut ex, &mut rec),
        FundShape::Matrix(m) => ShapeTotals::Matrix(matrix_totals(plan, m, &mut ex, &mut rec)),
        FundShape::Lines(l) => ShapeTotals::Lines(list_totals(
            fund,
            &l.list,
            ListName::Lines,
            "total",
            &mut ex,
            &mut rec,
        )),
        FundShape::Balance(b) => {
            let income = list_totals(
                fund,
                &b.income,
                ListName::Income,
                "income total",
                &mut ex,
                &mut rec,
            );
            let expenditure = list_totals(
                fund,
                &b.expenditure,
                ListName::Expenditure,
                "expenditure total",
                &mut ex,
                &mut rec,
            );
            let periods = (0..fund.period_count())
                .map(
                    |i| match (income.total.periods[i], expenditure.total.periods[i]) {
                        (None, None) => None,
                        (a, b) => Some(ex.sub(a.unwrap_or_default(), b.unwrap_or_default())),
                    },
                )
                .collect();
            let balance = ex.series(periods);
            rec.set(fund, Part::Balance, "balance", &b.stated_balance, &balance);
            ShapeTotals::Balance {
                income,
                expenditure,
                balance,
            }
        }
    };
    let checks = std::mem::take(&mut rec.checks);
    if ex.overflow {
        problems.push(
            Diagnostic::error("figures are too large to add exactly")
                .at(fund.location.clone())
                .hint("check for a figure pasted with extra digits"),
        );
    }
    (FundTotals { shape, checks }, problems)
}

fn flow_totals(fund: &Fund, flow: &Flow, ex: &mut Exact, rec: &mut Reconciler<'_>) -> ShapeTotals {
    let sources = list_totals(
        fund,
        &flow.sources,
        ListName::Sources,
        "sources total",
        ex,
        rec,
    );
    rec.set(
        fund,
        Part::List(ListName::Sources),
        "pooled fund total",
        &flow.stated_pool,
        &sources.total,
    );
    let applications = list_totals(
        fund,
        &flow.applications,
        ListName::Applications,
        "applications total",
        ex,
        rec,
    );
    let unit = fund.unit.symbol();
    let mut balanced = true;
    let mut periods: Vec<usize> = (0..fund.period_count()).collect();
    if fund.by_year() {
        periods.push(usize::MAX);
    }
    for i in periods {
        let (s, a) = if i == usize::MAX {
            (sources.total.all, applications.total.all)
        } else {
            (sources.total.periods[i], applications.total.periods[i])
        };
        let (s, a) = (s.unwrap_or_default(), a.unwrap_or_default());
        if s == a {
            continue;
        }
        balanced = false;
        let when = if i == usize::MAX {
            " for all years".to_string()
        } else {
            period_suffix(fund, i)
        };
        match &flow.unbalanced {
            Some(reason) => rec.checks.push(Check {
                part: Part::FlowBalance,
                what: format!("application of funds against sources of funds{when}"),
                stated: s,
                computed: a,
                reason: Some(reason.value.clone()),
            }),
            None if i != usize::MAX => rec.problems.push(
                Diagnostic::error(format!(
                    "applications of funds do not equal the sources of funds{when}"
                ))
                .at(fund.location.clone())
                .label(format!(
                    "sources {s}, applications {a}, difference {} ({unit})",
                    s - a
                ))
                .hint("every pound into the pool must be applied; check each line against the source. If the source really published a flow that does not balance, add unbalanced = \"<why>\" to the fund"),
            ),
            None => {}
        }
    }
    if let (true, Some(reason)) = (balanced, &flow.unbalanced) {
        rec.problems.push(
            Diagnostic::error(
                "override is not needed: the applications of funds equal the sources of funds",
            )
            .at(reason.location.clone())
            .label(format!(
                "sources {0}, applications {0} ({unit})",
                sources.total.all.unwrap_or_default()
            ))
            .hint("remove `unbalanced`"),
        );
    }
    ShapeTotals::Flow {
        sources,
        applications,
    }
}

fn matrix_totals(
    plan: &Plan,
    m: &Matrix,
    ex: &mut Exact,
    rec: &mut Reconciler<'_>,
) -> MatrixTotals {
    let mut rows = Vec::with_capacity(m.rows.len());
    for row in &m.rows {
        let vals: Vec<Decimal> = row.cells.iter().flatten().map(|c| c.value).collect();
        let t = ex.sum(&vals);
        if let Some(stated) = &row.stated_total {
            rec.check(
                Part::Matrix,
                &format!("total for \"{}\"", row.scheme),
                stated,
                t,
            );
        }
        rows.push(t);
    }
    let columns: Vec<Decimal> = (0..m.columns.len())
        .map(|i| {
            let vals: Vec<Decimal> = m
                .rows
                .iter()
                .filter_map(|r| r.cells[i].as_ref())
                .map(|c| c.value)
                .collect();
            ex.sum(&vals)
        })
        .collect();
    for (i, stated) in m.stated_columns.iter().enumerate() {
        if let Some(s) = stated {
            let body = plan
                .body(&m.columns[i])
                .map_or(m.columns[i].as_str(), |b| b.short.as_str());
            rec.check(Part::Matrix, &format!("{body} column total"), s, columns[i]);
        }
    }
    let total = ex.sum(&rows);
    if let Some(s) = &m.stated_total {
        rec.check(Part::Matrix, "grand total", s, total);
    }
    MatrixTotals {
        row_shares: rows.iter().map(|r| share(*r, total)).collect(),
        column_shares: columns.iter().map(|c| share(*c, total)).collect(),
        rows,
        columns,
        total,
    }
}

/// The body a line counts towards: its own, else its group's.
pub fn line_body<'a>(list: &'a LineList, line: &'a crate::model::FundLine) -> Option<&'a str> {
    line.body.as_ref().map(|b| b.value.as_str()).or_else(|| {
        line.group
            .as_deref()
            .and_then(|g| list.groups.iter().find(|x| x.id == g))
            .and_then(|g| g.body.as_deref())
    })
}

/// A list's figures added up by body, in order of each body's first line,
/// with each body's share of the list total. `None` when some line has no
/// body (its figures cannot be put to a body).
pub fn by_body(list: &LineList, totals: &ListTotals) -> Option<Vec<(String, Series)>> {
    let mut order: Vec<&str> = Vec::new();
    for line in &list.lines {
        let b = line_body(list, line)?;
        if !order.contains(&b) {
            order.push(b);
        }
    }
    let n = totals.total.periods.len();
    let mut ex = Exact::default();
    let whole = totals.total.all.unwrap_or_default();
    let out = order
        .into_iter()
        .map(|b| {
            let members = list
                .lines
                .iter()
                .zip(&totals.lines)
                .filter(|(l, _)| line_body(list, l) == Some(b))
                .map(|(_, s)| s);
            let mut s = ex.total(members, n);
            s.share = s.all.and_then(|a| share(a, whole));
            (b.to_string(), s)
        })
        .collect();
    (!ex.overflow).then_some(out)
}

/// The lists of a fund with their names and computed totals.
pub fn lists<'a>(
    fund: &'a Fund,
    totals: &'a FundTotals,
) -> Vec<(ListName, &'a LineList, &'a ListTotals)> {
    match (&fund.shape, &totals.shape) {
        (
            FundShape::Flow(f),
            ShapeTotals::Flow {
                sources,
                applications,
            },
        ) => vec![
            (ListName::Sources, &f.sources, sources),
            (ListName::Applications, &f.applications, applications),
        ],
        (FundShape::Lines(l), ShapeTotals::Lines(t)) => vec![(ListName::Lines, &l.list, t)],
        (
            FundShape::Balance(b),
            ShapeTotals::Balance {
                income,
                expenditure,
                ..
            },
        ) => vec![
            (ListName::Income, &b.income, income),
            (ListName::Expenditure, &b.expenditure, expenditure),
        ],
        _ => Vec::new(),
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
) -> Result<Decimal, String> {
    let pick = |s: &Series| -> Result<Decimal, String> {
        let value = match (year, fund.by_year()) {
            (Some(y), true) => {
                let i = fund.years.iter().position(|x| x == y).ok_or_else(|| {
                    format!(
                        "fund \"{}\" has no year \"{y}\" (its years: {})",
                        fund.id,
                        fund.years.join(", ")
                    )
                })?;
                s.periods[i]
            }
            _ => s.all,
        };
        value.ok_or_else(|| {
            format!(
                "fund \"{}\" gives no figure for that{}",
                fund.id,
                year.map(|y| format!(" in {y}")).unwrap_or_default()
            )
        })
    };
    let all = lists(fund, totals);
    let list = |name: ListName| {
        all.iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, _, t)| t)
            .ok_or_else(|| format!("a {} fund has no {}", fund.shape.name(), name.word()))
    };
    match (measure, &totals.shape) {
        (Measure::Total, ShapeTotals::Matrix(m)) => Ok(m.total),
        (Measure::Total, ShapeTotals::Flow { sources: t, .. })
        | (Measure::Total, ShapeTotals::Lines(t))
        | (Measure::Total, ShapeTotals::Balance { income: t, .. }) => pick(&t.total),
        (Measure::ListTotal(name), _) => pick(&list(*name)?.total),
        (Measure::Balance, ShapeTotals::Balance { balance, .. }) => pick(balance),
        (Measure::Column(b), ShapeTotals::Matrix(t)) => {
            let FundShape::Matrix(m) = &fund.shape else {
                return Err("not a matrix".into());
            };
            m.columns
                .iter()
                .position(|c| c == b)
                .map(|i| t.columns[i])
                .ok_or_else(|| {
                    format!(
                        "matrix \"{}\" has no column \"{b}\" (its columns: {})",
                        fund.id,
                        m.columns.join(", ")
                    )
                })
        }
        (Measure::Scheme(name), ShapeTotals::Matrix(t)) => {
            let FundShape::Matrix(m) = &fund.shape else {
                return Err("not a matrix".into());
            };
            m.rows
                .iter()
                .position(|r| &r.scheme == name)
                .map(|i| t.rows[i])
                .ok_or_else(|| format!("matrix \"{}\" has no scheme \"{name}\"", fund.id))
        }
        (Measure::Group(id), _) => {
            for (_, l, t) in &all {
                if let Some(i) = l.group_index(id) {
                    return pick(&t.groups[i]);
                }
            }
            Err(format!("fund \"{}\" has no group \"{id}\"", fund.id))
        }
        (Measure::Line(which, label), _) => {
            let mut found = Vec::new();
            for (name, l, t) in &all {
                if which.is_some_and(|w| w != *name) {
                    continue;
                }
                for (line, s) in l.lines.iter().zip(&t.lines) {
                    let by_body = line.body.as_ref().is_some_and(|b| &b.value == label);
                    if &line.label == label || by_body {
                        found.push(s);
                    }
                }
            }
            match found.as_slice() {
                [one] => pick(one),
                [] => Err(format!("fund \"{}\" has no line \"{label}\"", fund.id)),
                many => Err(format!(
                    "\"{label}\" matches {} lines of fund \"{}\"; name the line by its label",
                    many.len(),
                    fund.id
                )),
            }
        }
        (m, _) => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostics, Location};
    use crate::model::{Located, MatrixRow};
    use std::str::FromStr;

    fn fig(s: &str, line: u32) -> crate::model::Figure {
        Located {
            value: Decimal::from_str(s).expect("literal"),
            location: Location::at("p.toml".into(), line, 9, s.len() as u32),
        }
    }

    fn stated(s: &str, line: u32) -> Stated {
        Stated {
            figure: fig(s, line),
            reason: None,
        }
    }

    /// (scheme, first column, second column, stated total)
    type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

    fn matrix_plan(rows: &[Row<'_>], cols: (&str, &str), total: &str) -> Plan {
        let m = Matrix {
            columns: vec!["ccg".into(), "scc".into()],
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (name, a, b, t))| MatrixRow {
                    scheme: name.to_string(),
                    cells: vec![
                        a.map(|a| fig(a, i as u32 + 1)),
                        b.map(|b| fig(b, i as u32 + 1)),
                    ],
                    stated_total: t.map(|t| stated(t, i as u32 + 1)),
                    location: Location::file("p.toml".into()),
                })
                .collect(),
            stated_columns: vec![Some(stated(cols.0, 90)), Some(stated(cols.1, 91))],
            stated_total: Some(stated(total, 92)),
        };
        Plan {
            funds: vec![Fund {
                id: "f".into(),
                title: "F".into(),
                unit: MoneyUnit::Thousands,
                years: vec![],
                shape: FundShape::Matrix(m),
                notes: vec![],
                location: Location::file("p.toml".into()),
            }],
            ..Plan::empty_for_tests(Location::file("p.toml".into()))
        }
    }

    #[test]
    fn matrix_totals_and_reconciliation_pass_when_figures_add_up() {
        let plan = matrix_plan(
            &[
                ("Carers", Some("1240"), Some("134"), Some("1374")),
                ("Telecare", None, Some("250"), Some("250")),
            ],
            ("1240", "384"),
            "1624",
        );
        let (t, p) = compute(&plan, &plan.funds[0]);
        assert!(p.is_empty(), "{p:?}");
        let ShapeTotals::Matrix(m) = t.shape else {
            panic!("matrix")
        };
        assert_eq!(m.total.to_string(), "1624");
        assert_eq!(m.columns, [Decimal::from(1240), Decimal::from(384)]);
        assert_eq!(t.checks.len(), 5);
        assert!(t.checks.iter().all(Check::agrees));
    }

    #[test]
    fn rejects_stated_total_that_differs() {
        let plan = matrix_plan(
            &[("Carers", Some("1240"), Some("134"), Some("1375"))],
            ("1240", "134"),
            "1374",
        );
        let (_, p) = compute(&plan, &plan.funds[0]);
        let d: Diagnostics = p.into_iter().collect();
        let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs, ["p.toml:1:9: error: stated total for \"Carers\" does not match the computed total (stated 1375, computed 1374, difference 1 (£000))"]);
    }

    #[test]
    fn an_override_publishes_the_printed_figure_and_a_stale_one_is_an_error() {
        let mut plan = matrix_plan(
            &[("Carers", Some("1240"), Some("134"), Some("1374"))],
            ("1240", "134"),
            "1375",
        );
        let reason = |line| {
            Some(Located {
                value: "As printed.".to_string(),
                location: Location::at("p.toml".into(), line, 3, 10),
            })
        };
        if let FundShape::Matrix(m) = &mut plan.funds[0].shape {
            m.stated_total.as_mut().expect("stated").reason = reason(92);
            m.stated_columns[0].as_mut().expect("stated").reason = reason(90);
        }
        let (t, p) = compute(&plan, &plan.funds[0]);
        let msgs: Vec<String> = p.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs, ["p.toml:90:3: error: override is not needed: the stated ccg column total agrees with the computed total (stated 1240, computed 1240 (£000))"]);
        let over: Vec<&Check> = t.checks.iter().filter(|c| !c.agrees()).collect();
        assert_eq!(over.len(), 1);
        assert_eq!(
            (over[0].what.as_str(), over[0].stated, over[0].computed),
            ("grand total", Decimal::from(1375), Decimal::from(1374))
        );
        assert_eq!(over[0].reason.as_deref(), Some("As printed."));
    }

    #[test]
    fn shares_are_exact_until_displayed() {
        let s = share(Decimal::from(1), Decimal::from(3)).expect("share");
        assert!(s.to_string().starts_with("33.33333333"));
        assert_eq!(share(Decimal::ONE, Decimal::ZERO), None);
    }

    #[test]
    fn change_between_years_is_exact_with_a_percentage_of_the_earlier_year() {
        let c = change(Decimal::from(2000), Decimal::from_str("2036.5").expect("d")).expect("c");
        assert_eq!(c.amount.to_string(), "36.5");
        assert_eq!(c.percent.expect("pct").to_string(), "1.825");
        let c = change(Decimal::from(-200), Decimal::from(-100)).expect("c");
        assert_eq!(c.percent.expect("pct").to_string(), "50");
        assert_eq!(
            change(Decimal::ZERO, Decimal::ONE).expect("c").percent,
            None
        );
    }
}

#[cfg(test)]
mod props;

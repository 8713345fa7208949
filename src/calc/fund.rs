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
    Flow, Fund, FundShape, LineList, ListName, Matrix, MoneyUnit, Plan, Stated, StatedChanges,
    StatedSet, TotalsFrom,
};
use rust_decimal::Decimal;

/// The change from one period to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub amount: Decimal,
    /// The change in per cent of the earlier figure; `None` when that is zero.
    pub percent: Option<Decimal>,
}

/// Whether a fund's columns add up to a total for all years: a single
/// column (its total is that column), or columns that are each a bare
/// period (`2017/18`, `Q2 2017/18`, `Sep-17`), each after the one before.
/// A budget and a forecast of one year ("Revised budget 2024/25",
/// "Forecast outturn 2024/25"), two forecasts of the same money ("Forecast
/// outturn Q2 2024/25", "Forecast outturn Q3 2024/25"), balances at
/// successive year ends, or labels that name no period ("Budget",
/// "Outturn") are not: their sum is no figure anyone printed or could use,
/// so no total for all years, share of it or chart of it is published.
/// The fund's `add_up` overrides the labels (`true` for labelled
/// successive years, `false` for bare periods that are positions): the
/// reader resolves it into [`Fund::adds_up`].
pub fn years_add_up(fund: &Fund) -> bool {
    fund.adds_up
}

/// One row of figures: a line, a group subtotal or a total, by period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// One per period; `None` where nothing was given for that period.
    pub periods: Vec<Option<Decimal>>,
    /// The sum over all periods (the only period, for a one-period fund).
    pub all: Option<Decimal>,
    /// Changes between consecutive periods: the row's later figure less its
    /// earlier one, as the table shows them (for a subtotal or a total too,
    /// so that the change always reads as the difference of the two
    /// figures beside it); `None` where either is blank.
    pub changes: Vec<Option<Change>>,
    /// For each change of a row that adds up others: the rows blank in one
    /// of the two years, by label, which the change includes as a rise or
    /// a fall.
    pub left_out: Vec<Vec<String>>,
    /// For each change with rows left out: the change over only the rows
    /// with a figure in both years (like with like), which the table's note
    /// gives; `None` where no row has both or nothing is left out.
    pub like_for_like: Vec<Option<Change>>,
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
    /// The computed figure; for a change in per cent, rounded half away
    /// from zero to the decimal places of the stated one.
    pub computed: Decimal,
    /// The override's reason, when the figures differ and the data says why.
    pub reason: Option<String>,
    /// Whether the figures are money (in the fund's unit) or per cent.
    pub kind: CheckKind,
}

/// What the figures of a [`Check`] are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    Money,
    /// A change in money (a variance), which a paper may type without its
    /// sign ("an underspend of £2,567k").
    Change,
    /// A change in per cent.
    Percent,
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

    fn change(&mut self, a: Decimal, b: Decimal) -> Option<Change> {
        change(a, b).or_else(|| {
            self.overflow = true;
            None
        })
    }

    /// A series from figures by period: its total and its changes.
    fn series(&mut self, periods: Vec<Option<Decimal>>) -> Series {
        let present: Vec<Decimal> = periods.iter().flatten().copied().collect();
        let all = (!present.is_empty()).then(|| self.sum(&present));
        let changes = periods
            .windows(2)
            .map(|w| match (w[0], w[1]) {
                (Some(a), Some(b)) => self.change(a, b),
                _ => None,
            })
            .collect();
        Series {
            left_out: vec![Vec::new(); periods.len().saturating_sub(1)],
            like_for_like: vec![None; periods.len().saturating_sub(1)],
            periods,
            all,
            changes,
            share: None,
        }
    }

    /// The sum of several labelled series, period by period (blank where all
    /// are blank), with its own changes and, beside each change that
    /// includes parts blank in one of the two years, those parts' names and
    /// the like-for-like change over only the parts with figures in both.
    fn total<'a>(&mut self, parts: &[(&'a str, &'a Series)], n: usize) -> Series {
        let periods = (0..n)
            .map(|i| {
                let vals: Vec<Decimal> = parts.iter().filter_map(|(_, s)| s.periods[i]).collect();
                (!vals.is_empty()).then(|| self.sum(&vals))
            })
            .collect();
        let mut total = self.series(periods);
        for i in 0..n.saturating_sub(1) {
            let mut from = Vec::new();
            let mut to = Vec::new();
            let mut left_out = Vec::new();
            for (label, s) in parts {
                match (s.periods[i], s.periods[i + 1]) {
                    (Some(a), Some(b)) => {
                        from.push(a);
                        to.push(b);
                    }
                    (None, None) => {}
                    _ => left_out.push(label.to_string()),
                }
            }
            if left_out.is_empty() {
                continue;
            }
            total.like_for_like[i] = if from.is_empty() {
                None
            } else {
                let (a, b) = (self.sum(&from), self.sum(&to));
                self.change(a, b)
            };
            total.left_out[i] = left_out;
        }
        total
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

/// The unit a stated figure is in when it is exactly the computed figure
/// in another money unit (`101404` stated for 101.404 in a £m fund is in
/// £000): a unit slip, not a figure that does not add up.
fn unit_slip(unit: MoneyUnit, stated: Decimal, computed: Decimal) -> Option<&'static str> {
    const UNITS: [(MoneyUnit, i32); 3] = [
        (MoneyUnit::Pounds, 0),
        (MoneyUnit::Thousands, 3),
        (MoneyUnit::Millions, 6),
    ];
    if computed.is_zero() {
        return None;
    }
    let own = UNITS.iter().find(|(u, _)| *u == unit)?.1;
    UNITS
        .iter()
        .filter(|(u, _)| *u != unit)
        .find(|(_, exp)| {
            // One of `unit` is 10^(own - exp) of the other.
            let scale = Decimal::from(10_i64.pow((own - exp).unsigned_abs()));
            if own > *exp {
                computed.checked_mul(scale) == Some(stated)
            } else {
                stated.checked_mul(scale) == Some(computed)
            }
        })
        .map(|(u, _)| u.symbol())
}

impl Reconciler<'_> {
    /// Compares a stated money figure with the computed one.
    fn check(&mut self, part: Part, what: &str, stated: &Stated, computed: Decimal) {
        let noun = if part == Part::Balance {
            "balance"
        } else {
            "total"
        };
        self.compare(part, what, noun, stated, computed, CheckKind::Money);
    }

    /// Compares a stated figure with the computed one (already rounded to
    /// the stated places, for a percentage). A difference is an error unless
    /// an override gives its reason and exactly this difference.
    fn compare(
        &mut self,
        part: Part,
        what: &str,
        noun: &str,
        stated: &Stated,
        computed: Decimal,
        kind: CheckKind,
    ) {
        let value = stated.figure.value;
        let unit = match kind {
            CheckKind::Money | CheckKind::Change => self.unit.symbol(),
            CheckKind::Percent => "%",
        };
        let difference = value - computed;
        match (&stated.overridden, difference.is_zero()) {
            (None, true) => {}
            (Some(o), true) => {
                self.problems.push(
                    Diagnostic::error(format!(
                        "override is not needed: the stated {what} agrees with the computed {noun}"
                    ))
                    .at(o.reason.location.clone())
                    .label(format!("stated {value}, computed {computed} ({unit})"))
                    .hint(format!(
                        "remove the override and write the figure itself: {value}"
                    )),
                );
                return;
            }
            (None, false) => {
                self.problems.push(
                    Diagnostic::error(format!("stated {what} does not match the computed {noun}"))
                        .at(stated.figure.location.clone())
                        .label(format!(
                            "stated {value}, computed {computed}, difference {difference} ({unit})"
                        ))
                        .hint(match (kind, unit_slip(self.unit, value, computed)) {
                            (CheckKind::Money | CheckKind::Change, Some(other)) => format!(
                                "the stated figure is the computed {noun} in {other} ({computed} in {unit} is {value} in {other}), but this fund's figures are in {unit}: write {computed}; or, if every figure of the fund is in {other}, set unit = \"{other}\" on the fund"
                            ),
                            _ => format!("correct the figure; if the source really published a figure that does not add up, say so with a reasoned override: {{ override = {value}, difference = {difference}, reason = \"…\" }}"),
                        }),
                );
                return;
            }
            (Some(o), false) => match &o.difference {
                None => {
                    self.problems.push(
                        Diagnostic::error(format!(
                            "the override of the stated {what} does not say the difference it explains"
                        ))
                        .at(o.reason.location.clone())
                        .label(format!(
                            "stated {value}, computed {computed}, difference {difference} ({unit})"
                        ))
                        .hint(format!("add difference = {difference} (stated − computed): the build then fails if any figure under the override changes, instead of publishing a new gap under the old reason")),
                    );
                    return;
                }
                Some(d) if d.value != difference => {
                    self.problems.push(
                        Diagnostic::error(format!(
                            "the override of the stated {what} explains a difference of {}, but the difference is now {difference}",
                            d.value
                        ))
                        .at(d.location.clone())
                        .label(format!(
                            "stated {value}, computed {computed}, difference {difference} ({unit})"
                        ))
                        .hint("a figure under the override has changed since it was written: correct that figure, or, if the source really prints this, check the reason and write the new difference"),
                    );
                    return;
                }
                Some(_) => {}
            },
        }
        self.checks.push(Check {
            part,
            what: what.to_string(),
            stated: value,
            computed,
            reason: stated.reason().map(str::to_string),
            kind,
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
        let shown = published_periods(stated, computed);
        if let Some(s) = &stated.all {
            // Against the row's figures as shown, as its changes are: a
            // printed total for all years adds the printed figures.
            let what = format!("{what} for all years");
            let all = all_shown(&shown, computed).unwrap_or_default();
            let lines = computed.all.unwrap_or_default();
            if all != lines && s.overridden.is_none() && s.figure.value != all {
                self.adds_printed_mismatch(fund, &what, s, &shown, computed, all);
            } else {
                self.check(part, &what, s, all);
            }
        }
        self.changes(fund, part, what, &stated.changes, &shown);
    }

    /// Checks printed changes between years against the change between the
    /// row's figures as shown (`shown`, by period): the money exactly, the
    /// per cent after rounding to the places the source prints.
    fn changes(
        &mut self,
        fund: &Fund,
        part: Part,
        what: &str,
        stated: &StatedChanges,
        shown: &[Option<Decimal>],
    ) {
        for (i, pair) in fund.years.windows(2).enumerate() {
            let computed = match (
                shown.get(i).copied().flatten(),
                shown.get(i + 1).copied().flatten(),
            ) {
                (Some(a), Some(b)) => change(a, b),
                _ => None,
            };
            let when = format!("from {} to {}", pair[0], pair[1]);
            if let Some(s) = stated.amounts.get(i).and_then(Option::as_ref) {
                match computed {
                    Some(c) => self.compare(
                        part,
                        &format!("change in {what} {when}"),
                        "change",
                        s,
                        c.amount,
                        CheckKind::Change,
                    ),
                    None => self.no_change(what, &when, s),
                }
            }
            if let Some(s) = stated.percents.get(i).and_then(Option::as_ref) {
                match computed.and_then(|c| c.percent) {
                    Some(p) => {
                        let places = s.figure.value.scale();
                        self.compare(
                            part,
                            &format!("change in per cent in {what} {when}"),
                            "change",
                            s,
                            round_half_away(p, places),
                            CheckKind::Percent,
                        )
                    }
                    None => self.no_change(what, &when, s),
                }
            }
        }
    }

    /// A printed total for all years that is not the sum of the row's
    /// figures as shown, where those add a year's figure kept as printed
    /// (101 for 2016/17 and 90 give 191; the lines give 190): said for
    /// what it is, with how to keep a total the source prints that adds
    /// the lines instead.
    fn adds_printed_mismatch(
        &mut self,
        fund: &Fund,
        what: &str,
        stated: &Stated,
        shown: &[Option<Decimal>],
        computed: &Series,
        all: Decimal,
    ) {
        let value = stated.figure.value;
        let lines = computed.all.unwrap_or_default();
        let unit = self.unit.symbol();
        let printed = printed_periods(shown, computed);
        let parts: Vec<String> = shown
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let v = (*v)?;
                let year = fund.years.get(i).map_or("", String::as_str);
                Some(if printed.iter().any(|(p, _)| *p == i) {
                    format!("{v} for {year} as printed")
                } else {
                    v.to_string()
                })
            })
            .collect();
        let difference = value - all;
        let years: Vec<String> = printed
            .iter()
            .filter_map(|(i, _)| fund.years.get(*i).cloned())
            .collect();
        let hint = if value == lines {
            format!(
                "the total for all years adds up the row's figures as shown, so that the row adds up across; the source's {value} is what the lines add up to, without the figure kept as printed for {}. To publish {value} as the source prints it, keep it with an override of the total for all years: total = {{ override = {value}, difference = {difference}, reason = \"…\" }} beside the years' figures; or write {all}, the row's figures as shown",
                years.join(" and ")
            )
        } else {
            format!(
                "correct the figure: the row's figures as shown add up to {all}, the lines to {lines}; if the source really prints {value}, keep it with an override of the total for all years: total = {{ override = {value}, difference = {difference}, reason = \"…\" }}"
            )
        };
        self.problems.push(
            Diagnostic::error(format!(
                "stated {what} does not match the row's figures as shown"
            ))
            .at(stated.figure.location.clone())
            .label(format!(
                "stated {value}; the row’s figures as shown add up to {all} ({}); the lines add up to {lines} ({unit})",
                parts.join(" + ")
            ))
            .hint(hint),
        );
    }

    fn no_change(&mut self, what: &str, when: &str, stated: &Stated) {
        self.problems.push(
            Diagnostic::error(format!(
                "a change in {what} {when} is stated, but there is none to compare it with"
            ))
            .at(stated.figure.location.clone())
            .label("one of the two years is blank, or the earlier one is zero")
            .hint("check the figures for both years; a change in per cent needs an earlier figure that is not zero"),
        );
    }
}

/// A row's figures by period as the table shows them: a figure printed
/// under an override where there is one, else the computed figure.
pub fn published_periods(stated: &StatedSet, computed: &Series) -> Vec<Option<Decimal>> {
    shown_periods(stated.periods.iter().map(Option::as_ref), computed)
}

/// [`published_periods`] for what the source states by period, in order
/// (`None` where it states nothing; periods past its end state nothing):
/// a table's row holds them as a list of its own.
pub fn shown_periods<'s>(
    stated: impl IntoIterator<Item = Option<&'s Stated>>,
    computed: &Series,
) -> Vec<Option<Decimal>> {
    let mut stated = stated.into_iter();
    computed
        .periods
        .iter()
        .map(|c| published(stated.next().flatten(), *c))
        .collect()
}

/// A row's figure for all periods as the table shows it: the sum of its
/// figures as shown (`shown`, by period: [`published_periods`]), so that
/// the row adds up across. Where an override keeps a printed figure for a
/// period (101 as printed beside 90, though the lines give 100), that is
/// the printed figure's sum (191), not the computed one (190); else the
/// computed total. For a fund by year only: a one-period fund's figure
/// for all periods is its period's, printed or not.
pub fn all_shown(shown: &[Option<Decimal>], computed: &Series) -> Option<Decimal> {
    if shown.iter().eq(computed.periods.iter()) {
        return computed.all;
    }
    sum(shown.iter().flatten()).or(computed.all)
}

/// The figure a table shows for a stated figure: the printed one where an
/// override keeps it or where it agrees with the computed one (the same
/// figure, with the decimal places the source printed: 449 stated for
/// lines adding up to 449.00), else the computed one.
pub fn published(stated: Option<&Stated>, computed: Option<Decimal>) -> Option<Decimal> {
    match stated {
        Some(s) if s.overridden.is_some() || Some(s.figure.value) == computed => {
            Some(s.figure.value)
        }
        _ => computed,
    }
}

/// Rounds half away from zero to `places` decimal places: how the sources
/// round, and how plansite compares a computed figure with a printed one.
pub fn round_half_away(v: Decimal, places: u32) -> Decimal {
    v.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
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
    let in_group = |g: Option<&str>| {
        list.lines
            .iter()
            .zip(&lines)
            .filter(move |(l, _)| l.group.as_deref() == g)
            .map(|(l, s)| (l.label.as_str(), s))
            .collect::<Vec<_>>()
    };
    let mut groups: Vec<Series> = list
        .groups
        .iter()
        .map(|g| ex.total(&in_group(Some(&g.id)), n))
        .collect();
    let mut total = match fund.totals_from {
        TotalsFrom::Lines => {
            let all: Vec<(&str, &Series)> = list
                .lines
                .iter()
                .zip(&lines)
                .map(|(l, s)| (l.label.as_str(), s))
                .collect();
            ex.total(&all, n)
        }
        TotalsFrom::PrintedSubtotals => {
            // Each group as the source printed its subtotal, and the lines
            // in no group: the total the source itself added up.
            let printed: Vec<(String, Series)> = list
                .groups
                .iter()
                .zip(&groups)
                .map(|(g, s)| {
                    let mut shown = s.clone();
                    shown.periods = published_periods(&g.stated, s);
                    (format!("subtotal for \"{}\"", g.label), shown)
                })
                .collect();
            let mut parts: Vec<(&str, &Series)> =
                printed.iter().map(|(l, s)| (l.as_str(), s)).collect();
            parts.extend(in_group(None));
            ex.total(&parts, n)
        }
    };
    // A share of all years, where the years add up to a whole.
    if !fund.by_year() || years_add_up(fund) {
        let whole = total.all.unwrap_or_default();
        for s in lines.iter_mut().chain(groups.iter_mut()) {
            s.share = s.all.and_then(|a| share(a, whole));
        }
        total.share = share(whole, whole);
    }
    let part = Part::List(name);
    for (l, s) in list.lines.iter().zip(&lines) {
        let line = format!("\"{}\"", l.label);
        if let Some(st) = &l.stated_total {
            let what = format!("total for {line} across the years");
            rec.check(part, &what, st, s.all.unwrap_or_default());
        }
        rec.changes(fund, part, &line, &l.stated_changes, &s.periods);
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
            // The balance's change is its own, as the totals' are: the notes
            // under the income and expenditure tables name any line blank
            // in one of the two years.
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
    check_flow_balance(fund, flow, &sources, &applications, rec);
    ShapeTotals::Flow {
        sources,
        applications,
    }
}

/// Sources against applications, period by period (and for all years): a
/// gap is an error unless `unbalanced` gives its reason and exactly that gap.
fn check_flow_balance(
    fund: &Fund,
    flow: &Flow,
    sources: &ListTotals,
    applications: &ListTotals,
    rec: &mut Reconciler<'_>,
) {
    let unit = fund.unit.symbol();
    let mut balanced = true;
    for i in 0..fund.period_count() {
        let s = sources.total.periods[i].unwrap_or_default();
        let a = applications.total.periods[i].unwrap_or_default();
        let gap = s - a;
        let when = period_suffix(fund, i);
        let explained = flow
            .unbalanced
            .as_ref()
            .and_then(|u| u.differences.get(i).cloned().flatten());
        balanced &= gap.is_zero();
        match (&flow.unbalanced, explained) {
            (_, Some(d)) if gap.is_zero() => rec.problems.push(
                Diagnostic::error(format!(
                    "`unbalanced` gives a difference{when}, but the sources equal the applications"
                ))
                .at(d.location.clone())
                .label(format!("sources {s}, applications {a} ({unit})"))
                .hint("remove the difference for this period"),
            ),
            (_, None) if gap.is_zero() => {}
            (Some(u), Some(d)) if d.value == gap => rec.checks.push(Check {
                part: Part::FlowBalance,
                what: format!("application of funds against sources of funds{when}"),
                stated: s,
                computed: a,
                reason: Some(u.reason.value.clone()),
                kind: CheckKind::Money,
            }),
            (Some(_), Some(d)) => rec.problems.push(
                Diagnostic::error(format!(
                    "`unbalanced` explains a difference of {}{when}, but the difference is now {gap}",
                    d.value
                ))
                .at(d.location.clone())
                .label(format!(
                    "sources {s}, applications {a}, difference {gap} ({unit})"
                ))
                .hint("a figure of the flow has changed since `unbalanced` was written: correct that figure, or, if the source really prints this, check the reason and write the new difference"),
            ),
            (Some(u), None) => rec.problems.push(
                Diagnostic::error(format!(
                    "applications of funds do not equal the sources of funds{when}, and `unbalanced` gives no difference for it"
                ))
                .at(u.reason.location.clone())
                .label(format!(
                    "sources {s}, applications {a}, difference {gap} ({unit})"
                ))
                .hint(format!("if the source really prints this, add the difference (sources − applications): {gap}")),
            ),
            (None, _) => rec.problems.push(
                Diagnostic::error(format!(
                    "applications of funds do not equal the sources of funds{when}"
                ))
                .at(fund.location.clone())
                .label(format!(
                    "sources {s}, applications {a}, difference {gap} ({unit})"
                ))
                .hint(format!("every pound into the pool must be applied; check each line against the source. If the source really published a flow that does not balance, add unbalanced = {{ difference = {gap}, reason = \"<why>\" }} to the fund")),
            ),
        }
    }
    if let (true, Some(u)) = (balanced, &flow.unbalanced) {
        rec.problems.push(
            Diagnostic::error(
                "override is not needed: the applications of funds equal the sources of funds",
            )
            .at(u.reason.location.clone())
            .label(format!(
                "sources {0}, applications {0} ({unit})",
                sources.total.all.unwrap_or_default()
            ))
            .hint("remove `unbalanced`"),
        );
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

/// Which row of its list a body's row of "contributions by body" is the
/// same as: the body's lines are exactly one group's lines, or all the
/// list's lines. Its figures are then that row's, and so are the figures
/// the source printed for it (a subtotal or total kept as printed under an
/// override is published, flagged, in both tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameRow {
    /// The group at this index of the list.
    Group(usize),
    /// The list's total.
    Total,
}

/// One body's figures in a list added up by body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyRow {
    /// The body's id.
    pub body: String,
    /// The body's figures, computed from its lines, with its exact share
    /// of the lines' total.
    pub series: Series,
    /// The row of the list it is the same as, when there is one.
    pub same_as: Option<SameRow>,
}

/// A list's figures added up by body, in order of each body's first line,
/// with each body's share of the lines' total, and which row of the list
/// each body's row is the same as (a group whose lines are exactly the
/// body's, or the total). `None` when some line has no body (its figures
/// cannot be put to a body). The total of the bodies is the list's total,
/// as its own table shows it.
pub fn by_body(list: &LineList, totals: &ListTotals) -> Option<Vec<BodyRow>> {
    let mut order: Vec<&str> = Vec::new();
    for line in &list.lines {
        let b = line_body(list, line)?;
        if !order.contains(&b) {
            order.push(b);
        }
    }
    let n = totals.total.periods.len();
    let mut ex = Exact::default();
    let all: Vec<(&str, &Series)> = list
        .lines
        .iter()
        .zip(&totals.lines)
        .map(|(l, s)| (l.label.as_str(), s))
        .collect();
    let whole = ex.total(&all, n).all.unwrap_or_default();
    // The lines of each group, by their index in the list.
    let groups: Vec<Vec<usize>> = list
        .groups
        .iter()
        .map(|g| {
            list.lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.group.as_deref() == Some(g.id.as_str()))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    let bodies = order
        .into_iter()
        .map(|b| {
            let members: Vec<(usize, &str, &Series)> = list
                .lines
                .iter()
                .zip(&totals.lines)
                .enumerate()
                .filter(|(_, (l, _))| line_body(list, l) == Some(b))
                .map(|(i, (l, s))| (i, l.label.as_str(), s))
                .collect();
            let parts: Vec<(&str, &Series)> = members.iter().map(|(_, l, s)| (*l, *s)).collect();
            let mut series = ex.total(&parts, n);
            series.share = series.all.and_then(|a| share(a, whole));
            let mine: Vec<usize> = members.iter().map(|(i, _, _)| *i).collect();
            let same_as = groups
                .iter()
                .position(|g| *g == mine)
                .map(SameRow::Group)
                .or_else(|| (mine.len() == list.lines.len()).then_some(SameRow::Total));
            BodyRow {
                body: b.to_string(),
                series,
                same_as,
            }
        })
        .collect();
    (!ex.overflow).then_some(bodies)
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
            overridden: None,
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
                period: None,
                totals_from: crate::model::TotalsFrom::Lines,
                shape: FundShape::Matrix(m),
                notes: vec![],
                shows_changes: true,
                adds_up: true,
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
        let reason = |line, difference: &str| {
            Some(crate::model::Override {
                reason: Located {
                    value: "As printed.".to_string(),
                    location: Location::at("p.toml".into(), line, 3, 10),
                },
                difference: Some(fig(difference, line)),
            })
        };
        if let FundShape::Matrix(m) = &mut plan.funds[0].shape {
            m.stated_total.as_mut().expect("stated").overridden = reason(92, "1");
            m.stated_columns[0].as_mut().expect("stated").overridden = reason(90, "0");
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

    /// An override explains one gap: it must say how big, and a build where
    /// the gap has changed (a line edited since) fails.
    #[test]
    fn an_override_must_state_the_difference_it_explains_and_fails_when_it_changes() {
        let with_override = |difference: Option<&str>, carers: &str| {
            let mut plan = matrix_plan(
                &[("Carers", Some(carers), Some("134"), None)],
                ("1240", "134"),
                "1375",
            );
            if let FundShape::Matrix(m) = &mut plan.funds[0].shape {
                m.stated_columns = vec![None, None];
                m.stated_total.as_mut().expect("stated").overridden =
                    Some(crate::model::Override {
                        reason: Located {
                            value: "The paper prints 1,375; its rows add up to 1,374.".into(),
                            location: Location::at("p.toml".into(), 92, 11, 60),
                        },
                        difference: difference.map(|d| fig(d, 93)),
                    });
            }
            let (_, p) = compute(&plan, &plan.funds[0]);
            p.iter().map(|d| d.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(with_override(Some("1"), "1240"), Vec::<String>::new());
        assert_eq!(
            with_override(None, "1240"),
            ["p.toml:92:11: error: the override of the stated grand total does not say the difference it explains (stated 1375, computed 1374, difference 1 (£000))"]
        );
        // A line changed by 40,000 since the override was written.
        assert_eq!(
            with_override(Some("1"), "-38760"),
            ["p.toml:93:9: error: the override of the stated grand total explains a difference of 1, but the difference is now 40001 (stated 1375, computed -38626, difference 40001 (£000))"]
        );
    }

    /// (label, group, first year, second year)
    type YearLine<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

    /// A lines fund by year.
    fn by_year(lines: &[YearLine<'_>]) -> Fund {
        use crate::model::{FundLine, Group, LineKind, LineList, Lines, ListRole, StatedChanges};
        let groups: Vec<Group> = lines
            .iter()
            .filter_map(|l| l.1)
            .fold(Vec::new(), |mut v: Vec<&str>, g| {
                if !v.contains(&g) {
                    v.push(g);
                }
                v
            })
            .into_iter()
            .map(|g| Group {
                id: g.into(),
                label: g.into(),
                body: None,
                stated: StatedSet::empty(2),
                location: Location::file("p.toml".into()),
            })
            .collect();
        let lines = lines
            .iter()
            .enumerate()
            .map(|(i, (label, group, a, b))| FundLine {
                label: label.to_string(),
                body: None,
                group: group.map(str::to_string),
                kind: LineKind::Amount,
                amounts: vec![a.map(|a| fig(a, i as u32)), b.map(|b| fig(b, i as u32))],
                stated_total: None,
                stated_changes: StatedChanges::empty(2),
                note: None,
                location: Location::file("p.toml".into()),
            })
            .collect();
        Fund {
            id: "f".into(),
            title: "F".into(),
            unit: MoneyUnit::Thousands,
            years: vec!["2017/18".into(), "2018/19".into()],
            period: None,
            totals_from: TotalsFrom::Lines,
            shape: FundShape::Lines(Lines {
                role: ListRole::Spending,
                list: LineList {
                    lines,
                    groups,
                    stated: StatedSet::empty(2),
                },
            }),
            notes: vec![],
            shows_changes: true,
            adds_up: true,
            location: Location::file("p.toml".into()),
        }
    }

    fn list_of(t: &FundTotals) -> &ListTotals {
        let ShapeTotals::Lines(l) = &t.shape else {
            panic!("lines")
        };
        l
    }

    #[test]
    fn a_total_change_is_its_own_and_names_lines_blank_in_one_year() {
        // Every line with both years falls; a new line makes the total rise.
        let fund = by_year(&[
            ("A", None, Some("100"), Some("90")),
            ("B", None, Some("50"), Some("45")),
            ("New", None, None, Some("16")),
        ]);
        let plan = Plan::empty_for_tests(Location::file("p.toml".into()));
        let (t, p) = compute(&plan, &fund);
        assert!(p.is_empty(), "{p:?}");
        let total = &list_of(&t).total;
        assert_eq!(
            total.periods,
            [Some(Decimal::from(150)), Some(Decimal::from(151))]
        );
        // The total's change is its own figures' difference, +1 …
        assert_eq!(total.changes[0].expect("change").amount, Decimal::ONE);
        // … which includes the new line; like for like, the lines fall.
        assert_eq!(total.left_out, [vec!["New".to_string()]]);
        let c = total.like_for_like[0].expect("like for like");
        assert_eq!(
            (c.amount, c.percent),
            (Decimal::from(-15), Some(Decimal::from(-10)))
        );
        // A line's change is its own; nothing is left out of it.
        assert!(list_of(&t).lines[2].changes[0].is_none());
        assert!(list_of(&t).lines[0].left_out[0].is_empty());
    }

    #[test]
    fn a_printed_change_in_per_cent_is_checked_at_the_places_printed() {
        let check = |percent: &str| {
            let mut fund = by_year(&[("A", None, Some("14000"), Some("14266.5"))]);
            if let FundShape::Lines(l) = &mut fund.shape {
                l.list.lines[0].stated_changes.amounts[0] = Some(stated("266.5", 7));
                l.list.lines[0].stated_changes.percents[0] = Some(stated(percent, 8));
            }
            let plan = Plan::empty_for_tests(Location::file("p.toml".into()));
            let (_, p) = compute(&plan, &fund);
            p.iter().map(|d| d.to_string()).collect::<Vec<_>>()
        };
        // 266.5 / 14000 × 100 = 1.9035714…
        assert!(check("1.90").is_empty());
        assert!(check("1.9").is_empty());
        assert!(check("2").is_empty());
        assert_eq!(
            check("1.91"),
            ["p.toml:8:9: error: stated change in per cent in \"A\" from 2017/18 to 2018/19 does not match the computed change (stated 1.91, computed 1.90, difference 0.01 (%))"]
        );
    }

    #[test]
    fn totals_from_printed_subtotals_add_the_printed_figures() {
        let mut fund = by_year(&[
            ("A", Some("g"), Some("10"), Some("10")),
            ("B", Some("g"), Some("20"), Some("21")),
            ("C", None, Some("5"), Some("5")),
        ]);
        fund.totals_from = TotalsFrom::PrintedSubtotals;
        if let FundShape::Lines(l) = &mut fund.shape {
            let mut printed = stated("31", 3);
            printed.overridden = Some(crate::model::Override {
                reason: Located {
                    value: "Rounded.".into(),
                    location: Location::at("p.toml".into(), 3, 1, 1),
                },
                difference: Some(fig("1", 3)),
            });
            l.list.groups[0].stated.periods[0] = Some(printed);
        }
        let plan = Plan::empty_for_tests(Location::file("p.toml".into()));
        let (t, p) = compute(&plan, &fund);
        assert!(p.is_empty(), "{p:?}");
        let l = list_of(&t);
        assert_eq!(l.groups[0].periods[0], Some(Decimal::from(30)), "the lines");
        assert_eq!(
            l.total.periods,
            [Some(Decimal::from(36)), Some(Decimal::from(36))],
            "the printed 31, plus 5"
        );
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

mod figure;
pub use figure::{figure, period_index, printed_periods, FigureError, FundFigure};

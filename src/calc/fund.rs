//! Fund totals, shares and reconciliation.
//!
//! Every total is computed from the lines; every total the source states is
//! compared with the computed one exactly. A difference is an error naming
//! the stated figure's location, both figures and the difference.

use crate::diagnostics::Diagnostic;
use crate::model::{Figure, Flow, Fund, FundShape, Matrix, MoneyUnit, Plan};
use rust_decimal::Decimal;

/// Computed totals of a flow of funds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowTotals {
    pub sources: Decimal,
    pub applications: Decimal,
    /// Exact shares of the sources total, in per cent (unrounded).
    pub source_shares: Vec<Option<Decimal>>,
    pub application_shares: Vec<Option<Decimal>>,
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
pub enum FundTotals {
    Flow(FlowTotals),
    Matrix(MatrixTotals),
}

impl FundTotals {
    /// The fund's grand total: the pool of a flow, the total of a matrix.
    pub fn grand_total(&self) -> Decimal {
        match self {
            FundTotals::Flow(f) => f.sources,
            FundTotals::Matrix(m) => m.total,
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

fn overflow(fund: &Fund) -> Diagnostic {
    Diagnostic::error("figures are too large to add exactly")
        .at(fund.location.clone())
        .hint("check for a figure pasted with extra digits")
}

/// Compares a stated figure with the computed one.
fn reconcile(
    what: &str,
    stated: &Figure,
    computed: Decimal,
    unit: MoneyUnit,
    out: &mut Vec<Diagnostic>,
) {
    if stated.value == computed {
        return;
    }
    let difference = stated.value - computed;
    out.push(
        Diagnostic::error(format!("stated {what} does not match the computed total"))
            .at(stated.location.clone())
            .label(format!(
                "stated {}, computed {}, difference {} ({})",
                stated.value,
                computed,
                difference,
                unit.symbol()
            ))
            .hint("correct the figure; if the source really published a table that does not add up, say so with a reasoned override"),
    );
}

/// Computes a fund's totals and checks them against every stated total.
pub fn compute(plan: &Plan, fund: &Fund) -> (FundTotals, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let totals = match &fund.shape {
        FundShape::Flow(flow) => FundTotals::Flow(flow_totals(plan, fund, flow, &mut problems)),
        FundShape::Matrix(m) => FundTotals::Matrix(matrix_totals(plan, fund, m, &mut problems)),
    };
    (totals, problems)
}

fn flow_totals(plan: &Plan, fund: &Fund, flow: &Flow, out: &mut Vec<Diagnostic>) -> FlowTotals {
    let sources = sum(flow.sources.iter().map(|l| &l.amount.value));
    let applications = sum(flow.applications.iter().map(|l| &l.amount.value));
    let (Some(sources), Some(applications)) = (sources, applications) else {
        out.push(overflow(fund));
        return FlowTotals {
            sources: Decimal::ZERO,
            applications: Decimal::ZERO,
            source_shares: vec![None; flow.sources.len()],
            application_shares: vec![None; flow.applications.len()],
        };
    };
    let unit = plan.unit;
    if let Some(s) = &flow.stated.sources {
        reconcile("sources total", s, sources, unit, out);
    }
    if let Some(s) = &flow.stated.pool {
        reconcile("pooled fund total", s, sources, unit, out);
    }
    if let Some(s) = &flow.stated.applications {
        reconcile("applications total", s, applications, unit, out);
    }
    if sources != applications {
        out.push(
            Diagnostic::error("applications of funds do not equal the sources of funds")
                .at(fund.location.clone())
                .label(format!(
                    "sources {sources}, applications {applications}, difference {} ({})",
                    sources - applications,
                    unit.symbol()
                ))
                .hint(
                    "every pound into the pool must be applied; check each line against the source",
                ),
        );
    }
    FlowTotals {
        sources,
        applications,
        source_shares: flow
            .sources
            .iter()
            .map(|l| share(l.amount.value, sources))
            .collect(),
        application_shares: flow
            .applications
            .iter()
            .map(|l| share(l.amount.value, applications))
            .collect(),
    }
}

fn matrix_totals(plan: &Plan, fund: &Fund, m: &Matrix, out: &mut Vec<Diagnostic>) -> MatrixTotals {
    let unit = plan.unit;
    let mut rows = Vec::with_capacity(m.rows.len());
    for row in &m.rows {
        let Some(t) = sum(row.cells.iter().flatten().map(|c| &c.value)) else {
            out.push(overflow(fund));
            rows.push(Decimal::ZERO);
            continue;
        };
        if let Some(stated) = &row.stated_total {
            reconcile(
                &format!("total for \"{}\"", row.scheme),
                stated,
                t,
                unit,
                out,
            );
        }
        rows.push(t);
    }
    let columns: Vec<Decimal> = (0..m.columns.len())
        .map(|i| {
            sum(m
                .rows
                .iter()
                .filter_map(|r| r.cells[i].as_ref())
                .map(|c| &c.value))
            .unwrap_or_else(|| {
                out.push(overflow(fund));
                Decimal::ZERO
            })
        })
        .collect();
    for (i, stated) in m.stated_columns.iter().enumerate() {
        if let Some(s) = stated {
            let body = plan
                .body(&m.columns[i])
                .map_or(m.columns[i].as_str(), |b| b.short.as_str());
            reconcile(&format!("{body} column total"), s, columns[i], unit, out);
        }
    }
    let total = sum(rows.iter()).unwrap_or(Decimal::ZERO);
    if let Some(s) = &m.stated_total {
        reconcile("grand total", s, total, unit, out);
    }
    MatrixTotals {
        row_shares: rows.iter().map(|r| share(*r, total)).collect(),
        column_shares: columns.iter().map(|c| share(*c, total)).collect(),
        rows,
        columns,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostics, Location};
    use crate::model::{Located, MatrixRow};
    use std::str::FromStr;

    fn fig(s: &str, line: u32) -> Figure {
        Located {
            value: Decimal::from_str(s).expect("literal"),
            location: Location::at("p.toml".into(), line, 9, s.len() as u32),
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
                    stated_total: t.map(|t| fig(t, i as u32 + 1)),
                    location: Location::file("p.toml".into()),
                })
                .collect(),
            stated_columns: vec![Some(fig(cols.0, 90)), Some(fig(cols.1, 91))],
            stated_total: Some(fig(total, 92)),
        };
        Plan {
            id: "p".into(),
            title: "P".into(),
            area: None,
            period: None,
            unit: MoneyUnit::Thousands,
            paper: None,
            source: Default::default(),
            bodies: vec![],
            funds: vec![Fund {
                id: "f".into(),
                title: "F".into(),
                shape: FundShape::Matrix(m),
                location: Location::file("p.toml".into()),
            }],
            location: Location::file("p.toml".into()),
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
        let FundTotals::Matrix(m) = t else {
            panic!("matrix")
        };
        assert_eq!(m.total.to_string(), "1624");
        assert_eq!(m.columns, [Decimal::from(1240), Decimal::from(384)]);
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
    fn shares_are_exact_until_displayed() {
        let s = share(Decimal::from(1), Decimal::from(3)).expect("share");
        assert!(s.to_string().starts_with("33.33333333"));
        assert_eq!(share(Decimal::ONE, Decimal::ZERO), None);
    }
}

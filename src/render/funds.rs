//! Fund tables: a plan's fund and its computed totals → [`FundView`].
//!
//! Each table has a caption (what, period, unit, source), row and column
//! headers, right-aligned figures in the display unit, totals in the table
//! foot and each line's share of the total.

use super::format::{display_unit, money_cell, money_text, percent, round};
use super::open_data::{self, DatasetEntry};
use super::views::{CellView, FundView, HeadCell, RowView, TableView};
use super::{urls, OutputFile};
use crate::calc::fund::{FlowTotals, MatrixTotals};
use crate::calc::FundTotals;
use crate::config::MoneyStyle;
use crate::model::{Flow, Fund, FundShape, Matrix, Money, Plan};
use rust_decimal::Decimal;

struct Ctx<'a> {
    plan: &'a Plan,
    style: MoneyStyle,
}

impl Ctx<'_> {
    fn money(&self, amount: Decimal) -> Money {
        Money::new(amount, self.plan.unit)
    }
    fn cell(&self, amount: Decimal) -> CellView {
        CellView::number(
            money_cell(self.money(amount), self.style),
            amount.to_string(),
        )
    }
    fn text(&self, amount: Decimal) -> String {
        money_text(self.money(amount), self.style)
    }
    fn unit(&self) -> &'static str {
        display_unit(self.plan.unit, self.style).symbol()
    }
    fn share(&self, s: Option<Decimal>) -> CellView {
        match s {
            // Shares are computed, not published: the data files carry the
            // same rounded figure the page shows.
            Some(v) => CellView::number(percent(v), round(v, 1).to_string()),
            None => CellView::blank(),
        }
    }
}

fn source_text(plan: &Plan) -> String {
    match &plan.source.reference {
        Some(r) => format!("{}, {}", plan.source.document, r),
        None => plan.source.document.clone(),
    }
}

fn caption(plan: &Plan, what: &str, unit: &str) -> String {
    let period = plan
        .period
        .as_deref()
        .map(|p| format!(", {p}"))
        .unwrap_or_default();
    format!("{what}{period} ({unit}). Source: {}.", source_text(plan))
}

/// A footnote when rounded shares do not add up to 100.0%.
fn rounding_note(shares: &[Option<Decimal>]) -> Option<String> {
    let sum: Decimal = shares.iter().flatten().map(|s| round(*s, 1)).sum();
    let hundred = Decimal::ONE_HUNDRED;
    (shares.iter().any(Option::is_some) && sum != hundred).then(|| {
        format!(
            "Shares are rounded to one decimal place, so they add up to {sum}% rather than 100.0%."
        )
    })
}

/// A fund's view with its tables' data files attached.
pub(crate) struct PublishedFund {
    pub(crate) view: FundView,
    /// The CSV and JSON files of its tables (written by the plan page).
    pub(crate) files: Vec<OutputFile>,
    pub(crate) datasets: Vec<DatasetEntry>,
}

/// Builds the view of one fund, with links relative to the page at `from`.
pub(crate) fn fund_view(
    plan: &Plan,
    fund: &Fund,
    totals: &FundTotals,
    style: MoneyStyle,
    from: &str,
) -> PublishedFund {
    let ctx = Ctx { plan, style };
    let (mut tables, checks) = match (&fund.shape, totals) {
        (FundShape::Flow(flow), FundTotals::Flow(t)) => flow_tables(&ctx, fund, flow, t),
        (FundShape::Matrix(m), FundTotals::Matrix(t)) => matrix_table(&ctx, fund, m, t),
        _ => (Vec::new(), Vec::new()),
    };
    let plan_page = urls::plan(&plan.id);
    let plan_dir = plan_page.trim_end_matches("index.html");
    let mut files = Vec::new();
    let mut datasets = Vec::new();
    for t in &mut tables {
        let data_path = format!("{plan_dir}{}", t.id);
        let (f, entry) = open_data::attach(t, &data_path, from, &plan_page);
        files.extend(f);
        datasets.push(entry);
    }
    PublishedFund {
        view: FundView {
            id: fund.id.clone(),
            title: fund.title.clone(),
            tables,
            checks,
            source: source_text(plan),
            plan_href: urls::link(from, &plan_page),
        },
        files,
        datasets,
    }
}

fn body_name(plan: &Plan, id: Option<&str>) -> String {
    id.and_then(|i| plan.body(i))
        .map_or_else(|| "Not stated".to_string(), |b| b.short.clone())
}

fn flow_tables(
    ctx: &Ctx<'_>,
    fund: &Fund,
    flow: &Flow,
    t: &FlowTotals,
) -> (Vec<TableView>, Vec<String>) {
    let unit = ctx.unit();
    let plan = ctx.plan;
    let head = |first: &str, with_body: bool| {
        let mut h = vec![HeadCell {
            text: first.to_string(),
            numeric: false,
        }];
        if with_body {
            h.push(HeadCell {
                text: "Body".into(),
                numeric: false,
            });
        }
        h.push(HeadCell {
            text: format!("Amount ({unit})"),
            numeric: true,
        });
        h.push(HeadCell {
            text: "Share (%)".into(),
            numeric: true,
        });
        h
    };
    let sources = TableView {
        id: format!("{}-sources", fund.id),
        caption: caption(plan, &format!("{}: sources of funds", fund.title), unit),
        label: format!("{}: sources of funds", fund.title),
        head: head("Source of funds", false),
        rows: flow
            .sources
            .iter()
            .zip(&t.source_shares)
            .map(|(l, s)| RowView {
                header: l.label.clone(),
                cells: vec![ctx.cell(l.amount.value), ctx.share(*s)],
            })
            .collect(),
        foot: vec![RowView {
            header: "Total (pooled fund)".into(),
            cells: vec![ctx.cell(t.sources), ctx.share(Some(Decimal::ONE_HUNDRED))],
        }],
        notes: rounding_note(&t.source_shares).into_iter().collect(),
        downloads: None,
    };
    let applications = TableView {
        id: format!("{}-applications", fund.id),
        caption: caption(plan, &format!("{}: application of funds", fund.title), unit),
        label: format!("{}: application of funds", fund.title),
        head: head("Application of funds", true),
        rows: flow
            .applications
            .iter()
            .zip(&t.application_shares)
            .map(|(l, s)| RowView {
                header: l.label.clone(),
                cells: vec![
                    CellView::text(body_name(plan, l.body.as_ref().map(|b| b.value.as_str()))),
                    ctx.cell(l.amount.value),
                    ctx.share(*s),
                ],
            })
            .collect(),
        foot: vec![RowView {
            header: "Total".into(),
            cells: vec![
                CellView::text(""),
                ctx.cell(t.applications),
                ctx.share(Some(Decimal::ONE_HUNDRED)),
            ],
        }],
        notes: rounding_note(&t.application_shares).into_iter().collect(),
        downloads: None,
    };
    let mut checks = vec![format!(
        "Sources of funds ({}) equal the application of funds ({}).",
        ctx.text(t.sources),
        ctx.text(t.applications)
    )];
    let stated: Vec<String> = [
        ("sources", &flow.stated.sources),
        ("pooled fund", &flow.stated.pool),
        ("applications", &flow.stated.applications),
    ]
    .into_iter()
    .filter_map(|(what, f)| f.as_ref().map(|f| format!("{what} {}", ctx.text(f.value))))
    .collect();
    if !stated.is_empty() {
        checks.push(format!(
            "Totals stated in the source match the computed totals: {}.",
            stated.join(", ")
        ));
    }
    (vec![sources, applications], checks)
}

fn matrix_table(
    ctx: &Ctx<'_>,
    fund: &Fund,
    m: &Matrix,
    t: &MatrixTotals,
) -> (Vec<TableView>, Vec<String>) {
    let unit = ctx.unit();
    let plan = ctx.plan;
    let mut head = vec![HeadCell {
        text: "Scheme".into(),
        numeric: false,
    }];
    for c in &m.columns {
        head.push(HeadCell {
            text: format!("{} ({unit})", body_name(plan, Some(c))),
            numeric: true,
        });
    }
    head.push(HeadCell {
        text: format!("Total ({unit})"),
        numeric: true,
    });
    head.push(HeadCell {
        text: "Share of total (%)".into(),
        numeric: true,
    });
    let rows = m
        .rows
        .iter()
        .zip(t.rows.iter().zip(&t.row_shares))
        .map(|(row, (total, share))| {
            let mut cells: Vec<CellView> = row
                .cells
                .iter()
                .map(|c| {
                    c.as_ref()
                        .map_or_else(CellView::blank, |f| ctx.cell(f.value))
                })
                .collect();
            cells.push(ctx.cell(*total));
            cells.push(ctx.share(*share));
            RowView {
                header: row.scheme.clone(),
                cells,
            }
        })
        .collect();
    let mut foot_cells: Vec<CellView> = t.columns.iter().map(|c| ctx.cell(*c)).collect();
    foot_cells.push(ctx.cell(t.total));
    foot_cells.push(ctx.share(Some(Decimal::ONE_HUNDRED)));
    let table = TableView {
        id: fund.id.clone(),
        caption: caption(plan, &fund.title, unit),
        label: fund.title.clone(),
        head,
        rows,
        foot: vec![RowView {
            header: "Total".into(),
            cells: foot_cells,
        }],
        notes: rounding_note(&t.row_shares).into_iter().collect(),
        downloads: None,
    };
    let mut checks = Vec::new();
    let stated_rows = m.rows.iter().filter(|r| r.stated_total.is_some()).count();
    if stated_rows > 0 {
        checks.push(format!(
            "Each of the {stated_rows} stated scheme totals equals the sum of its contributions."
        ));
    }
    let cols: Vec<String> = m
        .columns
        .iter()
        .zip(&m.stated_columns)
        .filter_map(|(c, s)| {
            s.as_ref()
                .map(|s| format!("{} {}", body_name(plan, Some(c)), ctx.text(s.value)))
        })
        .collect();
    if !cols.is_empty() {
        checks.push(format!(
            "Stated column totals match the computed totals: {}.",
            cols.join(", ")
        ));
    }
    if let Some(s) = &m.stated_total {
        checks.push(format!(
            "The stated grand total {} matches the sum of all schemes.",
            ctx.text(s.value)
        ));
    }
    (vec![table], checks)
}

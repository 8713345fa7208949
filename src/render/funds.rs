//! Fund tables: a plan's fund and its computed totals → [`FundView`].
//!
//! Each table has a caption (what, period, unit, source), row and column
//! headers, right-aligned figures in the display unit (negative figures with
//! a true minus sign), group subtotals in the body, totals in the table foot,
//! the change between years for a fund by year, and each line's share of the
//! total (rounded half away from zero to one decimal place, with a note when
//! the rounded shares do not add up to 100.0%). A stated figure published
//! under an override is shown as printed, and the override (stated,
//! computed, difference, reason) is shown beside its table. Each fund also
//! gets bar charts of contributions by body and of spending by scheme
//! ([`super::charts`]), drawn from a table shown beside them.

use super::format::{
    change_cell, change_percent, display_unit, money_cell, money_text, percent, round,
};
use super::fund_charts::{self, Bar, ChartView};
use super::open_data::{self, DatasetEntry};
use super::views::{CellView, FundView, HeadCell, RowView, TableView};
use super::{urls, OutputFile};
use crate::calc::fund::{
    self, Check, CheckKind, FundFigure, ListTotals, MatrixTotals, Part, Series, ShapeTotals,
};
use crate::calc::FundTotals;
use crate::config::{Config, MoneyStyle};
use crate::model::{
    BalanceMeaning, Fund, FundLine, FundShape, LineList, ListName, ListRole, Matrix, Measure,
    Money, Plan, Stated, StatedChanges, StatedSet, TotalsFrom,
};
use crate::shown::and_list;
use rust_decimal::Decimal;
use serde::Serialize;

/// A stated figure that the source printed although it does not add up,
/// published under an override, as shown beside its table.
#[derive(Debug, Clone, Serialize)]
pub struct OverrideView {
    /// The table it belongs beside.
    pub table_id: String,
    /// What does not add up, in words ("Grand total").
    pub what: String,
    pub stated_label: String,
    pub stated: String,
    pub computed_label: String,
    pub computed: String,
    pub difference: String,
    pub reason: String,
}

impl OverrideView {
    /// The override in one sentence, for the table's data files.
    fn sentence(&self) -> String {
        format!(
            "{}: {} {}, {} {}, a difference of {}. Published as printed because: {}",
            self.what,
            self.stated_label.to_lowercase(),
            self.stated,
            self.computed_label.to_lowercase(),
            self.computed,
            self.difference,
            self.reason
        )
    }
}

struct Ctx<'a> {
    plan: &'a Plan,
    fund: &'a Fund,
    style: MoneyStyle,
    /// Decimal places of changes in per cent: as many as the source prints
    /// its own (the most places of any `change_percent` in the fund), else one.
    percent_places: u32,
}

impl Ctx<'_> {
    fn money(&self, amount: Decimal) -> Money {
        Money::new(amount, self.fund.unit)
    }
    /// The exact figure in the unit the table is shown in, for data files
    /// and `data-value` (so that they agree with the column heading).
    fn raw(&self, amount: Decimal) -> String {
        self.money(amount)
            .to_unit(display_unit(self.fund.unit, self.style))
            .amount
            .to_string()
    }
    fn cell(&self, amount: Decimal) -> CellView {
        CellView::number(money_cell(self.money(amount), self.style), self.raw(amount))
    }
    fn opt_cell(&self, amount: Option<Decimal>) -> CellView {
        amount.map_or_else(CellView::blank, |a| self.cell(a))
    }
    /// A total: the computed figure, or the stated one where the source
    /// printed a figure that does not add up (an override), marked so on the
    /// page and flagged in the data files.
    /// Whether the fund's figures add up across its columns: a fund of one
    /// period, or one whose years are successive ([`fund::years_add_up`]).
    fn adds_up(&self) -> bool {
        !self.fund.by_year() || fund::years_add_up(self.fund)
    }

    fn total_cell(&self, computed: Option<Decimal>, stated: Option<&Stated>) -> CellView {
        match fund::published(stated, computed) {
            Some(v) if Some(v) != computed => CellView::number(
                format!("{} (as printed)", money_cell(self.money(v), self.style)),
                self.raw(v),
            )
            .printed(),
            // A stated figure that agrees, with the places printed.
            shown => self.opt_cell(shown),
        }
    }
    fn text(&self, amount: Decimal) -> String {
        money_text(self.money(amount), self.style)
    }
    /// A figure in prose as the fund's table shows it: flagged "(as
    /// printed)" where an override keeps a printed figure that does not add
    /// up, as the table's cell is.
    fn published(&self, f: &FundFigure) -> String {
        f.flagged(self.text(f.value))
    }
    /// A checked figure in prose: money, or a change in per cent as printed.
    fn checked(&self, kind: CheckKind, v: Decimal) -> String {
        match kind {
            CheckKind::Money | CheckKind::Change => self.text(v),
            CheckKind::Percent => format!("{}%", super::format::true_minus(v.to_string())),
        }
    }
    fn unit(&self) -> &'static str {
        display_unit(self.fund.unit, self.style).symbol()
    }
    fn share(&self, s: Option<Decimal>) -> CellView {
        match s {
            // Shares are computed, not published: the data files carry the
            // same rounded figure the page shows.
            Some(v) => CellView::number(percent(v), round(v, 1).to_string()),
            None => CellView::blank(),
        }
    }
    /// The two cells of a change between years: the printed change where
    /// the source gives one (checked, or kept as printed under an
    /// override), else the computed one; per cent to the places the source
    /// prints.
    fn change(
        &self,
        c: Option<fund::Change>,
        stated_amount: Option<&Stated>,
        stated_percent: Option<&Stated>,
    ) -> [CellView; 2] {
        let amount = match (stated_amount, c) {
            (Some(s), _) => {
                let cell = CellView::number(
                    change_cell(self.money(s.figure.value), self.style),
                    self.raw(s.figure.value),
                );
                if s.overridden.is_some() {
                    CellView {
                        text: format!("{} (as printed)", cell.text),
                        ..cell
                    }
                    .printed()
                } else {
                    cell
                }
            }
            (None, Some(c)) => CellView::number(
                change_cell(self.money(c.amount), self.style),
                self.raw(c.amount),
            ),
            (None, None) => CellView::blank(),
        };
        let percent = match (stated_percent, c.and_then(|c| c.percent)) {
            (Some(s), _) => {
                let v = s.figure.value;
                let cell = CellView::number(change_percent(v, v.scale()), v.to_string());
                if s.overridden.is_some() {
                    CellView {
                        text: format!("{} (as printed)", cell.text),
                        ..cell
                    }
                    .printed()
                } else {
                    cell
                }
            }
            (None, Some(p)) => CellView::number(
                change_percent(p, self.percent_places),
                round(p, self.percent_places).to_string(),
            ),
            (None, None) => CellView::blank(),
        };
        [amount, percent]
    }
    fn period_text(&self) -> String {
        if self.fund.by_year() {
            self.fund.years.join(" and ")
        } else {
            self.fund
                .period_in(self.plan)
                .unwrap_or_default()
                .to_string()
        }
    }
    fn body_short(&self, id: Option<&str>) -> String {
        id.and_then(|i| self.plan.body(i))
            .map_or_else(|| "Not stated".to_string(), |b| b.short.clone())
    }
}

fn source_text(plan: &Plan) -> String {
    match &plan.source.reference {
        Some(r) => format!("{}, {}", plan.source.document, r),
        None => plan.source.document.clone(),
    }
}

fn caption(ctx: &Ctx<'_>, what: &str) -> String {
    let period = ctx.period_text();
    let period = if period.is_empty() {
        String::new()
    } else {
        format!(", {period}")
    };
    format!(
        "{what}{period} ({}). Source: {}.",
        ctx.unit(),
        source_text(ctx.plan)
    )
}

/// A footnote when rounded shares do not add up to 100.0%.
fn rounding_note(shares: &[Option<Decimal>]) -> Option<String> {
    let sum: Decimal = shares.iter().flatten().map(|s| round(*s, 1)).sum();
    let hundred = Decimal::ONE_HUNDRED;
    (shares.iter().any(Option::is_some) && sum != hundred).then(|| {
        format!(
            "Shares are rounded to one decimal place, so they add up to {}% rather than 100.0%.",
            super::format::true_minus(sum.to_string())
        )
    })
}

fn head(text: impl Into<String>, numeric: bool) -> HeadCell {
    HeadCell {
        text: text.into(),
        numeric,
    }
}

/// One row of a table of series: a line, a subtotal or a total.
struct SeriesRow<'a> {
    header: String,
    /// Text cells after the row header (body, group).
    texts: Vec<String>,
    series: &'a Series,
    stated_periods: Vec<Option<&'a Stated>>,
    stated_all: Option<&'a Stated>,
    stated_changes: Option<&'a StatedChanges>,
}

impl<'a> SeriesRow<'a> {
    fn plain(header: String, texts: Vec<String>, series: &'a Series) -> Self {
        SeriesRow {
            header,
            texts,
            series,
            stated_periods: Vec::new(),
            stated_all: None,
            stated_changes: None,
        }
    }

    /// A row with everything the source states for it.
    fn stated(header: String, texts: Vec<String>, series: &'a Series, set: &'a StatedSet) -> Self {
        SeriesRow {
            header,
            texts,
            series,
            stated_periods: set.periods.iter().map(Option::as_ref).collect(),
            stated_all: set.all.as_ref(),
            stated_changes: Some(&set.changes),
        }
    }

    /// A line of a list: its figures are as written; only its total
    /// across the years can be printed (and kept under an override).
    fn line(texts: Vec<String>, line: &'a FundLine, series: &'a Series) -> Self {
        SeriesRow {
            header: line.label.clone(),
            texts,
            series,
            stated_periods: Vec::new(),
            stated_all: line.stated_total.as_ref(),
            stated_changes: Some(&line.stated_changes),
        }
    }

    /// What the source states for the row's figure over all periods (the
    /// only period's, for a one-period fund).
    fn stated_for_all(&self, ctx: &Ctx<'_>) -> Option<&'a Stated> {
        if ctx.fund.by_year() {
            self.stated_all
        } else {
            self.stated_periods.first().copied().flatten()
        }
    }

    /// The row's figure over all periods as its table shows it (printed
    /// where an override keeps it), for the bar a chart draws of it.
    fn shown_all(&self, ctx: &Ctx<'_>) -> Option<FundFigure> {
        if ctx.fund.by_year() {
            FundFigure::all(self.stated_all, &self.shown_periods(), self.series)
        } else {
            let computed = self.series.all?;
            Some(FundFigure::shown(self.stated_for_all(ctx), computed))
        }
    }

    /// The row's figures by period as it shows them: a stated figure that
    /// agrees with the places printed, one an override keeps as printed.
    fn shown_periods(&self) -> Vec<Option<Decimal>> {
        fund::shown_periods(self.stated_periods.iter().copied(), self.series)
    }

    /// What the table says about the row's figure for all years (`f`, as
    /// [`Self::shown_all`] gives it) where it adds a year's figure kept as
    /// printed: which, and what the figures under it add up to instead.
    fn all_note(&self, ctx: &Ctx<'_>, f: &FundFigure) -> Option<String> {
        if !f.adds_printed() {
            return None;
        }
        let printed = printed_list(ctx, f);
        let figures = if f.added_printed.len() == 1 {
            "figure"
        } else {
            "figures"
        };
        Some(format!(
            "In the row “{}”, the total for all years, {}, adds up the row’s figures as shown, including the {figures} kept as printed ({printed}), so that the row adds up across; the figures under it add up to {} over all years.",
            self.header,
            ctx.text(f.value),
            ctx.text(f.computed),
        ))
    }

    /// Where the row's figure for all years (`f`, as shown) is not what
    /// its lines add up to, a note that the table's shares are of that sum.
    fn share_note(&self, ctx: &Ctx<'_>, f: &FundFigure) -> Option<String> {
        let lines = self.series.all?;
        (f.value != lines).then(|| {
            format!(
                "Shares of all years are of what the lines add up to over all years, {}, not of the {} the row “{}” shows.",
                ctx.text(lines),
                ctx.text(f.value),
                self.header
            )
        })
    }

    fn stated_change(&self, i: usize) -> (Option<&'a Stated>, Option<&'a Stated>) {
        let Some(c) = self.stated_changes else {
            return (None, None);
        };
        (
            c.amounts.get(i).and_then(Option::as_ref),
            c.percents.get(i).and_then(Option::as_ref),
        )
    }

    /// What the table says about this row's changes: a change between the
    /// row's own figures that includes rows blank in one of the two years
    /// names them, and gives the change over only the rows with figures in
    /// both years (like with like) beside it.
    fn change_notes(&self, ctx: &Ctx<'_>) -> Vec<String> {
        let mut out = Vec::new();
        if !ctx.fund.shows_changes {
            return out;
        }
        for (i, left_out) in self.series.left_out.iter().enumerate() {
            if left_out.is_empty() {
                continue;
            }
            let (from, to) = (&ctx.fund.years[i], &ctx.fund.years[i + 1]);
            let names = quoted_list(left_out);
            let is = if left_out.len() == 1 { "is" } else { "are" };
            let row = &self.header;
            let like_for_like = match self.series.like_for_like.get(i).copied().flatten() {
                Some(c) => format!(
                    "comparing only the rows with figures in both years, the change is {} ({})",
                    change_cell(ctx.money(c.amount), ctx.style),
                    c.percent.map_or_else(
                        || "no per cent: the earlier figure is zero".to_string(),
                        |p| change_percent(p, ctx.percent_places)
                    )
                ),
                None => "no row has figures in both years".to_string(),
            };
            let sentence = if self.series.changes[i].is_some() {
                format!(
                    "In the row “{row}”, the change from {from} to {to} is the difference between the row’s two figures, which include {names}, blank in one of the two years; {like_for_like}."
                )
            } else {
                format!(
                    "In the row “{row}”, the change from {from} to {to} is not worked out: {names} {is} blank in one of the two years."
                )
            };
            out.push(sentence);
        }
        out
    }
}

/// "“A”", "“A” and “B”", "“A”, “B” and “C”".
fn quoted_list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|i| format!("“{i}”")).collect();
    and_list(&q)
}

/// The years' figures kept as printed that a figure for all years adds
/// ([`FundFigure::added_printed`]): "£101k for 2016/17".
fn printed_list(ctx: &Ctx<'_>, f: &FundFigure) -> String {
    added_printed_list(ctx.fund, f, &|v| ctx.text(v))
}

/// [`printed_list`] for a figure of `fund` outside its table (a paper's
/// `{{ figure … total }}`), each figure written by `text`.
pub(super) fn added_printed_list(
    fund: &Fund,
    f: &FundFigure,
    text: &dyn Fn(Decimal) -> String,
) -> String {
    let each: Vec<String> = f
        .added_printed
        .iter()
        .map(|(i, v)| {
            let year = fund.years.get(*i).map_or("", String::as_str);
            format!("{} for {year}", text(*v))
        })
        .collect();
    and_list(&each)
}

/// "Total expenditure" → "total expenditure"; "Subtotal: CCG" → "subtotal: CCG".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The column heads for figures by period: "Amount (£m)" for one period;
/// each year, the total, and the change between consecutive years otherwise.
fn figure_heads(ctx: &Ctx<'_>, with_share: bool) -> Vec<HeadCell> {
    let unit = ctx.unit();
    let years = &ctx.fund.years;
    let with_share = with_share && ctx.adds_up();
    let mut h = Vec::new();
    if years.is_empty() {
        h.push(head(format!("Amount ({unit})"), true));
    } else {
        for y in years {
            h.push(head(format!("{y} ({unit})"), true));
        }
        if ctx.adds_up() {
            h.push(head(format!("Total, all years ({unit})"), true));
        }
        for w in years.windows(2).filter(|_| ctx.fund.shows_changes) {
            h.push(head(format!("Change {} to {} ({unit})", w[0], w[1]), true));
            h.push(head(format!("Change {} to {} (%)", w[0], w[1]), true));
        }
    }
    if with_share {
        h.push(head(
            if years.is_empty() {
                "Share (%)"
            } else {
                "Share of all years (%)"
            },
            true,
        ));
    }
    h
}

fn series_cells(ctx: &Ctx<'_>, row: &SeriesRow<'_>, with_share: bool) -> Vec<CellView> {
    let mut cells: Vec<CellView> = row
        .texts
        .iter()
        .map(|t| CellView::text(t.clone()))
        .collect();
    let s = row.series;
    let stated = |i: usize| row.stated_periods.get(i).copied().flatten();
    let with_share = with_share && ctx.adds_up();
    if ctx.fund.by_year() {
        for (i, v) in s.periods.iter().enumerate() {
            cells.push(ctx.total_cell(*v, stated(i)));
        }
        // The figures as the row shows them: a stated figure that agrees
        // with the places printed, one an override keeps as printed.
        let shown = row.shown_periods();
        if ctx.adds_up() {
            // Their sum, so that the row adds up across (101 as printed
            // and 90 give 191, though the lines give 190: see all_note).
            let all = fund::all_shown(&shown, s);
            cells.push(ctx.total_cell(all, row.stated_for_all(ctx)));
        }
        for (i, c) in s
            .changes
            .iter()
            .enumerate()
            .filter(|_| ctx.fund.shows_changes)
        {
            // The change of the figures beside it: with their places
            // (15,750 to 18,280 is +2,530, not +2,530.0), and from a
            // printed figure an override keeps where there is one (22,647
            // as printed to 22,646 is −1, though the lines give 0).
            let c = match (*c, shown[i], shown[i + 1]) {
                (Some(c), Some(a), Some(b)) => match fund::change(a, b) {
                    Some(d) if d.amount == c.amount => Some(fund::Change {
                        amount: d.amount,
                        ..c
                    }),
                    Some(d) => Some(d),
                    None => Some(c),
                },
                (c, ..) => c,
            };
            let (amount, percent) = row.stated_change(i);
            cells.extend(ctx.change(c, amount, percent));
        }
    } else {
        cells.push(ctx.total_cell(s.all, row.stated_for_all(ctx)));
    }
    if with_share {
        cells.push(ctx.share(s.share));
    }
    cells
}

#[allow(clippy::too_many_arguments)]
fn series_table(
    ctx: &Ctx<'_>,
    id: String,
    label: String,
    first: &str,
    text_heads: &[&str],
    rows: &[SeriesRow<'_>],
    foot: &[SeriesRow<'_>],
    with_share: bool,
    notes: Vec<String>,
) -> TableView {
    let mut h = vec![head(first, false)];
    h.extend(text_heads.iter().map(|t| head(*t, false)));
    h.extend(figure_heads(ctx, with_share));
    let row_view = |r: &SeriesRow<'_>| RowView {
        header: r.header.clone(),
        cells: series_cells(ctx, r, with_share),
    };
    let mut notes = notes;
    // Shares are of what the lines add up to: said (after the rows' own
    // notes) where a total shows another figure for all years (191, adding
    // 101 as printed; lines 190).
    let mut share_notes = Vec::new();
    let with_all = ctx.fund.by_year() && ctx.adds_up();
    for (i, r) in rows.iter().chain(foot).enumerate() {
        if let Some(all) = with_all.then(|| r.shown_all(ctx)).flatten() {
            notes.extend(r.all_note(ctx, &all));
            if with_share && i >= rows.len() {
                share_notes.extend(r.share_note(ctx, &all));
            }
        }
        notes.extend(r.change_notes(ctx));
    }
    notes.extend(share_notes);
    TableView {
        caption: caption(ctx, &label),
        id,
        label,
        head: h,
        rows: rows.iter().map(row_view).collect(),
        foot: foot.iter().map(row_view).collect(),
        notes,
        downloads: None,
    }
}

/// What a list is called in headings: (table title, first column, total row).
fn list_words(name: ListName) -> (&'static str, &'static str, &'static str) {
    match name {
        ListName::Sources => ("sources of funds", "Source of funds", "Total (pooled fund)"),
        ListName::Applications => ("application of funds", "Application of funds", "Total"),
        ListName::Lines => ("", "Line", "Total"),
        ListName::Income => ("income", "Income", "Total income"),
        ListName::Expenditure => ("expenditure", "Expenditure", "Total expenditure"),
    }
}

fn table_id(fund: &Fund, name: ListName) -> String {
    match name {
        ListName::Lines => fund.id.clone(),
        other => format!("{}-{}", fund.id, other.word()),
    }
}

/// Shows a Body column unless every line's label already is its body's short name.
fn show_body(ctx: &Ctx<'_>, list: &LineList) -> bool {
    list.lines.iter().any(|l| l.body.is_some())
        && !list.lines.iter().all(|l| {
            l.body
                .as_ref()
                .is_some_and(|b| ctx.body_short(Some(&b.value)) == l.label)
        })
}

fn list_table(ctx: &Ctx<'_>, name: ListName, list: &LineList, t: &ListTotals) -> TableView {
    let (what, first, total_label) = list_words(name);
    let (what, first) = match (&ctx.fund.shape, what.is_empty()) {
        (FundShape::Lines(l), true) if l.role == ListRole::Spending => {
            ("spending", "Item of spending")
        }
        (FundShape::Lines(_), true) => ("contributions", "Contribution"),
        _ => (what, first),
    };
    let label = format!("{}: {what}", ctx.fund.title);
    let with_body = show_body(ctx, list);
    let with_group = !list.groups.is_empty();
    let mut text_heads = Vec::new();
    if with_body {
        text_heads.push("Body");
    }
    if with_group {
        text_heads.push("Group");
    }
    let group_label = |g: Option<&str>| {
        g.and_then(|g| list.groups.iter().find(|x| x.id == g))
            .map(|g| g.label.clone())
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (i, (line, s)) in list.lines.iter().zip(&t.lines).enumerate() {
        let mut texts = Vec::new();
        if with_body {
            texts.push(ctx.body_short(line.body.as_ref().map(|b| b.value.as_str())));
        }
        if with_group {
            texts.push(group_label(line.group.as_deref()));
        }
        rows.push(SeriesRow::line(texts, line, s));
        if let Some(n) = &line.note {
            notes.push(super::format::labelled_note(&line.label, n));
        }
        // A group's subtotal follows its last line.
        let last_of_group = line
            .group
            .as_ref()
            .is_some_and(|g| list.lines.get(i + 1).and_then(|n| n.group.as_ref()) != Some(g));
        if let (true, Some(gi)) = (
            last_of_group,
            line.group.as_deref().and_then(|g| list.group_index(g)),
        ) {
            let g = &list.groups[gi];
            let mut texts = Vec::new();
            if with_body {
                texts.push(
                    g.body
                        .as_deref()
                        .map(|b| ctx.body_short(Some(b)))
                        .unwrap_or_default(),
                );
            }
            if with_group {
                texts.push(g.label.clone());
            }
            rows.push(SeriesRow::stated(
                format!("Subtotal: {}", g.label),
                texts,
                &t.groups[gi],
                &g.stated,
            ));
        }
    }
    let line_shares: Vec<Option<Decimal>> = t.lines.iter().map(|s| s.share).collect();
    notes.extend(rounding_note(&line_shares));
    notes.extend(printed_subtotals_note(ctx, list, t));
    let blank_texts = vec![String::new(); text_heads.len()];
    let foot = total_rows(ctx, name, list, t, total_label, blank_texts);
    series_table(
        ctx,
        table_id(ctx.fund, name),
        label,
        first,
        &text_heads,
        &rows,
        &foot,
        true,
        notes,
    )
}

/// The foot of a list's table, and of its table by body or partner: the
/// list's total as stated, and for a flow's sources the pooled fund (see
/// [`pool_rows`]).
fn total_rows<'a>(
    ctx: &Ctx<'a>,
    name: ListName,
    list: &'a LineList,
    t: &'a ListTotals,
    label: &str,
    texts: Vec<String>,
) -> Vec<SeriesRow<'a>> {
    let total = SeriesRow::stated(label.to_string(), texts.clone(), &t.total, &list.stated);
    match (name, &ctx.fund.shape) {
        (ListName::Sources, FundShape::Flow(f)) => pool_rows(ctx, total, &f.stated_pool, texts),
        _ => vec![total],
    }
}

/// The foot of a flow's sources table: one row, "Total (pooled fund)",
/// where the sources total and the pooled fund are published alike; else
/// both, each as the source prints it ("Total sources of funds", then
/// "Pooled fund"), so that a pool kept as printed is never hidden behind
/// the sources total, nor the reverse.
fn pool_rows<'a>(
    ctx: &Ctx<'_>,
    sources: SeriesRow<'a>,
    pool: &'a StatedSet,
    texts: Vec<String>,
) -> Vec<SeriesRow<'a>> {
    if pool.is_empty() {
        return vec![sources];
    }
    let pool = SeriesRow::stated(sources.header.clone(), texts, sources.series, pool);
    let shown = |r: &SeriesRow<'_>| -> Vec<(String, bool)> {
        series_cells(ctx, r, true)
            .into_iter()
            .map(|c| (c.raw, c.as_printed))
            .collect()
    };
    if shown(&sources) == shown(&pool) {
        return vec![sources];
    }
    vec![
        SeriesRow {
            header: "Total sources of funds".into(),
            ..sources
        },
        SeriesRow {
            header: "Pooled fund".into(),
            ..pool
        },
    ]
}

/// Says that a list's total adds up the subtotals as printed (`totals_from
/// = "printed-subtotals"`), and what its lines add up to where that differs.
fn printed_subtotals_note(ctx: &Ctx<'_>, list: &LineList, t: &ListTotals) -> Option<String> {
    if ctx.fund.totals_from != TotalsFrom::PrintedSubtotals || list.groups.is_empty() {
        return None;
    }
    // What the lines add up to beside the total: over all years where the
    // columns add up, else in each column.
    let sum = |of: &dyn Fn(&Series) -> Option<Decimal>| -> Option<Decimal> {
        t.lines
            .iter()
            .map(|s| of(s).unwrap_or_default())
            .try_fold(Decimal::ZERO, |a, v| a.checked_add(v))
    };
    let mut note =
        "The total adds up the subtotals as the source prints them, as the source itself did."
            .to_string();
    if ctx.adds_up() {
        let total = t.total.all.unwrap_or_default();
        if let Some(lines) = sum(&|s| s.all).filter(|l| *l != total) {
            note.push_str(&format!(
                " The lines add up to {}; the total differs from that by {}.",
                ctx.text(lines),
                ctx.text(total - lines)
            ));
        }
    } else {
        for (i, year) in ctx.fund.years.iter().enumerate() {
            let total = t
                .total
                .periods
                .get(i)
                .copied()
                .flatten()
                .unwrap_or_default();
            let lines = sum(&|s| s.periods.get(i).copied().flatten());
            if let Some(lines) = lines.filter(|l| *l != total) {
                note.push_str(&format!(
                    " In {year}, the lines add up to {}; the total differs from that by {}.",
                    ctx.text(lines),
                    ctx.text(total - lines)
                ));
            }
        }
    }
    Some(note)
}

/// A fund's view with its tables' data files attached.
pub(crate) struct PublishedFund {
    pub(crate) view: FundView,
    /// The CSV and JSON files of its tables (written by the plan page).
    pub(crate) files: Vec<OutputFile>,
    pub(crate) datasets: Vec<DatasetEntry>,
}

/// Everything drawn for one fund before data files are attached.
struct Drawn {
    tables: Vec<TableView>,
    charts: Vec<ChartView>,
    checks: Vec<String>,
}

/// The decimal places of changes in per cent in a fund's tables: the most
/// the source prints in any stated `change_percent`, else one.
fn percent_places(fund: &Fund) -> u32 {
    fn of_list(list: &LineList) -> impl Iterator<Item = &StatedChanges> {
        list.lines
            .iter()
            .map(|l| &l.stated_changes)
            .chain(list.groups.iter().map(|g| &g.stated.changes))
            .chain(std::iter::once(&list.stated.changes))
    }
    let sets: Vec<&StatedChanges> = match &fund.shape {
        FundShape::Flow(f) => of_list(&f.sources)
            .chain(of_list(&f.applications))
            .chain(std::iter::once(&f.stated_pool.changes))
            .collect(),
        FundShape::Lines(l) => of_list(&l.list).collect(),
        FundShape::Balance(b) => of_list(&b.income)
            .chain(of_list(&b.expenditure))
            .chain(std::iter::once(&b.stated_balance.changes))
            .collect(),
        FundShape::Matrix(_) => Vec::new(),
    };
    sets.iter()
        .flat_map(|c| c.percents.iter().flatten())
        .map(|s| s.figure.value.scale())
        .max()
        .unwrap_or(1)
}

/// Builds the view of one fund, with links relative to the page at `from`.
pub(crate) fn fund_view(
    config: &Config,
    plan: &Plan,
    fund: &Fund,
    totals: &FundTotals,
    from: &str,
) -> PublishedFund {
    let ctx = Ctx {
        plan,
        fund,
        style: config.money_style,
        percent_places: percent_places(fund),
    };
    let drawn = match (&fund.shape, &totals.shape) {
        (FundShape::Matrix(m), ShapeTotals::Matrix(t)) => matrix_tables(&ctx, m, t, totals),
        (
            FundShape::Balance(b),
            ShapeTotals::Balance {
                income,
                expenditure,
                balance,
            },
        ) => {
            let mut d = list_tables(&ctx, totals);
            d.tables
                .push(balance_table(&ctx, b, [income, expenditure], balance));
            d
        }
        _ => list_tables(&ctx, totals),
    };
    let Drawn {
        mut tables,
        charts,
        checks,
    } = drawn;
    let overrides = override_views(&ctx, totals);
    let plan_page = urls::plan(&plan.id);
    let plan_dir = plan_page.trim_end_matches("index.html");
    let mut files = Vec::new();
    let mut datasets = Vec::new();
    for t in &mut tables {
        let data_path = format!("{plan_dir}{}", t.id);
        // Beside the table on the page: its overrides, then the fund's
        // notes (under all of the fund's tables).
        let notes: Vec<String> = overrides
            .iter()
            .filter(|o| o.table_id == t.id)
            .map(OverrideView::sentence)
            .chain(fund.notes.iter().cloned())
            .collect();
        let (f, entry) =
            open_data::attach_noted(&config.open_data, t, &notes, &data_path, from, &plan_page);
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
            charts,
            overrides,
            notes: fund.notes.clone(),
        },
        files,
        datasets,
    }
}

/// Tables, charts and checks of a fund made of lists (flow, lines, balance).
fn list_tables(ctx: &Ctx<'_>, totals: &FundTotals) -> Drawn {
    let mut tables = Vec::new();
    let mut charts = Vec::new();
    for (name, list, t) in fund::lists(ctx.fund, totals) {
        let table = list_table(ctx, name, list, t);
        let contributions = match (&ctx.fund.shape, name) {
            (FundShape::Lines(l), _) => l.role == ListRole::Contributions,
            (_, ListName::Sources | ListName::Income) => true,
            _ => false,
        };
        // A chart by body when every line has one and they group (several
        // lines to a body, or groups by body); else a bar for each line.
        // Its title says which, in the words of the list.
        let by_body = fund::by_body(list, t)
            .filter(|b| b.len() < list.lines.len() || !list.groups.is_empty());
        let (by_body_what, by_body_id, by_line) = if contributions {
            (
                "Contributions by body",
                format!("{}-by-body", ctx.fund.id),
                match name {
                    ListName::Sources => "Sources of funds",
                    ListName::Income => "Income by line",
                    _ => "Contributions by line",
                },
            )
        } else {
            let (by_body, by_line) = match name {
                ListName::Applications => ("Application of funds by body", "Application of funds"),
                ListName::Expenditure => ("Expenditure by partner", "Expenditure by line"),
                _ => ("Spending by partner", "Spending by line"),
            };
            (
                by_body,
                format!("{}-by-partner", table_id(ctx.fund, name)),
                by_line,
            )
        };
        let mut extra = None;
        let chart = match by_body {
            Some(b) => {
                let (by_table, bars) = by_body_table(
                    ctx,
                    by_body_id,
                    &lower_first(by_body_what),
                    name,
                    list,
                    t,
                    &b,
                );
                let chart = list_chart(ctx, &by_table, by_body_what, bars.into_iter());
                extra = Some(by_table);
                chart
            }
            // Every line has a body of its own: the lines are the bodies.
            None if contributions && fund::by_body(list, t).is_some() => list_chart(
                ctx,
                &table,
                "Contributions by body",
                lines_bars(ctx, list, t),
            ),
            None => list_chart(ctx, &table, by_line, lines_bars(ctx, list, t)),
        };
        tables.push(table);
        tables.extend(extra);
        charts.extend(chart);
    }
    Drawn {
        tables,
        charts,
        checks: list_checks(ctx, totals),
    }
}

/// A bar for each line, as the list's table shows the line's figure.
fn lines_bars<'a>(
    ctx: &'a Ctx<'_>,
    list: &'a LineList,
    t: &'a ListTotals,
) -> impl Iterator<Item = (String, Option<FundFigure>)> + 'a {
    list.lines.iter().zip(&t.lines).map(|(l, s)| {
        (
            l.label.clone(),
            SeriesRow::line(Vec::new(), l, s).shown_all(ctx),
        )
    })
}

/// A bar chart of `bars` drawn from `table` (which is shown beside it):
/// each bar the figure the table shows, printed where an override keeps
/// it, and then flagged "(as printed)" as the table's cell is.
fn list_chart(
    ctx: &Ctx<'_>,
    table: &TableView,
    what: &str,
    bars: impl Iterator<Item = (String, Option<FundFigure>)>,
) -> Option<ChartView> {
    // Columns that are not successive years have no total to chart.
    if !ctx.adds_up() {
        return None;
    }
    let bars: Vec<Bar> = bars
        .filter_map(|(label, f)| {
            f.map(|f| Bar {
                label,
                value: f.value,
                text: ctx.published(&f),
            })
        })
        .collect();
    let title = if ctx.fund.by_year() {
        format!(
            "{what}: {} ({}, {} together)",
            ctx.fund.title,
            ctx.unit(),
            ctx.period_text()
        )
    } else if ctx.period_text().is_empty() {
        format!("{what}: {} ({})", ctx.fund.title, ctx.unit())
    } else {
        format!(
            "{what}: {}, {} ({})",
            ctx.fund.title,
            ctx.period_text(),
            ctx.unit()
        )
    };
    fund_charts::bar_chart(&format!("chart-{}", table.id), title, bars, table)
}

/// A list's figures added up by body, as a table of their own (the table
/// a by-body chart is drawn from): `id`, and `what` for its caption
/// ("contributions by body", "expenditure by partner"), with the bars of
/// its chart. A body whose lines are exactly a group's, or the whole
/// list's, shows the figures the list's table shows for that subtotal or
/// total, printed where an override keeps them; its foot is the list's
/// table's foot (the total, and a flow's pooled fund), as that table shows it.
fn by_body_table<'a>(
    ctx: &Ctx<'_>,
    id: String,
    what: &str,
    name: ListName,
    list: &'a LineList,
    t: &'a ListTotals,
    bodies: &'a [fund::BodyRow],
) -> (TableView, Vec<(String, Option<FundFigure>)>) {
    let rows: Vec<SeriesRow<'_>> = bodies
        .iter()
        .map(|b| {
            let header = ctx.body_short(Some(&b.body));
            match b.same_as {
                Some(fund::SameRow::Group(i)) => {
                    SeriesRow::stated(header, Vec::new(), &b.series, &list.groups[i].stated)
                }
                Some(fund::SameRow::Total) => {
                    SeriesRow::stated(header, Vec::new(), &t.total, &list.stated)
                }
                None => SeriesRow::plain(header, Vec::new(), &b.series),
            }
        })
        .collect();
    let bars = rows
        .iter()
        .map(|r| (r.header.clone(), r.shown_all(ctx)))
        .collect();
    let shares: Vec<Option<Decimal>> = if ctx.adds_up() {
        bodies.iter().map(|b| b.series.share).collect()
    } else {
        Vec::new()
    };
    let mut notes: Vec<String> = rounding_note(&shares).into_iter().collect();
    notes.extend(printed_subtotals_note(ctx, list, t));
    let table = series_table(
        ctx,
        id,
        format!("{}: {what}", ctx.fund.title),
        "Body",
        &[],
        &rows,
        &total_rows(ctx, name, list, t, "Total", Vec::new()),
        true,
        notes,
    );
    (table, bars)
}

fn balance_table(
    ctx: &Ctx<'_>,
    b: &crate::model::Balance,
    [income, expenditure]: [&ListTotals; 2],
    balance: &Series,
) -> TableView {
    let rows = [
        SeriesRow::stated(
            "Total income".into(),
            Vec::new(),
            &income.total,
            &b.income.stated,
        ),
        SeriesRow::stated(
            "Total expenditure".into(),
            Vec::new(),
            &expenditure.total,
            &b.expenditure.stated,
        ),
    ];
    let label = b
        .label
        .clone()
        .unwrap_or_else(|| "Balance (income less expenditure)".to_string());
    let foot = [SeriesRow::stated(
        label,
        Vec::new(),
        balance,
        &b.stated_balance,
    )];
    let meaning = match b.meaning {
        BalanceMeaning::Plain => "The balance is income less expenditure; a negative balance, shown with a minus sign, means expenditure was more than income.",
        BalanceMeaning::Underspend => "A positive balance is money not spent (an underspend); a negative balance, shown with a minus sign, is spending beyond income (an overspend).",
        BalanceMeaning::Cash => "The balance is the money held: income less expenditure. A negative balance, shown with a minus sign, is a deficit.",
    };
    let mut notes = vec![meaning.to_string()];
    notes.extend(balance_all_note(ctx, &rows, balance));
    series_table(
        ctx,
        format!("{}-balance", ctx.fund.id),
        format!("{}: balance", ctx.fund.title),
        "Income and expenditure",
        &[],
        &rows,
        &foot,
        false,
        notes,
    )
}

/// Where the total income or expenditure for all years adds a year's
/// figure kept as printed (191 for 101 as printed and 90; the lines give
/// 190), the balance for all years is still the sum of the years'
/// balances, each worked out from what the lines add up to, so that the
/// balance row adds up across: said in words, as its column does not
/// subtract.
fn balance_all_note(ctx: &Ctx<'_>, rows: &[SeriesRow<'_>; 2], balance: &Series) -> Option<String> {
    if !ctx.fund.by_year() || !ctx.adds_up() {
        return None;
    }
    let figures: Vec<FundFigure> = rows.iter().filter_map(|r| r.shown_all(ctx)).collect();
    if !figures.iter().any(FundFigure::adds_printed) {
        return None;
    }
    let [i, e] = figures.as_slice() else {
        return None;
    };
    let b = balance.all?;
    let which: Vec<String> = rows
        .iter()
        .zip(&figures)
        .filter(|(_, f)| f.adds_printed())
        .map(|(r, f)| {
            format!(
                "“{}”, {}, adds {}",
                r.header,
                ctx.text(f.value),
                printed_list(ctx, f)
            )
        })
        .collect();
    Some(format!(
        "The balance for all years, {}, is the sum of the years’ balances, each worked out from what the lines add up to (income of {} less expenditure of {} over all years), so that the balance row adds up across; it is not the difference of the totals for all years shown above, as {} kept as printed.",
        ctx.text(b),
        ctx.text(i.computed),
        ctx.text(e.computed),
        and_list(&which)
    ))
}

/// What a balance is, in words that follow the data's `balance_is`.
fn balance_words(meaning: BalanceMeaning, balance: Decimal) -> &'static str {
    let sign = balance.cmp(&Decimal::ZERO);
    match (meaning, sign) {
        (_, std::cmp::Ordering::Equal) => "income and expenditure are equal",
        (BalanceMeaning::Plain, std::cmp::Ordering::Greater) => "income is more than expenditure",
        (BalanceMeaning::Plain, std::cmp::Ordering::Less) => "expenditure is more than income",
        (BalanceMeaning::Underspend, std::cmp::Ordering::Greater) => "an underspend",
        (BalanceMeaning::Underspend, std::cmp::Ordering::Less) => "an overspend",
        (BalanceMeaning::Cash, std::cmp::Ordering::Greater) => "money held",
        (BalanceMeaning::Cash, std::cmp::Ordering::Less) => "a deficit",
    }
}

/// The sources and applications of a flow over all its periods as the
/// page publishes them, when the flow balances: no period's sources and
/// applications differ (a difference published under `unbalanced` is a
/// [`Part::FlowBalance`] check that does not agree), and, as published
/// (printed under an override, else computed), each period's sources total
/// equals its applications total, and so do the totals over all periods.
fn flow_balance(
    ctx: &Ctx<'_>,
    totals: &FundTotals,
) -> Option<Vec<(Option<String>, FundFigure, FundFigure)>> {
    let unbalanced = totals
        .checks
        .iter()
        .any(|c| c.part == Part::FlowBalance && !c.agrees());
    if unbalanced {
        return None;
    }
    let shown = |name: ListName, year: Option<&str>| {
        fund::figure(ctx.plan, ctx.fund, totals, &Measure::ListTotal(name), year).ok()
    };
    let mut columns = Vec::new();
    for year in ctx.fund.years.iter().map(|y| Some(y.as_str())) {
        match (
            shown(ListName::Sources, year),
            shown(ListName::Applications, year),
        ) {
            (Some(s), Some(a)) if s.value == a.value && s.computed == a.computed => {
                columns.push((year.map(str::to_string), s, a));
            }
            // Nothing on either side in that year.
            (None, None) => {}
            _ => return None,
        }
    }
    // Columns that are not added up balance column by column; others over
    // all years too, which is what is said.
    if !ctx.adds_up() {
        return (!columns.is_empty()).then_some(columns);
    }
    match (
        shown(ListName::Sources, None),
        shown(ListName::Applications, None),
    ) {
        (Some(s), Some(a)) if s.value == a.value && s.computed == a.computed => {
            Some(vec![(None, s, a)])
        }
        _ => None,
    }
}

/// Where a flow's pooled fund is kept as printed although its sources do
/// not add up to it: what the source prints and what the sources add up
/// to, for each period (and all years) where that is so, quoting the pool
/// as its row of the sources table and `{{ figure … total }}` do.
fn pool_sentences(ctx: &Ctx<'_>, totals: &FundTotals) -> Vec<String> {
    let FundShape::Flow(f) = &ctx.fund.shape else {
        return Vec::new();
    };
    if f.stated_pool.is_empty() {
        return Vec::new();
    }
    let mut periods: Vec<Option<&str>> = ctx.fund.years.iter().map(|y| Some(y.as_str())).collect();
    periods.push(None);
    periods
        .into_iter()
        .filter_map(|year| {
            let pool = fund::figure(ctx.plan, ctx.fund, totals, &Measure::Total, year).ok()?;
            let when = match (year, ctx.fund.by_year()) {
                (Some(y), _) => format!(" for {y}"),
                (None, true) => " for all years".to_string(),
                (None, false) => String::new(),
            };
            pool.as_printed().then(|| {
                format!(
                    "The source prints the pooled fund{when} as {}, not the {} its sources add up to.",
                    ctx.published(&pool),
                    ctx.text(pool.computed)
                )
            })
        })
        .collect()
}

/// What a balance fund's balance is, in words, quoting the income,
/// expenditure and balance as the page publishes them (a figure printed
/// under an override flagged "(as printed)"). Where the published figures
/// do not make income less expenditure equal the balance, the sentence says
/// so instead of doing arithmetic the figures do not support.
fn balance_sentence(ctx: &Ctx<'_>, totals: &FundTotals) -> Option<String> {
    if ctx.adds_up() {
        return balance_sentence_for(ctx, totals, None);
    }
    // Columns that are not added up: each column's balance.
    let each: Vec<String> = ctx
        .fund
        .years
        .iter()
        .filter_map(|y| {
            let s = balance_sentence_for(ctx, totals, Some(y))?;
            Some(format!("{y}: {}", lower_first(&s)))
        })
        .collect();
    (!each.is_empty()).then(|| each.join(" "))
}

/// [`balance_sentence`] for one column (`year`), or over all periods.
fn balance_sentence_for(ctx: &Ctx<'_>, totals: &FundTotals, year: Option<&str>) -> Option<String> {
    let FundShape::Balance(f) = &ctx.fund.shape else {
        return None;
    };
    let shown = |m: Measure| fund::figure(ctx.plan, ctx.fund, totals, &m, year).ok();
    let i = shown(Measure::ListTotal(ListName::Income))?;
    let e = shown(Measure::ListTotal(ListName::Expenditure))?;
    let b = shown(Measure::Balance)?;
    let word = balance_words(f.meaning, b.value);
    let when = if ctx.fund.by_year() && year.is_none() {
        ", over all years"
    } else {
        ""
    };
    let label = f
        .label
        .as_deref()
        .map(|l| format!(" ({})", lower_first(l)))
        .unwrap_or_default();
    let (i_text, e_text, b_text) = (ctx.published(&i), ctx.published(&e), ctx.published(&b));
    // A total for all years that adds a year's figure kept as printed is
    // not the source's: the balance is the years' balances added up (see
    // balance_all_note).
    if i.adds_printed() || e.adds_printed() {
        let differ = i
            .value
            .checked_sub(e.value)
            .filter(|d| *d != b.value)
            .map(|d| format!(" is {}, not the balance,", ctx.text(d)))
            .unwrap_or_default();
        return Some(format!(
            "The balance over all years is {b_text}{label}, the years’ balances added up: {word}. Income of {i_text} less expenditure of {e_text} over all years{differ} as a total for all years adds a year’s figure kept as printed (see the notes under the balance table)."
        ));
    }
    Some(match i.value.checked_sub(e.value) {
        Some(d) if d == b.value => format!(
            "Income of {i_text} less expenditure of {e_text} leaves a balance of {b_text}{label}{when}: {word}."
        ),
        Some(d) => format!(
            "The source gives income of {i_text}, expenditure of {e_text} and a balance of {b_text}{label}{when}: {word}. As printed, income less expenditure is {}, not the balance shown.",
            ctx.text(d)
        ),
        None => format!(
            "The source gives income of {i_text}, expenditure of {e_text} and a balance of {b_text}{label}{when}: {word}."
        ),
    })
}

/// Plain-English statements of what was checked and agreed.
fn list_checks(ctx: &Ctx<'_>, totals: &FundTotals) -> Vec<String> {
    let mut out = Vec::new();
    let agreed = |part: Part| -> Vec<&Check> {
        totals
            .checks
            .iter()
            .filter(|c| c.part == part && c.agrees())
            .collect()
    };
    let list_text = |checks: &[&Check]| {
        checks
            .iter()
            .map(|c| format!("{} {}", c.what, ctx.checked(c.kind, c.stated)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &totals.shape {
        ShapeTotals::Flow { .. } => {
            match flow_balance(ctx, totals).as_deref() {
                Some([(None, s, a)]) => out.push(if s.as_printed() || a.as_printed() {
                    format!(
                        "Sources of funds of {} equal the application of funds of {}.",
                        ctx.published(s),
                        ctx.published(a)
                    )
                } else {
                    format!(
                        "Sources of funds ({}) equal the application of funds ({}).",
                        ctx.text(s.value),
                        ctx.text(a.value)
                    )
                }),
                Some(columns) => {
                    let each: Vec<String> = columns
                        .iter()
                        .map(|(year, s, a)| {
                            let year = year.as_deref().unwrap_or_default();
                            if s.as_printed() || a.as_printed() {
                                format!(
                                    "{year}: sources {}, applications {}",
                                    ctx.published(s),
                                    ctx.published(a)
                                )
                            } else {
                                format!("{year} {}", ctx.text(s.value))
                            }
                        })
                        .collect();
                    out.push(format!(
                        "Sources of funds equal the application of funds in each column: {}.",
                        each.join(", ")
                    ));
                }
                None => {}
            }
            out.extend(pool_sentences(ctx, totals));
            let mut stated = agreed(Part::List(ListName::Sources));
            stated.extend(agreed(Part::List(ListName::Applications)));
            // Kent-style wording: "sources £101.404m, pooled fund £101.404m, …".
            let text = stated
                .iter()
                .map(|c| {
                    format!(
                        "{} {}",
                        c.what.replacen(" total", "", 1),
                        ctx.checked(c.kind, c.stated)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            if !text.is_empty() {
                out.push(format!(
                    "Totals stated in the source match the computed totals: {text}."
                ));
            }
        }
        ShapeTotals::Balance { .. } => {
            for name in [ListName::Income, ListName::Expenditure] {
                let c = agreed(Part::List(name));
                if !c.is_empty() {
                    out.push(format!(
                        "Figures stated in the source for {} match the computed ones: {}.",
                        name.word(),
                        list_text(&c)
                    ));
                }
            }
            out.extend(balance_sentence(ctx, totals));
            let c = agreed(Part::Balance);
            if !c.is_empty() {
                out.push(format!(
                    "The balance stated in the source matches the computed balance: {}.",
                    list_text(&c)
                ));
            }
        }
        _ => {
            let c = agreed(Part::List(ListName::Lines));
            if !c.is_empty() {
                out.push(format!(
                    "Figures stated in the source match the computed ones: {}.",
                    list_text(&c)
                ));
            }
        }
    }
    out
}

fn override_views(ctx: &Ctx<'_>, totals: &FundTotals) -> Vec<OverrideView> {
    totals
        .checks
        .iter()
        .filter(|c| !c.agrees())
        .filter_map(|c| {
            let reason = c.reason.clone()?;
            let table_id = match c.part {
                Part::List(name) => table_id(ctx.fund, name),
                Part::Matrix => ctx.fund.id.clone(),
                Part::Balance => format!("{}-balance", ctx.fund.id),
                Part::FlowBalance => table_id(ctx.fund, ListName::Applications),
            };
            let (stated_label, computed_label) = match c.part {
                Part::FlowBalance => ("Sources of funds", "Application of funds"),
                _ => ("Stated in the source", "Computed from the figures"),
            };
            let mut what = c.what.clone();
            if let Some(first) = what.get(..1) {
                what = format!("{}{}", first.to_uppercase(), &what[1..]);
            }
            let figure = |v: Decimal| ctx.checked(c.kind, v);
            Some(OverrideView {
                table_id,
                what,
                stated_label: stated_label.into(),
                stated: figure(c.stated),
                computed_label: computed_label.into(),
                computed: figure(c.computed),
                difference: figure(c.stated - c.computed),
                reason,
            })
        })
        .collect()
}

fn matrix_tables(ctx: &Ctx<'_>, m: &Matrix, t: &MatrixTotals, totals: &FundTotals) -> Drawn {
    let unit = ctx.unit();
    let fund = ctx.fund;
    let mut h = vec![head("Scheme", false)];
    for c in &m.columns {
        h.push(head(format!("{} ({unit})", ctx.body_short(Some(c))), true));
    }
    h.push(head(format!("Total ({unit})"), true));
    h.push(head("Share of total (%)", true));
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
            cells.push(ctx.total_cell(Some(*total), row.stated_total.as_ref()));
            cells.push(ctx.share(*share));
            RowView {
                header: row.scheme.clone(),
                cells,
            }
        })
        .collect();
    let mut foot_cells: Vec<CellView> = t
        .columns
        .iter()
        .zip(&m.stated_columns)
        .map(|(c, s)| ctx.total_cell(Some(*c), s.as_ref()))
        .collect();
    foot_cells.push(ctx.total_cell(Some(t.total), m.stated_total.as_ref()));
    foot_cells.push(ctx.share(Some(Decimal::ONE_HUNDRED)));
    let table = TableView {
        id: fund.id.clone(),
        caption: caption(ctx, &fund.title),
        label: format!("{}: schemes by contributor", fund.title),
        head: h,
        rows,
        foot: vec![RowView {
            header: "Total".into(),
            cells: foot_cells,
        }],
        notes: rounding_note(&t.row_shares).into_iter().collect(),
        downloads: None,
    };
    // Contributions by body: the column totals, as a table of their own.
    let by_body = TableView {
        id: format!("{}-by-body", fund.id),
        caption: caption(ctx, &format!("{}: contributions by body", fund.title)),
        label: format!("{}: contributions by body", fund.title),
        head: vec![
            head("Body", false),
            head(format!("Amount ({unit})"), true),
            head("Share (%)", true),
        ],
        rows: m
            .columns
            .iter()
            .zip(t.columns.iter().zip(&t.column_shares))
            .zip(&m.stated_columns)
            .map(|((c, (v, s)), stated)| RowView {
                header: ctx.body_short(Some(c)),
                cells: vec![ctx.total_cell(Some(*v), stated.as_ref()), ctx.share(*s)],
            })
            .collect(),
        foot: vec![RowView {
            header: "Total".into(),
            cells: vec![
                ctx.total_cell(Some(t.total), m.stated_total.as_ref()),
                ctx.share(Some(Decimal::ONE_HUNDRED)),
            ],
        }],
        notes: rounding_note(&t.column_shares).into_iter().collect(),
        downloads: None,
    };
    // Each bar the figure its table shows: printed where an override keeps it.
    let shown =
        |computed: Decimal, stated: Option<&Stated>| Some(FundFigure::shown(stated, computed));
    let mut charts = Vec::new();
    charts.extend(list_chart(
        ctx,
        &table,
        "Spending by scheme",
        m.rows
            .iter()
            .zip(&t.rows)
            .map(|(r, v)| (r.scheme.clone(), shown(*v, r.stated_total.as_ref()))),
    ));
    charts.extend(list_chart(
        ctx,
        &by_body,
        "Contributions by body",
        m.columns
            .iter()
            .zip(&t.columns)
            .zip(&m.stated_columns)
            .map(|((c, v), s)| (ctx.body_short(Some(c)), shown(*v, s.as_ref()))),
    ));
    let mut checks = Vec::new();
    let stated_rows = totals
        .checks
        .iter()
        .filter(|c| c.agrees() && c.what.starts_with("total for "))
        .count();
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
                .filter(|s| s.overridden.is_none())
                .map(|s| format!("{} {}", ctx.body_short(Some(c)), ctx.text(s.figure.value)))
        })
        .collect();
    if !cols.is_empty() {
        checks.push(format!(
            "Stated column totals match the computed totals: {}.",
            cols.join(", ")
        ));
    }
    if let Some(s) = m.stated_total.as_ref().filter(|s| s.overridden.is_none()) {
        checks.push(format!(
            "The stated grand total {} matches the sum of all schemes.",
            ctx.text(s.figure.value)
        ));
    }
    Drawn {
        tables: vec![table, by_body],
        charts,
        checks,
    }
}

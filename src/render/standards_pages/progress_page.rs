//! The page of one progress series (`progress/<series>/`): one standard
//! (or one metric with no target) in one area — the summary sentence,
//! status and rule, any status the source states in words, gap, direction
//! of travel, local targets, the chart with the table of every figure
//! beside it, sources, and the series' data files.

use super::*;
use crate::calc::progress::{AgainstResult, Version};
use crate::model::{Doubtful, Metric, OverUnder, StatedGap};

#[derive(Serialize)]
struct TrendView {
    /// "Improving", "Worsening", "No change"; none when there is no figure
    /// to compare, or the measure does not say which way is better.
    label: Option<String>,
    slug: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct TargetLine {
    name: String,
    value: String,
    rule: Option<String>,
    derivation: Option<String>,
    period: Option<String>,
    how: Option<String>,
    status: StatusView,
    detail: String,
    source: Option<SourceView>,
    note: Option<String>,
}

/// What the page says about the standard a series is measured against.
#[derive(Serialize)]
struct StandardView {
    href: String,
    rule: String,
    in_force: String,
    how: String,
    assessed_note: String,
    gap: Option<String>,
    note: Option<String>,
    source: SourceView,
    set: Link,
    replaced: Option<ReplacedView>,
    versions: Vec<VersionLine>,
}

#[derive(Serialize)]
struct ProgressView {
    /// The standard's or the metric's name.
    measure: String,
    area: String,
    status: StatusView,
    /// A later period than the latest figure's that the source did not
    /// publish, and why: "No figure was published for Quarter 3 …".
    unpublished: Option<String>,
    /// The latest figure's status in the source's own words.
    stated_status: Option<String>,
    /// The latest figure against its target, as the source states it, and
    /// what plansite found when it checked.
    against: Option<String>,
    sentence: String,
    latest: Option<String>,
    /// The latest figure's caveat ("provisional") when the source marks it
    /// as not firm: the status beside it says it comes from that figure.
    caveat: Option<String>,
    period: Option<String>,
    /// `None` for a metric.
    standard: Option<StandardView>,
    /// For a metric: what the page says instead of a standard.
    no_target: Option<String>,
    vs_previous: Option<TrendView>,
    vs_last_year: Option<TrendView>,
    targets: Vec<TargetLine>,
    description: Option<String>,
    series_note: Option<String>,
    chart: Option<ChartView>,
    history: TableView,
    latest_source: Option<SourceView>,
    sources: Vec<SourceView>,
    last_updated: String,
    next_update: String,
    stale: Option<String>,
}

/// The places the page shows its figures and targets at. Each figure's
/// places are decided once, for every page that shows it
/// ([`crate::calc::progress::shown_places`]); a target's here, from the
/// figure compared with it.
struct Places<'a> {
    p: &'a SeriesProgress,
}

impl<'a> Places<'a> {
    fn new(p: &'a SeriesProgress) -> Places<'a> {
        Places { p }
    }

    /// The places `f` is shown at.
    fn of(&self, f: &FigureResult) -> u32 {
        f.places
    }

    /// `f` as shown, without its unit.
    fn shown(&self, f: &FigureResult) -> Decimal {
        round(f.value, self.of(f))
    }

    /// `f` as shown, with its unit.
    fn text(&self, f: &FigureResult, unit: MeasureUnit) -> String {
        measure(f.value, unit, self.of(f))
    }

    /// The figure where it is the headline: with its caveat when the
    /// source marks it as not firm, "85.0% (provisional)".
    fn headline(&self, f: &FigureResult, unit: MeasureUnit) -> String {
        with_words(self.text(f, unit), f, unit)
    }

    /// The figure a target is compared with.
    fn compared(&self, t: &TargetResult) -> Option<&'a FigureResult> {
        let (period, _) = t.compared?;
        self.p.history.iter().find(|f| f.period == period)
    }

    /// The places target `t` is shown at (see [`target_places`]), and more
    /// while the target as shown would look equal to, or on the wrong side
    /// of, the figure compared with it as shown: a worked-out target of
    /// exactly 12,221.55 met by a figure of 12,221.55 is shown as 12,221.55,
    /// never as "about 12,222".
    fn target(&self, t: &TargetResult, s: &Standard) -> u32 {
        let Some(v) = t.value else {
            return s.precision;
        };
        let mut dp = target_places(v, t.baseline.is_some(), s);
        if let Some(f) = self.compared(t) {
            let figure = self.shown(f);
            let most = v.normalize().scale();
            // A target the figure misses is shown at the figure's places,
            // where it has them, so the page shows why: exactly 13.703
            // beside a figure of 13.704 is 13.703 (0.001 above), never
            // "about 13.7" (0.004 above, and "Met when at most 13.703").
            if t.status != Status::Met {
                dp = dp.max(self.of(f).min(most));
            }
            while dp < most && round(v, dp).cmp(&figure) != v.cmp(&f.value) {
                dp += 1;
            }
        }
        dp
    }
}

/// The gap between figure `f`, as every page shows it, and a threshold
/// shown at `threshold_places`: the one rule for the summary sentence, "Gap
/// to the standard" and each target's line (see [`gap_as_shown`]).
fn gap_shown(f: &FigureResult, threshold: Decimal, threshold_places: u32) -> Gap {
    gap_as_shown(f.value, f.places, threshold, threshold_places)
}

/// The gap between `f` and standard `s`, whose threshold is shown as written.
fn gap_to_standard(f: &FigureResult, s: &Standard) -> Gap {
    gap_shown(f, s.threshold, s.threshold.scale())
}

/// "up 300 (+5.3%)", "down 2.1 percentage points": a change, with its
/// percentage of the earlier figure for measures that are not themselves
/// percentages. Both are worked out from the figures as shown, so that
/// they add up as the page shows them; the percentage is never shown as 0
/// when it is not ("(+0.002%)").
fn change_words(previous: Decimal, change: Decimal, m: &Metric, dp: u32) -> String {
    let percent_change = change
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|c| c.checked_div(previous));
    let pc = match (m.unit, percent_change) {
        (MeasureUnit::Percent, _) | (_, None) => String::new(),
        (_, Some(pc)) => format!(" ({})", change_percent(pc, nonzero_places(pc, 1))),
    };
    format!(
        "{} {}{pc}",
        if change > Decimal::ZERO { "up" } else { "down" },
        amount(change.abs(), m.unit, dp)
    )
}

fn trend_view(c: &Comparison, p: &SeriesProgress, m: &Metric, places: &Places<'_>) -> TrendView {
    let when = period_text(&c.period);
    let previous = p.history.iter().find(|f| f.period.same_span(c.period));
    match (previous, p.latest(), c.change) {
        (Some(prev), Some(latest), Some(change)) => {
            let prev_text = places.text(prev, m.unit);
            // The change between the figures as shown, at the places of
            // the one shown with more.
            let dp = places.of(latest).max(places.of(prev));
            let shown_change = places.shown(latest) - places.shown(prev);
            let text = if change.is_zero() {
                format!("the same as in {when} ({prev_text}).")
            } else {
                format!(
                    "{} from {prev_text} in {when}.",
                    change_words(places.shown(prev), shown_change, m, dp)
                )
            };
            match c.direction {
                Some(dir) => TrendView {
                    label: Some(dir.label().into()),
                    slug: Some(dir.slug().into()),
                    text,
                },
                // A metric that does not say which way is better: the
                // change in words, not judged.
                None => TrendView {
                    label: None,
                    slug: None,
                    text: sentence_case(&text),
                },
            }
        }
        _ => TrendView {
            label: None,
            slug: None,
            text: match p.missing.iter().find(|m| m.period.same_span(c.period)) {
                Some(Missing {
                    reason: Some(why), ..
                }) => format!(
                    "No figure has been published for {when} ({why}), so there is nothing to compare with."
                ),
                _ => format!(
                    "No figure has been published for {when}, so there is nothing to compare with."
                ),
            },
        },
    }
}

fn sentence(area: &str, p: &SeriesProgress, places: &Places<'_>) -> String {
    let Some(l) = p.latest() else {
        return match (p.status, p.next_update) {
            (Status::NotYetDue, Some(n)) => format!(
                "No figures for {area} have been published yet: the first are not due until {}.",
                day(n)
            ),
            _ => format!("No figures for {area} have been published on this site."),
        };
    };
    let when = period_text(&l.period);
    let v = places.headline(l, p.measure.unit);
    // A later period the source did not publish is said first, so that
    // the status of an earlier figure does not stand for it.
    let opening = match p.unpublished_after(l, None) {
        Some(m) => format!(
            "{} The latest published figure for {area}, for {when}, was {v}",
            unpublished_text(m)
        ),
        None => format!("In {when}, the figure for {area} was {v}"),
    };
    // What the source says of a figure it marks as not firm, in words.
    let marked = l
        .doubtful
        .as_ref()
        .map(|d| format!(" The source marks this figure as {}.", d.reason.trim()))
        .unwrap_or_default();
    if p.current.is_none() {
        return format!(
            "{opening}. No target has been set for this measure, so it is neither met nor not met.{marked}"
        );
    }
    let Some(version) = &l.version else {
        return format!(
            "{opening}; no version of the standard was in force then, so it has no status.{marked}"
        );
    };
    let s = &version.standard;
    let rule = rule_text(s);
    let gap = gap_to_standard(l, s);
    let judged = match l.status {
        Status::NotAssessed => format!(
            "which is not assessed against the standard of {rule}, as this figure is for {}",
            crate::model::period_length_words(l.period.months())
        ),
        Status::Met => format!("which meets the standard of {rule}"),
        Status::WithinTolerance => format!(
            "which misses the standard of {rule} by {}, within its tolerance of {}",
            amount(gap.value.abs(), s.unit, gap.places),
            Rule::of(s)
                .tolerance_amount()
                .map(|t| amount(t, s.unit, t.normalize().scale()))
                .unwrap_or_default()
        ),
        _ if gap.value.is_zero() => format!(
            "which does not meet the standard of {rule}: it is exactly {}, and the standard needs {} than that",
            // The threshold as written, at least at the precision.
            measure(s.threshold, s.unit, s.precision.max(s.threshold.scale())),
            match s.comparator {
                Comparator::MoreThan | Comparator::AtLeast => "more",
                Comparator::LessThan | Comparator::AtMost => "less",
            }
        ),
        _ => format!(
            "which does not meet the standard of {rule} ({})",
            gap_phrase(gap, s.unit, "standard")
        ),
    };
    let trend = p
        .vs_previous
        .as_ref()
        .and_then(|c| {
            let prev = p.history.iter().find(|f| f.period.same_span(c.period))?;
            Some((c, c.direction?, prev))
        })
        .map(|(c, d, prev)| {
            let word = match d {
                Direction::Improving => "better than in",
                Direction::Worsening => "worse than in",
                Direction::NoChange => "the same as in",
            };
            format!(
                "; that is {word} {} ({})",
                period_text(&c.period),
                places.text(prev, p.measure.unit)
            )
        })
        .unwrap_or_default();
    format!("{opening}, {judged}{trend}.{marked}")
}

/// The source's "4.3% over target" as the page shows it: its words, and
/// what the check found, or why there was none. No target is ever worked
/// out from the words.
fn against_text(a: &AgainstResult, m: &Metric) -> String {
    let words = |d: OverUnder| match d {
        OverUnder::Over => "over",
        OverUnder::Under => "under",
    };
    match (&a.target, a.checked) {
        (Some((what, target)), Some(gap)) => {
            // A gap in per cent of the target is "1.9%"; an amount is in
            // the measure's unit: "0.1 percentage points", "11.9 per 100,000".
            let gap_text = match a.gap {
                StatedGap::Percent(p) => {
                    format!("{}%", group_thousands(round(gap.abs(), p.scale())))
                }
                StatedGap::Amount(x) => amount_at(gap.abs(), m.unit, x.scale()),
            };
            let side = if gap < Decimal::ZERO {
                OverUnder::Under
            } else {
                OverUnder::Over
            };
            let against = if what == "standard" {
                "the standard".to_string()
            } else {
                format!("the target “{what}”")
            };
            format!(
                "“{}”, as the source states it. Checked against {against} ({}): {gap_text} {}.",
                a.text,
                measure(*target, m.unit, target.scale()),
                words(side)
            )
        }
        _ => format!(
            "“{}”, as the source states it. No target for this figure is published on this site, so the statement is not checked, and no target is worked out from it.",
            a.text
        ),
    }
}

fn target_line(
    ctx: &Ctx<'_>,
    t: &TargetResult,
    p: &SeriesProgress,
    s: &Standard,
    places: &Places<'_>,
    path: &str,
) -> TargetLine {
    // A target as written keeps its digits; a worked-out one is shown at
    // the standard's precision, "about" when it does not end within it.
    let dp = places.target(t, s);
    let value_text = |v: Decimal| format!("{}{}", target_number(v, dp), s.unit.suffix());
    // Whether the series' figure for a period was written as published
    // (so keeps its digits) rather than worked out.
    let written = |period: Period| {
        p.history
            .iter()
            .find(|f| f.period.same_span(period))
            .is_none_or(FigureResult::direct)
    };
    let derivation = t.baseline.map(|(bp, base, change)| {
        let change_text = match change {
            Change::ReducePercent(x) => format!("A {}% reduction", group_thousands(x.normalize())),
            Change::IncreasePercent(x) => format!("A {}% increase", group_thousands(x.normalize())),
            Change::Reduce(x) => format!("A reduction of {}", amount(x, s.unit, x.scale())),
            Change::Increase(x) => format!("An increase of {}", amount(x, s.unit, x.scale())),
        };
        match (base, t.value) {
            (Some(b), Some(v)) => format!(
                "{change_text} on the {} baseline of {}: {}.",
                period_text(&bp),
                measure(b, s.unit, figure_places(b, s.precision, written(bp), &[])),
                value_text(v)
            ),
            _ => format!(
                "{change_text} on the {} baseline. No baseline figure has been published, so the target cannot be worked out.",
                period_text(&bp)
            ),
        }
    });
    let detail = match (places.compared(t), t.value, t.status) {
        (Some(f), Some(target), _) => format!(
            "{} in {}: {}.",
            places.text(f, s.unit),
            period_text(&f.period),
            gap_phrase(gap_shown(f, target, dp), s.unit, "target")
        ),
        (_, None, _) => "The target cannot be worked out, so there is no status.".into(),
        (None, Some(_), Status::NotYetDue) => match t.period {
            Some(p) => format!("The figure for {} is not yet due.", period_text(&p)),
            None => "The first figure is not yet due.".into(),
        },
        (None, Some(_), _) => match t.period {
            Some(p) => format!("No figure has been published for {}.", period_text(&p)),
            None => "No figure has been published.".into(),
        },
    };
    TargetLine {
        name: t.name.clone(),
        value: t.value.map_or_else(|| "Not known".into(), value_text),
        rule: t
            .value
            .map(|v| format!("{} {}", t.comparator.words(), value_text(v))),
        derivation,
        period: t.period.as_ref().map(period_text),
        // The rule gives a worked-out target exactly, as it is compared:
        // "at most about 12,098" does not say whether 12,098.05 meets it.
        how: t.rule().map(|r| {
            let threshold = match t.baseline {
                Some(_) => format!(
                    "{}{}",
                    group_thousands(r.threshold.normalize()),
                    s.unit.suffix()
                ),
                None => value_text(r.threshold),
            };
            how_text_shown(&r, s.unit, "target", &threshold)
        }),
        status: status(t.status),
        detail,
        source: t.source.as_ref().map(|c| ctx.citation(c, path)),
        note: t.note.clone(),
    }
}

/// One row of a series' table and chart: a figure, or periods with none.
enum Row<'a> {
    Figure(&'a FigureResult),
    /// A period the file marks blank (with its reason), or a run of
    /// consecutive periods of one length that the file leaves out.
    Missing {
        first: &'a Missing,
        last: Period,
        count: usize,
    },
}

/// Figures and missing periods in time order; consecutive holes of one
/// length (21 quarters without a figure) make one row.
fn series_rows(p: &SeriesProgress) -> Vec<Row<'_>> {
    let mut out: Vec<(Period, Row<'_>)> = p
        .history
        .iter()
        .map(|f| (f.period, Row::Figure(f)))
        .collect();
    for m in &p.missing {
        out.push((
            m.period,
            Row::Missing {
                first: m,
                last: m.period,
                count: 1,
            },
        ));
    }
    out.sort_by_key(|(period, _)| *period);
    let mut merged: Vec<Row<'_>> = Vec::new();
    for (_, row) in out {
        if let (
            Some(Row::Missing {
                first, last, count, ..
            }),
            Row::Missing { first: next, .. },
        ) = (merged.last_mut(), &row)
        {
            let len = i64::from(last.months());
            if first.reason.is_none()
                && next.reason.is_none()
                && next.period.months() == last.months()
                && next.period == last.shifted(len)
            {
                *last = next.period;
                *count += 1;
                continue;
            }
        }
        merged.push(row);
    }
    merged
}

/// "Quarter 2 2010/11 to Quarter 2 2015/16", "May to July 2016".
fn run_text(first: Period, last: Period) -> String {
    if first == last {
        return period_text(&first);
    }
    match first {
        Period::Months { .. } => period_text(&Period::Months {
            from: first.first_month(),
            to: last.last_month(),
        }),
        _ => format!("{} to {}", period_text(&first), period_text(&last)),
    }
}

/// "21 quarters", "2 months", "3 periods of 3 months".
fn periods_count(period: Period, count: usize) -> String {
    let noun = match (period, period.months()) {
        (Period::Quarter { .. }, _) => "quarter".to_string(),
        (Period::FinancialYear { .. } | Period::CalendarYear { .. }, _) => "year".to_string(),
        (_, 1) => "month".to_string(),
        (_, n) => format!("period of {n} months"),
    };
    match (count, noun.strip_prefix("period ")) {
        (1, _) => format!("1 {noun}"),
        (n, Some(rest)) => format!("{n} periods {rest}"),
        (n, None) => format!("{n} {noun}s"),
    }
}

/// A period with the clerk's inference flagged: "December 2016 (period
/// inferred: the table is headed only \"December\")".
fn period_flagged(period: &Period, inferred: Option<&String>) -> String {
    match inferred {
        Some(why) => format!("{} (period inferred: {why})", period_text(period)),
        None => period_text(period),
    }
}

/// "Provisional: subject to validation (marked P)".
pub(super) fn doubtful_text(d: &Doubtful) -> String {
    match &d.marker {
        Some(m) => format!("{} (marked {m})", sentence_case(&d.reason)),
        None => sentence_case(&d.reason),
    }
}

/// What a missing row says: "no data published (suppressed: fewer than 5)",
/// "no data published (21 quarters)".
fn missing_words(first: &Missing, count: usize) -> String {
    match (&first.reason, count) {
        // A reason that says itself there is no figure is not doubled.
        (Some(why), _) if says_no_figure(why) => format!("no data: {why}"),
        (Some(why), _) => format!("no data published ({why})"),
        (None, 1) => "no data published".to_string(),
        (None, n) => format!("no data published ({})", periods_count(first.period, n)),
    }
}

fn history_tables(
    ctx: &Ctx<'_>,
    series: &ProgressSeries,
    p: &SeriesProgress,
    places: &Places<'_>,
    path: &str,
) -> (TableView, Vec<OutputFile>, DatasetEntry) {
    let m = &p.measure;
    let head = HeadCell::new;
    let has_ratio = p
        .history
        .iter()
        .any(|f| matches!(f.given, FigureValue::Ratio { .. }));
    let has_rate = p
        .history
        .iter()
        .any(|f| matches!(f.given, FigureValue::Rate { .. }));
    let has_standard = p.current.is_some();
    let has_stated = p.history.iter().any(|f| f.stated_status.is_some());
    let has_against = p.history.iter().any(|f| f.against.is_some());
    let has_doubtful = p.history.iter().any(|f| f.doubtful.is_some());
    let mut cols = vec![
        head("Period", false),
        head(&format!("Figure ({})", unit_label(m.unit)), true),
    ];
    if has_ratio {
        cols.push(head("Numerator", true));
        cols.push(head("Denominator", true));
    }
    if has_rate {
        cols.push(head("Count", true));
        cols.push(head("Population", true));
    }
    if has_standard {
        cols.push(head("Standard in force", false));
    }
    cols.push(head("Status", false));
    if has_stated {
        cols.push(head("Status stated by the source", false));
    }
    if has_against {
        cols.push(head("Against target, as the source states it", false));
    }
    if has_doubtful {
        cols.push(head("Marked doubtful by the source", false));
    }
    let num = |v: Decimal| CellView::number(group_thousands(v), v.to_string());
    // Cells between the figure and the status, and after it.
    let parts = usize::from(has_ratio) * 2 + usize::from(has_rate) * 2;
    let rows = series_rows(p)
        .into_iter()
        .map(|row| {
            let f = match row {
                Row::Figure(f) => f,
                Row::Missing { first, last, count } => {
                    let mut cells = vec![CellView::text(match (&first.reason, count) {
                        (Some(why), _) => sentence_case(why),
                        (None, 1) => "None".to_string(),
                        (None, n) => format!("None for these {}", periods_count(first.period, n)),
                    })];
                    cells.extend((0..parts + usize::from(has_standard)).map(|_| CellView::blank()));
                    cells.push(CellView::text(Status::NoData.label()));
                    cells.extend(
                        (0..usize::from(has_stated)
                            + usize::from(has_against)
                            + usize::from(has_doubtful))
                            .map(|_| CellView::blank()),
                    );
                    return RowView {
                        header: match count {
                            1 => period_flagged(&first.period, first.period_inferred.as_ref()),
                            _ => run_text(first.period, last),
                        },
                        cells,
                    };
                }
            };
            let mut cells = vec![CellView::number(
                match printed_words(f, m.unit) {
                    Some(w) => format!("{} ({w})", places.text(f, m.unit)),
                    None => places.text(f, m.unit),
                },
                exact(f.value, f.direct()),
            )];
            let (n, d, c, pop) = match f.given {
                FigureValue::Ratio {
                    numerator,
                    denominator,
                    ..
                } => (Some(numerator), Some(denominator), None, None),
                FigureValue::Rate {
                    count, population, ..
                } => (None, None, Some(count), Some(population)),
                FigureValue::Direct(_) => (None, None, None, None),
            };
            if has_ratio {
                cells.push(n.map_or_else(CellView::blank, num));
                cells.push(d.map_or_else(CellView::blank, num));
            }
            if has_rate {
                cells.push(c.map_or_else(CellView::blank, num));
                cells.push(pop.map_or_else(CellView::blank, num));
            }
            if has_standard {
                cells.push(CellView::text(f.version.as_ref().map_or_else(
                    || "None in force".into(),
                    |v| rule_text(&v.standard),
                )));
            }
            cells.push(CellView::text(figure_status_words(f)));
            if has_stated {
                cells.push(CellView::text(f.stated_status.clone().unwrap_or_default()));
            }
            if has_against {
                cells.push(CellView::text(
                    f.against
                        .as_ref()
                        .map(|a| against_text(a, m))
                        .unwrap_or_default(),
                ));
            }
            if has_doubtful {
                cells.push(CellView::text(
                    f.doubtful.as_ref().map(doubtful_text).unwrap_or_default(),
                ));
            }
            RowView {
                header: period_flagged(&f.period, f.period_inferred.as_ref()),
                cells,
            }
        })
        .collect();
    let display = TableView {
        id: "history".into(),
        caption: format!(
            "{} in {}: every published figure, oldest first ({})",
            m.name,
            series.area,
            unit_label(m.unit)
        ),
        label: format!("{} in {}: figures", m.name, series.area),
        head: cols,
        rows,
        foot: Vec::new(),
        notes: series_rows(p)
            .iter()
            .filter_map(|row| match row {
                Row::Figure(f) => Some(labelled_note(&period_text(&f.period), f.note.as_ref()?)),
                Row::Missing { first, .. } => Some(labelled_note(
                    &period_text(&first.period),
                    first.note.as_ref()?,
                )),
            })
            .collect(),
        downloads: None,
    };
    // The data files carry every field, machine-readable.
    let text = |s: String| CellView::text(s);
    let raw = |v: Option<Decimal>| {
        v.map_or_else(CellView::blank, |v| {
            CellView::number(String::new(), v.to_string())
        })
    };
    let data_head = [
        ("period", false),
        ("period_label", false),
        ("period_start", false),
        ("period_end", false),
        ("area", false),
        ("standard", false),
        ("value", true),
        ("unit", false),
        ("given_as", false),
        ("numerator", true),
        ("denominator", true),
        ("count", true),
        ("population", true),
        ("comparator", false),
        ("threshold", true),
        ("status", false),
        ("source_publisher", false),
        ("source_title", false),
        ("source_url", false),
        ("source_published", false),
        ("source_paper", false),
        ("source_paragraph", false),
        ("note", false),
        ("period_inferred", false),
        ("measure", false),
        ("value_as_printed", true),
        ("stated_status", false),
        ("against_target", false),
        ("against_target_computed", true),
        ("doubtful", false),
        ("doubtful_marker", false),
    ];
    let unit = MeasureUnit::NAMES
        .iter()
        .find(|n| MeasureUnit::parse(n) == Some(m.unit))
        .copied()
        .unwrap_or_default();
    let source_cells = |c: Option<&Citation>| {
        vec![
            text(c.and_then(|c| c.publisher.clone()).unwrap_or_default()),
            text(c.map(|c| c.title.clone()).unwrap_or_default()),
            text(c.and_then(|c| c.url.clone()).unwrap_or_default()),
            text(
                c.and_then(|c| c.published)
                    .map(|d| d.iso())
                    .unwrap_or_default(),
            ),
            text(
                c.and_then(|c| c.paper.as_ref())
                    .and_then(|k| ctx.r.paper_page(&k.value))
                    .map(|(_, page)| format!("{}{}", ctx.r.config.base_url, urls::pretty(&page)))
                    .unwrap_or_default(),
            ),
            text(c.and_then(|c| c.paragraph.clone()).unwrap_or_default()),
        ]
    };
    let period_cells = |period: &Period| {
        vec![
            text(period_text(period)),
            text(period.start_date().to_string()),
            text(period.end_date().to_string()),
            text(series.area.clone()),
            text(p.standard.clone().unwrap_or_default()),
        ]
    };
    let mut data_rows: Vec<(Period, RowView)> = p
        .history
        .iter()
        .map(|f| {
            let (given_as, n, d, c, pop) = match f.given {
                FigureValue::Ratio {
                    numerator,
                    denominator,
                    ..
                } => (
                    "numerator/denominator",
                    Some(numerator),
                    Some(denominator),
                    None,
                    None,
                ),
                FigureValue::Rate {
                    count, population, ..
                } => (
                    "count/population",
                    None,
                    None,
                    Some(count),
                    Some(population),
                ),
                FigureValue::Direct(_) => ("value", None, None, None, None),
            };
            let v = f.version.as_ref().map(|v| &v.standard);
            let mut cells = period_cells(&f.period);
            cells.extend([
                CellView::number(String::new(), exact(f.value, f.direct())),
                text(unit.into()),
                text(given_as.into()),
                raw(n),
                raw(d),
                raw(c),
                raw(pop),
                text(
                    v.and_then(|v| {
                        Comparator::NAMES
                            .iter()
                            .find(|n| Comparator::parse(n) == Some(v.comparator))
                    })
                    .copied()
                    .unwrap_or_default()
                    .into(),
                ),
                raw(v.map(|v| v.threshold)),
                text(f.status.label().into()),
            ]);
            cells.extend(source_cells(Some(&f.source)));
            cells.push(text(f.note.clone().unwrap_or_default()));
            cells.push(text(f.period_inferred.clone().unwrap_or_default()));
            cells.push(text(m.name.clone()));
            cells.push(raw(f.printed()));
            cells.push(text(f.stated_status.clone().unwrap_or_default()));
            cells.push(text(
                f.against
                    .as_ref()
                    .map(|a| a.text.clone())
                    .unwrap_or_default(),
            ));
            cells.push(raw(f
                .against
                .as_ref()
                .and_then(|a| a.computed)
                .map(|d| d.normalize())));
            cells.push(text(
                f.doubtful
                    .as_ref()
                    .map(|d| d.reason.clone())
                    .unwrap_or_default(),
            ));
            cells.push(text(
                f.doubtful
                    .as_ref()
                    .and_then(|d| d.marker.clone())
                    .unwrap_or_default(),
            ));
            (
                f.period,
                RowView {
                    header: f.period.code(),
                    cells,
                },
            )
        })
        .collect();
    // Every period with no figure is a row of its own, its value blank.
    for missing in &p.missing {
        let mut cells = period_cells(&missing.period);
        cells.extend([raw(None), text(unit.into()), text(String::new())]);
        cells.extend((0..6).map(|_| raw(None)));
        cells.push(text(Status::NoData.label().into()));
        cells.extend(source_cells(missing.source.as_ref()));
        let note = match (&missing.reason, &missing.note) {
            (Some(why), Some(n)) => format!("{why}. {n}"),
            (Some(why), None) => why.clone(),
            (None, n) => n.clone().unwrap_or_default(),
        };
        cells.push(text(note));
        cells.push(text(missing.period_inferred.clone().unwrap_or_default()));
        cells.push(text(m.name.clone()));
        cells.extend((0..4).map(|_| raw(None)));
        cells.extend([text(String::new()), text(String::new())]);
        data_rows.push((
            missing.period,
            RowView {
                header: missing.period.code(),
                cells,
            },
        ));
    }
    data_rows.sort_by_key(|(period, _)| *period);
    let data_rows: Vec<RowView> = data_rows.into_iter().map(|(_, r)| r).collect();
    let data = TableView {
        id: "history-data".into(),
        caption: format!("{} in {}: figures, status and source", m.name, series.area),
        label: format!("{} in {}", m.name, series.area),
        head: data_head.iter().map(|(t, n)| head(t, *n)).collect(),
        rows: data_rows,
        foot: Vec::new(),
        notes: Vec::new(),
        downloads: None,
    };
    publish(ctx, display, data, path, "figures")
}

fn chart_view(
    series: &ProgressSeries,
    p: &SeriesProgress,
    places: &Places<'_>,
    fmt_short: &dyn Fn(&FigureResult) -> String,
) -> Option<ChartView> {
    if p.history.is_empty() {
        return None;
    }
    let m = &p.measure;
    let rows = series_rows(p);
    let bars: Vec<Bar> = rows
        .iter()
        .map(|row| match row {
            Row::Figure(f) => Bar {
                label: format!(
                    "{}{}: {}{}",
                    period_text(&f.period),
                    if f.period_inferred.is_some() {
                        " (period inferred)"
                    } else {
                        ""
                    },
                    fmt_short(f),
                    // Every figure of a metric has no target: say it once,
                    // in the description, not on each bar.
                    if f.status == Status::NoTarget {
                        String::new()
                    } else if f.status == Status::NotAssessed {
                        // The reference line is not drawn through it.
                        ", not assessed against the standard".to_string()
                    } else {
                        format!(", {}", f.status.label().to_lowercase())
                    }
                ),
                value: Some(f.value),
                slug: f.status.slug(),
            },
            Row::Missing { first, last, count } => Bar {
                label: format!(
                    "{}: {}",
                    run_text(first.period, *last),
                    missing_words(first, *count)
                ),
                value: None,
                slug: Status::NoData.slug(),
            },
        })
        .collect();
    // The row of each figure.
    let at: Vec<(usize, &FigureResult)> = rows
        .iter()
        .enumerate()
        .filter_map(|(k, row)| match row {
            Row::Figure(f) => Some((k, *f)),
            Row::Missing { .. } => None,
        })
        .collect();
    // One reference line per run of figures measured against one version;
    // the standard stays in force through a period with no figure, so its
    // line runs on through such a row.
    let mut refs: Vec<Reference> = Vec::new();
    let many_versions = p
        .history
        .iter()
        .filter_map(|f| f.version.as_ref())
        .any(|v| Some(&v.standard) != p.current.as_ref().map(|c| &c.standard));
    let mut i = 0;
    while i < at.len() {
        let v = at[i].1.version.as_ref();
        // A figure not assessed against the standard (a quarter against a
        // year's threshold) has no reference line beside it.
        let assessed = at[i].1.status != Status::NotAssessed;
        let mut j = i;
        while j + 1 < at.len()
            && at[j + 1].1.version.as_ref() == v
            && (at[j + 1].1.status != Status::NotAssessed) == assessed
        {
            j += 1;
        }
        if let (Some(v), true) = (v, assessed) {
            // An earlier version that gives only its end says it: "Standard
            // to 30 September 2024", beside "Standard from 1 October 2024".
            let label = match (
                many_versions,
                v.standard.effective_from,
                v.standard.effective_to,
            ) {
                (true, Some(f), _) => {
                    format!("Standard from {}: {}", day(f), rule_text(&v.standard))
                }
                (true, None, Some(t)) => {
                    format!("Standard to {}: {}", day(t), rule_text(&v.standard))
                }
                _ => format!("Standard: {}", rule_text(&v.standard)),
            };
            refs.push(Reference {
                label,
                value: v.standard.threshold,
                rows: (at[i].0, at[j].0),
                kind: "standard",
            });
        }
        i = j + 1;
    }
    for (t, s) in p
        .targets
        .iter()
        .filter_map(|t| Some((t, &p.current.as_ref()?.standard)))
    {
        let Some(value) = t.value else { continue };
        let rows = match t.period {
            None => (0, rows.len() - 1),
            Some(period) => match at.iter().find(|(_, f)| f.period.same_span(period)) {
                Some((k, _)) => (*k, *k),
                None => continue,
            },
        };
        refs.push(Reference {
            label: format!("{}: {}", t.name, target_number(value, places.target(t, s))),
            value,
            rows,
            kind: "target",
        });
    }
    let title = format!("{} in {}, by period", m.name, series.area);
    let desc = format!(
        "Bar chart, one bar per period, oldest first{}. {}.{}{} The same figures are in the table below.",
        if bars.iter().any(|b| b.value.is_none()) {
            "; a period with no figure has no bar"
        } else {
            ""
        },
        bars.iter().map(|b| b.label.as_str()).collect::<Vec<_>>().join("; "),
        if refs.is_empty() {
            String::new()
        } else {
            format!(
                " Reference lines: {}.",
                refs.iter().map(|r| r.label.as_str()).collect::<Vec<_>>().join("; ")
            )
        },
        if p.current.is_none() {
            " No target is set, so there is no reference line."
        } else {
            ""
        }
    );
    let cap = (m.unit == MeasureUnit::Percent).then_some(Decimal::ONE_HUNDRED);
    Some(chart::layout(
        "chart",
        title,
        desc,
        &bars,
        &refs,
        &format!("Scale: {}", unit_label(m.unit)),
        cap,
    ))
}

/// What the page says of the standard: its rule, how the status is worked
/// out, the gap, versions and the set it is part of.
fn standard_view(
    ctx: &Ctx<'_>,
    series: &ProgressSeries,
    version: &Version,
    latest: Option<&FigureResult>,
    path: &str,
) -> Option<StandardView> {
    let s = &version.standard;
    // The set the page links to: the one holding the version in force, if
    // the series belongs to it; else another set it belongs to.
    let sets = &ctx.r.site.standard_sets;
    let set = sets
        .iter()
        .find(|x| x.id == version.set && belongs(series, x))
        .or_else(|| sets.iter().find(|x| belongs(series, x)))
        .or_else(|| sets.iter().find(|x| x.id == version.set))?;
    let gap = latest.and_then(|l| {
        let v = &l.version.as_ref()?.standard;
        if l.status == Status::NotAssessed {
            return None;
        }
        let g = gap_to_standard(l, v);
        Some(if g.value.is_zero() {
            "None: the figure is exactly at the standard".to_string()
        } else {
            gap_phrase(g, v.unit, "standard")
        })
    });
    Some(StandardView {
        href: format!(
            "{}#standard-{}",
            urls::link(path, &urls::standard_set(&set.id)),
            s.id
        ),
        rule: rule_text(s),
        in_force: in_force_text(s),
        how: standard_how(s),
        assessed_note: "Figures are compared exactly as published or calculated, before any rounding for display, and each figure is measured against the version of the standard in force on the last day of its period.".into(),
        gap,
        note: s.note.clone(),
        source: ctx.citation(s.source.as_ref().unwrap_or(&set.source), path),
        set: Link {
            text: set.title.clone(),
            href: urls::link(path, &urls::standard_set(&set.id)),
        },
        replaced: replaced_view(ctx, s, path),
        versions: version_lines(ctx, &s.id, path),
    })
}

pub(super) fn progress_page(
    ctx: &Ctx<'_>,
    series: &ProgressSeries,
    p: &SeriesProgress,
    catalogue: &mut Vec<DatasetEntry>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let r = ctx.r;
    let path = urls::progress(&series.id);
    let m = &p.measure;
    let latest = p.latest();
    let places = Places::new(p);
    let sentence = sentence(&series.area, p, &places);
    let standard = match &p.current {
        Some(v) => match standard_view(ctx, series, v, latest, &path) {
            Some(view) => Some(view),
            None => return Vec::new(),
        },
        None => None,
    };
    let (history, files_data, entry) = history_tables(ctx, series, p, &places, &path);
    catalogue.push(entry);
    let fmt_short = |f: &FigureResult| match m.unit {
        MeasureUnit::Percent => format!("{}%", group_thousands(places.shown(f))),
        _ => group_thousands(places.shown(f)),
    };
    let chart = chart_view(series, p, &places, &fmt_short);
    let mut sources: Vec<(String, SourceView, Vec<String>)> = Vec::new();
    for f in &p.history {
        let key = citation_key(&f.source);
        match sources.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, periods)) => periods.push(period_text(&f.period)),
            None => sources.push((
                key,
                ctx.citation(&f.source, &path),
                vec![period_text(&f.period)],
            )),
        }
    }
    let several = sources.len() > 1;
    let sources: Vec<SourceView> = sources
        .into_iter()
        .map(|(_, mut v, periods)| {
            if several {
                v.periods = Some(periods.join(", "));
            }
            v
        })
        .collect();
    let build_date = r.config.build_date;
    let stale = match (p.stale, p.next_update, build_date) {
        (true, Some(n), Some(b)) => Some(format!(
            "These figures may be out of date. The next update was due on {}, before this page was built on {}, and it has not been added here.",
            day(n),
            day(b)
        )),
        _ => None,
    };
    let view = ProgressView {
        measure: m.name.clone(),
        area: series.area.clone(),
        status: figure_status(p.status, latest),
        unpublished: latest
            .and_then(|l| p.unpublished_after(l, None))
            .map(unpublished_text),
        stated_status: latest.and_then(|l| l.stated_status.clone()),
        against: latest.and_then(|l| Some(against_text(l.against.as_ref()?, m))),
        sentence: sentence.clone(),
        latest: latest.map(|l| places.headline(l, m.unit)),
        caveat: latest.and_then(caveat),
        period: latest.map(|l| match &l.period_inferred {
            Some(why) => format!("{}; period inferred: {why}", period_text(&l.period)),
            None => period_text(&l.period),
        }),
        no_target: standard.is_none().then(|| {
            "No target has been set for this measure: the page gives the figures and how they have changed, and never a status of met or not met.".to_string()
        }),
        standard,
        vs_previous: p
            .vs_previous
            .as_ref()
            .map(|c| trend_view(c, p, m, &places)),
        // For a yearly figure the previous period is the year before: say it once.
        vs_last_year: p
            .vs_last_year
            .as_ref()
            .filter(|c| {
                p.vs_previous
                    .as_ref()
                    .is_none_or(|prev| !prev.period.same_span(c.period))
            })
            .map(|c| trend_view(c, p, m, &places)),
        targets: match &p.current {
            Some(v) => p
                .targets
                .iter()
                .map(|t| target_line(ctx, t, p, &v.standard, &places, &path))
                .collect(),
            None => Vec::new(),
        },
        description: m.description.clone(),
        series_note: series.note.clone(),
        chart,
        history,
        latest_source: latest.map(|l| ctx.citation(&l.source, &path)),
        sources,
        last_updated: p
            .last_updated
            .map_or_else(|| "Not stated by the source".into(), |d| d.long()),
        next_update: match p.next_update {
            Some(n) if p.stale => format!("{} (overdue)", day(n)),
            Some(n) => day(n),
            None => "Not stated by the source".into(),
        },
        stale,
    };
    let mut crumbs = vec![
        Link {
            text: "Home".into(),
            href: urls::link(&path, "index.html"),
        },
        Link {
            text: "How are we doing?".into(),
            href: urls::link(&path, "standards/index.html"),
        },
    ];
    crumbs.extend(view.standard.as_ref().map(|s| s.set.clone()));
    let title = format!("{}: {}", m.name, series.area);
    let mut files = files_data;
    files.extend(
        r.page(
            PageSpec::new("progress.html", &path, title, "standards")
                .crumbs(crumbs)
                .description(Some(sentence)),
            &view,
            diags,
        ),
    );
    files
}

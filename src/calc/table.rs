//! Monthly tables: each row's twelve cells from its series (a figure,
//! blank with its reason, no data published, or not yet due), the
//! year-to-date sum of a count with the months it leaves out, the check of
//! a year-to-date figure the source prints (against the months as the
//! table shows them: a later report's figure unless the row gives what its
//! own report printed, `printed`), and the count against a yearly cap.
//!
//! Sums are exact `rust_decimal`. A month with no figure is never counted
//! as 0: the sum is of the months published, and the result says how many
//! of the months so far that is. Whether a cap is on course is worked out
//! only from the figures (the average month so far over the whole year),
//! never from a target the source does not set.

use super::progress::SeriesProgress;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{
    Citation, Doubtful, MeasureUnit, MonthlyTable, Period, ProgressSeries, Site, Standard,
    YearMonth,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// One month of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// A published figure (exact), whether it was written as a figure (so
    /// keeps its digits), the source's doubt about it, how the clerk
    /// inferred its month when the source did not print it
    /// (`period_inferred`), and, when the series' figure comes from a
    /// report published after the table's own (see [`published_after`]),
    /// that report and whether the row says it revised the figure
    /// (`later`).
    Figure {
        value: Decimal,
        direct: bool,
        doubtful: Option<Doubtful>,
        period_inferred: Option<String>,
        later: Option<Box<Later>>,
    },
    /// The series says there is no figure, and why; and how the clerk
    /// inferred the month, when they did.
    Blank {
        reason: String,
        period_inferred: Option<String>,
    },
    /// A month the table reports with no figure in the series.
    NoData,
    /// A month after the last one the table reports.
    NotYetDue,
}

/// A month whose series figure comes from a report published after the
/// table's own. A series keeps one figure a month, the latest report's, so
/// that is not known to be a revision: the later report may repeat what
/// the table's report printed. It is one only where the row gives what the
/// table's report printed (`printed`), a different figure, which the cell
/// then shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Later {
    /// The later report the series' figure comes from.
    pub by: Citation,
    /// The series' figure: the later report's.
    pub figure: Decimal,
    /// Whether the row's `printed` gives another figure for the month: the
    /// cell shows that one, and the later report revised it to `figure`.
    /// Otherwise the cell shows `figure`.
    pub revised: bool,
}

/// How a count so far stands against a yearly cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapStatus {
    /// The months published already add up to more than the cap.
    Exceeded,
    /// They add up to the cap, with months still to come.
    Reached,
    /// The whole year is reported and it is within the cap.
    Within,
    /// Below the cap, and the average month so far over twelve months
    /// stays within it.
    OnCourse,
    /// Below the cap so far, but the average month so far over twelve
    /// months would go over it.
    NotOnCourse,
    /// No month of the year has a figure yet.
    NoData,
}

impl CapStatus {
    pub fn label(self) -> &'static str {
        match self {
            CapStatus::Exceeded => "Cap exceeded",
            CapStatus::Reached => "Cap reached",
            CapStatus::Within => "Within the cap",
            CapStatus::OnCourse => "On course",
            CapStatus::NotOnCourse => "Not on course",
            CapStatus::NoData => "No data published",
        }
    }

    /// The status tag's CSS class suffix (the label carries the meaning).
    pub fn slug(self) -> &'static str {
        match self {
            CapStatus::Exceeded => "not-met",
            CapStatus::Reached | CapStatus::NotOnCourse => "within-tolerance",
            CapStatus::Within | CapStatus::OnCourse => "met",
            CapStatus::NoData => "no-data",
        }
    }
}

/// A count so far against a yearly cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapResult {
    pub value: Decimal,
    /// As the source names it: "annual ceiling" ("yearly cap" otherwise).
    pub name: String,
    pub status: CapStatus,
    /// The average month so far (sum ÷ months published), exactly.
    pub monthly_average: Option<Decimal>,
    /// That average over twelve months, exactly.
    pub projected: Option<Decimal>,
    pub source: Option<Citation>,
}

/// A count's year to date: the months published added up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearToDate {
    /// The sum of the months published so far, exactly.
    pub sum: Decimal,
    /// Months so far: from the first month of the year to the last month
    /// reported.
    pub due: usize,
    /// Of those, the months with a figure.
    pub published: usize,
    /// The months so far with no figure, and why when the series says.
    pub gaps: Vec<(YearMonth, Option<String>)>,
    /// The year-to-date figure the source prints.
    pub stated: Option<Decimal>,
    /// True when the stated figure was checked against the sum (every
    /// month so far has a figure); false when months with no figure make
    /// that impossible.
    pub stated_checked: bool,
    pub cap: Option<CapResult>,
}

/// One row of a monthly table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowResult {
    pub series: String,
    pub label: String,
    pub area: String,
    pub unit: MeasureUnit,
    pub precision: u32,
    /// The standard in force at the end of the last month reported (or of
    /// the year), for a series of a standard.
    pub standard: Option<Standard>,
    /// Each version of the standard in force over the months reported, in
    /// order, with the first and last month it applies to: two or more
    /// when the standard changed in the year (A&E at 90% to September,
    /// 95% from October), so no month is shown against a rule it was not
    /// measured against.
    pub versions: Vec<(Standard, YearMonth, YearMonth)>,
    /// Twelve cells, in the order of the table's months.
    pub cells: Vec<Cell>,
    /// For a count: the months so far added up.
    pub ytd: Option<YearToDate>,
    pub note: Option<String>,
}

/// A monthly table, worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableResult {
    pub months: Vec<YearMonth>,
    /// The last month reported: the table's `to`, or the latest month of
    /// the year with a figure or blank in any row.
    pub reported_to: Option<YearMonth>,
    /// The table has `to`, and a row's series has a figure or blank for a
    /// later month: the table is a past report, and its months after `to`
    /// are not in it (rather than not yet due).
    pub left_behind: bool,
    pub rows: Vec<RowResult>,
}

fn month_period((y, m): YearMonth) -> Period {
    Period::Months {
        from: (y, m),
        to: (y, m),
    }
}

fn is_month(p: Period) -> bool {
    matches!(p, Period::Months { from, to } if from == to)
}

/// "December 2016".
fn month_words((y, m): YearMonth) -> String {
    NaiveDate::from_ymd_opt(y, m, 1)
        .map_or_else(|| format!("{y}-{m:02}"), |d| d.format("%B %Y").to_string())
}

/// Whether a figure's source was published after the table's own: the
/// figure is then a later report's, and the table's report printed
/// another (or the same: not known) figure for its month.
pub fn published_after(figure: &Citation, table: Option<&Citation>) -> bool {
    table
        .and_then(|t| t.published)
        .zip(figure.published)
        .is_some_and(|(printed, published)| published.first_day() > printed.first_day())
}

/// "October 2016 is" / "October 2016 and November 2016 are" (each month
/// with its year): the months a table shows as a later report gives them,
/// for a hint.
fn months_are(months: &[YearMonth]) -> String {
    let words: Vec<String> = months.iter().map(|m| month_words(*m)).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => format!("{one} is"),
        _ => format!("{} are", crate::shown::and_list(&words)),
    }
}

/// The months a series has a figure or blank for, single months only.
fn series_months(
    series: &ProgressSeries,
) -> impl Iterator<Item = (YearMonth, &crate::diagnostics::Location)> {
    series
        .figures
        .iter()
        .map(|f| (f.period, &f.location))
        .chain(series.blanks.iter().map(|b| (b.period, &b.location)))
        .filter(|(p, _)| is_month(*p))
        .map(|(p, at)| (p.first_month(), at))
}

/// Works out every monthly table, reporting mistakes to `diags`.
pub fn compute_all(
    site: &Site,
    progress: &BTreeMap<String, SeriesProgress>,
    build_date: Option<NaiveDate>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, TableResult> {
    site.tables
        .iter()
        .map(|t| (t.id.clone(), compute(site, t, progress, build_date, diags)))
        .collect()
}

/// Works out one monthly table.
pub fn compute(
    site: &Site,
    table: &MonthlyTable,
    progress: &BTreeMap<String, SeriesProgress>,
    build_date: Option<NaiveDate>,
    diags: &mut Diagnostics,
) -> TableResult {
    let months = table.months();
    let in_year: BTreeSet<YearMonth> = months.iter().copied().collect();
    let position = |m: YearMonth| months.iter().position(|x| *x == m);
    // The rows' series, each once.
    let mut seen: BTreeMap<&str, &crate::diagnostics::Location> = BTreeMap::new();
    let mut found: Vec<Option<&ProgressSeries>> = Vec::new();
    for row in &table.rows {
        let id = row.series.value.as_str();
        if let Some(first) = seen.insert(id, &row.series.location) {
            diags.push(
                Diagnostic::error(format!("series \"{id}\" is in the table twice"))
                    .at(row.series.location.clone())
                    .hint(format!("the other row is at {first}; keep one")),
            );
            found.push(None);
            continue;
        }
        let Some(series) = site.progress.iter().find(|s| s.id == id) else {
            if site.unreadable_progress.iter().any(|s| s == id) {
                found.push(None);
                continue;
            }
            let mut d = Diagnostic::error(format!("unknown series \"{id}\""))
                .at(row.series.location.clone());
            d = match did_you_mean(id, site.progress.iter().map(|s| s.id.as_str())) {
                Some(s) => d.hint(format!("did you mean \"{s}\"?")),
                None => d.hint(
                    "`series` is the file name (without .toml) of a series in content/progress/",
                ),
            };
            diags.push(d);
            found.push(None);
            continue;
        };
        let has_any = !series.figures.is_empty() || !series.blanks.is_empty();
        if has_any && series_months(series).next().is_none() {
            diags.push(
                Diagnostic::error(format!(
                    "series \"{id}\" has no monthly figures, and a monthly table shows months"
                ))
                .at(row.series.location.clone())
                .hint("a row's series gives a figure for each month (period = \"2016-04\"); show quarterly or yearly figures on the series' own page"),
            );
            found.push(None);
            continue;
        }
        found.push(Some(series));
    }
    // The last month reported: as the table says, or the latest with data.
    let latest_with_data = found
        .iter()
        .flatten()
        .flat_map(|s| series_months(s))
        .map(|(m, _)| m)
        .filter(|m| in_year.contains(m))
        .max();
    // A table is a report as printed: with `to`, its series' later
    // figures (a later report's) are not in it.
    let reported_to = table.to.as_ref().map(|to| to.value).or(latest_with_data);
    let due = |m: YearMonth| match reported_to {
        Some(to) => m <= to,
        // Nothing reported yet: a month is due once it has ended.
        None => build_date.is_some_and(|d| month_period(m).end_date() < d),
    };
    let left_behind = table.to.as_ref().is_some_and(|to| {
        found
            .iter()
            .flatten()
            .flat_map(|s| series_months(s))
            .any(|(m, _)| m > to.value)
    });
    let mut rows = Vec::new();
    for (row, series) in table.rows.iter().zip(&found) {
        let Some(series) = series else { continue };
        let Some(p) = progress.get(&series.id) else {
            continue;
        };
        let figures: BTreeMap<YearMonth, &super::progress::FigureResult> = p
            .history
            .iter()
            .filter(|f| is_month(f.period))
            .map(|f| (f.period.first_month(), f))
            .collect();
        let blanks: BTreeMap<YearMonth, &crate::model::BlankPeriod> = series
            .blanks
            .iter()
            .filter(|b| is_month(b.period))
            .map(|b| (b.period.first_month(), b))
            .collect();
        let printed: BTreeMap<YearMonth, &crate::model::Located<Decimal>> =
            row.printed.iter().map(|(m, v)| (m.value, v)).collect();
        let cells: Vec<Cell> = months
            .iter()
            .map(|&m| match (figures.get(&m), blanks.get(&m)) {
                _ if !due(m) && table.to.is_some() => Cell::NotYetDue,
                (Some(f), _) => {
                    let later = published_after(&f.source, table.source.as_ref());
                    // What the table's report printed, where the row gives
                    // another figure than the later report's (the same is
                    // an error: see check_printed).
                    let printed = printed.get(&m).filter(|p| later && p.value != f.value);
                    Cell::Figure {
                        value: printed.map_or(f.value, |p| p.value),
                        direct: printed.is_some() || f.direct(),
                        // The source's doubt is about its own figure, not
                        // the one the table's report printed.
                        doubtful: f.doubtful.clone().filter(|_| printed.is_none()),
                        period_inferred: f.period_inferred.clone(),
                        later: later.then(|| {
                            Box::new(Later {
                                by: f.source.clone(),
                                figure: f.value,
                                revised: printed.is_some(),
                            })
                        }),
                    }
                }
                (None, Some(b)) => Cell::Blank {
                    reason: b.reason.clone(),
                    period_inferred: b.period_inferred.clone(),
                },
                (None, None) if due(m) => Cell::NoData,
                (None, None) => Cell::NotYetDue,
            })
            .collect();
        check_printed(row, &months, &cells, &figures, table, p, diags);
        let unit = p.measure.unit;
        let is_count = unit == MeasureUnit::Count;
        if !is_count {
            for (what, at) in [
                (
                    "a year-to-date figure is a count added up over the months",
                    row.ytd.as_ref().map(|y| &y.location),
                ),
                (
                    "a yearly cap is a count added up over the months",
                    row.cap.as_ref().map(|c| &c.location),
                ),
                ("adding up the months is for a count", row.add_up.as_ref()),
            ] {
                if let Some(at) = at {
                    diags.push(
                        Diagnostic::error(format!(
                            "{what}, but \"{}\" is not a count",
                            series.id
                        ))
                        .at(at.clone())
                        .hint("a year to date, a yearly cap and add_up are for counts (cases, admissions, days); leave them out for a percentage or rate"),
                    );
                }
            }
        }
        // Only what the report adds up: a count may be a position at each
        // month's end (patients waiting), which is no sum.
        let added_up = row.ytd.is_some() || row.cap.is_some() || row.add_up.is_some();
        let ytd = (is_count && added_up)
            .then(|| year_to_date(row, &months, &cells, reported_to.and_then(position), diags));
        let standard_day = reported_to
            .map(|m| month_period(m).end_date())
            .unwrap_or_else(|| table.year.end_date());
        let standard = series
            .standard
            .as_ref()
            .and_then(|s| site.standard_in_force(&s.value, standard_day))
            .map(|(_, _, s)| s.clone());
        let shown = reported_to
            .and_then(position)
            .map_or(months.len(), |i| i + 1);
        let mut versions: Vec<(Standard, YearMonth, YearMonth)> = Vec::new();
        if let Some(st) = &series.standard {
            for &m in months.iter().take(shown) {
                let Some((_, _, v)) = site.standard_in_force(&st.value, month_period(m).end_date())
                else {
                    continue;
                };
                match versions.last_mut() {
                    Some((last, _, to)) if last.same_rule(v) => *to = m,
                    _ => versions.push((v.clone(), m, m)),
                }
            }
        }
        rows.push(RowResult {
            series: series.id.clone(),
            label: row.label.clone().unwrap_or_else(|| p.measure.name.clone()),
            area: series.area.clone(),
            unit,
            precision: p.measure.precision,
            standard,
            versions,
            cells,
            ytd,
            note: row.note.clone(),
        });
    }
    TableResult {
        months,
        reported_to,
        left_behind,
        rows,
    }
}

/// A row's `printed` figures: each must be for a month whose figure the
/// table shows from a later report, and differ from it (else the series'
/// figure is the one the table's report printed, or there is none to
/// revise); and each is a figure of the row's measure, checked as the
/// series' figures are (not below zero, a percentage not over 100).
fn check_printed(
    row: &crate::model::TableRow,
    months: &[YearMonth],
    cells: &[Cell],
    figures: &BTreeMap<YearMonth, &super::progress::FigureResult>,
    table: &MonthlyTable,
    p: &SeriesProgress,
    diags: &mut Diagnostics,
) {
    let what = format!("\"{}\"", p.measure.name);
    for (key, v) in &row.printed {
        let m = &key.value;
        if let Some((message, hint)) = super::progress::impossible(
            v.value,
            &crate::model::FigureValue::Direct(v.value),
            p.measure.unit,
            p.measure.can_exceed_100,
            &what,
        ) {
            diags.push(
                Diagnostic::error(format!("`printed` for {}: {message}", month_words(*m)))
                    .at(v.location.clone())
                    .hint(hint),
            );
            continue;
        }
        let cell = months
            .iter()
            .position(|x| x == m)
            .and_then(|i| cells.get(i));
        let why = match (cell, figures.get(m)) {
            (Some(Cell::Figure { later: Some(l), .. }), _) if l.revised => continue,
            (Some(Cell::Figure { later: Some(l), .. }), _) => {
                diags.push(
                    Diagnostic::error(format!(
                        "`printed` gives {} for {}, but the later report gives the same figure, {}: nothing was revised",
                        v.value,
                        month_words(*m),
                        l.figure.normalize()
                    ))
                    .at(key.location.clone())
                    .hint("`printed` is for a figure a later report changed; where it gives the same figure, the table shows it as it is: remove it"),
                );
                continue;
            }
            (Some(Cell::NotYetDue), _) => format!(
                "{} is after the last month this table reports",
                month_words(*m)
            ),
            (Some(Cell::Figure { .. }), Some(f)) => format!(
                "the series' figure for {} ({}) is not from a report published after this table's{}, so it is the figure this table's report printed",
                month_words(*m),
                f.value.normalize(),
                table.source.as_ref().and_then(|c| c.published).map_or_else(
                    || " (the table's `source` has no `published` date to tell)".to_string(),
                    |d| format!(" ({})", d.long())
                )
            ),
            _ => format!("the series has no figure for {}, so there is nothing revised", month_words(*m)),
        };
        diags.push(
            Diagnostic::error(format!(
                "`printed` gives {} for {}, but {why}",
                v.value,
                month_words(*m)
            ))
            .at(key.location.clone())
            .hint("`printed` is for a month a later report revised: the figure this table's report printed, where the series now holds the later report's (with that report as the figure's source). Otherwise remove it"),
        );
    }
}

/// Where a year to date disagrees with months shown as a later report
/// gives them: the hint to give what the table's report printed.
fn printed_hint(later: &[YearMonth]) -> String {
    match later.first() {
        None => String::new(),
        Some((y, m)) => format!(
            "; {} shown as a later report gives {}: where this table's report printed another figure, give it in the row, printed = {{ \"{y}-{m:02}\" = 4 }}, and the year to date is checked against it",
            months_are(later),
            if later.len() == 1 { "it" } else { "them" }
        ),
    }
}

/// The months so far added up, the source's figure checked, and the cap.
fn year_to_date(
    row: &crate::model::TableRow,
    months: &[YearMonth],
    cells: &[Cell],
    last: Option<usize>,
    diags: &mut Diagnostics,
) -> YearToDate {
    let so_far = last.map_or(0, |i| i + 1);
    // The months as the table shows them: as its report printed them
    // where the row gives `printed`, else the series' figure.
    let mut sum = Decimal::ZERO;
    let mut published = 0;
    let mut gaps = Vec::new();
    // Months shown as a later report gives them, with no `printed`: the
    // table's report may have printed another figure, which the clerk
    // can give (named in the hint of a year to date that disagrees).
    let mut later_months = Vec::new();
    let mut all_non_negative = true;
    for (m, c) in months.iter().zip(cells).take(so_far) {
        match c {
            Cell::Figure { value, later, .. } => {
                sum += *value;
                published += 1;
                all_non_negative &= !value.is_sign_negative();
                if later.as_ref().is_some_and(|l| !l.revised) {
                    later_months.push(*m);
                }
            }
            Cell::Blank { reason, .. } => gaps.push((*m, Some(reason.clone()))),
            Cell::NoData | Cell::NotYetDue => gaps.push((*m, None)),
        }
    }
    let stated = row.ytd.as_ref().map(|y| y.value);
    let stated_checked = stated.is_some() && gaps.is_empty();
    if let Some(y) = &row.ytd {
        let span = match (months.first(), last.and_then(|i| months.get(i))) {
            (Some(a), Some(b)) if a == b => month_words(*a),
            // "April to December 2016"
            (Some(a), Some(b)) if a.0 == b.0 => format!(
                "{} to {}",
                month_words(*a).split(' ').next().unwrap_or_default(),
                month_words(*b)
            ),
            (Some(a), Some(b)) => format!("{} to {}", month_words(*a), month_words(*b)),
            _ => "no month".to_string(),
        };
        let difference = y.value - sum;
        if gaps.is_empty() && difference != Decimal::ZERO {
            diags.push(
                Diagnostic::error(format!(
                    "year-to-date figure {} does not match the months {span} added up",
                    y.value
                ))
                .at(y.location.clone())
                .label(format!(
                    "stated {}, computed {}, difference {}",
                    y.value,
                    sum.normalize(),
                    difference.abs().normalize()
                ))
                .hint(format!("check the year to date and each month's figure against the source; the page shows the months added up{}", printed_hint(&later_months))),
            );
        } else if !gaps.is_empty() && all_non_negative && difference.is_sign_negative() {
            let missing: Vec<String> = gaps.iter().map(|(m, _)| month_words(*m)).collect();
            diags.push(
                Diagnostic::error(format!(
                    "year-to-date figure {} is less than the months published ({span}) add up to",
                    y.value
                ))
                .at(y.location.clone())
                .label(format!(
                    "stated {}, months published {}, difference {}; no figure for {}",
                    y.value,
                    sum.normalize(),
                    difference.abs().normalize(),
                    missing.join(", ")
                ))
                .hint(format!("a year to date counts every month so far, so it cannot be less than the months published; check the figures against the source{}", printed_hint(&later_months))),
            );
        }
    }
    let cap = row.cap.as_ref().map(|c| {
        let remaining = so_far < months.len();
        let twelve = Decimal::from(months.len());
        let monthly_average = (published > 0)
            .then(|| sum.checked_div(Decimal::from(published)))
            .flatten();
        let projected = monthly_average.and_then(|a| a.checked_mul(twelve));
        let status = if published == 0 {
            CapStatus::NoData
        } else if sum > c.value {
            CapStatus::Exceeded
        } else if !remaining {
            CapStatus::Within
        } else if sum == c.value {
            CapStatus::Reached
        } else if projected.is_some_and(|p| p <= c.value) {
            CapStatus::OnCourse
        } else {
            CapStatus::NotOnCourse
        };
        CapResult {
            value: c.value,
            name: c.name.clone().unwrap_or_else(|| "yearly cap".to_string()),
            status,
            monthly_average,
            projected,
            source: c.source.clone(),
        }
    });
    YearToDate {
        sum,
        due: so_far,
        published,
        gaps,
        stated,
        stated_checked,
        cap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;
    use crate::model::{Located, TableRow, YearCap};

    fn row(cap: i64, stated: Option<i64>) -> TableRow {
        let at = Location::file("content/tables/t.toml".into());
        TableRow {
            series: Located {
                value: "s".into(),
                location: at.clone(),
            },
            label: None,
            ytd: stated.map(|v| Located {
                value: Decimal::from(v),
                location: at.clone(),
            }),
            cap: Some(YearCap {
                value: Decimal::from(cap),
                name: None,
                source: None,
                location: at.clone(),
            }),
            printed: Vec::new(),
            add_up: None,
            note: None,
            location: at,
        }
    }

    fn months() -> Vec<YearMonth> {
        (4..=12)
            .map(|m| (2016, m))
            .chain((1..=3).map(|m| (2017, m)))
            .collect()
    }

    fn figures(values: &[Option<i64>]) -> Vec<Cell> {
        let mut cells: Vec<Cell> = values
            .iter()
            .map(|v| match v {
                Some(v) => Cell::Figure {
                    value: Decimal::from(*v),
                    direct: true,
                    doubtful: None,
                    period_inferred: None,
                    later: None,
                },
                None => Cell::Blank {
                    reason: "suppressed".into(),
                    period_inferred: None,
                },
            })
            .collect();
        cells.resize(12, Cell::NotYetDue);
        cells
    }

    #[test]
    fn the_cap_status_follows_the_count_so_far() {
        let f = |n: i64| vec![Some(n); 3];
        for (cells, cap, status) in [
            // 3 × 14 = 42 over 40.
            (f(14), 40, CapStatus::Exceeded),
            // 40 reached with nine months to go.
            (vec![Some(20), Some(20), Some(0)], 40, CapStatus::Reached),
            // 3 a month is 36 in a year: within 40.
            (f(3), 40, CapStatus::OnCourse),
            // 4 a month is 48 in a year: over 40, though 12 so far is not.
            (f(4), 40, CapStatus::NotOnCourse),
            // Exactly on the cap over the year is on course (at most).
            (vec![Some(10), Some(10), Some(10)], 120, CapStatus::OnCourse),
            (vec![None, None, None], 40, CapStatus::NoData),
        ] {
            let mut d = Diagnostics::new();
            let y = year_to_date(
                &row(cap, None),
                &months(),
                &figures(&cells),
                Some(2),
                &mut d,
            );
            assert_eq!(y.cap.map(|c| c.status), Some(status), "{cells:?}");
            assert!(d.is_empty());
        }
        // The whole year reported, within the cap.
        let mut d = Diagnostics::new();
        let all = figures(&[Some(3); 12]);
        let y = year_to_date(&row(40, Some(36)), &months(), &all, Some(11), &mut d);
        assert_eq!(y.cap.map(|c| c.status), Some(CapStatus::Within));
        assert_eq!((y.sum, y.due, y.published), (Decimal::from(36), 12, 12));
        assert!(y.stated_checked && d.is_empty());
    }

    #[test]
    fn a_blank_month_is_left_out_of_the_sum_and_named() {
        let mut d = Diagnostics::new();
        let cells = figures(&[Some(3), None, Some(4)]);
        // The source's 9 may count the suppressed month: not checked.
        let y = year_to_date(&row(40, Some(9)), &months(), &cells, Some(2), &mut d);
        assert_eq!((y.sum, y.due, y.published), (Decimal::from(7), 3, 2));
        assert_eq!(y.gaps, [((2016, 5), Some("suppressed".to_string()))]);
        assert!(!y.stated_checked && d.is_empty());
        // The average is of the months published: 3.5 a month, 42 a year.
        let cap = y.cap.expect("cap");
        assert_eq!(cap.monthly_average, Some(Decimal::new(35, 1)));
        assert_eq!(
            cap.projected.map(|p| p.normalize()),
            Some(Decimal::from(42))
        );
        assert_eq!(cap.status, CapStatus::NotOnCourse);
    }
}

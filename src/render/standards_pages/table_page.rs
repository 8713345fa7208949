//! A monthly table's page (`tables/<table>/`): measures as rows, the
//! twelve months of the year as columns, each cell a figure, a blank with
//! its reason, "No data" or "Not yet due" in words; doubtful figures,
//! blanks, figures from a report published after the table's and figures
//! the row says a later report revised carry a visible marker, a note
//! under the table and a text alternative for screen readers. Then each count's year to date, the
//! source's own year-to-date figure and its check, and the count against a
//! yearly cap. The cells and the year to date are also CSV and JSON.
//!
//! The cells, sums and cap statuses come from `calc::table`; this module
//! words and formats them.

use super::*;
use crate::calc::table::{
    published_after, CapResult, CapStatus, Cell, RowResult, TableResult, YearToDate,
};
use crate::model::{MonthlyTable, YearMonth};
use std::collections::BTreeMap;

/// A month's column header: "Apr", and "April 2016" for screen readers.
#[derive(Serialize)]
struct MonthHead {
    short: String,
    full: String,
}

/// One cell of the table as the page shows it.
#[derive(Serialize)]
struct CellOut {
    /// What is seen: "23", "No data", "Not yet due".
    text: String,
    /// The exact figure, for `data-value`.
    raw: String,
    /// `figure`, `blank`, `no-data`, `not-yet-due` or `none`.
    kind: &'static str,
    /// Words shown after the text: "period inferred" when the clerk
    /// inferred the month, "later report" when the figure is a later
    /// report's, "revised" when the row says a later report revised it
    /// (the reason is in `sr` and the note).
    flag: Option<String>,
    /// The notes' markers, shown beside the figure ("P", "1", "P, 2").
    marker: Option<String>,
    /// Read by screen readers after the visible text, in place of the marker.
    sr: Option<String>,
}

#[derive(Serialize)]
struct RowOut {
    label: String,
    href: String,
    unit: String,
    standard: String,
    cells: Vec<CellOut>,
    ytd: Option<CellOut>,
    cap: Option<CellOut>,
}

#[derive(Serialize)]
struct NoteOut {
    marker: String,
    text: String,
}

#[derive(Serialize)]
struct CapOut {
    heading: String,
    status: StatusView,
    text: String,
    rule: String,
    source: Option<SourceView>,
}

#[derive(Serialize)]
struct YtdOut {
    label: String,
    id: String,
    sum: String,
    months: String,
    stated: Option<String>,
    cap: Option<CapOut>,
    note: Option<String>,
}

#[derive(Serialize)]
struct TablePage {
    title: String,
    description: Option<String>,
    note: Option<String>,
    caption: String,
    reported: String,
    months: Vec<MonthHead>,
    has_ytd: bool,
    cap_heading: Option<String>,
    rows: Vec<RowOut>,
    notes: Vec<NoteOut>,
    ytd: Vec<YtdOut>,
    cells_downloads: Option<super::super::views::Downloads>,
    ytd_downloads: Option<super::super::views::Downloads>,
    source: Option<SourceView>,
    sources: Vec<SourceView>,
}

/// "April 2016".
fn month_text((y, m): YearMonth) -> String {
    period_text(&Period::Months {
        from: (y, m),
        to: (y, m),
    })
}

fn months_text(n: usize) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{n} months")
    }
}

/// "November 2016", "November and December 2016", "May, July and
/// September 2016".
fn month_list(months: &[YearMonth]) -> String {
    let words: Vec<String> = months.iter().map(|m| month_text(*m)).collect();
    crate::shown::and_list(&words)
}

/// Notes under the table, one per marker and reason, naming their cells.
#[derive(Default)]
struct Notes {
    /// (marker, text) → the cells it is for, in table order.
    by_note: BTreeMap<(String, String), Vec<String>>,
    order: Vec<(String, String)>,
    next_number: usize,
    numbers: BTreeMap<String, String>,
}

impl Notes {
    /// The marker for a note: the source's symbol, or the next number for
    /// a note not yet seen.
    fn add(&mut self, marker: Option<&str>, text: String, cell: String) -> String {
        let marker = match marker {
            Some(m) => m.to_string(),
            None => self
                .numbers
                .entry(text.clone())
                .or_insert_with(|| {
                    self.next_number += 1;
                    self.next_number.to_string()
                })
                .clone(),
        };
        let key = (marker.clone(), text);
        if !self.by_note.contains_key(&key) {
            self.order.push(key.clone());
        }
        self.by_note.entry(key).or_default().push(cell);
        marker
    }

    fn out(self) -> Vec<NoteOut> {
        self.order
            .into_iter()
            .map(|key| {
                let cells = self.by_note.get(&key).cloned().unwrap_or_default();
                NoteOut {
                    text: format!("{} ({}).", key.1, cells.join("; ")),
                    marker: key.0,
                }
            })
            .collect()
    }
}

fn number(value: Decimal, row: &RowResult, written: bool) -> String {
    // Every version's threshold: a month is never rounded onto or across
    // the rule it was measured against.
    let thresholds: Vec<Decimal> = row
        .standard
        .iter()
        .chain(row.versions.iter().map(|(s, _, _)| s))
        .map(|s| s.threshold)
        .collect();
    let dp = figure_places(value, row.precision, written, &thresholds);
    group_thousands(round(value, dp))
}

/// A row's Standard column: the rule in force, or — when the standard
/// changed in the year — each version with the months it applies to: "at
/// least 90% (April to September 2017); at least 95% (from October 2017)".
fn standard_text(row: &RowResult) -> String {
    match (row.versions.as_slice(), &row.standard) {
        ([_, _, ..], _) => {
            let n = row.versions.len();
            row.versions
                .iter()
                .enumerate()
                .map(|(i, (s, from, to))| {
                    let when = if i + 1 == n {
                        format!(
                            "from {}",
                            period_text(&Period::Months {
                                from: *from,
                                to: *from
                            })
                        )
                    } else {
                        period_text(&Period::Months {
                            from: *from,
                            to: *to,
                        })
                    };
                    format!("{} ({when})", rule_text(s))
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        (_, Some(s)) => rule_text(s),
        (_, None) => "No target set".into(),
    }
}

/// A count to its places, "about" when it does not end within one place.
fn about(value: Decimal) -> String {
    let shown = round(value, 1);
    let shown = if shown == round(value, 0) {
        round(value, 0)
    } else {
        shown
    };
    let prefix = if shown == value { "" } else { "about " };
    format!("{prefix}{}", group_thousands(shown))
}

/// A cell's notes: each note's marker, and what screen readers hear in
/// place of the markers.
#[derive(Default)]
struct CellNotes {
    markers: Vec<String>,
    sr: Vec<String>,
}

impl CellNotes {
    fn add(&mut self, marker: String, sr: String) {
        self.sr.push(format!("{sr}; note {marker}"));
        self.markers.push(marker);
    }

    /// A month the clerk inferred, as the series page says it: "period
    /// inferred: …", with the reason in a note under the table.
    fn inferred(&mut self, why: Option<&String>, notes: &mut Notes, at: &str) {
        if let Some(why) = why {
            let m = notes.add(None, format!("Period inferred: {why}"), at.to_string());
            self.add(m, format!("period inferred: {why}"));
        }
    }

    fn markers(&self) -> Option<String> {
        (!self.markers.is_empty()).then(|| self.markers.join(", "))
    }

    fn sr(&self) -> Option<String> {
        (!self.sr.is_empty()).then(|| self.sr.join("; "))
    }
}

/// "period inferred", shown in a cell whose month the clerk inferred.
fn inferred_flag(why: Option<&String>) -> Option<String> {
    why.map(|_| "period inferred".to_string())
}

/// A later report, as a cell's note names it: "Example Trust, Monthly
/// performance report, March 2017, published 16 March 2017".
fn report_words(c: &crate::model::Citation) -> String {
    c.publisher
        .iter()
        .cloned()
        .chain([c.title.clone()])
        .chain(c.published.map(|d| format!("published {}", d.long())))
        .collect::<Vec<_>>()
        .join(", ")
}

fn cell_out(
    cell: &Cell,
    row: &RowResult,
    month: YearMonth,
    left_behind: bool,
    notes: &mut Notes,
) -> CellOut {
    let at = format!("{}, {}", row.label, month_text(month));
    match cell {
        Cell::Figure {
            value,
            direct,
            doubtful,
            period_inferred,
            later,
        } => {
            let mut cn = CellNotes::default();
            if let Some(d) = doubtful {
                let text = format!(
                    "Marked doubtful by the source: {}",
                    sentence_case(&d.reason)
                );
                let m = notes.add(d.marker.as_deref(), text, at.clone());
                cn.add(m, format!("marked doubtful: {}", d.reason));
            }
            cn.inferred(period_inferred.as_ref(), notes, &at);
            // The table's caption says "some as later reports give them";
            // each such cell says so, and which report. A later report's
            // figure is not called revised unless the row gives another
            // figure its own report printed (`printed`).
            if let Some(l) = later {
                let report = report_words(&l.by);
                let (note, sr) = if l.revised {
                    let to = number(l.figure, row, true);
                    (
                        format!("As this table's report printed it; revised to {to} by a later report: {report} (see Sources)"),
                        format!("as printed; revised to {to} by a later report: {report}"),
                    )
                } else {
                    (
                        format!("Figure from a later report: {report} (see Sources), published after this table's report"),
                        format!("figure from a later report: {report}"),
                    )
                };
                let m = notes.add(None, note, at.clone());
                cn.add(m, sr);
            }
            let flags: Vec<String> = inferred_flag(period_inferred.as_ref())
                .into_iter()
                .chain(
                    later
                        .as_ref()
                        .map(|l| if l.revised { "revised" } else { "later report" }.to_string()),
                )
                .collect();
            CellOut {
                text: number(*value, row, *direct),
                raw: exact(*value, *direct),
                kind: "figure",
                flag: (!flags.is_empty()).then(|| flags.join(", ")),
                marker: cn.markers(),
                sr: cn.sr(),
            }
        }
        Cell::Blank {
            reason,
            period_inferred,
        } => {
            let mut cn = CellNotes::default();
            // A reason that says itself there is no figure ("not
            // published: …") is not prefixed with the same again.
            let says_so = says_no_figure(reason);
            let (note, sr) = if says_so {
                (sentence_case(reason), reason.clone())
            } else {
                (
                    format!("No figure: {}", sentence_case(reason)),
                    format!("no figure published: {reason}"),
                )
            };
            let m = notes.add(None, note, at.clone());
            cn.add(m, sr);
            cn.inferred(period_inferred.as_ref(), notes, &at);
            CellOut {
                text: "No data".into(),
                raw: String::new(),
                kind: "blank",
                flag: inferred_flag(period_inferred.as_ref()),
                marker: cn.markers(),
                sr: cn.sr(),
            }
        }
        Cell::NoData => CellOut {
            text: "No data".into(),
            raw: String::new(),
            kind: "no-data",
            flag: None,
            marker: None,
            sr: Some("no figure published".into()),
        },
        // A past report's later months: given by later reports since.
        Cell::NotYetDue if left_behind => CellOut {
            text: "Not in this report".into(),
            raw: String::new(),
            kind: "not-in-report",
            flag: None,
            marker: None,
            sr: None,
        },
        Cell::NotYetDue => CellOut {
            text: "Not yet due".into(),
            raw: String::new(),
            kind: "not-yet-due",
            flag: None,
            marker: None,
            sr: None,
        },
    }
}

/// Whether a row's label already ends with its unit in brackets, as a
/// report prints it ("Category 2 mean response (minutes)", "A&E (%)"): the
/// unit is then not added again.
fn label_names_unit(label: &str, unit: MeasureUnit) -> bool {
    let names: &[&str] = match unit {
        MeasureUnit::Percent => &["per cent", "percent", "%"],
        MeasureUnit::Per1k => &["rate per 1,000", "per 1,000", "per 1000"],
        MeasureUnit::Per10k => &["rate per 10,000", "per 10,000", "per 10000"],
        MeasureUnit::Per100k => &["rate per 100,000", "per 100,000", "per 100000"],
        MeasureUnit::Count => &["number", "count", "no."],
        MeasureUnit::Minutes => &["minutes", "mins"],
        MeasureUnit::Weeks => &["weeks"],
        MeasureUnit::Ratio => &["ratio"],
    };
    let label = label.trim_end().to_lowercase();
    names.iter().any(|n| label.ends_with(&format!("({n})")))
}

/// A year-to-date cell of a row whose months are not added up, and why.
fn not_added_up(sr: &str) -> CellOut {
    CellOut {
        text: "Not added up".into(),
        raw: String::new(),
        kind: "not-added-up",
        flag: None,
        marker: None,
        sr: Some(sr.into()),
    }
}

fn none_cell(sr: &str) -> CellOut {
    CellOut {
        text: "None".into(),
        raw: String::new(),
        kind: "none",
        flag: None,
        marker: None,
        sr: Some(sr.into()),
    }
}

/// The cap's status in a sentence, from the figures only.
fn cap_text(y: &YearToDate, c: &CapResult, months: usize) -> (String, String) {
    let sum = group_thousands(y.sum.normalize());
    let cap = group_thousands(c.value.normalize());
    let left = months.saturating_sub(y.due);
    let gaps: Vec<YearMonth> = y.gaps.iter().map(|(m, _)| *m).collect();
    let not_counted = if gaps.is_empty() {
        String::new()
    } else {
        format!(
            " This does not count {}, which {} no figure.",
            month_list(&gaps),
            if gaps.len() == 1 { "has" } else { "have" }
        )
    };
    let pace = || match (c.monthly_average, c.projected) {
        (Some(a), Some(p)) => format!(
            " At the average month so far ({} a month), the whole year would come to {}",
            about(a),
            about(p)
        ),
        _ => String::new(),
    };
    let text = match c.status {
        CapStatus::Exceeded => format!(
            "{sum} so far: {} over the {} of {cap}.",
            group_thousands((y.sum - c.value).normalize()),
            c.name
        ),
        CapStatus::Reached => format!(
            "{sum} so far: the whole {} of {cap}, with {} of the year still to come.",
            c.name,
            months_text(left)
        ),
        CapStatus::Within => format!(
            "{sum} in the year: {} under the {} of {cap}.",
            group_thousands((c.value - y.sum).normalize()),
            c.name
        ),
        CapStatus::OnCourse => format!(
            "{sum} so far: {} under the {} of {cap}, with {} of the year still to come.{}, within the {}.",
            group_thousands((c.value - y.sum).normalize()),
            c.name,
            months_text(left),
            pace(),
            c.name
        ),
        CapStatus::NotOnCourse => format!(
            "{sum} so far: {} under the {} of {cap}, with {} of the year still to come.{}, over the {}.",
            group_thousands((c.value - y.sum).normalize()),
            c.name,
            months_text(left),
            pace(),
            c.name
        ),
        CapStatus::NoData => "No month of the year has a figure yet.".into(),
    };
    let rule = format!(
        "The count so far is the months published added up. It is compared with the {} as the source states it; “on course” means the average month so far, over the whole year, would stay within it. That is a projection from the figures, not a target.",
        c.name
    );
    (format!("{text}{not_counted}"), rule)
}

fn ytd_months(y: &YearToDate, months: &[YearMonth]) -> String {
    let span = match (
        months.first(),
        y.due.checked_sub(1).and_then(|i| months.get(i)),
    ) {
        (Some(&from), Some(&to)) => period_text(&Period::Months { from, to }),
        _ => return "No month of the year is reported yet.".into(),
    };
    let mut s = format!(
        "{span} added up: {} of {} so far published ({} in the year).",
        y.published,
        months_text(y.due),
        months.len()
    );
    if !y.gaps.is_empty() {
        let gaps: Vec<String> = y
            .gaps
            .iter()
            .map(|(m, why)| match why {
                Some(w) => format!("{} ({w})", month_text(*m)),
                None => format!("{} (no figure published)", month_text(*m)),
            })
            .collect();
        s.push_str(&format!(
            " Not counted, and not taken as 0: {}.",
            gaps.join(", ")
        ));
    }
    s
}

fn stated_text(y: &YearToDate) -> Option<String> {
    let stated = y.stated?;
    let sum = group_thousands(y.sum.normalize());
    Some(if y.stated_checked {
        format!(
            "{}: checked, the months add up to {sum}.",
            group_thousands(stated)
        )
    } else {
        format!(
            "{}. Not checked: the months published add up to {sum}, and the source’s figure may count the months that have no figure here.",
            group_thousands(stated)
        )
    })
}

pub(super) fn table_page(
    ctx: &Ctx<'_>,
    table: &MonthlyTable,
    t: &TableResult,
    catalogue: &mut Vec<DatasetEntry>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let r = ctx.r;
    let path = urls::table(&table.id);
    let year = period_text(&table.year);
    let (first, last) = (t.months.first().copied(), t.months.last().copied());
    let span = match (first, last) {
        (Some(from), Some(to)) => period_text(&Period::Months { from, to }),
        _ => year.clone(),
    };
    let mut areas: Vec<&str> = t.rows.iter().map(|r| r.area.as_str()).collect();
    areas.sort_unstable();
    areas.dedup();
    let caption = format!(
        "{}: each measure by month, {span}{}. Figures to {}.",
        table.title,
        match areas.as_slice() {
            [one] => format!(", {one}"),
            _ => String::new(),
        },
        t.reported_to
            .map_or_else(|| "no month yet".into(), month_text)
    );
    let mut notes = Notes::default();
    let has_ytd = t.rows.iter().any(|r| r.ytd.is_some());
    let cap_names: Vec<&str> = t
        .rows
        .iter()
        .filter_map(|r| Some(r.ytd.as_ref()?.cap.as_ref()?.name.as_str()))
        .collect();
    let cap_heading = match cap_names.as_slice() {
        [] => None,
        [first, rest @ ..] if rest.iter().all(|n| n == first) => Some(sentence_case(first)),
        _ => Some("Yearly cap".into()),
    };
    let rows: Vec<RowOut> =
        t.rows
            .iter()
            .map(|row| {
                let cells = row
                    .cells
                    .iter()
                    .zip(&t.months)
                    .map(|(c, m)| cell_out(c, row, *m, t.left_behind, &mut notes))
                    .collect();
                let ytd = if has_ytd {
                    Some(match &row.ytd {
                        Some(y) => {
                            let (marker, sr) = if y.gaps.is_empty() {
                                (None, None)
                            } else {
                                let text = format!(
                                    "Year to date of the months published only: {} of {} so far",
                                    y.published,
                                    months_text(y.due)
                                );
                                let m = notes.add(None, text, row.label.clone());
                                (
                                    Some(m.clone()),
                                    Some(format!(
                                        "{} of {} so far added up; note {m}",
                                        y.published,
                                        months_text(y.due)
                                    )),
                                )
                            };
                            CellOut {
                                text: group_thousands(y.sum.normalize()),
                                raw: y.sum.normalize().to_string(),
                                kind: "figure",
                                flag: None,
                                marker,
                                sr,
                            }
                        }
                        // Not "None", which reads as none at all (no
                        // patients waiting): the months are not added up.
                        None if row.unit == MeasureUnit::Count => {
                            not_added_up("the report gives no year to date")
                        }
                        None => not_added_up(match row.unit {
                            MeasureUnit::Percent => "a percentage, not a count",
                            MeasureUnit::Minutes | MeasureUnit::Weeks => "a time, not a count",
                            MeasureUnit::Ratio => "a ratio, not a count",
                            _ => "a rate, not a count",
                        }),
                    })
                } else {
                    None
                };
                let cap = cap_heading.as_ref().map(|_| {
                    match row.ytd.as_ref().and_then(|y| y.cap.as_ref()) {
                        Some(c) => CellOut {
                            text: group_thousands(c.value.normalize()),
                            raw: c.value.normalize().to_string(),
                            kind: "figure",
                            flag: None,
                            marker: None,
                            sr: None,
                        },
                        None => none_cell("no yearly cap"),
                    }
                });
                RowOut {
                    label: row.label.clone(),
                    href: urls::link(&path, &urls::progress(&row.series)),
                    unit: if label_names_unit(&row.label, row.unit) {
                        String::new()
                    } else {
                        unit_label(row.unit).into()
                    },
                    standard: standard_text(row),
                    cells,
                    ytd,
                    cap,
                }
            })
            .collect();
    let ytd: Vec<YtdOut> = t
        .rows
        .iter()
        .filter_map(|row| {
            let y = row.ytd.as_ref()?;
            Some(YtdOut {
                label: row.label.clone(),
                id: format!("ytd-{}", row.series),
                sum: group_thousands(y.sum.normalize()),
                months: ytd_months(y, &t.months),
                stated: stated_text(y),
                cap: y.cap.as_ref().map(|c| {
                    let (text, rule) = cap_text(y, c, t.months.len());
                    CapOut {
                        heading: format!(
                            "Against the {} of {}",
                            c.name,
                            group_thousands(c.value.normalize())
                        ),
                        status: StatusView {
                            label: c.status.label().into(),
                            slug: c.status.slug().into(),
                        },
                        text,
                        rule,
                        source: c.source.as_ref().map(|s| ctx.citation(s, &path)),
                    }
                }),
                note: row.note.clone(),
            })
        })
        .collect();
    // Open data: one row per cell, and one per count's year to date.
    let head = HeadCell::new;
    let text = |s: String| CellView::text(s);
    let raw = |v: Option<Decimal>| {
        v.map_or_else(CellView::blank, |v| {
            CellView::number(String::new(), v.normalize().to_string())
        })
    };
    let mut cell_rows = Vec::new();
    for row in &t.rows {
        for (c, m) in row.cells.iter().zip(&t.months) {
            let (state, value, doubtful, marker, blank, inferred) = match c {
                Cell::Figure {
                    value,
                    direct,
                    doubtful,
                    period_inferred,
                    ..
                } => (
                    "figure",
                    CellView::number(String::new(), exact(*value, *direct)),
                    doubtful.as_ref().map(|d| d.reason.clone()),
                    doubtful.as_ref().and_then(|d| d.marker.clone()),
                    None,
                    period_inferred.clone(),
                ),
                Cell::Blank {
                    reason,
                    period_inferred,
                } => (
                    "blank",
                    raw(None),
                    None,
                    None,
                    Some(reason.clone()),
                    period_inferred.clone(),
                ),
                Cell::NoData => ("no data published", raw(None), None, None, None, None),
                Cell::NotYetDue if t.left_behind => {
                    ("not in this report", raw(None), None, None, None, None)
                }
                Cell::NotYetDue => ("not yet due", raw(None), None, None, None, None),
            };
            let (later_report, later_figure, revised) = match c {
                Cell::Figure { later: Some(l), .. } => (
                    report_words(&l.by),
                    CellView::number(String::new(), l.figure.to_string()),
                    if l.revised { "yes" } else { "no" },
                ),
                _ => (String::new(), raw(None), ""),
            };
            cell_rows.push(RowView {
                header: row.label.clone(),
                cells: vec![
                    text(row.series.clone()),
                    text(row.area.clone()),
                    text(format!("{}-{:02}", m.0, m.1)),
                    text(month_text(*m)),
                    text(state.into()),
                    value,
                    text(unit_label(row.unit).into()),
                    text(if doubtful.is_some() { "yes" } else { "no" }.into()),
                    text(doubtful.unwrap_or_default()),
                    text(marker.unwrap_or_default()),
                    text(blank.unwrap_or_default()),
                    text(inferred.unwrap_or_default()),
                    text(later_report),
                    later_figure,
                    text(revised.to_string()),
                ],
            });
        }
    }
    let mut cells_data = TableView {
        id: format!("{}-cells", table.id),
        caption: format!("{}: every cell, {span}", table.title),
        label: format!("{}: cells", table.title),
        head: [
            ("measure", false),
            ("series", false),
            ("area", false),
            ("month", false),
            ("month_label", false),
            ("state", false),
            ("value", true),
            ("unit", false),
            ("doubtful", false),
            ("doubtful_reason", false),
            ("doubtful_marker", false),
            ("blank_reason", false),
            ("period_inferred", false),
            ("later_report", false),
            ("later_figure", true),
            ("revised", false),
        ]
        .iter()
        .map(|(t, n)| head(t, *n))
        .collect(),
        rows: cell_rows,
        foot: Vec::new(),
        notes: Vec::new(),
        downloads: None,
    };
    let folder = urls::pretty(&path).to_string();
    let (mut files, entry) = open_data::attach(
        &r.config.open_data,
        &mut cells_data,
        &format!("{folder}cells"),
        &path,
        &path,
    );
    catalogue.push(entry);
    let mut ytd_downloads = None;
    if has_ytd {
        let ytd_rows = t
            .rows
            .iter()
            .filter_map(|row| {
                let y = row.ytd.as_ref()?;
                let c = y.cap.as_ref();
                Some(RowView {
                    header: row.label.clone(),
                    cells: vec![
                        text(row.series.clone()),
                        text(row.area.clone()),
                        text(
                            t.reported_to
                                .map(|(y, m)| format!("{y}-{m:02}"))
                                .unwrap_or_default(),
                        ),
                        raw(Some(Decimal::from(y.due))),
                        raw(Some(Decimal::from(y.published))),
                        text(
                            y.gaps
                                .iter()
                                .map(|(m, _)| format!("{}-{:02}", m.0, m.1))
                                .collect::<Vec<_>>()
                                .join(" "),
                        ),
                        raw(Some(y.sum)),
                        raw(y.stated),
                        text(
                            match (y.stated, y.stated_checked) {
                                (None, _) => "",
                                (Some(_), true) => "yes",
                                (Some(_), false) => "no",
                            }
                            .into(),
                        ),
                        raw(c.map(|c| c.value)),
                        text(c.map(|c| c.name.clone()).unwrap_or_default()),
                        text(c.map(|c| c.status.label().to_string()).unwrap_or_default()),
                        raw(c.and_then(|c| c.monthly_average)),
                        raw(c.and_then(|c| c.projected)),
                    ],
                })
            })
            .collect();
        let mut ytd_data = TableView {
            id: format!("{}-year-to-date", table.id),
            caption: format!("{}: year to date, {year}", table.title),
            label: format!("{}: year to date", table.title),
            head: [
                ("measure", false),
                ("series", false),
                ("area", false),
                ("to_month", false),
                ("months_so_far", true),
                ("months_published", true),
                ("months_without_figure", false),
                ("sum", true),
                ("stated", true),
                ("stated_checked", false),
                ("cap", true),
                ("cap_name", false),
                ("cap_status", false),
                ("monthly_average", true),
                ("projected_year", true),
            ]
            .iter()
            .map(|(t, n)| head(t, *n))
            .collect(),
            rows: ytd_rows,
            foot: Vec::new(),
            notes: Vec::new(),
            downloads: None,
        };
        let (more, entry) = open_data::attach(
            &r.config.open_data,
            &mut ytd_data,
            &format!("{folder}year-to-date"),
            &path,
            &path,
        );
        files.extend(more);
        catalogue.push(entry);
        ytd_downloads = ytd_data.downloads;
    }
    // The sources of the figures shown, each once, in table order.
    let mut seen = std::collections::BTreeSet::new();
    let mut sources = Vec::new();
    // Whether a figure shown is a later report's, as it gives it (no
    // `printed`): the page then does not say its figures are as this
    // report gave them.
    let mut given_since = false;
    // The later reports whose figures are shown as they give them, and
    // those whose figures the row says they revised (shown as printed).
    let mut given_by = std::collections::BTreeSet::new();
    let mut revised_by = std::collections::BTreeSet::new();
    for c in t.rows.iter().flat_map(|row| &row.cells) {
        if let Cell::Figure { later: Some(l), .. } = c {
            let key = citation_key(&l.by);
            if l.revised {
                revised_by.insert(key);
            } else {
                given_by.insert(key);
            }
        }
    }
    for row in &t.rows {
        let Some(p) = r.calc.progress.get(&row.series) else {
            continue;
        };
        for f in &p.history {
            // A table with `to` is a report as printed: the months after it
            // (a later report's) are not in it, nor are their sources.
            if t.months.contains(&f.period.first_month())
                && f.period.months() == 1
                && t.reported_to.is_none_or(|to| f.period.first_month() <= to)
                && seen.insert(citation_key(&f.source))
            {
                let mut cited = ctx.citation(&f.source, &path);
                if published_after(&f.source, table.source.as_ref()) {
                    let key = citation_key(&f.source);
                    let revised = revised_by.contains(&key);
                    let given = given_by.contains(&key) || !revised;
                    given_since |= given;
                    cited.parts.push(TextLink {
                        text: match (given, revised) {
                            (true, false) => "after this table was printed: figures from it are shown here as it gives them",
                            (false, _) => "after this table was printed: a figure it revised is shown here as this table's report printed it",
                            (true, true) => "after this table was printed: a figure it revised is shown here as this table's report printed it, others as it gives them",
                        }
                        .into(),
                        href: None,
                    });
                }
                sources.push(cited);
            }
        }
    }
    let reported = match (t.reported_to, last) {
        (Some(to), Some(end)) if to == end => format!("Figures for the whole of {year}."),
        (Some(to), Some(end)) => {
            let next = t
                .months
                .iter()
                .position(|m| *m == to)
                .and_then(|i| t.months.get(i + 1))
                .copied()
                .unwrap_or(end);
            let rest = period_text(&Period::Months {
                from: next,
                to: end,
            });
            let verb = if next == end { "is" } else { "are" };
            if t.left_behind {
                // "As this report gave them" only when no figure shown is
                // a later report's as it gives it (see Sources).
                let given = if given_since {
                    ", some as later reports give them (see Sources)"
                } else {
                    ", as this report gave them"
                };
                format!(
                    "Figures to {}{given}; {rest} {verb} not in this report: later reports’ figures are on each measure’s page.",
                    month_text(to)
                )
            } else {
                format!("Figures to {}; {rest} {verb} not yet due.", month_text(to))
            }
        }
        _ => "No month of the year has been reported yet.".into(),
    };
    let view = TablePage {
        title: table.title.clone(),
        description: table.description.clone(),
        note: table.note.clone(),
        caption,
        reported,
        months: t
            .months
            .iter()
            .map(|&(y, m)| MonthHead {
                short: chrono::NaiveDate::from_ymd_opt(y, m, 1)
                    .map_or_else(|| format!("{m:02}"), |d| d.format("%b").to_string()),
                full: month_text((y, m)),
            })
            .collect(),
        has_ytd,
        cap_heading,
        rows,
        notes: notes.out(),
        ytd,
        cells_downloads: cells_data.downloads,
        ytd_downloads,
        source: table.source.as_ref().map(|s| ctx.citation(s, &path)),
        sources,
    };
    let crumbs = vec![
        Link {
            text: "Home".into(),
            href: urls::link(&path, "index.html"),
        },
        Link {
            text: "How are we doing?".into(),
            href: urls::link(&path, "standards/index.html"),
        },
    ];
    let description = Some(format!("{}: {span}. {}", table.title, view.reported));
    files.extend(
        r.page(
            PageSpec::new(
                "monthly-table.html",
                &path,
                table.title.clone(),
                "standards",
            )
            .crumbs(crumbs)
            .description(description),
            &view,
            diags,
        ),
    );
    files
}

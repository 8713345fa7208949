//! "How are we doing?": the standards overview (`standards/`), a page per
//! standards set (`standards/<set>/`, with its registry of standards) and a
//! page per progress series (`progress/<series>/`: one standard in one
//! area, with its status, rule, trend, targets, chart, history and sources).
//!
//! Statuses, gaps, trends and counts come from `calc::progress`; this module
//! only words and formats them (rounding through `render::format`) and lays
//! out the chart (`render::chart`). Every status is shown in words. The
//! series page is in the child module [`progress_page`].

use super::chart::{self, Bar, ChartView, Reference};
use super::format::{
    change_percent, exact, figure_places, gap_as_shown, group_thousands, labelled_note, measure,
    round, sentence_case, Gap,
};
use super::open_data::{self, DatasetEntry};
use super::views::{CellView, HeadCell, Link, RowView, StatusView, TableView};
use super::{urls, OutputFile, PageSpec, Renderer};
use crate::calc::progress::{
    belongs, listed_versions, version_on, AreaSummary, Comparison, Direction, FigureResult,
    Missing, Rule, SeriesProgress, Status, TargetResult,
};
use crate::diagnostics::Diagnostics;
use crate::model::{
    Change, Citation, Commitment, Comparator, FigureValue, MeasureUnit, Period, Polarity,
    ProgressSeries, Standard, StandardSet, ThresholdPeriod, Tolerance,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

mod progress_page;
mod table_page;

fn status(s: Status) -> StatusView {
    StatusView {
        label: s.label().to_string(),
        slug: s.slug().to_string(),
    }
}

/// The status shown beside a figure: for a figure not assessed, with why
/// ([`figure_status_words`]).
fn figure_status(st: Status, figure: Option<&FigureResult>) -> StatusView {
    match figure {
        Some(f) if st == Status::NotAssessed => StatusView {
            label: figure_status_words(f),
            slug: st.slug().to_string(),
        },
        _ => status(st),
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "at least 95%" / "at most 9.4 per 100,000", with the threshold as
/// written, and the length of period it is for where the standard says
/// ("at most 796.0 per 100,000 for a whole year").
pub(crate) fn rule_text(s: &Standard) -> String {
    let rule = rule_words(s.comparator, s.threshold, s.unit, None);
    match s.threshold_period {
        Some(tp) if tp.months().is_some() => format!("{rule} for {}", tp.words()),
        _ => rule,
    }
}

/// How a standard's status is worked out, with the length of period its
/// threshold is for where it says.
fn standard_how(s: &Standard) -> String {
    let how = how_text(&Rule::of(s), s.unit, "standard");
    match s.threshold_period.filter(|tp| tp.months().is_some()) {
        Some(tp) => format!(
            "{how} Only figures for {} are measured against it: a count or rate for a period of another length is not assessed.",
            tp.words()
        ),
        None => how,
    }
}

/// True when a `blank` reason says itself that there is no figure ("not
/// published: …", "not available: …"), so that it is not prefixed with
/// the same again ("No figure: Not published: …").
pub(super) fn says_no_figure(reason: &str) -> bool {
    no_figure_words(reason.trim_start()).is_some()
}

const NO_FIGURE_WORDS: [&str; 4] = ["not published", "no figure", "no data", "not available"];

/// The words ([`NO_FIGURE_WORDS`]) `reason` starts with, whatever their
/// capitals.
fn no_figure_words(reason: &str) -> Option<&'static str> {
    let lower = reason.to_lowercase();
    NO_FIGURE_WORDS
        .iter()
        .find(|p| lower.starts_with(*p))
        .copied()
}

/// "No figure was published for Quarter 3 2023/24 (data quality issue
/// …)": a `blank` after the figure a headline shows, with its reason, less
/// any words of its own saying there is no figure.
fn unpublished_text(m: &Missing) -> String {
    let when = period_text(&m.period);
    let reason = m.reason.as_deref().unwrap_or_default().trim();
    let why = no_figure_words(reason)
        .map_or(reason, |p| {
            reason
                .get(p.len()..)
                .unwrap_or(reason)
                .trim_start_matches([':', ';', ',', ' ', '-', '–', '—'])
        })
        .trim();
    if why.is_empty() {
        format!("No figure was published for {when}.")
    } else {
        format!("No figure was published for {when} ({why}).")
    }
}

/// A figure's status in words: its label, and for a figure not assessed
/// why ("Not assessed: the standard is for a whole year; this figure is
/// for a quarter").
fn figure_status_words(f: &FigureResult) -> String {
    match (f.status, f.version.as_ref()) {
        (Status::NotAssessed, Some(v)) => match v.standard.not_assessed_for(f.period) {
            Some(why) => format!("{}: {why}", f.status.label()),
            None => f.status.label().to_string(),
        },
        _ => f.status.label().to_string(),
    }
}

fn rule_words(c: Comparator, threshold: Decimal, unit: MeasureUnit, dp: Option<u32>) -> String {
    let t = match dp {
        Some(dp) => measure(threshold, unit, dp),
        None => format!("{}{}", group_thousands(threshold), unit.suffix()),
    };
    format!("{} {t}", c.words())
}

fn month_name(y: i32, m: u32) -> String {
    NaiveDate::from_ymd_opt(y, m, 1)
        .map_or_else(|| format!("{y}-{m:02}"), |d| d.format("%B").to_string())
}

/// `2016-12` → "December 2016"; `2017-02..2017-04` → "February to April
/// 2017"; `2016/17 Q3` → "Quarter 3 2016/17"; `2016/17` → "2016/17".
pub(crate) fn period_text(p: &Period) -> String {
    let fy = |y: i32| format!("{y}/{:02}", (y + 1).rem_euclid(100));
    match *p {
        Period::Months { from, to } if from == to => {
            format!("{} {}", month_name(from.0, from.1), from.0)
        }
        Period::Months { from, to } if from.0 == to.0 => {
            format!(
                "{} to {} {}",
                month_name(from.0, from.1),
                month_name(to.0, to.1),
                to.0
            )
        }
        Period::Months { from, to } => format!(
            "{} {} to {} {}",
            month_name(from.0, from.1),
            from.0,
            month_name(to.0, to.1),
            to.0
        ),
        Period::Quarter {
            start_year,
            quarter,
        } => format!("Quarter {quarter} {}", fy(start_year)),
        Period::FinancialYear { start_year } => fy(start_year),
        Period::CalendarYear { year } => format!("{year}"),
    }
}

/// The period inside a sentence: "quarter 3 2016/17".
fn period_phrase(p: &Period) -> String {
    let t = period_text(p);
    match t.strip_prefix("Quarter") {
        Some(rest) => format!("quarter{rest}"),
        None => t,
    }
}

fn unit_label(unit: MeasureUnit) -> &'static str {
    match unit {
        MeasureUnit::Percent => "per cent",
        MeasureUnit::Per1k => "rate per 1,000",
        MeasureUnit::Per10k => "rate per 10,000",
        MeasureUnit::Per100k => "rate per 100,000",
        MeasureUnit::Count => "number",
        MeasureUnit::Minutes => "minutes",
        MeasureUnit::Weeks => "weeks",
        MeasureUnit::Ratio => "ratio",
    }
}

/// Places to show `value` at: `dp`, or more while a value that is not zero
/// would be shown as 0 (a change of 0.2 points at no decimal places is
/// "0.2", never "0").
fn nonzero_places(value: Decimal, dp: u32) -> u32 {
    let mut dp = dp;
    while !value.is_zero() && round(value, dp).is_zero() && dp < 28 {
        dp += 1;
    }
    dp
}

/// An amount of the unit, for gaps, changes and tolerances: "11.9 per
/// 100,000", "2.1 percentage points"; an amount that is not zero is never
/// shown as 0 (see [`nonzero_places`]).
fn amount(value: Decimal, unit: MeasureUnit, dp: u32) -> String {
    amount_at(value, unit, nonzero_places(value, dp))
}

/// An amount of the unit at exactly `dp` places, as a source's stated gap
/// is checked: "0.1 percentage points", "11.9 per 100,000".
fn amount_at(value: Decimal, unit: MeasureUnit, dp: u32) -> String {
    let n = group_thousands(round(value, dp));
    match unit {
        MeasureUnit::Percent if round(value, dp) == Decimal::ONE => format!("{n} percentage point"),
        MeasureUnit::Percent => format!("{n} percentage points"),
        u => format!("{n}{}", u.suffix()),
    }
}

fn in_force_text(s: &Standard) -> String {
    match (s.effective_from, s.effective_to) {
        (None, None) => "No start or end date is recorded for this standard".into(),
        (Some(f), None) => format!("In force from {}", day(f)),
        (None, Some(t)) => format!("In force until {}", day(t)),
        (Some(f), Some(t)) => format!("In force from {} to {}", day(f), day(t)),
    }
}

fn tolerance_text(rule: &Rule, unit: MeasureUnit) -> Option<String> {
    let amt = rule.tolerance_amount()?;
    let dp = amt.normalize().scale();
    Some(match rule.tolerance? {
        Tolerance::PercentOfTarget(p) => format!(
            "within {} ({}% of {})",
            amount(amt, unit, dp),
            group_thousands(p.normalize()),
            group_thousands(rule.threshold)
        ),
        Tolerance::Amount(_) => format!("within {}", amount(amt, unit, dp)),
    })
}

/// The rule in sentences, as shown on every page that gives a status:
/// "Met when the figure is more than 92%. Not met when it is 92% or less."
fn how_text(rule: &Rule, unit: MeasureUnit, what: &str) -> String {
    let t = format!("{}{}", group_thousands(rule.threshold), unit.suffix());
    how_text_shown(rule, unit, what, &t)
}

/// [`how_text`] with the threshold as shown (a worked-out target may be
/// "about 21.08705 per 100,000").
fn how_text_shown(rule: &Rule, unit: MeasureUnit, what: &str, t: &str) -> String {
    let mut s = format!("Met when the figure is {} {t}.", rule.comparator.words());
    let otherwise = match rule.comparator {
        Comparator::AtLeast => format!("below {t}"),
        Comparator::MoreThan => format!("{t} or less"),
        Comparator::AtMost => format!("above {t}"),
        Comparator::LessThan => format!("{t} or more"),
    };
    match rule.tolerance_amount() {
        Some(amt) => {
            let dp = amt.normalize().scale();
            let tol = match rule.tolerance {
                Some(Tolerance::PercentOfTarget(p)) => format!(
                    "{} ({}% of the {what})",
                    amount(amt, unit, dp),
                    group_thousands(p.normalize())
                ),
                _ => amount(amt, unit, dp),
            };
            s.push_str(&format!(
                " Within tolerance when it is {otherwise}, but misses by no more than {tol}. Not met when it misses by more."
            ));
        }
        None => s.push_str(&format!(" Not met when it is {otherwise}.")),
    }
    s
}

/// A gap as shown (see [`gap_as_shown`]): "11.9 per 100,000 above the
/// standard", "exactly at the target".
fn gap_phrase(gap: Gap, unit: MeasureUnit, what: &str) -> String {
    if gap.value.is_zero() {
        return format!("exactly at the {what}");
    }
    let side = if gap.value > Decimal::ZERO {
        "above"
    } else {
        "below"
    };
    format!(
        "{} {side} the {what}",
        amount(gap.value.abs(), unit, gap.places)
    )
}

/// A link or plain text, for citations.
#[derive(Serialize)]
struct TextLink {
    text: String,
    href: Option<String>,
}

/// A citation in parts, each linked where it can be.
#[derive(Serialize)]
struct SourceView {
    parts: Vec<TextLink>,
    /// The periods it is the source for, when it is one of several.
    periods: Option<String>,
}

/// What the pages need to resolve citations of papers on this site.
struct Ctx<'a> {
    r: &'a Renderer<'a>,
}

impl Ctx<'_> {
    fn citation(&self, c: &Citation, from: &str) -> SourceView {
        let mut parts = Vec::new();
        if let Some(p) = &c.publisher {
            parts.push(TextLink {
                text: p.clone(),
                href: None,
            });
        }
        let paper = c.paper.as_ref().and_then(|p| self.r.paper_page(&p.value));
        let title_href = c
            .url
            .clone()
            .or_else(|| paper.as_ref().map(|(_, path)| urls::link(from, path)));
        parts.push(TextLink {
            text: c.title.clone(),
            href: title_href,
        });
        if let Some(para) = &c.paragraph {
            let href = paper.and_then(|(paper, path)| {
                let anchor = paper.targets.paragraph_anchor(para)?;
                Some(format!("{}#{anchor}", urls::link(from, &path)))
            });
            parts.push(TextLink {
                text: format!("paragraph {para}"),
                href,
            });
        }
        if let Some(d) = &c.published {
            parts.push(TextLink {
                text: format!("published {}", d.long()),
                href: None,
            });
        }
        SourceView {
            parts,
            periods: None,
        }
    }
}

fn citation_key(c: &Citation) -> String {
    format!(
        "{:?}|{}|{:?}|{:?}|{:?}|{:?}",
        c.publisher,
        c.title,
        c.url,
        c.published.map(|d| d.iso()),
        c.paper.as_ref().map(|p| &p.value),
        c.paragraph
    )
}

/// (singular, plural) for the commitments of a set.
fn nouns(set: &StandardSet) -> (&'static str, &'static str) {
    match set.kind.as_str() {
        "must-dos" => ("must-do", "must-dos"),
        "bcf-metrics" => ("Better Care Fund metric", "Better Care Fund metrics"),
        _ => ("commitment", "commitments"),
    }
}

/// A series' figure as shown, with its unit, at the places decided for it
/// once ([`crate::calc::progress::shown_places`]): the same on every page.
fn result_text(f: &FigureResult, unit: MeasureUnit) -> String {
    measure(f.value, unit, f.places)
}

/// The word a headline gives a figure the source marks as not firm:
/// "provisional" for `doubtful = "provisional: validation not complete"`,
/// the reason itself when it is a word or two ("revised"), else
/// "doubtful". In words, never by a marker or colour alone.
pub(crate) fn caveat(f: &FigureResult) -> Option<String> {
    let reason = f.doubtful.as_ref()?.reason.trim();
    let word = reason.split_once(':').map_or(reason, |(w, _)| w).trim();
    if word.is_empty() || word.split_whitespace().count() > 3 {
        return Some("doubtful".into());
    }
    // "Provisional" → "provisional", but "NHS …" keeps its capitals.
    let mut chars = word.chars();
    Some(match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            format!("{}{}", a.to_lowercase(), &word[a.len_utf8()..])
        }
        _ => word.to_string(),
    })
}

/// A series' figure where it is the headline (the latest figure, the one
/// a status comes from): as [`result_text`], with its [`caveat`] when the
/// source marks it as not firm: "85.0% (provisional)".
pub(crate) fn headline_text(f: &FigureResult, unit: MeasureUnit) -> String {
    with_words(result_text(f, unit), f, unit)
}

/// A figure as shown with, in brackets, its caveat and the figure the
/// source printed where that differs from the one shown: "92.9999%
/// (provisional; printed by the source as 93.0%)".
fn with_words(shown: String, f: &FigureResult, unit: MeasureUnit) -> String {
    let words: Vec<String> = caveat(f)
        .into_iter()
        .chain(printed_words(f, unit))
        .collect();
    if words.is_empty() {
        shown
    } else {
        format!("{shown} ({})", words.join("; "))
    }
}

/// "printed by the source as 93.0%": the rate the source printed beside
/// its parts, where the figure worked out from them is shown otherwise
/// (92.9999%, which does not meet "at least 93.0%"), so that a reader can
/// find the source's figure.
fn printed_words(f: &FigureResult, unit: MeasureUnit) -> Option<String> {
    let printed = f.printed()?;
    (round(f.value, f.places) != printed).then(|| {
        format!(
            "printed by the source as {}",
            measure(printed, unit, printed.scale())
        )
    })
}

/// Places to show a target at: as written, or — worked out from a baseline
/// — the standard's precision ("about 2,438.3", never "about 2,438.29229").
fn target_places(v: Decimal, derived: bool, s: &Standard) -> u32 {
    if derived {
        s.precision
    } else {
        s.precision.max(v.scale().min(6))
    }
}

/// A target's number at `dp` places, "about" when it does not end within them.
fn target_number(v: Decimal, dp: u32) -> String {
    let about = if round(v, dp) == v { "" } else { "about " };
    format!("{about}{}", group_thousands(round(v, dp)))
}

// ---------------------------------------------------------------- overview

#[derive(Serialize)]
struct StandardLine {
    name: String,
    rule: String,
    href: String,
    latest: Option<String>,
    period: Option<String>,
    status: StatusView,
    /// A later period than the figure's, within the set's, that the source
    /// did not publish, and why.
    unpublished: Option<String>,
    series_href: Option<String>,
}

#[derive(Serialize)]
struct CommitmentLine {
    number: String,
    title: String,
    href: String,
    status: StatusView,
    measurable: bool,
    standards: Vec<StandardLine>,
}

#[derive(Serialize)]
struct AreaView {
    area: Option<String>,
    /// "Southampton: 0 of 6 Better Care Fund metrics met, February to April 2017."
    headline: String,
    /// "1 not met; 5 no data published."
    breakdown: Option<String>,
    commitments: Vec<CommitmentLine>,
}

fn area_view(
    set: &StandardSet,
    a: &AreaSummary,
    from: &str,
    progress: &std::collections::BTreeMap<String, SeriesProgress>,
) -> AreaView {
    let (one, many) = nouns(set);
    let n = set.items.len();
    let noun = if n == 1 { one } else { many };
    let met = a.count(Status::Met);
    let headline = match (&a.area, a.periods.as_slice()) {
        (None, _) => format!("No figures have been published for any of the {n} {noun}."),
        (Some(area), []) => format!("{area}: no figures published for any of the {n} {noun} yet."),
        (Some(area), [p]) => format!("{area}: {met} of {n} {noun} met, {}.", period_phrase(p)),
        (Some(area), [first, .., last]) => format!(
            "{area}: {met} of {n} {noun} met, on the latest figures (from {} to {}).",
            period_phrase(first),
            period_phrase(last)
        ),
    };
    let breakdown = (a.area.is_some()).then(|| {
        let parts: Vec<String> = a
            .counts
            .iter()
            .map(|(s, k)| format!("{k} {}", s.label().to_lowercase()))
            .collect();
        format!("{}.", parts.join("; "))
    });
    let set_page = urls::standard_set(&set.id);
    let commitments = set
        .items
        .iter()
        .zip(&a.commitments)
        .map(|(c, cs): (&Commitment, _)| CommitmentLine {
            number: c.number.clone(),
            title: c.title.clone(),
            href: format!("{}#{}", urls::link(from, &set_page), c.id),
            status: status(cs.status),
            measurable: cs.measurable,
            standards: cs
                .standards
                .iter()
                .map(|ss| {
                    // The version the status is given against, never the
                    // first listed in the file.
                    let shown = &ss.version;
                    StandardLine {
                        name: shown.name.clone(),
                        rule: rule_text(shown),
                        href: format!("{}#standard-{}", urls::link(from, &set_page), shown.id),
                        latest: ss.figure.as_ref().map(|f| headline_text(f, shown.unit)),
                        period: ss.figure.as_ref().map(|f| period_text(&f.period)),
                        status: figure_status(ss.status, ss.figure.as_ref()),
                        unpublished: ss.figure.as_ref().and_then(|f| {
                            let p = progress.get(ss.series.as_ref()?)?;
                            p.unpublished_after(f, set.period).map(unpublished_text)
                        }),
                        series_href: ss
                            .series
                            .as_ref()
                            .map(|id| urls::link(from, &urls::progress(id))),
                    }
                })
                .collect(),
        })
        .collect();
    AreaView {
        area: a.area.clone(),
        headline,
        breakdown,
        commitments,
    }
}

#[derive(Serialize)]
struct OverviewSet {
    title: String,
    href: String,
    description: Option<String>,
    period: Option<String>,
    areas: Vec<AreaView>,
}

/// A series of a metric with no target, listed on the overview.
#[derive(Serialize)]
struct MeasureLine {
    name: String,
    area: String,
    href: String,
    latest: Option<String>,
    period: Option<String>,
    status: StatusView,
}

#[derive(Serialize)]
struct OverviewView {
    sets: Vec<OverviewSet>,
    /// Measures with no target (series with a `metric`).
    measures: Vec<MeasureLine>,
    /// Monthly tables, as reports print them.
    tables: Vec<TableLine>,
}

/// A monthly table on the overview: its title, year and link.
#[derive(Serialize)]
struct TableLine {
    title: String,
    year: String,
    href: String,
}

// ---------------------------------------------------------------- set page

#[derive(Serialize)]
struct VersionLine {
    rule: String,
    in_force: String,
    set: Option<Link>,
}

#[derive(Serialize)]
struct SeriesLine {
    area: String,
    href: String,
    latest: Option<String>,
    period: Option<String>,
    status: StatusView,
    unpublished: Option<String>,
}

#[derive(Serialize)]
struct StandardBlock {
    id: String,
    name: String,
    rule: String,
    description: Option<String>,
    in_force: String,
    how: String,
    note: Option<String>,
    source: Option<SourceView>,
    replaced: Option<ReplacedView>,
    /// Every version of the standard, when there is more than one.
    versions: Vec<VersionLine>,
    series: Vec<SeriesLine>,
}

#[derive(Serialize)]
struct ReplacedView {
    text: String,
    link: Option<Link>,
}

#[derive(Serialize)]
struct AreaStatus {
    area: String,
    status: StatusView,
}

#[derive(Serialize)]
struct ItemView {
    number: String,
    id: String,
    title: String,
    text: Option<String>,
    statuses: Vec<AreaStatus>,
    standards: Vec<StandardBlock>,
}

#[derive(Serialize)]
struct SetView {
    title: String,
    description: Option<String>,
    period: Option<String>,
    source: SourceView,
    areas: Vec<AreaView>,
    items: Vec<ItemView>,
    registry: TableView,
}

fn replaced_view(ctx: &Ctx<'_>, s: &Standard, from: &str) -> Option<ReplacedView> {
    let next = s.replaced_by.as_ref()?;
    let versions = ctx.r.site.standard_versions(&next.value);
    let link = versions.first().map(|(set, _, n)| Link {
        text: n.name.clone(),
        href: format!(
            "{}#standard-{}",
            urls::link(from, &urls::standard_set(&set.id)),
            n.id
        ),
    });
    let text = match s.effective_to {
        Some(t) => format!("This standard applied until {}. It was replaced by", day(t)),
        None => "This standard was replaced by".into(),
    };
    Some(ReplacedView { text, link })
}

fn version_lines(ctx: &Ctx<'_>, id: &str, from: &str) -> Vec<VersionLine> {
    let versions = ctx.r.site.standard_versions(id);
    if versions.len() < 2 {
        return Vec::new();
    }
    versions
        .iter()
        .map(|(set, _, v)| VersionLine {
            rule: rule_text(v),
            in_force: in_force_text(v),
            set: Some(Link {
                text: set.title.clone(),
                href: urls::link(from, &urls::standard_set(&set.id)),
            }),
        })
        .collect()
}

fn set_registry(
    ctx: &Ctx<'_>,
    set: &StandardSet,
    path: &str,
) -> (TableView, Vec<OutputFile>, DatasetEntry) {
    let head = HeadCell::new;
    let standards: Vec<(&Commitment, &Standard)> = set
        .items
        .iter()
        .flat_map(|c| c.standards.iter().map(move |s| (c, s)))
        .collect();
    let display = TableView {
        id: "registry".into(),
        caption: format!(
            "Standards in {}: rule, dates in force and tolerance",
            set.title
        ),
        label: "Standards in this set".into(),
        head: vec![
            head("Standard", false),
            head("Rule", false),
            head("In force", false),
            head("Tolerance", false),
        ],
        rows: standards
            .iter()
            .map(|(_, s)| RowView {
                header: s.name.clone(),
                cells: vec![
                    CellView::text(rule_text(s)),
                    CellView::text(in_force_text(s)),
                    CellView::text(
                        tolerance_text(&Rule::of(s), s.unit).unwrap_or_else(|| "None".into()),
                    ),
                ],
            })
            .collect(),
        foot: Vec::new(),
        notes: Vec::new(),
        downloads: None,
    };
    let text = |s: String| CellView::text(s);
    let opt = |s: Option<String>| CellView::text(s.unwrap_or_default());
    let data = TableView {
        id: "registry-data".into(),
        caption: format!("Standards registry: {}", set.title),
        label: "Standards registry".into(),
        head: vec![
            head("id", false),
            head("name", false),
            head("commitment", false),
            head("comparator", false),
            head("threshold", true),
            head("unit", false),
            head("precision", true),
            head("polarity", false),
            head("effective_from", false),
            head("effective_to", false),
            head("tolerance_percent", true),
            head("tolerance_amount", true),
            head("replaced_by", false),
            head("description", false),
            head("source", false),
            head("threshold_period", false),
            head("can_exceed_100", false),
        ],
        rows: standards
            .iter()
            .map(|(c, s)| {
                let unit = name_in(&MeasureUnit::NAMES, MeasureUnit::parse, s.unit);
                let (tp, ta) = match s.tolerance {
                    Some(Tolerance::PercentOfTarget(p)) => (p.to_string(), String::new()),
                    Some(Tolerance::Amount(a)) => (String::new(), a.to_string()),
                    None => (String::new(), String::new()),
                };
                let source = s.source.as_ref().unwrap_or(&set.source);
                RowView {
                    header: s.id.clone(),
                    cells: vec![
                        text(s.name.clone()),
                        text(c.id.clone()),
                        text(name_in(&Comparator::NAMES, Comparator::parse, s.comparator).into()),
                        CellView::number(String::new(), s.threshold.to_string()),
                        text(unit.to_string()),
                        CellView::number(String::new(), s.precision.to_string()),
                        text(
                            match s.polarity {
                                Polarity::HigherIsBetter => "higher-is-better",
                                Polarity::LowerIsBetter => "lower-is-better",
                            }
                            .into(),
                        ),
                        opt(s.effective_from.map(|d| d.to_string())),
                        opt(s.effective_to.map(|d| d.to_string())),
                        CellView::number(String::new(), tp),
                        CellView::number(String::new(), ta),
                        opt(s.replaced_by.as_ref().map(|r| r.value.clone())),
                        opt(s.description.clone()),
                        text(
                            ctx.citation(source, path)
                                .parts
                                .iter()
                                .map(|p| p.text.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                        // The span of time a count or rate's threshold is
                        // for (blank for a percentage or other unit).
                        opt(s.threshold_period.map(|p| {
                            name_in(&ThresholdPeriod::NAMES, ThresholdPeriod::parse, p).into()
                        })),
                        text(s.can_exceed_100.to_string()),
                    ],
                }
            })
            .collect(),
        foot: Vec::new(),
        notes: Vec::new(),
        downloads: None,
    };
    publish(ctx, display, data, path, "standards")
}

/// The name a standard's file gives `value` (one of `names`, read by
/// `parse`), for the registry's open data: the file's own word back.
fn name_in<T: PartialEq>(
    names: &[&'static str],
    parse: fn(&str) -> Option<T>,
    value: T,
) -> &'static str {
    let value = Some(value);
    names
        .iter()
        .find(|n| parse(n) == value)
        .copied()
        .unwrap_or_default()
}

/// Publishes `data` (the open-data form of the table the page shows as
/// `display`) as `<page folder><name>.csv` and `.json`, and gives `display`
/// its download links.
fn publish(
    ctx: &Ctx<'_>,
    mut display: TableView,
    mut data: TableView,
    path: &str,
    name: &str,
) -> (TableView, Vec<OutputFile>, DatasetEntry) {
    let data_path = format!("{}{name}", urls::pretty(path));
    let (files, entry) =
        open_data::attach(&ctx.r.config.open_data, &mut data, &data_path, path, path);
    display.downloads = data.downloads;
    (display, files, entry)
}

fn set_page(
    ctx: &Ctx<'_>,
    set: &StandardSet,
    catalogue: &mut Vec<DatasetEntry>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let r = ctx.r;
    let path = urls::standard_set(&set.id);
    let summaries = r.calc.sets.get(&set.id).map_or(&[][..], Vec::as_slice);
    let areas: Vec<AreaView> = summaries
        .iter()
        .map(|a| area_view(set, a, &path, &r.calc.progress))
        .collect();
    let items = set
        .items
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let statuses = summaries
                .iter()
                .filter_map(|a| {
                    Some(AreaStatus {
                        area: a.area.clone()?,
                        status: status(a.commitments.get(i)?.status),
                    })
                })
                .collect();
            let mut seen = Vec::new();
            let standards = c
                .standards
                .iter()
                .filter(|s| {
                    let first = !seen.contains(&s.id);
                    seen.push(s.id.clone());
                    first
                })
                .map(|first| {
                    let listed = listed_versions(c, &first.id);
                    let of_area = |area: &str| {
                        summaries
                            .iter()
                            .find(|a| a.area.as_deref() == Some(area))
                            .and_then(|a| a.commitments.get(i))
                            .and_then(|cs| cs.standards.iter().find(|x| x.standard == first.id))
                    };
                    let series = r
                        .site
                        .progress
                        .iter()
                        .filter(|p| {
                            p.standard.as_ref().is_some_and(|st| st.value == first.id)
                                && belongs(p, set)
                        })
                        .filter_map(|p| {
                            let prog = r.calc.progress.get(&p.id)?;
                            let summary = of_area(&p.area);
                            let f = match summary {
                                Some(x) => x.figure.as_ref(),
                                None => prog.latest_for(set.period, &listed),
                            };
                            let v = f
                                .and_then(|f| f.version.as_ref())
                                .map_or(first, |v| &v.standard);
                            Some(SeriesLine {
                                area: p.area.clone(),
                                href: urls::link(&path, &urls::progress(&p.id)),
                                latest: f.map(|f| headline_text(f, v.unit)),
                                period: f.map(|f| period_text(&f.period)),
                                unpublished: f.and_then(|f| {
                                    prog.unpublished_after(f, set.period).map(unpublished_text)
                                }),
                                status: figure_status(summary.map_or(prog.status, |x| x.status), f),
                            })
                        })
                        .collect();
                    // The version shown: the one the latest figure on the
                    // page is measured against, else the one in force at
                    // the end of the set's period (or on the build date),
                    // never the first listed in the file.
                    let s = summaries
                        .iter()
                        .filter_map(|a| a.commitments.get(i))
                        .filter_map(|cs| cs.standards.iter().find(|x| x.standard == first.id))
                        .max_by_key(|x| x.figure.as_ref().map(|f| f.period.end_date()))
                        .map(|x| &x.version)
                        .or_else(|| {
                            version_on(
                                &listed,
                                set.period.map(|p| p.end_date()).or(r.config.build_date),
                            )
                        })
                        .unwrap_or(first);
                    StandardBlock {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        rule: rule_text(s),
                        description: s.description.clone(),
                        in_force: in_force_text(s),
                        how: standard_how(s),
                        note: s.note.clone(),
                        source: s.source.as_ref().map(|c| ctx.citation(c, &path)),
                        replaced: replaced_view(ctx, s, &path),
                        versions: version_lines(ctx, &s.id, &path),
                        series,
                    }
                })
                .collect();
            ItemView {
                number: c.number.clone(),
                id: c.id.clone(),
                title: c.title.clone(),
                text: c.text.clone(),
                statuses,
                standards,
            }
        })
        .collect();
    let (registry, mut files, entry) = set_registry(ctx, set, &path);
    catalogue.push(entry);
    let view = SetView {
        title: set.title.clone(),
        description: set.description.clone(),
        period: set.period.as_ref().map(period_text),
        source: ctx.citation(&set.source, &path),
        areas,
        items,
        registry,
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
    files.extend(r.page(
        PageSpec::new("standard-set.html", &path, set.title.clone(), "standards").crumbs(crumbs),
        &view,
        diags,
    ));
    files
}

/// Every standards and progress page.
pub(crate) fn all(
    r: &Renderer<'_>,
    catalogue: &mut Vec<DatasetEntry>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let ctx = Ctx { r };
    let mut files = Vec::new();
    let index = "standards/index.html";
    let sets = r
        .site
        .standard_sets
        .iter()
        .map(|set| OverviewSet {
            title: set.title.clone(),
            href: urls::link(index, &urls::standard_set(&set.id)),
            description: set.description.clone(),
            period: set.period.as_ref().map(period_text),
            areas: r
                .calc
                .sets
                .get(&set.id)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|a| area_view(set, a, index, &r.calc.progress))
                .collect(),
        })
        .collect();
    let crumbs = vec![Link {
        text: "Home".into(),
        href: urls::link(index, "index.html"),
    }];
    let measures = r
        .site
        .progress
        .iter()
        .filter(|series| series.metric.is_some())
        .filter_map(|series| {
            let p = r.calc.progress.get(&series.id)?;
            let m = &p.measure;
            let latest = p.latest();
            Some(MeasureLine {
                name: m.name.clone(),
                area: series.area.clone(),
                href: urls::link(index, &urls::progress(&series.id)),
                latest: latest.map(|f| headline_text(f, m.unit)),
                period: latest.map(|f| period_text(&f.period)),
                status: status(p.status),
            })
        })
        .collect();
    files.extend(
        r.page(
            PageSpec::new("standards.html", index, "How are we doing?", "standards").crumbs(crumbs),
            &OverviewView {
                sets,
                measures,
                tables: r
                    .site
                    .tables
                    .iter()
                    .map(|t| TableLine {
                        title: t.title.clone(),
                        year: period_text(&t.year),
                        href: urls::link(index, &urls::table(&t.id)),
                    })
                    .collect(),
            },
            diags,
        ),
    );
    for set in &r.site.standard_sets {
        files.extend(set_page(&ctx, set, catalogue, diags));
    }
    for series in &r.site.progress {
        if let Some(p) = r.calc.progress.get(&series.id) {
            files.extend(progress_page::progress_page(
                &ctx, series, p, catalogue, diags,
            ));
        }
    }
    for table in &r.site.tables {
        if let Some(t) = r.calc.tables.get(&table.id) {
            files.extend(table_page::table_page(&ctx, table, t, catalogue, diags));
        }
    }
    files
}

//! Progress against standards: derived figures, the standard in force for
//! each period, status by rule, tolerance, targets (absolute or on a
//! baseline), direction of travel, staleness, and the counts per standards
//! set ("3 of 9 must-dos met").
//!
//! Everything is exact `rust_decimal` arithmetic: 92.9 against "at least
//! 93" is not met, and 94.96 against "at least 95" is not met either.
//! Rounding happens only when a figure is displayed; the places each
//! figure is shown at are decided here once ([`shown_places`], by the rule
//! in [`crate::shown`]), so that every page and message shows it alike.
//! The build date is passed in; nothing here reads the clock.

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{
    AgainstTarget, Change, Citation, Commitment, Comparator, Doubtful, FigureValue, Located,
    MeasureUnit, Metric, OverUnder, PartialDate, Period, Polarity, ProgressSeries, Site, Standard,
    StandardSet, StatedGap, TargetValue, Tolerance,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// The status of a figure against a rule, always shown in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Met,
    WithinTolerance,
    NotMet,
    NoData,
    NotYetDue,
    /// The figure's period is outside every version of the standard.
    NoStandard,
    /// A metric: the source sets no target, so nothing is met or not met.
    NoTarget,
    /// A count or rate for a period of another length than the standard's
    /// threshold is for (a quarter against a year's): not judged.
    NotAssessed,
}

impl Status {
    /// Every status, in the order counts are given.
    pub const ALL: [Status; 8] = [
        Status::Met,
        Status::WithinTolerance,
        Status::NotMet,
        Status::NoData,
        Status::NotYetDue,
        Status::NoStandard,
        Status::NoTarget,
        Status::NotAssessed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "Met",
            Status::WithinTolerance => "Within tolerance",
            Status::NotMet => "Not met",
            Status::NoData => "No data published",
            Status::NotYetDue => "Not yet due",
            Status::NoStandard => "No standard in force",
            Status::NoTarget => "No target set",
            Status::NotAssessed => "Not assessed",
        }
    }

    /// CSS class suffix; the label carries the meaning, the colour only repeats it.
    pub fn slug(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::WithinTolerance => "within-tolerance",
            Status::NotMet => "not-met",
            Status::NoData => "no-data",
            Status::NotYetDue => "not-yet-due",
            Status::NoStandard => "no-standard",
            Status::NoTarget => "no-target",
            Status::NotAssessed => "not-assessed",
        }
    }

    /// True for statuses that come from comparing a figure with a rule.
    pub fn is_assessed(self) -> bool {
        matches!(self, Status::Met | Status::WithinTolerance | Status::NotMet)
    }
}

/// Whether `value` meets `threshold` under `comparator`, exactly.
pub fn meets(value: Decimal, comparator: Comparator, threshold: Decimal) -> bool {
    match comparator {
        Comparator::AtLeast => value >= threshold,
        Comparator::AtMost => value <= threshold,
        Comparator::MoreThan => value > threshold,
        Comparator::LessThan => value < threshold,
    }
}

/// A rule a figure is measured against: a standard's or a target's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub comparator: Comparator,
    pub threshold: Decimal,
    pub tolerance: Option<Tolerance>,
}

impl Rule {
    pub fn of(standard: &Standard) -> Rule {
        Rule {
            comparator: standard.comparator,
            threshold: standard.threshold,
            tolerance: standard.tolerance,
        }
    }

    /// How far short of the threshold a figure may be and still be within
    /// tolerance, in the standard's unit: 10% of a threshold of 9.4 is 0.94.
    pub fn tolerance_amount(&self) -> Option<Decimal> {
        match self.tolerance? {
            Tolerance::Amount(a) => Some(a),
            Tolerance::PercentOfTarget(p) => self
                .threshold
                .abs()
                .checked_mul(p)?
                .checked_div(Decimal::ONE_HUNDRED),
        }
    }

    /// The figure that misses the rule by exactly its tolerance, and so is
    /// still within it: 76.5 for "at least 85%" with a tolerance of 8.5
    /// points, 10.34 for "at most 9.4" with a tolerance of 10%. [`assess`]
    /// measures a figure against this edge, and the pages show figures so
    /// that none is rounded across it, so both speak of one edge.
    /// `None` without a tolerance, or when the edge is beyond any decimal.
    ///
    /// [`assess`]: Rule::assess
    pub fn tolerance_edge(&self) -> Option<Decimal> {
        let t = self.tolerance_amount()?;
        match self.comparator {
            Comparator::AtLeast | Comparator::MoreThan => self.threshold.checked_sub(t),
            Comparator::AtMost | Comparator::LessThan => self.threshold.checked_add(t),
        }
    }

    /// Met, within tolerance (missed, but no further out than the
    /// [`tolerance_edge`](Rule::tolerance_edge), inclusive), or not met.
    pub fn assess(&self, value: Decimal) -> Status {
        if meets(value, self.comparator, self.threshold) {
            return Status::Met;
        }
        let within = match (self.tolerance_amount(), self.tolerance_edge()) {
            (Some(_), Some(edge)) => match self.comparator {
                Comparator::AtLeast | Comparator::MoreThan => value >= edge,
                Comparator::AtMost | Comparator::LessThan => value <= edge,
            },
            // An edge beyond any decimal: every figure is within it.
            (Some(_), None) => true,
            (None, _) => false,
        };
        if within {
            Status::WithinTolerance
        } else {
            Status::NotMet
        }
    }
}

/// The exact value of a figure: given, a percentage, or a rate per the
/// base of `unit` (1,000, 10,000 or 100,000; a count and population are
/// only ever given for a rate, which [`fits`] checks first).
pub fn derive(value: &FigureValue, unit: MeasureUnit) -> Option<Decimal> {
    match value {
        FigureValue::Direct(v) => Some(*v),
        FigureValue::Ratio {
            numerator,
            denominator,
            ..
        } => numerator
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(*denominator),
        FigureValue::Rate {
            count, population, ..
        } => count
            .checked_mul(Decimal::from(unit.rate_base()?))?
            .checked_div(*population),
    }
}

/// A target worked out from a baseline, exactly: a 1% reduction on 12,345
/// is 12,221.55.
pub fn apply_change(baseline: Decimal, change: Change) -> Option<Decimal> {
    let hundred = Decimal::ONE_HUNDRED;
    match change {
        Change::ReducePercent(p) => baseline.checked_mul(hundred - p)?.checked_div(hundred),
        Change::IncreasePercent(p) => baseline.checked_mul(hundred + p)?.checked_div(hundred),
        Change::Reduce(a) => baseline.checked_sub(a),
        Change::Increase(a) => baseline.checked_add(a),
    }
}

/// Which way a figure moved, judged by the measure's polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Improving,
    Worsening,
    NoChange,
}

impl Direction {
    pub fn of(previous: Decimal, current: Decimal, polarity: Polarity) -> Direction {
        match (current.cmp(&previous), polarity) {
            (std::cmp::Ordering::Equal, _) => Direction::NoChange,
            (std::cmp::Ordering::Greater, Polarity::HigherIsBetter)
            | (std::cmp::Ordering::Less, Polarity::LowerIsBetter) => Direction::Improving,
            _ => Direction::Worsening,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::Improving => "Improving",
            Direction::Worsening => "Worsening",
            Direction::NoChange => "No change",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Direction::Improving => "improving",
            Direction::Worsening => "worsening",
            Direction::NoChange => "no-change",
        }
    }
}

/// The latest figure compared with an earlier period's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The period compared with.
    pub period: Period,
    /// latest − that period's figure, when one was published (exact; the
    /// page words the change from the figures as it shows them).
    pub change: Option<Decimal>,
    /// Improving or worsening; none when there is no previous figure or
    /// the measure has no polarity (a metric that does not say which way
    /// is better).
    pub direction: Option<Direction>,
}

/// The version of a standard a figure is measured against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The set that holds this version.
    pub set: String,
    pub standard: Standard,
}

/// One figure of a series with its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureResult {
    pub period: Period,
    /// The exact value (derived for numerator/denominator and count/population).
    pub value: Decimal,
    /// The figure as written.
    pub given: FigureValue,
    /// The decimal places the figure is shown at, wherever it is shown: on
    /// its series' page, the standards overview, its set's page and in
    /// messages to the clerk (see [`shown_places`]).
    pub places: u32,
    /// The version of the standard in force at the end of the period.
    pub version: Option<Version>,
    pub status: Status,
    /// value − threshold (negative when below).
    pub gap: Option<Decimal>,
    pub source: Citation,
    pub note: Option<String>,
    pub period_inferred: Option<String>,
    /// The status in the source's own words, shown beside the computed one.
    pub stated_status: Option<String>,
    /// The source's statement against its target, and the check of it.
    pub against: Option<AgainstResult>,
    /// The source marks the figure as provisional, revised or doubtful.
    pub doubtful: Option<Doubtful>,
}

/// The source's "4.3% over target", with the target it was checked
/// against and the gap worked out from the figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgainstResult {
    pub text: String,
    pub gap: StatedGap,
    pub direction: OverUnder,
    /// The target it was checked against: the standard's threshold or a
    /// named local target ("standard" or the target's name), when known.
    pub target: Option<(String, Decimal)>,
    /// The gap worked out from the exact figure, in the stated terms (per
    /// cent of the target, or an amount), signed: positive is over. `None`
    /// when no target is known.
    pub computed: Option<Decimal>,
    /// The gap the source's words were checked to agree with, in the same
    /// terms: `computed`, or — where the source worked from the figure
    /// rounded as the pages show it — the gap from the figure as shown
    /// (94.25% shown as 94.3% is 0.7 under 95%). What the page says the
    /// check found. `None` when no target is known.
    pub checked: Option<Decimal>,
}

impl FigureResult {
    pub fn direct(&self) -> bool {
        matches!(self.given, FigureValue::Direct(_))
    }

    /// The rate as the source printed it beside its parts, if it did.
    pub fn printed(&self) -> Option<Decimal> {
        match self.given {
            FigureValue::Ratio { printed, .. } | FigureValue::Rate { printed, .. } => printed,
            FigureValue::Direct(_) => None,
        }
    }
}

/// A local target and whether its figure meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetResult {
    pub name: String,
    /// The target figure; `None` when its baseline was not published.
    pub value: Option<Decimal>,
    /// The baseline and change it was worked out from, when it was.
    pub baseline: Option<(Period, Option<Decimal>, Change)>,
    pub comparator: Comparator,
    pub tolerance: Option<Tolerance>,
    /// The period the target is for, if it names one.
    pub period: Option<Period>,
    /// The figure it was compared with: its period and value.
    pub compared: Option<(Period, Decimal)>,
    pub status: Status,
    /// compared value − target.
    pub gap: Option<Decimal>,
    pub source: Option<Citation>,
    pub note: Option<String>,
}

impl TargetResult {
    pub fn rule(&self) -> Option<Rule> {
        Some(Rule {
            comparator: self.comparator,
            threshold: self.value?,
            tolerance: self.tolerance,
        })
    }
}

/// A period with no figure: inside a run of figures of one length (a
/// month missing from a monthly series), or marked blank by the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub period: Period,
    /// Why, when the file says (`blank = "suppressed"`); `None` for a hole
    /// the file leaves silently.
    pub reason: Option<String>,
    pub source: Option<Citation>,
    pub note: Option<String>,
    pub period_inferred: Option<String>,
}

/// The periods missing from runs of periods of one length: a series of
/// months April, May, July lacks June; quarters Q1, Q3 lack Q2; years
/// 2014/15, 2016/17 lack 2015/16. Periods of one length are a run only when
/// they are in step (financial and calendar years are two runs), and a
/// period of another length does not fill a hole (a quarter's figure is not
/// its months' figures).
pub fn holes(periods: &[Period]) -> Vec<Period> {
    let index = |(y, m): (i32, u32)| i64::from(y) * 12 + i64::from(m) - 1;
    let mut runs: BTreeMap<(u32, i64), Vec<Period>> = BTreeMap::new();
    for p in periods {
        let len = p.months();
        runs.entry((len, index(p.first_month()).rem_euclid(i64::from(len))))
            .or_default()
            .push(*p);
    }
    let mut out = Vec::new();
    for ((len, _), mut run) in runs {
        run.sort();
        for pair in run.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let mut next = a.shifted(i64::from(len));
            while next < b && !next.same_span(b) {
                out.push(next);
                next = next.shifted(i64::from(len));
            }
        }
    }
    out.sort();
    out
}

/// A series measured against its standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesProgress {
    /// The standard's id; `None` for a metric.
    pub standard: Option<String>,
    /// The version shown at the head of the page: the one in force for the
    /// latest figure; with no figures, the one in force on the build date,
    /// else the latest version. `None` for a metric.
    pub current: Option<Version>,
    /// What the figures measure, in what unit, to what precision: the
    /// current version's, or the metric's.
    pub measure: Metric,
    /// Oldest first.
    pub history: Vec<FigureResult>,
    /// Periods with no figure (holes in a run, and blanks), oldest first.
    pub missing: Vec<Missing>,
    pub targets: Vec<TargetResult>,
    /// The status of the latest figure, or no data / not yet due.
    pub status: Status,
    pub vs_previous: Option<Comparison>,
    pub vs_last_year: Option<Comparison>,
    /// The next update was due before the build date.
    pub stale: bool,
    pub next_update: Option<NaiveDate>,
    pub last_updated: Option<PartialDate>,
}

impl SeriesProgress {
    pub fn latest(&self) -> Option<&FigureResult> {
        self.history.last()
    }

    /// The latest period after figure `shown` (within `within`, where
    /// given) for which the source says it published no figure (a
    /// `blank`): a headline on `shown` says so beside it, so that "Met" on
    /// quarter 2 never hides that quarter 3 was not published.
    pub fn unpublished_after(
        &self,
        shown: &FigureResult,
        within: Option<Period>,
    ) -> Option<&Missing> {
        self.missing.iter().rev().find(|m| {
            m.reason.is_some()
                && m.period.end_date() > shown.period.end_date()
                && within.is_none_or(|w| m.period.within(w))
        })
    }

    /// The figure for `period` that is measured against one of `versions`
    /// of the standard (a set that lists an old version shows the figures
    /// of that version's time; a set that lists two, the latest figure
    /// against either, whatever their order in the file): the figure for
    /// the whole period when there is one, else the latest within it (all
    /// figures when `None`). A year's figure is the year's, never the
    /// figure of its last quarter or month, which ends on the same day and
    /// sorts after it.
    pub fn latest_for(
        &self,
        period: Option<Period>,
        versions: &[&Standard],
    ) -> Option<&FigureResult> {
        let in_force = || {
            self.history.iter().rev().filter(|f| {
                let end = f.period.end_date();
                versions.iter().any(|v| v.in_force_on(end))
            })
        };
        period
            .and_then(|p| in_force().find(|f| f.period.same_span(p)))
            .or_else(|| in_force().find(|f| period.is_none_or(|p| f.period.within(p))))
    }
}

fn unknown_standard(site: &Site, standard: &Located<String>) -> Diagnostic {
    let mut ids: Vec<&str> = site.standards().map(|(_, _, s)| s.id.as_str()).collect();
    ids.dedup();
    let mut d = Diagnostic::error(format!("unknown standard \"{}\"", standard.value))
        .at(standard.location.clone());
    d = match did_you_mean(&standard.value, ids.iter().copied()) {
        Some(s) => d.hint(format!("did you mean \"{s}\"?")),
        None if ids.is_empty() => {
            d.hint("there are no standards yet: add them in content/standards/<set>.toml")
        }
        None => d.hint("`standard` is the id of a standard in content/standards/"),
    };
    d
}

/// Why `value` cannot be a figure of `what`, measured in `unit`: every unit
/// the format has measures something that is never below zero (a share, a
/// rate, a count, a time, a ratio), and a percentage is a share of at most
/// 100 unless its measure `can_exceed_100`. The error's message (with the
/// figure as written, `105.0`, where it was written) and hint.
pub(crate) fn impossible(
    value: Decimal,
    given: &FigureValue,
    unit: MeasureUnit,
    can_exceed_100: bool,
    what: &str,
) -> Option<(String, &'static str)> {
    let shown = match given {
        FigureValue::Direct(written) => *written,
        _ => value.normalize(),
    };
    let range = match unit {
        MeasureUnit::Percent if can_exceed_100 => "in per cent, never below zero",
        MeasureUnit::Percent => "in per cent, from 0 to 100",
        MeasureUnit::Count => "as a count of people or events, never below zero",
        MeasureUnit::Per1k => "as a rate per 1,000, never below zero",
        MeasureUnit::Per10k => "as a rate per 10,000, never below zero",
        MeasureUnit::Per100k => "as a rate per 100,000, never below zero",
        MeasureUnit::Minutes => "in minutes, never below zero",
        MeasureUnit::Weeks => "in weeks, never below zero",
        MeasureUnit::Ratio => "as a ratio, never below zero",
    };
    if value < Decimal::ZERO {
        Some((
            format!("{shown} is below zero: {what} is measured {range}"),
            "check the figure and its sign against the source: a fall or a change is not a figure of this measure",
        ))
    } else if unit == MeasureUnit::Percent && !can_exceed_100 && value > Decimal::ONE_HUNDRED {
        Some((
            format!("{shown} is over 100: {what} is measured {range}"),
            "check the figure against the source (a misplaced point, or another measure's figure); where this measure can pass 100% (activity against a plan or baseline, occupancy with escalation beds), write can_exceed_100 = true beside the standard's or metric's unit = \"%\"",
        ))
    } else {
        None
    }
}

/// A unit in a message: "measured in per cent".
fn unit_words(unit: MeasureUnit) -> &'static str {
    match unit {
        MeasureUnit::Percent => "per cent",
        MeasureUnit::Per1k => "a rate per 1,000",
        MeasureUnit::Per10k => "a rate per 10,000",
        MeasureUnit::Per100k => "a rate per 100,000",
        MeasureUnit::Count => "a count",
        MeasureUnit::Minutes => "minutes",
        MeasureUnit::Weeks => "weeks",
        MeasureUnit::Ratio => "a ratio",
    }
}

/// Whether a figure written this way can measure a standard in this unit.
fn fits(value: &FigureValue, unit: MeasureUnit) -> Result<(), &'static str> {
    match (value, unit) {
        (FigureValue::Ratio { .. }, u) if u != MeasureUnit::Percent => {
            Err("a numerator and denominator give a percentage")
        }
        (FigureValue::Rate { .. }, u) if u.rate_base().is_none() => {
            Err("a count and population give a rate (per 1,000, 10,000 or 100,000)")
        }
        _ => Ok(()),
    }
}

fn comparison(
    history: &[FigureResult],
    latest: &FigureResult,
    period: Period,
    polarity: Option<Polarity>,
) -> Comparison {
    let found = history.iter().find(|f| f.period.same_span(period));
    let change = found.map(|f| latest.value - f.value);
    Comparison {
        period,
        change,
        direction: found.and_then(|f| Some(Direction::of(f.value, latest.value, polarity?))),
    }
}

/// `value` rounded half away from zero to `places`, for checking a figure a
/// source printed against the exact one.
fn to_places(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// The places a figure is shown at before any threshold is looked at: the
/// `precision` of its standard (or metric), or more if it was written with
/// more, or printed with more beside its numerator and denominator.
fn written_places(f: &FigureResult, precision: u32) -> u32 {
    match f.printed() {
        Some(p) => precision.max(p.scale()),
        None if f.direct() => precision.max(f.value.scale()),
        None => precision,
    }
}

/// A figure in a message to the clerk, as every page shows it (at the
/// places [`shown_places`] decided for it: "91.67%", never
/// "91.666666666666666666666666667%" nor a "92%" the page does not show),
/// and exactly as well only where that matters to the status against
/// `threshold`: when, at the places it was written with (see
/// [`written_places`]), it would look equal to the threshold or on its
/// other side, and the places shown do not give it exactly
/// ("50.02% (50.015001500150015001500150015 exactly)").
fn figure_for_clerk(
    f: &FigureResult,
    unit: MeasureUnit,
    precision: u32,
    threshold: Decimal,
) -> String {
    use crate::shown::{figure_places, measure, round};
    let shown = measure(f.value, unit, f.places);
    let written = written_places(f, precision);
    if figure_places(f.value, written, false, &[threshold]) > written
        && round(f.value, f.places) != f.value
    {
        format!("{shown} ({} exactly)", f.value.normalize())
    } else {
        shown
    }
}

/// Whether a source's words agree with a computed status: `Some(true)` for
/// words that say met ("On track", "Achieved"), `Some(false)` for words
/// that say not met ("Not achieved", "Off track"), `None` for anything
/// else ("At risk", "Amber"), which is shown but not compared.
pub fn stated_meaning(words: &str) -> Option<bool> {
    let w: String = words
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
    const NOT_MET: [&str; 8] = [
        "missed",
        "failed",
        "behind",
        "behind target",
        "below target",
        "red",
        "unachieved",
        "off target",
    ];
    const MET: [&str; 10] = [
        "met",
        "achieved",
        "on track",
        "on target",
        "ahead of target",
        "exceeded",
        "achieving",
        "meeting target",
        "target met",
        "green",
    ];
    if w.starts_with("not ") || w.starts_with("off ") || NOT_MET.contains(&w.as_str()) {
        Some(false)
    } else if MET.contains(&w.as_str()) {
        Some(true)
    } else {
        None
    }
}

/// Checks a source's "4.3% over target" against the figure and the target:
/// the gap worked out (in per cent of the target, or as an amount), rounded
/// to the places the source printed, must be what it says, on the side it
/// says. The gap may be worked out from the exact figure, or from the
/// figure as the pages show it (`shown`, at its places): a source that
/// prints 94.3% and "0.7 below 95%" is right, as the page itself shows
/// 94.3% and 0.7 points below, although the exact 94.25% is 0.75 below.
/// Returns the exact gap worked out and the gap the words were found to
/// agree with (the exact one where both do), signed (positive is over).
/// `shown_against` is "the figure against the target" for the message, the
/// figure as the page shows it: "50.1% against 50%".
fn check_against(
    a: &AgainstTarget,
    value: Decimal,
    shown: Decimal,
    shown_against: &str,
    target: Decimal,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<(Decimal, Decimal)> {
    // The gap from `figure`, in the stated terms.
    let in_terms = |figure: Decimal| -> Option<Decimal> {
        let gap = figure - target;
        match a.gap {
            StatedGap::Percent(_) => gap
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|g| g.checked_div(target)),
            StatedGap::Amount(_) => Some(gap),
        }
    };
    let stated = match a.gap {
        StatedGap::Percent(p) => p,
        StatedGap::Amount(x) => x,
    };
    let Some(computed) = in_terms(value) else {
        diags.push(
            Diagnostic::error(format!(
                "\"{}\" cannot be checked: the {what} is 0, and a percentage of 0 is not defined",
                a.text
            ))
            .at(a.location.clone())
            .hint("give the gap as an amount (amount = …) instead of a percentage"),
        );
        return None;
    };
    let places = stated.scale();
    // Whether the stated words agree with a gap worked out.
    let agrees = |gap: Decimal| {
        let rounded = to_places(gap.abs(), places);
        rounded == stated
            && (rounded.is_zero()
                || match a.direction {
                    OverUnder::Over => gap > Decimal::ZERO,
                    OverUnder::Under => gap < Decimal::ZERO,
                })
    };
    if agrees(computed) {
        return Some((computed, computed));
    }
    if let Some(as_shown) = in_terms(shown).filter(|g| agrees(*g)) {
        return Some((computed, as_shown));
    }
    let shown = to_places(computed.abs(), places);
    {
        let unit = match a.gap {
            StatedGap::Percent(_) => "%",
            StatedGap::Amount(_) => "",
        };
        let words = |d: OverUnder| match d {
            OverUnder::Over => "over",
            OverUnder::Under => "under",
        };
        let computed_side = if computed < Decimal::ZERO {
            OverUnder::Under
        } else {
            OverUnder::Over
        };
        let signed = |v: Decimal, d: OverUnder| match d {
            OverUnder::Over => v,
            OverUnder::Under => -v,
        };
        let difference = (signed(stated, a.direction) - signed(shown, computed_side)).abs();
        diags.push(
            Diagnostic::error(format!(
                "the source's \"{}\" does not match the figure and its {what}",
                a.text
            ))
            .at(a.location.clone())
            .label(format!(
                "stated {stated}{unit} {}, computed {shown}{unit} {} ({shown_against}), difference {difference}{unit}",
                words(a.direction),
                words(computed_side)
            ))
            .hint(format!("check the figure, the {what} and the words against the source; plansite never changes a published figure to fit")),
        );
    }
    Some((computed, computed))
}

/// No figure for `period` yet: is one still to come, or simply not published?
fn missing(
    period: Option<Period>,
    latest: Option<Period>,
    next_update: Option<NaiveDate>,
    build_date: Option<NaiveDate>,
) -> Status {
    let Some(today) = build_date else {
        return Status::NoData;
    };
    let update_pending = next_update.is_some_and(|n| n > today);
    match period {
        // The period has not ended, or the next update (still to come) may cover it.
        Some(p) if p.end_date() >= today => Status::NotYetDue,
        Some(p) if update_pending && latest.is_none_or(|l| p > l) => Status::NotYetDue,
        Some(_) => Status::NoData,
        None if update_pending && latest.is_none() => Status::NotYetDue,
        None => Status::NoData,
    }
}

/// The places each figure of a series is shown at, decided once so that a
/// figure reads the same wherever it is shown (its series' page, the
/// standards overview, its set's page, messages to the clerk):
///
/// - the precision of the version of the standard it is measured against
///   (the metric's, for a metric), or the places it was written with if
///   more, or printed with beside its numerator and denominator;
/// - more, up to 6, while rounding would put it on the other side of, or
///   exactly on, any threshold its page compares a figure with: every
///   version's threshold, every local target, and the edge of every
///   tolerance ([`Rule::tolerance_edge`]), so 76.45% is never shown as
///   76.5% beside "not met" when 76.5% would be within tolerance;
/// - and more where its page compares the latest figure with an earlier
///   one and rounding would make the two look equal or the wrong way round
///   ("94.24% … better than … (94.20%)", never "94% … better than …
///   (94%)"): then both are shown at the places where they differ.
pub fn shown_places(
    history: &[FigureResult],
    current: Option<&Version>,
    targets: &[TargetResult],
    metric_precision: u32,
    comparisons: [&Option<Comparison>; 2],
) -> Vec<u32> {
    use crate::shown::{apart_places, figure_places, round};
    let versions = || {
        history
            .iter()
            .filter_map(|f| f.version.as_ref())
            .chain(current)
    };
    let rules = versions()
        .map(|v| Rule::of(&v.standard))
        .chain(targets.iter().filter_map(TargetResult::rule));
    let mut thresholds: Vec<Decimal> = versions()
        .map(|v| v.standard.threshold)
        .chain(targets.iter().filter_map(|t| t.value))
        .chain(rules.filter_map(|r| r.tolerance_edge()))
        .collect();
    thresholds.sort();
    thresholds.dedup();
    let own = |f: &FigureResult| {
        let precision = f
            .version
            .as_ref()
            .map_or(metric_precision, |v| v.standard.precision);
        figure_places(f.value, written_places(f, precision), false, &thresholds)
    };
    let mut places: Vec<u32> = history.iter().map(own).collect();
    let Some(latest) = history.len().checked_sub(1) else {
        return places;
    };
    let own_latest = places[latest];
    for c in comparisons.into_iter().flatten() {
        let Some(prev) = history.iter().position(|f| f.period.same_span(c.period)) else {
            continue;
        };
        let (l, p) = (&history[latest], &history[prev]);
        let own_prev = own(p);
        // Shown at their own places, do they compare as they are?
        if round(l.value, own_latest).cmp(&round(p.value, own_prev)) == l.value.cmp(&p.value) {
            continue;
        }
        let dp = apart_places(l.value, p.value, own_latest.max(own_prev));
        // Every figure of those periods (one each, as figures' periods differ).
        for (f, places) in history.iter().zip(places.iter_mut()) {
            if f.period == l.period || f.period == p.period {
                *places = (*places).max(dp);
            }
        }
    }
    places
}

/// What a standard measures, as a metric: for formatting its figures.
fn measure_of(s: &Standard) -> Metric {
    Metric {
        name: s.name.clone(),
        description: s.description.clone(),
        unit: s.unit,
        can_exceed_100: s.can_exceed_100,
        precision: s.precision,
        polarity: Some(s.polarity),
    }
}

/// Computes a series' progress, or reports why it cannot.
pub fn compute(
    site: &Site,
    series: &ProgressSeries,
    build_date: Option<NaiveDate>,
    diags: &mut Diagnostics,
) -> Option<SeriesProgress> {
    // A standard (all its versions), or a metric with no target.
    let (id, last_version, unit, can_exceed_100, what) = match (&series.standard, &series.metric) {
        (Some(st), _) => {
            let versions = site.standard_versions(&st.value);
            let Some(&last) = versions.last() else {
                // A standard written wrongly is reported where it is written;
                // its series cannot be checked until it is put right.
                if !site.standard_unreadable(&st.value) {
                    diags.push(unknown_standard(site, st));
                }
                return None;
            };
            (
                Some(st.value.clone()),
                Some(last),
                last.2.unit,
                last.2.can_exceed_100,
                format!("standard \"{}\"", st.value),
            )
        }
        (None, Some(m)) => (
            None,
            None,
            m.unit,
            m.can_exceed_100,
            format!("metric \"{}\"", m.name),
        ),
        (None, None) => return None,
    };
    let mut history = Vec::new();
    for f in &series.figures {
        let version = id
            .as_deref()
            .and_then(|id| site.standard_in_force(id, f.period.end_date()));
        // A standard may gain or lose `can_exceed_100` between versions:
        // each figure is read by the version in force for its period (the
        // latest version where none is).
        let can_exceed_100 = version.map_or(can_exceed_100, |(_, _, s)| s.can_exceed_100);
        if let Err(why) = fits(&f.value, unit) {
            diags.push(
                Diagnostic::error(format!(
                    "{why}, but {what} is measured in {}",
                    unit_words(unit)
                ))
                .at(f.location.clone())
                .hint("give the figure as `value`, or check the standard"),
            );
            continue;
        }
        let Some(value) = derive(&f.value, unit) else {
            diags.push(
                Diagnostic::error(
                    "figure cannot be derived: the denominator or population is zero",
                )
                .at(f
                    .divisor_location
                    .clone()
                    .unwrap_or_else(|| f.location.clone()))
                .hint("a percentage or rate needs a denominator or population above zero"),
            );
            continue;
        };
        // A share of more than the whole is no percentage: the two may
        // have been swapped.
        if let FigureValue::Ratio {
            numerator,
            denominator,
            ..
        } = &f.value
        {
            if numerator > denominator && !can_exceed_100 {
                diags.push(
                    Diagnostic::error(format!(
                        "numerator {numerator} is more than its denominator {denominator}, so the percentage is over 100%"
                    ))
                    .at(f
                        .numerator_location
                        .clone()
                        .unwrap_or_else(|| f.location.clone()))
                    .hint("a numerator counts the part of the denominator the measure is about (treated within 18 weeks, of all treated), so it is never more: check the two are not swapped, and are the source's figures for this period; where this measure can pass 100% (activity against a plan or baseline), write can_exceed_100 = true beside its unit = \"%\""),
                );
                continue;
            }
        }
        if let Some((message, hint)) = impossible(value, &f.value, unit, can_exceed_100, &what) {
            diags.push(
                Diagnostic::error(message)
                    .at(f
                        .value_location
                        .clone()
                        .unwrap_or_else(|| f.location.clone()))
                    .hint(hint),
            );
            continue;
        }
        // A rate printed beside its parts must be what they give, to the
        // places printed: 1140 / 1304 is 87.4% to one place.
        if let FigureValue::Ratio {
            printed: Some(printed),
            ..
        }
        | FigureValue::Rate {
            printed: Some(printed),
            ..
        } = f.value
        {
            let shown = to_places(value, printed.scale());
            if shown != printed {
                let (parts, exact) = match f.value {
                    FigureValue::Rate {
                        count, population, ..
                    } => (
                        format!(
                            "{count} × {} ÷ {population}",
                            unit.rate_base_text().unwrap_or("100,000")
                        ),
                        value,
                    ),
                    FigureValue::Ratio {
                        numerator,
                        denominator,
                        ..
                    } => (format!("{numerator} × 100 ÷ {denominator}"), value),
                    FigureValue::Direct(_) => (String::new(), value),
                };
                diags.push(
                    Diagnostic::error(format!(
                        "printed figure {printed} does not match {parts}"
                    ))
                    .at(f.value_location.clone().unwrap_or_else(|| f.location.clone()))
                    .label(format!(
                        "stated {printed}, computed {shown} ({} exactly), difference {}",
                        exact.normalize(),
                        (printed - shown).abs()
                    ))
                    .hint("check the figure and its parts against the source; the page shows the figure worked out from its parts"),
                );
                continue;
            }
        }
        let (status, gap) = match (version, &series.metric) {
            // A count or rate for a quarter is not judged against a
            // year's threshold: the two are not the same measure.
            (Some((_, _, s)), _) if !s.judges(f.period) => (Status::NotAssessed, None),
            (Some((_, _, s)), _) => (Rule::of(s).assess(value), Some(value - s.threshold)),
            (None, Some(_)) => (Status::NoTarget, None),
            (None, None) => (Status::NoStandard, None),
        };
        history.push(FigureResult {
            period: f.period,
            value,
            given: f.value.clone(),
            // Decided once every figure is known: see `shown_places`.
            places: 0,
            version: version.map(|(set, _, s)| Version {
                set: set.id.clone(),
                standard: s.clone(),
            }),
            status,
            gap,
            source: f.source.clone(),
            note: f.note.clone(),
            period_inferred: f.period_inferred.clone(),
            stated_status: f.stated_status.as_ref().map(|s| s.value.clone()),
            against: None,
            doubtful: f.doubtful.clone(),
        });
    }
    let latest = history.last();
    let current = last_version.map(|last| match latest.and_then(|l| l.version.clone()) {
        Some(v) => v,
        None => {
            let (set, _, s) = build_date
                .zip(id.as_deref())
                .and_then(|(d, id)| site.standard_in_force(id, d))
                .unwrap_or(last);
            Version {
                set: set.id.clone(),
                standard: s.clone(),
            }
        }
    });
    let measure = match (&current, &series.metric) {
        (Some(v), _) => measure_of(&v.standard),
        (None, Some(m)) => m.clone(),
        (None, None) => return None,
    };
    let polarity = measure.polarity;
    let status = match latest {
        Some(l) => l.status,
        None => missing(None, None, series.next_update, build_date),
    };
    let vs_previous = latest.map(|l| comparison(&history, l, l.period.previous(), polarity));
    let vs_last_year = latest.map(|l| comparison(&history, l, l.period.year_earlier(), polarity));

    let mut targets = Vec::new();
    for t in &series.targets {
        let comparator = t.comparator.unwrap_or_else(|| {
            Comparator::for_polarity(polarity.unwrap_or(Polarity::HigherIsBetter))
        });
        let (value, baseline) = match &t.value {
            TargetValue::Absolute(v) => (Some(*v), None),
            TargetValue::FromBaseline {
                period,
                value,
                change,
            } => {
                let base = value.or_else(|| {
                    history
                        .iter()
                        .find(|f| f.period.same_span(*period))
                        .map(|f| f.value)
                });
                (
                    base.and_then(|b| apply_change(b, *change)),
                    Some((*period, base, *change)),
                )
            }
        };
        let compared = match t.period {
            Some(p) => history.iter().find(|f| f.period.same_span(p)),
            None => history.last(),
        }
        .map(|f| (f.period, f.value));
        let latest_period = history.last().map(|f| f.period);
        let (status, gap) = match (value, compared) {
            (None, _) => (Status::NoData, None),
            (Some(target), Some((_, v))) => (
                Rule {
                    comparator,
                    threshold: target,
                    tolerance: t.tolerance,
                }
                .assess(v),
                Some(v - target),
            ),
            (Some(_), None) => (
                missing(t.period, latest_period, series.next_update, build_date),
                None,
            ),
        };
        targets.push(TargetResult {
            name: t.name.clone(),
            value,
            baseline,
            comparator,
            tolerance: t.tolerance,
            period: t.period,
            compared,
            status,
            gap,
            source: t.source.clone(),
            note: t.note.clone(),
        });
    }

    let places = shown_places(
        &history,
        current.as_ref(),
        &targets,
        measure.precision,
        [&vs_previous, &vs_last_year],
    );
    for (f, dp) in history.iter_mut().zip(places) {
        f.places = dp;
    }
    // The source's words for the status, where they disagree with it, are
    // warned of with the figure as the pages show it.
    for (f, stated) in series
        .figures
        .iter()
        .filter_map(|f| Some((f, f.stated_status.as_ref()?)))
    {
        let Some(result) = history.iter().find(|h| h.period == f.period) else {
            continue;
        };
        let Some(s) = result.version.as_ref().map(|v| &v.standard) else {
            continue;
        };
        let disagrees = matches!(
            (stated_meaning(&stated.value), result.status),
            (Some(true), Status::NotMet) | (Some(false), Status::Met)
        );
        if disagrees {
            let figure = figure_for_clerk(result, s.unit, s.precision, s.threshold);
            diags.push(
                Diagnostic::warning(format!(
                    "the source says \"{}\" but the figure's status is {}",
                    stated.value,
                    result.status.label()
                ))
                .at(stated.location.clone())
                .label(format!(
                    "{figure} against {what} ({} {}{})",
                    s.comparator.words(),
                    crate::shown::group_thousands(s.threshold),
                    s.unit.suffix()
                ))
                .hint("both are published side by side; check the figure and the standard against the source, as residents will see they disagree"),
            );
        }
    }

    let stale =
        matches!((series.next_update, build_date), (Some(next), Some(today)) if next < today);
    let last_updated = series.updated.map(PartialDate::Day).or_else(|| {
        series
            .figures
            .iter()
            .filter_map(|f| f.source.published)
            .max()
    });
    let mut missing: Vec<Missing> = series
        .blanks
        .iter()
        .map(|b| Missing {
            period: b.period,
            reason: Some(b.reason.clone()),
            source: b.source.clone(),
            note: b.note.clone(),
            period_inferred: b.period_inferred.clone(),
        })
        .collect();
    let periods: Vec<Period> = series
        .figures
        .iter()
        .map(|f| f.period)
        .chain(series.blanks.iter().map(|b| b.period))
        .collect();
    missing.extend(holes(&periods).into_iter().map(|period| Missing {
        period,
        reason: None,
        source: None,
        note: None,
        period_inferred: None,
    }));
    missing.sort_by_key(|m| m.period);
    // The source's "4.3% over target", checked against the standard (or
    // the local target it names) where one is known; never used to work
    // out a target where none is.
    for f in &series.figures {
        let Some(a) = &f.against_target else { continue };
        let Some(result) = history.iter_mut().find(|h| h.period == f.period) else {
            continue;
        };
        let target = match &a.target {
            Some(name) => match targets
                .iter()
                .find(|t: &&TargetResult| t.name == name.value)
            {
                Some(t) => t.value.map(|v| (t.name.clone(), v)),
                None => {
                    let mut d = Diagnostic::error(format!("no target named \"{}\"", name.value))
                        .at(name.location.clone());
                    d = match did_you_mean(&name.value, targets.iter().map(|t| t.name.as_str())) {
                        Some(m) => d.hint(format!("did you mean \"{m}\"?")),
                        None => d.hint("`target` is the name of one of the series' [[targets]]; leave it out to check against the standard"),
                    };
                    diags.push(d);
                    continue;
                }
            },
            None => result
                .version
                .as_ref()
                .map(|v| ("standard".to_string(), v.standard.threshold)),
        };
        let computed = target.as_ref().and_then(|(what, t)| {
            let what = if what == "standard" {
                "standard"
            } else {
                "target"
            };
            let precision = result
                .version
                .as_ref()
                .map_or(measure.precision, |v| v.standard.precision);
            let figure = figure_for_clerk(result, measure.unit, precision, *t);
            let shown = format!(
                "{figure} against {}{}",
                crate::shown::group_thousands(*t),
                measure.unit.suffix()
            );
            let as_shown = crate::shown::round(result.value, result.places);
            check_against(a, result.value, as_shown, &shown, *t, what, diags)
        });
        result.against = Some(AgainstResult {
            text: a.text.clone(),
            gap: a.gap,
            direction: a.direction,
            target,
            computed: computed.map(|(exact, _)| exact),
            checked: computed.map(|(_, checked)| checked),
        });
    }

    Some(SeriesProgress {
        standard: id,
        current,
        measure,
        history,
        missing,
        targets,
        status,
        vs_previous,
        vs_last_year,
        stale,
        next_update: series.next_update,
        last_updated,
    })
}

/// Whether the pages of `set` show `series`: the set lists the series'
/// standard and, when the series names its sets, is one of them; when it
/// does not, the set reports on the series' area (a set that names no
/// areas reports on every area).
pub fn belongs(series: &ProgressSeries, set: &StandardSet) -> bool {
    let Some(standard) = &series.standard else {
        return false;
    };
    let lists = set
        .items
        .iter()
        .flat_map(|c| &c.standards)
        .any(|s| s.id == standard.value);
    lists
        && if series.sets.is_empty() {
            set.areas.is_empty() || set.areas.iter().any(|a| a.value == series.area)
        } else {
            series.sets.iter().any(|x| x.value == set.id)
        }
}

/// Whether two sets list standard `id` for the same time: versions in
/// force on a common day, and periods (when the sets have them) that
/// overlap. The 2016/17 and 2017/18 must-dos both list A&E, but for
/// different years; two councils' local sets listing one national standard
/// do overlap.
fn same_time(a: &StandardSet, b: &StandardSet, id: &str) -> bool {
    let periods = match (a.period, b.period) {
        (Some(p), Some(q)) => p.start_date() <= q.end_date() && q.start_date() <= p.end_date(),
        _ => true,
    };
    let versions = |set: &StandardSet| -> Vec<(NaiveDate, NaiveDate)> {
        set.items
            .iter()
            .flat_map(|c| &c.standards)
            .filter(|s| s.id == id)
            .map(|s| {
                (
                    s.effective_from.unwrap_or(NaiveDate::MIN),
                    s.effective_to.unwrap_or(NaiveDate::MAX),
                )
            })
            .collect()
    };
    periods
        && versions(a)
            .iter()
            .any(|(af, at)| versions(b).iter().any(|(bf, bt)| af <= bt && bf <= at))
}

/// Checks which sets a series belongs to: the sets it names exist, list its
/// standard and report on its area; and a series that names none is not
/// claimed by two sets listing its standard for the same time (one would
/// show another organisation's figures).
fn check_membership(site: &Site, series: &ProgressSeries, diags: &mut Diagnostics) {
    let Some(standard) = &series.standard else {
        if let Some(first) = series.sets.first() {
            diags.push(
                Diagnostic::error("a metric is on no standards set")
                    .at(first.location.clone())
                    .hint("sets list standards, and a metric has none: remove `sets` (the metric is listed on the standards overview page)"),
            );
        }
        return;
    };
    let id = &standard.value;
    for named in &series.sets {
        let Some(set) = site.standard_sets.iter().find(|s| s.id == named.value) else {
            if site.unread_standards.sets.contains(&named.value) {
                continue;
            }
            let mut d = Diagnostic::error(format!("unknown standards set \"{}\"", named.value))
                .at(named.location.clone());
            d = match did_you_mean(
                &named.value,
                site.standard_sets.iter().map(|s| s.id.as_str()),
            ) {
                Some(m) => d.hint(format!("did you mean \"{m}\"?")),
                None => {
                    d.hint("a set is named by its file name in content/standards/, without .toml")
                }
            };
            diags.push(d);
            continue;
        };
        let lists = set
            .items
            .iter()
            .flat_map(|c| &c.standards)
            .any(|s| &s.id == id)
            || set.unreadable.contains(id);
        if !lists {
            diags.push(
                Diagnostic::error(format!(
                    "standards set \"{}\" does not list standard \"{id}\"",
                    set.id
                ))
                .at(named.location.clone())
                .hint("name only sets that list the series' standard"),
            );
        } else if !set.areas.is_empty() && !set.areas.iter().any(|a| a.value == series.area) {
            let areas: Vec<&str> = set.areas.iter().map(|a| a.value.as_str()).collect();
            diags.push(
                Diagnostic::error(format!(
                    "standards set \"{}\" reports on {}, not {}",
                    set.id,
                    areas.join(", "),
                    series.area
                ))
                .at(named.location.clone())
                .hint(format!(
                    "add \"{}\" to the set's `areas` at {}, or name another set",
                    series.area, set.location
                )),
            );
        }
    }
    if !series.sets.is_empty() {
        return;
    }
    let claimed: Vec<&StandardSet> = site
        .standard_sets
        .iter()
        .filter(|set| belongs(series, set))
        .collect();
    if claimed.is_empty() && site.standards().any(|(_, _, s)| &s.id == id) {
        diags.push(
            Diagnostic::warning(format!(
                "the series for \"{id}\" in {} is on no standards set's page",
                series.area
            ))
            .at(standard.location.clone())
            .hint(format!(
                "every set that lists \"{id}\" names the areas it reports on, and {} is not one of them: add it to a set's `areas`",
                series.area
            )),
        );
    }
    let clashing: Vec<&str> = claimed
        .iter()
        .filter(|a| claimed.iter().any(|b| a.id != b.id && same_time(a, b, id)))
        .map(|s| s.id.as_str())
        .collect();
    if clashing.len() > 1 {
        let quoted: Vec<String> = clashing.iter().map(|s| format!("\"{s}\"")).collect();
        diags.push(
            Diagnostic::error(format!(
                "the series for \"{id}\" in {} would be shown on {} standards sets for the same time: {}",
                series.area,
                clashing.len(),
                quoted.join(" and ")
            ))
            .at(standard.location.clone())
            .hint(format!(
                "each set shows every area's figures for its standards unless it says which: name the set this series belongs to (sets = [{}]), or give each set the areas it reports on (areas = [\"{}\"])",
                quoted[0], series.area
            )),
        );
    }
}

/// Checks what a progress series points at besides its standard: one series
/// per standard and area, the sets it belongs to, and the papers its
/// sources cite.
pub fn check_series(site: &Site, diags: &mut Diagnostics) {
    for s in &site.progress {
        check_membership(site, s, diags);
    }
    let mut seen: BTreeMap<(&str, &str), &ProgressSeries> = BTreeMap::new();
    for s in &site.progress {
        let Some(standard) = &s.standard else {
            continue;
        };
        if let Some(first) = seen.insert((standard.value.as_str(), s.area.as_str()), s) {
            diags.push(
                Diagnostic::error(format!(
                    "a second series for standard \"{}\" in {}",
                    standard.value, s.area
                ))
                .at(standard.location.clone())
                .hint(format!(
                    "{} already has this standard and area; put all the figures in one file",
                    first.location
                )),
            );
        }
    }
    let citations = site.progress.iter().flat_map(|s| {
        s.figures
            .iter()
            .map(|f| &f.source)
            .chain(s.targets.iter().filter_map(|t| t.source.as_ref()))
    });
    let set_citations = site.standard_sets.iter().flat_map(|set| {
        std::iter::once(&set.source).chain(
            set.items
                .iter()
                .flat_map(|c| c.standards.iter().filter_map(|s| s.source.as_ref())),
        )
    });
    let mut reported = BTreeSet::new();
    for c in citations.chain(set_citations) {
        let Some(paper) = &c.paper else { continue };
        if !reported.insert((paper.value.clone(), paper.location.to_string())) {
            continue;
        }
        match site.paper(&paper.value) {
            // Its own mistakes are reported with it.
            None if site.paper_unreadable(&paper.value) => {}
            None => {
                let mut d = Diagnostic::error(format!("unknown paper \"{}\"", paper.value))
                    .at(paper.location.clone());
                d = match did_you_mean(&paper.value, site.paper_keys()) {
                    Some(s) => d.hint(format!("did you mean \"{s}\"?")),
                    None => d.hint("write the paper as board/meeting/paper, e.g. kent-hwb/2016-01-27/new-planning-arrangements"),
                };
                diags.push(d);
            }
            Some(p) => {
                if let Some(para) = &c.paragraph {
                    if !p.targets.has_paragraph(para) {
                        diags.push(
                            Diagnostic::error(format!(
                                "paper \"{}\" has no paragraph {para}",
                                paper.value
                            ))
                            .at(paper.location.clone())
                            .hint("paragraph is the number as printed in the paper, e.g. \"7\" or \"4.5\""),
                        );
                    }
                }
            }
        }
    }
}

/// One standard's status in one area, for a set's period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardStatus {
    pub standard: String,
    pub series: Option<String>,
    /// The figure the status comes from.
    pub figure: Option<FigureResult>,
    pub status: Status,
    /// The version the set lists that the status is given against: the
    /// one in force at the end of the figure's period; with no figure, the
    /// one in force at the end of the set's period (or on the build date),
    /// else the latest.
    pub version: Standard,
}

/// A commitment's status in one area: met only when every standard in it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentStatus {
    pub commitment: String,
    /// False when the commitment has no measurable standard.
    pub measurable: bool,
    pub standards: Vec<StandardStatus>,
    pub status: Status,
}

/// A standards set's progress in one area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaSummary {
    /// `None` when no area has published figures for the set.
    pub area: Option<String>,
    pub commitments: Vec<CommitmentStatus>,
    /// How many commitments have each status, in [`Status::ALL`] order, non-zero only.
    pub counts: Vec<(Status, usize)>,
    /// The distinct periods of the figures the statuses come from, in order.
    pub periods: Vec<Period>,
}

impl AreaSummary {
    pub fn count(&self, status: Status) -> usize {
        self.counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }
}

/// How a commitment's standards combine: any not met → not met; then any
/// missing figure (no data, not yet due, no standard in force, a figure
/// not assessed against the standard's length of period) → that;
/// then any within tolerance → within tolerance; else met.
pub fn combine(statuses: &[Status]) -> Status {
    let any = |s: Status| statuses.contains(&s);
    if statuses.is_empty() {
        return Status::NoData;
    }
    for s in [
        Status::NotMet,
        Status::NoData,
        Status::NotYetDue,
        Status::NoStandard,
        Status::NotAssessed,
        Status::WithinTolerance,
    ] {
        if any(s) {
            return s;
        }
    }
    Status::Met
}

/// The versions of standard `id` that `commitment` lists, oldest first: by
/// their dates, never by their order in the file.
pub fn listed_versions<'a>(commitment: &'a Commitment, id: &str) -> Vec<&'a Standard> {
    let mut v: Vec<&Standard> = commitment.standards.iter().filter(|s| s.id == id).collect();
    v.sort_by_key(|s| (s.effective_from, s.effective_to.is_none(), s.effective_to));
    v
}

/// Of `listed` (oldest first), the version in force on `day`, else the latest.
pub fn version_on<'a>(listed: &[&'a Standard], day: Option<NaiveDate>) -> Option<&'a Standard> {
    day.and_then(|d| listed.iter().rev().find(|v| v.in_force_on(d)))
        .or(listed.last())
        .copied()
}

/// The progress of every commitment of `set`, per area that has figures.
pub fn summarise_set(
    site: &Site,
    set: &StandardSet,
    progress: &BTreeMap<String, SeriesProgress>,
    build_date: Option<NaiveDate>,
) -> Vec<AreaSummary> {
    let ids: BTreeSet<&str> = set
        .items
        .iter()
        .flat_map(|c| c.standards.iter().map(|s| s.id.as_str()))
        .collect();
    let members: Vec<&ProgressSeries> = site
        .progress
        .iter()
        .filter(|s| {
            s.standard
                .as_ref()
                .is_some_and(|st| ids.contains(st.value.as_str()))
                && belongs(s, set)
        })
        .collect();
    let area_list: Vec<Option<&str>> = if !set.areas.is_empty() {
        set.areas.iter().map(|a| Some(a.value.as_str())).collect()
    } else {
        let areas: BTreeSet<&str> = members.iter().map(|s| s.area.as_str()).collect();
        if areas.is_empty() {
            vec![None]
        } else {
            areas.into_iter().map(Some).collect()
        }
    };
    let no_figure = missing(set.period, None, None, build_date);
    // The day whose version a standard with no figure is shown against.
    let set_day = set.period.map(|p| p.end_date()).or(build_date);
    area_list
        .into_iter()
        .map(|area| {
            let mut periods = BTreeSet::new();
            let commitments: Vec<CommitmentStatus> = set
                .items
                .iter()
                .map(|c| {
                    let mut seen = BTreeSet::new();
                    let standards: Vec<StandardStatus> = c
                        .standards
                        .iter()
                        .filter(|s| seen.insert(s.id.as_str()))
                        .filter_map(|s| {
                            let listed = listed_versions(c, &s.id);
                            let series = area.and_then(|a| {
                                members
                                    .iter()
                                    .find(|p| {
                                        p.standard.as_ref().is_some_and(|st| st.value == s.id)
                                            && p.area == a
                                    })
                                    .copied()
                            });
                            let p = series.and_then(|x| progress.get(&x.id));
                            let figure = p.and_then(|p| p.latest_for(set.period, &listed)).cloned();
                            let day = figure.as_ref().map(|f| f.period.end_date()).or(set_day);
                            let version = version_on(&listed, day)?.clone();
                            let status = match (&figure, p) {
                                (Some(f), _) => {
                                    periods.insert(f.period);
                                    f.status
                                }
                                (None, Some(p)) => missing(
                                    set.period,
                                    p.latest().map(|l| l.period),
                                    p.next_update,
                                    build_date,
                                ),
                                (None, None) => no_figure,
                            };
                            Some(StandardStatus {
                                standard: s.id.clone(),
                                series: series.map(|x| x.id.clone()),
                                figure,
                                status,
                                version,
                            })
                        })
                        .collect();
                    let statuses: Vec<Status> = standards.iter().map(|s| s.status).collect();
                    CommitmentStatus {
                        commitment: c.id.clone(),
                        measurable: !standards.is_empty(),
                        status: if standards.is_empty() {
                            no_figure
                        } else {
                            combine(&statuses)
                        },
                        standards,
                    }
                })
                .collect();
            let counts = Status::ALL
                .iter()
                .map(|s| (*s, commitments.iter().filter(|c| c.status == *s).count()))
                .filter(|(_, n)| *n > 0)
                .collect();
            AreaSummary {
                area: area.map(str::to_string),
                commitments,
                counts,
                periods: periods.into_iter().collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("literal")
    }

    fn rule(c: Comparator, t: &str) -> Rule {
        Rule {
            comparator: c,
            threshold: d(t),
            tolerance: None,
        }
    }

    #[test]
    fn status_is_exact_at_the_boundary() {
        use Comparator::*;
        use Status::*;
        let cases = [
            // (value, comparator, threshold, expected)
            ("95", AtLeast, "95", Met),
            ("94.9", AtLeast, "95", NotMet),
            ("94.99999", AtLeast, "95", NotMet),
            ("92.9", AtLeast, "93", NotMet),
            ("92", MoreThan, "92", NotMet),
            ("92.1", MoreThan, "92", Met),
            ("9.4", AtMost, "9.4", Met),
            ("9.5", AtMost, "9.4", NotMet),
            ("9.3", AtMost, "9.4", Met),
            ("21.3", AtMost, "9.4", NotMet),
            ("9.4", LessThan, "9.4", NotMet),
            ("9.3", LessThan, "9.4", Met),
        ];
        for (v, c, t, want) in cases {
            assert_eq!(rule(c, t).assess(d(v)), want, "{v} {c:?} {t}");
        }
    }

    #[test]
    fn tolerance_is_exact_and_inclusive() {
        let mut r = rule(Comparator::AtLeast, "95");
        r.tolerance = Some(Tolerance::PercentOfTarget(d("10")));
        assert_eq!(r.tolerance_amount(), Some(d("9.5")));
        assert_eq!(r.assess(d("85.5")), Status::WithinTolerance);
        assert_eq!(r.assess(d("85.4")), Status::NotMet);
        assert_eq!(r.assess(d("95")), Status::Met);
        let mut low = rule(Comparator::AtMost, "9.4");
        low.tolerance = Some(Tolerance::PercentOfTarget(d("10")));
        assert_eq!(low.assess(d("10.34")), Status::WithinTolerance);
        assert_eq!(low.assess(d("10.35")), Status::NotMet);
        let mut pts = rule(Comparator::MoreThan, "92");
        pts.tolerance = Some(Tolerance::Amount(d("0.5")));
        assert_eq!(pts.assess(d("92")), Status::WithinTolerance);
        assert_eq!(pts.assess(d("91.5")), Status::WithinTolerance);
        assert_eq!(pts.assess(d("91.4")), Status::NotMet);
    }

    #[test]
    fn the_tolerance_edge_is_the_one_assess_measures_against() {
        use Comparator::*;
        // (comparator, threshold, tolerance, edge, just outside the edge)
        let cases = [
            (
                AtLeast,
                "85",
                Tolerance::PercentOfTarget(d("10")),
                "76.5",
                "76.49",
            ),
            (
                MoreThan,
                "92",
                Tolerance::Amount(d("0.5")),
                "91.5",
                "91.4999",
            ),
            (
                AtMost,
                "9.4",
                Tolerance::PercentOfTarget(d("10")),
                "10.34",
                "10.3401",
            ),
            (LessThan, "9.4", Tolerance::Amount(d("1")), "10.4", "10.41"),
        ];
        for (c, t, tol, edge, outside) in cases {
            let mut r = rule(c, t);
            r.tolerance = Some(tol);
            assert_eq!(r.tolerance_edge(), Some(d(edge)), "{c:?} {t}");
            assert_eq!(r.assess(d(edge)), Status::WithinTolerance, "{c:?} {t}");
            assert_eq!(r.assess(d(outside)), Status::NotMet, "{c:?} {t}");
        }
        assert_eq!(rule(AtLeast, "85").tolerance_edge(), None);
        // An edge beyond any decimal: every figure that misses is within it.
        let mut huge = rule(AtLeast, "-79228162514264337593543950334");
        huge.tolerance = Some(Tolerance::Amount(d("2")));
        assert_eq!(huge.tolerance_edge(), None);
        assert_eq!(
            huge.assess(d("-79228162514264337593543950335")),
            Status::WithinTolerance
        );
    }

    #[test]
    fn derives_percentages_and_rates_exactly() {
        let p = derive(
            &FigureValue::Ratio {
                numerator: d("929"),
                denominator: d("1000"),
                printed: None,
            },
            MeasureUnit::Percent,
        );
        assert_eq!(p, Some(d("92.9")));
        let r = derive(
            &FigureValue::Rate {
                count: d("40"),
                population: d("187793"),
                printed: None,
            },
            MeasureUnit::Per100k,
        )
        .expect("rate");
        // 4,000,000 / 187,793 to 28 significant digits; never a float.
        assert_eq!(r.round_dp(6), d("21.300048"));
        assert_eq!(
            derive(
                &FigureValue::Rate {
                    count: d("213"),
                    population: d("1000000"),
                    printed: None
                },
                MeasureUnit::Per100k
            ),
            Some(d("21.3"))
        );
        assert_eq!(
            derive(
                &FigureValue::Rate {
                    count: d("1"),
                    population: d("0"),
                    printed: None
                },
                MeasureUnit::Per100k
            ),
            None
        );
        assert_eq!(
            derive(
                &FigureValue::Ratio {
                    numerator: d("1"),
                    denominator: d("3"),
                    printed: None
                },
                MeasureUnit::Percent
            )
            .map(|v| v.round_dp(4)),
            Some(d("33.3333"))
        );
        // The same count and population per 1,000 and per 10,000.
        let rate = FigureValue::Rate {
            count: d("1874"),
            population: d("43991"),
            printed: None,
        };
        let per = |unit| derive(&rate, unit).map(|v| v.round_dp(4));
        assert_eq!(per(MeasureUnit::Per1k), Some(d("42.5996")));
        assert_eq!(per(MeasureUnit::Per10k), Some(d("425.9962")));
        assert_eq!(per(MeasureUnit::Per100k), Some(d("4259.9623")));
        assert_eq!(per(MeasureUnit::Count), None);
    }

    #[test]
    fn baseline_targets_are_exact() {
        assert_eq!(
            apply_change(d("12345"), Change::ReducePercent(d("1"))),
            Some(d("12221.55"))
        );
        assert_eq!(
            apply_change(d("0.1"), Change::IncreasePercent(d("0.2"))),
            Some(d("0.1002"))
        );
        assert_eq!(
            apply_change(d("10.640"), Change::Reduce(d("0.64"))),
            Some(d("10.000"))
        );
        assert_eq!(
            apply_change(d("9.4"), Change::Increase(d("0.6"))),
            Some(d("10.0"))
        );
    }

    #[test]
    fn direction_follows_polarity() {
        use Direction::*;
        use Polarity::*;
        assert_eq!(Direction::of(d("90"), d("91"), HigherIsBetter), Improving);
        assert_eq!(Direction::of(d("90"), d("89.9"), HigherIsBetter), Worsening);
        assert_eq!(Direction::of(d("21.3"), d("18"), LowerIsBetter), Improving);
        assert_eq!(Direction::of(d("18"), d("21.3"), LowerIsBetter), Worsening);
        assert_eq!(Direction::of(d("9.40"), d("9.4"), LowerIsBetter), NoChange);
    }

    #[test]
    fn holes_are_found_in_runs_of_one_length_only() {
        let p = |s: &str| crate::content::parse_period(s).expect(s);
        let codes = |ps: &[&str]| -> Vec<String> {
            holes(&ps.iter().map(|s| p(s)).collect::<Vec<_>>())
                .iter()
                .map(|h| h.code())
                .collect()
        };
        // Months: June and August are missing.
        assert_eq!(
            codes(&["2016-04", "2016-05", "2016-07", "2016-09"]),
            ["2016-06", "2016-08"]
        );
        // Quarters, across a financial year end, in any order.
        assert_eq!(
            codes(&["2016/17 Q1", "2016/17 Q4", "2017/18 Q2", "2016/17 Q3"]),
            ["2016/17 Q2", "2017/18 Q1"]
        );
        // Years; financial and calendar years are separate runs.
        assert_eq!(
            codes(&["2014/15", "2017/18", "2015", "2016"]),
            ["2015/16", "2016/17"]
        );
        // Runs of three months keep their kind; a quarter in step with
        // them is of the same run.
        assert_eq!(
            codes(&["2017-02..2017-04", "2017-08..2017-10", "2017/18 Q4"]),
            ["2017-05..2017-07"]
        );
        assert_eq!(codes(&["2016/17 Q1", "2016-10..2016-12"]), ["2016/17 Q2"]);
        // A figure of another length does not fill a monthly hole.
        assert_eq!(codes(&["2016-04", "2016/17 Q1", "2016-06"]), ["2016-05"]);
        assert!(codes(&["2016-04"]).is_empty());
        assert!(codes(&["2016-04", "2016/17 Q3", "2017"]).is_empty());
    }

    #[test]
    fn stated_words_are_compared_only_when_they_say_met_or_not() {
        for (words, meaning) in [
            ("On track", Some(true)),
            ("Achieved", Some(true)),
            ("  on-target ", Some(true)),
            ("Not achieved.", Some(false)),
            ("Off track", Some(false)),
            ("not met", Some(false)),
            ("Missed", Some(false)),
            ("At risk", None),
            ("Amber", None),
            ("Metropolitan", None),
        ] {
            assert_eq!(stated_meaning(words), meaning, "{words}");
        }
    }

    #[test]
    fn a_stated_gap_is_checked_to_the_places_printed() {
        let a = |gap, direction| AgainstTarget {
            text: "t".into(),
            gap,
            direction,
            target: None,
            location: crate::diagnostics::Location::file("f".into()),
        };
        let mut diags = Diagnostics::new();
        // 5,980 against 5,733: 4.308…% over, printed 4.3.
        let ok = check_against(
            &a(StatedGap::Percent(d("4.3")), OverUnder::Over),
            d("5980"),
            d("5980"),
            "5,980 against 5,733",
            d("5733"),
            "target",
            &mut diags,
        );
        assert_eq!(
            ok.map(|(v, checked)| (v.round_dp(4), checked.round_dp(4))),
            Some((d("4.3084"), d("4.3084")))
        );
        // 94.25 shown as 94.3 is 0.7 under 95 as shown, 0.75 (0.8) exactly:
        // both readings of the source's words are right; 0.6 is neither.
        for (stated, checked) in [("0.7", "-0.7"), ("0.8", "-0.75")] {
            let mut quiet = Diagnostics::new();
            let r = check_against(
                &a(StatedGap::Amount(d(stated)), OverUnder::Under),
                d("94.25"),
                d("94.3"),
                "94.3% against 95%",
                d("95"),
                "standard",
                &mut quiet,
            );
            assert_eq!(r, Some((d("-0.75"), d(checked))), "{stated}");
            assert!(quiet.is_empty(), "{stated}");
        }
        let mut wrong = Diagnostics::new();
        check_against(
            &a(StatedGap::Amount(d("0.6")), OverUnder::Under),
            d("94.25"),
            d("94.3"),
            "94.3% against 95%",
            d("95"),
            "standard",
            &mut wrong,
        );
        assert_eq!(wrong.iter().count(), 1);
        assert!(diags.is_empty());
        // The same words for the wrong side, or the wrong amount, are errors.
        check_against(
            &a(StatedGap::Percent(d("4.3")), OverUnder::Under),
            d("5980"),
            d("5980"),
            "5,980 against 5,733",
            d("5733"),
            "target",
            &mut diags,
        );
        check_against(
            &a(StatedGap::Amount(d("250")), OverUnder::Over),
            d("5980"),
            d("5980"),
            "5,980 against 5,733",
            d("5733"),
            "target",
            &mut diags,
        );
        let labels: Vec<String> = diags.iter().filter_map(|d| d.label.clone()).collect();
        assert_eq!(
            labels,
            [
                "stated 4.3% under, computed 4.3% over (5,980 against 5,733), difference 8.6%",
                "stated 250 over, computed 247 over (5,980 against 5,733), difference 3"
            ]
        );
    }

    #[test]
    fn commitments_combine_their_standards() {
        use Status::*;
        assert_eq!(combine(&[Met, Met]), Met);
        assert_eq!(combine(&[Met, NotMet]), NotMet);
        assert_eq!(combine(&[Met, NoData]), NoData);
        assert_eq!(combine(&[NoData, NotMet]), NotMet);
        assert_eq!(combine(&[Met, WithinTolerance]), WithinTolerance);
        assert_eq!(combine(&[]), NoData);
    }

    #[test]
    fn a_missing_figure_is_not_yet_due_only_before_it_can_exist() {
        let today = NaiveDate::from_ymd_opt(2017, 6, 1);
        let q = |y, q| Period::Quarter {
            start_year: y,
            quarter: q,
        };
        // The period has not ended.
        assert_eq!(
            missing(Some(q(2017, 1)), None, None, today),
            Status::NotYetDue
        );
        // Ended, and no update is pending.
        assert_eq!(missing(Some(q(2016, 3)), None, None, today), Status::NoData);
        // Ended, but the next update (after today) will bring it.
        let next = NaiveDate::from_ymd_opt(2017, 7, 1);
        assert_eq!(
            missing(Some(q(2016, 4)), Some(q(2016, 3)), next, today),
            Status::NotYetDue
        );
        // Without a build date nothing is "not yet due".
        assert_eq!(missing(Some(q(2017, 1)), None, None, None), Status::NoData);
    }
}

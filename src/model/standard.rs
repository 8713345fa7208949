//! National standards, the commitments that hold them, and progress figures.
//!
//! A standard is identified by its `id`; several entries with one id are
//! successive *versions* of the same standard (a threshold that changed),
//! told apart by their effective dates. A standard that was replaced by a
//! differently measured one names its successor in `replaced_by`.

use super::date::PartialDate;
use super::paper::Located;
use super::period::Period;
use super::Site;
use crate::diagnostics::Location;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Where a standard or a figure was published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citation {
    pub publisher: Option<String>,
    pub title: String,
    pub url: Option<String>,
    pub published: Option<PartialDate>,
    /// A paper on this site, as `board/meeting/paper`.
    pub paper: Option<Located<String>>,
    pub paragraph: Option<String>,
}

/// How a figure is compared with a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    AtLeast,
    AtMost,
    MoreThan,
    LessThan,
}

impl Comparator {
    pub const NAMES: [&'static str; 4] = ["at-least", "at-most", "more-than", "less-than"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "at-least" => Some(Self::AtLeast),
            "at-most" => Some(Self::AtMost),
            "more-than" => Some(Self::MoreThan),
            "less-than" => Some(Self::LessThan),
            _ => None,
        }
    }

    /// The comparator a target takes when none is written: at least for
    /// higher-is-better measures, at most for lower-is-better ones.
    pub fn for_polarity(polarity: Polarity) -> Self {
        match polarity {
            Polarity::HigherIsBetter => Self::AtLeast,
            Polarity::LowerIsBetter => Self::AtMost,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::AtLeast => "at least",
            Self::AtMost => "at most",
            Self::MoreThan => "more than",
            Self::LessThan => "less than",
        }
    }
}

/// The unit a standard is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureUnit {
    Percent,
    /// A rate per 1,000 (children's mental health access, infant deaths
    /// per 1,000 births).
    Per1k,
    /// A rate per 10,000.
    Per10k,
    /// A rate per 100,000 (the BCF metrics).
    Per100k,
    Count,
    Minutes,
    Weeks,
    Ratio,
}

impl MeasureUnit {
    pub const NAMES: [&'static str; 8] = [
        "%",
        "per-1000",
        "per-10000",
        "per-100000",
        "count",
        "minutes",
        "weeks",
        "ratio",
    ];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "%" => Some(Self::Percent),
            "per-1000" => Some(Self::Per1k),
            "per-10000" => Some(Self::Per10k),
            "per-100000" => Some(Self::Per100k),
            "count" => Some(Self::Count),
            "minutes" => Some(Self::Minutes),
            "weeks" => Some(Self::Weeks),
            "ratio" => Some(Self::Ratio),
            _ => None,
        }
    }

    /// The unit's name for another way of writing it (`percent`, `per
    /// cent`, `pct` → `%`; `mins` → `minutes`), for a did-you-mean hint;
    /// `None` for a name of its own or a word it does not know.
    pub fn alias(text: &str) -> Option<&'static str> {
        let t = text.trim().to_lowercase();
        Some(match t.as_str() {
            "percent" | "per cent" | "per-cent" | "percentage" | "pct" | "%age" => "%",
            "per 1,000" | "per 1000" | "per1000" | "per-1,000" | "per 1k" | "per-1k"
            | "rate per 1,000" => "per-1000",
            "per 10,000" | "per 10000" | "per10000" | "per-10,000" | "per 10k" | "per-10k"
            | "rate per 10,000" => "per-10000",
            "per 100,000" | "per 100000" | "per100000" | "per-100,000" | "per 100k"
            | "per-100k" | "rate per 100,000" => "per-100000",
            "number" | "numbers" | "no." | "cases" | "people" | "patients" => "count",
            "min" | "mins" | "minute" | "mins." => "minutes",
            "wk" | "wks" | "week" => "weeks",
            _ => return None,
        })
    }

    /// What a rate is per (1,000, 10,000 or 100,000); `None` for a unit
    /// that is not a rate.
    pub fn rate_base(self) -> Option<u32> {
        match self {
            Self::Per1k => Some(1_000),
            Self::Per10k => Some(10_000),
            Self::Per100k => Some(100_000),
            _ => None,
        }
    }

    /// What a rate is per, as written on a page: "1,000", "100,000".
    pub fn rate_base_text(self) -> Option<&'static str> {
        match self {
            Self::Per1k => Some("1,000"),
            Self::Per10k => Some("10,000"),
            Self::Per100k => Some("100,000"),
            _ => None,
        }
    }

    /// The base of a rate written as some unit this is not: `per-1000000`,
    /// `per million`, `per 500` give `Some(…)` (the base as written), so
    /// that no hint offers a rate per another base, which would publish
    /// the figure 10 or 100 times wrong.
    pub fn other_rate_base(text: &str) -> Option<String> {
        let t = text.trim().to_lowercase();
        let rest = t
            .strip_prefix("rate")
            .map(str::trim_start)
            .unwrap_or(&t)
            .strip_prefix("per")?
            .trim_start_matches([' ', '-', '_']);
        let base = rest.trim();
        let known = |b: &str| b.chars().all(|c| c.is_ascii_digit() || c == ',') && !b.is_empty();
        let named = matches!(
            base,
            "million" | "1m" | "thousand" | "1k" | "10k" | "100k" | "hundred"
        );
        (known(base) || named).then(|| base.to_string())
    }

    /// A count or a rate over a period: it adds up in time (a year's is
    /// its quarters' together), unlike a percentage, ratio or time.
    pub fn adds_up_in_time(self) -> bool {
        self == Self::Count || self.rate_base().is_some()
    }

    /// Text placed after a figure: `%`, ` per 100,000`, ` minutes`.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Percent => "%",
            Self::Per1k => " per 1,000",
            Self::Per10k => " per 10,000",
            Self::Per100k => " per 100,000",
            Self::Count | Self::Ratio => "",
            Self::Minutes => " minutes",
            Self::Weeks => " weeks",
        }
    }
}

/// The length of period a count or rate threshold is for: a count or a
/// rate over a period adds up in time (a year's admissions are its
/// quarters' together), so a threshold for a year cannot judge a quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdPeriod {
    Month,
    Quarter,
    Year,
    /// The figure is an average or a level, not a total over the period
    /// (delayed days per day): judged whatever its period's length.
    Any,
}

impl ThresholdPeriod {
    pub const NAMES: [&'static str; 4] = ["year", "quarter", "month", "any"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "month" => Some(Self::Month),
            "quarter" => Some(Self::Quarter),
            "year" => Some(Self::Year),
            "any" => Some(Self::Any),
            _ => None,
        }
    }

    /// The months a figure's period must cover to be judged; `None` for any.
    pub fn months(self) -> Option<u32> {
        match self {
            Self::Month => Some(1),
            Self::Quarter => Some(3),
            Self::Year => Some(12),
            Self::Any => None,
        }
    }

    /// "a whole year", "a quarter", "a month".
    pub fn words(self) -> &'static str {
        match self {
            Self::Month => "a month",
            Self::Quarter => "a quarter",
            Self::Year => "a whole year",
            Self::Any => "any period",
        }
    }
}

/// A period's length in words, as a threshold period's: "a quarter",
/// "a whole year", "a month", "3 months"... for runs of months.
pub fn period_length_words(months: u32) -> String {
    match months {
        1 => "a month".into(),
        3 => "a quarter".into(),
        12 => "a whole year".into(),
        n => format!("{n} months"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
}

impl Polarity {
    pub const NAMES: [&'static str; 2] = ["higher-is-better", "lower-is-better"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "higher-is-better" => Some(Self::HigherIsBetter),
            "lower-is-better" => Some(Self::LowerIsBetter),
            _ => None,
        }
    }
}

/// A measurable standard: a threshold, a comparator and a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standard {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub comparator: Comparator,
    pub threshold: Decimal,
    pub unit: MeasureUnit,
    /// A percentage that can pass 100 (activity against a plan or baseline,
    /// occupancy with escalation beds); otherwise a percentage is a share,
    /// from 0 to 100.
    pub can_exceed_100: bool,
    /// For a count or a rate: the length of period the threshold is for
    /// (required of a count or rate; `None` for any other unit). A figure
    /// for a period of another length is not judged against it.
    pub threshold_period: Option<ThresholdPeriod>,
    /// Decimal places the standard is stated to.
    pub precision: u32,
    pub polarity: Polarity,
    pub effective_from: Option<NaiveDate>,
    pub effective_to: Option<NaiveDate>,
    /// How far short of the threshold still counts as "within tolerance".
    pub tolerance: Option<Tolerance>,
    /// Where this standard is set out, when it is not the set's own source.
    pub source: Option<Citation>,
    /// The standard that replaced this one (a different measure).
    pub replaced_by: Option<Located<String>>,
    /// A caution or qualification shown wherever the standard is used.
    pub note: Option<String>,
    pub location: Location,
}

impl Standard {
    /// True when this version is in force on `day` (missing dates are open ends).
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.effective_from.is_none_or(|f| f <= day) && self.effective_to.is_none_or(|t| day <= t)
    }

    /// Whether a figure for `period` is judged against this version: its
    /// threshold is for a period of that length, or of any.
    pub fn judges(&self, period: crate::model::Period) -> bool {
        self.threshold_period
            .and_then(ThresholdPeriod::months)
            .is_none_or(|want| want == period.months())
    }

    /// Why a figure for `period` is not judged against this version: its
    /// threshold is for a period of another length. "the standard is for a
    /// whole year; this figure is for a quarter".
    pub fn not_assessed_for(&self, period: crate::model::Period) -> Option<String> {
        let tp = self.threshold_period?;
        (!self.judges(period)).then(|| {
            format!(
                "the standard is for {}; this figure is for {}",
                tp.words(),
                period_length_words(period.months())
            )
        })
    }

    /// True when the rule of two versions is the same: the same standard listed twice.
    pub fn same_rule(&self, other: &Standard) -> bool {
        self.comparator == other.comparator
            && self.threshold == other.threshold
            && self.unit == other.unit
            && self.can_exceed_100 == other.can_exceed_100
            && self.threshold_period == other.threshold_period
            && self.precision == other.precision
            && self.polarity == other.polarity
            && self.effective_from == other.effective_from
            && self.effective_to == other.effective_to
            && self.tolerance == other.tolerance
    }
}

/// How far a figure may miss its threshold and still be "within tolerance".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    /// Within this percentage of the threshold (10 → within 10% of it).
    PercentOfTarget(Decimal),
    /// Within this amount, in the standard's unit (percentage points for %).
    Amount(Decimal),
}

/// A standard with the set and commitment that hold it.
pub type StandardRef<'a> = (&'a StandardSet, &'a Commitment, &'a Standard);

impl Site {
    /// Every version of the standard `id`, oldest first (by effective_from;
    /// a version with no start date comes first).
    pub fn standard_versions(&self, id: &str) -> Vec<StandardRef<'_>> {
        let mut v: Vec<StandardRef<'_>> = self.standards().filter(|(_, _, s)| s.id == id).collect();
        v.sort_by_key(|(set, _, s)| {
            (
                s.effective_from,
                s.effective_to.is_none(),
                s.effective_to,
                set.id.clone(),
            )
        });
        v
    }

    /// The version of standard `id` in force on `day`: the standard in
    /// force at the end of a reporting period is the one a figure for that
    /// period is measured against.
    pub fn standard_in_force(&self, id: &str, day: NaiveDate) -> Option<StandardRef<'_>> {
        self.standard_versions(id)
            .into_iter()
            .rev()
            .find(|(_, _, s)| s.in_force_on(day))
    }
}

/// A commitment (a must-do, a BCF metric) with its measurable standards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    pub number: String,
    pub id: String,
    pub title: String,
    pub text: Option<String>,
    pub standards: Vec<Standard>,
}

/// A published set of commitments, e.g. the 2016/17 must-dos.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardSet {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub description: Option<String>,
    pub source: Citation,
    /// The period the set is for (the 2016/17 must-dos): its pages show
    /// the latest figure within it.
    pub period: Option<Period>,
    /// The areas the set reports on, when it says (a local set: one
    /// council's Better Care Fund metrics). Empty: every area with figures.
    pub areas: Vec<Located<String>>,
    pub items: Vec<Commitment>,
    /// The ids of standards in the set written wrongly (each reported where
    /// it is written): a series of one is not reported as unknown too.
    pub unreadable: Vec<String>,
    pub location: Location,
}

/// How a progress figure is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureValue {
    Direct(Decimal),
    /// A percentage from a numerator and denominator; `printed` is the
    /// percentage as the source printed it, to be checked against them.
    Ratio {
        numerator: Decimal,
        denominator: Decimal,
        printed: Option<Decimal>,
    },
    /// A rate per 100,000 from a count and a population, and the rate as
    /// printed, if given.
    Rate {
        count: Decimal,
        population: Decimal,
        printed: Option<Decimal>,
    },
}

/// What a series measures when no standard or target applies: "permanent
/// admissions to care homes, count". Its figures have no status but "No
/// target set".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metric {
    pub name: String,
    pub description: Option<String>,
    pub unit: MeasureUnit,
    /// A percentage that can pass 100 (see [`Standard::can_exceed_100`]).
    pub can_exceed_100: bool,
    /// Decimal places figures are shown to (and a printed rate is checked to).
    pub precision: u32,
    /// Which way is better, when the source says; without it a change is
    /// described as up or down only.
    pub polarity: Option<Polarity>,
}

/// Over or under a target, as a source words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverUnder {
    Over,
    Under,
}

/// How far from its target the source says a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatedGap {
    /// In per cent of the target: "4.3% over target".
    Percent(Decimal),
    /// In the measure's unit (percentage points for %): "12 under plan".
    Amount(Decimal),
}

/// A figure stated against its target by the source: the words verbatim,
/// and what they say, to be checked where the target is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgainstTarget {
    /// The source's words: "4.3% over target".
    pub text: String,
    pub gap: StatedGap,
    pub direction: OverUnder,
    /// A local target of the series, by name; otherwise the standard.
    pub target: Option<Located<String>>,
    pub location: Location,
}

/// One published figure of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressFigure {
    pub period: Period,
    pub value: FigureValue,
    pub source: Citation,
    pub note: Option<String>,
    /// Why the period is the clerk's inference: the source did not print it.
    pub period_inferred: Option<String>,
    /// A status in the source's own words: "On track", "Not achieved".
    pub stated_status: Option<Located<String>>,
    pub against_target: Option<AgainstTarget>,
    /// The source marks the figure as doubtful (provisional, revised, a
    /// data quality concern), and why.
    pub doubtful: Option<Doubtful>,
    /// The `[[figures]]` table.
    pub location: Location,
    /// The `value` written, where the figure has one: a printed rate its
    /// parts do not give is reported there.
    pub value_location: Option<Location>,
    /// The `numerator` written, where the figure has one: a numerator more
    /// than its denominator is reported there.
    pub numerator_location: Option<Location>,
    /// The `denominator` or `population` written, where the figure has one.
    pub divisor_location: Option<Location>,
}

/// A figure the source marks as not firm: "provisional", "revised", "data
/// quality concern", with the symbol it prints beside the figure, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubtful {
    /// Why, in words: "provisional: subject to validation".
    pub reason: String,
    /// The symbol the source prints beside the figure ("P", "R", "*").
    pub marker: Option<String>,
}

/// A period the file marks as having no figure (`blank = "suppressed"`),
/// with the reason in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlankPeriod {
    pub period: Period,
    pub reason: String,
    /// The source that says so, when the file names one.
    pub source: Option<Citation>,
    pub note: Option<String>,
    pub period_inferred: Option<String>,
    pub location: Location,
}

/// How a target's value is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetValue {
    /// A figure, e.g. 11.1.
    Absolute(Decimal),
    /// A change on a baseline: "a 1% reduction on the 2014/15 baseline".
    FromBaseline {
        /// The baseline period; its figure comes from the series unless
        /// `baseline_value` gives it.
        period: Period,
        value: Option<Decimal>,
        change: Change,
    },
}

/// A change on a baseline. Amounts and percentages are positive; the
/// variant says the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    ReducePercent(Decimal),
    IncreasePercent(Decimal),
    Reduce(Decimal),
    Increase(Decimal),
}

/// A local target beside the national standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub value: TargetValue,
    /// The period the target is for; without one it applies to the latest figure.
    pub period: Option<Period>,
    /// Defaults to at-least for higher-is-better standards, at-most otherwise.
    pub comparator: Option<Comparator>,
    pub tolerance: Option<Tolerance>,
    pub source: Option<Citation>,
    pub note: Option<String>,
    pub location: Location,
}

/// Figures for one standard (or one metric with no target) in one area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressSeries {
    pub id: String,
    /// The standard's id; `None` for a series with a `metric` instead.
    pub standard: Option<Located<String>>,
    /// A measure with no standard or target.
    pub metric: Option<Metric>,
    pub area: String,
    /// The standards sets the series belongs to, when it says. Empty: every
    /// set that lists its standard (and reports on its area).
    pub sets: Vec<Located<String>>,
    /// Oldest first.
    pub figures: Vec<ProgressFigure>,
    /// Periods the file says have no figure, oldest first.
    pub blanks: Vec<BlankPeriod>,
    pub targets: Vec<Target>,
    /// When the next figures are due to be published.
    pub next_update: Option<NaiveDate>,
    /// When the series was last updated, if the file says so (otherwise
    /// the latest publication date of its figures is used).
    pub updated: Option<NaiveDate>,
    /// A caution shown on the series page.
    pub note: Option<String>,
    pub location: Location,
}

//! National standards, the commitments that hold them, and progress figures.

use super::date::PartialDate;
use super::paper::Located;
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
    pub paper: Option<String>,
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
    Per100k,
    Count,
    Minutes,
    Weeks,
    Ratio,
}

impl MeasureUnit {
    pub const NAMES: [&'static str; 6] = ["%", "per-100000", "count", "minutes", "weeks", "ratio"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "%" => Some(Self::Percent),
            "per-100000" => Some(Self::Per100k),
            "count" => Some(Self::Count),
            "minutes" => Some(Self::Minutes),
            "weeks" => Some(Self::Weeks),
            "ratio" => Some(Self::Ratio),
            _ => None,
        }
    }

    /// Text placed after a figure: `%`, ` per 100,000`, ` minutes`.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Percent => "%",
            Self::Per100k => " per 100,000",
            Self::Count | Self::Ratio => "",
            Self::Minutes => " minutes",
            Self::Weeks => " weeks",
        }
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
    /// Decimal places the standard is stated to.
    pub precision: u32,
    pub polarity: Polarity,
    pub effective_from: Option<NaiveDate>,
    pub effective_to: Option<NaiveDate>,
    pub location: Location,
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
    pub items: Vec<Commitment>,
    pub location: Location,
}

/// A reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// Months from `from` to `to` inclusive, as (year, month); a single month has from == to.
    Months { from: (i32, u32), to: (i32, u32) },
    /// Quarter 1–4 of the financial year starting in April of `start_year`.
    Quarter { start_year: i32, quarter: u32 },
    /// The financial year April `start_year` to March `start_year + 1`.
    FinancialYear { start_year: i32 },
}

/// How a progress figure is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureValue {
    Direct(Decimal),
    /// A percentage from a numerator and denominator.
    Ratio {
        numerator: Decimal,
        denominator: Decimal,
    },
    /// A rate per 100,000 from a count and a population.
    Rate {
        count: Decimal,
        population: Decimal,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressFigure {
    pub period: Period,
    pub value: FigureValue,
    pub source: Citation,
    pub location: Location,
}

/// A local target beside the national standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub value: Decimal,
}

/// Figures for one standard in one area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressSeries {
    pub id: String,
    pub standard: Located<String>,
    pub area: String,
    pub figures: Vec<ProgressFigure>,
    pub targets: Vec<Target>,
    pub next_update: Option<NaiveDate>,
    pub location: Location,
}

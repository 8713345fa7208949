//! Plans and funds as written in `content/plans/<id>.toml`.
//!
//! Only what the source states is held here; every total is computed in
//! `calc::fund`, and the national conditions are assessed in
//! `calc::conditions`. A figure keeps the sign it was written with: a
//! deduction is negative because the file says so (`-2.183`, or an unsigned
//! figure with `sign = "minus"`), never because of its label.

use super::date::PartialDate;
use super::money::MoneyUnit;
use super::paper::Located;
use crate::diagnostics::Location;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A figure as written, with where it was written.
pub type Figure = Located<Decimal>;

/// A figure the source states (a total, a subtotal, a balance) to be checked
/// against the computed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub figure: Figure,
    /// Present only when the source really printed a figure that does not
    /// add up: why it is published as printed, and by how much it is out.
    pub overridden: Option<Override>,
}

impl Stated {
    /// The override's reason, if the figure is published under one.
    pub fn reason(&self) -> Option<&str> {
        self.overridden.as_ref().map(|o| o.reason.value.as_str())
    }
}

/// Why a printed figure that does not add up is published as printed, and
/// the difference (printed − computed) the writer found. The difference is
/// checked on every build, so an override explains exactly one mistake: if
/// any figure under it changes, the build fails instead of publishing a new
/// gap under an old reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The reason; its location is the whole override.
    pub reason: Located<String>,
    /// The difference it explains: printed − computed. Required; `None`
    /// only so that the check can name the figure to write when it is left
    /// out.
    pub difference: Option<Figure>,
}

/// Changes between consecutive years as the source prints them (a fund by
/// year only): one entry per pair of years, keyed in the file by the later
/// year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatedChanges {
    /// The change in money, later year less earlier year.
    pub amounts: Vec<Option<Stated>>,
    /// The change in per cent of the earlier year, with the decimal places
    /// the source prints (checked after rounding to them).
    pub percents: Vec<Option<Stated>>,
}

impl StatedChanges {
    pub fn empty(periods: usize) -> Self {
        let n = periods.saturating_sub(1);
        StatedChanges {
            amounts: vec![None; n],
            percents: vec![None; n],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.amounts
            .iter()
            .chain(&self.percents)
            .all(Option::is_none)
    }
}

/// Stated totals of one list of lines: one per period, and (for a fund by
/// year) one for all years together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatedSet {
    /// One entry per period of the fund (a single entry for a one-period fund).
    pub periods: Vec<Option<Stated>>,
    /// The total across all years (funds by year only).
    pub all: Option<Stated>,
    /// Printed changes between the years (funds by year only).
    pub changes: StatedChanges,
}

impl StatedSet {
    pub fn empty(periods: usize) -> Self {
        StatedSet {
            periods: vec![None; periods],
            all: None,
            changes: StatedChanges::empty(periods),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_none() && self.periods.iter().all(Option::is_none) && self.changes.is_empty()
    }
}

/// Where a plan's figures come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanSource {
    pub document: String,
    pub reference: Option<String>,
    pub url: Option<String>,
}

/// A body that contributes to or receives from a fund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub id: String,
    pub name: String,
    /// The short name the source prints ("KCC", "CCG").
    pub short: String,
}

/// What a line is. Only the sign written in the file decides whether it adds
/// or takes away; the kind says what the writer meant, so that a deduction
/// written without a sign is caught.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// An ordinary figure (a contribution, a scheme's spending, an underspend
    /// written with its minus sign).
    Amount,
    /// Takes away from the total: written negative, or unsigned with `sign = "minus"`.
    Deduction,
    /// Adds or takes away: written with an explicit `+` or `-`, or with `sign`.
    Adjustment,
}

impl LineKind {
    pub fn word(self) -> &'static str {
        match self {
            LineKind::Amount => "amount",
            LineKind::Deduction => "deduction",
            LineKind::Adjustment => "adjustment",
        }
    }
}

/// One line of a fund: a source, an application, a contribution, an item of
/// income or expenditure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundLine {
    pub label: String,
    pub body: Option<Located<String>>,
    /// The id of the group (declared in `[[funds.groups]]`) the line belongs to.
    pub group: Option<String>,
    pub kind: LineKind,
    /// One figure per period, signed as written; `None` is blank, not zero.
    pub amounts: Vec<Option<Figure>>,
    /// For a fund by year: the line's total across the years, as published.
    pub stated_total: Option<Stated>,
    /// For a fund by year: the changes between years, as published.
    pub stated_changes: StatedChanges,
    pub note: Option<String>,
    pub location: Location,
}

/// A group of lines with a subtotal (e.g. the contributions of one body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    /// The group's name as shown: its `label`, else its body's short name.
    pub label: String,
    pub body: Option<String>,
    pub stated: StatedSet,
    pub location: Location,
}

/// A list of lines, their groups and their stated totals: the sources or the
/// applications of a flow, the lines of a list, income or expenditure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineList {
    pub lines: Vec<FundLine>,
    /// Groups used by these lines, in declaration order.
    pub groups: Vec<Group>,
    pub stated: StatedSet,
}

impl LineList {
    /// The index of a group by id.
    pub fn group_index(&self, id: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.id == id)
    }
}

/// Sources of funds → pooled fund → applications of funds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub sources: LineList,
    pub applications: LineList,
    /// The pooled fund as stated (the middle column of a flow of funds).
    pub stated_pool: StatedSet,
    /// Why a flow whose applications do not equal its sources is published
    /// as printed (an override of the sources = applications check).
    pub unbalanced: Option<Unbalanced>,
}

/// A flow of funds published as printed although its applications do not
/// equal its sources: why, and the gap (sources − applications) it explains,
/// for each period where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbalanced {
    /// The reason; its location is the whole `unbalanced` table.
    pub reason: Located<String>,
    /// Sources − applications for each period of the fund; `None` where the
    /// file gives no difference (the period must then balance).
    pub differences: Vec<Option<Figure>>,
}

/// One scheme of a scheme × contributor matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    pub scheme: String,
    /// One cell per column of the matrix; `None` is a blank cell, not zero.
    pub cells: Vec<Option<Figure>>,
    pub stated_total: Option<Stated>,
    pub location: Location,
}

/// Schemes (rows) × contributing bodies (columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// Body ids, in column order.
    pub columns: Vec<String>,
    pub rows: Vec<MatrixRow>,
    /// Stated column totals, one per column where stated.
    pub stated_columns: Vec<Option<Stated>>,
    pub stated_total: Option<Stated>,
}

/// What a list of lines holds, which decides its chart and headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListRole {
    /// Money coming in, e.g. contributions grouped by body.
    Contributions,
    /// Money going out, e.g. expenditure by scheme or by partner.
    Spending,
}

/// One list of lines (contributions by body, expenditure by partner …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    pub role: ListRole,
    pub list: LineList,
}

/// What the balance of income less expenditure is, which decides the words
/// used for it. plansite never assumes: without `balance_is` the page says
/// only which is larger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BalanceMeaning {
    /// Only "income exceeds expenditure" or the reverse.
    Plain,
    /// An outturn against a budget: a positive balance is an underspend, a
    /// negative one an overspend.
    Underspend,
    /// Money held: a positive balance is cash in hand (or carried forward),
    /// a negative one a deficit.
    Cash,
}

impl BalanceMeaning {
    pub const NAMES: [&'static str; 3] = ["plain", "underspend", "cash"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "plain" => Some(Self::Plain),
            "underspend" => Some(Self::Underspend),
            "cash" => Some(Self::Cash),
            _ => None,
        }
    }
}

/// Income and expenditure, and the balance between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub income: LineList,
    pub expenditure: LineList,
    /// Income less expenditure, as stated.
    pub stated_balance: StatedSet,
    /// What the balance is (`balance_is`).
    pub meaning: BalanceMeaning,
    /// The balance row's name as the source prints it (`balance_label`).
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FundShape {
    Flow(Flow),
    Matrix(Matrix),
    Lines(Lines),
    Balance(Balance),
}

impl FundShape {
    pub fn name(&self) -> &'static str {
        match self {
            FundShape::Flow(_) => "flow",
            FundShape::Matrix(_) => "matrix",
            FundShape::Lines(_) => "lines",
            FundShape::Balance(_) => "balance",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fund {
    pub id: String,
    pub title: String,
    /// The unit this fund's figures are written in (the plan's unless the
    /// fund gives its own).
    pub unit: MoneyUnit,
    /// The years shown side by side ("2017/18", "2018/19"); empty for a fund
    /// of one period.
    pub years: Vec<String>,
    /// The period of a fund of one period when it is not the plan's (a
    /// 2015/16 out-turn reported in a 2017/18 plan), as the source writes
    /// it; `None` means the plan's period. Never given with `years`.
    pub period: Option<String>,
    /// Whether list totals add the group subtotals as printed (as the
    /// source did) rather than the lines (`totals_from`).
    pub totals_from: TotalsFrom,
    pub shape: FundShape,
    /// Notes shown under the fund's tables.
    pub notes: Vec<String>,
    /// Whether the fund's table shows the change from each column to the
    /// next: not where its columns are kept as printed out of the order of
    /// their periods (`years_order = "as-written"` over an approved budget,
    /// the carry forward from the year before and the revised budget).
    pub shows_changes: bool,
    /// Whether the fund's columns are added up into a total for all years
    /// (see [`crate::calc::fund::years_add_up`]).
    pub adds_up: bool,
    pub location: Location,
}

impl Fund {
    /// How many periods each line has figures for (1 for a one-period fund).
    pub fn period_count(&self) -> usize {
        self.years.len().max(1)
    }

    pub fn by_year(&self) -> bool {
        !self.years.is_empty()
    }

    /// The period shown for a fund of one period: its own, else the
    /// plan's (`None` when neither gives one).
    pub fn period_in<'a>(&'a self, plan: &'a Plan) -> Option<&'a str> {
        self.period.as_deref().or(plan.period.as_deref())
    }

    /// The period of a fund of one period that is not its plan's, as
    /// written (`None` for a fund by years, or one for the plan's period).
    pub fn own_period<'a>(&'a self, plan: &Plan) -> Option<&'a str> {
        self.period
            .as_deref()
            .filter(|own| !self.by_year() && plan.period.as_deref() != Some(own))
    }
}

/// What a list's total is added up from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalsFrom {
    /// The lines (the default).
    Lines,
    /// Each group's subtotal as printed (an override's printed figure
    /// included) and the lines in no group, as a source that added up its
    /// own subtotals did: one override on a subtotal then explains the
    /// totals built on it.
    PrintedSubtotals,
}

/// Which list of a fund a measure looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListName {
    Sources,
    Applications,
    Lines,
    Income,
    Expenditure,
}

impl ListName {
    pub fn word(self) -> &'static str {
        match self {
            ListName::Sources => "sources",
            ListName::Applications => "applications",
            ListName::Lines => "lines",
            ListName::Income => "income",
            ListName::Expenditure => "expenditure",
        }
    }
}

/// A figure of a fund, named in a paper's `{{ figure }}` shortcode or in a
/// national condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// The fund's grand total: the pool of a flow, the total of a matrix or a
    /// list, the income of a balance.
    Total,
    /// The total of one list (sources, applications, income, expenditure).
    ListTotal(ListName),
    /// Income less expenditure.
    Balance,
    /// One line, by its label or its body id; in one list or any.
    Line(Option<ListName>, String),
    /// A group's subtotal, by group id.
    Group(String),
    /// A matrix column total, by body id.
    Column(String),
    /// A matrix row total, by scheme name.
    Scheme(String),
}

/// A figure used by a national condition: written in the plan, or taken from
/// one of its funds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureSource {
    Given(Figure),
    Fund {
        fund: Located<String>,
        measure: Measure,
        /// The year to take; defaults to the condition's year.
        year: Option<String>,
        location: Location,
    },
}

impl FigureSource {
    pub fn location(&self) -> &Location {
        match self {
            FigureSource::Given(f) => &f.location,
            FigureSource::Fund { location, .. } => location,
        }
    }
}

/// National condition: the minimum contribution to the pooled fund is at
/// least the BCF allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinimumContribution {
    pub year: Option<String>,
    pub allocation: Option<FigureSource>,
    pub contribution: Option<FigureSource>,
    pub location: Location,
}

/// National condition: social care spending from the CCG minimum is
/// maintained in real terms: this year ≥ last year × (1 + inflation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialCare {
    pub year: Option<String>,
    pub previous_year: Option<String>,
    pub previous: Option<FigureSource>,
    pub current: Option<FigureSource>,
    /// Inflation in per cent (1.79 means 1.79%).
    pub inflation_percent: Option<Figure>,
    pub location: Location,
}

/// National condition: at least the required share of the allocation is
/// invested in NHS-commissioned out-of-hospital services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfHospital {
    pub year: Option<String>,
    pub spend: Option<FigureSource>,
    /// What the share is of (normally the CCG minimum allocation).
    pub base: Option<FigureSource>,
    /// In per cent.
    pub required_share_percent: Option<Figure>,
    pub location: Location,
}

/// One recorded sign-off of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOffRecord {
    pub by: String,
    /// As precise as the source gives it ("January 2015" is enough).
    pub date: PartialDate,
}

/// National condition: the plan is signed off (by whom, when).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOff {
    /// The national submission deadline, when the data gives one.
    pub deadline: Option<NaiveDate>,
    /// `None` when the data does not say; `Some(empty)` when it says no one has.
    pub signed: Option<Vec<SignOffRecord>>,
    pub location: Location,
}

/// The BCF national conditions as the plan data gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conditions {
    /// Which policy framework the conditions come from (free text).
    pub framework: Option<String>,
    pub note: Option<String>,
    pub minimum_contribution: Vec<MinimumContribution>,
    pub social_care: Vec<SocialCare>,
    pub out_of_hospital: Vec<OutOfHospital>,
    pub sign_off: Option<SignOff>,
    pub location: Location,
}

/// A plan: bodies, funds and where the figures come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub area: Option<String>,
    pub period: Option<String>,
    pub unit: MoneyUnit,
    /// The paper that publishes the plan, as `board/meeting/paper`.
    pub paper: Option<Located<String>>,
    pub source: PlanSource,
    pub bodies: Vec<Body>,
    pub funds: Vec<Fund>,
    /// Ids of funds left out because of mistakes reported with them: a
    /// reference to one is not reported again as a fund that does not exist.
    pub unreadable_funds: Vec<String>,
    pub conditions: Option<Conditions>,
    pub location: Location,
}

impl Plan {
    /// A plan with no bodies, funds or conditions, for unit tests to fill in
    /// (`Plan { funds, ..Plan::empty_for_tests(location) }`).
    #[cfg(test)]
    pub(crate) fn empty_for_tests(location: Location) -> Plan {
        Plan {
            id: "p".into(),
            title: "P".into(),
            area: None,
            period: None,
            unit: MoneyUnit::Thousands,
            paper: None,
            source: Default::default(),
            bodies: vec![],
            funds: vec![],
            unreadable_funds: vec![],
            conditions: None,
            location,
        }
    }

    pub fn body(&self, id: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.id == id)
    }

    pub fn fund(&self, id: &str) -> Option<&Fund> {
        self.funds.iter().find(|f| f.id == id)
    }
}

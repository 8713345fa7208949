//! Monthly tables: a year of a performance report as printed, measures as
//! rows and months as columns. A table holds no figures of its own: each
//! row names a progress series, whose monthly figures (and blanks) fill the
//! cells, so a figure, its source, its status and its open data stay in one
//! place. A row may add what only the report prints: its own year-to-date
//! figure, and a yearly cap (a ceiling) that the year-to-date count is
//! compared with.

use super::paper::Located;
use super::period::{Period, YearMonth};
use super::standard::Citation;
use crate::diagnostics::Location;
use rust_decimal::Decimal;

/// A yearly cap on a count: "an annual ceiling of 40".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCap {
    pub value: Decimal,
    /// The cap's name as the source prints it ("annual ceiling"); "yearly
    /// cap" when the file does not say.
    pub name: Option<String>,
    pub source: Option<Citation>,
    pub location: Location,
}

/// One row of a monthly table: a measure, from a progress series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The progress series that holds the row's figures.
    pub series: Located<String>,
    /// The row's label as printed; the series' measure name otherwise.
    pub label: Option<String>,
    /// The year-to-date figure the source prints (to the table's last
    /// month), to be checked against the sum of the months.
    pub ytd: Option<Located<Decimal>>,
    pub cap: Option<YearCap>,
    /// What this table's report printed for months a later report
    /// revised (`printed = { "2016-10" = 4 }`): the table shows these, as
    /// its report printed them, with the revision beside them.
    /// Each with where its month (the key) and its figure are written.
    pub printed: Vec<(Located<YearMonth>, Located<Decimal>)>,
    /// Where the row says `add_up = true`: the months of a count are added
    /// up although the source prints no year to date. Without it, `ytd` or
    /// `cap`, a count is not added up (it may be a position at each
    /// month's end, such as patients waiting over 52 weeks).
    pub add_up: Option<Location>,
    pub note: Option<String>,
    pub location: Location,
}

/// A year of monthly figures as a report prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyTable {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The year the columns run over: a financial year (April to March) or
    /// a calendar year (January to December).
    pub year: Period,
    /// The last month the table reports ("data to December 2016"), when
    /// the file says; months after it are not yet due.
    pub to: Option<Located<YearMonth>>,
    /// Where the table is printed.
    pub source: Option<Citation>,
    pub note: Option<String>,
    pub rows: Vec<TableRow>,
    pub location: Location,
}

impl MonthlyTable {
    /// The twelve months of the table's year, in order.
    pub fn months(&self) -> Vec<YearMonth> {
        let (y, m) = self.year.first_month();
        (0..12)
            .map(|i| {
                let i = m - 1 + i;
                (y + (i / 12) as i32, i % 12 + 1)
            })
            .collect()
    }
}

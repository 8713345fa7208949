//! Dates as precise as the source gives them: a year, a month or a day.

use chrono::NaiveDate;
use std::fmt;

/// A date known to a year, a month or a day. Ordered by its first possible day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

impl PartialDate {
    /// Parses `2017`, `2017-07` or `2017-07-19`.
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Vec<&str> = text.split('-').collect();
        let num = |s: &str, len: usize| -> Option<u32> {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        match parts.as_slice() {
            [y] => Some(PartialDate::Year(num(y, 4)? as i32)),
            [y, m] => {
                let (y, m) = (num(y, 4)? as i32, num(m, 2)?);
                (1..=12).contains(&m).then_some(PartialDate::Month(y, m))
            }
            [y, m, d] => NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, num(d, 2)?)
                .map(PartialDate::Day),
            _ => None,
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        match self {
            PartialDate::Year(y) | PartialDate::Month(y, _) => y,
            PartialDate::Day(d) => chrono::Datelike::year(&d),
        }
    }

    /// The first day the date can mean.
    pub fn first_day(self) -> NaiveDate {
        match self {
            PartialDate::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1),
            PartialDate::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
            PartialDate::Day(d) => Some(d),
        }
        .unwrap_or(NaiveDate::MIN)
    }

    pub fn day(self) -> Option<NaiveDate> {
        match self {
            PartialDate::Day(d) => Some(d),
            _ => None,
        }
    }

    /// ISO 8601 text at the known precision: `2017`, `2017-07`, `2017-07-19`.
    pub fn iso(self) -> String {
        match self {
            PartialDate::Year(y) => format!("{y:04}"),
            PartialDate::Month(y, m) => format!("{y:04}-{m:02}"),
            PartialDate::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// Plain English, as GOV.UK writes dates: `27 January 2016`, `July 2017`, `2017`.
    pub fn long(self) -> String {
        match self {
            PartialDate::Year(y) => format!("{y}"),
            PartialDate::Month(..) => self.first_day().format("%B %Y").to_string(),
            PartialDate::Day(d) => d.format("%-d %B %Y").to_string(),
        }
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.first_day()
            .cmp(&other.first_day())
            .then_with(|| self.iso().len().cmp(&other.iso().len()))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.long())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_rejects_impossible_dates() {
        assert_eq!(PartialDate::parse("2017"), Some(PartialDate::Year(2017)));
        assert_eq!(
            PartialDate::parse("2017-07"),
            Some(PartialDate::Month(2017, 7))
        );
        assert_eq!(
            PartialDate::parse("2016-01-27").map(|d| d.long()),
            Some("27 January 2016".into())
        );
        assert_eq!(PartialDate::parse("2017-02-30"), None);
        assert_eq!(PartialDate::parse("2017-13"), None);
        assert_eq!(PartialDate::parse("17-01-01"), None);
    }
}

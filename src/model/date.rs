//! Dates as precise as the source gives them: a year, a month or a day.

use chrono::NaiveDate;
use std::fmt;

/// A date known to a year, a month or a day. Ordered by its first possible day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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

    /// The last day the date can mean.
    pub fn last_day(self) -> NaiveDate {
        match self {
            PartialDate::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31),
            PartialDate::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.pred_opt()),
            PartialDate::Day(d) => Some(d),
        }
        .unwrap_or(NaiveDate::MAX)
    }

    /// Whether this date is certainly before `other`: every day it can mean
    /// comes before every day `other` can mean.
    pub fn surely_before(self, other: PartialDate) -> bool {
        self.last_day() < other.first_day()
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

/// A meeting's date: as precise as the source gives it, or not stated at
/// all (`date = "not-stated"`). A meeting whose date is not stated sorts
/// before every dated meeting, so that lists drawn newest first end with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum MeetingDate {
    Known(PartialDate),
    NotStated,
}

impl MeetingDate {
    /// How a clerk writes a date the source does not give.
    pub const NOT_STATED: &'static str = "not-stated";

    /// Parses a [`PartialDate`] or `not-stated`.
    pub fn parse(text: &str) -> Option<Self> {
        if text == Self::NOT_STATED {
            return Some(MeetingDate::NotStated);
        }
        PartialDate::parse(text).map(MeetingDate::Known)
    }

    pub fn known(self) -> Option<PartialDate> {
        match self {
            MeetingDate::Known(d) => Some(d),
            MeetingDate::NotStated => None,
        }
    }

    /// The day, when the date is known to the day.
    pub fn day(self) -> Option<NaiveDate> {
        self.known().and_then(PartialDate::day)
    }

    /// ISO 8601 text at the known precision; `None` when not stated.
    pub fn iso(self) -> Option<String> {
        self.known().map(PartialDate::iso)
    }

    /// The ISO text, or `not-stated`, as a clerk writes it.
    pub fn written(self) -> String {
        self.iso().unwrap_or_else(|| Self::NOT_STATED.to_string())
    }

    /// Plain English: `27 January 2016`, `2017`, or `Date not known`.
    pub fn long(self) -> String {
        match self {
            MeetingDate::Known(d) => d.long(),
            MeetingDate::NotStated => "Date not known".to_string(),
        }
    }
}

impl PartialOrd for MeetingDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MeetingDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            (MeetingDate::Known(a), MeetingDate::Known(b)) => a.cmp(b),
            (MeetingDate::NotStated, MeetingDate::NotStated) => std::cmp::Ordering::Equal,
            (MeetingDate::NotStated, _) => std::cmp::Ordering::Less,
            (_, MeetingDate::NotStated) => std::cmp::Ordering::Greater,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_dates_parse_every_documented_form_and_sort_unknown_first() {
        assert_eq!(
            MeetingDate::parse("not-stated"),
            Some(MeetingDate::NotStated)
        );
        assert_eq!(
            MeetingDate::parse("2017"),
            Some(MeetingDate::Known(PartialDate::Year(2017)))
        );
        assert_eq!(MeetingDate::parse("unknown"), None);
        assert_eq!(MeetingDate::parse("Not-stated"), None);
        let mut dates: Vec<MeetingDate> = ["2017-07-19", "not-stated", "2017", "2016-01"]
            .iter()
            .filter_map(|t| MeetingDate::parse(t))
            .collect();
        dates.sort();
        let written: Vec<String> = dates.iter().map(|d| d.written()).collect();
        assert_eq!(written, ["not-stated", "2016-01", "2017", "2017-07-19"]);
        assert_eq!(MeetingDate::NotStated.long(), "Date not known");
        assert_eq!(MeetingDate::NotStated.iso(), None);
    }

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

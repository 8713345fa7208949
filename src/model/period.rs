//! Reporting periods: a month, a run of months, a quarter or a year of the
//! financial year (April to March), or a calendar year.
//!
//! A period is a span of whole months. Periods are ordered by when they
//! end, then by when they start (so a quarter comes before the last month in
//! it), and two periods covering the same months are the same period
//! whatever they are called ([`Period::same_span`]). Naming a period in
//! words is the renderer's job; parsing it from text is `content`'s.

use chrono::NaiveDate;
use std::cmp::Ordering;

/// A (year, month) pair, month 1–12.
pub type YearMonth = (i32, u32);

/// A reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// Months from `from` to `to` inclusive, as (year, month); a single month has from == to.
    Months { from: YearMonth, to: YearMonth },
    /// Quarter 1–4 of the financial year starting in April of `start_year`
    /// (quarter 1 is April to June).
    Quarter { start_year: i32, quarter: u32 },
    /// The financial year April `start_year` to March `start_year + 1`.
    FinancialYear { start_year: i32 },
    /// January to December of `year`.
    CalendarYear { year: i32 },
}

/// Months since year 0: a number that orders and subtracts like months.
fn index((y, m): YearMonth) -> i64 {
    i64::from(y) * 12 + i64::from(m) - 1
}

fn from_index(i: i64) -> YearMonth {
    (i.div_euclid(12) as i32, (i.rem_euclid(12) + 1) as u32)
}

impl Period {
    /// The first month of the period.
    pub fn first_month(self) -> YearMonth {
        match self {
            Period::Months { from, .. } => from,
            Period::Quarter {
                start_year,
                quarter,
            } => from_index(index((start_year, 4)) + i64::from(quarter.saturating_sub(1)) * 3),
            Period::FinancialYear { start_year } => (start_year, 4),
            Period::CalendarYear { year } => (year, 1),
        }
    }

    /// The last month of the period.
    pub fn last_month(self) -> YearMonth {
        match self {
            Period::Months { to, .. } => to,
            other => from_index(index(other.first_month()) + i64::from(other.months()) - 1),
        }
    }

    /// How many months the period covers.
    pub fn months(self) -> u32 {
        match self {
            Period::Months { from, to } => (index(to) - index(from) + 1).max(1) as u32,
            Period::Quarter { .. } => 3,
            Period::FinancialYear { .. } | Period::CalendarYear { .. } => 12,
        }
    }

    /// The first day of the period.
    pub fn start_date(self) -> NaiveDate {
        let (y, m) = self.first_month();
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the period.
    pub fn end_date(self) -> NaiveDate {
        let (y, m) = from_index(index(self.last_month()) + 1);
        NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// True when both periods cover exactly the same months
    /// (`2016/17 Q3` and `2016-10..2016-12`).
    pub fn same_span(self, other: Period) -> bool {
        self.first_month() == other.first_month() && self.last_month() == other.last_month()
    }

    /// True when `self` lies wholly inside `other`.
    pub fn within(self, other: Period) -> bool {
        index(self.first_month()) >= index(other.first_month())
            && index(self.last_month()) <= index(other.last_month())
    }

    /// The same kind of period moved by `months` (negative: earlier). A
    /// quarter or year moved by a whole number of quarters or years stays a
    /// quarter or year; otherwise the result is a run of months.
    pub fn shifted(self, months: i64) -> Period {
        let from = from_index(index(self.first_month()) + months);
        let to = from_index(index(self.last_month()) + months);
        match self {
            Period::Quarter { .. } if months % 3 == 0 => {
                let fy_start = if from.1 >= 4 { from.0 } else { from.0 - 1 };
                let quarter = ((index(from) - index((fy_start, 4))) / 3 + 1) as u32;
                Period::Quarter {
                    start_year: fy_start,
                    quarter,
                }
            }
            Period::FinancialYear { .. } if months % 12 == 0 => {
                Period::FinancialYear { start_year: from.0 }
            }
            Period::CalendarYear { .. } if months % 12 == 0 => {
                Period::CalendarYear { year: from.0 }
            }
            _ => Period::Months { from, to },
        }
    }

    /// The period of the same length that ends just before this one starts.
    pub fn previous(self) -> Period {
        self.shifted(-i64::from(self.months()))
    }

    /// The same period one year earlier.
    pub fn year_earlier(self) -> Period {
        self.shifted(-12)
    }

    /// The period as it is written in content files: `2016-12`,
    /// `2017-02..2017-04`, `2016/17 Q3`, `2016/17`, `2016`.
    pub fn code(self) -> String {
        let fy = |y: i32| format!("{y}/{:02}", (y + 1).rem_euclid(100));
        match self {
            Period::Months { from, to } if from == to => format!("{}-{:02}", from.0, from.1),
            Period::Months { from, to } => {
                format!("{}-{:02}..{}-{:02}", from.0, from.1, to.0, to.1)
            }
            Period::Quarter {
                start_year,
                quarter,
            } => format!("{} Q{quarter}", fy(start_year)),
            Period::FinancialYear { start_year } => fy(start_year),
            Period::CalendarYear { year } => format!("{year}"),
        }
    }

    fn rank(self) -> u8 {
        match self {
            Period::Months { .. } => 0,
            Period::Quarter { .. } => 1,
            Period::FinancialYear { .. } => 2,
            Period::CalendarYear { .. } => 3,
        }
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    /// By the month the period ends, then the month it starts, then its kind.
    fn cmp(&self, other: &Self) -> Ordering {
        index(self.last_month())
            .cmp(&index(other.last_month()))
            .then_with(|| index(self.first_month()).cmp(&index(other.first_month())))
            .then_with(|| self.rank().cmp(&other.rank()))
            .then_with(|| self.code().cmp(&other.code()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(start_year: i32, quarter: u32) -> Period {
        Period::Quarter {
            start_year,
            quarter,
        }
    }

    fn month(y: i32, m: u32) -> Period {
        Period::Months {
            from: (y, m),
            to: (y, m),
        }
    }

    #[test]
    fn quarters_follow_the_financial_year() {
        assert_eq!(q(2016, 1).first_month(), (2016, 4));
        assert_eq!(q(2016, 3).first_month(), (2016, 10));
        assert_eq!(q(2016, 3).last_month(), (2016, 12));
        assert_eq!(q(2016, 4).first_month(), (2017, 1));
        assert_eq!(
            q(2016, 4).end_date(),
            NaiveDate::from_ymd_opt(2017, 3, 31).expect("date")
        );
        assert_eq!(
            Period::FinancialYear { start_year: 2016 }.end_date(),
            NaiveDate::from_ymd_opt(2017, 3, 31).expect("date")
        );
        assert_eq!(
            month(2016, 2).end_date(),
            NaiveDate::from_ymd_opt(2016, 2, 29).expect("date")
        );
    }

    #[test]
    fn previous_and_year_earlier_keep_the_kind() {
        assert_eq!(q(2016, 1).previous(), q(2015, 4));
        assert_eq!(q(2016, 3).year_earlier(), q(2015, 3));
        assert_eq!(month(2017, 1).previous(), month(2016, 12));
        let feb_apr = Period::Months {
            from: (2017, 2),
            to: (2017, 4),
        };
        assert_eq!(
            feb_apr.previous(),
            Period::Months {
                from: (2016, 11),
                to: (2017, 1)
            }
        );
        assert_eq!(
            Period::FinancialYear { start_year: 2015 }.previous(),
            Period::FinancialYear { start_year: 2014 }
        );
        assert_eq!(
            Period::CalendarYear { year: 2017 }.year_earlier(),
            Period::CalendarYear { year: 2016 }
        );
    }

    #[test]
    fn ordered_by_end_then_start_whatever_the_kind() {
        let mut ps = [
            Period::FinancialYear { start_year: 2016 },
            month(2016, 12),
            q(2016, 3),
            month(2016, 11),
            Period::CalendarYear { year: 2016 },
        ];
        ps.sort();
        let codes: Vec<String> = ps.iter().map(|p| p.code()).collect();
        assert_eq!(
            codes,
            ["2016-11", "2016", "2016/17 Q3", "2016-12", "2016/17"]
        );
        assert!(q(2016, 3).same_span(Period::Months {
            from: (2016, 10),
            to: (2016, 12)
        }));
        assert!(month(2016, 11).within(q(2016, 3)));
        assert!(!q(2016, 3).within(month(2016, 11)));
    }
}

//! Monthly table files: `content/tables/<table>.toml` → [`MonthlyTable`]:
//! a year of a report's monthly figures, one row per progress series, with
//! the year-to-date figure and yearly cap a report prints. The figures
//! themselves stay in the series files; this parser checks only the
//! table's own fields (the year, the last month, the rows' shape). Which
//! series exist, and whether the figures add up, is `calc::table`'s.

use super::progress::{figure_number, month_meant, parse_period, read_period};
use super::standards::RawCitation;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{Located, MonthlyTable, Period, TableRow, YearCap};
use crate::source::{SourceFile, Spanned, TomlReader};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    title: Spanned<String>,
    description: Option<Spanned<String>>,
    year: Spanned<String>,
    to: Option<Spanned<String>>,
    source: Option<RawCitation>,
    note: Option<Spanned<String>>,
    #[serde(default)]
    rows: Vec<Spanned<RawRow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    series: Spanned<String>,
    label: Option<Spanned<String>>,
    ytd: Option<Spanned<toml::Value>>,
    cap: Option<Spanned<RawCap>>,
    add_up: Option<Spanned<bool>>,
    /// `printed = { "2016-10" = 4 }`: what this table's report printed
    /// for a month a later report revised.
    printed: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    note: Option<Spanned<String>>,
}

/// `cap = { value = 40, name = "annual ceiling" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCap {
    value: Spanned<toml::Value>,
    name: Option<Spanned<String>>,
    source: Option<RawCitation>,
}

const PRINTED_HINT: &str = "write the figure as this table's report printed it, as a number: printed = { \"2016-10\" = 4 }";

const NUMBER_HINT: &str = "write the figure as the source prints it, as a number: ytd = 23, cap = { value = 40 }; where the source prints none, leave the field out";

/// Parses one monthly table; `id` is its file name without `.toml`.
/// `2016-13`: four digits, a hyphen and two.
fn is_year_and_two_digits(text: &str) -> bool {
    text.split_once('-').is_some_and(|(y, m)| {
        y.len() == 4 && m.len() == 2 && y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
    })
}

pub fn parse_table(id: &str, file: &SourceFile, diags: &mut Diagnostics) -> Option<MonthlyTable> {
    let mut r = TomlReader::new(file, 0, diags);
    let raw: RawTable = r.parse(&file.text.clone())?;
    let year = match read_period(&mut r, &raw.year, "year")? {
        p @ (Period::FinancialYear { .. } | Period::CalendarYear { .. }) => p,
        other => {
            return r.error_at(
                &raw.year,
                Diagnostic::error(format!(
                    "a monthly table runs over a year, not \"{}\"",
                    other.code()
                ))
                .hint("write a financial year, year = \"2016/17\" (April to March), or a calendar year, year = \"2016\""),
            )
        }
    };
    let to = match &raw.to {
        None => None,
        // (`2016-13` is left to the period reader: "there is no month 13".)
        Some(t)
            if parse_period(t.get_ref()).is_none()
                && !is_year_and_two_digits(t.get_ref().trim()) =>
        {
            // `to` is a month: the hint is the month meant, or the form
            // with no month guessed (a guess of the year's last month
            // would show the months after the real one as "No data").
            let hint = match month_meant(t.get_ref()) {
                Some((y, m)) => format!("`to` is the last month the table reports: write it as year and month, YYYY-MM: to = \"{y}-{m:02}\""),
                None => {
                    let ((y0, m0), (y1, m1)) = (year.first_month(), year.last_month());
                    format!("`to` is the last month the table reports: write it as year and month, YYYY-MM, from {y0}-{m0:02} to {y1}-{m1:02}")
                }
            };
            return r.error_at(
                t,
                Diagnostic::error(format!("unknown month \"{}\"", t.get_ref().trim())).hint(hint),
            );
        }
        Some(t) => match read_period(&mut r, t, "to")? {
            Period::Months { from, to }
                if from == to && Period::Months { from, to }.within(year) =>
            {
                Some(Located {
                    value: from,
                    location: r.loc_of(t),
                })
            }
            other => {
                let (y0, m0) = year.first_month();
                let (y1, m1) = year.last_month();
                // A quarter or run within the year ends on the month meant
                // ("2023/24 Q3" is to December 2023). A month outside the
                // year is not guessed at: 2017-11 in 2016/17 may be
                // November 2016 or a table of the wrong year, and the
                // year's last month would show the months after the real
                // one as "No data".
                let meant = other.within(year).then(|| other.last_month());
                return r.error_at(
                    t,
                    Diagnostic::error(format!(
                        "`to` is the last month the table reports, and \"{}\" is not a month of {}",
                        other.code(),
                        year.code()
                    ))
                    .hint(match meant {
                        Some((ye, me)) => format!(
                            "write one month from {y0}-{m0:02} to {y1}-{m1:02}: to = \"{ye}-{me:02}\""
                        ),
                        None => format!(
                            "write one month from {y0}-{m0:02} to {y1}-{m1:02}, or correct the table's year"
                        ),
                    }),
                );
            }
        },
    };
    let mut rows = Vec::new();
    for row in &raw.rows {
        let location = r.loc_of(row);
        let row = row.get_ref();
        let ytd = row.ytd.as_ref().and_then(|v| {
            let location = r.loc_of(v);
            figure_number(&mut r, v, NUMBER_HINT).map(|value| Located { value, location })
        });
        let cap = row.cap.as_ref().and_then(|c| {
            let location = r.loc_of(c);
            let c = c.get_ref();
            let value = figure_number(&mut r, &c.value, NUMBER_HINT)?;
            if value.is_sign_negative() {
                return r.error_at(
                    &c.value,
                    Diagnostic::error(format!("a yearly cap of {value} is below zero"))
                        .hint("write the cap as the source prints it: cap = { value = 40 }"),
                );
            }
            Some(YearCap {
                value,
                name: r.opt_text(&c.name, "name"),
                source: c.source.as_ref().map(|s| s.read(&mut r)),
                location,
            })
        });
        let mut printed = Vec::new();
        let mut months_seen: Vec<(crate::model::YearMonth, Location)> = Vec::new();
        // In the order written, so a month given twice (as "2016-10" and
        // "2016-10..2016-10", or " 2016-10") is reported at the second.
        let mut entries: Vec<_> = row.printed.iter().flatten().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        for (key, v) in entries {
            let month = key.get_ref();
            let within = match parse_period(month.trim()) {
                Some(p @ Period::Months { from, to }) if from == to && p.within(year) => Some(from),
                _ => None,
            };
            let Some(m) = within else {
                let ((y0, m0), (y1, m1)) = (year.first_month(), year.last_month());
                r.error_at::<_, ()>(
                    key,
                    Diagnostic::error(format!(
                        "`printed` gives a figure for a month of {}, and \"{month}\" is not one",
                        year.code()
                    ))
                    .hint(format!("write the month as year and month, from {y0}-{m0:02} to {y1}-{m1:02}: printed = {{ \"{y0}-{m0:02}\" = 4 }}")),
                );
                continue;
            };
            if let Some((_, first)) = months_seen.iter().find(|(seen, _)| *seen == m) {
                let (y, mm) = m;
                r.error_at::<_, ()>(
                    key,
                    Diagnostic::error(format!(
                        "`printed` gives {y}-{mm:02} twice: \"{month}\" is the same month as an earlier key"
                    ))
                    .hint(format!("the other is at {first}; keep one figure for the month, written \"{y}-{mm:02}\"")),
                );
                continue;
            }
            let at_key = r.loc_of(key);
            months_seen.push((m, at_key.clone()));
            let location = r.loc_of(v);
            if let Some(value) = figure_number(&mut r, v, PRINTED_HINT) {
                printed.push((
                    Located {
                        value: m,
                        location: at_key,
                    },
                    Located { value, location },
                ));
            }
        }
        rows.push(TableRow {
            series: {
                r.text(
                    &row.series,
                    "series",
                    "write the id of a series in content/progress/ (its file name without .toml)",
                );
                r.located(&row.series)
            },
            label: r.opt_text(&row.label, "label"),
            ytd,
            cap,
            printed,
            add_up: row
                .add_up
                .as_ref()
                .filter(|a| *a.get_ref())
                .map(|a| r.loc_of(a)),
            note: r.opt_text(&row.note, "note"),
            location,
        });
    }
    if rows.is_empty() {
        r.diags.push(
            Diagnostic::error("a monthly table needs at least one row")
                .at(Location::file(file.path.clone()))
                .hint("add [[rows]] with series = \"<id>\", a series in content/progress/ with monthly figures"),
        );
    }
    let source = raw.source.as_ref().map(|c| c.read(&mut r));
    Some(MonthlyTable {
        id: id.to_string(),
        title: r.text(&raw.title, "title", "write the table's title as printed"),
        description: r.opt_text(&raw.description, "description"),
        year,
        to,
        source,
        note: r.opt_text(&raw.note, "note"),
        rows,
        location: Location::file(file.path.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<MonthlyTable>, Vec<String>) {
        let mut d = Diagnostics::new();
        let t = parse_table("t", &SourceFile::new("content/tables/t.toml", text), &mut d);
        (t, d.iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn a_financial_year_runs_april_to_march() {
        let (t, errs) = parse(
            "title = \"T\"\nyear = \"2016/17\"\nto = \"2016-12\"\n[[rows]]\nseries = \"s\"\nytd = 23\ncap = { value = 40, name = \"annual ceiling\" }\n",
        );
        assert!(errs.is_empty(), "{errs:?}");
        let t = t.expect("table");
        let months = t.months();
        assert_eq!(months.first(), Some(&(2016, 4)));
        assert_eq!(months.last(), Some(&(2017, 3)));
        assert_eq!(t.to.map(|l| l.value), Some((2016, 12)));
        let row = &t.rows[0];
        assert_eq!(
            row.ytd.as_ref().map(|l| l.value.to_string()),
            Some("23".into())
        );
        assert_eq!(
            row.cap.as_ref().map(|c| c.value.to_string()),
            Some("40".into())
        );
    }

    #[test]
    fn rejects_a_month_outside_the_year_and_a_cap_in_words() {
        let (_, errs) = parse(
            "title = \"T\"\nyear = \"2016/17\"\nto = \"2017-04\"\n[[rows]]\nseries = \"s\"\ncap = { value = \"forty\" }\n",
        );
        assert_eq!(
            errs,
            [
                "`to` is the last month the table reports, and \"2017-04\" is not a month of 2016/17",
            ]
        );
        let (_, errs) = parse(
            "title = \"T\"\nyear = \"2016\"\n[[rows]]\nseries = \"s\"\ncap = { value = \"forty\" }\n",
        );
        assert_eq!(errs, ["\"forty\" is not a figure"]);
        // A quarter of the year is taken to mean its last month.
        let mut d = Diagnostics::new();
        parse_table(
            "t",
            &SourceFile::new(
                "content/tables/t.toml",
                "title = \"T\"\nyear = \"2023/24\"\nto = \"2023/24 Q3\"\n[[rows]]\nseries = \"s\"\n",
            ),
            &mut d,
        );
        let hints: Vec<&str> = d.iter().filter_map(|d| d.hint.as_deref()).collect();
        assert_eq!(
            hints,
            ["write one month from 2023-04 to 2024-03: to = \"2023-12\""]
        );
        // A month outside the year, and a month that cannot be read, are
        // not guessed at.
        let hint = |to: &str| {
            let mut d = Diagnostics::new();
            let text = format!(
                "title = \"T\"\nyear = \"2016/17\"\nto = \"{to}\"\n[[rows]]\nseries = \"s\"\n"
            );
            parse_table("t", &SourceFile::new("content/tables/t.toml", text), &mut d);
            d.iter().filter_map(|d| d.hint.clone()).collect::<Vec<_>>()
        };
        assert_eq!(
            hint("2017-11"),
            ["write one month from 2016-04 to 2017-03, or correct the table's year"]
        );
        assert_eq!(
            hint("November"),
            ["`to` is the last month the table reports: write it as year and month, YYYY-MM, from 2016-04 to 2017-03"]
        );
        let (_, errs) = parse("title = \"T\"\nyear = \"2016/17 Q1\"\n[[rows]]\nseries = \"s\"\n");
        assert_eq!(
            errs,
            ["a monthly table runs over a year, not \"2016/17 Q1\""]
        );
    }
}

//! The Better Care Fund national conditions as rules over plan data.
//!
//! Four rules, each assessed per year where the data gives one:
//!
//! - **minimum contribution**: the contribution to the pooled fund is at
//!   least the BCF allocation (`contribution ≥ allocation`);
//! - **social care maintained in real terms**: social care spending from the
//!   NHS (before 2022/23, CCG) minimum this year is at least last year’s
//!   plus inflation
//!   (`current ≥ previous × (1 + inflation / 100)`);
//! - **NHS-commissioned out-of-hospital services**: the share of the base
//!   (normally the NHS minimum allocation) invested is at least the required
//!   share (`spend / base × 100 ≥ required`);
//! - **sign-off**: the plan is signed off, by whom and when (on or before the
//!   deadline, when the data gives one).
//!
//! Every comparison is exact; nothing is rounded here. A rule whose figures
//! the data does not give is "cannot be assessed", with what is missing —
//! never assumed met. Figures taken from a fund are converted exactly into
//! the plan's unit.

use super::fund::{self, FigureError, FundTotals};
use crate::diagnostics::Diagnostic;
use crate::model::{FigureSource, Money, PartialDate, Plan};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Met, not met, or not assessable from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Met,
    NotMet,
    CannotAssess,
}

/// Which national condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    MinimumContribution,
    SocialCare,
    OutOfHospital,
    SignOff,
}

impl Condition {
    pub const ALL: [Condition; 4] = [
        Condition::MinimumContribution,
        Condition::SocialCare,
        Condition::OutOfHospital,
        Condition::SignOff,
    ];
}

/// One recorded sign-off and whether it met the deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedOff {
    pub by: String,
    pub date: PartialDate,
    /// `None` when no deadline is given, or the date is too coarse to tell.
    pub on_time: Option<bool>,
}

/// Whether a date known to a day, month or year is on or before `deadline`:
/// `None` when it could be either (September 2017 against 11 September 2017).
pub fn on_or_before(date: PartialDate, deadline: NaiveDate) -> Option<bool> {
    let first = date.first_day();
    let last = match date {
        PartialDate::Day(d) => d,
        PartialDate::Month(y, m) => {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            NaiveDate::from_ymd_opt(ny, nm, 1)
                .and_then(|d| d.pred_opt())
                .unwrap_or(first)
        }
        PartialDate::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(first),
    };
    if last <= deadline {
        Some(true)
    } else if first > deadline {
        Some(false)
    } else {
        None
    }
}

/// The figures and the arithmetic of an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arithmetic {
    MinimumContribution {
        contribution: Decimal,
        allocation: Decimal,
        /// contribution − allocation
        margin: Decimal,
    },
    SocialCare {
        previous: Decimal,
        inflation_percent: Decimal,
        /// previous × (1 + inflation / 100), exactly.
        required: Decimal,
        current: Decimal,
        /// current − required
        margin: Decimal,
    },
    OutOfHospital {
        spend: Decimal,
        base: Decimal,
        /// spend / base × 100, exactly (to 28 significant digits).
        share: Decimal,
        required_share: Decimal,
    },
    SignOff {
        deadline: Option<NaiveDate>,
        records: Vec<SignedOff>,
    },
    /// What the data gives and what it lacks.
    Missing {
        known: Vec<Known>,
        missing: Vec<&'static str>,
        deadline: Option<NaiveDate>,
    },
}

/// One assessed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub condition: Condition,
    pub year: Option<String>,
    pub previous_year: Option<String>,
    pub status: Status,
    pub arithmetic: Arithmetic,
}

/// The assessments of one plan, in the order of [`Condition::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionsResult {
    pub assessments: Vec<Assessment>,
    /// Figures taken from a fund that the source printed although they do
    /// not add up (kept under an override): the conditions use them as
    /// printed, as the fund's table shows them, and the page says so.
    pub printed: Vec<PrintedFigure>,
}

/// A figure a condition took from a fund as printed, in the plan's unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedFigure {
    /// The fund's id.
    pub fund: String,
    pub value: Decimal,
    /// What its figures add up to.
    pub computed: Decimal,
    /// For a total for all years that is not printed itself but adds up
    /// the figures its row shows: the years' figures kept as printed among
    /// them, by year ("2016/17", 101), in the plan's unit. Empty for a
    /// figure the source printed.
    pub added: Vec<(String, Decimal)>,
}

type Totals<'a> = BTreeMap<&'a str, &'a FundTotals>;

/// A condition's figure in the plan's unit, or a diagnostic.
fn resolve(
    plan: &Plan,
    totals: &Totals<'_>,
    src: &FigureSource,
    (year, field): (Option<&str>, &str),
    out: &mut Vec<Diagnostic>,
    printed: &std::cell::RefCell<Vec<PrintedFigure>>,
) -> Option<Decimal> {
    match src {
        FigureSource::Given(f) => Some(f.value),
        FigureSource::Fund {
            fund,
            measure,
            year: own_year,
            location,
        } => {
            let f = plan.fund(&fund.value)?;
            let t = totals.get(fund.value.as_str())?;
            let y = own_year.as_deref().or(year);
            // The field that gives that year: the reference's own `year`,
            // else the condition's.
            let (key, place) = if own_year.is_some() {
                ("year", "the figure reference")
            } else {
                (field, "the condition")
            };
            // A fund of one period has only its period's figures: a year
            // that is not its period (or cannot be told to be: a 2017-19
            // fund's figure is not 2017/18's) is refused by the lookup.
            match fund::figure(plan, f, t, measure, y) {
                Ok(v) => {
                    let in_plan_unit = |d| Money::new(d, f.unit).to_unit(plan.unit).amount;
                    if v.as_printed() {
                        let p = PrintedFigure {
                            fund: f.id.clone(),
                            value: in_plan_unit(v.value),
                            computed: in_plan_unit(v.computed),
                            added: v
                                .added_printed
                                .iter()
                                .map(|(i, d)| {
                                    let year = f.years.get(*i).cloned().unwrap_or_default();
                                    (year, in_plan_unit(*d))
                                })
                                .collect(),
                        };
                        let mut list = printed.borrow_mut();
                        if !list.contains(&p) {
                            list.push(p);
                        }
                    }
                    Some(in_plan_unit(v.value))
                }
                Err(why) => {
                    let hint = match &why {
                        FigureError::NoSuchYear { year, same, .. } => {
                            year_hint(f, year, same, key, place)
                        }
                        FigureError::NotItsPeriod {
                            year,
                            period: Some(p),
                            ..
                        } => format!(
                            "take the figure from a fund for {year}, or write the figure itself; if {p} is the year meant, write {key} = \"{p}\" in {place}"
                        ),
                        FigureError::NotItsPeriod {
                            year, period: None, ..
                        } => format!(
                            "take the figure from a fund for {year}, or write the figure itself; if the fund's figures are for {year}, give the fund period = \"{year}\""
                        ),
                        FigureError::NotAddedUp { years, .. } => {
                            let each: Vec<String> =
                                years.iter().map(|y| format!("{key} = \"{y}\"")).collect();
                            format!("give the column in {place}: {}", each.join(" or "))
                        }
                        FigureError::Other(_) => "name a fund figure: measure = \"total\", line = \"<label>\", group = \"<id>\", column = \"<body>\" or scheme = \"<name>\", and year = \"<year>\" for a fund by year".to_string(),
                    };
                    out.push(
                        Diagnostic::error(format!("cannot take this figure from the fund: {why}"))
                            .at(location.clone())
                            .hint(hint),
                    );
                    None
                }
            }
        }
    }
}

/// What to write when `year` (given by `key` in `place`) is not one of the years of
/// the fund by year `f`: the fund's labels for the same period (`same`),
/// else each of its years.
fn year_hint(
    f: &crate::model::Fund,
    year: &str,
    same: &[String],
    key: &str,
    place: &str,
) -> String {
    match same {
        [_, ..] => format!(
            "write the year as fund \"{}\" does: {} in {place}",
            f.id,
            same.iter()
                .map(|l| format!("{key} = \"{l}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        [] => format!(
            "fund \"{}\" has figures for {}: write {} in {place}, or take the figure from a fund for {year}",
            f.id,
            f.years.join(" and "),
            f.years
                .iter()
                .map(|l| format!("{key} = \"{l}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

/// A figure a condition that cannot be assessed does have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// What it is: "the BCF allocation".
    pub what: &'static str,
    pub value: Decimal,
    /// Money in the plan's unit (`true`), or a percentage (the inflation
    /// rate, the required share).
    pub money: bool,
}

/// Money, in the plan's unit.
const MONEY: bool = true;
/// A percentage.
const PERCENT: bool = false;

fn missing(known: Vec<(&'static str, Option<Decimal>, bool)>) -> Arithmetic {
    Arithmetic::Missing {
        missing: known
            .iter()
            .filter(|(_, v, _)| v.is_none())
            .map(|(k, _, _)| *k)
            .collect(),
        known: known
            .into_iter()
            .filter_map(|(what, v, money)| v.map(|value| Known { what, value, money }))
            .collect(),
        deadline: None,
    }
}

fn status(met: bool) -> Status {
    if met {
        Status::Met
    } else {
        Status::NotMet
    }
}

/// Who makes the minimum contribution the social care condition speaks of,
/// as the plan's own framework names it: "NHS" for a plan whose period
/// starts in 2022/23 or later (clinical commissioning groups were
/// abolished on 1 July 2022, and the frameworks since speak of the NHS
/// minimum contribution), "CCG" for earlier plans, as their papers printed
/// it. The plan's `period` says when it starts (its first four-digit
/// year, "2023-25" → 2023/24); without one, its conditions' earliest year;
/// without either, "CCG".
pub fn minimum_contributor(plan: &Plan) -> &'static str {
    let first_year = |text: &str| -> Option<i32> {
        text.as_bytes()
            .windows(4)
            .position(|w| w.iter().all(u8::is_ascii_digit))
            .and_then(|i| text.get(i..i + 4))
            .and_then(|y| y.parse().ok())
    };
    let start = plan.period.as_deref().and_then(first_year).or_else(|| {
        let c = plan.conditions.as_ref()?;
        c.minimum_contribution
            .iter()
            .map(|m| m.year.as_deref())
            .chain(c.social_care.iter().map(|s| s.year.as_deref()))
            .chain(c.out_of_hospital.iter().map(|o| o.year.as_deref()))
            .flatten()
            .filter_map(first_year)
            .min()
    });
    match start {
        Some(y) if y >= 2022 => "NHS",
        _ => "CCG",
    }
}

/// Assesses every national condition of `plan`; `None` when the plan has no
/// `[conditions]`. Problems with references go to `out`.
pub fn assess(
    plan: &Plan,
    totals: &Totals<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<ConditionsResult> {
    let c = plan.conditions.as_ref()?;
    let mut assessments = Vec::new();
    let (last_years, this_years) = if minimum_contributor(plan) == "NHS" {
        (
            "last year’s social care spending from the NHS minimum",
            "this year’s social care spending from the NHS minimum",
        )
    } else {
        (
            "last year’s social care spending from the CCG minimum",
            "this year’s social care spending from the CCG minimum",
        )
    };
    let printed = std::cell::RefCell::new(Vec::new());
    let fig =
        |src: &Option<FigureSource>, year: (Option<&str>, &str), out: &mut Vec<Diagnostic>| {
            src.as_ref()
                .and_then(|s| resolve(plan, totals, s, year, out, &printed))
        };

    // Minimum contribution ≥ allocation.
    for m in &c.minimum_contribution {
        let y = m.year.as_deref();
        let contribution = fig(&m.contribution, (y, "year"), out);
        let allocation = fig(&m.allocation, (y, "year"), out);
        let (status, arithmetic) = match (contribution, allocation) {
            (Some(contribution), Some(allocation)) => (
                status(contribution >= allocation),
                Arithmetic::MinimumContribution {
                    contribution,
                    allocation,
                    margin: contribution - allocation,
                },
            ),
            (c, a) => (
                Status::CannotAssess,
                missing(vec![
                    ("the contribution to the pooled fund", c, MONEY),
                    ("the BCF allocation", a, MONEY),
                ]),
            ),
        };
        assessments.push(Assessment {
            condition: Condition::MinimumContribution,
            year: m.year.clone(),
            previous_year: None,
            status,
            arithmetic,
        });
    }
    if c.minimum_contribution.is_empty() {
        assessments.push(not_given(
            Condition::MinimumContribution,
            vec!["the contribution to the pooled fund", "the BCF allocation"],
        ));
    }

    // Social care maintained in real terms.
    for s in &c.social_care {
        let y = s.year.as_deref();
        let current = fig(&s.current, (y, "year"), out);
        let previous = fig(
            &s.previous,
            (s.previous_year.as_deref(), "previous_year"),
            out,
        );
        let inflation = s.inflation_percent.as_ref().map(|f| f.value);
        let (status, arithmetic) = match (previous, inflation, current) {
            (Some(previous), Some(inflation_percent), Some(current)) => {
                let factor = Decimal::ONE
                    + inflation_percent
                        .checked_div(Decimal::ONE_HUNDRED)
                        .unwrap_or_default();
                match previous.checked_mul(factor).map(|r| r.normalize()) {
                    Some(required) => (
                        status(current >= required),
                        Arithmetic::SocialCare {
                            previous,
                            inflation_percent,
                            required,
                            current,
                            margin: (current - required).normalize(),
                        },
                    ),
                    None => {
                        out.push(
                            Diagnostic::error("figures are too large to multiply exactly")
                                .at(s.location.clone()),
                        );
                        continue;
                    }
                }
            }
            (p, i, cur) => (
                Status::CannotAssess,
                missing(vec![
                    (last_years, p, MONEY),
                    ("the inflation rate", i, PERCENT),
                    (this_years, cur, MONEY),
                ]),
            ),
        };
        assessments.push(Assessment {
            condition: Condition::SocialCare,
            year: s.year.clone(),
            previous_year: s.previous_year.clone(),
            status,
            arithmetic,
        });
    }
    if c.social_care.is_empty() {
        assessments.push(not_given(
            Condition::SocialCare,
            vec![last_years, "the inflation rate", this_years],
        ));
    }

    // Share invested in NHS-commissioned out-of-hospital services.
    for o in &c.out_of_hospital {
        let y = o.year.as_deref();
        let spend = fig(&o.spend, (y, "year"), out);
        let base = fig(&o.base, (y, "year"), out);
        let required = o.required_share_percent.as_ref().map(|f| f.value);
        let share = match (spend, base) {
            (Some(s), Some(b)) => {
                let sh = fund::share(s, b);
                if sh.is_none() {
                    out.push(
                        Diagnostic::error("the base of the out-of-hospital share is zero")
                            .at(o.location.clone())
                            .hint("the base is normally the NHS (CCG) minimum allocation"),
                    );
                }
                sh
            }
            _ => None,
        };
        let (status, arithmetic) = match (spend, base, share, required) {
            (Some(spend), Some(base), Some(share), Some(required_share)) => (
                status(share >= required_share),
                Arithmetic::OutOfHospital {
                    spend,
                    base,
                    share,
                    required_share,
                },
            ),
            _ => (
                Status::CannotAssess,
                missing(vec![
                    (
                        "the spending on NHS-commissioned out-of-hospital services",
                        spend,
                        MONEY,
                    ),
                    ("the allocation the share is of", base, MONEY),
                    ("the required share", required, PERCENT),
                ]),
            ),
        };
        assessments.push(Assessment {
            condition: Condition::OutOfHospital,
            year: o.year.clone(),
            previous_year: None,
            status,
            arithmetic,
        });
    }
    if c.out_of_hospital.is_empty() {
        assessments.push(not_given(
            Condition::OutOfHospital,
            vec![
                "the spending on NHS-commissioned out-of-hospital services",
                "the allocation the share is of",
                "the required share",
            ],
        ));
    }

    // Sign-off.
    let deadline = c.sign_off.as_ref().and_then(|s| s.deadline);
    let signed = c.sign_off.as_ref().and_then(|s| s.signed.as_ref());
    let (status, arithmetic) = match signed {
        None => (
            Status::CannotAssess,
            Arithmetic::Missing {
                known: Vec::new(),
                missing: vec!["who signed the plan off, and when"],
                deadline,
            },
        ),
        Some(list) => {
            let records: Vec<SignedOff> = list
                .iter()
                .map(|r| SignedOff {
                    by: r.by.clone(),
                    date: r.date,
                    on_time: deadline.and_then(|d| on_or_before(r.date, d)),
                })
                .collect();
            let late = records.iter().any(|r| r.on_time == Some(false));
            let unsure = deadline.is_some() && records.iter().any(|r| r.on_time.is_none());
            let status = if records.is_empty() || late {
                Status::NotMet
            } else if unsure {
                Status::CannotAssess
            } else {
                Status::Met
            };
            (status, Arithmetic::SignOff { deadline, records })
        }
    };
    assessments.push(Assessment {
        condition: Condition::SignOff,
        year: None,
        previous_year: None,
        status,
        arithmetic,
    });
    Some(ConditionsResult {
        assessments,
        printed: printed.into_inner(),
    })
}

fn not_given(condition: Condition, missing: Vec<&'static str>) -> Assessment {
    Assessment {
        condition,
        year: None,
        previous_year: None,
        status: Status::CannotAssess,
        arithmetic: Arithmetic::Missing {
            known: Vec::new(),
            missing,
            deadline: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;
    use crate::model::{
        Conditions, Located, MinimumContribution, OutOfHospital, SignOff, SignOffRecord, SocialCare,
    };
    use std::str::FromStr;

    fn given(s: &str) -> Option<FigureSource> {
        Some(FigureSource::Given(Located {
            value: Decimal::from_str(s).expect("literal"),
            location: Location::file("p.toml".into()),
        }))
    }

    fn plan(c: Conditions) -> Plan {
        Plan {
            conditions: Some(c),
            ..Plan::empty_for_tests(Location::file("p.toml".into()))
        }
    }

    fn conditions() -> Conditions {
        let loc = Location::file("p.toml".into());
        Conditions {
            framework: None,
            note: None,
            minimum_contribution: vec![MinimumContribution {
                year: Some("2017/18".into()),
                allocation: given("14345.882"),
                contribution: given("14345.882"),
                location: loc.clone(),
            }],
            social_care: vec![SocialCare {
                year: Some("2018/19".into()),
                previous_year: Some("2017/18".into()),
                previous: given("5000"),
                current: given("5089.4"),
                inflation_percent: given("1.79").and_then(|f| match f {
                    FigureSource::Given(f) => Some(f),
                    _ => None,
                }),
                location: loc.clone(),
            }],
            out_of_hospital: vec![OutOfHospital {
                year: Some("2017/18".into()),
                spend: given("4076.6"),
                base: given("14345.882"),
                required_share_percent: None,
                location: loc.clone(),
            }],
            sign_off: Some(SignOff {
                deadline: NaiveDate::from_ymd_opt(2017, 9, 11),
                signed: Some(vec![SignOffRecord {
                    by: "Example Health and Wellbeing Board".into(),
                    date: PartialDate::Day(NaiveDate::from_ymd_opt(2017, 9, 7).expect("date")),
                }]),
                location: loc,
            }),
            location: Location::file("p.toml".into()),
        }
    }

    #[test]
    fn each_rule_is_exact_and_missing_figures_cannot_be_assessed() {
        let p = plan(conditions());
        let mut out = Vec::new();
        let r = assess(&p, &BTreeMap::new(), &mut out).expect("assessed");
        assert!(out.is_empty());
        let s: Vec<Status> = r.assessments.iter().map(|a| a.status).collect();
        assert_eq!(
            s,
            [
                Status::Met,
                Status::NotMet,
                Status::CannotAssess,
                Status::Met
            ]
        );
        // 5000 × 1.0179 = 5089.5 exactly; 5089.4 falls short by 0.1.
        let Arithmetic::SocialCare {
            required, margin, ..
        } = &r.assessments[1].arithmetic
        else {
            panic!("social care")
        };
        assert_eq!(
            (required.to_string(), margin.to_string()),
            ("5089.5".into(), "-0.1".into())
        );
        let Arithmetic::Missing { known, missing, .. } = &r.assessments[2].arithmetic else {
            panic!("missing")
        };
        assert_eq!(known.len(), 2);
        assert_eq!(missing, &["the required share"]);
    }

    #[test]
    fn late_or_absent_sign_off_is_not_met() {
        let mut c = conditions();
        if let Some(s) = &mut c.sign_off {
            s.signed = Some(vec![SignOffRecord {
                by: "Board".into(),
                date: PartialDate::Day(NaiveDate::from_ymd_opt(2017, 9, 12).expect("date")),
            }]);
        }
        let mut out = Vec::new();
        let r = assess(&plan(c.clone()), &BTreeMap::new(), &mut out).expect("assessed");
        assert_eq!(r.assessments[3].status, Status::NotMet);
        assert_eq!(
            on_or_before(
                PartialDate::Month(2017, 9),
                NaiveDate::from_ymd_opt(2017, 9, 11).expect("d")
            ),
            None
        );
        assert_eq!(
            on_or_before(
                PartialDate::Month(2015, 1),
                NaiveDate::from_ymd_opt(2015, 3, 1).expect("d")
            ),
            Some(true)
        );
        c.sign_off = None;
        let r = assess(&plan(c), &BTreeMap::new(), &mut out).expect("assessed");
        assert_eq!(r.assessments[3].status, Status::CannotAssess);
    }
}

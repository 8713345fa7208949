//! The BCF national conditions on a plan's page: each condition met, not
//! met or not assessable, with its arithmetic in words and in numbers.
//!
//! The rules themselves are in `calc::conditions`; this module only words
//! and formats their results. A share is shown to one decimal place, or to
//! as many more as it takes for the rounded figures to compare the same way
//! as the exact ones (so a page never says "28.3% is less than 28.3%").

use super::format::{money_text, round, true_minus};
use super::views::StatusView;
use crate::calc::conditions::{Arithmetic, Assessment, Condition, ConditionsResult, Status};
use crate::config::MoneyStyle;
use crate::model::{Money, Plan};
use crate::shown::and_list;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// One condition as shown.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ConditionView {
    /// "Minimum contribution to the pooled fund, 2017/18".
    pub(crate) name: String,
    /// The rule, in words.
    pub(crate) rule: String,
    pub(crate) status: StatusView,
    /// The arithmetic in numbers: "£14,346k ≥ £14,346k". Empty when not assessable.
    pub(crate) sum: String,
    /// The result in words.
    pub(crate) words: String,
}

/// The national conditions section of a plan page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ConditionsView {
    pub(crate) framework: Option<String>,
    pub(crate) note: Option<String>,
    /// "1 met, 1 not met, 2 cannot be assessed from the plan data."
    pub(crate) summary: String,
    /// Figures the conditions take from a fund as the source prints them,
    /// although they do not add up: one sentence each.
    pub(crate) printed: Vec<String>,
    pub(crate) items: Vec<ConditionView>,
}

fn status_view(s: Status) -> StatusView {
    let (label, slug) = match s {
        Status::Met => ("Met", "met"),
        Status::NotMet => ("Not met", "not-met"),
        Status::CannotAssess => ("Cannot be assessed", "no-data"),
    };
    StatusView {
        label: label.into(),
        slug: slug.into(),
    }
}

fn names(c: Condition, contributor: &str) -> (&'static str, String) {
    match c {
        Condition::MinimumContribution => (
            "Minimum contribution to the pooled fund",
            "The contribution to the pooled fund must be at least the minimum set by the BCF allocation: contribution ≥ allocation.".into(),
        ),
        Condition::SocialCare => (
            "Social care spending maintained in real terms",
            format!("Spending on social care from the {contributor} minimum contribution must keep pace with inflation: this year ≥ last year × (1 + inflation)."),
        ),
        Condition::OutOfHospital => (
            "Investment in NHS-commissioned out-of-hospital services",
            "At least the required share of the allocation must be invested in NHS-commissioned out-of-hospital services: spending ÷ allocation × 100 ≥ required share.".into(),
        ),
        Condition::SignOff => (
            "Plan signed off",
            "The plan must be signed off, with a record of who signed it off and when (on or before the national deadline, where one is given).".into(),
        ),
    }
}

/// A percentage as written in the data, e.g. "1.79%".
fn pct(v: Decimal) -> String {
    format!("{}%", true_minus(v.normalize().to_string()))
}

/// `share` to 1 decimal place, or more where needed for the rounded figure
/// to compare with `required` as the exact figure does.
fn share_text(share: Decimal, required: Decimal) -> String {
    let exact = share >= required;
    let mut dp = 1;
    while dp < 6 && (round(share, dp) >= required) != exact {
        dp += 1;
    }
    format!("{}%", true_minus(round(share, dp).to_string()))
}

fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// One condition's view; `contributor` names who makes the minimum
/// contribution ([`crate::calc::conditions::minimum_contributor`]).
fn item(a: &Assessment, m: &dyn Fn(Decimal) -> String, contributor: &str) -> ConditionView {
    let (title, rule) = names(a.condition, contributor);
    let name = match &a.year {
        Some(y) => format!("{title}, {y}"),
        None => title.to_string(),
    };
    let (sum, words) = match &a.arithmetic {
        Arithmetic::MinimumContribution {
            contribution,
            allocation,
            margin,
        } => {
            let sign = if contribution >= allocation {
                "≥"
            } else {
                "<"
            };
            let tail = if margin.is_zero() {
                "exactly the minimum".to_string()
            } else if margin.is_sign_positive() {
                format!("{} more than the minimum", m(*margin))
            } else {
                format!("{} short of the minimum", m(margin.abs()))
            };
            (
                format!("{} {sign} {}", m(*contribution), m(*allocation)),
                format!(
                    "The contribution to the pooled fund, {}, is {} the BCF allocation, {}: {tail}.",
                    m(*contribution),
                    if sign == "≥" { "at least" } else { "less than" },
                    m(*allocation)
                ),
            )
        }
        Arithmetic::SocialCare {
            previous,
            inflation_percent,
            required,
            current,
            margin,
        } => {
            let met = current >= required;
            let sign = if met { "≥" } else { "<" };
            let last = a
                .previous_year
                .as_deref()
                .map_or_else(|| "last year".to_string(), |y| format!("in {y}"));
            let this = a
                .year
                .as_deref()
                .map_or_else(|| "this year".to_string(), |y| format!("in {y}"));
            let tail = if margin.is_zero() {
                "exactly in line with inflation".to_string()
            } else if margin.is_sign_positive() {
                format!("{} above it", m(*margin))
            } else {
                format!("{} short", m(margin.abs()))
            };
            (
                format!(
                    "{} × (1 + {}) = {}; {} {sign} {}",
                    m(*previous),
                    pct(*inflation_percent),
                    m(*required),
                    m(*current),
                    m(*required)
                ),
                format!(
                    "Social care spending from the {contributor} minimum {this}, {}, is {} the spending {last}, {}, increased by inflation of {} to {}: {tail}.",
                    m(*current),
                    if met { "at least" } else { "less than" },
                    m(*previous),
                    pct(*inflation_percent),
                    m(*required)
                ),
            )
        }
        Arithmetic::OutOfHospital {
            spend,
            base,
            share,
            required_share,
        } => {
            let met = share >= required_share;
            let sign = if met { "≥" } else { "<" };
            let shown = share_text(*share, *required_share);
            (
                format!(
                    "{} ÷ {} × 100 = {shown} {sign} {}",
                    m(*spend),
                    m(*base),
                    pct(*required_share)
                ),
                format!(
                    "{} of {} is invested in NHS-commissioned out-of-hospital services: {shown}, {} the required {}.",
                    m(*spend),
                    m(*base),
                    if met { "at least" } else { "less than" },
                    pct(*required_share)
                ),
            )
        }
        Arithmetic::SignOff { deadline, records } => {
            let each: Vec<String> = records
                .iter()
                .map(|r| {
                    let when = match (r.on_time, deadline) {
                        (Some(true), Some(d)) => {
                            format!(", on or before the deadline of {}", date(*d))
                        }
                        (Some(false), Some(d)) => format!(", after the deadline of {}", date(*d)),
                        (None, Some(d)) => format!(
                            "; the data does not say whether that was on or before the deadline of {}",
                            date(*d)
                        ),
                        _ => String::new(),
                    };
                    let on = if r.date.day().is_some() { "on" } else { "in" };
                    format!("by {} {on} {}{when}", r.by, r.date.long())
                })
                .collect();
            if each.is_empty() {
                (
                    String::new(),
                    "The plan data records that the plan has not been signed off.".to_string(),
                )
            } else {
                (String::new(), format!("Signed off {}.", and_list(&each)))
            }
        }
        Arithmetic::Missing {
            known,
            missing,
            deadline,
        } => {
            let missing: Vec<String> = missing.iter().map(|s| s.to_string()).collect();
            let mut words = format!(
                "The plan data does not give {}.",
                crate::shown::joined(&missing, "or")
            );
            if !known.is_empty() {
                let k: Vec<String> = known
                    .iter()
                    .map(|k| {
                        let v = if k.money { m(k.value) } else { pct(k.value) };
                        format!("{}, {v}", k.what)
                    })
                    .collect();
                words.push_str(&format!(" It gives {}.", and_list(&k)));
            }
            if let Some(d) = deadline {
                words.push_str(&format!(" The deadline for sign-off is {}.", date(*d)));
            }
            (String::new(), words)
        }
    };
    ConditionView {
        name,
        rule: rule.to_string(),
        status: status_view(a.status),
        sum,
        words,
    }
}

/// The view of a plan's national conditions.
pub(crate) fn conditions_view(
    plan: &Plan,
    result: &ConditionsResult,
    style: MoneyStyle,
) -> Option<ConditionsView> {
    let c = plan.conditions.as_ref()?;
    let m = |v: Decimal| money_text(Money::new(v, plan.unit), style);
    let contributor = crate::calc::conditions::minimum_contributor(plan);
    let items: Vec<ConditionView> = result
        .assessments
        .iter()
        .map(|a| item(a, &m, contributor))
        .collect();
    let count = |s: Status| result.assessments.iter().filter(|a| a.status == s).count();
    let summary = format!(
        "{} met, {} not met, {} cannot be assessed from the plan data.",
        count(Status::Met),
        count(Status::NotMet),
        count(Status::CannotAssess)
    );
    let printed = result
        .printed
        .iter()
        .map(|p| {
            let fund = plan
                .fund(&p.fund)
                .map_or(p.fund.as_str(), |f| f.title.as_str());
            if p.added.is_empty() {
                format!(
                    "{} from “{fund}” is used as the source prints it, as the fund’s table shows it; its figures add up to {}.",
                    m(p.value),
                    m(p.computed)
                )
            } else {
                // Not printed: the sum of the row's figures as shown, one
                // of them kept as printed (101 beside 90 gives 191).
                let each: Vec<String> = p
                    .added
                    .iter()
                    .map(|(year, v)| format!("{} for {year}", m(*v)))
                    .collect();
                format!(
                    "{} from “{fund}” is its total for all years as the fund’s table shows it: it adds up the figures as shown, including {} kept as printed; its figures add up to {}.",
                    m(p.value),
                    and_list(&each),
                    m(p.computed)
                )
            }
        })
        .collect();
    Some(ConditionsView {
        framework: c.framework.clone(),
        note: c.note.clone(),
        summary,
        printed,
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("literal")
    }

    #[test]
    fn shares_get_more_places_only_when_rounding_would_mislead() {
        assert_eq!(share_text(d("28.4165"), d("28.3")), "28.4%");
        assert_eq!(share_text(d("28.29"), d("28.3")), "28.29%");
        assert_eq!(share_text(d("28.2999"), d("28.3")), "28.2999%");
        assert_eq!(share_text(d("28.3"), d("28.3")), "28.3%");
    }

    #[test]
    fn arithmetic_is_shown_in_numbers_and_words() {
        let a = Assessment {
            condition: Condition::SocialCare,
            year: Some("2018/19".into()),
            previous_year: Some("2017/18".into()),
            status: Status::NotMet,
            arithmetic: Arithmetic::SocialCare {
                previous: d("5000"),
                inflation_percent: d("1.79"),
                required: d("5089.5"),
                current: d("5089.4"),
                margin: d("-0.1"),
            },
        };
        let m = |v: Decimal| {
            money_text(
                Money::new(v, crate::model::MoneyUnit::Thousands),
                MoneyStyle::AsSource,
            )
        };
        let v = item(&a, &m, "CCG");
        assert_eq!(
            v.name,
            "Social care spending maintained in real terms, 2018/19"
        );
        assert_eq!(v.status.label, "Not met");
        assert_eq!(
            v.sum,
            "£5,000k × (1 + 1.79%) = £5,089.5k; £5,089.4k < £5,089.5k"
        );
        assert_eq!(v.words, "Social care spending from the CCG minimum in 2018/19, £5,089.4k, is less than the spending in 2017/18, £5,000k, increased by inflation of 1.79% to £5,089.5k: £0.1k short.");
    }
}

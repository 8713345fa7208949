//! The check of money figures typed in a paper's prose against the plan
//! data the paper cites.
//!
//! A figure such as "£101.404m" typed into the text can drift from the
//! table it describes; `{{ figure … }}` cannot. This check finds figures
//! typed in plansite's compact money notation (`£101.404m`, `£105,196k`,
//! `£1,240`) in the body of every public paper that lists `plans`, and warns
//! about each one that matches no figure of those plans (`--strict` makes
//! the warning an error).
//!
//! What is deliberately not checked, so that context figures never raise a
//! false alarm:
//! - amounts written with a magnitude word: "£10 billion", "£600 million",
//!   "£5bn", "£300 + million" (national or comparative figures, the way
//!   papers write them);
//! - a unit written alone: "(£000)", "£000s", "£'000", "£k", "£m" (a
//!   table's or a paragraph's unit, not an amount);
//! - amounts inside a shortcode (`{{ quoted £1.5m }}` marks a compact figure
//!   that is not from the plan), in code, and in link addresses;
//! - papers that cite no plan, and exempt papers (never published).
//!
//! A figure written with a minus sign (`−£2.5m`, as plansite writes a
//! negative figure, or `-£2.5m`, `£-2.5m`) is negative. One in brackets,
//! `(£1,234k)`, is the accountants' negative, but in a sentence brackets
//! may only set a figure aside ("the grant (£1,980k) is passed on"), so it
//! matches a plan figure of either sign.
//!
//! A typed figure matches a plan figure when they are equal in pounds, or
//! when the plan figure rounded (half away from zero) to the typed figure's
//! decimal places in its unit is the typed figure ("£101.4m" for 101.404).
//! A bare "£1,240" also matches a figure of 1,240 in a cited plan's own unit
//! (£000 tables are often quoted without their unit).
//!
//! Pure: reads the model and the calculations; pushes diagnostics.

use crate::calc::conditions::{Arithmetic, ConditionsResult};
use crate::calc::fund::{ListTotals, Series, ShapeTotals};
use crate::calc::Calculated;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{Access, Chunk, FundShape, Money, MoneyUnit, Paper, Plan, Site, StatedSet};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A money figure found in prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedFigure {
    /// As written, e.g. `£101.404m`, `−£2.5m`, `(£1,234k)`.
    pub text: String,
    /// Negative when written with a minus sign or in brackets.
    pub value: Decimal,
    pub unit: MoneyUnit,
    /// Written in brackets, `(£1,234k)`: the accountants' negative, but in
    /// a sentence brackets may only set the figure aside ("the carers
    /// line (£1,240k)"), so either reading matches.
    pub bracketed: bool,
    /// Byte offset of the figure's first character (`£`, its minus sign
    /// or its opening bracket) in the scanned text.
    pub offset: usize,
}

/// The minus signs a figure may be written with: hyphen-minus, and the true
/// minus sign plansite itself writes (`−£2.5m`).
const MINUS: [char; 2] = ['-', '\u{2212}'];

const MAGNITUDE_WORDS: [&str; 7] = [
    "million", "billion", "trillion", "thousand", "bn", "mn", "mill",
];

/// Blanks out (with spaces, so offsets keep) shortcodes, code spans and
/// link addresses, which are not prose.
fn prose_only(text: &str) -> String {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut out[from..to.min(text.len())] {
            if *b != b'\n' && b.is_ascii() {
                *b = b' ';
            } else if !b.is_ascii() {
                // Keep UTF-8 valid: replace each non-ASCII byte with a space;
                // a `£` inside a blanked region is no longer a figure.
                *b = b' ';
            }
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"{{") {
            let end = text[i..].find("}}").map_or(text.len(), |e| i + e + 2);
            blank(&mut out, i, end);
            i = end;
        } else if bytes[i] == b'`' {
            let end = text[i + 1..]
                .find('`')
                .map_or(text.len(), |e| i + 1 + e + 1);
            blank(&mut out, i, end);
            i = end;
        } else if bytes[i..].starts_with(b"](") {
            let end = text[i..].find(')').map_or(text.len(), |e| i + e + 1);
            blank(&mut out, i, end);
            i = end;
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Whether the digits after a `£` name a table's unit, as in "(£000)",
/// "£000s" or "£0,000": zeros alone, more than one of them. (No amount is
/// written so; a zero is "£0". `£'000`, `£k` and `£m` have no digits after
/// the `£` and are never read as figures.)
fn is_unit(number: &str) -> bool {
    !number.contains('.')
        && number.chars().all(|c| c == '0' || c == ',')
        && number.matches('0').count() > 1
}

/// Finds the figures in `text` written in compact money notation.
pub fn typed_figures(text: &str) -> Vec<TypedFigure> {
    let prose = prose_only(text);
    let mut found = Vec::new();
    for (pound, _) in prose.match_indices('£') {
        let after = &prose[pound + '£'.len_utf8()..];
        let lead = after.len() - after.trim_start_matches(' ').len();
        if lead > 1 {
            continue;
        }
        // A minus sign before the `£` (`−£2.5m`, as plansite writes a
        // negative figure) or after it (`£-2.5m`).
        let before = &prose[..pound];
        let minus_before = before
            .strip_suffix(MINUS)
            .filter(|b| b.is_empty() || b.ends_with([' ', '\n', '(', '\u{a0}']));
        let minus_after = after[lead..].starts_with(MINUS);
        let sign_len = if minus_after {
            after[lead..].chars().next().map_or(0, char::len_utf8)
        } else {
            0
        };
        let num = &after[lead + sign_len..];
        let digits_len = num
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == ',' || *c == '.')
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let number = num[..digits_len].trim_end_matches([',', '.']);
        if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if is_unit(number) {
            continue;
        }
        let rest = &num[number.len()..];
        let words = rest.trim_start_matches([' ', '+', '\u{a0}']).to_lowercase();
        let is_word = |w: &str| {
            words.starts_with(w) && !words[w.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
        };
        if MAGNITUDE_WORDS.iter().any(|w| is_word(w)) {
            continue;
        }
        let compact = rest.strip_prefix(' ').unwrap_or(rest);
        let unit_after = |s: &str| {
            let mut cs = s.chars();
            let u = cs.next()?;
            let next = cs.next();
            if next.is_some_and(|c| c.is_alphanumeric()) {
                return None;
            }
            match u {
                'm' => Some(MoneyUnit::Millions),
                'k' => Some(MoneyUnit::Thousands),
                _ => None,
            }
        };
        let (unit, suffix_len) = match unit_after(compact) {
            Some(u) => (u, rest.len() - compact.len() + 1),
            None => (MoneyUnit::Pounds, 0),
        };
        let Ok(magnitude) = Decimal::from_str(&number.replace(',', "")) else {
            continue;
        };
        let mut start = pound;
        let mut end = pound + '£'.len_utf8() + lead + sign_len + number.len() + suffix_len;
        if let Some(b) = minus_before {
            start = b.len();
        }
        let negative = minus_before.is_some() || minus_after;
        // `(£1,234k)`: brackets around the whole figure and nothing else.
        let bracketed = !negative && before.ends_with('(') && prose[end..].starts_with(')');
        if bracketed {
            start -= 1;
            end += 1;
        }
        found.push(TypedFigure {
            text: text[start..end].to_string(),
            value: if negative || bracketed {
                -magnitude
            } else {
                magnitude
            },
            unit,
            bracketed,
            offset: start,
        });
    }
    found
}

/// Every figure of a plan, in pounds: each amount as written, each stated
/// total and each computed line, subtotal and total, and the money of its
/// national conditions.
pub fn plan_figures(plan: &Plan, calc: &Calculated) -> Vec<Decimal> {
    let mut out = Vec::new();
    for fund in &plan.funds {
        let mut push = |v: Decimal| out.push(Money::new(v, fund.unit).in_pounds());
        if let FundShape::Matrix(m) = &fund.shape {
            for c in m.rows.iter().flat_map(|r| r.cells.iter().flatten()) {
                push(c.value);
            }
        }
        let Some(totals) = calc.fund(&plan.id, &fund.id) else {
            continue;
        };
        // A sum across columns that are not added up (a budget and its
        // forecast) is no figure of the plan.
        let adds_up = crate::calc::fund::years_add_up(fund);
        let all = |a: &Option<Decimal>| if adds_up { *a } else { None };
        // A change the table shows between columns, with its sign or
        // without: a variance is worded "an underspend of £2,567k".
        let changes = fund.by_year() && fund.shows_changes;
        let series = |s: &Series, push: &mut dyn FnMut(Decimal)| {
            for v in s.periods.iter().flatten().chain(all(&s.all).iter()) {
                push(*v);
            }
            // The like-for-like change a note gives beside a total's.
            let notes = s.like_for_like.iter().flatten();
            for c in s.changes.iter().flatten().chain(notes).filter(|_| changes) {
                push(c.amount);
                push(c.amount.abs());
            }
        };
        let list = |l: &ListTotals, push: &mut dyn FnMut(Decimal)| {
            for s in l
                .lines
                .iter()
                .chain(&l.groups)
                .chain(std::iter::once(&l.total))
            {
                series(s, push);
            }
        };
        match &totals.shape {
            ShapeTotals::Flow {
                sources,
                applications,
            } => {
                list(sources, &mut push);
                list(applications, &mut push);
            }
            ShapeTotals::Lines(l) => list(l, &mut push),
            ShapeTotals::Balance {
                income,
                expenditure,
                balance,
            } => {
                list(income, &mut push);
                list(expenditure, &mut push);
                series(balance, &mut push);
            }
            ShapeTotals::Matrix(m) => {
                for v in m.rows.iter().chain(&m.columns) {
                    push(*v);
                }
                push(m.total);
            }
        }
        // A total for all years that adds a year's figure kept as printed
        // (101 as printed and 90 give 191; the lines give 190) is a figure
        // the table shows.
        if adds_up && fund.by_year() {
            use crate::calc::fund::{all_shown, lists, published_periods};
            let pool = match &fund.shape {
                FundShape::Flow(f) => Some(&f.stated_pool),
                _ => None,
            };
            let balance = match (&fund.shape, &totals.shape) {
                (FundShape::Balance(b), ShapeTotals::Balance { balance, .. }) => {
                    Some((&b.stated_balance, balance))
                }
                _ => None,
            };
            for (name, l, t) in lists(fund, totals) {
                let pool = pool.filter(|_| name == crate::model::ListName::Sources);
                let rows = l
                    .groups
                    .iter()
                    .map(|g| &g.stated)
                    .zip(&t.groups)
                    .chain([(&l.stated, &t.total)])
                    .chain(pool.map(|p| (p, &t.total)));
                for (stated, s) in rows {
                    push_all(&mut push, stated, s);
                }
            }
            if let Some((stated, s)) = balance {
                push_all(&mut push, stated, s);
            }
            fn push_all(push: &mut dyn FnMut(Decimal), stated: &StatedSet, s: &Series) {
                if let Some(v) = all_shown(&published_periods(stated, s), s) {
                    push(v);
                }
            }
        }
        for check in &totals.checks {
            use crate::calc::fund::CheckKind;
            match check.kind {
                CheckKind::Money => push(check.stated),
                // A printed change, kept as printed or not, typed with its
                // sign or without it.
                CheckKind::Change => {
                    push(check.stated);
                    if changes {
                        push(check.stated.abs());
                    }
                }
                CheckKind::Percent => {}
            }
        }
    }
    if let Some(result) = calc.conditions.get(&plan.id) {
        condition_figures(result, &mut |v| {
            out.push(Money::new(v, plan.unit).in_pounds());
        });
    }
    out
}

/// The money of a plan's national conditions, in the plan's unit: the
/// figures given and taken from funds, and those the conditions page works
/// out and shows (the real-terms minimum, what a figure is above or short
/// of its minimum by).
fn condition_figures(result: &ConditionsResult, push: &mut dyn FnMut(Decimal)) {
    for a in &result.assessments {
        match &a.arithmetic {
            Arithmetic::MinimumContribution {
                contribution,
                allocation,
                margin,
            } => {
                for v in [*contribution, *allocation, margin.abs()] {
                    push(v);
                }
            }
            Arithmetic::SocialCare {
                previous,
                required,
                current,
                margin,
                ..
            } => {
                for v in [*previous, *required, *current, margin.abs()] {
                    push(v);
                }
            }
            Arithmetic::OutOfHospital { spend, base, .. } => {
                push(*spend);
                push(*base);
            }
            // Only money: the inflation rate or a required share is a
            // percentage, and no typed £ figure is one.
            Arithmetic::Missing { known, .. } => {
                for k in known.iter().filter(|k| k.money) {
                    push(k.value);
                }
            }
            Arithmetic::SignOff { .. } => {}
        }
    }
    for p in &result.printed {
        push(p.value);
    }
}

/// Whether a typed figure is one of `figures` (in pounds), allowing for
/// rounding to the typed precision and, for a bare amount, the plans' units.
pub fn matches(typed: &TypedFigure, figures: &[Decimal], plan_units: &[MoneyUnit]) -> bool {
    let dp = typed.value.scale();
    let in_unit = |pounds: Decimal, unit: MoneyUnit| {
        crate::calc::fund::round_half_away(
            Money::new(pounds, MoneyUnit::Pounds).to_unit(unit).amount,
            dp,
        )
    };
    let mut units = vec![typed.unit];
    if typed.unit == MoneyUnit::Pounds {
        units.extend(plan_units.iter().copied());
    }
    let mut values = vec![typed.value];
    if typed.bracketed {
        values.push(-typed.value);
    }
    figures
        .iter()
        .any(|f| units.iter().any(|u| values.contains(&in_unit(*f, *u))))
}

/// Checks the prose of `paper` and of its earlier versions, when they are
/// public and cite plans. The pipeline calls it for each paper as the paper
/// is rendered, when its body is at hand (see `crate::render::PreparePaper`).
pub fn check_paper(site: &Site, calc: &Calculated, paper: &Paper, diags: &mut Diagnostics) {
    for version in paper.versions() {
        check_version(site, calc, version, diags);
    }
}

fn check_version(site: &Site, calc: &Calculated, paper: &Paper, diags: &mut Diagnostics) {
    if paper.plans.is_empty() || matches!(paper.access, Access::Exempt { .. }) {
        return;
    }
    let plans: Vec<&Plan> = paper
        .plans
        .iter()
        .filter_map(|p| site.plan(&p.value))
        .collect();
    // A cited plan that is unknown (reported by validate), or left out or
    // missing a fund because of its own mistakes (reported with them, and
    // the build fails on them): its figures are not all known, so a typed
    // figure that matches none of those read is not reported as a second
    // mistake. The check runs once the plan is put right.
    let incomplete =
        plans.len() < paper.plans.len() || plans.iter().any(|p| !p.unreadable_funds.is_empty());
    if plans.is_empty() || incomplete {
        return;
    }
    let figures: Vec<Decimal> = plans.iter().flat_map(|p| plan_figures(p, calc)).collect();
    let units: Vec<MoneyUnit> = plans.iter().map(|p| p.unit).collect();
    let names = paper
        .plans
        .iter()
        .map(|p| p.value.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let chunks = paper
        .body
        .sections
        .iter()
        .flat_map(|s| s.lead.iter().chain(s.paragraphs.iter().map(|p| &p.body)));
    for chunk in chunks {
        for typed in typed_figures(chunk.markdown()) {
            if matches(&typed, &figures, &units) {
                continue;
            }
            diags.push(
                Diagnostic::warning(format!(
                    "{} is typed in the text but matches no figure in the plan data this paper cites ({names})",
                    typed.text
                ))
                .at(locate(paper, chunk, &typed))
                .label("not a figure of the cited plans")
                .hint(format!(
                    "show plan figures with {{{{ figure PLAN FUND MEASURE }}}} so the text cannot drift from the data; if {} is not from the plan (a national figure, a quotation), write {{{{ quoted {} }}}}",
                    typed.text, typed.text
                )),
            );
        }
    }
}

/// The location of a typed figure in its file.
fn locate(paper: &Paper, chunk: &Chunk, typed: &TypedFigure) -> Location {
    let before = &chunk.markdown()[..typed.offset];
    let line = chunk.line + before.matches('\n').count() as u32;
    let len = typed.text.chars().count() as u32;
    Location::at(
        paper.location.path.clone(),
        line,
        chunk.column_of(typed.offset),
        len,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    fn texts(s: &str) -> Vec<String> {
        typed_figures(s).into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn finds_compact_figures_and_skips_words() {
        assert_eq!(
            texts("Pool £101.404m, schemes £105,196k, carers £1,240 and £2.5 m."),
            ["£101.404m", "£105,196k", "£1,240", "£2.5 m"]
        );
        assert!(texts(
            "£10 billion, £ 600 million, £5bn, £2.14billion, £300 + million, £130+ million"
        )
        .is_empty());
        // Not prose: shortcodes, code and link addresses.
        assert!(texts("{{ quoted £1.5m }} `£2m` [guide](https://x.gov.uk/£3m)").is_empty());
        // "£3 more" is £3, not £3m.
        assert_eq!(typed_figures("£3 more")[0].unit, MoneyUnit::Pounds);
    }

    #[test]
    fn a_unit_written_alone_is_not_a_figure() {
        assert!(
            texts("Variances (£000), in £000s, £'000, £ 000, £0,000 and £000's; £k and £m.")
                .is_empty()
        );
        // A figure beside its unit still is one, and so is a zero.
        assert_eq!(
            texts("Schemes over £100k (£000); £0 was spent; £1,000."),
            ["£100k", "£0", "£1,000"]
        );
    }

    #[test]
    fn matches_exactly_by_rounding_and_in_the_plan_unit() {
        let pool = Money::new(d("101.404"), MoneyUnit::Millions).in_pounds();
        let carers = Money::new(d("1240"), MoneyUnit::Thousands).in_pounds();
        let figs = [pool, carers];
        let units = [MoneyUnit::Thousands];
        let m = |s: &str| matches(&typed_figures(s)[0], &figs, &units);
        assert!(m("£101.404m"));
        assert!(m("£101.4m"));
        assert!(m("£101,404k"));
        assert!(m("£101,404,000"));
        assert!(m("£1,240k"));
        assert!(m("£1,240"), "a bare figure in the plan's own unit");
        assert!(!m("£101.405m"));
        assert!(!m("£1,241"));
    }

    #[test]
    fn reads_negatives_as_fund_tables_show_them_and_in_brackets() {
        let found = |s: &str| {
            typed_figures(s)
                .into_iter()
                .map(|f| (f.text, f.value, f.unit, f.bracketed, f.offset))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("a contingency of (£1,234k)."),
            [(
                "(£1,234k)".to_string(),
                d("-1234"),
                MoneyUnit::Thousands,
                true,
                17
            )]
        );
        assert_eq!(
            found("−£2.5m and -£2.5m, £-2.5m, (£ 2.5 m)"),
            [
                (
                    "−£2.5m".to_string(),
                    d("-2.5"),
                    MoneyUnit::Millions,
                    false,
                    0
                ),
                (
                    "-£2.5m".to_string(),
                    d("-2.5"),
                    MoneyUnit::Millions,
                    false,
                    14
                ),
                (
                    "£-2.5m".to_string(),
                    d("-2.5"),
                    MoneyUnit::Millions,
                    false,
                    23
                ),
                (
                    "(£ 2.5 m)".to_string(),
                    d("-2.5"),
                    MoneyUnit::Millions,
                    true,
                    32
                ),
            ]
        );
        // Brackets around more than the figure, and a hyphen that joins a
        // range, are not signs.
        assert_eq!(
            found("(£1,234k of it) and £1m-£2m"),
            [
                (
                    "£1,234k".to_string(),
                    d("1234"),
                    MoneyUnit::Thousands,
                    false,
                    1
                ),
                ("£1m".to_string(), d("1"), MoneyUnit::Millions, false, 21),
                ("£2m".to_string(), d("2"), MoneyUnit::Millions, false, 26),
            ]
        );
    }

    #[test]
    fn a_negative_matches_a_negative_figure_in_either_scale_and_brackets_match_either_sign() {
        // A line of amount = 1234, sign = "minus" in a £000 fund, and a
        // line of 1,980.
        let contingency = Money::new(d("-1234"), MoneyUnit::Thousands).in_pounds();
        let dfg = Money::new(d("1980"), MoneyUnit::Thousands).in_pounds();
        let figs = [contingency, dfg];
        let units = [MoneyUnit::Thousands];
        let m = |s: &str| matches(&typed_figures(s)[0], &figs, &units);
        assert!(m("(£1,234k)"));
        assert!(m("−£1,234k"));
        assert!(m("-£1.234m"));
        assert!(m("(£1.2m)"));
        assert!(m("(£1,234)"), "bracketed, in the plan's own unit");
        assert!(!m("£1,234k"), "a negative figure typed without its sign");
        assert!(!m("−£1,980k"), "a minus sign the plan does not have");
        // In a sentence, brackets may only set a figure aside.
        assert!(m("the grant (£1,980k) is passed on"));
        assert!(m("the grant (£1.98m)"));
        assert!(!m("(£1,235k)"));
    }
}

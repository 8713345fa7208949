//! Plan files: `content/plans/<id>.toml` → [`Plan`], with every figure read
//! exactly from its written digits and every reference (bodies, groups,
//! years, funds) checked.
//!
//! Signs are taken only from the file: a figure written `-2.183` is
//! negative, `2.183` with `sign = "minus"` is negative, and a line of
//! `kind = "deduction"` or `"adjustment"` written without either is an
//! error — plansite never guesses a sign from a label.

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Location};
use crate::model::{
    Balance, BalanceMeaning, Body, Conditions, FigureSource, Flow, Fund, FundLine, FundShape,
    Group, LineKind, LineList, Lines, ListName, ListRole, Located, Matrix, MatrixRow, Measure,
    MinimumContribution, MoneyUnit, OutOfHospital, Override, Plan, PlanSource, SignOff,
    SignOffRecord, SocialCare, Stated, StatedChanges, StatedSet, TotalsFrom, Unbalanced,
};
use crate::source::{DeValue, SourceFile, Spanned, TomlReader};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

type Num = Spanned<toml::Value>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    title: String,
    area: Option<String>,
    period: Option<Spanned<String>>,
    unit: Option<Spanned<String>>,
    paper: Option<Spanned<String>>,
    source: RawSource,
    #[serde(default)]
    bodies: Vec<RawBody>,
    /// Read fund by fund ([`read_funds`]), not with the rest of the plan;
    /// named here so that a misspelt key can be told "did you mean".
    #[serde(default)]
    #[allow(dead_code)]
    funds: Option<serde::de::IgnoredAny>,
    conditions: Option<Spanned<RawConditions>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    document: String,
    reference: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBody {
    id: Spanned<String>,
    name: String,
    short: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFund {
    id: Spanned<String>,
    title: String,
    shape: Spanned<String>,
    unit: Option<Spanned<String>>,
    period: Option<Spanned<String>>,
    #[serde(default)]
    years: Vec<Spanned<String>>,
    years_order: Option<Spanned<String>>,
    add_up: Option<Spanned<bool>>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    groups: Vec<Spanned<RawGroup>>,
    // flow
    #[serde(default)]
    sources: Vec<Spanned<RawLine>>,
    #[serde(default)]
    applications: Vec<Spanned<RawLine>>,
    unbalanced: Option<Num>,
    totals_from: Option<Spanned<String>>,
    // lines
    role: Option<Spanned<String>>,
    #[serde(default)]
    lines: Vec<Spanned<RawLine>>,
    // balance
    #[serde(default)]
    income: Vec<Spanned<RawLine>>,
    #[serde(default)]
    expenditure: Vec<Spanned<RawLine>>,
    balance_is: Option<Spanned<String>>,
    balance_label: Option<String>,
    // matrix
    #[serde(default)]
    columns: Vec<Spanned<String>>,
    #[serde(default)]
    rows: Vec<Spanned<RawRow>>,
    stated: Option<RawStated>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    label: String,
    body: Option<Spanned<String>>,
    group: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    sign: Option<Spanned<String>>,
    amount: Option<Num>,
    amounts: Option<BTreeMap<String, Num>>,
    total: Option<Num>,
    change: Option<Num>,
    change_percent: Option<Num>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: Spanned<String>,
    label: Option<String>,
    body: Option<Spanned<String>>,
    subtotal: Option<Num>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    scheme: String,
    #[serde(default)]
    amounts: BTreeMap<String, Num>,
    total: Option<Num>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStated {
    // flow
    sources: Option<Num>,
    pool: Option<Num>,
    applications: Option<Num>,
    // balance
    income: Option<Num>,
    expenditure: Option<Num>,
    balance: Option<Num>,
    // matrix
    #[serde(default)]
    columns: BTreeMap<String, Num>,
    // matrix and lines
    total: Option<Num>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    #[serde(rename = "override")]
    stated: Num,
    difference: Option<Num>,
    reason: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnbalanced {
    difference: Option<Num>,
    reason: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConditions {
    framework: Option<String>,
    note: Option<String>,
    #[serde(default)]
    minimum_contribution: Vec<Spanned<RawMinimum>>,
    #[serde(default)]
    social_care: Vec<Spanned<RawSocialCare>>,
    #[serde(default)]
    out_of_hospital: Vec<Spanned<RawOutOfHospital>>,
    sign_off: Option<Spanned<RawSignOff>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMinimum {
    year: Option<Spanned<String>>,
    allocation: Option<Num>,
    contribution: Option<Num>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSocialCare {
    year: Option<Spanned<String>>,
    previous_year: Option<String>,
    previous: Option<Num>,
    current: Option<Num>,
    inflation_percent: Option<Num>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutOfHospital {
    year: Option<Spanned<String>>,
    spend: Option<Num>,
    base: Option<Num>,
    required_share_percent: Option<Num>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignOff {
    deadline: Option<Num>,
    signed: Option<Vec<RawSigned>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSigned {
    by: String,
    date: Num,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigureRef {
    fund: Spanned<String>,
    measure: Option<Spanned<String>>,
    line: Option<String>,
    source: Option<String>,
    application: Option<String>,
    group: Option<String>,
    column: Option<String>,
    scheme: Option<String>,
    year: Option<String>,
}

const SHAPES: [&str; 4] = ["flow", "matrix", "lines", "balance"];

/// Parses one plan file; `id` is its file name without `.toml`.
pub fn parse_plan(id: &str, file: &SourceFile, diags: &mut Diagnostics) -> Option<Plan> {
    let mut r = TomlReader::new(file, 0, diags);
    let text = file.text.clone();
    let mut tree = r.tree(&text)?;
    // Each fund is read on its own, before the rest of the plan, so that
    // a mistake in one fund neither hides those in the others nor stops
    // them being read and checked.
    let raw_funds = tree
        .get_mut()
        .remove("funds")
        .map(|f| read_funds(&mut r, f, &text))
        .unwrap_or_default();
    let span = tree.span();
    let raw: RawPlan = r.from_tree(
        Spanned::new(span.clone(), DeValue::Table(tree.into_inner())),
        &text,
    )?;
    let Some(unit) = &raw.unit else {
        // Every figure is read in the plan's unit (a fund's own aside), so
        // none can be checked: say so, rather than stop in silence.
        let n = raw_funds.len();
        let what = match n {
            0 => String::new(),
            1 => ": its fund was not checked".to_string(),
            n => format!(": its {n} funds were not checked"),
        };
        r.diags.push(
            Diagnostic::error(format!("the plan has no `unit`{what}"))
                .at(r.loc_of(&Spanned::new(span, ())))
                .hint("say what the plan's figures are in, as the source prints them: unit = \"£\" (pounds), \"£000\" (thousands of pounds) or \"£m\" (millions of pounds); then build again to check the figures"),
        );
        return None;
    };
    let unit = money_unit(&mut r, unit)?;
    let period = raw.period.as_ref().and_then(|p| plan_period(&mut r, p));

    let mut bodies = Vec::new();
    let mut body_ids = BTreeSet::new();
    for b in &raw.bodies {
        if !body_ids.insert(b.id.get_ref().clone()) {
            r.error_at::<_, ()>(
                &b.id,
                Diagnostic::error(format!("body id \"{}\" is used twice", b.id.get_ref())),
            );
        }
        bodies.push(Body {
            id: b.id.get_ref().clone(),
            name: b.name.clone(),
            short: b.short.clone().unwrap_or_else(|| b.name.clone()),
        });
    }
    let ids: Vec<String> = body_ids.iter().cloned().collect();

    let mut funds = Vec::new();
    let mut unreadable_funds = Vec::new();
    let mut fund_ids = BTreeSet::new();
    for (f, id) in &raw_funds {
        let Some(f) = f else {
            // Its mistakes are reported; a citation of it is not another.
            unreadable_funds.extend(id.clone());
            continue;
        };
        let location = r.loc_of(f);
        let f = f.get_ref();
        if !crate::content::is_slug(f.id.get_ref()) {
            r.error_at::<_, ()>(
                &f.id,
                Diagnostic::error(format!("fund id \"{}\" is not a slug", f.id.get_ref()))
                    .hint("use lower-case letters, digits and hyphens, e.g. flow-of-funds"),
            );
            continue;
        }
        if !fund_ids.insert(f.id.get_ref().clone()) {
            r.error_at::<_, ()>(
                &f.id,
                Diagnostic::error(format!(
                    "fund id \"{}\" is used twice in this plan",
                    f.id.get_ref()
                )),
            );
            continue;
        }
        let mut p = FundParser {
            r: &mut r,
            bodies: &bodies,
            ids: &ids,
            location: location.clone(),
            years: Vec::new(),
            order_error: None,
            unchecked_changes: 0,
            shows_changes: true,
            add_up: None,
        };
        match p.fund(f, unit) {
            Some(fund) => funds.push(fund),
            None => unreadable_funds.push(f.id.get_ref().clone()),
        }
    }

    let conditions = raw
        .conditions
        .as_ref()
        .map(|c| conditions(&mut r, c, &funds, &unreadable_funds));

    Some(Plan {
        id: id.to_string(),
        title: raw.title,
        area: raw.area,
        period,
        unit,
        paper: raw.paper.as_ref().map(|p| r.located(p)),
        source: PlanSource {
            document: raw.source.document,
            reference: raw.source.reference,
            url: raw.source.url,
        },
        bodies,
        funds,
        unreadable_funds,
        conditions,
        location: Location::file(file.path.clone()),
    })
}

/// The plan's `period`, as the source writes it (free text, shown in the
/// captions of its funds' tables): empty is an error, and so is text
/// written as a year that is no year (`2017/19`), with the label to write;
/// a period of several years (`2017-19`, `2017 to 2019`) is fine.
fn plan_period(r: &mut TomlReader<'_>, p: &Spanned<String>) -> Option<String> {
    let text = p.get_ref().trim();
    if text.is_empty() {
        return r.error_at(
            p,
            Diagnostic::error("the plan's `period` is empty").hint(
                "write the period the plan is for, as the source writes it (period = \"2017/18\", or \"2017-19\" for two years), or leave `period` out",
            ),
        );
    }
    if let Some(no) = not_a_year(text) {
        r.error_at::<_, ()>(
            p,
            Diagnostic::error(format!("the plan's period {}", no.message))
                .hint(no.hint(&|l| format!("period = \"{l}\""))),
        );
    }
    Some(text.to_string())
}

/// A fund as read from its `[[funds]]` table (`None` if it has mistakes,
/// all of them reported), with its id where one can be read.
type ReadFund = (Option<Spanned<RawFund>>, Option<String>);

/// The plan's `[[funds]]`, each read on its own.
fn read_funds(r: &mut TomlReader<'_>, v: Spanned<DeValue<'_>>, text: &str) -> Vec<ReadFund> {
    let span = v.span();
    match v.into_inner() {
        DeValue::Array(items) => items.into_iter().map(|f| read_fund(r, f, text)).collect(),
        // Not a list of tables: serde's own message says what it is.
        other => r
            .from_tree::<Vec<Spanned<RawFund>>>(Spanned::new(span, other), text)
            .unwrap_or_default()
            .into_iter()
            .map(|f| {
                let id = f.get_ref().id.get_ref().clone();
                (Some(f), Some(id))
            })
            .collect(),
    }
}

/// One `[[funds]]` table, with every mistake in it reported: each line,
/// group and row is read on its own, so that a mistake in one does not hide
/// a mistake in the next.
fn read_fund(r: &mut TomlReader<'_>, mut v: Spanned<DeValue<'_>>, text: &str) -> ReadFund {
    let id = match v.get_ref() {
        DeValue::Table(t) => t
            .get("id")
            .and_then(|i| i.get_ref().as_str())
            .map(str::to_string),
        _ => None,
    };
    // The lists come out of the table before the rest of it is read.
    let mut take = |key: &str| match v.get_mut() {
        DeValue::Table(t) => t.remove(key),
        _ => None,
    };
    let groups = take("groups");
    let sources = take("sources");
    let applications = take("applications");
    let lines = take("lines");
    let income = take("income");
    let expenditure = take("expenditure");
    let rows = take("rows");
    // A field of the fund written after one of its [[funds.groups]] (or
    // lines, rows) headers is said to have fallen into it.
    let offset = r.offset;
    let r = &mut r
        .sub(offset)
        .with_table_fields("fund", "[[funds]]", fund_fields());
    let fund = r.from_tree_every_field::<Spanned<RawFund>>(v, text);
    let mut ok = fund.is_some();
    let groups = read_each::<RawGroup>(r, groups, text, &mut ok);
    let sources = read_each(r, sources, text, &mut ok);
    let applications = read_each(r, applications, text, &mut ok);
    let lines = read_each(r, lines, text, &mut ok);
    let income = read_each(r, income, text, &mut ok);
    let expenditure = read_each(r, expenditure, text, &mut ok);
    let rows = read_each::<RawRow>(r, rows, text, &mut ok);
    let Some(mut fund) = fund.filter(|_| ok) else {
        return (None, id);
    };
    let f = fund.get_mut();
    f.groups = groups;
    f.sources = sources;
    f.applications = applications;
    f.lines = lines;
    f.income = income;
    f.expenditure = expenditure;
    f.rows = rows;
    (Some(fund), id)
}

/// The fields of a `[[funds]]` table, as serde knows them.
fn fund_fields() -> &'static [String] {
    static FIELDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FIELDS.get_or_init(crate::source::serde_fields::<RawFund>)
}

/// A list of tables (`[[funds.sources]]`), each item read on its own; a
/// mistake in any (every one reported) clears `ok`. A list left out is
/// empty.
fn read_each<T: serde::de::DeserializeOwned>(
    r: &mut TomlReader<'_>,
    list: Option<Spanned<DeValue<'_>>>,
    text: &str,
    ok: &mut bool,
) -> Vec<Spanned<T>> {
    let Some(list) = list else {
        return Vec::new();
    };
    let span = list.span();
    let mut out = Vec::new();
    match list.into_inner() {
        DeValue::Array(items) => {
            for item in items {
                match r.from_tree_every_field(item, text) {
                    Some(t) => out.push(t),
                    None => *ok = false,
                }
            }
        }
        // Not a list of tables: serde's own message says what it is.
        other => match r.from_tree(Spanned::new(span, other), text) {
            Some(all) => out = all,
            None => *ok = false,
        },
    }
    out
}

fn body_ref(
    r: &mut TomlReader<'_>,
    b: &Spanned<String>,
    ids: &[String],
) -> Option<Located<String>> {
    if ids.contains(b.get_ref()) {
        return Some(r.located(b));
    }
    let hint = match did_you_mean(b.get_ref(), ids.iter().map(String::as_str)) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None if ids.is_empty() => "declare the body first in a [[bodies]] table".to_string(),
        None => format!("bodies in this plan: {}", ids.join(", ")),
    };
    r.error_at(
        b,
        Diagnostic::error(format!("unknown body \"{}\"", b.get_ref())).hint(hint),
    )
}

/// A stated figure: a number, or `{ override = …, difference = …, reason = "…" }`.
fn stated_one(r: &mut TomlReader<'_>, v: &Num) -> Option<Stated> {
    if let toml::Value::Table(t) = v.get_ref() {
        if !t.contains_key("override") {
            let keys: Vec<&str> = t.keys().map(String::as_str).collect();
            return r.error_at(
                v,
                Diagnostic::error(format!(
                    "a stated figure is a number or an override, not a table of {}",
                    keys.join(", ")
                ))
                .hint("write the figure (total = 1374), or, if the source really printed a figure that does not add up, { override = 1375, difference = 1, reason = \"…\" }; figures by year belong in a fund with `years`"),
            );
        }
        if !t.contains_key("reason") {
            return r.error_at(
                v,
                Diagnostic::error("an override needs a reason")
                    .hint("say why the printed figure is kept: { override = <the printed figure>, difference = <printed − computed>, reason = \"The paper prints 1,625; its rows add up to 1,624.\" }"),
            );
        }
        let (raw, offset) = r.inline::<RawOverride>(v)?;
        let location = r.loc_of(v);
        let mut sub = r.sub(offset);
        let figure = sub.decimal(&raw.stated);
        let difference = match &raw.difference {
            Some(d) => Some(sub.decimal(d)?),
            None => None,
        };
        let figure = figure?;
        if raw.reason.get_ref().trim().is_empty() {
            return sub.error_at(
                &raw.reason,
                Diagnostic::error("an override needs a reason")
                    .hint("say why the published figure is kept, e.g. \"The paper prints 1,625; its rows add up to 1,624.\""),
            );
        }
        let reason = Located {
            value: raw.reason.get_ref().trim().to_string(),
            location,
        };
        return Some(Stated {
            figure,
            overridden: Some(Override { reason, difference }),
        });
    }
    r.decimal(v).map(|figure| Stated {
        figure,
        overridden: None,
    })
}

struct FundParser<'r, 'a> {
    r: &'r mut TomlReader<'a>,
    bodies: &'r [Body],
    ids: &'r [String],
    location: Location,
    years: Vec<String>,
    /// The error for years listed out of order, held back until the fund
    /// is read so that it can say how many stated changes went unchecked.
    order_error: Option<Diagnostic>,
    /// Stated changes read but not checked because the years are out of
    /// order: each would be compared with a change of the wrong sign.
    unchecked_changes: usize,
    /// Whether the fund's table shows the change from each column to the
    /// next: not where its columns are kept as printed out of the order
    /// of their periods (see [`FundParser::read_years`]).
    shows_changes: bool,
    /// The fund's `add_up`, when given: whether its columns are added up,
    /// where the labels alone would say otherwise.
    add_up: Option<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sign {
    Plus,
    Minus,
}

impl FundParser<'_, '_> {
    /// Whether the fund's columns are added up: as its `add_up` says, else
    /// as its labels do ([`columns_add_up`]).
    fn adds_up(&self) -> bool {
        self.add_up.unwrap_or_else(|| columns_add_up(&self.years))
    }

    /// The fund's `add_up`, checked: `true` adds up labelled columns that
    /// are successive periods ("Budget 2025/26", "Budget 2026/27"),
    /// `false` keeps successive bare periods that are positions ("March
    /// 2024", "March 2025") from being added up; either is an error where
    /// it changes nothing, and `true` where the columns are not successive
    /// periods.
    fn read_add_up(&mut self, add_up: Option<&Spanned<bool>>) {
        let Some(a) = add_up else {
            return;
        };
        let want = *a.get_ref();
        let by_labels = columns_add_up(&self.years);
        let successive = successive_periods(&self.years, year_period);
        let problem = if self.years.len() < 2 {
            Some(
                Diagnostic::error("`add_up` needs two or more `years`")
                    .hint(format!("remove add_up = {want}")),
            )
        } else if want == by_labels {
            Some(if want {
                Diagnostic::error("`add_up` is not needed: columns that are successive periods and nothing else are added up")
                    .hint("remove add_up = true")
            } else {
                Diagnostic::error("`add_up` is not needed: columns that are not successive periods and nothing else are not added up")
                    .hint("remove add_up = false")
            })
        } else if want && !successive {
            let list = quoted_and_list(&self.years);
            Some(
                Diagnostic::error(format!(
                    "add_up = true cannot add up these columns: {list} are not successive periods"
                ))
                .hint("add_up = true adds up columns that each name one period, each after the one before (\"Budget 2025/26\", \"Budget 2026/27\"); remove it"),
            )
        } else {
            None
        };
        match problem {
            Some(d) => {
                self.r.error_at::<_, ()>(a, d);
            }
            None => self.add_up = Some(want),
        }
    }

    fn periods(&self) -> usize {
        self.years.len().max(1)
    }

    fn error(&mut self, d: Diagnostic) {
        self.r.diags.push(d.at(self.location.clone()));
    }

    fn misplaced(&mut self, shape: &str, fields: &[(&str, bool)]) {
        for (name, present) in fields {
            if *present {
                self.error(
                    Diagnostic::error(format!(
                        "field \"{name}\" does not belong in a {shape} fund"
                    ))
                    .hint(format!("see the {shape} shape in docs/content-format.md")),
                );
            }
        }
    }

    fn year_index(&mut self, key: &str, at: Location) -> Option<usize> {
        if let Some(i) = self.years.iter().position(|y| y == key) {
            return Some(i);
        }
        let hint = match did_you_mean(key, self.years.iter().map(String::as_str)) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!("this fund's years are: {}", self.years.join(", ")),
        };
        self.r.diags.push(
            Diagnostic::error(format!("\"{key}\" is not one of this fund's years"))
                .at(at)
                .hint(hint),
        );
        None
    }

    /// Stated totals for each period (and all years), from a number, an
    /// override, or a table keyed by year (with the printed `change` and
    /// `change_percent` between the years).
    fn stated_set(&mut self, v: Option<&Num>) -> StatedSet {
        let mut set = StatedSet::empty(self.periods());
        let Some(v) = v else {
            return set;
        };
        if self.years.is_empty() {
            set.periods[0] = stated_one(self.r, v);
            return set;
        }
        let toml::Value::Table(t) = v.get_ref() else {
            let example = self
                .years
                .iter()
                .map(|y| format!("\"{y}\" = …"))
                .collect::<Vec<_>>()
                .join(", ");
            self.r.error_at::<_, ()>(
                v,
                Diagnostic::error("this fund is by year: give the stated figure for each year")
                    .hint(format!("write {{ {example}, total = … }} (each optional)")),
            );
            return set;
        };
        if t.contains_key("override") {
            self.r.error_at::<_, ()>(
                v,
                Diagnostic::error("an override in a fund by year belongs to one year's figure")
                    .hint("write { \"2017/18\" = { override = 1625, difference = 1, reason = \"…\" }, … }"),
            );
            return set;
        }
        let Some((map, offset)) = self.r.inline::<BTreeMap<String, Num>>(v) else {
            return set;
        };
        for (key, value) in &map {
            match key.as_str() {
                "total" if !self.adds_up() => {
                    let why = not_added_up(&self.years, self.add_up);
                    self.r.sub(offset).error_at::<_, ()>(
                        value,
                        Diagnostic::error(format!("{why} it has no all-years total"))
                            .hint("remove `total`"),
                    );
                }
                "total" => set.all = stated_one(&mut self.r.sub(offset), value),
                "change" => set.changes.amounts = self.changes(offset, value, "change"),
                "change_percent" => {
                    set.changes.percents = self.changes(offset, value, "change_percent")
                }
                _ => {
                    let at = self.r.sub(offset).loc_of(value);
                    if let Some(i) = self.year_index(key, at) {
                        set.periods[i] = stated_one(&mut self.r.sub(offset), value);
                    }
                }
            }
        }
        set
    }

    /// Printed changes between years: one figure when the fund has two
    /// years, else a table keyed by the later year of each pair. `offset`
    /// is the reader offset `v` was read at.
    fn changes(&mut self, offset: usize, v: &Num, field: &str) -> Vec<Option<Stated>> {
        let pairs = self.years.len().saturating_sub(1);
        let mut out = vec![None; pairs];
        if !self.shows_changes {
            self.r.sub(offset).error_at::<_, ()>(
                v,
                Diagnostic::error("this fund's columns are kept in the order printed, not in the order of their periods (years_order = \"as-written\"), so no changes between them are shown")
                    .hint(format!("remove `{field}`")),
            );
            return out;
        }
        if pairs == 0 {
            self.r.sub(offset).error_at::<_, ()>(
                v,
                Diagnostic::error(format!("`{field}` is for funds by year"))
                    .hint("a change is between two years: give the fund years = [\"2017/18\", \"2018/19\"]"),
            );
            return out;
        }
        if !matches!(v.get_ref(), toml::Value::Table(t) if !t.contains_key("override")) {
            if pairs == 1 {
                out[0] = stated_one(&mut self.r.sub(offset), v);
                return self.unchecked(out);
            } else {
                let example = self.years[1..]
                    .iter()
                    .map(|y| format!("\"{y}\" = …"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.r.sub(offset).error_at::<_, ()>(
                    v,
                    Diagnostic::error(format!(
                        "this fund has {} years: say which change each `{field}` is",
                        self.years.len()
                    ))
                    .hint(format!(
                        "key each change by its later year: {field} = {{ {example} }}"
                    )),
                );
            }
            return out;
        }
        let Some((map, inner)) = self.r.sub(offset).inline::<BTreeMap<String, Num>>(v) else {
            return out;
        };
        for (key, value) in &map {
            let at = self.r.sub(inner).loc_of(value);
            match self.year_index(key, at.clone()) {
                Some(0) => self.r.diags.push(
                    Diagnostic::error(format!(
                        "\"{key}\" is the first year: there is no change into it"
                    ))
                    .at(at)
                    .hint(format!(
                        "key each change by its later year: \"{}\" is the change from {key}",
                        self.years.get(1).map_or("", String::as_str)
                    )),
                ),
                Some(i) => out[i - 1] = stated_one(&mut self.r.sub(inner), value),
                None => {}
            }
        }
        self.unchecked(out)
    }

    /// The stated changes `out`, or none when the years are out of order
    /// (counted, for the order error to say they were not checked).
    fn unchecked(&mut self, out: Vec<Option<Stated>>) -> Vec<Option<Stated>> {
        if self.order_error.is_none() {
            return out;
        }
        self.unchecked_changes += out.iter().flatten().count();
        vec![None; out.len()]
    }

    /// The fund's years, checked: labels, repeats, and that the labels
    /// that name a period run from the earliest to the latest in the order
    /// written, since each change is worked out from one column to the
    /// next. Two labels side by side that name no period cannot be put in
    /// order: a warning, unless `years_order = "as-written"` says the
    /// written order is earliest first.
    fn read_years(&mut self, years: &[Spanned<String>], order: Option<&Spanned<String>>) {
        let mut seen = BTreeSet::new();
        let mut dated: Vec<Option<crate::model::Period>> = Vec::new();
        for y in years {
            let text = y.get_ref().trim();
            if text.is_empty() || ["total", "change", "change_percent"].contains(&text) {
                self.r.error_at::<_, ()>(
                    y,
                    Diagnostic::error(format!("\"{text}\" cannot be a year label"))
                        .hint("write the year as the source prints it, e.g. \"2017/18\""),
                );
            } else if let Some(no) = not_a_year(text) {
                self.r.error_at::<_, ()>(
                    y,
                    Diagnostic::error(format!("the year label {}", no.message))
                        .hint(no.hint(&|l| format!("\"{l}\""))),
                );
            } else if !seen.insert(text.to_string()) {
                self.r.error_at::<_, ()>(
                    y,
                    Diagnostic::error(format!("year \"{text}\" is listed twice")),
                );
            }
            dated.push(year_period(text));
            self.years.push(text.to_string());
        }
        // The labels that name a period, in the order written: each must
        // not be earlier than the one before it.
        let written: Vec<(usize, crate::model::Period)> = dated
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| (i, p)))
            .collect();
        // Whether `years_order = "as-written"` is given (an unknown value
        // is reported here).
        let as_written = order.is_some_and(|o| {
            self.r
                .choice(o, "years_order", &["as-written"], |s| {
                    (s == "as-written").then_some(())
                })
                .is_some()
        });
        // Labels with more than their period ("Carry forward from
        // 2024/25") may be kept as printed out of the order of their
        // periods: an approved budget, the carry forward from the year
        // before, the revised budget. Such columns are not a run of
        // periods, so no change from one to the next is shown.
        let labelled = |i: usize| bare_period(&self.years[i]).is_none();
        let backwards: Vec<(usize, usize)> = written
            .windows(2)
            .filter(|w| w[1].1 < w[0].1)
            .map(|w| (w[0].0, w[1].0))
            .collect();
        let kept_as_printed =
            !backwards.is_empty() && backwards.iter().all(|&(a, b)| labelled(a) || labelled(b));
        if kept_as_printed && as_written {
            self.shows_changes = false;
        } else if let Some(w) = written.windows(2).find(|w| w[1].1 < w[0].1) {
            let (before, after) = (w[0].0, w[1].0);
            // The right order: the labels that name a period sorted into
            // their places, the others left where they are.
            let mut sorted = written.clone();
            sorted.sort_by_key(|(_, p)| *p);
            let mut next = sorted.iter();
            let order = dated
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let at = match p {
                        Some(_) => next.next().map_or(i, |(j, _)| *j),
                        None => i,
                    };
                    format!("\"{}\"", self.years[at])
                })
                .collect::<Vec<_>>()
                .join(", ");
            let earlier_at = self.r.loc_of(&years[before]);
            let at = self.r.loc_of(&years[after]);
            let hint = if kept_as_printed {
                "if the source prints the columns in this order (a budget, the carry forward from the year before, the revised budget), keep them so and say so on the fund with years_order = \"as-written\": the table shows them as printed, with no changes between them".to_string()
            } else {
                format!("list the years earliest first (the table shows them in that order): years = [{order}]")
            };
            self.order_error = Some(
                Diagnostic::error(format!(
                    "years are not in order: \"{}\" is listed after the later \"{}\"",
                    self.years[after],
                    self.years[before]
                ))
                .label("each change is worked out from one year to the next, so this order would give it the wrong sign")
                .note(format!("\"{}\" is at {earlier_at}", self.years[before]))
                .hint(hint)
                .at(at),
            );
        }
        // Changes worked out between two labels side by side whose order
        // cannot be checked: neither names a period, or both the same one
        // ("Budget 2017/18", "Outturn 2017/18").
        let side_by_side: Vec<usize> = (1..dated.len())
            .filter(|&i| match (dated[i - 1], dated[i]) {
                (None, None) => true,
                (Some(_), Some(_)) => same_period(&self.years[i - 1], &self.years[i]) == Some(true),
                _ => false,
            })
            .collect();
        // A budget before its forecast or outturn for the same period
        // ("Budget 2023/24", "Forecast outturn 2023/24") is in order as
        // its words say: only the other pairs are left unchecked (and
        // years_order, written for such a pair, is still accepted).
        let unchecked: Vec<usize> = side_by_side
            .iter()
            .copied()
            .filter(|&i| {
                dated[i].is_none()
                    || !matches!(
                        (budget_stage(&self.years[i - 1]), budget_stage(&self.years[i])),
                        (Some(a), Some(b)) if a < b
                    )
            })
            .collect();
        if let (Some(o), true) = (order, as_written) {
            if years.len() < 2 {
                self.r.error_at::<_, ()>(
                    o,
                    Diagnostic::error("`years_order` needs two or more `years`")
                        .hint("years_order = \"as-written\" says the years listed in `years` run from the earliest to the latest; without years, remove it"),
                );
            } else if side_by_side.is_empty() && !kept_as_printed {
                self.r.error_at::<_, ()>(
                    o,
                    Diagnostic::error("`years_order` is not needed: it confirms the order of two years side by side that name no period, or the same one, or keeps labelled columns as printed out of the order of their periods, and this fund has none")
                        .hint("remove years_order = \"as-written\""),
                );
            }
        }
        let as_written = order.is_some();
        if let (false, Some(&i)) = (as_written, unchecked.first()) {
            let (a, b) = (&self.years[i - 1], &self.years[i]);
            let (why, or_name) = if dated[i].is_none() {
                (
                    "neither names a period",
                    ", or write labels that name their year (\"Budget 2017/18\")",
                )
            } else {
                ("both name the same period", "")
            };
            let changes = unchecked
                .iter()
                .map(|&i| format!("from \"{}\" to \"{}\"", self.years[i - 1], self.years[i]))
                .collect::<Vec<_>>();
            let label = match changes.as_slice() {
                [one] => format!("the change {one} is worked out in the order written"),
                [first @ .., last] => format!(
                    "the changes {} and {last} are worked out in the order written",
                    first.join(", ")
                ),
                [] => String::new(),
            };
            self.r.diags.push(
                Diagnostic::warning(format!(
                    "the order of years \"{a}\" and \"{b}\" cannot be checked: {why}"
                ))
                .at(self.r.loc_of(&years[i]))
                .label(label)
                .hint(format!("if the years are listed earliest first, say so on the fund with years_order = \"as-written\"; if not, list them earliest first{or_name}")),
            );
        }
    }

    /// The fund, with every mistake in it reported. When its years are out
    /// of order, its stated changes are read but not checked (each would be
    /// compared with a change of the wrong sign, and the error would suggest
    /// an override for it): the order error says so.
    fn fund(&mut self, f: &RawFund, plan_unit: MoneyUnit) -> Option<Fund> {
        let fund = self.read_fund(f, plan_unit);
        if let Some(mut d) = self.order_error.take() {
            match self.unchecked_changes {
                0 => {}
                n => d.add_note(format!(
                    "{} not checked: {} worked out from one year to the next, and will be checked when the years are in order",
                    if n == 1 { "the change stated in this fund is".to_string() } else { format!("the {n} changes stated in this fund are") },
                    if n == 1 { "it is" } else { "each is" },
                )),
            }
            self.r.diags.push(d);
        }
        fund
    }

    fn read_fund(&mut self, f: &RawFund, plan_unit: MoneyUnit) -> Option<Fund> {
        let unit = match &f.unit {
            Some(u) => money_unit(self.r, u),
            None => Some(plan_unit),
        };
        self.read_years(&f.years, f.years_order.as_ref());
        self.read_add_up(f.add_up.as_ref());
        let period = self.own_period(f.period.as_ref(), &f.years);
        let shape_name = self.r.choice(&f.shape, "fund shape", &SHAPES, |s| {
            SHAPES.contains(&s).then(|| s.to_string())
        })?;
        let totals_from = match &f.totals_from {
            None => Some(TotalsFrom::Lines),
            Some(t) => self.r.choice(
                t,
                "totals_from",
                &["lines", "printed-subtotals"],
                |s| match s {
                    "lines" => Some(TotalsFrom::Lines),
                    "printed-subtotals" => Some(TotalsFrom::PrintedSubtotals),
                    _ => None,
                },
            ),
        };
        if f.totals_from.is_some() && f.groups.is_empty() {
            self.error(
                Diagnostic::error("`totals_from` needs groups with subtotals")
                    .hint("totals_from = \"printed-subtotals\" adds up the printed subtotals of [[funds.groups]]; without groups, remove it"),
            );
        }
        let has = |v: &Vec<Spanned<RawLine>>| !v.is_empty();
        let stated = f.stated.as_ref();
        let st = |name: &str| -> bool {
            stated.is_some_and(|s| match name {
                "sources" => s.sources.is_some(),
                "pool" => s.pool.is_some(),
                "applications" => s.applications.is_some(),
                "income" => s.income.is_some(),
                "expenditure" => s.expenditure.is_some(),
                "balance" => s.balance.is_some(),
                "columns" => !s.columns.is_empty(),
                "total" => s.total.is_some(),
                _ => false,
            })
        };
        // Every shape-specific field, and whether it is present.
        let fields: [(&str, bool, &[&str]); 19] = [
            ("sources", has(&f.sources), &["flow"]),
            ("applications", has(&f.applications), &["flow"]),
            ("unbalanced", f.unbalanced.is_some(), &["flow"]),
            ("lines", has(&f.lines), &["lines"]),
            ("role", f.role.is_some(), &["lines"]),
            ("income", has(&f.income), &["balance"]),
            ("expenditure", has(&f.expenditure), &["balance"]),
            ("balance_is", f.balance_is.is_some(), &["balance"]),
            ("balance_label", f.balance_label.is_some(), &["balance"]),
            ("columns", !f.columns.is_empty(), &["matrix"]),
            ("rows", !f.rows.is_empty(), &["matrix"]),
            (
                "groups",
                !f.groups.is_empty(),
                &["flow", "lines", "balance"],
            ),
            ("years", !f.years.is_empty(), &["flow", "lines", "balance"]),
            (
                "totals_from",
                f.totals_from.is_some(),
                &["flow", "lines", "balance"],
            ),
            ("stated.sources", st("sources"), &["flow"]),
            ("stated.pool", st("pool"), &["flow"]),
            ("stated.applications", st("applications"), &["flow"]),
            ("stated.columns", st("columns"), &["matrix"]),
            ("stated.income", st("income"), &["balance"]),
        ];
        let more: [(&str, bool, &[&str]); 4] = [
            (
                "years_order",
                f.years_order.is_some(),
                &["flow", "lines", "balance"],
            ),
            ("stated.expenditure", st("expenditure"), &["balance"]),
            ("stated.balance", st("balance"), &["balance"]),
            ("stated.total", st("total"), &["matrix", "lines"]),
        ];
        let wrong: Vec<(&str, bool)> = fields
            .iter()
            .chain(more.iter())
            .map(|(n, present, shapes)| (*n, *present && !shapes.contains(&shape_name.as_str())))
            .collect();
        self.misplaced(&shape_name, &wrong);
        if shape_name == "matrix" && !f.years.is_empty() {
            // Reported above as misplaced; say what to do instead.
            self.error(Diagnostic::error("a matrix fund is for one period").hint(
                "for figures by year use shape = \"lines\" with years, or one matrix per year",
            ));
        }

        // Every part is read (and every mistake in it reported) even when an
        // earlier part has one; the fund is kept only if all of it is sound.
        let mut groups = self.groups(&f.groups);
        let stated_of = |p: &mut Self, v: Option<&Num>| p.stated_set(v);
        let shape = match shape_name.as_str() {
            "flow" => {
                let sources = self.list(&f.sources, &mut groups, "sources");
                let applications = self.list(&f.applications, &mut groups, "applications");
                if f.sources.is_empty() || f.applications.is_empty() {
                    self.error(Diagnostic::error(
                        "a flow fund needs [[funds.sources]] and [[funds.applications]]",
                    ));
                }
                let sources_stated = stated_of(self, stated.and_then(|s| s.sources.as_ref()));
                let applications_stated =
                    stated_of(self, stated.and_then(|s| s.applications.as_ref()));
                let stated_pool = stated_of(self, stated.and_then(|s| s.pool.as_ref()));
                let unbalanced = match &f.unbalanced {
                    Some(u) => self.unbalanced(u).map(Some),
                    None => Some(None),
                };
                let (mut sources, mut applications) = (sources?, applications?);
                sources.stated = sources_stated;
                applications.stated = applications_stated;
                FundShape::Flow(Flow {
                    sources,
                    applications,
                    stated_pool,
                    unbalanced: unbalanced?,
                })
            }
            "lines" => {
                let role = match &f.role {
                    None => Some(ListRole::Contributions),
                    Some(role) => {
                        self.r
                            .choice(role, "role", &["contributions", "spending"], |s| match s {
                                "contributions" => Some(ListRole::Contributions),
                                "spending" => Some(ListRole::Spending),
                                _ => None,
                            })
                    }
                };
                let list = self.list(&f.lines, &mut groups, "lines");
                if f.lines.is_empty() {
                    self.error(Diagnostic::error("a lines fund needs [[funds.lines]]"));
                }
                let total = stated_of(self, stated.and_then(|s| s.total.as_ref()));
                let mut list = list?;
                list.stated = total;
                FundShape::Lines(Lines { role: role?, list })
            }
            "balance" => {
                let income = self.list(&f.income, &mut groups, "income");
                let expenditure = self.list(&f.expenditure, &mut groups, "expenditure");
                if f.income.is_empty() || f.expenditure.is_empty() {
                    self.error(Diagnostic::error(
                        "a balance fund needs [[funds.income]] and [[funds.expenditure]]",
                    ));
                }
                let meaning = match &f.balance_is {
                    None => Some(BalanceMeaning::Plain),
                    Some(m) => self.r.choice(
                        m,
                        "balance_is",
                        &BalanceMeaning::NAMES,
                        BalanceMeaning::parse,
                    ),
                };
                let income_stated = stated_of(self, stated.and_then(|s| s.income.as_ref()));
                let expenditure_stated =
                    stated_of(self, stated.and_then(|s| s.expenditure.as_ref()));
                let stated_balance = stated_of(self, stated.and_then(|s| s.balance.as_ref()));
                let (mut income, mut expenditure) = (income?, expenditure?);
                income.stated = income_stated;
                expenditure.stated = expenditure_stated;
                FundShape::Balance(Balance {
                    income,
                    expenditure,
                    stated_balance,
                    meaning: meaning?,
                    label: f
                        .balance_label
                        .as_deref()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                })
            }
            _ => {
                self.years.clear();
                FundShape::Matrix(self.matrix(f)?)
            }
        };
        for (g, used) in &groups {
            if used.is_none() {
                self.r.diags.push(
                    Diagnostic::error(format!("group \"{}\" has no lines", g.id))
                        .at(g.location.clone())
                        .hint("give lines `group = \"…\"`, or remove the group"),
                );
            }
        }
        Some(Fund {
            id: f.id.get_ref().clone(),
            title: f.title.clone(),
            unit: unit?,
            years: self.years.clone(),
            period: period?,
            totals_from: totals_from?,
            shape,
            notes: f.notes.clone(),
            shows_changes: self.shows_changes,
            adds_up: self.adds_up(),
            location: self.location.clone(),
        })
    }

    /// The fund's own `period` (for a fund of one period whose figures are
    /// not for the plan's period): `Some(None)` when it is left out, `None`
    /// when it is written wrongly (reported).
    fn own_period(
        &mut self,
        period: Option<&Spanned<String>>,
        years: &[Spanned<String>],
    ) -> Option<Option<String>> {
        let Some(p) = period else {
            return Some(None);
        };
        let text = p.get_ref().trim();
        if text.is_empty() {
            return self.r.error_at(
                p,
                Diagnostic::error("the fund's `period` is empty")
                    .hint("write the period the fund's figures are for, as the source writes it (period = \"2015/16\"), or leave `period` out and the fund takes the plan's"),
            );
        }
        if let Some(no) = not_a_year(text) {
            return self.r.error_at(
                p,
                Diagnostic::error(format!("the fund's period {}", no.message))
                    .hint(no.hint(&|l| format!("period = \"{l}\""))),
            );
        }
        if let Some(first) = years.first() {
            let shown = years
                .iter()
                .map(|y| y.get_ref().as_str())
                .collect::<Vec<_>>()
                .join(" and ");
            return self.r.error_at(
                p,
                Diagnostic::error("a fund by `years` has no `period` of its own")
                    .label(format!("its tables are captioned with its years: {shown}"))
                    .note(format!("the years are at {}", self.r.loc_of(first)))
                    .hint(format!(
                        "remove period = \"{text}\"; if a year label does not say its year, write it in the label (\"Outturn {text}\")"
                    )),
            );
        }
        Some(Some(text.to_string()))
    }

    /// `unbalanced = { difference = …, reason = "…" }`: why a flow that does
    /// not balance is published as printed, and by how much (sources −
    /// applications; per year, keyed by year, in a fund by year).
    fn unbalanced(&mut self, v: &Num) -> Option<Unbalanced> {
        let location = self.r.loc_of(v);
        if let toml::Value::String(_) = v.get_ref() {
            return self.r.error_at(
                v,
                Diagnostic::error("`unbalanced` must say the difference it explains")
                    .hint("write unbalanced = { difference = <sources − applications>, reason = \"…\" }, so that a later change to any figure cannot hide under the same reason"),
            );
        }
        let (raw, offset) = self.r.inline::<RawUnbalanced>(v)?;
        let mut differences = vec![None; self.periods()];
        match &raw.difference {
            None => {
                return self.r.error_at(
                    v,
                    Diagnostic::error("`unbalanced` must say the difference it explains")
                        .hint("add difference = <sources − applications>, as the source's figures give it"),
                );
            }
            Some(d) if self.years.is_empty() => {
                differences[0] = Some(self.r.sub(offset).decimal(d)?)
            }
            Some(d) => {
                let (map, inner) = self.r.sub(offset).inline::<BTreeMap<String, Num>>(d)?;
                for (key, value) in &map {
                    let at = self.r.sub(inner).loc_of(value);
                    let i = self.year_index(key, at)?;
                    differences[i] = Some(self.r.sub(inner).decimal(value)?);
                }
            }
        }
        let reason = raw.reason.get_ref().trim();
        if reason.is_empty() {
            return self.r.sub(offset).error_at(
                &raw.reason,
                Diagnostic::error("`unbalanced` needs a reason")
                    .hint("say why the published flow of funds does not balance"),
            );
        }
        Some(Unbalanced {
            reason: Located {
                value: reason.to_string(),
                location,
            },
            differences,
        })
    }

    /// The declared groups, each with the list that uses it (filled in by `list`).
    fn groups(&mut self, raw: &[Spanned<RawGroup>]) -> Vec<(Group, Option<&'static str>)> {
        let mut out: Vec<(Group, Option<&'static str>)> = Vec::new();
        for g in raw {
            let location = self.r.loc_of(g);
            let g = g.get_ref();
            let id = g.id.get_ref().trim().to_string();
            if id.is_empty() || out.iter().any(|(o, _)| o.id == id) {
                self.r.error_at::<_, ()>(
                    &g.id,
                    Diagnostic::error(format!("group id \"{id}\" is empty or used twice")),
                );
                continue;
            }
            let body = g
                .body
                .as_ref()
                .and_then(|b| body_ref(self.r, b, self.ids))
                .map(|b| b.value);
            let label = match (&g.label, &body) {
                (Some(l), _) => l.clone(),
                (None, Some(b)) => self
                    .bodies
                    .iter()
                    .find(|x| &x.id == b)
                    .map_or_else(|| b.clone(), |x| x.short.clone()),
                (None, None) => {
                    self.r.diags.push(
                        Diagnostic::error(format!("group \"{id}\" needs a label or a body"))
                            .at(location.clone())
                            .hint("add label = \"…\" or body = \"<body id>\""),
                    );
                    id.clone()
                }
            };
            let stated = self.stated_set(g.subtotal.as_ref());
            out.push((
                Group {
                    id,
                    label,
                    body,
                    stated,
                    location,
                },
                None,
            ));
        }
        out
    }

    fn signed(
        &mut self,
        v: &Num,
        kind: LineKind,
        sign: Option<(Sign, &Spanned<String>)>,
    ) -> Option<crate::model::Figure> {
        let mut fig = self
            .r
            .line_decimal(v, sign.map(|(s, _)| matches!(s, Sign::Minus)))?;
        let written = self.r.written_sign(v);
        match (kind, sign, written) {
            (_, Some((_, s)), Some(w)) => {
                return self.r.error_at(
                    s,
                    Diagnostic::error(format!(
                        "the figure is written with \"{w}\" and also has `sign`"
                    ))
                    .hint("give the sign once: either write the figure with its sign, or write it unsigned with sign = \"minus\" / \"plus\""),
                );
            }
            (LineKind::Deduction, Some((Sign::Plus, s)), None) => {
                return self.r.error_at(
                    s,
                    Diagnostic::error("a deduction cannot have sign = \"plus\"")
                        .hint("a deduction takes away from the total: use sign = \"minus\", or kind = \"adjustment\" for a figure that adds"),
                );
            }
            (_, Some((Sign::Minus, _)), None) => fig.value = -fig.value,
            (_, Some((Sign::Plus, _)), None) => {}
            (LineKind::Deduction, None, None) => {
                let digits = fig.value;
                return self.r.error_at(
                    v,
                    Diagnostic::error("deduction written without a sign")
                        .label(format!("{digits} is unsigned"))
                        .hint(format!("plansite never guesses a sign: write amount = -{digits}, or keep the printed digits and add sign = \"minus\"")),
                );
            }
            (LineKind::Deduction, None, Some('+')) => {
                return self.r.error_at(
                    v,
                    Diagnostic::error("a deduction is written with a plus sign")
                        .hint("a deduction takes away from the total: write it with a minus sign, or use kind = \"adjustment\""),
                );
            }
            (LineKind::Adjustment, None, None) => {
                let digits = fig.value;
                return self.r.error_at(
                    v,
                    Diagnostic::error("adjustment written without a sign")
                        .label(format!("{digits} is unsigned"))
                        .hint(format!("an adjustment can add or take away, so say which: write +{digits} or -{digits}, or add sign = \"plus\" / \"minus\"")),
                );
            }
            _ => {}
        }
        Some(fig)
    }

    fn list(
        &mut self,
        raw: &[Spanned<RawLine>],
        groups: &mut [(Group, Option<&'static str>)],
        name: &'static str,
    ) -> Option<LineList> {
        let mut lines = Vec::new();
        let mut ok = true;
        // Group ids in the order their lines appear, to check they are together.
        let mut order: Vec<String> = Vec::new();
        for line in raw {
            let location = self.r.loc_of(line);
            let group = self.line_group(line.get_ref(), groups, name);
            if let Some(g) = &group {
                if order.last() != Some(g) {
                    if order.contains(g) {
                        self.r.diags.push(
                            Diagnostic::error(format!(
                                "the lines of group \"{g}\" are not written together"
                            ))
                            .at(location.clone())
                            .hint("keep each group's lines one after another, as the source prints them"),
                        );
                    }
                    order.push(g.clone());
                }
            } else if order.last().is_some() {
                order.push(String::new());
            }
            match self.line(line.get_ref(), location) {
                Some(mut l) if ok => {
                    l.group = group.filter(|g| !g.is_empty());
                    lines.push(l);
                }
                Some(_) => {}
                None => ok = false,
            }
        }
        let list_groups: Vec<Group> = groups
            .iter()
            .filter(|(_, used)| *used == Some(name))
            .map(|(g, _)| g.clone())
            .collect();
        ok.then_some(LineList {
            lines,
            groups: list_groups,
            stated: StatedSet::empty(self.periods()),
        })
    }

    /// The group a line names, marked as used by `list` (so a line with
    /// another mistake still counts as the group's); `Some("")` when the
    /// named group is unknown or belongs to another list (reported here).
    fn line_group(
        &mut self,
        l: &RawLine,
        groups: &mut [(Group, Option<&'static str>)],
        list: &'static str,
    ) -> Option<String> {
        let g = l.group.as_ref()?;
        let Some(i) = groups.iter().position(|(x, _)| &x.id == g.get_ref()) else {
            let ids: Vec<&str> = groups.iter().map(|(x, _)| x.id.as_str()).collect();
            let hint = match did_you_mean(g.get_ref(), ids.iter().copied()) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None if ids.is_empty() => {
                    "declare groups in [[funds.groups]] with an id and a label or body".to_string()
                }
                None => format!("this fund's groups are: {}", ids.join(", ")),
            };
            self.r.error_at::<_, ()>(
                g,
                Diagnostic::error(format!("unknown group \"{}\"", g.get_ref())).hint(hint),
            );
            return Some(String::new());
        };
        match groups[i].1 {
            Some(other) if other != list => {
                self.r.error_at::<_, ()>(
                    g,
                    Diagnostic::error(format!(
                        "group \"{}\" is used by both {other} and {list}",
                        g.get_ref()
                    ))
                    .hint("a group's subtotal adds up lines of one list; declare a group for each"),
                );
                Some(String::new())
            }
            _ => {
                groups[i].1 = Some(list);
                Some(g.get_ref().clone())
            }
        }
    }

    /// One line, without its group (see [`FundParser::line_group`]). Every
    /// mistake in it is reported; `None` if there was one.
    fn line(&mut self, l: &RawLine, location: Location) -> Option<FundLine> {
        let kind = match &l.kind {
            None => Some(LineKind::Amount),
            Some(k) => self.r.choice(
                k,
                "line kind",
                &["amount", "deduction", "adjustment"],
                |s| match s {
                    "amount" => Some(LineKind::Amount),
                    "deduction" => Some(LineKind::Deduction),
                    "adjustment" => Some(LineKind::Adjustment),
                    _ => None,
                },
            ),
        };
        let sign = match &l.sign {
            None => Some(None),
            Some(s) => self
                .r
                .choice(s, "sign", &["minus", "plus"], |x| match x {
                    "minus" => Some(Sign::Minus),
                    "plus" => Some(Sign::Plus),
                    _ => None,
                })
                .map(|v| Some((v, s))),
        };
        let body = match &l.body {
            Some(b) => body_ref(self.r, b, self.ids).map(Some),
            None => Some(None),
        };
        let amounts = match (kind, sign) {
            (Some(kind), Some(sign)) => self.line_amounts(l, &location, kind, sign),
            _ => None,
        };
        let stated_total = match &l.total {
            Some(_) if self.years.is_empty() => {
                self.r.diags.push(
                    Diagnostic::error("a line's `total` is for funds by year")
                        .at(location.clone())
                        .hint("the line's figure is its total; remove `total`"),
                );
                None
            }
            Some(t) if !self.adds_up() => {
                let why = not_added_up(&self.years, self.add_up);
                self.r.error_at::<_, ()>(
                    t,
                    Diagnostic::error(format!("{why} no line has a total across them"))
                        .hint("remove the line's `total`"),
                );
                None
            }
            Some(t) => stated_one(self.r, t).map(Some),
            None => Some(None),
        };
        let mut stated_changes = StatedChanges::empty(self.periods());
        let before = self.r.diags.error_count();
        let here = self.r.offset;
        if let Some(c) = &l.change {
            stated_changes.amounts = self.changes(here, c, "change");
        }
        if let Some(c) = &l.change_percent {
            stated_changes.percents = self.changes(here, c, "change_percent");
        }
        let changes_ok = self.r.diags.error_count() == before;
        let note = l
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        if !changes_ok {
            return None;
        }
        Some(FundLine {
            label: l.label.clone(),
            body: body?,
            group: None,
            kind: kind?,
            amounts: amounts?,
            stated_total: stated_total?,
            stated_changes,
            note,
            location,
        })
    }

    /// A line's figures, one per period: `amount` in a fund of one period,
    /// `amounts` keyed by year in a fund by year.
    fn line_amounts(
        &mut self,
        l: &RawLine,
        location: &Location,
        kind: LineKind,
        sign: Option<(Sign, &Spanned<String>)>,
    ) -> Option<Vec<Option<crate::model::Figure>>> {
        let mut amounts = vec![None; self.periods()];
        if self.years.is_empty() {
            if l.amounts.is_some() {
                self.r.diags.push(
                    Diagnostic::error("`amounts` is for funds by year")
                        .at(location.clone())
                        .hint("write amount = … for a fund of one period, or give the fund years = [\"2017/18\", …]"),
                );
                return None;
            }
            let Some(a) = &l.amount else {
                self.r.diags.push(
                    Diagnostic::error(format!("line \"{}\" has no amount", l.label))
                        .at(location.clone())
                        .hint("add amount = … (as printed; a negative figure with its minus sign)"),
                );
                return None;
            };
            amounts[0] = Some(self.signed(a, kind, sign)?);
            return Some(amounts);
        }
        if l.amount.is_some() {
            let example = self
                .years
                .iter()
                .map(|y| format!("\"{y}\" = …"))
                .collect::<Vec<_>>()
                .join(", ");
            self.r.diags.push(
                Diagnostic::error("this fund is by year: a line has `amounts`, not `amount`")
                    .at(location.clone())
                    .hint(format!("write amounts = {{ {example} }}")),
            );
            return None;
        }
        let Some(map) = &l.amounts else {
            self.r.diags.push(
                Diagnostic::error(format!("line \"{}\" has no amounts", l.label))
                    .at(location.clone())
                    .hint("add amounts = { \"<year>\" = … } for the years it has figures for"),
            );
            return None;
        };
        let mut ok = true;
        for (key, v) in map {
            let at = self.r.loc_of(v);
            let Some(i) = self.year_index(key, at) else {
                ok = false;
                continue;
            };
            match self.signed(v, kind, sign) {
                Some(f) => amounts[i] = Some(f),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        if amounts.iter().all(Option::is_none) {
            self.r.diags.push(
                Diagnostic::error(format!("line \"{}\" has no figures", l.label))
                    .at(location.clone()),
            );
            return None;
        }
        Some(amounts)
    }

    fn matrix(&mut self, f: &RawFund) -> Option<Matrix> {
        // Columns as written: a cell keyed by a column whose body is
        // unknown is not reported again (the column is).
        let mut ok = true;
        let columns: Vec<String> = f
            .columns
            .iter()
            .map(|c| {
                ok &= body_ref(self.r, c, self.ids).is_some();
                c.get_ref().clone()
            })
            .collect();
        if columns.is_empty() {
            self.error(Diagnostic::error(
                "a matrix fund needs columns = [\"body-id\", …]",
            ));
            return None;
        }
        let cell_key = |r: &mut TomlReader<'_>, key: &str, v: &Num| -> Option<usize> {
            if let Some(i) = columns.iter().position(|c| c == key) {
                return Some(i);
            }
            let hint = match did_you_mean(key, columns.iter().map(String::as_str)) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => format!("the columns are: {}", columns.join(", ")),
            };
            r.error_at(
                v,
                Diagnostic::error(format!("\"{key}\" is not a column of this matrix")).hint(hint),
            )
        };
        let mut rows = Vec::new();
        for row in &f.rows {
            let row_loc = self.r.loc_of(row);
            let row = row.get_ref();
            let mut cells = vec![None; columns.len()];
            for (key, v) in &row.amounts {
                match (cell_key(self.r, key, v), self.r.decimal(v)) {
                    (Some(i), Some(fig)) => cells[i] = Some(fig),
                    _ => ok = false,
                }
            }
            rows.push(MatrixRow {
                scheme: row.scheme.clone(),
                cells,
                stated_total: row.total.as_ref().and_then(|t| stated_one(self.r, t)),
                location: row_loc,
            });
        }
        let mut stated_columns = vec![None; columns.len()];
        let mut stated_total = None;
        if let Some(s) = &f.stated {
            for (key, v) in &s.columns {
                if let Some(i) = cell_key(self.r, key, v) {
                    stated_columns[i] = stated_one(self.r, v);
                }
            }
            stated_total = s.total.as_ref().and_then(|t| stated_one(self.r, t));
        }
        // A matrix with a figure that could not be read is not added up:
        // its totals would report the missing figure again.
        ok.then_some(Matrix {
            columns,
            rows,
            stated_columns,
            stated_total,
        })
    }
}

/// Whether a fund's columns add up to a total for all years (see
/// [`crate::calc::fund::years_add_up`]): one column, or columns that are
/// each a bare period ([`bare_period`]), each after the one before.
pub fn columns_add_up(years: &[String]) -> bool {
    years.len() < 2 || successive_periods(years, bare_period)
}

/// Whether each label is a period (as `period_of` reads it), each after
/// the one before.
fn successive_periods(
    labels: &[String],
    period_of: fn(&str) -> Option<crate::model::Period>,
) -> bool {
    let periods: Option<Vec<crate::model::Period>> = labels.iter().map(|l| period_of(l)).collect();
    periods.is_some_and(|p| p.windows(2).all(|w| w[0].end_date() < w[1].start_date()))
}

/// Labels quoted and listed: `"A", "B" and "C"`.
fn quoted_and_list(labels: &[String]) -> String {
    let quoted: Vec<String> = labels.iter().map(|y| format!("\"{y}\"")).collect();
    crate::shown::and_list(&quoted)
}

/// Why a fund's columns have no total across them, for an error at a
/// stated one: `this fund's columns are not added up ("A" and "B" are not
/// successive years), so`, or, where the fund says `add_up = false`,
/// that.
fn not_added_up(years: &[String], add_up: Option<bool>) -> String {
    if add_up == Some(false) {
        return "this fund says add_up = false, so its columns are not added up and".into();
    }
    let list = quoted_and_list(years);
    format!("this fund's columns are not added up ({list} are not successive years), so")
}

/// The period a fund's year label names, when it names one: the label
/// itself (`2017/18`, `2016`, `2017-09`), a financial year written with a
/// hyphen as printed tables often do (`2017-18`), a quarter of a financial
/// year (`Q2 2017/18`, `2017/18 Q2`, `2017-18 Q2`), a month as tables print
/// it (`Sep-17`, `Sep-2017`, `September 2017`, `Sept 2017`), or the one
/// period a longer label names (`Outturn 2016/17`, `Forecast Q3 2017/18`).
/// `None` for labels that name no period (`Budget`), for labels naming two
/// (`2016/17 to 2017/18`), and for labels with a quarter or month that says
/// no financial year (`Q2`, `Q2 2017`: a calendar or a financial year's
/// quarter?, `September`): such a label cannot be put in order.
pub fn year_period(label: &str) -> Option<crate::model::Period> {
    label_period(label).map(|(p, _)| p)
}

/// The period a year label is, when the label is nothing but a period
/// (`2017/18`, `2017-18`, `2016`, `Q2 2017/18`, `Sep-17`, `September
/// 2017`): `None` for a label with other words (`Outturn 2016/17`,
/// `Balance at 31 March 2017`), whose columns are measures of a period
/// rather than the period's figures, and for one that names no period.
pub fn bare_period(label: &str) -> Option<crate::model::Period> {
    label_period(label).and_then(|(p, bare)| bare.then_some(p))
}

/// The one period a label names (see [`year_period`]), and whether the
/// label is nothing but that period.
fn label_period(label: &str) -> Option<(crate::model::Period, bool)> {
    use crate::content::progress::parse_period;
    use crate::model::Period;
    // `n` digits, as a number.
    let digits = |s: &str, n: usize| -> Option<i32> {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let calendar_year = |s: &str| match parse_period(s) {
        Some(Period::CalendarYear { year }) => Some(year),
        _ => None,
    };
    // 2017-18: a financial year written with a hyphen.
    let hyphen_year = |s: &str| -> Option<i32> {
        let (a, b) = s.split_once('-')?;
        let (start, end) = (digits(a, 4)?, digits(b, 2)?);
        (end == (start + 1) % 100).then_some(start)
    };
    let financial_year = |s: &str| match parse_period(s) {
        Some(Period::FinancialYear { start_year }) => Some(start_year),
        _ => hyphen_year(s),
    };
    let quarter = |s: &str| -> Option<u32> {
        let q: u32 = s.strip_prefix(['Q', 'q'])?.parse().ok()?;
        (1..=4).contains(&q).then_some(q)
    };
    let quarter_of = |fy: &str, quarter: u32| {
        financial_year(fy).map(|start_year| Period::Quarter {
            start_year,
            quarter,
        })
    };
    // Q5 is no quarter, but the label still means a part of the year.
    let quarter_like = |s: &str| {
        s.strip_prefix(['Q', 'q'])
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    };
    let month_name = |s: &str| -> Option<u32> {
        const NAMES: [&str; 12] = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        let s = s.to_ascii_lowercase();
        let i = NAMES.iter().position(|n| {
            *n == s || (s.len() == 3 && n.starts_with(&s)) || s == "sept" && *n == "september"
        })?;
        u32::try_from(i + 1).ok()
    };
    let month = |y: i32, m: u32| Period::Months {
        from: (y, m),
        to: (y, m),
    };
    // Sep-17 or Sep-2017: a two-digit year is in this century.
    let month_year = |s: &str| -> Option<Period> {
        let (m, y) = s.split_once('-')?;
        let m = month_name(m)?;
        let y = match digits(y, 2) {
            Some(yy) => 2000 + yy,
            None => calendar_year(y)?,
        };
        Some(month(y, m))
    };
    let one_word = |s: &str| -> Option<Period> {
        hyphen_year(s)
            .map(|start_year| Period::FinancialYear { start_year })
            .or_else(|| month_year(s))
            .or_else(|| parse_period(s))
    };
    let words: Vec<&str> = label
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut found: Vec<Period> = Vec::new();
    let mut other_words = false;
    let mut i = 0;
    while i < words.len() {
        let (w, next) = (words[i], words.get(i + 1).copied());
        // Two words: a quarter and its financial year, either way round, or
        // a month and a four-digit year.
        let pair = next.and_then(|n| match (quarter(w), quarter(n)) {
            (Some(q), None) => quarter_of(n, q),
            (None, Some(q)) => quarter_of(w, q),
            _ => Some(month(calendar_year(n)?, month_name(w)?)),
        });
        if let Some(p) = pair {
            found.push(p);
            i += 2;
            continue;
        }
        if let Some(p) = one_word(w) {
            found.push(p);
        } else if quarter_like(w) || month_name(w).is_some() {
            // A quarter or a month without its year: the label's period is
            // not the year beside it, and is not known.
            return None;
        } else {
            other_words = true;
        }
        i += 1;
    }
    match found.as_slice() {
        [p] => Some((*p, !other_words)),
        _ => None,
    }
}

/// A text written as a year (`2015/16`, `2015-16`, `2015/2016`) that is
/// no year: see [`not_a_year`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAYear {
    /// What is wrong: `"2015/99" is not a year`.
    pub message: String,
    /// What to write instead, each label with what it means.
    pub instead: Vec<(String, String)>,
}

impl NotAYear {
    /// The hint, with each label written as `write` writes it
    /// (`period = "2015/16"`).
    pub fn hint(&self, write: &dyn Fn(&str) -> String) -> String {
        let options: Vec<String> = self
            .instead
            .iter()
            .map(|(label, means)| format!("{} ({means})", write(label)))
            .collect();
        let options = match options.as_slice() {
            [.., last] if options.len() > 1 => {
                format!("{} or {last}", options[..options.len() - 1].join(", "))
            }
            _ => options.join(""),
        };
        format!("a financial year is written with the year it ends in: write {options}")
    }
}

/// Whether `text`, written as a year, is no year, by the rule that
/// [`year_period`] reads years with: `2015/99` and `2015/15` (a financial
/// year runs into the next year), `2015/17` (two years, not one),
/// `2015-15` and `2015-99` (years together run forward, ten at most).
/// `None` for a year or years that are fine (`2015/16`, `2015-16`,
/// `2015/2016`, `2017-19`, `2017-09`, the month) and for any text not
/// written as a year (`Budget`, `2017 to 2019`, `Outturn 2016/17`).
pub fn not_a_year(text: &str) -> Option<NotAYear> {
    let t = text.trim();
    if year_period(t).is_some() {
        return None;
    }
    let (at, sep) = t.char_indices().find(|(_, c)| *c == '/' || *c == '-')?;
    let (a, b) = (&t[..at], &t[at + 1..]);
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if a.len() != 4 || !digits(a) || !(b.len() == 2 || b.len() == 4) || !digits(b) {
        return None;
    }
    let start: i32 = a.parse().ok()?;
    let mut end: i32 = b.parse().ok()?;
    if b.len() == 2 {
        end += start - start % 100;
        if end < start {
            end += 100;
        }
    }
    let years = end - start;
    if years == 1 {
        // One financial year, however written (`2015-2016`).
        return None;
    }
    let fy = |y: i32| format!("{y}/{:02}", (y + 1) % 100);
    let fy_means = |y: i32| format!("April {y} to March {}", y + 1);
    let together = (2..=10).contains(&years);
    if sep == '-' && together {
        return None;
    }
    let mut instead = vec![(fy(start), fy_means(start))];
    let message = if together {
        if years == 2 {
            instead.push((fy(start + 1), fy_means(start + 1)));
        }
        instead.push((
            format!("{start}-{:02}", end % 100),
            "the years together".to_string(),
        ));
        format!("\"{t}\" is not one year")
    } else {
        if sep == '-' {
            instead.push((start.to_string(), "the calendar year".to_string()));
        }
        format!("\"{t}\" is not a year")
    };
    Some(NotAYear { message, instead })
}

/// Where a column stands in a year's budget cycle, as its label's words
/// say: a budget (original, approved) 0, a revised budget 1, a forecast
/// (forecast outturn) 2, an outturn or actual 3; `None` for a label with
/// none of these words.
fn budget_stage(label: &str) -> Option<u8> {
    let l = label.to_lowercase();
    let has = |w: &str| l.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if has("forecast") || has("projected") {
        Some(2)
    } else if has("outturn") || has("actual") || has("actuals") {
        Some(3)
    } else if has("revised") {
        Some(1)
    } else if has("budget") {
        Some(0)
    } else {
        None
    }
}

/// Whether two year labels name the same period, the one rule for "is
/// this the year that one means" (a fund's years, a fund's or plan's
/// period, a condition's or a shortcode's `year`): `Some(true)` when they
/// are written alike, or name periods that cover the same months
/// (`2016/17`, `2016-17`, `2016/2017`, `Outturn 2016/17`,
/// `2016-04..2017-03`); `Some(false)` when both name a period and the
/// periods differ; `None` when they are written differently and either
/// names no period that [`year_period`] can read (`2017-19`, `Budget`,
/// `2016 to 2017`): whether they mean the same cannot be told, and a
/// caller never takes that for yes.
pub fn same_period(a: &str, b: &str) -> Option<bool> {
    if a.trim() == b.trim() {
        return Some(true);
    }
    match (year_period(a), year_period(b)) {
        (Some(p), Some(q)) => Some(p.same_span(q)),
        _ => None,
    }
}

/// A figure for a condition: a number, or `{ fund = "…", line = "…" }`. A
/// reference to a fund left out for its own mistakes is not reported again.
fn figure_source(
    r: &mut TomlReader<'_>,
    v: &Num,
    funds: &[Fund],
    unreadable: &[String],
) -> Option<FigureSource> {
    if !matches!(v.get_ref(), toml::Value::Table(_)) {
        return r.decimal(v).map(FigureSource::Given);
    }
    let (raw, offset) = r.inline::<RawFigureRef>(v)?;
    let location = r.loc_of(v);
    let r = &mut r.sub(offset);
    let fund_id = raw.fund.get_ref();
    if unreadable.contains(fund_id) {
        return None;
    }
    if !funds.iter().any(|f| &f.id == fund_id) {
        let hint = match did_you_mean(fund_id, funds.iter().map(|f| f.id.as_str())) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!(
                "this plan's funds are: {}",
                funds
                    .iter()
                    .map(|f| f.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return r.error_at(
            &raw.fund,
            Diagnostic::error(format!("unknown fund \"{fund_id}\"")).hint(hint),
        );
    }
    let mut measures = Vec::new();
    if let Some(m) = &raw.measure {
        let names = [
            "total",
            "sources",
            "applications",
            "lines",
            "income",
            "expenditure",
            "balance",
        ];
        let m = r.choice(m, "measure", &names, |s| match s {
            "total" => Some(Measure::Total),
            "sources" => Some(Measure::ListTotal(ListName::Sources)),
            "applications" => Some(Measure::ListTotal(ListName::Applications)),
            "lines" => Some(Measure::ListTotal(ListName::Lines)),
            "income" => Some(Measure::ListTotal(ListName::Income)),
            "expenditure" => Some(Measure::ListTotal(ListName::Expenditure)),
            "balance" => Some(Measure::Balance),
            _ => None,
        })?;
        measures.push(m);
    }
    if let Some(l) = &raw.line {
        measures.push(Measure::Line(None, l.clone()));
    }
    if let Some(l) = &raw.source {
        measures.push(Measure::Line(Some(ListName::Sources), l.clone()));
    }
    if let Some(l) = &raw.application {
        measures.push(Measure::Line(Some(ListName::Applications), l.clone()));
    }
    if let Some(g) = &raw.group {
        measures.push(Measure::Group(g.clone()));
    }
    if let Some(c) = &raw.column {
        measures.push(Measure::Column(c.clone()));
    }
    if let Some(s) = &raw.scheme {
        measures.push(Measure::Scheme(s.clone()));
    }
    if measures.len() > 1 {
        r.diags.push(
            Diagnostic::error("a figure reference names more than one figure")
                .at(location)
                .hint("give the fund and one of: measure, line, source, application, group, column, scheme"),
        );
        return None;
    }
    Some(FigureSource::Fund {
        fund: r.located(&raw.fund),
        measure: measures.pop().unwrap_or(Measure::Total),
        year: raw.year,
        location,
    })
}

fn conditions(
    r: &mut TomlReader<'_>,
    c: &Spanned<RawConditions>,
    funds: &[Fund],
    unreadable: &[String],
) -> Conditions {
    let location = r.loc_of(c);
    let c = c.get_ref();
    let src = |r: &mut TomlReader<'_>, v: &Option<Num>| {
        v.as_ref()
            .and_then(|v| figure_source(r, v, funds, unreadable))
    };
    let year = |y: &Option<Spanned<String>>| y.as_ref().map(|y| y.get_ref().trim().to_string());
    let minimum_contribution = c
        .minimum_contribution
        .iter()
        .map(|m| {
            let loc = r.loc_of(m);
            let m = m.get_ref();
            MinimumContribution {
                year: year(&m.year),
                allocation: src(r, &m.allocation),
                contribution: src(r, &m.contribution),
                location: loc,
            }
        })
        .collect();
    let social_care = c
        .social_care
        .iter()
        .map(|s| {
            let loc = r.loc_of(s);
            let s = s.get_ref();
            SocialCare {
                year: year(&s.year),
                previous_year: s.previous_year.clone(),
                previous: src(r, &s.previous),
                current: src(r, &s.current),
                inflation_percent: s.inflation_percent.as_ref().and_then(|v| r.decimal(v)),
                location: loc,
            }
        })
        .collect();
    let out_of_hospital = c
        .out_of_hospital
        .iter()
        .map(|o| {
            let loc = r.loc_of(o);
            let o = o.get_ref();
            OutOfHospital {
                year: year(&o.year),
                spend: src(r, &o.spend),
                base: src(r, &o.base),
                required_share_percent: o
                    .required_share_percent
                    .as_ref()
                    .and_then(|v| r.decimal(v)),
                location: loc,
            }
        })
        .collect();
    let sign_off = c.sign_off.as_ref().map(|s| {
        let loc = r.loc_of(s);
        let s = s.get_ref();
        SignOff {
            deadline: s.deadline.as_ref().and_then(|d| r.day(d)),
            signed: s.signed.as_ref().map(|list| {
                list.iter()
                    .filter_map(|x| {
                        Some(SignOffRecord {
                            by: x.by.clone(),
                            date: r.date(&x.date)?.value,
                        })
                    })
                    .collect()
            }),
            location: loc,
        }
    });
    Conditions {
        framework: c.framework.clone(),
        note: c.note.clone(),
        minimum_contribution,
        social_care,
        out_of_hospital,
        sign_off,
        location,
    }
}

/// A plan's or fund's `unit`. A misspelling is answered with the unit it
/// most likely means by its magnitude (`£k`, `£'000` → `£000`; `£mn`,
/// `£M` → `£m`), never by the nearest spelling: "did you mean £?" for
/// `£k` would publish every figure a thousand times too small.
fn money_unit(r: &mut TomlReader<'_>, v: &Spanned<String>) -> Option<MoneyUnit> {
    if let Some(u) = MoneyUnit::parse(v.get_ref()) {
        return Some(u);
    }
    const UNITS: &str = "the units are \"£\" (pounds), \"£000\" (thousands of pounds) and \"£m\" (millions of pounds)";
    let t: String = v
        .get_ref()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '’' | '‘' | ','))
        .collect();
    let meant = if t.contains("000") || t.contains('k') || t.contains("thousand") {
        Some(("thousands", "£000"))
    } else if t.contains('m') {
        Some(("millions", "£m"))
    } else {
        None
    };
    let hint = match meant {
        Some((words, unit)) => {
            format!("figures in {words} of pounds are written unit = \"{unit}\"; {UNITS}")
        }
        None => format!("{UNITS}: write the one the source's figures are in"),
    };
    r.error_at(
        v,
        Diagnostic::error(format!("unknown unit \"{}\"", v.get_ref())).hint(hint),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Plan>, Vec<String>) {
        let file = SourceFile::new("p.toml", text);
        let mut d = Diagnostics::new();
        let p = parse_plan("p", &file, &mut d);
        (
            p,
            d.iter()
                .map(|d| format!("{d} [{}]", d.hint.clone().unwrap_or_default()))
                .collect(),
        )
    }

    const HEAD: &str = "title = \"T\"\nunit = \"£m\"\n[source]\ndocument = \"D\"\n[[bodies]]\nid = \"ccg\"\nname = \"CCG\"\n";

    fn lines_fund(line: &str) -> String {
        format!("{HEAD}[[funds]]\nid = \"f\"\ntitle = \"F\"\nshape = \"lines\"\n  [[funds.lines]]\n  label = \"A\"\n  amount = 5\n  [[funds.lines]]\n{line}\n")
    }

    #[test]
    fn deduction_needs_an_explicit_sign() {
        let (_, d) = parse(&lines_fund(
            "  label = \"Less: retained\"\n  kind = \"deduction\"\n  amount = 2.183",
        ));
        assert_eq!(d, ["p.toml:18:12: error: deduction written without a sign (2.183 is unsigned) [plansite never guesses a sign: write amount = -2.183, or keep the printed digits and add sign = \"minus\"]"]);
    }

    #[test]
    fn a_line_amount_in_accounts_brackets_gets_the_figure_to_write() {
        // sign = "minus" is offered only where the line can have it.
        let (_, d) = parse(&lines_fund("  label = \"L\"\n  amount = \"(1,234)\""));
        assert_eq!(d, ["p.toml:17:12: error: \"(1,234)\" looks like a negative figure in accounts style (brackets are how accounts print a negative) [write -1234, or keep the printed digits as 1234 and add sign = \"minus\"]"]);
        let (_, d) = parse(&lines_fund(
            "  label = \"L\"\n  sign = \"minus\"\n  amount = \"(1234)\"",
        ));
        assert_eq!(d, ["p.toml:18:12: error: \"(1234)\" looks like a negative figure in accounts style (brackets are how accounts print a negative) [write 1234: the line's sign = \"minus\" makes it negative]"]);
        let (_, d) = parse(&lines_fund("  label = \"L\"\n  amount = (1,234.5)"));
        assert_eq!(d, ["p.toml:17:12: error: (1,234.5) looks like a negative figure in accounts style (brackets are how accounts print a negative) [write -1234.5]"]);
        // Not a figure in brackets: the other mistakes are named.
        let (_, d) = parse(&lines_fund("  label = \"L\"\n  amount = \"(1,234\""));
        assert!(d[0].contains("thousands comma"), "{d:?}");
        let (_, d) = parse(&lines_fund("  label = \"L\"\n  amount = \"(-1234)\""));
        assert!(d[0].contains("malformed figure"), "{d:?}");
    }

    #[test]
    fn deduction_with_a_minus_sign_or_sign_field_is_negative() {
        for line in [
            "  label = \"L\"\n  kind = \"deduction\"\n  amount = -2.183",
            "  label = \"L\"\n  kind = \"deduction\"\n  sign = \"minus\"\n  amount = 2.183",
            "  label = \"L\"\n  kind = \"deduction\"\n  amount = \"-2.183\"",
        ] {
            let (p, d) = parse(&lines_fund(line));
            assert!(d.is_empty(), "{d:?}");
            let p = p.expect("plan");
            let FundShape::Lines(l) = &p.funds[0].shape else {
                panic!("lines")
            };
            let v = l.list.lines[1].amounts[0].as_ref().expect("figure").value;
            assert_eq!(v.to_string(), "-2.183", "{line}");
        }
    }

    #[test]
    fn sign_written_twice_or_plus_deduction_is_refused() {
        let (_, d) = parse(&lines_fund(
            "  label = \"L\"\n  kind = \"deduction\"\n  sign = \"minus\"\n  amount = -2.183",
        ));
        assert!(
            d[0].contains("the figure is written with \"-\" and also has `sign`"),
            "{d:?}"
        );
        let (_, d) = parse(&lines_fund(
            "  label = \"L\"\n  kind = \"deduction\"\n  amount = +2.183",
        ));
        assert!(
            d[0].contains("a deduction is written with a plus sign"),
            "{d:?}"
        );
        let (_, d) = parse(&lines_fund(
            "  label = \"L\"\n  kind = \"adjustment\"\n  amount = 1.5",
        ));
        assert!(
            d[0].contains("adjustment written without a sign (1.5 is unsigned)"),
            "{d:?}"
        );
        let (p, d) = parse(&lines_fund(
            "  label = \"L\"\n  kind = \"adjustment\"\n  amount = +1.5",
        ));
        assert!(d.is_empty() && p.is_some(), "{d:?}");
    }

    #[test]
    fn override_is_read_with_its_reason_and_location() {
        let text = format!("{HEAD}[[funds]]\nid = \"f\"\ntitle = \"F\"\nshape = \"lines\"\n  [[funds.lines]]\n  label = \"A\"\n  amount = 5\n  [funds.stated]\n  total = {{ override = 6, difference = 1, reason = \"As printed.\" }}\n");
        let (p, d) = parse(&text);
        assert!(d.is_empty(), "{d:?}");
        let p = p.expect("plan");
        let FundShape::Lines(l) = &p.funds[0].shape else {
            panic!("lines")
        };
        let s = l.list.stated.periods[0].as_ref().expect("stated");
        assert_eq!(s.figure.value.to_string(), "6");
        assert_eq!((s.figure.location.line, s.figure.location.col), (16, 24));
        assert_eq!(s.reason(), Some("As printed."));
        let difference = s.overridden.as_ref().and_then(|o| o.difference.as_ref());
        assert_eq!(
            difference.map(|d| d.value.to_string()).as_deref(),
            Some("1")
        );
    }

    #[test]
    fn years_are_checked_with_did_you_mean() {
        let text = format!("{HEAD}[[funds]]\nid = \"f\"\ntitle = \"F\"\nshape = \"lines\"\nyears = [\"2017/18\", \"2018/19\"]\n  [[funds.lines]]\n  label = \"A\"\n  amounts = {{ \"2017/18\" = 5, \"2018/91\" = 6 }}\n");
        let (_, d) = parse(&text);
        assert_eq!(d, ["p.toml:15:42: error: \"2018/91\" is not one of this fund's years [did you mean \"2018/19\"?]"]);
    }

    #[test]
    fn year_labels_name_periods_as_printed() {
        use crate::model::Period;
        let fy = |start_year| Some(Period::FinancialYear { start_year });
        assert_eq!(year_period("2017/18"), fy(2017));
        assert_eq!(year_period("2017-18"), fy(2017));
        assert_eq!(year_period("Outturn 2016/17"), fy(2016));
        assert_eq!(year_period("2016/17 (£000)"), fy(2016));
        assert_eq!(
            year_period("2016"),
            Some(Period::CalendarYear { year: 2016 })
        );
        assert_eq!(year_period("Budget"), None);
        assert_eq!(year_period("2016/17 to 2017/18"), None);
    }

    /// A text written as a year that is no year, and what to write.
    #[test]
    fn not_a_year_names_impossible_years_and_leaves_the_rest() {
        let write = |l: &str| format!("\"{l}\"");
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            // Years, and text not written as one.
            ("2015/16", None),
            ("2015-16", None),
            ("2015/2016", None),
            ("2015-2016", None),
            ("1999/00", None),
            ("2017-19", None),
            ("2016-21", None),
            ("2017-09", None),
            ("2017", None),
            ("2017 to 2019", None),
            ("Outturn 2016/17", None),
            ("Budget", None),
            ("2016/17 to 2017/18", None),
            // No year.
            ("2015/99", Some(("\"2015/99\" is not a year", "a financial year is written with the year it ends in: write \"2015/16\" (April 2015 to March 2016)"))),
            ("2015/15", Some(("\"2015/15\" is not a year", "a financial year is written with the year it ends in: write \"2015/16\" (April 2015 to March 2016)"))),
            ("2015/14", Some(("\"2015/14\" is not a year", "a financial year is written with the year it ends in: write \"2015/16\" (April 2015 to March 2016)"))),
            ("2015/17", Some(("\"2015/17\" is not one year", "a financial year is written with the year it ends in: write \"2015/16\" (April 2015 to March 2016), \"2016/17\" (April 2016 to March 2017) or \"2015-17\" (the years together)"))),
            (" 2017/19 ", Some(("\"2017/19\" is not one year", "a financial year is written with the year it ends in: write \"2017/18\" (April 2017 to March 2018), \"2018/19\" (April 2018 to March 2019) or \"2017-19\" (the years together)"))),
            ("2016/2021", Some(("\"2016/2021\" is not one year", "a financial year is written with the year it ends in: write \"2016/17\" (April 2016 to March 2017) or \"2016-21\" (the years together)"))),
            ("2015-15", Some(("\"2015-15\" is not a year", "a financial year is written with the year it ends in: write \"2015/16\" (April 2015 to March 2016) or \"2015\" (the calendar year)"))),
            ("2015-99", Some(("\"2015-99\" is not a year", "a financial year is written with the year it ends in: write \"2015/16\" (April 2015 to March 2016) or \"2015\" (the calendar year)"))),
        ];
        for &(text, want) in cases {
            let got = not_a_year(text).map(|n| (n.message.clone(), n.hint(&write)));
            assert_eq!(
                got,
                want.map(|(m, h)| (m.to_string(), h.to_string())),
                "{text}"
            );
        }
    }

    /// The one rule for "does this label name the same period as that
    /// one", as funds, conditions and shortcodes all use it.
    #[test]
    fn same_period_accepts_the_same_months_however_written_and_never_guesses() {
        let cases: &[(&str, &str, Option<bool>)] = &[
            // Written alike, whatever they say.
            ("2016/17", "2016/17", Some(true)),
            ("2017-19", "2017-19", Some(true)),
            ("Budget", " Budget ", Some(true)),
            // One financial year, however it is written.
            ("2016/17", "2016-17", Some(true)),
            ("2016/17", "2016/2017", Some(true)),
            ("2016/17", "Outturn 2016/17", Some(true)),
            ("2016-17", "2016/17 (£000)", Some(true)),
            // The same months, named as a year or as a run of months
            // (Period's == told these apart: the copies disagreed).
            ("2016/17", "2016-04..2017-03", Some(true)),
            ("2016", "2016-01..2016-12", Some(true)),
            ("Q1 2016/17", "2016-04..2016-06", Some(true)),
            ("Q2 2017/18", "2017-18 Q2", Some(true)),
            ("Sep-17", "September 2017", Some(true)),
            // Two periods.
            ("2016/17", "2015/16", Some(false)),
            ("2016/17", "2016", Some(false)),
            ("2016/17", "Q1 2016/17", Some(false)),
            ("2016", "2017", Some(false)),
            ("2016/17", "2016-04..2017-02", Some(false)),
            // Cannot be told: a label that names no period, or several.
            ("2017/18", "2017-19", None),
            ("2017/18", "2017 to 2019", None),
            ("2016/17", "2016 to 2017", None),
            ("2016/17", "Budget", None),
            ("2016/17", "2015/99", None),
            ("2015/16", "2015/17", None),
            ("2016/17", "2016/17 to 2017/18", None),
            ("Q2", "Q2 2017/18", None),
            ("Budget", "Outturn", None),
        ];
        for &(a, b, want) in cases {
            assert_eq!(same_period(a, b), want, "{a} and {b}");
            assert_eq!(same_period(b, a), want, "{b} and {a}");
        }
    }

    #[test]
    fn year_labels_name_months_and_quarters_as_printed() {
        use crate::model::Period;
        let month = |y, m| {
            Some(Period::Months {
                from: (y, m),
                to: (y, m),
            })
        };
        let q = |start_year, quarter| {
            Some(Period::Quarter {
                start_year,
                quarter,
            })
        };
        // Months: Mon-YY, Mon-YYYY, Month YYYY, as tables print them.
        assert_eq!(year_period("Sep-17"), month(2017, 9));
        assert_eq!(year_period("Jun-17"), month(2017, 6));
        assert_eq!(year_period("jun-2017"), month(2017, 6));
        assert_eq!(year_period("September 2017"), month(2017, 9));
        assert_eq!(year_period("Sept 2017"), month(2017, 9));
        assert_eq!(year_period("Mar 2018"), month(2018, 3));
        assert_eq!(year_period("2017-09"), month(2017, 9));
        assert_eq!(year_period("Outturn to March 2018"), month(2018, 3));
        // Quarters of a financial year, either way round, slash or hyphen.
        assert_eq!(year_period("Q2 2017/18"), q(2017, 2));
        assert_eq!(year_period("2017/18 Q2"), q(2017, 2));
        assert_eq!(year_period("2017-18 Q2"), q(2017, 2));
        assert_eq!(year_period("Q4 2017-18"), q(2017, 4));
        assert_eq!(year_period("Forecast Q3 (2017/18)"), q(2017, 3));
        // A quarter or a month without its year names no period, and does
        // not borrow the year beside it: "Q2 2017" might be April to June
        // or July to September.
        assert_eq!(year_period("Q2"), None);
        assert_eq!(year_period("Q2 2017"), None);
        assert_eq!(year_period("Forecast Q2"), None);
        assert_eq!(year_period("September"), None);
        assert_eq!(year_period("Sep 17"), None);
        assert_eq!(year_period("Q5 2017/18"), None);
        assert_eq!(year_period("Sep-13x"), None);
        assert_eq!(year_period("Q2 2017/18 to Q3 2017/18"), None);
    }

    #[test]
    fn a_year_label_that_is_no_year_is_refused_with_the_years_to_write() {
        let text = format!("{HEAD}[[funds]]\nid = \"f\"\ntitle = \"F\"\nshape = \"lines\"\nyears = [\"2015/16\", \"2016/99\"]\n  [[funds.lines]]\n  label = \"A\"\n  amounts = {{ \"2015/16\" = 1, \"2016/99\" = 2 }}\n");
        let (_, d) = parse(&text);
        assert_eq!(
            d,
            ["p.toml:12:21: error: the year label \"2016/99\" is not a year [a financial year is written with the year it ends in: write \"2016/17\" (April 2016 to March 2017)]"]
        );
    }

    #[test]
    fn years_out_of_order_are_refused_unless_they_name_no_period() {
        let fund = |years: &str| {
            format!("{HEAD}[[funds]]\nid = \"f\"\ntitle = \"F\"\nshape = \"lines\"\nyears = {years}\n  [[funds.lines]]\n  label = \"A\"\n  amounts = {{ \"x\" = 1 }}\n")
        };
        // Every line's figure is keyed "x", not a year: that error aside.
        let parse = |text: &str| {
            let (p, d) = parse(text);
            let d: Vec<String> = d
                .into_iter()
                .filter(|d| !d.contains("\"x\" is not one of"))
                .collect();
            (p, d)
        };
        let (_, d) = parse(&fund("[\"2018-19\", \"2017-18\"]"));
        assert!(
            d[0].contains(
                "years are not in order: \"2017-18\" is listed after the later \"2018-19\""
            ),
            "{d:?}"
        );
        assert!(d[0].contains("years = [\"2017-18\", \"2018-19\"]"), "{d:?}");
        // A label that names no period does not stop the others being
        // checked (regression: "Forecast" let 2018/19, 2017/18 through).
        let (_, d) = parse(&fund("[\"2018/19\", \"2017/18\", \"Forecast\"]"));
        assert_eq!(d[0], "p.toml:12:21: error: years are not in order: \"2017/18\" is listed after the later \"2018/19\" (each change is worked out from one year to the next, so this order would give it the wrong sign) [list the years earliest first (the table shows them in that order): years = [\"2017/18\", \"2018/19\", \"Forecast\"]]");
        let (_, d) = parse(&fund("[\"Sep-17\", \"Budget\", \"Jun-17\"]"));
        assert_eq!(d[0], "p.toml:12:30: error: years are not in order: \"Jun-17\" is listed after the later \"Sep-17\" (each change is worked out from one year to the next, so this order would give it the wrong sign) [list the years earliest first (the table shows them in that order): years = [\"Jun-17\", \"Budget\", \"Sep-17\"]]");
        for years in [
            "[\"September 2017\", \"June 2017\"]",
            "[\"Q2 2017/18\", \"Q1 2017/18\"]",
            "[\"2017-18 Q2\", \"2017-18 Q1\"]",
            "[\"2017/18\", \"Q4 2016/17\"]",
        ] {
            let (_, d) = parse(&fund(years));
            assert!(
                d[0].contains("error: years are not in order"),
                "{years}: {d:?}"
            );
        }
        // Budget against outturn: no period to order by; a warning, until
        // the clerk says the written order is earliest first.
        let (_, d) = parse(&fund("[\"Outturn\", \"Budget\"]"));
        assert_eq!(d, ["p.toml:12:21: warning: the order of years \"Outturn\" and \"Budget\" cannot be checked: neither names a period (the change from \"Outturn\" to \"Budget\" is worked out in the order written) [if the years are listed earliest first, say so on the fund with years_order = \"as-written\"; if not, list them earliest first, or write labels that name their year (\"Budget 2017/18\")]"]);
        let as_written =
            |years: &str| fund(years).replace("years = ", "years_order = \"as-written\"\nyears = ");
        let (_, d) = parse(&as_written("[\"Budget\", \"Outturn\"]"));
        assert!(d.is_empty(), "{d:?}");
        // One label with no period beside dated ones: nothing to warn of.
        let (_, d) = parse(&fund("[\"2017/18\", \"Forecast\"]"));
        assert!(d.is_empty(), "{d:?}");
        // years_order where every label is checked, or misspelt.
        let (_, d) = parse(&as_written("[\"2017/18\", \"2018/19\"]"));
        assert_eq!(d, ["p.toml:12:15: error: `years_order` is not needed: it confirms the order of two years side by side that name no period, or the same one, or keeps labelled columns as printed out of the order of their periods, and this fund has none [remove years_order = \"as-written\"]"]);
        let (_, d) = parse(&as_written("[\"2017/18\", \"Forecast\"]"));
        assert!(d[0].contains("`years_order` is not needed"), "{d:?}");
        // Two labels for one period cannot be ordered either; several pairs
        // are named in one warning.
        let (_, d) = parse(&fund("[\"Outturn 2017/18\", \"Budget 2017/18\"]"));
        assert!(d[0].starts_with("p.toml:12:29: warning: the order of years \"Outturn 2017/18\" and \"Budget 2017/18\" cannot be checked: both name the same period (the change from \"Outturn 2017/18\" to \"Budget 2017/18\" is worked out"), "{d:?}");
        let (_, d) = parse(&fund("[\"A\", \"B\", \"C\", \"2018/19\"]"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].contains("(the changes from \"A\" to \"B\" and from \"B\" to \"C\" are worked out in the order written)"), "{d:?}");
        let (_, d) = parse(&as_written("[\"A\", \"B\", \"C\", \"2018/19\"]"));
        assert!(d.is_empty(), "{d:?}");
        let (_, d) =
            parse(&as_written("[\"Budget\", \"Outturn\"]").replace("as-written", "as written"));
        assert_eq!(d, ["p.toml:12:15: error: unknown years_order \"as written\" [did you mean \"as-written\"?]"]);
    }

    /// A budget beside its forecast or outturn for the same year is in
    /// order as the words say, with no warning and nothing to write (the
    /// docs said so, but the build warned "cannot be checked: both name
    /// the same period" unless years_order = "as-written" was written);
    /// written, years_order is still accepted. The other way round, the
    /// order is still not taken for granted.
    #[test]
    fn a_budget_beside_its_forecast_for_the_same_year_is_in_order() {
        let fund = |years: &str, extra: &str| {
            format!("{HEAD}[[funds]]\nid = \"f\"\ntitle = \"F\"\nshape = \"lines\"\nyears = {years}\n{extra}\n  [[funds.lines]]\n  label = \"A\"\n  amounts = {{ \"x\" = 1 }}\n")
        };
        let parse = |text: &str| {
            let (_, d) = parse(text);
            d.into_iter()
                .filter(|d| !d.contains("\"x\" is not one of"))
                .collect::<Vec<String>>()
        };
        for years in [
            "[\"Budget 2023/24\", \"Forecast outturn 2023/24\"]",
            "[\"Revised budget 2024/25\", \"Forecast outturn 2024/25\"]",
            "[\"Original budget 2017/18\", \"Revised budget 2017/18\", \"Outturn 2017/18\"]",
            "[\"Budget 2017/18\", \"Actual 2017/18\"]",
        ] {
            assert!(parse(&fund(years, "")).is_empty(), "{years}");
            let d = parse(&fund(years, "years_order = \"as-written\""));
            assert!(d.is_empty(), "{years}: {d:?}");
        }
        for years in [
            "[\"Forecast outturn 2023/24\", \"Budget 2023/24\"]",
            "[\"Outturn 2017/18\", \"Revised budget 2017/18\"]",
        ] {
            let d = parse(&fund(years, ""));
            assert!(
                d.len() == 1 && d[0].contains("cannot be checked: both name the same period"),
                "{years}: {d:?}"
            );
        }
    }

    #[test]
    fn a_fund_of_one_period_may_give_its_own_period() {
        let head = HEAD.replacen("[source]", "period = \"2017/18\"\n[source]", 1);
        let fund = |extra: &str| {
            format!("{head}[[funds]]\nid = \"f\"\ntitle = \"F\"\nshape = \"lines\"\n{extra}\n  [[funds.lines]]\n  label = \"A\"\n  amount = 5\n")
        };
        let (p, d) = parse(&fund("period = \" 2015/16 \""));
        assert!(d.is_empty(), "{d:?}");
        let p = p.expect("plan");
        assert_eq!(p.funds[0].period.as_deref(), Some("2015/16"));
        assert_eq!(p.funds[0].period_in(&p), Some("2015/16"));
        let (p, d) = parse(&fund(""));
        assert!(d.is_empty(), "{d:?}");
        let p = p.expect("plan");
        assert_eq!(p.funds[0].period, None);
        assert_eq!(p.funds[0].period_in(&p), Some("2017/18"));
        let (p, d) = parse(&fund("period = \"  \""));
        assert_eq!(d, ["p.toml:13:10: error: the fund's `period` is empty [write the period the fund's figures are for, as the source writes it (period = \"2015/16\"), or leave `period` out and the fund takes the plan's]"]);
        assert!(p.expect("plan").funds.is_empty());
    }

    #[test]
    fn a_fund_by_years_has_no_period_of_its_own() {
        let text = format!("{HEAD}[[funds]]\nid = \"f\"\ntitle = \"F\"\nshape = \"lines\"\nyears = [\"Budget\", \"Outturn\"]\nyears_order = \"as-written\"\nperiod = \"2015/16\"\n  [[funds.lines]]\n  label = \"A\"\n  amounts = {{ \"Budget\" = 5 }}\n");
        let (p, d) = parse(&text);
        assert_eq!(d, ["p.toml:14:10: error: a fund by `years` has no `period` of its own (its tables are captioned with its years: Budget and Outturn) [remove period = \"2015/16\"; if a year label does not say its year, write it in the label (\"Outturn 2015/16\")]"]);
        assert!(p.expect("plan").funds.is_empty());
    }

    #[test]
    fn misplaced_fields_name_the_shape() {
        let text = format!("{HEAD}[[funds]]\nid = \"f\"\ntitle = \"F\"\nshape = \"lines\"\ncolumns = [\"ccg\"]\n  [[funds.lines]]\n  label = \"A\"\n  amount = 5\n");
        let (_, d) = parse(&text);
        assert_eq!(d, ["p.toml:8:1: error: field \"columns\" does not belong in a lines fund [see the lines shape in docs/content-format.md]"]);
    }
}

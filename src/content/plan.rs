//! Plan files: `content/plans/<id>.toml` → [`Plan`], with every figure read
//! exactly from its written digits and every reference to a body checked.

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Location};
use crate::model::{
    Body, Figure, Flow, FlowLine, FlowStated, Fund, FundShape, Located, Matrix, MatrixRow,
    MoneyUnit, Plan, PlanSource,
};
use crate::source::{SourceFile, Spanned, TomlReader};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

type Num = Spanned<toml::Value>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    title: String,
    area: Option<String>,
    period: Option<String>,
    unit: Spanned<String>,
    paper: Option<Spanned<String>>,
    source: RawSource,
    #[serde(default)]
    bodies: Vec<RawBody>,
    #[serde(default)]
    funds: Vec<Spanned<RawFund>>,
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
    // flow
    #[serde(default)]
    sources: Vec<RawLine>,
    #[serde(default)]
    applications: Vec<RawLine>,
    // matrix
    #[serde(default)]
    columns: Vec<Spanned<String>>,
    #[serde(default)]
    rows: Vec<Spanned<RawRow>>,
    #[serde(default)]
    stated: Option<RawStated>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    label: String,
    body: Option<Spanned<String>>,
    amount: Num,
    note: Option<String>,
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
    // matrix
    #[serde(default)]
    columns: BTreeMap<String, Num>,
    total: Option<Num>,
}

/// Parses one plan file; `id` is its file name without `.toml`.
pub fn parse_plan(id: &str, file: &SourceFile, diags: &mut Diagnostics) -> Option<Plan> {
    let mut r = TomlReader::new(file, 0, diags);
    let raw: RawPlan = r.parse(&file.text.clone())?;
    let unit = r.choice(&raw.unit, "unit", &MoneyUnit::ALL, MoneyUnit::parse)?;

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
    let mut fund_ids = BTreeSet::new();
    for f in &raw.funds {
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
        let shape = r.choice(&f.shape, "fund shape", &["flow", "matrix"], |s| match s {
            "flow" | "matrix" => Some(s.to_string()),
            _ => None,
        });
        let shape = match shape.as_deref() {
            Some("flow") => flow(&mut r, f, &ids, &location),
            Some("matrix") => matrix(&mut r, f, &ids, &location),
            _ => None,
        };
        if let Some(shape) = shape {
            funds.push(Fund {
                id: f.id.get_ref().clone(),
                title: f.title.clone(),
                shape,
                location,
            });
        }
    }

    Some(Plan {
        id: id.to_string(),
        title: raw.title,
        area: raw.area,
        period: raw.period,
        unit,
        paper: raw.paper.as_ref().map(|p| r.located(p)),
        source: PlanSource {
            document: raw.source.document,
            reference: raw.source.reference,
            url: raw.source.url,
        },
        bodies,
        funds,
        location: Location::file(file.path.clone()),
    })
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
        None => format!("bodies in this plan: {}", ids.join(", ")),
    };
    r.error_at(
        b,
        Diagnostic::error(format!("unknown body \"{}\"", b.get_ref())).hint(hint),
    )
}

fn misplaced(r: &mut TomlReader<'_>, location: &Location, shape: &str, fields: &[(&str, bool)]) {
    for (name, present) in fields {
        if *present {
            r.diags.push(
                Diagnostic::error(format!(
                    "field \"{name}\" does not belong in a {shape} fund"
                ))
                .at(location.clone())
                .hint(format!("see the {shape} shape in docs/content-format.md")),
            );
        }
    }
}

fn flow(
    r: &mut TomlReader<'_>,
    f: &RawFund,
    ids: &[String],
    location: &Location,
) -> Option<FundShape> {
    misplaced(
        r,
        location,
        "flow",
        &[
            ("columns", !f.columns.is_empty()),
            ("rows", !f.rows.is_empty()),
        ],
    );
    let lines = |r: &mut TomlReader<'_>, raw: &[RawLine]| -> Vec<FlowLine> {
        raw.iter()
            .filter_map(|l| {
                let amount = r.decimal(&l.amount)?;
                let body = match &l.body {
                    Some(b) => Some(body_ref(r, b, ids)?),
                    None => None,
                };
                Some(FlowLine {
                    label: l.label.clone(),
                    body,
                    amount,
                    note: l.note.clone(),
                })
            })
            .collect()
    };
    let sources = lines(r, &f.sources);
    let applications = lines(r, &f.applications);
    if f.sources.is_empty() || f.applications.is_empty() {
        r.diags.push(
            Diagnostic::error("a flow fund needs [[funds.sources]] and [[funds.applications]]")
                .at(location.clone()),
        );
    }
    let mut stated = FlowStated::default();
    if let Some(s) = &f.stated {
        misplaced(
            r,
            location,
            "flow",
            &[
                ("stated.columns", !s.columns.is_empty()),
                ("stated.total", s.total.is_some()),
            ],
        );
        let mut one = |v: &Option<Num>| v.as_ref().and_then(|n| r.decimal(n));
        stated = FlowStated {
            sources: one(&s.sources),
            pool: one(&s.pool),
            applications: one(&s.applications),
        };
    }
    Some(FundShape::Flow(Flow {
        sources,
        applications,
        stated,
    }))
}

fn matrix(
    r: &mut TomlReader<'_>,
    f: &RawFund,
    ids: &[String],
    location: &Location,
) -> Option<FundShape> {
    misplaced(
        r,
        location,
        "matrix",
        &[
            ("sources", !f.sources.is_empty()),
            ("applications", !f.applications.is_empty()),
        ],
    );
    let columns: Vec<String> = f
        .columns
        .iter()
        .filter_map(|c| body_ref(r, c, ids).map(|l| l.value))
        .collect();
    if columns.is_empty() {
        r.diags.push(
            Diagnostic::error("a matrix fund needs columns = [\"body-id\", …]")
                .at(location.clone()),
        );
        return None;
    }
    let cell_key = |r: &mut TomlReader<'_>, key: &str, v: &Num| -> bool {
        if columns.iter().any(|c| c == key) {
            return true;
        }
        let hint = match did_you_mean(key, columns.iter().map(String::as_str)) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!("the columns are: {}", columns.join(", ")),
        };
        r.error_at::<_, ()>(
            v,
            Diagnostic::error(format!("\"{key}\" is not a column of this matrix")).hint(hint),
        );
        false
    };
    let mut rows = Vec::new();
    for row in &f.rows {
        let row_loc = r.loc_of(row);
        let row = row.get_ref();
        let mut cells: Vec<Option<Figure>> = vec![None; columns.len()];
        for (key, v) in &row.amounts {
            if !cell_key(r, key, v) {
                continue;
            }
            if let (Some(i), Some(fig)) = (columns.iter().position(|c| c == key), r.decimal(v)) {
                cells[i] = Some(fig);
            }
        }
        rows.push(MatrixRow {
            scheme: row.scheme.clone(),
            cells,
            stated_total: row.total.as_ref().and_then(|t| r.decimal(t)),
            location: row_loc,
        });
    }
    let mut stated_columns = vec![None; columns.len()];
    let mut stated_total = None;
    if let Some(s) = &f.stated {
        misplaced(
            r,
            location,
            "matrix",
            &[
                ("stated.sources", s.sources.is_some()),
                ("stated.pool", s.pool.is_some()),
                ("stated.applications", s.applications.is_some()),
            ],
        );
        for (key, v) in &s.columns {
            if !cell_key(r, key, v) {
                continue;
            }
            if let (Some(i), Some(fig)) = (columns.iter().position(|c| c == key), r.decimal(v)) {
                stated_columns[i] = Some(fig);
            }
        }
        stated_total = s.total.as_ref().and_then(|t| r.decimal(t));
    }
    Some(FundShape::Matrix(Matrix {
        columns,
        rows,
        stated_columns,
        stated_total,
    }))
}

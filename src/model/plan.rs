//! Plans and funds as written in `content/plans/<id>.toml`.
//!
//! Only what the source states is held here; every total is computed in
//! `calc::fund`.

use super::money::MoneyUnit;
use super::paper::Located;
use crate::diagnostics::Location;
use rust_decimal::Decimal;

/// A figure as written, with where it was written.
pub type Figure = Located<Decimal>;

/// Where a plan's figures come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanSource {
    pub document: String,
    pub reference: Option<String>,
    pub url: Option<String>,
}

/// A body that contributes to or receives from a fund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub id: String,
    pub name: String,
    /// The short name the source prints ("KCC", "CCG").
    pub short: String,
}

/// One line of a flow of funds: a source or an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowLine {
    pub label: String,
    pub body: Option<Located<String>>,
    pub amount: Figure,
    pub note: Option<String>,
}

/// Totals a flow-of-funds table states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowStated {
    pub sources: Option<Figure>,
    pub pool: Option<Figure>,
    pub applications: Option<Figure>,
}

/// Sources of funds → pooled fund → applications of funds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub sources: Vec<FlowLine>,
    pub applications: Vec<FlowLine>,
    pub stated: FlowStated,
}

/// One scheme of a scheme × contributor matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    pub scheme: String,
    /// One cell per column of the matrix; `None` is a blank cell, not zero.
    pub cells: Vec<Option<Figure>>,
    pub stated_total: Option<Figure>,
    pub location: Location,
}

/// Schemes (rows) × contributing bodies (columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// Body ids, in column order.
    pub columns: Vec<String>,
    pub rows: Vec<MatrixRow>,
    /// Stated column totals, one per column where stated.
    pub stated_columns: Vec<Option<Figure>>,
    pub stated_total: Option<Figure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FundShape {
    Flow(Flow),
    Matrix(Matrix),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fund {
    pub id: String,
    pub title: String,
    pub shape: FundShape,
    pub location: Location,
}

/// A plan: bodies, funds and where the figures come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub area: Option<String>,
    pub period: Option<String>,
    pub unit: MoneyUnit,
    /// The paper that publishes the plan, as `board/meeting/paper`.
    pub paper: Option<Located<String>>,
    pub source: PlanSource,
    pub bodies: Vec<Body>,
    pub funds: Vec<Fund>,
    pub location: Location,
}

impl Plan {
    pub fn body(&self, id: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.id == id)
    }

    pub fn fund(&self, id: &str) -> Option<&Fund> {
        self.funds.iter().find(|f| f.id == id)
    }
}

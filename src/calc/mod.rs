//! Calculations: pure functions over the model.
//!
//! Fund totals, shares and reconciliation against stated totals
//! ([`fund`]), the BCF national conditions ([`conditions`]), and progress
//! against standards ([`progress`]), and monthly tables with their year to
//! date and yearly caps ([`table`]). Everything is
//! exact `rust_decimal` arithmetic; nothing here rounds for display (the
//! places each progress figure is shown at are decided here once, by
//! [`crate::shown`], for every page and message), does I/O or knows about
//! HTML. Results are computed once per build and shared
//! by every page that shows them.

pub mod conditions;
pub mod fund;
pub mod progress;
pub mod table;

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub use fund::FundTotals;
pub use progress::SeriesProgress;

/// Everything computed from the content, keyed for lookup by the renderer.
#[derive(Debug, Default)]
pub struct Calculated {
    /// Totals per (plan id, fund id).
    pub funds: BTreeMap<(String, String), FundTotals>,
    /// National conditions per plan id (plans with `[conditions]` only).
    pub conditions: BTreeMap<String, conditions::ConditionsResult>,
    /// Progress per series id.
    pub progress: BTreeMap<String, SeriesProgress>,
    /// Progress of each standards set's commitments, per area, by set id.
    pub sets: BTreeMap<String, Vec<progress::AreaSummary>>,
    /// Monthly tables, by table id.
    pub tables: BTreeMap<String, table::TableResult>,
}

impl Calculated {
    pub fn fund(&self, plan: &str, fund: &str) -> Option<&FundTotals> {
        self.funds.get(&(plan.to_string(), fund.to_string()))
    }
}

/// Computes every fund and progress series, pushing reconciliation errors.
pub fn calculate(
    site: &Site,
    build_date: Option<NaiveDate>,
    diags: &mut Diagnostics,
) -> Calculated {
    let mut out = Calculated::default();
    for plan in &site.plans {
        for f in &plan.funds {
            let (totals, problems) = fund::compute(plan, f);
            for p in problems {
                diags.push(p);
            }
            out.funds.insert((plan.id.clone(), f.id.clone()), totals);
        }
        let totals: BTreeMap<&str, &FundTotals> = plan
            .funds
            .iter()
            .filter_map(|f| out.fund(&plan.id, &f.id).map(|t| (f.id.as_str(), t)))
            .collect();
        let mut problems = Vec::new();
        let assessed = conditions::assess(plan, &totals, &mut problems);
        for p in problems {
            diags.push(p);
        }
        if let Some(a) = assessed {
            out.conditions.insert(plan.id.clone(), a);
        }
    }
    progress::check_series(site, diags);
    for series in &site.progress {
        if let Some(p) = progress::compute(site, series, build_date, diags) {
            out.progress.insert(series.id.clone(), p);
        }
    }
    out.tables = table::compute_all(site, &out.progress, build_date, diags);
    for set in &site.standard_sets {
        let summary = progress::summarise_set(site, set, &out.progress, build_date);
        out.sets.insert(set.id.clone(), summary);
    }
    out
}

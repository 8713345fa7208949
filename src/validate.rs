//! Cross-references between content files, checked once everything is
//! loaded: plans a paper cites, appendices, the paper a plan names.
//!
//! Reads the model only; reports problems with the location of the
//! reference that is wrong.

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{Located, Site};
use std::collections::BTreeMap;

fn unknown(what: &str, r: &Located<String>, known: &[&str]) -> Diagnostic {
    let mut d = Diagnostic::error(format!("unknown {what} \"{}\"", r.value)).at(r.location.clone());
    d = match did_you_mean(&r.value, known.iter().copied()) {
        Some(s) => d.hint(format!("did you mean \"{s}\"?")),
        None if known.is_empty() => d.hint(format!("there is no {what} yet")),
        None => d.hint(format!("known: {}", known.join(", "))),
    };
    d
}

/// Checks every reference between content files.
pub fn check_references(site: &Site, diags: &mut Diagnostics) {
    let plan_ids: Vec<&str> = site.plans.iter().map(|p| p.id.as_str()).collect();
    for b in &site.boards {
        for m in &b.meetings {
            let slugs: Vec<&str> = m.papers.iter().map(|p| p.slug.as_str()).collect();
            let mut parent_of: BTreeMap<&str, &str> = BTreeMap::new();
            for p in &m.papers {
                for plan in &p.plans {
                    if !plan_ids.contains(&plan.value.as_str())
                        && !site.unreadable_plans.contains(&plan.value)
                    {
                        diags.push(unknown("plan", plan, &plan_ids));
                    }
                }
                for a in &p.appendices {
                    if a.value == p.slug {
                        diags.push(
                            Diagnostic::error("a paper cannot be its own appendix")
                                .at(a.location.clone()),
                        );
                    } else if !slugs.contains(&a.value.as_str()) {
                        diags.push(unknown("appendix (a paper in the same meeting)", a, &slugs));
                    } else if let Some(first) = parent_of.insert(a.value.as_str(), p.slug.as_str())
                    {
                        diags.push(
                            Diagnostic::error(format!("\"{}\" is already an appendix of \"{first}\"", a.value))
                                .at(a.location.clone())
                                .hint("an appendix belongs to one paper; link to it from others with {{ paper … }}"),
                        );
                    }
                }
            }
            // An appendix chain that loops back (a → b → a) has no top.
            for start in parent_of.keys() {
                let mut seen = vec![*start];
                let mut cur = *start;
                while let Some(parent) = parent_of.get(cur) {
                    if seen.contains(parent) {
                        if let Some(p) = m.papers.iter().find(|p| p.slug == *start) {
                            diags.push(
                                Diagnostic::error(format!("appendix cycle: {} → {}", seen.join(" → "), parent))
                                    .at(p.location.clone())
                                    .hint("an appendix cannot contain, directly or indirectly, the paper it belongs to"),
                            );
                        }
                        break;
                    }
                    seen.push(parent);
                    cur = parent;
                }
            }
        }
    }
    for plan in &site.plans {
        if let Some(p) = &plan.paper {
            if site.paper(&p.value).is_none() {
                diags.push(unknown(
                    "paper (board/meeting/paper)",
                    p,
                    &site.paper_keys(),
                ));
            }
        }
    }
}

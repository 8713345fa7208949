//! Cross-references between content files, checked once everything is
//! loaded: plans a paper cites, appendices, the paper a plan names, and
//! the papers and recommendations a meeting's minutes decide.
//!
//! Reads the model only; reports problems with the location of the
//! reference that is wrong.

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{
    paper_key, recommendation_name, Access, Located, Meeting, MeetingStatus, PaperKind, Site,
};
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
            check_minutes(
                m,
                |slug| site.paper_unreadable(&paper_key(&b.slug, &m.slug, slug)),
                diags,
            );
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
                        if site.paper_unreadable(&paper_key(&b.slug, &m.slug, &a.value)) {
                            continue;
                        }
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
            if site.paper(&p.value).is_none() && !site.paper_unreadable(&p.value) {
                diags.push(unknown(
                    "paper (board/meeting/paper)",
                    p,
                    &site.paper_keys(),
                ));
            }
        }
    }
}

/// Minutes are published after the meeting they record: minutes (or a
/// version of them) dated before the meeting's date are an error. Nothing
/// legitimate is dated so: it is a slip in the minutes' `date` (or
/// `revision.date`) or in the meeting's. A date known only to a month or a
/// year is an error only when it is certainly before the meeting.
fn check_minutes_dates(m: &Meeting, minutes: &crate::model::Paper, diags: &mut Diagnostics) {
    // Minutes of a meeting not held are a mistake of their own (above).
    if matches!(
        m.status,
        MeetingStatus::Scheduled | MeetingStatus::Cancelled
    ) {
        return;
    }
    let Some(held) = m.date.known() else {
        return;
    };
    for version in minutes.versions() {
        let (date, at, field) = match (version.revision.date, &version.revision.date_location) {
            (Some(d), Some(at)) => (d, at.clone(), "revision.date"),
            _ => (version.date, version.date_location.clone(), "date"),
        };
        if !date.surely_before(held) {
            continue;
        }
        let which = if version.earlier.is_empty() && minutes.earlier.is_empty() {
            "minutes".to_string()
        } else {
            format!("version {} of the minutes", version.revision.number)
        };
        diags.push(
            Diagnostic::error(format!(
                "{which} dated {}, before the meeting they record ({})",
                date.long(),
                held.long()
            ))
            .at(at)
            .hint(format!(
                "the minutes' {field} is when they were published, on or after the meeting: correct it, or the meeting's date in {}",
                m.location
            )),
        );
    }
}

/// A meeting has at most one minutes paper, only once it has been held,
/// and each decision in it names a paper of the meeting (not minutes) and,
/// if it names one, a recommendation that paper makes.
fn check_minutes(m: &Meeting, unreadable: impl Fn(&str) -> bool, diags: &mut Diagnostics) {
    let mut minutes = m.papers.iter().filter(|p| p.kind == PaperKind::Minutes);
    let Some(first) = minutes.next() else {
        return;
    };
    for extra in minutes {
        diags.push(
            Diagnostic::error(format!(
                "a second minutes paper for this meeting (the first is \"{}\")",
                first.slug
            ))
            .at(extra.location.clone())
            .hint("a meeting has one minutes paper; a corrected version goes beside it as <slug>.v1.md (see Revisions)"),
        );
    }
    if matches!(
        m.status,
        MeetingStatus::Scheduled | MeetingStatus::Cancelled
    ) {
        let status = if m.status == MeetingStatus::Scheduled {
            "scheduled"
        } else {
            "cancelled"
        };
        diags.push(
            Diagnostic::error(format!(
                "minutes of a meeting that has not been held (its status is \"{status}\")"
            ))
            .at(first.location.clone())
            .hint("set status = \"held\" in _meeting.toml once the meeting has taken place; a cancelled meeting has no minutes"),
        );
    }
    check_minutes_dates(m, first, diags);
    let decided: Vec<&str> = m
        .papers
        .iter()
        .filter(|p| p.kind != PaperKind::Minutes)
        .map(|p| p.slug.as_str())
        .collect();
    for d in &first.decisions {
        let Some(paper) = m.papers.iter().find(|p| p.slug == d.paper.value) else {
            if unreadable(&d.paper.value) {
                continue;
            }
            diags.push(unknown("paper of this meeting", &d.paper, &decided));
            continue;
        };
        if paper.kind == PaperKind::Minutes {
            diags.push(
                Diagnostic::error("a decision on the minutes themselves")
                    .at(d.paper.location.clone())
                    .hint("name the paper the meeting decided; the minutes' own approval is recorded in the next meeting's minutes"),
            );
            continue;
        }
        let Some(rec) = &d.recommendation else {
            continue;
        };
        let count = paper.recommendations.len();
        let names: Vec<String> = (1..=count)
            .map(|i| recommendation_name(paper.recommendation_style, i))
            .collect();
        let problem = if matches!(paper.access, Access::Exempt { .. }) {
            Some((
                format!(
                    "\"{}\" is exempt: its recommendations are not published",
                    paper.slug
                ),
                "record the decision on the exempt paper as a whole: leave out recommendation"
                    .to_string(),
            ))
        } else if count == 0 {
            Some((
                format!("\"{}\" has no recommendations", paper.slug),
                "leave out recommendation to record the decision on the paper as a whole"
                    .to_string(),
            ))
        } else if rec
            .value
            .position(paper.recommendation_style, count)
            .is_none()
        {
            let written = rec.value.written();
            let hint = match did_you_mean(&written, names.iter().map(String::as_str)) {
                Some(s) if !s.eq_ignore_ascii_case(&written) => format!("did you mean \"{s}\"? "),
                _ => String::new(),
            };
            Some((
                format!("\"{}\" has no recommendation {written}", paper.slug),
                format!(
                    "{hint}its recommendations are {} (or write their position, 1 to {count})",
                    crate::shown::and_list(&names)
                ),
            ))
        } else {
            None
        };
        if let Some((message, hint)) = problem {
            diags.push(
                Diagnostic::error(message)
                    .at(rec.location.clone())
                    .hint(hint),
            );
        }
    }
}

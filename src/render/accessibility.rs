//! The accessibility statement page (`accessibility/index.html`) and the
//! brand stylesheet (`assets/brand.css`).
//!
//! The statement follows regulation 8 of the Public Sector Bodies (Websites
//! and Mobile Applications) (No. 2) Accessibility Regulations 2018 and
//! GOV.UK's sample statement, section by section. Its "how we tested"
//! section describes the real gate in `tests/a11y/` (axe-core in Chromium,
//! the W3C Nu HTML Checker, reflow at 320 CSS pixels) and the build-time
//! lints, and counts the pages that were built with it.

use super::markdown::{self, NoShortcodes, Origin};
use super::views::Link;
use super::{urls, OutputFile, PageSpec, Renderer};
use crate::accessibility::{criterion_name, Reason, Statement, StatementContact};
use crate::diagnostics::Diagnostics;
use crate::model::Located;
use chrono::NaiveDate;
use serde::Serialize;

/// Where the statement is published (the footer of every page links it).
pub(crate) const PATH: &str = "accessibility/index.html";

#[derive(Serialize)]
struct ContactView {
    email: Option<String>,
    phone: Option<String>,
    response_days: Option<u32>,
    /// Why nobody can be contacted (a demonstration site), as HTML.
    none_html: Option<String>,
}

#[derive(Serialize)]
struct IssueView {
    content_html: String,
    /// "1.1.1 (non-text content)".
    criteria: Vec<String>,
    plan_html: Option<String>,
}

#[derive(Serialize)]
struct IssueGroup {
    heading: &'static str,
    id: &'static str,
    intro: &'static str,
    issues: Vec<IssueView>,
}

#[derive(Serialize)]
struct StatementView {
    /// False when site.toml has no `[accessibility]` table.
    configured: bool,
    owner: String,
    base_url: String,
    notice_html: Option<String>,
    /// "partially compliant".
    status: Option<&'static str>,
    /// "fully-compliant", for the status tag's class.
    status_slug: Option<&'static str>,
    /// The opening of each issue that is not out of scope, for "How accessible this website is".
    known_problems_html: Vec<String>,
    groups: Vec<IssueGroup>,
    contact: Option<ContactView>,
    improvements_html: Option<String>,
    manual_testing_html: Option<String>,
    prepared: Option<String>,
    last_reviewed: Option<String>,
    tested: Option<String>,
    tested_by: Option<String>,
    /// Pages in this build, including the statement itself.
    pages: usize,
}

fn long(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn md(text: &Located<String>, diags: &mut Diagnostics) -> String {
    markdown::render(
        &text.value,
        &Origin {
            path: &text.location.path,
            line: text.location.line,
        },
        &NoShortcodes,
        diags,
    )
}

/// The text of the first paragraph of some HTML, tags removed: a short
/// form of an issue for the summary list.
fn first_paragraph_text(html: &str) -> String {
    let first = html.split("</p>").next().unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in first.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn view(s: &Statement, r: &Renderer<'_>, pages: usize, diags: &mut Diagnostics) -> StatementView {
    let mut groups = vec![
        IssueGroup {
            heading: "Non-compliance with the accessibility regulations",
            id: "non-compliance",
            intro: "The content listed below is not accessible for the following reasons.",
            issues: Vec::new(),
        },
        IssueGroup {
            heading: "Disproportionate burden",
            id: "disproportionate-burden",
            intro: "We believe fixing the content listed below would be a disproportionate burden within the meaning of the accessibility regulations.",
            issues: Vec::new(),
        },
        IssueGroup {
            heading: "Content that’s not within the scope of the accessibility regulations",
            id: "out-of-scope",
            intro: "The accessibility regulations do not require the content listed below to be accessible.",
            issues: Vec::new(),
        },
    ];
    let mut known_problems = Vec::new();
    for issue in &s.issues {
        let content_html = md(&issue.content, diags);
        if issue.reason != Reason::OutOfScope {
            known_problems.push(first_paragraph_text(&content_html));
        }
        let group = match issue.reason {
            Reason::NonCompliance => 0,
            Reason::DisproportionateBurden => 1,
            Reason::OutOfScope => 2,
        };
        groups[group].issues.push(IssueView {
            content_html,
            criteria: issue
                .criteria
                .iter()
                .map(|c| match criterion_name(c) {
                    Some(name) => format!("{c} ({name})"),
                    None => c.clone(),
                })
                .collect(),
            plan_html: issue.plan.as_ref().map(|p| md(p, diags)),
        });
    }
    groups.retain(|g| !g.issues.is_empty());
    let contact = match &s.contact {
        StatementContact::Reach {
            email,
            phone,
            response_days,
        } => ContactView {
            email: email.clone(),
            phone: phone.clone(),
            response_days: Some(*response_days),
            none_html: None,
        },
        StatementContact::None(why) => ContactView {
            email: None,
            phone: None,
            response_days: None,
            none_html: Some(md(why, diags)),
        },
    };
    StatementView {
        configured: true,
        owner: r.config.owner.clone(),
        base_url: r.config.base_url.clone(),
        notice_html: s.notice.as_ref().map(|n| md(n, diags)),
        status: Some(s.status.words()),
        status_slug: Some(match s.status {
            crate::accessibility::Compliance::Full => "fully-compliant",
            crate::accessibility::Compliance::Partial => "partially-compliant",
            crate::accessibility::Compliance::Not => "not-compliant",
        }),
        known_problems_html: known_problems,
        groups,
        contact: Some(contact),
        improvements_html: s.improvements.as_ref().map(|t| md(t, diags)),
        manual_testing_html: s.manual_testing.as_ref().map(|t| md(t, diags)),
        prepared: Some(long(s.prepared)),
        last_reviewed: Some(long(s.last_reviewed)),
        tested: Some(long(s.tested)),
        tested_by: Some(s.tested_by.clone()),
        pages,
    }
}

/// The accessibility statement. `pages` is the number of HTML pages in the
/// build, this one included.
pub(crate) fn statement(
    r: &Renderer<'_>,
    pages: usize,
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    let data = match &r.config.accessibility {
        Some(s) => view(s, r, pages, diags),
        None => StatementView {
            configured: false,
            owner: r.config.owner.clone(),
            base_url: r.config.base_url.clone(),
            notice_html: None,
            status: None,
            status_slug: None,
            known_problems_html: Vec::new(),
            groups: Vec::new(),
            contact: (r.config.contact.email.is_some() || r.config.contact.phone.is_some()).then(
                || ContactView {
                    email: r.config.contact.email.clone(),
                    phone: r.config.contact.phone.clone(),
                    response_days: None,
                    none_html: None,
                },
            ),
            improvements_html: None,
            manual_testing_html: None,
            prepared: None,
            last_reviewed: None,
            tested: None,
            tested_by: None,
            pages,
        },
    };
    let crumbs = vec![Link {
        text: "Home".into(),
        href: urls::link(PATH, "index.html"),
    }];
    r.page(
        PageSpec::new(
            "accessibility.html",
            PATH,
            format!("Accessibility statement for {}", r.config.title),
            "accessibility",
        )
        .crumbs(crumbs)
        .description(Some(format!(
            "How accessible {} is, what is not yet accessible and why, and how to ask for information in another format.",
            r.config.title
        ))),
        &data,
        diags,
    )
}

/// `assets/brand.css`: the brand colours from site.toml as custom properties.
pub(crate) fn brand_css(r: &Renderer<'_>) -> OutputFile {
    OutputFile {
        path: "assets/brand.css".into(),
        bytes: r.config.brand.css().into_bytes().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarises_an_issue_by_its_first_paragraph() {
        assert_eq!(
            first_paragraph_text(
                "<p>The <a href=\"x\">timetable</a> is an image.</p>\n<p>More.</p>"
            ),
            "The timetable is an image."
        );
    }
}

//! The accessibility statement: the `[accessibility]` table of `site.toml`
//! → [`Statement`], and the checks that keep it honest and current.
//!
//! The Public Sector Bodies (Websites and Mobile Applications) (No. 2)
//! Accessibility Regulations 2018, regulation 8, require a statement with:
//! the compliance status; the content that is not accessible and why
//! (non-compliance, disproportionate burden, or outside the regulations'
//! scope); how to ask for an accessible alternative and whom to contact;
//! the enforcement procedure; and when the statement was prepared and last
//! reviewed. Every one of those is a field here (the enforcement procedure
//! is fixed text in the template), and a statement that lacks one is an
//! error. A statement last reviewed more than a year before the build date
//! is a warning.
//!
//! The page itself is drawn by `render::accessibility`.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::Located;
use crate::source::{Spanned, TomlReader};
use chrono::NaiveDate;
use serde::Deserialize;

/// How far the site meets WCAG 2.2 AA, in the regulations' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compliance {
    Full,
    Partial,
    Not,
}

impl Compliance {
    pub const NAMES: [&'static str; 3] =
        ["fully-compliant", "partially-compliant", "not-compliant"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "fully-compliant" => Some(Self::Full),
            "partially-compliant" => Some(Self::Partial),
            "not-compliant" => Some(Self::Not),
            _ => None,
        }
    }

    /// "fully compliant", as the statement says it.
    pub fn words(self) -> &'static str {
        match self {
            Self::Full => "fully compliant",
            Self::Partial => "partially compliant",
            Self::Not => "not compliant",
        }
    }
}

/// Why a piece of content is not accessible: the three headings of the
/// GOV.UK sample statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    NonCompliance,
    DisproportionateBurden,
    OutOfScope,
}

impl Reason {
    pub const NAMES: [&'static str; 3] =
        ["non-compliance", "disproportionate-burden", "out-of-scope"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "non-compliance" => Some(Self::NonCompliance),
            "disproportionate-burden" => Some(Self::DisproportionateBurden),
            "out-of-scope" => Some(Self::OutOfScope),
            _ => None,
        }
    }
}

/// Content that is not accessible, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub reason: Reason,
    /// Markdown: what is not accessible, for whom.
    pub content: Located<String>,
    /// WCAG 2.2 success criteria it fails, e.g. `1.1.1`.
    pub criteria: Vec<String>,
    /// Markdown: what will be done about it, and when.
    pub plan: Option<Located<String>>,
}

/// How to ask for an accessible alternative or report a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementContact {
    Reach {
        email: Option<String>,
        phone: Option<String>,
        /// Working days to reply.
        response_days: u32,
    },
    /// Nobody can be contacted, and why (e.g. a demonstration site).
    None(Located<String>),
}

/// The accessibility statement, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub status: Compliance,
    pub prepared: NaiveDate,
    pub last_reviewed: NaiveDate,
    pub tested: NaiveDate,
    pub tested_by: String,
    /// Markdown shown before everything else (e.g. "this is a demonstration site").
    pub notice: Option<Located<String>>,
    /// Markdown: testing beyond the automated gate (by people, with assistive technology).
    pub manual_testing: Option<Located<String>>,
    /// Markdown: what is being done to improve accessibility.
    pub improvements: Option<Located<String>>,
    pub contact: StatementContact,
    pub issues: Vec<Issue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatement {
    status: Spanned<String>,
    prepared: Spanned<toml::Value>,
    last_reviewed: Spanned<toml::Value>,
    tested: Spanned<toml::Value>,
    tested_by: Spanned<String>,
    notice: Option<Spanned<String>>,
    manual_testing: Option<Spanned<String>>,
    improvements: Option<Spanned<String>>,
    contact: Option<RawContact>,
    #[serde(default)]
    issues: Vec<RawIssue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    email: Option<String>,
    phone: Option<String>,
    response_days: Option<Spanned<u32>>,
    none: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssue {
    reason: Spanned<String>,
    content: Spanned<String>,
    #[serde(default)]
    criteria: Vec<Spanned<String>>,
    plan: Option<Spanned<String>>,
}

/// The site-wide contact (`[contact]`), used when `[accessibility.contact]`
/// gives no email or phone of its own.
pub(crate) struct Fallback<'a> {
    pub(crate) email: Option<&'a str>,
    pub(crate) phone: Option<&'a str>,
}

/// WCAG 2.2 success criteria at levels A and AA — the ones the regulations
/// require — with their names, as a statement cites them.
const CRITERIA: [(&str, &str); 55] = [
    ("1.1.1", "non-text content"),
    ("1.2.1", "audio-only and video-only (prerecorded)"),
    ("1.2.2", "captions (prerecorded)"),
    (
        "1.2.3",
        "audio description or media alternative (prerecorded)",
    ),
    ("1.2.4", "captions (live)"),
    ("1.2.5", "audio description (prerecorded)"),
    ("1.3.1", "info and relationships"),
    ("1.3.2", "meaningful sequence"),
    ("1.3.3", "sensory characteristics"),
    ("1.3.4", "orientation"),
    ("1.3.5", "identify input purpose"),
    ("1.4.1", "use of colour"),
    ("1.4.2", "audio control"),
    ("1.4.3", "contrast (minimum)"),
    ("1.4.4", "resize text"),
    ("1.4.5", "images of text"),
    ("1.4.10", "reflow"),
    ("1.4.11", "non-text contrast"),
    ("1.4.12", "text spacing"),
    ("1.4.13", "content on hover or focus"),
    ("2.1.1", "keyboard"),
    ("2.1.2", "no keyboard trap"),
    ("2.1.4", "character key shortcuts"),
    ("2.2.1", "timing adjustable"),
    ("2.2.2", "pause, stop, hide"),
    ("2.3.1", "three flashes or below threshold"),
    ("2.4.1", "bypass blocks"),
    ("2.4.2", "page titled"),
    ("2.4.3", "focus order"),
    ("2.4.4", "link purpose (in context)"),
    ("2.4.5", "multiple ways"),
    ("2.4.6", "headings and labels"),
    ("2.4.7", "focus visible"),
    ("2.4.11", "focus not obscured (minimum)"),
    ("2.5.1", "pointer gestures"),
    ("2.5.2", "pointer cancellation"),
    ("2.5.3", "label in name"),
    ("2.5.4", "motion actuation"),
    ("2.5.7", "dragging movements"),
    ("2.5.8", "target size (minimum)"),
    ("3.1.1", "language of page"),
    ("3.1.2", "language of parts"),
    ("3.2.1", "on focus"),
    ("3.2.2", "on input"),
    ("3.2.3", "consistent navigation"),
    ("3.2.4", "consistent identification"),
    ("3.2.6", "consistent help"),
    ("3.3.1", "error identification"),
    ("3.3.2", "labels or instructions"),
    ("3.3.3", "error suggestion"),
    ("3.3.4", "error prevention (legal, financial, data)"),
    ("3.3.7", "redundant entry"),
    ("3.3.8", "accessible authentication (minimum)"),
    ("4.1.2", "name, role, value"),
    ("4.1.3", "status messages"),
];

/// The name of a WCAG 2.2 level A or AA success criterion: `1.1.1` →
/// "non-text content".
pub fn criterion_name(number: &str) -> Option<&'static str> {
    CRITERIA
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, name)| *name)
}

fn is_criterion(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads `[accessibility]`. `build_date` is the build's "today".
pub(crate) fn parse(
    raw: RawStatement,
    fallback: Fallback<'_>,
    build_date: Option<NaiveDate>,
    r: &mut TomlReader<'_>,
) -> Option<Statement> {
    let status = r.choice(
        &raw.status,
        "compliance status",
        &Compliance::NAMES,
        Compliance::parse,
    );
    let prepared = r.day(&raw.prepared);
    let last_reviewed = r.day(&raw.last_reviewed);
    let tested = r.day(&raw.tested);
    let text = |r: &TomlReader<'_>, v: &Option<Spanned<String>>| {
        v.as_ref()
            .filter(|s| !s.get_ref().trim().is_empty())
            .map(|s| r.located(s))
    };
    let notice = text(r, &raw.notice);
    let manual_testing = text(r, &raw.manual_testing);
    let improvements = text(r, &raw.improvements);
    if raw.tested_by.get_ref().trim().is_empty() {
        r.error_at::<_, ()>(
            &raw.tested_by,
            Diagnostic::error("tested_by is empty")
                .hint("say who tested the site, e.g. \"the council's web team, with plansite's accessibility gate\""),
        );
    }

    let status_loc = r.loc_of(&raw.status);
    let contact = contact(raw.contact, fallback, &status_loc, r);

    let mut issues = Vec::new();
    for i in raw.issues {
        let reason = r.choice(&i.reason, "reason", &Reason::NAMES, Reason::parse);
        if i.content.get_ref().trim().is_empty() {
            r.error_at::<_, ()>(
                &i.content,
                Diagnostic::error("issue has no content")
                    .hint("say what is not accessible and for whom"),
            );
        }
        let mut criteria = Vec::new();
        for c in &i.criteria {
            if criterion_name(c.get_ref()).is_some() {
                criteria.push(c.get_ref().clone());
            } else if is_criterion(c.get_ref()) {
                r.error_at::<_, ()>(
                    c,
                    Diagnostic::error(format!(
                        "{} is not a WCAG 2.2 level A or AA success criterion",
                        c.get_ref()
                    ))
                    .hint("the regulations require levels A and AA; check the number against WCAG 2.2 (4.1.1 was removed; 2.4.13 is AAA)"),
                );
            } else {
                r.error_at::<_, ()>(
                    c,
                    Diagnostic::error(format!(
                        "\"{}\" is not a WCAG success criterion number",
                        c.get_ref()
                    ))
                    .hint(
                        "write the success criterion's number, e.g. \"1.1.1\" for non-text content",
                    ),
                );
            }
        }
        if let Some(reason) = reason {
            issues.push(Issue {
                reason,
                content: r.located(&i.content),
                criteria,
                plan: text(r, &i.plan),
            });
        }
    }

    let (status, prepared, last_reviewed, tested) = (status?, prepared?, last_reviewed?, tested?);
    let has_known_failures = issues.iter().any(|i| i.reason != Reason::OutOfScope);
    match status {
        Compliance::Full if has_known_failures => {
            r.diags.push(
                Diagnostic::error("the statement says the site is fully compliant but lists content that is not accessible")
                    .at(status_loc.clone())
                    .hint("a site with non-compliances or a disproportionate burden claim is \"partially-compliant\""),
            );
        }
        Compliance::Partial | Compliance::Not if !has_known_failures => {
            r.diags.push(
                Diagnostic::error(format!(
                    "the statement says the site is {} but lists no content that is not accessible",
                    status.words()
                ))
                .at(status_loc.clone())
                .hint("add [[accessibility.issues]] with reason = \"non-compliance\" or \"disproportionate-burden\", content and criteria"),
            );
        }
        _ => {}
    }

    if last_reviewed < prepared {
        r.error_at::<_, ()>(
            &raw.last_reviewed,
            Diagnostic::error(format!(
                "the statement was last reviewed ({last_reviewed}) before it was prepared ({prepared})"
            ))
            .hint("last_reviewed is the date of the latest review: on or after prepared"),
        );
    }
    if let Some(today) = build_date {
        for (name, date, v) in [
            ("prepared", prepared, &raw.prepared),
            ("last_reviewed", last_reviewed, &raw.last_reviewed),
            ("tested", tested, &raw.tested),
        ] {
            if date > today {
                let loc = r.loc_of(v);
                r.diags.push(
                    Diagnostic::warning(format!(
                        "{name} ({date}) is after the build date ({today})"
                    ))
                    .at(loc)
                    .hint("check the date, or the build_date in site.toml"),
                );
            }
        }
        if review_is_overdue(last_reviewed, today) {
            let loc = r.loc_of(&raw.last_reviewed);
            r.diags.push(
                Diagnostic::warning(format!(
                    "the accessibility statement was last reviewed on {last_reviewed}, more than a year before the build date ({today})"
                ))
                .at(loc)
                .hint("review the statement (the regulations expect it to be kept up to date; GOV.UK asks for a review at least once a year), then set last_reviewed"),
            );
        }
    }

    Some(Statement {
        status,
        prepared,
        last_reviewed,
        tested,
        tested_by: raw.tested_by.into_inner(),
        notice,
        manual_testing,
        improvements,
        contact: contact?,
        issues,
    })
}

/// True when `today` is more than a year after `reviewed`.
pub fn review_is_overdue(reviewed: NaiveDate, today: NaiveDate) -> bool {
    match reviewed.checked_add_months(chrono::Months::new(12)) {
        Some(due) => today > due,
        None => false,
    }
}

fn contact(
    raw: Option<RawContact>,
    fallback: Fallback<'_>,
    status_loc: &Location,
    r: &mut TomlReader<'_>,
) -> Option<StatementContact> {
    let raw = raw.unwrap_or(RawContact {
        email: None,
        phone: None,
        response_days: None,
        none: None,
    });
    let email = raw
        .email
        .filter(|e| !e.trim().is_empty())
        .or_else(|| fallback.email.map(str::to_string));
    let phone = raw
        .phone
        .filter(|p| !p.trim().is_empty())
        .or_else(|| fallback.phone.map(str::to_string));
    if let Some(none) = &raw.none {
        if email.is_some() || phone.is_some() {
            return r.error_at(
                none,
                Diagnostic::error("contact.none is given, but so is an email or phone").hint(
                    "remove contact.none: it is only for a site nobody can be contacted about",
                ),
            );
        }
        if none.get_ref().trim().is_empty() {
            return r.error_at(
                none,
                Diagnostic::error("contact.none is empty")
                    .hint("say why nobody can be contacted about this site"),
            );
        }
        return Some(StatementContact::None(r.located(none)));
    }
    if email.is_none() && phone.is_none() {
        r.diags.push(
            Diagnostic::error("the accessibility statement has no contact")
                .at(status_loc.clone())
                .hint("add [accessibility.contact] with email and/or phone and response_days (or [contact] in site.toml): people must be able to ask for an accessible alternative"),
        );
        return None;
    }
    match raw.response_days {
        Some(d) if *d.get_ref() > 0 => Some(StatementContact::Reach {
            email,
            phone,
            response_days: *d.get_ref(),
        }),
        Some(d) => r.error_at(
            &d,
            Diagnostic::error("response_days must be at least 1")
                .hint("the number of working days in which you will reply"),
        ),
        None => {
            r.diags.push(
                Diagnostic::error(
                    "the accessibility statement does not say how soon you will reply",
                )
                .at(status_loc.clone())
                .hint("add response_days = 5 (working days) under [accessibility.contact]"),
            );
            None
        }
    }
}

/// The warning for a site with no `[accessibility]` table.
pub(crate) fn missing(path: &std::sync::Arc<str>, diags: &mut Diagnostics) {
    diags.push(
        Diagnostic::warning("site.toml has no [accessibility] table, so the accessibility statement says none has been prepared")
            .at(Location::file(path.clone()))
            .hint("public sector websites must publish an accessibility statement: add [accessibility] (see docs/content-format.md)"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn review_is_overdue_only_after_a_full_year() {
        assert!(!review_is_overdue(day(2025, 11, 26), day(2026, 11, 26)));
        assert!(review_is_overdue(day(2025, 11, 26), day(2026, 11, 27)));
        // 29 February: a year later is 28 February.
        assert!(!review_is_overdue(day(2024, 2, 29), day(2025, 2, 28)));
        assert!(review_is_overdue(day(2024, 2, 29), day(2025, 3, 1)));
    }

    #[test]
    fn knows_the_a_and_aa_criteria_of_wcag_2_2() {
        assert_eq!(criterion_name("1.4.10"), Some("reflow"));
        assert_eq!(criterion_name("2.5.8"), Some("target size (minimum)"));
        assert_eq!(criterion_name("4.1.1"), None, "removed in WCAG 2.2");
        assert_eq!(criterion_name("2.4.13"), None, "AAA");
        let mut numbers: Vec<&str> = CRITERIA.iter().map(|(n, _)| *n).collect();
        numbers.dedup();
        assert_eq!(numbers.len(), 55);
    }

    #[test]
    fn criteria_are_three_part_numbers() {
        assert!(is_criterion("1.1.1"));
        assert!(is_criterion("2.4.11"));
        for bad in ["1.1", "1.1.1.1", "a.b.c", "", "1..1", "111.1.1"] {
            assert!(!is_criterion(bad), "{bad}");
        }
    }

    const GOOD: &str = "[accessibility]\nstatus = \"partially-compliant\"\nprepared = 2026-01-10\nlast_reviewed = 2026-06-01\ntested = 2026-06-01\ntested_by = \"The web team\"\n[accessibility.contact]\nemail = \"web@example.gov.uk\"\nresponse_days = 5\n[[accessibility.issues]]\nreason = \"non-compliance\"\ncontent = \"The timetable is an image.\"\ncriteria = [\"1.1.1\"]\n";

    fn statement(text: &str, today: Option<NaiveDate>) -> (Option<Statement>, Vec<String>) {
        #[derive(Deserialize)]
        struct T {
            accessibility: RawStatement,
        }
        let file = SourceFile::new("content/site.toml", text);
        let mut diags = Diagnostics::new();
        let mut r = TomlReader::new(&file, 0, &mut diags);
        let t: T = r.parse(&file.text.clone()).expect("parses");
        let s = parse(
            t.accessibility,
            Fallback {
                email: None,
                phone: None,
            },
            today,
            &mut r,
        );
        diags.sort();
        (s, diags.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn reads_a_complete_statement() {
        let (s, d) = statement(GOOD, Some(day(2026, 11, 26)));
        assert!(d.is_empty(), "{d:?}");
        let s = s.expect("statement");
        assert_eq!(s.status, Compliance::Partial);
        assert_eq!(s.issues[0].criteria, ["1.1.1"]);
        assert_eq!(
            s.contact,
            StatementContact::Reach {
                email: Some("web@example.gov.uk".into()),
                phone: None,
                response_days: 5
            }
        );
    }

    #[test]
    fn warns_when_the_review_is_more_than_a_year_old() {
        let (_, d) = statement(GOOD, Some(day(2027, 6, 2)));
        assert_eq!(
            d,
            ["content/site.toml:4:17: warning: the accessibility statement was last reviewed on 2026-06-01, more than a year before the build date (2027-06-02)"]
        );
        let (_, d) = statement(GOOD, Some(day(2027, 6, 1)));
        assert!(d.is_empty(), "exactly a year is still in date: {d:?}");
        let (_, d) = statement(GOOD, None);
        assert!(d.is_empty(), "no build date, no clock: {d:?}");
    }

    #[test]
    fn status_must_agree_with_the_issues() {
        let full = GOOD.replace("partially-compliant", "fully-compliant");
        let (_, d) = statement(&full, None);
        assert_eq!(d, ["content/site.toml:2:10: error: the statement says the site is fully compliant but lists content that is not accessible"]);
        let no_issues = GOOD
            .split("[[accessibility.issues]]")
            .next()
            .unwrap_or("")
            .to_string();
        let (_, d) = statement(&no_issues, None);
        assert_eq!(d, ["content/site.toml:2:10: error: the statement says the site is partially compliant but lists no content that is not accessible"]);
    }

    #[test]
    fn a_contact_and_a_reply_time_are_required() {
        let no_contact = GOOD.replace("email = \"web@example.gov.uk\"\n", "");
        let (_, d) = statement(&no_contact, None);
        assert_eq!(
            d,
            ["content/site.toml:2:10: error: the accessibility statement has no contact"]
        );
        let no_days = GOOD.replace("response_days = 5\n", "");
        let (_, d) = statement(&no_days, None);
        assert_eq!(d, ["content/site.toml:2:10: error: the accessibility statement does not say how soon you will reply"]);
        let none = GOOD.replace(
            "email = \"web@example.gov.uk\"\nresponse_days = 5\n",
            "none = \"A demonstration: nobody runs this site.\"\n",
        );
        let (s, d) = statement(&none, None);
        assert!(d.is_empty(), "{d:?}");
        assert!(matches!(
            s.map(|s| s.contact),
            Some(StatementContact::None(_))
        ));
    }

    #[test]
    fn dates_must_be_in_order_and_criteria_well_formed() {
        let bad = GOOD
            .replace("last_reviewed = 2026-06-01", "last_reviewed = 2025-06-01")
            .replace("[\"1.1.1\"]", "[\"1.1\"]");
        let (_, d) = statement(&bad, None);
        assert_eq!(
            d,
            [
                "content/site.toml:4:17: error: the statement was last reviewed (2025-06-01) before it was prepared (2026-01-10)",
                "content/site.toml:13:13: error: \"1.1\" is not a WCAG success criterion number",
            ]
        );
    }
}

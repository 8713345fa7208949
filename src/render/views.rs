//! View structs: the typed data each template receives.
//!
//! Every figure arrives formatted (and raw, for data attributes and
//! downloads); every fragment of HTML is marked `_html` and was produced by
//! `render::markdown` or escaped by construction. Templates only place
//! values: no arithmetic, no formatting.

use serde::Serialize;

/// Site-wide values shared by every page (borrowed, never copied per page).
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub owner: String,
    pub language: String,
    pub base_url: String,
    pub nav: Vec<NavItem>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// The organisation named in the header: `[brand] name`, else the owner.
    pub brand_name: String,
    /// The header logo, from `[brand]`.
    pub logo: Option<LogoView>,
    /// Whether the site has a search page (`[search] enabled`), for
    /// partials that link to it.
    pub search: bool,
}

/// A logo: its path from the site root and its alt text.
#[derive(Debug, Serialize)]
pub struct LogoView {
    pub src: String,
    pub alt: String,
}

/// A link: text and a relative address.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub text: String,
    pub href: String,
}

/// Why an exempt (Part II) paper is not published, as its meeting's
/// agenda and the list of appendices it is in say it.
#[derive(Debug, Clone, Serialize)]
pub struct ExemptItem {
    /// "Not for publication under paragraph 3 of Part 1 of Schedule 12A to
    /// the Local Government Act 1972".
    pub rule: String,
    /// What the paragraph covers, in the Schedule's words.
    pub category: String,
    pub reason: String,
}

impl ExemptItem {
    /// The marking of a paper with this access; `None` for a public one.
    pub fn of(access: &crate::model::Access) -> Option<Self> {
        match access {
            crate::model::Access::Exempt { paragraph, reason } => Some(ExemptItem {
                rule: format!(
                    "Not for publication under paragraph {paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972"
                ),
                category: crate::model::schedule_12a(*paragraph)
                    .unwrap_or_default()
                    .to_string(),
                reason: reason.clone(),
            }),
            crate::model::Access::Public => None,
        }
    }
}

/// An appendix where its paper lists it (on the meeting's agenda and the
/// paper's page): `APPENDIX B: title`, marked when it is exempt.
#[derive(Debug, Clone, Serialize)]
pub struct AppendixLink {
    pub text: String,
    pub href: String,
    pub exempt: Option<ExemptItem>,
}

impl AppendixLink {
    /// The link to `paper`, an appendix, at `href`.
    pub fn to(paper: &crate::model::Paper, href: String) -> Self {
        AppendixLink {
            text: match &paper.appendix_label {
                Some(l) => format!("{l}: {}", paper.title),
                None => paper.title.clone(),
            },
            href,
            exempt: ExemptItem::of(&paper.access),
        }
    }
}

/// A top-level navigation item.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub text: String,
    /// Relative to the site root.
    pub href: String,
    /// The section whose pages mark this item as current.
    pub section: &'static str,
}

/// Per-page values used by the base layout.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    pub title: String,
    /// Relative path from this page to the site root: "" or "../../".
    pub root: String,
    /// The page's canonical absolute URL.
    pub canonical: String,
    /// The page's address relative to the site root: "" or "boards/".
    pub path: String,
    pub description: Option<String>,
    /// Breadcrumbs, from Home to the parent of this page.
    pub breadcrumbs: Vec<Link>,
    /// Which top-level navigation item is current.
    pub section: &'static str,
}

/// A table of figures, ready to place.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub id: String,
    /// The caption: what, period, unit, source.
    pub caption: String,
    /// The name of the scroll region (a short form of the caption).
    pub label: String,
    pub head: Vec<HeadCell>,
    pub rows: Vec<RowView>,
    pub foot: Vec<RowView>,
    pub notes: Vec<String>,
    /// Links to the table's CSV and JSON files, when published.
    pub downloads: Option<Downloads>,
}

/// Where a table's data files are and how big they are.
#[derive(Debug, Clone, Serialize)]
pub struct Downloads {
    pub csv_href: String,
    pub csv_size: String,
    pub json_href: String,
    pub json_size: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeadCell {
    pub text: String,
    pub numeric: bool,
}

impl HeadCell {
    pub fn new(text: &str, numeric: bool) -> Self {
        HeadCell {
            text: text.into(),
            numeric,
        }
    }
}

/// A row: its header cell and data cells.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub header: String,
    pub cells: Vec<CellView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub text: String,
    /// The exact value as written or computed, for `data-value`.
    pub raw: String,
    pub numeric: bool,
    /// The figure is the source's, kept as printed although it does not
    /// agree with the figures it is made of (an override): the data files
    /// flag it.
    pub as_printed: bool,
}

impl CellView {
    pub fn text(text: impl Into<String>) -> Self {
        CellView {
            text: text.into(),
            raw: String::new(),
            numeric: false,
            as_printed: false,
        }
    }

    pub fn number(text: String, raw: String) -> Self {
        CellView {
            text,
            raw,
            numeric: true,
            as_printed: false,
        }
    }

    pub fn blank() -> Self {
        CellView::number(String::new(), String::new())
    }

    /// The same cell, flagged as a figure kept as printed.
    pub fn printed(self) -> Self {
        CellView {
            as_printed: true,
            ..self
        }
    }
}

/// A fund: its tables and the checks that passed.
#[derive(Debug, Clone, Serialize)]
pub struct FundView {
    pub id: String,
    pub title: String,
    pub tables: Vec<TableView>,
    /// Plain-English statements of what was checked ("Sources equal applications: £101.404m").
    pub checks: Vec<String>,
    pub source: String,
    pub plan_href: String,
    /// Bar charts, each placed beside the table it is drawn from (`table_id`).
    pub charts: Vec<super::fund_charts::ChartView>,
    /// Figures published as printed although they do not add up, each
    /// shown beside its table (`table_id`).
    pub overrides: Vec<super::funds::OverrideView>,
    pub notes: Vec<String>,
}

/// A status shown in words, with a CSS slug that only repeats it in colour.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub label: String,
    pub slug: String,
}

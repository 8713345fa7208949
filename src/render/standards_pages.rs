//! "How are we doing?": the standards overview, a page per standards set,
//! and a page per progress series (one standard in one area).

use super::format::{group_thousands, measure};
use super::open_data::{self, DatasetEntry};
use super::views::{CellView, HeadCell, Link, RowView, StatusView, TableView};
use super::{urls, OutputFile, PageSpec, Renderer};
use crate::calc::progress::{SeriesProgress, Status};
use crate::diagnostics::Diagnostics;
use crate::model::{Citation, Commitment, Period, ProgressSeries, Standard, StandardSet};
use serde::Serialize;

fn status(s: Status) -> StatusView {
    StatusView {
        label: s.label().to_string(),
        slug: s.slug().to_string(),
    }
}

/// "at least 95%" / "at most 9.4 per 100,000".
pub(crate) fn rule_text(s: &Standard) -> String {
    format!(
        "{} {}{}",
        s.comparator.words(),
        group_thousands(s.threshold),
        s.unit.suffix()
    )
}

/// `2016-12` → "December 2016"; `2016/17 Q3` → "Quarter 3 2016/17".
pub(crate) fn period_text(p: &Period) -> String {
    let month = |(y, m): (i32, u32)| {
        chrono::NaiveDate::from_ymd_opt(y, m, 1)
            .map_or_else(|| format!("{y}-{m:02}"), |d| d.format("%B %Y").to_string())
    };
    let fy = |y: i32| format!("{y}/{:02}", (y + 1) % 100);
    match *p {
        Period::Months { from, to } if from == to => month(from),
        Period::Months { from, to } => format!("{} to {}", month(from), month(to)),
        Period::Quarter {
            start_year,
            quarter,
        } => format!("Quarter {quarter} {}", fy(start_year)),
        Period::FinancialYear { start_year } => fy(start_year),
    }
}

fn citation_text(c: &Citation) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &c.publisher {
        parts.push(p.clone());
    }
    parts.push(c.title.clone());
    if let Some(para) = &c.paragraph {
        parts.push(format!("paragraph {para}"));
    }
    if let Some(d) = &c.published {
        parts.push(format!("published {}", d.long()));
    }
    parts.join(", ")
}

#[derive(Serialize)]
struct SeriesLine {
    area: String,
    href: String,
    latest: Option<String>,
    period: Option<String>,
    status: StatusView,
}

#[derive(Serialize)]
struct StandardLine {
    id: String,
    name: String,
    rule: String,
    description: Option<String>,
    series: Vec<SeriesLine>,
}

#[derive(Serialize)]
struct ItemView {
    number: String,
    id: String,
    title: String,
    text: Option<String>,
    standards: Vec<StandardLine>,
}

#[derive(Serialize)]
struct SetView {
    title: String,
    href: String,
    description: Option<String>,
    source: String,
    source_url: Option<String>,
    /// "1 of 1 measured standards with published figures is met."
    summary: String,
    items: Vec<ItemView>,
}

fn series_for<'a>(
    r: &'a Renderer<'_>,
    standard: &str,
) -> impl Iterator<Item = (&'a ProgressSeries, &'a SeriesProgress)> {
    let standard = standard.to_string();
    r.site
        .progress
        .iter()
        .filter(move |s| s.standard.value == standard)
        .filter_map(|s| r.calc.progress.get(&s.id).map(|p| (s, p)))
}

fn set_view(r: &Renderer<'_>, set: &StandardSet, from: &str) -> SetView {
    let mut measured = 0;
    let mut with_data = 0;
    let mut met = 0;
    let items = set
        .items
        .iter()
        .map(|c: &Commitment| ItemView {
            number: c.number.clone(),
            id: c.id.clone(),
            title: c.title.clone(),
            text: c.text.clone(),
            standards: c
                .standards
                .iter()
                .map(|s| {
                    measured += 1;
                    let series: Vec<SeriesLine> = series_for(r, &s.id)
                        .map(|(ser, p)| SeriesLine {
                            area: ser.area.clone(),
                            href: urls::link(from, &urls::progress(&ser.id)),
                            latest: p.latest().map(|l| measure(l.value, s.unit, s.precision)),
                            period: p.latest().map(|l| period_text(&l.period)),
                            status: status(p.status()),
                        })
                        .collect();
                    if series.iter().any(|x| x.latest.is_some()) {
                        with_data += 1;
                        if series
                            .iter()
                            .all(|x| x.status.slug == "met" || x.latest.is_none())
                        {
                            met += 1;
                        }
                    }
                    StandardLine {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        rule: rule_text(s),
                        description: s.description.clone(),
                        series,
                    }
                })
                .collect(),
        })
        .collect();
    let summary = if measured == 0 {
        format!(
            "None of the {} commitments has a measurable standard in the published source.",
            set.items.len()
        )
    } else {
        format!(
            "{} commitments; {measured} measurable standards; figures published for {with_data}; {met} of {with_data} met.",
            set.items.len()
        )
    };
    SetView {
        title: set.title.clone(),
        href: urls::link(from, &urls::standard_set(&set.id)),
        description: set.description.clone(),
        source: citation_text(&set.source),
        source_url: set.source.url.clone(),
        summary,
        items,
    }
}

#[derive(Serialize)]
struct TargetLine {
    name: String,
    value: String,
    status: StatusView,
}

#[derive(Serialize)]
struct ProgressView {
    standard: String,
    area: String,
    rule: String,
    description: Option<String>,
    set: Link,
    latest: Option<String>,
    period: Option<String>,
    gap: Option<String>,
    status: StatusView,
    sentence: String,
    targets: Vec<TargetLine>,
    history: TableView,
    sources: Vec<String>,
    stale: bool,
    next_update: Option<String>,
}

fn progress_page(
    r: &Renderer<'_>,
    series: &ProgressSeries,
    p: &SeriesProgress,
    catalogue: &mut Vec<DatasetEntry>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let Some((set, _, standard)) = r.site.standards().find(|(_, _, s)| s.id == p.standard) else {
        return Vec::new();
    };
    let path = urls::progress(&series.id);
    let fmt = |v| measure(v, standard.unit, standard.precision);
    let latest = p.latest();
    let sentence = match latest {
        Some(l) => format!(
            "In {}, {} was {}: the standard is {}, so it is {}.",
            period_text(&l.period),
            series.area,
            fmt(l.value),
            rule_text(standard),
            l.status.label().to_lowercase()
        ),
        None => format!("No figures have been published for {}.", series.area),
    };
    let mut history = TableView {
        id: "history".into(),
        caption: format!(
            "{} in {}, by period ({})",
            standard.name,
            series.area,
            standard.unit.suffix().trim()
        ),
        label: format!("{} history", standard.name),
        head: vec![
            HeadCell {
                text: "Period".into(),
                numeric: false,
            },
            HeadCell {
                text: "Figure".into(),
                numeric: true,
            },
            HeadCell {
                text: "Status".into(),
                numeric: false,
            },
        ],
        rows: p
            .history
            .iter()
            .map(|h| RowView {
                header: period_text(&h.period),
                cells: vec![
                    CellView::number(fmt(h.value), h.value.to_string()),
                    CellView::text(h.status.label()),
                ],
            })
            .collect(),
        foot: Vec::new(),
        notes: Vec::new(),
        downloads: None,
    };
    let data_path = format!("{}history", path.trim_end_matches("index.html"));
    let (mut files, entry) =
        open_data::attach(&r.config.open_data, &mut history, &data_path, &path, &path);
    catalogue.push(entry);
    let view = ProgressView {
        standard: standard.name.clone(),
        area: series.area.clone(),
        rule: rule_text(standard),
        description: standard.description.clone(),
        set: Link {
            text: set.title.clone(),
            href: urls::link(&path, &urls::standard_set(&set.id)),
        },
        latest: latest.map(|l| fmt(l.value)),
        period: latest.map(|l| period_text(&l.period)),
        gap: latest.map(|l| {
            format!(
                "{}{}",
                group_thousands(super::format::round(l.gap.abs(), standard.precision)),
                standard.unit.suffix()
            )
        }),
        status: status(p.status()),
        sentence,
        targets: p
            .targets
            .iter()
            .map(|t| TargetLine {
                name: t.name.clone(),
                value: fmt(t.value),
                status: status(t.status),
            })
            .collect(),
        history,
        sources: series
            .figures
            .iter()
            .map(|f| format!("{}: {}", period_text(&f.period), citation_text(&f.source)))
            .collect(),
        stale: p.stale,
        next_update: series
            .next_update
            .map(|d| d.format("%-d %B %Y").to_string()),
    };
    let crumbs = vec![
        Link {
            text: "Home".into(),
            href: urls::link(&path, "index.html"),
        },
        Link {
            text: "How are we doing?".into(),
            href: urls::link(&path, "standards/index.html"),
        },
        Link {
            text: set.title.clone(),
            href: urls::link(&path, &urls::standard_set(&set.id)),
        },
    ];
    let title = format!("{}: {}", standard.name, series.area);
    files.extend(r.page(
        PageSpec::new("progress.html", &path, title, "standards").crumbs(crumbs),
        &view,
        diags,
    ));
    files
}

/// Every standards and progress page.
pub(crate) fn all(
    r: &Renderer<'_>,
    catalogue: &mut Vec<DatasetEntry>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let index = "standards/index.html";
    let sets: Vec<SetView> = r
        .site
        .standard_sets
        .iter()
        .map(|s| set_view(r, s, index))
        .collect();
    let crumbs = vec![Link {
        text: "Home".into(),
        href: urls::link(index, "index.html"),
    }];
    files.extend(r.page(
        PageSpec::new("standards.html", index, "How are we doing?", "standards").crumbs(crumbs),
        &sets,
        diags,
    ));
    for set in &r.site.standard_sets {
        let path = urls::standard_set(&set.id);
        let view = set_view(r, set, &path);
        let crumbs = vec![
            Link {
                text: "Home".into(),
                href: urls::link(&path, "index.html"),
            },
            Link {
                text: "How are we doing?".into(),
                href: urls::link(&path, "standards/index.html"),
            },
        ];
        files.extend(
            r.page(
                PageSpec::new("standard-set.html", &path, set.title.clone(), "standards")
                    .crumbs(crumbs),
                &view,
                diags,
            ),
        );
    }
    for series in &r.site.progress {
        if let Some(p) = r.calc.progress.get(&series.id) {
            files.extend(progress_page(r, series, p, catalogue, diags));
        }
    }
    files
}

//! Home, boards, meetings, plans, the 404 page and the sitemap.

use super::funds::fund_view;
use super::open_data::{self, DatasetEntry};
use super::views::{AppendixLink, ExemptItem, FundView, Link};
use super::{escape, urls, OutputFile, PageSpec, Renderer};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::{Access, Board, Meeting, Plan};
use serde::Serialize;

fn crumb(from: &str, text: &str, to: &str) -> Link {
    Link {
        text: text.to_string(),
        href: urls::link(from, to),
    }
}

#[derive(Serialize)]
struct PaperLink {
    title: String,
    href: String,
    board: String,
    date: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct HomeView {
    boards: Vec<Link>,
    latest_papers: Vec<PaperLink>,
    plans: Vec<Link>,
    standards: Vec<Link>,
}

/// The home page: boards, latest papers, plans and standards.
pub(crate) fn home(r: &Renderer<'_>, diags: &mut Diagnostics) -> Option<OutputFile> {
    let path = "index.html";
    let mut papers: Vec<(crate::model::MeetingDate, PaperLink)> = Vec::new();
    for b in &r.site.boards {
        for m in &b.meetings {
            for p in &m.papers {
                papers.push((
                    m.date,
                    PaperLink {
                        title: p.title.clone(),
                        href: urls::link(path, &urls::paper(&b.slug, &m.slug, &p.slug)),
                        board: b.name.clone(),
                        date: super::format::meeting_date(m),
                        kind: p.kind.label(),
                    },
                ));
            }
        }
    }
    papers.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title)));
    let view = HomeView {
        boards: r
            .site
            .boards
            .iter()
            .map(|b| crumb(path, &b.name, &urls::board(&b.slug)))
            .collect(),
        latest_papers: papers.into_iter().take(10).map(|(_, p)| p).collect(),
        plans: r
            .site
            .plans
            .iter()
            .map(|p| crumb(path, &p.title, &urls::plan(&p.id)))
            .collect(),
        standards: r
            .site
            .standard_sets
            .iter()
            .map(|s| crumb(path, &s.title, &urls::standard_set(&s.id)))
            .collect(),
    };
    r.page(
        PageSpec::new("home.html", path, r.config.title.clone(), "home"),
        &view,
        diags,
    )
}

#[derive(Serialize)]
struct BoardSummary {
    name: String,
    href: String,
    owner: Option<String>,
    meetings: usize,
}

/// The list of boards.
pub(crate) fn boards_index(r: &Renderer<'_>, diags: &mut Diagnostics) -> Option<OutputFile> {
    let path = "boards/index.html";
    let boards: Vec<BoardSummary> = r
        .site
        .boards
        .iter()
        .map(|b| BoardSummary {
            name: b.name.clone(),
            href: urls::link(path, &urls::board(&b.slug)),
            owner: b.owner.clone(),
            meetings: b.meetings.len(),
        })
        .collect();
    let crumbs = vec![crumb(path, "Home", "index.html")];
    r.page(
        PageSpec::new("boards.html", path, "Boards and meetings", "boards").crumbs(crumbs),
        &boards,
        diags,
    )
}

#[derive(Serialize)]
struct MeetingLink {
    date: String,
    /// The date as `YYYY-MM-DD` when it is known to the day.
    date_iso: Option<String>,
    /// The clerk inferred the date (the source does not print it).
    date_inferred: bool,
    href: String,
    status: &'static str,
    /// Papers other than the minutes.
    papers: usize,
    /// Whether its minutes are published.
    minutes: bool,
}

#[derive(Serialize)]
struct YearGroup {
    year: String,
    meetings: Vec<MeetingLink>,
}

#[derive(Serialize)]
struct BoardView {
    name: String,
    owner: Option<String>,
    remit: Option<String>,
    years: Vec<YearGroup>,
    /// The board's decisions list.
    decisions_href: String,
    /// The board's Atom feed.
    feed_href: String,
}

/// A board: its meetings grouped by year, newest first.
pub(crate) fn board(
    r: &Renderer<'_>,
    board: &Board,
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    let path = urls::board(&board.slug);
    let mut years: Vec<YearGroup> = Vec::new();
    for m in super::decisions::newest_first(board) {
        let year = m
            .date
            .known()
            .map_or_else(|| "Date not known".to_string(), |d| d.year().to_string());
        let link = MeetingLink {
            date: super::format::meeting_name(m),
            date_iso: m.date.day().and(m.date.iso()),
            date_inferred: m.date_inferred.is_some(),
            href: urls::link(&path, &urls::meeting(&board.slug, &m.slug)),
            status: m.status.label(),
            papers: m
                .papers
                .iter()
                .filter(|p| p.kind != crate::model::PaperKind::Minutes)
                .count(),
            minutes: super::decisions::minutes_of(m)
                .is_some_and(|p| matches!(p.access, Access::Public)),
        };
        match years.last_mut() {
            Some(g) if g.year == year => g.meetings.push(link),
            _ => years.push(YearGroup {
                year,
                meetings: vec![link],
            }),
        }
    }
    let view = BoardView {
        name: board.name.clone(),
        owner: board.owner.clone(),
        remit: board.remit.clone(),
        years,
        decisions_href: urls::link(&path, &super::decisions::decisions_path(&board.slug)),
        feed_href: urls::link(&path, &format!("boards/{}/feed.xml", board.slug)),
    };
    let crumbs = vec![
        crumb(&path, "Home", "index.html"),
        crumb(&path, "Boards and meetings", "boards/index.html"),
    ];
    r.page(
        PageSpec::new("board.html", &path, board.name.clone(), "boards")
            .crumbs(crumbs)
            .description(board.remit.clone()),
        &view,
        diags,
    )
}

#[derive(Serialize)]
struct AgendaItem {
    item: Option<u32>,
    title: String,
    href: String,
    kind: &'static str,
    exempt: Option<ExemptItem>,
    appendices: Vec<AppendixLink>,
    /// What the minutes record on it, in a sentence.
    decision: Option<String>,
}

#[derive(Serialize)]
struct MeetingContact {
    name: String,
    role: Option<String>,
    organisation: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

#[derive(Serialize)]
struct MeetingView {
    board: String,
    board_href: String,
    date: String,
    date_iso: Option<String>,
    date_note: Option<String>,
    /// How the clerk inferred the date, when the source does not print it.
    date_inferred: Option<String>,
    time: Option<String>,
    venue: Option<String>,
    status: &'static str,
    contact: Option<MeetingContact>,
    agenda: Vec<AgendaItem>,
    minutes: super::decisions::MeetingMinutes,
    previous: Option<Link>,
    next: Option<Link>,
}

/// A meeting: its agenda, the papers in item order with their appendices.
pub(crate) fn meeting(
    r: &Renderer<'_>,
    board: &Board,
    meeting: &Meeting,
    prev: Option<&Meeting>,
    next: Option<&Meeting>,
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    let path = urls::meeting(&board.slug, &meeting.slug);
    let paper_href = |slug: &str| urls::link(&path, &urls::paper(&board.slug, &meeting.slug, slug));
    let is_appendix = |slug: &str| {
        meeting
            .papers
            .iter()
            .any(|p| p.appendices.iter().any(|a| a.value == slug))
    };
    let agenda = meeting
        .papers
        .iter()
        .filter(|p| !is_appendix(&p.slug) && p.kind != crate::model::PaperKind::Minutes)
        .map(|p| AgendaItem {
            item: p.item,
            title: p.title.clone(),
            href: paper_href(&p.slug),
            kind: p.kind.label(),
            decision: super::decisions::summary(board, meeting, p),
            exempt: ExemptItem::of(&p.access),
            appendices: p
                .appendices
                .iter()
                .filter_map(|a| meeting.papers.iter().find(|x| x.slug == a.value))
                .map(|a| AppendixLink::to(a, paper_href(&a.slug)))
                .collect(),
        })
        .collect();
    let meeting_link = |m: &Meeting| Link {
        text: super::format::meeting_date(m),
        href: urls::link(&path, &urls::meeting(&board.slug, &m.slug)),
    };
    let view = MeetingView {
        board: board.name.clone(),
        board_href: urls::link(&path, &urls::board(&board.slug)),
        date: meeting.date.long(),
        date_iso: meeting.date.day().and(meeting.date.iso()),
        date_note: meeting.date_note.clone(),
        date_inferred: meeting.date_inferred.clone(),
        time: meeting.time.clone(),
        venue: meeting.venue.clone(),
        status: meeting.status.label(),
        contact: meeting.contact.as_ref().map(|c| MeetingContact {
            name: c.name.clone(),
            role: c.role.clone(),
            organisation: c.organisation.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
        }),
        agenda,
        minutes: super::decisions::of_meeting(board, meeting, &path),
        previous: prev.map(meeting_link),
        next: next.map(meeting_link),
    };
    let crumbs = vec![
        crumb(&path, "Home", "index.html"),
        crumb(&path, "Boards and meetings", "boards/index.html"),
        crumb(&path, &board.name, &urls::board(&board.slug)),
    ];
    let title = format!(
        "{}: meeting, {}",
        board.name,
        super::format::meeting_name(meeting)
    );
    r.page(
        PageSpec::new("meeting.html", &path, title, "boards").crumbs(crumbs),
        &view,
        diags,
    )
}

#[derive(Serialize)]
struct PlanSummary {
    title: String,
    href: String,
    area: Option<String>,
    period: Option<String>,
    total: Option<String>,
}

/// The list of plans, with each plan's largest fund total.
pub(crate) fn plans_index(r: &Renderer<'_>, diags: &mut Diagnostics) -> Option<OutputFile> {
    let path = "plans/index.html";
    let plans: Vec<PlanSummary> = r
        .site
        .plans
        .iter()
        .map(|p| PlanSummary {
            title: p.title.clone(),
            href: urls::link(path, &urls::plan(&p.id)),
            area: p.area.clone(),
            period: p.period.clone(),
            total: p
                .funds
                .first()
                .and_then(|f| r.calc.fund(&p.id, &f.id).map(|t| (f, t)))
                .and_then(|(f, t)| {
                    let total =
                        crate::calc::fund::figure(p, f, t, &crate::model::Measure::Total, None)
                            .ok()?;
                    let text = super::format::money_text(
                        crate::model::Money::new(total.value, f.unit),
                        r.config.money_style,
                    );
                    // As the plan's table shows it: printed, and flagged.
                    let text = total.flagged(text);
                    // Shown after the plan's period: a fund for another
                    // period says which.
                    Some(match f.own_period(p) {
                        Some(own) => format!("{text} for {own}"),
                        None => text,
                    })
                }),
        })
        .collect();
    let crumbs = vec![crumb(path, "Home", "index.html")];
    r.page(
        PageSpec::new("plans.html", path, "Plans and funds", "plans").crumbs(crumbs),
        &plans,
        diags,
    )
}

#[derive(Serialize)]
struct FundSection {
    fund: FundView,
    html: String,
}

/// A link to a plan's Frictionless data package, with its size.
#[derive(Serialize)]
struct PackageLink {
    href: String,
    size: String,
    /// "the 3 tables" or "the table".
    tables: String,
}

#[derive(Serialize)]
struct PlanView {
    title: String,
    area: Option<String>,
    period: Option<String>,
    source: String,
    source_url: Option<String>,
    paper: Option<Link>,
    bodies: Vec<Link>,
    funds: Vec<FundSection>,
    datapackage: Option<PackageLink>,
    conditions: Option<super::conditions::ConditionsView>,
}

/// Where a plan's data package is written.
pub(crate) fn datapackage_path(plan: &str) -> String {
    format!("plans/{plan}/datapackage.json")
}

/// The funds of `plan` whose figures are for a period of their own, for
/// the data package's description: " (“Out-turn”: 2015/16)", or "".
fn own_periods(plan: &Plan) -> String {
    let own: Vec<String> = plan
        .funds
        .iter()
        .filter_map(|f| Some(format!("“{}”: {}", f.title, f.own_period(plan)?)))
        .collect();
    if own.is_empty() {
        String::new()
    } else {
        format!(" ({})", own.join("; "))
    }
}

/// A plan: each fund's tables, shares and the checks that passed.
pub(crate) fn plan(
    r: &Renderer<'_>,
    plan: &Plan,
    catalogue: &mut Vec<DatasetEntry>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let path = urls::plan(&plan.id);
    let mut funds = Vec::new();
    let mut files = Vec::new();
    let mut datasets: Vec<DatasetEntry> = Vec::new();
    let mut ids = Vec::new();
    for f in &plan.funds {
        let Some(totals) = r.calc.fund(&plan.id, &f.id) else {
            continue;
        };
        let published = fund_view(r.config, plan, f, totals, &path);
        files.extend(published.files);
        for d in published.datasets {
            if datasets.iter().any(|x| x.name == d.name) {
                diags.push(
                    crate::diagnostics::Diagnostic::error(format!(
                        "two tables of this plan would both be published as {}.csv",
                        d.name
                    ))
                    .at(f.location.clone())
                    .hint("give the funds ids that do not collide (a fund \"a\" makes tables a-sources, a-applications, a-by-body …)"),
                );
            }
            datasets.push(d);
        }
        match r.fund_html(&published.view, 2, false, &path) {
            Ok(html) => {
                ids.extend(super::page_ids::sources_in(
                    &html,
                    &f.location,
                    &format!("fund \"{}\"", f.id),
                ));
                funds.push(FundSection {
                    fund: published.view,
                    html,
                })
            }
            Err(d) => diags.push(d),
        }
    }
    let package_path = datapackage_path(&plan.id);
    let datapackage = (!datasets.is_empty()).then(|| {
        for d in &mut datasets {
            d.package_path = Some(package_path.clone());
        }
        let info = open_data::PackageInfo {
            name: &plan.id,
            title: &plan.title,
            description: format!(
                "The tables of “{}”{}{}, as published on this site: every figure exactly as the source gives it or as computed from it.",
                plan.title,
                plan.period.as_deref().map(|p| format!(", {p}")).unwrap_or_default(),
                own_periods(plan)
            ),
            homepage: format!("{}{}", r.config.base_url, urls::pretty(&path)),
            source_title: &plan.source.document,
            source_url: plan.source.url.as_deref(),
        };
        let file = open_data::datapackage(&r.config.open_data, &info, &datasets, &package_path);
        let link = PackageLink {
            href: urls::link(&path, &package_path),
            size: open_data::human_size(file.bytes.len()),
            tables: match datasets.len() {
                1 => "the table".to_string(),
                n => format!("the {n} tables"),
            },
        };
        files.push(file);
        link
    });
    catalogue.extend(datasets);
    let conditions = r
        .calc
        .conditions
        .get(&plan.id)
        .and_then(|c| super::conditions::conditions_view(plan, c, r.config.money_style));
    let paper = plan.paper.as_ref().and_then(|p| {
        r.paper_page(&p.value).map(|(paper, ppath)| Link {
            text: paper.title.clone(),
            href: urls::link(&path, &ppath),
        })
    });
    let view = PlanView {
        title: plan.title.clone(),
        area: plan.area.clone(),
        period: plan.period.clone(),
        source: match &plan.source.reference {
            Some(rf) => format!("{}, {}", plan.source.document, rf),
            None => plan.source.document.clone(),
        },
        source_url: plan.source.url.clone(),
        paper,
        bodies: plan
            .bodies
            .iter()
            .map(|b| Link {
                text: b.name.clone(),
                href: b.short.clone(),
            })
            .collect(),
        funds,
        datapackage,
        conditions,
    };
    let crumbs = vec![
        crumb(&path, "Home", "index.html"),
        crumb(&path, "Plans and funds", "plans/index.html"),
    ];
    files.extend(
        r.page(
            PageSpec::new("plan.html", &path, plan.title.clone(), "plans")
                .crumbs(crumbs)
                .ids(ids),
            &view,
            diags,
        ),
    );
    files
}

#[derive(Serialize)]
struct DatasetView {
    title: String,
    page: String,
    csv_href: String,
    csv_size: String,
    json_href: String,
    fields: String,
    package: Option<String>,
}

#[derive(Serialize)]
struct CatalogueView<'a> {
    licence: &'a str,
    licence_url: &'a str,
    packages: Vec<Link>,
    datasets: Vec<DatasetView>,
}

/// The data catalogue: every published table with its files and fields.
pub(crate) fn data_catalogue(
    r: &Renderer<'_>,
    catalogue: &[DatasetEntry],
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    let path = "data/index.html";
    let mut packages: Vec<Link> = Vec::new();
    for plan in &r.site.plans {
        let p = datapackage_path(&plan.id);
        if catalogue
            .iter()
            .any(|d| d.package_path.as_deref() == Some(p.as_str()))
        {
            packages.push(Link {
                text: plan.title.clone(),
                href: urls::link(path, &p),
            });
        }
    }
    let view = CatalogueView {
        licence: &r.config.open_data.licence,
        licence_url: &r.config.open_data.licence_url,
        packages,
        datasets: catalogue
            .iter()
            .map(|d| DatasetView {
                title: d.title.clone(),
                page: urls::link(path, &d.page_path),
                csv_href: urls::link(path, &d.csv_path),
                csv_size: open_data::human_size(d.csv_bytes),
                json_href: urls::link(path, &d.json_path),
                fields: d
                    .fields
                    .iter()
                    .map(|(n, t)| format!("{n} ({t})"))
                    .collect::<Vec<_>>()
                    .join("; "),
                package: d.package_path.as_ref().map(|p| urls::link(path, p)),
            })
            .collect(),
    };
    let crumbs = vec![crumb(path, "Home", "index.html")];
    r.page(
        PageSpec::new("data.html", path, "Open data", "data").crumbs(crumbs),
        &view,
        diags,
    )
}

/// The 404 page. It can be served at any address, so its links are
/// absolute paths from the base URL.
pub(crate) fn not_found(r: &Renderer<'_>, diags: &mut Diagnostics) -> Option<OutputFile> {
    #[derive(Serialize)]
    struct NotFound {
        home: String,
    }
    let base_path = r
        .config
        .base_url
        .splitn(4, '/')
        .nth(3)
        .map_or_else(|| "/".to_string(), |p| format!("/{p}"));
    let mut spec = PageSpec::new("404.html", "404.html", "Page not found", "");
    spec.root = Some(base_path.clone());
    r.page(spec, &NotFound { home: base_path }, diags)
}

/// `sitemap.xml` listing every HTML page except the 404 page.
pub(crate) fn sitemap<'p>(config: &Config, paths: impl Iterator<Item = &'p str>) -> OutputFile {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut paths: Vec<&str> = paths.filter(|p| p.ends_with("index.html")).collect();
    paths.sort_unstable();
    for p in paths {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&format!("{}{}", config.base_url, urls::pretty(p)))
        ));
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes().into(),
    }
}

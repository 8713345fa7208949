//! Rendering: model + calculations → the bytes of every output file.
//!
//! [`render_site`] builds a typed view for each page
//! ([`views`]), places it with the theme's tera templates
//! ([`templates`]) and returns the files to write. It never writes to disk
//! itself: paper pages go, a group at a time, to a [`PaperSink`], which
//! keeps them or (in `build`, `crate::stream`) writes them out. Pages are
//! drawn by one function each: home, boards and meetings in [`pages`],
//! papers in [`paper_page`], fund tables in [`funds`] (with charts in
//! [`fund_charts`] and the BCF national conditions in [`conditions`]),
//! standards and progress in [`standards_pages`].

mod accessibility;
mod chart;
mod conditions;
mod decisions;
pub mod embed;
mod feeds;
pub mod format;
mod fund_charts;
mod funds;
mod index_records;
mod index_text;
pub mod markdown;
pub mod memo;
pub mod open_data;
mod page_ids;
mod pages;
mod paper_page;
pub mod search;
mod shortcodes;
mod standards_pages;
mod templates;
pub mod theme;
pub mod urls;
pub mod views;

pub use templates::{TemplateCache, Templates};
pub use theme::Theme;

use crate::calc::Calculated;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::model::{Board, Meeting, Paper};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use views::{Link, NavItem, PageMeta, SiteView};

/// One file of the generated site: a path relative to the output folder
/// (with `/` separators) and its bytes. The bytes are shared, so keeping a
/// page for a later build (incremental rebuilds, `serve`) copies nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: std::sync::Arc<[u8]>,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The data every template receives: the site, this page, and the page's own view.
#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    site: &'a SiteView,
    page: &'a PageMeta,
    data: &'a T,
}

/// Shared state for rendering one site.
pub(crate) struct Renderer<'a> {
    pub(crate) config: &'a Config,
    pub(crate) site: &'a Site,
    pub(crate) calc: &'a Calculated,
    pub(crate) templates: &'a Templates,
    pub(crate) site_view: SiteView,
    /// Fund tables drawn for papers in this build, by plan, fund and the
    /// page's way back to the site root: a table is drawn once for every
    /// paper at the same depth that shows it (see `shortcodes`).
    pub(crate) fund_blocks: std::sync::Mutex<rustc_hash::FxHashMap<FundBlockKey, String>>,
}

/// Plan id, fund id, the page's relative way to the site root and whether
/// the page is indexed for search.
pub(crate) type FundBlockKey = (String, String, String, bool);

impl Renderer<'_> {
    /// The paper a reference (`board/meeting/paper`) names and the path
    /// of its page.
    pub(crate) fn paper_page(&self, key: &str) -> Option<(&Paper, String)> {
        let (b, m, p) = self.site.paper_at(key)?;
        Some((p, urls::paper(&b.slug, &m.slug, &p.slug)))
    }
}

/// The data of the fund partial.
#[derive(Serialize)]
struct FundPartial<'a> {
    fund: &'a views::FundView,
    /// Heading level of the fund's title; its tables' headings are one deeper.
    level: u8,
    table_level: u8,
    /// The page goes into the search index: what only repeats the table
    /// (charts) or is plansite's own (download links, checks) is marked
    /// to be left out of it.
    searchable: bool,
}

impl Renderer<'_> {
    /// The HTML of a fund's tables, headed at `level`, on a page that goes
    /// into the search index when `searchable`.
    pub(crate) fn fund_html(
        &self,
        fund: &views::FundView,
        level: u8,
        searchable: bool,
        page: &str,
    ) -> Result<String, crate::diagnostics::Diagnostic> {
        let data = FundPartial {
            fund,
            level,
            table_level: level + 1,
            searchable,
        };
        self.templates.render("partials/fund.html", &data, page)
    }

    /// Places `data` on the page described by `spec`.
    pub(crate) fn page<T: Serialize>(
        &self,
        spec: PageSpec<'_>,
        data: &T,
        diags: &mut Diagnostics,
    ) -> Option<OutputFile> {
        let meta = PageMeta {
            title: spec.title,
            root: spec.root.unwrap_or_else(|| urls::root_of(spec.path)),
            canonical: format!("{}{}", self.config.base_url, urls::pretty(spec.path)),
            path: urls::pretty(spec.path).to_string(),
            description: spec.description,
            breadcrumbs: spec.breadcrumbs,
            section: spec.section,
        };
        let ctx = PageContext {
            site: &self.site_view,
            page: &meta,
            data,
        };
        match self.templates.render(spec.template, &ctx, spec.path) {
            Ok(html) => {
                page_ids::check(spec.path, spec.template, &html, &spec.ids, diags);
                Some(OutputFile {
                    path: spec.path.to_string(),
                    bytes: html.into_bytes().into(),
                })
            }
            Err(d) => {
                diags.push(d);
                None
            }
        }
    }
}

/// What the base layout needs to know about a page besides its data.
pub(crate) struct PageSpec<'a> {
    pub(crate) template: &'a str,
    /// Output path, e.g. `boards/kent-hwb/index.html`.
    pub(crate) path: &'a str,
    pub(crate) title: String,
    /// The top-level navigation item this page belongs to.
    pub(crate) section: &'static str,
    pub(crate) breadcrumbs: Vec<Link>,
    pub(crate) description: Option<String>,
    /// Overrides the relative root (the 404 page uses the base URL's path).
    pub(crate) root: Option<String>,
    /// Ids the content puts on the page, to locate a duplicate id.
    pub(crate) ids: Vec<page_ids::IdSource>,
}

impl<'a> PageSpec<'a> {
    pub(crate) fn new(
        template: &'a str,
        path: &'a str,
        title: impl Into<String>,
        section: &'static str,
    ) -> Self {
        PageSpec {
            template,
            path,
            title: title.into(),
            section,
            breadcrumbs: Vec::new(),
            description: None,
            root: None,
            ids: Vec::new(),
        }
    }

    pub(crate) fn ids(mut self, ids: Vec<page_ids::IdSource>) -> Self {
        self.ids = ids;
        self
    }

    pub(crate) fn crumbs(mut self, breadcrumbs: Vec<Link>) -> Self {
        self.breadcrumbs = breadcrumbs;
        self
    }

    pub(crate) fn description(mut self, description: Option<String>) -> Self {
        self.description = description;
        self
    }
}

fn site_view(config: &Config) -> SiteView {
    SiteView {
        title: config.title.clone(),
        owner: config.owner.clone(),
        language: config.language.clone(),
        base_url: config.base_url.clone(),
        nav: vec![
            NavItem {
                text: "Home".into(),
                href: String::new(),
                section: "home",
            },
            NavItem {
                text: "Boards and meetings".into(),
                href: "boards/".into(),
                section: "boards",
            },
            NavItem {
                text: "Plans and funds".into(),
                href: "plans/".into(),
                section: "plans",
            },
            NavItem {
                text: "How are we doing?".into(),
                href: "standards/".into(),
                section: "standards",
            },
            NavItem {
                text: "What’s new".into(),
                href: "whats-new/".into(),
                section: "whats-new",
            },
        ]
        .into_iter()
        .chain(config.search.enabled.then(|| NavItem {
            text: "Search".into(),
            href: "search/".into(),
            section: "search",
        }))
        .collect(),
        contact_email: config.contact.email.clone(),
        contact_phone: config.contact.phone.clone(),
        brand_name: config
            .brand
            .name
            .clone()
            .unwrap_or_else(|| config.owner.clone()),
        logo: config.brand.logo.as_ref().map(|l| views::LogoView {
            src: l.path.value.clone(),
            alt: l.alt.clone(),
        }),
        search: config.search.enabled,
    }
}

/// Renders every page of the site. Problems (unknown shortcodes, lints
/// found while rendering Markdown, template errors) go to `diags`.
pub fn render_site(
    config: &Config,
    site: &Site,
    calc: &Calculated,
    templates: &Templates,
    timings: &mut crate::Timings,
    Papers {
        reuse,
        sink,
        prepare,
    }: Papers<'_>,
    diags: &mut Diagnostics,
) -> Rendered {
    let started = std::time::Instant::now();
    let r = Renderer {
        config,
        site,
        calc,
        templates,
        site_view: site_view(config),
        fund_blocks: Default::default(),
    };
    // With a memo (incremental rebuilds in `serve`), site-wide pages, a
    // meeting or a paper whose inputs have not changed since the last build
    // keep their pages; so do they with the pages `build` published last
    // time.
    shortcodes::check_unread_bodies(&r, diags);
    let reusing = Reusing::start(reuse, config, site, templates);
    let site_pages = reusing
        .as_ref()
        .map(|r| (r.site_pages, r.fingerprints.site_pages()));
    // The home, board and meeting pages are drawn alongside the papers
    // (`rayon::join`), so a core that has finished its share of the papers
    // draws them; they are gathered first all the same.
    let index_pages = || {
        let mut d = Diagnostics::new();
        let mut files = site_part(site_pages, "home and boards", &mut d, |d| {
            let mut files = Vec::new();
            files.extend(pages::home(&r, d));
            files.extend(pages::boards_index(&r, d));
            for board in &site.boards {
                files.extend(pages::board(&r, board, d));
            }
            files
        });
        // Meeting pages are independent too: in parallel, gathered in order.
        let meetings: Vec<(&Board, usize)> = site
            .boards
            .iter()
            .flat_map(|b| (0..b.meetings.len()).map(move |i| (b, i)))
            .collect();
        let rendered: Vec<(Vec<OutputFile>, Diagnostics)> = meetings
            .par_iter()
            .map(|&(board, i)| {
                let Some(meeting) = board.meetings.get(i) else {
                    return (Vec::new(), Diagnostics::new());
                };
                let key = || memo::meeting_key(&board.slug, &meeting.slug);
                let store = reusing
                    .as_ref()
                    .and_then(|r| Some((r.meetings, r.fingerprints.meeting_page(&key())?)));
                memo::kept_or_drawn(store, key, |d| {
                    let prev = i.checked_sub(1).and_then(|j| board.meetings.get(j));
                    let next = board.meetings.get(i + 1);
                    pages::meeting(&r, board, meeting, prev, next, d)
                        .into_iter()
                        .collect()
                })
            })
            .collect();
        for (page, more) in rendered {
            files.extend(page);
            d.extend(more);
        }
        (files, d, started.elapsed())
    };
    // Papers are most of the work and independent of each other. They are
    // rendered a group at a time (a run of one board's meetings, which is
    // also one shard of the search index), the groups and the papers in
    // each in parallel; each group's pages then go to `sink`, which keeps
    // them or writes and indexes them at once, so a build never holds more
    // than a few groups' pages. Everything is gathered in content order so
    // the output and the report stay deterministic.
    let render_paper = |b: &Board, m: &Meeting, p: &Paper| {
        let start = std::time::Instant::now();
        let store = reusing.as_ref().and_then(|r| {
            Some((
                r.papers,
                r.fingerprints
                    .paper(&memo::meeting_key(&b.slug, &m.slug), p)?,
            ))
        });
        let key = || crate::model::paper_key(&b.slug, &m.slug, &p.slug);
        let (f, d) = memo::kept_or_drawn(store, key, |d| match prepare(p, d) {
            Some(full) => paper_page::paper(&r, b, m, &full, d),
            None => Vec::new(),
        });
        (f, d, start.elapsed())
    };
    let groups = search::plan_groups(site);
    let papers = || {
        groups
            .par_iter()
            .map(|group| {
                let mut done = GroupDone::default();
                let Some(board) = site.boards.get(group.board) else {
                    return done;
                };
                let meetings = board.meetings.get(group.meetings.clone()).unwrap_or(&[]);
                let papers: Vec<(&Meeting, &Paper)> = meetings
                    .iter()
                    .flat_map(|m| m.papers.iter().map(move |p| (m, &**p)))
                    .collect();
                let rendered: Vec<_> = papers
                    .par_iter()
                    .map(|(m, p)| render_paper(board, m, p))
                    .collect();
                let mut pages = Vec::new();
                for (f, d, took) in rendered {
                    if let Some(first) = f.first() {
                        note_slowest(&mut done.slowest, &first.path, took);
                    }
                    pages.extend(f);
                    done.diags.extend(d);
                }
                let by_path: HashMap<&str, &OutputFile> =
                    pages.iter().map(|f| (f.path.as_str(), f)).collect();
                let indexed = if config.search.enabled {
                    search::indexed_pages(
                        site,
                        group,
                        |p| by_path.get(p).copied(),
                        |f| sink.is_indexed(f),
                    )
                } else {
                    Vec::new()
                };
                drop(by_path);
                done.shard = search::shard_of(site, group, indexed.len());
                if !sink.keeps() {
                    done.taken = pages.iter().map(|f| f.path.clone()).collect();
                }
                done.kept = sink.take(group, pages, indexed, &mut done.diags);
                done
            })
            .collect::<Vec<GroupDone>>()
    };
    let ((mut files, index_diags, index_took), done) = rayon::join(index_pages, papers);
    diags.extend(index_diags);
    if let Some(memo) = reusing.as_ref().and_then(|r| r.memo) {
        memo.retain(site);
    }
    let mut slowest: Vec<(String, std::time::Duration)> = Vec::new();
    let mut taken = Vec::new();
    let mut shards = Vec::new();
    for group in done {
        files.extend(group.kept);
        taken.extend(group.taken);
        diags.extend(group.diags);
        slowest.extend(group.slowest);
        shards.extend(group.shard);
    }
    slowest.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    slowest.truncate(SLOWEST);
    timings.slowest_pages = slowest;
    timings.record(
        if sink.keeps() {
            "render papers (Markdown + templates, parallel)"
        } else {
            "render, write and index papers (parallel, by group)"
        },
        started.elapsed(),
    );
    if let Some((writing, indexing)) = sink.busy() {
        timings.record_within("writing paper pages (summed over threads)", writing);
        timings.record_within("indexing papers (pagefind, summed over threads)", indexing);
    }
    timings.record_within(
        "home, board and meeting pages (drawn alongside)",
        index_took,
    );
    let started = std::time::Instant::now();
    files.extend(site_part(
        site_pages,
        "plans, standards, data, feeds",
        diags,
        |d| {
            let mut files = Vec::new();
            let mut catalogue = Vec::new();
            files.extend(pages::plans_index(&r, d));
            for plan in &site.plans {
                files.extend(pages::plan(&r, plan, &mut catalogue, d));
            }
            files.extend(standards_pages::all(&r, &mut catalogue, d));
            for board in &site.boards {
                files.extend(decisions::board_page(&r, board, &mut catalogue, d));
            }
            files.extend(pages::data_catalogue(&r, &catalogue, d));
            files.extend(pages::not_found(&r, d));
            files.extend(feeds::whats_new(&r, d));
            files.extend(feeds::feeds(&r));
            files
        },
    ));
    timings.record("render plans, standards, data, feeds", started.elapsed());
    // The pages that list the others: drawn from the site-wide inputs, the
    // shards and the paths of every other page (so kept while those are).
    let listing_pages = reusing.as_ref().map(|r| {
        let mut h = crate::fingerprint::Fingerprint::new();
        h.nested(r.fingerprints.site_pages());
        for shard in &shards {
            h.part(shard.id.as_bytes())
                .part(shard.board.as_bytes())
                .part(&(shard.papers as u64).to_le_bytes());
        }
        for path in files
            .iter()
            .map(|f| f.path.as_str())
            .chain(taken.iter().map(String::as_str))
        {
            h.part(path.as_bytes());
        }
        (r.site_pages, h.finish())
    });
    let listing = site_part(listing_pages, "search, statement and sitemap", diags, |d| {
        let mut made = Vec::new();
        if config.search.enabled {
            made.extend(search::search_page(&r, &shards, d));
        }
        made.push(accessibility::brand_css(&r));
        let html_pages = files
            .iter()
            .chain(&made)
            .map(|f| f.path.as_str())
            .chain(taken.iter().map(String::as_str))
            .filter(|p| p.ends_with(".html"))
            .count();
        let statement = accessibility::statement(&r, html_pages + 1, d);
        let sitemap = pages::sitemap(
            config,
            files
                .iter()
                .chain(&made)
                .chain(&statement)
                .map(|f| f.path.as_str())
                .chain(taken.iter().map(String::as_str)),
        );
        made.extend(statement);
        made.push(sitemap);
        made
    });
    files.extend(listing);
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            config.base_url
        )
        .into_bytes()
        .into(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Rendered {
        files,
        taken,
        shards,
    }
}

/// Draws one part of the site-wide pages with `draw`; in a rebuild
/// (`store`, with the fingerprint of what site-wide pages are drawn from),
/// takes them and their diagnostics from the last build instead when that
/// has not changed ([`memo::kept_or_drawn`]).
fn site_part(
    store: Option<(&dyn memo::Reusable, u128)>,
    part: &str,
    diags: &mut Diagnostics,
    draw: impl FnOnce(&mut Diagnostics) -> Vec<OutputFile>,
) -> Vec<OutputFile> {
    let (files, d) = memo::kept_or_drawn(store, || part.to_string(), draw);
    diags.extend(d);
    files
}

/// Which pages of the last build [`render_site`] may keep instead of
/// drawing them again ([`memo`]).
#[derive(Clone, Copy)]
pub enum Reuse<'a> {
    /// None: every page is drawn.
    Nothing,
    /// `serve`: the pages it keeps in memory, with the content files read.
    Memo(&'a memo::PaperMemo, &'a crate::source::SourceMap),
    /// `build` with its cache: the pages it published last time (papers,
    /// meetings and site-wide pages), with the content files read (papers
    /// apart).
    Published(
        &'a crate::cache::PublishedPages,
        &'a crate::source::SourceMap,
    ),
}

/// A rebuild that keeps pages: where from, and the fingerprints deciding
/// which.
struct Reusing<'a> {
    /// `serve`'s memo (which forgets papers no longer in the site).
    memo: Option<&'a memo::PaperMemo>,
    /// Where paper pages, meeting pages and site-wide pages are kept.
    papers: &'a dyn memo::Reusable,
    meetings: &'a dyn memo::Reusable,
    site_pages: &'a dyn memo::Reusable,
    fingerprints: memo::Fingerprints,
}

impl<'a> Reusing<'a> {
    fn start(
        reuse: Reuse<'a>,
        config: &Config,
        site: &Site,
        templates: &Templates,
    ) -> Option<Self> {
        match reuse {
            Reuse::Nothing => None,
            Reuse::Memo(memo, sources) => {
                memo.start_build();
                let digests = memo.digests_of(sources);
                Some(Reusing {
                    memo: Some(memo),
                    papers: &memo.papers,
                    meetings: &memo.meetings,
                    site_pages: &memo.site_pages,
                    fingerprints: memo::Fingerprints::new(
                        digests,
                        site,
                        sources,
                        templates.fingerprint(),
                    ),
                })
            }
            Reuse::Published(published, sources) => {
                // What a build's pages depend on beyond the content and
                // templates: plansite's own code and the build date
                // (which may come from `SOURCE_DATE_EPOCH`).
                let mut salt = crate::fingerprint::Fingerprint::new();
                salt.nested(templates.fingerprint())
                    .part(crate::cache::CODE_FINGERPRINT.as_bytes())
                    .part(format!("{:?}", config.build_date).as_bytes());
                Some(Reusing {
                    memo: None,
                    papers: published.papers(),
                    meetings: published.others(),
                    site_pages: published.others(),
                    fingerprints: memo::Fingerprints::new(
                        memo::released_digests(site),
                        site,
                        sources,
                        salt.finish(),
                    ),
                })
            }
        }
    }
}

/// How [`render_site`] deals with paper pages.
pub struct Papers<'a> {
    /// Pages of the previous build to keep where unchanged.
    pub reuse: Reuse<'a>,
    /// Where each group's pages go once rendered.
    pub sink: &'a dyn PaperSink,
    /// Called for each paper just before its pages are drawn (not for a
    /// paper whose pages are reused): gives the paper to draw, with its
    /// body, after checking its text; `None` when it cannot be drawn (the
    /// reason is in the diagnostics).
    pub prepare: &'a PreparePaper<'a>,
}

/// See [`Papers::prepare`]. The pipeline's is `crate::prepare_paper`: it reads
/// a paper whose body was released again and checks its prose figures.
pub type PreparePaper<'a> =
    dyn for<'p> Fn(&'p Paper, &mut Diagnostics) -> Option<std::borrow::Cow<'p, Paper>> + Sync + 'a;

/// What [`render_site`] made.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The pages and files kept in memory, by path.
    pub files: Vec<OutputFile>,
    /// The paths of the paper pages the sink took (wrote out) instead.
    pub taken: Vec<String>,
    /// The search index's shards: what each group's papers put in it.
    pub shards: Vec<search::Shard>,
}

/// How many of the slowest pages `--timings` lists.
const SLOWEST: usize = 5;

/// Keeps in `slowest` the [`SLOWEST`] pages that took longest, slowest
/// first (copying a page's path only when it is one of them).
fn note_slowest(
    slowest: &mut Vec<(String, std::time::Duration)>,
    path: &str,
    took: std::time::Duration,
) {
    if slowest.len() == SLOWEST && slowest.last().is_some_and(|(_, t)| *t >= took) {
        return;
    }
    let at = slowest.partition_point(|(p, t)| *t > took || (*t == took && p.as_str() < path));
    slowest.insert(at, (path.to_string(), took));
    slowest.truncate(SLOWEST);
}

/// What rendering one group of papers gave.
#[derive(Default)]
struct GroupDone {
    kept: Vec<OutputFile>,
    taken: Vec<String>,
    diags: Diagnostics,
    slowest: Vec<(String, std::time::Duration)>,
    shard: Option<search::Shard>,
}

/// Where the pages of each group of papers go as soon as they are rendered.
pub trait PaperSink: Sync {
    /// Whether the pages stay in [`Rendered::files`]; when not, [`take`]
    /// has written them out and only their paths are kept.
    ///
    /// [`take`]: PaperSink::take
    fn keeps(&self) -> bool;
    /// Time spent writing and indexing pages, summed over threads, for
    /// `--timings`; `None` when the sink does neither.
    fn busy(&self) -> Option<(std::time::Duration, std::time::Duration)> {
        None
    }
    /// Whether a page it will [`take`](PaperSink::take) goes into the
    /// search index.
    fn is_indexed(&self, page: &OutputFile) -> bool {
        search::is_indexed(page)
    }
    /// Takes the pages of `group`'s papers; `indexed` are those of them
    /// that go into the search index (sharing their bytes). `diags` holds
    /// the group's problems so far. Returns the pages it keeps: all of
    /// them when [`keeps`](PaperSink::keeps), else none.
    fn take(
        &self,
        group: &search::Group,
        pages: Vec<OutputFile>,
        indexed: Vec<OutputFile>,
        diags: &mut Diagnostics,
    ) -> Vec<OutputFile>;
}

/// Keeps every page in memory (`check`, `serve`, tests).
pub struct KeepInMemory;

impl PaperSink for KeepInMemory {
    fn keeps(&self) -> bool {
        true
    }
    fn take(
        &self,
        _: &search::Group,
        pages: Vec<OutputFile>,
        _: Vec<OutputFile>,
        _: &mut Diagnostics,
    ) -> Vec<OutputFile> {
        pages
    }
}

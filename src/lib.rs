//! plansite: a static site generator for public plan reporting by English
//! councils and the NHS.
//!
//! It reads plan data in TOML and narrative in Markdown from `content/`,
//! calculates fund totals and progress against national standards with exact
//! decimals, and writes an accessible static website into `output/`.
//!
//! The pipeline reads top to bottom, one module per stage:
//!
//! 1. [`content::read_tree`] walks `content/` and [`content::load_files`]
//!    parses `site.toml` ([`config`]) and every board, meeting, paper, plan,
//!    standards and progress file into the [`model`] (a site held in memory,
//!    [`MemorySite`], enters here too). `build` reads each paper only as it
//!    parses it and then lets its body go, keeping what links and lists need
//!    ([`model::Targets`], [`model::Released`]);
//! 2. [`validate::check_references`] checks references between files;
//! 3. [`calc::calculate`] computes totals, shares and progress and reconciles
//!    stated totals;
//! 4. [`render::render_site`] draws every page with the theme's templates,
//!    papers a group at a time (a run of one board's meetings, which is also
//!    one shard of the search index). Just before a paper is drawn,
//!    `prepare_paper` reads its body again if `build` let it go
//!    ([`content::reload`]) and [`prose_figures::check_paper`] warns about
//!    money typed in its text that is not in the plan data it cites;
//! 5. `check` then checks the rendered pages' links ([`linkcheck`]);
//!    `build` instead writes each group's pages into a staging folder beside
//!    `output/` and builds its search shard as soon as it is rendered
//!    ([`stream`], [`render::search`], reusing unchanged shards from the
//!    [`cache`]), so it never holds every rendered page at once; it then writes
//!    the other pages and swaps the staging folder in ([`output::Staging`]).
//!
//! Problems at any stage become [`diagnostics::Diagnostic`]s; all of them are
//! reported together and a build with errors leaves `output/` as it was. The library
//! never prints: progress goes to a [`Progress`] the caller supplies, and
//! `serve` ([`serve`]) reports through its own events trait. `new`
//! ([`scaffold`]) writes new content files.

// The library has no unsafe code; only the program's allocator option
// (main.rs) needs one call.
#![forbid(unsafe_code)]

pub mod accessibility;
pub mod brand;
pub mod cache;
pub mod calc;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fingerprint;
pub mod linkcheck;
pub mod model;
pub mod output;
pub mod preview;
pub mod prose_figures;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod shown;
pub mod source;
pub mod stream;
pub mod validate;

use diagnostics::{Diagnostic, Diagnostics};
use source::{SourceFile, SourceMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site folder: holds `content/` and `themes/`.
    pub root: PathBuf,
    /// Where to write; `root/output` when `None`.
    pub output: Option<PathBuf>,
    /// Treat warnings as errors.
    pub strict: bool,
    /// `SOURCE_DATE_EPOCH`, used for the build date when `site.toml` has none.
    pub source_date_epoch: Option<String>,
    /// The build cache folder ([`cache`]); `None` builds everything afresh.
    /// The command line uses `root/.plansite-cache` unless `--no-cache`.
    pub cache_dir: Option<PathBuf>,
}

impl Options {
    /// Where the search index's shards are kept between builds.
    pub fn index_cache(&self) -> Box<dyn render::search::IndexCache> {
        match &self.cache_dir {
            Some(dir) => Box::new(cache::DiskCache::new(dir)),
            None => Box::new(render::search::NoCache),
        }
    }
}

/// The stages a build reports progress for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading content files; the total is the number of files.
    Reading,
    /// Rendering pages; the total is an estimate of the number of pages.
    Rendering,
    /// Writing the output; the total is the number of files.
    Writing,
}

/// Told how a build is going. The library never prints: the command line
/// implements this to draw a progress bar. Every method has an empty
/// default, so an implementation picks what it needs.
pub trait Progress: Send + Sync {
    /// A stage starts with about `total` steps.
    fn stage(&self, _stage: Stage, _total: usize) {}
    /// `n` more steps of the current stage are done.
    fn advance(&self, _n: usize) {}
    /// The build is over (successfully or not).
    fn finish(&self) {}
}

/// Progress that goes nowhere.
pub struct Silent;
impl Progress for Silent {}

/// The result of `check` or `build`.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Diagnostics,
    /// Source files, for showing the offending lines.
    pub sources: SourceMap,
    /// Files the build produced (also filled by `check`). After `build`,
    /// which writes paper pages and the search index as it goes, only the
    /// other pages.
    pub files: Vec<render::OutputFile>,
    /// The theme's static files (also filled by `check`).
    pub static_files: Vec<render::OutputFile>,
    /// What was written; `None` when nothing was (check, or errors).
    pub written: Option<output::WriteReport>,
    /// The site configuration, when `site.toml` could be read.
    pub config: Option<config::Config>,
    /// The site as loaded (for building the search index later).
    pub site: Option<model::Site>,
    /// In an incremental rebuild: how many papers were rendered and how
    /// many kept their pages from the previous build.
    pub papers_rendered_reused: Option<(usize, usize)>,
    /// Time spent in each stage, in order, for `--timings`.
    pub timings: Timings,
}

/// Where a build spent its time: each stage in order, and the slowest pages.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<StageTime>,
    /// The slowest paper pages to render, slowest first.
    pub slowest_pages: Vec<(String, std::time::Duration)>,
    /// What else `--timings` says of the build (how much it reused).
    pub notes: Vec<String>,
}

/// One stage of a build: how long it took and the memory in use after it.
#[derive(Debug, Clone)]
pub struct StageTime {
    pub stage: &'static str,
    pub took: std::time::Duration,
    /// Resident and peak resident memory of the process, in bytes, when the
    /// stage ended (`None` where the system does not say).
    pub memory: Option<(u64, u64)>,
    /// Part of the stage before it (time summed over threads), not a stage.
    pub within: bool,
}

impl StageTime {
    /// A stage that has just ended, taking `took`.
    pub fn ended(stage: &'static str, took: std::time::Duration) -> StageTime {
        StageTime {
            stage,
            took,
            memory: resident_memory(),
            within: false,
        }
    }
}

impl Timings {
    /// Runs `f`, recording its time under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        self.record(stage, start.elapsed());
        out
    }

    /// Records that `stage` has just ended, taking `took`.
    pub fn record(&mut self, stage: &'static str, took: std::time::Duration) {
        self.stages.push(StageTime::ended(stage, took));
    }

    /// Records time spent inside the stage before, summed over threads
    /// (not added to the total).
    pub fn record_within(&mut self, part: &'static str, took: std::time::Duration) {
        self.stages.push(StageTime {
            stage: part,
            took,
            memory: None,
            within: true,
        });
    }
}

/// The process's resident memory and its peak so far, in bytes, from
/// `/proc/self/status` (Linux); `None` elsewhere.
pub fn resident_memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb * 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// A site held in memory: content files by path from the site root
/// (`content/site.toml`, `content/plans/x.toml` …) and the theme's
/// templates and static files by name (`base.html`, `assets/site.css`).
/// Used by the fuzzers and tests; runs the same pipeline as [`check`].
#[derive(Debug, Clone, Default)]
pub struct MemorySite {
    pub content: Vec<(String, String)>,
    pub templates: Vec<(String, String)>,
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// Everything `build` does except writing — load, check, calculate,
/// render — and then a check that every internal link and asset reference
/// of the rendered site resolves.
pub fn check(options: &Options) -> Outcome {
    check_with(options, &(Arc::new(Silent) as Arc<dyn Progress>))
}

/// [`check`], reporting progress.
pub fn check_with(options: &Options, progress: &Arc<dyn Progress>) -> Outcome {
    load_and_render(
        options,
        progress,
        Run {
            after: After::CheckLinks,
            memo: None,
            written: None,
        },
    )
}

/// What a run does with the rendered pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After<'a> {
    /// Check every internal link (`check`).
    CheckLinks,
    /// Write the site and its search index into this folder (`build`):
    /// papers as they are rendered ([`stream`]), the rest afterwards.
    Write(&'a Path),
    /// Nothing: the search index is left to the caller ([`prepare`]).
    Nothing,
}

/// How a run renders and what it does afterwards.
struct Run<'m> {
    after: After<'m>,
    /// Paper pages of the previous build, for an incremental rebuild.
    memo: Option<&'m render::memo::PaperMemo>,
    /// For [`After::Write`]: what was written, or why it could not be.
    written: Option<&'m mut Option<std::io::Result<output::WriteReport>>>,
}

/// Everything `build` does before writing except the search index and the
/// link check: what `serve` shows at once. [`search_index`] builds the
/// index for it.
pub fn prepare(options: &Options) -> Outcome {
    load_and_render(
        options,
        &(Arc::new(Silent) as Arc<dyn Progress>),
        Run {
            after: After::Nothing,
            memo: None,
            written: None,
        },
    )
}

/// [`prepare`] for a rebuild: papers whose inputs are unchanged since the
/// build `memo` remembers keep their pages ([`render::memo`]).
pub fn prepare_incremental(options: &Options, memo: &render::memo::PaperMemo) -> Outcome {
    load_and_render(
        options,
        &(Arc::new(Silent) as Arc<dyn Progress>),
        Run {
            after: After::Nothing,
            memo: Some(memo),
            written: None,
        },
    )
}

/// The search index's files for a rendered site (see
/// [`render::search::bundle`]); nothing when the site has errors.
pub fn search_index(
    outcome: &Outcome,
    cache: &dyn render::search::IndexCache,
) -> (Vec<render::OutputFile>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let files = match (&outcome.site, &outcome.config) {
        (Some(site), Some(config)) if !outcome.failed() && config.search.enabled => {
            render::search::bundle(site, &outcome.files, &config.language, cache, &mut diags)
        }
        _ => Vec::new(),
    };
    (files, diags)
}

/// Loads from disk, checks and renders (reusing paper pages from the
/// run's memo), then does what the run says.
fn load_and_render(options: &Options, progress: &Arc<dyn Progress>, run: Run<'_>) -> Outcome {
    let mut diags = Diagnostics::new();
    let read_started = std::time::Instant::now();
    // `build` reads each paper as it parses it and lets its text go; the
    // paper is read again when its pages are drawn (`prepare_paper`).
    let read_options = content::ReadOptions {
        cache: run.memo.map(render::memo::PaperMemo::files_read),
        listing: run.memo.map(render::memo::PaperMemo::listing),
        defer_papers: matches!(run.after, After::Write(_)),
    };
    let files = content::read_tree_with(
        &options.root,
        read_options,
        &mut diags,
        &mut |done, total| {
            if done == 1 {
                progress.stage(Stage::Reading, total);
            }
            progress.advance(1);
        },
    )
    .unwrap_or_default();
    let read = StageTime::ended("read files", read_started.elapsed());
    let memo = run.memo;
    // Read once, when site.toml has named it: templates first, then (after
    // rendering) the static files.
    let theme: std::cell::OnceCell<render::Theme> = std::cell::OnceCell::new();
    let mut outcome = pipeline(
        files,
        options,
        run,
        |config, diags| {
            let theme = theme.get_or_init(|| {
                render::Theme::load(&options.root, &config.theme, diags)
                    .unwrap_or_else(render::Theme::builtin)
            });
            brand::check_logo(&config.brand, theme, diags);
            let kept = memo.map(render::memo::PaperMemo::templates);
            let mut templates = render::Templates::load_reusing(theme, kept, diags)?;
            render::embed::apply(&mut templates, &options.root, &config.embed, diags);
            Some(templates.with_progress(progress.clone()))
        },
        |_, _| {
            theme
                .get()
                .map(render::Theme::static_files)
                .unwrap_or_default()
        },
        progress,
        diags,
    );
    outcome.timings.stages.insert(0, read);
    if read_options.defer_papers {
        outcome
            .sources
            .read_missing(&options.root, &outcome.diagnostics);
    }
    outcome
}

/// [`check`] on a site held in memory.
pub fn check_memory(site: &MemorySite, options: &Options) -> Outcome {
    let files = site
        .content
        .iter()
        .map(|(path, text)| SourceFile::new(path.as_str(), text.as_str()))
        .collect();
    pipeline(
        files,
        options,
        Run {
            after: After::CheckLinks,
            memo: None,
            written: None,
        },
        |_, diags| render::Templates::from_sources(site.templates.clone(), "templates", diags),
        |_, _| {
            site.static_files
                .iter()
                .map(|(path, bytes)| render::OutputFile {
                    path: path.clone(),
                    bytes: bytes.as_slice().into(),
                })
                .collect()
        },
        &(Arc::new(Silent) as Arc<dyn Progress>),
        Diagnostics::new(),
    )
}

/// The pipeline from files read to pages rendered and checked.
fn pipeline(
    files: Vec<SourceFile>,
    options: &Options,
    Run {
        after,
        memo,
        written,
    }: Run<'_>,
    templates: impl FnOnce(&config::Config, &mut Diagnostics) -> Option<render::Templates>,
    static_files: impl FnOnce(&config::Config, &mut Diagnostics) -> Vec<render::OutputFile>,
    progress: &Arc<dyn Progress>,
    mut diags: Diagnostics,
) -> Outcome {
    let mut timings = Timings::default();
    // A build that can keep last time's pages draws few papers: it keeps
    // none of their parsed text (content::load_files_keeping).
    let keep_bodies = !options.cache_dir.as_deref().is_some_and(cache::has_record);
    let mut meetings_taken = None;
    let loaded = timings.time("load (parse content)", || {
        // `build` with its cache keeps the meetings it parsed, and, where
        // the last build left a record (so this one keeps none of its
        // papers' text), takes each meeting whose files have not changed
        // as the last build parsed it.
        let stored = match (after, &options.cache_dir, memo) {
            (After::Write(_), Some(dir), None) => {
                cache::ParsedMeetings::load(dir, &options.root.join("content"), !keep_bodies)
            }
            _ => None,
        };
        let before = match (memo, &stored) {
            (Some(memo), _) => content::ParsedBefore::Memo(memo.papers_parsed()),
            (None, Some(stored)) => content::ParsedBefore::Stored(stored),
            (None, None) => content::ParsedBefore::Nothing,
        };
        let loaded = content::load_files_keeping(
            files,
            options.source_date_epoch.as_deref(),
            before,
            keep_bodies,
            &mut diags,
        );
        if let Some(stored) = stored {
            meetings_taken = Some(stored.taken());
            stored.save();
        }
        loaded
    });
    if let Some(taken) = meetings_taken {
        let meetings: usize = loaded.site.boards.iter().map(|b| b.meetings.len()).sum();
        timings.notes.push(format!(
            "{taken} of {meetings} meetings taken as the last build parsed them"
        ));
    }
    let mut outcome = Outcome {
        sources: loaded.sources,
        ..Outcome::default()
    };
    timings.time("validate references", || {
        validate::check_references(&loaded.site, &mut diags)
    });
    let calculated = timings.time("calculate", || {
        calc::calculate(
            &loaded.site,
            loaded.config.as_ref().and_then(|c| c.build_date),
            &mut diags,
        )
    });
    // Whether the papers were drawn (and so their prose checked).
    let mut drawn = false;
    if let Some(config) = &loaded.config {
        let templates = timings.time("load the theme's templates", || {
            templates(config, &mut diags)
        });
        // `build` writes papers as they are rendered, into a staging folder
        // that is swapped in only if the whole build succeeds; not when the
        // build has already failed.
        let cache = options.index_cache();
        if !config.search.enabled && matches!(after, After::Write(_)) {
            // Shards of a site that had search are of no more use.
            cache.clear();
        }
        let staging = match (after, &templates) {
            (After::Write(dir), Some(_)) if !diags.fail_build(options.strict) => Some(
                // With the cache, what is published is recorded for the
                // next build (`cache::PublishedPages::save`).
                output::Staging::begin(dir).map(|s| match options.cache_dir {
                    Some(_) => s.recording_identities(),
                    None => s,
                }),
            ),
            _ => None,
        };
        // `build` with its cache keeps the pages it published last time
        // where nothing they are drawn from has changed.
        let published = match (after, &options.cache_dir, &staging) {
            (After::Write(dir), Some(cache), Some(Ok(_))) => {
                Some(cache::PublishedPages::load(cache, dir))
            }
            _ => None,
        };
        let writer = match &staging {
            Some(Ok(s)) => Some(stream::WriteAndIndex::new(
                s,
                published.as_ref(),
                cache.as_ref(),
                &config.language,
                options.strict,
            )),
            _ => None,
        };
        let mut rendered = render::Rendered::default();
        if let Some(templates) = &templates {
            drawn = true;
            progress.stage(Stage::Rendering, estimated_pages(&loaded.site));
            let sink: &dyn render::PaperSink = match &writer {
                Some(w) => w,
                None => &render::KeepInMemory,
            };
            // Render even when earlier stages failed, so that every problem
            // (including those only found while rendering) is reported at once.
            rendered = render::render_site(
                config,
                &loaded.site,
                &calculated,
                templates,
                &mut timings,
                render::Papers {
                    reuse: match (memo, &published) {
                        (Some(m), _) => render::Reuse::Memo(m, &outcome.sources),
                        (None, Some(p)) => render::Reuse::Published(p, &outcome.sources),
                        (None, None) => render::Reuse::Nothing,
                    },
                    sink,
                    prepare: &|paper, d| prepare_paper(&loaded.site, &calculated, paper, d),
                },
                &mut diags,
            );
            outcome.papers_rendered_reused = memo
                .map(|m| m.last_counts())
                .or_else(|| published.as_ref().map(cache::PublishedPages::counts));
        }
        outcome.files = std::mem::take(&mut rendered.files);
        outcome.static_files = timings.time("read the theme's static files", || {
            static_files(config, &mut diags)
        });
        if !config.search.enabled {
            // The search page's script has nothing to search.
            outcome
                .static_files
                .retain(|f| f.path != render::search::SCRIPT);
        }
        timings.time("check output paths", || {
            linkcheck::check_paths(
                outcome
                    .files
                    .iter()
                    .map(|f| f.path.as_str())
                    .chain(rendered.taken.iter().map(String::as_str)),
                &outcome.static_files,
                &mut diags,
            )
        });
        let failure = writer.and_then(|w| w.failure());
        if let (Some(staging), Some(written)) = (staging, written) {
            *written = Some(timings.time("write the rest and swap in", || {
                // A page that could not be written fails the whole write.
                let staging = staging.and_then(|s| failure.map_or(Ok(s), Err));
                finish_writing(
                    staging,
                    published.as_ref(),
                    &outcome,
                    config.search.enabled.then_some(&rendered.shards[..]),
                    options.strict,
                    progress,
                    &mut diags,
                )
            }));
            // Swapped in: what was published is recorded for the next build.
            let swapped = matches!(written, Some(Ok(_))) && !diags.fail_build(options.strict);
            if let (true, Some(published), Some(Ok(report))) = (swapped, &published, &*written) {
                published.save(&report.staged);
            }
        }
        if after == After::CheckLinks {
            timings.time("check internal links", || {
                linkcheck::check_links(
                    &outcome.files,
                    &outcome.static_files,
                    &config.base_url,
                    &config.embed,
                    &mut diags,
                )
            });
        }
    }
    if !drawn {
        // Nothing could be drawn (no site.toml or no templates): the
        // papers' prose is checked all the same, so that every problem is
        // reported at once.
        timings.time("check figures in prose", || {
            check_prose(&loaded.site, &calculated, &mut diags)
        });
    }
    drop_cascades(&loaded.site, &mut diags);
    if options.strict {
        diags.make_warnings_errors();
    }
    diags.sort();
    outcome.diagnostics = diags;
    outcome.config = loaded.config;
    outcome.site = Some(loaded.site);
    outcome.timings = timings;
    outcome
}

/// Readies a paper for drawing its pages: reads its body again if `build`
/// let it go ([`content::reload`]) and checks the money figures typed in
/// its text ([`prose_figures`]).
fn prepare_paper<'p>(
    site: &model::Site,
    calc: &calc::Calculated,
    paper: &'p model::Paper,
    diags: &mut Diagnostics,
) -> Option<std::borrow::Cow<'p, model::Paper>> {
    let let_go = paper
        .versions()
        .any(|v| model::Released::let_go(&v.released));
    let full = match let_go {
        false => std::borrow::Cow::Borrowed(paper),
        true => match content::reload(paper) {
            Ok(full) => std::borrow::Cow::Owned(full),
            Err(d) => {
                diags.push(d);
                return None;
            }
        },
    };
    prose_figures::check_paper(site, calc, &full, diags);
    Some(full)
}

/// [`prepare_paper`] for every paper, without drawing any.
fn check_prose(site: &model::Site, calc: &calc::Calculated, diags: &mut Diagnostics) {
    use rayon::prelude::*;
    let papers: Vec<&model::Paper> = site.papers().collect();
    let found: Vec<Diagnostics> = papers
        .par_iter()
        .map(|paper| {
            let mut d = Diagnostics::new();
            prepare_paper(site, calc, paper, &mut d);
            d
        })
        .collect();
    for d in found {
        diags.extend(d);
    }
}

/// Writes what `build` did not write while rendering — every page but the
/// papers, the theme's static files and the search index's list of shards
/// (`shards`, `None` for a site without search) — and swaps the staging
/// folder in, unless the build failed (then the staging folder is removed
/// and the previous output stays). Pages kept from the last build were
/// read back from the published site (`published`) and are linked from
/// there without being compared again.
fn finish_writing(
    staging: std::io::Result<output::Staging>,
    published: Option<&cache::PublishedPages>,
    outcome: &Outcome,
    shards: Option<&[render::search::Shard]>,
    strict: bool,
    progress: &Arc<dyn Progress>,
    diags: &mut Diagnostics,
) -> std::io::Result<output::WriteReport> {
    let manifest = shards.and_then(|shards| {
        render::search::manifest(shards)
            .map_err(|d| diags.push(d))
            .ok()
    });
    if diags.fail_build(strict) {
        return Ok(output::WriteReport::default());
    }
    let staging = staging?;
    let rest: Vec<&render::OutputFile> = outcome
        .files
        .iter()
        .chain(&outcome.static_files)
        .chain(&manifest)
        .collect();
    progress.stage(Stage::Writing, rest.len());
    for f in rest {
        stream::put(&staging, published, f)?;
        progress.advance(1);
    }
    staging.commit()
}

/// Removes errors that only follow from another: a reference to a plan or
/// paper whose file exists but could not be read or parsed is not also an
/// "unknown plan" — the file's own error says what to fix.
fn drop_cascades(site: &model::Site, diags: &mut Diagnostics) {
    let mut broken: Vec<String> = Vec::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        let Some(loc) = &d.location else { continue };
        let parts: Vec<&str> = loc.path.split('/').collect();
        match parts.as_slice() {
            ["content", "plans", f] => {
                if let Some(id) = f.strip_suffix(".toml") {
                    if site.plan(id).is_none() {
                        broken.push(format!("unknown plan \"{id}\""));
                    }
                }
            }
            ["content", "boards", _, _, f] => {
                if let Some(slug) = f.strip_suffix(".md") {
                    broken.push(format!(
                        "unknown appendix (a paper in the same meeting) \"{slug}\""
                    ));
                }
            }
            _ => {}
        }
    }
    if !broken.is_empty() {
        diags.retain(|d| !broken.iter().any(|b| d.message.starts_with(b.as_str())));
    }
}

/// About how many pages a site renders, for the progress bar.
fn estimated_pages(site: &model::Site) -> usize {
    let papers: usize = site
        .boards
        .iter()
        .flat_map(|b| &b.meetings)
        .map(|m| m.papers.len() + 1)
        .sum();
    8 + site.boards.len()
        + papers
        + site.plans.len()
        + site.standard_sets.len()
        + site.progress.len()
}

/// Checks, renders and — only when there are no errors — writes the site.
pub fn build(options: &Options) -> Result<Outcome, Diagnostic> {
    build_with(options, &(Arc::new(Silent) as Arc<dyn Progress>))
}

/// [`build`], reporting progress.
pub fn build_with(options: &Options, progress: &Arc<dyn Progress>) -> Result<Outcome, Diagnostic> {
    let out_dir = output_dir(options);
    let mut written = None;
    let mut outcome = load_and_render(
        options,
        progress,
        Run {
            after: After::Write(&out_dir),
            memo: None,
            written: Some(&mut written),
        },
    );
    progress.finish();
    if outcome.failed() {
        return Ok(outcome);
    }
    match written {
        Some(Ok(report)) => outcome.written = Some(report),
        Some(Err(e)) => {
            return Err(Diagnostic::error(format!(
                "cannot write {}: {e}",
                out_dir.display()
            )))
        }
        None => {}
    }
    Ok(outcome)
}

/// Reads and parses `root/content/site.toml` alone (what `preview` needs:
/// the base URL). The diagnostics hold only its errors.
pub fn read_config(options: &Options) -> (Option<config::Config>, Diagnostics, SourceMap) {
    let mut diags = Diagnostics::new();
    let mut sources = SourceMap::default();
    let path = options.root.join("content").join("site.toml");
    let config = match SourceFile::read(&path, "content/site.toml") {
        Ok(file) => {
            let config = config::parse(&file, options.source_date_epoch.as_deref(), &mut diags);
            sources.insert(file);
            config
        }
        Err(d) => {
            diags.push(d);
            None
        }
    };
    diags.retain(Diagnostic::is_error);
    (config.filter(|_| !diags.has_errors()), diags, sources)
}

/// Where `build` writes.
pub fn output_dir(options: &Options) -> PathBuf {
    options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("output"))
}

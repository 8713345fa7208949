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
//!    [`MemorySite`], enters here too);
//! 2. [`validate::check_references`] checks references between files;
//! 3. [`calc::calculate`] computes totals, shares and progress and reconciles
//!    stated totals; [`prose_figures::check`] warns about money typed in a
//!    paper's text that is not in the plan data it cites;
//! 4. [`render::render_site`] draws every page with the theme's templates;
//! 5. `check` then checks the rendered pages' links ([`linkcheck`]);
//!    `build` instead builds the search index from them
//!    ([`render::search::bundle`], reusing unchanged shards from the
//!    [`cache`]) and hands everything to [`output::write_site_with`], which
//!    stages the site beside `output/` and swaps it in.
//!
//! Problems at any stage become [`diagnostics::Diagnostic`]s; all of them are
//! reported together and a build with errors writes nothing. The library
//! never prints: progress goes to a [`Progress`] the caller supplies, and
//! `serve` ([`serve`]) reports through its own events trait. `new`
//! ([`scaffold`]) writes new content files.

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
pub mod prose_figures;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod source;
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
    /// Files the build produced (also filled by `check`).
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
    pub stages: Vec<(&'static str, std::time::Duration)>,
    /// The slowest paper pages to render, slowest first.
    pub slowest_pages: Vec<(String, std::time::Duration)>,
}

impl Timings {
    /// Runs `f`, recording its time under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        self.stages.push((stage, start.elapsed()));
        out
    }
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
    load_and_render(options, progress, After::CheckLinks, None)
}

/// What a run does after rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    /// Check every internal link (`check`).
    CheckLinks,
    /// Build the search index (`build`).
    Index,
    /// Nothing: the search index is left to the caller ([`prepare`]).
    Nothing,
}

/// How a run renders and what it does afterwards.
struct Run<'m> {
    after: After,
    /// Paper pages of the previous build, for an incremental rebuild.
    memo: Option<&'m render::memo::PaperMemo>,
}

/// Everything `build` does before writing except the search index and the
/// link check: what `serve` shows at once. [`search_index`] builds the
/// index for it.
pub fn prepare(options: &Options) -> Outcome {
    load_and_render(
        options,
        &(Arc::new(Silent) as Arc<dyn Progress>),
        After::Nothing,
        None,
    )
}

/// [`prepare`] for a rebuild: papers whose inputs are unchanged since the
/// build `memo` remembers keep their pages ([`render::memo`]).
pub fn prepare_incremental(options: &Options, memo: &render::memo::PaperMemo) -> Outcome {
    load_and_render(
        options,
        &(Arc::new(Silent) as Arc<dyn Progress>),
        After::Nothing,
        Some(memo),
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
        (Some(site), Some(config)) if !outcome.failed() => {
            render::search::bundle(site, &outcome.files, &config.language, cache, &mut diags)
        }
        _ => Vec::new(),
    };
    (files, diags)
}

/// Loads from disk, checks and renders (reusing paper pages from `memo`),
/// then does `after`.
fn load_and_render(
    options: &Options,
    progress: &Arc<dyn Progress>,
    after: After,
    memo: Option<&render::memo::PaperMemo>,
) -> Outcome {
    let mut diags = Diagnostics::new();
    let read_started = std::time::Instant::now();
    let files = content::read_tree(&options.root, &mut diags, &mut |done, total| {
        if done == 1 {
            progress.stage(Stage::Reading, total);
        }
        progress.advance(1);
    })
    .unwrap_or_default();
    let read_took = read_started.elapsed();
    let mut outcome = pipeline(
        files,
        options,
        Run { after, memo },
        |config, diags| {
            let theme = theme_dir(&options.root, config);
            brand::check_logo(&config.brand, &theme, diags);
            let mut templates = render::Templates::load(&theme, diags)?;
            render::embed::apply(&mut templates, &options.root, &config.embed, diags);
            Some(templates.with_progress(progress.clone()))
        },
        |config, diags| {
            let dir = theme_dir(&options.root, config).join("static");
            output::read_static(&dir).unwrap_or_else(|e| {
                diags.push(Diagnostic::error(format!(
                    "cannot read the theme's static files in {}: {e}",
                    dir.display()
                )));
                Vec::new()
            })
        },
        progress,
        diags,
    );
    outcome.timings.stages.insert(0, ("read files", read_took));
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
    Run { after, memo }: Run<'_>,
    templates: impl FnOnce(&config::Config, &mut Diagnostics) -> Option<render::Templates>,
    static_files: impl FnOnce(&config::Config, &mut Diagnostics) -> Vec<render::OutputFile>,
    progress: &Arc<dyn Progress>,
    mut diags: Diagnostics,
) -> Outcome {
    let mut timings = Timings::default();
    let loaded = timings.time("load (parse content)", || {
        content::load_files(files, options.source_date_epoch.as_deref(), &mut diags)
    });
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
    timings.time("check figures in prose", || {
        prose_figures::check(&loaded.site, &calculated, &outcome.sources, &mut diags)
    });
    if let Some(config) = &loaded.config {
        if let Some(templates) = templates(config, &mut diags) {
            progress.stage(Stage::Rendering, estimated_pages(&loaded.site));
            // Render even when earlier stages failed, so that every problem
            // (including those only found while rendering) is reported at once.
            outcome.files = render::render_site(
                config,
                &loaded.site,
                &calculated,
                &templates,
                &mut timings,
                memo.map(|m| (m, &outcome.sources)),
                &mut diags,
            );
            outcome.papers_rendered_reused = memo.map(|m| m.last_counts());
        }
        outcome.static_files = static_files(config, &mut diags);
        timings.time("check output paths", || {
            linkcheck::check_paths(&outcome.files, &outcome.static_files, &mut diags)
        });
        if after == After::Index && !diags.has_errors() {
            let cache = options.index_cache();
            let bundle = timings.time("build search index (pagefind)", || {
                render::search::bundle(
                    &loaded.site,
                    &outcome.files,
                    &config.language,
                    cache.as_ref(),
                    &mut diags,
                )
            });
            outcome.files.extend(bundle);
            outcome.files.sort_by(|a, b| a.path.cmp(&b.path));
        }
        if after == After::CheckLinks {
            timings.time("check internal links", || {
                linkcheck::check_links(
                    &outcome.files,
                    &outcome.static_files,
                    &config.base_url,
                    &mut diags,
                )
            });
        }
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
    let mut outcome = load_and_render(options, progress, After::Index, None);
    if outcome.failed() {
        progress.finish();
        return Ok(outcome);
    }
    let out_dir = output_dir(options);
    progress.stage(
        Stage::Writing,
        outcome.files.len() + outcome.static_files.len(),
    );
    let start = std::time::Instant::now();
    let report = output::write_site_with(
        &out_dir,
        outcome.files.iter().chain(&outcome.static_files),
        &mut || progress.advance(1),
    )
    .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", out_dir.display())));
    outcome
        .timings
        .stages
        .push(("write (stage and swap)", start.elapsed()));
    progress.finish();
    outcome.written = Some(report?);
    Ok(outcome)
}

/// Where `build` writes.
pub fn output_dir(options: &Options) -> PathBuf {
    options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("output"))
}

/// The theme folder of a site, given its configuration.
pub fn theme_dir(root: &Path, config: &config::Config) -> PathBuf {
    root.join("themes").join(&config.theme)
}

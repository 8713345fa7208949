//! plansite: a static site generator for public plan reporting by English
//! councils and the NHS.
//!
//! It reads plan data in TOML and narrative in Markdown from `content/`,
//! calculates fund totals and progress against national standards with exact
//! decimals, and writes an accessible static website into `output/`.
//!
//! The pipeline reads top to bottom, one module per stage:
//!
//! 1. [`content::load`] walks `content/`, reads `site.toml` ([`config`]) and
//!    every board, meeting, paper, plan, standards and progress file into the
//!    [`model`];
//! 2. [`validate::check_references`] checks references between files;
//! 3. [`calc::calculate`] computes totals, shares and progress and reconciles
//!    stated totals;
//! 4. [`render::render_site`] draws every page with the theme's templates;
//! 5. [`output::write_site`] stages the site beside `output/` and swaps it in.
//!
//! Problems at any stage become [`diagnostics::Diagnostic`]s; all of them are
//! reported together and a build with errors writes nothing.

pub mod accessibility;
pub mod brand;
pub mod calc;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod source;
pub mod validate;

use diagnostics::{Diagnostic, Diagnostics};
use source::SourceMap;
use std::path::PathBuf;

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
}

/// The result of `check` or `build`.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Diagnostics,
    /// Source files, for showing the offending lines.
    pub sources: SourceMap,
    /// Files the build produced (also filled by `check`).
    pub files: Vec<render::OutputFile>,
    /// What was written; `None` when nothing was (check, or errors).
    pub written: Option<output::WriteReport>,
    /// The site configuration, when `site.toml` could be read.
    pub config: Option<config::Config>,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// Everything `build` does except writing: load, check, calculate, render.
pub fn check(options: &Options) -> Outcome {
    let mut diags = Diagnostics::new();
    let loaded = content::load(
        &options.root,
        options.source_date_epoch.as_deref(),
        &mut diags,
    );
    let mut outcome = Outcome {
        sources: loaded.sources,
        ..Outcome::default()
    };
    validate::check_references(&loaded.site, &mut diags);
    let calculated = calc::calculate(
        &loaded.site,
        loaded.config.as_ref().and_then(|c| c.build_date),
        &mut diags,
    );
    if let Some(config) = &loaded.config {
        let theme = options.root.join("themes").join(&config.theme);
        brand::check_logo(&config.brand, &theme, &mut diags);
        if let Some(templates) = render::Templates::load(&theme, &mut diags) {
            // Render even when earlier stages failed, so that every problem
            // (including those only found while rendering) is reported at once.
            outcome.files =
                render::render_site(config, &loaded.site, &calculated, &templates, &mut diags);
        }
    }
    if options.strict {
        diags.make_warnings_errors();
    }
    diags.sort();
    outcome.diagnostics = diags;
    outcome.config = loaded.config;
    outcome
}

/// Checks, renders and — only when there are no errors — writes the site.
pub fn build(options: &Options) -> Result<Outcome, Diagnostic> {
    let mut outcome = check(options);
    if outcome.failed() {
        return Ok(outcome);
    }
    let out_dir = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("output"));
    let theme_static = outcome
        .config
        .as_ref()
        .map(|c| options.root.join("themes").join(&c.theme).join("static"));
    let report = output::write_site(&out_dir, &outcome.files, theme_static.as_deref())
        .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", out_dir.display())))?;
    outcome.written = Some(report);
    Ok(outcome)
}

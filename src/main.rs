//! The `plansite` command line: parse arguments, call the library, print
//! diagnostics and progress, turn the result into an exit code.
//!
//! Exit codes: 0 success; 1 content errors (nothing was written);
//! 2 usage or I/O errors.

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use plansite::scaffold::New;
use plansite::{report, Options, Outcome, Progress, Stage};
use std::io::{IsTerminal, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// The allocator for the whole program (see the README's dependency table).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "plansite",
    version,
    about = "Static site generator for public plan reporting by councils and the NHS"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

#[derive(clap::Args)]
struct Common {
    /// The site folder, holding content/ and themes/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// How to print problems: human (with source snippets) or json (one object per line).
    #[arg(long, value_enum, default_value = "human")]
    message_format: MessageFormat,
    /// Print nothing but problems (no progress bar, no summary).
    #[arg(long, short)]
    quiet: bool,
    /// Print the time spent in each stage and the slowest pages.
    #[arg(long)]
    timings: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check the content and write the site to output/ (only if there are no errors).
    Build {
        #[command(flatten)]
        common: Common,
        /// Where to write the site (default: ROOT/output).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Draw every page and build the search index afresh, neither
        /// reading nor updating the build cache in ROOT/.plansite-cache.
        #[arg(long)]
        no_cache: bool,
    },
    /// Everything build does, plus a check of every internal link, writing nothing.
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Preview the site on 127.0.0.1, rebuilding and reloading on every change.
    Serve {
        /// The site folder, holding content/ and themes/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Print the time spent in each stage of every rebuild.
        #[arg(long)]
        timings: bool,
    },
    /// Serve the built output/ on 127.0.0.1 exactly as it will be published
    /// (under base_url's path, with its 404 page), reading files as asked.
    Preview {
        /// The site folder, holding content/ (site.toml gives the base URL).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built site to serve (default: ROOT/output).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// Create a new site, paper, meeting, plan or theme, with every required field.
    New {
        /// The site folder, holding content/ (for `new site`, see DIR).
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
        #[command(subcommand)]
        what: NewKind,
    },
}

#[derive(Subcommand)]
enum NewKind {
    /// A paper: content/boards/BOARD/MEETING/SLUG.md
    Paper {
        /// The board's folder name, e.g. kent-hwb.
        #[arg(long)]
        board: String,
        /// The meeting's folder name, e.g. 2016-01-27.
        #[arg(long)]
        meeting: String,
        /// The paper's title.
        #[arg(long)]
        title: Option<String>,
        /// The paper's file name without .md, e.g. pooled-budget.
        slug: String,
    },
    /// A meeting: content/boards/BOARD/DATE/_meeting.toml (and the board, if new).
    Meeting {
        /// The board's folder name, e.g. kent-hwb.
        #[arg(long)]
        board: String,
        /// The meeting's folder name (default: the date); needed when the
        /// date is not-stated, e.g. undated-winter-meeting.
        #[arg(long)]
        folder: Option<String>,
        /// The meeting's date: YYYY-MM-DD; YYYY-MM or YYYY when the source
        /// gives only the month or the year; not-stated when it gives none.
        date: String,
    },
    /// A starter site in a new folder: site.toml, a board, a meeting, a
    /// paper and a plan, which builds at once with the built-in theme.
    Site {
        /// The new site's folder (it must not exist, or be empty).
        dir: PathBuf,
        /// The first meeting's date, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// A copy of the built-in theme to change: themes/NAME/.
    Theme {
        /// The theme's name: `default` changes the default theme in place;
        /// another name needs `theme = "NAME"` in content/site.toml.
        name: String,
    },
    /// A plan: content/plans/SLUG.toml
    Plan {
        /// The plan's title.
        #[arg(long)]
        title: Option<String>,
        /// The plan's id (file name without .toml), e.g. example-bcf-2026-27.
        slug: String,
    },
}

fn options(root: &std::path::Path, strict: bool, output: Option<PathBuf>, cache: bool) -> Options {
    Options {
        root: root.to_path_buf(),
        output,
        strict,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
        cache_dir: cache.then(|| root.join(plansite::cache::DIR_NAME)),
    }
}

/// Colour only on a terminal, and never when NO_COLOR is set.
fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn print_diagnostics(outcome: &Outcome, format: MessageFormat) {
    let text = match format {
        MessageFormat::Json => report::json(&outcome.diagnostics),
        MessageFormat::Human => {
            if outcome.diagnostics.is_empty() {
                return;
            }
            report::human(&outcome.diagnostics, &outcome.sources, colour())
        }
    };
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// A progress bar on standard error, drawn only on a terminal.
struct Bar {
    bar: ProgressBar,
}

impl Bar {
    fn new(visible: bool) -> Self {
        let target = if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{msg:>9} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        // Small sites finish before a bar is worth drawing.
        bar.enable_steady_tick(Duration::from_millis(120));
        Bar { bar }
    }
}

impl Progress for Bar {
    fn stage(&self, stage: Stage, total: usize) {
        self.bar.set_message(match stage {
            Stage::Reading => "reading",
            Stage::Rendering => "rendering",
            Stage::Writing => "writing",
        });
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
    }
    fn advance(&self, n: usize) {
        self.bar.inc(n as u64);
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn run_build(common: &Common, output: Option<PathBuf>, write: bool, cache: bool) -> ExitCode {
    let opts = options(&common.root, common.strict, output, cache);
    let show_bar = !common.quiet && std::io::stderr().is_terminal();
    let progress: Arc<dyn Progress> = Arc::new(Bar::new(show_bar));
    let result = if write {
        plansite::build_with(&opts, &progress)
    } else {
        let o = plansite::check_with(&opts, &progress);
        progress.finish();
        Ok(o)
    };
    let verb = if write { "build" } else { "check" };
    let outcome = match result {
        Ok(o) => o,
        Err(io) => {
            eprintln!("{io}");
            return ExitCode::from(2);
        }
    };
    print_diagnostics(&outcome, common.message_format);
    if common.timings {
        print_timings(&outcome.timings);
    }
    if outcome.failed() {
        if matches!(common.message_format, MessageFormat::Human) {
            eprintln!(
                "plansite {verb} failed: {}; nothing was written",
                report::summary(&outcome.diagnostics)
            );
        }
        return ExitCode::from(1);
    }
    if !common.quiet && matches!(common.message_format, MessageFormat::Human) {
        match &outcome.written {
            Some(w) => eprintln!(
                "built {} files ({} changed) into {}{}",
                w.files,
                w.changed,
                plansite::output_dir(&opts).display(),
                match outcome.papers_rendered_reused {
                    Some((drawn, kept)) if kept > 0 => format!(
                        "; {drawn} {} drawn, {kept} kept from the last build",
                        if drawn == 1 { "paper" } else { "papers" }
                    ),
                    _ => String::new(),
                }
            ),
            None => eprintln!(
                "checked: {} pages and every internal link, {}; nothing was written",
                outcome.files.len(),
                report::summary(&outcome.diagnostics)
            ),
        }
    }
    ExitCode::SUCCESS
}

/// `--timings`: each stage's time and the slowest pages, on stderr.
fn print_timings(t: &plansite::Timings) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let mb = |bytes: u64| bytes / (1024 * 1024);
    let total: std::time::Duration = t.stages.iter().filter(|s| !s.within).map(|s| s.took).sum();
    let mut out = String::from("timings (and memory in use after each stage):\n");
    for s in &t.stages {
        let memory = match s.memory {
            Some((now, peak)) => format!("{:>6} MB (peak {:>6} MB)", mb(now), mb(peak)),
            None => String::new(),
        };
        let name = if s.within {
            format!("  of which {}", s.stage)
        } else {
            s.stage.to_string()
        };
        out.push_str(&format!("  {:>9.1} ms  {name:<52} {memory}\n", ms(s.took)));
    }
    out.push_str(&format!(
        "  {:>9.1} ms  total of the stages above\n",
        ms(total)
    ));
    for note in &t.notes {
        out.push_str(&format!("{note}\n"));
    }
    if !t.slowest_pages.is_empty() {
        out.push_str("slowest pages:\n");
        for (page, d) in &t.slowest_pages {
            out.push_str(&format!("  {:>9.1} ms  {page}\n", ms(*d)));
        }
    }
    eprint!("{out}");
}

/// What `serve` prints.
struct ServeLog {
    /// Print each rebuild's stages (`serve --timings`).
    timings: bool,
}

impl plansite::serve::ServeEvents for ServeLog {
    fn listening(&self, url: &str) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Serving the site at {url}  (Ctrl+C to stop)");
        let _ = out.flush();
    }
    fn built(&self, outcome: &Outcome, took: Duration) {
        if !outcome.diagnostics.is_empty() {
            let text = report::human(&outcome.diagnostics, &outcome.sources, colour());
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        }
        let ms = took.as_secs_f64() * 1000.0;
        if outcome.failed() {
            eprintln!(
                "build failed in {ms:.0} ms: {}; the browser shows the errors",
                report::summary(&outcome.diagnostics)
            );
        } else {
            let papers = match outcome.papers_rendered_reused {
                Some((rendered, reused)) if reused > 0 => {
                    format!(" ({rendered} papers rendered, {reused} unchanged)")
                }
                _ => String::new(),
            };
            eprintln!(
                "built {} pages in memory in {ms:.0} ms{papers}",
                outcome.files.len()
            );
            if self.timings {
                print_timings(&outcome.timings);
            }
        }
    }
    fn problem(&self, message: &str) {
        eprintln!("plansite serve: {message}");
    }
    fn indexed(&self, _generation: u64, took: Duration) {
        eprintln!(
            "search index ready in {:.0} ms",
            took.as_secs_f64() * 1000.0
        );
    }
}

/// `plansite preview`: the built output, served as published.
fn run_preview(root: &std::path::Path, output: Option<PathBuf>, port: u16) -> ExitCode {
    let opts = options(root, false, output, false);
    let output = plansite::output_dir(&opts);
    if !plansite::preview::is_built(&output) {
        eprintln!(
            "plansite preview: {} holds no built site (it has no index.html)\n  = help: build it first: plansite build --root {}",
            output.display(),
            root.display()
        );
        return ExitCode::from(2);
    }
    let (config, diags, sources) = plansite::read_config(&opts);
    let Some(config) = config else {
        eprint!("{}", report::human(&diags, &sources, colour()));
        eprintln!("plansite preview: content/site.toml has errors; the site's address (base_url) comes from it");
        return ExitCode::from(1);
    };
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let shown = output.display().to_string();
    let listening = |url: &str| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "Previewing {shown} at {url}  exactly as it will be published (Ctrl+C to stop)"
        );
        let _ = out.flush();
    };
    let preview = plansite::preview::Preview::new(output.clone(), &config.base_url);
    match plansite::preview::preview(preview, addr, &listening) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("plansite preview: cannot serve on {addr}: {e}");
            ExitCode::from(2)
        }
    }
}

/// What to do after `new site` and `new theme`.
fn print_next_steps(root: &std::path::Path, what: &New) {
    let root = root.display();
    match what {
        New::Site { .. } => eprintln!(
            "\nA new site is in {root}. Next:\n  \
             plansite preview --root {root}   build it and look at it in a browser\n  \
             plansite check --root {root}     list the placeholders still to replace\n\
             Every \"Replace with…\" is reported until it is replaced, and build --strict refuses to publish one."
        ),
        New::Theme { name } => {
            if name != plansite::render::theme::DEFAULT {
                eprintln!("\nTo use it, write theme = \"{name}\" in content/site.toml.");
            }
            eprintln!(
                "Change the files in {root}/themes/{name}/. A file you delete is taken from the built-in theme again, so keep only the files you change."
            );
        }
        _ => {}
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check { common } => run_build(&common, None, false, false),
        Command::Build {
            common,
            output,
            no_cache,
        } => run_build(&common, output, true, !no_cache),
        Command::Serve {
            root,
            port,
            timings,
        } => {
            let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
            match plansite::serve::serve(
                options(&root, false, None, true),
                addr,
                Arc::new(ServeLog { timings }),
            ) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("plansite serve: cannot serve on {addr}: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Preview { root, output, port } => run_preview(&root, output, port),
        Command::New { mut root, what } => {
            let what = match what {
                NewKind::Paper {
                    board,
                    meeting,
                    title,
                    slug,
                } => New::Paper {
                    board,
                    meeting,
                    slug,
                    title,
                },
                NewKind::Meeting {
                    board,
                    date,
                    folder,
                } => New::Meeting {
                    board,
                    date,
                    folder,
                },
                NewKind::Plan { title, slug } => New::Plan { slug, title },
                NewKind::Site { dir, date } => {
                    root = dir;
                    New::Site {
                        date: date.unwrap_or_else(plansite::scaffold::today),
                    }
                }
                NewKind::Theme { name } => New::Theme { name },
            };
            match plansite::scaffold::create(&root, &what) {
                Ok(paths) => {
                    for p in paths {
                        eprintln!("created {}", p.display());
                    }
                    print_next_steps(&root, &what);
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprint!(
                        "{}",
                        report::human_one(&d, &plansite::source::SourceMap::default(), colour())
                    );
                    ExitCode::from(2)
                }
            }
        }
    }
}

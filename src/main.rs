//! The `plansite` command line: parse arguments, call the library, print
//! diagnostics, turn the result into an exit code.
//!
//! Exit codes: 0 success; 1 content errors (nothing was written);
//! 2 usage or I/O errors.

use clap::{Parser, Subcommand, ValueEnum};
use plansite::{report, Options, Outcome};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Print nothing but problems.
    #[arg(long, short)]
    quiet: bool,
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
    },
    /// Everything build does, except writing.
    Check {
        #[command(flatten)]
        common: Common,
    },
}

fn options(common: &Common, output: Option<PathBuf>) -> Options {
    Options {
        root: common.root.clone(),
        output,
        strict: common.strict,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
    }
}

fn print_diagnostics(outcome: &Outcome, common: &Common) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let text = match common.message_format {
        MessageFormat::Json => report::json(&outcome.diagnostics),
        MessageFormat::Human => {
            if outcome.diagnostics.is_empty() {
                return;
            }
            report::human(
                &outcome.diagnostics,
                &outcome.sources,
                std::io::stderr().is_terminal(),
            )
        }
    };
    let _ = err.write_all(text.as_bytes());
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
    let (common, outcome, verb) = match &cli.command {
        Command::Check { common } => (common, Ok(plansite::check(&options(common, None))), "check"),
        Command::Build { common, output } => (
            common,
            plansite::build(&options(common, output.clone())),
            "build",
        ),
    };
    match outcome {
        Err(io) => {
            eprintln!("{io}");
            ExitCode::from(2)
        }
        Ok(outcome) => {
            print_diagnostics(&outcome, common);
            if outcome.failed() {
                eprintln!(
                    "plansite {verb} failed: {}; nothing was written",
                    report::summary(&outcome.diagnostics)
                );
                return ExitCode::from(1);
            }
            if !common.quiet {
                match &outcome.written {
                    Some(w) => eprintln!(
                        "built {} files ({} changed) into {}",
                        w.files,
                        w.changed,
                        common_output(common, &cli.command).display()
                    ),
                    None => eprintln!(
                        "checked: {} pages, {}",
                        outcome.files.len(),
                        report::summary(&outcome.diagnostics)
                    ),
                }
            }
            ExitCode::SUCCESS
        }
    }
}

fn common_output(common: &Common, command: &Command) -> PathBuf {
    match command {
        Command::Build {
            output: Some(o), ..
        } => o.clone(),
        _ => common.root.join("output"),
    }
}

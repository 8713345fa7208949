//! plansite's integration tests: one binary, one module per feature.
//!
//! Fixtures live in `tests/fixtures/<case>/` (a `content/` folder each);
//! [`support::site`] copies a fixture and the default theme into a temporary
//! folder so tests never touch the repository. Add a new test module here
//! and its fixtures beside the others; see tests/README.md.

#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod accessibility;
mod bad_input;
mod board_papers_trial;
mod cli;
mod demo;
mod docs_examples;
mod funds;
mod lints;
mod minutes;
mod monthly;
mod papers;
mod progress;
mod scaffold;
mod search_off;
mod support;
mod trial_papers;
mod trial_standards;
mod workflow;

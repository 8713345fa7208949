//! Loading content: walk `content/` in sorted order ([`listing`]), read each
//! file, parse it into the typed [`model`](crate::model), and check its
//! shape.
//!
//! Reading a file is kept apart from parsing its text: each `parse_*`
//! function takes a [`SourceFile`] and returns model values plus
//! diagnostics, so parsers are unit-tested on strings. The one exception is
//! `build`'s papers: [`read_tree_with`] lists each without reading it
//! ([`SourceFile::deferred`]); `paper.rs` reads it to parse it, lets its
//! body go once its versions are compared ([`revisions`]), and [`reload`]
//! reads it again to draw its pages. A paper nothing parses is read at
//! the end of loading, to report whether it can be. This module owns the
//! folder layout (see `docs/content-format.md`); it does no arithmetic on
//! figures (that is `calc`) and no HTML (that is `render`).

mod boards;
mod body;
pub mod listing;
mod paper;
mod plan;
mod progress;
pub mod revisions;
mod standards;
mod tables;

pub use body::parse_body;
pub use paper::{
    front_matter_len, paper_digest, parse_paper, parse_paper_cached, reload, ParseCache,
};
pub use plan::{
    bare_period, columns_add_up, not_a_year, parse_plan, same_period, year_period, NotAYear,
};
pub use progress::parse_period;
pub use progress::parse_progress;
pub use standards::{check_registry, parse_standard_set};
pub use tables::parse_table;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::Site;
use crate::source::{ReadCache, SourceFile, SourceMap};
use listing::{Listed, WatchedListing};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// What loading produced: the configuration (if it parsed), the site, and
/// every source file read (for diagnostic snippets).
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Option<Config>,
    pub site: Site,
    pub sources: SourceMap,
}

/// True for a slug: lower-case ASCII letters, digits and single hyphens,
/// not starting or ending with a hyphen.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Where a file sits in the content layout.
enum Role<'a> {
    Site,
    Board {
        board: &'a str,
    },
    Meeting {
        board: &'a str,
        meeting: &'a str,
    },
    Paper {
        board: &'a str,
        meeting: &'a str,
        slug: &'a str,
    },
    /// `<slug>.v<N>.md`: an earlier version of a paper.
    PaperVersion {
        board: &'a str,
        meeting: &'a str,
        slug: &'a str,
        number: u32,
    },
    Plan(&'a str),
    Standards(&'a str),
    Progress(&'a str),
    Table(&'a str),
    Unknown,
}

/// `pooled-budget.v2` → ("pooled-budget", 2).
fn version_of(stem: &str) -> Option<(&str, u32)> {
    let (slug, v) = stem.rsplit_once(".v")?;
    if v.is_empty() || v.len() > 3 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((slug, v.parse().ok()?))
}

fn classify<'a>(parts: &[&'a str]) -> Role<'a> {
    let stem = |name: &'a str, ext: &str| name.strip_suffix(ext);
    match parts {
        ["site.toml"] => Role::Site,
        ["boards", b, "_board.toml"] => Role::Board { board: b },
        ["boards", b, m, "_meeting.toml"] => Role::Meeting {
            board: b,
            meeting: m,
        },
        ["boards", b, m, f] => match stem(f, ".md") {
            Some(stem) => match version_of(stem) {
                Some((slug, number)) => Role::PaperVersion {
                    board: b,
                    meeting: m,
                    slug,
                    number,
                },
                None => Role::Paper {
                    board: b,
                    meeting: m,
                    slug: stem,
                },
            },
            None => Role::Unknown,
        },
        ["plans", f] => stem(f, ".toml").map_or(Role::Unknown, Role::Plan),
        ["standards", f] => stem(f, ".toml").map_or(Role::Unknown, Role::Standards),
        ["progress", f] => stem(f, ".toml").map_or(Role::Unknown, Role::Progress),
        ["tables", f] => stem(f, ".toml").map_or(Role::Unknown, Role::Table),
        _ => Role::Unknown,
    }
}

/// Loads `root/content`. Every problem is pushed to `diags`; the returned
/// site holds whatever could be read.
pub fn load(root: &Path, source_date_epoch: Option<&str>, diags: &mut Diagnostics) -> Loaded {
    match read_tree(root, diags, &mut |_, _| {}) {
        Some(files) => load_files(files, source_date_epoch, diags),
        None => Loaded::default(),
    }
}

/// Reads every file under `root/content` (sorted, hidden files skipped,
/// symbolic links out of `content/` refused), calling `on_file(done, total)`
/// after each. `None` when there is no content folder at all. A paper that
/// cannot be read is listed unread ([`SourceFile::deferred`]), without a
/// diagnostic: loading it ([`load_files`]) reports why.
pub fn read_tree(
    root: &Path,
    diags: &mut Diagnostics,
    on_file: &mut dyn FnMut(usize, usize),
) -> Option<Vec<SourceFile>> {
    read_tree_with(root, ReadOptions::default(), diags, on_file)
}

/// How [`read_tree_with`] reads the content folder.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// Files read before, to take unchanged ones from (`serve`).
    pub cache: Option<&'a ReadCache>,
    /// The folder's last listing and what the watcher saw since (`serve`):
    /// while it vouches for the listing, the folder is not walked.
    pub listing: Option<&'a WatchedListing>,
    /// Do not read the papers' text now ([`SourceFile::deferred`]): each
    /// is read when it is parsed and its body let go afterwards (`build`),
    /// so a build never holds every paper's text at once.
    pub defer_papers: bool,
}

/// [`read_tree`] with [`ReadOptions`].
pub fn read_tree_with(
    root: &Path,
    ReadOptions {
        cache,
        listing,
        defer_papers,
    }: ReadOptions<'_>,
    diags: &mut Diagnostics,
    on_file: &mut dyn FnMut(usize, usize),
) -> Option<Vec<SourceFile>> {
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(format!("no content folder at {}", content.display()))
                .hint("run plansite in the site's folder, or pass --root DIR"),
        );
        return None;
    }
    let next = listing.map(WatchedListing::next_read).unwrap_or_default();
    let trusted = next.listing.is_some();
    let written = next.written;
    let files = match next.listing {
        Some(files) => files,
        None => {
            let canonical_content = match content.canonicalize() {
                Ok(c) => c,
                Err(e) => {
                    diags.push(Diagnostic::error(format!(
                        "cannot read {}: {e}",
                        content.display()
                    )));
                    return None;
                }
            };
            let walked = Arc::new(listing::walk(root, &content, &canonical_content));
            if let Some(cache) = cache {
                cache.retain(&walked.files.iter().map(|f| f.display.as_str()).collect());
            }
            if let Some(listing) = listing {
                listing.walked(walked.clone());
            }
            walked
        }
    };
    diags.extend(files.problems.clone());
    // Read in parallel (in order), then report progress and problems.
    let total = files.files.len();
    let read_one = |Listed {
                        path,
                        display,
                        link,
                    }: &Listed| match cache {
        // Read when parsed (and let go); one that nothing parses is read
        // at the end of loading all the same, so that a paper that cannot
        // be read is reported as `check` reports it, whatever happens to
        // it (`load_files_keeping`).
        _ if defer_papers && is_paper_file(display) => Ok(SourceFile::deferred(path, display)),
        // Reported written: read again, whatever its size and time say.
        Some(cache) if written.contains(display) => cache.read_again(path, display),
        // The watcher vouches for the rest: taken as last read.
        Some(cache) if trusted && !link => cache
            .kept(display)
            .map_or_else(|| cache.read(path, display), Ok),
        Some(cache) => cache.read(path, display),
        None => SourceFile::read(path, display),
    };
    // A paper that cannot be read stays in the listing, deferred: its
    // parse reads it again and reports why, and its meeting folder and
    // versions are checked with it there, as `build` (which defers every
    // paper) checks them.
    let read_one = |listed: &Listed| match read_one(listed) {
        Err(_) if is_paper_file(&listed.display) => {
            Ok(SourceFile::deferred(&listed.path, &listed.display))
        }
        read => read,
    };
    // Taking files as last read is quicker done in order than shared out.
    let read: Vec<Result<SourceFile, Diagnostic>> = if trusted {
        files.files.iter().map(read_one).collect()
    } else {
        files.files.par_iter().map(read_one).collect()
    };
    let mut files = Vec::with_capacity(total);
    for (i, result) in read.into_iter().enumerate() {
        match result {
            Ok(file) => files.push(file),
            Err(d) => diags.push(d),
        }
        on_file(i + 1, total);
    }
    Some(files)
}

/// Parses files already read (from disk by [`read_tree`], or from memory),
/// each named by its path from the site root (`content/plans/x.toml`).
pub fn load_files(
    sources: Vec<SourceFile>,
    source_date_epoch: Option<&str>,
    diags: &mut Diagnostics,
) -> Loaded {
    load_files_keeping(
        sources,
        source_date_epoch,
        ParsedBefore::Nothing,
        true,
        diags,
    )
}

/// What [`load_files_keeping`] may take as parsed before rather than parse.
#[derive(Clone, Copy)]
pub enum ParsedBefore<'a> {
    /// Everything is parsed (`check`, `build --no-cache`, a first build).
    Nothing,
    /// `serve`: papers and meetings as the last rebuild parsed them, held
    /// in memory and recognised by their text.
    Memo(&'a ParseCache),
    /// `build` with its cache: meetings as the last build parsed them,
    /// kept on disk and recognised by their files' identities.
    Stored(&'a crate::cache::ParsedMeetings),
}

/// [`load_files`], taking papers and meetings whose files have not changed
/// from `before` (`serve`, `build`). With `keep_bodies` false, the body of every
/// paper `build` read for parsing alone is let go (and read again if its
/// pages are drawn): a build that will keep most papers' pages from the
/// last one (the build cache) has no use for their text, and holding it
/// only costs memory. With it true, bodies are kept up to
/// [`paper::KEPT_TEXT_BYTES`].
pub fn load_files_keeping(
    sources: Vec<SourceFile>,
    source_date_epoch: Option<&str>,
    before: ParsedBefore<'_>,
    keep_bodies: bool,
    diags: &mut Diagnostics,
) -> Loaded {
    if let ParsedBefore::Memo(cache) = before {
        cache.retain(&sources.iter().map(|f| &*f.path).collect());
    }
    let mut loaded = Loaded::default();

    // Parse each file by its role.
    let mut boards: BTreeMap<String, boards::BoardParts<'_>> = BTreeMap::new();
    let mut site_file = None;
    let mut parts: Vec<&str> = Vec::new();
    for file in &sources {
        parts.clear();
        parts.extend(file.path.split('/').skip(1)); // "content"
        let role = classify(&parts);
        // Papers are checked as they are parsed (`parse_paper`): `build`
        // has not read their text yet.
        if !matches!(
            role,
            Role::Paper { .. } | Role::PaperVersion { .. } | Role::Unknown
        ) {
            crate::scaffold::placeholders::check(file, diags);
        }
        match role {
            Role::Site => site_file = Some(file),
            Role::Board { board } => {
                boards.entry(board.to_string()).or_default().board = Some(file);
            }
            Role::Meeting { board, meeting } => {
                boards::meeting_parts(&mut boards, board, meeting).meeting = Some(file);
            }
            Role::Paper { board, meeting, slug } => {
                boards::meeting_parts(&mut boards, board, meeting)
                    .papers
                    .push((slug.to_string(), file));
            }
            Role::PaperVersion {
                board,
                meeting,
                slug,
                number,
            } => {
                boards::meeting_parts(&mut boards, board, meeting)
                    .versions
                    .push((slug.to_string(), number, file));
            }
            Role::Plan(id) => {
                if check_slug(id, "plan id", file, diags) {
                    match parse_plan(id, file, diags) {
                        Some(p) => loaded.site.plans.push(p),
                        None => loaded.site.unreadable_plans.push(id.to_string()),
                    }
                }
            }
            Role::Standards(id) => {
                if check_slug(id, "standards set id", file, diags) {
                    match parse_standard_set(id, file, diags) {
                        Some(s) => loaded.site.standard_sets.push(s),
                        None => {
                            let unread = &mut loaded.site.unread_standards;
                            unread.sets.push(id.to_string());
                            match standards::ids_written(&file.text) {
                                Some(ids) => unread.standards.extend(ids),
                                None => unread.any = true,
                            }
                        }
                    }
                }
            }
            Role::Progress(id) => {
                if check_slug(id, "progress series id", file, diags) {
                    match parse_progress(id, file, diags) {
                        Some(p) => loaded.site.progress.push(p),
                        None => loaded.site.unreadable_progress.push(id.to_string()),
                    }
                }
            }
            Role::Table(id) => {
                if check_slug(id, "monthly table id", file, diags) {
                    if let Some(t) = parse_table(id, file, diags) {
                        loaded.site.tables.push(t);
                    }
                }
            }
            Role::Unknown => diags.push(
                Diagnostic::warning("file is not part of the content layout and was ignored")
                    .at(Location::file(file.path.clone()))
                    .hint("papers are boards/<board>/<meeting>/<paper>.md; plans, standards, progress and tables are .toml files in their folders"),
            ),
        }
    }

    match site_file {
        Some(f) => loaded.config = config::parse(f, source_date_epoch, diags),
        None => diags.push(Diagnostic::error("content/site.toml is missing").hint(
            "create it with at least title, owner and base_url (see docs/content-format.md)",
        )),
    }

    // Every paper file's reference, to tell a paper that is not there from
    // one whose mistakes leave it out of the site.
    let paper_files: Vec<String> = boards
        .iter()
        .flat_map(|(b, parts)| {
            parts.meetings.iter().flat_map(move |(m, mp)| {
                mp.papers
                    .iter()
                    .map(move |(p, _)| crate::model::paper_key(b, m, p))
            })
        })
        .collect();
    loaded.site.set_boards(boards::assemble(
        boards,
        before,
        &paper::BodyBudget::new(if keep_bodies {
            paper::KEPT_TEXT_BYTES
        } else {
            0
        }),
        diags,
    ));
    loaded.site.unreadable_papers = paper_files
        .into_iter()
        .filter(|k| loaded.site.paper(k).is_none())
        .collect();
    loaded.site.unread_bodies = unread_bodies(&loaded.site.unreadable_papers, &sources);
    standards::check_registry(&loaded.site, diags);
    // A deferred paper that nothing parsed (its meeting folder has no
    // _meeting.toml, say) is read to report whether it can be.
    for file in sources.iter().filter(|f| f.never_read()) {
        if let Some(Err(d)) = file.read_deferred() {
            diags.push(d);
        }
    }
    // A deferred file's text was read while parsing and let go; the
    // report reads it again if it has problems to show.
    for file in sources {
        if file.deferred_path().is_none() {
            loaded.sources.insert(file);
        }
    }
    loaded
}

/// The bodies of the paper files (`board/meeting/paper`) that could not be
/// read, for their shortcodes to be checked all the same; a file `build`
/// deferred is read again (there are few such papers, and the build fails).
/// A file that cannot be read is skipped here without a word: its error
/// is reported where it was parsed, or by the sweep of papers nothing
/// parsed (`load_files_keeping`), which this read does not count as one.
fn unread_bodies(keys: &[String], sources: &[SourceFile]) -> Vec<crate::model::UnreadBody> {
    keys.iter()
        .filter_map(|key| {
            let path = format!("content/boards/{key}.md");
            let file = sources.iter().find(|f| *f.path == *path)?;
            let read;
            let file = match file.deferred_path() {
                Some(on_disk) => {
                    read = SourceFile::read(on_disk, &file.path).ok()?;
                    &read
                }
                None => file,
            };
            let (text, line) = paper::body_alone(file)?;
            Some(crate::model::UnreadBody {
                path: file.path.clone(),
                text,
                line,
            })
        })
        .collect()
}

/// Whether `path` (from the site root, `content/boards/<b>/<m>/<p>.md`) is
/// a paper or an earlier version of one.
pub fn is_paper_file(path: &str) -> bool {
    // The parts after `content/`, without allocating: this is asked of
    // every file on every `serve` rebuild.
    let mut parts = [""; 4];
    let mut n = 0;
    for part in path.split('/').skip(1) {
        let Some(slot) = parts.get_mut(n) else {
            return false;
        };
        *slot = part;
        n += 1;
    }
    matches!(
        classify(&parts[..n]),
        Role::Paper { .. } | Role::PaperVersion { .. }
    )
}

fn check_slug(id: &str, what: &str, file: &SourceFile, diags: &mut Diagnostics) -> bool {
    if is_slug(id) {
        return true;
    }
    diags.push(
        Diagnostic::error(format!("{what} \"{id}\" (from the file name) is not a slug"))
            .at(Location::file(file.path.clone()))
            .hint("rename the file with lower-case letters, digits and hyphens only, e.g. kent-bcf-2015-16.toml"),
    );
    false
}

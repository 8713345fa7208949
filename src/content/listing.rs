//! Which files the content folder holds: walking `content/` (sorted,
//! hidden files skipped, symbolic links out of `content/` refused) into a
//! [`Listing`], and — for `serve` — reusing the last listing while the
//! file watcher vouches that only known files changed ([`WatchedListing`]).
//!
//! `serve` rebuilds on every save; walking and checking every file of a
//! 10,000-paper site (a `stat` each) is most of a rebuild's reading. Between
//! walks, the watcher's report names the files written since, so those are
//! read again and the rest are taken as last read. Anything the report
//! cannot vouch for — a file created, removed or renamed, a folder changed,
//! a lost or failed watch — makes the next rebuild walk the folder again.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use walkdir::WalkDir;

/// A file of the content folder, to be read.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Where to read it (a symbolic link's target inside `content/`).
    pub path: PathBuf,
    /// Its path from the site root with `/` separators: how it is named in
    /// messages and in the model (`content/boards/…/paper.md`).
    pub display: String,
    /// Whether it was reached through a symbolic link; such a file is
    /// always checked, as the watcher reports a write to it under its
    /// target's name, not this one.
    pub link: bool,
}

/// The files of the content folder, in sorted order.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<Listed>,
    /// What the walk found wrong (a folder it could not read, a refused
    /// link), reported again by every build that uses the listing.
    pub problems: Diagnostics,
    /// The files' display names, to tell whether a reported file is known.
    displays: HashSet<String>,
}

impl Listing {
    fn new(files: Vec<Listed>, problems: Diagnostics) -> Self {
        let displays = files.iter().map(|f| f.display.clone()).collect();
        Listing {
            files,
            problems,
            displays,
        }
    }
}

/// Walks `content` (the site's content folder, under `root`) into a
/// [`Listing`], with its unreadable folders and refused links as problems.
pub fn walk(root: &Path, content: &Path, canonical_content: &Path) -> Listing {
    let mut files = Vec::new();
    let mut problems = Diagnostics::new();
    let diags = &mut problems;
    let walker = WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(format!(
                    "cannot read the content folder: {e}"
                )));
                continue;
            }
        };
        // Folders are walked into, not read (and cost nothing more here).
        let link = entry.path_is_symlink();
        if !link && !entry.file_type().is_file() {
            continue;
        }
        let Some(display) = display_name(root, entry.path()) else {
            continue;
        };
        let location = || Location::file(display.as_str().into());
        let mut path = entry.path().to_path_buf();
        if link {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(canonical_content) => {
                    if target.is_dir() {
                        diags.push(
                            Diagnostic::error("symbolic link to a folder")
                                .at(location())
                                .hint(
                                "copy the folder instead; plansite does not follow folder links",
                            ),
                        );
                        continue;
                    }
                    path = target;
                }
                Ok(target) => {
                    diags.push(
                        Diagnostic::error(format!(
                            "symbolic link points outside content/ (to {})",
                            target.display()
                        ))
                        .at(location())
                        .hint("content must live inside the content folder; copy the file in"),
                    );
                    continue;
                }
                Err(e) => {
                    diags.push(
                        Diagnostic::error(format!("broken or looping symbolic link: {e}"))
                            .at(location())
                            .hint("remove the link or point it at a file inside content/"),
                    );
                    continue;
                }
            }
        }
        files.push(Listed {
            path,
            display,
            link,
        });
    }
    Listing::new(files, problems)
}

/// `content/boards/x.md` for `<root>/content/boards/x.md`: the path from
/// `root`, with `/` separators. `None` for a path outside `root`.
pub fn display_name(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<_> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy()),
            _ => None,
        })
        .collect();
    Some(parts.join("/"))
}

/// What the file watcher saw between two rebuilds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    /// Files written to (display names from the site root): read again by
    /// the next rebuild whatever their size and modification time say.
    pub written: Vec<String>,
    /// Whether something the last listing cannot absorb was seen too: a
    /// file created, removed or renamed, or events the watcher lost. The
    /// next rebuild walks the folder.
    pub anything: bool,
}

impl Seen {
    /// Only these files were written to.
    pub fn written(files: Vec<String>) -> Seen {
        Seen {
            written: files,
            anything: false,
        }
    }

    /// Something the listing cannot absorb.
    pub fn anything() -> Seen {
        Seen {
            written: Vec::new(),
            anything: true,
        }
    }

    /// Adds what `other` saw.
    pub fn add(&mut self, other: Seen) {
        self.written.extend(other.written);
        self.anything |= other.anything;
    }
}

/// The last listing of the content folder, and what the watcher has
/// reported since (kept by `serve` between rebuilds).
#[derive(Debug, Default)]
pub struct WatchedListing {
    state: Mutex<WatchState>,
}

#[derive(Debug, Default)]
struct WatchState {
    listing: Option<Arc<Listing>>,
    /// Files reported written since the last read of the folder.
    written: HashSet<String>,
    /// Whether the listing still holds: a watcher reports every change and
    /// nothing it reported since the walk needs another (never without
    /// `watching`).
    vouched: bool,
    /// Whether a watcher reports every change under `content/`.
    watching: bool,
}

/// How the next read of the content folder goes (see
/// [`WatchedListing::next_read`]).
#[derive(Debug, Default)]
pub struct NextRead {
    /// The listing to read instead of walking the folder, when the watcher
    /// vouches for it.
    pub listing: Option<Arc<Listing>>,
    /// Files the watcher reported written: read again in any case.
    pub written: HashSet<String>,
}

impl WatchedListing {
    pub fn new() -> Self {
        Self::default()
    }

    /// From now on a watcher reports every change under `content/` with
    /// [`WatchedListing::seen`]. Call it once the watch has started and
    /// before the first build, so no change falls between the two.
    pub fn watching(&self) {
        self.lock().watching = true;
    }

    /// The watcher no longer sees every change (its watch on `content/`
    /// was lost): every later read walks the folder.
    pub fn unwatched(&self) {
        let mut state = self.lock();
        state.watching = false;
        state.vouched = false;
    }

    /// Records what the watcher saw since the last rebuild.
    pub fn seen(&self, seen: Seen) {
        let mut state = self.lock();
        let state = &mut *state;
        let unknown = seen.written.iter().any(|d| {
            in_content(d)
                && state
                    .listing
                    .as_ref()
                    .is_none_or(|l| !l.displays.contains(d.as_str()))
        });
        if seen.anything || unknown {
            state.vouched = false;
        }
        state.written.extend(seen.written);
    }

    /// How the next read goes: the listing to read instead of walking the
    /// folder (when the watcher vouches for it) and the files to read
    /// again. What was reported is taken: the next call sees only later
    /// reports.
    pub fn next_read(&self) -> NextRead {
        let mut state = self.lock();
        NextRead {
            listing: state.listing.clone().filter(|_| state.vouched),
            written: std::mem::take(&mut state.written),
        }
    }

    /// The folder was walked into `listing`: later reports are relative to
    /// it (and trusted, while a watcher reports every change).
    pub fn walked(&self, listing: Arc<Listing>) {
        let mut state = self.lock();
        state.vouched = state.watching;
        state.listing = Some(listing);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, WatchState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Whether a reported file is one a walk would list: under `content/`, with
/// no hidden part. Others (the theme, an editor's `.swp` file) do not
/// concern the listing.
fn in_content(display: &str) -> bool {
    display
        .strip_prefix("content/")
        .is_some_and(|rest| !rest.split('/').any(is_hidden))
}

/// A hidden file or folder (`.git`, an editor's `.paper.md.swp`), which
/// is not content: the walk skips it and the watcher's reports of it.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(names: &[&str]) -> Arc<Listing> {
        Arc::new(Listing::new(
            names
                .iter()
                .map(|d| Listed {
                    path: PathBuf::from(d),
                    display: d.to_string(),
                    link: false,
                })
                .collect(),
            Diagnostics::new(),
        ))
    }

    #[test]
    fn a_listing_is_trusted_only_while_a_watcher_vouches_for_it() {
        let watched = WatchedListing::new();
        let trusted = |w: &WatchedListing| w.next_read().listing.is_some();
        let written = |names: &[&str]| Seen::written(names.iter().map(|n| n.to_string()).collect());
        // No watcher: always walk.
        watched.walked(listing(&["content/site.toml"]));
        assert!(!trusted(&watched));

        watched.watching();
        watched.walked(listing(&["content/site.toml", "content/a.md"]));
        // Nothing seen: the listing as it was, nothing to read again.
        let next = watched.next_read();
        assert!(next.listing.is_some() && next.written.is_empty());
        // Reports add up until taken; the theme and hidden files do not
        // concern the listing.
        watched.seen(written(&["content/a.md"]));
        watched.seen(written(&[
            "themes/default/templates/base.html",
            "content/.a.md.swp",
        ]));
        let next = watched.next_read();
        assert!(next.listing.is_some());
        assert!(next.written.contains("content/a.md"));
        assert_eq!(next.written.len(), 3);
        assert!(watched.next_read().written.is_empty());

        // A file the listing does not hold: walk (until walked), and what
        // was reported written is still read again.
        watched.seen(written(&["content/b.md", "content/a.md"]));
        let next = watched.next_read();
        assert!(next.listing.is_none());
        assert!(next.written.contains("content/a.md"));
        assert!(!trusted(&watched), "still walks until walked");
        watched.walked(listing(&[
            "content/site.toml",
            "content/a.md",
            "content/b.md",
        ]));
        assert!(trusted(&watched));

        // Anything else: walk, keeping the files reported with it.
        let mut seen = written(&["content/site.toml"]);
        seen.add(Seen::anything());
        watched.seen(seen);
        let next = watched.next_read();
        assert!(next.listing.is_none() && next.written.contains("content/site.toml"));

        // A lost watch: walk from then on, walked or not.
        watched.walked(listing(&["content/site.toml"]));
        watched.unwatched();
        assert!(!trusted(&watched));
        watched.walked(listing(&["content/site.toml"]));
        assert!(!trusted(&watched));
    }

    #[test]
    fn display_names_are_relative_to_the_root() {
        let root = Path::new("/site");
        assert_eq!(
            display_name(root, Path::new("/site/content/boards/b/x.md")).as_deref(),
            Some("content/boards/b/x.md")
        );
        assert_eq!(display_name(root, Path::new("/elsewhere/x.md")), None);
    }
}

//! The build cache: what an earlier build made that a later one may reuse.
//!
//! It holds the paper pages `build` published last time ([`pages`]: kept
//! by the next build where what they are drawn from has not changed) and
//! the search index's shards (see `render::search`). Each shard's entry is
//! a folder `<root>/.plansite-cache/search/<board>/<year>/<fingerprint>/`
//! named by the fingerprint of exactly the pages the shard was built from,
//! so the cache can change how long a build takes but never what it writes.
//!
//! Entries are never changed once written: a shard is written to a
//! temporary folder, with a list of its files and their fingerprints last,
//! and renamed into place; a reader checks every file against that list.
//! So a build that is killed, a crash, or a `serve` and a `build` using the
//! cache at once can only cause a miss (the shard is built again), never a
//! wrong or partial shard. After writing an entry, the other entries of the
//! same shard are removed (only the latest is worth keeping).
//!
//! Beside them, `records/<board>/<year>.bin` holds the words the indexer
//! read from each page of a shard (`render::index_records`), so that a
//! shard built again after an edit reads only the pages that changed. The
//! file is replaced whole by a rename and checked whole when read.
//!
//! And `parsed/<board>.bin` holds each meeting as `build` parsed it
//! ([`parsed`]), so that a build parses again only the meetings whose
//! files changed.
//!
//! The cache is an optimisation and never fails a build: a folder that
//! cannot be read or written is treated as empty. Deleting
//! `.plansite-cache/` at any time is safe.

mod pages;
mod parsed;

pub use pages::{has_record, PublishedPages, CODE_FINGERPRINT};
pub use parsed::{MeetingInputs, ParsedMeetings};

use crate::fingerprint;
use crate::render::search::IndexCache;
use crate::render::OutputFile;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The folder name of the cache inside a site's root.
pub const DIR_NAME: &str = ".plansite-cache";

/// The folder of the words read from each shard's pages, a file per shard
/// (see `render::index_records`).
const RECORDS: &str = "records";

/// The list of an entry's files: `<fingerprint> <length> <path>` per line.
const LIST: &str = "files.txt";
/// The folder holding an entry's files.
const FILES: &str = "files";

/// The build cache of one site, on disk.
pub struct DiskCache {
    dir: PathBuf,
}

/// Whether `s` is a plain name: letters, digits, `-`, `_` (and `.` inside).
fn plain(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

impl DiskCache {
    /// The cache in `dir` (usually `<root>/.plansite-cache`).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        DiskCache { dir: dir.into() }
    }

    /// `<cache>/<top>/<shard><ending>`, if the shard's id is safe to use
    /// as a path (shard ids are `<board>/<year>` built from validated
    /// slugs).
    fn shard_path(&self, top: &str, shard: &str, ending: &str) -> Option<PathBuf> {
        shard
            .split('/')
            .all(plain)
            .then(|| self.dir.join(top).join(format!("{shard}{ending}")))
    }

    /// The file of the words read from `shard`'s pages
    /// (`render::index_records`).
    fn records_file(&self, shard: &str) -> Option<PathBuf> {
        self.shard_path(RECORDS, shard, ".bin")
    }

    /// The folder of `shard`'s entries.
    fn shard_dir(&self, shard: &str) -> Option<PathBuf> {
        self.shard_path("search", shard, "")
    }
}

impl IndexCache for DiskCache {
    fn get(&self, shard: &str, fingerprint: &str) -> Option<Vec<OutputFile>> {
        if !plain(fingerprint) {
            return None;
        }
        let entry = self.shard_dir(shard)?.join(fingerprint);
        let list = fs::read_to_string(entry.join(LIST)).ok()?;
        let mut out = Vec::new();
        for line in list.lines() {
            let mut fields = line.splitn(3, ' ');
            let (hash, len, path) = (fields.next()?, fields.next()?, fields.next()?);
            if path.split('/').any(|p| !plain(p)) {
                return None;
            }
            let bytes = fs::read(entry.join(FILES).join(path)).ok()?;
            if bytes.len().to_string() != len || format!("{:032x}", fingerprint::of(&bytes)) != hash
            {
                return None;
            }
            out.push(OutputFile {
                path: path.to_string(),
                bytes: bytes.into(),
            });
        }
        Some(out)
    }

    fn clear(&self) {
        // Best effort, as everywhere in the cache.
        let _ = fs::remove_dir_all(self.dir.join("search"));
        let _ = fs::remove_dir_all(self.dir.join(RECORDS));
    }

    fn records(&self, shard: &str) -> Option<Vec<u8>> {
        fs::read(self.records_file(shard)?).ok()
    }

    fn keeps_records(&self) -> bool {
        true
    }

    fn put_records(&self, shard: &str, bytes: &[u8]) {
        let Some(path) = self.records_file(shard) else {
            return;
        };
        if let (Some(dir), Some(name)) = (path.parent(), path.file_name()) {
            // A reader sees the old file or the new one, never half.
            let _ = write_atomically(dir, &name.to_string_lossy(), bytes);
        }
    }

    fn put(&self, shard: &str, fingerprint: &str, files: &[OutputFile]) {
        let Some(dir) = self.shard_dir(shard) else {
            return;
        };
        if !plain(fingerprint) {
            return;
        }
        // Errors are ignored: the next build simply builds the shard again.
        if write_entry(&dir, fingerprint, files).is_ok() {
            remove_others(&dir, fingerprint);
        }
    }
}

fn write_entry(dir: &Path, fingerprint: &str, files: &[OutputFile]) -> io::Result<()> {
    let entry = dir.join(fingerprint);
    if entry.join(LIST).is_file() {
        return Ok(()); // written already (by another build)
    }
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{fingerprint}.tmp-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    let mut list = String::new();
    for f in files {
        if f.path.split('/').any(|p| !plain(p)) {
            let _ = fs::remove_dir_all(&tmp);
            return Err(io::Error::other(format!("unexpected file name {}", f.path)));
        }
        let path = tmp.join(FILES).join(&f.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, &f.bytes)?;
        list.push_str(&format!(
            "{:032x} {} {}\n",
            fingerprint::of(&f.bytes),
            f.bytes.len(),
            f.path
        ));
    }
    let mut file = fs::File::create(tmp.join(LIST))?;
    file.write_all(list.as_bytes())?;
    drop(file);
    match fs::rename(&tmp, &entry) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            // Another build put the same entry first: that is as good.
            if entry.join(LIST).is_file() {
                Ok(())
            } else {
                Err(e)
            }
        }
    }
}

/// Removes a shard's other entries and leftover temporary folders (best
/// effort: a reader of a removed entry just misses).
fn remove_others(dir: &Path, keep: &str) {
    let Ok(items) = fs::read_dir(dir) else {
        return;
    };
    for item in items.flatten() {
        let name = item.file_name();
        let name = name.to_string_lossy();
        let temporary_of_this_process = name.ends_with(&format!(".tmp-{}", std::process::id()));
        if name != keep && (!name.starts_with('.') || temporary_of_this_process || stale(&item)) {
            let _ = fs::remove_dir_all(item.path());
        }
    }
}

/// Writes `name` in `dir` by renaming a complete temporary file into
/// place, so a reader sees the old record or the new one, never half.
/// Temporary files that killed builds left an hour ago or more are removed.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let prefix = format!(".{name}.tmp-");
    for item in fs::read_dir(dir)?.flatten() {
        if item.file_name().to_string_lossy().starts_with(&prefix) && stale(&item) {
            let _ = fs::remove_file(item.path());
        }
    }
    let tmp = dir.join(format!("{prefix}{}", std::process::id()));
    let mut file = fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    drop(file);
    fs::rename(&tmp, dir.join(name)).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Whether a temporary folder is old enough to be a killed build's.
fn stale(item: &fs::DirEntry) -> bool {
    item.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }

    #[test]
    fn keeps_a_shards_readings_in_a_file_of_its_own() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = DiskCache::new(dir.path());
        assert!(cache.keeps_records());
        assert!(!crate::render::search::NoCache.keeps_records());
        assert!(cache.records("kent-hwb/2015").is_none());
        cache.put_records("kent-hwb/2015", b"first");
        cache.put_records("kent-hwb/2015", b"second");
        cache.put_records("kent-hwb/2016", b"other year");
        assert_eq!(
            cache.records("kent-hwb/2015").as_deref(),
            Some(&b"second"[..])
        );
        assert_eq!(
            fs::read(dir.path().join("records/kent-hwb/2015.bin")).expect("file"),
            b"second"
        );
        // No temporary file is left, and an id that is not a plain path
        // is neither read nor written.
        let names: Vec<_> = fs::read_dir(dir.path().join("records/kent-hwb"))
            .expect("folder")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        cache.put_records("../escape", b"x");
        assert!(cache.records("../escape").is_none());
        assert!(!dir.path().join("escape.bin").exists());
        cache.clear();
        assert!(cache.records("kent-hwb/2015").is_none());
    }

    #[test]
    fn gives_back_what_was_put_only_for_the_same_fingerprint() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = DiskCache::new(dir.path());
        let files = vec![file("index/a.pf_index", b"abc"), file("pagefind.js", b"js")];
        assert!(cache.get("kent-hwb/2015", "f1").is_none());
        cache.put("kent-hwb/2015", "f1", &files);
        assert_eq!(cache.get("kent-hwb/2015", "f1"), Some(files.clone()));
        assert!(cache.get("kent-hwb/2015", "f2").is_none());
        assert!(cache.get("kent-hwb/2016", "f1").is_none());
        // A new entry replaces the old one.
        cache.put("kent-hwb/2015", "f2", &files[..1]);
        assert_eq!(cache.get("kent-hwb/2015", "f2"), Some(files[..1].to_vec()));
        assert!(cache.get("kent-hwb/2015", "f1").is_none());
        assert!(!dir.path().join("search/kent-hwb/2015/f1").exists());
    }

    #[test]
    fn a_damaged_entry_is_a_miss() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = DiskCache::new(dir.path());
        cache.put(
            "b/2015",
            "f",
            &[file("index/a.pf_index", b"abc"), file("x.js", b"js")],
        );
        let stored = dir.path().join("search/b/2015/f/files/index/a.pf_index");
        // A file emptied by a crash, changed, or missing: never served.
        fs::write(&stored, b"").expect("write");
        assert!(cache.get("b/2015", "f").is_none());
        fs::write(&stored, b"abd").expect("write");
        assert!(cache.get("b/2015", "f").is_none());
        fs::remove_file(&stored).expect("remove");
        assert!(cache.get("b/2015", "f").is_none());
    }

    #[test]
    fn refuses_ids_that_would_leave_the_cache() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = DiskCache::new(dir.path().join("c"));
        cache.put("../escape", "f", &[file("x", b"x")]);
        cache.put("a/../../b", "f", &[file("x", b"x")]);
        cache.put("a/2015", "../../f", &[file("x", b"x")]);
        cache.put("a/2016", "f", &[file("../../x", b"x")]);
        assert!(!dir.path().join("escape").exists());
        assert!(!dir.path().join("b").exists());
        assert!(!dir.path().join("x").exists());
        assert!(cache.get("../escape", "f").is_none());
        assert!(
            cache.get("a/2016", "f").is_none(),
            "an unsafe file name writes no entry"
        );
    }

    #[test]
    fn an_unreadable_cache_is_an_empty_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let blocker = dir.path().join("not-a-dir");
        fs::write(&blocker, b"file").expect("write");
        let cache = DiskCache::new(&blocker);
        cache.put("b/2015", "f", &[file("x", b"x")]);
        assert!(cache.get("b/2015", "f").is_none());
    }
}

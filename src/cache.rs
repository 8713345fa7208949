//! The build cache: what an earlier build made that a later one may reuse.
//!
//! It holds the search index's shards (see `render::search`), each in its
//! own folder under `<root>/.plansite-cache/search/<board>/<year>/` with the
//! fingerprint of the pages it was built from. A shard is reused only when
//! its fingerprint is exactly that of the pages being indexed now, so the
//! cache can change how long a build takes but never what it writes.
//!
//! The cache is an optimisation and never fails a build: a folder that
//! cannot be read or written is treated as empty. A shard is written to a
//! temporary folder and renamed into place, with its fingerprint written
//! last, so an interrupted build leaves either the old entry or the new one.
//! Deleting `.plansite-cache/` at any time is safe.

use crate::render::search::IndexCache;
use crate::render::OutputFile;
use std::fs;
use std::path::{Path, PathBuf};

/// The folder name of the cache inside a site's root.
pub const DIR_NAME: &str = ".plansite-cache";

/// The file holding an entry's fingerprint.
const FINGERPRINT: &str = "fingerprint";
/// The folder holding an entry's files.
const FILES: &str = "files";

/// The build cache of one site, on disk.
pub struct DiskCache {
    dir: PathBuf,
}

impl DiskCache {
    /// The cache in `dir` (usually `<root>/.plansite-cache`).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        DiskCache { dir: dir.into() }
    }

    fn entry(&self, shard: &str) -> Option<PathBuf> {
        // Shard ids are `<board>/<year>` built from validated slugs; refuse
        // anything else rather than write outside the cache.
        let safe = shard.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
        safe.then(|| self.dir.join("search").join(shard))
    }
}

impl IndexCache for DiskCache {
    fn get(&self, shard: &str, fingerprint: &str) -> Option<Vec<OutputFile>> {
        let entry = self.entry(shard)?;
        let stored = fs::read_to_string(entry.join(FINGERPRINT)).ok()?;
        if stored.trim() != fingerprint {
            return None;
        }
        let files = entry.join(FILES);
        let mut out = Vec::new();
        for item in walkdir::WalkDir::new(&files).sort_by_file_name() {
            let item = item.ok()?;
            if !item.file_type().is_file() {
                continue;
            }
            let rel = item.path().strip_prefix(&files).ok()?;
            let path = rel
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect::<Option<Vec<&str>>>()?
                .join("/");
            out.push(OutputFile {
                path,
                bytes: fs::read(item.path()).ok()?,
            });
        }
        Some(out)
    }

    fn put(&self, shard: &str, fingerprint: &str, files: &[OutputFile]) {
        let Some(entry) = self.entry(shard) else {
            return;
        };
        // Errors are ignored: the next build simply builds the shard again.
        let _ = write_entry(&entry, fingerprint, files);
    }
}

fn write_entry(entry: &Path, fingerprint: &str, files: &[OutputFile]) -> std::io::Result<()> {
    let parent = entry
        .parent()
        .ok_or_else(|| std::io::Error::other("cache entry has no parent"))?;
    fs::create_dir_all(parent)?;
    let name = entry
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    for f in files {
        if f.path
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..")
        {
            continue;
        }
        let path = tmp.join(FILES).join(&f.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, &f.bytes)?;
    }
    fs::write(tmp.join(FINGERPRINT), fingerprint)?;
    let _ = fs::remove_dir_all(entry);
    fs::rename(&tmp, entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.to_vec(),
        }
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
        // A new entry replaces the old one whole.
        cache.put("kent-hwb/2015", "f2", &files[..1]);
        assert_eq!(cache.get("kent-hwb/2015", "f2"), Some(files[..1].to_vec()));
        assert!(cache.get("kent-hwb/2015", "f1").is_none());
    }

    #[test]
    fn refuses_ids_that_would_leave_the_cache() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = DiskCache::new(dir.path().join("c"));
        cache.put("../escape", "f", &[file("x", b"x")]);
        cache.put("a/../../b", "f", &[file("x", b"x")]);
        assert!(!dir.path().join("escape").exists());
        assert!(!dir.path().join("b").exists());
        assert!(cache.get("../escape", "f").is_none());
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

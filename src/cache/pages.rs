//! The paper pages `build` published last time, for the next `build` to
//! keep instead of drawing them again.
//!
//! After a build is swapped in, `.plansite-cache/pages.txt` records, for
//! each paper, the fingerprint of what its pages were drawn from
//! (`render::memo::Fingerprints`: its files, the papers it draws on, every
//! site-wide content file, the templates, plansite's own code and the build
//! date) and the path, length and fingerprint of each of its pages; and
//! the same for each meeting page and each part of the site-wide pages
//! (whose fingerprints are `serve`'s for them too). The next build keeps a
//! paper's pages, reading them back from the published site, only when its
//! fingerprint is the same and every one of its pages is in the output
//! folder with exactly the bytes recorded; otherwise it draws them. So the record makes a build quicker but never changes what
//! it writes: a page edited by hand in `output/`, a record written by
//! another build of plansite or for another output folder, a missing or
//! unreadable file: each only means the paper is drawn again.
//!
//! Pages whose drawing gave any warning are not recorded, so they are
//! drawn (and their warnings reported) by every build.

use crate::diagnostics::Diagnostics;
use crate::output::FileIdentity;
use crate::render::memo::Reusable;
use crate::render::OutputFile;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

/// A fingerprint of plansite's own code (its sources, `Cargo.lock` and
/// `build.rs`, hashed by `build.rs`): pages drawn by another build of
/// plansite are never kept.
pub const CODE_FINGERPRINT: &str = env!("PLANSITE_CODE_FINGERPRINT");

/// The record's file name in the cache folder.
const RECORD: &str = "pages.txt";

/// The record's first line: its format and the code that wrote it.
fn header() -> String {
    format!("plansite published pages v1 {CODE_FINGERPRINT}")
}

/// What was published for one paper.
#[derive(Clone)]
struct Record {
    /// The fingerprint of what its pages were drawn from.
    fingerprint: u128,
    pages: Vec<Page>,
}

/// One published page: where, how long and its bytes' fingerprint.
#[derive(Clone)]
struct Page {
    path: String,
    len: u64,
    hash: u128,
}

/// The last build's record and this build's, for one output folder: of
/// papers' pages, and of the meeting and site-wide pages, kept and drawn
/// counted apart.
pub struct PublishedPages {
    shared: Arc<Shared>,
    papers: Counted,
    others: Counted,
}

/// What both counts share.
struct Shared {
    /// The cache folder (holding the record).
    dir: PathBuf,
    /// The published site the record's pages are read back from.
    output: PathBuf,
    /// The last build's record, by key: `board/meeting/paper` for a paper,
    /// `board/meeting` for a meeting page, a name for a part of the
    /// site-wide pages.
    last: rustc_hash::FxHashMap<String, Record>,
    /// This build's record.
    next: Mutex<Vec<(String, Record)>>,
    /// The pages read back from the published site (and checked), with
    /// the file each was read from.
    read_back: Mutex<rustc_hash::FxHashMap<String, FileIdentity>>,
}

/// The record, counting what it kept and what was drawn.
struct Counted {
    shared: Arc<Shared>,
    kept: AtomicUsize,
    drawn: AtomicUsize,
}

impl PublishedPages {
    /// The record in the cache folder `dir` of what was published into
    /// `output`; empty when there is none or it cannot be read.
    pub fn load(dir: &Path, output: &Path) -> Self {
        let last = fs::read_to_string(dir.join(RECORD))
            .ok()
            .and_then(|text| parse(&text))
            .unwrap_or_default();
        let shared = Arc::new(Shared {
            dir: dir.to_path_buf(),
            output: output.to_path_buf(),
            last,
            next: Mutex::new(Vec::new()),
            read_back: Default::default(),
        });
        let counted = || Counted {
            shared: shared.clone(),
            kept: AtomicUsize::new(0),
            drawn: AtomicUsize::new(0),
        };
        PublishedPages {
            papers: counted(),
            others: counted(),
            shared,
        }
    }

    /// Where papers' pages are kept.
    pub(crate) fn papers(&self) -> &dyn Reusable {
        &self.papers
    }

    /// Where meeting pages and site-wide pages are kept.
    pub(crate) fn others(&self) -> &dyn Reusable {
        &self.others
    }

    /// How many papers this build (drew, kept).
    pub fn counts(&self) -> (usize, usize) {
        (
            self.papers.drawn.load(Relaxed),
            self.papers.kept.load(Relaxed),
        )
    }

    /// The file the page at `path` was read back from, when this build
    /// read it from the published site (and checked it): it need not be
    /// compared with it again while it is the same file
    /// (`crate::output::Staging::put_published`).
    pub fn read_back_from(&self, path: &str) -> Option<FileIdentity> {
        self.shared
            .read_back
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(path)
            .copied()
    }

    /// Writes this build's record, for the next build: called once the
    /// build has been swapped in. Best effort: a record that cannot be
    /// written only makes the next build draw every page.
    pub fn save(&self) {
        let shared = &self.shared;
        let mut next = std::mem::take(&mut *shared.next.lock().unwrap_or_else(|p| p.into_inner()));
        next.sort_by(|a, b| a.0.cmp(&b.0));
        let mut text = header();
        text.push('\n');
        for (key, record) in &next {
            text.push_str(&format!("pages {:032x} {key}\n", record.fingerprint));
            for page in &record.pages {
                text.push_str(&format!(
                    "page {:032x} {} {}\n",
                    page.hash, page.len, page.path
                ));
            }
        }
        let _ = write_atomically(&shared.dir, RECORD, text.as_bytes());
    }
}

impl Shared {
    /// The published page `page`, if it is exactly what was recorded, and
    /// the file it was read from.
    fn read_back(&self, page: &Page) -> Option<(OutputFile, FileIdentity)> {
        let rel = crate::output::safe_relative(&page.path).ok()?;
        let path = self.output.join(rel);
        // Not through a symbolic link: the site is written with none.
        if !fs::symlink_metadata(&path).ok()?.is_file() {
            return None;
        }
        let mut file = fs::File::open(&path).ok()?;
        let meta = file.metadata().ok()?;
        if meta.len() != page.len {
            return None;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(page.len).ok()?);
        file.read_to_end(&mut bytes).ok()?;
        let same = bytes.len() as u64 == page.len && crate::fingerprint::of(&bytes) == page.hash;
        same.then(|| {
            let file = OutputFile {
                path: page.path.clone(),
                bytes: bytes.into(),
            };
            (file, FileIdentity::of(&meta))
        })
    }

    fn record(&self, key: String, record: Record) {
        self.next
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((key, record));
    }
}

impl Reusable for Counted {
    fn kept(&self, key: &str, fingerprint: u128) -> Option<(Vec<OutputFile>, Diagnostics)> {
        let shared = &self.shared;
        let record = shared
            .last
            .get(key)
            .filter(|r| r.fingerprint == fingerprint)?;
        let read = record
            .pages
            .iter()
            .map(|page| shared.read_back(page))
            .collect::<Option<Vec<(OutputFile, FileIdentity)>>>()?;
        self.kept.fetch_add(1, Relaxed);
        let mut files = Vec::with_capacity(read.len());
        let mut read_back = shared.read_back.lock().unwrap_or_else(|p| p.into_inner());
        for (file, identity) in read {
            read_back.insert(file.path.clone(), identity);
            files.push(file);
        }
        drop(read_back);
        shared.record(key.to_string(), record.clone());
        Some((files, Diagnostics::new()))
    }

    fn drawn(&self, key: String, fingerprint: u128, files: &[OutputFile], diags: &Diagnostics) {
        self.drawn.fetch_add(1, Relaxed);
        if !diags.is_empty() {
            return;
        }
        let pages = files
            .iter()
            .map(|f| Page {
                path: f.path.clone(),
                len: f.bytes.len() as u64,
                hash: crate::fingerprint::of(&f.bytes),
            })
            .collect();
        self.shared.record(key, Record { fingerprint, pages });
    }
}

/// Reads a record written by [`PublishedPages::save`]; `None` when it is
/// not one, or was written by other code.
fn parse(text: &str) -> Option<rustc_hash::FxHashMap<String, Record>> {
    let mut lines = text.lines();
    if lines.next()? != header() {
        return None;
    }
    let mut records = rustc_hash::FxHashMap::default();
    let mut current: Option<(String, Record)> = None;
    for line in lines {
        let mut fields = line.splitn(2, ' ');
        match (fields.next()?, fields.next()?) {
            ("pages", rest) => {
                let (fingerprint, key) = rest.split_once(' ')?;
                records.extend(current.take());
                current = Some((
                    key.to_string(),
                    Record {
                        fingerprint: u128::from_str_radix(fingerprint, 16).ok()?,
                        pages: Vec::new(),
                    },
                ));
            }
            ("page", rest) => {
                let mut fields = rest.splitn(3, ' ');
                let (hash, len, path) = (fields.next()?, fields.next()?, fields.next()?);
                current.as_mut()?.1.pages.push(Page {
                    path: path.to_string(),
                    len: len.parse().ok()?,
                    hash: u128::from_str_radix(hash, 16).ok()?,
                });
            }
            _ => return None,
        }
    }
    records.extend(current);
    Some(records)
}

/// Writes `name` in `dir` by renaming a complete temporary file into
/// place, so a reader sees the old record or the new one, never half.
/// Temporary files that killed builds left an hour ago or more are removed.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let prefix = format!(".{name}.tmp-");
    for item in fs::read_dir(dir)?.flatten() {
        if item.file_name().to_string_lossy().starts_with(&prefix) && super::stale(&item) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, bytes: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.as_bytes().into(),
        }
    }

    #[test]
    fn a_record_is_read_back_as_saved_and_only_pages_as_recorded_are_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache");
        let out = dir.path().join("output");
        fs::create_dir_all(out.join("p")).expect("output");
        fs::write(out.join("p/index.html"), "page").expect("page");
        fs::write(out.join("q.html"), "other").expect("page");
        let first = PublishedPages::load(&cache, &out);
        first.papers().drawn(
            "b/m/p".into(),
            7,
            &[page("p/index.html", "page")],
            &Diagnostics::new(),
        );
        first.others().drawn(
            "site pages".into(),
            9,
            &[page("q.html", "other")],
            &Diagnostics::new(),
        );
        let mut warned = Diagnostics::new();
        warned.push(crate::diagnostics::Diagnostic::warning("careful"));
        first
            .papers()
            .drawn("b/m/warned".into(), 8, &[page("q.html", "other")], &warned);
        first.save();

        let second = PublishedPages::load(&cache, &out);
        // Another fingerprint, or a paper drawn with a warning: not kept.
        assert!(second.papers().kept("b/m/p", 6).is_none());
        assert!(second.papers().kept("b/m/warned", 8).is_none());
        let (files, diags) = second.papers().kept("b/m/p", 7).expect("kept");
        assert_eq!(
            (files, diags.is_empty()),
            (vec![page("p/index.html", "page")], true)
        );
        assert!(second.others().kept("site pages", 9).is_some());
        assert_eq!(second.counts(), (0, 1));
        assert!(second.read_back_from("p/index.html").is_some());
        // A page changed in the output since: drawn again.
        fs::write(out.join("p/index.html"), "PAGE").expect("page");
        assert!(PublishedPages::load(&cache, &out)
            .papers()
            .kept("b/m/p", 7)
            .is_none());
    }

    #[test]
    fn a_record_that_is_not_one_is_ignored() {
        let header = header();
        for text in [
            String::new(),
            "plansite published pages v1 0000000000000000\n".to_string(),
            format!("{header}\npage 00 4 p.html\n"),
            format!("{header}\npages zz b/m/p\n"),
            format!("{header}\npages 07 b/m/p\npage 00 four p.html\n"),
            format!("{header}\nsomething else\n"),
        ] {
            assert!(parse(&text).is_none(), "{text:?}");
        }
        let good = format!("{header}\npages 07 b/m/p\npage 0a 4 p/index.html\n");
        let records = parse(&good).expect("a record");
        assert_eq!(
            records.get("b/m/p").map(|r| (r.fingerprint, r.pages.len())),
            Some((7, 1))
        );
    }
}

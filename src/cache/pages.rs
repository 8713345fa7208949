//! The paper pages `build` published last time, for the next `build` to
//! keep instead of drawing them again.
//!
//! After a build is swapped in, `.plansite-cache/pages.txt` records, for
//! each paper, the fingerprint of what its pages were drawn from
//! (`render::memo::Fingerprints`: its files, the papers it draws on, every
//! site-wide content file, the templates, plansite's own code and the build
//! date) and the path, length and fingerprint of each of its pages, whether
//! it goes into the search index, and the identity of the file it was
//! published as (device, inode, length, modification and change times,
//! as the build put it there: a file swapped in or changed since has
//! another identity, so the next build reads it rather than trusting it);
//! and the
//! same for each meeting page, each part of the site-wide pages and each
//! shard of the search index (`search <board>/<year>`, by the fingerprint
//! of the pages it indexes).
//!
//! The next build keeps a paper's pages only when its fingerprint is the
//! same and every one of its pages is in the output folder with exactly the
//! bytes recorded; otherwise it draws them. A paper's page (or a shard's
//! file) that is still the very file recorded, by identity, is trusted
//! without being read: it is linked into the new site as it is, and read
//! only if its shard of the index must be built again. Any other kept page
//! is read back and compared byte for byte. So the record makes a build
//! quicker but never changes what it writes: a page edited by hand in
//! `output/` (which changes its modification time, or its inode when the
//! editor writes a new file), a record written by another build of
//! plansite or for another output folder, a missing or unreadable file:
//! each only means the paper is drawn again. A trusted file that changes
//! while the build runs is read and put all the same while its bytes have
//! the recorded fingerprint, and otherwise stops the build ("build
//! again"): it never publishes something else.
//!
//! Pages whose drawing gave any warning are not recorded, so they are
//! drawn (and their warnings reported) by every build.

use crate::diagnostics::Diagnostics;
use crate::output::FileIdentity;
use crate::render::memo::Reusable;
use crate::render::OutputFile;
use std::fs;
use std::io::Read;
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
    format!("plansite published pages v2 {CODE_FINGERPRINT}")
}

/// What was published for one paper.
#[derive(Clone)]
struct Record {
    /// The fingerprint of what its pages were drawn from.
    fingerprint: u128,
    pages: Vec<Page>,
}

/// One published page: where, how long, its bytes' fingerprint, whether
/// it goes into the search index and the file it was published as.
#[derive(Clone)]
struct Page {
    path: String,
    len: u64,
    hash: u128,
    indexed: bool,
    /// Known once the build that drew it has been swapped in.
    identity: Option<FileIdentity>,
}

/// A page kept from the last build without reading it: what the record
/// says of its bytes.
#[derive(Clone, Copy)]
pub(crate) struct Unread {
    /// The published file, trusted to hold the page while it is this one.
    pub(crate) identity: FileIdentity,
    /// Its bytes' fingerprint.
    pub(crate) hash: u128,
    /// Whether it goes into the search index.
    pub(crate) indexed: bool,
}

/// How a kept page was found in the published site.
#[derive(Clone, Copy)]
enum ReadBack {
    /// Read (and checked) when it was this file.
    Read(FileIdentity),
    /// Trusted without being read.
    Unread(Unread),
}

/// The last build's record and this build's, for one output folder: of
/// papers' pages, and of the meeting and site-wide pages, kept and drawn
/// counted apart.
pub struct PublishedPages {
    shared: Arc<Shared>,
    papers: Counted,
    others: Counted,
    shards: Counted,
}

/// What both counts share.
struct Shared {
    /// The cache folder (holding the record).
    dir: PathBuf,
    /// The published site the record's pages are read back from.
    output: PathBuf,
    /// The last build's record, by key: `board/meeting/paper` for a paper,
    /// `board/meeting` for a meeting page, a name for a part of the
    /// site-wide pages, `search <shard>` for a shard of the index.
    last: rustc_hash::FxHashMap<String, Record>,
    /// When the last build's record was written.
    recorded: Option<std::time::SystemTime>,
    /// This build's record.
    next: Mutex<Vec<(String, Record)>>,
    /// The pages taken from the published site: read back (and checked),
    /// with the file each was read from, or trusted unread.
    read_back: Mutex<rustc_hash::FxHashMap<String, ReadBack>>,
}

/// The record, counting what it kept and what was drawn.
struct Counted {
    shared: Arc<Shared>,
    kept: AtomicUsize,
    drawn: AtomicUsize,
    /// Whether its pages may be kept unread ([`Unread`]): only those that
    /// go nowhere but into the new site and the search index (papers'
    /// pages, shards), never pages a build hands back to its caller.
    unread: bool,
}

/// Whether the cache folder `dir` holds a record of an earlier build's
/// pages, so that a build may keep most of its papers' pages rather than
/// draw them (it then need not keep their parsed text for drawing).
pub fn has_record(dir: &Path) -> bool {
    dir.join(RECORD).is_file()
}

impl PublishedPages {
    /// The record in the cache folder `dir` of what was published into
    /// `output`; empty when there is none or it cannot be read.
    pub fn load(dir: &Path, output: &Path) -> Self {
        let (recorded, last) = fs::read_to_string(dir.join(RECORD))
            .ok()
            .and_then(|text| parse(&text))
            .map_or((None, Default::default()), |(t, last)| (Some(t), last));
        let shared = Arc::new(Shared {
            dir: dir.to_path_buf(),
            output: output.to_path_buf(),
            last,
            recorded,
            next: Mutex::new(Vec::new()),
            read_back: Default::default(),
        });
        let counted = |unread| Counted {
            shared: shared.clone(),
            kept: AtomicUsize::new(0),
            drawn: AtomicUsize::new(0),
            unread,
        };
        PublishedPages {
            papers: counted(true),
            others: counted(false),
            shards: counted(true),
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

    /// Where the search index's shards are kept, by `search <shard id>`
    /// and the fingerprint of the pages indexed.
    pub(crate) fn shards(&self) -> &dyn Reusable {
        &self.shards
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
        match self.taken(path)? {
            ReadBack::Read(identity) => Some(identity),
            ReadBack::Unread(_) => None,
        }
    }

    /// What the record says of the page at `path` when this build kept it
    /// without reading it (its `OutputFile` then holds no bytes).
    pub(crate) fn unread(&self, path: &str) -> Option<Unread> {
        match self.taken(path)? {
            ReadBack::Unread(unread) => Some(unread),
            ReadBack::Read(_) => None,
        }
    }

    /// The bytes of a page this build drew or kept: read from the published
    /// site (and checked against the record) when it was kept unread.
    pub(crate) fn bytes(&self, file: &OutputFile) -> std::io::Result<Arc<[u8]>> {
        let Some(unread) = self.unread(&file.path) else {
            return Ok(file.bytes.clone());
        };
        let changed = || crate::output::changed_during_build(&file.path);
        let path = crate::output::safe_relative(&file.path)
            .map(|rel| self.shared.output.join(rel))
            .map_err(|_| changed())?;
        // Checked by its bytes: linking it into the new site since has
        // changed its inode's change time, not what it holds.
        let bytes = fs::read(&path).map_err(|_| changed())?;
        if crate::fingerprint::of(&bytes) != unread.hash {
            return Err(changed());
        }
        Ok(bytes.into())
    }

    fn taken(&self, path: &str) -> Option<ReadBack> {
        self.shared
            .read_back
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(path)
            .copied()
    }

    /// Writes this build's record, for the next build: called once the
    /// build has been swapped in, with each file as the build put it
    /// (`staged`, see [`crate::output::WriteReport`]). Best effort: a record
    /// that cannot be written only makes the next build draw every page.
    pub fn save(&self, staged: &std::collections::HashMap<String, FileIdentity>) {
        let shared = &self.shared;
        let mut next = std::mem::take(&mut *shared.next.lock().unwrap_or_else(|p| p.into_inner()));
        next.sort_by(|a, b| a.0.cmp(&b.0));
        // Later than every file was put: one that had changed within a
        // clock tick of then is not vouched for (see
        // `FileIdentity::settled_before`).
        let recorded = crate::output::nanos_since_epoch(std::time::SystemTime::now()).unwrap_or(0);
        // The record vouches for each page's file as this build put it,
        // not for whatever is at its path now: a file another build has
        // swapped in since, or one changed in place, is not that file (its
        // inode or times differ), so the next build reads it rather than
        // trusting it (`Shared::read_back`). Not looked at again here: that
        // was one call per page.
        for (_, record) in &mut next {
            for page in &mut record.pages {
                page.identity = staged.get(&page.path).copied();
            }
        }
        let mut text = header();
        text.push_str(&format!("\nrecorded {recorded}\n"));
        for (key, record) in &next {
            text.push_str(&format!("pages {:032x} {key}\n", record.fingerprint));
            for page in &record.pages {
                let identity = page
                    .identity
                    .and_then(|i| i.to_word())
                    .unwrap_or_else(|| "-".to_string());
                let indexed = if page.indexed { "i" } else { "-" };
                text.push_str(&format!(
                    "page {:032x} {} {indexed} {identity} {}\n",
                    page.hash, page.len, page.path
                ));
            }
        }
        let _ = super::write_atomically(&shared.dir, RECORD, text.as_bytes());
    }
}

impl Shared {
    /// The published page `page`, if it is exactly what was recorded, and
    /// how it was found: trusted without reading it when `unread` allows
    /// and it is still the file recorded (its `OutputFile` then holds no
    /// bytes), else read and compared.
    fn read_back(&self, page: &Page, unread: bool) -> Option<(OutputFile, ReadBack)> {
        let rel = crate::output::safe_relative(&page.path).ok()?;
        let path = self.output.join(rel);
        // Not through a symbolic link: the site is written with none.
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() != page.len {
            return None;
        }
        let identity = FileIdentity::of(&meta);
        let settled = self
            .recorded
            .is_some_and(|recorded| identity.settled_before(recorded));
        if unread && settled && page.identity == Some(identity) {
            let file = OutputFile {
                path: page.path.clone(),
                bytes: Arc::from(Vec::new()),
            };
            let unread = Unread {
                identity,
                hash: page.hash,
                indexed: page.indexed,
            };
            return Some((file, ReadBack::Unread(unread)));
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
            (file, ReadBack::Read(FileIdentity::of(&meta)))
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
            .map(|page| shared.read_back(page, self.unread))
            .collect::<Option<Vec<(OutputFile, ReadBack)>>>()?;
        self.kept.fetch_add(1, Relaxed);
        let mut files = Vec::with_capacity(read.len());
        let mut read_back = shared.read_back.lock().unwrap_or_else(|p| p.into_inner());
        for (file, how) in read {
            read_back.insert(file.path.clone(), how);
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
                indexed: crate::render::search::is_indexed(f),
                identity: None,
            })
            .collect();
        self.shared.record(key, Record { fingerprint, pages });
    }
}

/// Reads a record written by [`PublishedPages::save`]: when it was
/// written, and its records by key; `None` when it is not one, or was
/// written by other code.
fn parse(text: &str) -> Option<(std::time::SystemTime, rustc_hash::FxHashMap<String, Record>)> {
    let mut lines = text.lines();
    if lines.next()? != header() {
        return None;
    }
    let nanos = lines.next()?.strip_prefix("recorded ")?.parse().ok()?;
    let recorded = crate::output::time_from_nanos(nanos)?;
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
                let mut fields = rest.splitn(5, ' ');
                let mut field = || fields.next();
                let (hash, len, indexed, identity, path) =
                    (field()?, field()?, field()?, field()?, field()?);
                current.as_mut()?.1.pages.push(Page {
                    path: path.to_string(),
                    len: len.parse().ok()?,
                    hash: u128::from_str_radix(hash, 16).ok()?,
                    indexed: match indexed {
                        "i" => true,
                        "-" => false,
                        _ => return None,
                    },
                    identity: match identity {
                        "-" => None,
                        word => Some(FileIdentity::from_word(word)?),
                    },
                });
            }
            _ => return None,
        }
    }
    records.extend(current);
    Some((recorded, records))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files at `paths` in `out` as a build that put them there
    /// reports them.
    fn staged(out: &Path, paths: &[&str]) -> std::collections::HashMap<String, FileIdentity> {
        paths
            .iter()
            .filter_map(|p| Some((p.to_string(), FileIdentity::at(&out.join(p))?)))
            .collect()
    }

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
        first.save(&staged(&out, &["p/index.html", "q.html"]));

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
        let header = format!("{}\nrecorded 1000", header());
        for text in [
            String::new(),
            "plansite published pages v1 0000000000000000\n".to_string(),
            format!("{}\npages 07 b/m/p\n", super::header()),
            format!("{header}\npage 00 4 - - p.html\n"),
            format!("{header}\npages zz b/m/p\n"),
            format!("{header}\npages 07 b/m/p\npage 00 four - - p.html\n"),
            format!("{header}\npages 07 b/m/p\npage 00 4 x - p.html\n"),
            format!("{header}\npages 07 b/m/p\npage 00 4 i 1:2 p.html\n"),
            format!("{header}\nsomething else\n"),
        ] {
            assert!(parse(&text).is_none(), "{text:?}");
        }
        let good = format!(
            "{header}\npages 07 b/m/p\npage 0a 4 i 1:2:4:5:6 p/index.html\npage 0b 4 - - p/data.csv\n"
        );
        let (recorded, records) = parse(&good).expect("a record");
        let pages = &records.get("b/m/p").expect("b/m/p").pages;
        assert_eq!(
            (
                crate::output::nanos_since_epoch(recorded),
                pages
                    .iter()
                    .map(|p| (p.indexed, p.identity.is_some()))
                    .collect::<Vec<_>>()
            ),
            (Some(1000), vec![(true, true), (false, false)])
        );
    }

    /// Writes the record as if `save` had run a minute later than it did,
    /// so the files it vouches for have settled.
    fn age_record(cache: &Path) {
        let path = cache.join(RECORD);
        let text = fs::read_to_string(&path).expect("record");
        let (head, rest) = text.split_once("\nrecorded ").expect("recorded line");
        let (nanos, rest) = rest.split_once('\n').expect("more lines");
        let later = nanos.parse::<u128>().expect("nanos") + 60_000_000_000;
        fs::write(&path, format!("{head}\nrecorded {later}\n{rest}")).expect("write");
    }

    #[test]
    fn a_page_still_the_file_recorded_is_kept_unread_and_read_only_when_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache");
        let out = dir.path().join("output");
        fs::create_dir_all(out.join("p")).expect("output");
        let html = "<article data-pagefind-body>page</article>";
        fs::write(out.join("p/index.html"), html).expect("page");
        fs::write(out.join("q.html"), "other").expect("page");
        // No earlier build: a build keeps its papers' parsed text.
        assert!(!has_record(&cache));
        let first = PublishedPages::load(&cache, &out);
        first.papers().drawn(
            "b/m/p".into(),
            7,
            &[page("p/index.html", html)],
            &Diagnostics::new(),
        );
        first.others().drawn(
            "site pages".into(),
            9,
            &[page("q.html", "other")],
            &Diagnostics::new(),
        );
        first.save(&staged(&out, &["p/index.html", "q.html"]));
        assert!(has_record(&cache));

        // Recorded in the same moment as the files were written: read.
        let racy = PublishedPages::load(&cache, &out);
        let (files, _) = racy.papers().kept("b/m/p", 7).expect("kept");
        assert_eq!(files, vec![page("p/index.html", html)]);
        assert!(racy.unread("p/index.html").is_none());

        // Recorded well after: a paper's page is trusted unread, a site
        // page (handed back to the caller) is still read.
        age_record(&cache);
        let settled = PublishedPages::load(&cache, &out);
        let (files, _) = settled.papers().kept("b/m/p", 7).expect("kept");
        assert_eq!(files, vec![page("p/index.html", "")]);
        let unread = settled.unread("p/index.html").expect("unread");
        assert!(unread.indexed);
        assert!(settled.read_back_from("p/index.html").is_none());
        assert_eq!(
            &*settled.bytes(&files[0]).expect("bytes"),
            html.as_bytes(),
            "read when asked"
        );
        let (others, _) = settled.others().kept("site pages", 9).expect("kept");
        assert_eq!(others, vec![page("q.html", "other")]);

        // Changed in place after it was trusted: its bytes are refused.
        let tampered = html.replace("page", "PAGE");
        fs::write(out.join("p/index.html"), &tampered).expect("write through");
        let err = settled.bytes(&files[0]).expect_err("changed");
        assert!(
            err.to_string().contains(
                "p/index.html in the output folder changed while the site was being built"
            ),
            "{err}"
        );
        // And the next build reads it, finds it changed and draws it.
        assert!(PublishedPages::load(&cache, &out)
            .papers()
            .kept("b/m/p", 7)
            .is_none());
    }

    #[test]
    fn a_record_vouches_only_for_the_file_the_build_put_there() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache");
        let out = dir.path().join("output");
        fs::create_dir_all(out.join("p")).expect("output");
        let html = "<article data-pagefind-body>new</article>";
        fs::write(out.join("p/index.html"), html).expect("page");
        let put = staged(&out, &["p/index.html"]);
        // Another build swaps in its older page (same length) before this
        // one writes its record. (The page put is kept elsewhere, so the
        // older one cannot be given its inode.)
        fs::rename(out.join("p/index.html"), dir.path().join("put.html")).expect("move");
        fs::write(out.join("p/index.html"), html.replace("new", "old")).expect("older page");
        let first = PublishedPages::load(&cache, &out);
        first.papers().drawn(
            "b/m/p".into(),
            7,
            &[page("p/index.html", html)],
            &Diagnostics::new(),
        );
        first.save(&put);
        let put_word = put["p/index.html"].to_word().expect("identity");
        let there = FileIdentity::at(&out.join("p/index.html")).expect("older page");
        let record = fs::read_to_string(cache.join(RECORD)).expect("record");
        assert!(
            record.contains(&format!(" i {put_word} p/index.html\n")),
            "the record vouches for the file the build put there: {record}"
        );
        assert_ne!(Some(put_word), there.to_word(), "not for the one there now");
        age_record(&cache);
        // Read, found not to be the page recorded: drawn again.
        assert!(PublishedPages::load(&cache, &out)
            .papers()
            .kept("b/m/p", 7)
            .is_none());
    }
}

//! How `build` publishes papers without holding the site in memory: each
//! group of papers (a run of one board's meetings, see
//! [`crate::render::search::plan_groups`]) is written into the staging folder and
//! indexed for search as soon as it is rendered, and its pages are then
//! dropped. The rest of the site is written after rendering, and the
//! staging folder is swapped in only when the whole build succeeded
//! ([`crate::output::Staging`]).

use crate::cache::PublishedPages;
use crate::diagnostics::Diagnostics;
use crate::output::Staging;
use crate::render::search::{self, Group, IndexCache};
use crate::render::{OutputFile, PaperSink};
use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Writes each group's paper pages into a [`Staging`] folder and builds
/// the group's search shard from them.
pub struct WriteAndIndex<'a> {
    staging: &'a Staging,
    /// The pages kept from the last build, read back from the published
    /// site (linked from there without being compared again).
    published: Option<&'a PublishedPages>,
    cache: &'a dyn IndexCache,
    /// The language pagefind stems for.
    lang: String,
    /// With `--strict`, a warning fails the build.
    strict: bool,
    /// Set once a group has an error: the build will fail, so nothing more
    /// is written or indexed (and no failed build's shard replaces a good
    /// one in the cache).
    abandoned: AtomicBool,
    /// The first write error; nothing more is written after it.
    failure: Mutex<Option<io::Error>>,
    /// Time spent writing and indexing, summed over threads (nanoseconds).
    writing: AtomicU64,
    indexing: AtomicU64,
}

impl<'a> WriteAndIndex<'a> {
    pub fn new(
        staging: &'a Staging,
        published: Option<&'a PublishedPages>,
        cache: &'a dyn IndexCache,
        language: &str,
        strict: bool,
    ) -> Self {
        WriteAndIndex {
            staging,
            published,
            cache,
            lang: search::index_language(language),
            strict,
            abandoned: AtomicBool::new(false),
            failure: Mutex::new(None),
            writing: AtomicU64::new(0),
            indexing: AtomicU64::new(0),
        }
    }

    /// The first write error, if writing failed.
    pub fn failure(self) -> Option<io::Error> {
        match self.failure.into_inner() {
            Ok(failure) => failure,
            Err(_) => Some(crate::output::poisoned()),
        }
    }

    /// Whether to stop: writing failed or the build will.
    fn stopped(&self) -> bool {
        self.abandoned.load(Ordering::Relaxed) || self.failure.lock().map_or(true, |f| f.is_some())
    }

    /// Writes `files`; false (and the error kept) when one cannot be.
    fn write(&self, files: &[OutputFile]) -> bool {
        let start = Instant::now();
        let result = files
            .iter()
            .try_for_each(|f| put(self.staging, self.published, f));
        add(&self.writing, start.elapsed());
        match result {
            Ok(()) => true,
            Err(e) => {
                if let Ok(mut failure) = self.failure.lock() {
                    failure.get_or_insert(e);
                }
                false
            }
        }
    }
}

impl WriteAndIndex<'_> {
    /// The bundle of `group`'s shard of the search index, from its
    /// `indexed` pages: the one published last time, kept unread, when it
    /// was built from the same pages and is still there as published; else
    /// from the build cache, or built now.
    fn shard(
        &self,
        group: &Group,
        indexed: Vec<OutputFile>,
    ) -> Result<Vec<OutputFile>, crate::diagnostics::Diagnostic> {
        if indexed.is_empty() {
            return Ok(Vec::new());
        }
        let published = self.published;
        let hash = |page: &OutputFile| match published.and_then(|p| p.unread(&page.path)) {
            Some(unread) => unread.hash,
            None => search::page_hash(page),
        };
        let fp = search::fingerprint(&indexed, &self.lang, &hash);
        let Some(published) = published else {
            let bytes = |page: &OutputFile| Ok(page.bytes.clone());
            return search::index_group(group, indexed, fp, &self.lang, self.cache, &bytes);
        };
        let key = format!("search {}", group.id);
        if let Some((files, _)) = published.shards().kept(&key, fp) {
            return Ok(files);
        }
        let bytes = |page: &OutputFile| published.bytes(page);
        let files = search::index_group(group, indexed, fp, &self.lang, self.cache, &bytes)?;
        published
            .shards()
            .drawn(key, fp, &files, &Diagnostics::new());
        Ok(files)
    }
}

/// Puts `file` into `staging`: linked from the published site without
/// comparing it again when this build read it back from there, or kept it
/// unread (`published`), else compared and written as need be.
pub(crate) fn put(
    staging: &Staging,
    published: Option<&PublishedPages>,
    file: &OutputFile,
) -> io::Result<()> {
    let Some(published) = published else {
        return staging.put(file);
    };
    if let Some(unread) = published.unread(&file.path) {
        return staging.put_unread(file, unread.identity, unread.hash);
    }
    match published.read_back_from(&file.path) {
        Some(identity) => staging.put_published(file, identity),
        None => staging.put(file),
    }
}

fn add(total: &AtomicU64, took: Duration) {
    let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
    total.fetch_add(nanos, Ordering::Relaxed);
}

impl PaperSink for WriteAndIndex<'_> {
    fn keeps(&self) -> bool {
        false
    }

    fn busy(&self) -> Option<(Duration, Duration)> {
        let get = |a: &AtomicU64| Duration::from_nanos(a.load(Ordering::Relaxed));
        Some((get(&self.writing), get(&self.indexing)))
    }

    fn is_indexed(&self, page: &OutputFile) -> bool {
        match self.published.and_then(|p| p.unread(&page.path)) {
            Some(unread) => unread.indexed,
            None => search::is_indexed(page),
        }
    }

    fn take(
        &self,
        group: &Group,
        pages: Vec<OutputFile>,
        indexed: Vec<OutputFile>,
        diags: &mut Diagnostics,
    ) -> Vec<OutputFile> {
        if diags.fail_build(self.strict) {
            self.abandoned.store(true, Ordering::Relaxed);
        }
        if self.stopped() || !self.write(&pages) {
            return Vec::new();
        }
        // Written: only the indexed pages' bytes stay, until read.
        drop(pages);
        let start = Instant::now();
        let shard = self.shard(group, indexed);
        add(&self.indexing, start.elapsed());
        match shard {
            Ok(files) => {
                self.write(&files);
            }
            Err(d) => diags.push(d),
        }
        Vec::new()
    }
}

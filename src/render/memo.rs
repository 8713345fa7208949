//! Incremental rebuilds: reusing the paper pages of the previous build.
//!
//! Papers are almost all of a site's pages, and an edit usually touches one.
//! `serve` keeps a [`PaperMemo`] between builds; [`super::render_site`]
//! asks it for each paper and each meeting page and renders only those
//! whose inputs changed. `build` with its cache does the same for papers
//! alone, from the pages it published last time
//! (`crate::cache::PublishedPages`, a [`Reusable`] like the memo's stores),
//! with the digests it took of each paper file as it parsed it
//! ([`released_digests`]). A meeting page is drawn from its papers' front
//! matter and the site-wide inputs below. The search page, accessibility
//! statement and sitemap are kept while the site-wide pages' inputs, the
//! search shards and the paths of every page are. The
//! site-wide pages (home, boards, plans, standards, data, feeds) are kept
//! too while what they draw on is unchanged: the site-wide inputs below and,
//! of the papers, only their front matter, anchors and changes between
//! versions ([`Fingerprints::site_pages`]).
//!
//! A paper file is hashed (and scanned for links) only when it was read
//! again (its text is not the same `Arc` as last time); the other content
//! files (site, boards, meetings, plans, standards, progress, tables) are few and
//! hashed in full on every rebuild.
//!
//! What a paper's pages (its current page and its earlier versions) are
//! drawn from, and so what its fingerprint covers:
//! - its own files (the current text and every earlier version);
//! - the front matter of the other papers of its meeting (the titles of its
//!   appendices and of the paper it is an appendix to come from them);
//! - the files of every paper it links to with `{{ paper … }}` (the link's
//!   title and anchors come from them);
//! - everything site-wide: `site.toml`, every plan, standards, progress and table
//!   file, every board and meeting file, the list of all papers with their
//!   titles, and the theme's templates (with any web-team partials).
//!
//! A page is reused only when its paper's fingerprint is exactly the one it
//! was rendered with, so a rebuild draws the same bytes a full build would;
//! `an_incremental_rebuild_renders_only_changed_papers_and_matches_a_full_build`
//! in `tests/suite/workflow.rs` holds that. Links are found in the source
//! text (`{{ paper board/meeting/paper … }}`) before Markdown is rendered;
//! the renderer refuses one that is not in the source as written (spelt
//! with escapes or character references), so none is hidden.

use super::OutputFile;
use crate::content::is_paper_file;
use crate::diagnostics::Diagnostics;
use crate::fingerprint::Fingerprint;
use crate::model::{Meeting, Paper, PaperDigest, Site};
use crate::source::{SourceFile, SourceMap};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex, RwLock};

/// The pages and diagnostics of one paper or meeting, with the
/// fingerprint of what they were drawn from.
struct Entry {
    fingerprint: u128,
    files: Vec<OutputFile>,
    diags: Diagnostics,
}

/// Pages of the last build by key, each with its fingerprint, and how
/// many keys this build kept and drew.
#[derive(Default)]
pub(crate) struct PageStore {
    entries: RwLock<rustc_hash::FxHashMap<String, Entry>>,
    kept: AtomicUsize,
    drawn: AtomicUsize,
}

impl PageStore {
    /// The pages of `key` if they were drawn from exactly `fingerprint`.
    fn get(&self, key: &str, fingerprint: u128) -> Option<(Vec<OutputFile>, Diagnostics)> {
        let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|e| e.fingerprint == fingerprint)
            .map(|e| (e.files.clone(), e.diags.clone()))
    }

    fn put(&self, key: String, fingerprint: u128, files: &[OutputFile], diags: &Diagnostics) {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        entries.insert(
            key,
            Entry {
                fingerprint,
                files: files.to_vec(),
                diags: diags.clone(),
            },
        );
    }

    /// Forgets keys that are no longer in the site.
    fn retain(&self, in_site: impl Fn(&str) -> bool) {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        entries.retain(|k, _| in_site(k));
    }

    /// How many keys it holds.
    fn len(&self) -> usize {
        self.entries.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// How many keys this build (kept, drew).
    fn counts(&self) -> (usize, usize) {
        (self.kept.load(Relaxed), self.drawn.load(Relaxed))
    }

    fn reset_counts(&self) {
        self.kept.store(0, Relaxed);
        self.drawn.store(0, Relaxed);
    }
}

/// Where a rebuild finds the pages a paper (or meeting, or part of the
/// site-wide pages) was drawn with last time: in memory ([`PageStore`],
/// `serve`) or in the published site (`crate::cache::PublishedPages`,
/// `build` with its cache).
pub(crate) trait Reusable: Sync {
    /// The pages of `key` and their diagnostics if they were drawn from
    /// exactly `fingerprint` (counted as kept).
    fn kept(&self, key: &str, fingerprint: u128) -> Option<(Vec<OutputFile>, Diagnostics)>;
    /// The pages of `key` were drawn now from `fingerprint` (counted as
    /// drawn), for the next build to reuse.
    fn drawn(&self, key: String, fingerprint: u128, files: &[OutputFile], diags: &Diagnostics);
}

impl Reusable for PageStore {
    fn kept(&self, key: &str, fingerprint: u128) -> Option<(Vec<OutputFile>, Diagnostics)> {
        let kept = self.get(key, fingerprint)?;
        self.kept.fetch_add(1, Relaxed);
        Some(kept)
    }

    fn drawn(&self, key: String, fingerprint: u128, files: &[OutputFile], diags: &Diagnostics) {
        self.drawn.fetch_add(1, Relaxed);
        self.put(key, fingerprint, files, diags);
    }
}

/// The pages of `key` and their diagnostics: with a `store` and the
/// fingerprint of what they are drawn from, those of the last build when
/// it is unchanged; otherwise drawn now with `draw` (and handed to the
/// store for the next build).
pub(crate) fn kept_or_drawn(
    store: Option<(&dyn Reusable, u128)>,
    key: impl FnOnce() -> String,
    draw: impl FnOnce(&mut Diagnostics) -> Vec<OutputFile>,
) -> (Vec<OutputFile>, Diagnostics) {
    let Some((store, fingerprint)) = store else {
        let mut diags = Diagnostics::new();
        let files = draw(&mut diags);
        return (files, diags);
    };
    let key = key();
    if let Some(kept) = store.kept(&key, fingerprint) {
        return kept;
    }
    let mut diags = Diagnostics::new();
    let files = draw(&mut diags);
    store.drawn(key, fingerprint, &files, &diags);
    (files, diags)
}

/// What `serve` keeps between builds: the paper pages of the last build,
/// by `board/meeting/paper`, its meeting pages, by `board/meeting`, its
/// site-wide pages, the theme's templates, and the content files as read
/// and parsed.
#[derive(Default)]
pub struct PaperMemo {
    pub(crate) papers: PageStore,
    pub(crate) meetings: PageStore,
    /// The site-wide pages, by which part of the build draws them.
    pub(crate) site_pages: PageStore,
    /// The theme's templates as last parsed.
    templates: super::TemplateCache,
    /// The content files as last read, so a rebuild reads only those that
    /// changed, and the papers parsed from them.
    files_read: crate::source::ReadCache,
    /// The content folder's last listing, trusted while the watcher
    /// vouches for it.
    listing: crate::content::listing::WatchedListing,
    papers_parsed: crate::content::ParseCache,
    /// Each paper file's hash and links, while its text is the same.
    digests: TextDigests,
}

impl PaperMemo {
    pub fn new() -> Self {
        Self::default()
    }

    /// The content files as last read (see [`crate::source::ReadCache`]).
    pub fn files_read(&self) -> &crate::source::ReadCache {
        &self.files_read
    }

    /// The content folder's last listing (see
    /// [`crate::content::listing::WatchedListing`]).
    pub fn listing(&self) -> &crate::content::listing::WatchedListing {
        &self.listing
    }

    /// The theme's templates as last parsed (see [`super::TemplateCache`]).
    pub fn templates(&self) -> &super::TemplateCache {
        &self.templates
    }

    /// The papers as last parsed (see [`crate::content::ParseCache`]).
    pub fn papers_parsed(&self) -> &crate::content::ParseCache {
        &self.papers_parsed
    }

    /// The digests of the paper files among `sources` (hashing only those
    /// read again since the last build).
    pub(crate) fn digests_of(&self, sources: &SourceMap) -> Arc<Digests> {
        self.digests.of(sources)
    }

    /// How many papers the last build (rendered, reused).
    pub fn last_counts(&self) -> (usize, usize) {
        let (kept, drawn) = self.papers.counts();
        (drawn, kept)
    }

    pub(crate) fn start_build(&self) {
        self.papers.reset_counts();
    }

    /// Forgets papers and meetings that are no longer in `site`. Every
    /// paper and meeting of the site was looked up in this build, so none
    /// is stale while a store holds no more keys than the site has.
    pub(crate) fn retain(&self, site: &Site) {
        if self.papers.len() > site.papers().count() {
            self.papers.retain(|paper| site.paper(paper).is_some());
        }
        let meetings = site.boards.iter().map(|b| b.meetings.len()).sum();
        if self.meetings.len() > meetings {
            let meetings: rustc_hash::FxHashSet<String> = site
                .boards
                .iter()
                .flat_map(|b| b.meetings.iter().map(|m| meeting_key(&b.slug, &m.slug)))
                .collect();
            self.meetings.retain(|meeting| meetings.contains(meeting));
        }
    }
}

/// The [`PaperDigest`] of each paper file by path, kept while the file's
/// text is the very same (`Arc`) text, as the read cache hands back for a
/// file that did not change: so a rebuild hashes and scans only the files
/// read again, not every paper of the site.
#[derive(Default)]
struct TextDigests {
    entries: Mutex<DigestedTexts>,
}

#[derive(Default)]
struct DigestedTexts {
    /// The text each digest was taken of, by path.
    texts: rustc_hash::FxHashMap<Arc<str>, Arc<str>>,
    digests: Arc<Digests>,
}

/// Paper files' digests, by path.
pub(crate) type Digests = rustc_hash::FxHashMap<Arc<str>, PaperDigest>;

impl TextDigests {
    /// The digests of the paper files among `sources`, by path (shared
    /// with the next build, which starts from them).
    fn of(&self, sources: &SourceMap) -> Arc<Digests> {
        use rayon::prelude::*;
        let papers: Vec<&SourceFile> = sources.iter().filter(|f| is_paper_file(&f.path)).collect();
        let mut kept = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let DigestedTexts { texts, digests } = &mut *kept;
        let stale: Vec<&SourceFile> = papers
            .iter()
            .copied()
            .filter(|f| texts.get(&f.path).is_none_or(|t| !Arc::ptr_eq(t, &f.text)))
            .collect();
        let fresh: Vec<(&SourceFile, PaperDigest)> = stale
            .into_par_iter()
            .map(|f| (f, crate::content::paper_digest(&f.path, &f.text)))
            .collect();
        // The last build's fingerprints are gone, so this is the only
        // holder and the map is updated in place.
        let map = Arc::make_mut(digests);
        for (f, digest) in fresh {
            texts.insert(f.path.clone(), f.text.clone());
            map.insert(f.path.clone(), digest);
        }
        if map.len() > papers.len() {
            let present: rustc_hash::FxHashSet<&str> = papers.iter().map(|f| &*f.path).collect();
            map.retain(|path, _| present.contains(&**path));
            texts.retain(|path, _| present.contains(&**path));
        }
        digests.clone()
    }
}

/// The digests `build` took of its papers' files as it parsed them and let
/// their text go ([`crate::model::Released`]), by path.
pub(crate) fn released_digests(site: &Site) -> Arc<Digests> {
    let digests = site
        .papers()
        .flat_map(|p| p.versions())
        .filter_map(|v| {
            let released = v.released.as_ref()?;
            Some((v.location.path.clone(), released.digest.clone()))
        })
        .collect();
    Arc::new(digests)
}

/// Computes the fingerprints of a site's papers.
pub(crate) struct Fingerprints {
    /// Every paper file's digest, by path.
    digests: Arc<Digests>,
    /// What the site-wide pages are drawn from (see [`Fingerprints::site_pages`]).
    site_pages: u128,
    /// Every meeting's page and papers' fingerprints (site-wide inputs
    /// included), by `board/meeting`.
    meetings: rustc_hash::FxHashMap<String, MeetingPrints>,
}

/// See [`Fingerprints::meeting`].
struct MeetingPrints {
    page: u128,
    /// Each paper's, by slug, in the meeting's order.
    papers: Vec<(String, u128)>,
}

impl Fingerprints {
    /// `digests` are the paper files' (from [`PaperMemo::digests_of`] or
    /// [`released_digests`]), `sources` the other content files, and
    /// `salt` a fingerprint of everything else pages are drawn from: the
    /// theme's templates and, for `build`, plansite's own code and the
    /// build date ([`crate::cache::PublishedPages`]).
    pub(crate) fn new(digests: Arc<Digests>, site: &Site, sources: &SourceMap, salt: u128) -> Self {
        use rayon::prelude::*;
        let mut h = Fingerprint::new();
        h.part(env!("CARGO_PKG_VERSION").as_bytes()).nested(salt);
        // Paper files apart (digested), every content file in full.
        for file in sources.iter().filter(|f| !is_paper_file(&f.path)) {
            h.part(file.path.as_bytes()).part(file.text.as_bytes());
        }
        // Every paper's reference and title (links to papers show them).
        for board in &site.boards {
            for meeting in &board.meetings {
                for paper in &meeting.papers {
                    h.part(board.slug.as_bytes())
                        .part(meeting.slug.as_bytes())
                        .part(paper.slug.as_bytes())
                        .part(paper.title.as_bytes());
                }
            }
        }
        h.part(&(site.boards.len() as u64).to_le_bytes());
        let site_wide = h.finish();
        let site_pages = site_pages(site, &digests, site_wide);
        let mut fingerprints = Fingerprints {
            digests,
            site_pages,
            meetings: Default::default(),
        };
        let all: Vec<(String, &Meeting)> = site
            .boards
            .iter()
            .flat_map(|b| {
                b.meetings
                    .iter()
                    .map(move |m| (meeting_key(&b.slug, &m.slug), m))
            })
            .collect();
        let meetings = all
            .into_par_iter()
            .map(|(key, m)| {
                let fp = fingerprints.meeting(site, site_wide, m);
                (key, fp)
            })
            .collect();
        fingerprints.meetings = meetings;
        fingerprints
    }

    /// The fingerprints of a meeting's page and of each of its papers.
    ///
    /// The meeting page (its agenda) is drawn from its papers' front
    /// matter: their items, titles, kinds, access and appendices. A
    /// paper's pages are drawn from its own files, the front matter of the
    /// other papers of its meeting (their titles and appendices) and the
    /// papers it links to: so an edit to one paper's text draws again only
    /// that paper (and those linking to it), not its whole meeting.
    fn meeting(&self, site: &Site, site_wide: u128, meeting: &Meeting) -> MeetingPrints {
        let digest = |path: &Arc<str>| self.digests.get(path);
        let mut fronts = Fingerprint::new();
        fronts.nested(site_wide);
        for version in meeting.papers.iter().flat_map(|p| p.versions()) {
            let d = digest(&version.location.path);
            fronts
                .part(version.location.path.as_bytes())
                .nested(d.map_or(0, |d| d.front));
        }
        let fronts = fronts.finish();
        let papers = meeting
            .papers
            .iter()
            .map(|p| {
                let mut h = Fingerprint::new();
                h.nested(fronts).part(p.slug.as_bytes());
                let mut linked: Vec<&str> = Vec::new();
                for version in p.versions() {
                    let d = digest(&version.location.path);
                    h.nested(d.map_or(0, |d| d.hash));
                    linked.extend(d.iter().flat_map(|d| d.links.iter().map(String::as_str)));
                }
                linked.sort_unstable();
                linked.dedup();
                for key in linked {
                    h.part(key.as_bytes());
                    if let Some(target) = site.paper(key) {
                        for version in target.versions() {
                            h.nested(digest(&version.location.path).map_or(0, |d| d.hash));
                        }
                    }
                }
                (p.slug.clone(), h.finish())
            })
            .collect();
        MeetingPrints {
            page: Fingerprint::new()
                .nested(fronts)
                .part(b"meeting page")
                .finish(),
            papers,
        }
    }

    /// The fingerprint of the site-wide pages: the home page, the boards
    /// index and board pages, and the plan, standards, data, feed and
    /// What's new pages. They are drawn from the site-wide inputs and, of
    /// the papers, only from their front matter (titles, dates, summaries,
    /// plans cited, revisions), the anchors of their bodies (which
    /// standards pages link to) and what changed between
    /// their versions (in the feeds): so an edit to a paper's text that
    /// keeps its numbering keeps these pages.
    pub(crate) fn site_pages(&self) -> u128 {
        self.site_pages
    }

    /// The fingerprint of a meeting's page (`meeting_key` is
    /// `board/meeting`): its papers' front matter and the site-wide
    /// inputs, which hold every meeting file and so the previous and next
    /// meetings; `None` for a meeting not in the site.
    pub(crate) fn meeting_page(&self, meeting_key: &str) -> Option<u128> {
        Some(self.meetings.get(meeting_key)?.page)
    }

    /// The fingerprint of one paper's pages (`meeting_key` is
    /// `board/meeting`); `None` for a paper not in the site.
    pub(crate) fn paper(&self, meeting_key: &str, paper: &Paper) -> Option<u128> {
        let meeting = self.meetings.get(meeting_key)?;
        meeting
            .papers
            .iter()
            .find(|(slug, _)| *slug == paper.slug)
            .map(|&(_, fp)| fp)
    }
}

/// See [`Fingerprints::site_pages`].
fn site_pages(site: &Site, digests: &Digests, site_wide: u128) -> u128 {
    let mut h = Fingerprint::new();
    h.nested(site_wide).part(b"site pages");
    for paper in site.papers().flat_map(|p| p.versions()) {
        h.part(paper.location.path.as_bytes())
            .nested(digests.get(&paper.location.path).map_or(0, |d| d.front))
            .part(paper.targets.as_str().as_bytes());
        if let Some(c) = &paper.revision.changes {
            for list in [&c.added, &c.removed, &c.changed] {
                h.part(&(list.len() as u64).to_le_bytes());
                for number in list {
                    h.part(number.as_bytes());
                }
            }
            h.part(&[
                u8::from(c.title_changed),
                u8::from(c.summary_changed),
                u8::from(c.recommendations_changed),
            ]);
        }
    }
    h.finish()
}

/// The key of a meeting in the memo and in [`Fingerprints`]: `board/meeting`.
pub(crate) fn meeting_key(board: &str, meeting: &str) -> String {
    format!("{board}/{meeting}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paper_files_are_left_out_of_the_site_wide_part() {
        assert!(is_paper_file("content/boards/kent-hwb/2016-01-27/bcf.md"));
        assert!(is_paper_file(
            "content/boards/kent-hwb/2016-01-27/bcf.v1.md"
        ));
        assert!(!is_paper_file(
            "content/boards/kent-hwb/2016-01-27/_meeting.toml"
        ));
        assert!(!is_paper_file("content/boards/kent-hwb/_board.toml"));
        assert!(!is_paper_file("content/plans/kent.toml"));
    }
}

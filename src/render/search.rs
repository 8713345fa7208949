//! Static search: the search page and the search index, with no server.
//!
//! The index is built by [pagefind](https://pagefind.app) from the rendered
//! HTML of every current, public paper page (the pages whose `<article>`
//! carries `data-pagefind-body`; exempt papers and earlier versions never
//! do), through pagefind's Rust `api`, in memory: this module returns the
//! bundle as [`OutputFile`]s under `pagefind/` and never writes a file.
//!
//! The index is split into *shards*: one complete pagefind bundle for the
//! papers of one board over a run of years ([`plan_groups`]), at
//! `pagefind/<board>/<first year>/`, listed in `pagefind/shards.json`. So
//! a site's memory for indexing is bounded by one shard however many papers
//! it has, shards are built in parallel, and a rebuild re-indexes only the
//! shards whose pages changed: each shard has a fingerprint of exactly what
//! it indexes, and an [`IndexCache`] (the build cache in `crate::cache`)
//! hands back a shard built earlier from the same pages.
//!
//! The search page (`search/`) is usable without JavaScript: it lists every
//! board and meeting. With JavaScript, the theme's `assets/search.js`
//! reveals a labelled search form (with a choice of board), queries the
//! shards through pagefind's JavaScript API (the first as the primary
//! index, the others merged into it) and announces the number of results in
//! a status region. Only the files that script needs are published
//! (pagefind's own UI variants are left out).

use super::views::Link;
use super::{urls, OutputFile, PageSpec, Renderer};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fingerprint::Fingerprint;
use crate::model::{Access, Site};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Where the bundle goes, relative to the output root.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// The marker that admits a page to the index.
const INDEXED: &str = "data-pagefind-body";

/// A board's papers go into one shard until it holds at least this many;
/// the next year then starts a new shard. Big enough that a county site
/// has a handful of shards (a search fetches a little of each), small
/// enough that indexing one takes under a second and about 50 MB. A build
/// indexes about one shard per core at once (a thread waiting for its
/// shard's parallel work may take up another meanwhile), so on two cores a
/// 10,000-paper build peaks near 200 MB.
pub(crate) const SHARD_PAPERS: usize = 300;

/// Changes whenever what a shard's bundle holds for the same pages could
/// change: plansite's version (and so how it calls pagefind), the exact
/// versions of the crates that write the bundle, read from `Cargo.lock` by
/// `build.rs`, and a fingerprint of the vendored copy of pagefind (also
/// `build.rs`).
const FINGERPRINT_SALT: &str = concat!(
    "plansite ",
    env!("CARGO_PKG_VERSION"),
    " search v6; ",
    env!("PLANSITE_INDEXER_VERSIONS")
);

/// The theme's script for the search page, published only with search on.
pub const SCRIPT: &str = "assets/search.js";

/// Shards built by an earlier build, by shard and fingerprint.
pub trait IndexCache: Send + Sync {
    /// The bundle files of `shard` built from pages with `fingerprint`.
    fn get(&self, shard: &str, fingerprint: &str) -> Option<Vec<OutputFile>>;
    /// Keeps the bundle files of `shard` for a later build.
    fn put(&self, shard: &str, fingerprint: &str, files: &[OutputFile]);
    /// Forgets every shard (the site's search was turned off).
    fn clear(&self) {}
    /// The words read from `shard`'s pages by an earlier build, as kept
    /// by [`IndexCache::put_records`] (see `index_records`).
    fn records(&self, _shard: &str) -> Option<Vec<u8>> {
        None
    }
    /// Keeps the words read from `shard`'s pages for a later build.
    fn put_records(&self, _shard: &str, _bytes: &[u8]) {}
    /// Whether it keeps them at all (when not, they are not made ready
    /// for it).
    fn keeps_records(&self) -> bool {
        false
    }
}

/// No cache: every shard is built.
pub struct NoCache;
impl IndexCache for NoCache {
    fn get(&self, _: &str, _: &str) -> Option<Vec<OutputFile>> {
        None
    }
    fn put(&self, _: &str, _: &str, _: &[OutputFile]) {}
}

#[derive(Serialize)]
struct MeetingItem {
    text: String,
    href: String,
    papers: usize,
}

#[derive(Serialize)]
struct BoardItem {
    name: String,
    /// The value of the board's option in the search form's choice of board.
    slug: String,
    href: String,
    meetings: Vec<MeetingItem>,
    /// Whether the index holds any of its papers (it is offered as a choice).
    searchable: bool,
}

#[derive(Serialize)]
struct SearchView {
    script: String,
    boards: Vec<BoardItem>,
    /// How many papers the index holds.
    indexed: usize,
}

/// The search page, given the shards the index has (see [`Shard`]).
pub(crate) fn search_page(
    r: &Renderer<'_>,
    shards: &[Shard],
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    let path = "search/index.html";
    let indexed = shards.iter().map(|s| s.papers).sum();
    let boards = r
        .site
        .boards
        .iter()
        .map(|b| BoardItem {
            name: b.name.clone(),
            slug: b.slug.clone(),
            searchable: shards.iter().any(|s| s.board == b.slug),
            href: urls::link(path, &urls::board(&b.slug)),
            meetings: b
                .meetings
                .iter()
                .rev()
                .map(|m| MeetingItem {
                    text: super::format::meeting_date(m),
                    href: urls::link(path, &urls::meeting(&b.slug, &m.slug)),
                    papers: m.papers.len(),
                })
                .collect(),
        })
        .collect();
    let view = SearchView {
        script: urls::link(path, SCRIPT),
        boards,
        indexed,
    };
    let crumbs = vec![Link {
        text: "Home".into(),
        href: urls::link(path, "index.html"),
    }];
    r.page(
        PageSpec::new("search.html", path, "Search papers", "search").crumbs(crumbs),
        &view,
        diags,
    )
}

/// Whether a bundle file is one the search page uses.
fn wanted(name: &str) -> bool {
    !(name.starts_with("pagefind-ui")
        || name.starts_with("pagefind-modular-ui")
        || name.starts_with("pagefind-component-ui")
        || name.starts_with("pagefind-highlight")
        || name.starts_with("playground/"))
}

/// A run of one board's meetings whose papers are rendered together and
/// share one part (shard) of the search index.
#[derive(Debug, Clone)]
pub struct Group {
    /// `<board>/<first year>`: the shard's folder under `pagefind/` and its
    /// name in the cache.
    pub id: String,
    /// Index of the board in the site.
    pub board: usize,
    /// Indexes of its meetings in the board.
    pub meetings: std::ops::Range<usize>,
}

/// A shard the index has: its group, board and how many papers it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
    pub id: String,
    pub board: String,
    pub papers: usize,
}

/// Whether a rendered page goes into the index.
pub(crate) fn is_indexed(file: &OutputFile) -> bool {
    static MARKER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(INDEXED));
    file.path.ends_with(".html") && MARKER.find(&file.bytes).is_some()
}

/// Splits each board's meetings into groups: a new group starts at a change
/// of year once the current one holds [`SHARD_PAPERS`] public papers.
/// Boundaries depend only on earlier meetings, so new meetings change only
/// a board's last group.
pub fn plan_groups(site: &Site) -> Vec<Group> {
    let mut groups = Vec::new();
    for (bi, board) in site.boards.iter().enumerate() {
        let mut current: Option<(String, usize, Group)> = None;
        for (mi, meeting) in board.meetings.iter().enumerate() {
            let year = meeting
                .date
                .known()
                .map_or_else(|| "undated".to_string(), |d| d.year().to_string());
            let public = meeting
                .papers
                .iter()
                .filter(|p| matches!(p.access, Access::Public))
                .count();
            let start_new = match &current {
                None => true,
                Some((last_year, count, _)) => year != *last_year && *count >= SHARD_PAPERS,
            };
            if start_new {
                groups.extend(current.take().map(|(_, _, g)| g));
                current = Some((
                    year.clone(),
                    0,
                    Group {
                        id: format!("{}/{year}", board.slug),
                        board: bi,
                        meetings: mi..mi,
                    },
                ));
            }
            if let Some((last_year, count, group)) = current.as_mut() {
                *last_year = year;
                *count += public;
                group.meetings.end = mi + 1;
            }
        }
        groups.extend(current.map(|(_, _, g)| g));
    }
    groups
}

/// The pages of a group's papers that go into its shard, in content order:
/// the current version of each paper, when it carries the index's marker.
/// They are copies that share the pages' bytes: in `build`, where the
/// group's pages are dropped once written, the indexer then holds each
/// page only until it has read it.
pub(crate) fn indexed_pages<'f>(
    site: &Site,
    group: &Group,
    page: impl Fn(&str) -> Option<&'f OutputFile>,
    is_indexed: impl Fn(&OutputFile) -> bool,
) -> Vec<OutputFile> {
    let Some(board) = site.boards.get(group.board) else {
        return Vec::new();
    };
    let Some(meetings) = board.meetings.get(group.meetings.clone()) else {
        return Vec::new();
    };
    meetings
        .iter()
        .flat_map(|m| {
            m.papers
                .iter()
                .map(move |p| urls::paper(&board.slug, &m.slug, &p.slug))
        })
        .filter_map(|path| page(&path).filter(|f| is_indexed(f)).cloned())
        .collect()
}

/// The shard a group makes when `papers` of its pages are indexed.
pub(crate) fn shard_of(site: &Site, group: &Group, papers: usize) -> Option<Shard> {
    let board = site.boards.get(group.board)?;
    (papers > 0).then(|| Shard {
        id: group.id.clone(),
        board: board.slug.clone(),
        papers,
    })
}

/// What a shard's bundle is built from, as a fingerprint: its pages' URLs
/// and the fingerprints of their bytes (`hash`), the language and
/// plansite's version.
pub(crate) fn fingerprint(
    pages: &[OutputFile],
    language: &str,
    hash: &dyn Fn(&OutputFile) -> u128,
) -> u128 {
    let mut h = Fingerprint::new();
    h.part(FINGERPRINT_SALT.as_bytes())
        .part(language.as_bytes());
    for page in pages {
        h.part(page.path.as_bytes()).part(&hash(page).to_le_bytes());
    }
    h.finish()
}

/// The fingerprint of a page's bytes, as [`fingerprint`] takes it.
pub(crate) fn page_hash(page: &OutputFile) -> u128 {
    crate::fingerprint::of(&page.bytes)
}

/// The language pagefind stems for: `en` for `en-GB`.
pub(crate) fn index_language(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase()
}

/// One group's shard: the bundle built from its indexed `pages`, whose
/// shard [`fingerprint`] is `fp` (or taken from `cache` when they have not
/// changed), with paths under `pagefind/`. Nothing when the group has no
/// indexed pages. `bytes` gives each page's bytes (a page `build` kept
/// from the last build unread holds none: they are read only now, when
/// the shard must be built); each page is dropped once its text has been
/// copied for the indexer.
pub(crate) fn index_group(
    group: &Group,
    pages: Vec<OutputFile>,
    fp: u128,
    lang: &str,
    cache: &dyn IndexCache,
    bytes: &dyn Fn(&OutputFile) -> std::io::Result<std::sync::Arc<[u8]>>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    if pages.is_empty() {
        return Ok(Vec::new());
    }
    let fp = format!("{fp:032x}");
    let files = match cache.get(&group.id, &fp) {
        Some(hit) => hit,
        None => {
            let pages = pages
                .into_iter()
                .map(|page| {
                    let read = bytes(&page).map_err(|e| {
                        Diagnostic::error(format!("the search index could not be built: {e}"))
                    })?;
                    Ok(OutputFile {
                        path: page.path,
                        bytes: read,
                    })
                })
                .collect::<Result<Vec<_>, Diagnostic>>()?;
            let built = index_shard(pages, lang, Some((cache, &group.id))).map_err(|e| {
                Diagnostic::error(format!("the search index could not be built: {e}")).hint(
                    "this is a bug in plansite or pagefind; please report it with the page named",
                )
            })?;
            cache.put(&group.id, &fp, &built);
            built
        }
    };
    Ok(files
        .into_iter()
        .map(|f| OutputFile {
            path: format!("{BUNDLE_DIR}/{}/{}", group.id, f.path),
            bytes: f.bytes,
        })
        .collect())
}

/// The shard list the search script reads: `pagefind/shards.json`.
#[derive(Serialize)]
struct Manifest<'a> {
    shards: Vec<ManifestShard<'a>>,
}

#[derive(Serialize)]
struct ManifestShard<'a> {
    board: &'a str,
    /// The shard's folder, relative to `pagefind/`, ending in `/`.
    path: String,
    papers: usize,
}

/// `pagefind/shards.json`: the list of shards the search script reads.
pub(crate) fn manifest(shards: &[Shard]) -> Result<OutputFile, Diagnostic> {
    let manifest = Manifest {
        shards: shards
            .iter()
            .map(|s| ManifestShard {
                board: &s.board,
                path: format!("{}/", s.id),
                papers: s.papers,
            })
            .collect(),
    };
    serde_json::to_vec_pretty(&manifest)
        .map(|bytes| OutputFile {
            path: format!("{BUNDLE_DIR}/shards.json"),
            bytes: bytes.into(),
        })
        .map_err(|e| {
            Diagnostic::error(format!(
                "the search index's list of shards could not be written: {e}"
            ))
        })
}

/// Builds the search index from a site's rendered pages held in memory
/// (as `serve` does): every shard (in parallel, or from `cache` when its
/// pages have not changed) and the manifest. Returns the files to publish
/// under `pagefind/`. `build` instead indexes each group as soon as its
/// papers are rendered and written (`crate::stream`).
pub fn bundle(
    site: &Site,
    files: &[OutputFile],
    language: &str,
    cache: &dyn IndexCache,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let lang = index_language(language);
    let by_path: HashMap<&str, &OutputFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let groups = plan_groups(site);
    let built: Vec<_> = groups
        .par_iter()
        .map(|group| {
            let pages = indexed_pages(site, group, |p| by_path.get(p).copied(), is_indexed);
            let shard = shard_of(site, group, pages.len());
            let fp = fingerprint(&pages, &lang, &page_hash);
            let bytes = |page: &OutputFile| Ok(page.bytes.clone());
            (shard, index_group(group, pages, fp, &lang, cache, &bytes))
        })
        .collect();
    let mut out = Vec::new();
    let mut shards = Vec::new();
    for (shard, result) in built {
        shards.extend(shard);
        match result {
            Ok(files) => out.extend(files),
            Err(d) => diags.push(d),
        }
    }
    match manifest(&shards) {
        Ok(f) => out.push(f),
        Err(d) => diags.push(d),
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// One shard's pagefind bundle, paths relative to the shard's folder,
/// reusing what `kept` (a cache and the shard's id) holds of the words
/// read from its pages by an earlier build ([`index_records`]).
/// Each page is dropped as soon as its text is copied for pagefind, so in
/// `build` a shard's peak (when the bundle is written) holds none of them.
///
/// [`index_records`]: super::index_records
fn index_shard(
    pages: Vec<OutputFile>,
    lang: &str,
    kept: Option<(&dyn IndexCache, &str)>,
) -> Result<Vec<OutputFile>, String> {
    // Shards are indexed on rayon's threads, and a thread waiting for one
    // of rayon's parallel loops may be given other work meanwhile, even
    // another shard to index. So nothing that waits for rayon runs inside
    // the indexer's async runtime (a runtime cannot start, nor the index's
    // lock be waited for, inside another): the pages' text, their words
    // (`add_records`) and the index itself (`build_indexes_blocking`, in
    // the vendored pagefind) are made outside it, and the runtime only
    // drives pagefind's own reader of HTML (which reads on tokio's threads)
    // and the writing of the bundle into memory.
    //
    // plansite's own markup is read in one pass (see `index_text`). If any
    // page of the shard is not, every page is read by pagefind's own
    // reader, as its rules for which pages go in (a page without a body is
    // left out when others have one) hold only among pages it has read
    // itself. Read in parallel: in a rebuild after one edit this shard is
    // the only one indexed, and the other cores would be idle.
    let texts: Option<Vec<_>> = pages
        .par_iter()
        .map(|page| super::index_text::digest(&String::from_utf8_lossy(&page.bytes)))
        .collect();
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(lang.to_string())
        .build();
    let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    match texts {
        Some(texts) => {
            let (paths, records): (Vec<String>, Vec<_>) = pages
                .into_iter()
                .zip(texts)
                .map(|(page, text)| {
                    let record = pagefind::api::CustomRecord {
                        url: format!("/{}", urls::pretty(&page.path)),
                        content: text.content,
                        language: lang.to_string(),
                        meta: Some(record_meta(text.title, text.image)),
                        filters: None,
                        sort: None,
                    };
                    (page.path, record)
                })
                .unzip();
            add_records(&mut index, &paths, records, kept)?;
        }
        None => runtime.block_on(async {
            for page in pages {
                let url = format!("/{}", urls::pretty(&page.path));
                let html = separate_blocks(&String::from_utf8_lossy(&page.bytes));
                let path = page.path;
                drop(page.bytes);
                index
                    .add_html_file(None, Some(url), html)
                    .await
                    .map_err(|e| format!("{path}: {e}"))?;
            }
            Ok::<(), String>(())
        })?,
    }
    index.build_indexes_blocking().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let bundle = index.get_built_files().await;
        let mut out: Vec<OutputFile> = bundle
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                wanted(&name).then_some(OutputFile {
                    path: name,
                    bytes: f.contents.into(),
                })
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    })
}

/// Adds `records` (of the pages at `paths`) to `index`, in order, as
/// pagefind's `add_custom_record` would one after another: the words of
/// each are taken from what `kept` holds for the very same record, or
/// read now (on every core, in the vendored pagefind: vendor/README.md),
/// and what was read is kept for the next build.
fn add_records(
    index: &mut pagefind::api::PagefindIndex,
    paths: &[String],
    records: Vec<pagefind::api::CustomRecord>,
    kept: Option<(&dyn IndexCache, &str)>,
) -> Result<(), String> {
    use super::index_records;
    let kept = kept.filter(|(cache, _)| cache.keeps_records());
    let keys: Vec<String> = records
        .iter()
        .map(|r| index_records::key(FINGERPRINT_SALT, r))
        .collect();
    let mut earlier = kept
        .and_then(|(cache, shard)| cache.records(shard))
        .map(|bytes| index_records::decode(&bytes))
        .unwrap_or_default();
    let mut readings: Vec<_> = keys.iter().map(|k| earlier.remove(k)).collect();
    let (at, unread): (Vec<usize>, Vec<_>) = records
        .into_iter()
        .enumerate()
        .filter(|(i, _)| readings[*i].is_none())
        .unzip();
    let read_now = index.fossick_custom_records_blocking(unread);
    for (&i, reading) in at.iter().zip(read_now) {
        let reading = reading.map_err(|e| format!("{}: {e}", paths[i]))?;
        readings[i] = Some(reading.into());
    }
    let readings: Vec<_> = readings.into_iter().flatten().collect();
    if let Some((cache, shard)) = kept.filter(|_| !at.is_empty() || !earlier.is_empty()) {
        let by_key: Vec<_> = keys.into_iter().zip(&readings).collect();
        if let Some(bytes) = index_records::encode(&by_key) {
            cache.put_records(shard, &bytes);
        }
    }
    index.add_fossicked_blocking(readings.into_iter().map(|r| r.record).collect());
    Ok(())
}

/// Block elements whose text pagefind runs into the next element's: it ends
/// a word only at the end of its own list of block elements (`p`, `li`,
/// `td`, `div`, headings…), so `<dt>From</dt><dd>Roger Gough</dd>` was
/// indexed as the one word "FromRoger", and a search for the author found
/// nothing. Lower case; matched without regard to case.
const UNSEPARATED_BLOCKS: &[&str] = &[
    "address",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "header",
    "main",
    "ol",
    "pre",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "th",
    "thead",
    "tr",
];

/// The metadata pagefind's own reader keeps for a page: its title and the
/// first image after it.
pub(crate) fn record_meta(
    title: String,
    image: Option<(String, String)>,
) -> std::collections::BTreeMap<String, String> {
    let mut meta = std::collections::BTreeMap::from([("title".to_string(), title)]);
    if let Some((src, alt)) = image {
        meta.insert("image".to_string(), src);
        meta.insert("image_alt".to_string(), alt);
    }
    meta
}

/// Whether the indexer reads a space after the end tag of element `name`
/// (lower case): one of the [`UNSEPARATED_BLOCKS`].
pub(crate) fn separates(name: &str) -> bool {
    UNSEPARATED_BLOCKS.contains(&name)
}

/// `html` with a space after the end tag of each [`UNSEPARATED_BLOCKS`]
/// element, so that the indexer reads the words either side of it as two.
/// Whatever the theme, the page's words are the index's words. (The page
/// as published is unchanged; only the indexer's copy is.)
pub(crate) fn separate_blocks(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 64);
    let mut rest = html;
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), b"</") {
        let after = &rest[at + 2..];
        let name_len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = &after[..name_len];
        let close = after[name_len..].find('>').map(|i| name_len + i + 1);
        match close {
            Some(end)
                if UNSEPARATED_BLOCKS
                    .iter()
                    .any(|b| b.eq_ignore_ascii_case(name)) =>
            {
                out.push_str(&rest[..at + 2 + end]);
                out.push(' ');
                rest = &after[end..];
            }
            _ => {
                out.push_str(&rest[..at + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{separate_blocks, IndexCache};

    /// The number of pages in a shard's bundle.
    fn fragments(pages: &[(&str, &str)]) -> usize {
        let pages = pages
            .iter()
            .map(|(path, html)| super::OutputFile {
                path: path.to_string(),
                bytes: html.as_bytes().to_vec().into(),
            })
            .collect();
        super::index_shard(pages, "en", None)
            .expect("indexed")
            .iter()
            .filter(|f| f.path.ends_with(".pf_fragment"))
            .count()
    }

    #[test]
    fn a_shard_with_a_page_plansite_does_not_read_is_read_by_pagefind_throughout() {
        let paper = "<!DOCTYPE html><html><head><title>x</title></head><body>\
            <article data-pagefind-body><h1>Paper</h1><p>Words.</p></article></body></html>";
        // The marker in its text, but no body: pagefind leaves it out when
        // another page has a body, which its own reader must see.
        let mentions = "<!DOCTYPE html><html><head><title>y</title></head><body>\
            <h1>Notes</h1><p>the data-pagefind-body attribute</p><!-- c --></body></html>";
        assert_eq!(fragments(&[("a/index.html", paper)]), 1);
        assert_eq!(
            fragments(&[("a/index.html", paper), ("b/index.html", mentions)]),
            1
        );
    }

    /// A cache holding one shard's records in memory (no bundles), and
    /// how many times they were written.
    #[derive(Default)]
    struct Records(
        std::sync::Mutex<Option<Vec<u8>>>,
        std::sync::atomic::AtomicUsize,
    );

    impl Records {
        fn writes(&self) -> usize {
            self.1.load(std::sync::atomic::Ordering::Relaxed)
        }
    }

    impl super::IndexCache for Records {
        fn get(&self, _: &str, _: &str) -> Option<Vec<super::OutputFile>> {
            None
        }
        fn put(&self, _: &str, _: &str, _: &[super::OutputFile]) {}
        fn records(&self, _: &str) -> Option<Vec<u8>> {
            self.0.lock().expect("lock").clone()
        }
        fn put_records(&self, _: &str, bytes: &[u8]) {
            *self.0.lock().expect("lock") = Some(bytes.to_vec());
            self.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        fn keeps_records(&self) -> bool {
            true
        }
    }

    /// A paper page as plansite draws it, with `words` in its body.
    fn paper(path: &str, words: &str) -> super::OutputFile {
        let html = format!(
            "<!DOCTYPE html><html><head><title>{words}</title></head><body>\
             <article data-pagefind-body><h1>{words}</h1><p>{words} and more.</p>\
             </article></body></html>"
        );
        super::OutputFile {
            path: path.to_string(),
            bytes: html.into_bytes().into(),
        }
    }

    /// A shard's bundle, built with `cache` (or none).
    fn shard(pages: &[(&str, &str)], cache: Option<&Records>) -> Vec<super::OutputFile> {
        let pages = pages.iter().map(|(p, w)| paper(p, w)).collect();
        let kept = cache.map(|c| (c as &dyn super::IndexCache, "board/2020"));
        super::index_shard(pages, "en", kept).expect("indexed")
    }

    #[test]
    fn words_remembered_in_one_language_are_never_used_for_another() {
        // The indexer remembers words on each thread (vendored change 4):
        // a French index built on threads that have just read the same
        // words in English is the one built on fresh threads.
        let pages = || {
            vec![paper(
                "a/index.html",
                "running jumps nationalisation généralement",
            )]
        };
        // Read by plansite and fossicked on rayon's threads (the pool's
        // below), not by pagefind's HTML reader on its runtime's.
        for page in pages() {
            let html = std::str::from_utf8(&page.bytes).expect("UTF-8");
            assert!(super::super::index_text::digest(html).is_some());
        }
        let on_fresh_threads = |languages: &[&str]| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .expect("a pool");
            pool.install(|| {
                languages
                    .iter()
                    .map(|lang| super::index_shard(pages(), lang, None).expect("indexed"))
                    .collect::<Vec<_>>()
            })
        };
        let french = on_fresh_threads(&["fr"]).remove(0);
        let both = on_fresh_threads(&["en", "fr"]);
        assert_ne!(both[0], both[1]);
        assert_eq!(both[1], french);
        assert_eq!(on_fresh_threads(&["en"]).remove(0), both[0]);
    }

    #[test]
    fn a_shard_indexed_again_builds_from_kept_readings_the_bundle_a_fresh_one_builds() {
        use super::super::index_records::decode;
        let cache = Records::default();
        let before = [
            ("a/index.html", "Alpha budget"),
            ("b/index.html", "Bravo care"),
        ];
        let first = shard(&before, Some(&cache));
        assert_eq!(first, shard(&before, None));
        let kept = cache.records("board/2020").expect("records kept");
        assert_eq!(decode(&kept).len(), 2);
        assert_eq!(cache.writes(), 1);
        // Unchanged: every reading is kept, and nothing is written.
        assert_eq!(shard(&before, Some(&cache)), first);
        assert_eq!(cache.writes(), 1, "nothing read afresh, nothing written");
        // One page changed: the bundle is the one built afresh, and the
        // records now hold the changed page's reading instead.
        let after = [
            ("a/index.html", "Alpha budget"),
            ("b/index.html", "Bravo fund"),
        ];
        let changed = shard(&after, Some(&cache));
        assert_ne!(changed, first);
        assert_eq!(changed, shard(&after, None));
        assert_eq!(cache.writes(), 2);
        let now = cache.records("board/2020").expect("records");
        let keys = |bytes: &[u8]| {
            let mut keys: Vec<_> = decode(bytes).into_keys().collect();
            keys.sort();
            keys
        };
        assert_eq!(keys(&now).len(), 2);
        assert_ne!(keys(&now), keys(&kept));
        // A records file with a letter of a kept text changed (it still
        // reads as postcard) is not used: every reading is made afresh and
        // written again.
        let mut tampered = now.clone();
        let at = memchr::memmem::find(&now, b"Bravo fund").expect("the text");
        tampered[at] = b'b';
        *cache.0.lock().expect("lock") = Some(tampered);
        assert_eq!(shard(&after, Some(&cache)), changed);
        assert_eq!(cache.writes(), 3);
        let rewritten = cache.records("board/2020").expect("records");
        assert_eq!(keys(&rewritten), keys(&now));
        // A page whose reading cannot be kept (an anchor without a title,
        // from pagefind's anchor marker in its text) is read afresh each
        // time, and the bundle is still the fresh one.
        let marked = [
            ("a/index.html", "Alpha ___PAGEFIND_ANCHOR___a:0:x budget"),
            ("b/index.html", "Bravo fund"),
        ];
        let bundle = shard(&marked, Some(&cache));
        assert_eq!(bundle, shard(&marked, None));
        let records = cache.records("board/2020").expect("records");
        assert_eq!(decode(&records).len(), 1, "only the other page's reading");
        assert_eq!(shard(&marked, Some(&cache)), bundle);
    }

    #[test]
    fn shards_indexed_together_on_a_small_pool_neither_hang_nor_panic() {
        use rayon::prelude::*;
        // Eight shards of 30 pages at once on two threads, half of them
        // read by pagefind's own HTML reader (a page plansite does not
        // read): a thread waiting for one shard's parallel work may take
        // up another, and nothing may wait for rayon inside a runtime.
        let foreign = super::OutputFile {
            path: "n/index.html".into(),
            bytes: b"<!DOCTYPE html><html><head><title>n</title></head><body>\
                <h1>Notes</h1><p>no marked body</p><!-- c --></body></html>"
                .to_vec()
                .into(),
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let bundles: Vec<_> = pool.install(|| {
                (0..8)
                    .into_par_iter()
                    .map(|i| {
                        let mut pages: Vec<_> = (0..30)
                            .map(|p| paper(&format!("p{p}/index.html"), &format!("Alpha {i} {p}")))
                            .collect();
                        if i % 2 == 1 {
                            pages.push(foreign.clone());
                        }
                        super::index_shard(pages, "en", None).map(|files| files.len())
                    })
                    .collect()
            });
            let _ = done.send(bundles);
        });
        let bundles = finished
            .recv_timeout(std::time::Duration::from_secs(300))
            .expect("every shard indexed (no hang, no panic)");
        assert_eq!(bundles.len(), 8);
        assert!(
            bundles.iter().all(|b| b.as_ref().is_ok_and(|n| *n > 0)),
            "{bundles:?}"
        );
    }

    #[test]
    fn a_kept_reading_is_used_for_the_very_record_it_was_made_from() {
        use super::super::index_records::{decode, encode};
        // The reading kept for one text, put under the key of another
        // page's record: the bundle then holds the first text, which shows
        // the reading was used as kept, not made again.
        let alpha = Records::default();
        shard(&[("a/index.html", "Alpha budget")], Some(&alpha));
        let zulu = Records::default();
        shard(&[("a/index.html", "Zulu pension")], Some(&zulu));
        let alpha_reading = decode(&alpha.records("x").expect("kept"))
            .into_values()
            .next()
            .expect("one reading");
        let zulu_key = decode(&zulu.records("x").expect("kept"))
            .into_keys()
            .next()
            .expect("one key");
        let planted = Records::default();
        planted.put_records(
            "x",
            &encode(&[(zulu_key, &alpha_reading)]).expect("encoded"),
        );
        let bundle = shard(&[("a/index.html", "Zulu pension")], Some(&planted));
        assert_eq!(bundle, shard(&[("a/index.html", "Alpha budget")], None));
        assert_ne!(bundle, shard(&[("a/index.html", "Zulu pension")], None));
    }

    #[test]
    fn the_indexers_copy_has_a_space_after_each_block_that_pagefind_runs_on() {
        assert_eq!(
            separate_blocks("<dl><div><dt>From</dt><dd>Roger</dd></div></dl>"),
            "<dl><div><dt>From</dt> <dd>Roger</dd> </div></dl> "
        );
        assert_eq!(
            separate_blocks("<tr><TH>Scheme</TH ><th>Total</th></tr>x"),
            "<tr><TH>Scheme</TH > <th>Total</th> </tr> x"
        );
        // Inline and unknown end tags, a lone "</" and text after the last
        // tag are copied as they are.
        assert_eq!(
            separate_blocks("<p>a <em>b</em></p></thx>c</ </dt"),
            "<p>a <em>b</em></p></thx>c</ </dt"
        );
    }
}

//! Static search: the search page and the search index, with no server.
//!
//! The index is built by [pagefind](https://pagefind.app) from the rendered
//! HTML of every current, public paper page (the pages whose `<article>`
//! carries `data-pagefind-body`; exempt papers and earlier versions never
//! do), through pagefind's Rust `api`, in memory: this module returns the
//! bundle as [`OutputFile`]s under `pagefind/` and never writes a file.
//!
//! The index is split into *shards*: one complete pagefind bundle for the
//! papers of one board over a run of years ([`plan_shards`]), at
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
use crate::model::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Where the bundle goes, relative to the output root.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// The marker that admits a page to the index.
const INDEXED: &str = "data-pagefind-body";

/// A board's papers go into one shard until it holds at least this many;
/// the next year then starts a new shard. Big enough that a county site
/// has a handful of shards, small enough that indexing one takes about a
/// second and a hundred megabytes.
pub(crate) const SHARD_PAPERS: usize = 400;

/// Changes whenever what a shard's bundle holds for the same pages could
/// change: plansite's version (and so how it calls pagefind) and the exact
/// versions of the crates that write the bundle, read from `Cargo.lock` by
/// `build.rs`.
const FINGERPRINT_SALT: &str = concat!(
    "plansite ",
    env!("CARGO_PKG_VERSION"),
    " search v1; ",
    env!("PLANSITE_INDEXER_VERSIONS")
);

/// Shards built by an earlier build, by shard and fingerprint.
pub trait IndexCache: Send + Sync {
    /// The bundle files of `shard` built from pages with `fingerprint`.
    fn get(&self, shard: &str, fingerprint: &str) -> Option<Vec<OutputFile>>;
    /// Keeps the bundle files of `shard` for a later build.
    fn put(&self, shard: &str, fingerprint: &str, files: &[OutputFile]);
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

/// The search page for the rendered pages in `files`.
pub(crate) fn search_page(
    r: &Renderer<'_>,
    files: &[OutputFile],
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    let path = "search/index.html";
    let shards = plan_shards(r.site, files);
    let indexed = shards.iter().map(|s| s.pages.len()).sum();
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
                    text: m.date.long(),
                    href: urls::link(path, &urls::meeting(&b.slug, &m.slug)),
                    papers: m.papers.len(),
                })
                .collect(),
        })
        .collect();
    let view = SearchView {
        script: urls::link(path, "assets/search.js"),
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

/// One part of the index: the indexed papers of one board from one year on.
pub(crate) struct Shard<'f> {
    /// `<board>/<first year>`: its folder under `pagefind/` and its name in
    /// the cache.
    pub(crate) id: String,
    pub(crate) board: String,
    /// The pages it indexes, in content order.
    pub(crate) pages: Vec<&'f OutputFile>,
}

/// Whether a rendered page goes into the index.
fn is_indexed(file: &OutputFile) -> bool {
    file.path.ends_with(".html")
        && file
            .bytes
            .windows(INDEXED.len())
            .any(|w| w == INDEXED.as_bytes())
}

/// Splits the indexed paper pages among shards: each board's papers in
/// meeting order, a new shard starting at a change of year once the current
/// one holds [`SHARD_PAPERS`]. Boundaries depend only on earlier meetings,
/// so new meetings change only a board's last shard.
pub(crate) fn plan_shards<'f>(site: &Site, files: &'f [OutputFile]) -> Vec<Shard<'f>> {
    // Only current papers' pages can be indexed: look those up by path and
    // check just them for the marker, not every file of the site.
    let by_path: HashMap<&str, &OutputFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut shards: Vec<Shard<'f>> = Vec::new();
    for board in &site.boards {
        let mut current: Option<(i32, Shard<'f>)> = None;
        for meeting in &board.meetings {
            let year = meeting.date.year();
            let pages = meeting.papers.iter().filter_map(|p| {
                by_path
                    .get(urls::paper(&board.slug, &meeting.slug, &p.slug).as_str())
                    .copied()
                    .filter(|f| is_indexed(f))
            });
            let start_new = match &current {
                None => true,
                Some((last_year, shard)) => year != *last_year && shard.pages.len() >= SHARD_PAPERS,
            };
            if start_new {
                shards.extend(
                    current
                        .take()
                        .map(|(_, s)| s)
                        .filter(|s| !s.pages.is_empty()),
                );
                current = Some((
                    year,
                    Shard {
                        id: format!("{}/{year}", board.slug),
                        board: board.slug.clone(),
                        pages: Vec::new(),
                    },
                ));
            }
            if let Some((last_year, shard)) = current.as_mut() {
                *last_year = year;
                shard.pages.extend(pages);
            }
        }
        shards.extend(current.map(|(_, s)| s).filter(|s| !s.pages.is_empty()));
    }
    shards
}

/// What a shard's bundle is built from, as a hex digest: its pages' URLs
/// and bytes, the language and plansite's version.
fn fingerprint(shard: &Shard<'_>, language: &str) -> String {
    let mut h = Fingerprint::new();
    h.part(FINGERPRINT_SALT.as_bytes())
        .part(language.as_bytes());
    for page in &shard.pages {
        h.part(page.path.as_bytes()).part(&page.bytes);
    }
    h.hex()
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

/// Builds the search index from the rendered pages in `files`: every shard
/// (in parallel, or from `cache` when its pages have not changed) and the
/// manifest. Returns the files to publish under `pagefind/`.
pub fn bundle(
    site: &Site,
    files: &[OutputFile],
    language: &str,
    cache: &dyn IndexCache,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let lang = language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    let shards = plan_shards(site, files);
    let built: Vec<Result<Vec<OutputFile>, String>> = shards
        .par_iter()
        .map(|shard| {
            let fp = fingerprint(shard, &lang);
            if let Some(hit) = cache.get(&shard.id, &fp) {
                return Ok(hit);
            }
            let out = index_shard(shard, &lang)?;
            cache.put(&shard.id, &fp, &out);
            Ok(out)
        })
        .collect();
    let mut out = Vec::new();
    for (shard, result) in shards.iter().zip(built) {
        match result {
            Ok(files) => out.extend(files.into_iter().map(|f| OutputFile {
                path: format!("{BUNDLE_DIR}/{}/{}", shard.id, f.path),
                bytes: f.bytes,
            })),
            Err(e) => diags.push(
                Diagnostic::error(format!("the search index could not be built: {e}")).hint(
                    "this is a bug in plansite or pagefind; please report it with the page named",
                ),
            ),
        }
    }
    let manifest = Manifest {
        shards: shards
            .iter()
            .map(|s| ManifestShard {
                board: &s.board,
                path: format!("{}/", s.id),
                papers: s.pages.len(),
            })
            .collect(),
    };
    match serde_json::to_vec_pretty(&manifest) {
        Ok(bytes) => out.push(OutputFile {
            path: format!("{BUNDLE_DIR}/shards.json"),
            bytes: bytes.into(),
        }),
        Err(e) => diags.push(Diagnostic::error(format!(
            "the search index's list of shards could not be written: {e}"
        ))),
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// One shard's pagefind bundle, paths relative to the shard's folder.
fn index_shard(shard: &Shard<'_>, lang: &str) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(lang.to_string())
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for page in &shard.pages {
            let url = format!("/{}", urls::pretty(&page.path));
            let html = String::from_utf8_lossy(&page.bytes).into_owned();
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| format!("{}: {e}", page.path))?;
        }
        let bundle = index.get_files().await.map_err(|e| e.to_string())?;
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

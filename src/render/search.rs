//! Static search: the search page and the search index, with no server.
//!
//! The index is built by [pagefind](https://pagefind.app) from the rendered
//! HTML of every current, public paper page (the pages whose `<article>`
//! carries `data-pagefind-body`; exempt papers and earlier versions never
//! do), through pagefind's Rust `api`, in memory: this module returns the
//! bundle as [`OutputFile`]s under `pagefind/` and never writes a file.
//!
//! The search page (`search/`) is usable without JavaScript: it lists every
//! board and meeting. With JavaScript, the theme's `assets/search.js`
//! reveals a labelled search form, queries the bundle through pagefind's
//! JavaScript API and announces the number of results in a status region.
//! Only the files that script needs are published (pagefind's own UI
//! variants are left out).

use super::views::Link;
use super::{urls, OutputFile, PageSpec, Renderer};
use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::Serialize;

/// Where the bundle goes, relative to the output root.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// The marker that admits a page to the index.
const INDEXED: &str = "data-pagefind-body";

#[derive(Serialize)]
struct MeetingItem {
    text: String,
    href: String,
    papers: usize,
}

#[derive(Serialize)]
struct BoardItem {
    name: String,
    href: String,
    meetings: Vec<MeetingItem>,
}

#[derive(Serialize)]
struct SearchView {
    script: String,
    boards: Vec<BoardItem>,
    /// How many papers the index holds.
    indexed: usize,
}

/// The search page; `indexed` is the number of pages in the index.
pub(crate) fn search_page(
    r: &Renderer<'_>,
    indexed: usize,
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    let path = "search/index.html";
    let boards = r
        .site
        .boards
        .iter()
        .map(|b| BoardItem {
            name: b.name.clone(),
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

/// Builds the search bundle from the rendered pages in `files`. Returns
/// the bundle's files and the number of pages indexed.
pub(crate) fn bundle(
    files: &[OutputFile],
    language: &str,
    diags: &mut Diagnostics,
) -> (Vec<OutputFile>, usize) {
    let pages: Vec<&OutputFile> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter(|f| {
            f.bytes
                .windows(INDEXED.len())
                .any(|w| w == INDEXED.as_bytes())
        })
        .collect();
    let lang = language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    let result = (|| -> Result<Vec<OutputFile>, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| format!("cannot start the indexer: {e}"))?;
        runtime.block_on(async {
            let options = pagefind::options::PagefindServiceConfig::builder()
                .force_language(lang)
                .build();
            let mut index =
                pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
            for page in &pages {
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
                    wanted(&name).then(|| OutputFile {
                        path: format!("{BUNDLE_DIR}/{name}"),
                        bytes: f.contents,
                    })
                })
                .collect();
            out.sort_by(|a, b| a.path.cmp(&b.path));
            Ok(out)
        })
    })();
    match result {
        Ok(out) => (out, pages.len()),
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("the search index could not be built: {e}")).hint(
                    "this is a bug in plansite or pagefind; please report it with the page named",
                ),
            );
            (Vec::new(), 0)
        }
    }
}

//! `plansite serve`: a local preview server with live reload.
//!
//! The site is built into memory — never into `output/` — and held as one
//! immutable [`Snapshot`] behind an `Arc`. A rebuild makes a whole new
//! snapshot and swaps the `Arc` in one step, so a request sees either the
//! old site or the new one, never a half-built one. While the content has
//! errors the last good site stays loaded and every page request gets an
//! accessible error page with the same messages the terminal shows.
//!
//! Live reload is added only here: each HTML page served gets one
//! `<script src="/__plansite/livereload.js?v=N" defer>` before `</body>`
//! (an external file, so it works under the same strict
//! Content-Security-Policy the server sends). The script polls
//! `/__plansite/version` and reloads the page when the snapshot changes.
//! Nothing of this reaches a built site.
//!
//! Files are watched with `notify` (from before the first build, so no
//! save is missed); events are debounced here (a rebuild starts once the
//! files have been quiet for 10 ms), and opening or reading a file is not
//! a change. What the watcher saw is handed to the rebuild
//! ([`SiteBuilder::seen`]): files written are read again, the rest of the
//! content folder is taken as last read, and the folder is walked again
//! only when files came or went ([`crate::content::listing`]).
//! Each rebuild goes through [`SiteBuilder::rebuild`], which renders again
//! only the papers whose inputs changed. The pages are swapped in as soon
//! as they are rendered;
//! the search index is built afterwards on its own thread (only the shards
//! whose papers changed: the rest come from the build cache) and swapped in
//! when ready, so an edit shows without waiting for it. Until then the
//! previous index keeps answering searches.
//!
//! The library prints nothing: what happens is reported through
//! [`ServeEvents`], which the command line implements.

mod changes;

use crate::content::listing::Seen;
use crate::diagnostics::Diagnostics;
use crate::render::escape;
use crate::render::memo::PaperMemo;
use crate::render::search::IndexCache;
use crate::source::SourceMap;
use crate::{prepare_incremental, report, search_index, Options, Outcome};
use rustc_hash::FxHashMap as HashMap;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The Content-Security-Policy the preview server sends with every
/// response: the header the README recommends for production.
pub const CSP: &str = "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'";

const LIVERELOAD_JS: &str = r#"// plansite serve: reloads the page when the site is rebuilt.
// Served only by `plansite serve`; never part of a built site.
(function () {
  "use strict";
  var me = document.currentScript;
  // The build this page came from; the version is "<build>.<search index>".
  var build = me ? new URL(me.src).searchParams.get("v") : null;
  // The search page also reloads when a new search index is in place.
  var search = /\/search\/(index\.html)?$/.test(window.location.pathname);
  var seen = null;
  function poll() {
    fetch("/__plansite/version", { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (v) {
        if (build !== null && v.split(".")[0] !== build) { window.location.reload(); return; }
        if (search && seen !== null && v !== seen) { window.location.reload(); return; }
        seen = v;
        setTimeout(poll, 250);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

const ERROR_CSS: &str = "body{font-family:system-ui,sans-serif;margin:0;padding:1rem;line-height:1.5;color:#0b0c0c;background:#fff}\
main{max-width:60rem;margin:0 auto}h1{font-size:1.75rem}h2{font-size:1.1rem;margin:1.5rem 0 .25rem;overflow-wrap:anywhere}\
.snippet{overflow-x:auto;background:#f3f2f1;border-left:5px solid #d4351c}.snippet:focus{outline:3px solid #fd0;outline-offset:0}\
pre{margin:0;padding:.75rem;font-size:.95rem}\
.help,.note{margin:.5rem 0 0;overflow-wrap:anywhere}\
.skip{position:absolute;left:-9999px}.skip:focus{position:static;display:inline-block;padding:.5rem;background:#fd0;color:#0b0c0c}li{margin-bottom:1rem}.warning .snippet{border-left-color:#505a5f}";

/// One complete version of the site as the server sees it.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Changes with every rebuild; the live-reload script watches it.
    pub generation: u64,
    /// Changes whenever a new search index is put in (the search page
    /// reloads for it; other pages do not).
    pub index_version: u64,
    /// Every file by its path in the site (`boards/kent-hwb/index.html`),
    /// as built; HTML gets the live-reload script as it is served.
    pub files: HashMap<String, Arc<[u8]>>,
    /// The error page, while the content has errors.
    pub error_page: Option<Arc<str>>,
    /// The path the site is served under, from `base_url`: `/democracy/hwb/`.
    pub base_path: String,
}

/// What the server tells the person running it.
pub trait ServeEvents: Send + Sync {
    /// The server is listening at `url`.
    fn listening(&self, url: &str);
    /// A build finished in `took` (its diagnostics are in `outcome`).
    fn built(&self, outcome: &Outcome, took: Duration);
    /// Something went wrong outside the content (the watcher, a socket).
    fn problem(&self, message: &str);
    /// The search index for the pages of build `generation` is in place.
    fn indexed(&self, _generation: u64, _took: Duration) {}
}

/// Where the search index of the whole site lives in a snapshot.
const INDEX_PREFIX: &str = "pagefind/";

/// Builds snapshots. Holds what a later rebuild may reuse.
pub struct SiteBuilder {
    options: Options,
    generation: u64,
    /// The paper pages of the last build, reused when unchanged.
    memo: PaperMemo,
    /// The content files of the last build that succeeded, to name what
    /// changed since when a rebuild fails.
    last_good: Option<changes::LastGood>,
}

impl SiteBuilder {
    pub fn new(options: Options) -> Self {
        SiteBuilder {
            options,
            generation: 0,
            memo: PaperMemo::new(),
            last_good: None,
        }
    }

    /// A file watcher now reports every change under `content/` through
    /// [`SiteBuilder::seen`], so a rebuild need not walk the folder.
    pub fn watching(&self) {
        self.memo.listing().watching();
    }

    /// What the watcher saw since the last rebuild: the next rebuild reads
    /// again the files written, and walks the content folder only when
    /// files came or went.
    pub fn seen(&self, seen: Seen) {
        self.memo.listing().seen(seen);
    }

    /// The watcher lost its watch on the content folder: from now on every
    /// rebuild walks it.
    pub fn unwatched(&self) {
        self.memo.listing().unwatched();
    }

    /// Builds the site again and returns the new snapshot with the build's
    /// outcome. The files the watcher reported are read again (every file,
    /// when no watcher vouches for the rest: see [`SiteBuilder::watching`]),
    /// and only the papers whose inputs changed are rendered again: which
    /// those are follows from fingerprints of the content (see
    /// [`crate::render::memo`]), not from what the watcher reported.
    /// `previous` supplies the last good files while the content has
    /// errors.
    pub fn rebuild(&mut self, previous: &Snapshot) -> (Snapshot, Outcome) {
        self.generation += 1;
        let mut outcome = prepare_incremental(&self.options, &self.memo);
        let started = Instant::now();
        if !outcome.failed() {
            self.last_good = Some(changes::LastGood::of(&outcome.sources));
        } else if let Some(good) = &self.last_good {
            good.annotate(&mut outcome.diagnostics, &outcome.sources);
        }
        let base_path = outcome
            .config
            .as_ref()
            .map(|c| base_path(&c.base_url))
            .unwrap_or_else(|| previous.base_path.clone());
        let base_path = if base_path.is_empty() {
            "/".to_string()
        } else {
            base_path
        };
        let snapshot = if outcome.failed() {
            Snapshot {
                generation: self.generation,
                index_version: previous.index_version,
                files: previous.files.clone(),
                error_page: Some(
                    error_page(&outcome.diagnostics, &outcome.sources, self.generation).into(),
                ),
                base_path,
            }
        } else {
            let files: HashMap<String, Arc<[u8]>> = outcome
                .files
                .iter()
                .chain(&outcome.static_files)
                .map(|f| (f.path.clone(), f.bytes.clone()))
                .collect();
            Snapshot {
                generation: self.generation,
                index_version: previous.index_version,
                files,
                error_page: None,
                base_path,
            }
        };
        outcome.timings.record("serve: swap in", started.elapsed());
        (snapshot, outcome)
    }
}

/// `/democracy/hwb/` for `https://example.gov.uk/democracy/hwb/`.
pub(crate) fn base_path(base_url: &str) -> String {
    match base_url.splitn(4, '/').nth(3) {
        Some(p) if !p.is_empty() => format!("/{}", p.trim_end_matches('/')) + "/",
        _ => "/".to_string(),
    }
}

fn script_tag(generation: u64) -> String {
    format!("<script src=\"/__plansite/livereload.js?v={generation}\" defer></script>")
}

/// Adds the live-reload script before `</body>` (or at the end).
pub fn inject_livereload(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = script_tag(generation);
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page shown instead of the site while the content has errors: every
/// diagnostic as the terminal prints it, in an accessible page.
pub fn error_page(diags: &Diagnostics, sources: &SourceMap, generation: u64) -> String {
    let summary = report::summary(diags);
    let mut items = String::new();
    for (i, d) in diags.iter().enumerate() {
        // The heading and the offending line as the terminal shows them;
        // the hint and notes as text that wraps.
        let text = report::human_one(&d.without_help(), sources, false);
        let (head, rest) = text.split_once('\n').unwrap_or((text.as_str(), ""));
        items.push_str(&format!(
            "<li class=\"{}\"><h2 id=\"problem-{n}\">{}</h2>",
            d.severity.as_str(),
            escape(head),
            n = i + 1
        ));
        if !rest.trim().is_empty() {
            // A focusable, labelled scroll region: the line can be wider
            // than the screen, and wrapping it would move the caret.
            items.push_str(&format!(
                "<div class=\"snippet\" role=\"region\" aria-labelledby=\"problem-{}\" tabindex=\"0\"><pre>{}</pre></div>",
                i + 1,
                escape(rest.trim_end())
            ));
        }
        for (kind, text) in d
            .hint
            .iter()
            .map(|h| ("Help", h))
            .chain(d.notes().iter().map(|n| ("Note", n)))
        {
            items.push_str(&format!(
                "<p class=\"{}\"><strong>{kind}:</strong> {}</p>",
                kind.to_ascii_lowercase(),
                escape(text)
            ));
        }
        items.push_str("</li>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Build failed: {summary} – plansite serve</title>\n\
<link rel=\"stylesheet\" href=\"/__plansite/error.css\">\n</head>\n<body>\n\
<a class=\"skip\" href=\"#main\">Skip to the problems</a>\n\
<main id=\"main\">\n<h1>The site did not build</h1>\n\
<p role=\"alert\">plansite found {summary}. Nothing is published until they are fixed. \
Save a fix and this page reloads itself.</p>\n<ol>\n{items}</ol>\n</main>\n{script}\n</body>\n</html>\n",
        script = script_tag(generation)
    )
}

/// A response: status, content type and body.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Arc<[u8]>,
    /// For redirects.
    pub location: Option<String>,
}

pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

pub(crate) fn text(status: u16, content_type: &'static str, body: &str) -> Response {
    Response {
        status,
        content_type,
        body: Arc::from(body.as_bytes()),
        location: None,
    }
}

pub(crate) fn redirect(to: String) -> Response {
    Response {
        location: Some(to),
        ..text(302, "text/plain; charset=utf-8", "moved")
    }
}

/// Answers one GET request from a snapshot. Pure, so it is unit-tested.
pub fn respond(snapshot: &Snapshot, url: &str) -> Response {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    match path {
        "/__plansite/livereload.js" => {
            return text(200, "text/javascript; charset=utf-8", LIVERELOAD_JS)
        }
        "/__plansite/version" => {
            return text(
                200,
                "text/plain; charset=utf-8",
                &format!("{}.{}", snapshot.generation, snapshot.index_version),
            )
        }
        "/__plansite/error.css" => return text(200, "text/css; charset=utf-8", ERROR_CSS),
        _ => {}
    }
    let decoded = crate::linkcheck::percent_decode(path);
    let Some(rel) = decoded.strip_prefix(&snapshot.base_path) else {
        if decoded == "/" || format!("{decoded}/") == snapshot.base_path {
            return redirect(snapshot.base_path.clone());
        }
        return not_found(snapshot);
    };
    if rel.split('/').any(|s| s == "..") {
        return not_found(snapshot);
    }
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some(page) = &snapshot.error_page {
        if file.ends_with(".html") {
            return Response {
                status: 500,
                content_type: "text/html; charset=utf-8",
                body: Arc::from(page.as_bytes()),
                location: None,
            };
        }
    }
    match snapshot.files.get(&file) {
        Some(bytes) => Response {
            status: 200,
            content_type: content_type(&file),
            body: if file.ends_with(".html") {
                inject_livereload(bytes, snapshot.generation).into()
            } else {
                bytes.clone()
            },
            location: None,
        },
        None if snapshot.files.contains_key(&format!("{file}/index.html")) => {
            redirect(format!("{}{rel}/", snapshot.base_path))
        }
        None => not_found(snapshot),
    }
}

fn not_found(snapshot: &Snapshot) -> Response {
    match snapshot.files.get("404.html") {
        Some(b) => Response {
            status: 404,
            content_type: "text/html; charset=utf-8",
            body: inject_livereload(b, snapshot.generation).into(),
            location: None,
        },
        None => text(404, "text/plain; charset=utf-8", "not found"),
    }
}

/// How long the watched files must be quiet before a rebuild starts. An
/// editor's save is a burst of events microseconds apart, which this
/// gathers into one rebuild. A longer burst (a `git checkout`) may start a
/// rebuild early; nothing is lost by it: events that arrive during a
/// rebuild start the next one, which reads those files again.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Whether a file event can change the site. Opening and reading a file
/// cannot — and a rebuild reads files, so counting those would rebuild for
/// ever.
fn changes_content(event: &notify::Event) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind};
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The live site: the current snapshot, swapped whole on each rebuild.
type Live = Arc<RwLock<Arc<Snapshot>>>;

/// Builds the search index of each new build on its own thread and puts it
/// into the live site, if that is still the same build. When builds come
/// faster than indexing, only the latest is indexed.
struct Indexer {
    jobs: std::sync::mpsc::Sender<(u64, Arc<Outcome>)>,
}

impl Indexer {
    fn start(live: Live, cache: Box<dyn IndexCache>, events: Arc<dyn ServeEvents>) -> Self {
        let (jobs, rx) = std::sync::mpsc::channel::<(u64, Arc<Outcome>)>();
        std::thread::spawn(move || {
            while let Ok(mut job) = rx.recv() {
                while let Ok(newer) = rx.try_recv() {
                    job = newer;
                }
                let (generation, outcome) = job;
                if outcome.failed() || current(&live).generation != generation {
                    continue;
                }
                let started = Instant::now();
                // A panic in the indexer must not end indexing for the rest
                // of the session unnoticed.
                let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    search_index(&outcome, cache.as_ref())
                }));
                let Ok((bundle, diags)) = built else {
                    events.problem("the search index could not be built (the indexer failed); pages are still served");
                    continue;
                };
                if diags.has_errors() {
                    for d in diags.iter() {
                        events.problem(&format!("search index: {}", d.message));
                    }
                    continue;
                }
                if put_index(&live, generation, bundle) {
                    events.indexed(generation, started.elapsed());
                }
            }
        });
        Indexer { jobs }
    }

    fn index(&self, generation: u64, outcome: Outcome) {
        let _ = self.jobs.send((generation, Arc::new(outcome)));
    }
}

/// Replaces the search index of the live site with `bundle` if the live
/// site is still build `generation` (checked and swapped under one lock, so
/// a newer build is never overwritten). Returns whether it did.
fn put_index(live: &Live, generation: u64, bundle: Vec<crate::render::OutputFile>) -> bool {
    let mut guard = match live.write() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if guard.generation != generation || guard.error_page.is_some() {
        return false;
    }
    let mut files: HashMap<String, Arc<[u8]>> = guard
        .files
        .iter()
        .filter(|(path, _)| !path.starts_with(INDEX_PREFIX))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    files.extend(bundle.into_iter().map(|f| (f.path, f.bytes)));
    *guard = Arc::new(Snapshot {
        generation,
        index_version: guard.index_version + 1,
        files,
        error_page: None,
        base_path: guard.base_path.clone(),
    });
    true
}

fn current(live: &Live) -> Arc<Snapshot> {
    match live.read() {
        Ok(g) => g.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

/// Whether a build's site has search (`[search] enabled`, the default;
/// also when `site.toml` could not be read, so a broken file does not
/// drop the index being served).
fn searches(outcome: &Outcome) -> bool {
    outcome.config.as_ref().is_none_or(|c| c.search.enabled)
}

/// Puts a new build in place. Its search index is built afterwards (see
/// [`Indexer`]); until then the index of the site being replaced keeps
/// answering searches, carried over under the same lock so that an index
/// put in while the new build was rendering is not lost. A site whose
/// search was turned off (`search` false) keeps no index.
fn swap(live: &Live, mut snapshot: Snapshot, search: bool) {
    let mut guard = match live.write() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    for (path, bytes) in &guard.files {
        if search && path.starts_with(INDEX_PREFIX) {
            snapshot
                .files
                .entry(path.clone())
                .or_insert_with(|| bytes.clone());
        }
    }
    snapshot.index_version = guard.index_version;
    *guard = Arc::new(snapshot);
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn handle(live: &Live, request: tiny_http::Request) {
    let snapshot = current(live);
    answer(request, |url| respond(&snapshot, url), "no-store");
}

/// Answers `request` with `respond(url)` for GET and HEAD (405 for any
/// other method), with the Content-Security-Policy and `cache_control`.
pub(crate) fn answer(
    request: tiny_http::Request,
    respond: impl FnOnce(&str) -> Response,
    cache_control: &str,
) {
    let r = if matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        respond(request.url())
    } else {
        text(405, "text/plain; charset=utf-8", "only GET and HEAD")
    };
    let mut response = tiny_http::Response::from_data(r.body.to_vec()).with_status_code(r.status);
    let mut headers = vec![
        header("Content-Type", r.content_type),
        header("Cache-Control", cache_control),
        header("Content-Security-Policy", CSP),
        header("X-Content-Type-Options", "nosniff"),
    ];
    if let Some(to) = &r.location {
        headers.push(header("Location", to));
    }
    for h in headers.into_iter().flatten() {
        response.add_header(h);
    }
    let _ = request.respond(response);
}

/// Listens on `addr` and answers every request with `handle` on four
/// threads; returns the address it is listening on (the port chosen, for
/// port 0).
pub(crate) fn listen(
    addr: SocketAddr,
    handle: impl Fn(tiny_http::Request) + Send + Sync + 'static,
) -> io::Result<SocketAddr> {
    let server = tiny_http::Server::http(addr).map_err(io::Error::other)?;
    let server = Arc::new(server);
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| io::Error::other("the server is not on an IP address"))?;
    let handle = Arc::new(handle);
    for _ in 0..4 {
        let server = server.clone();
        let handle = handle.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                handle(request);
            }
        });
    }
    Ok(bound)
}

/// Builds the site, serves it on `addr` and rebuilds on every change under
/// `content/` and `themes/` until the process ends.
pub fn serve(options: Options, addr: SocketAddr, events: Arc<dyn ServeEvents>) -> io::Result<()> {
    let root = std::path::absolute(&options.root)?;
    let cache = options.index_cache();
    let mut builder = SiteBuilder::new(options);

    // Watch before the first build, so that no save falls between the
    // build's reading and the watch.
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watch = Watch::new(
        &root,
        notify::recommended_watcher(tx).map_err(io::Error::other)?,
    )?;
    let content = root.join("content");
    let (config, _, _) = crate::read_config(&builder.options);
    if let Some(config) = &config {
        watch.partials(&config.embed, events.as_ref());
    }
    // Only a watched content folder lets a rebuild skip walking it.
    if content.is_dir() {
        builder.watching();
    }

    let started = Instant::now();
    let (first, outcome) = builder.rebuild(&Snapshot::default());
    events.built(&outcome, started.elapsed());
    let base = first.base_path.clone();
    let generation = first.generation;
    let live: Live = Arc::new(RwLock::new(Arc::new(first)));
    let indexer = Indexer::start(live.clone(), cache, events.clone());
    if searches(&outcome) {
        indexer.index(generation, outcome);
    }

    let bound = {
        let live = live.clone();
        listen(addr, move |request| handle(&live, request))?
    };
    events.listening(&format!("http://{bound}{base}"));

    while let Ok(first) = rx.recv() {
        // Debounce: an editor's save is often several events; wait until
        // the files have been quiet for DEBOUNCE, then rebuild once.
        let mut seen = Seen::default();
        let mut changed = false;
        let mut next = Some(first);
        while let Some(result) = next {
            match result {
                Ok(event) if changes_content(&event) => match watch.concerns(&event) {
                    Concerns::Nothing => {}
                    Concerns::Partials => changed = true,
                    Concerns::Site => {
                        changed = true;
                        if loses_watch(&event, &content) {
                            builder.unwatched();
                        }
                        seen.add(seen_in(&event, &root));
                    }
                },
                Ok(_) => {}
                Err(e) => {
                    // A failed watch may have lost events, and may go on
                    // losing them (a folder it could not watch): from now
                    // on every rebuild walks the content folder.
                    changed = true;
                    builder.unwatched();
                    seen.add(Seen::anything());
                    events.problem(&format!("watching files: {e}"));
                }
            }
            next = rx.recv_timeout(DEBOUNCE).ok();
        }
        if !changed {
            continue;
        }
        let t0 = Instant::now();
        let previous = current(&live);
        builder.seen(seen);
        let (snapshot, outcome) = builder.rebuild(&previous);
        if let Some(config) = &outcome.config {
            watch.partials(&config.embed, events.as_ref());
        }
        let generation = snapshot.generation;
        let search = searches(&outcome);
        swap(&live, snapshot, search);
        events.built(&outcome, t0.elapsed());
        if search {
            indexer.index(generation, outcome);
        }
    }
    Ok(())
}

/// What `serve` watches: `content/` and `themes/` recursively (`themes/`
/// from when it appears), and the web team's `[embed]` partials named in
/// `site.toml`, which may live anywhere: each through its folder, so that
/// an editor that saves by writing a new file and renaming it is seen too.
struct Watch {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    content: PathBuf,
    themes: PathBuf,
    themes_watched: bool,
    /// The partials, by absolute path, and the folders watched for them.
    partials: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

/// What a watcher event concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Concerns {
    /// Nothing `serve` builds from (another file in a partial's folder).
    Nothing,
    /// Only `[embed]` partials: rebuild, but the content folder's listing
    /// is as it was.
    Partials,
    /// `content/` or `themes/`.
    Site,
}

impl Watch {
    fn new(root: &Path, mut watcher: notify::RecommendedWatcher) -> io::Result<Watch> {
        use notify::{RecursiveMode, Watcher};
        let content = root.join("content");
        let themes = root.join("themes");
        if content.is_dir() {
            watcher
                .watch(&content, RecursiveMode::Recursive)
                .map_err(io::Error::other)?;
        }
        let themes_watched = themes.is_dir();
        if themes_watched {
            watcher
                .watch(&themes, RecursiveMode::Recursive)
                .map_err(io::Error::other)?;
        }
        // The site folder itself, for a themes/ folder made later (by
        // `plansite new theme`); its other entries are not the site's.
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(io::Error::other)?;
        Ok(Watch {
            watcher,
            root: root.to_path_buf(),
            content,
            themes,
            themes_watched,
            partials: Vec::new(),
            folders: Vec::new(),
        })
    }

    /// Watches the partials `embed` names (and stops watching those it no
    /// longer names).
    fn partials(&mut self, embed: &crate::config::Embed, events: &dyn ServeEvents) {
        use notify::{RecursiveMode, Watcher};
        let partials: Vec<PathBuf> = [&embed.header, &embed.footer]
            .into_iter()
            .flatten()
            .filter_map(|rel| std::path::absolute(self.root.join(rel)).ok())
            .map(|p| normalise(&p))
            .collect();
        let mut folders: Vec<PathBuf> = partials
            .iter()
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            // Watched already, recursively or as the site folder.
            .filter(|f| {
                !f.starts_with(&self.content) && !f.starts_with(&self.themes) && *f != self.root
            })
            .collect();
        folders.sort();
        folders.dedup();
        for gone in self.folders.iter().filter(|f| !folders.contains(f)) {
            let _ = self.watcher.unwatch(gone);
        }
        for new in folders.iter().filter(|f| !self.folders.contains(f)) {
            if let Err(e) = self.watcher.watch(new, RecursiveMode::NonRecursive) {
                events.problem(&format!(
                    "cannot watch {} for the [embed] partials: {e}",
                    new.display()
                ));
            }
        }
        self.partials = partials;
        self.folders = folders;
    }

    /// What `event` concerns; starts watching `themes/` when it appears.
    fn concerns(&mut self, event: &notify::Event) -> Concerns {
        let mut concerns = Concerns::Nothing;
        for path in &event.paths {
            let path = normalise(path);
            if path.starts_with(&self.content) || path.starts_with(&self.themes) {
                if !self.themes_watched && self.themes.is_dir() {
                    self.themes_watched = notify::Watcher::watch(
                        &mut self.watcher,
                        &self.themes,
                        notify::RecursiveMode::Recursive,
                    )
                    .is_ok();
                }
                return Concerns::Site;
            }
            if self.partials.contains(&path) {
                concerns = Concerns::Partials;
            }
        }
        // Lost events may have been about anything.
        if event.need_rescan() {
            return Concerns::Site;
        }
        concerns
    }
}

/// `path` with `.` and `..` taken out (without touching the disk).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// What one watcher event says changed, for the content folder's listing
/// (see [`crate::content::listing`]): files written to, or — for a file
/// created, removed or renamed, or events the watcher lost — anything.
fn seen_in(event: &notify::Event, root: &std::path::Path) -> Seen {
    use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
    let written = matches!(
        event.kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_))
    );
    let names: Option<Vec<String>> = event
        .paths
        .iter()
        .map(|p| crate::content::listing::display_name(root, p))
        .collect();
    match names {
        Some(names) if written && !event.need_rescan() => Seen::written(names),
        Some(names) => {
            let mut seen = Seen::written(names);
            seen.add(Seen::anything());
            seen
        }
        None => Seen::anything(),
    }
}

/// Whether `event` takes away the watch on the content folder itself
/// (removed, or renamed away, as when a folder is swapped in whole).
fn loses_watch(event: &notify::Event, content: &std::path::Path) -> bool {
    use notify::event::{EventKind, ModifyKind};
    matches!(
        event.kind,
        EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    ) && event.paths.iter().any(|p| content.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watcher_events_say_which_files_were_written_or_that_anything_was() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, EventKind, ModifyKind, RemoveKind,
            RenameMode,
        };
        let root = std::path::Path::new("/site");
        let paper = "/site/content/boards/b/m/p.md";
        let event = |kind: EventKind, paths: &[&str]| {
            paths
                .iter()
                .fold(notify::Event::new(kind), |e, p| e.add_path(p.into()))
        };
        let written = Seen::written(vec!["content/boards/b/m/p.md".into()]);
        for kind in [
            EventKind::Modify(ModifyKind::Data(DataChange::Content)),
            EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::WriteTime)),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
        ] {
            assert_eq!(seen_in(&event(kind, &[paper]), root), written);
        }
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Any,
            EventKind::Other,
        ] {
            let seen = seen_in(&event(kind, &[paper]), root);
            assert!(seen.anything, "{kind:?}");
            assert_eq!(seen.written, written.written, "{kind:?}");
        }
        // Lost events, or a path outside the site: anything.
        let rescan = event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            &[paper],
        )
        .set_flag(notify::event::Flag::Rescan);
        assert!(seen_in(&rescan, root).anything);
        let outside = event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            &["/elsewhere/p.md"],
        );
        assert!(seen_in(&outside, root).anything);

        // Removing or renaming the content folder (or the site) loses the
        // watch; a file in it does not.
        let content = std::path::Path::new("/site/content");
        for path in ["/site/content", "/site"] {
            assert!(loses_watch(
                &event(EventKind::Remove(RemoveKind::Folder), &[path]),
                content
            ));
            assert!(loses_watch(
                &event(
                    EventKind::Modify(ModifyKind::Name(RenameMode::From)),
                    &[path]
                ),
                content
            ));
        }
        assert!(!loses_watch(
            &event(EventKind::Remove(RemoveKind::File), &[paper]),
            content
        ));
        assert!(!loses_watch(
            &event(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                &["/site/content"]
            ),
            content
        ));
    }

    fn snapshot() -> Snapshot {
        let mut files: HashMap<String, Arc<[u8]>> = HashMap::default();
        files.insert("index.html".into(), Arc::from(&b"home"[..]));
        files.insert("boards/k/index.html".into(), Arc::from(&b"k"[..]));
        files.insert("assets/site.css".into(), Arc::from(&b"css"[..]));
        files.insert("404.html".into(), Arc::from(&b"gone"[..]));
        Snapshot {
            generation: 7,
            index_version: 0,
            files,
            error_page: None,
            base_path: "/democracy/hwb/".into(),
        }
    }

    #[test]
    fn serves_pages_under_the_base_path() {
        let s = snapshot();
        // Pages get the live-reload script of the snapshot's build as they
        // are served; other files are served as built.
        let tag = "<script src=\"/__plansite/livereload.js?v=7\" defer></script>";
        assert_eq!(
            &*respond(&s, "/democracy/hwb/").body,
            format!("home{tag}").as_bytes()
        );
        assert_eq!(
            &*respond(&s, "/democracy/hwb/boards/k/").body,
            format!("k{tag}").as_bytes()
        );
        let r = respond(&s, "/democracy/hwb/boards/k");
        assert_eq!(
            (r.status, r.location.as_deref()),
            (302, Some("/democracy/hwb/boards/k/"))
        );
        assert_eq!(
            respond(&s, "/").location.as_deref(),
            Some("/democracy/hwb/")
        );
        let r = respond(&s, "/democracy/hwb/../../etc/passwd");
        assert_eq!((r.status, &*r.body), (404, format!("gone{tag}").as_bytes()));
        assert_eq!(respond(&s, "/__plansite/version?x").body.as_ref(), b"7.0");
        assert_eq!(
            respond(&s, "/democracy/hwb/assets/site.css").content_type,
            "text/css; charset=utf-8"
        );
    }

    #[test]
    fn errors_replace_pages_but_not_assets() {
        let mut s = snapshot();
        s.error_page = Some("broken".into());
        let r = respond(&s, "/democracy/hwb/boards/k/");
        assert_eq!((r.status, &*r.body), (500, &b"broken"[..]));
        assert_eq!(&*respond(&s, "/democracy/hwb/assets/site.css").body, b"css");
    }

    #[test]
    fn injects_one_external_script_before_body_end() {
        let html = inject_livereload(b"<html><body><p>x</p></body></html>", 3);
        assert_eq!(
            String::from_utf8_lossy(&html),
            "<html><body><p>x</p><script src=\"/__plansite/livereload.js?v=3\" defer></script></body></html>"
        );
    }

    #[test]
    fn the_error_page_shows_the_terminal_messages() {
        use crate::diagnostics::{Diagnostic, Location};
        use crate::source::SourceFile;
        let mut sources = SourceMap::default();
        sources.insert(SourceFile::new("content/p.toml", "total = 1625\n"));
        let diags: Diagnostics = [Diagnostic::error("stated total <wrong>")
            .at(Location::at("content/p.toml".into(), 1, 9, 4))
            .label("stated 1625, computed 1624")
            .hint("correct <the> figure")
            .note("the line that changed since the last good build: content/p.toml:3: a = 2")]
        .into_iter()
        .collect();
        let page = error_page(&diags, &sources, 2);
        assert!(
            page.contains(
                "<h2 id=\"problem-1\">content/p.toml:1:9: error: stated total &lt;wrong&gt;</h2>"
            ),
            "{page}"
        );
        assert!(page.contains("1 | total = 1625"), "{page}");
        assert!(
            page.contains("^^^^ stated 1625, computed 1624</pre></div>"),
            "{page}"
        );
        // The hint and notes wrap as text, outside the scrolling line.
        assert!(
            page.contains("</pre></div><p class=\"help\"><strong>Help:</strong> correct &lt;the&gt; figure</p><p class=\"note\"><strong>Note:</strong> the line that changed since the last good build: content/p.toml:3: a = 2</p></li>"),
            "{page}"
        );
        assert!(
            page.contains("<title>Build failed: 1 error, 0 warnings – plansite serve</title>"),
            "{page}"
        );
        assert!(!page.contains("style="), "{page}");
    }
}

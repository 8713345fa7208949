//! The clerk's workflow: `serve` with live reload, `check` with the link
//! check, `new` scaffolding, the security guarantees of the output, and a
//! build killed part-way leaving the published site intact.

use super::support::*;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- serve

/// A running `plansite serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    /// The site's address, e.g. `http://127.0.0.1:PORT/hwb/`.
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path) -> Server {
    start(root, "serve")
}

/// Starts `plansite COMMAND --port 0` (serve or preview) on `root` and
/// reads the address it prints.
fn start(root: &Path, command: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args([command, "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    let addr = url["http://".len()..]
        .split('/')
        .next()
        .unwrap()
        .to_string();
    Server { child, addr, url }
}

/// A GET request: (status, headers, body).
fn get(addr: &str, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_string(), body.to_string())
}

fn version(addr: &str) -> String {
    get(addr, "/__plansite/version").2
}

/// Waits until `path` answers with `status` and a body containing `text`;
/// returns how long it took and the body.
fn wait_for(addr: &str, path: &str, status: u16, text: &str) -> (Duration, String) {
    let t0 = Instant::now();
    loop {
        let (s, _, body) = get(addr, path);
        if s == status && body.contains(text) {
            return (t0.elapsed(), body);
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "{path} did not show {text:?} with status {status} within 20 s: {s} {body}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn serve_rebuilds_on_edit_shows_errors_and_never_writes_output() {
    let site = site("minimal");
    let server = serve(site.path());
    assert!(server.url.ends_with("/hwb/"), "{}", server.url);
    let page = "/hwb/boards/test-hwb/2026-01-27/budget/";

    // The root redirects to the base path; pages carry the reload script.
    let (status, head, _) = get(&server.addr, "/");
    assert_eq!(status, 302);
    assert!(head.contains("Location: /hwb/"), "{head}");
    let (status, head, body) = get(&server.addr, page);
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Security-Policy: default-src 'self'"),
        "{head}"
    );
    assert!(body.contains("<h1"), "{body}");
    assert_eq!(
        body.matches("<script src=\"/__plansite/livereload.js?v=")
            .count(),
        1,
        "{body}"
    );
    let (status, _, js) = get(&server.addr, "/__plansite/livereload.js");
    assert_eq!(status, 200);
    assert!(js.contains("/__plansite/version"));

    // An edit is served after the rebuild, with a new version.
    let v1 = version(&server.addr);
    let paper = site
        .path()
        .join("content/boards/test-hwb/2026-01-27/budget.md");
    fs::write(
        &paper,
        read(&paper).replace(
            "title = \"Pooled budget\"",
            "title = \"Pooled budget, revised\"",
        ),
    )
    .unwrap();
    wait_for(&server.addr, page, 200, "Pooled budget, revised");
    assert_ne!(version(&server.addr), v1);

    // A mistake shows the terminal's message as an accessible page.
    let plan = site.path().join("content/plans/test-bcf.toml");
    fs::write(&plan, read(&plan).replace("total = 1624", "total = 1625")).unwrap();
    let (_, body) = wait_for(&server.addr, page, 500, "The site did not build");
    assert!(body.contains("<html lang=\"en-GB\">"), "{body}");
    assert!(body.contains("<h1>The site did not build</h1>"), "{body}");
    assert!(
        body.contains("content/plans/test-bcf.toml:36:11: error: stated grand total does not match the computed total"),
        "{body}"
    );
    assert!(body.contains("36 |   total = 1625"), "{body}");
    // Assets of the last good site are still served meanwhile.
    assert_eq!(get(&server.addr, "/hwb/assets/site.css").0, 200);

    // Fixing it brings the site back.
    fs::write(&plan, read(&plan).replace("total = 1625", "total = 1624")).unwrap();
    wait_for(&server.addr, page, 200, "Pooled budget, revised");

    assert!(!site.path().join("output").exists(), "serve wrote output/");
}

#[test]
fn preview_serves_the_built_output_as_published_with_its_styled_404_page() {
    let site = site("minimal");
    // Nothing built yet: it says how to build.
    let out = plansite(site.path(), &["preview", "--port", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("has no index.html)\n  = help: build it first: plansite build --root"),
        "{}",
        stderr(&out)
    );
    assert!(plansite(site.path(), &["build"]).status.success());
    let output = site.path().join("output");
    let before = snapshot_tree(&output);
    let server = start(site.path(), "preview");
    // Under the path of base_url (https://example.gov.uk/hwb/).
    assert!(server.url.ends_with("/hwb/"), "{}", server.url);

    // A folder's address is its index.html, exactly as built.
    let (status, head, body) = get(&server.addr, "/hwb/boards/");
    assert_eq!(status, 200);
    assert_eq!(body, read(&output.join("boards/index.html")));
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        head.contains("Content-Security-Policy: default-src 'self'"),
        "{head}"
    );
    let (status, head, _) = get(&server.addr, "/hwb/boards");
    assert_eq!(status, 302);
    assert!(head.contains("Location: /hwb/boards/"), "{head}");
    let (status, head, _) = get(&server.addr, "/");
    assert_eq!(status, 302);
    assert!(head.contains("Location: /hwb/"), "{head}");

    // A missing page gets the site's 404 page with status 404, and the
    // stylesheet it links to (an absolute path under base_url) loads.
    let (status, _, body) = get(&server.addr, "/hwb/no/such/page/");
    assert_eq!(status, 404);
    assert_eq!(body, read(&output.join("404.html")));
    let css = body
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no stylesheet in the 404 page: {body}"));
    assert_eq!(css, "/hwb/assets/site.css");
    let (status, head, body) = get(&server.addr, css);
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/css"), "{head}");
    assert_eq!(body, read(&output.join("assets/site.css")));
    // Nothing outside the output folder.
    assert_eq!(get(&server.addr, "/hwb/../content/site.toml").0, 404);

    // It serves what is on disk at each request, and never writes.
    assert!(plansite(site.path(), &["build"]).status.success());
    assert_eq!(get(&server.addr, "/hwb/").0, 200);
    assert_eq!(snapshot_tree(&output), before);
}

#[test]
fn serve_rebuilds_on_edits_to_embed_partials_and_names_the_line_changed_since_the_last_good_build()
{
    let site = site("minimal");
    // The web team's header lives outside content/ and themes/.
    let header = site.path().join("council/header.html");
    fs::create_dir_all(header.parent().unwrap()).unwrap();
    fs::write(
        &header,
        "<header class=\"council\">Council header one</header>\n",
    )
    .unwrap();
    append(
        &site.path().join("content/site.toml"),
        "[embed]\nheader = \"council/header.html\"",
    );
    let server = serve(site.path());
    let page = "/hwb/boards/test-hwb/";
    wait_for(&server.addr, page, 200, "Council header one");

    // Saving the partial rebuilds the site, in place or by a rename.
    fs::write(
        &header,
        "<header class=\"council\">Council header two</header>\n",
    )
    .unwrap();
    wait_for(&server.addr, page, 200, "Council header two");
    let saved = site.path().join("council/.header.html.swp");
    fs::write(
        &saved,
        "<header class=\"council\">Council header three</header>\n",
    )
    .unwrap();
    fs::rename(&saved, &header).unwrap();
    wait_for(&server.addr, page, 200, "Council header three");

    // A figure changed on line 31 makes the totals on lines 32, 35 and 36
    // wrong: each error names the line that changed.
    let plan = site.path().join("content/plans/test-bcf.toml");
    fs::write(
        &plan,
        read(&plan).replace("amounts = { council = 250 }", "amounts = { council = 251 }"),
    )
    .unwrap();
    let (_, body) = wait_for(&server.addr, page, 500, "The site did not build");
    let note = "<p class=\"note\"><strong>Note:</strong> the line that changed since the last good build: content/plans/test-bcf.toml:31:   amounts = { council = 251 }</p>";
    assert_eq!(body.matches(note).count(), 3, "{body}");
    assert!(
        body.contains("<h2 id=\"problem-3\">content/plans/test-bcf.toml:36:11: error: stated grand total does not match the computed total</h2>"),
        "{body}"
    );
    // The hint wraps as text; only the offending line scrolls, in a
    // labelled, focusable region.
    assert!(
        body.contains("<div class=\"snippet\" role=\"region\" aria-labelledby=\"problem-3\" tabindex=\"0\"><pre>"),
        "{body}"
    );
    assert!(
        body.contains("<p class=\"help\"><strong>Help:</strong> correct the figure;"),
        "{body}"
    );
    assert!(!body.contains("= help"), "{body}");
}

#[test]
fn serve_rebuild_latency_on_the_demo() {
    let site = demo_site();
    let server = serve(site.path());
    let paper = site
        .path()
        .join("content/boards/kent-hwb/2016-01-27/new-planning-arrangements.md");
    let text = read(&paper);
    let page = format!(
        "{}boards/kent-hwb/2016-01-27/new-planning-arrangements/",
        &server.url[server.url.find("/democracy").unwrap()..]
    );
    let mut times = Vec::new();
    for i in 0..3 {
        let marker = format!("Edit number {i} is live.");
        fs::write(&paper, format!("{text}\n{marker}\n")).unwrap();
        times.push(wait_for(&server.addr, &page, 200, &marker).0);
    }
    eprintln!("serve: edit → new version served in {times:?} (debug build, 40 ms debounce)");
    assert!(
        times.iter().all(|t| *t < Duration::from_secs(5)),
        "{times:?}"
    );
}

#[test]
fn serve_publishes_the_search_index_after_the_pages() {
    let site = site("minimal");
    let server = serve(site.path());
    // The index is built on its own thread after the first build.
    let (_, manifest) = wait_for(
        &server.addr,
        "/hwb/pagefind/shards.json",
        200,
        "test-hwb/2026/",
    );
    assert!(manifest.contains("\"board\": \"test-hwb\""), "{manifest}");
    assert_eq!(
        get(&server.addr, "/hwb/pagefind/test-hwb/2026/pagefind.js").0,
        200
    );
    // With nothing edited nothing is rebuilt (a rebuild reads every file;
    // reading is not a change).
    let idle = version(&server.addr);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(version(&server.addr), idle, "rebuilt with no edit");
    // After an edit the pages change at once and the index follows.
    let paper = site
        .path()
        .join("content/boards/test-hwb/2026-01-27/budget.md");
    let shard_files = |addr: &str| -> String {
        let (_, _, entry) = get(addr, "/hwb/pagefind/test-hwb/2026/pagefind-entry.json");
        entry
    };
    let entry_before = shard_files(&server.addr);
    fs::write(&paper, format!("{}\nA new sentence.\n", read(&paper))).unwrap();
    wait_for(
        &server.addr,
        "/hwb/boards/test-hwb/2026-01-27/budget/",
        200,
        "A new sentence.",
    );
    // The shard's entry names its content-hashed files: once the new index
    // is in, it is a different one.
    let start = Instant::now();
    loop {
        if shard_files(&server.addr) != entry_before {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the search index did not follow the edit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serve_drops_the_search_index_and_page_when_search_is_turned_off() {
    let site = site("minimal");
    let server = serve(site.path());
    wait_for(
        &server.addr,
        "/hwb/pagefind/shards.json",
        200,
        "test-hwb/2026/",
    );
    assert_eq!(get(&server.addr, "/hwb/search/").0, 200);
    let before = version(&server.addr);
    append(
        &site.path().join("content/site.toml"),
        "[search]\nenabled = false",
    );
    // The pages lose their link to search, and the index is not carried
    // over into the new site.
    let (_, home) = wait_for(&server.addr, "/hwb/", 200, "What’s new</a>");
    let start = Instant::now();
    while get(&server.addr, "/hwb/").2.contains("search/") {
        assert!(start.elapsed() < Duration::from_secs(20), "{home}");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(get(&server.addr, "/hwb/search/").0, 404);
    assert_eq!(get(&server.addr, "/hwb/pagefind/shards.json").0, 404);
    assert_eq!(
        get(&server.addr, "/hwb/pagefind/test-hwb/2026/pagefind.js").0,
        404
    );
    // Nor is one built afterwards: the index's part of the version
    // (`<build>.<index>`) stays as it was before the switch.
    let index_part = |v: &str| v.split('.').nth(1).unwrap().to_string();
    let after = version(&server.addr);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(get(&server.addr, "/hwb/pagefind/shards.json").0, 404);
    assert_eq!(index_part(&version(&server.addr)), index_part(&before));
    assert_eq!(index_part(&after), index_part(&before));
}

#[test]
fn an_incremental_rebuild_renders_only_changed_papers_and_matches_a_full_build() {
    let site = demo_site();
    // The copy was just written; date its files back so that the read
    // cache trusts them (it reads again any file modified within 3 s of
    // being read) and unchanged files keep their very texts.
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in walkdir::WalkDir::new(site.path().join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let file = fs::File::options().write(true).open(entry.path()).unwrap();
            file.set_modified(past).unwrap();
        }
    }
    let options = plansite::Options {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let memo = plansite::render::memo::PaperMemo::new();
    // A rebuild with the memo, and a full build's files to compare it with.
    let rebuild = || plansite::prepare_incremental(&options, &memo);
    let full_build = || plansite::prepare(&options).files;
    let first = rebuild();
    assert!(!first.failed());
    assert_eq!(first.papers_rendered_reused, Some((5, 0)));

    // Nothing changed: nothing is rendered again.
    let again = rebuild();
    assert_eq!(again.papers_rendered_reused, Some((0, 5)));
    assert_eq!(again.files, first.files);

    // One paper's text: only that paper (alone at its meeting, linked from
    // no other paper) is rendered again.
    let paper = site
        .path()
        .join("content/boards/southampton-hwb/2017/better-care-plan-2017-19.md");
    fs::write(
        &paper,
        format!("{}\nAn added closing sentence.\n", read(&paper)),
    )
    .unwrap();
    let edited = rebuild();
    assert_eq!(edited.papers_rendered_reused, Some((1, 4)));
    assert_eq!(edited.files, full_build());
    assert_ne!(edited.files, first.files);
    // Meeting pages too: an agenda shows its papers' front matter only, so
    // both are kept (the very same bytes in memory); Southampton's is drawn
    // again when the paper's title changes (below).
    let page = |o: &plansite::Outcome, path: &str| {
        o.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.bytes.clone())
            .unwrap_or_else(|| panic!("no {path}"))
    };
    let kent_meeting = "boards/kent-hwb/2016-01-27/index.html";
    let southampton_meeting = "boards/southampton-hwb/2017/index.html";
    assert!(std::sync::Arc::ptr_eq(
        &page(&first, kent_meeting),
        &page(&edited, kent_meeting)
    ));
    // Kent's meeting was not even assembled again: its papers are shared.
    let kent_papers = |o: &plansite::Outcome| {
        let site = o.site.as_ref().expect("site");
        let board = site
            .boards
            .iter()
            .find(|b| b.slug == "kent-hwb")
            .expect("Kent");
        board.meetings[0].papers.clone()
    };
    let same_papers = |a: &plansite::Outcome, b: &plansite::Outcome| {
        let (a, b) = (kent_papers(a), kent_papers(b));
        assert!(!a.is_empty() && a.len() == b.len());
        a.iter().zip(&b).all(|(a, b)| std::sync::Arc::ptr_eq(a, b))
    };
    assert!(same_papers(&first, &edited));
    assert!(std::sync::Arc::ptr_eq(
        &page(&first, southampton_meeting),
        &page(&edited, southampton_meeting)
    ));
    // The site-wide pages draw on papers' front matter and anchors only
    // (and the search page, statement and sitemap on the pages' paths too),
    // so an edit to the text keeps them; an edit to the front matter
    // draws them again.
    for kept in [
        "index.html",
        "whats-new/index.html",
        "feed.xml",
        "search/index.html",
        "accessibility/index.html",
        "sitemap.xml",
    ] {
        assert!(
            std::sync::Arc::ptr_eq(&page(&first, kept), &page(&edited, kept)),
            "{kept} was drawn again"
        );
    }
    // (The title is also in the list of papers every page may link to;
    // the summary is only in the paper's front matter.)
    let text = read(&paper);
    for (field, shown) in [
        ("\ntitle = \"", "Revised title: "),
        ("\nsummary = \"\"\"", "Revised summary. "),
    ] {
        assert!(text.contains(field), "{field}");
        fs::write(&paper, text.replacen(field, &format!("{field}{shown}"), 1)).unwrap();
        let revised = rebuild();
        assert_eq!(revised.files, full_build());
        let whats_new =
            String::from_utf8_lossy(&page(&revised, "whats-new/index.html")).into_owned();
        assert!(whats_new.contains(shown), "{shown:?} not in\n{whats_new}");
        let agenda = String::from_utf8_lossy(&page(&revised, southampton_meeting)).into_owned();
        assert_eq!(agenda.contains(shown), field.contains("title"), "{shown:?}");
        fs::write(&paper, &text).unwrap();
        let restored = rebuild();
        assert_eq!(restored.files, edited.files);
    }
    // Its meeting file changed: the meeting is assembled again.
    let kent_meeting_file = site
        .path()
        .join("content/boards/kent-hwb/2016-01-27/_meeting.toml");
    let meeting_text = read(&kent_meeting_file);
    fs::write(&kent_meeting_file, format!("{meeting_text}# a comment\n")).unwrap();
    let reassembled = rebuild();
    assert!(!same_papers(&edited, &reassembled));
    assert_eq!(reassembled.files, full_build());
    assert_eq!(
        format!("{:?}", reassembled.diagnostics),
        format!("{:?}", plansite::prepare(&options).diagnostics)
    );
    fs::write(&kent_meeting_file, meeting_text).unwrap();
    let restored = rebuild();
    assert_eq!(restored.files, edited.files);

    // A Kent appendix's text: the demonstration paper that links to it is
    // rendered again too; the paper it is an appendix to (at its meeting)
    // is not, as it shows only the appendix's front matter.
    let kent = site
        .path()
        .join("content/boards/kent-hwb/2016-01-27/bcf-position-statement.md");
    let kent_text = read(&kent);
    fs::write(&kent, format!("{kent_text}\nKent addition.\n")).unwrap();
    let edited = rebuild();
    assert_eq!(edited.papers_rendered_reused, Some((2, 3)));
    assert_eq!(edited.files, full_build());
    // Its front matter (the label the main report lists it by): the main
    // report is rendered again too.
    let label = "appendix_label = \"APPENDIX 1\"";
    assert!(kent_text.contains(label));
    fs::write(
        &kent,
        kent_text.replacen(label, "appendix_label = \"APPENDIX A\"", 1),
    )
    .unwrap();
    let relabelled = rebuild();
    assert_eq!(relabelled.papers_rendered_reused, Some((3, 2)));
    assert_eq!(relabelled.files, full_build());
    let report = "boards/kent-hwb/2016-01-27/new-planning-arrangements/index.html";
    assert!(String::from_utf8_lossy(&page(&relabelled, report)).contains("APPENDIX A"));

    // A template: every paper is rendered again.
    let template = site.path().join("themes/default/templates/paper.html");
    fs::write(
        &template,
        read(&template).replacen("</article>", "</article>\n", 1),
    )
    .unwrap();
    let edited = rebuild();
    assert_eq!(edited.papers_rendered_reused, Some((5, 0)));
    assert_eq!(edited.files, full_build());

    // A plan: every paper is rendered again (figures come from plans).
    let plan = site
        .path()
        .join("content/plans")
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::write(&plan, format!("{}\n# a comment\n", read(&plan))).unwrap();
    let edited = rebuild();
    assert_eq!(edited.papers_rendered_reused, Some((5, 0)));
    assert_eq!(edited.files, full_build());
}

/// `serve`'s watcher vouches for the content folder between walks: a
/// rebuild reads again the files it reports written and walks the folder
/// only when files came or went.
#[test]
fn a_watched_rebuild_reads_the_reported_files_and_walks_when_files_come_or_go() {
    use plansite::content::listing::Seen;
    use plansite::serve::{SiteBuilder, Snapshot};
    let site = demo_site();
    let options = plansite::Options {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let mut builder = SiteBuilder::new(options.clone());
    builder.watching();
    let (first, outcome) = builder.rebuild(&Snapshot::default());
    assert!(!outcome.failed());
    let page = |s: &Snapshot, path: &str| {
        String::from_utf8_lossy(s.files.get(path).unwrap_or_else(|| panic!("no {path}")))
            .into_owned()
    };
    let rel = "content/boards/southampton-hwb/2017/better-care-plan-2017-19.md";
    let shown = "boards/southampton-hwb/2017/better-care-plan-2017-19/index.html";
    let paper = site.path().join(rel);
    let text = read(&paper);

    // Written, and reported: read again and shown, as a full build shows it.
    fs::write(&paper, format!("{text}\nA sentence the watcher saw.\n")).unwrap();
    builder.seen(Seen::written(vec![rel.to_string()]));
    let (seen, outcome) = builder.rebuild(&first);
    assert!(page(&seen, shown).contains("A sentence the watcher saw."));
    assert_eq!(outcome.files, plansite::prepare(&options).files);

    // A file written but not reported is taken as last read: nothing walks
    // the folder or looks at the file between reports.
    fs::write(&paper, format!("{text}\nA sentence nobody reported.\n")).unwrap();
    let (unseen, _) = builder.rebuild(&seen);
    assert!(!page(&unseen, shown).contains("nobody reported"));
    builder.seen(Seen::written(vec![rel.to_string()]));
    let (seen, _) = builder.rebuild(&unseen);
    assert!(page(&seen, shown).contains("nobody reported"));

    // A new paper: reported as anything (created), or as written to a file
    // the listing does not hold, the folder is walked and it is found.
    let meeting = site.path().join("content/boards/southampton-hwb/2017");
    for (name, seen_as) in [
        ("walked-one.md", Seen::anything()),
        (
            "walked-two.md",
            Seen::written(vec![
                "content/boards/southampton-hwb/2017/walked-two.md".into()
            ]),
        ),
    ] {
        fs::write(
            meeting.join(name),
            text.replacen("title = \"", "title = \"Walked: ", 1),
        )
        .unwrap();
        builder.seen(seen_as);
        let (walked, outcome) = builder.rebuild(&seen);
        let slug = name.trim_end_matches(".md");
        assert!(
            walked
                .files
                .contains_key(&format!("boards/southampton-hwb/2017/{slug}/index.html")),
            "{name} not found"
        );
        assert_eq!(outcome.files, plansite::prepare(&options).files);
    }

    // A write that keeps the file's size and modification time (as
    // `cp -p` or `touch -r` do), reported along with a new file: the folder
    // is walked, and the reported file is read again all the same.
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    let date_back = |path: &Path| {
        let file = fs::File::options().write(true).open(path).unwrap();
        file.set_modified(past).unwrap();
    };
    date_back(&paper);
    builder.seen(Seen::written(vec![rel.to_string()]));
    let (settled, _) = builder.rebuild(&seen);
    assert!(page(&settled, shown).contains("nobody reported"));
    fs::write(&paper, format!("{text}\nA sentence Nobody reported.\n")).unwrap();
    date_back(&paper);
    let mut seen_both = Seen::written(vec![rel.to_string()]);
    seen_both.add(Seen::anything());
    builder.seen(seen_both);
    let (walked, _) = builder.rebuild(&settled);
    assert!(page(&walked, shown).contains("Nobody reported"));

    // A reported file that can no longer be read stays an error until it
    // is mended: its last good text is not taken instead.
    fs::write(&paper, b"+++\ntitle = \"\xff\"\n").unwrap();
    builder.seen(Seen::written(vec![rel.to_string()]));
    let (_, broken) = builder.rebuild(&seen);
    assert!(broken.failed());
    let (_, still) = builder.rebuild(&seen);
    assert!(still.failed(), "the unreadable file was taken as last read");
    fs::write(&paper, &text).unwrap();
    builder.seen(Seen::written(vec![rel.to_string()]));
    let (_, mended) = builder.rebuild(&seen);
    assert!(!mended.failed());
}

// ---------------------------------------------------------------- check

#[test]
fn check_finds_broken_internal_links_and_strict_makes_them_errors() {
    let site = site("minimal");
    let paper = site
        .path()
        .join("content/boards/test-hwb/2026-01-27/budget.md");
    fs::write(
        &paper,
        format!(
            "{}\n1.2 See [the agenda for March](../../2026-03-01/) and [the budget section](#section-9).\n",
            read(&paper)
        ),
    )
    .unwrap();
    let out = plansite(site.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("warning: broken link \"../../2026-03-01/\" in the generated page boards/test-hwb/2026-01-27/budget/index.html\n = note: no generated file boards/test-hwb/2026-03-01/index.html"), "{err}");
    assert!(err.contains("warning: broken link \"#section-9\" in the generated page boards/test-hwb/2026-01-27/budget/index.html\n = note: no element with id \"section-9\" on this page"), "{err}");
    assert!(!site.path().join("output").exists());
    let out = plansite(site.path(), &["check", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error: broken link \"../../2026-03-01/\""));
    assert!(!site.path().join("output").exists());
}

#[test]
fn check_reports_every_error_with_a_summary_count() {
    let site = site("minimal");
    copy_tree(
        &repo().join("tests/fixtures/bad-unknown-field-meeting/content"),
        &site.path().join("content"),
    );
    copy_tree(
        &repo().join("tests/fixtures/bad-malformed-decimal-commas/content"),
        &site.path().join("content"),
    );
    let out = plansite(site.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("_meeting.toml:3:1: error: unknown field \"venu\""),
        "{err}"
    );
    assert!(
        err.contains("test-bcf.toml:36:11: error: figure \"1,624\" has a thousands comma"),
        "{err}"
    );
    assert!(err.contains("\n2 errors, "), "{err}");
    assert!(
        !err.contains("\u{1b}["),
        "colour when not on a terminal: {err}"
    );
}

// ---------------------------------------------------------------- new

#[test]
fn scaffolded_meeting_paper_and_plan_build() {
    let site = site("minimal");
    let root = site.path().to_str().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_plansite"))
            .args(args)
            .args(["--root", root])
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stderr(&out)
    };
    let said = run(&["new", "meeting", "--board", "new-board", "2026-03-24"]);
    assert!(
        said.contains("content/boards/new-board/_board.toml"),
        "{said}"
    );
    assert!(
        said.contains("content/boards/new-board/2026-03-24/_meeting.toml"),
        "{said}"
    );
    run(&[
        "new",
        "paper",
        "--board",
        "new-board",
        "--meeting",
        "2026-03-24",
        "--title",
        "Winter \"pressures\" plan",
        "winter-plan",
    ]);
    run(&[
        "new",
        "paper",
        "--board",
        "test-hwb",
        "--meeting",
        "2026-01-27",
        "second-paper",
    ]);
    run(&[
        "new",
        "plan",
        "--title",
        "Example BCF 2026/27",
        "example-bcf-2026-27",
    ]);

    let paper = read(
        &site
            .path()
            .join("content/boards/new-board/2026-03-24/winter-plan.md"),
    );
    assert!(
        paper.contains("title = \"Winter \\\"pressures\\\" plan\""),
        "{paper}"
    );
    assert!(paper.contains("date = 2026-03-24"), "{paper}");
    assert!(paper.contains("# The \"From\" line"), "{paper}");
    let second = read(
        &site
            .path()
            .join("content/boards/test-hwb/2026-01-27/second-paper.md"),
    );
    assert!(
        second.contains("to = \"Test Health and Wellbeing Board\""),
        "{second}"
    );

    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(
        &site
            .path()
            .join("output/boards/new-board/2026-03-24/winter-plan/index.html"),
    );
    assert!(html.contains("Winter &quot;pressures&quot; plan"), "{html}");
    assert!(site
        .path()
        .join("output/plans/example-bcf-2026-27/index.html")
        .is_file());

    // Never overwrites; refuses bad names and missing meetings.
    for args in [
        &["new", "plan", "example-bcf-2026-27"][..],
        &["new", "plan", "Bad_Name"][..],
        &[
            "new",
            "paper",
            "--board",
            "test-hwb",
            "--meeting",
            "2030-01-01",
            "x",
        ][..],
        &["new", "meeting", "--board", "test-hwb", "2026-02-30"][..],
    ] {
        let out = plansite(site.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    }
}

// ---------------------------------------------------------------- security

#[test]
fn template_output_is_escaped() {
    let site = site("minimal");
    let paper = site
        .path()
        .join("content/boards/test-hwb/2026-01-27/budget.md");
    fs::write(
        &paper,
        read(&paper).replace(
            "title = \"Pooled budget\"",
            "title = \"<script>alert('x')</script> & \\\"budget\\\"\"",
        ),
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(
        &site
            .path()
            .join("output/boards/test-hwb/2026-01-27/budget/index.html"),
    );
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;&#x2F;script&gt; &amp; &quot;budget&quot;"
        ) || html
            .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;budget&quot;"),
        "{html}"
    );
}

#[test]
fn raw_html_is_sanitised_unless_allowed() {
    let site = site("minimal");
    let paper = site
        .path()
        .join("content/boards/test-hwb/2026-01-27/budget.md");
    append(
        &paper,
        "1.2 A <mark>marked</mark> and <font color=\"#000\">black</font> word.\n\n<details><summary>More</summary>Hidden</details>",
    );
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = site
        .path()
        .join("output/boards/test-hwb/2026-01-27/budget/index.html");
    let html = read(&page);
    assert!(html.contains("<mark>marked</mark>"), "{html}");
    assert!(
        !html.contains("<font"),
        "an element off the allow-list survived: {html}"
    );

    let site_toml = site.path().join("content/site.toml");
    fs::write(
        &site_toml,
        format!("{}allow_raw_html = true\n", read(&site_toml)),
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(&page);
    assert!(html.contains("<font color=\"#000\">black</font>"), "{html}");
}

/// Every generated page works under `default-src 'self'`: no inline script,
/// no inline style, no event handler attributes.
fn assert_csp_clean(dir: &Path) -> usize {
    let mut pages = 0;
    for (path, bytes) in snapshot_tree(dir) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        for (i, _) in html.match_indices("<script") {
            let tag_end = html[i..].find('>').map_or(html.len(), |e| i + e);
            assert!(
                html[i..tag_end].contains(" src="),
                "{path}: inline <script>"
            );
        }
        assert!(!html.contains("<style"), "{path}: <style> element");
        assert!(!html.contains(" style="), "{path}: style attribute");
        let b = html.as_bytes();
        for (i, _) in html.match_indices(" on") {
            let name: String = html[i + 3..]
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            let after = &html[i + 3 + name.len()..];
            let in_tag = html[..i].rfind('<') > html[..i].rfind('>');
            assert!(
                !(in_tag && !name.is_empty() && after.starts_with('=')),
                "{path}: event handler on{name} at byte {i} ({:?})",
                String::from_utf8_lossy(&b[i.saturating_sub(40)..(i + 40).min(b.len())])
            );
        }
        assert!(!html.contains("javascript:"), "{path}: javascript: URL");
    }
    pages
}

#[test]
fn the_demo_output_works_under_a_strict_csp() {
    let site = demo_site();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pages = assert_csp_clean(&site.path().join("output"));
    assert!(pages > 10, "only {pages} pages");
}

// ---------------------------------------------------------------- kill safety

/// Writes a site of `papers` papers into `root/content` (beside the
/// minimal fixture's plan), each a few paragraphs long.
fn generate_large_site(root: &Path, papers: usize, title_suffix: &str) {
    let meeting = root.join("content/boards/test-hwb/2026-01-27");
    for i in 0..papers {
        let text = format!(
            "+++\ntitle = \"Generated paper {i}{title_suffix}\"\nkind = \"position-statement\"\ndate = 2026-01-27\nitem = {i}\n+++\n\n## 1. Purpose\n\n1.1 This generated paper number {i} tests a large build.\n\n1.2 {}\n\n## 2. Detail\n\n2.1 - one\n- two\n- three\n",
            "Text of the paragraph. ".repeat(20)
        );
        fs::write(meeting.join(format!("generated-{i:05}.md")), text).unwrap();
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_intact() {
    let site = site("minimal");
    generate_large_site(site.path(), 1500, "");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let old = snapshot_tree(&site.path().join("output"));

    // Change every page, so a killed build has a lot to write; build the
    // new site elsewhere once, to know it exactly (builds are deterministic).
    generate_large_site(site.path(), 1500, " (revised)");
    let elsewhere = tempfile::tempdir().unwrap();
    let new_dir = elsewhere.path().join("new");
    let t0 = Instant::now();
    let full = plansite(
        site.path(),
        &[
            "build",
            "--quiet",
            "--no-cache",
            "--output",
            new_dir.to_str().unwrap(),
        ],
    );
    let full_time = t0.elapsed();
    assert!(full.status.success(), "{}", stderr(&full));
    let new = snapshot_tree(&new_dir);
    assert_ne!(old, new);

    let mut killed = 0;
    for fraction in [0.05, 0.2, 0.4, 0.6, 0.8, 0.95] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plansite"))
            .args(["build", "--quiet", "--no-cache", "--root"])
            .arg(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full_time.mul_f64(fraction));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Exactly the old site, or exactly the whole new one: never a mix.
        let now = snapshot_tree(&site.path().join("output"));
        assert!(
            now == old || now == new,
            "output/ is neither the old site nor the whole new one after a kill at {fraction} of a build"
        );
    }
    assert!(
        killed >= 3,
        "only {killed} builds were still running when killed"
    );

    // The next build succeeds, publishes the new site and leaves no staging folder.
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(
        &site
            .path()
            .join("output/boards/test-hwb/2026-01-27/generated-00007/index.html")
    )
    .contains("(revised)"));
    let leftovers: Vec<String> = fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---------------------------------------------------------------- in memory

/// Every file under `dir` as (path from `dir` with `/`, text).
fn texts(dir: &Path) -> Vec<(String, String)> {
    snapshot_tree(dir)
        .into_iter()
        .map(|(p, b)| (p.replace('\\', "/"), String::from_utf8(b).unwrap()))
        .collect()
}

#[test]
fn an_in_memory_site_builds_exactly_like_the_same_site_on_disk() {
    let site = site("minimal");
    let on_disk = plansite::check(&plansite::Options {
        root: site.path().to_path_buf(),
        ..Default::default()
    });
    let memory = plansite::MemorySite {
        content: texts(&site.path().join("content"))
            .into_iter()
            .map(|(p, t)| (format!("content/{p}"), t))
            .collect(),
        templates: texts(&site.path().join("themes/default/templates")),
        static_files: snapshot_tree(&site.path().join("themes/default/static")),
    };
    let in_memory = plansite::check_memory(&memory, &plansite::Options::default());
    assert!(!in_memory.failed(), "{:?}", in_memory.diagnostics);
    assert_eq!(on_disk.files, in_memory.files);
    assert_eq!(on_disk.static_files, in_memory.static_files);
    let msgs = |o: &plansite::Outcome| {
        o.diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(msgs(&on_disk), msgs(&in_memory));
}

// ---------------------------------------------------------------- progress

/// Runs `plansite args` under a pseudo-terminal (util-linux `script`);
/// `None` when `script` is not installed.
fn on_a_terminal(root: &Path, args: &str) -> Option<String> {
    let cmd = format!(
        "{} {args} --root {}",
        env!("CARGO_BIN_EXE_plansite"),
        root.display()
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn progress_bar_only_on_a_terminal_and_never_with_quiet() {
    let site = site("minimal");
    generate_large_site(site.path(), 200, "");
    // Not a terminal: one line, no drawing.
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.lines().last().is_some_and(|l| l.starts_with("built ")),
        "{err}"
    );
    assert!(
        !err.contains("rendering") && !err.contains("writing"),
        "{err}"
    );
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    let out = plansite(site.path(), &["build", "--quiet"]);
    assert!(!stderr(&out).contains("built "), "{}", stderr(&out));

    let Some(tty) = on_a_terminal(site.path(), "build") else {
        eprintln!("skipped the terminal half: no `script` command");
        return;
    };
    assert!(
        tty.contains("rendering") || tty.contains("writing"),
        "{tty:?}"
    );
    assert!(tty.contains("built "), "{tty:?}");
    let quiet = on_a_terminal(site.path(), "build --quiet").unwrap_or_default();
    assert!(
        !quiet.contains("rendering") && !quiet.contains("writing"),
        "{quiet:?}"
    );
    // Colour on a terminal only.
    let paper = site
        .path()
        .join("content/boards/test-hwb/2026-01-27/budget.md");
    fs::write(&paper, read(&paper).replace("summary =", "sumary =")).unwrap();
    let tty = on_a_terminal(site.path(), "check").unwrap_or_default();
    assert!(tty.contains('\u{1b}'), "no colour on a terminal: {tty:?}");
}

/// The whole-site fuzz target starts from a site that builds cleanly: the
/// seed `fuzz/seed` makes from the demo content (the file order is `PATHS`
/// in fuzz/fuzz_targets/site.rs).
#[test]
fn the_fuzz_site_seed_builds_cleanly() {
    // The file paths, read from the fuzz target itself so that the two can
    // never disagree.
    let target = read(&repo().join("fuzz/fuzz_targets/site.rs"));
    let list = &target[target.find("const PATHS").unwrap()..];
    let list = &list[..list.find("];").unwrap()];
    let paths: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
    assert_eq!(paths.len(), 8, "{paths:?}");
    assert_eq!(paths[0], "content/site.toml");
    let out = tempfile::tempdir().unwrap();
    let seeded = Command::new("bash")
        .arg(repo().join("fuzz/seed"))
        .arg(out.path())
        .output()
        .unwrap();
    assert!(seeded.status.success(), "{}", stderr(&seeded));
    let seed = read(&out.path().join("site/kent"));
    let theme = repo().join("themes/default");
    let memory = plansite::MemorySite {
        content: seed
            .split('\0')
            .zip(&paths)
            .map(|(t, p)| (p.to_string(), t.to_string()))
            .collect(),
        templates: texts(&theme.join("templates")),
        static_files: snapshot_tree(&theme.join("static")),
    };
    let outcome = plansite::check_memory(&memory, &plansite::Options::default());
    let msgs: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(msgs.is_empty(), "{msgs:#?}");
    assert!(outcome.files.len() > 20, "{}", outcome.files.len());
}

/// What `build` wrote: every file under `output/` with its bytes.
fn published(root: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot_tree(&root.join("output"))
}

/// A build with `--no-cache` into a folder of its own: what the cached
/// builds must write, byte for byte.
fn built_afresh(root: &Path) -> Vec<(String, Vec<u8>)> {
    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("out");
    let done = plansite(
        root,
        &["build", "--no-cache", "--output", out.to_str().unwrap()],
    );
    assert!(done.status.success(), "{}", stderr(&done));
    snapshot_tree(&out)
}

/// The last line `build` printed.
fn build_line(root: &Path) -> String {
    let out = plansite(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stderr(&out).lines().last().unwrap_or_default().to_string()
}

/// `build --timings`: (meetings taken as the last build parsed them, all
/// meetings), and what it printed.
fn meetings_taken(root: &Path) -> ((usize, usize), String) {
    let out = plansite(root, &["build", "--timings"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let line = err
        .lines()
        .find(|l| l.ends_with(" meetings taken as the last build parsed them"))
        .unwrap_or_else(|| panic!("no meetings line in {err}"));
    let mut words = line.split(' ');
    let taken = words.next().and_then(|w| w.parse().ok()).expect("a count");
    let all = words.nth(1).and_then(|w| w.parse().ok()).expect("a count");
    ((taken, all), err)
}

#[test]
// Files are recognised by their identities only on Linux (`cache::parsed`).
#[cfg(target_os = "linux")]
fn a_cached_build_takes_meetings_whose_files_have_not_changed_as_parsed_last_time() {
    let site = demo_site();
    let root = site.path();
    // Files written within a clock tick of being looked at are not
    // vouched for: the copied demo must settle first.
    std::thread::sleep(Duration::from_millis(3200));
    // The first build (with no record of an earlier one) takes no meeting
    // but keeps every one it parsed; the second takes them all.
    let ((taken, all), _) = meetings_taken(root);
    assert_eq!(taken, 0);
    assert!(all >= 3, "{all}");
    assert_eq!(meetings_taken(root).0, (all, all));
    let before = published(root);
    assert_eq!(before, built_afresh(root));

    // One paper edited: its meeting is parsed again, and the site is what
    // a build without the cache writes.
    let paper = root.join("content/boards/southampton-hwb/2017/better-care-plan-2017-19.md");
    append(&paper, "\nAn added closing sentence.\n");
    assert_eq!(meetings_taken(root).0, (all - 1, all));
    assert_ne!(published(root), before);
    assert_eq!(published(root), built_afresh(root));

    // A paper with a warning: its meeting is parsed on every build, so
    // the warning is reported every time.
    append(&paper, "\nReplace with the closing paragraph.\n");
    std::thread::sleep(Duration::from_millis(3200));
    for _ in 0..2 {
        let (counts, err) = meetings_taken(root);
        assert_eq!(counts, (all - 1, all));
        assert!(
            err.contains("placeholder left in the content")
                && err.contains("better-care-plan-2017-19.md"),
            "{err}"
        );
    }
    assert_eq!(published(root), built_afresh(root));

    // Put right: kept again once it has settled. A paper added to a
    // meeting, or one removed, has its meeting parsed again.
    fs::write(
        &paper,
        read(&paper).replace("\nReplace with the closing paragraph.\n", ""),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(3200));
    meetings_taken(root);
    assert_eq!(meetings_taken(root).0, (all, all));
    let added = root.join("content/boards/kent-hwb/2016-01-27/added-paper.md");
    fs::write(
        &added,
        "+++\ntitle = \"An added paper\"\nkind = \"position-statement\"\ndate = 2016-01-27\n+++\n\n## 1. Purpose\n\n1.1 Text.\n",
    )
    .unwrap();
    assert_eq!(meetings_taken(root).0, (all - 1, all));
    assert_eq!(published(root), built_afresh(root));
    fs::remove_file(&added).unwrap();
    assert_eq!(meetings_taken(root).0, (all - 1, all));
    assert_eq!(published(root), built_afresh(root));

    // In one other meeting: a paper's times set back to what they were
    // (which changes its change time alone), an earlier version edited,
    // the meeting file edited. Each time, once the change has settled,
    // that meeting alone is parsed again (and kept again for the next).
    let folder = root.join("content/boards/plansite-examples/2026-11-26");
    let summary = folder.join("kent-bcf-summary.md");
    let modified = fs::metadata(&summary).unwrap().modified().unwrap();
    let changes: [&dyn Fn(); 3] = [
        &|| {
            fs::File::options()
                .write(true)
                .open(&summary)
                .unwrap()
                .set_modified(modified)
                .unwrap()
        },
        &|| {
            append(
                &folder.join("kent-bcf-summary.v1.md"),
                "\nA sentence added to the first version.\n",
            )
        },
        &|| append(&folder.join("_meeting.toml"), "\n# a comment\n"),
    ];
    for change in changes {
        change();
        std::thread::sleep(Duration::from_millis(3200));
        assert_eq!(meetings_taken(root).0, (all - 1, all));
        assert_eq!(meetings_taken(root).0, (all, all));
        assert_eq!(published(root), built_afresh(root));
    }
}

#[test]
fn a_cached_build_keeps_unchanged_papers_and_writes_what_a_full_build_writes() {
    let site = demo_site();
    let root = site.path();
    // The first build draws every paper; the second keeps them all.
    let first = build_line(root);
    assert!(!first.contains("kept"), "{first}");
    assert!(
        build_line(root).ends_with("; 0 papers drawn, 5 kept from the last build"),
        "the second build drew papers"
    );
    let before = published(root);
    assert_eq!(before, built_afresh(root));

    // One paper's text: only that paper is drawn again, and the site is
    // exactly what a build without the cache writes.
    let paper = root.join("content/boards/southampton-hwb/2017/better-care-plan-2017-19.md");
    append(&paper, "\nAn added closing sentence.\n");
    let line = build_line(root);
    assert!(
        line.ends_with("; 1 paper drawn, 4 kept from the last build"),
        "{line}"
    );
    let after = published(root);
    assert_ne!(after, before);
    assert_eq!(after, built_afresh(root));

    // A paper's title is on its meeting's agenda, the board's pages and
    // the What's new page: those are drawn again with it.
    let kent = root.join("content/boards/kent-hwb/2016-01-27/new-planning-arrangements.md");
    let text = read(&kent);
    let title = text
        .lines()
        .find(|l| l.starts_with("title = "))
        .expect("a title")
        .to_string();
    fs::write(
        &kent,
        text.replacen(
            &title,
            "title = \"New planning arrangements (retitled)\"",
            1,
        ),
    )
    .unwrap();
    build_line(root);
    let after = published(root);
    let agenda = String::from_utf8_lossy(
        &after
            .iter()
            .find(|(path, _)| path == "boards/kent-hwb/2016-01-27/index.html")
            .expect("Kent's agenda")
            .1,
    )
    .to_string();
    assert!(agenda.contains("New planning arrangements (retitled)"));
    assert_eq!(after, built_afresh(root));

    // A paper removed and another added: every listing follows.
    fs::remove_file(&kent).unwrap();
    fs::write(
        root.join("content/boards/southampton-hwb/2017/added-paper.md"),
        "+++\ntitle = \"An added paper\"\nkind = \"position-statement\"\ndate = 2017-03-01\n+++\n\n## 1. Purpose\n\n1.1 Text.\n",
    )
    .unwrap();
    let out = plansite(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = published(root);
    assert!(after
        .iter()
        .any(|(p, _)| p.starts_with("boards/southampton-hwb/2017/added-paper/")));
    assert!(!after
        .iter()
        .any(|(p, _)| p.contains("new-planning-arrangements")));
    assert_eq!(after, built_afresh(root));

    // The Kent summary links to paragraphs of Kent's position statement:
    // a change to the statement's text draws both again.
    let statement = root.join("content/boards/kent-hwb/2016-01-27/bcf-position-statement.md");
    fs::write(
        &statement,
        read(&statement).replacen("\n4.2 ", "\n4.2 (Amended.) ", 1),
    )
    .unwrap();
    let line = build_line(root);
    assert!(
        line.ends_with("; 2 papers drawn, 3 kept from the last build"),
        "{line}"
    );
    assert_eq!(published(root), built_afresh(root));

    // A plan cited by every paper's pages (site-wide input): all drawn.
    let plan = root.join("content/plans/kent-bcf-2015-16.toml");
    assert!(plan.exists());
    append(&plan, "\n# a comment\n");
    let line = build_line(root);
    assert!(!line.contains("kept"), "{line}");
    assert_eq!(published(root), built_afresh(root));

    // A published page edited by hand is not trusted: its paper is drawn
    // again and the page is put right.
    let page = root.join("output/boards/kent-hwb/2016-01-27/bcf-position-statement/index.html");
    let good = fs::read(&page).unwrap();
    let mut tampered = good.clone();
    let at = tampered.len() / 2;
    tampered[at] = if tampered[at] == b'x' { b'y' } else { b'x' };
    // A new file, not written through: the spare may share its inode.
    fs::remove_file(&page).unwrap();
    fs::write(&page, &tampered).unwrap();
    let line = build_line(root);
    assert!(
        line.ends_with("; 1 paper drawn, 4 kept from the last build"),
        "{line}"
    );
    assert_eq!(fs::read(&page).unwrap(), good);

    // A record written by other code, or garbled, is ignored.
    let record = root.join(".plansite-cache/pages.txt");
    let text = read(&record);
    assert!(text.starts_with("plansite published pages v2 "), "{text}");
    fs::write(&record, text.replacen("v2", "v0", 1)).unwrap();
    let line = build_line(root);
    assert!(!line.contains("kept"), "{line}");
    assert_eq!(published(root), built_afresh(root));
}

/// Rewrites the build record as if it had been written a minute after
/// the build: its pages have then settled, and a build trusts those still
/// the files it recorded without reading them.
fn age_record(root: &Path) {
    let record = root.join(".plansite-cache/pages.txt");
    let text = read(&record);
    let (head, rest) = text.split_once("\nrecorded ").expect("a recorded line");
    let (nanos, rest) = rest.split_once('\n').expect("records");
    let later = nanos.parse::<u128>().expect("nanoseconds") + 60_000_000_000;
    fs::write(&record, format!("{head}\nrecorded {later}\n{rest}")).unwrap();
}

/// Changes the byte at `at` of the file at `path` in place (the same
/// file, the same length), as a tool writing through it would.
fn write_through_with_one_byte_changed(path: &Path, at: usize) {
    let mut bytes = fs::read(path).unwrap();
    bytes[at] ^= 1;
    fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|mut f| f.write_all(&bytes))
        .unwrap();
}

#[test]
fn a_cached_build_trusts_published_pages_by_file_and_still_writes_what_a_full_build_writes() {
    let site = demo_site();
    let root = site.path();
    build_line(root);
    age_record(root);

    // One paper's text: its shard of the search index is built again from
    // the other papers' pages, kept unread and read only for that.
    let paper = root.join("content/boards/kent-hwb/2016-01-27/new-planning-arrangements.md");
    append(&paper, "\nAn added closing sentence about Roger.\n");
    let line = build_line(root);
    assert!(
        line.ends_with("; 1 paper drawn, 4 kept from the last build"),
        "{line}"
    );
    assert_eq!(published(root), built_afresh(root));

    // The same again with the shard's cache entry gone.
    age_record(root);
    fs::remove_dir_all(root.join(".plansite-cache/search")).unwrap();
    append(&paper, "\nAnd another.\n");
    let line = build_line(root);
    assert!(
        line.ends_with("; 1 paper drawn, 4 kept from the last build"),
        "{line}"
    );
    assert_eq!(published(root), built_afresh(root));

    // Nothing changed: every page and shard is linked as published.
    age_record(root);
    let before = published(root);
    let line = build_line(root);
    assert!(
        line.ends_with("; 0 papers drawn, 5 kept from the last build"),
        "{line}"
    );
    assert_eq!(published(root), before);

    // A page written through in place, keeping its length: no longer the
    // file recorded, so it is read, found changed, and its paper drawn.
    age_record(root);
    let page = root.join("output/boards/kent-hwb/2016-01-27/bcf-position-statement/index.html");
    let good = fs::read(&page).unwrap();
    write_through_with_one_byte_changed(&page, good.len() / 2);
    let line = build_line(root);
    assert!(
        line.ends_with("; 1 paper drawn, 4 kept from the last build"),
        "{line}"
    );
    assert_eq!(fs::read(&page).unwrap(), good);
    assert_eq!(published(root), built_afresh(root));

    // A shard's file written through in place: read, found changed, and
    // the shard taken from the cache instead.
    age_record(root);
    let shard_file = walkdir::WalkDir::new(root.join("output/pagefind"))
        .into_iter()
        .flatten()
        .find(|e| e.file_type().is_file() && e.path().to_string_lossy().contains("pf_meta"))
        .expect("a shard's meta file")
        .into_path();
    let good = fs::read(&shard_file).unwrap();
    write_through_with_one_byte_changed(&shard_file, 0);
    build_line(root);
    assert_eq!(fs::read(&shard_file).unwrap(), good);
    assert_eq!(published(root), built_afresh(root));
}

#[test]
fn a_paper_with_a_warning_is_drawn_by_every_cached_build_and_warns_each_time() {
    let site = demo_site();
    let root = site.path();
    let paper = root.join("content/boards/kent-hwb/2016-01-27/bcf-position-statement.md");
    append(&paper, "\n7.7 The fund is now £987,654,321.\n");
    for (build, drawn) in [(1, ""), (2, "; 1 paper drawn, 4 kept from the last build")] {
        let out = plansite(root, &["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("987,654,321"), "build {build}: {err}");
        let last = err.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("built ")
                && last.ends_with(drawn)
                && (build == 2 || !last.contains("kept")),
            "build {build}: {err}"
        );
    }
}

#[test]
fn a_link_to_a_paper_spelt_with_an_escape_is_refused() {
    let site = demo_site();
    let root = site.path();
    let summary = root.join("content/boards/plansite-examples/2026-11-26/kent-bcf-summary.md");
    let plain = "{{ paper kent-hwb/2016-01-27/bcf-position-statement#4.2 }}";
    for spelt in [
        r"{{ paper kent\-hwb/2016-01-27/bcf-position-statement#4.2 }}",
        "{{ pap&#101;r kent-hwb/2016-01-27/bcf-position-statement#4.2 }}",
    ] {
        let text = read(&summary);
        assert!(text.contains(plain));
        fs::write(&summary, text.replacen(plain, spelt, 1)).unwrap();
        let out = plansite(root, &["check"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("this link to a paper is written with a backslash or a character reference")
                && err.contains("kent-bcf-summary.md:")
                && err.contains("write it plainly, e.g. {{ paper kent-hwb/2016-01-27/new-planning-arrangements }}"),
            "{err}"
        );
        fs::write(&summary, text).unwrap();
    }
}

#[test]
fn a_site_moved_away_to_publish_it_is_never_written_through_by_the_next_build() {
    // A web team moves output/ away to deploy it. The next build finds no
    // output/ but recycles the spare the build before left, whose files
    // are hard links to the pages that were moved: it must replace them,
    // never write into them.
    let site = site("minimal");
    let root = site.path();
    for _ in 0..2 {
        let out = plansite(root, &["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let deployed = root.join("deployed");
    fs::rename(root.join("output"), &deployed).unwrap();
    let before = snapshot_tree(&deployed);
    let config = root.join("content/site.toml");
    let text = read(&config);
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("title = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("a title in site.toml")
        .to_string();
    fs::write(
        &config,
        text.replacen(
            &format!("title = \"{title}\""),
            "title = \"Renamed site\"",
            1,
        ),
    )
    .unwrap();
    let out = plansite(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(&root.join("output/index.html")).contains("Renamed site"));
    assert!(
        snapshot_tree(&deployed) == before,
        "the deployed site was changed"
    );
}

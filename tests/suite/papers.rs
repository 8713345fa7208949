//! Board papers and meetings: numbering, cross-references, figures typed in
//! prose, exempt items, statutory completeness, revisions, meeting and board
//! pages, What's new, feeds, links under a sub-path, search and embedding.
//!
//! Fixtures: `papers` (a good site with every feature), `bad-numbering`,
//! `incomplete-papers`; some tests write one extra file into a copy.

use super::support::*;
use std::fs;
use std::io::Read;
use std::path::Path;

fn built(fixture: &str) -> tempfile::TempDir {
    let site = site(fixture);
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{fixture} failed:\n{}", stderr(&out));
    site
}

fn page(site: &tempfile::TempDir, rel: &str) -> String {
    read(&site.path().join("output").join(rel))
}

fn write(site: &tempfile::TempDir, rel: &str, text: &str) {
    let p = site.path().join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

// ---------------------------------------------------------------- numbering

#[test]
fn auto_numbering_numbers_sections_and_paragraphs_and_resolves_labels() {
    let site = built("papers");
    let html = page(&site, "boards/test-hwb/2026-01-27/budget/index.html");
    // Lead text before the first section is not numbered.
    assert!(html.contains("<p>Lead text before any section is not numbered.</p>"));
    assert!(
        html.contains(
            "<h2 id=\"section-1-heading\"><span class=\"section-number\">1.</span> Budget</h2>"
        ),
        "the {{#label}} is not shown"
    );
    assert!(html.contains("<div class=\"para\" id=\"para-1-1\">"));
    assert!(html.contains("<div class=\"para\" id=\"para-1-2\">"));
    assert!(html.contains("<div class=\"para\" id=\"para-2-1\">"));
    // The list and the quotation belong to the paragraph before them.
    assert!(!html.contains("id=\"para-1-3\""));
    assert!(!html.contains("id=\"para-2-2\""));
    assert!(
        html.contains("<p>Carers get £1,240k"),
        "the label is not shown"
    );
    assert!(html.contains(
        "The risk is described in <a href=\"#para-1-2\">paragraph 1.2</a> and <a href=\"#section-1\">section 1</a>; see also <a href=\"#para-1-1\">paragraph 1.1</a>."
    ));
}

#[test]
fn manual_numbering_gaps_duplicates_and_order_are_errors_with_locations() {
    let site = site("bad-numbering");
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let m = "content/boards/test-hwb/2026-01-27/manual.md";
    for line in [
        format!("{m}:12:1: error: paragraph numbers skip from 1.1 to 1.3"),
        format!("{m}:18:1: error: paragraph 2.1 is numbered twice"),
        format!("{m}:26:1: error: paragraph 3.1 is out of order: it follows 3.2"),
        format!("{m}:28:1: error: section numbers skip from 3 to 5"),
        "content/boards/test-hwb/2026-01-27/flat.md:15:1: error: paragraph numbers skip from 2 to 4".to_string(),
    ] {
        assert!(err.contains(&line), "missing `{line}` in:\n{err}");
    }
    assert!(err.contains("help: the next paragraph should be 1.2; keep the numbers as published"));
}

// ---------------------------------------------------------------- references

#[test]
fn links_between_papers_resolve_to_paragraphs_sections_and_labels() {
    let site = built("papers");
    let html = page(&site, "boards/test-hwb/2026-03-02/forward-plan/index.html");
    assert!(html.contains(
        "<a href=\"../../2026-01-27/budget/#para-1-2\">Pooled budget, paragraph 1.2</a>"
    ));
    assert!(html
        .contains("<a href=\"../../2026-01-27/budget/#section-2\">Pooled budget, section 2</a>"));
    assert!(html.contains(
        "<a href=\"../../2026-01-27/history/#para-1-1\">Integration history, paragraph 1.1</a>"
    ));
}

#[test]
fn broken_references_are_errors_at_the_shortcode() {
    let site = site("bad-numbering");
    let err = stderr(&plansite(site.path(), &["check"]));
    let r = "content/boards/test-hwb/2026-01-27/refs.md";
    assert!(
        err.contains(&format!(
            "{r}:9:5: error: no paragraph or section \"no-such-label\" in this paper"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{r}:11:5: error: paper \"test-hwb/2026-01-27/manual\" has no paragraph or section \"para-9-9\"")), "{err}");
    assert!(
        err.contains(&format!(
            "{r}:11:57: error: no paper \"test-hwb/2026-01-27/manul\""
        )),
        "{err}"
    );
    assert!(
        err.contains("help: did you mean \"test-hwb/2026-01-27/manual\"?"),
        "{err}"
    );
}

#[test]
fn a_link_into_an_exempt_paper_is_an_error() {
    let site = site("papers");
    write(
        &site,
        "content/boards/test-hwb/2026-03-02/peek.md",
        "+++\ntitle = \"Peek\"\nkind = \"position-statement\"\ndate = 2026-03-02\n+++\n\n## A\n\nSee {{ paper test-hwb/2026-01-27/staffing#para-1-1 }}.\n",
    );
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(err.contains("peek.md:9:5: error: \"test-hwb/2026-01-27/staffing\" is exempt, so its paragraphs are not published"), "{err}");
}

// ---------------------------------------------------------------- figures in prose

const PROSE: &str = "+++\ntitle = \"Prose\"\nkind = \"position-statement\"\ndate = 2026-03-02\nplans = [\"test-bcf\"]\n+++\n\n## Money\n\nRight: £1,624k, £1.624m, £1,240 and £1,374k. National: £10 billion, £ 600 million, £5bn and £300 + million. Quoted: {{ quoted £9.9m }}.\n\nWrong: £1,625k and £2.5m.\n";

#[test]
fn a_typed_money_figure_not_in_the_cited_plan_warns_and_fails_strict() {
    let site = site("papers");
    write(&site, "content/boards/test-hwb/2026-03-02/prose.md", PROSE);
    let out = plansite(site.path(), &["check"]);
    assert!(
        out.status.success(),
        "a warning must not fail check: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    let p = "content/boards/test-hwb/2026-03-02/prose.md";
    assert!(err.contains(&format!("{p}:12:8: warning: £1,625k is typed in the text but matches no figure in the plan data this paper cites (test-bcf)")), "{err}");
    assert!(
        err.contains(&format!("{p}:12:20: warning: £2.5m is typed")),
        "{err}"
    );
    assert!(
        err.contains("0 errors, 2 warnings"),
        "only the two wrong figures: {err}"
    );
    let strict = plansite(site.path(), &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).contains("error: £1,625k is typed"));
    // `build` lets each paper's text go after parsing it and checks the
    // figures when it reads the paper again to draw it: the same warnings,
    // at the same places, with the offending line shown.
    let built = plansite(site.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let built_err = stderr(&built);
    for want in [
        format!("{p}:12:8: warning: £1,625k is typed"),
        format!("{p}:12:20: warning: £2.5m is typed"),
        "Wrong: £1,625k and £2.5m.".to_string(),
        "0 errors, 2 warnings".to_string(),
    ] {
        assert!(built_err.contains(&want), "no {want:?} in\n{built_err}");
    }
    // With a theme that cannot be loaded nothing is drawn, but the papers'
    // figures are still checked, so every problem is reported at once.
    fs::write(
        site.path().join("themes/default/templates/base.html"),
        "{% if %}",
    )
    .unwrap();
    let broken = plansite(site.path(), &["check"]);
    let broken_err = stderr(&broken);
    assert_eq!(broken.status.code(), Some(1), "{broken_err}");
    for want in [
        "error: theme templates do not parse".to_string(),
        format!("{p}:12:8: warning: £1,625k is typed"),
        format!("{p}:12:20: warning: £2.5m is typed"),
    ] {
        assert!(broken_err.contains(&want), "no {want:?} in\n{broken_err}");
    }
}

#[test]
fn the_demo_passes_check_strict_despite_its_national_figures() {
    let site = demo_site();
    let out = plansite(site.path(), &["check", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 errors, 0 warnings"));
}

// ---------------------------------------------------------------- exempt items

/// Every file of the output as text, with gzip files (the search index)
/// decompressed.
fn all_output_text(dir: &Path) -> Vec<(String, String)> {
    snapshot_tree(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let text = if bytes.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut out)
                    .expect("gunzip");
                String::from_utf8_lossy(&out).into_owned()
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            (path, text)
        })
        .collect()
}

#[test]
fn exempt_content_is_never_written_anywhere() {
    let site = built("papers");
    let files = all_output_text(&site.path().join("output"));
    assert!(
        files.iter().any(|(p, _)| p.ends_with(".pf_fragment")),
        "search index is checked too"
    );
    assert!(files.iter().any(|(p, _)| p.ends_with("feed.xml")));
    assert!(files.iter().any(|(p, _)| p.ends_with(".csv")));
    for (path, text) in &files {
        for marker in [
            "EXEMPT-SUMMARY-7Q3",
            "EXEMPT-RECOMMENDATION-7Q3",
            "EXEMPT-NOTE-7Q3",
            "EXEMPT-BACKGROUND-7Q3",
            "EXEMPT-BODY-7Q3",
        ] {
            assert!(!text.contains(marker), "{marker} is in {path}");
        }
    }
    // …and the item is still listed, with its category and reason.
    let agenda = page(&site, "boards/test-hwb/2026-01-27/index.html");
    assert!(agenda.contains("<strong class=\"tag tag--exempt\">Exempt</strong> Not for publication under paragraph 1 of Part 1 of Schedule 12A to the Local Government Act 1972."));
    assert!(agenda.contains("<p>Category: Information relating to any individual.</p>"));
    assert!(agenda.contains("<p>Reason: The report names individual members of staff.</p>"));
    let exempt_page = page(&site, "boards/test-hwb/2026-01-27/staffing/index.html");
    assert!(exempt_page.contains("<p>Reason: The report names individual members of staff.</p>"));
}

#[test]
fn the_demo_exempt_example_text_is_never_written() {
    let site = demo_site();
    assert!(plansite(site.path(), &["build"]).status.success());
    for (path, text) in all_output_text(&site.path().join("output")) {
        assert!(
            !text.contains("DEMONSTRATION EXEMPT"),
            "exempt text in {path}"
        );
    }
}

/// What the search index holds for a paper is what a resident reads in a
/// result's excerpt: a label and its value, and the header cells of a
/// table, are separate words (pagefind does not separate `dt`, `dd` and
/// `th` on its own, so "From" and the author became one word "FromRoger"
/// and the author's name could not be found), and the paragraph numbers'
/// "Paragraph 1.1" are left out of the text between the paragraphs.
#[test]
fn the_search_index_holds_the_words_a_resident_reads() {
    let site = demo_site();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fragment = |url: &str| {
        all_output_text(&site.path().join("output"))
            .into_iter()
            .find(|(p, t)| p.ends_with(".pf_fragment") && t.contains(url))
            .map(|(_, t)| t)
            .unwrap_or_else(|| panic!("no fragment for {url}"))
    };
    let paper = fragment("\"url\":\"/boards/kent-hwb/2016-01-27/new-planning-arrangements/\"");
    for words in [
        "From Roger Gough – Cabinet Member for Education and Health Reform To Kent Health and Wellbeing Board Date 27 January 2016 Subject",
        "1. Introduction. In recent weeks the Chancellor’s Autumn Statement",
    ] {
        assert!(paper.contains(words), "{words:?} not in {paper}");
    }
    let statement = fragment("\"url\":\"/boards/kent-hwb/2016-01-27/bcf-position-statement/\"");
    assert!(
        statement.contains("Source of funds Amount (£m) Share (%) KCC 10.640. 10.5% CCGs 90.764. 89.5% Total (pooled fund) 101.404. 100.0%"),
        "{statement}"
    );
    // Words plansite adds rather than the paper's: paragraph numbers, a
    // chart that repeats its table, download links, the checks of a fund's
    // totals, and notices that nothing was published (each on the page).
    let noise = [
        "Paragraph 1.1",
        "Paragraph 2.1",
        "FromRoger",
        "fundsAmount",
        "Bar chart with",
        "The same figures are in the table",
        "Download this table",
        "Checked",
        "No contact details were published",
        "The minutes of this meeting have not been published",
    ];
    for noise in noise {
        assert!(
            !paper.contains(noise) && !statement.contains(noise),
            "{noise:?} is indexed"
        );
    }
    let pages = ["new-planning-arrangements", "bcf-position-statement"].map(|slug| {
        fs::read_to_string(site.path().join(format!(
            "output/boards/kent-hwb/2016-01-27/{slug}/index.html"
        )))
        .expect("the paper page")
    });
    for shown in &noise[4..] {
        assert!(
            pages.iter().any(|p| p.contains(shown)),
            "{shown:?} is not on either page, so the test proves nothing"
        );
    }
}

// ---------------------------------------------------------------- completeness

#[test]
fn each_missing_statutory_item_is_an_error_naming_it() {
    let site = site("incomplete-papers");
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let d = "content/boards/test-hwb/2026-01-27";
    for line in [
        format!("{d}/no-contact.md: error: board paper has no contact officer"),
        format!("{d}/no-recommendations.md: error: board paper has no recommendations"),
        format!("{d}/no-background.md: error: board paper has no background papers list"),
        format!("{d}/no-from.md: error: board paper has no \"from\" line"),
        format!("{d}/exempt-no-reason.md: error: exempt paper without a reason"),
        format!("{d}/exempt-no-reason.md: error: exempt paper without an exemption paragraph"),
    ] {
        assert!(err.contains(&line), "missing `{line}` in:\n{err}");
    }
    assert!(
        !err.contains("complete.md"),
        "the complete paper passes: {err}"
    );
    assert!(err.contains("6 errors, 0 warnings"), "{err}");
}

// ---------------------------------------------------------------- revisions

#[test]
fn revisions_keep_old_versions_at_stable_urls_with_a_change_history() {
    let site = built("papers");
    let d = "boards/test-hwb/2026-01-27/history";
    let current = page(&site, &format!("{d}/index.html"));
    assert!(current.contains("<dt>Version</dt><dd>Version 3: Final, 20 January 2026"));
    assert!(current.contains("<h3><a href=\"v1/\">Version 1: Initial draft</a></h3>"));
    assert!(current.contains("<ul><li>First published version.</li></ul>"));
    assert!(current
        .contains("<ul><li>Paragraph removed: 1.3.</li><li>Paragraph changed: 1.2.</li></ul>"));
    assert!(current.contains("<p>Adds section 2.</p>\n    <ul><li>Paragraph added: 2.1.</li></ul>"));
    let v1 = page(&site, &format!("{d}/v1/index.html"));
    assert!(v1.contains("This is version 1: initial draft of this paper. It has been replaced: <a href=\"../\">read the current version of Integration history</a>."));
    assert!(v1.contains("<p>Third paragraph, later removed.</p>"));
    assert!(v1.contains("<link rel=\"canonical\" href=\"https://example.gov.uk/democracy/hwb/boards/test-hwb/2026-01-27/history/v1/\">"));
    assert!(v1.contains(
        "<title>Integration history (version 1: initial draft) – Test plans and papers</title>"
    ));
    let v2 = page(&site, &format!("{d}/v2/index.html"));
    assert!(v2.contains("<p>Second paragraph, refreshed.</p>"));
    assert!(!v2.contains("A new paragraph."));
    // Only the current version is searchable.
    assert!(current.contains("<article class=\"paper\" data-pagefind-body>"));
    assert!(!v1.contains("data-pagefind-body"));
}

#[test]
fn a_fund_table_links_to_its_plan_from_a_paper_and_from_its_earlier_version() {
    // The same table is drawn for pages at two depths: the current paper and
    // its earlier version one folder below. Each must link from where it is.
    let site = demo_site();
    let v1 = site
        .path()
        .join("content/boards/plansite-examples/2026-11-26/kent-bcf-summary.v1.md");
    append(&v1, "{{ fund kent-bcf-2015-16 flow-of-funds }}");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let paper = "boards/plansite-examples/2026-11-26/kent-bcf-summary/";
    let csv = "plans/kent-bcf-2015-16/flow-of-funds-sources.csv";
    let current = page(&site, &format!("{paper}index.html"));
    let earlier = page(&site, &format!("{paper}v1/index.html"));
    assert!(
        current.contains(&format!("href=\"../../../../{csv}\"")),
        "{current}"
    );
    assert!(
        earlier.contains(&format!("href=\"../../../../../{csv}\"")),
        "{earlier}"
    );
    assert!(
        !earlier.contains(&format!("href=\"../../../../{csv}\"")),
        "{earlier}"
    );
}

#[test]
fn version_files_must_be_numbered_without_gaps_and_belong_to_a_paper() {
    let site = site("papers");
    let d = "content/boards/test-hwb/2026-01-27";
    fs::rename(
        site.path().join(format!("{d}/history.v2.md")),
        site.path().join(format!("{d}/history.v3.md")),
    )
    .unwrap();
    fs::copy(
        site.path().join(format!("{d}/history.v1.md")),
        site.path().join(format!("{d}/orphan.v1.md")),
    )
    .unwrap();
    let err = stderr(&plansite(site.path(), &["check"]));
    assert!(
        err.contains(&format!(
            "{d}/history.v3.md: error: version 3 of \"history\" follows version 1"
        )),
        "{err}"
    );
    assert!(
        err.contains(
            "help: number versions 1, 2, 3 … without gaps; this file should be history.v2.md"
        ),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{d}/orphan.v1.md: error: earlier version of a paper \"orphan\" that does not exist"
        )),
        "{err}"
    );
}

// ---------------------------------------------------------------- meetings and boards

#[test]
fn meeting_page_has_agenda_numbers_details_contact_and_neighbours() {
    let site = built("papers");
    let html = page(&site, "boards/test-hwb/2026-01-27/index.html");
    for want in [
        "<h1>Meeting: <time datetime=\"2026-01-27\">27 January 2026</time></h1>",
        "<div><dt>Time</dt><dd>10:00</dd></div>",
        "<div><dt>Venue</dt><dd>Council Chamber</dd></div>",
        "<div><dt>Status</dt><dd>Held</dd></div>",
        "<div><dt>Contact</dt><dd>D. Services, Democratic Services Officer<br>Email: <a href=\"mailto:democratic.services@example.gov.uk\">democratic.services@example.gov.uk</a></dd></div>",
        "<span class=\"agenda__item\">Item 1</span>\n    <a href=\"budget/\">Pooled budget</a>",
        "<span class=\"agenda__item\">Item 2</span>\n    <a href=\"history/\">Integration history</a>",
        "<span class=\"agenda__item\">Item 3</span>\n    <a href=\"staffing/\">Staffing restructure</a>",
        "<a href=\"../2026-03-02/\" rel=\"next\">Next meeting: 2 March 2026</a>",
    ] {
        assert!(html.contains(want), "missing {want}");
    }
    let next = page(&site, "boards/test-hwb/2026-03-02/index.html");
    assert!(next
        .contains("<a href=\"../2026-01-27/\" rel=\"prev\">Previous meeting: 27 January 2026</a>"));
    assert!(next.contains("<div><dt>Status</dt><dd>Scheduled</dd></div>"));
    assert!(next.contains("<div><dt>Contact</dt><dd>Not published</dd></div>"));
    let board = page(&site, "boards/test-hwb/index.html");
    assert!(board.contains("<h3>2026</h3>"));
    let whats_new = page(&site, "whats-new/index.html");
    assert!(whats_new
        .contains("<a href=\"../boards/test-hwb/2026-03-02/forward-plan/\">Forward plan</a>"));
    assert!(whats_new.contains("Version 3 (Final) published; paragraphs added: 2.1."));
    assert!(whats_new.contains("<a href=\"../feed.xml\">Atom feed for all boards</a>"));
}

// ---------------------------------------------------------------- feeds

fn check_atom(xml: &str, want_entries: usize) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(xml).expect("feed is well-formed XML");
    let feed = doc.root_element();
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(atom));
    fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
        n.children().find(|c| {
            c.tag_name().name() == name
                && c.tag_name().namespace() == Some("http://www.w3.org/2005/Atom")
        })
    }
    for required in ["id", "title", "updated", "author"] {
        assert!(child(feed, required).is_some(), "feed has no <{required}>");
    }
    let self_link = feed
        .children()
        .find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("self"));
    assert!(self_link.is_some(), "feed has no rel=self link");
    let is_date = |s: &str| chrono::DateTime::parse_from_rfc3339(s).is_ok();
    assert!(is_date(child(feed, "updated").unwrap().text().unwrap()));
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), want_entries);
    let mut ids = std::collections::BTreeSet::new();
    entries
        .iter()
        .map(|e| {
            for required in ["id", "title", "updated", "link"] {
                assert!(child(*e, required).is_some(), "entry has no <{required}>");
            }
            let id = child(*e, "id").unwrap().text().unwrap().to_string();
            assert!(ids.insert(id.clone()), "duplicate entry id {id}");
            assert!(is_date(child(*e, "updated").unwrap().text().unwrap()));
            let title = child(*e, "title").unwrap().text().unwrap().to_string();
            (id, title)
        })
        .collect()
}

#[test]
fn atom_feeds_are_valid_and_dated_from_content() {
    let site = built("papers");
    let xml = page(&site, "feed.xml");
    let entries = check_atom(&xml, 6);
    assert!(
        xml.contains("<updated>2026-03-02T00:00:00Z</updated>"),
        "the newest content date, never the clock"
    );
    assert_eq!(entries[0].1, "Forward plan");
    assert!(entries.iter().any(
        |(id, t)| t == "Integration history (version 3)" && id.ends_with("/history/#version-3")
    ));
    assert!(entries
        .iter()
        .any(|(id, _)| id.ends_with("/history/v1/#version-1")));
    let board = page(&site, "boards/test-hwb/feed.xml");
    check_atom(&board, 6);
    assert!(page(&site, "index.html")
        .contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.xml\""));
}

// ---------------------------------------------------------------- links

/// Every `href` and `src` in every HTML page under `out` that points into
/// the site resolves to a file (and a `#fragment` to an id in it). The site
/// is served at `base_path`, so root-relative links must start with it.
fn check_links(out: &Path, base_path: &str) -> usize {
    let re_attr = |html: &str| -> Vec<String> {
        let mut v = Vec::new();
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                if let Some(end) = rest.find('"') {
                    v.push(rest[..end].replace("&amp;", "&"));
                }
            }
        }
        v
    };
    let mut checked = 0;
    let mut broken = Vec::new();
    for (rel, bytes) in snapshot_tree(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let dir = Path::new(&rel)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for link in re_attr(&html) {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("tel:") {
                continue;
            }
            let (path_part, fragment) = match link.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let target = if path_part.is_empty() {
                Path::new(&rel).to_path_buf()
            } else if let Some(abs) = path_part.strip_prefix('/') {
                match format!("/{abs}").strip_prefix(base_path) {
                    Some(inside) => Path::new(inside).to_path_buf(),
                    None => {
                        broken.push(format!("{rel}: {link} is outside {base_path}"));
                        continue;
                    }
                }
            } else {
                dir.join(&path_part)
            };
            let mut file = out.join(&target);
            if path_part.ends_with('/')
                || path_part.is_empty() && target.extension().is_none()
                || file.is_dir()
            {
                file = file.join("index.html");
            }
            checked += 1;
            let normal: std::path::PathBuf = file.components().collect();
            if !normal.is_file() && !fs::canonicalize(&file).is_ok_and(|f| f.is_file()) {
                broken.push(format!("{rel}: {link} → missing {}", target.display()));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                let body = fs::read_to_string(fs::canonicalize(&file).unwrap()).unwrap_or_default();
                if !body.contains(&format!("id=\"{f}\"")) {
                    broken.push(format!("{rel}: {link} → no id \"{f}\""));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    checked
}

#[test]
fn every_internal_link_resolves_when_served_under_a_sub_path() {
    let site = built("papers");
    let n = check_links(&site.path().join("output"), "/democracy/hwb/");
    assert!(n > 200, "checked {n} links");
    let demo = demo_site();
    assert!(plansite(demo.path(), &["build"]).status.success());
    let n = check_links(&demo.path().join("output"), "/democracy/hwb/");
    assert!(n > 300, "checked {n} links");
}

// ---------------------------------------------------------------- search

#[test]
fn search_indexes_only_current_public_papers_and_works_without_javascript() {
    let site = built("papers");
    let out = site.path().join("output");
    for f in [
        "pagefind/shards.json",
        "pagefind/test-hwb/2026/pagefind.js",
        "pagefind/test-hwb/2026/pagefind-worker.js",
        "pagefind/test-hwb/2026/pagefind-entry.json",
        "assets/search.js",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    let manifest = fs::read_to_string(out.join("pagefind/shards.json")).unwrap();
    assert_eq!(
        manifest,
        "{\n  \"shards\": [\n    {\n      \"board\": \"test-hwb\",\n      \"path\": \"test-hwb/2026/\",\n      \"papers\": 3\n    }\n  ]\n}"
    );
    assert!(
        !out.join("pagefind/test-hwb/2026/pagefind-ui.js").exists(),
        "unused UI files are left out"
    );
    let fragments: Vec<String> = all_output_text(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".pf_fragment"))
        .map(|(_, t)| t)
        .collect();
    let all = fragments.join("\n");
    assert_eq!(
        fragments.len(),
        3,
        "budget, history (current) and forward plan"
    );
    assert!(
        all.contains("\"url\":\"/boards/test-hwb/2026-01-27/budget/\""),
        "{all}"
    );
    assert!(all.contains("\"url\":\"/boards/test-hwb/2026-01-27/history/\""));
    assert!(!all.contains("/v1/") && !all.contains("staffing"));
    assert!(
        !all.contains("Skip to main content"),
        "only the paper, not the page furniture"
    );
    let search = page(&site, "search/index.html");
    assert!(search.contains("<form id=\"search-form\" class=\"search-form\" action=\"./\" method=\"get\" role=\"search\" hidden>"));
    assert!(search.contains(
        "<label class=\"search-form__label\" for=\"search-input\">Search board papers</label>"
    ));
    assert!(search.contains(
        "<p id=\"search-status\" class=\"search-status\" role=\"status\" aria-live=\"polite\"></p>"
    ));
    assert!(
        search.contains("<a href=\"../boards/test-hwb/2026-01-27/\">27 January 2026</a>"),
        "meetings list without JavaScript"
    );
    assert!(search.contains("<script type=\"module\" src=\"../assets/search.js\"></script>"));
    assert!(!search.contains("<script>") && !search.contains("style="));
    assert!(
        !search.contains("search-board"),
        "one board: no choice of board"
    );
}

/// The one entry the search index's cache holds for a shard: its
/// fingerprint (the entry's folder name) and when its file list was written.
fn cached_entry(root: &Path, shard: &str) -> (String, std::time::SystemTime) {
    let dir = root.join(".plansite-cache/search").join(shard);
    let entries: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("no cache entry for {shard}: {e}"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries.len(), 1, "{shard}: {entries:?}");
    let written = fs::metadata(dir.join(&entries[0]).join("files.txt"))
        .unwrap()
        .modified()
        .unwrap();
    (entries[0].clone(), written)
}

#[test]
fn the_search_index_is_sharded_by_board_and_a_rebuild_reindexes_only_what_changed() {
    let site = demo_site();
    let root = site.path();
    assert!(plansite(root, &["build"]).status.success());
    let manifest = fs::read_to_string(root.join("output/pagefind/shards.json")).unwrap();
    for shard in [
        "kent-hwb/2016/",
        "southampton-hwb/2017/",
        "plansite-examples/2026/",
    ] {
        assert!(
            manifest.contains(&format!("\"path\": \"{shard}\"")),
            "{manifest}"
        );
    }
    let search = fs::read_to_string(root.join("output/search/index.html")).unwrap();
    assert!(
        search.contains("<label class=\"search-form__label\" for=\"search-board\">Board</label>")
    );
    assert!(search.contains("<option value=\"kent-hwb\">"));
    let kent = cached_entry(root, "kent-hwb/2016");
    let southampton = cached_entry(root, "southampton-hwb/2017");

    // Edit one Southampton paper's text.
    let paper = root.join("content/boards/southampton-hwb/2017/better-care-plan-2017-19.md");
    let text = fs::read_to_string(&paper).unwrap();
    fs::write(&paper, text.replacen("Brief Summary", "Brief summary", 1)).unwrap();
    let out = plansite(root, &["build", "--timings"]);
    assert!(out.status.success(), "{}", stderr(&out));

    assert_eq!(
        cached_entry(root, "kent-hwb/2016"),
        kent,
        "Kent's shard was not rebuilt"
    );
    assert_ne!(cached_entry(root, "southampton-hwb/2017").0, southampton.0);

    // The cache changes how long a build takes, never what it writes.
    let fresh = tempfile::tempdir().unwrap();
    let fresh_out = fresh.path().join("out");
    let out = plansite(
        root,
        &[
            "build",
            "--no-cache",
            "--output",
            fresh_out.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        snapshot_tree(&root.join("output")),
        snapshot_tree(&fresh_out)
    );
}

// ---------------------------------------------------------------- embedding

#[test]
fn a_theme_can_draw_the_numbered_paragraphs_itself() {
    let site = site("papers");
    let page_path = "boards/test-hwb/2026-01-27/budget/index.html";
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The default theme places the paragraphs as plansite draws them.
    let drawn = page(&site, page_path);
    assert!(
        drawn.contains("<div class=\"para\" id=\"para-1-2\"><span class=\"para__label\" id=\"pool\"></span>\n    <a class=\"para__number\" href=\"#para-1-2\" data-pagefind-ignore><span class=\"visually-hidden\">Paragraph </span>1.2</a>\n    <div class=\"para__body\"><p>Carers get £1,240k from the ICB and £1,374k in all.</p>\n</div>\n  </div>"),
        "{drawn}"
    );
    // A theme that wants other markup loops over section.paragraphs.
    let default = read(&repo().join("themes/default/templates/paper.html"));
    let own = default.replace(
        "{{ section.paragraphs_html | safe }}",
        "{% for p in section.paragraphs %}<p class=\"council-para\" id=\"{{ p.anchor }}\">{% if p.label %}<a id=\"{{ p.label }}\"></a>{% endif %}<b>{{ p.number }}</b> {{ p.html | safe }}</p>{% endfor %}",
    );
    assert_ne!(
        own, default,
        "the default paper.html places section.paragraphs_html"
    );
    write(&site, "themes/default/templates/paper.html", &own);
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(&site, page_path);
    assert!(
        html.contains("<p class=\"council-para\" id=\"para-1-2\"><a id=\"pool\"></a><b>1.2</b> <p>Carers get £1,240k from the ICB and £1,374k in all.</p>\n</p>"),
        "{html}"
    );
    assert!(!html.contains("class=\"para\""), "{html}");
}

#[test]
fn a_web_team_header_and_footer_replace_the_themes() {
    let site = site("papers");
    write(&site, "embed/header.html", "<header class=\"council-header\"><a href=\"{{ page.root }}\">Test Council home</a></header>\n");
    write(
        &site,
        "embed/footer.html",
        "<footer class=\"council-footer\"><p>© Test Council</p></footer>\n",
    );
    let cfg = site.path().join("content/site.toml");
    let mut text = read(&cfg);
    text.push_str("\n[embed]\nheader = \"embed/header.html\"\nfooter = \"embed/footer.html\"\n");
    fs::write(&cfg, &text).unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(&site, "boards/test-hwb/index.html");
    assert!(html.contains(
        "<header class=\"council-header\"><a href=\"../../\">Test Council home</a></header>"
    ));
    assert!(html.contains("<footer class=\"council-footer\"><p>© Test Council</p></footer>"));
    assert!(!html.contains("site-header"));
}

#[test]
fn links_to_the_councils_own_assets_are_not_broken_once_declared_as_host_paths() {
    let site = site("papers");
    write(
        &site,
        "embed/header.html",
        "<header><img src=\"/site-assets/logo.svg\" alt=\"Test Council\"><a href=\"/contact-us\">Contact us</a><a href=\"/news/\">News</a></header>\n",
    );
    let cfg = site.path().join("content/site.toml");
    let before = read(&cfg);
    fs::write(
        &cfg,
        format!("{before}\n[embed]\nheader = \"embed/header.html\"\n"),
    )
    .unwrap();
    // Undeclared, each is a broken link whose hint names the setting.
    let out = plansite(site.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "warning: broken link \"/site-assets/logo.svg\" in the generated page 404.html (and "
        ),
        "{err}"
    );
    assert!(
        err.contains("= help: if /site-assets/ is part of the council's own website (not of this site), declare it in content/site.toml: [embed] host_paths = [\"/site-assets/\"], and links to it are not checked; otherwise link to a page of this site"),
        "{err}"
    );
    assert!(err.contains("0 errors, 3 warnings"), "{err}");

    // Declared, they are the host website's and not checked; an
    // undeclared one still is, and --strict still refuses it.
    fs::write(
        &cfg,
        format!("{before}\n[embed]\nheader = \"embed/header.html\"\nhost_paths = [\"/site-assets/\", \"/contact-us\"]\n"),
    )
    .unwrap();
    let out = plansite(site.path(), &["check"]);
    let err = stderr(&out);
    assert!(
        !err.contains("/site-assets/") && !err.contains("\"/contact-us\""),
        "{err}"
    );
    assert!(err.contains("warning: broken link \"/news/\""), "{err}");
    assert!(err.contains("0 errors, 1 warning"), "{err}");
    assert_eq!(
        plansite(site.path(), &["check", "--strict"]).status.code(),
        Some(1)
    );
}

#[test]
fn a_partial_that_breaks_the_strict_csp_is_refused() {
    let site = site("papers");
    write(
        &site,
        "embed/header.html",
        "<header>\n<script>track()</script><p style=\"color:red\">Hi</p>\n</header>\n",
    );
    let cfg = site.path().join("content/site.toml");
    let mut text = read(&cfg);
    text.push_str("\n[embed]\nheader = \"embed/header.html\"\n");
    fs::write(&cfg, &text).unwrap();
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("embed/header.html:2:1: error: the header partial has inline <script>"),
        "{err}"
    );
    assert!(
        err.contains(
            "embed/header.html:2:28: error: the header partial has a style=\"…\" attribute"
        ),
        "{err}"
    );
}

#[test]
fn build_writes_papers_group_by_group_exactly_as_serve_builds_them_in_memory() {
    // A board of 500 short papers over five years: its first shard fills at
    // the end of 2021 (300 papers), so 2022 starts a second, last one.
    let site = demo_site();
    let root = site.path();
    let board = root.join("content/boards/big");
    fs::create_dir_all(&board).unwrap();
    fs::write(
        board.join("_board.toml"),
        "name = \"Big board\"\nowner = \"Test\"\nremit = \"Testing shards.\"\n",
    )
    .unwrap();
    for year in 2019..=2023 {
        for month in [3, 6, 9, 12] {
            let date = format!("{year}-{month:02}-10");
            let meeting = board.join(&date);
            fs::create_dir_all(&meeting).unwrap();
            fs::write(meeting.join("_meeting.toml"), format!("date = {date}\n")).unwrap();
            for n in 1..=25 {
                fs::write(
                    meeting.join(format!("paper-{n}.md")),
                    format!(
                        "+++\ntitle = \"Paper {n} of {date}\"\nkind = \"position-statement\"\ndate = {date}\n+++\n\n## 1. Intro\n\n1.1 Quarterly note {n} on delayed transfers.\n"
                    ),
                )
                .unwrap();
            }
        }
    }
    let out = plansite(root, &["build", "--no-cache"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = fs::read_to_string(root.join("output/pagefind/shards.json")).unwrap();
    for (path, papers) in [("big/2019/", 300), ("big/2022/", 200)] {
        let entry =
            format!("\"board\": \"big\",\n      \"path\": \"{path}\",\n      \"papers\": {papers}");
        assert!(manifest.contains(&entry), "{entry}\n{manifest}");
    }
    let search = fs::read_to_string(root.join("output/search/index.html")).unwrap();
    assert_eq!(
        manifest.matches("\"board\": \"big\"").count(),
        2,
        "{manifest}"
    );
    assert!(search.contains("Search the text of the 504 published board papers"));

    // What `build` streamed to disk is what `serve` holds in memory.
    let options = plansite::Options {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let outcome = plansite::prepare(&options);
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
    let (index, diags) = plansite::search_index(&outcome, &plansite::render::search::NoCache);
    assert!(diags.is_empty(), "{diags:?}");
    let mut in_memory: Vec<(String, Vec<u8>)> = outcome
        .files
        .iter()
        .chain(&outcome.static_files)
        .chain(&index)
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect();
    in_memory.sort();
    let on_disk = snapshot_tree(&root.join("output"));
    let paths = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&on_disk), paths(&in_memory));
    assert!(on_disk == in_memory, "the bytes of some file differ");
}

//! `[search] enabled = false` in site.toml: no search index, no search
//! page, no link to either, and otherwise the same site.

use crate::support::{append, demo_site, plansite, read, snapshot_tree, stderr};
use std::path::Path;

fn turn_search_off(root: &Path) {
    append(&root.join("content/site.toml"), "[search]\nenabled = false");
}

/// Every file of a built site, by path.
type Tree = Vec<(String, Vec<u8>)>;

/// The demo site built with search on (the default) and off, into two
/// output folders: (on, off).
fn both_builds(root: &Path) -> (Tree, Tree) {
    let build = |name: &str| {
        let dir = root.join(name);
        let out = plansite(
            root,
            &["build", "--no-cache", "--output", dir.to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        snapshot_tree(&dir)
    };
    let on = build("on");
    turn_search_off(root);
    (on, build("off"))
}

#[test]
fn a_site_without_search_writes_no_index_no_search_page_and_no_link_to_them() {
    let site = demo_site();
    let root = site.path();
    let (_, off) = both_builds(root);
    assert!(!root.join("off/pagefind").exists());
    assert!(!root.join("off/search").exists());
    assert!(!root.join("off/assets/search.js").exists());
    assert!(!off.is_empty());
    for (path, bytes) in &off {
        let text = String::from_utf8_lossy(bytes);
        for word in ["pagefind", "search/", "search.js"] {
            assert!(!text.contains(word), "{path} mentions {word}");
        }
    }
    // No page links to a page that does not exist.
    let out = plansite(root, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("broken"), "{err}");
    assert!(!err.contains("search"), "{err}");
}

#[test]
fn turning_search_off_changes_only_what_search_puts_on_the_pages() {
    let site = demo_site();
    let root = site.path();
    let (on, off) = both_builds(root);
    let search_only = |path: &str| {
        path.starts_with("pagefind/") || path == "search/index.html" || path == "assets/search.js"
    };
    let on_paths: Vec<&str> = on
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| !search_only(p))
        .collect();
    let off_paths: Vec<&str> = off.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(on_paths, off_paths);
    assert!(on.iter().any(|(p, _)| p == "pagefind/shards.json"));
    assert!(on.iter().any(|(p, _)| p == "search/index.html"));

    let on: std::collections::HashMap<&str, String> = on
        .iter()
        .map(|(p, b)| (p.as_str(), String::from_utf8_lossy(b).into_owned()))
        .collect();
    let mut papers = 0;
    for (path, bytes) in &off {
        let off_text = String::from_utf8_lossy(bytes);
        let on_text = &on[path.as_str()];
        // The navigation's link to the search page, at the page's depth.
        let root = "../".repeat(path.matches('/').count());
        let nav = format!("      <li><a href=\"{root}search/\">Search</a></li>\n");
        let mut expected = on_text.replacen(&nav, "", 1);
        if path == "404.html" {
            expected = expected.replacen(
                "      <li><a href=\"/democracy/hwb/search/\">Search</a></li>\n",
                "",
                1,
            );
        }
        if expected.contains(" data-pagefind-body>") {
            papers += 1;
            expected = expected.replacen(" data-pagefind-body>", ">", 1);
            // Paragraph numbers, charts, download links, checks and
            // notices are kept out of the index's text.
            expected = expected.replace(" data-pagefind-ignore>", ">");
        }
        match path.as_str() {
            "sitemap.xml" => {
                let entry = "<url><loc>https://example.gov.uk/democracy/hwb/search/</loc>";
                assert!(on_text.contains(entry), "{on_text}");
                assert!(!off_text.contains("search/"));
                assert_eq!(
                    off_text.matches("<url>").count() + 1,
                    on_text.matches("<url>").count()
                );
            }
            "accessibility/index.html" => {
                // The statement counts the pages: one fewer.
                let count = |t: &str| {
                    let at = t.find("the site had ").expect("page count") + 13;
                    t[at..].split(' ').next().unwrap().parse::<usize>().unwrap()
                };
                assert_eq!(count(&off_text) + 1, count(&expected));
                let n = count(&expected).to_string();
                let m = count(&off_text).to_string();
                assert_eq!(
                    off_text,
                    expected.replacen(
                        &format!("the site had {n} pages"),
                        &format!("the site had {m} pages"),
                        1
                    )
                );
            }
            _ => assert_eq!(off_text, expected, "{path}"),
        }
    }
    // Every page the index held loses its marker.
    assert!(
        on["search/index.html"].contains(&format!("Search the text of the {papers} published")),
        "{papers}"
    );
    assert!(papers > 0);
}

#[test]
fn a_site_without_search_keeps_no_shards_in_the_build_cache() {
    let site = demo_site();
    let root = site.path();
    let out = plansite(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shards = root.join(".plansite-cache/search");
    assert!(shards.join("kent-hwb/2016").is_dir());
    turn_search_off(root);
    let out = plansite(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!shards.exists(), "the old shards were left in the cache");
    assert!(!root.join("output/pagefind").exists());
    // And back on: the index is built again, as before.
    let config = root.join("content/site.toml");
    let text = read(&config).replace("enabled = false", "enabled = true");
    std::fs::write(&config, text).unwrap();
    let out = plansite(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(root.join("output/pagefind/shards.json").is_file());
    assert!(root.join("output/search/index.html").is_file());
    assert!(shards.join("kent-hwb/2016").is_dir());
}

#[test]
fn a_misspelt_search_setting_is_an_error_with_a_hint() {
    let site = demo_site();
    let root = site.path();
    append(&root.join("content/site.toml"), "[search]\nenabeld = false");
    let out = plansite(root, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error: unknown field \"enabeld\""), "{err}");
    assert!(err.contains("help: did you mean \"enabled\"?"), "{err}");

    let site = demo_site();
    let root = site.path();
    append(&root.join("content/site.toml"), "[serach]\nenabled = false");
    let err = stderr(&plansite(root, &["check"]));
    assert!(err.contains("error: unknown field \"serach\""), "{err}");
    assert!(err.contains("help: did you mean \"search\"?"), "{err}");

    let site = demo_site();
    let root = site.path();
    append(
        &root.join("content/site.toml"),
        "[search]\nenabled = \"no\"",
    );
    let out = plansite(root, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("expected true or false"), "{err}");
}

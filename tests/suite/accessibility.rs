//! The accessibility statement page, its review-date warning, and brand
//! colours: checked for contrast, published as `assets/brand.css`.

use super::support::*;
use std::path::Path;
use std::process::Command;

fn statement_html(root: &Path) -> String {
    read(&root.join("output/accessibility/index.html"))
}

/// Text with tags removed and whitespace collapsed, to assert on sentences.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn statement_has_every_element_regulation_8_requires() {
    let site = site("statement");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = statement_html(site.path());
    let text = text_of(&html);
    for sentence in [
        // Scope and who runs the site.
        "This accessibility statement applies to the website at https://example.gov.uk/democracy/hwb/.",
        "This website is run by Example Council.",
        // Compliance status.
        "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the non-compliances and exemptions listed below.",
        // Non-accessible content, by reason, with the criteria named.
        "Non-compliance with the accessibility regulations",
        "Some older papers are scanned PDFs without text.",
        "This fails WCAG 2.2 success criteria 1.1.1 (non-text content), 1.3.1 (info and relationships).",
        "We will publish them as web pages by March 2027.",
        "Disproportionate burden",
        "Maps of ward boundaries in papers from before 2018 have no text alternative.",
        "Content that’s not within the scope of the accessibility regulations",
        "Recordings of meetings held before 23 September 2020.",
        // How to get an alternative, whom to contact, how soon.
        "If you need information on this website in a different format",
        "email democratic.services@example.gov.uk",
        "call 01234 567890",
        "We’ll consider your request and get back to you in 10 working days.",
        // Enforcement procedure.
        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018",
        "contact the Equality Advisory and Support Service (EASS)",
        // Preparation and review.
        "This statement was prepared on 1 September 2025. It was last reviewed on 2 March 2026.",
        "This website was last tested on 1 March 2026. The test was carried out by Example Council’s web team.",
        // How it was tested: the real gate, and the page count of this build.
        "When this statement was built the site had 12 pages, and the gate checks each one of them",
        "axe-core in the Chromium browser, against the WCAG 2.0, 2.1 and 2.2 level A and AA rules",
        "the W3C Nu HTML Checker",
        "a reflow test at 320 CSS pixels wide",
        "We also tested the papers with NVDA and VoiceOver in February 2026.",
        "What we’re doing to improve accessibility We are transcribing older papers as web pages.",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}\n\n{text}");
    }
    // The summary lists what is not accessible, but not what is out of scope.
    assert!(text.contains("We know some parts of this website are not fully accessible: Some older papers are scanned PDFs without text. Maps of ward boundaries"));
    assert!(html
        .contains("<strong class=\"tag tag--partially-compliant\">Partially compliant</strong>"));
    assert!(html.contains("<title>Accessibility statement for Example plans and papers – Example plans and papers</title>"));
    // Every page's footer links the statement; the sitemap lists it.
    let home = read(&site.path().join("output/index.html"));
    assert!(home.contains("<a href=\"accessibility/\">Accessibility statement</a>"));
    let sitemap = read(&site.path().join("output/sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.gov.uk/democracy/hwb/accessibility/</loc>"));
    // 12 pages: really the number of HTML files built.
    let pages = snapshot_tree(&site.path().join("output"))
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count();
    assert_eq!(pages, 12);
}

#[test]
fn demo_statement_is_honest_about_being_a_demonstration() {
    let site = demo_site();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains(": warning:"), "{}", stderr(&out));
    let text = text_of(&statement_html(site.path()));
    for sentence in [
        "This is a demonstration site .",
        "It is not run by either council and is not their official publication of these papers.",
        "This demonstration site has no web team",
        "This website is partially compliant",
        "This fails WCAG 2.2 success criterion 1.1.1 (non-text content).",
        "No testing by people, or with assistive technologies such as screen readers, is recorded for this website.",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}\n\n{text}");
    }
}

fn set_build_date(root: &Path, date: &str) {
    let path = root.join("content/site.toml");
    let toml: String = read(&path)
        .lines()
        .map(|l| {
            if l.starts_with("build_date = ") {
                format!("build_date = {date}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(path, toml).expect("write site.toml");
}

#[test]
fn check_warns_when_the_statement_was_reviewed_more_than_a_year_before_the_build_date() {
    let site = site("statement");
    // last_reviewed = 2026-03-02: a year later is 2027-03-02.
    set_build_date(site.path(), "2027-03-02");
    let out = plansite(site.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains(": warning:"), "{}", stderr(&out));

    set_build_date(site.path(), "2027-03-03");
    let out = plansite(site.path(), &["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning does not fail the build"
    );
    let err = stderr(&out);
    assert!(
        err.contains("content/site.toml:14:17: warning: the accessibility statement was last reviewed on 2026-03-02, more than a year before the build date (2027-03-03)"),
        "{err}"
    );
    assert!(err.contains("= help: review the statement"), "{err}");
    let out = plansite(site.path(), &["check", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "--strict makes it an error");
}

#[test]
fn the_review_date_is_checked_against_source_date_epoch_never_the_clock() {
    let site = site("statement");
    let path = site.path().join("content/site.toml");
    let toml = read(&path).replace("build_date = 2026-11-26\n", "");
    std::fs::write(&path, toml).expect("write");
    let run = |epoch: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plansite"));
        cmd.args(["check", "--root"]).arg(site.path());
        match epoch {
            Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
            None => cmd.env_remove("SOURCE_DATE_EPOCH"),
        };
        stderr(&cmd.output().expect("run"))
    };
    // 1900000000 s is 2030-03-17: long after the review.
    assert!(run(Some("1900000000")).contains("more than a year before the build date (2030-03-17)"));
    // 1780000000 s is 2026-05-28: in date.
    assert!(!run(Some("1780000000")).contains(": warning:"));
    // No build date at all: nothing to compare with, and the clock is never read.
    assert!(!run(None).contains(": warning:"));
}

#[test]
fn a_site_without_a_statement_is_warned_and_still_gets_the_page() {
    let site = site("minimal");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("content/site.toml: warning: site.toml has no [accessibility] table")
    );
    let text = text_of(&statement_html(site.path()));
    assert!(
        text.contains(
            "Test Council has not yet prepared an accessibility statement for this website."
        ),
        "{text}"
    );
    assert!(text.contains("Enforcement procedure"), "{text}");
}

#[test]
fn low_contrast_brand_colours_are_build_errors_naming_the_pair_and_ratio() {
    let site = site("brand-contrast");
    let out = plansite(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for line in [
        "content/site.toml:9:15: error: header text #ffffff on header background #ffdd00 has contrast 1.34:1; at least 4.5:1 is needed",
        "content/site.toml:10:8: error: link #2b8cc4 on the page background #ffffff has contrast 3.71:1; at least 4.5:1 is needed",
        "content/site.toml:10:8: error: link #2b8cc4 on the footer background #f3f2f1 has contrast 3.32:1; at least 4.5:1 is needed",
    ] {
        assert!(err.contains(line), "missing {line}\n{err}");
    }
    assert!(
        err.contains(
            "= help: choose colours with at least 4.5:1 contrast; on #ffdd00, #0b0c0c has 14.54:1"
        ),
        "{err}"
    );
    assert!(err.contains("3 errors, 0 warnings"), "{err}");
    assert!(!site.path().join("output").exists(), "nothing was written");
}

#[test]
fn brand_colours_reach_the_page_through_a_stylesheet_not_inline_style() {
    let site = site("brand");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let o = site.path().join("output");
    assert_eq!(
        read(&o.join("assets/brand.css")),
        "/* Brand colours from site.toml [brand], checked for WCAG 2.2 contrast at build time.\n   Generated by plansite: edit site.toml, not this file. */\n:root {\n  --brand: #0b0c0c;\n  --brand-text: #ffffff;\n  --link: #1d70b8;\n  --focus: #ffdd00;\n  --focus-text: #0b0c0c;\n}\n"
    );
    let page = read(&o.join("boards/test-hwb/index.html"));
    // brand.css comes after site.css, so it overrides the theme's defaults.
    let site_css = page.find("assets/site.css").expect("site.css");
    let brand_css = page.find("assets/brand.css").expect("brand.css");
    assert!(site_css < brand_css);
    assert!(page.contains("<img class=\"site-header__logo\" src=\"../../assets/example-logo.svg\" alt=\"Example Council\">"), "{page}");
    assert!(o.join("assets/example-logo.svg").is_file());
    // No page uses inline style (strict CSP: style-src 'self').
    for (path, bytes) in snapshot_tree(&o) {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(&bytes);
            assert!(!html.contains("style="), "{path} has inline style");
            assert!(!html.contains("<style"), "{path} has a style element");
        }
    }
}

#[test]
fn a_missing_logo_file_is_an_error_at_the_logo() {
    let site = site("brand");
    std::fs::remove_file(
        site.path()
            .join("themes/default/static/assets/example-logo.svg"),
    )
    .expect("remove logo");
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/site.toml:10:8: error: logo file \"assets/example-logo.svg\" is not in the theme's static folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn documented_accessibility_and_brand_examples_build_without_warnings() {
    // docs/content-format.md: the ```toml append=content/site.toml blocks are
    // added to the documented site.toml and built with a minimal site.
    let doc = read(&repo().join("docs/content-format.md"));
    let block = |marker: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut lines = doc.lines();
        while let Some(l) = lines.next() {
            if l.starts_with("```") && l.contains(marker) {
                let body: Vec<&str> = lines
                    .by_ref()
                    .take_while(|l| !l.starts_with("```"))
                    .collect();
                out.push(body.join("\n") + "\n");
            }
        }
        out
    };
    let site_toml = block("file=content/site.toml");
    let appended = block("append=content/site.toml");
    assert_eq!((site_toml.len(), appended.len()), (1, 2));
    let site = site("lint-base");
    let toml = format!("{}\n{}", site_toml[0], appended.concat());
    std::fs::write(site.path().join("content/site.toml"), toml).expect("write");
    std::fs::write(
        site.path().join("themes/default/static/assets/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    )
    .expect("logo");
    let out = plansite(site.path(), &["build", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = text_of(&statement_html(site.path()));
    assert!(
        text.contains("This fails WCAG 2.2 success criterion 1.1.1 (non-text content)."),
        "{text}"
    );
    assert!(read(&site.path().join("output/assets/brand.css")).contains("--link: #1d70b8;"));
}

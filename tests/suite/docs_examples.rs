//! Every example in docs/content-format.md that names a file (```toml
//! file=content/site.toml) is built as one site, so the documentation
//! cannot drift from what plansite accepts.

use super::support::*;
use std::fs;

/// How a fenced block names its file: `file=` writes it, `append=` adds
/// to a file an earlier block wrote (a `[brand]` table for site.toml).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Use {
    File,
    Append,
}

/// (path, contents, use) of each fenced block with a `file=` or `append=`
/// attribute, in the order the document gives them.
fn examples(markdown: &str) -> Vec<(String, String, Use)> {
    let mut out = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let named = info.split_whitespace().find_map(|w| {
            w.strip_prefix("file=")
                .map(|p| (p, Use::File))
                .or_else(|| w.strip_prefix("append=").map(|p| (p, Use::Append)))
        });
        let Some((path, how)) = named else {
            // Skip the body of an unnamed block.
            for l in lines.by_ref() {
                if l.starts_with("```") {
                    break;
                }
            }
            continue;
        };
        let mut body = String::new();
        for l in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        out.push((path.to_string(), body, how));
    }
    out
}

#[test]
fn append_blocks_are_read_in_order() {
    let doc = "```toml file=a.toml\nx = 1\n```\n```toml\nnot = 1\n```\n```toml append=a.toml\n[t]\ny = 2\n```\n";
    assert_eq!(
        examples(doc),
        [
            ("a.toml".to_string(), "x = 1\n".to_string(), Use::File),
            (
                "a.toml".to_string(),
                "[t]\ny = 2\n".to_string(),
                Use::Append
            ),
        ]
    );
}

#[test]
fn content_format_examples_build() {
    let doc = read(&repo().join("docs/content-format.md"));
    let files = examples(&doc);
    assert!(
        files.len() >= 6,
        "expected the documented examples, found {}",
        files.len()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, body, how) in &files {
        let dest = dir.path().join(path);
        fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        match how {
            Use::File => {
                assert!(!dest.exists(), "two examples write {path}");
                fs::write(&dest, body).expect("write");
            }
            Use::Append => {
                assert!(dest.is_file(), "append={path} comes before file={path}");
                append(&dest, body);
            }
        }
    }
    assert!(
        files
            .iter()
            .filter(|(_, _, how)| *how == Use::Append)
            .count()
            >= 2,
        "the accessibility and brand examples are appended to site.toml"
    );
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    let out = plansite(dir.path(), &["build"]);
    assert!(
        out.status.success(),
        "documented examples do not build:\n{}",
        stderr(&out)
    );
    assert!(dir
        .path()
        .join("output/plans/example-bcf/index.html")
        .is_file());
    for series in ["example-ae", "example-iapt", "example-dtoc"] {
        let page = dir
            .path()
            .join(format!("output/progress/{series}/index.html"));
        assert!(page.is_file(), "{series}");
    }
    // The documented flow whose pooled fund is kept as printed shows both
    // the sources total and the printed pool.
    let flow = read(&dir.path().join("output/plans/example-flow-pool/index.html"));
    for said in [
        "<th scope=\"row\">Total sources of funds</th><td class=\"num\" data-value=\"99.221\">99.221</td>",
        "<th scope=\"row\">Pooled fund</th><td class=\"num\" data-value=\"99.222\">99.222 (as printed)</td>",
        "The source prints the pooled fund as £99.222m (as printed), not the £99.221m its sources add up to.",
    ] {
        assert!(flow.contains(said), "missing {said}\n{flow}");
    }
    // The documented minutes' decisions reach the paper and the board's list.
    let paper = read(
        &dir.path()
            .join("output/boards/example-hwb/2026-01-27/pooled-budget/index.html"),
    );
    assert!(paper.contains("<strong class=\"tag tag--amended\">Agreed as amended</strong> Recommendation II: Note the national conditions.</p>"), "{paper}");
    assert!(dir
        .path()
        .join("output/boards/example-hwb/decisions/decisions.csv")
        .is_file());
    // The documented monthly table: June is blank, not 0; the printed year
    // to date cannot be checked; 3 a month is 36 over the year, within 40.
    let table = read(
        &dir.path()
            .join("output/tables/example-performance-2016-17/index.html"),
    );
    for said in [
        "<dd>9: April to July 2016 added up: 3 of 4 months so far published (12 in the year). Not counted, and not taken as 0: June 2016 (suppressed: fewer than 5 cases at one site).</dd>",
        "<dd>10. Not checked: the months published add up to 9,",
        "<strong class=\"tag tag--met\">On course</strong> 9 so far: 31 under the annual ceiling of 40, with 8 months of the year still to come. At the average month so far (3 a month), the whole year would come to 36, within the annual ceiling. This does not count June 2016, which has no figure.",
        "4<sup class=\"cell-marker\" aria-hidden=\"true\">P</sup>",
        "Figures to July 2016; August 2016 to March 2017 are not yet due.",
    ] {
        assert!(table.contains(said), "missing {said}\n{table}");
    }
    // The documented fund examples, each as the page says it.
    let plan = |id: &str| read(&dir.path().join(format!("output/plans/{id}/index.html")));
    for (id, said) in [
        // balance_is = "cash" and balance_label
        ("example-cash", "<li><strong class=\"tag tag--met\">Checked</strong> Income of £8,000k less expenditure of £6,500k leaves a balance of £1,500k (closing cash balance): money held.</li>"),
        ("example-cash", "<th scope=\"row\">Closing cash balance</th>"),
        // unbalanced
        ("example-flow-unbalanced", "<p class=\"override__title\"><strong class=\"tag tag--override\">Published as printed</strong> Application of funds against sources of funds does not add up in the source.</p>"),
        // totals_from = "printed-subtotals"
        ("example-outturn-printed", "<p class=\"table-note\">The total adds up the subtotals as the source prints them, as the source itself did. The lines add up to £14,750k; the total differs from that by £1k.</p>"),
        ("example-outturn-printed", "<li><strong class=\"tag tag--met\">Checked</strong> Income of £15,000k less expenditure of £14,751k leaves a balance of £249k: an underspend.</li>"),
        // a fund's own period, beside a fund with the plan's
        ("example-two-periods", "<caption>Out-turn 2015/16: spending, 2015/16 (£000). Source: Example BCF plan 2017/18, Table 1 and Appendix A.</caption>"),
        ("example-two-periods", "<caption>Contributions: contributions, 2017/18 (£000). Source: Example BCF plan 2017/18, Table 1 and Appendix A.</caption>"),
        // years_order = "as-written"
        ("example-budget-outturn", "<th scope=\"col\" class=\"num\">Change Budget to Outturn (£000)</th>"),
    ] {
        let html = plan(id);
        assert!(html.contains(said), "{id} is missing {said}\n{html}");
    }
    let csv = read(
        &dir.path()
            .join("output/plans/example-budget-outturn/budget-outturn.csv"),
    );
    assert!(
        csv.contains("\r\nCommunity services,CCG,1200,1185,-15,-1.3\r\n"),
        "{csv}"
    );
    // The appended [brand] table: its logo, saved where the guide says.
    let home = read(&dir.path().join("output/index.html"));
    assert!(
        home.contains(
            "<img class=\"site-header__logo\" src=\"assets/logo.svg\" alt=\"Example Council\">"
        ),
        "{home}"
    );
    assert!(dir.path().join("output/assets/logo.svg").is_file());
    // The appended [accessibility] table: its contact, not [contact]'s.
    let statement = read(&dir.path().join("output/accessibility/index.html"));
    assert!(statement.contains("web@example.gov.uk"), "{statement}");
    // Nothing in the documented site is warned about.
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    // The documented 1% reduction on a worked-out baseline is derived exactly.
    let dtoc = read(&dir.path().join("output/progress/example-dtoc/index.html"));
    assert!(
        dtoc.contains(
            "A 1% reduction on the 2014/15 baseline of 21.3 per 100,000: about 21.1 per 100,000."
        ),
        "{dtoc}"
    );
}

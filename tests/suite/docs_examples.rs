//! Every example in docs/content-format.md that names a file (```toml
//! file=content/site.toml) is built as one site, so the documentation
//! cannot drift from what plansite accepts.

use super::support::*;
use std::fs;

/// (path, contents) of each fenced block with a `file=` attribute.
fn examples(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let Some(path) = info
            .split_whitespace()
            .find_map(|w| w.strip_prefix("file="))
        else {
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
        out.push((path.to_string(), body));
    }
    out
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
    for (path, body) in &files {
        let dest = dir.path().join(path);
        fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        fs::write(&dest, body).expect("write");
    }
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
    // The documented 1% reduction on a worked-out baseline is derived exactly.
    let dtoc = read(&dir.path().join("output/progress/example-dtoc/index.html"));
    assert!(dtoc.contains("A 1% reduction on the 2014/15 baseline of 21.3 per 100,000: about 21.08705 per 100,000."), "{dtoc}");
}

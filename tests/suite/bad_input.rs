//! The bad-input corpus: every `tests/fixtures/bad-*/` case with an
//! `expected.txt` is laid over a
//! copy of the `minimal` fixture (its `content/` and `themes/` files added
//! or replaced, the files named in `remove.txt` deleted) and built. Each
//! must fail with exit code 1, print as its first error the exact line in
//! its `expected.txt` (message and location), never panic, and leave the
//! previously built `output/` byte-identical. Cases that need runtime
//! files (a 50 MB file, 10,000-deep nesting, symbolic links) are built here.

use super::support::*;
use std::fs;
use std::path::Path;

/// Builds `minimal`, lets `spoil` break it, builds again and checks the
/// failure. Returns a description of what went wrong, if anything.
fn fails_cleanly(name: &str, expected: &str, spoil: impl FnOnce(&Path)) -> Option<String> {
    let site = site("minimal");
    let good = plansite(site.path(), &["build"]);
    if !good.status.success() {
        return Some(format!(
            "{name}: the good site did not build: {}",
            stderr(&good)
        ));
    }
    let before = snapshot_tree(&site.path().join("output"));
    spoil(site.path());
    let out = plansite(site.path(), &["build"]);
    let err = stderr(&out);
    // The first error (warnings, e.g. about the fixture's missing
    // accessibility statement, are not what the case is about).
    let first = err
        .lines()
        .find(|l| l.contains(": error: ") || l.starts_with("error: "))
        .unwrap_or("");
    let mut problems = Vec::new();
    if out.status.code() != Some(1) {
        problems.push(format!("exit code {:?}, want 1", out.status.code()));
    }
    if err.contains("panicked") || err.contains("RUST_BACKTRACE") {
        problems.push("panicked".to_string());
    }
    if first != expected {
        problems.push(format!(
            "first line\n    got:  {first}\n    want: {expected}"
        ));
    }
    if !err.contains("nothing was written") {
        problems.push("no \"nothing was written\" summary".to_string());
    }
    if before != snapshot_tree(&site.path().join("output")) {
        problems.push("output/ changed".to_string());
    }
    // Pages written while rendering went to a staging folder; a failed
    // build removes it.
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .expect("site folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("left behind {leftovers:?}"));
    }
    (!problems.is_empty()).then(|| format!("{name}: {}\n{err}", problems.join("; ")))
}

fn corpus() -> Vec<std::path::PathBuf> {
    let mut cases: Vec<_> = fs::read_dir(repo().join("tests/fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("bad-"))
                && p.join("expected.txt").is_file()
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_bad_input_fixture_fails_with_its_expected_message_and_location() {
    let cases = corpus();
    assert!(cases.len() >= 30, "only {} bad-input cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = read(&case.join("expected.txt")).trim_end().to_string();
        let spoil = |root: &Path| {
            for dir in ["content", "themes"] {
                if case.join(dir).is_dir() {
                    copy_tree(&case.join(dir), &root.join(dir));
                }
            }
            if let Ok(list) = fs::read_to_string(case.join("remove.txt")) {
                for rel in list.lines().filter(|l| !l.trim().is_empty()) {
                    fs::remove_file(root.join(rel.trim())).unwrap();
                }
            }
        };
        failures.extend(fails_cleanly(&name, &expected, spoil));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

const PAPER: &str = "content/boards/test-hwb/2026-01-27/budget.md";

fn append_to_paper(root: &Path, text: &str) {
    let path = root.join(PAPER);
    let mut body = read(&path);
    body.push_str(text);
    fs::write(path, body).unwrap();
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let r = fails_cleanly(
        "50 MB file",
        "content/plans/huge.toml: error: file is 52428800 bytes, more than the 8388608 bytes plansite reads",
        |root| {
            let f = fs::File::create(root.join("content/plans/huge.toml")).unwrap();
            f.set_len(50 * 1024 * 1024).unwrap();
        },
    );
    assert!(r.is_none(), "{}", r.unwrap_or_default());
}

#[test]
fn ten_thousand_deep_lists_and_quotes_are_refused() {
    let lists = fails_cleanly(
        "10,000-deep list",
        "content/boards/test-hwb/2026-01-27/budget.md:25:65: error: lists and quotes are nested more than 32 deep",
        |root| append_to_paper(root, &format!("\n1.2 Deep:\n\n{}item\n", "- ".repeat(10_000))),
    );
    let quotes = fails_cleanly(
        "10,000-deep quote",
        "content/boards/test-hwb/2026-01-27/budget.md:25:33: error: lists and quotes are nested more than 32 deep",
        |root| append_to_paper(root, &format!("\n1.2 Deep:\n\n{} quoted\n", ">".repeat(10_000))),
    );
    let failures: Vec<String> = lists.into_iter().chain(quotes).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_content_and_loops_are_errors() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.toml"), "title = \"secret\"\n").unwrap();
    let outside_path = outside.path().canonicalize().unwrap();
    let mut failures = Vec::new();
    failures.extend(fails_cleanly(
        "symlink out of content/",
        &format!(
            "content/plans/leak.toml: error: symbolic link points outside content/ (to {})",
            outside_path.join("secret.toml").display()
        ),
        |root| {
            symlink(
                outside_path.join("secret.toml"),
                root.join("content/plans/leak.toml"),
            )
            .unwrap()
        },
    ));
    failures.extend(fails_cleanly(
        "symlinked folder out of content/",
        &format!(
            "content/boards/elsewhere: error: symbolic link points outside content/ (to {})",
            outside_path.display()
        ),
        |root| symlink(&outside_path, root.join("content/boards/elsewhere")).unwrap(),
    ));
    failures.extend(fails_cleanly(
        "symlink loop",
        "content/plans/a.toml: error: broken or looping symbolic link: Too many levels of symbolic links (os error 40)",
        |root| {
            symlink("b.toml", root.join("content/plans/a.toml")).unwrap();
            symlink("a.toml", root.join("content/plans/b.toml")).unwrap();
        },
    ));
    failures.extend(fails_cleanly(
        "symlinked folder loop",
        "content/boards/test-hwb/loop: error: symbolic link to a folder",
        |root| symlink("..", root.join("content/boards/test-hwb/loop")).unwrap(),
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn json_messages_give_the_same_location_as_the_text() {
    let site = site("minimal");
    copy_tree(
        &repo().join("tests/fixtures/bad-unknown-field-paper/content"),
        &site.path().join("content"),
    );
    let out = plansite(site.path(), &["build", "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let first: serde_json::Value =
        serde_json::from_str(stderr(&out).lines().next().unwrap()).unwrap();
    assert_eq!(
        first["file"],
        "content/boards/test-hwb/2026-01-27/budget.md"
    );
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(7), Some(1))
    );
    assert_eq!(first["message"], "unknown field \"sumary\"");
    assert_eq!(first["hint"], "did you mean \"summary\"?");
}

#[test]
fn strict_build_with_only_warnings_writes_nothing() {
    // The minimal site has a warning (no accessibility statement), which
    // --strict makes an error, found only after the papers were rendered
    // and streamed to the staging folder.
    let site = site("minimal");
    assert!(plansite(site.path(), &["build"]).status.success());
    let before = snapshot_tree(&site.path().join("output"));
    append_to_paper(site.path(), "\nA sentence that changes the page.\n");
    let out = plansite(site.path(), &["build", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(before == snapshot_tree(&site.path().join("output")));
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .expect("site folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Without --strict the same site builds and the change is published.
    assert!(plansite(site.path(), &["build"]).status.success());
    assert!(before != snapshot_tree(&site.path().join("output")));
}

#[test]
fn an_unreadable_paper_is_reported_by_build_as_by_check_even_when_never_parsed() {
    // `build` reads each paper only when it parses it, and a paper that
    // cannot be read is reported even when nothing parses it (here its
    // name is not a slug; below, its meeting folder has no _meeting.toml),
    // with what else is wrong where it lies, by `check` and `build` alike.
    let unreadable =
        "content/boards/test-hwb/2026-01-27/Not_A_Slug.md:1:4: error: file is not valid UTF-8 text";
    let spoil = |root: &Path| {
        fs::write(
            root.join("content/boards/test-hwb/2026-01-27/Not_A_Slug.md"),
            b"ok \xff",
        )
        .unwrap();
    };
    let r = fails_cleanly(
        "non-UTF-8 paper",
        "content/boards/test-hwb/2026-01-27/Not_A_Slug.md: error: paper file name \"Not_A_Slug.md\" is not a slug",
        spoil,
    );
    assert!(r.is_none(), "{}", r.unwrap_or_default());

    let site = site("minimal");
    spoil(site.path());
    let meeting = site.path().join("content/boards/test-hwb/2026-05-05");
    fs::create_dir_all(&meeting).unwrap();
    fs::write(
        meeting.join("orphan.md"),
        b"+++\ntitle = \"Orphan \xfe\"\n+++\n",
    )
    .unwrap();
    let check = stderr(&plansite(site.path(), &["check"]));
    let build = stderr(&plansite(site.path(), &["build"]));
    for expected in [
        unreadable,
        "content/boards/test-hwb/2026-05-05: error: meeting folder has no _meeting.toml",
        "content/boards/test-hwb/2026-05-05/orphan.md:2:17: error: file is not valid UTF-8 text",
        "4 errors, 1 warning",
    ] {
        assert!(check.contains(expected), "{expected}\n{check}");
    }
    // Each error once, and the same from both commands.
    assert_eq!(check.matches("is not valid UTF-8").count(), 2, "{check}");
    assert_eq!(
        check.replace("plansite check failed", "plansite build failed"),
        build
    );
}

//! Page paths and relative links.
//!
//! Every page is `…/index.html` in its own folder, and every internal link
//! is relative (`../../plans/kent-bcf-2015-16/`), so the site works at any
//! sub-path and needs no knowledge of where it is deployed.

/// The page path of a board.
pub fn board(board: &str) -> String {
    format!("boards/{board}/index.html")
}

pub fn meeting(board: &str, meeting: &str) -> String {
    format!("boards/{board}/{meeting}/index.html")
}

pub fn paper(board: &str, meeting: &str, paper: &str) -> String {
    format!("boards/{board}/{meeting}/{paper}/index.html")
}

/// An earlier version of a paper: `…/<paper>/v1/`.
pub fn paper_version(board: &str, meeting: &str, paper: &str, version: u32) -> String {
    format!("boards/{board}/{meeting}/{paper}/v{version}/index.html")
}

pub fn plan(plan: &str) -> String {
    format!("plans/{plan}/index.html")
}

pub fn standard_set(set: &str) -> String {
    format!("standards/{set}/index.html")
}

pub fn table(table: &str) -> String {
    format!("tables/{table}/index.html")
}

pub fn progress(series: &str) -> String {
    format!("progress/{series}/index.html")
}

/// The link form of a page path: `boards/kent-hwb/` for `boards/kent-hwb/index.html`.
pub fn pretty(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// The relative path from the page at `path` to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The shortest relative link from the page at `from` to the page at `to`:
/// `../bcf-position-statement/` between two papers of one meeting.
pub fn link(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from
        .split('/')
        .collect::<Vec<_>>()
        .split_last()
        .map_or(Vec::new(), |(_, d)| d.to_vec());
    let target = pretty(to);
    let to_parts: Vec<&str> = target.split('/').collect();
    // `to_parts` ends with "" for a folder link or a file name otherwise.
    let (to_dirs, leaf) = to_parts.split_at(to_parts.len() - 1);
    let common = from_dirs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut href = "../".repeat(from_dirs.len() - common);
    for d in &to_dirs[common..] {
        href.push_str(d);
        href.push('/');
    }
    href.push_str(leaf[0]);
    if href.is_empty() {
        "./".to_string()
    } else {
        href
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_page() {
        let p = paper("kent-hwb", "2016-01-27", "bcf-position-statement");
        assert_eq!(root_of(&p), "../../../../");
        assert_eq!(link(&p, &plan("kent")), "../../../../plans/kent/");
        assert_eq!(link(&p, &paper("kent-hwb", "2016-01-27", "x")), "../x/");
        assert_eq!(link(&p, &meeting("kent-hwb", "2016-01-27")), "../");
        assert_eq!(link(&p, &p), "./");
        assert_eq!(link("index.html", "index.html"), "./");
        assert_eq!(link(&board("k"), "index.html"), "../../");
        assert_eq!(link("index.html", &board("k")), "boards/k/");
        assert_eq!(
            link("plans/a/index.html", "sitemap.xml"),
            "../../sitemap.xml"
        );
    }
}

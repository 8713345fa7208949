//! What changed between two versions of a paper: numbered paragraphs
//! added, removed and changed (by paragraph number), and whether the
//! title, summary or recommendations changed.
//!
//! Paragraphs are matched by their number (their stable anchor), which is
//! how a meeting cites them; text is compared with runs of white space
//! collapsed, so re-wrapping a line is not a change.
//!
//! The comparison needs both versions' text, so it is made as the versions
//! are loaded (`boards`), and kept in each version's
//! [`Revision::changes`](crate::model::Revision) for the pages and feeds.

use crate::model::Paper;

pub use crate::model::Changes;

fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Compares `old` with `new`.
pub fn compare(old: &Paper, new: &Paper) -> Changes {
    let old_paras: Vec<(&str, String)> = old
        .body
        .paragraphs()
        .map(|p| (p.number.as_str(), normalised(p.body.markdown())))
        .collect();
    let new_paras: Vec<(&str, String)> = new
        .body
        .paragraphs()
        .map(|p| (p.number.as_str(), normalised(p.body.markdown())))
        .collect();
    let find = |list: &[(&str, String)], n: &str| {
        list.iter().find(|(m, _)| *m == n).map(|(_, t)| t.clone())
    };
    let mut changes = Changes::default();
    for (n, text) in &new_paras {
        match find(&old_paras, n) {
            None => changes.added.push(n.to_string()),
            Some(old_text) if old_text != *text => changes.changed.push(n.to_string()),
            Some(_) => {}
        }
    }
    for (n, _) in &old_paras {
        if find(&new_paras, n).is_none() {
            changes.removed.push(n.to_string());
        }
    }
    changes.title_changed = old.title != new.title;
    changes.summary_changed =
        old.summary.as_deref().map(normalised) != new.summary.as_deref().map(normalised);
    changes.recommendations_changed = old
        .recommendations
        .iter()
        .map(|r| normalised(r))
        .ne(new.recommendations.iter().map(|r| normalised(r)));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::source::SourceFile;

    fn paper(body: &str, summary: &str) -> Paper {
        let text = format!(
            "+++\ntitle = \"T\"\nkind = \"position-statement\"\ndate = 2016-01-27\nsummary = \"{summary}\"\n+++\n{body}"
        );
        let mut d = Diagnostics::new();
        let p = crate::content::parse_paper("p", &SourceFile::new("p.md", text), &mut d);
        assert!(d.is_empty(), "{d:?}");
        p.expect("parses")
    }

    #[test]
    fn reports_paragraphs_added_removed_and_changed_by_number() {
        let old = paper("## One\n\nFirst.\n\nSecond.\n\n## Two\n\nThird.\n", "S");
        let new = paper(
            "## One\n\nFirst,\nre-wrapped.\n\nSecond, revised.\n\nNew.\n",
            "S",
        );
        let c = compare(&old, &new);
        assert_eq!(c.added, ["1.3"]);
        assert_eq!(c.removed, ["2.1"]);
        assert_eq!(c.changed, ["1.1", "1.2"]);
        assert!(!c.summary_changed && !c.title_changed && !c.recommendations_changed);
        let same = compare(&old, &old);
        assert!(same.is_empty());
        let wrapped = paper("## One\n\nFirst.\n\nSecond.\n\n## Two\n\nThird.\n", "S");
        let rewrapped = paper("## One\n\nFirst.\n\nSecond.\n\n## Two\n\nThird.\n", "S ");
        assert!(compare(&wrapped, &rewrapped).is_empty());
        assert!(compare(&wrapped, &paper("## One\n\nFirst.\n", "Other")).summary_changed);
    }
}

//! The words the search indexer read from each page of a shard, kept
//! between builds so that indexing a shard again reads only its pages that
//! changed.
//!
//! After one paper is edited, its whole shard (up to
//! [`super::search::SHARD_PAPERS`] papers) is indexed again, and reading
//! every page's words (pagefind's "fossicking": splitting, normalising and
//! stemming) was most of that work. Each page's reading is kept under a
//! key, the fingerprint of everything it is read from (the record's URL,
//! text, language and metadata, and the indexer's versions), so a kept
//! reading is used only for the very record it was made from; the bundle
//! built from it is the one built from a fresh reading.
//!
//! One file per shard, `<cache>/records/<board>/<year>.bin` (postcard,
//! about 15 KB a paper), written whole and checked whole: its first line holds the fingerprint of the
//! rest, and a file that does not match (cut short, written over, from
//! another version) is ignored and the shard's pages are read afresh.

use crate::fingerprint::Fingerprint;
use pagefind::api::{CustomRecord, FossickedRecord};
use rustc_hash::FxHashMap;

/// The first word of a records file: its format.
const FORMAT: &str = "plansite-index-records-2";

/// The key of the reading of `record` by the indexer whose versions are
/// `salt` (see `search::FINGERPRINT_SALT`).
pub(crate) fn key(salt: &str, record: &CustomRecord) -> String {
    // Each list is preceded by its length, so no two records give the
    // same parts.
    let count = |n: usize| (n as u64).to_le_bytes();
    let mut fp = Fingerprint::new();
    fp.part(salt.as_bytes())
        .part(record.url.as_bytes())
        .part(record.content.as_bytes())
        .part(record.language.as_bytes());
    for map in [&record.meta, &record.sort] {
        let map = map.as_ref();
        fp.part(&count(map.map_or(0, |m| m.len())));
        for (name, value) in map.into_iter().flatten() {
            fp.part(name.as_bytes()).part(value.as_bytes());
        }
    }
    let filters = record.filters.as_ref();
    fp.part(&count(filters.map_or(0, |f| f.len())));
    for (name, values) in filters.into_iter().flatten() {
        fp.part(name.as_bytes()).part(&count(values.len()));
        for value in values {
            fp.part(value.as_bytes());
        }
    }
    fp.hex()
}

/// What the indexer read from one record: made now, or kept from an
/// earlier build with the bytes it was kept as (written again as they
/// are, not serialised again).
pub(crate) struct Reading {
    pub(crate) record: FossickedRecord,
    kept_as: Option<Vec<u8>>,
}

impl From<FossickedRecord> for Reading {
    fn from(record: FossickedRecord) -> Self {
        Reading {
            record,
            kept_as: None,
        }
    }
}

/// The readings a records file holds, by key; none when `bytes` is not a
/// whole, matching records file.
pub(crate) fn decode(bytes: &[u8]) -> FxHashMap<String, Reading> {
    let Some(newline) = bytes.iter().position(|&b| b == b'\n') else {
        return FxHashMap::default();
    };
    let (head, body) = (&bytes[..newline], &bytes[newline + 1..]);
    let expected = format!("{FORMAT} {:032x}", crate::fingerprint::of(body));
    if head != expected.as_bytes() {
        return FxHashMap::default();
    }
    let Ok(entries) = postcard::from_bytes::<Vec<(String, Vec<u8>)>>(body) else {
        return FxHashMap::default();
    };
    entries
        .into_iter()
        .filter_map(|(key, kept_as)| {
            let record = postcard::from_bytes(&kept_as).ok()?;
            Some((
                key,
                Reading {
                    record,
                    kept_as: Some(kept_as),
                },
            ))
        })
        .collect()
}

/// A records file holding `readings` by key, leaving out any reading
/// that would not read back as written
/// ([`FossickedRecord::round_trips`]): it is read afresh next time.
pub(crate) fn encode(readings: &[(String, &Reading)]) -> Option<Vec<u8>> {
    let mut made = Vec::new();
    let mut entries: Vec<(&str, &[u8])> = Vec::with_capacity(readings.len());
    for (key, reading) in readings {
        if let Some(bytes) = &reading.kept_as {
            entries.push((key, bytes));
        } else if reading.record.round_trips() {
            made.push((key.as_str(), postcard::to_stdvec(&reading.record).ok()?));
        }
    }
    entries.extend(made.iter().map(|(k, b)| (*k, b.as_slice())));
    let body = postcard::to_stdvec(&entries).ok()?;
    let mut out = format!("{FORMAT} {:032x}\n", crate::fingerprint::of(&body)).into_bytes();
    out.extend_from_slice(&body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(content: &str, title: &str) -> CustomRecord {
        CustomRecord {
            url: "/a/".into(),
            content: content.into(),
            language: "en".into(),
            meta: Some([("title".to_string(), title.to_string())].into()),
            filters: None,
            sort: None,
        }
    }

    #[test]
    fn a_key_changes_with_anything_the_reading_is_made_from() {
        let base = key("salt", &record("Some words", "Title"));
        assert_eq!(base, key("salt", &record("Some words", "Title")));
        assert_ne!(base, key("other salt", &record("Some words", "Title")));
        assert_ne!(base, key("salt", &record("Some word", "Title")));
        assert_ne!(base, key("salt", &record("Some words", "Title 2")));
        let changed = |change: fn(&mut CustomRecord)| {
            let mut r = record("Some words", "Title");
            change(&mut r);
            key("salt", &r)
        };
        assert_ne!(base, changed(|r| r.url = "/b/".into()));
        assert_ne!(base, changed(|r| r.language = "cy".into()));
        assert_ne!(
            base,
            changed(|r| r.sort = Some([("date".into(), "2020".into())].into()))
        );
        assert_ne!(
            base,
            changed(|r| r.filters = Some([("board".into(), vec!["kent".into()])].into()))
        );
        // Parts are kept apart: words moved from the text to the title,
        // a value moved between lists, are other records.
        assert_ne!(
            key("salt", &record("ab", "c")),
            key("salt", &record("a", "bc"))
        );
        let filters = |f: &[(&str, &[&str])]| {
            let mut r = record("w", "t");
            r.filters = Some(
                f.iter()
                    .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
                    .collect(),
            );
            key("salt", &r)
        };
        assert_ne!(
            filters(&[("a", &["b", "c"])]),
            filters(&[("a", &["b"]), ("c", &[])])
        );
    }

    /// What the indexer reads from `r`.
    fn reading(r: CustomRecord) -> Reading {
        let index = pagefind::api::PagefindIndex::new(None).expect("index");
        let mut read = index.fossick_custom_records_blocking(vec![r]);
        read.pop().expect("one").expect("read").into()
    }

    #[test]
    fn a_records_file_is_used_only_whole() {
        let r = record("Some words to index", "Title");
        let k = key("salt", &r);
        let good = encode(&[(k.clone(), &reading(r))]).expect("encoded");
        let back = decode(&good);
        assert_eq!(back.keys().collect::<Vec<_>>(), [&k]);
        // Written back as the bytes it was read as.
        assert_eq!(
            encode(&[(k.clone(), &back[&k])]).as_deref(),
            Some(&good[..])
        );
        // A letter of the kept text changed: the file still reads as
        // postcard, and only its fingerprint refuses it.
        let mut flipped = good.clone();
        let at = memchr::memmem::find(&flipped, b"words to index").expect("the text");
        flipped[at] = b'W';
        assert!(decode(&flipped).is_empty());
        let mut longer = good.clone();
        longer.push(0);
        assert!(decode(&longer).is_empty());
        let mut other_format = good.clone();
        let digit = FORMAT.len() - 1;
        other_format[digit] = b'1';
        assert!(decode(&other_format).is_empty());
        assert!(decode(b"").is_empty());
    }
}

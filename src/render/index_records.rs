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
    let mut fp = Fingerprint::new();
    fp.part(salt.as_bytes())
        .part(record.url.as_bytes())
        .part(record.content.as_bytes())
        .part(record.language.as_bytes());
    for (field, map) in [("meta", &record.meta), ("sort", &record.sort)] {
        fp.part(field.as_bytes());
        for (name, value) in map.iter().flatten() {
            fp.part(name.as_bytes()).part(value.as_bytes());
        }
    }
    fp.part(b"filters");
    for (name, values) in record.filters.iter().flatten() {
        fp.part(name.as_bytes());
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
        let mut moved = record("Some words", "Title");
        moved.url = "/b/".into();
        assert_ne!(base, key("salt", &moved));
        // Parts are kept apart: words moved from the text to the title
        // are another record.
        assert_ne!(
            key("salt", &record("ab", "c")),
            key("salt", &record("a", "bc"))
        );
    }

    #[test]
    fn a_records_file_is_used_only_whole() {
        assert!(decode(b"").is_empty());
        assert!(decode(b"plansite-index-records-2 0\n").is_empty());
        // An empty list, written and read back.
        let empty = encode(&[]).expect("encoded");
        assert!(decode(&empty).is_empty());
        let mut changed = empty.clone();
        changed.push(0);
        assert!(decode(&changed).is_empty());
        let mut other_format = empty.clone();
        other_format[23] = b'1';
        assert!(decode(&other_format).is_empty());
    }
}

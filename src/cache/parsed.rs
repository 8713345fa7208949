//! Meetings as `build` parsed them, kept between builds, so that a build
//! after one paper is edited parses that paper's meeting and takes every
//! other meeting as it was.
//!
//! A meeting (its `_meeting.toml`, papers and earlier versions) is parsed
//! from its own folder's files and nothing else, so it is kept under the
//! list of those files: each paper file by where it is and its identity on
//! disk (device, inode, length, modification and change times; see
//! [`FileIdentity`]), the meeting file (which `build` has read anyway) by
//! the fingerprint of its text. A meeting is taken from the cache only
//! when that list is exactly the folder's now: a file added, removed,
//! written to, replaced or touched means it is parsed again.
//!
//! Identities are trusted only on a local file system that keeps change
//! times (`keeps_identities`; on Linux: ext4, XFS, Btrfs, ZFS, tmpfs and
//! the like). Content on any other file system (a network share, FAT,
//! exFAT, NTFS, FUSE, 9p or virtiofs), or on another system, is parsed
//! whole by every build, as with `--no-cache`.
//!
//! Only meetings parsed with no diagnostic at all are kept (a warning or
//! error is reported again on every build, so its meeting is parsed every
//! time), and only when every paper in them was read from its own file
//! (so that its body can be read again when it is drawn) and every file
//! had last changed well before it was looked at
//! ([`FileIdentity::settled_before`]): a file written within a clock tick
//! of that could change again without its times showing it. A meeting is
//! kept without its papers' bodies and taken with every body let go, as a
//! build with a record of the last one parses it
//! (`content::paper::release_bodies`); so a first build, which keeps the
//! bodies to draw every paper, keeps its meetings for the next build but
//! takes none.
//!
//! One file per board, `<cache>/parsed/<board>.bin`: a first line naming
//! the format, the code that wrote it ([`super::CODE_FINGERPRINT`]: another
//! build of plansite parses afresh) and the fingerprint of the rest, then
//! the meetings in postcard. A file that does not match is ignored whole,
//! and rewritten only when something in it changed.

use super::CODE_FINGERPRINT;
use crate::model::Meeting;
use crate::output::FileIdentity;
use crate::source::SourceFile;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folder of the kept meetings inside the cache.
const PARSED: &str = "parsed";

/// The first word of a board's file: its format.
const FORMAT: &str = "plansite-parsed-meetings-1";

/// One file a meeting was parsed from, as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Input {
    /// Its path from the site root (`content/boards/…`).
    path: String,
    /// How it is recognised; `None` for a file that cannot be vouched for
    /// (it has no identity), which never matches.
    as_read: Option<AsRead>,
}

/// How an [`Input`] is recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum AsRead {
    /// A file read when it was parsed: where it is and its identity
    /// ([`FileIdentity::to_word`]).
    OnDisk { at: PathBuf, identity: String },
    /// A file already read: the fingerprint of its text.
    Text(u128),
}

/// The files of one meeting folder, as they are now
/// ([`ParsedMeetings::inputs`]).
pub struct MeetingInputs {
    list: Vec<Input>,
    /// Every file can be vouched for, and had last changed well before it
    /// was looked at.
    settled: bool,
}

/// A meeting kept in a board's file: the files it was parsed from, and the
/// meeting in postcard.
#[derive(Serialize, Deserialize)]
struct Entry {
    folder: String,
    inputs: Vec<Input>,
    meeting: Vec<u8>,
}

/// A board's file as read.
struct KeptBoard {
    /// Its entries by folder, each taken out when its meeting is.
    entries: Mutex<FxHashMap<String, Entry>>,
    /// How many entries it had.
    count: usize,
}

/// What a build does with the meetings kept by the last one.
pub struct ParsedMeetings {
    /// `<cache>/parsed`.
    dir: PathBuf,
    /// The device of the content folder: a file on another (a file system
    /// mounted inside it, or an overlay layer that reports another
    /// device) is not vouched for, and its meeting is parsed every time.
    device: u64,
    /// Each board's file as read, by board.
    kept: FxHashMap<String, KeptBoard>,
    /// What this build keeps for the next, by board and folder, and
    /// whether a board's file must be written again.
    next: Mutex<Next>,
}

#[derive(Default)]
struct Next {
    boards: BTreeMap<String, BTreeMap<String, Entry>>,
    /// Boards with a meeting parsed afresh and kept.
    changed: rustc_hash::FxHashSet<String>,
    /// Meetings taken as kept.
    taken: usize,
}

impl ParsedMeetings {
    /// The meetings kept in the cache at `cache_dir` (none when it has
    /// none, or they cannot be read, or `take` is false: a build that
    /// takes none but keeps its own) for the content folder `content`;
    /// `None` when files there cannot be recognised by their identities
    /// (see [`keeps_identities`]), so every meeting is parsed.
    pub fn load(cache_dir: &Path, content: &Path, take: bool) -> Option<Self> {
        if !keeps_identities(content) {
            return None;
        }
        let device = FileIdentity::of(&fs::metadata(content).ok()?).device();
        let dir = cache_dir.join(PARSED);
        let files: Vec<(String, PathBuf)> = fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|item| {
                let name = item.file_name().into_string().ok()?;
                let board = name.strip_suffix(".bin")?;
                super::plain(board).then(|| (board.to_string(), item.path()))
            })
            .collect();
        let kept = files
            .into_par_iter()
            .map(|(board, path)| {
                let entries = match take {
                    true => fs::read(&path).ok().map(|b| decode(&b)).unwrap_or_default(),
                    // Only its name: the file is written afresh or removed.
                    false => FxHashMap::default(),
                };
                let count = entries.len();
                let entries = Mutex::new(entries);
                (board, KeptBoard { entries, count })
            })
            .collect();
        Some(ParsedMeetings {
            dir,
            device,
            kept,
            next: Mutex::default(),
        })
    }

    fn next(&self) -> std::sync::MutexGuard<'_, Next> {
        self.next.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The inputs of a meeting parsed from `files` (its meeting file,
    /// papers and versions, in the order the folder lists them), looked
    /// at before any is read: a file written after that has another
    /// identity next time.
    pub fn inputs<'a>(&self, files: impl IntoIterator<Item = &'a SourceFile>) -> MeetingInputs {
        let mut settled = true;
        let list = files
            .into_iter()
            .map(|file| {
                let as_read = match file.deferred_path() {
                    Some(at) => {
                        let looked = std::time::SystemTime::now();
                        // Through a symbolic link, as the file is read; on
                        // the content folder's own (local) file system.
                        let identity = fs::metadata(at)
                            .ok()
                            .map(|m| FileIdentity::of(&m))
                            .filter(|i| i.device() == self.device);
                        settled &= identity.is_some_and(|i| i.settled_before(looked));
                        identity
                            .and_then(|i| i.to_word())
                            .map(|identity| AsRead::OnDisk {
                                at: at.to_path_buf(),
                                identity,
                            })
                    }
                    None => Some(AsRead::Text(crate::fingerprint::of(file.text.as_bytes()))),
                };
                settled &= as_read.is_some();
                Input {
                    path: file.path.to_string(),
                    as_read,
                }
            })
            .collect();
        MeetingInputs { list, settled }
    }

    /// The meeting in `folder` of `board`, if it was kept from exactly
    /// `inputs`.
    pub fn take(&self, board: &str, folder: &str, inputs: &MeetingInputs) -> Option<Meeting> {
        if !inputs.settled {
            return None;
        }
        let entry = {
            let mut entries = self
                .kept
                .get(board)?
                .entries
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            match entries.get(folder) {
                Some(entry) if entry.inputs == inputs.list => entries.remove(folder)?,
                _ => return None,
            }
        };
        let mut meeting: Meeting = postcard::from_bytes(&entry.meeting).ok()?;
        // Every body let go, to be read again when its paper is drawn.
        for paper in &mut meeting.papers {
            let paper = std::sync::Arc::get_mut(paper)?;
            for version in &mut paper.earlier {
                version.released.as_mut()?.held = false;
            }
            paper.released.as_mut()?.held = false;
        }
        let mut next = self.next();
        next.taken += 1;
        next.boards
            .entry(board.to_string())
            .or_default()
            .insert(folder.to_string(), entry);
        Some(meeting)
    }

    /// Keeps `meeting`, just parsed from `inputs` with no diagnostic, for
    /// the next build, if it may be (see the module's comment).
    pub fn put(&self, board: &str, folder: &str, inputs: MeetingInputs, meeting: &Meeting) {
        let read_from_files = meeting
            .papers
            .iter()
            .flat_map(|p| std::iter::once(&**p).chain(&p.earlier))
            .all(|p| p.released.is_some());
        if !inputs.settled || !read_from_files {
            return;
        }
        let Ok(bytes) = postcard::to_stdvec(meeting) else {
            return;
        };
        let mut next = self.next();
        next.changed.insert(board.to_string());
        next.boards.entry(board.to_string()).or_default().insert(
            folder.to_string(),
            Entry {
                folder: folder.to_string(),
                inputs: inputs.list,
                meeting: bytes,
            },
        );
    }

    /// How many meetings were taken as kept.
    pub fn taken(&self) -> usize {
        self.next().taken
    }

    /// Writes each board's file whose meetings changed (best effort, as
    /// everywhere in the cache), and removes those of boards with none to
    /// keep.
    pub fn save(&self) {
        let next = std::mem::take(&mut *self.next());
        for (board, kept) in &self.kept {
            match next.boards.get(board) {
                None => {
                    let _ = fs::remove_file(self.dir.join(format!("{board}.bin")));
                }
                // Every entry taken, none added: the file is as it was.
                Some(entries) if !next.changed.contains(board) && entries.len() == kept.count => {}
                Some(entries) => write(&self.dir, board, entries),
            }
        }
        for (board, entries) in &next.boards {
            if !self.kept.contains_key(board) {
                write(&self.dir, board, entries);
            }
        }
    }
}

/// Whether files in `dir` can be recognised by their identities: on a
/// local file system that keeps a change time no program can set (so a
/// file written keeps no identity it had) and answers from its own
/// records. Not on a network share, whose times come from another
/// machine's clock and may be answered from a cache, nor on FAT and the
/// like; and not where plansite cannot tell (any system but Linux).
fn keeps_identities(dir: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        const LOCAL: [u64; 10] = [
            0xEF53,      // ext2, ext3, ext4
            0x5846_5342, // XFS
            0x9123_683E, // Btrfs
            0x2FC1_2FC1, // ZFS
            0x0102_1994, // tmpfs
            0x8584_58F6, // ramfs
            0x794C_7630, // overlayfs (containers)
            0xF2F5_2010, // F2FS
            0xCA45_1A4E, // bcachefs
            0x3153_464A, // JFS
        ];
        rustix::fs::statfs(dir).is_ok_and(|fs| {
            #[allow(clippy::unnecessary_cast)] // its width differs by target
            let magic = (fs.f_type as u64) & 0xFFFF_FFFF;
            LOCAL.contains(&magic)
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        false
    }
}

/// Writes `board`'s file of `entries`.
fn write(dir: &Path, board: &str, entries: &BTreeMap<String, Entry>) {
    if let Some(bytes) = encode(entries.values()) {
        let _ = super::write_atomically(dir, &format!("{board}.bin"), &bytes);
    }
}

/// The first line of a board's file whose rest is `body`.
fn header(body: &[u8]) -> String {
    format!(
        "{FORMAT} {CODE_FINGERPRINT} {:032x}",
        crate::fingerprint::of(body)
    )
}

/// A board's file holding `entries`.
fn encode<'a>(entries: impl Iterator<Item = &'a Entry>) -> Option<Vec<u8>> {
    let entries: Vec<&Entry> = entries.collect();
    let body = postcard::to_stdvec(&entries).ok()?;
    let mut out = header(&body).into_bytes();
    out.push(b'\n');
    out.extend_from_slice(&body);
    Some(out)
}

/// The entries of a board's file, by folder; none when `bytes` is not a
/// whole file written by this build of plansite.
fn decode(bytes: &[u8]) -> FxHashMap<String, Entry> {
    let Some(newline) = memchr::memchr(b'\n', bytes) else {
        return FxHashMap::default();
    };
    let (head, body) = (&bytes[..newline], &bytes[newline + 1..]);
    if head != header(body).as_bytes() {
        return FxHashMap::default();
    }
    postcard::from_bytes::<Vec<Entry>>(body)
        .map(|entries| entries.into_iter().map(|e| (e.folder.clone(), e)).collect())
        .unwrap_or_default()
}

// Files are recognised by their identities only on Linux (`keeps_identities`).
#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use crate::content::{load_files_keeping, read_tree_with, ParsedBefore, ReadOptions};
    use crate::diagnostics::Diagnostics;

    /// The demo site's meetings as `build` parses them: papers read as
    /// they are parsed, their bodies let go unless `keep_bodies`.
    fn demo_meetings(keep_bodies: bool) -> Vec<Meeting> {
        meetings_of("", keep_bodies)
    }

    /// [`demo_meetings`] of the site in `site` (from the package's folder).
    fn meetings_of(site: &str, keep_bodies: bool) -> Vec<Meeting> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(site);
        let root = root.as_path();
        let mut diags = Diagnostics::new();
        let options = ReadOptions {
            defer_papers: true,
            ..ReadOptions::default()
        };
        let files = read_tree_with(root, options, &mut diags, &mut |_, _| {}).expect("content");
        let loaded =
            load_files_keeping(files, None, ParsedBefore::Nothing, keep_bodies, &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        let meetings: Vec<Meeting> = loaded
            .site
            .boards
            .iter()
            .flat_map(|b| b.meetings.clone())
            .collect();
        assert!(!meetings.is_empty());
        meetings
    }

    /// The meetings kept in `cache` (for content in the same folder, on
    /// the local file system the tests run on).
    fn store(cache: &Path) -> ParsedMeetings {
        ParsedMeetings::load(cache, cache, true).expect("a local file system")
    }

    /// Inputs of files already read, so settled whenever they were made.
    fn inputs_of(texts: &[(&str, &str)]) -> MeetingInputs {
        let files: Vec<SourceFile> = texts.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
        // Any store will do: files already read are known by their text.
        let cache = tempfile::tempdir().expect("a temporary folder");
        store(cache.path()).inputs(&files)
    }

    #[test]
    fn a_kept_meeting_reads_back_as_the_meeting_parsed() {
        let meetings: Vec<Meeting> = ["", "tests/fixtures/board-trial", "tests/fixtures/minutes"]
            .iter()
            .flat_map(|site| meetings_of(site, false))
            .collect();
        let papers = || meetings.iter().flat_map(|m| &m.papers);
        // Every part of a paper goes through: earlier versions (with their
        // changes), decisions, plans, contacts, targets and the released
        // body's digest.
        assert!(papers().any(|p| !p.earlier.is_empty()));
        assert!(papers().any(|p| !p.decisions.is_empty()));
        assert!(papers().any(|p| !p.plans.is_empty()));
        assert!(papers().any(|p| !p.contacts.is_empty()));
        assert!(papers().all(|p| !p.targets.as_str().is_empty()));
        assert!(papers().all(|p| crate::model::Released::let_go(&p.released)));
        for m in &meetings {
            let bytes = postcard::to_stdvec(m).expect("encoded");
            let back: Meeting = postcard::from_bytes(&bytes).expect("decoded");
            assert_eq!(format!("{back:?}"), format!("{m:?}"), "{}", m.slug);
        }
    }

    #[test]
    fn a_meeting_is_taken_only_from_the_very_files_it_was_parsed_from() {
        let cache = tempfile::tempdir().expect("a temporary folder");
        let meeting = demo_meetings(false).remove(0);
        let files = [
            ("content/boards/b/m/_meeting.toml", "date = 2020-01-01\n"),
            ("content/boards/b/m/p.md", "text"),
        ];
        let stored = store(cache.path());
        assert!(stored
            .take("b", "content/boards/b/m", &inputs_of(&files))
            .is_none());
        stored.put("b", "content/boards/b/m", inputs_of(&files), &meeting);
        stored.save();
        let file = cache.path().join("parsed/b.bin");
        let written = FileIdentity::at(&file).expect("the board's file");

        let stored = store(cache.path());
        let taken = stored.take("b", "content/boards/b/m", &inputs_of(&files));
        assert_eq!(format!("{taken:?}"), format!("{:?}", Some(&meeting)));
        assert_eq!(stored.taken(), 1);
        // Another folder, a file changed, added or gone: parsed again.
        assert!(stored
            .take("b", "content/boards/b/n", &inputs_of(&files))
            .is_none());
        assert!(stored
            .take("c", "content/boards/b/m", &inputs_of(&files))
            .is_none());
        let changed = [files[0], ("content/boards/b/m/p.md", "text!")];
        assert!(stored
            .take("b", "content/boards/b/m", &inputs_of(&changed))
            .is_none());
        assert!(stored
            .take("b", "content/boards/b/m", &inputs_of(&files[..1]))
            .is_none());
        let added = [files[0], files[1], ("content/boards/b/m/q.md", "")];
        assert!(stored
            .take("b", "content/boards/b/m", &inputs_of(&added))
            .is_none());
        // Nothing changed: the file is left as it was.
        stored.save();
        assert_eq!(FileIdentity::at(&file), Some(written));

        // A file cut short or written by another build is not used.
        let bytes = fs::read(&file).expect("the board's file");
        fs::write(&file, &bytes[..bytes.len() - 1]).expect("written");
        assert!(store(cache.path())
            .take("b", "content/boards/b/m", &inputs_of(&files))
            .is_none());
        let other =
            String::from_utf8_lossy(&bytes).replacen(CODE_FINGERPRINT, "0000000000000000", 1);
        fs::write(&file, other.as_bytes()).expect("written");
        assert!(store(cache.path())
            .take("b", "content/boards/b/m", &inputs_of(&files))
            .is_none());

        // A board none of whose meetings is kept has no file.
        fs::write(&file, &bytes).expect("written");
        let stored = store(cache.path());
        assert!(stored
            .take("b", "content/boards/b/m", &inputs_of(&changed))
            .is_none());
        stored.save();
        assert!(!file.exists());
    }

    #[test]
    fn only_what_a_build_would_have_made_is_kept() {
        let cache = tempfile::tempdir().expect("a temporary folder");
        let stored = store(cache.path());
        // A meeting parsed from a file that cannot be vouched for, or from
        // one written within a clock tick or so of being looked at.
        let gone = SourceFile::deferred(&cache.path().join("gone.md"), "content/boards/b/n/p.md");
        let meeting = demo_meetings(false).remove(0);
        stored.put("b", "content/boards/b/n", stored.inputs([&gone]), &meeting);
        let new = cache.path().join("new.md");
        fs::write(&new, "text").expect("written");
        let new = SourceFile::deferred(&new, "content/boards/b/o/p.md");
        let inputs = stored.inputs([&new]);
        assert!(!inputs.settled);
        stored.put("b", "content/boards/b/o", inputs, &meeting);
        // Or one with a paper not read from its own file.
        let mut unread = meeting.clone();
        let paper = std::sync::Arc::make_mut(unread.papers.first_mut().expect("a paper"));
        paper.released = None;
        stored.put(
            "b",
            "content/boards/b/p",
            inputs_of(&[("content/boards/b/p/p.md", "text")]),
            &unread,
        );
        stored.save();
        assert!(!cache.path().join("parsed/b.bin").exists());
    }

    #[test]
    fn a_first_build_keeps_its_meetings_as_a_later_build_parses_them() {
        // A first build keeps every paper's body to draw it; a later one
        // lets them go. What the first keeps is taken as the later parses.
        let cache = tempfile::tempdir().expect("a temporary folder");
        let first = ParsedMeetings::load(cache.path(), cache.path(), false).expect("local");
        let held = demo_meetings(true);
        let files = [("content/boards/b/m/p.md", "text")];
        let paper = |m: &Meeting| m.papers.first().map(|p| p.released.clone());
        let with_papers = held
            .iter()
            .position(|m| !m.papers.is_empty())
            .expect("papers");
        assert!(
            paper(&held[with_papers])
                .flatten()
                .expect("read from its file")
                .held
        );
        first.put(
            "b",
            "content/boards/b/m",
            inputs_of(&files),
            &held[with_papers],
        );
        first.save();
        let later = store(cache.path());
        let taken = later.take("b", "content/boards/b/m", &inputs_of(&files));
        let let_go = demo_meetings(false).remove(with_papers);
        assert_eq!(format!("{taken:?}"), format!("{:?}", Some(let_go)));
        // A build that takes none writes its own afresh.
        let again = ParsedMeetings::load(cache.path(), cache.path(), false).expect("local");
        assert!(again
            .take("b", "content/boards/b/m", &inputs_of(&files))
            .is_none());
        again.save();
        assert!(!cache.path().join("parsed/b.bin").exists());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn files_are_recognised_by_identity_only_on_a_local_file_system() {
        let here = tempfile::tempdir().expect("a temporary folder");
        assert!(keeps_identities(here.path()));
        // procfs: times that mean nothing, like a share's from afar.
        assert!(!keeps_identities(Path::new("/proc/self")));
        assert!(ParsedMeetings::load(here.path(), Path::new("/proc/self"), true).is_none());
        assert!(!keeps_identities(&here.path().join("not there")));
    }
}

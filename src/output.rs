//! Output: the only module that writes to the output folder.
//!
//! The site is written into a staging folder beside `output/` and swapped
//! in with one atomic `renameat2(RENAME_EXCHANGE)`, so readers (and a web
//! server) see either the whole old site or the whole new one, and a build
//! that fails or is killed leaves the published site as it was. Files whose
//! bytes did not change are hard-linked from the previous output, so they
//! keep their modification time and cost no write. [`Staging`] takes files
//! as they are made, so `build` need not hold the whole site in memory.
//!
//! The site swapped out is not deleted but kept beside `output/` as
//! `.output.spare/`, and the next build is staged in it: its folders already
//! exist and most of its files are already hard links to the published
//! ones, so a rebuild touches only what changed instead of making (and then
//! deleting) a folder per paper. Nothing in the spare is trusted by its
//! place alone: each of its folders is checked once per build to be a
//! folder, not a link; a spare file is kept only when it is the published
//! one with the page's bytes, or the very file the build cache vouches for
//! (same inode, length and times: [`Staging::put_unread`]); any other is
//! replaced (never written through: it may share its inode with a
//! published file); and whatever the new site does not have is removed
//! before the swap. Deleting `.output.spare/` at any time is safe.

use crate::render::OutputFile;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use walkdir::WalkDir;

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub files: usize,
    /// Files whose bytes differ from the previous output (or are new).
    pub changed: usize,
    /// Each file as it was put in the new site, by path: what a record of
    /// the published site may vouch for once it is swapped in, if it is
    /// still that file (`crate::cache::PublishedPages::save`).
    pub staged: std::collections::HashMap<String, FileIdentity>,
}

/// Refuses any path that could leave the output folder.
pub fn safe_relative(path: &str) -> io::Result<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p.to_path_buf())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {path:?}"),
        ))
    }
}

fn sibling(output: &Path, tag: &str) -> io::Result<PathBuf> {
    let name = output.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "output path has no folder name",
        )
    })?;
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}.{tag}", name.to_string_lossy())))
}

/// Whether the caller knows a file's bytes are the published copy's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Known {
    /// Compare them with the published copy.
    Unknown,
    /// They were read from it (and checked) when it was this file: no need
    /// to read it again while it still is.
    Published(FileIdentity),
    /// They were not read at all: the published copy is trusted to be the
    /// page because it is still the file recorded when it was published
    /// (`crate::cache::PublishedPages`), so it must be linked (or left in
    /// place, where a recycled spare still holds that very file). If it
    /// is no longer that file it is read and put all the same when it
    /// still holds bytes with the recorded fingerprint; otherwise the
    /// build stops rather than write a page it does not have.
    Unread(FileIdentity, u128),
}

/// Which file a path held when it was read: its device, inode, length and
/// modification and change times. A file replaced or written to since then
/// has another identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileIdentity {
    device: u64,
    inode: u64,
    len: u64,
    modified: Option<std::time::SystemTime>,
    /// When the inode last changed (written, linked, its times set).
    changed: Option<std::time::SystemTime>,
}

/// A time as nanoseconds since 1970, for a record kept between builds.
pub fn nanos_since_epoch(t: std::time::SystemTime) -> Option<u128> {
    t.duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_nanos())
}

/// A time written by [`nanos_since_epoch`].
pub fn time_from_nanos(nanos: u128) -> Option<std::time::SystemTime> {
    std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(
        u64::try_from(nanos / 1_000_000_000).ok()?,
        u32::try_from(nanos % 1_000_000_000).ok()?,
    ))
}

/// How long before a record was written a file must last have changed for
/// the record's word on it to be trusted: file systems keep times to a
/// clock tick (some to two seconds), so a file changed in the same tick as
/// it was recorded could change again without its times showing it.
const SETTLED: std::time::Duration = std::time::Duration::from_secs(3);

impl FileIdentity {
    /// The identity as a word, for a record kept between builds (see
    /// [`FileIdentity::from_word`]); `None` when the file system gives no
    /// modification or change time, so a file there is never trusted by
    /// identity.
    pub fn to_word(&self) -> Option<String> {
        let modified = nanos_since_epoch(self.modified?)?;
        let changed = nanos_since_epoch(self.changed?)?;
        Some(format!(
            "{}:{}:{}:{modified}:{changed}",
            self.device, self.inode, self.len
        ))
    }

    /// Reads a word written by [`FileIdentity::to_word`].
    pub fn from_word(word: &str) -> Option<Self> {
        let mut parts = word.split(':');
        let mut next = || parts.next().and_then(|p| p.parse::<u128>().ok());
        let (device, inode, len) = (next()?, next()?, next()?);
        let (modified, changed) = (next()?, next()?);
        let identity = FileIdentity {
            device: u64::try_from(device).ok()?,
            inode: u64::try_from(inode).ok()?,
            len: u64::try_from(len).ok()?,
            modified: Some(time_from_nanos(modified)?),
            changed: Some(time_from_nanos(changed)?),
        };
        parts.next().is_none().then_some(identity)
    }

    /// Whether the file had last changed well before `recorded` (see
    /// [`SETTLED`]), so that a record written then can vouch for it.
    pub fn settled_before(&self, recorded: std::time::SystemTime) -> bool {
        let Some(cutoff) = recorded.checked_sub(SETTLED) else {
            return false;
        };
        [self.modified, self.changed]
            .iter()
            .all(|t| t.is_some_and(|t| t < cutoff))
    }

    /// The device the file is on.
    pub fn device(&self) -> u64 {
        self.device
    }

    /// The identity of the file at `path` (not through a symbolic link),
    /// if it is a file.
    pub fn at(path: &Path) -> Option<Self> {
        fs::symlink_metadata(path)
            .ok()
            .filter(fs::Metadata::is_file)
            .map(|m| Self::of(&m))
    }

    pub fn of(meta: &fs::Metadata) -> Self {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        #[cfg(unix)]
        let changed = {
            use std::os::unix::fs::MetadataExt;
            u64::try_from(meta.ctime())
                .ok()
                .zip(u32::try_from(meta.ctime_nsec()).ok())
                .and_then(|(s, n)| {
                    std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(s, n))
                })
        };
        #[cfg(not(unix))]
        let changed = None;
        FileIdentity {
            device,
            inode,
            len: meta.len(),
            modified: meta.modified().ok(),
            changed,
        }
    }
}

/// What [`put`] did with one file.
struct Put {
    /// Its bytes are the previous copy's.
    unchanged: bool,
    /// The file now in the staging folder, when it was already there (a
    /// recycled spare's hard link to the previous copy) and so was looked
    /// at anyway: a caller recording it need not look again.
    seen: Option<FileIdentity>,
}

impl Put {
    fn written(unchanged: bool) -> Self {
        Put {
            unchanged,
            seen: None,
        }
    }

    /// The file was already in place: `here` is what the staging folder
    /// holds.
    fn in_place(here: &fs::Metadata) -> Self {
        Put {
            unchanged: true,
            seen: Some(FileIdentity::of(here)),
        }
    }
}

/// Writes one file into `staging`, hard-linking the previous copy when its
/// bytes are identical. `staging` may be a recycled spare: whatever is at
/// the file's place there (a file, maybe a hard link to a published one,
/// or a folder) is replaced, never written through, unless it is already
/// the previous copy.
fn put(
    staging: &Path,
    recycled: bool,
    folders: &Folders,
    previous: Option<&Path>,
    rel: &Path,
    bytes: &[u8],
    known: Known,
) -> io::Result<Put> {
    let dest = staging.join(rel);
    make_parent(staging, recycled, folders, rel)?;
    // A new staging folder holds nothing yet: no need to look.
    let here = recycled.then(|| fs::symlink_metadata(&dest).ok()).flatten();
    let Some(previous) = previous else {
        // No earlier site to link from (a first build, or `output/` moved
        // away): a page trusted to be there is not.
        if let Known::Unread(..) = known {
            return Err(changed_during_build(&rel.display().to_string()));
        }
        // A recycled spare's file may be a hard link to a page of the
        // site that was moved away: replaced, never written through.
        clear(&dest, here.as_ref())?;
        fs::write(&dest, bytes)?;
        return Ok(Put::written(false));
    };
    let old = previous.join(rel);
    if let Known::Unread(identity, hash) = known {
        return link_unread(&old, &dest, here.as_ref(), (identity, hash), rel);
    }
    if let Ok(meta) = fs::symlink_metadata(&old) {
        let read_already = match known {
            Known::Published(identity) => FileIdentity::of(&meta) == identity,
            Known::Unknown | Known::Unread(..) => false,
        };
        if meta.is_file()
            && meta.len() == bytes.len() as u64
            && (read_already || fs::read(&old).is_ok_and(|b| b == bytes))
        {
            if let Some(h) = here.as_ref().filter(|h| same_file(h, &meta)) {
                return Ok(Put::in_place(h));
            }
            clear(&dest, here.as_ref())?;
            if fs::hard_link(&old, &dest).is_ok() {
                return Ok(Put::written(true));
            }
        }
    }
    clear(&dest, here.as_ref())?;
    fs::write(&dest, bytes)?;
    Ok(Put::written(false))
}

/// Puts the published file `old`, trusted without being read
/// ([`Known::Unread`]), at `dest` (where `here` is what a recycled spare
/// holds): left in place when `here` is still that very file, else
/// linked, or copied where the file system cannot link. If `old`
/// is no longer the file it was trusted as (another build linking it also
/// changes its change time), it is read and put all the same while its
/// bytes have the recorded fingerprint; an error if they have not, as the
/// page's bytes are not known and nothing can be written in its place.
fn link_unread(
    old: &Path,
    dest: &Path,
    here: Option<&fs::Metadata>,
    (identity, hash): (FileIdentity, u128),
    rel: &Path,
) -> io::Result<Put> {
    let changed = || changed_during_build(&rel.display().to_string());
    // A recycled spare's file that is still the very file trusted (the
    // same inode, unchanged since) is already in place: no need to look
    // at the published one again. This is the usual case for a page
    // kept build after build.
    if let Some(h) = here.filter(|h| h.is_file() && FileIdentity::of(h) == identity) {
        return Ok(Put::in_place(h));
    }
    let meta = fs::symlink_metadata(old)
        .ok()
        .filter(fs::Metadata::is_file)
        .ok_or_else(changed)?;
    if FileIdentity::of(&meta) != identity {
        let bytes = fs::read(old).map_err(|_| changed())?;
        if crate::fingerprint::of(&bytes) != hash {
            return Err(changed());
        }
        clear(dest, here)?;
        fs::write(dest, bytes)?;
        return Ok(Put::written(true));
    }
    if let Some(h) = here.filter(|h| same_file(h, &meta)) {
        return Ok(Put::in_place(h));
    }
    clear(dest, here)?;
    if fs::hard_link(old, dest).is_err() {
        fs::copy(old, dest).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "{} could not be copied into the new site: {e}",
                    rel.display()
                ),
            )
        })?;
    }
    Ok(Put::written(true))
}

/// The error for a published file (at `path` in the output folder) that
/// a build kept without reading and that changed before it was put in the
/// new site or read for the search index.
pub(crate) fn changed_during_build(path: &str) -> io::Error {
    io::Error::other(format!(
        "{path} in the output folder changed while the site was being built; build again"
    ))
}

/// Whether two entries are one file (a hard link to the same inode).
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Removes whatever is at `path` (described by `meta`), so a new file can
/// take its place.
fn clear(path: &Path, meta: Option<&fs::Metadata>) -> io::Result<()> {
    meta.map_or(Ok(()), |m| remove_entry(path, m.is_dir()))
}

/// Removes a file or (with all it holds) a folder; one already gone (by
/// another thread) is no error. Symbolic links are removed, never followed.
fn remove_entry(path: &Path, is_dir: bool) -> io::Result<()> {
    let done = if is_dir {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    match done {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The folders of a staging folder this build has made or found to be
/// folders already (relative paths): the files of a search shard share
/// a folder, which need be looked at only once.
type Folders = std::sync::Mutex<rustc_hash::FxHashSet<PathBuf>>;

/// Makes the folders `rel`'s file goes in, under `root`, replacing a file
/// or a symbolic link (left in a recycled spare) where a folder must be;
/// `folders` are known to be in place already and are added to.
fn make_parent(root: &Path, recycled: bool, folders: &Folders, rel: &Path) -> io::Result<()> {
    let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    let known = |folder: &Path| folders.lock().is_ok_and(|f| f.contains(folder));
    let add = |folder: &Path| {
        if let Ok(mut f) = folders.lock() {
            f.insert(folder.to_path_buf());
        }
    };
    if known(parent) {
        return Ok(());
    }
    if recycled {
        // Each folder along the path, from the top, looked at without
        // following a symbolic link: a link in a spare, even half way
        // down, would have files written through it, out of the site.
        let mut at = PathBuf::new();
        for part in parent.components() {
            at.push(part);
            if !known(&at) {
                make_folder(&root.join(&at))?;
                add(&at);
            }
        }
    } else {
        // A new staging folder holds only the folders this build made:
        // nothing at a folder's place needs removing, and making a folder
        // first (its parents only if that fails) is one call for most
        // pages, where looking along the path first was one per folder.
        fs::create_dir_all(root.join(parent))?;
        add(parent);
    }
    Ok(())
}

/// Makes the folder `at` in a recycled spare, where its parent is one:
/// kept if it is a folder already, else whatever is there (a file, a
/// symbolic link) is removed first.
fn make_folder(at: &Path) -> io::Result<()> {
    let is_folder = || fs::symlink_metadata(at).is_ok_and(|m| m.is_dir());
    match fs::symlink_metadata(at) {
        Ok(m) if m.is_dir() => return Ok(()),
        // Another thread may have put the folder in its place meanwhile.
        Ok(_) => remove_entry(at, false).or_else(|e| if is_folder() { Ok(()) } else { Err(e) })?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    match fs::create_dir(at) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

/// A new site being written beside `output/`: files go in as they are made
/// (from any thread), then [`Staging::commit`] swaps the folder in. Dropped
/// without a commit (a build that failed), the folder becomes the spare (or
/// is removed) and `output/` is as it was.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// `.output.spare/`: where the site swapped out is kept.
    spare: PathBuf,
    /// Whether `dir` is the last build's spare (holding an older site),
    /// rather than a new, empty folder.
    recycled: bool,
    /// Whether `output` held a site when the build began: if not, there
    /// is nothing to compare a file with or link it from.
    previous: bool,
    /// Whether to report each file's identity as put
    /// ([`WriteReport::staged`]): only a build that keeps a record of what
    /// it published needs them ([`Staging::recording_identities`]).
    record_identities: bool,
    /// See [`Folders`].
    folders: Folders,
    state: std::sync::Mutex<StagingState>,
    committed: bool,
}

#[derive(Default)]
struct StagingState {
    written: std::collections::HashSet<PathBuf>,
    report: WriteReport,
}

impl Staging {
    /// Starts a new site for `output` (in the spare the last build left,
    /// if there is one), removing staging folders that builds which were
    /// killed left behind.
    pub fn begin(output: &Path) -> io::Result<Staging> {
        if output.exists() && !output.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", output.display()),
            ));
        }
        let dir = sibling(output, &format!("staging-{}", std::process::id()))?;
        clear_leftovers(output)?;
        // Another build taking the spare at the same moment makes this
        // rename fail: this one then starts afresh.
        let spare = sibling(output, "spare")?;
        let recycled = fs::symlink_metadata(&spare).is_ok_and(|m| m.is_dir())
            && fs::rename(&spare, &dir).is_ok();
        if !recycled {
            fs::create_dir_all(&dir)?;
        }
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            spare,
            recycled,
            previous: output.is_dir(),
            record_identities: false,
            folders: Default::default(),
            state: Default::default(),
            committed: false,
        })
    }

    /// This staging folder, reporting each file's identity as it is put
    /// ([`WriteReport::staged`]), for a record of what was published.
    pub fn recording_identities(mut self) -> Self {
        self.record_identities = true;
        self
    }

    /// Writes one file of the new site. Two files with one path are an error.
    pub fn put(&self, file: &OutputFile) -> io::Result<()> {
        self.put_known(file, Known::Unknown)
    }

    /// [`Staging::put`] for a file whose bytes were read from the
    /// published site (and checked, `crate::cache::PublishedPages`) when
    /// its file there was `identity`: it is linked from there without being
    /// read again, if that file is still there unchanged (else compared as
    /// [`Staging::put`] does).
    pub fn put_published(&self, file: &OutputFile, identity: FileIdentity) -> io::Result<()> {
        self.put_known(file, Known::Published(identity))
    }

    /// [`Staging::put`] for a page kept from the last build without being
    /// read (its bytes are not in `file`): the published file, trusted
    /// because it is still `identity`, the file recorded when it was
    /// published, is linked (or left in place, when the recycled spare
    /// still holds that file). If it has changed since, it is read and put
    /// while its bytes still have the fingerprint `hash`; an error if not.
    pub fn put_unread(
        &self,
        file: &OutputFile,
        identity: FileIdentity,
        hash: u128,
    ) -> io::Result<()> {
        self.put_known(file, Known::Unread(identity, hash))
    }

    fn put_known(&self, file: &OutputFile, known: Known) -> io::Result<()> {
        let rel = safe_relative(&file.path)?;
        {
            let mut state = self.state.lock().map_err(|_| poisoned())?;
            if !state.written.insert(rel.clone()) {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("two files would be written to {}", rel.display()),
                ));
            }
            state.report.files += 1;
        }
        let Put { unchanged, seen } = put(
            &self.dir,
            self.recycled,
            &self.folders,
            self.previous.then_some(self.output.as_path()),
            &rel,
            &file.bytes,
            known,
        )?;
        let staged = self
            .record_identities
            .then(|| seen.or_else(|| FileIdentity::at(&self.dir.join(&rel))))
            .flatten();
        let mut state = self.state.lock().map_err(|_| poisoned())?;
        if !unchanged {
            state.report.changed += 1;
        }
        if let Some(identity) = staged {
            state.report.staged.insert(file.path.clone(), identity);
        }
        Ok(())
    }

    /// Swaps the new site in for `output/` in one step, keeping the old
    /// one as the spare for the next build.
    pub fn commit(mut self) -> io::Result<WriteReport> {
        let state = std::mem::take(&mut *self.state.lock().map_err(|_| poisoned())?);
        if self.recycled {
            remove_unwritten(&self.dir, Path::new(""), &state.written)?;
        }
        swap_in(&self.dir, &self.output, &self.spare)?;
        self.committed = true;
        Ok(state.report)
    }
}

/// Removes from the folder `rel` of a recycled spare (`root`) every file
/// the new site does not have, and the folders that leaves empty (a site
/// has no empty folders); says whether `rel` itself is left empty. A site
/// has a folder per paper, so folders are gone through in parallel.
fn remove_unwritten(
    root: &Path,
    rel: &Path,
    written: &std::collections::HashSet<PathBuf>,
) -> io::Result<bool> {
    use rayon::prelude::*;
    let entries = fs::read_dir(root.join(rel))?
        .map(|e| {
            let e = e?;
            Ok((rel.join(e.file_name()), e.file_type()?.is_dir()))
        })
        .collect::<io::Result<Vec<(PathBuf, bool)>>>()?;
    let left = entries
        .par_iter()
        .map(|(child, is_dir)| {
            if !*is_dir {
                // Symbolic links too: removed, never followed.
                let stays = written.contains(child);
                if !stays {
                    remove_entry(&root.join(child), false)?;
                }
                Ok(stays)
            } else if remove_unwritten(root, child, written)? {
                fs::remove_dir(root.join(child))?;
                Ok(false)
            } else {
                Ok(true)
            }
        })
        .collect::<io::Result<Vec<bool>>>()?;
    Ok(!left.contains(&true))
}

/// The error when a thread writing the site panicked while holding a lock.
pub(crate) fn poisoned() -> io::Error {
    io::Error::other("a thread writing the site failed")
}

impl Drop for Staging {
    /// A build that failed: its folder becomes the spare again (nothing in
    /// a spare is trusted, so a half-written one serves as well), or is
    /// removed.
    fn drop(&mut self) {
        if !self.committed {
            let kept = !self.spare.exists() && fs::rename(&self.dir, &self.spare).is_ok();
            if !kept {
                let _ = fs::remove_dir_all(&self.dir);
            }
        }
    }
}

/// Every file under a theme's `static/` folder, as files of the site.
/// A missing folder has none.
pub fn read_static(dir: &Path) -> io::Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in WalkDir::new(dir).sort_by_file_name().follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).map_err(io::Error::other)?;
        let path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(OutputFile {
            path,
            bytes: fs::read(entry.path())?.into(),
        });
    }
    Ok(files)
}

/// Writes `files` and the theme's `static_dir` as the new `output`.
pub fn write_site(
    output: &Path,
    files: &[OutputFile],
    static_dir: Option<&Path>,
) -> io::Result<WriteReport> {
    let statics = match static_dir {
        Some(d) => read_static(d)?,
        None => Vec::new(),
    };
    let staging = Staging::begin(output)?;
    for f in files.iter().chain(&statics) {
        staging.put(f)?;
    }
    staging.commit()
}

/// Removes staging folders left by builds that were killed.
fn clear_leftovers(output: &Path) -> io::Result<()> {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = output.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(());
    };
    let prefix = format!(".{name}.staging-");
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let Some(rest) = file_name.strip_prefix(&prefix) else {
                continue;
            };
            // A build still running (another `plansite build` of the same
            // site) keeps its folder.
            let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|p| p != std::process::id() && process_alive(p)) {
                continue;
            }
            fs::remove_dir_all(e.path())?;
        }
    }
    Ok(())
}

/// Whether process `pid` is running (Linux's `/proc`; elsewhere, and for
/// a process that has exited but not been reaped, false).
fn process_alive(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // The state follows the command name, which is in parentheses.
    let state = stat
        .rfind(')')
        .and_then(|i| stat[i + 1..].split_whitespace().next());
    !matches!(state, None | Some("Z") | Some("X"))
}

/// Atomically replaces `output` with `staging`, and keeps the old site as
/// the spare (or removes it, when another build has left a spare first).
fn swap_in(staging: &Path, output: &Path, spare: &Path) -> io::Result<()> {
    if !output.exists() {
        return fs::rename(staging, output);
    }
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    let old = match renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE) {
        Ok(()) => staging.to_path_buf(),
        Err(_) => {
            // Filesystems without RENAME_EXCHANGE: two renames, with a short
            // window in which `output` is absent.
            let old = sibling(output, &format!("staging-{}-old", std::process::id()))?;
            fs::rename(output, &old)?;
            fs::rename(staging, output)?;
            old
        }
    };
    if spare.exists() || fs::rename(&old, spare).is_err() {
        remove_tree(&old)?;
    }
    Ok(())
}

/// Removes a folder tree (the previous site, once swapped out): a site has
/// tens of thousands of files, so the folders two levels down (each board,
/// each search shard …) are removed in parallel, each with the standard
/// library's `remove_dir_all`. Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries = |dir: &Path| -> io::Result<Vec<(PathBuf, bool)>> {
        fs::read_dir(dir)?
            .map(|e| {
                let e = e?;
                Ok((e.path(), e.file_type()?.is_dir()))
            })
            .collect()
    };
    let remove = |(path, is_dir): &(PathBuf, bool)| remove_entry(path, *is_dir);
    let top = entries(dir)?;
    let mut second = Vec::new();
    for (path, is_dir) in &top {
        if *is_dir {
            second.extend(entries(path)?);
        }
    }
    second.par_iter().try_for_each(remove)?;
    top.par_iter().try_for_each(remove)?;
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of the site, `path` holding `bytes`.
    fn f(path: &str, bytes: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.as_bytes().into(),
        }
    }

    #[test]
    fn refuses_paths_that_leave_the_output_folder() {
        assert!(safe_relative("boards/a/index.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\b", "./a"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_path_out_of_the_output_folder_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("site/output");
        write_site(&out, &[f("index.html", "x")], None).expect("first");
        for bad in [
            "../escaped.html",
            "/tmp/absolute.html",
            "a/../../escaped.html",
        ] {
            let err = write_site(&out, &[f("index.html", "x"), f(bad, "x")], None).expect_err(bad);
            assert!(
                err.to_string().contains("refusing to write outside"),
                "{err}"
            );
        }
        let err =
            write_site(&out, &[f("a.html", "x"), f("a.html", "x")], None).expect_err("duplicate");
        assert!(
            err.to_string()
                .contains("two files would be written to a.html"),
            "{err}"
        );
        assert!(!dir.path().join("site/escaped.html").exists());
        let mut names: Vec<_> = fs::read_dir(dir.path().join("site"))
            .expect("dir")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        names.sort();
        // A failed build's folder is kept as the next build's spare.
        assert_eq!(
            names,
            [".output.spare", "output"],
            "staging folders left behind"
        );
        assert_eq!(fs::read(out.join("index.html")).expect("read"), b"x");
    }

    #[test]
    fn a_running_builds_staging_folder_is_kept_and_a_dead_ones_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("output");
        // Process 1 is always running; a pid beyond the kernel's maximum
        // never is.
        let running = dir.path().join(".output.staging-1");
        let dead = dir.path().join(".output.staging-4294967294");
        let dead_old = dir.path().join(".output.staging-4294967294-old");
        for d in [&running, &dead, &dead_old] {
            fs::create_dir_all(d.join("boards")).expect("mkdir");
        }
        let page = OutputFile {
            path: "index.html".into(),
            bytes: b"x"[..].into(),
        };
        write_site(&out, &[page], None).expect("write");
        if cfg!(target_os = "linux") {
            assert!(running.exists(), "a running build's folder was removed");
        }
        assert!(!dead.exists() && !dead_old.exists());
    }

    #[test]
    fn swaps_in_a_new_site_and_keeps_unchanged_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("output");
        let r = write_site(&out, &[f("a.html", "one"), f("b/c.html", "two")], None).expect("first");
        assert_eq!((r.files, r.changed), (2, 2));
        let r =
            write_site(&out, &[f("a.html", "one"), f("b/c.html", "three")], None).expect("second");
        assert_eq!((r.files, r.changed), (2, 1));
        assert_eq!(
            fs::read_to_string(out.join("b/c.html")).expect("read"),
            "three"
        );
        let mut leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        leftovers.sort();
        assert_eq!(leftovers, [".output.spare", "output"]);
    }

    #[test]
    fn a_page_read_back_is_linked_only_while_the_published_file_is_the_one_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("output");
        let page = OutputFile {
            path: "a.html".into(),
            bytes: b"good".as_slice().into(),
        };
        write_site(&out, std::slice::from_ref(&page), None).expect("first");
        let identity = FileIdentity::of(&fs::metadata(out.join("a.html")).expect("published page"));
        // Still the file read: linked, unchanged.
        let staging = Staging::begin(&out).expect("staging");
        staging.put_published(&page, identity).expect("put");
        assert_eq!(staging.commit().expect("commit").changed, 0);
        assert_eq!(fs::read(out.join("a.html")).expect("read"), b"good");
        // Replaced since it was read (same length): compared, and the
        // page read is what is published.
        let identity = FileIdentity::of(&fs::metadata(out.join("a.html")).expect("page"));
        fs::remove_file(out.join("a.html")).expect("remove");
        fs::write(out.join("a.html"), "evil").expect("replace");
        let staging = Staging::begin(&out).expect("staging");
        staging.put_published(&page, identity).expect("put");
        assert_eq!(staging.commit().expect("commit").changed, 1);
        assert_eq!(fs::read(out.join("a.html")).expect("read"), b"good");
    }

    #[test]
    fn a_page_kept_unread_is_linked_and_never_written_from_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("output");
        let page = OutputFile {
            path: "a.html".into(),
            bytes: b"good".as_slice().into(),
        };
        write_site(&out, std::slice::from_ref(&page), None).expect("first");
        let unread = OutputFile {
            path: "a.html".into(),
            bytes: Vec::new().into(),
        };
        // Still the file recorded: linked as it is.
        let identity = FileIdentity::at(&out.join("a.html")).expect("published page");
        let good = crate::fingerprint::of(b"good");
        let staging = Staging::begin(&out).expect("staging");
        staging.put_unread(&unread, identity, good).expect("put");
        assert_eq!(staging.commit().expect("commit").changed, 0);
        assert_eq!(fs::read(out.join("a.html")).expect("read"), b"good");
        // Another file since, with the same bytes (another build linked or
        // rewrote it): read, found to be the page, and put.
        let identity = FileIdentity::at(&out.join("a.html")).expect("page");
        fs::remove_file(out.join("a.html")).expect("remove");
        fs::write(out.join("a.html"), "good").expect("same bytes");
        let staging = Staging::begin(&out).expect("staging");
        staging.put_unread(&unread, identity, good).expect("put");
        staging.commit().expect("commit");
        assert_eq!(fs::read(out.join("a.html")).expect("read"), b"good");
        // Changed since (same length, same file): the build stops, and
        // the published site stays as it was.
        let identity = FileIdentity::at(&out.join("a.html")).expect("page");
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("a.html"), "evil").expect("write through");
        let staging = Staging::begin(&out).expect("staging");
        let err = staging
            .put_unread(&unread, identity, good)
            .expect_err("changed");
        assert_eq!(
            err.to_string(),
            "a.html in the output folder changed while the site was being built; build again"
        );
        drop(staging);
        assert_eq!(fs::read(out.join("a.html")).expect("read"), b"evil");
    }

    #[test]
    fn a_file_identity_is_written_and_read_back_as_one_word() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a");
        fs::write(&path, "a").expect("write");
        let identity = FileIdentity::at(&path).expect("a file");
        let word = identity.to_word().expect("times known here");
        assert_eq!(FileIdentity::from_word(&word), Some(identity));
        for bad in ["", "1:2:3:4", "1:2:3:4:5:6", "1:2:x:4:5", "-"] {
            assert_eq!(FileIdentity::from_word(bad), None, "{bad}");
        }
        // Just written: not settled now, settled a minute from now.
        let now = std::time::SystemTime::now();
        assert!(!identity.settled_before(now));
        assert!(identity.settled_before(now + std::time::Duration::from_secs(60)));
        assert_eq!(FileIdentity::at(dir.path()), None, "a folder is no file");
    }

    /// Every file under `dir` with its bytes, by path.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).expect("under dir");
                (
                    rel.to_string_lossy().into_owned(),
                    fs::read_to_string(e.path()).expect("read"),
                )
            })
            .collect();
        out.sort();
        out
    }

    /// `files` as [`tree`] lists them.
    fn expected(files: &[OutputFile]) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = files
            .iter()
            .map(|f| {
                let text = String::from_utf8(f.bytes.to_vec()).expect("utf8");
                (f.path.clone(), text)
            })
            .collect();
        out.sort();
        out
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).expect("meta").ino()
    }

    #[test]
    #[cfg(unix)]
    fn a_rebuild_is_staged_in_the_spare_and_writes_exactly_the_new_site() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("output");
        let spare = dir.path().join(".output.spare");
        let first = [
            f("index.html", "home"),
            f("a/index.html", "a1"),
            f("b/index.html", "b1"),
            f("c", "a file where a folder will be"),
            f("d/e/index.html", "a folder where a file will be"),
            f("gone/deep/x.html", "removed later"),
        ];
        write_site(&out, &first, None).expect("first");
        assert!(!spare.exists(), "no spare after the first build");
        let second = [
            f("index.html", "home"),
            f("a/index.html", "a2"),
            f("b/index.html", "b1"),
            f("c", "a file where a folder will be"),
            f("d/e/index.html", "a folder where a file will be"),
            f("gone/deep/x.html", "removed later"),
        ];
        let r = write_site(&out, &second, None).expect("second");
        assert_eq!((r.files, r.changed), (6, 1));
        assert!(spare.is_dir(), "the first site is kept as the spare");
        // The spare holds the first site; tamper with it as a careless
        // hand might: no spare file is trusted.
        fs::write(spare.join("a/index.html"), "a2").expect("tamper");
        fs::write(spare.join("stray.html"), "stray").expect("stray");
        let b_before = inode(&out.join("b/index.html"));
        let third = [
            f("index.html", "home"),
            f("a/index.html", "a3"),
            f("b/index.html", "b1"),
            f("c/index.html", "now a folder"),
            f("d/e", "now a file"),
            f("new/page.html", "new"),
        ];
        let r = write_site(&out, &third, None).expect("third");
        assert_eq!((r.files, r.changed), (6, 4));
        assert_eq!(tree(&out), expected(&third));
        assert!(!out.join("gone").exists(), "emptied folders are removed");
        // An unchanged page is the very file published before.
        assert_eq!(inode(&out.join("b/index.html")), b_before);
        // The second site is now the spare, untouched by the third.
        assert_eq!(
            fs::read_to_string(spare.join("a/index.html")).expect("spare"),
            "a2"
        );
        // A fourth build from that spare still writes exactly its site.
        let r = write_site(&out, &first, None).expect("fourth");
        assert_eq!(r.files, 6);
        assert_eq!(tree(&out), expected(&first));
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_in_the_spare_is_never_written_through() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("output");
        let spare = dir.path().join(".output.spare");
        let site = |n: &str| {
            [
                f("index.html", "home"),
                f("boards/a/index.html", &format!("a{n}")),
                f("boards/b/x/index.html", &format!("x{n}")),
            ]
        };
        write_site(&out, &site("1"), None).expect("first");
        write_site(&out, &site("2"), None).expect("second");
        // A folder of the spare, half way down a page's path, replaced by
        // a link to a folder elsewhere with the same folders in it.
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir_all(elsewhere.join("a")).expect("elsewhere");
        fs::create_dir_all(elsewhere.join("b/x")).expect("elsewhere");
        fs::write(elsewhere.join("a/index.html"), "not plansite's").expect("file");
        fs::remove_dir_all(spare.join("boards")).expect("remove");
        std::os::unix::fs::symlink(&elsewhere, spare.join("boards")).expect("link");
        write_site(&out, &site("3"), None).expect("third");
        assert_eq!(tree(&out), expected(&site("3")));
        assert!(!fs::symlink_metadata(out.join("boards"))
            .expect("boards")
            .file_type()
            .is_symlink());
        assert_eq!(
            fs::read_to_string(elsewhere.join("a/index.html")).expect("file"),
            "not plansite's"
        );
        assert!(!elsewhere.join("b/x/index.html").exists());
    }

    #[test]
    fn a_failed_build_leaves_the_output_and_keeps_a_spare() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("output");
        write_site(&out, &[f("a.html", "one")], None).expect("first");
        write_site(&out, &[f("a.html", "two")], None).expect("second");
        let err =
            write_site(&out, &[f("a.html", "three"), f("../x", "bad")], None).expect_err("refused");
        assert!(err.to_string().contains("refusing"), "{err}");
        assert_eq!(fs::read_to_string(out.join("a.html")).expect("read"), "two");
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".output.spare", "output"]);
    }
}

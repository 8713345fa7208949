//! Output: the only module that writes to the output folder.
//!
//! The site is written into a staging folder beside `output/` and swapped
//! in with one atomic `renameat2(RENAME_EXCHANGE)`, so readers (and a web
//! server) see either the whole old site or the whole new one, and a build
//! that fails or is killed leaves the published site as it was. Files whose
//! bytes did not change are hard-linked from the previous output, so they
//! keep their modification time and cost no write. [`Staging`] takes files
//! as they are made, so `build` need not hold the whole site in memory.

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

/// Writes one file into `staging`, hard-linking the previous copy when its
/// bytes are identical. Returns whether it was unchanged.
fn put(staging: &Path, previous: &Path, rel: &Path, bytes: &[u8]) -> io::Result<bool> {
    let dest = staging.join(rel);
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir)?;
    }
    let old = previous.join(rel);
    if let Ok(meta) = fs::symlink_metadata(&old) {
        if meta.is_file()
            && meta.len() == bytes.len() as u64
            && fs::read(&old).is_ok_and(|b| b == bytes)
            && fs::hard_link(&old, &dest).is_ok()
        {
            return Ok(true);
        }
    }
    fs::write(&dest, bytes)?;
    Ok(false)
}

/// A new site being written beside `output/`: files go in as they are made
/// (from any thread), then [`Staging::commit`] swaps the folder in. Dropped
/// without a commit (a build that failed), the folder is removed and
/// `output/` is as it was.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    state: std::sync::Mutex<StagingState>,
    committed: bool,
}

#[derive(Default)]
struct StagingState {
    written: std::collections::HashSet<PathBuf>,
    report: WriteReport,
}

impl Staging {
    /// Starts a new site for `output`, removing staging folders that builds
    /// which were killed left behind.
    pub fn begin(output: &Path) -> io::Result<Staging> {
        if output.exists() && !output.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", output.display()),
            ));
        }
        let dir = sibling(output, &format!("staging-{}", std::process::id()))?;
        clear_leftovers(output)?;
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            state: Default::default(),
            committed: false,
        })
    }

    /// Writes one file of the new site. Two files with one path are an error.
    pub fn put(&self, file: &OutputFile) -> io::Result<()> {
        let rel = safe_relative(&file.path)?;
        let poisoned = || io::Error::other("a thread writing the site failed");
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
        let unchanged = put(&self.dir, &self.output, &rel, &file.bytes)?;
        if !unchanged {
            self.state.lock().map_err(|_| poisoned())?.report.changed += 1;
        }
        Ok(())
    }

    /// Swaps the new site in for `output/` in one step.
    pub fn commit(mut self) -> io::Result<WriteReport> {
        swap_in(&self.dir, &self.output)?;
        self.committed = true;
        let state = std::mem::take(
            &mut *self
                .state
                .lock()
                .map_err(|_| io::Error::other("a writer thread failed"))?,
        );
        Ok(state.report)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
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
    write_site_with(output, files.iter().chain(&statics), &mut || {})
}

/// Writes `files` as the new `output`, calling `on_file` after each.
pub fn write_site_with<'a>(
    output: &Path,
    files: impl IntoIterator<Item = &'a OutputFile>,
    on_file: &mut dyn FnMut(),
) -> io::Result<WriteReport> {
    let staging = Staging::begin(output)?;
    for f in files {
        staging.put(f)?;
        on_file();
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
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                fs::remove_dir_all(e.path())?;
            }
        }
    }
    Ok(())
}

/// Atomically replaces `output` with `staging`.
fn swap_in(staging: &Path, output: &Path) -> io::Result<()> {
    if !output.exists() {
        return fs::rename(staging, output);
    }
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE) {
        Ok(()) => remove_tree(staging),
        Err(_) => {
            // Filesystems without RENAME_EXCHANGE: two renames, with a short
            // window in which `output` is absent.
            let old = sibling(output, &format!("staging-{}-old", std::process::id()))?;
            fs::rename(output, &old)?;
            fs::rename(staging, output)?;
            remove_tree(&old)
        }
    }
}

/// Removes a folder tree (the previous site, once swapped out), its
/// folders in parallel: a site has tens of thousands of files. Symbolic
/// links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            fs::remove_file(e.path())
        }
    })?;
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let f = |p: &str| OutputFile {
            path: p.into(),
            bytes: b"x"[..].into(),
        };
        write_site(&out, &[f("index.html")], None).expect("first");
        for bad in [
            "../escaped.html",
            "/tmp/absolute.html",
            "a/../../escaped.html",
        ] {
            let err = write_site(&out, &[f("index.html"), f(bad)], None).expect_err(bad);
            assert!(
                err.to_string().contains("refusing to write outside"),
                "{err}"
            );
        }
        let err = write_site(&out, &[f("a.html"), f("a.html")], None).expect_err("duplicate");
        assert!(
            err.to_string()
                .contains("two files would be written to a.html"),
            "{err}"
        );
        assert!(!dir.path().join("site/escaped.html").exists());
        let names: Vec<_> = fs::read_dir(dir.path().join("site"))
            .expect("dir")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["output"], "staging folders left behind");
        assert_eq!(fs::read(out.join("index.html")).expect("read"), b"x");
    }

    #[test]
    fn swaps_in_a_new_site_and_keeps_unchanged_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("output");
        let f = |p: &str, b: &str| OutputFile {
            path: p.into(),
            bytes: b.as_bytes().into(),
        };
        let r = write_site(&out, &[f("a.html", "one"), f("b/c.html", "two")], None).expect("first");
        assert_eq!((r.files, r.changed), (2, 2));
        let r =
            write_site(&out, &[f("a.html", "one"), f("b/c.html", "three")], None).expect("second");
        assert_eq!((r.files, r.changed), (2, 1));
        assert_eq!(
            fs::read_to_string(out.join("b/c.html")).expect("read"),
            "three"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}

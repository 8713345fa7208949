//! Build script:
//!
//! - records which versions of the crates that write the search index are
//!   compiled in (read from `Cargo.lock`), and a fingerprint of the
//!   vendored copy of pagefind (`vendor/pagefind`), as the environment
//!   variable `PLANSITE_INDEXER_VERSIONS`. The build cache's fingerprints
//!   include it, so a shard (or a page's reading) made by one pagefind is
//!   never reused by another, even after an edit inside the vendored copy;
//! - compiles the default theme (`themes/default/`) into the binary: it
//!   writes `$OUT_DIR/default_theme.rs`, one `include_bytes!` per file, so
//!   a site needs no `themes/` folder of its own
//!   (`src/render/theme.rs`). Cargo runs the script again whenever a file
//!   in `themes/default/` is added, removed or changed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The crates whose version changes the bytes of the search index.
const INDEXER_CRATES: [&str; 5] = ["pagefind", "pagefind_stem", "lol_html", "flate2", "zlib-rs"];

fn main() {
    indexer_versions();
    code_fingerprint();
    default_theme();
}

/// Records a fingerprint of plansite's own code (every file under `src/`,
/// `build.rs`, `Cargo.toml` and `Cargo.lock`) as `PLANSITE_CODE_FINGERPRINT`:
/// the build cache never keeps pages drawn by other code. (The default
/// theme is part of the templates' own fingerprint.)
fn code_fingerprint() {
    let manifest = manifest_dir();
    let mut files = Vec::new();
    println!("cargo:rerun-if-changed=src");
    files_under(&manifest.join("src"), &mut files);
    for name in ["build.rs", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={name}");
        files.push(manifest.join(name));
    }
    let hash = fingerprint_files(&manifest, &files);
    println!("cargo:rustc-env=PLANSITE_CODE_FINGERPRINT={hash:016x}");
}

/// The package's folder.
fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()))
}

/// FNV-1a, 64 bits, over each file's path (from `base`) and bytes.
fn fingerprint_files(base: &Path, files: &[PathBuf]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |bytes: &[u8]| {
        for &b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in files {
        let rel = file.strip_prefix(base).unwrap_or(file);
        add(rel.to_string_lossy().replace('\\', "/").as_bytes());
        add(&std::fs::read(file).unwrap_or_default());
    }
    hash
}

fn indexer_versions() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut found = Vec::new();
    let mut name: Option<&str> = None;
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"'));
        } else if let Some(v) = line.strip_prefix("version = ") {
            if let Some(n) = name.take().filter(|n| INDEXER_CRATES.contains(n)) {
                found.push(format!("{n} {}", v.trim_matches('"')));
            }
        }
    }
    found.sort();
    // The vendored copy can be edited without its version changing.
    let vendored = manifest_dir().join("vendor/pagefind");
    println!("cargo:rerun-if-changed=vendor/pagefind");
    let mut files = Vec::new();
    // Its code, and the scripts and WebAssembly it puts in every bundle.
    files_under(&vendored.join("src"), &mut files);
    files_under(&vendored.join("vendor"), &mut files);
    files.push(vendored.join("Cargo.toml"));
    found.push(format!(
        "vendored pagefind {:016x}",
        fingerprint_files(&vendored, &files)
    ));
    println!(
        "cargo:rustc-env=PLANSITE_INDEXER_VERSIONS={}",
        found.join(", ")
    );
}

/// Every file under `dir` (hidden files and folders skipped), sorted.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            files_under(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

fn default_theme() {
    println!("cargo:rerun-if-changed=themes/default");
    let theme = manifest_dir().join("themes").join("default");
    let mut files = Vec::new();
    files_under(&theme, &mut files);
    let mut code = String::from(
        "/// Every file of `themes/default/` (written by build.rs), by its path\n\
         /// from that folder with `/` separators, sorted.\n\
         pub(crate) static FILES: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let Ok(rel) = file.strip_prefix(&theme) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            file.to_string_lossy()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    if let Err(e) = std::fs::write(out.join("default_theme.rs"), code) {
        panic!("cannot write default_theme.rs: {e}");
    }
}

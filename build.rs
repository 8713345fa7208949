//! Build script: records which versions of the crates that write the search
//! index are compiled in (read from `Cargo.lock`), as the environment
//! variable `PLANSITE_INDEXER_VERSIONS`. The build cache's fingerprints
//! include it, so a shard built by one pagefind is never reused by another.

/// The crates whose version changes the bytes of the search index.
const INDEXER_CRATES: [&str; 5] = ["pagefind", "pagefind_stem", "lol_html", "flate2", "zlib-rs"];

fn main() {
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
    println!(
        "cargo:rustc-env=PLANSITE_INDEXER_VERSIONS={}",
        found.join(", ")
    );
}

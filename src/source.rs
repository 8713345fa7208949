//! Source files: reading them safely, locating byte offsets as line and
//! column, and reading TOML so that every value keeps where it was written.
//!
//! TOML has no decimal type, and serde would hand `amount = 10.640` over as
//! an `f64`. plansite never lets a published figure pass through a float:
//! numbers are deserialized as [`Spanned`] values and [`TomlReader::decimal`]
//! re-reads the digits exactly as written from the source text.
//!
//! Used by `config` and `content`; knows nothing about the model beyond the
//! small value types it produces.

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Location};
use crate::model::{Located, PartialDate};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

pub use toml::de::{DeTable, DeValue};
pub use toml::Spanned;

/// The largest content file plansite reads. A board paper is tens of
/// kilobytes; anything near this is a mistake (a PDF renamed, a log file).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The error for a file that could not be opened or read.
fn cannot_read(display: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot read file: {e}")).at(Location::file(display.into()))
}

/// Files read by an earlier build, kept by `serve` so that a rebuild reads
/// again only the files that changed.
///
/// A file is taken from here when its size and modification time are the
/// ones it had when it was read *and* it had last been modified at least
/// [`ReadCache::SETTLED`] before that read: a file written in the same
/// tick of a coarse file-system clock as it was read (or during the read)
/// is read again every time until it settles, so an edit is never missed
/// because its modification time did not move (the "racy" case that Git
/// guards against the same way).
#[derive(Debug, Default)]
pub struct ReadCache {
    entries: std::sync::Mutex<rustc_hash::FxHashMap<String, CachedRead>>,
}

#[derive(Debug)]
struct CachedRead {
    len: u64,
    modified: std::time::SystemTime,
    /// When the read started.
    read_at: std::time::SystemTime,
    file: SourceFile,
}

impl ReadCache {
    /// How long before a read a file must have last been modified to be
    /// trusted unchanged while its size and modification time are: more
    /// than the coarsest common file-system clock (FAT's 2 seconds).
    pub const SETTLED: std::time::Duration = std::time::Duration::from_secs(3);

    pub fn new() -> Self {
        Self::default()
    }

    /// [`SourceFile::read`], or the earlier read of the same file when it
    /// has not changed since.
    pub fn read(&self, path: &Path, display: &str) -> Result<SourceFile, Diagnostic> {
        self.read_unless_kept(path, display, true)
    }

    /// Reads `path` whatever its size and modification time say (the
    /// watcher reported it written) and keeps the read.
    pub fn read_again(&self, path: &Path, display: &str) -> Result<SourceFile, Diagnostic> {
        self.read_unless_kept(path, display, false)
    }

    /// Reads `path` and keeps the read; with `reuse`, hands back the earlier
    /// read instead while the file is settled and unchanged.
    fn read_unless_kept(
        &self,
        path: &Path,
        display: &str,
        reuse: bool,
    ) -> Result<SourceFile, Diagnostic> {
        let started = std::time::SystemTime::now();
        // A file that cannot even be looked at is reported by `read`.
        let Ok(meta) = std::fs::metadata(path) else {
            self.forget(display);
            return SourceFile::read(path, display);
        };
        let len = meta.len();
        let stamp = meta.modified().ok();
        if let (true, Some(modified)) = (reuse, stamp) {
            let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(hit) = entries.get(display).filter(|e| {
                e.len == len && e.modified == modified && modified + Self::SETTLED <= e.read_at
            }) {
                return Ok(hit.file.clone());
            }
        }
        let file = match SourceFile::read_sized(path, display, len) {
            Ok(file) => file,
            Err(d) => {
                self.forget(display);
                return Err(d);
            }
        };
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        match stamp {
            Some(modified) => {
                entries.insert(
                    display.to_string(),
                    CachedRead {
                        len,
                        modified,
                        read_at: started,
                        file: file.clone(),
                    },
                );
            }
            None => {
                entries.remove(display);
            }
        }
        Ok(file)
    }

    /// Drops the earlier read of a file that can no longer be read, so
    /// that [`ReadCache::kept`] never hands back text the file has lost.
    fn forget(&self, display: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.remove(display);
    }

    /// The file as last read, without looking at the disk: for a file the
    /// watcher vouches has not been written since.
    pub fn kept(&self, display: &str) -> Option<SourceFile> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.get(display).map(|e| e.file.clone())
    }

    /// Forgets files that are no longer in the content folder.
    pub fn retain(&self, paths: &rustc_hash::FxHashSet<&str>) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|k, _| paths.contains(k.as_str()));
    }
}

/// A text file read from the content folder, normalised to LF line endings
/// without a byte-order mark.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators.
    pub path: Arc<str>,
    pub text: Arc<str>,
    /// Where each line starts, worked out the first time a location is
    /// asked for (most files of a build never are: only a mistake needs
    /// its line), and shared, so copies of a file are cheap.
    line_starts: Arc<std::sync::OnceLock<Box<[usize]>>>,
    /// For a file not read yet (see [`SourceFile::deferred`]): where it is.
    deferred: Option<Arc<Deferred>>,
}

/// Where a deferred file is, and whether it has been read since it was
/// listed ([`SourceFile::read_deferred`]).
#[derive(Debug)]
struct Deferred {
    path: std::path::PathBuf,
    read: std::sync::atomic::AtomicBool,
}

impl SourceFile {
    pub fn new(path: impl Into<Arc<str>>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        if let Some(stripped) = text.strip_prefix('\u{feff}') {
            text = stripped.to_string();
        }
        if text.contains('\r') {
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        SourceFile {
            path: path.into(),
            text: text.into(),
            line_starts: Arc::default(),
            deferred: None,
        }
    }

    /// A file at `path` (shown as `display`) whose text is not read yet:
    /// it is read when it is parsed ([`SourceFile::read_deferred`], in
    /// `content`), so that `build` need not hold every paper's text at
    /// once. Its text here is empty.
    pub fn deferred(path: &Path, display: &str) -> Self {
        let mut file = SourceFile::new(display, String::new());
        file.deferred = Some(Arc::new(Deferred {
            path: path.to_path_buf(),
            read: false.into(),
        }));
        file
    }

    /// Where a deferred file is; `None` for a file whose text is here.
    pub fn deferred_path(&self) -> Option<&Path> {
        self.deferred.as_deref().map(|d| d.path.as_path())
    }

    /// Reads a deferred file's text (as [`SourceFile::read`]) and notes
    /// that it was read, whether or not it could be; `None` for a file
    /// whose text is here.
    pub fn read_deferred(&self) -> Option<Result<SourceFile, Diagnostic>> {
        let deferred = self.deferred.as_deref()?;
        deferred
            .read
            .store(true, std::sync::atomic::Ordering::Relaxed);
        Some(SourceFile::read(&deferred.path, &self.path))
    }

    /// Notes that a deferred file's parse was taken from the build cache
    /// (`cache::ParsedMeetings`), which vouches that it is unchanged since
    /// it was last read: it counts as read.
    pub fn taken_as_parsed(&self) {
        if let Some(deferred) = self.deferred.as_deref() {
            deferred
                .read
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Whether this is a deferred file that nothing has read yet
    /// ([`SourceFile::read_deferred`]).
    pub fn never_read(&self) -> bool {
        self.deferred
            .as_deref()
            .is_some_and(|d| !d.read.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Reads `path` (shown as `display`), refusing files that are too large
    /// or not UTF-8, with a diagnostic that says where the problem is.
    pub fn read(path: &Path, display: &str) -> Result<Self, Diagnostic> {
        // Its size from the open file: looking the path up once, not twice.
        let file = std::fs::File::open(path).map_err(|e| cannot_read(display, e))?;
        let len = file.metadata().map_err(|e| cannot_read(display, e))?.len();
        Self::read_open(file, display, len)
    }

    /// [`SourceFile::read`] of a file whose size is known to be `len`.
    fn read_sized(path: &Path, display: &str, len: u64) -> Result<Self, Diagnostic> {
        let file = std::fs::File::open(path).map_err(|e| cannot_read(display, e))?;
        Self::read_open(file, display, len)
    }

    /// Reads the open `file` (shown as `display`) of `len` bytes.
    fn read_open(file: std::fs::File, display: &str, len: u64) -> Result<Self, Diagnostic> {
        use std::io::Read;
        let too_large = |len: u64| {
            Diagnostic::error(format!(
                "file is {len} bytes, more than the {MAX_FILE_BYTES} bytes plansite reads"
            ))
            .at(Location::file(display.into()))
            .hint("content files are plain text; split the file, or remove it if it is not content")
        };
        if len > MAX_FILE_BYTES {
            return Err(too_large(len));
        }
        // Through `take`, which reads into the room made for `len` bytes
        // without first asking the file its size and position again (as
        // `File`'s own `read_to_end` does), and stops a file that has
        // grown since at the limit.
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        (&file)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| cannot_read(display, e))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            // It grew past the limit while it was read: its size now.
            let now = file.metadata().map_or(bytes.len() as u64, |m| m.len());
            return Err(too_large(now.max(MAX_FILE_BYTES + 1)));
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(display, text)),
            Err(e) => {
                let good = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
                let line = prefix.matches('\n').count() as u32 + 1;
                let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
                Err(Diagnostic::error("file is not valid UTF-8 text")
                    .at(Location::at(display.into(), line, col, 1))
                    .label(format!("invalid byte 0x{:02x}", bytes[good]))
                    .hint("save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)"))
            }
        }
    }

    /// Where each line of the text starts.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// The line (1-based) a byte offset is on, without the table of every
    /// line's start ([`SourceFile::line_col`]) when there is none yet.
    pub fn line_of(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        match self.line_starts.get() {
            Some(_) => self.line_col(offset).0,
            None => memchr::memchr_iter(b'\n', &self.text.as_bytes()[..offset]).count() as u32 + 1,
        }
    }

    /// Line and column (1-based, columns in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }

    /// The location of the byte range `start..end`.
    pub fn location(&self, start: usize, end: usize) -> Location {
        let (line, col) = self.line_col(start);
        let len = self
            .text
            .get(start..end.min(self.text.len()))
            .map_or(0, |s| s.lines().next().unwrap_or("").chars().count());
        Location::at(self.path.clone(), line, col, len as u32)
    }

    /// Text of line `line` (1-based), without its newline.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let i = (line as usize).checked_sub(1)?;
        let starts = self.line_starts();
        let start = *starts.get(i)?;
        let end = starts
            .get(i + 1)
            .map_or(self.text.len(), |e| e.saturating_sub(1));
        self.text.get(start..end)
    }
}

/// Every source file read during a build, kept so that diagnostics can show
/// the offending line.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: BTreeMap<Arc<str>, SourceFile>,
}

impl SourceMap {
    pub fn insert(&mut self, file: SourceFile) {
        self.files.insert(file.path.clone(), file);
    }

    pub fn get(&self, path: &str) -> Option<&SourceFile> {
        self.files.get(path)
    }

    /// Every file, in path order.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.values()
    }

    /// Reads from the site at `root` the files that `diags` point into
    /// and the map does not hold (papers `build` read while parsing and let
    /// go), so their report can show the offending lines. A file that can
    /// no longer be read is shown without its lines.
    pub fn read_missing(&mut self, root: &Path, diags: &Diagnostics) {
        let missing: std::collections::BTreeSet<Arc<str>> = diags
            .iter()
            .filter_map(|d| d.location.as_ref())
            .map(|l| l.path.clone())
            .filter(|p| p.starts_with("content/") && !self.files.contains_key(p))
            .collect();
        for path in missing {
            if let Ok(file) = SourceFile::read(&root.join(&*path), &path) {
                self.insert(file);
            }
        }
    }
}

/// The table headers of `text` (`[[funds.groups]]`, `[contact]`), each
/// with where its line starts, as written (without a comment after it).
fn headers(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter_map(move |i| {
            let line = text.get(i..)?.lines().next()?;
            let header = line[..comment_start(line)].trim();
            let start = i + (line.len() - line.trim_start().len());
            header.starts_with('[').then(|| (start, header.to_string()))
        })
}

/// A table header's name with the spaces TOML allows inside its brackets
/// and around its dots taken out: `[[ funds ]]` and `[[funds]]` are both
/// `[[funds]]`. `None` for a line that is not a header.
fn table_name(header: &str) -> Option<String> {
    let (open, close, inner) = match header.strip_prefix("[[") {
        Some(rest) => ("[[", "]]", rest.strip_suffix("]]")?),
        None => ("[", "]", header.strip_prefix('[')?.strip_suffix(']')?),
    };
    let name: Vec<&str> = inner.split('.').map(str::trim).collect();
    Some(format!("{open}{}{close}", name.join(".")))
}

/// Reads TOML that starts at byte `offset` of a [`SourceFile`] (0 for a
/// `.toml` file, after the opening `+++` for front matter) and turns spans,
/// numbers, dates and enumerations into located values, collecting every
/// problem into `diags`.
pub struct TomlReader<'a> {
    pub file: &'a SourceFile,
    pub offset: usize,
    pub diags: &'a mut Diagnostics,
    /// The document's own top-level fields, where known: a field of these
    /// written under a `[[table]]` header has fallen into that table.
    pub top_fields: &'static [String],
    /// What the document is, for that hint: "paper".
    pub document: &'static str,
    /// Where the document is a table within the file (a plan's fund), its
    /// header (`[[funds]]`): its own fields are those after the last such
    /// header. `None`: the file's top.
    pub own_header: Option<&'static str>,
}

impl<'a> TomlReader<'a> {
    pub fn new(file: &'a SourceFile, offset: usize, diags: &'a mut Diagnostics) -> Self {
        TomlReader {
            file,
            offset,
            diags,
            top_fields: &[],
            document: "file",
            own_header: None,
        }
    }

    /// Deserializes `text` into `T`, or records a located diagnostic with a
    /// did-you-mean hint for unknown fields and enumerated values.
    pub fn parse<T: DeserializeOwned>(&mut self, text: &str) -> Option<T> {
        let read = toml::from_str::<T>(text);
        self.reported(read, text)
    }

    /// [`TomlReader::parse`], but a field that `T` does not know is taken
    /// out and the rest read again, so that every unknown field (at any
    /// depth) is reported in one build, not only the first; `None` when
    /// there was any mistake.
    pub fn parse_every_field<T: DeserializeOwned>(&mut self, text: &str) -> Option<T> {
        let tree = self.tree(text)?;
        let span = tree.span();
        self.every_field_of(span, tree.into_inner(), text)
    }

    /// [`TomlReader::from_tree`] reporting every unknown field, as
    /// [`TomlReader::parse_every_field`] does: for one table of a tree (a
    /// plan's `[[funds]]`, each of its lines, groups and rows).
    pub fn from_tree_every_field<T: DeserializeOwned>(
        &mut self,
        v: Spanned<DeValue<'_>>,
        text: &str,
    ) -> Option<T> {
        let span = v.span();
        match v.into_inner() {
            DeValue::Table(table) => self.every_field_of(span, table, text),
            other => self.from_tree(Spanned::new(span, other), text),
        }
    }

    fn every_field_of<T: DeserializeOwned>(
        &mut self,
        span: std::ops::Range<usize>,
        mut table: DeTable<'_>,
        text: &str,
    ) -> Option<T> {
        let mut unknown = false;
        // Each round takes one field out: a bound, not a loop without end.
        for _ in 0..=64 {
            let value = Spanned::new(span.clone(), DeValue::Table(table.clone()));
            let e = match T::deserialize(toml::de::ValueDeserializer::from(value)) {
                Ok(v) => return (!unknown).then_some(v),
                Err(e) => e,
            };
            // A field "missing" once a misspelt one was taken out is most
            // likely that one: its hint already names it.
            if unknown && e.message().starts_with("missing field `") {
                return None;
            }
            let d = self.toml_error(&e, text);
            self.diags.push(d);
            let at = e
                .span()
                .filter(|_| e.message().starts_with("unknown field `"))?;
            if !remove_key_at(&mut table, at.start) {
                return None;
            }
            unknown = true;
        }
        None
    }

    /// Parses a whole document into its tree, keeping the span of every
    /// key and value, or records the syntax error. Parts of the tree are
    /// then read with [`TomlReader::from_tree`], each on its own, so that a
    /// mistake in one part does not hide those in the others.
    pub fn tree<'t>(&mut self, text: &'t str) -> Option<Spanned<DeTable<'t>>> {
        self.reported(DeTable::parse(text), text)
    }

    /// Deserializes one part of a tree from [`TomlReader::tree`] (of
    /// `text`) into `T`, keeping the line and column of everything in it,
    /// or records a located diagnostic as [`TomlReader::parse`] does.
    pub fn from_tree<T: DeserializeOwned>(
        &mut self,
        v: Spanned<DeValue<'_>>,
        text: &str,
    ) -> Option<T> {
        let read = T::deserialize(toml::de::ValueDeserializer::from(v));
        self.reported(read, text)
    }

    /// The value read from `text`, or `None` with the error recorded as a
    /// located diagnostic.
    fn reported<T>(&mut self, read: Result<T, toml::de::Error>, text: &str) -> Option<T> {
        read.map_err(|e| {
            let d = self.toml_error(&e, text);
            self.diags.push(d);
        })
        .ok()
    }

    /// A document field (`background_papers_none`) written after a
    /// `[[contacts]]` or `[table]` header, which TOML reads into that table:
    /// the hint to move it above the header.
    fn fallen_into_a_table(&self, field: &str, text: &str, at: usize) -> Option<String> {
        if !self.top_fields.iter().any(|f| f == field) {
            return None;
        }
        // Written at the top already (a contact's `title`, beside the
        // paper's): not a line that fell, but a field of the entry
        // misnamed, left to the did-you-mean. The top is the document's
        // start, or, for a table within it (a plan's fund), the lines
        // after the last of its headers before `at`.
        let own_start = match self.own_header {
            None => 0,
            Some(own) => {
                let (header, _) = headers(text.get(..at)?)
                    .filter(|(_, h)| table_name(h).as_deref() == Some(own))
                    .last()?;
                header + text[header..].find('\n')? + 1
            }
        };
        let top = text
            .get(own_start..)?
            .lines()
            .take_while(|l| !l.trim_start().starts_with('['))
            .any(|l| {
                l.trim_start()
                    .strip_prefix(field)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            });
        if top {
            return None;
        }
        // The entry it fell into is the last header before it; moving it
        // above that alone would move it into the entry before, if there
        // is one: it goes above the first header after the document's own.
        let tables: Vec<(usize, String)> = headers(text.get(own_start..at)?)
            .map(|(i, h)| (own_start + i, h))
            .collect();
        let (last_start, last) = tables.last()?;
        let (first_start, first) = tables.first()?;
        let line_of = |start: usize, h: &str| self.loc(&(start..start + h.len())).line;
        let line = line_of(*last_start, last);
        let what = if last.starts_with("[[") {
            "that entry"
        } else {
            "that table"
        };
        let document = self.document;
        let to = if first_start == last_start {
            format!("move it above {last}")
        } else {
            let sub = if self.own_header.is_some() {
                "sub-table"
            } else {
                "table"
            };
            format!(
                "move it above {first} (line {}), before the {document}'s first {sub}",
                line_of(*first_start, first)
            )
        };
        Some(format!(
            "`{field}` is a field of the {document}, but this line comes after {last} (line {line}), so TOML reads it as part of {what}: {to}"
        ))
    }

    fn toml_error(&self, e: &toml::de::Error, text: &str) -> Diagnostic {
        let message = e.message().trim().to_string();
        let location = match e.span() {
            Some(span) => self.loc(&span),
            None => Location::file(self.file.path.clone()),
        };
        if let Some((d, figure)) = e
            .span()
            .and_then(|span| bracket_in_figure(text, span.start))
        {
            return d.at(self.loc(&figure));
        }
        if let Some((d, figure)) = e.span().and_then(|span| comma_in_figure(text, span.start)) {
            return d.at(figure.map_or(location, |f| self.loc(&f)));
        }
        // serde: "unknown field `tagret`, expected one of `a`, `b`"
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let field = rest.split('`').next().unwrap_or("");
            let expected: Vec<&str> = rest
                .split_once("expected")
                .map(|(_, e)| e.split('`').skip(1).step_by(2).collect())
                .unwrap_or_default();
            let mut d = Diagnostic::error(format!("unknown field \"{field}\"")).at(location);
            if let Some(hint) = e
                .span()
                .and_then(|span| self.fallen_into_a_table(field, text, span.start))
            {
                return d.hint(hint);
            }
            d = match did_you_mean(field, expected.iter().copied()) {
                Some(s) => d.hint(format!("did you mean \"{s}\"?")),
                None if !expected.is_empty() => {
                    d.hint(format!("expected one of: {}", expected.join(", ")))
                }
                None => d,
            };
            return d;
        }
        if let Some(rest) = message.strip_prefix("missing field `") {
            let field = rest.split('`').next().unwrap_or("");
            let table = if text.trim().is_empty() {
                "the file is empty: "
            } else {
                ""
            };
            return Diagnostic::error(format!("missing field \"{field}\""))
                .at(location)
                .hint(format!(
                    "{table}add `{field} = …` (see docs/content-format.md)"
                ));
        }
        // A whole number too long for TOML's 64-bit integers.
        if let Some(rest) = message.strip_prefix("invalid type: integer `") {
            if let Some(digits) = rest.split('`').next().filter(|_| rest.contains("as i128")) {
                let n = digits.chars().filter(char::is_ascii_digit).count();
                return Diagnostic::error(format!("figure {digits} is too large"))
                    .at(location)
                    .label(format!(
                        "{n} digits; a whole number may have at most 18, a decimal at most 28"
                    ))
                    .hint("no published figure needs this many digits; check for a pasted error");
            }
        }
        // serde's Rust type names mean nothing to a clerk.
        let message = [
            ("expected u8", "expected a whole number"),
            ("expected u16", "expected a whole number"),
            ("expected u32", "expected a whole number"),
            ("expected u64", "expected a whole number"),
            ("expected i64", "expected a whole number"),
            ("expected a sequence", "expected a list [ … ]"),
            ("expected a boolean", "expected true or false"),
            ("expected a string", "expected text in quotes"),
        ]
        .iter()
        .fold(message, |m, (from, to)| m.replace(from, to));
        // A year or period written without quotes: say the line to write.
        if message.contains("must be quoted")
            || message.contains("invalid date")
            || message.contains("invalid unquoted key")
            || message.contains("expected text in quotes")
        {
            if let Some((message, hint)) = e.span().and_then(|s| unquoted_period(text, s)) {
                return Diagnostic::error(message).at(location).hint(hint);
            }
        }
        if let Some(d) = e
            .span()
            .and_then(|span| self.syntax_error(&message, text, span))
        {
            return d;
        }
        let hint = if message.contains("invalid type") {
            Some("check the value's type: text needs quotes, numbers and dates do not, lists use [ ]")
        } else if message.contains("duplicate key") {
            Some("each key may appear once in a table")
        } else {
            None
        };
        let mut d = Diagnostic::error(format!("invalid TOML: {message}")).at(location);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        d
    }

    /// TOML's own syntax errors, with what to write: a date with a
    /// one-digit month or day, a missing comma (pointed at the end of the
    /// element it belongs after), a bare word, an unclosed string.
    fn syntax_error(
        &self,
        message: &str,
        text: &str,
        span: std::ops::Range<usize>,
    ) -> Option<Diagnostic> {
        let error = || Diagnostic::error(format!("invalid TOML: {message}"));
        let at = span.start.min(text.len());
        // The key this value is written under, `key = …`, if any.
        let key = |start: usize| -> Option<&str> {
            let before = text.get(..start)?.trim_end().strip_suffix('=')?.trim_end();
            let from = before
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .last()?
                .0;
            before.get(from..)
        };
        let write = |start: usize, value: &str| match key(start) {
            Some(k) => format!("{k} = {value}"),
            None => value.to_string(),
        };
        if message.starts_with("invalid date") {
            let len = text
                .get(at..)?
                .find(|c: char| !(c.is_ascii_digit() || c == '-'))
                .unwrap_or(text.len() - at);
            let written = text.get(at..at + len)?;
            let dates = "dates are written year, month, day (YYYY-MM-DD)";
            let mut parts = written.split('-').map(str::parse::<u32>);
            let date = match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(Ok(y)), Some(Ok(m)), Some(Ok(d)), None) if written.len() >= 8 => {
                    i32::try_from(y)
                        .ok()
                        .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, m, d))
                }
                _ => None,
            };
            let hint = match date {
                Some(date) => format!(
                    "write {}: {dates}",
                    write(at, &date.format("%Y-%m-%d").to_string())
                ),
                None if written.len() >= 8 => format!(
                    "{written} is not a date: {dates}, e.g. {}",
                    write(at, "2023-06-20")
                ),
                None => return None,
            };
            return Some(error().at(self.loc(&span)).hint(hint));
        }
        if let Some(between) = message
            .strip_prefix("missing comma between ")
            .and_then(|m| m.split(',').next())
        {
            // The end of the element before: the last text before the
            // error that is not blank or a comment.
            let mut end = at;
            loop {
                let start = text.get(..end)?.rfind('\n').map_or(0, |i| i + 1);
                let line = text.get(start..end)?;
                let code = line.get(..comment_start(line)).unwrap_or(line).trim_end();
                if !code.trim().is_empty() {
                    end = start + code.len();
                    break;
                }
                if start == 0 {
                    return None;
                }
                end = start - 1;
            }
            let last = text.get(..end)?.chars().next_back()?;
            let here = self.loc(&(end - last.len_utf8()..end));
            let (what, close) = if between == "array elements" {
                ("element", "close the list with ]")
            } else {
                ("value", "close the table with }")
            };
            return Some(error().at(here.clone()).hint(format!(
                "put a comma after the previous {what} (line {}), or {close} if it ends there",
                here.line
            )));
        }
        if message.starts_with("string values must be quoted") {
            let word = text.get(span.clone())?.trim();
            if word.is_empty() || word.contains(['"', '\'', '\n']) {
                return None;
            }
            // A yes or no is most often a field that takes true or false
            // (key_decision, background_papers_none, add_up).
            let truth = match word.to_ascii_lowercase().as_str() {
                "yes" | "y" | "on" | "true" => Some("true"),
                "no" | "n" | "off" | "false" => Some("false"),
                _ => None,
            };
            return Some(error().at(self.loc(&span)).hint(match truth {
                Some(t) => format!(
                    "a yes or no is written true or false, without quotes: {}; other text is written in quotes: {}",
                    write(at, t),
                    write(at, &format!("\"{word}\""))
                ),
                None => format!(
                    "text is written in quotes: {}",
                    write(at, &format!("\"{word}\""))
                ),
            }));
        }
        let hint = if message.starts_with("invalid multi-line basic string")
            || message.starts_with("invalid multi-line literal string")
        {
            let quotes = if message.contains("basic") {
                "\"\"\""
            } else {
                "\'\'\'"
            };
            let opened = text.get(..at)?.rfind(quotes)?;
            format!(
                "close the text with {quotes} (it opens on line {})",
                self.loc(&(opened..opened)).line
            )
        } else if message.starts_with("invalid basic string") {
            "close the text with \" on the same line; text over several lines is written between \"\"\" and \"\"\"".to_string()
        } else if message.starts_with("invalid literal string") {
            "close the text with ' on the same line; text over several lines is written between \'\'\' and \'\'\'".to_string()
        } else {
            return None;
        };
        Some(error().at(self.loc(&span)).hint(hint))
    }

    /// The location of a span within the TOML text.
    pub fn loc(&self, span: &std::ops::Range<usize>) -> Location {
        self.file
            .location(self.offset + span.start, self.offset + span.end)
    }

    pub fn loc_of<T>(&self, v: &Spanned<T>) -> Location {
        self.loc(&v.span())
    }

    /// Records an error at `v` and returns `None`.
    pub fn error_at<T, R>(&mut self, v: &Spanned<T>, d: Diagnostic) -> Option<R> {
        let loc = self.loc_of(v);
        self.diags.push(d.at(loc));
        None
    }

    /// An exact decimal from a number or a string, read from its source
    /// digits: `10.640` stays 10.640.
    pub fn decimal(&mut self, v: &Spanned<toml::Value>) -> Option<Located<Decimal>> {
        self.decimal_with(v, Negative::Signed)
    }

    /// A fund line's figure, which may also be made negative by the line's
    /// `sign` field: `sign` is that field (`Some(true)` for "minus",
    /// `Some(false)` for "plus"), when the line has one. Read as
    /// [`TomlReader::decimal`]; only a bracketed figure's hint differs.
    pub fn line_decimal(
        &mut self,
        v: &Spanned<toml::Value>,
        sign: Option<bool>,
    ) -> Option<Located<Decimal>> {
        self.decimal_with(v, Negative::Line { minus: sign })
    }

    fn decimal_with(
        &mut self,
        v: &Spanned<toml::Value>,
        how: Negative,
    ) -> Option<Located<Decimal>> {
        let location = self.loc_of(v);
        let raw = self
            .file
            .text
            .get(self.offset + v.span().start..self.offset + v.span().end)
            .unwrap_or("")
            .to_string();
        let (digits, quoted) = match v.get_ref() {
            toml::Value::String(s) => (s.trim().to_string(), true),
            toml::Value::Integer(_) | toml::Value::Float(_) => (raw.replace('_', ""), false),
            other => {
                self.diags.push(
                    Diagnostic::error(format!("expected a number, found {}", type_name(other)))
                        .at(location)
                        .hint("write the figure as a number, e.g. `amount = 10.640`"),
                );
                return None;
            }
        };
        match parse_decimal(&digits) {
            Ok(value) => Some(Located { value, location }),
            Err(why) => {
                let shown = if quoted {
                    format!("\"{digits}\"")
                } else {
                    digits.clone()
                };
                if let Some(plain) = accounts_negative(&digits) {
                    self.diags
                        .push(accounts_style(&shown, &plain, how).at(location));
                    return None;
                }
                let mut d = Diagnostic::error(if digits.contains(',') {
                    comma_message(&shown, &digits)
                } else {
                    format!("malformed figure {shown}")
                })
                .at(location)
                .label(why.0);
                if let Some(h) = why.1 {
                    d = d.hint(h);
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// The sign written in front of a figure (`+` or `-`), if any: what the
    /// file says, before any arithmetic. A figure written without one is
    /// unsigned, and plansite never guesses a sign for it.
    pub fn written_sign(&self, v: &Spanned<toml::Value>) -> Option<char> {
        let raw = self
            .file
            .text
            .get(self.offset + v.span().start..self.offset + v.span().end)
            .unwrap_or("");
        let unquoted = raw.trim().trim_start_matches(['"', '\'']).trim_start();
        unquoted.chars().next().filter(|c| *c == '+' || *c == '-')
    }

    /// The same reader, knowing the document's own top-level `fields` and
    /// what it is (`"paper"`): a field of these written under a
    /// `[[table]]` header is then said to have fallen into that table.
    pub fn with_top_fields(mut self, document: &'static str, fields: &'static [String]) -> Self {
        self.document = document;
        self.top_fields = fields;
        self
    }

    /// The same reader, for a document that is a table within the file
    /// under `header` (a plan's `[[funds]]`), whose own `fields` are those
    /// written after that header (see [`TomlReader::with_top_fields`]).
    pub fn with_table_fields(
        mut self,
        document: &'static str,
        header: &'static str,
        fields: &'static [String],
    ) -> Self {
        self.own_header = Some(header);
        self.with_top_fields(document, fields)
    }

    /// A reader over the same file whose spans start at `offset` (as
    /// returned by [`TomlReader::inline`]), sharing the diagnostics.
    pub fn sub(&mut self, offset: usize) -> TomlReader<'_> {
        TomlReader {
            file: self.file,
            offset,
            diags: &mut *self.diags,
            top_fields: self.top_fields,
            document: self.document,
            own_header: self.own_header,
        }
    }

    /// Deserializes an inline table written as a value (`{ override = 1625,
    /// reason = "…" }`) into `T`, keeping the line and column of everything
    /// inside it. Values that may be either a number or a table are read as
    /// `toml::Value` first, which loses inner positions; this re-reads the
    /// table's own text. Returns the value and the offset to read its spans
    /// with (see [`TomlReader::sub`]).
    pub fn inline<T: DeserializeOwned>(&mut self, v: &Spanned<toml::Value>) -> Option<(T, usize)> {
        #[derive(serde::Deserialize)]
        struct Wrap<T> {
            x: T,
        }
        let start = self.offset + v.span().start;
        let end = self.offset + v.span().end;
        let raw = self.file.text.get(start..end).unwrap_or("").to_string();
        if !raw.trim_start().starts_with('{') || start < 2 {
            return self.error_at(
                v,
                Diagnostic::error("expected an inline table here").hint(
                    "write it on one line between braces, e.g. { override = 1625, reason = \"…\" }",
                ),
            );
        }
        // "x=" takes the two bytes before the table, so positions line up.
        let text = format!("x={raw}");
        let mut sub = TomlReader {
            file: self.file,
            offset: start - 2,
            diags: &mut *self.diags,
            top_fields: &[],
            document: "file",
            own_header: None,
        };
        sub.parse::<Wrap<T>>(&text).map(|w| (w.x, start - 2))
    }

    /// A date at year, month or day precision, from a TOML date or a string.
    pub fn date(&mut self, v: &Spanned<toml::Value>) -> Option<Located<PartialDate>> {
        self.date_of(v, "write dates as YYYY-MM-DD (2016-01-27), YYYY-MM or YYYY")
    }

    /// [`TomlReader::date`], with `hint` for a date that cannot be read and
    /// is not a day written day first ("01/10/2017": its hint is the date
    /// to write).
    fn date_of(&mut self, v: &Spanned<toml::Value>, hint: &str) -> Option<Located<PartialDate>> {
        let location = self.loc_of(v);
        let text = match v.get_ref() {
            toml::Value::Datetime(dt) => dt.to_string(),
            toml::Value::String(s) => s.trim().to_string(),
            toml::Value::Integer(i) => i.to_string(),
            other => {
                self.diags.push(
                    Diagnostic::error(format!("expected a date, found {}", type_name(other)))
                        .at(location)
                        .hint("write dates as 2016-01-27, or \"2017\" / \"2017-07\" when only the year or month is known"),
                );
                return None;
            }
        };
        match PartialDate::parse(&text) {
            Some(value) => Some(Located { value, location }),
            None => {
                self.diags.push(
                    Diagnostic::error(format!("impossible or malformed date \"{text}\""))
                        .at(location)
                        .hint(match day_first(&text) {
                            Some(day) => format!(
                                "write {}: dates are written year, month, day (YYYY-MM-DD)",
                                day.format("%Y-%m-%d")
                            ),
                            None => hint.to_string(),
                        }),
                );
                None
            }
        }
    }

    /// A full date (day precision).
    pub fn day(&mut self, v: &Spanned<toml::Value>) -> Option<chrono::NaiveDate> {
        let d = self.date_of(v, "write the date as YYYY-MM-DD (2016-01-27)")?;
        match d.value.day() {
            Some(day) => Some(day),
            None => {
                self.diags.push(
                    Diagnostic::error(format!("\"{}\" is not a full date", d.value.iso()))
                        .at(d.location)
                        .hint("this field needs a day: write YYYY-MM-DD"),
                );
                None
            }
        }
    }

    /// One of a fixed set of words, with a did-you-mean hint.
    pub fn choice<T>(
        &mut self,
        v: &Spanned<String>,
        what: &str,
        names: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        if let Some(t) = parse(v.get_ref()) {
            return Some(t);
        }
        let hint = match did_you_mean(v.get_ref(), names.iter().copied()) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!("expected one of: {}", names.join(", ")),
        };
        self.error_at(
            v,
            Diagnostic::error(format!("unknown {what} \"{}\"", v.get_ref())).hint(hint),
        )
    }

    pub fn located(&self, v: &Spanned<String>) -> Located<String> {
        Located {
            value: v.get_ref().clone(),
            location: self.loc_of(v),
        }
    }

    /// A text field that must say something: `number = ""` or `title = "  "`
    /// is reported at the field with `hint`. The text is returned either
    /// way (the error stops the build).
    pub fn text(&mut self, v: &Spanned<String>, field: &str, hint: &str) -> String {
        if v.get_ref().trim().is_empty() {
            self.error_at::<_, ()>(
                v,
                Diagnostic::error(format!("\"{field}\" is empty")).hint(hint.to_string()),
            );
        }
        v.get_ref().clone()
    }

    /// An optional text field: left out is fine, but written empty is an
    /// error (an empty note or description would publish an empty line).
    pub fn opt_text(&mut self, v: &Option<Spanned<String>>, field: &str) -> Option<String> {
        let v = v.as_ref()?;
        if v.get_ref().trim().is_empty() {
            return self.error_at(
                v,
                Diagnostic::error(format!("\"{field}\" is empty"))
                    .hint(format!("write the {field}, or leave the field out")),
            );
        }
        Some(v.get_ref().clone())
    }
}

/// The fields of `T`, as serde knows them: read from the error for a
/// field it does not know, so a list of them is never out of step.
pub fn serde_fields<T: DeserializeOwned>() -> Vec<String> {
    match toml::from_str::<T>("no_such_field_at_all = 1") {
        Ok(_) => Vec::new(),
        Err(e) => e
            .message()
            .split_once("expected")
            .map(|(_, rest)| {
                rest.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Takes the key written at `at` out of `table` (or a table within it);
/// whether there was one.
fn remove_key_at(table: &mut DeTable<'_>, at: usize) -> bool {
    let key = table
        .iter()
        .find(|(k, _)| k.span().start == at)
        .map(|(k, _)| k.clone());
    if let Some(key) = key {
        return table.remove(&key).is_some();
    }
    table.iter_mut().any(|(_, v)| match v.get_mut() {
        DeValue::Table(t) => remove_key_at(t, at),
        DeValue::Array(items) => items.iter_mut().any(|item| match item.get_mut() {
            DeValue::Table(t) => remove_key_at(t, at),
            _ => false,
        }),
        _ => false,
    })
}

/// Where a TOML line's comment starts (a `#` outside quotes), or its
/// length.
fn comment_start(line: &str) -> usize {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') => return i,
            _ => {}
        }
    }
    line.len()
}

/// A year or period written without quotes (`year = 2015/16`, `period =
/// 2015-16`, `year = 2015`, `amounts = { 2015/16 = 5 }`), which TOML reads
/// as a sum, a date or a number: one message, and a hint that is exactly
/// what to write. The label is written as the file's `years` write the same
/// year (`year = 2017-18` in a plan whose fund's years are `"2017/18"`:
/// write year = "2017/18"), else as it is; a year that is no year
/// (`2015/99`, `2015/17`) is said to be one, with the years to write.
fn unquoted_period(text: &str, span: std::ops::Range<usize>) -> Option<(String, String)> {
    let part = |c: char| c.is_ascii_digit() || c == '/' || c == '-';
    let at = span.start.min(text.len());
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| part(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| !part(*c))
        .map_or(text.len(), |(i, _)| at + i);
    let value = text.get(start..end)?;
    // 2015, 2015/16, 2015-16, 2015/2016, 2015-2016 (or 2015/99: no year).
    let (year, rest) = value.split_at(value.len().min(4));
    let looks = year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
        && (rest.is_empty()
            || (rest.len() == 3 || rest.len() == 5)
                && rest.starts_with(['/', '-'])
                && rest[1..].chars().all(|c| c.is_ascii_digit()));
    if !looks {
        return None;
    }
    let line = &text[text[..start].rfind('\n').map_or(0, |i| i + 1)..start];
    let key = line.trim_end().strip_suffix('=').map(|k| {
        let k = k.trim_end();
        let from = k
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .last()
            .map_or(k.len(), |(i, _)| i);
        &k[from..]
    });
    let after = text[end..].trim_start_matches([' ', '\t']);
    let as_key = !matches!(key, Some(k) if !k.is_empty()) && after.starts_with('=');
    let write = |label: &str| match key {
        Some(key) if !key.is_empty() => format!("{key} = \"{label}\""),
        _ if as_key => format!("\"{label}\" = …"),
        _ => format!("\"{label}\""),
    };
    if let Some(no) = crate::content::not_a_year(value) {
        return Some((no.message.clone(), no.hint(&write)));
    }
    let message = format!("{value} is a year or period written without quotes");
    // The file's own labels for the same year, where it writes it otherwise.
    let labels = year_labels(text);
    let same: Vec<&String> = labels
        .iter()
        .filter(|l| crate::content::same_period(l, value) == Some(true))
        .collect();
    let quoted = if as_key {
        "a year used as a key is written in quotes"
    } else {
        "a year or period is text, in quotes"
    };
    Some(if same.is_empty() || same.iter().any(|l| *l == value) {
        (message, format!("{quoted}: write {}", write(value)))
    } else {
        let each: Vec<String> = same.iter().map(|l| write(l)).collect();
        (
            message,
            format!(
                "{quoted}, as the fund's years write it: write {}",
                each.join(" or ")
            ),
        )
    })
}

/// The year labels a plan's text lists in `years = ["…", …]`, each once,
/// in the order written: read from the text, since a file TOML cannot read
/// has no funds to ask.
fn year_labels(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("years") {
        let before_ok = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '{' || c == ',');
        let after = rest[i + 5..].trim_start_matches([' ', '\t']);
        rest = &rest[i + 5..];
        let Some(list) = after
            .strip_prefix('=')
            .map(|a| a.trim_start_matches([' ', '\t']))
            .and_then(|a| a.strip_prefix('['))
        else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let list = &list[..list.find(']').unwrap_or(list.len())];
        for (n, part) in list.split('"').enumerate() {
            if n % 2 == 1 && !out.iter().any(|l| l == part) {
                out.push(part.to_string());
            }
        }
    }
    out
}

/// A figure written with a thousands comma outside quotes (`value =
/// 7,123`) is a TOML syntax error at the comma; say what it is instead.
fn comma_in_figure(text: &str, at: usize) -> Option<(Diagnostic, Option<std::ops::Range<usize>>)> {
    let next = text.get(at..)?.chars().next()?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find(['\n', '#']).map_or(text.len(), |i| at + i);
    let (_, value) = text[line_start..at].rsplit_once('=')?;
    let before = value.trim_start();
    let unsigned = before.trim_start_matches(['-', '+']);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (written, span) = if next == ',' && digits(unsigned) {
        // `total = 7,123`: TOML stops at the first comma.
        (format!("{before}{}", text[at..line_end].trim_end()), None)
    } else if unsigned.trim_end().split(',').all(digits) && unsigned.contains(',') {
        // `{ "2017/18" = 4300,5, … }`: in an inline table the comma reads
        // as the next entry, and TOML stops after it; point at the figure.
        let written = before.trim_end();
        let start = at - before.len();
        (written.to_string(), Some(start..start + written.len()))
    } else {
        return None;
    };
    let (label, hint) = parse_decimal(&written).err()?;
    let mut d = Diagnostic::error(comma_message(&written, &written)).label(label);
    if let Some(h) = hint {
        d = d.hint(h);
    }
    Some((d, span))
}

/// How a negative figure can be written where a figure is read.
#[derive(Debug, Clone, Copy)]
enum Negative {
    /// With its minus sign only.
    Signed,
    /// On a fund line: with its minus sign, or unsigned with the line's
    /// `sign = "minus"`; `minus` is the line's `sign` field, if it has one.
    Line { minus: Option<bool> },
}

/// A figure in brackets, as accounts print a negative: `(1,234)`,
/// `(1234.5)`, its commas (if any) grouping the whole part in threes.
/// Returns the digits to write, unsigned: `1234`.
fn accounts_negative(written: &str) -> Option<String> {
    let inner = written.trim().strip_prefix('(')?.strip_suffix(')')?.trim();
    let whole = inner.split('.').next().unwrap_or(inner);
    let groups: Vec<&str> = whole.split(',').collect();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let grouped = groups.iter().all(|g| digits(g))
        && groups.iter().skip(1).all(|g| g.len() == 3)
        && (groups.len() == 1 || groups[0].len() <= 3);
    if !grouped {
        return None;
    }
    let plain = inner.replace(',', "");
    parse_decimal(&plain).ok().map(|_| plain)
}

/// The error for a figure `shown` as written in brackets, whose digits
/// are `plain`.
fn accounts_style(shown: &str, plain: &str, how: Negative) -> Diagnostic {
    let hint = match how {
        Negative::Signed => format!("write -{plain}"),
        Negative::Line { minus: None } => format!(
            "write -{plain}, or keep the printed digits as {plain} and add sign = \"minus\""
        ),
        Negative::Line { minus: Some(true) } => {
            format!("write {plain}: the line's sign = \"minus\" makes it negative")
        }
        Negative::Line { minus: Some(false) } => {
            format!("write -{plain} and take out sign = \"plus\"")
        }
    };
    Diagnostic::error(format!(
        "{shown} looks like a negative figure in accounts style"
    ))
    .label("brackets are how accounts print a negative")
    .hint(hint)
}

/// A figure written in brackets outside quotes (`change = (1,234)`) is a
/// TOML syntax error; say what it is instead. Returns the error and the
/// figure's place in `text`.
fn bracket_in_figure(text: &str, at: usize) -> Option<(Diagnostic, std::ops::Range<usize>)> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    // The bracketed value that holds `at`, after an `=`.
    let open = if text[at..].starts_with('(') {
        at - line_start
    } else {
        line[..at - line_start].rfind('(')?
    };
    let close = open + line[open..].find(')')?;
    if at - line_start > close || !line[..open].trim_end().ends_with('=') {
        return None;
    }
    let written = &line[open..=close];
    let plain = accounts_negative(written)?;
    let start = line_start + open;
    Some((
        accounts_style(written, &plain, Negative::Signed),
        start..start + written.len(),
    ))
}

/// What a comma in a figure's digits is.
#[derive(Debug, PartialEq, Eq)]
enum Comma {
    /// Commas that group the whole part in threes: `1,240`, `-12,345.6`.
    /// (Or anything else that is not plainly a decimal comma.)
    Thousands,
    /// One comma with digits either side that cannot be a thousands
    /// separator (not three digits after it): `1,0`, `8480,5`, `2,25`.
    /// Holds the figure with a decimal point in its place.
    Decimal(String),
}

fn comma(text: &str) -> Comma {
    let t = text.trim();
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match unsigned.split_once(',') {
        Some((whole, fraction)) if digits(whole) && digits(fraction) && fraction.len() != 3 => {
            Comma::Decimal(t.replacen(',', ".", 1))
        }
        _ => Comma::Thousands,
    }
}

/// The message for a figure `shown` as written whose `digits` have a comma.
fn comma_message(shown: &str, digits: &str) -> String {
    match comma(digits) {
        Comma::Decimal(_) => format!("figure {shown} has a decimal comma"),
        Comma::Thousands => format!("figure {shown} has a thousands comma"),
    }
}

/// `7123` → `7_123`: the TOML way to group digits.
fn underscored(plain: &str) -> String {
    let (int, frac) = plain
        .split_once('.')
        .map_or((plain, None), |(i, f)| (i, Some(f)));
    let (sign, int) = int
        .strip_prefix(['-', '+'])
        .map_or(("", int), |rest| (&int[..1], rest));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('_');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

fn type_name(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "text",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true/false",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

/// Parses decimal digits exactly: an optional sign, digits, an optional
/// decimal point and digits. Returns a label and an optional hint on failure.
pub fn parse_decimal(text: &str) -> Result<Decimal, (String, Option<String>)> {
    let t = text.trim();
    if t.is_empty() {
        return Err((
            "no digits".into(),
            Some("write a number, e.g. 10.640".into()),
        ));
    }
    if let Comma::Decimal(point) = comma(t) {
        // Following the thousands hint ("write 10") would publish a figure
        // ten or a hundred times too big.
        return Err((
            "a comma is not a decimal mark in figures".into(),
            Some(format!(
                "if the comma marks the decimals, write {point}: figures use a decimal point, and commas are not allowed in them"
            )),
        ));
    }
    if t.contains(',') {
        let plain = t.replace(',', "");
        let hint = if parse_decimal(&plain).is_ok() {
            format!(
                "write {plain} (digits only; an underscore may group them: {})",
                underscored(&plain)
            )
        } else {
            "write the figure in digits only, with at most one decimal point".to_string()
        };
        return Err((
            "thousands commas are not allowed in figures".into(),
            Some(hint),
        ));
    }
    if t.starts_with('£') || t.ends_with('m') || t.ends_with('k') {
        return Err((
            "units are not part of the figure".into(),
            Some("write the bare number; the unit is given once by the table's `unit`".into()),
        ));
    }
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    if unsigned.contains(['e', 'E']) || unsigned == "inf" || unsigned == "nan" {
        return Err((
            "exponents, inf and nan are not figures".into(),
            Some("write the figure in full, e.g. 1500000 rather than 1.5e6".into()),
        ));
    }
    if let Some((top, bottom)) = unsigned.split_once('/') {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if digits(top.trim()) && digits(bottom.trim()) {
            return Err((
                "a fraction, not a decimal number".into(),
                Some("a fraction has no exact decimal, so plansite cannot choose its places for you: write the figure the source publishes for it, in digits (a threshold of two-thirds is published as 66.7 per cent), and keep the source's words in `note`".into()),
            ));
        }
    }
    let valid = !unsigned.is_empty()
        && unsigned.chars().all(|c| c.is_ascii_digit() || c == '.')
        && unsigned.matches('.').count() <= 1
        && unsigned.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err((
            "not a decimal number".into(),
            Some("write digits with at most one decimal point, e.g. 10.640".into()),
        ));
    }
    let digits = unsigned.chars().filter(char::is_ascii_digit).count();
    if digits > 28 {
        return Err((
            format!("{digits} digits, more than the 28 plansite holds exactly"),
            Some("no published figure needs this many digits; check for a pasted error".into()),
        ));
    }
    Decimal::from_str_exact(t.strip_prefix('+').unwrap_or(t))
        .or_else(|_| Decimal::from_str(t))
        .map_err(|e| (e.to_string(), None))
}

/// A day written day first, as it is in England ("01/10/2017", "1-10-2017",
/// "1 October 2017", "1 Oct 2017"): the date it means, for a hint.
pub(crate) fn day_first(text: &str) -> Option<chrono::NaiveDate> {
    ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(text.trim(), f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_read_cache_reuses_only_settled_unchanged_files() {
        use std::time::{Duration, SystemTime};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.md");
        let write = |text: &str, modified: SystemTime| {
            std::fs::write(&path, text).expect("write");
            let f = std::fs::File::options()
                .write(true)
                .open(&path)
                .expect("open");
            f.set_modified(modified).expect("set mtime");
        };
        let cache = ReadCache::new();
        let read = || cache.read(&path, "content/p.md").expect("read");
        let long_ago = SystemTime::now() - Duration::from_secs(60);

        // Settled and unchanged: the same text in memory.
        write("one", long_ago);
        let first = read();
        assert!(Arc::ptr_eq(&first.text, &read().text));
        // A new size, or a new modification time: read again.
        write("three", long_ago);
        assert_eq!(&*read().text, "three");
        write("other", long_ago + Duration::from_secs(1));
        assert_eq!(&*read().text, "other");

        // Modified just now: read again every time, even when an edit keeps
        // the size and (on a coarse clock) the modification time.
        let now = SystemTime::now();
        write("aaaa", now);
        assert_eq!(&*read().text, "aaaa");
        write("bbbb", now);
        assert_eq!(&*read().text, "bbbb");
    }

    #[test]
    fn decimals_keep_their_written_precision() {
        assert_eq!(
            parse_decimal("10.640").map(|d| d.to_string()),
            Ok("10.640".into())
        );
        assert_eq!(
            parse_decimal("90.764").map(|d| d.to_string()),
            Ok("90.764".into())
        );
        assert_eq!(
            parse_decimal("-2.50").map(|d| d.to_string()),
            Ok("-2.50".into())
        );
        assert!(parse_decimal("1,240").is_err());
        assert_eq!(comma("1,240"), Comma::Thousands);
        assert_eq!(comma("-12,345.6"), Comma::Thousands);
        assert_eq!(comma("1,0"), Comma::Decimal("1.0".into()));
        assert_eq!(comma("-8480,25"), Comma::Decimal("-8480.25".into()));
        assert_eq!(comma("1,0000"), Comma::Decimal("1.0000".into()));
        assert_eq!(comma("1,2,3"), Comma::Thousands);
        assert_eq!(comma("1,"), Comma::Thousands);
        assert!(parse_decimal("1e3").is_err());
        assert!(parse_decimal("1.2.3").is_err());
        assert!(parse_decimal("12345678901234567890123456789").is_err());
    }

    #[test]
    fn reads_float_literals_from_their_source_digits() {
        #[derive(serde::Deserialize)]
        struct T {
            a: Spanned<toml::Value>,
            b: Spanned<toml::Value>,
        }
        let file = SourceFile::new("x.toml", "a = 10.640\nb = 0.1\n");
        let mut diags = Diagnostics::new();
        let mut r = TomlReader::new(&file, 0, &mut diags);
        let t: T = r.parse(&file.text.clone()).expect("parses");
        let a = r.decimal(&t.a).expect("decimal");
        let b = r.decimal(&t.b).expect("decimal");
        assert_eq!(a.value.to_string(), "10.640");
        assert_eq!((a.location.line, a.location.col), (1, 5));
        assert_eq!((b.value + Decimal::new(2, 1)).to_string(), "0.3");
    }

    /// TOML's own syntax errors said what was wrong but not what to write:
    /// `date = 2023-6-20`, a missing comma (pointed at the start of the next
    /// line), a bare word, an unclosed string.
    #[test]
    fn toml_syntax_errors_get_what_to_write() {
        let one = |text: &str| {
            let file = SourceFile::new("x.toml", text);
            let mut diags = Diagnostics::new();
            let mut r = TomlReader::new(&file, 0, &mut diags);
            let parsed: Option<toml::Table> = r.parse(text);
            assert!(parsed.is_none(), "{text}");
            let d = diags.iter().next().expect("an error").clone();
            let at = d.location.as_ref().map(|l| (l.line, l.col));
            (at, d.message, d.hint.unwrap_or_default())
        };
        let dates = "dates are written year, month, day (YYYY-MM-DD)";
        assert_eq!(
            one("date = 2023-6-20\n"),
            (
                Some((1, 8)),
                "invalid TOML: invalid date, expected a two-digit month (MM)".into(),
                format!("write date = 2023-06-20: {dates}")
            )
        );
        assert_eq!(
            one("a = 1\nmeeting = { date = 2023-06-2 }\n").2,
            format!("write date = 2023-06-02: {dates}")
        );
        assert_eq!(
            one("date = 2023-2-30\n").2,
            format!("2023-2-30 is not a date: {dates}, e.g. date = 2023-06-20")
        );
        let (at, message, hint) = one("x = [\n  \"a\",\n  \"b\"  # note\n  \"c\",\n]\n");
        assert_eq!(at, Some((3, 5)));
        assert!(message.starts_with("invalid TOML: missing comma between array elements"));
        assert_eq!(
            hint,
            "put a comma after the previous element (line 3), or close the list with ] if it ends there"
        );
        let (at, _, hint) = one("x = { a = 1, b = 2\nstatus = \"held\"\n");
        assert_eq!(at, Some((1, 18)));
        assert_eq!(
            hint,
            "put a comma after the previous value (line 1), or close the table with } if it ends there"
        );
        assert_eq!(
            one("status = held\n"),
            (
                Some((1, 10)),
                "invalid TOML: string values must be quoted, expected literal string".into(),
                "text is written in quotes: status = \"held\"".into()
            )
        );
        // A yes or no is most often a true-or-false field.
        assert_eq!(
            one("key_decision = yes\n").2,
            "a yes or no is written true or false, without quotes: key_decision = true; other text is written in quotes: key_decision = \"yes\""
        );
        assert_eq!(
            one("title = \"Budget\n").2,
            "close the text with \" on the same line; text over several lines is written between \"\"\" and \"\"\""
        );
        assert_eq!(
            one("title = \"\"\"Budget\n").2,
            "close the text with \"\"\" (it opens on line 1)"
        );
    }

    #[test]
    fn locates_offsets_by_line_and_character_column() {
        let f = SourceFile::new("x", "ab\r\n£cd\nef");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(5), (2, 2)); // after the two-byte £
        assert_eq!(f.line_text(2), Some("£cd"));
    }

    #[test]
    fn the_line_of_an_offset_is_the_same_before_and_after_the_line_table_is_made() {
        let text = "+++\ntitle = \"T\"\n+++\n\n## 1. Intro\n\n1.1 £5k\n";
        let fresh = SourceFile::new("x", text);
        let before: Vec<u32> = (0..=text.len()).map(|o| fresh.line_of(o)).collect();
        let table = SourceFile::new("x", text);
        let with_table: Vec<u32> = (0..=text.len()).map(|o| table.line_col(o).0).collect();
        let after: Vec<u32> = (0..=text.len()).map(|o| table.line_of(o)).collect();
        assert_eq!(before, with_table);
        assert_eq!(after, with_table);
        assert_eq!(fresh.line_of(text.find("## 1.").expect("heading")), 5);
    }
}

//! The theme a site is drawn with: the **built-in default theme**, compiled
//! into the binary from `themes/default/` (by `build.rs`), with the site's
//! own `themes/<name>/` folder laid over it **file by file**.
//!
//! A file in the site's theme folder (`templates/partials/header.html`,
//! `static/assets/site.css`, `static/assets/logo.svg`) replaces the
//! built-in file with the same path, or is added when the built-in theme
//! has none; every other file comes from the built-in theme. So
//! `theme = "default"` works with no `themes/` folder at all, a branded
//! theme holds only the files it changes, and a new version of plansite
//! that adds a template still builds a site whose theme predates it.
//! `plansite new theme` ([`crate::scaffold`]) writes the built-in files out
//! for a web team to change.
//!
//! This module only reads the theme's files; parsing the templates is
//! [`super::templates`]. Files other than `templates/**/*.html` and
//! `static/**` in a theme folder are ignored.

use super::OutputFile;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The name of the built-in theme.
pub const DEFAULT: &str = "default";

/// Every file of the built-in default theme, by its path from the theme
/// folder (`templates/base.html`, `static/assets/site.css`), sorted.
pub fn builtin_files() -> &'static [(&'static str, &'static [u8])] {
    builtin::FILES
}

/// The built-in theme's templates as (name, text) pairs, named from
/// `templates/` (`base.html`, `partials/header.html`).
pub fn builtin_templates() -> Vec<(String, String)> {
    builtin::FILES
        .iter()
        .filter_map(|(path, bytes)| {
            let name = template_name(path)?;
            Some((
                name.to_string(),
                String::from_utf8_lossy(bytes).into_owned(),
            ))
        })
        .collect()
}

/// `base.html` for `templates/base.html`; `None` for anything that is not
/// a template.
fn template_name(path: &str) -> Option<&str> {
    path.strip_prefix("templates/")
        .filter(|name| name.ends_with(".html"))
}

/// One file of the theme and where it came from.
#[derive(Debug, Clone)]
struct ThemeFile {
    bytes: std::sync::Arc<[u8]>,
    /// From the site's theme folder (not built in).
    own: bool,
}

/// A site's theme: the built-in files with the site's own laid over them.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The theme folder from the site root, `themes/<name>`, for messages.
    folder: String,
    files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// The built-in default theme with `root/themes/<name>/` laid over it.
    /// A theme other than `default` must have its folder.
    pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<Theme> {
        let folder = format!("themes/{name}");
        let dir = root.join("themes").join(name);
        let mut files: BTreeMap<String, ThemeFile> = builtin::FILES
            .iter()
            .map(|(path, bytes)| {
                (
                    path.to_string(),
                    ThemeFile {
                        bytes: (*bytes).into(),
                        own: false,
                    },
                )
            })
            .collect();
        if !dir.is_dir() {
            if name == DEFAULT {
                return Some(Theme { folder, files });
            }
            diags.push(
                Diagnostic::error(format!("theme \"{name}\" has no folder {folder}"))
                    .at(Location::file("content/site.toml".into()))
                    .hint(format!(
                        "create it with `plansite new theme {name}` (a copy of the built-in theme to change), or write theme = \"default\" for the built-in theme"
                    )),
            );
            return None;
        }
        for part in ["templates", "static"] {
            let base = dir.join(part);
            if !base.is_dir() {
                continue;
            }
            for entry in WalkDir::new(&base).sort_by_file_name().follow_links(false) {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        diags.push(Diagnostic::error(format!(
                            "cannot read the theme folder {folder}/{part}: {e}"
                        )));
                        continue;
                    }
                };
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(&dir) else {
                    continue;
                };
                let path = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if path.split('/').any(|p| p.starts_with('.')) {
                    continue; // editors' swap and backup files
                }
                match std::fs::read(entry.path()) {
                    Ok(bytes) => {
                        files.insert(
                            path,
                            ThemeFile {
                                bytes: bytes.into(),
                                own: true,
                            },
                        );
                    }
                    Err(e) => diags.push(Diagnostic::error(format!(
                        "cannot read the theme file {folder}/{path}: {e}"
                    ))),
                }
            }
        }
        Some(Theme { folder, files })
    }

    /// The built-in default theme alone.
    pub fn builtin() -> Theme {
        let mut d = Diagnostics::new();
        let empty = Path::new("");
        Theme::load(empty, DEFAULT, &mut d).unwrap_or_else(|| Theme {
            folder: format!("themes/{DEFAULT}"),
            files: BTreeMap::new(),
        })
    }

    /// The templates as (name, text) pairs, named from `templates/`. A
    /// template that is not UTF-8 is an error.
    pub fn templates(&self, diags: &mut Diagnostics) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (path, file) in &self.files {
            let Some(name) = template_name(path) else {
                continue;
            };
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => out.push((name.to_string(), text.to_string())),
                Err(_) => diags.push(
                    Diagnostic::error(format!("template {}/{path} is not UTF-8 text", self.folder))
                        .at(Location::file(format!("{}/{path}", self.folder).into()))
                        .hint("save the template as UTF-8"),
                ),
            }
        }
        out
    }

    /// Where the templates come from, for a message about them.
    pub fn origin(&self) -> String {
        let own = self
            .files
            .iter()
            .any(|(path, f)| f.own && template_name(path).is_some());
        if own {
            format!("{}/templates", self.folder)
        } else {
            "the built-in theme".to_string()
        }
    }

    /// The files of `static/`, by their path in the output
    /// (`assets/site.css`).
    pub fn static_files(&self) -> Vec<OutputFile> {
        self.files
            .iter()
            .filter_map(|(path, file)| {
                Some(OutputFile {
                    path: path.strip_prefix("static/")?.to_string(),
                    bytes: file.bytes.clone(),
                })
            })
            .collect()
    }

    /// Whether the theme has `path` (from `static/`, e.g. `assets/logo.svg`).
    pub fn has_static(&self, path: &str) -> bool {
        self.files.contains_key(&format!("static/{path}"))
    }

    /// The theme folder from the site root, `themes/<name>`.
    pub fn folder(&self) -> &str {
        &self.folder
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_theme_is_the_repository_default_theme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let rel = e.path().strip_prefix(&dir).ok()?;
                Some(rel.to_string_lossy().replace('\\', "/"))
            })
            .collect();
        let built_in: Vec<&str> = builtin_files().iter().map(|(p, _)| *p).collect();
        assert_eq!(built_in, on_disk);
        for (path, bytes) in builtin_files() {
            assert_eq!(
                std::fs::read(dir.join(path)).ok().as_deref(),
                Some(*bytes),
                "{path}"
            );
        }
        assert!(builtin_templates().iter().any(|(n, _)| n == "base.html"));
    }

    #[test]
    fn a_site_theme_folder_replaces_and_adds_files_one_by_one() {
        let root = tempfile::tempdir().expect("tempdir");
        let theme = root.path().join("themes/kent");
        std::fs::create_dir_all(theme.join("templates/partials")).expect("mkdir");
        std::fs::create_dir_all(theme.join("static/assets")).expect("mkdir");
        std::fs::write(
            theme.join("templates/partials/header.html"),
            "<header>Kent</header>",
        )
        .expect("write");
        std::fs::write(theme.join("static/assets/logo.svg"), "<svg/>").expect("write");
        let mut d = Diagnostics::new();
        let t = Theme::load(root.path(), "kent", &mut d).expect("theme");
        assert!(d.is_empty());
        let templates = t.templates(&mut d);
        let header = templates.iter().find(|(n, _)| n == "partials/header.html");
        assert_eq!(
            header.map(|(_, t)| t.as_str()),
            Some("<header>Kent</header>")
        );
        // The rest is built in.
        assert_eq!(templates.len(), builtin_templates().len());
        assert!(t.has_static("assets/logo.svg") && t.has_static("assets/site.css"));
        assert_eq!(t.origin(), "themes/kent/templates");

        // `default` needs no folder; another theme does.
        let empty = tempfile::tempdir().expect("tempdir");
        assert!(Theme::load(empty.path(), "default", &mut d).is_some());
        assert!(d.is_empty());
        assert!(Theme::load(empty.path(), "kent", &mut d).is_none());
        let messages: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            ["content/site.toml: error: theme \"kent\" has no folder themes/kent"]
        );
    }
}

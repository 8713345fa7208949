//! `plansite preview`: serves the built `output/` folder on 127.0.0.1
//! exactly as a web server will publish it: under the path of `base_url`
//! (`/democracy/hwb/`), `index.html` for a folder's address, a redirect
//! from a folder's address without its `/`, and `404.html` with status 404
//! for anything missing. It sends the Content-Security-Policy the README
//! recommends.
//!
//! Unlike `serve` ([`crate::serve`]) it builds nothing and watches
//! nothing: it reads each file from the output folder when it is asked
//! for, and never writes. A `build` in another terminal is served at the
//! next request. It answers only GET and HEAD, and only for files inside
//! the output folder.

use crate::serve::{base_path, content_type, redirect, text, Response};
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What is previewed, and under which path.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The built site (`ROOT/output`).
    pub output: PathBuf,
    /// The path of `base_url`, e.g. `/democracy/hwb/` (`/` at the root).
    pub base_path: String,
}

impl Preview {
    /// The output folder `output`, served under the path of `base_url`.
    pub fn new(output: PathBuf, base_url: &str) -> Self {
        Preview {
            output,
            base_path: base_path(base_url),
        }
    }

    /// Reads a file of the output folder; `rel` is a checked path from it.
    fn file(&self, rel: &str) -> Option<Vec<u8>> {
        let path = self.output.join(rel);
        path.is_file().then(|| std::fs::read(path).ok()).flatten()
    }

    /// Answers one GET request.
    pub fn respond(&self, url: &str) -> Response {
        let path = url.split(['?', '#']).next().unwrap_or("/");
        let decoded = crate::linkcheck::percent_decode(path);
        let Some(rel) = decoded.strip_prefix(&self.base_path) else {
            if decoded == "/" || format!("{decoded}/") == self.base_path {
                return redirect(self.base_path.clone());
            }
            return self.not_found();
        };
        // Only plain names: nothing that could leave the output folder.
        let plain = rel
            .split('/')
            .all(|s| s != ".." && s != "." && !s.contains(['\\', '\0']));
        if !plain || rel.starts_with('/') {
            return self.not_found();
        }
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        match self.file(&file) {
            Some(bytes) => Response {
                status: 200,
                content_type: content_type(&file),
                body: Arc::from(bytes),
                location: None,
            },
            None if self.output.join(rel).join("index.html").is_file() => {
                redirect(format!("{}{rel}/", self.base_path))
            }
            None => self.not_found(),
        }
    }

    /// The site's own 404 page, with status 404.
    fn not_found(&self) -> Response {
        match self.file("404.html") {
            Some(bytes) => Response {
                status: 404,
                content_type: "text/html; charset=utf-8",
                body: Arc::from(bytes),
                location: None,
            },
            None => text(404, "text/plain; charset=utf-8", "not found"),
        }
    }
}

/// Serves `preview` on `addr` until the process ends; `listening` is told
/// the site's address once the server is listening.
pub fn preview(preview: Preview, addr: SocketAddr, listening: &dyn Fn(&str)) -> io::Result<()> {
    let base = preview.base_path.clone();
    let preview = Arc::new(preview);
    let bound = crate::serve::listen(addr, move |request| {
        // Previewed files may change with each build: never cached.
        crate::serve::answer(request, |url| preview.respond(url), "no-cache");
    })?;
    listening(&format!("http://{bound}{base}"));
    loop {
        std::thread::park();
    }
}

/// Whether `output` holds a built site (its home page).
pub fn is_built(output: &Path) -> bool {
    output.join("index.html").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_folders_redirects_and_the_404_page_under_the_base_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        std::fs::create_dir_all(out.join("boards/k")).expect("mkdir");
        std::fs::write(out.join("index.html"), "home").expect("write");
        std::fs::write(out.join("boards/k/index.html"), "k").expect("write");
        std::fs::write(out.join("404.html"), "gone").expect("write");
        std::fs::write(dir.path().join("secret"), "no").expect("write");
        let p = Preview::new(out.to_path_buf(), "https://e.gov.uk/democracy/hwb/");
        let r = |url: &str| {
            let r = p.respond(url);
            (
                r.status,
                String::from_utf8_lossy(&r.body).into_owned(),
                r.location,
            )
        };
        assert_eq!(r("/democracy/hwb/"), (200, "home".into(), None));
        assert_eq!(r("/democracy/hwb/boards/k/?q=1"), (200, "k".into(), None));
        assert_eq!(
            r("/democracy/hwb/boards/k").2.as_deref(),
            Some("/democracy/hwb/boards/k/")
        );
        assert_eq!(r("/").2.as_deref(), Some("/democracy/hwb/"));
        assert_eq!(r("/democracy/hwb").2.as_deref(), Some("/democracy/hwb/"));
        for missing in [
            "/democracy/hwb/nope/",
            "/democracy/hwb/../secret",
            "/democracy/hwb/%2E%2E/secret",
            "/democracy/hwb//etc/passwd",
            "/elsewhere/",
        ] {
            assert_eq!(r(missing), (404, "gone".into(), None), "{missing}");
        }
    }
}

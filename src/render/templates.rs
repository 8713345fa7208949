//! Parsing the theme's tera templates once per build (their files are read
//! by [`super::theme`]), and rendering a template with errors that name
//! the page and the template.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use serde::Serialize;

/// The theme's templates, parsed once (and, in `serve`, kept between
/// rebuilds while their text is unchanged: [`TemplateCache`]).
#[derive(Clone)]
pub struct Templates {
    /// Shared, so a kept parse is not copied (a replaced partial copies it).
    tera: std::sync::Arc<tera::Tera>,
    /// A hash of every template's name and text, for incremental rebuilds.
    fingerprint: u128,
    /// Told after each page is rendered (the progress bar).
    progress: Option<std::sync::Arc<dyn crate::Progress>>,
}

/// The theme's templates as last parsed, kept by `serve` (see
/// [`Templates::load_reusing`]).
#[derive(Default)]
pub struct TemplateCache {
    kept: std::sync::Mutex<Option<Templates>>,
}

impl TemplateCache {
    fn get(&self, fingerprint: u128) -> Option<Templates> {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.as_ref()
            .filter(|t| t.fingerprint == fingerprint)
            .cloned()
    }

    /// Keeps `templates` as parsed (before partials or progress are added).
    fn put(&self, templates: &Templates) {
        *self.kept.lock().unwrap_or_else(|p| p.into_inner()) = Some(templates.clone());
    }
}

/// A hash of every template's name and text.
fn fingerprint_of(sources: &[(String, String)]) -> u128 {
    let mut h = crate::fingerprint::Fingerprint::new();
    for (name, text) in sources {
        h.part(name.as_bytes()).part(text.as_bytes());
    }
    h.finish()
}

/// Escapes the five characters that matter in HTML text and attributes.
/// (tera's default also escapes `/`, which makes every URL harder to read.)
fn escape_html(input: &str) -> String {
    super::escape(input)
}

impl Templates {
    /// Parses the theme's templates ([`super::Theme`]).
    pub fn load(theme: &super::Theme, diags: &mut Diagnostics) -> Option<Templates> {
        Self::load_reusing(theme, None, diags)
    }

    /// [`Templates::load`], taking the parse from `cache` when every
    /// template's name and text are the ones it was parsed from.
    pub fn load_reusing(
        theme: &super::Theme,
        cache: Option<&TemplateCache>,
        diags: &mut Diagnostics,
    ) -> Option<Templates> {
        let sources = theme.templates(diags);
        let fingerprint = fingerprint_of(&sources);
        if let Some(kept) = cache.and_then(|c| c.get(fingerprint)) {
            return Some(kept);
        }
        let parsed = Self::from_sources(sources, &theme.origin(), diags)?;
        if let Some(cache) = cache {
            cache.put(&parsed);
        }
        Some(parsed)
    }

    /// Parses templates given as (name, text) pairs; `origin` names where
    /// they came from in a diagnostic.
    pub fn from_sources(
        sources: Vec<(String, String)>,
        origin: &str,
        diags: &mut Diagnostics,
    ) -> Option<Templates> {
        let fingerprint = fingerprint_of(&sources);
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        if let Err(e) = tera.add_raw_templates(sources) {
            diags.push(
                Diagnostic::error(format!("theme templates do not parse: {}", error_chain(&e)))
                    .at(Location::file(origin.into())),
            );
            return None;
        }
        Some(Templates {
            tera: std::sync::Arc::new(tera),
            fingerprint,
            progress: None,
        })
    }

    /// Reports each rendered page to `progress`.
    pub fn with_progress(mut self, progress: std::sync::Arc<dyn crate::Progress>) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Renders `template` with `context` for the page at `page_path`.
    pub fn render<T: Serialize>(
        &self,
        template: &str,
        context: &T,
        page_path: &str,
    ) -> Result<String, Diagnostic> {
        let ctx = tera::Context::from_serialize(context).map_err(|e| {
            Diagnostic::error(format!(
                "cannot prepare data for {page_path}: {}",
                error_chain(&e)
            ))
        })?;
        if let Some(p) = &self.progress {
            p.advance(1);
        }
        self.tera.render(template, &ctx).map_err(|e| {
            Diagnostic::error(format!(
                "template {template} failed for page {page_path}: {}",
                error_chain(&e)
            ))
            .hint("check the template against the view struct it receives (src/render/views.rs)")
        })
    }

    /// Adds `text` as template `name`, replacing the theme's template of
    /// that name (the web team's header and footer partials).
    pub fn replace(&mut self, name: &str, text: &str) -> Result<(), String> {
        self.fingerprint = crate::fingerprint::Fingerprint::new()
            .nested(self.fingerprint)
            .part(name.as_bytes())
            .part(text.as_bytes())
            .finish();
        let tera = std::sync::Arc::make_mut(&mut self.tera);
        tera.add_raw_template(name, text)
            .map_err(|e| error_chain(&e))?;
        // Templates that include the replaced one were compiled with the
        // old text; rebuild the inheritance chains so they see the new one.
        tera.build_inheritance_chains().map_err(|e| error_chain(&e))
    }

    /// A hash of every template's name and text (including replacements).
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }

    pub fn has(&self, template: &str) -> bool {
        self.tera.get_template_names().any(|n| n == template)
    }
}

/// tera nests the useful message inside its errors' sources.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

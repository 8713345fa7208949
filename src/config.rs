//! Site configuration: `content/site.toml` → [`Config`].
//!
//! Owns the site-wide settings (title, owner, base URL, language, theme,
//! money style, build date, contact details); `[brand]` is read by
//! [`crate::brand`] and `[accessibility]` by [`crate::accessibility`]. The
//! build date is the only notion of "today" a build has: it comes from
//! `build_date`, else from `SOURCE_DATE_EPOCH`, never from the clock, so
//! builds are reproducible.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::MoneyUnit;
use crate::source::{SourceFile, Spanned, TomlReader};
use chrono::NaiveDate;
use serde::Deserialize;

/// How money is shown on pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyStyle {
    /// Each table in the unit its source used.
    AsSource,
    /// Every figure converted to one unit.
    Unit(MoneyUnit),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// How the site sits inside a council website (`[embed]` in site.toml):
/// the web team's own header and footer partials. The brand name, logo and
/// colours are `[brand]`'s business.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Embed {
    /// A tera partial (path relative to the site folder) that replaces
    /// the theme's `partials/header.html`.
    pub header: Option<String>,
    /// Likewise for `partials/footer.html`.
    pub footer: Option<String>,
    /// Root-relative paths that belong to the host website, not to this
    /// site (`/site-assets/`, `/contact-us`): links to them are not
    /// checked. Each starts with `/`.
    pub host_paths: Vec<String>,
}

impl Embed {
    /// Whether `path` (root-relative, without query or fragment) is one of
    /// the host website's: one of `host_paths`, or under one (a path
    /// ending in `/` covers everything under it; `/contact-us` covers
    /// `/contact-us` and `/contact-us/…`, not `/contact-usage`).
    pub fn is_host_path(&self, path: &str) -> bool {
        self.host_paths.iter().any(|h| covers(h, path))
    }
}

/// Whether the host path `host` is `path` or holds it (see
/// [`Embed::is_host_path`]).
fn covers(host: &str, path: &str) -> bool {
    path == host
        || (host.ends_with('/') && path.starts_with(host))
        || path
            .strip_prefix(host)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The licence published data is offered under (`[open_data]` in `site.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenData {
    /// The licence's name, e.g. "Open Government Licence v3.0".
    pub licence: String,
    pub licence_url: String,
    /// The licence's Open Definition id (e.g. "OGL-UK-3.0"), when known.
    pub licence_id: Option<String>,
}

impl Default for OpenData {
    /// The Open Government Licence v3.0, which the Local Government
    /// Transparency Code 2015 asks councils to use.
    fn default() -> Self {
        OpenData {
            licence: "Open Government Licence v3.0".into(),
            licence_url:
                "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/".into(),
            licence_id: Some("OGL-UK-3.0".into()),
        }
    }
}

/// The site's search (`[search]` in `site.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// Whether the build indexes the papers for search and publishes the
    /// search page (`search/`), its link in the navigation and the index
    /// (`pagefind/`). On unless `site.toml` says `enabled = false`, for a
    /// council whose own site search covers the pages.
    pub enabled: bool,
}

impl Default for Search {
    fn default() -> Self {
        Search { enabled: true }
    }
}

/// The site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub owner: String,
    /// Absolute URL of the site root, always ending in `/`.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub build_date: Option<NaiveDate>,
    pub money_style: MoneyStyle,
    pub contact: Contact,
    /// Keep raw HTML in paper bodies as written instead of sanitising it
    /// (script, event handlers and inline styles are still refused).
    pub allow_raw_html: bool,
    pub embed: Embed,
    pub open_data: OpenData,
    /// `[brand]`: name, logo and colours (checked for contrast).
    pub brand: crate::brand::Brand,
    /// `[accessibility]`: the accessibility statement; `None` when absent.
    pub accessibility: Option<crate::accessibility::Statement>,
    /// `[search]`: whether the site has a search page and index.
    pub search: Search,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmbed {
    header: Option<String>,
    footer: Option<String>,
    #[serde(default)]
    host_paths: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    owner: String,
    base_url: Spanned<String>,
    language: Option<String>,
    theme: Option<Spanned<String>>,
    build_date: Option<Spanned<toml::Value>>,
    money: Option<RawMoney>,
    contact: Option<RawContact>,
    allow_raw_html: Option<bool>,
    embed: Option<RawEmbed>,
    brand: Option<crate::brand::RawBrand>,
    accessibility: Option<crate::accessibility::RawStatement>,
    open_data: Option<Spanned<RawOpenData>>,
    search: Option<RawSearch>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    enabled: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOpenData {
    licence: Option<String>,
    licence_url: Option<String>,
    licence_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMoney {
    style: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    email: Option<String>,
    phone: Option<String>,
}

/// Parses `site.toml`. `source_date_epoch` is the value of the
/// `SOURCE_DATE_EPOCH` environment variable, if set.
pub fn parse(
    file: &SourceFile,
    source_date_epoch: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Config> {
    let mut r = TomlReader::new(file, 0, diags);
    let raw: RawConfig = r.parse(&file.text.clone())?;

    let base = raw.base_url.get_ref().trim();
    let base_ok = (base.starts_with("https://") || base.starts_with("http://"))
        && !base.contains(char::is_whitespace)
        && base.len() > "https://x".len();
    if !base_ok {
        r.error_at::<_, ()>(
            &raw.base_url,
            Diagnostic::error(format!("base_url \"{base}\" is not an absolute http(s) URL"))
                .hint("write the address the site will be published at, e.g. \"https://www.example.gov.uk/democracy/hwb/\""),
        );
    }
    let base_url = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };

    let theme = match &raw.theme {
        Some(t) if !crate::content::is_slug(t.get_ref()) => {
            r.error_at::<_, ()>(
                t,
                Diagnostic::error(format!("theme \"{}\" is not a folder name", t.get_ref()))
                    .hint("a theme is a folder under themes/, named with lower-case letters, digits and hyphens"),
            );
            "default".to_string()
        }
        Some(t) => t.get_ref().clone(),
        None => "default".to_string(),
    };

    let money_style = match &raw.money {
        None => MoneyStyle::AsSource,
        Some(m) => {
            let names = ["as-source", "£m", "£000", "£"];
            r.choice(&m.style, "money style", &names, |s| match s {
                "as-source" => Some(MoneyStyle::AsSource),
                other => MoneyUnit::parse(other).map(MoneyStyle::Unit),
            })
            .unwrap_or(MoneyStyle::AsSource)
        }
    };

    let build_date = match &raw.build_date {
        Some(v) => r.day(v),
        None => source_date_epoch.and_then(|s| {
            let secs: i64 = s.trim().parse().ok()?;
            chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
        }),
    };

    let contact = raw
        .contact
        .map(|c| Contact {
            email: c.email,
            phone: c.phone,
        })
        .unwrap_or_default();

    let embed = match raw.embed {
        None => Embed::default(),
        Some(e) => {
            let site_path = base_url
                .splitn(4, '/')
                .nth(3)
                .map_or(String::new(), |p| format!("/{p}"));
            let mut host_paths = Vec::new();
            for h in &e.host_paths {
                let path = h.get_ref().trim();
                let problem = if !path.starts_with('/') || path.starts_with("//") {
                    Some("is not a root-relative path (one starting with a single /)")
                } else if path.contains(char::is_whitespace) || path.contains(['?', '#']) {
                    Some("is not a path (it has a space, ? or #)")
                } else if path == "/"
                    || (site_path.len() > 1
                        && (path.starts_with(&site_path) || covers(path, &site_path)))
                {
                    Some("is this site's own path, or holds it, so every link of the site would go unchecked")
                } else {
                    None
                };
                match problem {
                    Some(p) => {
                        r.error_at::<_, ()>(
                            h,
                            Diagnostic::error(format!("[embed] host_paths: \"{path}\" {p}"))
                                .hint("list the paths of the council's own website that its header and footer link to, e.g. host_paths = [\"/site-assets/\", \"/contact-us\"]"),
                        );
                    }
                    None => host_paths.push(path.to_string()),
                }
            }
            Embed {
                header: e.header,
                footer: e.footer,
                host_paths,
            }
        }
    };
    let open_data = match &raw.open_data {
        None => OpenData::default(),
        Some(o) => {
            let loc = r.loc_of(o);
            let o = o.get_ref();
            match (&o.licence, &o.licence_url) {
                (None, None) => OpenData {
                    licence_id: o.licence_id.clone().or(OpenData::default().licence_id),
                    ..OpenData::default()
                },
                (Some(name), Some(url))
                    if !name.trim().is_empty()
                        && (url.starts_with("https://") || url.starts_with("http://")) =>
                {
                    OpenData {
                        licence: name.trim().to_string(),
                        licence_url: url.trim().to_string(),
                        licence_id: o.licence_id.clone(),
                    }
                }
                _ => {
                    r.diags.push(
                        Diagnostic::error("[open_data] needs both `licence` and an absolute `licence_url`")
                            .at(loc)
                            .hint("e.g. licence = \"Open Government Licence v3.0\", licence_url = \"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\"; leave [open_data] out for that default"),
                    );
                    OpenData::default()
                }
            }
        }
    };

    let brand = crate::brand::parse(raw.brand, &mut r);
    let accessibility = match raw.accessibility {
        Some(a) => {
            let fallback = crate::accessibility::Fallback {
                email: contact.email.as_deref(),
                phone: contact.phone.as_deref(),
            };
            crate::accessibility::parse(a, fallback, build_date, &mut r)
        }
        None => {
            crate::accessibility::missing(&file.path, r.diags);
            None
        }
    };

    if raw.title.trim().is_empty() {
        diags.push(Diagnostic::error("site title is empty").at(Location::file(file.path.clone())));
    }

    Some(Config {
        title: raw.title,
        owner: raw.owner,
        base_url,
        language: raw.language.unwrap_or_else(|| "en-GB".to_string()),
        theme,
        build_date,
        money_style,
        contact,
        allow_raw_html: raw.allow_raw_html.unwrap_or(false),
        embed,
        open_data,
        brand,
        accessibility,
        search: Search {
            enabled: raw.search.and_then(|s| s.enabled).unwrap_or(true),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str, epoch: Option<&str>) -> (Option<Config>, Diagnostics) {
        let mut d = Diagnostics::new();
        let c = parse(&SourceFile::new("content/site.toml", text), epoch, &mut d);
        (c, d)
    }

    #[test]
    fn build_date_comes_from_config_then_source_date_epoch() {
        let base = "title = \"t\"\nowner = \"o\"\nbase_url = \"https://e.gov.uk/a\"\n";
        let (c, _) = parse_str(&format!("{base}build_date = 2026-11-26\n"), Some("0"));
        let c = c.expect("config");
        assert_eq!(c.build_date, NaiveDate::from_ymd_opt(2026, 11, 26));
        assert_eq!(c.base_url, "https://e.gov.uk/a/");
        let (c, _) = parse_str(base, Some("1700000000"));
        assert_eq!(
            c.expect("config").build_date,
            NaiveDate::from_ymd_opt(2023, 11, 14)
        );
        let (c, _) = parse_str(base, None);
        assert_eq!(c.expect("config").build_date, None);
    }

    #[test]
    fn open_data_licence_defaults_to_ogl_and_can_be_configured() {
        let base = "title = \"t\"\nowner = \"o\"\nbase_url = \"https://e.gov.uk/\"\n";
        let (c, _) = parse_str(base, None);
        let c = c.expect("config");
        assert_eq!(c.open_data.licence, "Open Government Licence v3.0");
        assert_eq!(c.open_data.licence_id.as_deref(), Some("OGL-UK-3.0"));
        let (c, d) = parse_str(
            &format!("{base}[open_data]\nlicence = \"CC BY 4.0\"\nlicence_url = \"https://creativecommons.org/licenses/by/4.0/\"\nlicence_id = \"CC-BY-4.0\"\n"),
            None,
        );
        assert!(!d.has_errors());
        let c = c.expect("config");
        assert_eq!(c.open_data.licence, "CC BY 4.0");
        assert_eq!(c.open_data.licence_id.as_deref(), Some("CC-BY-4.0"));
        let (_, d) = parse_str(&format!("{base}[open_data]\nlicence = \"Mine\"\n"), None);
        let errors: Vec<_> = d.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].message,
            "[open_data] needs both `licence` and an absolute `licence_url`"
        );
    }

    #[test]
    fn host_paths_must_be_root_relative_paths_outside_the_site() {
        let base = "title = \"t\"\nowner = \"o\"\nbase_url = \"https://e.gov.uk/democracy/hwb/\"\n";
        let (c, d) = parse_str(
            &format!("{base}[embed]\nhost_paths = [\"/site-assets/\", \"/contact-us\"]\n"),
            None,
        );
        assert!(!d.has_errors());
        let embed = c.expect("config").embed;
        assert!(embed.is_host_path("/site-assets/css/a.css"));
        assert!(embed.is_host_path("/contact-us") && embed.is_host_path("/contact-us/form"));
        assert!(!embed.is_host_path("/contact-usage") && !embed.is_host_path("/site-assets"));
        let (_, d) = parse_str(
            &format!("{base}[embed]\nhost_paths = [\"site-assets/\", \"/democracy\", \"/democracy/hwb/x\", \"/\", \"/democ\"]\n"),
            None,
        );
        let errors: Vec<String> = d
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            errors,
            [
                "content/site.toml:5:15: error: [embed] host_paths: \"site-assets/\" is not a root-relative path (one starting with a single /)",
                "content/site.toml:5:31: error: [embed] host_paths: \"/democracy\" is this site's own path, or holds it, so every link of the site would go unchecked",
                "content/site.toml:5:45: error: [embed] host_paths: \"/democracy/hwb/x\" is this site's own path, or holds it, so every link of the site would go unchecked",
                "content/site.toml:5:65: error: [embed] host_paths: \"/\" is this site's own path, or holds it, so every link of the site would go unchecked",
            ]
        );
    }

    #[test]
    fn search_is_on_unless_turned_off() {
        let base = "title = \"t\"\nowner = \"o\"\nbase_url = \"https://e.gov.uk/\"\n";
        let (c, _) = parse_str(base, None);
        assert!(c.expect("config").search.enabled);
        let (c, d) = parse_str(&format!("{base}[search]\nenabled = false\n"), None);
        assert!(!d.has_errors());
        assert!(!c.expect("config").search.enabled);
        let (c, _) = parse_str(&format!("{base}[search]\n"), None);
        assert!(c.expect("config").search.enabled);
    }

    #[test]
    fn unknown_field_suggests_the_right_one() {
        let (_, d) = parse_str(
            "titel = \"t\"\nowner = \"o\"\nbase_url = \"https://e.gov.uk/\"\n",
            None,
        );
        let d: Vec<_> = d.iter().collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "unknown field \"titel\"");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean \"title\"?"));
        let loc = d[0].location.as_ref().expect("located");
        assert_eq!((loc.line, loc.col), (1, 1));
    }
}

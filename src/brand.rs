//! Brand: the `[brand]` table of `site.toml` (organisation name, logo and
//! colours), the WCAG 2.2 contrast checks every colour must pass, and the
//! small stylesheet (`assets/brand.css`) that carries the colours to the
//! page as CSS custom properties — never as inline style, so pages keep
//! working under a strict Content-Security-Policy.
//!
//! Contrast is the WCAG ratio of sRGB relative luminances,
//! `(L1 + 0.05) / (L2 + 0.05)`. It is computed in `f64`: a contrast ratio is
//! a check, not a published figure, and is shown truncated (never rounded
//! up) so a failing pair can never print as a passing ratio.
//!
//! Owns no I/O; [`check_logo`] looks for the logo among the theme's static
//! files.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::Located;
use crate::source::{Spanned, TomlReader};
use serde::Deserialize;
use std::fmt;

/// An sRGB colour written `#rrggbb` or `#rgb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Colour { r, g, b }
    }

    pub const WHITE: Colour = Colour::rgb(0xff, 0xff, 0xff);
    /// The default theme's text colour (GOV.UK's near-black).
    pub const NEAR_BLACK: Colour = Colour::rgb(0x0b, 0x0c, 0x0c);

    /// Parses `#rrggbb` or `#rgb` (case-insensitive).
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
        match hex.len() {
            3 => Some(Colour::rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => Some(Colour::rgb(
                u8::from_str_radix(&hex[0..2], 16).ok()?,
                u8::from_str_radix(&hex[2..4], 16).ok()?,
                u8::from_str_radix(&hex[4..6], 16).ok()?,
            )),
            _ => None,
        }
    }

    /// WCAG relative luminance: 0 for black, 1 for white.
    pub fn luminance(self) -> f64 {
        fn channel(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// The WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white).
pub fn contrast(a: Colour, b: Colour) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// A ratio as people read it, truncated to two decimals so that a failing
/// ratio never displays as the threshold: `4.47:1`, `21:1`, `1.3:1`.
pub fn ratio_text(ratio: f64) -> String {
    // The small epsilon absorbs binary noise (21.0 computed as 20.999…).
    let hundredths = ((ratio + 1e-9) * 100.0).floor() / 100.0;
    let text = format!("{hundredths:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}:1")
}

/// The page and footer backgrounds of the default theme (not brandable).
pub const PAGE_BACKGROUND: Colour = Colour::WHITE;
pub const FOOTER_BACKGROUND: Colour = Colour::rgb(0xf3, 0xf2, 0xf1);

/// One brandable colour: its `site.toml` key, the CSS custom property it
/// sets, the default theme's value, and how people name it in messages.
struct Slot {
    key: &'static str,
    property: &'static str,
    default: Colour,
    name: &'static str,
}

/// Every brandable colour, in `site.toml` order. The defaults are the
/// default theme's `:root` values (a test keeps them in step with site.css).
const SLOTS: [Slot; 9] = [
    Slot {
        key: "header_background",
        property: "--brand",
        default: Colour::rgb(0x1d, 0x4f, 0x91),
        name: "header background",
    },
    Slot {
        key: "header_text",
        property: "--brand-text",
        default: Colour::WHITE,
        name: "header text",
    },
    Slot {
        key: "text",
        property: "--text",
        default: Colour::NEAR_BLACK,
        name: "text",
    },
    Slot {
        key: "secondary_text",
        property: "--secondary-text",
        default: Colour::rgb(0x48, 0x49, 0x49),
        name: "secondary text",
    },
    Slot {
        key: "link",
        property: "--link",
        default: Colour::rgb(0x1a, 0x4f, 0x8b),
        name: "link",
    },
    Slot {
        key: "link_visited",
        property: "--link-visited",
        default: Colour::rgb(0x4c, 0x2c, 0x92),
        name: "visited link",
    },
    Slot {
        key: "focus",
        property: "--focus",
        default: Colour::rgb(0xff, 0xdd, 0x00),
        name: "focus",
    },
    Slot {
        key: "focus_text",
        property: "--focus-text",
        default: Colour::NEAR_BLACK,
        name: "focus text",
    },
    Slot {
        key: "border",
        property: "--border-strong",
        default: Colour::rgb(0x50, 0x5a, 0x5f),
        name: "border",
    },
];

const TEXT: f64 = 4.5;
const NON_TEXT: f64 = 3.0;

/// The site's brand, as configured (every field optional).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Brand {
    /// The organisation's name shown in the header (default: the site's owner).
    pub name: Option<String>,
    pub logo: Option<Logo>,
    /// The colours `site.toml` sets, by slot index, with where they were written.
    colours: Vec<(usize, Located<Colour>)>,
}

/// The logo: a path inside the theme's `static/` folder and its alt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub path: Located<String>,
    pub alt: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBrand {
    name: Option<String>,
    logo: Option<Spanned<String>>,
    logo_alt: Option<Spanned<String>>,
    colours: Option<RawColours>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawColours {
    header_background: Option<Spanned<String>>,
    header_text: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    secondary_text: Option<Spanned<String>>,
    link: Option<Spanned<String>>,
    link_visited: Option<Spanned<String>>,
    focus: Option<Spanned<String>>,
    focus_text: Option<Spanned<String>>,
    border: Option<Spanned<String>>,
}

impl RawColours {
    /// The configured values in [`SLOTS`] order.
    fn by_slot(&self) -> [&Option<Spanned<String>>; 9] {
        [
            &self.header_background,
            &self.header_text,
            &self.text,
            &self.secondary_text,
            &self.link,
            &self.link_visited,
            &self.focus,
            &self.focus_text,
            &self.border,
        ]
    }
}

/// Alt text that says nothing about the logo.
const EMPTY_ALT: [&str; 5] = ["logo", "image", "picture", "graphic", "icon"];

/// Reads `[brand]` and checks every colour pair; problems go to `r.diags`.
pub(crate) fn parse(raw: Option<RawBrand>, r: &mut TomlReader<'_>) -> Brand {
    let Some(raw) = raw else {
        return Brand::default();
    };
    let mut brand = Brand {
        name: raw.name.filter(|n| !n.trim().is_empty()),
        ..Brand::default()
    };
    let colours = raw.colours.unwrap_or_default();
    for (i, value) in colours.by_slot().into_iter().enumerate() {
        let Some(v) = value else { continue };
        match Colour::parse(v.get_ref()) {
            Some(c) => brand.colours.push((
                i,
                Located {
                    value: c,
                    location: r.loc_of(v),
                },
            )),
            None => {
                r.error_at::<_, ()>(
                    v,
                    Diagnostic::error(format!(
                        "{} colour \"{}\" is not a hex colour",
                        SLOTS[i].name,
                        v.get_ref()
                    ))
                    .hint("write colours as #rrggbb (or #rgb), e.g. \"#1d4f91\""),
                );
            }
        }
    }
    match (raw.logo, raw.logo_alt) {
        (Some(path), alt) => {
            let alt_text = alt.as_ref().map(|a| a.get_ref().trim().to_string());
            match (&alt, alt_text.as_deref()) {
                (None, _) => {
                    r.error_at::<_, ()>(
                        &path,
                        Diagnostic::error("the logo has no alt text").hint(
                            "add logo_alt = \"…\": usually the organisation's name, e.g. \"Example Council\"",
                        ),
                    );
                }
                (Some(a), Some(t))
                    if t.is_empty() || EMPTY_ALT.contains(&t.to_lowercase().as_str()) =>
                {
                    r.error_at::<_, ()>(
                        a,
                        Diagnostic::error(format!("logo alt text \"{t}\" says nothing")).hint(
                            "write what the logo says, usually the organisation's name, e.g. \"Example Council\"",
                        ),
                    );
                }
                _ => {}
            }
            let p = path.get_ref();
            let safe = !p.is_empty()
                && !p.starts_with('/')
                && !p.contains('\\')
                && p.split('/').all(|s| !s.is_empty() && s != "." && s != "..");
            let image = [".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"]
                .iter()
                .any(|e| p.to_ascii_lowercase().ends_with(e));
            if !safe || !image {
                r.error_at::<_, ()>(
                    &path,
                    Diagnostic::error(format!("logo \"{p}\" is not an image path inside the theme's static folder"))
                        .hint("put the logo in themes/<theme>/static/ and write its path from there, e.g. logo = \"assets/logo.svg\" (SVG, PNG, JPEG, GIF or WebP)"),
                );
            } else {
                brand.logo = Some(Logo {
                    path: r.located(&path),
                    alt: alt_text.unwrap_or_default(),
                });
            }
        }
        (None, Some(alt)) => {
            r.error_at::<_, ()>(
                &alt,
                Diagnostic::error("logo_alt without a logo")
                    .hint("add logo = \"assets/logo.svg\", or remove logo_alt"),
            );
        }
        (None, None) => {}
    }
    for d in brand.contrast_problems() {
        r.diags.push(d);
    }
    brand
}

/// A pair of colours that must reach a contrast ratio.
struct Pair {
    fg: usize,
    bg: Option<usize>,
    /// The fixed background when `bg` is `None`.
    fixed: (Colour, &'static str),
    min: f64,
}

impl Brand {
    /// The effective colour of a slot: as configured, else the theme default.
    fn colour(&self, slot: usize) -> Colour {
        self.configured(slot)
            .map_or(SLOTS[slot].default, |c| c.value)
    }

    fn configured(&self, slot: usize) -> Option<&Located<Colour>> {
        self.colours
            .iter()
            .find(|(i, _)| *i == slot)
            .map(|(_, c)| c)
    }

    fn slot(key: &str) -> usize {
        SLOTS.iter().position(|s| s.key == key).unwrap_or(0)
    }

    /// Every pair whose contrast is too low, as located errors. Pairs made
    /// only of theme defaults are not reported here (the theme is checked
    /// by the browser gate and by a unit test).
    pub fn contrast_problems(&self) -> Vec<Diagnostic> {
        self.checks()
            .into_iter()
            .filter_map(|(d, at)| at.map(|l| d.at(l)))
            .collect()
    }

    /// Every failing pair, with the location of the colour the site set
    /// (`None` when both colours are theme defaults).
    fn checks(&self) -> Vec<(Diagnostic, Option<Location>)> {
        let s = Self::slot;
        let on_page = (PAGE_BACKGROUND, "the page background");
        let on_footer = (FOOTER_BACKGROUND, "the footer background");
        let pair = |fg: &str, bg: Option<&str>, fixed, min| Pair {
            fg: s(fg),
            bg: bg.map(s),
            fixed,
            min,
        };
        let pairs = [
            pair("header_text", Some("header_background"), on_page, TEXT),
            pair("text", None, on_page, TEXT),
            pair("secondary_text", None, on_page, TEXT),
            pair("link", None, on_page, TEXT),
            pair("link_visited", None, on_page, TEXT),
            pair("link", None, on_footer, TEXT),
            pair("link_visited", None, on_footer, TEXT),
            pair("focus_text", Some("focus"), on_page, TEXT),
            pair("border", None, on_page, NON_TEXT),
        ];
        let mut out = Vec::new();
        for p in pairs {
            let fg = self.colour(p.fg);
            let (bg, bg_name) = match p.bg {
                Some(b) => (
                    self.colour(b),
                    format!("{} {}", SLOTS[b].name, self.colour(b)),
                ),
                None => (p.fixed.0, format!("{} {}", p.fixed.1, p.fixed.0)),
            };
            // Report at the colour the site set: the foreground if it did, else the background.
            let at = self
                .configured(p.fg)
                .or_else(|| p.bg.and_then(|b| self.configured(b)))
                .map(|c| c.location.clone());
            let ratio = contrast(fg, bg);
            if ratio < p.min {
                let what = if p.min < TEXT { " (a UI border)" } else { "" };
                out.push((
                    Diagnostic::error(format!(
                        "{} {fg}{what} on {bg_name} has contrast {}; at least {} is needed",
                        SLOTS[p.fg].name,
                        ratio_text(ratio),
                        ratio_text(p.min)
                    ))
                    .hint(suggestion(bg, p.min)),
                    at,
                ));
            }
        }
        // The focus indicator is the focus colour with a focus-text bar
        // beneath it: it is visible where either part reaches 3:1 against
        // what surrounds it (WCAG 1.4.11, 2.4.13).
        let (focus, bar) = (self.colour(s("focus")), self.colour(s("focus_text")));
        let header = self.colour(s("header_background"));
        for (bg, bg_name, bg_slot) in [
            (
                PAGE_BACKGROUND,
                format!("the page background {PAGE_BACKGROUND}"),
                None,
            ),
            (
                header,
                format!("header background {header}"),
                Some(s("header_background")),
            ),
        ] {
            let at = self
                .configured(s("focus"))
                .or_else(|| self.configured(s("focus_text")))
                .or_else(|| bg_slot.and_then(|b| self.configured(b)))
                .map(|c| c.location.clone());
            let (a, b) = (contrast(focus, bg), contrast(bar, bg));
            if a < NON_TEXT && b < NON_TEXT {
                out.push((
                    Diagnostic::error(format!(
                        "focus indicator (focus {focus} with a focus text {bar} bar) on {bg_name} has contrast {} and {}; at least 3:1 is needed for one of them",
                        ratio_text(a),
                        ratio_text(b)
                    ))
                    .hint("keyboard users must see where they are: pick a focus or focus text colour with at least 3:1 against this background"),
                    at,
                ));
            }
        }
        out
    }

    /// The stylesheet that carries the configured colours to every page.
    pub fn css(&self) -> String {
        let mut css = String::from(
            "/* Brand colours from site.toml [brand], checked for WCAG 2.2 contrast at build time.\n   Generated by plansite: edit site.toml, not this file. */\n",
        );
        if self.colours.is_empty() {
            css.push_str("/* site.toml sets no brand colours: the theme's defaults apply. */\n");
            return css;
        }
        css.push_str(":root {\n");
        let mut set: Vec<&(usize, Located<Colour>)> = self.colours.iter().collect();
        set.sort_by_key(|(i, _)| *i);
        for (i, c) in set {
            css.push_str(&format!("  {}: {};\n", SLOTS[*i].property, c.value));
        }
        css.push_str("}\n");
        css
    }
}

/// A concrete fix: the near-black or white text that passes on `bg`.
fn suggestion(bg: Colour, min: f64) -> String {
    let dark = contrast(Colour::NEAR_BLACK, bg);
    let light = contrast(Colour::WHITE, bg);
    let (c, r) = if dark >= light {
        (Colour::NEAR_BLACK, dark)
    } else {
        (Colour::WHITE, light)
    };
    if r >= min {
        format!(
            "choose colours with at least {} contrast; on {bg}, {c} has {}",
            ratio_text(min),
            ratio_text(r)
        )
    } else {
        format!(
            "choose colours with at least {} contrast; no text colour reaches it on {bg}, so change the background",
            ratio_text(min)
        )
    }
}

/// Checks that the logo is one of the theme's static files (the site's
/// own `themes/<theme>/static/`, or the built-in theme's).
pub fn check_logo(brand: &Brand, theme: &crate::render::Theme, diags: &mut Diagnostics) {
    let Some(logo) = &brand.logo else { return };
    if !theme.has_static(&logo.path.value) {
        diags.push(
            Diagnostic::error(format!(
                "logo file \"{}\" is not in the theme's static folder",
                logo.path.value
            ))
            .at(logo.path.location.clone())
            .hint(format!(
                "save the logo as {}/static/{}",
                theme.folder(),
                logo.path.value
            )),
        );
    }
}

/// Where the theme's default colours live; used by tests.
pub fn default_properties() -> Vec<(&'static str, Colour)> {
    SLOTS.iter().map(|s| (s.property, s.default)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn c(s: &str) -> Colour {
        Colour::parse(s).expect("colour")
    }

    #[test]
    fn contrast_of_known_pairs() {
        // Published ratios (WebAIM contrast checker, WCAG 2.x definition).
        let cases = [
            ("#000000", "#ffffff", "21:1"),
            ("#ffffff", "#ffffff", "1:1"),
            ("#767676", "#ffffff", "4.54:1"), // the lightest grey that passes on white
            ("#777777", "#ffffff", "4.47:1"), // the famous near miss
            ("#0b0c0c", "#ffdd00", "14.54:1"), // GOV.UK focus
            ("#1d70b8", "#ffffff", "5.16:1"), // GOV.UK link blue: 5.1698, published rounded as 5.17
            ("#ffffff", "#ffdd00", "1.34:1"),
            ("#f00", "#ffffff", "3.99:1"),
            ("#ffffff", "#1d4f91", "8.14:1"), // the default header
        ];
        for (a, b, want) in cases {
            assert_eq!(ratio_text(contrast(c(a), c(b))), want, "{a} on {b}");
            assert_eq!(contrast(c(a), c(b)), contrast(c(b), c(a)), "symmetric");
        }
    }

    #[test]
    fn parses_hex_colours_only() {
        assert_eq!(
            Colour::parse("#1D4F91"),
            Some(Colour::rgb(0x1d, 0x4f, 0x91))
        );
        assert_eq!(Colour::parse("#fd0"), Some(Colour::rgb(0xff, 0xdd, 0x00)));
        assert_eq!(c("#fd0").to_string(), "#ffdd00");
        for bad in [
            "1d4f91",
            "#1d4f9",
            "#gggggg",
            "red",
            "#",
            "#1d4f91ff",
            "#ÿÿÿ",
        ] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn truncates_ratios_so_a_failure_never_shows_as_the_threshold() {
        assert_eq!(ratio_text(4.4999), "4.49:1");
        assert_eq!(ratio_text(2.999), "2.99:1");
        assert_eq!(ratio_text(4.5), "4.5:1");
        assert_eq!(ratio_text(3.0), "3:1");
    }

    fn brand(toml_text: &str) -> (Brand, Vec<Diagnostic>) {
        #[derive(Deserialize)]
        struct T {
            brand: Option<RawBrand>,
        }
        let file = SourceFile::new("content/site.toml", toml_text);
        let mut diags = Diagnostics::new();
        let mut r = TomlReader::new(&file, 0, &mut diags);
        let t: T = r.parse(&file.text.clone()).expect("parses");
        let b = parse(t.brand, &mut r);
        (b, diags.into_vec())
    }

    #[test]
    fn low_contrast_header_is_an_error_naming_the_pair_and_ratio() {
        let (_, d) =
            brand("[brand.colours]\nheader_background = \"#ffdd00\"\nheader_text = \"#ffffff\"\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].to_string(),
            "content/site.toml:3:15: error: header text #ffffff on header background #ffdd00 has contrast 1.34:1; at least 4.5:1 is needed"
        );
        assert_eq!(
            d[0].hint.as_deref(),
            Some("choose colours with at least 4.5:1 contrast; on #ffdd00, #0b0c0c has 14.54:1")
        );
    }

    #[test]
    fn a_background_alone_is_checked_against_the_default_text() {
        // White header text fails on yellow; the focus indicator does not,
        // because its near-black bar still shows (14.54:1).
        let (_, d) = brand("[brand.colours]\nheader_background = \"#ffdd00\"\n");
        let msgs: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            ["content/site.toml:2:21: error: header text #ffffff on header background #ffdd00 has contrast 1.34:1; at least 4.5:1 is needed"]
        );
    }

    #[test]
    fn ui_borders_need_three_to_one_and_links_four_and_a_half() {
        let (_, d) = brand("[brand.colours]\nborder = \"#949494\"\nlink = \"#2b8cc4\"\n");
        let msgs: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "content/site.toml:3:8: error: link #2b8cc4 on the page background #ffffff has contrast 3.71:1; at least 4.5:1 is needed",
                "content/site.toml:3:8: error: link #2b8cc4 on the footer background #f3f2f1 has contrast 3.32:1; at least 4.5:1 is needed",
            ],
            "#949494 is 3.03:1 on white: enough for a border"
        );
        let (_, d) = brand("[brand.colours]\nborder = \"#999999\"\n");
        let msgs: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            ["content/site.toml:2:10: error: border #999999 (a UI border) on the page background #ffffff has contrast 2.84:1; at least 3:1 is needed"]
        );
    }

    #[test]
    fn focus_that_disappears_is_an_error() {
        // A white focus colour with a pale bar on a white page: invisible.
        let (_, d) = brand("[brand.colours]\nfocus = \"#ffffff\"\nfocus_text = \"#f3f2f1\"\n");
        let msgs: Vec<String> = d.iter().map(|x| x.message.clone()).collect();
        assert!(
            msgs.contains(&"focus indicator (focus #ffffff with a focus text #f3f2f1 bar) on the page background #ffffff has contrast 1:1 and 1.11:1; at least 3:1 is needed for one of them".to_string()),
            "{msgs:?}"
        );
    }

    #[test]
    fn good_brand_writes_custom_properties() {
        let (b, d) = brand(
            "[brand]\nname = \"Example Council\"\n[brand.colours]\nheader_background = \"#0b0c0c\"\nlink = \"#1d70b8\"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(b.name.as_deref(), Some("Example Council"));
        assert!(b
            .css()
            .ends_with(":root {\n  --brand: #0b0c0c;\n  --link: #1d70b8;\n}\n"));
    }

    #[test]
    fn logo_needs_alt_text_that_says_something() {
        let (_, d) = brand("[brand]\nlogo = \"assets/logo.svg\"\n");
        assert_eq!(
            d[0].to_string(),
            "content/site.toml:2:8: error: the logo has no alt text"
        );
        let (_, d) = brand("[brand]\nlogo = \"assets/logo.svg\"\nlogo_alt = \"Logo\"\n");
        assert_eq!(
            d[0].to_string(),
            "content/site.toml:3:12: error: logo alt text \"Logo\" says nothing"
        );
        let (_, d) = brand("[brand]\nlogo = \"../secret.svg\"\nlogo_alt = \"Example Council\"\n");
        assert!(d[0].message.contains("is not an image path"), "{d:?}");
        let (b, d) = brand("[brand]\nlogo = \"assets/logo.svg\"\nlogo_alt = \"Example Council\"\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(b.logo.map(|l| l.alt), Some("Example Council".to_string()));
    }

    #[test]
    fn defaults_match_the_default_theme_stylesheet() {
        let css = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/static/assets/site.css"),
        )
        .expect("site.css");
        for (property, colour) in default_properties() {
            let decl = format!("{property}: {colour};");
            assert!(css.contains(&decl), "site.css should declare {decl}");
        }
        // And the defaults pass their own checks.
        let failures: Vec<String> = Brand::default()
            .checks()
            .into_iter()
            .map(|(d, _)| d.message)
            .collect();
        assert!(failures.is_empty(), "{failures:?}");
    }
}

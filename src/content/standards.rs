//! Standards files: `content/standards/<set>.toml` → [`StandardSet`].

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{
    Citation, Commitment, Comparator, MeasureUnit, Polarity, Standard, StandardSet,
};
use crate::source::{SourceFile, Spanned, TomlReader};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    title: String,
    kind: Option<String>,
    description: Option<String>,
    source: RawCitation,
    #[serde(default)]
    items: Vec<RawItem>,
}

/// A citation as written in standards and progress files.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCitation {
    publisher: Option<String>,
    title: String,
    url: Option<String>,
    published: Option<Spanned<toml::Value>>,
    paper: Option<String>,
    paragraph: Option<String>,
}

impl RawCitation {
    pub(super) fn read(&self, r: &mut TomlReader<'_>) -> Citation {
        Citation {
            publisher: self.publisher.clone(),
            title: self.title.clone(),
            url: self.url.clone(),
            published: self
                .published
                .as_ref()
                .and_then(|p| r.date(p))
                .map(|d| d.value),
            paper: self.paper.clone(),
            paragraph: self.paragraph.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    number: String,
    id: Spanned<String>,
    title: String,
    text: Option<String>,
    #[serde(default)]
    standards: Vec<Spanned<RawStandard>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandard {
    id: Spanned<String>,
    name: String,
    description: Option<String>,
    comparator: Spanned<String>,
    threshold: Spanned<toml::Value>,
    unit: Spanned<String>,
    precision: Option<u32>,
    polarity: Option<Spanned<String>>,
    effective_from: Option<Spanned<toml::Value>>,
    effective_to: Option<Spanned<toml::Value>>,
}

/// Parses one standards set; `id` is its file name without `.toml`.
pub fn parse_standard_set(
    id: &str,
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<StandardSet> {
    let mut r = TomlReader::new(file, 0, diags);
    let raw: RawSet = r.parse(&file.text.clone())?;
    let source = raw.source.read(&mut r);
    let mut items = Vec::new();
    for item in &raw.items {
        if !super::is_slug(item.id.get_ref()) {
            r.error_at::<_, ()>(
                &item.id,
                Diagnostic::error(format!("id \"{}\" is not a slug", item.id.get_ref())),
            );
            continue;
        }
        let mut standards = Vec::new();
        for s in &item.standards {
            let location = r.loc_of(s);
            if let Some(st) = standard(&mut r, s.get_ref(), location) {
                standards.push(st);
            }
        }
        items.push(Commitment {
            number: item.number.clone(),
            id: item.id.get_ref().clone(),
            title: item.title.clone(),
            text: item.text.clone(),
            standards,
        });
    }
    Some(StandardSet {
        id: id.to_string(),
        title: raw.title,
        kind: raw.kind.unwrap_or_else(|| "other".to_string()),
        description: raw.description,
        source,
        items,
        location: Location::file(file.path.clone()),
    })
}

fn standard(r: &mut TomlReader<'_>, s: &RawStandard, location: Location) -> Option<Standard> {
    if !super::is_slug(s.id.get_ref()) {
        return r.error_at(
            &s.id,
            Diagnostic::error(format!("standard id \"{}\" is not a slug", s.id.get_ref())),
        );
    }
    let comparator = r.choice(
        &s.comparator,
        "comparator",
        &Comparator::NAMES,
        Comparator::parse,
    )?;
    let unit = r.choice(&s.unit, "unit", &MeasureUnit::NAMES, MeasureUnit::parse)?;
    let threshold = r.decimal(&s.threshold)?;
    let polarity = match &s.polarity {
        Some(p) => r.choice(p, "polarity", &Polarity::NAMES, Polarity::parse)?,
        None => match comparator {
            Comparator::AtLeast | Comparator::MoreThan => Polarity::HigherIsBetter,
            Comparator::AtMost | Comparator::LessThan => Polarity::LowerIsBetter,
        },
    };
    let precision = s.precision.unwrap_or(threshold.value.scale());
    if precision > 6 {
        r.diags.push(
            Diagnostic::error(format!(
                "precision {precision} is more decimal places than any published standard uses"
            ))
            .at(location.clone())
            .hint("precision is the number of decimal places, 0 to 6"),
        );
    }
    let effective_from = s.effective_from.as_ref().and_then(|d| r.day(d));
    let effective_to = s.effective_to.as_ref().and_then(|d| r.day(d));
    if let (Some(f), Some(t)) = (effective_from, effective_to) {
        if t < f {
            r.diags.push(
                Diagnostic::error("effective_to is before effective_from").at(location.clone()),
            );
        }
    }
    Some(Standard {
        id: s.id.get_ref().clone(),
        name: s.name.clone(),
        description: s.description.clone(),
        comparator,
        threshold: threshold.value,
        unit,
        precision,
        polarity,
        effective_from,
        effective_to,
        location,
    })
}

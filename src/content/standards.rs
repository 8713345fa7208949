//! Standards files: `content/standards/<set>.toml` → [`StandardSet`], and
//! the registry check across every set ([`check_registry`]): entries that
//! share an id are versions of one standard and must not overlap in time.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{
    Citation, Commitment, Comparator, MeasureUnit, Polarity, Site, Standard, StandardSet,
    ThresholdPeriod, Tolerance,
};
use crate::source::{SourceFile, Spanned, TomlReader};
use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    title: Spanned<String>,
    kind: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
    source: RawCitation,
    period: Option<Spanned<String>>,
    #[serde(default)]
    areas: Vec<Spanned<String>>,
    #[serde(default)]
    items: Vec<RawItem>,
}

/// A citation as written in standards and progress files.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCitation {
    publisher: Option<Spanned<String>>,
    title: Spanned<String>,
    url: Option<Spanned<String>>,
    published: Option<Spanned<toml::Value>>,
    paper: Option<Spanned<String>>,
    paragraph: Option<Spanned<String>>,
}

impl RawCitation {
    pub(super) fn read(&self, r: &mut TomlReader<'_>) -> Citation {
        Citation {
            publisher: r.opt_text(&self.publisher, "publisher"),
            title: r.text(
                &self.title,
                "title",
                "write the title of the document or statistical release, as published",
            ),
            url: r.opt_text(&self.url, "url"),
            published: self
                .published
                .as_ref()
                .and_then(|p| r.date(p))
                .map(|d| d.value),
            paper: self.paper.as_ref().map(|p| r.located(p)),
            paragraph: r.opt_text(&self.paragraph, "paragraph"),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    number: Spanned<String>,
    id: Spanned<String>,
    title: Spanned<String>,
    text: Option<Spanned<String>>,
    #[serde(default)]
    standards: Vec<Spanned<RawStandard>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandard {
    id: Spanned<String>,
    name: Spanned<String>,
    description: Option<Spanned<String>>,
    comparator: Spanned<String>,
    threshold: Spanned<toml::Value>,
    unit: Option<Spanned<String>>,
    can_exceed_100: Option<Spanned<bool>>,
    threshold_period: Option<Spanned<String>>,
    precision: Option<u32>,
    polarity: Option<Spanned<String>>,
    effective_from: Option<Spanned<toml::Value>>,
    effective_to: Option<Spanned<toml::Value>>,
    tolerance: Option<Spanned<RawTolerance>>,
    source: Option<RawCitation>,
    replaced_by: Option<Spanned<String>>,
    note: Option<Spanned<String>>,
}

/// `tolerance = { percent = 10 }` or `tolerance = { amount = 0.5 }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTolerance {
    percent: Option<Spanned<toml::Value>>,
    amount: Option<Spanned<toml::Value>>,
}

impl RawTolerance {
    pub(super) fn read(r: &mut TomlReader<'_>, raw: &Spanned<RawTolerance>) -> Option<Tolerance> {
        let t = raw.get_ref();
        let tolerance = match (&t.percent, &t.amount) {
            (Some(p), None) => Tolerance::PercentOfTarget(r.decimal(p)?.value),
            (None, Some(a)) => Tolerance::Amount(r.decimal(a)?.value),
            _ => {
                return r.error_at(
                    raw,
                    Diagnostic::error("a tolerance needs exactly one of `percent` and `amount`")
                        .hint("write tolerance = { percent = 10 } (within 10% of the target) or tolerance = { amount = 0.5 } (in the standard's unit)"),
                )
            }
        };
        let (Tolerance::PercentOfTarget(v) | Tolerance::Amount(v)) = tolerance;
        if v.is_sign_negative() {
            return r.error_at(
                raw,
                Diagnostic::error("a tolerance cannot be negative")
                    .hint("write how far short of the target still counts, as a positive figure"),
            );
        }
        Some(tolerance)
    }
}

/// What to write when a count or rate standard does not say what length
/// of period its threshold is for.
const THRESHOLD_PERIOD_HINT: &str = "write the length of period the threshold is for beside it: threshold_period = \"year\", \"quarter\" or \"month\" (at most 796.0 per 100,000 for the whole year is \"year\"; a figure for a period of another length is then shown as not assessed), or threshold_period = \"any\" where the figure is an average or a level, not a total over its period (delayed days a day), and is judged whatever its period's length";

/// What to write when a measure's percentage can pass 100.
pub(crate) const CAN_EXCEED_100_HINT: &str = "a percentage is read as a share of a whole, never over 100%; where this measure can pass 100% (activity against a plan or baseline, occupancy with escalation beds), write can_exceed_100 = true beside its unit = \"%\"";

/// A measure's `unit`: one of [`MeasureUnit::NAMES`], or an error whose
/// hint names the unit meant, for another way of writing it (`percent`).
/// A rate per some other base (`per-1000000`) is never offered a rate per
/// a base it is not: the figures would be published 10 or 100 times wrong.
pub(super) fn read_unit(r: &mut TomlReader<'_>, v: &Spanned<String>) -> Option<MeasureUnit> {
    if MeasureUnit::parse(v.get_ref()).is_none() {
        if let Some(name) = MeasureUnit::alias(v.get_ref()) {
            return r.error_at(
                v,
                Diagnostic::error(format!("unknown unit \"{}\"", v.get_ref()))
                    .hint(format!("did you mean \"{name}\"?")),
            );
        }
        if let Some(base) = MeasureUnit::other_rate_base(v.get_ref()) {
            return r.error_at(
                v,
                Diagnostic::error(format!("unknown unit \"{}\"", v.get_ref()))
                    .label(format!("a rate per {base}"))
                    .hint(
                        "plansite measures rates per 1,000 (unit = \"per-1000\"), per 10,000 (\"per-10000\") and per 100,000 (\"per-100000\"); write the one the source uses. A rate per any other base cannot be published as one of these without changing every figure",
                    ),
            );
        }
    }
    r.choice(v, "unit", &MeasureUnit::NAMES, MeasureUnit::parse)
}

/// `can_exceed_100 = true`, which only a percentage may have; false when
/// not written (or written on another unit, which is reported).
pub(super) fn can_exceed_100(
    r: &mut TomlReader<'_>,
    raw: &Option<Spanned<bool>>,
    unit: MeasureUnit,
    written_unit: &str,
    id: &str,
) -> bool {
    let Some(raw) = raw else {
        return false;
    };
    if unit != MeasureUnit::Percent && *raw.get_ref() {
        r.error_at::<_, ()>(
            raw,
            Diagnostic::error(format!(
                "`can_exceed_100` is for a percentage, and \"{id}\" is measured in \"{}\"",
                written_unit
            ))
            .hint("only a percentage has a ceiling of 100 to pass: remove the line, or check the unit"),
        );
        return false;
    }
    *raw.get_ref()
}

/// The ids of the standards written in a standards file that could not be
/// read as a set (a misspelt field, a value of the wrong type), read from
/// its TOML alone; `None` when it is not TOML.
pub(super) fn ids_written(text: &str) -> Option<Vec<String>> {
    let table = text.parse::<toml::Table>().ok()?;
    let items = table.get("items").and_then(|i| i.as_array());
    Some(
        items
            .into_iter()
            .flatten()
            .filter_map(|item| item.get("standards")?.as_array())
            .flatten()
            .filter_map(|s| Some(s.get("id")?.as_str()?.to_string()))
            .collect(),
    )
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
    let period = raw
        .period
        .as_ref()
        .and_then(|p| super::progress::read_period(&mut r, p, "period"));
    let mut areas: Vec<crate::model::Located<String>> = Vec::new();
    for a in &raw.areas {
        r.text(
            a,
            "areas",
            "write each area as its progress files name it: \"Southampton\"",
        );
        if areas.iter().any(|x| x.value == *a.get_ref()) {
            r.error_at::<_, ()>(
                a,
                Diagnostic::error(format!("area \"{}\" is listed twice", a.get_ref())),
            );
        }
        areas.push(r.located(a));
    }
    let mut items = Vec::new();
    let mut unreadable = Vec::new();
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
            match standard(&mut r, s.get_ref(), location) {
                Some(st) => standards.push(st),
                None => unreadable.push(s.get_ref().id.get_ref().clone()),
            }
        }
        items.push(Commitment {
            number: r.text(
                &item.number,
                "number",
                "write the commitment's number as printed: \"1\", \"iv\" or \"7.2\"",
            ),
            id: item.id.get_ref().clone(),
            title: r.text(
                &item.title,
                "title",
                "write a short label for the commitment, used in lists and headings",
            ),
            text: r.opt_text(&item.text, "text"),
            standards,
        });
    }
    Some(StandardSet {
        id: id.to_string(),
        title: r.text(&raw.title, "title", "write the set's name as published"),
        kind: r
            .opt_text(&raw.kind, "kind")
            .unwrap_or_else(|| "other".to_string()),
        description: r.opt_text(&raw.description, "description"),
        source,
        period,
        areas,
        items,
        unreadable,
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
    // A missing unit is reported here, at the standard, so that the rest of
    // the file (its other standards) is still read.
    let Some(unit) = &s.unit else {
        r.diags.push(
            Diagnostic::error(format!("standard \"{}\" has no `unit`", s.id.get_ref()))
                .at(location)
                .hint(format!(
                    "say what the standard is measured in: unit = one of {}",
                    MeasureUnit::NAMES.map(|n| format!("\"{n}\"")).join(", ")
                )),
        );
        return None;
    };
    let unit_span = unit;
    let unit = read_unit(r, unit)?;
    let threshold = r.decimal(&s.threshold)?;
    let id = s.id.get_ref();
    let can_exceed_100 = can_exceed_100(
        r,
        &s.can_exceed_100,
        unit,
        s.unit.as_ref().map_or("", |u| u.get_ref()),
        id,
    );
    if unit == MeasureUnit::Percent && !can_exceed_100 && threshold.value > Decimal::ONE_HUNDRED {
        r.error_at::<_, ()>(
            &s.threshold,
            Diagnostic::error(format!(
                "threshold {} is over 100%, but \"{id}\" is a share, from 0 to 100%",
                threshold.value.normalize()
            ))
            .hint(CAN_EXCEED_100_HINT),
        );
    }
    let threshold_period = match &s.threshold_period {
        None if unit.adds_up_in_time() => {
            // Reported once here, at the standard, whether or not a series
            // uses it; the standard is still read, so its series are not
            // reported as naming an unknown standard.
            r.error_at::<_, ()>(
                unit_span,
                Diagnostic::error(format!(
                    "standard \"{id}\" is a {} and does not say what length of period its threshold of {}{} is for",
                    if unit == MeasureUnit::Count { "count" } else { "rate" },
                    crate::shown::group_thousands(threshold.value),
                    unit.suffix()
                ))
                .label("a count or rate adds up over its period, so a quarter's figure cannot be judged against a year's threshold")
                .hint(THRESHOLD_PERIOD_HINT),
            );
            None
        }
        None => None,
        Some(tp) => {
            // Unreadable, the standard is left out (its series are then not
            // checked against it), as with a unit that cannot be read.
            let read = Some(r.choice(
                tp,
                "threshold_period",
                &ThresholdPeriod::NAMES,
                ThresholdPeriod::parse,
            )?);
            if !unit.adds_up_in_time() {
                r.error_at::<_, ()>(
                    tp,
                    Diagnostic::error(format!(
                        "`threshold_period` is for a count or a rate, and \"{id}\" is measured in \"{}\"",
                        s.unit.as_ref().map_or("", |u| u.get_ref())
                    ))
                    .hint("a percentage, ratio or time is judged for a period of any length: remove the line, or check the unit"),
                );
                None
            } else {
                read
            }
        }
    };
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
    // A date that cannot be read would leave the version open-ended, and
    // in force beside the others: it is reported, and the version left out.
    if (s.effective_from.is_some() && effective_from.is_none())
        || (s.effective_to.is_some() && effective_to.is_none())
    {
        return None;
    }
    if let (Some(f), Some(t)) = (effective_from, effective_to) {
        if t < f {
            r.diags.push(
                Diagnostic::error("effective_to is before effective_from").at(location.clone()),
            );
        }
    }
    if let Some(written) = &s.polarity {
        let contradicts = matches!(
            (polarity, comparator),
            (
                Polarity::HigherIsBetter,
                Comparator::AtMost | Comparator::LessThan
            ) | (
                Polarity::LowerIsBetter,
                Comparator::AtLeast | Comparator::MoreThan
            )
        );
        if contradicts {
            r.error_at::<_, ()>(
                written,
                Diagnostic::error(format!(
                    "polarity \"{}\" contradicts comparator \"{}\"",
                    written.get_ref(),
                    s.comparator.get_ref()
                ))
                .hint("a standard met by being at least a figure is higher-is-better; at most, lower-is-better"),
            );
        }
    }
    let tolerance = s.tolerance.as_ref().and_then(|t| RawTolerance::read(r, t));
    let source = s.source.as_ref().map(|c| c.read(r));
    let replaced_by = s.replaced_by.as_ref().map(|v| r.located(v));
    Some(Standard {
        id: s.id.get_ref().clone(),
        name: r.text(
            &s.name,
            "name",
            "write the standard's name, used as its page heading",
        ),
        description: r.opt_text(&s.description, "description"),
        comparator,
        threshold: threshold.value,
        unit,
        can_exceed_100,
        threshold_period,
        precision,
        polarity,
        effective_from,
        effective_to,
        tolerance,
        source,
        replaced_by,
        note: r.opt_text(&s.note, "note"),
        location,
    })
}

/// Checks the registry of standards across every set: entries sharing an
/// id are versions of one standard, so they must measure the same thing
/// (unit and polarity) and must not be in force at the same time — unless
/// they are the same rule listed in two sets. `replaced_by` must name a
/// known standard other than itself.
pub fn check_registry(site: &Site, diags: &mut Diagnostics) {
    let mut ids: Vec<&str> = site.standards().map(|(_, _, s)| s.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in &ids {
        let versions = site.standard_versions(id);
        for (i, (_, _, a)) in versions.iter().enumerate() {
            for (_, _, b) in versions.iter().skip(i + 1) {
                if a.same_rule(b) {
                    continue;
                }
                if a.unit != b.unit || a.polarity != b.polarity {
                    diags.push(
                        Diagnostic::error(format!(
                            "versions of standard \"{id}\" are measured differently"
                        ))
                        .at(b.location.clone())
                        .hint(format!(
                            "the version at {} has another unit or polarity; a standard measured differently is a new standard: give it its own id and set `replaced_by` on the old one",
                            a.location
                        )),
                    );
                    continue;
                }
                let a_end = a.effective_to.unwrap_or(chrono::NaiveDate::MAX);
                let b_end = b.effective_to.unwrap_or(chrono::NaiveDate::MAX);
                let a_start = a.effective_from.unwrap_or(chrono::NaiveDate::MIN);
                let b_start = b.effective_from.unwrap_or(chrono::NaiveDate::MIN);
                if a_start <= b_end && b_start <= a_end {
                    diags.push(
                        Diagnostic::error(format!(
                            "two versions of standard \"{id}\" are in force at the same time"
                        ))
                        .at(b.location.clone())
                        .hint(format!(
                            "the other version is at {}; give each version effective_from and effective_to dates that do not overlap (or give the new standard its own id)",
                            a.location
                        )),
                    );
                }
            }
        }
    }
    for (_, _, s) in site.standards() {
        if let Some(next) = &s.replaced_by {
            if next.value == s.id {
                diags.push(
                    Diagnostic::error("a standard cannot replace itself")
                        .at(next.location.clone())
                        .hint("a later version of the same standard uses the same id with new effective dates; replaced_by names a different standard"),
                );
            } else if !ids.contains(&next.value.as_str()) {
                let mut d = Diagnostic::error(format!("unknown standard \"{}\"", next.value))
                    .at(next.location.clone());
                d = match crate::diagnostics::did_you_mean(&next.value, ids.iter().copied()) {
                    Some(m) => d.hint(format!("did you mean \"{m}\"?")),
                    None => {
                        d.hint("replaced_by names the id of the standard that replaced this one")
                    }
                };
                diags.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn site(sets: &[(&str, &str)]) -> (Site, Vec<String>) {
        let mut d = Diagnostics::new();
        let mut site = Site::default();
        for (id, text) in sets {
            let file = SourceFile::new(format!("content/standards/{id}.toml"), *text);
            site.standard_sets
                .extend(parse_standard_set(id, &file, &mut d));
        }
        check_registry(&site, &mut d);
        (site, d.iter().map(|d| d.message.clone()).collect())
    }

    const HEAD: &str = "title = \"t\"\n[source]\ntitle = \"s\"\n[[items]]\nnumber = \"1\"\nid = \"i\"\ntitle = \"i\"\n";

    fn version(threshold: &str, from: &str, to: &str) -> String {
        format!(
            "[[items.standards]]\nid = \"ae\"\nname = \"A&E\"\ncomparator = \"at-least\"\nthreshold = {threshold}\nunit = \"%\"\n{from}{to}"
        )
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn versions_pick_the_standard_in_force_on_a_day() {
        let a = format!(
            "{HEAD}{}{}",
            version(
                "98",
                "effective_from = 2004-01-01\n",
                "effective_to = 2010-06-30\n"
            ),
            version("95", "effective_from = 2010-07-01\n", "")
        );
        let (site, errs) = site(&[("a", &a)]);
        assert!(errs.is_empty(), "{errs:?}");
        let at = |d| {
            site.standard_in_force("ae", d)
                .map(|(_, _, s)| s.threshold.to_string())
        };
        assert_eq!(at(day(2010, 6, 30)).as_deref(), Some("98"));
        assert_eq!(at(day(2010, 7, 1)).as_deref(), Some("95"));
        assert_eq!(at(day(2003, 12, 31)), None);
        assert_eq!(site.standard_versions("ae").len(), 2);
    }

    #[test]
    fn the_same_rule_in_two_sets_is_one_standard_but_overlaps_are_refused() {
        let same = format!("{HEAD}{}", version("95", "", ""));
        let (_, errs) = site(&[("a", &same), ("b", &same)]);
        assert!(errs.is_empty(), "{errs:?}");
        let other = format!("{HEAD}{}", version("90", "", ""));
        let (_, errs) = site(&[("a", &same), ("b", &other)]);
        assert_eq!(
            errs,
            ["two versions of standard \"ae\" are in force at the same time"]
        );
    }
}

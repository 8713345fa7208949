//! Open data: every computed table also as CSV and JSON, and each plan's
//! tables as a Frictionless Data Package.
//!
//! A table's data files sit beside the page that owns it
//! (`plans/kent-bcf-2015-16/flow-of-funds-sources.csv`). Figures are written
//! exactly as they were read or computed — the `raw` value of each cell,
//! never reformatted through a float — and the JSON gives them as strings so
//! that no JSON parser can round them either. The page links each table's
//! files with their format and size; the data catalogue lists them all.
//! `plans/<plan>/datapackage.json` describes a plan's CSV files (fields and
//! types) under the licence set in `site.toml` (`[open_data]`; the Open
//! Government Licence v3.0 by default).

use super::views::{Downloads, TableView};
use super::{urls, OutputFile};
use crate::config::OpenData;
use serde::Serialize;

/// One published dataset, for the data catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetEntry {
    pub title: String,
    /// Output path of the CSV file.
    pub csv_path: String,
    pub json_path: String,
    pub csv_bytes: usize,
    /// Output path of the page that shows the table.
    pub page_path: String,
    /// Column names and their types ("string" or "number").
    pub fields: Vec<(String, &'static str)>,
    /// The table's id, used as its resource name in a data package.
    pub name: String,
    /// Output path of the data package that describes it, if any.
    pub package_path: Option<String>,
    /// The notes shown with the table, as its JSON gives them: the data
    /// package's description of its CSV file, which has no room for them.
    pub notes: Vec<String>,
}

/// "1 KB", "12 KB", "1.2 MB": sizes as GOV.UK writes them (at least 1 KB).
pub fn human_size(bytes: usize) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    } else {
        format!(
            "{}.{} MB",
            bytes / (1024 * 1024),
            (bytes % (1024 * 1024)) * 10 / (1024 * 1024)
        )
    }
}

fn cell_value(c: &super::views::CellView) -> &str {
    if c.numeric {
        &c.raw
    } else {
        &c.text
    }
}

/// The column, last in a table's data files, that names a row's figures
/// kept as printed although they do not add up (published under an
/// override); present only in tables that have such a figure.
pub const AS_PRINTED: &str = "Figures kept as printed";

/// Whether any figure of the table is kept as printed.
fn has_printed(table: &TableView) -> bool {
    table
        .rows
        .iter()
        .chain(&table.foot)
        .any(|r| r.cells.iter().any(|c| c.as_printed))
}

/// A row's figures kept as printed, by column heading ("Total (£000)"),
/// separated by semicolons; empty when there are none.
fn printed_in(table: &TableView, row: &super::views::RowView) -> String {
    table
        .head
        .iter()
        .skip(1)
        .zip(&row.cells)
        .filter(|(_, c)| c.as_printed)
        .map(|(h, _)| h.text.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The table as CSV: a header row, then each body and foot row.
pub fn to_csv(table: &TableView) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let flagged = has_printed(table);
    let mut head: Vec<&str> = table.head.iter().map(|h| h.text.as_str()).collect();
    if flagged {
        head.push(AS_PRINTED);
    }
    // Writing to a Vec cannot fail; errors would only come from I/O.
    let _ = w.write_record(&head);
    for row in table.rows.iter().chain(&table.foot) {
        let mut rec: Vec<String> = vec![row.header.clone()];
        rec.extend(row.cells.iter().map(|c| cell_value(c).to_string()));
        if flagged {
            rec.push(printed_in(table, row));
        }
        let _ = w.write_record(&rec);
    }
    w.into_inner().unwrap_or_default()
}

#[derive(Serialize)]
struct JsonTable<'a> {
    title: &'a str,
    licence: &'a str,
    licence_url: &'a str,
    columns: Vec<&'a str>,
    /// Each row as column → value; figures are exact decimal strings.
    rows: Vec<serde_json::Map<String, serde_json::Value>>,
    /// Total rows, in the same form.
    totals: Vec<serde_json::Map<String, serde_json::Value>>,
    /// Notes shown with the table (rounding, figures published as printed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<&'a str>,
}

fn json_rows<'a>(
    table: &'a TableView,
    rows: &'a [super::views::RowView],
) -> Vec<serde_json::Map<String, serde_json::Value>> {
    rows.iter()
        .map(|row| {
            let mut m = serde_json::Map::new();
            let mut cols = table.head.iter();
            if let Some(h) = cols.next() {
                m.insert(
                    h.text.clone(),
                    serde_json::Value::String(row.header.clone()),
                );
            }
            for (h, c) in cols.zip(&row.cells) {
                let v = cell_value(c);
                let value = if v.is_empty() {
                    serde_json::Value::Null
                } else {
                    serde_json::Value::String(v.to_string())
                };
                m.insert(h.text.clone(), value);
            }
            if has_printed(table) {
                let printed = printed_in(table, row);
                m.insert(
                    AS_PRINTED.to_string(),
                    if printed.is_empty() {
                        serde_json::Value::Null
                    } else {
                        serde_json::Value::String(printed)
                    },
                );
            }
            m
        })
        .collect()
}

/// The notes shown with `table`: its own, then those shown beside it.
fn all_notes<'a>(table: &'a TableView, extra_notes: &'a [String]) -> Vec<&'a str> {
    table
        .notes
        .iter()
        .chain(extra_notes)
        .map(String::as_str)
        .collect()
}

/// The table as JSON, with the notes shown beside it on the page.
pub fn to_json(licence: &OpenData, table: &TableView, extra_notes: &[String]) -> Vec<u8> {
    let mut columns: Vec<&str> = table.head.iter().map(|h| h.text.as_str()).collect();
    if has_printed(table) {
        columns.push(AS_PRINTED);
    }
    let doc = JsonTable {
        title: &table.caption,
        licence: &licence.licence,
        licence_url: &licence.licence_url,
        columns,
        rows: json_rows(table, &table.rows),
        totals: json_rows(table, &table.foot),
        notes: all_notes(table, extra_notes),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Writes `table` as `<data_path>.csv` and `.json`, links them from the page
/// at `from`, and returns the files and the catalogue entry.
pub fn attach(
    licence: &OpenData,
    table: &mut TableView,
    data_path: &str,
    from: &str,
    page_path: &str,
) -> (Vec<OutputFile>, DatasetEntry) {
    attach_noted(licence, table, &[], data_path, from, page_path)
}

/// [`attach`], with notes that the page shows beside the table rather than
/// in it (figures published as printed, the fund's notes) added to the
/// JSON and to the table's description in a data package.
pub fn attach_noted(
    licence: &OpenData,
    table: &mut TableView,
    extra_notes: &[String],
    data_path: &str,
    from: &str,
    page_path: &str,
) -> (Vec<OutputFile>, DatasetEntry) {
    let csv = to_csv(table);
    let json = to_json(licence, table, extra_notes);
    let csv_path = format!("{data_path}.csv");
    let json_path = format!("{data_path}.json");
    table.downloads = Some(Downloads {
        csv_href: urls::link(from, &csv_path),
        csv_size: human_size(csv.len()),
        json_href: urls::link(from, &json_path),
        json_size: human_size(json.len()),
    });
    let mut fields: Vec<(String, &'static str)> = table
        .head
        .iter()
        .enumerate()
        .map(|(i, h)| {
            (
                h.text.clone(),
                if i > 0 && h.numeric {
                    "number"
                } else {
                    "string"
                },
            )
        })
        .collect();
    if has_printed(table) {
        fields.push((AS_PRINTED.to_string(), "string"));
    }
    let entry = DatasetEntry {
        title: table.caption.clone(),
        csv_path: csv_path.clone(),
        json_path: json_path.clone(),
        csv_bytes: csv.len(),
        page_path: page_path.to_string(),
        fields,
        name: table.id.clone(),
        package_path: None,
        notes: all_notes(table, extra_notes)
            .into_iter()
            .map(str::to_string)
            .collect(),
    };
    (
        vec![
            OutputFile {
                path: csv_path,
                bytes: csv.into(),
            },
            OutputFile {
                path: json_path,
                bytes: json.into(),
            },
        ],
        entry,
    )
}

/// What a data package says about the plan it describes.
pub struct PackageInfo<'a> {
    /// A slug: the plan id.
    pub name: &'a str,
    pub title: &'a str,
    pub description: String,
    /// Absolute URL of the plan's page.
    pub homepage: String,
    pub source_title: &'a str,
    pub source_url: Option<&'a str>,
}

#[derive(Serialize)]
struct Package<'a> {
    profile: &'static str,
    name: &'a str,
    title: &'a str,
    description: &'a str,
    homepage: &'a str,
    licenses: Vec<PackageLicence<'a>>,
    sources: Vec<PackageSource<'a>>,
    resources: Vec<Resource<'a>>,
}

#[derive(Serialize)]
struct PackageLicence<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    path: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct PackageSource<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
}

#[derive(Serialize)]
struct Resource<'a> {
    name: &'a str,
    path: &'a str,
    profile: &'static str,
    title: &'a str,
    /// The notes shown with the table, one after another.
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: usize,
    schema: Schema<'a>,
}

#[derive(Serialize)]
struct Schema<'a> {
    fields: Vec<Field<'a>>,
    #[serde(rename = "missingValues")]
    missing_values: [&'static str; 1],
}

#[derive(Serialize)]
struct Field<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// The Frictionless Tabular Data Package at `path` describing `entries`
/// (whose CSV files sit in the same folder).
pub fn datapackage(
    licence: &OpenData,
    info: &PackageInfo<'_>,
    entries: &[DatasetEntry],
    path: &str,
) -> OutputFile {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let resources = entries
        .iter()
        .map(|e| Resource {
            name: &e.name,
            path: e
                .csv_path
                .strip_prefix(dir)
                .map_or(e.csv_path.as_str(), |p| p.trim_start_matches('/')),
            profile: "tabular-data-resource",
            title: &e.title,
            description: (!e.notes.is_empty()).then(|| e.notes.join(" ")),
            format: "csv",
            mediatype: "text/csv",
            encoding: "utf-8",
            bytes: e.csv_bytes,
            schema: Schema {
                fields: e
                    .fields
                    .iter()
                    .map(|(name, kind)| Field { name, kind })
                    .collect(),
                missing_values: [""],
            },
        })
        .collect();
    let doc = Package {
        profile: "tabular-data-package",
        name: info.name,
        title: info.title,
        description: &info.description,
        homepage: &info.homepage,
        licenses: vec![PackageLicence {
            name: licence.licence_id.as_deref(),
            path: &licence.licence_url,
            title: &licence.licence,
        }],
        sources: vec![PackageSource {
            title: info.source_title,
            path: info.source_url,
        }],
        resources,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    OutputFile {
        path: path.to_string(),
        bytes: bytes.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::{CellView, HeadCell, RowView};

    fn table() -> TableView {
        TableView {
            id: "t".into(),
            caption: "Pooled fund, 2017-19 (£000)".into(),
            label: "Pooled fund".into(),
            head: vec![
                HeadCell {
                    text: "Scheme".into(),
                    numeric: false,
                },
                HeadCell {
                    text: "CCG (£000)".into(),
                    numeric: true,
                },
            ],
            rows: vec![RowView {
                header: "Carers, adults".into(),
                cells: vec![CellView::number("1,240".into(), "1240".into())],
            }],
            foot: vec![RowView {
                header: "Total".into(),
                cells: vec![CellView::number("10.640".into(), "10.640".into())],
            }],
            notes: vec![],
            downloads: None,
        }
    }

    #[test]
    fn csv_keeps_exact_figures_and_quotes_text() {
        let csv = String::from_utf8(to_csv(&table())).expect("utf8");
        assert_eq!(
            csv,
            "Scheme,CCG (£000)\r\n\"Carers, adults\",1240\r\nTotal,10.640\r\n"
        );
    }

    #[test]
    fn json_gives_figures_as_exact_strings() {
        let v: serde_json::Value =
            serde_json::from_slice(&to_json(&OpenData::default(), &table(), &[])).expect("json");
        assert_eq!(v["totals"][0]["CCG (£000)"], "10.640");
        assert_eq!(v["rows"][0]["Scheme"], "Carers, adults");
        assert_eq!(v["licence"], "Open Government Licence v3.0");
        assert!(v.get("notes").is_none());
    }

    #[test]
    fn datapackage_describes_each_csv_with_fields_types_and_licence() {
        let mut t = table();
        let (_, entry) = attach(
            &OpenData::default(),
            &mut t,
            "plans/p/t",
            "plans/p/index.html",
            "plans/p/index.html",
        );
        let info = PackageInfo {
            name: "p",
            title: "Plan",
            description: "D".into(),
            homepage: "https://e.gov.uk/plans/p/".into(),
            source_title: "Paper",
            source_url: None,
        };
        let f = datapackage(
            &OpenData::default(),
            &info,
            &[entry],
            "plans/p/datapackage.json",
        );
        let v: serde_json::Value = serde_json::from_slice(&f.bytes).expect("json");
        assert_eq!(v["profile"], "tabular-data-package");
        assert_eq!(v["licenses"][0]["name"], "OGL-UK-3.0");
        let r = &v["resources"][0];
        assert_eq!(r["name"], "t");
        assert_eq!(r["path"], "t.csv");
        assert_eq!(r["bytes"], 57);
        assert_eq!(r["schema"]["fields"][0]["name"], "Scheme");
        assert_eq!(r["schema"]["fields"][0]["type"], "string");
        assert_eq!(r["schema"]["fields"][1]["type"], "number");
        assert!(v["sources"][0].get("path").is_none());
    }

    #[test]
    fn sizes_read_like_gov_uk() {
        assert_eq!(human_size(10), "1 KB");
        assert_eq!(human_size(2049), "3 KB");
        assert_eq!(human_size(1_572_864), "1.5 MB");
    }
}

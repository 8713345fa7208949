//! Open data: every computed table also as CSV and JSON.
//!
//! A table's data files sit beside the page that owns it
//! (`plans/kent-bcf-2015-16/flow-of-funds-sources.csv`). Figures are written
//! exactly as they were read or computed — the `raw` value of each cell,
//! never reformatted through a float — and the JSON gives them as strings so
//! that no JSON parser can round them either. The page links each table's
//! files with their format and size; the data catalogue lists them all.

use super::views::{Downloads, TableView};
use super::{urls, OutputFile};
use serde::Serialize;

/// The default licence for published data (Local Government Transparency Code 2015).
pub const DEFAULT_LICENCE: &str = "Open Government Licence v3.0";
pub const DEFAULT_LICENCE_URL: &str =
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";

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

/// The table as CSV: a header row, then each body and foot row.
pub fn to_csv(table: &TableView) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let head: Vec<&str> = table.head.iter().map(|h| h.text.as_str()).collect();
    // Writing to a Vec cannot fail; errors would only come from I/O.
    let _ = w.write_record(&head);
    for row in table.rows.iter().chain(&table.foot) {
        let mut rec = vec![row.header.as_str()];
        rec.extend(row.cells.iter().map(cell_value));
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
            m
        })
        .collect()
}

/// The table as JSON.
pub fn to_json(table: &TableView) -> Vec<u8> {
    let doc = JsonTable {
        title: &table.caption,
        licence: DEFAULT_LICENCE,
        licence_url: DEFAULT_LICENCE_URL,
        columns: table.head.iter().map(|h| h.text.as_str()).collect(),
        rows: json_rows(table, &table.rows),
        totals: json_rows(table, &table.foot),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Writes `table` as `<data_path>.csv` and `.json`, links them from the page
/// at `from`, and returns the files and the catalogue entry.
pub fn attach(
    table: &mut TableView,
    data_path: &str,
    from: &str,
    page_path: &str,
) -> (Vec<OutputFile>, DatasetEntry) {
    let csv = to_csv(table);
    let json = to_json(table);
    let csv_path = format!("{data_path}.csv");
    let json_path = format!("{data_path}.json");
    table.downloads = Some(Downloads {
        csv_href: urls::link(from, &csv_path),
        csv_size: human_size(csv.len()),
        json_href: urls::link(from, &json_path),
        json_size: human_size(json.len()),
    });
    let fields = table
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
    let entry = DatasetEntry {
        title: table.caption.clone(),
        csv_path: csv_path.clone(),
        json_path: json_path.clone(),
        csv_bytes: csv.len(),
        page_path: page_path.to_string(),
        fields,
    };
    (
        vec![
            OutputFile {
                path: csv_path,
                bytes: csv,
            },
            OutputFile {
                path: json_path,
                bytes: json,
            },
        ],
        entry,
    )
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
        let v: serde_json::Value = serde_json::from_slice(&to_json(&table())).expect("json");
        assert_eq!(v["totals"][0]["CCG (£000)"], "10.640");
        assert_eq!(v["rows"][0]["Scheme"], "Carers, adults");
    }

    #[test]
    fn sizes_read_like_gov_uk() {
        assert_eq!(human_size(10), "1 KB");
        assert_eq!(human_size(2049), "3 KB");
        assert_eq!(human_size(1_572_864), "1.5 MB");
    }
}

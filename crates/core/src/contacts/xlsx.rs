//! Contact logs as XLSX workbooks (Danish Excel exports): the first sheet, its first row
//! the header, each further row one contact, read into the same records the CSV reader
//! gives so the same mapping and row rules apply.
//!
//! Cells become text: numbers without a needless `.0`, booleans `1`/`0`, errors their
//! Excel text (which the row rules then refuse, naming the column). A date cell becomes
//! `YYYY-MM-DD HH:MM:SS.mmm` (Excel dates carry no zone: Europe/Copenhagen local time),
//! and so does a plain number in the timestamp column (an Excel serial date). Text cells
//! are taken as they are (so text dates and decimal commas follow the CSV rules).

use super::metrics::Partial;
use super::parse::{Column, RowError, RowParser};
use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Reader, Xlsx};
use std::io::Cursor;

/// The first sheet of a workbook.
#[derive(Debug, Clone)]
pub struct XlsxTable {
    /// The header row's cells as text.
    pub header: Vec<String>,
    rows: Vec<Vec<Data>>,
    /// The sheet row number (1-based) of the header.
    header_row: u64,
}

/// Whether `bytes` start like a ZIP archive (as every XLSX file does).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads the first sheet of an XLSX workbook.
pub fn read_xlsx(bytes: &[u8]) -> Result<XlsxTable, String> {
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("not a readable XLSX workbook: {e}"))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(format!("cannot read the first sheet: {e}")),
        None => return Err("the workbook has no sheet".into()),
    };
    let header_row = range.start().map_or(1, |(r, _)| r as u64 + 1);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let mut rows = range.rows();
    let header: Vec<String> = match rows.next() {
        Some(h) => h.iter().map(|c| text(c, false)).collect(),
        None => return Err("empty sheet (no header row)".into()),
    };
    if first_col > 0 {
        // columns left of the used range are empty: keep positions as in the sheet
        let pad = |r: &[Data]| {
            let mut v = vec![Data::Empty; first_col];
            v.extend_from_slice(r);
            v
        };
        let mut h = vec![String::new(); first_col];
        h.extend(header);
        return Ok(XlsxTable {
            header: h,
            rows: rows.map(pad).collect(),
            header_row,
        });
    }
    Ok(XlsxTable {
        header,
        rows: rows.map(<[Data]>::to_vec).collect(),
        header_row,
    })
}

fn date_text(d: &ExcelDateTime) -> String {
    let (y, mo, day, h, mi, s, ms) = d.to_ymd_hms_milli();
    format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}.{ms:03}")
}

fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A cell as text; `timestamp` turns plain numbers into dates (Excel serials).
fn text(c: &Data, timestamp: bool) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) if timestamp => date_text(&ExcelDateTime::new(
            *i as f64,
            ExcelDateTimeType::DateTime,
            false,
        )),
        Data::Float(f) if timestamp && f.is_finite() && *f >= 0.0 && *f < 2_958_466.0 => {
            date_text(&ExcelDateTime::new(*f, ExcelDateTimeType::DateTime, false))
        }
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => date_text(d),
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::Error(e) => format!("{e}"),
    }
}

impl XlsxTable {
    /// The number of data rows (after the header).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The sheet row number (1-based, as Excel shows it) of data row `i`.
    pub fn line(&self, i: usize) -> u64 {
        self.header_row + 1 + i as u64
    }

    /// Whether data row `i` has only empty cells.
    pub fn is_blank(&self, i: usize) -> bool {
        self.rows[i].iter().all(|c| match c {
            Data::Empty => true,
            Data::String(s) => s.trim().is_empty(),
            _ => false,
        })
    }

    /// Data row `i` as a record of UTF-8 fields, as wide as the header (cells beyond it
    /// kept, so a row wider than the header is refused by its count like in CSV).
    /// `timestamp_col` is the column mapped to timestamp (numbers there are dates).
    pub fn record(&self, i: usize, timestamp_col: Option<usize>) -> csv::ByteRecord {
        let row = &self.rows[i];
        let mut rec = csv::ByteRecord::new();
        let mut last = row.len();
        while last > self.header.len() && matches!(row[last - 1], Data::Empty) {
            last -= 1;
        }
        for (j, c) in row[..last].iter().enumerate() {
            rec.push_field(text(c, Some(j) == timestamp_col).as_bytes());
        }
        for _ in last..self.header.len() {
            rec.push_field(b"");
        }
        rec
    }
}

/// Counts every data row of `table` into `partial` (the analysis of a workbook); refused
/// rows go to `on_error` with their sheet row numbers.
pub fn analyze_xlsx(
    table: &XlsxTable,
    parser: &RowParser,
    partial: &mut Partial,
    on_error: &mut dyn FnMut(RowError),
) {
    let ts = parser.layout.index[Column::Timestamp as usize];
    for i in 0..table.len() {
        if table.is_blank(i) {
            continue;
        }
        let rec = table.record(i, ts);
        match parser.parse(&rec) {
            Ok(row) => partial.add(&row),
            Err(e) => {
                partial.reject();
                on_error(e.at(table.line(i)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_the_texts_the_row_rules_read() {
        let serial = ExcelDateTime::new(45_839.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&serial), "2025-07-01 12:00:00.000");
        assert_eq!(
            text(&Data::Float(45_839.25), true),
            "2025-07-01 06:00:00.000"
        );
        assert_eq!(text(&Data::Float(12.5), false), "12.5");
        assert_eq!(text(&Data::Float(4.0), false), "4");
        assert_eq!(text(&Data::Int(7), false), "7");
        assert_eq!(text(&Data::Bool(true), false), "1");
        assert_eq!(text(&Data::String("12,5".into()), false), "12,5");
        assert_eq!(text(&Data::Empty, true), "");
        assert!(!is_xlsx(b"contact_id,org_id"));
        assert!(read_xlsx(b"PK\x03\x04 not really").is_err());
    }
}

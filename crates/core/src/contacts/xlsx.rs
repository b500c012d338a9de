//! Contact logs as XLSX workbooks (Danish Excel exports): the first sheet, its first row
//! the header, each further row one contact, read into the same records the CSV reader
//! gives so the same mapping and row rules apply.
//!
//! Cells become text: numbers without a needless `.0`, booleans `1`/`0`, errors their
//! Excel text (which the row rules then refuse, naming the column). A date cell becomes
//! `YYYY-MM-DD HH:MM:SS.mmm` (Excel dates carry no zone: Europe/Copenhagen local time),
//! and so does a plain number in the timestamp column (an Excel serial date). Text cells
//! are taken as they are (so text dates and decimal commas follow the CSV rules).
//!
//! A workbook is outside input and tiny files can describe huge sheets (two cells, A1
//! and XFD1048576, make a dense range of 17 billion cells). So the sheet is never
//! turned into a dense range: its cells are streamed, one row at a time, and before the
//! reader touches anything the archive's declared sizes and the sheet's declared used
//! range are held against [`Limits`]; a cell outside them refuses the workbook too (the
//! declaration can be missing or lie). The ZIP reader itself stops any entry at its
//! declared size, so the declared sizes bound what is unpacked.

use super::metrics::Partial;
use super::parse::{Column, RowError, RowParser};
use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Reader, Xlsx};
use serde::{Deserialize, Serialize};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What a workbook may hold; beyond any of these it is refused whole, before reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The last sheet row a cell may be in (1-based).
    pub rows: u64,
    /// The last sheet column a cell may be in (1-based; 1 is A).
    pub columns: u64,
    /// Cells in the declared used range, and cells in the sheet's XML.
    pub cells: u64,
    /// Files in the archive.
    pub parts: u64,
    /// Unpacked size of one worksheet (read as a stream).
    pub sheet_bytes: u64,
    /// Unpacked size of any other part (shared strings, styles: read whole into memory).
    pub part_bytes: u64,
    /// Unpacked size of the whole archive.
    pub total_bytes: u64,
}

/// The limits Trappe reads contact logs with. A contact log is a few columns wide and up
/// to millions of rows long: every row Excel can hold (1,048,576), as many columns as
/// the CSV reader reads (64) over the full height, extra width for columns nobody maps.
pub const LIMITS: Limits = Limits {
    rows: 1_048_576,
    columns: 1_024,
    cells: 64 * 1_048_576,
    parts: 10_000,
    sheet_bytes: 4 << 30,
    part_bytes: 256 << 20,
    total_bytes: 6 << 30,
};

/// Why a workbook is refused. Typed so that pages can say it in their language; its
/// Display is the command line's English text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkbookError {
    /// Not a ZIP archive, or not a workbook (the reader's words).
    #[error("not a readable XLSX workbook: {detail}")]
    Unreadable { detail: String },
    #[error("the workbook has no sheet")]
    NoSheet,
    /// The first sheet's XML cannot be read (the reader's words).
    #[error("cannot read the first sheet: {detail}")]
    Sheet { detail: String },
    #[error("empty sheet (no header row)")]
    Empty,
    #[error("the workbook holds {parts} files; at most {limit} are read")]
    TooManyParts { parts: u64, limit: u64 },
    /// One part unpacks to more than its limit (`bytes` as declared in the archive).
    #[error("{part} unpacks to {bytes} bytes; at most {limit} are read")]
    PartTooLarge {
        part: String,
        bytes: u64,
        limit: u64,
    },
    #[error("the workbook unpacks to {bytes} bytes; at most {limit} are read")]
    TooLarge { bytes: u64, limit: u64 },
    /// A cell (or the declared used range, `at`) lies right of the last column read.
    #[error("the first sheet reaches column {columns} ({at}); at most {limit} columns are read")]
    TooWide {
        at: String,
        columns: u64,
        limit: u64,
    },
    /// A cell (or the declared used range, `at`) lies below the last row read.
    #[error("the first sheet reaches row {rows} ({at}); at most {limit} rows are read")]
    TooLong { at: String, rows: u64, limit: u64 },
    /// The declared used range (`at`), or the cells in the sheet, are too many.
    #[error("the first sheet holds {cells} cells ({at}); at most {limit} are read")]
    TooManyCells { at: String, cells: u64, limit: u64 },
}

/// The first sheet of a workbook: its header read, its rows read on demand (a stream).
pub struct XlsxTable {
    /// The header row's cells as text, by sheet column (column A first).
    pub header: Vec<String>,
    book: Xlsx<Cursor<Vec<u8>>>,
    sheet: String,
    /// The sheet row (0-based) of the header.
    header_row: u32,
    limits: Limits,
}

impl std::fmt::Debug for XlsxTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XlsxTable")
            .field("header", &self.header)
            .field("sheet", &self.sheet)
            .field("header_row", &self.header_row)
            .finish_non_exhaustive()
    }
}

/// Whether `bytes` start like a ZIP archive (as every XLSX file does).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads the first sheet's header of an XLSX workbook, with Trappe's [`LIMITS`].
pub fn read_xlsx(bytes: Vec<u8>) -> Result<XlsxTable, WorkbookError> {
    read_xlsx_with(bytes, LIMITS)
}

/// Reads the first sheet's header of an XLSX workbook, refusing anything beyond `limits`.
pub fn read_xlsx_with(bytes: Vec<u8>, limits: Limits) -> Result<XlsxTable, WorkbookError> {
    check_archive(&bytes, &limits)?;
    guarded(move || {
        let mut book: Xlsx<_> =
            Xlsx::new(Cursor::new(bytes)).map_err(|e| WorkbookError::Unreadable {
                detail: e.to_string(),
            })?;
        let sheet = book
            .sheet_names()
            .into_iter()
            .next()
            .ok_or(WorkbookError::NoSheet)?;
        // The header is the row of the first cell with a value.
        let mut header_row = None;
        let mut cells: Vec<Data> = Vec::new();
        walk(&mut book, &sheet, &limits, &mut |row, col, val| {
            match header_row {
                None => header_row = Some(row),
                Some(r) if r != row => return false,
                Some(_) => {}
            }
            place(&mut cells, col, val);
            true
        })?;
        let header_row = header_row.ok_or(WorkbookError::Empty)?;
        Ok(XlsxTable {
            header: cells.iter().map(|c| text(c, false)).collect(),
            book,
            sheet,
            header_row,
            limits,
        })
    })
}

/// Runs the reader, turning a panic inside it into a refusal: a debug build's overflow
/// check on a made-up cell reference must not stop a server or a command.
fn guarded<T>(f: impl FnOnce() -> Result<T, WorkbookError>) -> Result<T, WorkbookError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(WorkbookError::Sheet {
            detail: "the reader failed on the sheet's XML".into(),
        })
    })
}

/// The archive's declared sizes against `limits` (the ZIP reader stops each entry at
/// its declared size, so these bound what is ever unpacked).
fn check_archive(bytes: &[u8], limits: &Limits) -> Result<(), WorkbookError> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| WorkbookError::Unreadable {
        detail: e.to_string(),
    })?;
    let parts = zip.len() as u64;
    if parts > limits.parts {
        return Err(WorkbookError::TooManyParts {
            parts,
            limit: limits.parts,
        });
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        // the central directory only: nothing is read or unpacked here
        let entry = zip
            .by_index_data(i)
            .map_err(|e| WorkbookError::Unreadable {
                detail: e.to_string(),
            })?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let bytes = entry.size();
        let sheet = name.starts_with("xl/worksheets/") && !name.ends_with(".rels");
        let limit = if sheet {
            limits.sheet_bytes
        } else {
            limits.part_bytes
        };
        if bytes > limit {
            return Err(WorkbookError::PartTooLarge {
                part: name.chars().take(100).collect(),
                bytes,
                limit,
            });
        }
        total = total.saturating_add(bytes);
    }
    if total > limits.total_bytes {
        return Err(WorkbookError::TooLarge {
            bytes: total,
            limit: limits.total_bytes,
        });
    }
    Ok(())
}

/// Excel's name of column `col` (0-based): A, Z, AA, XFD.
fn column_name(col: u64) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push(b'A' + r);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Excel's name of a cell (0-based row and column): A1, XFD1048576.
fn cell_name(row: u64, col: u64) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// The declared used range (`<dimension ref="A1:XFD1048576"/>`) against `limits`.
fn check_dimensions(d: calamine::Dimensions, limits: &Limits) -> Result<(), WorkbookError> {
    let (r0, c0) = (u64::from(d.start.0), u64::from(d.start.1));
    let (r1, c1) = (u64::from(d.end.0), u64::from(d.end.1));
    let at = || format!("{}:{}", cell_name(r0, c0), cell_name(r1, c1));
    let (last_row, last_col) = (r0.max(r1) + 1, c0.max(c1) + 1);
    if last_col > limits.columns {
        return Err(WorkbookError::TooWide {
            at: at(),
            columns: last_col,
            limit: limits.columns,
        });
    }
    if last_row > limits.rows {
        return Err(WorkbookError::TooLong {
            at: at(),
            rows: last_row,
            limit: limits.rows,
        });
    }
    let cells = (r0.abs_diff(r1) + 1) * (c0.abs_diff(c1) + 1);
    if cells > limits.cells {
        return Err(WorkbookError::TooManyCells {
            at: at(),
            cells,
            limit: limits.cells,
        });
    }
    Ok(())
}

/// Streams the cells with a value of sheet `sheet` to `f` (row, column, value; 0-based)
/// in the sheet's order, until `f` says stop. The declared used range and every cell
/// are held against `limits` first: nothing is allocated by a cell's position beyond
/// one row of at most `limits.columns` cells.
fn walk(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    sheet: &str,
    limits: &Limits,
    f: &mut dyn FnMut(u32, u32, Data) -> bool,
) -> Result<(), WorkbookError> {
    let sheet_err = |e: calamine::XlsxError| WorkbookError::Sheet {
        detail: e.to_string(),
    };
    let mut reader = book.worksheet_cells_reader(sheet).map_err(sheet_err)?;
    check_dimensions(reader.dimensions(), limits)?;
    let mut seen = 0u64;
    while let Some(cell) = reader.next_cell().map_err(sheet_err)? {
        let (row, col) = cell.get_position();
        seen += 1;
        if seen > limits.cells {
            return Err(WorkbookError::TooManyCells {
                at: cell_name(u64::from(row), u64::from(col)),
                cells: seen,
                limit: limits.cells,
            });
        }
        if matches!(cell.get_value(), calamine::DataRef::Empty) {
            continue;
        }
        let (r, c) = (u64::from(row), u64::from(col));
        if c + 1 > limits.columns {
            return Err(WorkbookError::TooWide {
                at: cell_name(r, c),
                columns: c + 1,
                limit: limits.columns,
            });
        }
        if r + 1 > limits.rows {
            return Err(WorkbookError::TooLong {
                at: cell_name(r, c),
                rows: r + 1,
                limit: limits.rows,
            });
        }
        if !f(row, col, Data::from(cell.get_value().clone())) {
            break;
        }
    }
    Ok(())
}

/// Puts `val` at column `col` of `row` (columns are checked against the limits first).
fn place(row: &mut Vec<Data>, col: u32, val: Data) {
    let col = col as usize;
    if row.len() <= col {
        row.resize(col + 1, Data::Empty);
    }
    row[col] = val;
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

/// Whether a row has only empty cells.
fn is_blank(row: &[Data]) -> bool {
    row.iter().all(|c| match c {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    })
}

impl XlsxTable {
    /// The sheet row number (1-based, as Excel shows it) of the header.
    pub fn header_line(&self) -> u64 {
        u64::from(self.header_row) + 1
    }

    /// Goes through the data rows after the header in the sheet's order, skipping blank
    /// rows: `f` gets each row's sheet row number (1-based, as Excel shows it) and its
    /// record, and returns whether to go on. A record has a UTF-8 field per sheet column,
    /// as wide as the header (cells beyond it kept, so a row wider than the header is
    /// refused by its count like in CSV). `timestamp_col` is the column mapped to
    /// timestamp (numbers there are dates). Reads the sheet again on every call.
    pub fn each_row(
        &mut self,
        timestamp_col: Option<usize>,
        f: &mut dyn FnMut(u64, csv::ByteRecord) -> bool,
    ) -> Result<(), WorkbookError> {
        let (header_row, width, limits) = (self.header_row, self.header.len(), self.limits);
        let (book, sheet) = (&mut self.book, self.sheet.as_str());
        guarded(move || {
            let mut current: Option<u32> = None;
            let mut row: Vec<Data> = Vec::new();
            let mut go_on = true;
            let mut emit = |line: u32, row: &mut Vec<Data>| -> bool {
                let keep =
                    is_blank(row) || f(u64::from(line) + 1, record(row, width, timestamp_col));
                row.clear();
                keep
            };
            walk(book, sheet, &limits, &mut |r, col, val| {
                // rows before the header (only in a file that lists rows out of order)
                if r <= header_row {
                    return true;
                }
                if current != Some(r) {
                    if let Some(prev) = current {
                        if !emit(prev, &mut row) {
                            go_on = false;
                            return false;
                        }
                    }
                    current = Some(r);
                }
                place(&mut row, col, val);
                true
            })?;
            if let (Some(prev), true) = (current, go_on) {
                emit(prev, &mut row);
            }
            Ok(())
        })
    }
}

/// A row as a record of UTF-8 fields, as wide as the header (`width`).
fn record(row: &[Data], width: usize, timestamp_col: Option<usize>) -> csv::ByteRecord {
    let mut rec = csv::ByteRecord::new();
    let mut last = row.len();
    while last > width && matches!(row[last - 1], Data::Empty) {
        last -= 1;
    }
    for (j, c) in row[..last].iter().enumerate() {
        rec.push_field(text(c, Some(j) == timestamp_col).as_bytes());
    }
    for _ in last..width {
        rec.push_field(b"");
    }
    rec
}

/// Counts every data row of `table` into `partial` (the analysis of a workbook); refused
/// rows go to `on_error` with their sheet row numbers.
pub fn analyze_xlsx(
    table: &mut XlsxTable,
    parser: &RowParser,
    partial: &mut Partial,
    on_error: &mut dyn FnMut(RowError),
) -> Result<(), WorkbookError> {
    let ts = parser.layout.index[Column::Timestamp as usize];
    table.each_row(ts, &mut |line, rec| {
        match parser.parse(&rec) {
            Ok(row) => partial.add(&row),
            Err(e) => {
                partial.reject();
                on_error(e.at(line));
            }
        }
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A workbook of the given sheet XML (`<sheetData>` and around), written part by part.
    pub(crate) fn workbook(sheet: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
            ),
        ];
        for (name, body) in parts {
            w.start_file(name, opts).unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        w.write_all(
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sheet}</worksheet>"#
            )
            .as_bytes(),
        )
        .unwrap();
        w.finish().unwrap().into_inner()
    }

    fn is(r: &str, text: &str) -> String {
        format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    fn rows(t: &mut XlsxTable) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        t.each_row(None, &mut |line, rec| {
            out.push((
                line,
                rec.iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            ));
            true
        })
        .unwrap();
        out
    }

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
        assert!(matches!(
            read_xlsx(b"PK\x03\x04 not really".to_vec()),
            Err(WorkbookError::Unreadable { .. })
        ));
    }

    #[test]
    fn column_and_cell_names_are_excels() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(1_023), "AMJ");
        assert_eq!(column_name(16_383), "XFD");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn rows_stream_by_sheet_position_with_gaps_and_blank_rows_skipped() {
        let sheet = format!(
            r#"<dimension ref="B2:D6"/><sheetData><row r="2">{}{}</row><row r="3">{}<c r="D3"><v>4.5</v></c></row><row r="4">{}</row><row r="6">{}</row></sheetData>"#,
            is("B2", "contact_id"),
            is("C2", "channel"),
            is("B3", "k1"),
            is("C4", " "),
            is("C6", "web"),
        );
        let mut t = read_xlsx(workbook(&sheet)).unwrap();
        assert_eq!(t.header, ["", "contact_id", "channel"]);
        assert_eq!(t.header_line(), 2);
        assert_eq!(
            rows(&mut t),
            [
                (3, vec!["".into(), "k1".into(), "".into(), "4.5".into()]),
                (6, vec!["".into(), "".into(), "web".into()]),
            ]
        );
        // a second pass reads the same
        assert_eq!(rows(&mut t).len(), 2);
    }

    #[test]
    fn a_two_cell_bomb_is_refused_by_its_declared_range_before_reading() {
        let sheet = format!(
            r#"<dimension ref="A1:XFD1048576"/><sheetData><row r="1">{}</row><row r="1048576">{}</row></sheetData>"#,
            is("A1", "a"),
            is("XFD1048576", "b")
        );
        let bytes = workbook(&sheet);
        assert!(bytes.len() < 2_000, "{} bytes", bytes.len());
        let e = read_xlsx(bytes).unwrap_err();
        assert_eq!(
            e,
            WorkbookError::TooWide {
                at: "A1:XFD1048576".into(),
                columns: 16_384,
                limit: 1_024
            }
        );
        assert_eq!(
            e.to_string(),
            "the first sheet reaches column 16384 (A1:XFD1048576); at most 1024 columns are read"
        );
    }

    #[test]
    fn cells_beyond_the_limits_are_refused_when_the_range_is_not_declared() {
        // no <dimension>: the far cell itself is refused, in the header pass (which reads
        // one cell past the header row) or while reading the rows
        let sheet = format!(
            r#"<sheetData><row r="1">{}</row><row r="1048576">{}</row></sheetData>"#,
            is("A1", "a"),
            is("XFD1048576", "b")
        );
        assert!(matches!(
            read_xlsx(workbook(&sheet)),
            Err(WorkbookError::TooWide {
                columns: 16_384,
                ..
            })
        ));
        let sheet = format!(
            r#"<sheetData><row r="1">{}</row><row r="2">{}</row><row r="1048576">{}</row></sheetData>"#,
            is("A1", "a"),
            is("A2", "b"),
            is("XFD1048576", "c")
        );
        let mut t = read_xlsx(workbook(&sheet)).unwrap();
        let e = t.each_row(None, &mut |_, _| true).unwrap_err();
        assert!(
            matches!(&e, WorkbookError::TooWide { at, columns: 16_384, .. } if at == "XFD1048576"),
            "{e:?}"
        );
        let sheet = format!(
            r#"<dimension ref="A1"/><sheetData><row r="1">{}{}</row></sheetData>"#,
            is("A1", "a"),
            is("AMK1", "b")
        );
        assert!(matches!(
            read_xlsx(workbook(&sheet)),
            Err(WorkbookError::TooWide { columns: 1_025, .. })
        ));
        // rows and cells, with small limits
        let small = Limits {
            rows: 3,
            cells: 4,
            ..LIMITS
        };
        let sheet = format!(
            r#"<sheetData><row r="1">{}</row><row r="2">{}</row><row r="4">{}</row></sheetData>"#,
            is("A1", "a"),
            is("A2", "b"),
            is("A4", "c")
        );
        let mut t = read_xlsx_with(workbook(&sheet), small).unwrap();
        assert!(matches!(
            t.each_row(None, &mut |_, _| true),
            Err(WorkbookError::TooLong { rows: 4, .. })
        ));
        let sheet = format!(
            r#"<dimension ref="A1:C2"/><sheetData><row r="1">{}</row></sheetData>"#,
            is("A1", "a")
        );
        assert!(matches!(
            read_xlsx_with(workbook(&sheet), small),
            Err(WorkbookError::TooManyCells { cells: 6, .. })
        ));
        let many: String = (1..=5).map(|i| is(&format!("A{i}"), "x")).collect();
        let sheet = format!(r#"<sheetData><row>{many}</row></sheetData>"#);
        let mut t = read_xlsx_with(workbook(&sheet), Limits { rows: 10, ..small }).unwrap();
        assert!(matches!(
            t.each_row(None, &mut |_, _| true),
            Err(WorkbookError::TooManyCells { cells: 5, .. })
        ));
    }

    #[test]
    fn declared_unpacked_sizes_are_checked_before_reading() {
        let bytes = workbook(r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>"#);
        let small = Limits {
            part_bytes: 300,
            ..LIMITS
        };
        // [Content_Types].xml is larger than 300 bytes unpacked
        assert!(matches!(
            read_xlsx_with(bytes.clone(), small),
            Err(WorkbookError::PartTooLarge { ref part, .. }) if part == "[Content_Types].xml"
        ));
        assert!(matches!(
            read_xlsx_with(bytes.clone(), Limits { sheet_bytes: 100, ..LIMITS }),
            Err(WorkbookError::PartTooLarge { ref part, limit: 100, .. }) if part == "xl/worksheets/sheet1.xml"
        ));
        assert!(matches!(
            read_xlsx_with(
                bytes.clone(),
                Limits {
                    total_bytes: 1_000,
                    ..LIMITS
                }
            ),
            Err(WorkbookError::TooLarge { limit: 1_000, .. })
        ));
        assert!(matches!(
            read_xlsx_with(bytes.clone(), Limits { parts: 4, ..LIMITS }),
            Err(WorkbookError::TooManyParts { parts: 5, limit: 4 })
        ));
        assert!(read_xlsx(bytes).is_ok());
    }

    #[test]
    fn made_up_references_are_refusals_not_panics() {
        for r in ["ZZZZZZZZZZ1", "A99999999999", "1A", "", "A0"] {
            let sheet = format!(r#"<sheetData><row r="1">{}</row></sheetData>"#, is(r, "x"));
            let _ = read_xlsx(workbook(&sheet)).map(|mut t| t.each_row(None, &mut |_, _| true));
        }
        for d in ["B2:A1", "XFD1048576:A1", "A1:", ":", "ZZZZZZZZZ9"] {
            let sheet = format!(r#"<dimension ref="{d}"/><sheetData/>"#);
            assert!(read_xlsx(workbook(&sheet)).is_err(), "{d}");
        }
    }
}

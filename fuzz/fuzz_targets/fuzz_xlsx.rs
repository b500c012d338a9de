//! Contact logs as XLSX workbooks: any workbook must give a header and rows, or a
//! refusal, never a panic, a hang or an allocation its cells' positions dictate (the
//! 2-cell bomb: A1 and XFD1048576). Most inputs are turned into a small, well-formed
//! workbook (so the fuzzer reaches the sheet reader rather than the ZIP parser): cells
//! at any position, with a declared used range that may lie or be missing, through
//! `read_xlsx`, `XlsxTable::each_row` and `analyze_xlsx`, as `trappe contacts analyze`,
//! the import and the web upload read them. Some inputs are fed as raw file bytes.
//!
//! Input layout (little-endian): a flags byte; with flag 1 a dimension (length byte,
//! text); then cells of row (u32), column (u16), kind (byte), length (byte), value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};
use trappe_core::contacts::xlsx::{analyze_xlsx, read_xlsx_with, Limits, LIMITS};
use trappe_core::contacts::{Encoding, Layout, Partial, RowParser};

const DIMENSION: u8 = 1;
const RAW: u8 = 2;
const SHARED: u8 = 4;
const NO_REFS: u8 = 8;
const STORED: u8 = 16;
const SMALL: u8 = 32;

/// Small limits, so that refusals of every kind are reached with small inputs.
const SMALL_LIMITS: Limits = Limits {
    rows: 50,
    columns: 30,
    cells: 200,
    parts: 8,
    sheet_bytes: 1 << 16,
    part_bytes: 1 << 14,
    total_bytes: 1 << 17,
};

fn escape(b: &[u8]) -> String {
    let mut s = String::new();
    for c in String::from_utf8_lossy(b).chars() {
        match c {
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '&' => s.push_str("&amp;"),
            '"' => s.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => s.push(c),
        }
    }
    s
}

fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The workbook the input describes.
fn build(flags: u8, mut data: &[u8]) -> Vec<u8> {
    let mut take = |n: usize| -> Option<Vec<u8>> {
        if data.len() < n {
            return None;
        }
        let (a, b) = data.split_at(n);
        data = b;
        Some(a.to_vec())
    };
    let mut sheet = String::new();
    if flags & DIMENSION != 0 {
        if let Some(n) = take(1) {
            if let Some(d) = take(usize::from(n[0] % 32)) {
                sheet.push_str(&format!(r#"<dimension ref="{}"/>"#, escape(&d)));
            }
        }
    }
    sheet.push_str("<sheetData>");
    let mut strings: Vec<String> = Vec::new();
    let mut open_row: Option<u32> = None;
    while let Some(head) = take(8) {
        let row = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        let col = u32::from(u16::from_le_bytes([head[4], head[5]]));
        let (kind, len) = (head[6], usize::from(head[7] % 64));
        let value = take(len).unwrap_or_default();
        if open_row != Some(row) {
            if open_row.is_some() {
                sheet.push_str("</row>");
            }
            if flags & NO_REFS != 0 {
                sheet.push_str("<row>");
            } else {
                sheet.push_str(&format!(r#"<row r="{}">"#, u64::from(row) + 1));
            }
            open_row = Some(row);
        }
        let r = if flags & NO_REFS != 0 {
            String::new()
        } else {
            format!(r#" r="{}{}""#, column_name(col), u64::from(row) + 1)
        };
        let v = escape(&value);
        match kind % 7 {
            0 => sheet.push_str(&format!(r#"<c{r} t="inlineStr"><is><t>{v}</t></is></c>"#)),
            1 => sheet.push_str(&format!("<c{r}><v>{v}</v></c>")),
            2 if flags & SHARED != 0 => {
                strings.push(v);
                // any index, also one past the table
                let i = usize::from(value.first().copied().unwrap_or(0)) % (strings.len() + 1);
                sheet.push_str(&format!(r#"<c{r} t="s"><v>{i}</v></c>"#));
            }
            2 => sheet.push_str(&format!(r#"<c{r} t="str"><v>{v}</v></c>"#)),
            3 => sheet.push_str(&format!(r#"<c{r} t="b"><v>{v}</v></c>"#)),
            4 => sheet.push_str(&format!(r#"<c{r} t="e"><v>{v}</v></c>"#)),
            5 => sheet.push_str(&format!(r#"<c{r} s="1"/>"#)),
            // raw text into the XML: broken markup, references, other elements
            _ => sheet.push_str(&String::from_utf8_lossy(&value)),
        }
    }
    if open_row.is_some() {
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData>");

    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if flags & STORED != 0 {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    let ns = "http://schemas.openxmlformats.org";
    let mut parts = vec![
        (
            "[Content_Types].xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main">{sheet}</worksheet>"#
            ),
        ),
    ];
    if flags & SHARED != 0 {
        let items: String = strings
            .iter()
            .map(|s| format!("<si><t>{s}</t></si>"))
            .collect();
        parts.push((
            "xl/sharedStrings.xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{items}</sst>"#,
                n = strings.len()
            ),
        ));
    }
    for (name, body) in parts {
        if w.start_file(name, opts).is_err() || w.write_all(body.as_bytes()).is_err() {
            return Vec::new();
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// calamine 0.38 adds up cell references in a u32 without a check (`r="ZZZZZZZZ1"`): a
/// panic where overflow checks are on (debug builds, and here). The reader runs it under
/// `catch_unwind` and refuses the workbook, so such a panic is not a crash of Trappe; any
/// other panic still aborts, as libFuzzer's own hook does.
fn panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let file = info.location().map_or("", |l| l.file());
        if file.contains("/calamine-") {
            return;
        }
        default(info);
        std::process::abort();
    }));
}

fuzz_target!(
    init: panic_hook(),
    |data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let limits = if flags & SMALL != 0 {
        SMALL_LIMITS
    } else {
        LIMITS
    };
    let bytes = if flags & RAW != 0 {
        rest.to_vec()
    } else {
        build(flags, rest)
    };
    let Ok(mut table) = read_xlsx_with(bytes, limits) else {
        return;
    };
    assert!(table.header.len() as u64 <= limits.columns);
    let width = table.header.len();
    let header_line = table.header_line();
    let mut seen = 0u64;
    let read = table.each_row(None, &mut |line, rec| {
        assert!(line > header_line, "row {line} at or above the header");
        assert!(line <= limits.rows, "row {line} beyond the limit");
        assert!(rec.len() >= width && rec.len() as u64 <= limits.columns.max(width as u64));
        seen += 1;
        true
    });
    assert!(seen <= limits.cells || read.is_err());
    // the analysis, as `trappe contacts analyze` runs it, when the header names columns
    if let Ok(layout) = Layout::from_header(&table.header, None) {
        let parser = RowParser::new(layout, Encoding::Utf8, None);
        let mut partial = Partial::new(4, Encoding::Utf8);
        let _ = analyze_xlsx(&mut table, &parser, &mut partial, &mut |e| {
            let _ = e.to_string();
        });
    }
});

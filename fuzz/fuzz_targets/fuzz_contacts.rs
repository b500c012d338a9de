//! Contact logs (and their column mappings): any bytes must give a report or errors,
//! never a panic or a hang. Follows `trappe contacts analyze` on one file: sniff, read
//! the header, lay out the columns, then the fast line reader, falling back to the CSV
//! reader when quotes appear, and the report. Input with a NUL pair is split there: the
//! part before is a mapping file (TOML), the rest the log.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trappe_core::contacts::{
    analyze_lines, analyze_records, report_of, sniff, Layout, Mapping, Partial, RowParser,
    DEFAULT_WINDOW_S,
};

fuzz_target!(|data: &[u8]| {
    let (mapping, log) = match data.windows(2).position(|w| w == b"\0\0") {
        Some(p) => {
            let Ok(text) = std::str::from_utf8(&data[..p]) else {
                return;
            };
            match Mapping::from_toml(text) {
                Ok(m) => (Some(m), &data[p + 2..]),
                Err(e) => {
                    assert!(!e.is_empty());
                    return;
                }
            }
        }
        None => (None, data),
    };
    let mapping = mapping.as_ref();
    let sn = sniff(log);
    let encoding = mapping.and_then(|m| m.encoding).unwrap_or(sn.encoding);
    let delimiter = mapping.and_then(|m| m.delimiter).unwrap_or(sn.delimiter);
    let body = &log[sn.bom_len..];
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut head = csv::ByteRecord::new();
    if !matches!(rdr.read_byte_record(&mut head), Ok(true)) {
        return;
    }
    let mut start = rdr.position().byte() as usize;
    if body.get(start) == Some(&b'\n') {
        start += 1;
    }
    let Ok(header) = head
        .iter()
        .map(|h| encoding.decode(h).map(|s| s.into_owned()))
        .collect::<Result<Vec<String>, String>>()
    else {
        return;
    };
    let Ok(layout) = Layout::from_header(&header, mapping) else {
        return;
    };
    let parser = RowParser::new(layout, encoding, mapping);
    let rest = &body[start.min(body.len())..];

    let mut partial = Partial::new(4, encoding);
    let mut errors = Vec::new();
    let outcome = analyze_lines(rest, delimiter, &parser, &mut partial, &mut |e| {
        errors.push(e)
    })
    .expect("reading from memory cannot fail");
    if outcome.quoted {
        partial = Partial::new(4, encoding);
        errors.clear();
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(rest);
        if analyze_records(&mut rdr, &parser, &mut partial, 0, &mut |e| errors.push(e)).is_err() {
            return;
        }
    }
    for e in &errors {
        let _ = e.to_string();
    }
    let report = report_of(vec![partial], DEFAULT_WINDOW_S);
    let _ = format!("{report:?}");
});

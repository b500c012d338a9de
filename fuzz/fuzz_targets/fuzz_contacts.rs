//! Contact logs (and their column mappings): any bytes must give a report or errors,
//! never a panic or a hang. Follows `trappe contacts analyze` on one file: the head
//! reader (sniff, header, where the rows start), lay out the columns, then the fast line
//! reader, falling back to the CSV reader when quotes appear, and the report; then the
//! import's block reader over the same rows. Input with a NUL pair is split there: the
//! part before is a mapping file (TOML), the rest the log.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trappe_core::contacts::{
    analyze_lines, analyze_records, csv_reader, read_blocks, read_head, report_of, Layout, Mapping,
    Partial, RowParser, TextBlock, DEFAULT_WINDOW_S,
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
    let Ok(head) = read_head(log, true, mapping) else {
        return;
    };
    let (encoding, delimiter) = (head.encoding, head.delimiter);
    let Ok(layout) = Layout::from_header(&head.header, mapping) else {
        return;
    };
    let parser = RowParser::new(layout, encoding, mapping);
    let rest = &log[head.data_start..];

    let mut partial = Partial::new(4, encoding);
    let mut errors = Vec::new();
    let outcome = analyze_lines(rest, delimiter, &parser, &mut partial, &mut |e| {
        errors.push(e)
    })
    .expect("reading from memory cannot fail");
    if outcome.quoted {
        partial = Partial::new(4, encoding);
        errors.clear();
        let mut rdr = csv_reader(rest, delimiter, None);
        if analyze_records(&mut rdr, &parser, &mut partial, 0, &mut |e| errors.push(e)).is_err() {
            return;
        }
    }
    for e in &errors {
        let _ = e.to_string();
    }
    let report = report_of(vec![partial], DEFAULT_WINDOW_S);
    let _ = format!("{report:?}");

    // The import's blocks: whole lines (only the last may lack its line end) in order,
    // or records once a quote appears.
    let mut next_line = head.first_line;
    let mut ended = false;
    let read = read_blocks(Vec::new(), rest, head.first_line, delimiter, 64, &mut |b| {
        match b {
            TextBlock::Lines { first_line, data } => {
                assert!(!ended && first_line == next_line && !data.is_empty());
                next_line += data.iter().filter(|&&c| c == b'\n').count() as u64;
                ended = data.last() != Some(&b'\n');
            }
            TextBlock::Records(records) => {
                assert!(records.iter().all(|(line, _)| *line >= next_line));
            }
        }
        true
    });
    assert!(read.is_ok(), "reading from memory cannot fail: {read:?}");
});

//! Reading a text contact file, the one way the import, `contacts analyze`, the upload
//! and the fuzz target all read it: the head (encoding, delimiter, header, where the
//! rows start) from the file's first megabyte, the CSV reader these files are read
//! with, and a block reader that cuts the rest on line ends for parsing threads.
//!
//! Over bytes and [`Read`]ers only: opening files and starting threads is the caller's.

use super::parse::{sniff, Encoding, Mapping, Reason, Sniff, MAX_FIELDS};
use std::io::{Cursor, Read};

/// How much of a file [`read_head`] is given: its header must end within it.
pub const SAMPLE_BYTES: usize = 1 << 20;
/// The longest line the block reader takes.
pub const MAX_LINE_BYTES: usize = 256 << 20;
/// Records per [`TextBlock::Records`].
pub const RECORDS_PER_BLOCK: usize = 10_000;

/// Why a text file's head cannot be read. The Display texts are the command line's
/// (and the store's refusals say the same).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeadError {
    #[error("empty file (no header line)")]
    NoHeader,
    /// A header that is not CSV (the CSV reader's words).
    #[error("header: {detail}")]
    Unreadable { detail: String },
    /// No line end within the sample, and the file goes on.
    #[error("header line longer than 1 MB")]
    TooLong,
    /// A header whose text is not in the file's (or the mapping's) encoding.
    #[error("header: {reason}")]
    Text { reason: Reason },
    /// More columns than the fast line reader keeps (see [`check_width`]).
    #[error("the header has {columns} columns; at most {MAX_FIELDS} are read")]
    TooWide { columns: usize },
}

/// The head of a text contact file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The encoding: the mapping's, else the sniffed one.
    pub encoding: Encoding,
    /// The delimiter: the mapping's, else the sniffed one.
    pub delimiter: u8,
    /// Bytes of a UTF-8 byte-order mark before the header (0 or 3).
    pub bom_len: usize,
    /// The header's names, decoded (not trimmed).
    pub header: Vec<String>,
    /// The header line as it stands in the file, without its line end.
    pub raw: Vec<u8>,
    /// Where the first row starts (past the header's line end, CRLF included).
    pub data_start: usize,
    /// The line number (1-based) of the first row.
    pub first_line: u64,
}

impl Head {
    /// How the file is read, as a [`Sniff`] (the mapping's choices included).
    pub fn sniff(&self) -> Sniff {
        Sniff {
            encoding: self.encoding,
            bom_len: self.bom_len,
            delimiter: self.delimiter,
        }
    }
}

/// Reads the head of a text contact file from `sample`, its first [`SAMPLE_BYTES`] (or
/// all of it: `whole`), with the encoding and delimiter of `mapping` where it says them.
pub fn read_head(sample: &[u8], whole: bool, mapping: Option<&Mapping>) -> Result<Head, HeadError> {
    let sn = sniff(sample);
    let encoding = mapping.and_then(|m| m.encoding).unwrap_or(sn.encoding);
    let delimiter = mapping.and_then(|m| m.delimiter).unwrap_or(sn.delimiter);
    let mut rdr = csv_reader(&sample[sn.bom_len..], delimiter, None);
    let mut rec = csv::ByteRecord::new();
    let found = rdr
        .read_byte_record(&mut rec)
        .map_err(|e| HeadError::Unreadable {
            detail: e.to_string(),
        })?;
    if !found {
        return Err(HeadError::NoHeader);
    }
    let mut start = sn.bom_len + rdr.position().byte() as usize;
    if sample.get(start) == Some(&b'\n') {
        start += 1; // the header ended in CRLF
    }
    if start >= sample.len() && !whole {
        return Err(HeadError::TooLong);
    }
    let header = rec
        .iter()
        .map(|h| encoding.decode(h).map(|s| s.into_owned()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|reason| HeadError::Text { reason })?;
    let mut raw = sample[sn.bom_len..start].to_vec();
    while matches!(raw.last(), Some(b'\n' | b'\r')) {
        raw.pop();
    }
    let first_line = 1 + memchr::memchr_iter(b'\n', &sample[..start]).count() as u64;
    Ok(Head {
        encoding,
        delimiter,
        bom_len: sn.bom_len,
        header,
        raw,
        data_start: start,
        first_line,
    })
}

/// Refuses a header with more columns than [`MAX_FIELDS`]: the upload does, before the
/// user maps it (the import and the analysis read such files as they are).
pub fn check_width(header: &[String]) -> Result<(), HeadError> {
    if header.len() > MAX_FIELDS {
        return Err(HeadError::TooWide {
            columns: header.len(),
        });
    }
    Ok(())
}

/// A CSV reader of `input` as contact files (and the other CSV lists) are read: no
/// header row (callers read it themselves), rows of any width, the given delimiter, and
/// a buffer of `capacity` bytes where the default is too small for fast reading.
pub fn csv_reader<R: Read>(input: R, delimiter: u8, capacity: Option<usize>) -> csv::Reader<R> {
    let mut b = csv::ReaderBuilder::new();
    b.delimiter(delimiter).has_headers(false).flexible(true);
    if let Some(c) = capacity {
        b.buffer_capacity(c);
    }
    b.from_reader(input)
}

/// A piece of a file's rows from [`read_blocks`].
#[derive(Debug, Clone, PartialEq)]
pub enum TextBlock {
    /// Whole lines without quotes, the first of them line `first_line`.
    Lines { first_line: u64, data: Vec<u8> },
    /// Records read by a CSV reader (the rows have quotes), each with its line.
    Records(Vec<(u64, csv::ByteRecord)>),
}

/// Why [`read_blocks`] broke off.
#[derive(Debug, thiserror::Error)]
pub enum BlockError {
    #[error("cannot read: {0}")]
    Read(#[from] std::io::Error),
    #[error("line {line}: longer than 256 MB")]
    LineTooLong { line: u64 },
    /// Quoted text the CSV reader cannot read (its words).
    #[error("line {line}: {detail}")]
    Csv { line: u64, detail: String },
}

/// Cuts a file's rows into blocks of about `block` bytes, each ending on a line end, and
/// hands them to `each` in the file's order until it returns false. `head` is what was
/// read past the header already (from line `first_line`), `rest` the remainder. Once a
/// quote appears, quoted fields may hold delimiters and line ends: from there a CSV
/// reader reads the rest, and `each` gets [`TextBlock::Records`].
pub fn read_blocks<R: Read>(
    head: Vec<u8>,
    mut rest: R,
    first_line: u64,
    delimiter: u8,
    block: usize,
    each: &mut dyn FnMut(TextBlock) -> bool,
) -> Result<(), BlockError> {
    let block = block.max(1);
    let mut buf = head;
    let mut line = first_line;
    let mut eof = false;
    loop {
        // fill to at least a block
        while buf.len() < block && !eof {
            let start = buf.len();
            buf.resize(block.max(start + (64 << 10)), 0);
            match rest.read(&mut buf[start..]) {
                Ok(0) => {
                    buf.truncate(start);
                    eof = true;
                }
                Ok(n) => buf.truncate(start + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(start),
                Err(e) => return Err(e.into()),
            }
        }
        if buf.is_empty() {
            return Ok(());
        }
        if memchr::memchr(b'"', &buf).is_some() {
            // a quoted field may hold a line end: no more cutting on them
            return read_records(Cursor::new(buf).chain(rest), line, delimiter, each);
        }
        let cut = if eof {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', &buf) {
                Some(p) => p + 1,
                None => {
                    // a line longer than the block: read more
                    if buf.len() > MAX_LINE_BYTES {
                        return Err(BlockError::LineTooLong { line });
                    }
                    let start = buf.len();
                    buf.resize(start * 2, 0);
                    let n = rest.read(&mut buf[start..])?;
                    buf.truncate(start + n);
                    eof = n == 0;
                    continue;
                }
            }
        };
        let tail = buf.split_off(cut);
        let newlines = memchr::memchr_iter(b'\n', &buf).count() as u64;
        let data = std::mem::replace(&mut buf, tail);
        if !each(TextBlock::Lines {
            first_line: line,
            data,
        }) {
            return Ok(());
        }
        line += newlines;
        if eof && buf.is_empty() {
            return Ok(());
        }
    }
}

/// The rest of [`read_blocks`] with a CSV reader, [`RECORDS_PER_BLOCK`] at a time.
fn read_records(
    input: impl Read,
    first_line: u64,
    delimiter: u8,
    each: &mut dyn FnMut(TextBlock) -> bool,
) -> Result<(), BlockError> {
    let mut rdr = csv_reader(input, delimiter, Some(1 << 20));
    let line_of = |p: Option<&csv::Position>| first_line + p.map_or(1, |p| p.line()) - 1;
    let mut records = Vec::new();
    loop {
        let mut rec = csv::ByteRecord::new();
        let more = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| BlockError::Csv {
                line: line_of(e.position()),
                detail: e.to_string(),
            })?;
        if more {
            records.push((line_of(rec.position()), rec));
        }
        let full = records.len() == RECORDS_PER_BLOCK || (!more && !records.is_empty());
        if (full && !each(TextBlock::Records(std::mem::take(&mut records)))) || !more {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &[u8]) -> Result<Head, HeadError> {
        read_head(text, true, None)
    }

    #[test]
    fn the_head_of_a_crlf_semicolon_file_with_a_bom() {
        let h = head(b"\xef\xbb\xbfa;b;c\r\n1;2;3\r\n").unwrap();
        assert_eq!(
            (h.encoding, h.delimiter, h.bom_len),
            (Encoding::Utf8, b';', 3)
        );
        assert_eq!(h.header, ["a", "b", "c"]);
        assert_eq!(h.raw, b"a;b;c");
        assert_eq!(h.data_start, 10);
        assert_eq!(h.first_line, 2);
    }

    #[test]
    fn a_quoted_header_over_two_lines_moves_the_first_row_down() {
        let text = b"\"a\nb\",c\n1,2\n";
        let h = head(text).unwrap();
        assert_eq!(h.header, ["a\nb", "c"]);
        assert_eq!(h.raw, b"\"a\nb\",c");
        assert_eq!(&text[h.data_start..], b"1,2\n");
        assert_eq!(h.first_line, 3);
    }

    #[test]
    fn the_mapping_says_encoding_and_delimiter() {
        let m = Mapping {
            encoding: Some(Encoding::Utf8),
            delimiter: Some(b','),
            ..Mapping::default()
        };
        // sniffed: semicolon and Windows-1252; mapped: a comma and UTF-8 it is not
        let text = b"a;b;K\xf8n,x\n";
        assert_eq!(
            read_head(text, true, Some(&m)),
            Err(HeadError::Text {
                reason: Reason::NotUtf8
            })
        );
        let h = read_head(text, true, None).unwrap();
        assert_eq!(h.header, ["a", "b", "Køn,x"]);
        assert_eq!(h.encoding, Encoding::Windows1252);
    }

    #[test]
    fn heads_that_are_refused() {
        assert_eq!(head(b""), Err(HeadError::NoHeader));
        assert_eq!(head(b"\xef\xbb\xbf"), Err(HeadError::NoHeader));
        // a header without a line end: the whole file is fine, a sample is not
        assert_eq!(head(b"a,b").unwrap().data_start, 3);
        assert_eq!(read_head(b"a,b", false, None), Err(HeadError::TooLong));
        assert_eq!(
            HeadError::TooLong.to_string(),
            "header line longer than 1 MB"
        );
        let wide: Vec<String> = (0..=MAX_FIELDS).map(|i| i.to_string()).collect();
        assert_eq!(
            check_width(&wide).unwrap_err().to_string(),
            "the header has 65 columns; at most 64 are read"
        );
        assert!(check_width(&wide[1..]).is_ok());
    }

    /// A source that gives at most 4 bytes a read, as a pipe may.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(4).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// All blocks of `text` (`split` bytes of it read already) with a block size of
    /// `block`.
    fn blocks(text: &[u8], split: usize, block: usize) -> Vec<TextBlock> {
        let mut out = Vec::new();
        read_blocks(
            text[..split].to_vec(),
            Trickle(&text[split..]),
            2,
            b',',
            block,
            &mut |b| {
                out.push(b);
                true
            },
        )
        .unwrap();
        out
    }

    #[test]
    fn blocks_end_on_line_ends_and_count_lines() {
        let text = b"1,a\n2,b\n3,c\n4,d";
        let got = blocks(text, 2, 6);
        let lines: Vec<(u64, &[u8])> = got
            .iter()
            .map(|b| match b {
                TextBlock::Lines { first_line, data } => (*first_line, data.as_slice()),
                TextBlock::Records(_) => panic!("no quotes, no records"),
            })
            .collect();
        assert_eq!(
            lines,
            [
                (2, &b"1,a\n"[..]),
                (3, b"2,b\n"),
                (4, b"3,c\n"),
                (5, b"4,d")
            ]
        );
        // a line longer than the block is read whole
        let got = blocks(b"123456789,x\n1,y\n", 0, 4);
        assert!(matches!(&got[0], TextBlock::Lines { data, .. } if data == b"123456789,x\n"));
    }

    #[test]
    fn a_quote_hands_the_rest_to_a_csv_reader() {
        let text = b"1,a\n2,\"b\nc\"\n3,d\n";
        let got = blocks(text, 0, 4);
        assert!(matches!(&got[0], TextBlock::Lines { first_line: 2, data } if data == b"1,a\n"));
        let TextBlock::Records(recs) = &got[1] else {
            panic!("records after the quote: {got:?}");
        };
        let lines: Vec<u64> = recs.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 5]);
        assert_eq!(&recs[0].1[1], b"b\nc");
        assert_eq!(got.len(), 2);
        // a stop from the callback ends the reading
        let mut n = 0;
        read_blocks(Vec::new(), Trickle(text), 1, b',', 4, &mut |_| {
            n += 1;
            false
        })
        .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn a_failing_source_is_said() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk gone"))
            }
        }
        let e = read_blocks(Vec::new(), Broken, 1, b',', 64, &mut |_| true).unwrap_err();
        assert_eq!(e.to_string(), "cannot read: disk gone");
        // past a quote the CSV reader meets it
        let quoted = Cursor::new(b"1,\"a\"\n2,b\n".to_vec()).chain(Broken);
        let e = read_blocks(Vec::new(), quoted, 5, b',', 4, &mut |_| true).unwrap_err();
        assert!(
            matches!(&e, BlockError::Csv { detail, .. } if detail.contains("disk gone")),
            "{e:?}"
        );
    }
}

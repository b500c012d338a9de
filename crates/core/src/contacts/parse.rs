//! Reading contact logs: delimiter and encoding detection, the column mapping, and one
//! CSV record to a [`Row`] with a precise error (line, column, reason).

use super::time::{parse_timestamp, DateOrder};
use super::Channel;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// The canonical columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    ContactId,
    OrgId,
    Timestamp,
    Channel,
    Service,
    CitizenKey,
    CaseKey,
    DurationS,
    Resolved,
    Satisfaction,
    Effort,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::ContactId,
        Column::OrgId,
        Column::Timestamp,
        Column::Channel,
        Column::Service,
        Column::CitizenKey,
        Column::CaseKey,
        Column::DurationS,
        Column::Resolved,
        Column::Satisfaction,
        Column::Effort,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::ContactId => "contact_id",
            Column::OrgId => "org_id",
            Column::Timestamp => "timestamp",
            Column::Channel => "channel",
            Column::Service => "service",
            Column::CitizenKey => "citizen_key",
            Column::CaseKey => "case_key",
            Column::DurationS => "duration_s",
            Column::Resolved => "resolved",
            Column::Satisfaction => "satisfaction",
            Column::Effort => "effort",
        }
    }

    pub fn from_name(s: &str) -> Option<Column> {
        let s = s.trim();
        Column::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A file's text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
}

impl Encoding {
    /// Text of a field: validated UTF-8, or Windows-1252 decoded.
    pub fn decode(self, bytes: &[u8]) -> Result<Cow<'_, str>, Reason> {
        match self {
            Encoding::Utf8 => std::str::from_utf8(bytes)
                .map(Cow::Borrowed)
                .map_err(|_| Reason::NotUtf8),
            Encoding::Windows1252 => {
                let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                Ok(s)
            }
        }
    }
}

/// What [`sniff`] found at the start of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniff {
    pub encoding: Encoding,
    /// Bytes of a UTF-8 byte-order mark to skip (0 or 3).
    pub bom_len: usize,
    pub delimiter: u8,
}

/// Detects encoding and delimiter from the first bytes of a file (a megabyte is plenty).
///
/// A UTF-8 BOM means UTF-8; otherwise the sample is UTF-8 if it decodes as UTF-8 (a
/// character cut by the sample's end is allowed), else Windows-1252. The delimiter is
/// the most frequent of `,`, `;` and tab outside quotes in the header line (comma on a
/// tie).
pub fn sniff(sample: &[u8]) -> Sniff {
    let (bom_len, encoding) = if sample.starts_with(b"\xEF\xBB\xBF") {
        (3, Encoding::Utf8)
    } else {
        match std::str::from_utf8(sample) {
            Ok(_) => (0, Encoding::Utf8),
            Err(e) if e.error_len().is_none() => (0, Encoding::Utf8),
            Err(_) => (0, Encoding::Windows1252),
        }
    };
    let body = &sample[bom_len..];
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in body {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delims = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    Sniff {
        encoding,
        bom_len,
        delimiter: delims[best],
    }
}

/// A column mapping for exports that are not in the canonical columns, as TOML:
///
/// ```toml
/// delimiter = ";"            # optional: ",", ";" or "\t" (else detected)
/// encoding = "windows-1252"  # optional: "utf-8" or "windows-1252" (else detected)
/// date_order = "day-first"   # optional: also accept 14-03-2025 10:15 (default "iso")
/// org = "K751"               # optional: the organisation of a file without an org column
///
/// [columns]                  # source column = canonical column
/// "Henvendelse" = "contact_id"
/// "Tidspunkt" = "timestamp"
/// "Kanal" = "channel"
///
/// [channels]                 # source value = canonical channel (any letter case)
/// "Telefon" = "phone"
/// "Borgerservice" = "front_desk"
/// "Selvbetjening" = "selfservice"
/// ```
///
/// Columns not named keep their canonical name if they have one; other source columns are
/// ignored. Numbers may always use a decimal comma.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    pub delimiter: Option<u8>,
    pub encoding: Option<Encoding>,
    pub date_order: DateOrder,
    pub org: Option<String>,
    /// (source column, canonical column)
    pub columns: Vec<(String, Column)>,
    /// lower-cased source value -> channel
    pub channels: HashMap<String, Channel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    delimiter: Option<String>,
    encoding: Option<String>,
    date_order: Option<String>,
    org: Option<String>,
    #[serde(default)]
    columns: toml::Table,
    #[serde(default)]
    channels: toml::Table,
}

impl Mapping {
    /// Parses and checks a mapping file's text.
    pub fn from_toml(text: &str) -> Result<Mapping, String> {
        let f: MappingFile = toml::from_str(text).map_err(|e| format!("mapping: {e}"))?;
        let delimiter = match f.delimiter.as_deref() {
            None => None,
            Some(",") => Some(b','),
            Some(";") => Some(b';'),
            Some("\t") | Some("tab") => Some(b'\t'),
            Some(d) => return Err(format!("mapping: delimiter '{d}' is not ',', ';' or a tab")),
        };
        let encoding = match f
            .encoding
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => None,
            Some("utf-8") | Some("utf8") => Some(Encoding::Utf8),
            Some("windows-1252") | Some("cp1252") | Some("latin1") | Some("iso-8859-1") => {
                Some(Encoding::Windows1252)
            }
            Some(e) => {
                return Err(format!(
                    "mapping: unknown encoding '{e}' (utf-8 or windows-1252)"
                ))
            }
        };
        let date_order = match f.date_order.as_deref() {
            None | Some("iso") => DateOrder::Iso,
            Some("day-first") => DateOrder::DayFirst,
            Some(o) => {
                return Err(format!(
                    "mapping: date_order '{o}' is not 'iso' or 'day-first'"
                ))
            }
        };
        let mut columns = Vec::new();
        for (src, v) in &f.columns {
            let name = v
                .as_str()
                .ok_or_else(|| format!("mapping: column '{src}' must map to a column name"))?;
            let col = Column::from_name(name).ok_or_else(|| {
                format!(
                    "mapping: '{name}' (for source column '{src}') is not a canonical column; use one of {}",
                    Column::ALL.map(Column::name).join(", ")
                )
            })?;
            if let Some((other, _)) = columns.iter().find(|(_, c)| *c == col) {
                return Err(format!(
                    "mapping: both '{other}' and '{src}' map to column {col}"
                ));
            }
            columns.push((src.trim().to_string(), col));
        }
        let mut channels = HashMap::new();
        for (src, v) in &f.channels {
            let name = v.as_str().ok_or_else(|| {
                format!("mapping: channel value '{src}' must map to a channel name")
            })?;
            let ch = Channel::from_name(name.trim().as_bytes()).ok_or_else(|| {
                format!(
                    "mapping: '{name}' (for channel value '{src}') is not a channel; use one of {}",
                    Channel::ALL.map(Channel::name).join(", ")
                )
            })?;
            channels.insert(src.trim().to_lowercase(), ch);
        }
        Ok(Mapping {
            delimiter,
            encoding,
            date_order,
            org: f
                .org
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty()),
            columns,
            channels,
        })
    }
}

/// Where each canonical column is in a file's records.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub index: [Option<usize>; 11],
    pub fields: usize,
}

impl Layout {
    /// Reads the header (already decoded), using the mapping if any. Fails when a needed
    /// column (contact_id, timestamp, channel; org_id unless the mapping sets `org`) is
    /// missing or a column appears twice.
    pub fn from_header(
        header: &[String],
        mapping: Option<&Mapping>,
    ) -> Result<Layout, HeaderError> {
        let mut index = [None; 11];
        for (i, h) in header.iter().enumerate() {
            let h = h.trim().trim_start_matches('\u{feff}');
            let mapped = mapping.and_then(|m| {
                m.columns
                    .iter()
                    .find(|(s, _)| s == h)
                    .or_else(|| m.columns.iter().find(|(s, _)| s.eq_ignore_ascii_case(h)))
                    .map(|(_, c)| *c)
            });
            let Some(col) = mapped.or_else(|| Column::from_name(h)) else {
                continue;
            };
            if let Some(j) = index[col as usize] {
                return Err(HeaderError::Twice {
                    column: col.name().to_string(),
                    first: j + 1,
                    second: i + 1,
                });
            }
            index[col as usize] = Some(i);
        }
        let has_org = mapping.is_some_and(|m| m.org.is_some());
        let missing: Vec<String> = [
            Column::ContactId,
            Column::OrgId,
            Column::Timestamp,
            Column::Channel,
        ]
        .into_iter()
        .filter(|c| index[*c as usize].is_none() && !(*c == Column::OrgId && has_org))
        .map(|c| c.name().to_string())
        .collect();
        if !missing.is_empty() {
            return Err(HeaderError::Missing {
                missing,
                found: header.to_vec(),
            });
        }
        Ok(Layout {
            index,
            fields: header.len(),
        })
    }
}

/// Why a file's header was refused. Typed so that pages can say it in their language;
/// its Display is the command line's English text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum HeaderError {
    /// A canonical column is given twice (1-based column numbers).
    Twice {
        column: String,
        first: usize,
        second: usize,
    },
    /// Needed columns are not there.
    Missing {
        missing: Vec<String>,
        found: Vec<String>,
    },
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::Twice {
                column,
                first,
                second,
            } => write!(
                f,
                "header: column {column} appears twice (columns {first} and {second})"
            ),
            HeaderError::Missing { missing, found } => write!(
                f,
                "header: missing column(s) {} (found: {}); map them with --mapping",
                missing.join(", "),
                found.join(", ")
            ),
        }
    }
}

impl std::error::Error for HeaderError {}

/// Why a row was refused, with the values it names. Typed so that pages can say it in
/// their language; its Display is the command line's English text (a contract: the
/// CLI's output and `contacts analyze` show it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// The record has another number of fields than the header.
    FieldCount {
        expected: usize,
        found: usize,
    },
    /// A needed value is empty.
    Empty,
    /// The text is not valid UTF-8.
    NotUtf8,
    NotInteger {
        value: String,
    },
    /// A contact id longer than [`MAX_CONTACT_ID`] bytes.
    IdTooLong {
        max: usize,
    },
    NotTimestamp {
        value: String,
    },
    /// A date that is not in the calendar (e.g. 2025-02-29).
    NoSuchDate {
        value: String,
    },
    /// A time of day past 23:59:59.
    NoSuchTime {
        value: String,
    },
    UnknownChannel {
        value: String,
    },
    NotSeconds {
        value: String,
    },
    NotBoolean {
        value: String,
    },
    /// Not an integer from 1 to `max` (satisfaction 5, effort 7).
    NotOnScale {
        max: u8,
        value: String,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::FieldCount { expected, found } => {
                write!(f, "expected {expected} fields, found {found}")
            }
            Reason::Empty => f.write_str("empty"),
            Reason::NotUtf8 => f.write_str("not valid UTF-8 text"),
            Reason::NotInteger { value } => write!(f, "not an integer: '{value}'"),
            Reason::IdTooLong { max } => write!(f, "a contact id of more than {max} bytes"),
            Reason::NotTimestamp { value } => write!(
                f,
                "not a timestamp: '{value}' (expected e.g. 2025-03-14T09:15:00Z, 2025-03-14 10:15:00+01:00 or 2025-03-14 10:15)"
            ),
            Reason::NoSuchDate { value } => write!(f, "no such date in '{value}'"),
            Reason::NoSuchTime { value } => write!(f, "no such time of day in '{value}'"),
            Reason::UnknownChannel { value } => write!(
                f,
                "unknown channel '{value}' (use one of {}, or map it with --mapping)",
                Channel::ALL.map(Channel::name).join(", ")
            ),
            Reason::NotSeconds { value } => write!(f, "not a number of seconds: '{value}'"),
            Reason::NotBoolean { value } => write!(f, "not 0 or 1: '{value}'"),
            Reason::NotOnScale { max, value } => {
                write!(f, "not an integer from 1 to {max}: '{value}'")
            }
        }
    }
}

/// One problem with one row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub line: u64,
    pub column: Option<Column>,
    pub reason: Reason,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "line {}, column {}: {}", self.line, c, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// A row's problem before its line is known.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub column: Option<Column>,
    pub reason: Reason,
}

impl FieldError {
    pub fn at(self, line: u64) -> RowError {
        RowError {
            line,
            column: self.column,
            reason: self.reason,
        }
    }
}

/// The fields of one record: a csv `ByteRecord` or a split line.
pub trait Fields {
    fn count(&self) -> usize;
    fn field(&self, i: usize) -> &[u8];
}

impl Fields for csv::ByteRecord {
    #[inline]
    fn count(&self) -> usize {
        self.len()
    }
    #[inline]
    fn field(&self, i: usize) -> &[u8] {
        self.get(i).unwrap_or(b"")
    }
}

/// The most fields [`SplitLine`] keeps; a line with more is refused by its count.
pub const MAX_FIELDS: usize = 64;

/// A line without quotes split on its delimiter.
pub struct SplitLine<'a> {
    line: &'a [u8],
    /// field i is line[bounds[i].0..bounds[i].1]
    bounds: &'a [(u32, u32)],
    n: usize,
}

/// Splits `line` on `delimiter` into `bounds` (see [`SplitLine::from_bounds`]).
pub fn split_line<'a>(
    line: &'a [u8],
    delimiter: u8,
    bounds: &'a mut [(u32, u32); MAX_FIELDS],
) -> SplitLine<'a> {
    let mut n = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(delimiter, line) {
        if n < MAX_FIELDS {
            bounds[n] = (start as u32, end as u32);
        }
        n += 1;
        start = end + 1;
    }
    if n < MAX_FIELDS {
        bounds[n] = (start as u32, line.len() as u32);
    }
    SplitLine {
        line,
        bounds,
        n: n + 1,
    }
}

impl<'a> SplitLine<'a> {
    /// A line split by the caller: field i is `line[bounds[i].0..bounds[i].1]` for the
    /// first [`MAX_FIELDS`] of its `n` fields.
    #[inline]
    pub fn from_bounds(line: &'a [u8], bounds: &'a [(u32, u32)], n: usize) -> Self {
        SplitLine { line, bounds, n }
    }

    /// The line's text (without its line end).
    #[inline]
    pub fn line(&self) -> &'a [u8] {
        self.line
    }

    /// Empty, or only a `\r`.
    #[inline]
    pub fn is_blank(&self) -> bool {
        matches!(self.line, b"" | b"\r")
    }
}

impl Fields for SplitLine<'_> {
    #[inline]
    fn count(&self) -> usize {
        self.n
    }
    #[inline]
    fn field(&self, i: usize) -> &[u8] {
        match self.bounds.get(i) {
            Some(&(a, b)) if i < self.n => &self.line[a as usize..b as usize],
            _ => b"",
        }
    }
}

/// One contact, borrowing its text from the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    pub contact_id: i64,
    /// Raw bytes in the file's encoding (checked to decode).
    pub org: &'a [u8],
    /// UTC microseconds.
    pub timestamp: i64,
    pub channel: Channel,
    /// Raw bytes in the file's encoding; empty when not given.
    pub service: &'a [u8],
    /// UTF-8 bytes; empty when not given.
    pub citizen_key: Cow<'a, [u8]>,
    pub case_key: Cow<'a, [u8]>,
    pub satisfaction: Option<u8>,
    pub effort: Option<u8>,
}

/// Turns records into rows for one file.
#[derive(Debug, Clone)]
pub struct RowParser {
    pub layout: Layout,
    pub encoding: Encoding,
    date_order: DateOrder,
    channels: HashMap<String, Channel>,
    org: Option<String>,
}

#[inline]
fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

fn shown(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// An integer from 1 to `max`, also written `4.0` or `4,0`.
fn small_int(b: &[u8], max: u8) -> Option<u8> {
    let (int, frac) = match b.iter().position(|&c| c == b'.' || c == b',') {
        Some(p) => (&b[..p], &b[p + 1..]),
        None => (b, &b[..0]),
    };
    if int.is_empty() || int.len() > 2 || !frac.iter().all(|&c| c == b'0') {
        return None;
    }
    let mut v: u8 = 0;
    for &c in int {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0');
    }
    (1..=max).contains(&v).then_some(v)
}

/// A non-negative decimal number with `.` or `,` as decimal separator.
fn is_number(b: &[u8]) -> bool {
    let mut digits = 0;
    let mut seps = 0;
    for &c in b {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' | b',' => seps += 1,
            _ => return false,
        }
    }
    digits > 0 && seps <= 1
}

/// The longest contact id read (bytes): ids are keys of source systems, not texts.
pub const MAX_CONTACT_ID: usize = 100;

/// A contact id as the number it is stored under: a non-negative integer as itself, any
/// other text (real exports carry ids like "H-2026836") as a 63-bit hash of its bytes
/// made negative, so a text id never meets an integer id. The id only tells a re-imported
/// contact from a new one; no page or export shows it.
fn contact_key(b: &[u8]) -> Result<i64, Reason> {
    let b = b.trim_ascii();
    if b.is_empty() {
        return Err(Reason::Empty);
    }
    if b.len() > MAX_CONTACT_ID {
        return Err(Reason::IdTooLong {
            max: MAX_CONTACT_ID,
        });
    }
    match integer(b) {
        Some(v) if v >= 0 => Ok(v),
        _ => Ok(-1 - (super::hash_parts(&[b"contact-id", b]) >> 1) as i64),
    }
}

fn integer(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut v: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as i64;
    }
    Some(if neg { -v } else { v })
}

impl RowParser {
    pub fn new(layout: Layout, encoding: Encoding, mapping: Option<&Mapping>) -> RowParser {
        RowParser {
            layout,
            encoding,
            date_order: mapping.map(|m| m.date_order).unwrap_or_default(),
            channels: mapping.map(|m| m.channels.clone()).unwrap_or_default(),
            org: mapping.and_then(|m| m.org.clone()),
        }
    }

    #[inline]
    fn field<'a, F: Fields>(&self, rec: &'a F, c: Column) -> &'a [u8] {
        match self.layout.index[c as usize] {
            Some(i) => trim(rec.field(i)),
            None => b"",
        }
    }

    #[inline]
    fn text<'a>(&self, b: &'a [u8], c: Column) -> Result<&'a [u8], FieldError> {
        if b.is_ascii() {
            return Ok(b);
        }
        self.encoding.decode(b).map_err(|reason| FieldError {
            column: Some(c),
            reason,
        })?;
        Ok(b)
    }

    #[inline]
    fn key<'a>(&self, b: &'a [u8], c: Column) -> Result<Cow<'a, [u8]>, FieldError> {
        if b.is_ascii() {
            return Ok(Cow::Borrowed(b));
        }
        match self.encoding.decode(b) {
            Ok(Cow::Borrowed(s)) => Ok(Cow::Borrowed(s.as_bytes())),
            Ok(Cow::Owned(s)) => Ok(Cow::Owned(s.into_bytes())),
            Err(reason) => Err(FieldError {
                column: Some(c),
                reason,
            }),
        }
    }

    fn channel(&self, b: &[u8]) -> Result<Channel, FieldError> {
        if let Some(c) = Channel::from_name(b) {
            return Ok(c);
        }
        let err = |reason: Reason| FieldError {
            column: Some(Column::Channel),
            reason,
        };
        if b.is_empty() {
            return Err(err(Reason::Empty));
        }
        let text = self.encoding.decode(b).map_err(err)?;
        self.channels
            .get(&text.to_lowercase())
            .copied()
            .ok_or_else(|| {
                err(Reason::UnknownChannel {
                    value: text.into_owned(),
                })
            })
    }

    /// Parses one record.
    pub fn parse<'a, F: Fields>(&'a self, rec: &'a F) -> Result<Row<'a>, FieldError> {
        if rec.count() != self.layout.fields {
            return Err(FieldError {
                column: None,
                reason: Reason::FieldCount {
                    expected: self.layout.fields,
                    found: rec.count(),
                },
            });
        }
        let e = |c: Column, reason: Reason| FieldError {
            column: Some(c),
            reason,
        };
        let id = self.field(rec, Column::ContactId);
        let contact_id = contact_key(id).map_err(|r| e(Column::ContactId, r))?;
        let org = match (self.layout.index[Column::OrgId as usize], &self.org) {
            (None, Some(o)) => o.as_bytes(),
            _ => self.text(self.field(rec, Column::OrgId), Column::OrgId)?,
        };
        if org.is_empty() {
            return Err(e(Column::OrgId, Reason::Empty));
        }
        let ts = self.field(rec, Column::Timestamp);
        let timestamp =
            parse_timestamp(ts, self.date_order).map_err(|r| e(Column::Timestamp, r))?;
        let channel = self.channel(self.field(rec, Column::Channel))?;
        let service = self.text(self.field(rec, Column::Service), Column::Service)?;
        let citizen_key = self.key(self.field(rec, Column::CitizenKey), Column::CitizenKey)?;
        let case_key = self.key(self.field(rec, Column::CaseKey), Column::CaseKey)?;
        let d = self.field(rec, Column::DurationS);
        if !d.is_empty() && !is_number(d) {
            return Err(e(Column::DurationS, Reason::NotSeconds { value: shown(d) }));
        }
        let r = self.field(rec, Column::Resolved);
        if !matches!(r, b"" | b"0" | b"1")
            && !["true", "false", "yes", "no", "ja", "nej"]
                .iter()
                .any(|w| w.as_bytes().eq_ignore_ascii_case(r))
        {
            return Err(e(Column::Resolved, Reason::NotBoolean { value: shown(r) }));
        }
        let s = self.field(rec, Column::Satisfaction);
        let satisfaction = match s {
            b"" => None,
            _ => Some(small_int(s, 5).ok_or_else(|| {
                e(
                    Column::Satisfaction,
                    Reason::NotOnScale {
                        max: 5,
                        value: shown(s),
                    },
                )
            })?),
        };
        let f = self.field(rec, Column::Effort);
        let effort = match f {
            b"" => None,
            _ => Some(small_int(f, 7).ok_or_else(|| {
                e(
                    Column::Effort,
                    Reason::NotOnScale {
                        max: 7,
                        value: shown(f),
                    },
                )
            })?),
        };
        Ok(Row {
            contact_id,
            org,
            timestamp,
            channel,
            service,
            citizen_key,
            case_key,
            satisfaction,
            effort,
        })
    }
}

impl RowParser {
    /// The duration of a record that [`RowParser::parse`] accepted, in whole seconds
    /// (a decimal, with `.` or `,`, rounded to the nearest); None when empty.
    pub fn duration_s<F: Fields>(&self, rec: &F) -> Option<i64> {
        let d = self.field(rec, Column::DurationS);
        if d.is_empty() || !is_number(d) {
            return None;
        }
        let text: String = d
            .iter()
            .map(|&c| if c == b',' { '.' } else { c as char })
            .collect();
        let v: f64 = text.parse().ok()?;
        (v.is_finite() && v < 9.0e15).then(|| v.round() as i64)
    }

    /// Whether a record that [`RowParser::parse`] accepted was resolved; None when empty.
    pub fn resolved<F: Fields>(&self, rec: &F) -> Option<bool> {
        let r = self.field(rec, Column::Resolved);
        if r.is_empty() {
            return None;
        }
        Some(
            r == b"1"
                || ["true", "yes", "ja"]
                    .iter()
                    .any(|w| w.as_bytes().eq_ignore_ascii_case(r)),
        )
    }
}

/// Whether a value looks like a Danish CPR number: `DDMMYY-XXXX` or ten digits, whose
/// first six are a valid date (day and month; any year, so 29 February always passes).
pub fn looks_like_cpr(value: &[u8]) -> bool {
    let v = value.trim_ascii();
    let (date, rest): (&[u8], &[u8]) = match v.len() {
        10 => (&v[..6], &v[6..]),
        11 if v[6] == b'-' => (&v[..6], &v[7..]),
        _ => return false,
    };
    if !date.iter().chain(rest).all(u8::is_ascii_digit) {
        return false;
    }
    let two = |i: usize| (date[i] - b'0') as u32 * 10 + (date[i + 1] - b'0') as u32;
    let (d, m) = (two(0), two(2));
    let max = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => return false,
    };
    (1..=max).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpr_numbers_are_recognised() {
        for yes in ["010190-1234", "3112991234", " 290200-0001 ", "0101001234"] {
            assert!(looks_like_cpr(yes.as_bytes()), "{yes}");
        }
        for no in [
            "320190-1234",
            "011390-1234",
            "1000000001",
            "010190+1234",
            "010190-123",
            "01019012345",
            "31049012 4",
            "abc",
            "",
            "310490-1234",
        ] {
            assert!(!looks_like_cpr(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn duration_and_resolved_are_read_for_storing() {
        let p = canonical();
        let mut f: Vec<&[u8]> = vec![
            b"7",
            b"K101",
            b"2025-03-14T09:15:42Z",
            b"phone",
            b"",
            b"",
            b"",
            b"12,5",
            b"Ja",
            b"",
            b"",
        ];
        assert_eq!(p.duration_s(&rec(&f)), Some(13));
        assert_eq!(p.resolved(&rec(&f)), Some(true));
        f[7] = b"360";
        f[8] = b"0";
        assert_eq!(p.duration_s(&rec(&f)), Some(360));
        assert_eq!(p.resolved(&rec(&f)), Some(false));
        f[7] = b"";
        f[8] = b"";
        assert_eq!(p.duration_s(&rec(&f)), None);
        assert_eq!(p.resolved(&rec(&f)), None);
    }

    fn rec(fields: &[&[u8]]) -> csv::ByteRecord {
        csv::ByteRecord::from(fields.to_vec())
    }

    fn canonical() -> RowParser {
        let header: Vec<String> = Column::ALL.iter().map(|c| c.name().to_string()).collect();
        RowParser::new(
            Layout::from_header(&header, None).unwrap(),
            Encoding::Utf8,
            None,
        )
    }

    #[test]
    fn sniffs_delimiter_and_encoding() {
        let s = sniff(b"contact_id,org_id,timestamp\n1,K1,2025");
        assert_eq!(
            (s.encoding, s.bom_len, s.delimiter),
            (Encoding::Utf8, 0, b',')
        );
        let s = sniff(b"\xEF\xBB\xBFa;b;c\r\n1;2;3");
        assert_eq!(
            (s.encoding, s.bom_len, s.delimiter),
            (Encoding::Utf8, 3, b';')
        );
        let s = sniff(b"a\tb\tc\n\xe6\xf8\xe5\t2\t3");
        assert_eq!((s.encoding, s.delimiter), (Encoding::Windows1252, b'\t'));
        // a UTF-8 character cut by the sample's end is still UTF-8
        let s = sniff("a;\"b,c\";d\nø".as_bytes().split_last().unwrap().1);
        assert_eq!((s.encoding, s.delimiter), (Encoding::Utf8, b';'));
    }

    #[test]
    fn windows_1252_decodes_danish_letters() {
        assert_eq!(
            Encoding::Windows1252
                .decode(b"\xe6\xf8\xe5 \xc6\xd8\xc5")
                .unwrap(),
            "æøå ÆØÅ"
        );
        assert!(Encoding::Utf8.decode(b"\xe6\xf8\xe5").is_err());
    }

    #[test]
    fn parses_a_canonical_row() {
        let p = canonical();
        let r = rec(&[
            b"7",
            b"K101",
            b"2025-03-14T09:15:42Z",
            b"phone",
            b"pension",
            b"c1",
            b"k1",
            b"360",
            b"1",
            b"4",
            b"",
        ]);
        let row = p.parse(&r).unwrap();
        assert_eq!(row.contact_id, 7);
        assert_eq!(row.org, b"K101");
        assert_eq!(row.channel, Channel::Phone);
        assert_eq!(row.satisfaction, Some(4));
        assert_eq!(row.effort, None);
        assert_eq!(&*row.citizen_key, b"c1");
    }

    #[test]
    fn contact_ids_are_text() {
        let p = canonical();
        let id_of = |id: &[u8]| {
            let f: Vec<&[u8]> = vec![
                id,
                b"K101",
                b"2025-03-14T09:15:42Z",
                b"phone",
                b"",
                b"",
                b"",
                b"",
                b"",
                b"",
                b"",
            ];
            p.parse(&rec(&f)).unwrap().contact_id
        };
        assert_eq!(id_of(b"2026836"), 2026836);
        let text = id_of(b"H-2026836");
        assert!(text < 0, "text ids never meet integer ids");
        assert_eq!(text, id_of(b"H-2026836"), "the same id each time");
        assert_eq!(
            text,
            id_of(b" H-2026836 "),
            "surrounding spaces do not count"
        );
        assert_ne!(text, id_of(b"H-2026837"));
        assert_ne!(text, id_of(b"h-2026836"), "case counts");
        assert!(id_of(b"-5") < 0, "a negative number is read as text");
        assert!(id_of(&[b'x'; 100]) < 0, "100 bytes is still an id");
    }

    #[test]
    fn reports_the_column_and_reason() {
        let p = canonical();
        let base: Vec<&[u8]> = vec![
            b"7",
            b"K101",
            b"2025-03-14T09:15:42Z",
            b"phone",
            b"pension",
            b"c1",
            b"k1",
            b"360",
            b"1",
            b"4",
            b"2",
        ];
        let cases: [(usize, &[u8], Column, &str); 8] = [
            (0, b" ", Column::ContactId, "empty"),
            (0, &[b'x'; 101], Column::ContactId, "more than 100 bytes"),
            (1, b"", Column::OrgId, "empty"),
            (2, b"2025-02-30 10:00", Column::Timestamp, "no such date"),
            (3, b"fax", Column::Channel, "unknown channel 'fax'"),
            (9, b"6", Column::Satisfaction, "1 to 5"),
            (10, b"0", Column::Effort, "1 to 7"),
            (7, b"12 s", Column::DurationS, "not a number"),
        ];
        for (i, v, col, reason) in cases {
            let mut f = base.clone();
            f[i] = v;
            let err = p.parse(&rec(&f)).unwrap_err();
            assert_eq!(err.column, Some(col));
            assert!(err.reason.to_string().contains(reason), "{}", err.reason);
        }
        let err = p.parse(&rec(&base[..10])).unwrap_err();
        assert_eq!(err.column, None);
        assert_eq!(err.reason.to_string(), "expected 11 fields, found 10");
        // Stored for the browser's progress page as a code and its values.
        assert_eq!(
            serde_json::to_string(&err.reason).unwrap(),
            r#"{"code":"field_count","expected":11,"found":10}"#
        );
        assert_eq!(
            err.at(57).to_string(),
            "line 57: expected 11 fields, found 10"
        );
    }

    #[test]
    fn a_mapping_renames_columns_and_channels() {
        let m = Mapping::from_toml(
            r#"
            encoding = "windows-1252"
            [columns]
            "Løbenr" = "contact_id"
            "Kommune" = "org_id"
            "Tidspunkt" = "timestamp"
            "Kanal" = "channel"
            "Tilfredshed" = "satisfaction"
            [channels]
            "Telefon" = "phone"
            "Borgerservice" = "front_desk"
            "Selvbetjening" = "selfservice"
            "#,
        )
        .unwrap();
        assert_eq!(m.encoding, Some(Encoding::Windows1252));
        let header: Vec<String> = [
            "Løbenr",
            "Kommune",
            "Tidspunkt",
            "Kanal",
            "Tilfredshed",
            "Noter",
        ]
        .map(String::from)
        .to_vec();
        let layout = Layout::from_header(&header, Some(&m)).unwrap();
        assert_eq!(layout.index[Column::Satisfaction as usize], Some(4));
        assert_eq!(layout.index[Column::Service as usize], None);
        let p = RowParser::new(layout, Encoding::Windows1252, Some(&m));
        let r = rec(&[
            b"1",
            b"K\xf8ge",
            b"2025-01-02 10:00",
            b"BORGERSERVICE",
            b"4,0",
            b"fri tekst",
        ]);
        let row = p.parse(&r).unwrap();
        assert_eq!(row.channel, Channel::FrontDesk);
        assert_eq!(row.satisfaction, Some(4));
        assert_eq!(Encoding::Windows1252.decode(row.org).unwrap(), "Køge");
        assert!(Mapping::from_toml("[channels]\nTelefon = \"fax\"").is_err());
        assert!(Mapping::from_toml("[columns]\nA = \"org_id\"\nB = \"org_id\"").is_err());
        assert!(Mapping::from_toml("colums = 1").is_err());
    }

    #[test]
    fn a_header_without_needed_columns_is_refused() {
        let h: Vec<String> = ["contact_id", "org_id", "when"].map(String::from).to_vec();
        let err = Layout::from_header(&h, None).unwrap_err();
        assert!(err.to_string().contains("timestamp, channel"), "{err}");
    }

    #[test]
    fn keys_in_windows_1252_hash_as_utf8() {
        let m = Mapping::default();
        let header: Vec<String> = Column::ALL.iter().map(|c| c.name().to_string()).collect();
        let p = RowParser::new(
            Layout::from_header(&header, Some(&m)).unwrap(),
            Encoding::Windows1252,
            Some(&m),
        );
        let r = rec(&[
            b"7",
            b"K101",
            b"2025-03-14T09:15:42Z",
            b"phone",
            b"",
            b"s\xf8ren",
            b"",
            b"",
            b"",
            b"",
            b"",
        ]);
        let row = p.parse(&r).unwrap();
        assert_eq!(&*row.citizen_key, "søren".as_bytes());
        assert!(row.case_key.is_empty());
    }
}

impl Reason {
    /// The kind of problem, without the values it names: refused rows are grouped by
    /// it (with their column), so a file with 900 rows of one problem reads as one line.
    pub fn kind(&self) -> &'static str {
        match self {
            Reason::FieldCount { .. } => "field_count",
            Reason::Empty => "empty",
            Reason::NotUtf8 => "not_utf8",
            Reason::NotInteger { .. } => "not_integer",
            Reason::IdTooLong { .. } => "id_too_long",
            Reason::NotTimestamp { .. } => "not_timestamp",
            Reason::NoSuchDate { .. } => "no_such_date",
            Reason::NoSuchTime { .. } => "no_such_time",
            Reason::UnknownChannel { .. } => "unknown_channel",
            Reason::NotSeconds { .. } => "not_seconds",
            Reason::NotBoolean { .. } => "not_boolean",
            Reason::NotOnScale { .. } => "not_on_scale",
        }
    }
}

/// The refused rows a summary shows of each group.
pub const GROUP_EXAMPLES: usize = 5;

/// Refused rows of one kind: the same column and the same kind of reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusalGroup {
    /// The canonical column's name, when the problem is in one.
    pub column: Option<String>,
    /// [`Reason::kind`].
    pub kind: String,
    /// Rows refused for it.
    pub count: u64,
    /// The first [`GROUP_EXAMPLES`] of them in file order: (line, reason).
    pub first: Vec<(u64, Reason)>,
}

/// Refused rows grouped by column and kind of reason, in the order each group first
/// appears, counting every row and keeping the first [`GROUP_EXAMPLES`] of each. Add the
/// rows in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefusalGroups {
    groups: Vec<RefusalGroup>,
}

impl RefusalGroups {
    pub fn new() -> RefusalGroups {
        RefusalGroups::default()
    }

    pub fn add(&mut self, line: u64, column: Option<&str>, reason: &Reason) {
        let kind = reason.kind();
        let at = self
            .groups
            .iter()
            .position(|g| g.kind == kind && g.column.as_deref() == column);
        let g = match at {
            Some(i) => &mut self.groups[i],
            None => {
                self.groups.push(RefusalGroup {
                    column: column.map(str::to_string),
                    kind: kind.to_string(),
                    count: 0,
                    first: Vec::new(),
                });
                let last = self.groups.len() - 1;
                &mut self.groups[last]
            }
        };
        g.count += 1;
        if g.first.len() < GROUP_EXAMPLES {
            g.first.push((line, reason.clone()));
        }
    }

    /// The groups, largest first (ties: the one met first).
    pub fn into_groups(self) -> Vec<RefusalGroup> {
        let mut g = self.groups;
        g.sort_by_key(|x| std::cmp::Reverse(x.count));
        g
    }
}

#[cfg(test)]
mod refusal_tests {
    use super::*;

    #[test]
    fn refused_rows_are_grouped_by_column_and_kind_with_their_first_five_lines() {
        let mut g = RefusalGroups::new();
        for line in 2..902 {
            let reason = if line % 3 == 0 {
                Reason::NotTimestamp {
                    value: format!("x{line}"),
                }
            } else {
                Reason::UnknownChannel {
                    value: "fax".into(),
                }
            };
            let col = if line % 3 == 0 {
                "timestamp"
            } else {
                "channel"
            };
            g.add(line, Some(col), &reason);
        }
        let groups = g.into_groups();
        assert_eq!(groups.len(), 2);
        assert_eq!(
            (groups[0].kind.as_str(), groups[0].count),
            ("unknown_channel", 600)
        );
        assert_eq!(
            (groups[1].kind.as_str(), groups[1].count),
            ("not_timestamp", 300)
        );
        let lines: Vec<u64> = groups[0].first.iter().map(|f| f.0).collect();
        assert_eq!(lines, [2, 4, 5, 7, 8]);
        assert_eq!(groups[1].first.len(), GROUP_EXAMPLES);
        assert_eq!(groups[1].column.as_deref(), Some("timestamp"));
    }
}

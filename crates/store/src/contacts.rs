//! Contact logs (issue 4): importing a file into an organisation's stored log, the
//! organisation's cube, and how long the log is kept.
//!
//! An import reads the file in blocks on one thread, parses and checks the blocks on
//! every core with the row rules of `contacts analyze` (`trappe_core::contacts`),
//! pseudonymises the citizen and case keys there, and the caller's task writes the rows
//! in file order with multi-row INSERTs inside one transaction: a file is stored whole or
//! not at all, and a killed import leaves nothing of it. In the same transaction the
//! organisation's cube is recomputed over all its stored contacts.
//!
//! Keys are stored as the first 16 bytes of HMAC-SHA256 under the installation's secret
//! of `contact-key:<org id>:<key>`: the same key in two organisations gives two unrelated
//! pseudonyms, and nobody without the secret can test a guessed key.

use crate::audit::audit_on;
use crate::privacy::Purged;
use crate::{now, Backend, Conn, Db, Result, Store, StoreError};
use futures_util::TryStreamExt;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use sqlx::{Arguments, Database, Row as _};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};
use trappe_core::contacts::import::{for_each_line, CprScan};
use trappe_core::contacts::time::MICROS;
use trappe_core::contacts::xlsx::{is_xlsx, read_xlsx, WorkbookError, XlsxTable};
use trappe_core::contacts::{
    group_of, read_blocks as read_text_blocks, read_head, Channel, Column, Cube, CubeBuilder,
    Encoding, Fields, HeadError, HeaderError, Layout, LogEntry, Mapping, Reason, RefusalGroup,
    RefusalGroups, RowError, RowParser, TextBlock, DEFAULT_WINDOW_S, LOG_ENTRY_BYTES, SAMPLE_BYTES,
};

/// Where an import reads its file from.
#[derive(Debug, Clone)]
pub enum ContactSource {
    /// The file's bytes (an upload).
    Bytes(Vec<u8>),
    /// A file on disk, read in blocks (an XLSX workbook is held whole, its sheet streamed).
    File(PathBuf),
}

/// How an import treats its file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Store the good rows and hand back the bad ones; without it any bad row rejects
    /// the whole file and nothing is stored.
    pub skip_bad: bool,
    /// Who imports, for the audit log (None: the command line).
    pub actor: Option<String>,
    /// Parsing threads (default: the number of cores).
    pub threads: Option<usize>,
    /// Bytes of text handed to a thread at a time (default 4 MB; small in tests).
    pub block_bytes: Option<usize>,
    /// The browser's handle on the import (its progress page), stored on its row.
    pub token: Option<String>,
    /// The rows the file holds, when known beforehand (for the progress page).
    pub total_rows: Option<u64>,
    /// A browser import: keep every refused row and store them as a file its progress
    /// page offers for download (see [`Store::refused_rows`]), for as long as the upload
    /// itself could have been kept. Needs `token`.
    pub keep_refused: Option<KeepRefused>,
}

/// Who uploaded a browser import's file, and when (its refused rows expire with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeepRefused {
    pub user_id: i64,
    /// When the file was uploaded (seconds since 1970).
    pub uploaded_at: i64,
}

/// Writes refused rows as `trappe contacts import --skip-bad BADFILE` does: the file's
/// header line as it was (again only when a later file's header differs), then each
/// refused row as it was, one per line. The one writer of that format: the command line
/// and the browser's download both use it.
pub struct RefusedRowsWriter<W: std::io::Write> {
    out: W,
    last_header: Option<Vec<u8>>,
    /// Rows written so far.
    pub rows: u64,
}

impl<W: std::io::Write> RefusedRowsWriter<W> {
    pub fn new(out: W) -> RefusedRowsWriter<W> {
        RefusedRowsWriter {
            out,
            last_header: None,
            rows: 0,
        }
    }

    /// Writes one file's refused rows under its header.
    pub fn write(&mut self, header: &[u8], rows: &[RejectedRow]) -> std::io::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        if self.last_header.as_deref() != Some(header) {
            self.out.write_all(header)?;
            self.out.write_all(b"\n")?;
            self.last_header = Some(header.to_vec());
        }
        for e in rows {
            self.out.write_all(&e.raw)?;
            self.out.write_all(b"\n")?;
        }
        self.rows += rows.len() as u64;
        Ok(())
    }

    pub fn into_inner(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// One row the import refused.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RejectedRow {
    /// Line (or sheet row), column and reason.
    pub error: RowErrorView,
    /// The row as it was in the file, without its line end (an XLSX row as CSV).
    #[serde(skip)]
    pub raw: Vec<u8>,
}

/// A [`RowError`] for display and JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowErrorView {
    pub line: u64,
    /// The canonical column, when the problem is in one.
    pub column: Option<&'static str>,
    /// In JSON its English text, as the command line has always shown it.
    #[serde(serialize_with = "english")]
    pub reason: Reason,
}

fn english<S: serde::Serializer>(r: &Reason, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(r)
}

/// Why a contact file was refused whole (nothing of it stored), with the values it names.
/// Typed so that pages can say it in their language: a browser import keeps it on its
/// row as JSON (a code and its values). Its Display is the command line's English text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FileRefusal {
    #[error("cannot open {path}: {detail}")]
    CannotOpen { path: String, detail: String },
    #[error("cannot read: {detail}")]
    CannotRead { detail: String },
    /// A workbook that cannot be read (the XLSX reader's words; kept for imports
    /// refused before the typed reason below).
    #[error("{detail}")]
    Workbook { detail: String },
    /// A workbook refused: unreadable, or beyond the reader's limits (see
    /// `trappe_core::contacts::xlsx::LIMITS`).
    #[error("{workbook}")]
    WorkbookRefused { workbook: WorkbookError },
    /// A header that is not CSV (the CSV reader's words).
    #[error("header: {detail}")]
    HeaderUnreadable { detail: String },
    /// A header whose text is not in the file's encoding.
    #[error("header: {reason}")]
    HeaderText { reason: Reason },
    #[error("empty file (no header line)")]
    NoHeader,
    #[error("header line longer than 1 MB")]
    HeaderTooLong,
    /// A needed column missing, or one given twice.
    #[error("{header}")]
    Header { header: HeaderError },
    #[error("cannot start a thread: {detail}")]
    Thread { detail: String },
    /// Reading broke off in the body (the reader's words, with the line).
    #[error("{detail}")]
    Unreadable { detail: String },
    #[error("the import broke off (a reading thread failed)")]
    BrokeOff,
    /// A column outside the key columns holds CPR numbers (`number` is 1-based).
    #[error(
        "column '{name}' (column {number}) looks like CPR numbers (e.g. line {line}); \
         nothing was imported. Map it as citizen_key or case_key to store it as a \
         keyed hash, or remove it from the file"
    )]
    Cpr {
        name: String,
        number: usize,
        line: u64,
    },
    /// Left running by a process that stopped (marked so by the purge).
    #[error(
        "the import broke off: the process running it stopped; nothing of the file was stored"
    )]
    Stopped,
}

impl FileRefusal {
    /// The form kept in `contact_imports.message`.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| self.to_string())
    }

    /// A stored message read back: None when it is plain text (older rows).
    pub fn from_stored(message: &str) -> Option<FileRefusal> {
        serde_json::from_str(message).ok()
    }
}

impl From<RowError> for RowErrorView {
    fn from(e: RowError) -> Self {
        RowErrorView {
            line: e.line,
            column: e.column.map(Column::name),
            reason: e.reason,
        }
    }
}

impl std::fmt::Display for RowErrorView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            Some(c) => write!(f, "line {}, column {}: {}", self.line, c, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// How an import ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportStatus {
    /// The rows were stored (with `skip_bad`, the good ones).
    Done,
    /// Bad rows and no `skip_bad`: nothing was stored.
    Rejected,
}

impl ImportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Done => "done",
            ImportStatus::Rejected => "rejected",
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    /// The `contact_imports` row.
    pub import_id: i64,
    pub file_name: String,
    pub status: ImportStatus,
    /// Rows stored (0 when rejected).
    pub rows: u64,
    /// Rows refused (with `skip_bad`: skipped).
    pub rejected: u64,
    /// The refused rows in file order: all of them with `skip_bad` (or
    /// `keep_refused`), else the first [`MAX_ERRORS`].
    pub errors: Vec<RejectedRow>,
    /// Every refused row, grouped by column and kind of reason (largest group first).
    pub groups: Vec<RefusalGroup>,
    /// The file's header line as it was (to write refused rows back out with it).
    #[serde(skip)]
    pub header: Vec<u8>,
    /// The organisation's stored contacts after the import.
    pub contacts: u64,
}

/// What `contact_imports.errors` holds: the refused rows grouped. (Rows written before
/// the grouping hold a list of the first rows, `[[line, column, reason], ...]`.)
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredErrors {
    pub groups: Vec<RefusalGroup>,
}

/// The refused rows an import without `skip_bad` keeps (it counts them all).
pub const MAX_ERRORS: usize = 1000;

/// One import as stored in `contact_imports`.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ContactImport {
    pub id: i64,
    pub org_id: i64,
    pub file_name: String,
    pub rows: i64,
    pub rejected: i64,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    /// running, done, rejected or failed.
    pub status: String,
    pub message: Option<String>,
    pub actor: Option<String>,
}

impl ContactImport {
    /// With a refused file's message as its English sentence (a browser import stores
    /// the refusal's code and values, for pages in either language).
    fn readable(mut self) -> ContactImport {
        if let Some(r) = self.message.as_deref().and_then(FileRefusal::from_stored) {
            self.message = Some(r.to_string());
        }
        self
    }
}

/// The days an organisation's contacts are kept by default (two years).
pub const DEFAULT_CONTACT_RETENTION_DAYS: i64 = 730;

/// Rows per INSERT statement (10 parameters each: under SQLite's 32,766 and
/// PostgreSQL's 65,535).
const ROWS_PER_INSERT: usize = 1000;
const DEFAULT_BLOCK: usize = 4 << 20;
const KEY_BYTES: usize = 16;

type Args = <Db as Database>::Arguments<'static>;

/// The keyed hash of citizen and case keys for one organisation.
#[derive(Clone)]
struct KeyHasher {
    mac: Hmac<Sha256>,
}

impl KeyHasher {
    fn new(secret: &[u8], org_id: i64) -> KeyHasher {
        // HMAC takes a key of any length: this cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(format!("contact-key:{org_id}:").as_bytes());
        KeyHasher { mac }
    }

    #[inline]
    fn hash(&self, key: &[u8]) -> Vec<u8> {
        if key.is_empty() {
            return Vec::new();
        }
        let mut m = self.mac.clone();
        m.update(key);
        m.finalize().into_bytes()[..KEY_BYTES].to_vec()
    }
}

/// A piece of the file for a parsing thread.
enum Block {
    /// Text without quotes, starting at a line start.
    Lines {
        seq: u64,
        first_line: u64,
        data: Vec<u8>,
    },
    /// Records read by a CSV reader (quoted fields) or from a sheet, with their lines.
    Records {
        seq: u64,
        records: Vec<(u64, csv::ByteRecord)>,
    },
}

/// A block parsed, checked and made into INSERT parameters.
struct Parsed {
    seq: u64,
    /// (rows, parameters) per INSERT.
    batches: Vec<(usize, Args)>,
    rows: u64,
    errors: Vec<RejectedRow>,
    cpr: CprScan,
    /// The rows stored, in compact form; their service indexes point into `services`.
    entries: Vec<LogEntry>,
    services: Vec<String>,
}

/// What the parsing threads hand the importing task.
enum Msg {
    Block(Parsed),
    /// A parsing thread is done.
    Done,
    Failed(FileRefusal),
}

/// What every parsing thread shares.
struct Ctx {
    parser: RowParser,
    layout: Layout,
    delimiter: u8,
    hasher: KeyHasher,
}

fn put<T>(args: &mut Args, v: T) -> std::result::Result<(), String>
where
    T: 'static + sqlx::Encode<'static, Db> + sqlx::Type<Db>,
{
    args.add(v)
        .map_err(|e| format!("cannot prepare a row: {e}"))
}

impl Ctx {
    fn parse(&self, block: Block) -> std::result::Result<Parsed, String> {
        let seq = match &block {
            Block::Lines { seq, .. } | Block::Records { seq, .. } => *seq,
        };
        let mut out = Parsed {
            seq,
            batches: Vec::new(),
            rows: 0,
            errors: Vec::new(),
            cpr: CprScan::new(&self.layout),
            entries: Vec::new(),
            services: Vec::new(),
        };
        let mut services: HashMap<Vec<u8>, u32> = HashMap::new();
        let mut batch = Batch::new();
        let mut failed = None;
        match block {
            Block::Lines {
                first_line, data, ..
            } => {
                for_each_line(&data, self.delimiter, first_line, |line, rec| {
                    if let Err(e) =
                        self.record(&mut out, &mut services, &mut batch, line, rec, || {
                            rec.line().to_vec()
                        })
                    {
                        failed.get_or_insert(e);
                    }
                });
            }
            Block::Records { records, .. } => {
                for (line, rec) in &records {
                    if let Err(e) =
                        self.record(&mut out, &mut services, &mut batch, *line, rec, || {
                            raw_record(rec, self.delimiter)
                        })
                    {
                        failed.get_or_insert(e);
                    }
                }
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
        if batch.n > 0 {
            out.batches.push(batch.take());
        }
        Ok(out)
    }

    #[inline]
    fn record<F: Fields>(
        &self,
        out: &mut Parsed,
        services: &mut HashMap<Vec<u8>, u32>,
        batch: &mut Batch,
        line: u64,
        rec: &F,
        raw: impl FnOnce() -> Vec<u8>,
    ) -> std::result::Result<(), String> {
        out.cpr.add(rec, line);
        let row = match self.parser.parse(rec) {
            Ok(row) => row,
            Err(e) => {
                out.errors.push(RejectedRow {
                    error: e.at(line).into(),
                    raw: raw(),
                });
                return Ok(());
            }
        };
        let service = match self.parser.encoding.decode(row.service) {
            Ok(s) => s.into_owned(),
            Err(_) => String::from_utf8_lossy(row.service).into_owned(),
        };
        let ts = row.timestamp.div_euclid(MICROS);
        let citizen = self.hasher.hash(&row.citizen_key);
        let case = self.hasher.hash(&row.case_key);
        let service_id = match services.get(row.service) {
            Some(&id) => id,
            None => {
                let id = out.services.len() as u32;
                out.services.push(service.clone());
                services.insert(row.service.to_vec(), id);
                id
            }
        };
        out.entries.push(LogEntry {
            contact_id: row.contact_id,
            timestamp: ts,
            group: group_of(&citizen, &case),
            service: service_id,
            channel: row.channel,
            satisfaction: row.satisfaction,
            effort: row.effort,
        });
        // PostgreSQL refuses an upsert that meets the same key twice: a contact_id
        // repeated in the file starts a new statement (the later row still wins).
        if !batch.ids.insert(row.contact_id) {
            out.batches.push(batch.take());
            batch.ids.insert(row.contact_id);
        }
        let args = &mut batch.args;
        put(args, row.contact_id)?;
        put(args, ts)?;
        put(args, row.channel.name())?;
        put(args, service)?;
        put(args, citizen)?;
        put(args, case)?;
        put(args, self.parser.duration_s(rec))?;
        put(args, self.parser.resolved(rec).map(i64::from))?;
        put(args, row.satisfaction.map(i64::from))?;
        put(args, row.effort.map(i64::from))?;
        out.rows += 1;
        batch.n += 1;
        if batch.n == ROWS_PER_INSERT {
            out.batches.push(batch.take());
        }
        Ok(())
    }
}

/// The rows of one INSERT being filled.
struct Batch {
    n: usize,
    args: Args,
    ids: HashSet<i64>,
}

impl Batch {
    fn new() -> Batch {
        let mut args = Args::default();
        args.reserve(ROWS_PER_INSERT * 10, 0);
        Batch {
            n: 0,
            args,
            ids: HashSet::with_capacity(ROWS_PER_INSERT),
        }
    }

    /// The rows so far, leaving an empty batch.
    fn take(&mut self) -> (usize, Args) {
        let full = std::mem::replace(self, Batch::new());
        (full.n, full.args)
    }
}

/// A record written back as one CSV line (quoted where needed).
fn raw_record(rec: &csv::ByteRecord, delimiter: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    if w.write_byte_record(rec).is_err() {
        return rec.as_slice().to_vec();
    }
    let mut v = w.into_inner().unwrap_or_default();
    if v.last() == Some(&b'\n') {
        v.pop();
    }
    v
}

/// The file after its header: what the reading thread goes through.
enum Body {
    Text {
        /// Bytes read past the header already.
        head: Vec<u8>,
        rest: Box<dyn Read + Send>,
        first_line: u64,
    },
    Sheet {
        // boxed: the workbook reader is large beside a text body
        table: Box<XlsxTable>,
        timestamp_col: Option<usize>,
    },
}

/// A contact file's first megabyte (all of a file given as bytes) and a reader of the
/// rest.
fn open_source(
    source: ContactSource,
) -> std::result::Result<(Vec<u8>, Box<dyn Read + Send>), FileRefusal> {
    Ok(match source {
        ContactSource::Bytes(b) => (b, Box::new(std::io::empty())),
        ContactSource::File(p) => {
            let mut f = std::fs::File::open(&p).map_err(|e| FileRefusal::CannotOpen {
                path: p.display().to_string(),
                detail: e.to_string(),
            })?;
            let mut s = Vec::new();
            (&mut f)
                .take(SAMPLE_BYTES as u64)
                .read_to_end(&mut s)
                .map_err(|e| FileRefusal::CannotRead {
                    detail: e.to_string(),
                })?;
            (s, Box::new(f))
        }
    })
}

/// A contact file opened: its header (as names and as the raw line), the body after it,
/// and how its text is read.
struct Opened {
    header: Vec<String>,
    header_raw: Vec<u8>,
    body: Body,
    delimiter: u8,
    encoding: Encoding,
}

/// Reads the header of a workbook or a text file (its encoding and delimiter sniffed
/// unless the mapping says them): a file without a readable header is refused here,
/// before anything is written.
fn read_header(
    mut sample: Vec<u8>,
    rest: Box<dyn Read + Send>,
    mapping: &Mapping,
) -> std::result::Result<Opened, FileRefusal> {
    Ok(if is_xlsx(&sample) {
        let mut rest = rest;
        rest.read_to_end(&mut sample)
            .map_err(|e| FileRefusal::CannotRead {
                detail: e.to_string(),
            })?;
        let table = read_xlsx(std::mem::take(&mut sample))
            .map_err(|workbook| FileRefusal::WorkbookRefused { workbook })?;
        let header = table.header.clone();
        let raw = raw_record(&csv::ByteRecord::from(header.clone()), b',');
        Opened {
            header,
            header_raw: raw,
            body: Body::Sheet {
                table: Box::new(table),
                timestamp_col: None,
            },
            delimiter: b',',
            encoding: Encoding::Utf8,
        }
    } else {
        let whole = sample.len() < SAMPLE_BYTES;
        let head = read_head(&sample, whole, Some(mapping)).map_err(|e| match e {
            HeadError::NoHeader => FileRefusal::NoHeader,
            HeadError::Unreadable { detail } => FileRefusal::HeaderUnreadable { detail },
            HeadError::TooLong => FileRefusal::HeaderTooLong,
            HeadError::Text { reason } => FileRefusal::HeaderText { reason },
            // not asked for here: a wide file is read as it is
            HeadError::TooWide { .. } => FileRefusal::HeaderUnreadable {
                detail: e.to_string(),
            },
        })?;
        let head_bytes = sample.split_off(head.data_start);
        Opened {
            header: head.header,
            header_raw: head.raw,
            body: Body::Text {
                head: head_bytes,
                rest,
                first_line: head.first_line,
            },
            delimiter: head.delimiter,
            encoding: head.encoding,
        }
    })
}

/// The stored log with a file's rows: they (a contact_id repeated in the file: the later
/// row) replace the old ones with the same id.
fn merge_log(log: &mut Vec<LogEntry>, mut new_entries: Vec<LogEntry>) {
    new_entries.reverse();
    new_entries.sort_by_key(|e| e.contact_id);
    new_entries.dedup_by_key(|e| e.contact_id);
    log.retain(|e| {
        new_entries
            .binary_search_by_key(&e.contact_id, |n| n.contact_id)
            .is_err()
    });
    log.append(&mut new_entries);
}

/// The import's pipeline: a thread reading the body in blocks, parsing threads, and the
/// channel their parsed blocks come back on (any order; `seq` tells the file's). Also
/// how many parsing threads there are (each ends with `Msg::Done`).
fn start_pipeline(
    body: Body,
    ctx: Arc<Ctx>,
    delimiter: u8,
    options: &ImportOptions,
) -> std::result::Result<(tokio::sync::mpsc::Receiver<Msg>, usize), FileRefusal> {
    let threads = options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, 64);
    let block = options.block_bytes.unwrap_or(DEFAULT_BLOCK).max(1);
    let (block_tx, block_rx) = mpsc::sync_channel::<Block>(threads);
    let (parsed_tx, parsed_rx) = tokio::sync::mpsc::channel(threads * 2);
    {
        let fail = parsed_tx.clone();
        std::thread::Builder::new()
            .name("contacts-read".into())
            .spawn(move || read_blocks(body, delimiter, block, block_tx, fail))
            .map_err(|e| FileRefusal::Thread {
                detail: e.to_string(),
            })?;
    }
    let block_rx = Arc::new(Mutex::new(block_rx));
    for i in 0..threads {
        let (ctx, rx, tx) = (ctx.clone(), block_rx.clone(), parsed_tx.clone());
        std::thread::Builder::new()
            .name(format!("contacts-parse-{i}"))
            .spawn(move || parse_blocks(ctx, rx, tx))
            .map_err(|e| FileRefusal::Thread {
                detail: e.to_string(),
            })?;
    }
    drop(parsed_tx);
    Ok((parsed_rx, threads))
}

/// The reading thread: cuts the body into blocks for the parsing threads.
fn read_blocks(
    body: Body,
    delimiter: u8,
    block: usize,
    tx: mpsc::SyncSender<Block>,
    fail: tokio::sync::mpsc::Sender<Msg>,
) {
    let result = match body {
        Body::Text {
            head,
            rest,
            first_line,
        } => read_text(head, rest, first_line, delimiter, block, &tx)
            .map_err(|detail| FileRefusal::Unreadable { detail }),
        Body::Sheet {
            mut table,
            timestamp_col,
        } => {
            // the sheet is streamed: blocks of 10,000 records go out as they fill
            let mut seq = 0;
            let mut records = Vec::new();
            let mut send = |records: &mut Vec<_>| {
                let b = Block::Records {
                    seq,
                    records: std::mem::take(records),
                };
                seq += 1;
                tx.send(b).is_ok()
            };
            let mut open = true;
            let read = table.each_row(timestamp_col, &mut |line, rec| {
                records.push((line, rec));
                if records.len() == 10_000 {
                    open = send(&mut records);
                }
                open
            });
            match read {
                Ok(()) if open => {
                    // the last block, also an empty one (a sheet of only a header)
                    send(&mut records);
                    Ok(())
                }
                Ok(()) => return,
                Err(workbook) => Err(FileRefusal::WorkbookRefused { workbook }),
            }
        }
    };
    if let Err(e) = result {
        let _ = fail.blocking_send(Msg::Failed(e));
    }
}

/// A text body in blocks for the parsing threads, numbered in the file's order.
fn read_text(
    head: Vec<u8>,
    rest: Box<dyn Read + Send>,
    first_line: u64,
    delimiter: u8,
    block: usize,
    tx: &mpsc::SyncSender<Block>,
) -> std::result::Result<(), String> {
    let mut seq = 0;
    read_text_blocks(head, rest, first_line, delimiter, block, &mut |b| {
        let b = match b {
            TextBlock::Lines { first_line, data } => Block::Lines {
                seq,
                first_line,
                data,
            },
            TextBlock::Records(records) => Block::Records { seq, records },
        };
        seq += 1;
        tx.send(b).is_ok()
    })
    .map_err(|e| e.to_string())
}

/// The parsing threads' loop.
fn parse_blocks(
    ctx: Arc<Ctx>,
    rx: Arc<Mutex<mpsc::Receiver<Block>>>,
    tx: tokio::sync::mpsc::Sender<Msg>,
) {
    loop {
        let next = match rx.lock() {
            Ok(r) => r.recv(),
            Err(_) => return,
        };
        let Ok(block) = next else { break };
        let msg = match ctx.parse(block) {
            Ok(p) => Msg::Block(p),
            Err(detail) => Msg::Failed(FileRefusal::Unreadable { detail }),
        };
        if tx.blocking_send(msg).is_err() {
            return;
        }
    }
    let _ = tx.blocking_send(Msg::Done);
}

/// The INSERT of `n` rows for one organisation and import. Parameters are `$1, $2, ...`
/// on PostgreSQL and anonymous `?` on SQLite: sqlx-sqlite looks up the name of every
/// numbered parameter, which SQLite finds by a linear search, so a statement of 10,000
/// numbered parameters spends most of its time there.
fn insert_sql(backend: Backend, org_id: i64, import_id: i64, n: usize) -> String {
    let mut s = String::with_capacity(160 + n * 60);
    s.push_str(
        "INSERT INTO contacts (org_id, import_id, contact_id, ts, channel, service, \
         citizen_key, case_key, duration_s, resolved, satisfaction, effort) VALUES ",
    );
    let mut p = 1;
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!("({org_id},{import_id}"));
        for _ in 0..10 {
            match backend {
                Backend::Sqlite => s.push_str(",?"),
                Backend::Postgres => s.push_str(&format!(",${p}")),
            }
            p += 1;
        }
        s.push(')');
    }
    s.push_str(
        " ON CONFLICT (org_id, contact_id) DO UPDATE SET import_id = excluded.import_id, \
         ts = excluded.ts, channel = excluded.channel, service = excluded.service, \
         citizen_key = excluded.citizen_key, case_key = excluded.case_key, \
         duration_s = excluded.duration_s, resolved = excluded.resolved, \
         satisfaction = excluded.satisfaction, effort = excluded.effort",
    );
    s
}

impl Store {
    /// Imports one contact-log file (CSV in comma, semicolon or tab, UTF-8 or
    /// Windows-1252; or XLSX, first sheet) into organisation `org_id`'s stored log, then
    /// recomputes the organisation's cube over all its contacts, in one transaction.
    ///
    /// Every row goes to `org_id`: the file's org_id column, if any, is checked like in
    /// `contacts analyze` but not stored. A re-imported contact_id replaces the stored
    /// contact. Citizen and case keys are stored only as keyed hashes; columns not mapped
    /// to a canonical column are never stored.
    ///
    /// A file is refused whole (an error naming the file and the reason, nothing stored)
    /// when its header lacks a needed column, when a column outside the key columns holds
    /// CPR numbers, or when it cannot be read. Bad rows reject the file (status
    /// [`ImportStatus::Rejected`], nothing stored) unless `options.skip_bad`, which stores
    /// the good rows; either way the report lists them. `progress` is called from the
    /// calling task with the rows of the file handled so far (stored and refused).
    pub async fn import_contacts(
        &self,
        org_id: i64,
        file_name: &str,
        source: ContactSource,
        mapping: Option<&Mapping>,
        options: ImportOptions,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<ImportReport> {
        let import_id = self
            .begin_contact_import(org_id, file_name, &options)
            .await?;
        self.run_contact_import(
            import_id, org_id, file_name, source, mapping, options, progress,
        )
        .await
    }

    async fn org_name(&self, org_id: i64) -> Result<String> {
        let org: Option<(String,)> = sqlx::query_as("SELECT name FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_optional(&self.pool)
            .await?;
        org.map(|o| o.0)
            .ok_or_else(|| StoreError::NotFound(format!("organisation {org_id}")))
    }

    /// The first half of [`Store::import_contacts`]: the import's `contact_imports` row,
    /// marked running (so a progress page finds it before the import has begun).
    pub async fn begin_contact_import(
        &self,
        org_id: i64,
        file_name: &str,
        options: &ImportOptions,
    ) -> Result<i64> {
        self.org_name(org_id).await?;
        let (import_id,): (i64,) = sqlx::query_as(
            "INSERT INTO contact_imports (org_id, file_name, started_at, status, actor, token, \
             total_rows) VALUES ($1, $2, $3, 'running', $4, $5, $6) RETURNING id",
        )
        .bind(org_id)
        .bind(file_name)
        .bind(now())
        .bind(options.actor.clone())
        .bind(options.token.clone())
        .bind(options.total_rows.and_then(|n| i64::try_from(n).ok()))
        .fetch_one(&self.pool)
        .await?;
        Ok(import_id)
    }

    /// The second half of [`Store::import_contacts`]: imports the file as import
    /// `import_id` (from [`Store::begin_contact_import`]) and writes how it ended on its
    /// row.
    #[allow(clippy::too_many_arguments)]
    pub async fn run_contact_import(
        &self,
        import_id: i64,
        org_id: i64,
        file_name: &str,
        source: ContactSource,
        mapping: Option<&Mapping>,
        options: ImportOptions,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<ImportReport> {
        let org = self.org_name(org_id).await;
        let run = self.import_progress().start();
        let counted = |rows: u64| {
            run.rows(rows);
            progress(rows)
        };
        let result = match org {
            Ok(org_name) => {
                self.import_file(
                    org_id, &org_name, import_id, file_name, source, mapping, &options, &counted,
                )
                .await
            }
            Err(e) => Err(e),
        };
        if matches!(&result, Ok(r) if r.status == ImportStatus::Done) {
            run.succeeded();
        }
        // A refused file's reason is for its user; any other failure is ours, and its
        // text (database details) stays in the server's log.
        let (status, rows, rejected, message) = match &result {
            Ok(r) => (
                r.status.as_str(),
                r.rows,
                r.rejected,
                r.errors.first().map(|e| e.error.to_string()),
            ),
            Err(StoreError::ContactFile { refusal, .. }) => {
                ("failed", 0, 0, Some(refusal.to_stored()))
            }
            Err(e) => {
                tracing::error!(error = %e, "contact import {import_id} failed");
                ("failed", 0, 0, None)
            }
        };
        // The refused rows grouped (every row counted, the first few of each kind).
        let errors = match &result {
            Ok(r) if !r.groups.is_empty() => Some(to_json(&StoredErrors {
                groups: r.groups.clone(),
            })?),
            _ => None,
        };
        let mut tx = self.write().await?;
        if let (Ok(r), Some(keep), Some(token)) = (&result, options.keep_refused, &options.token) {
            if !r.errors.is_empty() {
                let mut w = RefusedRowsWriter::new(Vec::new());
                w.write(&r.header, &r.errors)?;
                let bytes = w.into_inner()?;
                crate::contact_uploads::save_refused(
                    &mut tx, token, org_id, keep, file_name, &bytes,
                )
                .await?;
            }
        }
        sqlx::query(
            "UPDATE contact_imports SET status = $1, rows = $2, rejected = $3, message = $4, \
             finished_at = $5, errors = $6 WHERE id = $7",
        )
        .bind(status)
        .bind(i64::try_from(rows).unwrap_or(i64::MAX))
        .bind(i64::try_from(rejected).unwrap_or(i64::MAX))
        .bind(message)
        .bind(now())
        .bind(errors)
        .bind(import_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        result
    }

    #[allow(clippy::too_many_arguments)]
    async fn import_file(
        &self,
        org_id: i64,
        org_name: &str,
        import_id: i64,
        file_name: &str,
        source: ContactSource,
        mapping: Option<&Mapping>,
        options: &ImportOptions,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<ImportReport> {
        let refuse = |refusal: FileRefusal| StoreError::ContactFile {
            file: file_name.to_string(),
            refusal,
        };
        // Every row belongs to the organisation: a file needs no org_id column.
        let mut mapping = mapping.cloned().unwrap_or_default();
        if mapping.org.is_none() {
            mapping.org = Some(org_name.to_string());
        }
        let (sample, rest) = open_source(source).map_err(refuse)?;
        let Opened {
            header,
            header_raw,
            body,
            delimiter,
            encoding,
        } = read_header(sample, rest, &mapping).map_err(refuse)?;
        let layout = Layout::from_header(&header, Some(&mapping))
            .map_err(|header| refuse(FileRefusal::Header { header }))?;
        let body = match body {
            Body::Sheet { table, .. } => Body::Sheet {
                table,
                timestamp_col: layout.index[Column::Timestamp as usize],
            },
            text => text,
        };
        let parser = RowParser::new(layout.clone(), encoding, Some(&mapping));
        let started = std::time::Instant::now();
        let mut tx = self.contacts_write(org_id).await?;
        // The organisation's compact log before this file: the cube is rebuilt from it
        // and the file's rows, never from every stored row read back.
        let (mut log, mut services) = load_log(&mut tx, org_id).await?;
        let mut service_ids: HashMap<String, u32> = services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i as u32))
            .collect();
        let mut new_entries: Vec<LogEntry> = Vec::new();
        let ctx = Arc::new(Ctx {
            parser,
            layout,
            delimiter,
            hasher: KeyHasher::new(self.secret.as_slice(), org_id),
        });

        // reading thread -> parsing threads -> this task (in file order)
        let (mut parsed_rx, threads) =
            start_pipeline(body, ctx.clone(), delimiter, options).map_err(refuse)?;

        let mut sql: HashMap<usize, String> = HashMap::new();
        let mut waiting: BTreeMap<u64, Parsed> = BTreeMap::new();
        let mut next = 0u64;
        let mut cpr = CprScan::new(&ctx.layout);
        let (mut rows, mut rejected, mut handled) = (0u64, 0u64, 0u64);
        let mut errors: Vec<RejectedRow> = Vec::new();
        let mut groups = RefusalGroups::new();
        let mut done = 0;
        while let Some(msg) = parsed_rx.recv().await {
            let p = match msg {
                Msg::Block(p) => p,
                Msg::Done => {
                    done += 1;
                    continue;
                }
                Msg::Failed(refusal) => return Err(refuse(refusal)),
            };
            waiting.insert(p.seq, p);
            while let Some(p) = waiting.remove(&next) {
                next += 1;
                cpr.merge(&p.cpr);
                let errors_len = p.errors.len() as u64;
                rejected += errors_len;
                for e in &p.errors {
                    groups.add(e.error.line, e.error.column, &e.error.reason);
                }
                let keep = if options.skip_bad || options.keep_refused.is_some() {
                    p.errors.len()
                } else {
                    MAX_ERRORS.saturating_sub(errors.len()).min(p.errors.len())
                };
                errors.extend(p.errors.into_iter().take(keep));
                // Without skip_bad, the first bad row settles it: read on only to report.
                if rejected == 0 || options.skip_bad {
                    for (n, args) in p.batches {
                        let text = sql
                            .entry(n)
                            .or_insert_with(|| insert_sql(self.backend(), org_id, import_id, n));
                        sqlx::query_with(text.as_str(), args)
                            .execute(&mut *tx)
                            .await?;
                    }
                    rows += p.rows;
                    let ids: Vec<u32> = p
                        .services
                        .into_iter()
                        .map(|name| {
                            *service_ids.entry(name).or_insert_with_key(|name| {
                                services.push(name.clone());
                                (services.len() - 1) as u32
                            })
                        })
                        .collect();
                    new_entries.extend(p.entries.into_iter().map(|e| LogEntry {
                        service: ids[e.service as usize],
                        ..e
                    }));
                }
                handled += p.rows + errors_len;
                progress(handled);
            }
        }
        if !waiting.is_empty() || done < threads {
            return Err(refuse(FileRefusal::BrokeOff));
        }
        if let Some((col, line)) = cpr.refused() {
            let name = header.get(col).map_or("", String::as_str);
            return Err(refuse(FileRefusal::Cpr {
                name: name.to_string(),
                number: col + 1,
                line,
            }));
        }
        if rejected > 0 && !options.skip_bad {
            tx.rollback().await?;
            return Ok(ImportReport {
                import_id,
                file_name: file_name.to_string(),
                status: ImportStatus::Rejected,
                rows: 0,
                rejected,
                errors,
                groups: groups.into_groups(),
                header: header_raw,
                contacts: self.contact_count(org_id).await?,
            });
        }
        merge_log(&mut log, new_entries);
        let stored = started.elapsed();
        let cube = save_log(&mut tx, org_id, &log, &services).await?;
        let cubed = started.elapsed();
        audit_on(
            &mut tx,
            options.actor.as_deref(),
            "contacts import",
            Some(&format!("org {org_id}")),
            Some(&format!(
                "{file_name}: {rows} rows stored, {rejected} rejected (import {import_id})"
            )),
        )
        .await?;
        tx.commit().await?;
        tracing::debug!(
            rows,
            stored_s = stored.as_secs_f64(),
            cube_s = (cubed - stored).as_secs_f64(),
            commit_s = (started.elapsed() - cubed).as_secs_f64(),
            "contact import {import_id} of {file_name}"
        );
        Ok(ImportReport {
            import_id,
            file_name: file_name.to_string(),
            status: ImportStatus::Done,
            rows,
            rejected,
            errors,
            groups: groups.into_groups(),
            header: header_raw,
            contacts: cube.contacts(),
        })
    }

    /// The organisation's cube (recomputed after each import and purge); None before
    /// its first import.
    pub async fn contact_cube(&self, org_id: i64) -> Result<Option<Cube>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT cube FROM contact_cubes WHERE org_id = $1")
                .bind(org_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(json,)| {
            serde_json::from_str(&json).map_err(|e| {
                StoreError::Invalid(format!("stored cube of organisation {org_id}: {e}"))
            })
        })
        .transpose()
    }

    /// The organisation's stored contacts.
    pub async fn contact_count(&self, org_id: i64) -> Result<u64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM contacts WHERE org_id = $1")
            .bind(org_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The organisation's imports, newest first.
    pub async fn contact_imports(&self, org_id: i64) -> Result<Vec<ContactImport>> {
        let imports: Vec<ContactImport> = sqlx::query_as(
            "SELECT id, org_id, file_name, rows, rejected, started_at, finished_at, status, \
             message, actor FROM contact_imports WHERE org_id = $1 ORDER BY id DESC",
        )
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(imports.into_iter().map(ContactImport::readable).collect())
    }

    /// The stored form of a citizen or case key of organisation `org_id` (empty stays
    /// empty).
    pub fn contact_key(&self, org_id: i64, key: &str) -> Vec<u8> {
        KeyHasher::new(self.secret.as_slice(), org_id).hash(key.as_bytes())
    }

    /// Days the organisation's contacts are kept, counted from each contact's time.
    pub async fn contact_retention_days(&self, org_id: i64) -> Result<i64> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT contact_retention_days FROM organisations WHERE id = $1")
                .bind(org_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|r| r.0)
            .ok_or_else(|| StoreError::NotFound(format!("organisation {org_id}")))
    }

    /// Sets how long the organisation's contacts are kept (0 to 36,500 days).
    pub async fn set_contact_retention_days(
        &self,
        org_id: i64,
        days: i64,
        actor: Option<&str>,
    ) -> Result<()> {
        if !(0..=36_500).contains(&days) {
            return Err(StoreError::Invalid(format!(
                "contact retention must be 0 to 36500 days, not {days}"
            )));
        }
        let mut tx = self.write().await?;
        let n = sqlx::query("UPDATE organisations SET contact_retention_days = $1 WHERE id = $2")
            .bind(days)
            .bind(org_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound(format!("organisation {org_id}")));
        }
        audit_on(
            &mut tx,
            actor,
            "contacts retention",
            Some(&format!("org {org_id}")),
            Some(&format!("{days} days")),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn to_json<T: Serialize + ?Sized>(v: &T) -> Result<String> {
    serde_json::to_string(v)
        .map_err(|e| StoreError::Invalid(format!("cannot write the contact log: {e}")))
}

/// Entries per row of `contact_log_chunks` (32 MB).
const LOG_CHUNK: usize = 1 << 20;

/// The organisation's compact log and its service names, as stored; read back from the
/// contacts themselves when it is missing (a log stored before it existed).
pub(crate) async fn load_log(conn: &mut Conn, org_id: i64) -> Result<(Vec<LogEntry>, Vec<String>)> {
    let broken = |what: &str| {
        StoreError::Invalid(format!(
            "the stored contact log of organisation {org_id} is broken ({what})"
        ))
    };
    let services: Option<(String,)> =
        sqlx::query_as("SELECT services FROM contact_cubes WHERE org_id = $1")
            .bind(org_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((services,)) = services else {
        return log_from_rows(conn, org_id).await;
    };
    let services: Vec<String> =
        serde_json::from_str(&services).map_err(|_| broken("service names"))?;
    let chunks: Vec<(Vec<u8>,)> =
        sqlx::query_as("SELECT entries FROM contact_log_chunks WHERE org_id = $1 ORDER BY chunk")
            .bind(org_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut log = Vec::with_capacity(chunks.iter().map(|c| c.0.len() / LOG_ENTRY_BYTES).sum());
    for (bytes,) in chunks {
        log.extend(LogEntry::read_all(&bytes).ok_or_else(|| broken("entries"))?);
    }
    if log.iter().any(|e| e.service as usize >= services.len()) {
        return Err(broken("a service index"));
    }
    Ok((log, services))
}

/// The compact log read back from the organisation's stored contacts.
async fn log_from_rows(conn: &mut Conn, org_id: i64) -> Result<(Vec<LogEntry>, Vec<String>)> {
    let mut log = Vec::new();
    let mut services: Vec<String> = Vec::new();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut rows = sqlx::query(
        "SELECT ts, contact_id, channel, service, citizen_key, case_key, satisfaction, effort \
         FROM contacts WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch(&mut *conn);
    while let Some(r) = rows.try_next().await? {
        let channel: &str = r.try_get(2)?;
        let Some(channel) = Channel::from_name(channel.as_bytes()) else {
            return Err(StoreError::Invalid(format!(
                "a stored contact of organisation {org_id} has an unknown channel '{channel}'"
            )));
        };
        let service: &str = r.try_get(3)?;
        let service = match ids.get(service) {
            Some(&i) => i,
            None => {
                services.push(service.to_string());
                ids.insert(service.to_string(), (services.len() - 1) as u32);
                (services.len() - 1) as u32
            }
        };
        let small = |v: Option<i64>| v.and_then(|v| u8::try_from(v).ok());
        log.push(LogEntry {
            timestamp: r.try_get(0)?,
            contact_id: r.try_get(1)?,
            channel,
            service,
            group: group_of(r.try_get(4)?, r.try_get(5)?),
            satisfaction: small(r.try_get(6)?),
            effort: small(r.try_get(7)?),
        });
    }
    Ok((log, services))
}

/// Stores the organisation's compact log and the cube built from it (on `conn`, inside
/// the caller's transaction, beside the contacts it mirrors).
pub(crate) async fn save_log(
    conn: &mut Conn,
    org_id: i64,
    log: &[LogEntry],
    services: &[String],
) -> Result<Cube> {
    let mut b = CubeBuilder::new(DEFAULT_WINDOW_S);
    b.reserve(log.len());
    b.add_log(log, services);
    let cube = b.finish();
    sqlx::query("DELETE FROM contact_log_chunks WHERE org_id = $1")
        .bind(org_id)
        .execute(&mut *conn)
        .await?;
    for (i, part) in log.chunks(LOG_CHUNK).enumerate() {
        let mut bytes = Vec::with_capacity(part.len() * LOG_ENTRY_BYTES);
        for e in part {
            e.write(&mut bytes);
        }
        sqlx::query("INSERT INTO contact_log_chunks (org_id, chunk, entries) VALUES ($1, $2, $3)")
            .bind(org_id)
            .bind(i as i64)
            .bind(bytes)
            .execute(&mut *conn)
            .await?;
    }
    let cube_json = to_json(&cube)?;
    let services_json = to_json(&services)?;
    sqlx::query(
        "INSERT INTO contact_cubes (org_id, cube, services, contacts, computed_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (org_id) DO UPDATE SET cube = excluded.cube, services = excluded.services, \
         contacts = excluded.contacts, computed_at = excluded.computed_at",
    )
    .bind(org_id)
    .bind(cube_json)
    .bind(services_json)
    .bind(i64::try_from(cube.contacts()).unwrap_or(i64::MAX))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(cube)
}

/// The purge step's kind of data (see `PurgeStep::ContactLog`).
pub(crate) const PURGE_KIND: &str = "contacts";

const DAY_SECS: i64 = 86_400;

/// Organisations with contacts older than their contact retention at `at`: one item
/// each, `expired_at` the time the newest of them ran out.
pub(crate) async fn expired_contacts(conn: &mut Conn, at: i64) -> Result<Vec<Purged>> {
    crate::privacy::expired_per_owner(
        conn,
        "SELECT o.id, o.name, MAX(c.ts + o.contact_retention_days * $2), COUNT(*) \
         FROM organisations o JOIN contacts c ON c.org_id = o.id \
         WHERE c.ts + o.contact_retention_days * $2 <= $1 \
         GROUP BY o.id, o.name ORDER BY o.id",
        at,
        PURGE_KIND,
        "contacts",
    )
    .await
}

/// Deletes the organisation's contacts that had run out by `item.expired_at` and
/// recomputes its cube over the rest.
pub(crate) async fn delete_expired_contacts(
    conn: &mut Conn,
    item: &Purged,
) -> Result<Vec<(&'static str, i64)>> {
    crate::lock_contact_log(conn, item.id).await?;
    let done = sqlx::query(
        "DELETE FROM contacts WHERE org_id = $1 AND ts + \
         (SELECT contact_retention_days FROM organisations WHERE id = $1) * $2 <= $3",
    )
    .bind(item.id)
    .bind(DAY_SECS)
    .bind(item.expired_at)
    .execute(&mut *conn)
    .await?;
    // the same rule on the compact log, and the cube of what is left
    let (mut log, services) = load_log(conn, item.id).await?;
    let (days,): (i64,) =
        sqlx::query_as("SELECT contact_retention_days FROM organisations WHERE id = $1")
            .bind(item.id)
            .fetch_one(&mut *conn)
            .await?;
    let keep_after = item
        .expired_at
        .saturating_sub(days.saturating_mul(DAY_SECS));
    log.retain(|e| e.timestamp > keep_after);
    save_log(conn, item.id, &log, &services).await?;
    Ok(vec![(
        "contacts",
        i64::try_from(done.rows_affected()).unwrap_or(i64::MAX),
    )])
}

/// An organisation's contact log in its export: counts, imports and the cube (the
/// contacts themselves are pseudonymous rows, summed in the cube).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactsExport {
    pub contacts: i64,
    pub retention_days: i64,
    pub imports: Vec<ContactImport>,
    pub cube: Option<Cube>,
}

pub(crate) async fn export_contacts(conn: &mut Conn, org_id: i64) -> Result<ContactsExport> {
    let (contacts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM contacts WHERE org_id = $1")
        .bind(org_id)
        .fetch_one(&mut *conn)
        .await?;
    let (retention_days,): (i64,) =
        sqlx::query_as("SELECT contact_retention_days FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_one(&mut *conn)
            .await?;
    let imports: Vec<ContactImport> = sqlx::query_as(
        "SELECT id, org_id, file_name, rows, rejected, started_at, finished_at, status, \
         message, actor FROM contact_imports WHERE org_id = $1 ORDER BY id",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    let imports: Vec<ContactImport> = imports.into_iter().map(ContactImport::readable).collect();
    let cube: Option<(String,)> =
        sqlx::query_as("SELECT cube FROM contact_cubes WHERE org_id = $1")
            .bind(org_id)
            .fetch_optional(&mut *conn)
            .await?;
    let cube = cube
        .map(|(json,)| {
            serde_json::from_str(&json).map_err(|e| {
                StoreError::Invalid(format!("stored cube of organisation {org_id}: {e}"))
            })
        })
        .transpose()?;
    Ok(ContactsExport {
        contacts,
        retention_days,
        imports,
        cube,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The web app runs imports on a spawned task: the future must be Send.
    #[allow(dead_code)]
    fn import_is_send(store: &Store, mapping: &Mapping) {
        fn send<T: Send>(_: T) {}
        send(store.import_contacts(
            1,
            "f.csv",
            ContactSource::Bytes(Vec::new()),
            Some(mapping),
            ImportOptions::default(),
            &|_| {},
        ));
    }

    #[test]
    fn inserts_use_anonymous_parameters_on_sqlite_and_numbered_on_postgres() {
        let s = insert_sql(Backend::Sqlite, 3, 9, 2);
        assert!(
            s.contains("VALUES (3,9,?,?,?,?,?,?,?,?,?,?),(3,9,?,"),
            "{s}"
        );
        let p = insert_sql(Backend::Postgres, 3, 9, 2);
        assert!(p.contains("(3,9,$11,$12,"), "{p}");
        assert!(p.ends_with("effort = excluded.effort"), "{p}");
    }

    #[test]
    fn keys_hash_per_organisation_and_empty_stays_empty() {
        let a = KeyHasher::new(b"secret", 1);
        assert_eq!(a.hash(b""), Vec::<u8>::new());
        assert_eq!(a.hash(b"c1").len(), KEY_BYTES);
        assert_eq!(a.hash(b"c1"), a.clone().hash(b"c1"));
        assert_ne!(a.hash(b"c1"), KeyHasher::new(b"secret", 2).hash(b"c1"));
        assert_ne!(a.hash(b"c1"), KeyHasher::new(b"other", 1).hash(b"c1"));
    }

    #[test]
    fn text_is_cut_into_blocks_on_line_ends_and_quotes_go_to_a_csv_reader() {
        let (tx, rx) = mpsc::sync_channel(100);
        // two reads: the lines before the quote, then the rest
        let text = std::io::Cursor::new(b"1,a\n2,b\n".to_vec())
            .chain(std::io::Cursor::new(b"3,\"c\nd\"\n4,e".to_vec()));
        read_text(Vec::new(), Box::new(text), 2, b',', 4, &tx).unwrap();
        drop(tx);
        let (mut lines, mut seqs) = (Vec::new(), Vec::new());
        for b in rx {
            match b {
                Block::Lines {
                    seq,
                    first_line,
                    data,
                } => {
                    seqs.push(seq);
                    for_each_line(&data, b',', first_line, |l, r| {
                        lines.push((l, r.line().to_vec()))
                    });
                }
                Block::Records { seq, records } => {
                    seqs.push(seq);
                    for (l, r) in records {
                        lines.push((l, raw_record(&r, b',')));
                    }
                }
            }
        }
        assert_eq!(
            lines,
            [
                (2, b"1,a".to_vec()),
                (3, b"2,b".to_vec()),
                (4, b"3,\"c\nd\"".to_vec()),
                (6, b"4,e".to_vec()),
            ]
        );
        // the blocks are numbered in the file's order, across the switch to records
        assert_eq!(seqs, [0, 1]);
    }
}

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
use serde::Serialize;
use sha2::Sha256;
use sqlx::{Arguments, Database, Row as _};
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};
use trappe_core::contacts::import::{for_each_line, CprScan};
use trappe_core::contacts::time::MICROS;
use trappe_core::contacts::xlsx::{is_xlsx, read_xlsx, XlsxTable};
use trappe_core::contacts::{
    sniff, Channel, Column, Cube, CubeBuilder, CubeRow, Encoding, Fields, Layout, Mapping,
    RowError, RowParser, DEFAULT_WINDOW_S,
};

/// Where an import reads its file from.
#[derive(Debug, Clone)]
pub enum ContactSource {
    /// The file's bytes (an upload).
    Bytes(Vec<u8>),
    /// A file on disk, read in blocks (an XLSX workbook is read whole).
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
    pub reason: String,
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
    /// The refused rows in file order: all of them with `skip_bad`, else the first
    /// [`MAX_ERRORS`].
    pub errors: Vec<RejectedRow>,
    /// The file's header line as it was (to write refused rows back out with it).
    #[serde(skip)]
    pub header: Vec<u8>,
    /// The organisation's stored contacts after the import.
    pub contacts: u64,
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
}

/// What the parsing threads hand the importing task.
enum Msg {
    Block(Parsed),
    /// A parsing thread is done: its part of the cube (when the import builds it).
    Done(Option<CubeBuilder>),
    Failed(String),
}

/// What every parsing thread shares.
struct Ctx {
    parser: RowParser,
    layout: Layout,
    delimiter: u8,
    hasher: KeyHasher,
    /// Count the rows into a cube too (the organisation had no contacts before).
    cube: bool,
}

fn put<T>(args: &mut Args, v: T) -> std::result::Result<(), String>
where
    T: 'static + sqlx::Encode<'static, Db> + sqlx::Type<Db>,
{
    args.add(v)
        .map_err(|e| format!("cannot prepare a row: {e}"))
}

impl Ctx {
    fn parse(
        &self,
        block: Block,
        cube: &mut Option<CubeBuilder>,
    ) -> std::result::Result<Parsed, String> {
        let seq = match &block {
            Block::Lines { seq, .. } | Block::Records { seq, .. } => *seq,
        };
        let mut out = Parsed {
            seq,
            batches: Vec::new(),
            rows: 0,
            errors: Vec::new(),
            cpr: CprScan::new(&self.layout),
        };
        let mut batch = new_batch();
        let mut failed = None;
        match block {
            Block::Lines {
                first_line, data, ..
            } => {
                for_each_line(&data, self.delimiter, first_line, |line, rec| {
                    if let Err(e) = self.record(&mut out, cube, &mut batch, line, rec, || {
                        rec.line().to_vec()
                    }) {
                        failed.get_or_insert(e);
                    }
                });
            }
            Block::Records { records, .. } => {
                for (line, rec) in &records {
                    if let Err(e) = self.record(&mut out, cube, &mut batch, *line, rec, || {
                        raw_record(rec, self.delimiter)
                    }) {
                        failed.get_or_insert(e);
                    }
                }
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
        if batch.0 > 0 {
            out.batches.push(batch);
        }
        Ok(out)
    }

    #[inline]
    fn record<F: Fields>(
        &self,
        out: &mut Parsed,
        cube: &mut Option<CubeBuilder>,
        batch: &mut (usize, Args),
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
        if let Some(b) = cube {
            b.add(&CubeRow {
                contact_id: row.contact_id,
                timestamp: ts,
                channel: row.channel,
                service: &service,
                citizen_key: &citizen,
                case_key: &case,
                satisfaction: row.satisfaction,
                effort: row.effort,
            });
        }
        let args = &mut batch.1;
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
        batch.0 += 1;
        if batch.0 == ROWS_PER_INSERT {
            out.batches.push(std::mem::replace(batch, new_batch()));
        }
        Ok(())
    }
}

fn new_batch() -> (usize, Args) {
    let mut args = Args::default();
    args.reserve(ROWS_PER_INSERT * 10, 0);
    (0, args)
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
        table: XlsxTable,
        timestamp_col: Option<usize>,
    },
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
        } => read_text(head, rest, first_line, delimiter, block, &tx),
        Body::Sheet {
            table,
            timestamp_col,
        } => {
            let mut seq = 0;
            let mut records = Vec::new();
            let n = table.len();
            for i in 0..n {
                if !table.is_blank(i) {
                    records.push((table.line(i), table.record(i, timestamp_col)));
                }
                if records.len() == 10_000 || i + 1 == n {
                    let b = Block::Records {
                        seq,
                        records: std::mem::take(&mut records),
                    };
                    seq += 1;
                    if tx.send(b).is_err() {
                        return;
                    }
                }
            }
            Ok(())
        }
    };
    if let Err(e) = result {
        let _ = fail.blocking_send(Msg::Failed(e));
    }
}

fn read_text(
    head: Vec<u8>,
    mut rest: Box<dyn Read + Send>,
    first_line: u64,
    delimiter: u8,
    block: usize,
    tx: &mpsc::SyncSender<Block>,
) -> std::result::Result<(), String> {
    let mut buf = head;
    let mut line = first_line;
    let mut seq = 0;
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
                Err(e) => return Err(format!("cannot read: {e}")),
            }
        }
        if buf.is_empty() {
            return Ok(());
        }
        if memchr::memchr(b'"', &buf).is_some() {
            // Quoted fields may hold delimiters and line ends: from here on a CSV reader
            // reads the rest in one piece.
            return read_csv(Cursor::new(buf).chain(rest), line, delimiter, seq, tx);
        }
        let cut = if eof {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', &buf) {
                Some(p) => p + 1,
                None => {
                    // a line longer than the block: read more
                    if buf.len() > (256 << 20) {
                        return Err(format!("line {line}: longer than 256 MB"));
                    }
                    let more = buf.len() * 2;
                    let start = buf.len();
                    buf.resize(more, 0);
                    let n = rest.read(&mut buf[start..]).map_err(|e| e.to_string())?;
                    buf.truncate(start + n);
                    eof = n == 0;
                    continue;
                }
            }
        };
        let tail = buf.split_off(cut);
        let newlines = memchr::memchr_iter(b'\n', &buf).count() as u64;
        let b = Block::Lines {
            seq,
            first_line: line,
            data: std::mem::replace(&mut buf, tail),
        };
        line += newlines;
        seq += 1;
        if tx.send(b).is_err() {
            return Ok(());
        }
        if eof && buf.is_empty() {
            return Ok(());
        }
    }
}

fn read_csv(
    input: impl Read,
    first_line: u64,
    delimiter: u8,
    mut seq: u64,
    tx: &mpsc::SyncSender<Block>,
) -> std::result::Result<(), String> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(input);
    let mut records = Vec::new();
    loop {
        let mut rec = csv::ByteRecord::new();
        let more = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| format!("line {}: {e}", first_line + line_of(&e)))?;
        if more {
            let line = first_line + rec.position().map_or(1, |p| p.line()) - 1;
            records.push((line, rec));
        }
        if records.len() == 10_000 || (!more && !records.is_empty()) {
            let b = Block::Records {
                seq,
                records: std::mem::take(&mut records),
            };
            seq += 1;
            if tx.send(b).is_err() {
                return Ok(());
            }
        }
        if !more {
            return Ok(());
        }
    }
}

fn line_of(e: &csv::Error) -> u64 {
    e.position().map_or(1, |p| p.line()) - 1
}

/// The parsing threads' loop.
fn parse_blocks(
    ctx: Arc<Ctx>,
    rx: Arc<Mutex<mpsc::Receiver<Block>>>,
    tx: tokio::sync::mpsc::Sender<Msg>,
) {
    let mut cube = ctx.cube.then(|| CubeBuilder::new(DEFAULT_WINDOW_S));
    loop {
        let next = match rx.lock() {
            Ok(r) => r.recv(),
            Err(_) => return,
        };
        let Ok(block) = next else { break };
        let msg = match ctx.parse(block, &mut cube) {
            Ok(p) => Msg::Block(p),
            Err(e) => Msg::Failed(e),
        };
        if tx.blocking_send(msg).is_err() {
            return;
        }
    }
    let _ = tx.blocking_send(Msg::Done(cube));
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
        let org: Option<(String,)> = sqlx::query_as("SELECT name FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_optional(&self.pool)
            .await?;
        let (org_name,) =
            org.ok_or_else(|| StoreError::NotFound(format!("organisation {org_id}")))?;
        let (import_id,): (i64,) = sqlx::query_as(
            "INSERT INTO contact_imports (org_id, file_name, started_at, status, actor) \
             VALUES ($1, $2, $3, 'running', $4) RETURNING id",
        )
        .bind(org_id)
        .bind(file_name)
        .bind(now())
        .bind(options.actor.clone())
        .fetch_one(&self.pool)
        .await?;
        let run = self.import_progress().start();
        let counted = |rows: u64| {
            run.rows(rows);
            progress(rows)
        };
        let result = self
            .import_file(
                org_id, &org_name, import_id, file_name, source, mapping, &options, &counted,
            )
            .await;
        if matches!(&result, Ok(r) if r.status == ImportStatus::Done) {
            run.succeeded();
        }
        let (status, rows, rejected, message) = match &result {
            Ok(r) => (
                r.status.as_str(),
                r.rows,
                r.rejected,
                r.errors.first().map(|e| e.error.to_string()),
            ),
            Err(e) => ("failed", 0, 0, Some(e.to_string())),
        };
        sqlx::query(
            "UPDATE contact_imports SET status = $1, rows = $2, rejected = $3, message = $4, \
             finished_at = $5 WHERE id = $6",
        )
        .bind(status)
        .bind(i64::try_from(rows).unwrap_or(i64::MAX))
        .bind(i64::try_from(rejected).unwrap_or(i64::MAX))
        .bind(message)
        .bind(now())
        .bind(import_id)
        .execute(&self.pool)
        .await?;
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
        let refuse = |reason: String| StoreError::Invalid(format!("{file_name}: {reason}"));
        // Every row belongs to the organisation: a file needs no org_id column.
        let mut mapping = mapping.cloned().unwrap_or_default();
        if mapping.org.is_none() {
            mapping.org = Some(org_name.to_string());
        }
        let (mut sample, rest): (Vec<u8>, Box<dyn Read + Send>) = match source {
            ContactSource::Bytes(b) => (b, Box::new(std::io::empty())),
            ContactSource::File(p) => {
                let mut f = std::fs::File::open(&p)
                    .map_err(|e| refuse(format!("cannot open {}: {e}", p.display())))?;
                let mut s = Vec::new();
                (&mut f)
                    .take(1 << 20)
                    .read_to_end(&mut s)
                    .map_err(|e| refuse(format!("cannot read: {e}")))?;
                (s, Box::new(f))
            }
        };
        let (header, header_raw, body, delimiter, encoding) = if is_xlsx(&sample) {
            let mut rest = rest;
            rest.read_to_end(&mut sample)
                .map_err(|e| refuse(format!("cannot read: {e}")))?;
            let table = read_xlsx(&sample).map_err(refuse)?;
            let header = table.header.clone();
            let raw = raw_record(&csv::ByteRecord::from(header.clone()), b',');
            drop(sample);
            (
                header,
                raw,
                Body::Sheet {
                    table,
                    timestamp_col: None,
                },
                b',',
                Encoding::Utf8,
            )
        } else {
            let sn = sniff(&sample);
            let encoding = mapping.encoding.unwrap_or(sn.encoding);
            let delimiter = mapping.delimiter.unwrap_or(sn.delimiter);
            let body = &sample[sn.bom_len..];
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(body);
            let mut head = csv::ByteRecord::new();
            if !rdr
                .read_byte_record(&mut head)
                .map_err(|e| refuse(format!("header: {e}")))?
            {
                return Err(refuse("empty file (no header line)".into()));
            }
            let mut start = sn.bom_len + rdr.position().byte() as usize;
            if sample.get(start) == Some(&b'\n') {
                start += 1; // the header ended in CRLF
            }
            if start >= sample.len() && sample.len() >= (1 << 20) {
                return Err(refuse("header line longer than 1 MB".into()));
            }
            let header: Vec<String> = head
                .iter()
                .map(|h| encoding.decode(h).map(|s| s.into_owned()))
                .collect::<std::result::Result<_, _>>()
                .map_err(|e| refuse(format!("header: {e}")))?;
            let mut raw = sample[sn.bom_len..start].to_vec();
            while matches!(raw.last(), Some(b'\n' | b'\r')) {
                raw.pop();
            }
            let first_line = 1 + sample[..start].iter().filter(|&&b| b == b'\n').count() as u64;
            let head_bytes = sample.split_off(start);
            (
                header,
                raw,
                Body::Text {
                    head: head_bytes,
                    rest,
                    first_line,
                },
                delimiter,
                encoding,
            )
        };
        let layout = Layout::from_header(&header, Some(&mapping)).map_err(refuse)?;
        let body = match body {
            Body::Sheet { table, .. } => Body::Sheet {
                table,
                timestamp_col: layout.index[Column::Timestamp as usize],
            },
            text => text,
        };
        let parser = RowParser::new(layout.clone(), encoding, Some(&mapping));
        let mut tx = self.write().await?;
        // An organisation without contacts gets its cube from the rows as they are
        // imported (the same builder); otherwise it is read back after the import.
        let was_empty: Option<(i64,)> =
            sqlx::query_as("SELECT 1 FROM contacts WHERE org_id = $1 LIMIT 1")
                .bind(org_id)
                .fetch_optional(&mut *tx)
                .await?;
        let was_empty = was_empty.is_none();
        let ctx = Arc::new(Ctx {
            parser,
            layout,
            delimiter,
            hasher: KeyHasher::new(self.secret.as_slice(), org_id),
            cube: was_empty,
        });

        // reading thread -> parsing threads -> this task (in file order)
        let threads = options
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
            .clamp(1, 64);
        let block = options.block_bytes.unwrap_or(DEFAULT_BLOCK).max(1);
        let (block_tx, block_rx) = mpsc::sync_channel::<Block>(threads);
        let (parsed_tx, mut parsed_rx) = tokio::sync::mpsc::channel(threads * 2);
        {
            let fail = parsed_tx.clone();
            std::thread::Builder::new()
                .name("contacts-read".into())
                .spawn(move || read_blocks(body, delimiter, block, block_tx, fail))
                .map_err(|e| refuse(format!("cannot start a thread: {e}")))?;
        }
        let block_rx = Arc::new(Mutex::new(block_rx));
        for i in 0..threads {
            let (ctx, rx, tx) = (ctx.clone(), block_rx.clone(), parsed_tx.clone());
            std::thread::Builder::new()
                .name(format!("contacts-parse-{i}"))
                .spawn(move || parse_blocks(ctx, rx, tx))
                .map_err(|e| refuse(format!("cannot start a thread: {e}")))?;
        }
        drop(parsed_tx);

        let mut sql: HashMap<usize, String> = HashMap::new();
        let mut waiting: BTreeMap<u64, Parsed> = BTreeMap::new();
        let mut next = 0u64;
        let mut cpr = CprScan::new(&ctx.layout);
        let (mut rows, mut rejected, mut handled) = (0u64, 0u64, 0u64);
        let mut errors: Vec<RejectedRow> = Vec::new();
        let mut builder = was_empty.then(|| CubeBuilder::new(DEFAULT_WINDOW_S));
        let mut done = 0;
        while let Some(msg) = parsed_rx.recv().await {
            let p = match msg {
                Msg::Block(p) => p,
                Msg::Done(part) => {
                    done += 1;
                    if let (Some(b), Some(part)) = (&mut builder, part) {
                        b.merge(part);
                    }
                    continue;
                }
                Msg::Failed(e) => return Err(refuse(e)),
            };
            waiting.insert(p.seq, p);
            while let Some(p) = waiting.remove(&next) {
                next += 1;
                cpr.merge(&p.cpr);
                let errors_len = p.errors.len() as u64;
                rejected += errors_len;
                let keep = if options.skip_bad {
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
                }
                handled += p.rows + errors_len;
                progress(handled);
            }
        }
        if !waiting.is_empty() || done < threads {
            return Err(refuse(
                "the import broke off (a reading thread failed)".into(),
            ));
        }
        if let Some((col, line)) = cpr.refused() {
            let name = header.get(col).map_or("", String::as_str);
            return Err(refuse(format!(
                "column '{name}' (column {}) looks like CPR numbers (e.g. line {line}); \
                 nothing was imported. Map it as citizen_key or case_key to store it as a \
                 keyed hash, or remove it from the file",
                col + 1
            )));
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
                header: header_raw,
                contacts: self.contact_count(org_id).await?,
            });
        }
        // The rows built into the cube are the stored ones unless the file repeated a
        // contact_id (the later row replaced the earlier): then read them back.
        let stored = match builder {
            Some(_) => {
                let (n,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM contacts WHERE org_id = $1")
                        .bind(org_id)
                        .fetch_one(&mut *tx)
                        .await?;
                u64::try_from(n).unwrap_or(0)
            }
            None => 0,
        };
        let cube = match builder {
            Some(b) if stored == rows => {
                let cube = b.finish();
                store_cube(&mut tx, org_id, &cube).await?;
                cube
            }
            _ => recompute_cube(&mut tx, org_id).await?,
        };
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
        Ok(ImportReport {
            import_id,
            file_name: file_name.to_string(),
            status: ImportStatus::Done,
            rows,
            rejected,
            errors,
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
        Ok(sqlx::query_as(
            "SELECT id, org_id, file_name, rows, rejected, started_at, finished_at, status, \
             message, actor FROM contact_imports WHERE org_id = $1 ORDER BY id DESC",
        )
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?)
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

/// Recomputes and stores organisation `org_id`'s cube over all its stored contacts, on
/// `conn` (inside the caller's transaction).
pub(crate) async fn recompute_cube(conn: &mut Conn, org_id: i64) -> Result<Cube> {
    let mut b = CubeBuilder::new(DEFAULT_WINDOW_S);
    {
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
            let small = |v: Option<i64>| v.and_then(|v| u8::try_from(v).ok());
            b.add(&CubeRow {
                timestamp: r.try_get(0)?,
                contact_id: r.try_get(1)?,
                channel,
                service: r.try_get(3)?,
                citizen_key: r.try_get(4)?,
                case_key: r.try_get(5)?,
                satisfaction: small(r.try_get(6)?),
                effort: small(r.try_get(7)?),
            });
        }
    }
    let cube = b.finish();
    store_cube(conn, org_id, &cube).await?;
    Ok(cube)
}

/// Stores organisation `org_id`'s cube.
async fn store_cube(conn: &mut Conn, org_id: i64, cube: &Cube) -> Result<()> {
    let json = serde_json::to_string(cube)
        .map_err(|e| StoreError::Invalid(format!("cannot write the cube: {e}")))?;
    sqlx::query(
        "INSERT INTO contact_cubes (org_id, cube, contacts, computed_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id) DO UPDATE SET cube = excluded.cube, contacts = excluded.contacts, \
         computed_at = excluded.computed_at",
    )
    .bind(org_id)
    .bind(json)
    .bind(i64::try_from(cube.contacts()).unwrap_or(i64::MAX))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The purge step's kind of data (see `PurgeStep::ContactLog`).
pub(crate) const PURGE_KIND: &str = "contacts";

const DAY_SECS: i64 = 86_400;

/// Organisations with contacts older than their contact retention at `at`: one item
/// each, `expired_at` the time the newest of them ran out.
pub(crate) async fn expired_contacts(conn: &mut Conn, at: i64) -> Result<Vec<Purged>> {
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT o.id, o.name, MAX(c.ts + o.contact_retention_days * $2), COUNT(*) \
         FROM organisations o JOIN contacts c ON c.org_id = o.id \
         WHERE c.ts + o.contact_retention_days * $2 <= $1 \
         GROUP BY o.id, o.name ORDER BY o.id",
    )
    .bind(at)
    .bind(DAY_SECS)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, expired_at, n)| Purged {
            kind: PURGE_KIND,
            id,
            name,
            expired_at,
            rows: vec![("contacts", n)],
        })
        .collect())
}

/// Deletes the organisation's contacts that had run out by `item.expired_at` and
/// recomputes its cube over the rest.
pub(crate) async fn delete_expired_contacts(
    conn: &mut Conn,
    item: &Purged,
) -> Result<Vec<(&'static str, i64)>> {
    let done = sqlx::query(
        "DELETE FROM contacts WHERE org_id = $1 AND ts + \
         (SELECT contact_retention_days FROM organisations WHERE id = $1) * $2 <= $3",
    )
    .bind(item.id)
    .bind(DAY_SECS)
    .bind(item.expired_at)
    .execute(&mut *conn)
    .await?;
    recompute_cube(conn, item.id).await?;
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

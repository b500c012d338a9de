//! Contact logs uploaded in the browser: the file is streamed to a private temporary
//! file, inspected (CSV delimiter and encoding, or XLSX; the header; the values of the
//! channel column), kept in the database, mapped by the user, then imported in a
//! background task whose progress a self-updating page shows. An uploaded file is never
//! served back: the pages show its name, size, header and channel values only.
//!
//! Behind a load balancer any instance may serve any step: the upload and the import's
//! state live in the database (`trappe_store::contact_uploads`). An instance keeps a
//! local copy of an upload it works on (written from the database when the upload came
//! in through another instance) and its scans of the file, as a cache.

use crate::contacts::channel_view::channel_label;
use crate::kit::i18n::Fmt;
use crate::kit::i18n::Lang;
use crate::AppState;
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use trappe_core::contacts::guess_column;
use trappe_core::contacts::parse::{Column, Encoding, Mapping, Sniff};
use trappe_core::contacts::time::DateOrder;
use trappe_core::contacts::xlsx::{is_xlsx, read_xlsx, WorkbookError};
use trappe_core::contacts::{check_width, csv_reader, read_head, Channel, HeadError, SAMPLE_BYTES};
use trappe_store::{ContactSource, ImportOptions, KeepRefused, StoreError};

/// The largest file the upload takes.
pub const MAX_UPLOAD_BYTES: usize = 200 * 1024 * 1024;
/// How long a local copy of an upload is kept (the database keeps the upload as long).
const KEEP: Duration = Duration::from_secs(trappe_store::UPLOAD_KEEP_SECS as u64);
/// The most distinct channel values the mapping step lists.
pub const MAX_VALUES: usize = 100;
/// How often a running import writes its progress for other instances.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// What kind of file an upload is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FileKind {
    /// A text file: how it is read, and where its rows start (past the header).
    Csv {
        sniff: Sniff,
        data_start: u64,
    },
    Xlsx,
}

/// The values of one column, for the channel mapping.
#[derive(Debug, Clone, Default)]
pub struct ColumnScan {
    /// (value, rows), most frequent first; at most [`MAX_VALUES`].
    pub values: Vec<(String, u64)>,
    /// More distinct values than listed.
    pub more: bool,
    /// The first non-empty value of the timestamp column, to guess the date order.
    pub first_timestamp: Option<String>,
    pub rows: u64,
    /// The first [`EXAMPLE_ROWS`] rows, every column, for the mapping page's examples.
    pub first_rows: Vec<Vec<String>>,
}

/// Rows of the file the mapping page shows as examples of each column.
pub const EXAMPLE_ROWS: usize = 3;

/// The columns a scan read: (channel, timestamp).
type ScanKey = (Option<usize>, Option<usize>);

/// An uploaded file waiting for its mapping: this instance's copy of it.
#[derive(Debug)]
pub struct Upload {
    pub id: String,
    pub org: i64,
    pub user: i64,
    pub path: PathBuf,
    pub file_name: String,
    pub size: u64,
    pub kind: FileKind,
    pub header: Vec<String>,
    cached: Instant,
    scans: Mutex<HashMap<ScanKey, Arc<ColumnScan>>>,
}

impl Drop for Upload {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// This instance's copies of uploads.
static UPLOADS: Mutex<BTreeMap<String, Arc<Upload>>> = Mutex::new(BTreeMap::new());
/// Rows handled by the imports this instance runs, by token.
static LIVE: Mutex<BTreeMap<String, Arc<AtomicU64>>> = Mutex::new(BTreeMap::new());

/// The folder uploads are written to, readable by this user only.
fn upload_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join("trappe-uploads");
    std::fs::create_dir_all(&dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(dir)
}

/// A path for a local copy of upload `id` that nothing else uses (two requests may
/// write copies of one upload at once).
fn local_path(id: &str) -> std::io::Result<PathBuf> {
    let nonce = &trappe_store::new_token()[..12];
    Ok(upload_dir()?.join(format!("{id}-{nonce}.upload")))
}

/// A new, empty temporary file for an upload, and its id.
pub fn new_file() -> std::io::Result<(String, PathBuf)> {
    let id = trappe_store::new_token();
    let path = local_path(&id)?;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    Ok((id, path))
}

/// Forgets local copies older than two hours and deletes copies a stopped process left
/// behind.
fn expire() {
    if let Ok(mut m) = UPLOADS.lock() {
        m.retain(|_, u| u.cached.elapsed() < KEEP);
    }
    if let Ok(entries) = upload_dir().and_then(std::fs::read_dir) {
        for e in entries.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > KEEP + Duration::from_secs(3600));
            if old && e.path().extension().is_some_and(|x| x == "upload") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Why an uploaded file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    #[error("the file is empty")]
    Empty,
    #[error("{0}")]
    Unreadable(String),
    /// A workbook refused by the XLSX reader (unreadable, or beyond its limits).
    #[error("{0}")]
    Workbook(#[from] WorkbookError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Only the file's own name, never a path the browser sent.
fn clean_name(file_name: &str) -> String {
    file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

impl Upload {
    /// Inspects the file at `path` as upload `id` (the file goes with the value).
    pub fn from_file(
        id: String,
        path: PathBuf,
        org: i64,
        user: i64,
        file_name: &str,
    ) -> Result<Upload, (PathBuf, InspectError)> {
        let (kind, header, size) = match inspect(&path) {
            Ok(x) => x,
            Err(e) => return Err((path, e)),
        };
        Ok(Upload {
            id,
            org,
            user,
            path,
            file_name: clean_name(file_name),
            size,
            kind,
            header,
            cached: Instant::now(),
            scans: Mutex::new(HashMap::new()),
        })
    }
}

/// Inspects a file the browser sent, already written to `path`, and keeps it in the
/// database as upload `id`. A file that cannot be used is deleted.
pub async fn keep(
    state: &AppState,
    id: String,
    path: PathBuf,
    org: i64,
    user: i64,
    file_name: String,
) -> Result<Arc<Upload>, InspectError> {
    let inspected =
        tokio::task::spawn_blocking(move || Upload::from_file(id, path, org, user, &file_name))
            .await
            .map_err(|e| InspectError::Unreadable(format!("inspecting the upload failed: {e}")))?;
    let upload = match inspected {
        Ok(u) => u,
        Err((path, e)) => {
            let _ = std::fs::remove_file(path);
            return Err(e);
        }
    };
    expire();
    state
        .store
        .save_upload(&upload.id, org, user, &upload.file_name, &upload.path)
        .await?;
    let upload = Arc::new(upload);
    if let Ok(mut m) = UPLOADS.lock() {
        m.insert(upload.id.clone(), upload.clone());
    }
    Ok(upload)
}

/// Upload `id` of organisation `org` (any of its editors may map it: the id is a 256-bit
/// random token), with a local copy of its file: this instance's, or one written from
/// the database.
pub async fn open(
    state: &AppState,
    id: &str,
    org: i64,
) -> Result<Option<Arc<Upload>>, InspectError> {
    let Some(stored) = state.store.upload(id, org).await? else {
        forget(id);
        return Ok(None);
    };
    let cached = UPLOADS
        .lock()
        .ok()
        .and_then(|m| m.get(id).filter(|u| u.org == org).cloned());
    if let Some(u) = cached {
        return Ok(Some(u));
    }
    let path = local_path(id)?;
    state.store.write_upload_to(id, &path).await?;
    let (id, user, name) = (id.to_string(), stored.user_id, stored.file_name);
    let upload = tokio::task::spawn_blocking(move || Upload::from_file(id, path, org, user, &name))
        .await
        .map_err(|e| InspectError::Unreadable(format!("inspecting the upload failed: {e}")))?
        .map_err(|(_, e)| e)?;
    let upload = Arc::new(upload);
    if let Ok(mut m) = UPLOADS.lock() {
        m.insert(upload.id.clone(), upload.clone());
    }
    Ok(Some(upload))
}

/// Forgets this instance's copy of an upload (its file goes when the last handle does).
fn forget(id: &str) {
    if let Ok(mut m) = UPLOADS.lock() {
        m.remove(id);
    }
}

fn read_start(path: &Path, n: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n);
    std::fs::File::open(path)?
        .take(n as u64)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

fn inspect(path: &Path) -> Result<(FileKind, Vec<String>, u64), InspectError> {
    let size = std::fs::metadata(path)?.len();
    if size == 0 {
        return Err(InspectError::Empty);
    }
    let start = read_start(path, SAMPLE_BYTES)?;
    if is_xlsx(&start) {
        let mut table = read_xlsx(std::fs::read(path)?)?;
        // One pass over the whole sheet now, so that a workbook beyond the reader's
        // limits is refused here, with its reason, and not later by the import.
        table.each_row(None, &mut |_, _| true)?;
        return Ok((FileKind::Xlsx, table.header, size));
    }
    // An undecodable header or one longer than the sample is refused here, as the
    // import would refuse it.
    let head = read_head(&start, start.len() as u64 >= size, None)
        .and_then(|h| check_width(&h.header).map(|()| h))
        .map_err(|e| match e {
            HeadError::NoHeader => InspectError::Empty,
            HeadError::Unreadable { detail } => {
                InspectError::Unreadable(format!("line 1: the header cannot be read: {detail}"))
            }
            e => InspectError::Unreadable(format!("line 1: {e}")),
        })?;
    let kind = FileKind::Csv {
        sniff: head.sniff(),
        data_start: head.data_start as u64,
    };
    let header = head.header.iter().map(|h| h.trim().to_string()).collect();
    Ok((kind, header, size))
}

impl Upload {
    /// The values of column `channel` (most frequent first) and the first value of column
    /// `timestamp`: one pass over the file, kept for the next time.
    pub fn scan(&self, channel: Option<usize>, timestamp: Option<usize>) -> Arc<ColumnScan> {
        if let Some(s) = self
            .scans
            .lock()
            .ok()
            .and_then(|m| m.get(&(channel, timestamp)).cloned())
        {
            return s;
        }
        let scan = Arc::new(self.scan_file(channel, timestamp).unwrap_or_default());
        if let Ok(mut m) = self.scans.lock() {
            m.insert((channel, timestamp), scan.clone());
        }
        scan
    }

    fn scan_file(
        &self,
        channel: Option<usize>,
        timestamp: Option<usize>,
    ) -> std::io::Result<ColumnScan> {
        let mut counts: HashMap<String, u64> = HashMap::new();
        let mut more = false;
        let mut first_timestamp = None;
        let mut rows = 0u64;
        let mut first_rows = Vec::new();
        let width = self.header.len();
        let mut take = |fields: &dyn Fn(usize) -> Option<String>| {
            rows += 1;
            if first_rows.len() < EXAMPLE_ROWS {
                first_rows.push((0..width).map(|j| fields(j).unwrap_or_default()).collect());
            }
            if let Some(v) = channel.and_then(fields) {
                let v = v.trim().to_string();
                if !v.is_empty() {
                    use std::collections::hash_map::Entry;
                    let full = counts.len() >= MAX_VALUES;
                    match counts.entry(v) {
                        Entry::Occupied(mut e) => *e.get_mut() += 1,
                        Entry::Vacant(e) if !full => {
                            e.insert(1);
                        }
                        Entry::Vacant(_) => more = true,
                    }
                }
            }
            if first_timestamp.is_none() {
                first_timestamp = timestamp
                    .and_then(fields)
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty());
            }
        };
        match self.kind {
            FileKind::Xlsx => {
                let invalid = |e| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
                let mut table = read_xlsx(std::fs::read(&self.path)?).map_err(invalid)?;
                table
                    .each_row(timestamp, &mut |_, rec| {
                        take(&|j| rec.get(j).map(|b| String::from_utf8_lossy(b).into_owned()));
                        true
                    })
                    .map_err(invalid)?;
            }
            FileKind::Csv {
                sniff: s,
                data_start,
            } => {
                let mut file = std::fs::File::open(&self.path)?;
                file.seek(SeekFrom::Start(data_start))?;
                let mut rdr = csv_reader(file, s.delimiter, Some(1 << 20));
                let mut rec = csv::ByteRecord::new();
                while rdr.read_byte_record(&mut rec).unwrap_or(false) {
                    let enc = s.encoding;
                    take(&|j| {
                        rec.get(j).map(|b| match enc.decode(b) {
                            Ok(t) => t.into_owned(),
                            Err(_) => String::from_utf8_lossy(b).into_owned(),
                        })
                    });
                }
            }
        }
        let mut values: Vec<(String, u64)> = counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(ColumnScan {
            values,
            more,
            first_timestamp,
            rows,
            first_rows,
        })
    }

    /// "CSV · semikolon · Windows-1252" or "XLSX".
    pub fn describe(&self, lang: Lang) -> String {
        match self.kind {
            FileKind::Xlsx => lang.t("upload-kind-xlsx"),
            FileKind::Csv { sniff: s, .. } => {
                let delim = match s.delimiter {
                    b';' => lang.t("upload-delim-semicolon"),
                    b'\t' => lang.t("upload-delim-tab"),
                    _ => lang.t("upload-delim-comma"),
                };
                let enc = match (s.encoding, s.bom_len) {
                    (Encoding::Windows1252, _) => "Windows-1252",
                    (Encoding::Utf8, 0) => "UTF-8",
                    (Encoding::Utf8, _) => "UTF-8 (BOM)",
                };
                format!("CSV · {delim} · {enc}")
            }
        }
    }
}

/// The user's choices on the mapping form.
#[derive(Debug, Clone, Default)]
pub struct MappingChoice {
    /// Per source column: the canonical column, or None to leave it out.
    pub columns: Vec<Option<Column>>,
    pub date_order: DateOrder,
    /// (source value, channel; None: not chosen yet).
    pub channels: Vec<(String, Option<Channel>)>,
}

impl MappingChoice {
    /// The detected mapping of `header`.
    pub fn detected(header: &[String]) -> MappingChoice {
        let mut seen = Vec::new();
        let columns = header
            .iter()
            .map(|h| {
                let c = guess_column(h).filter(|c| !seen.contains(c));
                if let Some(c) = c {
                    seen.push(c);
                }
                c
            })
            .collect();
        MappingChoice {
            columns,
            date_order: DateOrder::Iso,
            channels: Vec::new(),
        }
    }

    pub fn column_of(&self, c: Column) -> Option<usize> {
        self.columns.iter().position(|x| *x == Some(c))
    }

    /// Checks the choices: (field, message key, argument) per problem.
    pub fn problems(&self, header: &[String]) -> Vec<(String, &'static str, String)> {
        let mut out = Vec::new();
        for need in [Column::ContactId, Column::Timestamp, Column::Channel] {
            if self.column_of(need).is_none() {
                out.push((
                    "columns".to_string(),
                    "upload-error-missing",
                    need.name().to_string(),
                ));
            }
        }
        for (i, c) in self.columns.iter().enumerate() {
            let Some(c) = c else { continue };
            if self.columns[..i].contains(&Some(*c)) {
                out.push((
                    format!("col_{i}"),
                    "upload-error-twice",
                    c.name().to_string(),
                ));
            }
        }
        // A source column named like a canonical column keeps that meaning in the
        // import: it cannot be left out or used for another column.
        for (i, h) in header.iter().enumerate() {
            if let Some(own) = Column::from_name(h) {
                if self.columns.get(i).copied().flatten() != Some(own) {
                    out.push((
                        format!("col_{i}"),
                        "upload-error-canonical",
                        own.name().to_string(),
                    ));
                }
            }
        }
        for (k, (v, c)) in self.channels.iter().enumerate() {
            if c.is_none() {
                out.push((format!("chan_{k}"), "upload-error-channel", v.clone()));
            }
        }
        out
    }

    /// The mapping for the import: the upload's delimiter and encoding, the chosen
    /// columns and channel values, and `org` for a file without an org column.
    pub fn mapping(&self, upload: &Upload, org: &str) -> Mapping {
        let (delimiter, encoding) = match upload.kind {
            FileKind::Csv { sniff: s, .. } => (Some(s.delimiter), Some(s.encoding)),
            FileKind::Xlsx => (None, None),
        };
        Mapping {
            delimiter,
            encoding,
            date_order: self.date_order,
            org: Some(org.to_string()),
            columns: self
                .columns
                .iter()
                .zip(&upload.header)
                .filter_map(|(c, h)| c.map(|c| (h.clone(), c)))
                .collect(),
            channels: self
                .channels
                .iter()
                .filter_map(|(v, c)| c.map(|c| (v.to_lowercase(), c)))
                .collect(),
        }
    }
}

// ---- imports in the background ----

/// Rows handled so far by import `token`, if this instance runs it.
pub fn live_progress(token: &str) -> Option<u64> {
    let m = LIVE.lock().ok()?;
    m.get(token).map(|n| n.load(Ordering::Relaxed))
}

/// One line of the channel page's list of imports.
pub struct ImportLine {
    pub file_name: String,
    pub when: String,
    pub status: String,
    pub rows: String,
    pub rejected: String,
}

/// The organisation's latest imports, for the channel page.
pub async fn recent_imports(
    state: &AppState,
    org: i64,
    lang: Lang,
) -> Result<Vec<ImportLine>, trappe_store::StoreError> {
    let f = Fmt(lang);
    Ok(state
        .store
        .contact_imports(org)
        .await?
        .into_iter()
        .take(10)
        .map(|i| ImportLine {
            file_name: i.file_name,
            when: lang.datetime(i.started_at),
            status: lang.t(&format!("import-status-{}", i.status)),
            rows: f.int(u64::try_from(i.rows).unwrap_or(0)),
            rejected: f.int(u64::try_from(i.rejected).unwrap_or(0)),
        })
        .collect())
}

/// Starts the import of `upload` with `mapping`: its `contact_imports` row is written
/// before this returns (so its progress page is there at once, on any instance), the
/// upload leaves the database, and the import runs in the background. Returns the
/// import's token. The local copy of the file goes when the import is done.
pub async fn start_import(
    state: &AppState,
    upload: Arc<Upload>,
    mapping: Mapping,
    actor: String,
    skip_bad: bool,
    total_rows: u64,
) -> Result<String, StoreError> {
    let token = trappe_store::new_token();
    // The refused rows are offered for download as long as the upload could be kept.
    let uploaded_at = match state.store.upload(&upload.id, upload.org).await? {
        Some(u) => u.created_at,
        None => return Err(StoreError::NotFound(format!("upload {}", upload.id))),
    };
    let options = ImportOptions {
        skip_bad,
        actor: Some(actor),
        token: Some(token.clone()),
        total_rows: Some(total_rows),
        keep_refused: Some(KeepRefused {
            user_id: upload.user,
            uploaded_at,
        }),
        ..ImportOptions::default()
    };
    let import_id = state
        .store
        .begin_contact_import(upload.org, &upload.file_name, &options)
        .await?;
    forget(&upload.id);
    state.store.delete_upload(&upload.id).await?;
    let handled = Arc::new(AtomicU64::new(0));
    if let Ok(mut m) = LIVE.lock() {
        m.insert(token.clone(), handled.clone());
    }
    let (store, n) = (state.store.clone(), handled.clone());
    let task = tokio::spawn(async move {
        let progress = move |rows: u64| n.store(rows, Ordering::Relaxed);
        let result = store
            .run_contact_import(
                import_id,
                upload.org,
                &upload.file_name,
                ContactSource::File(upload.path.clone()),
                Some(&mapping),
                options,
                &progress,
            )
            .await;
        drop(upload);
        // The store wrote how it ended on the import's row; a failure that is not the
        // file's fault is logged there too.
        if let Err(e) = result {
            tracing::debug!(error = %e, "contact import {import_id} ended with an error");
        }
    });
    // Progress for other instances while it runs, and the row marked failed if the task
    // ends without the store finishing it (a panic).
    let (store, t) = (state.store.clone(), token.clone());
    tokio::spawn(async move {
        let mut task = task;
        let mut tick = tokio::time::interval(PROGRESS_EVERY);
        let ended = loop {
            tokio::select! {
                end = &mut task => break end,
                _ = tick.tick() => {
                    let _ = store.record_import_progress(&t, handled.load(Ordering::Relaxed)).await;
                }
            }
        };
        if ended.is_err() {
            tracing::error!("contact import {t} stopped without finishing");
            let _ = store.fail_import(&t).await;
        }
        if let Ok(mut m) = LIVE.lock() {
            m.remove(&t);
        }
    });
    Ok(token)
}

/// A channel's label, for the mapping form's choices.
pub fn channel_choices(lang: Lang) -> Vec<(&'static str, String)> {
    Channel::ALL
        .into_iter()
        .map(|c| (c.name(), channel_label(lang, c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use trappe_core::contacts::guess_date_order;

    #[test]
    fn the_mapping_needs_the_key_columns_once_and_every_channel_value() {
        let header: Vec<String> = ["Henvendelse", "Tidspunkt", "Kanal", "Kanal 2"]
            .map(String::from)
            .to_vec();
        let mut m = MappingChoice::detected(&header);
        assert_eq!(
            m.columns,
            vec![
                Some(Column::ContactId),
                Some(Column::Timestamp),
                Some(Column::Channel),
                None
            ]
        );
        assert!(m.problems(&header).is_empty());
        m.columns[3] = Some(Column::Channel);
        m.channels = vec![
            ("Telefon".into(), Some(Channel::Phone)),
            ("Fax".into(), None),
        ];
        let p = m.problems(&header);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].0, "col_3");
        assert_eq!((p[1].0.as_str(), p[1].2.as_str()), ("chan_1", "Fax"));
        m.columns[0] = None;
        assert!(m
            .problems(&header)
            .iter()
            .any(|(f, _, a)| f == "columns" && a == "contact_id"));
    }

    #[test]
    fn headers_the_import_would_refuse_are_refused_at_upload() {
        let refusal = |bytes: &[u8]| {
            let (id, path) = new_file().unwrap();
            std::fs::write(&path, bytes).unwrap();
            let (path, e) = Upload::from_file(id, path, 1, 2, "log.csv").unwrap_err();
            let _ = std::fs::remove_file(path);
            e.to_string()
        };
        let wide = (0..65)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(
            refusal(format!("{wide}\n").as_bytes()),
            "line 1: the header has 65 columns; at most 64 are read"
        );
        let mut long = vec![b'a'; 2 << 20];
        long.extend_from_slice(b"\n1\n");
        assert_eq!(refusal(&long), "line 1: header line longer than 1 MB");
        assert_eq!(refusal(b"\xef\xbb\xbf"), "the file is empty");
    }

    #[test]
    fn a_semicolon_windows_1252_file_is_inspected_and_scanned() {
        let (id, path) = new_file().unwrap();
        std::fs::write(
            &path,
            b"Henvendelse;Tidspunkt;Kanal;Ydelse\r\n1;14-03-2025 10:15;Telefon;Pas\r\n2;14-03-2025 11:00;Borgerservice;K\xf8rekort\r\n3;15-03-2025 09:00;Telefon;Pas\r\n",
        )
        .unwrap();
        let u = Upload::from_file(id, path.clone(), 1, 2, "C:\\data\\log.csv").unwrap();
        assert_eq!(u.file_name, "log.csv");
        assert_eq!(u.header, ["Henvendelse", "Tidspunkt", "Kanal", "Ydelse"]);
        assert_eq!(u.describe(Lang::Da), "CSV · semikolon · Windows-1252");
        let s = u.scan(Some(2), Some(1));
        assert_eq!(s.rows, 3);
        assert_eq!(
            s.values,
            vec![("Telefon".to_string(), 2), ("Borgerservice".to_string(), 1)]
        );
        assert_eq!(
            guess_date_order(s.first_timestamp.as_deref()),
            DateOrder::DayFirst
        );
        let s = u.scan(Some(3), None);
        assert!(s.values.iter().any(|(v, _)| v == "Kørekort"));
        drop(u);
        assert!(!path.exists(), "the file goes with the upload");
    }
}

//! `trappe contacts analyze`: channel metrics straight from contact-log files, without a
//! database. Each file is read in large blocks by several threads, each from its own
//! byte range (split on line ends); the repeat-contact entries are then sorted and
//! scanned in partitions, one thread each. An XLSX workbook is held whole and its
//! first sheet streamed, in one thread (within `trappe_core::contacts::xlsx::LIMITS`).
//!
//! `trappe contacts import`: a file at a time into an organisation's stored log, through
//! `Store::import_contacts` (the same import the web upload runs).

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use trappe_core::contacts::xlsx::{analyze_xlsx, is_xlsx, read_xlsx};
use trappe_core::contacts::{
    analyze_lines, analyze_records, count_repeats, csv_reader, merge, read_head, time::MICROS,
    Column, Encoding, Layout, Mapping, Partial, RefusalGroup, RefusalGroups, Report, RowError,
    RowParser, BUCKETS, DEFAULT_WINDOW_S, SAMPLE_BYTES,
};
use trappe_store::{ContactSource, ImportOptions, ImportReport, ImportStatus, RefusedRowsWriter};

#[derive(Subcommand)]
pub enum ContactsCmd {
    /// Compute channel mix, digital share by month, repeat contacts and satisfaction
    /// from contact-log CSV or XLSX files (no database needed).
    Analyze(AnalyzeArgs),
    /// Store contact-log files (CSV or XLSX) as an organisation's log for the web app:
    /// each file all or nothing, a re-imported contact_id replacing the stored one,
    /// citizen and case keys stored only as keyed hashes.
    Import(ImportArgs),
    /// Show, or set with --days, how long an organisation's contacts are kept, counted
    /// from each contact's time (default 730 days); `trappe purge` deletes older ones.
    Retention {
        /// The organisation (id or name).
        #[arg(long)]
        org: String,
        #[arg(long)]
        days: Option<i64>,
    },
}

#[derive(Args)]
pub struct ImportArgs {
    /// The organisation (id or name) whose log the files are.
    #[arg(long)]
    org: String,
    /// Contact-log files: CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or XLSX.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// A TOML column mapping for exports not in the canonical columns.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Import the good rows of a file with bad ones, and write the bad rows (with the
    /// header, as they were) to BADFILE; without it a bad row rejects its whole file.
    #[arg(long, value_name = "BADFILE")]
    skip_bad: Option<PathBuf>,
    /// Parsing threads (default: the number of cores).
    #[arg(long, hide = true)]
    threads: Option<usize>,
    /// Bytes per parsing block (for tests).
    #[arg(long, hide = true)]
    block_bytes: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Table,
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// Contact-log files: CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or XLSX.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// A TOML column mapping for exports not in the canonical columns.
    #[arg(long)]
    mapping: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Repeat-contact window in days (a contact is repeated when the next contact of its
    /// citizen and case comes at most this long after it).
    #[arg(long, default_value_t = 7.0)]
    window_days: f64,
    /// Worker threads (default: the number of cores).
    #[arg(long, hide = true)]
    threads: Option<usize>,
}

pub async fn run(db: &str, cmd: ContactsCmd) -> Result<()> {
    match cmd {
        ContactsCmd::Analyze(a) => analyze(a),
        ContactsCmd::Import(a) => import(db, a).await,
        ContactsCmd::Retention { org, days } => {
            let store = crate::open_store(db).await?;
            let id = crate::measure::find_org(&store, &org).await?;
            if let Some(d) = days {
                store.set_contact_retention_days(id, d, Some("cli")).await?;
            }
            println!("{}", store.contact_retention_days(id).await?);
            Ok(())
        }
    }
}

fn read_mapping(path: Option<&Path>) -> Result<Option<Mapping>> {
    match path {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read mapping {}", p.display()))?;
            Ok(Some(
                Mapping::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
            ))
        }
        None => Ok(None),
    }
}

async fn import(db: &str, a: ImportArgs) -> Result<()> {
    let mapping = read_mapping(a.mapping.as_deref())?;
    let store = crate::open_store(db).await?;
    let org = crate::measure::find_org(&store, &a.org).await?;
    let mut bad_out: Option<RefusedRowsWriter<std::io::BufWriter<File>>> = None;
    let mut failed = 0;
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    for path in &a.files {
        let shown = path.display().to_string();
        let started = std::time::Instant::now();
        let options = ImportOptions {
            skip_bad: a.skip_bad.is_some(),
            actor: Some("cli".into()),
            threads: a.threads,
            block_bytes: a.block_bytes,
            ..ImportOptions::default()
        };
        let progress = |rows: u64| {
            if tty {
                eprint!("\r{shown}: {rows} rows read");
            }
        };
        let result = store
            .import_contacts(
                org,
                &shown,
                ContactSource::File(path.clone()),
                mapping.as_ref(),
                options,
                &progress,
            )
            .await;
        if tty {
            eprint!("\r\x1b[K");
        }
        let report = match result {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
                continue;
            }
        };
        print_refusals(&shown, &report);
        match report.status {
            ImportStatus::Rejected => {
                failed += 1;
                eprintln!(
                    "error: {shown}: {} bad row(s): nothing imported from this file \
                     (fix them, or use --skip-bad BADFILE to import the good rows)",
                    report.rejected
                );
            }
            ImportStatus::Done => {
                println!(
                    "{shown}: {} rows imported, {} rejected, in {:.1} s (import {}); \
                     the organisation now has {} contacts",
                    report.rows,
                    report.rejected,
                    started.elapsed().as_secs_f64(),
                    report.import_id,
                    report.contacts
                );
                if let (Some(bad), false) = (&a.skip_bad, report.errors.is_empty()) {
                    let out = match &mut bad_out {
                        Some(o) => o,
                        None => bad_out.insert(RefusedRowsWriter::new(std::io::BufWriter::new(
                            File::create(bad)
                                .with_context(|| format!("cannot write {}", bad.display()))?,
                        ))),
                    };
                    out.write(&report.header, &report.errors)
                        .with_context(|| format!("cannot write {}", bad.display()))?;
                }
            }
        }
    }
    if let (Some(out), Some(bad)) = (bad_out, &a.skip_bad) {
        let bad_rows = out.rows;
        out.into_inner()
            .with_context(|| format!("cannot write {}", bad.display()))?;
        println!("wrote {bad_rows} bad row(s) to {}", bad.display());
    }
    if failed > 0 {
        bail!("{failed} of {} file(s) not imported", a.files.len());
    }
    Ok(())
}

/// A file's refused rows on stderr, grouped by column and kind of reason: each group's
/// count, then its first rows (`FILE: rejected: line L, column C: reason`), so that 900
/// rows with one problem read as one group, not 900 lines.
fn print_refusals(shown: &str, report: &ImportReport) {
    print_groups(shown, &report.groups);
}

/// [`print_refusals`] of any grouped rows (an import's, or an analysis's).
fn print_groups(shown: &str, groups: &[RefusalGroup]) {
    for g in groups {
        let column = g
            .column
            .as_deref()
            .map(|c| format!(", column {c}"))
            .unwrap_or_default();
        eprintln!(
            "{shown}: {} row(s) rejected{column}: {}",
            g.count,
            g.first
                .first()
                .map(|(_, r)| r.to_string())
                .unwrap_or_default()
        );
        for (line, reason) in &g.first {
            let e = trappe_store::RowErrorView {
                line: *line,
                column: g
                    .column
                    .as_deref()
                    .and_then(Column::from_name)
                    .map(Column::name),
                reason: reason.clone(),
            };
            eprintln!("{shown}: rejected: {e}");
        }
        if g.count > g.first.len() as u64 {
            eprintln!(
                "{shown}: ... and {} more row(s) rejected{column} for the same kind of reason",
                g.count - g.first.len() as u64
            );
        }
    }
}

/// One thread's share of a file.
struct RangeResult {
    partial: Partial,
    errors: Vec<RowError>,
    newlines: u64,
    quotes: bool,
}

/// Reads bytes `start..end` of the file: with the fast line reader, or with a real CSV
/// reader when `quoted` (quoted fields).
#[allow(clippy::too_many_arguments)]
fn read_range(
    path: &Path,
    start: u64,
    end: u64,
    delimiter: u8,
    parser: &RowParser,
    partitions: usize,
    quoted: bool,
    line_len: u64,
) -> Result<RangeResult> {
    let mut f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    f.seek(SeekFrom::Start(start))?;
    let input = f.take(end - start);
    let mut partial = Partial::new(partitions, parser.encoding);
    partial.reserve(((end - start) / line_len.max(1)) as usize);
    let mut errors = Vec::new();
    let (newlines, quotes) = if quoted {
        let mut rdr = csv_reader(input, delimiter, Some(1 << 20));
        let lines = analyze_records(&mut rdr, parser, &mut partial, 0, &mut |e| errors.push(e))
            .with_context(|| format!("cannot read {}", path.display()))?;
        (lines - 1, true)
    } else {
        let o = analyze_lines(input, delimiter, parser, &mut partial, &mut |e| {
            errors.push(e)
        })
        .with_context(|| format!("cannot read {}", path.display()))?;
        (o.newlines, o.quoted)
    };
    Ok(RangeResult {
        partial,
        errors,
        newlines,
        quotes,
    })
}

/// The first byte after the line end at or after `at` (or `end`).
fn next_line_start(f: &mut File, at: u64, end: u64) -> Result<u64> {
    f.seek(SeekFrom::Start(at))?;
    let mut buf = vec![0u8; 1 << 16];
    let mut pos = at;
    while pos < end {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if let Some(i) = buf[..n].iter().position(|&b| b == b'\n') {
            return Ok(pos + i as u64 + 1);
        }
        pos += n as u64;
    }
    Ok(end)
}

/// Analyses one file into partials; refused rows are reported on stderr.
fn analyze_file(
    path: &Path,
    mapping: Option<&Mapping>,
    threads: usize,
    partials: &mut Vec<Partial>,
) -> Result<()> {
    let shown = path.display();
    let mut f = File::open(path).with_context(|| format!("cannot open {shown}"))?;
    let len = f.metadata()?.len();
    let mut sample = Vec::new();
    (&mut f)
        .take(SAMPLE_BYTES as u64)
        .read_to_end(&mut sample)?;
    if is_xlsx(&sample) {
        f.read_to_end(&mut sample)
            .with_context(|| format!("cannot read {shown}"))?;
        return analyze_workbook(path, sample, mapping, partials);
    }
    let head = read_head(&sample, sample.len() as u64 >= len, mapping)
        .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    let (encoding, delimiter, header) = (head.encoding, head.delimiter, head.header);
    let layout =
        Layout::from_header(&header, mapping).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    let parser = RowParser::new(layout, encoding, mapping);
    let start = head.data_start;
    let header_lines = head.first_line - 1;
    // the average line length in the sample, to size the buffers
    let sample_lines = sample[start..].iter().filter(|&&b| b == b'\n').count() as u64;
    let line_len = (sample.len() - start) as u64 / sample_lines.max(1);
    let start = start as u64;

    // Split on line ends, unless quotes might hide a line end inside a field.
    let quoted = sample[start as usize..].contains(&b'"');
    let n = if quoted || len - start < (4 << 20) {
        1
    } else {
        threads
    };
    let mut results = scan_ranges(
        path, &mut f, start, len, n, delimiter, &parser, BUCKETS, quoted, line_len,
    )?;
    if !quoted && results.iter().any(|r| r.quotes) {
        // quoted fields (which may hold delimiters and line ends): read again, in one
        // piece, with a real CSV reader
        results = scan_ranges(
            path, &mut f, start, len, 1, delimiter, &parser, BUCKETS, true, line_len,
        )?;
    }
    let mut base = header_lines;
    let mut groups = RefusalGroups::new();
    for r in results {
        for e in &r.errors {
            groups.add(e.line + base, e.column.map(Column::name), &e.reason);
        }
        base += r.newlines;
        partials.push(r.partial);
    }
    print_groups(&shown.to_string(), &groups.into_groups());
    Ok(())
}

/// Analyses an XLSX workbook's first sheet in one thread.
fn analyze_workbook(
    path: &Path,
    bytes: Vec<u8>,
    mapping: Option<&Mapping>,
    partials: &mut Vec<Partial>,
) -> Result<()> {
    let shown = path.display();
    let mut table = read_xlsx(bytes).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    let layout =
        Layout::from_header(&table.header, mapping).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    let parser = RowParser::new(layout, Encoding::Utf8, mapping);
    let mut partial = Partial::new(BUCKETS, Encoding::Utf8);
    let mut groups = RefusalGroups::new();
    analyze_xlsx(&mut table, &parser, &mut partial, &mut |e| {
        groups.add(e.line, e.column.map(Column::name), &e.reason);
    })
    .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    print_groups(&shown.to_string(), &groups.into_groups());
    partials.push(partial);
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn scan_ranges(
    path: &Path,
    f: &mut File,
    start: u64,
    len: u64,
    n: usize,
    delimiter: u8,
    parser: &RowParser,
    partitions: usize,
    quoted: bool,
    line_len: u64,
) -> Result<Vec<RangeResult>> {
    let mut cuts = vec![start];
    for k in 1..n {
        let at = start + (len - start) * k as u64 / n as u64;
        let prev = *cuts.last().unwrap_or(&start);
        cuts.push(next_line_start(f, at.max(prev), len)?);
    }
    cuts.push(len);
    std::thread::scope(|s| {
        let handles: Vec<_> = cuts
            .windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                s.spawn(move || {
                    read_range(path, a, b, delimiter, parser, partitions, quoted, line_len)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(r) => r,
                Err(_) => Err(anyhow::anyhow!("a reading thread failed")),
            })
            .collect()
    })
}

/// The whole analysis of `files`.
pub fn analyze_files(
    files: &[PathBuf],
    mapping: Option<&Mapping>,
    window_s: i64,
    threads: usize,
) -> Result<Report> {
    let mut partials = Vec::new();
    for path in files {
        analyze_file(path, mapping, threads, &mut partials)?;
    }
    let mut merged = merge(partials);
    let orgs = merged.org_count();
    let window_us = window_s.saturating_mul(MICROS);
    let per_thread = merged.buckets.len().div_ceil(threads).max(1);
    let remaps = &merged.remaps;
    let repeated = std::thread::scope(|s| {
        let handles: Vec<_> = merged
            .buckets
            .chunks_mut(per_thread)
            .map(|p| s.spawn(move || count_repeats(p, remaps, window_us, orgs)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| anyhow::anyhow!("a counting thread failed"))
            })
            .collect::<Result<Vec<_>>>()
    })?;
    Ok(merged.finish(repeated))
}

fn analyze(a: AnalyzeArgs) -> Result<()> {
    let mapping = read_mapping(a.mapping.as_deref())?;
    if !(a.window_days.is_finite() && a.window_days >= 0.0) {
        bail!("--window-days must be a number of days, 0 or more");
    }
    let window_s = if a.window_days == 7.0 {
        DEFAULT_WINDOW_S
    } else {
        (a.window_days * 86_400.0) as i64
    };
    let threads = a
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, 64);
    let report = analyze_files(&a.files, mapping.as_ref(), window_s, threads)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match a.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Table => write_table(&mut out, &report)?,
    }
    out.flush()?;
    Ok(())
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"))
}

fn table(out: &mut impl Write, title: &str, head: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    let mut w: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    writeln!(out, "\n{title}")?;
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = w[i].saturating_sub(c.chars().count());
                if i < 2 {
                    format!("{c}{}", " ".repeat(pad))
                } else {
                    format!("{}{c}", " ".repeat(pad))
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(
        out,
        "{}",
        line(head.iter().map(|h| h.to_string()).collect())
    )?;
    for r in rows {
        writeln!(out, "{}", line(r))?;
    }
    Ok(())
}

fn write_table(out: &mut impl Write, r: &Report) -> Result<()> {
    writeln!(out, "rows analysed: {}, rejected: {}", r.rows, r.rejected)?;
    table(
        out,
        "Channel mix",
        &["org", "channel", "contacts", "share"],
        r.channel_mix
            .iter()
            .map(|x| {
                vec![
                    x.org.clone(),
                    x.channel.into(),
                    x.contacts.to_string(),
                    opt(Some(x.share)),
                ]
            })
            .collect(),
    )?;
    table(
        out,
        "Digital share by month (Europe/Copenhagen)",
        &["org", "month", "contacts", "digital", "share"],
        r.digital_share
            .iter()
            .map(|x| {
                vec![
                    x.org.clone(),
                    x.month.clone(),
                    x.contacts.to_string(),
                    x.digital.to_string(),
                    opt(Some(x.share)),
                ]
            })
            .collect(),
    )?;
    table(
        out,
        "Repeat contacts (by channel of the earlier contact)",
        &["org", "channel", "contacts", "repeated", "rate"],
        r.repeats
            .iter()
            .map(|x| {
                vec![
                    x.org.clone(),
                    x.channel.into(),
                    x.contacts.to_string(),
                    x.repeated.to_string(),
                    opt(Some(x.rate)),
                ]
            })
            .collect(),
    )?;
    table(
        out,
        "Satisfaction and effort",
        &[
            "org",
            "service",
            "answered",
            "mean",
            "csat",
            "effort answered",
            "effort mean",
            "effort 5-7",
        ],
        r.satisfaction
            .iter()
            .map(|x| {
                vec![
                    x.org.clone(),
                    x.service.clone().unwrap_or_else(|| "-".into()),
                    x.answered.to_string(),
                    opt(x.mean),
                    opt(x.csat),
                    x.effort_answered.to_string(),
                    opt(x.effort_mean),
                    opt(x.effort_high_share),
                ]
            })
            .collect(),
    )?;
    Ok(())
}

//! What the reliability promises rest on: which database errors mean "not reachable now"
//! (the web answers 503 and recovers by itself) or "disk full" (an import says so), and
//! the progress of the imports an instance runs (for /metrics).

use crate::StoreError;
use std::sync::atomic::{AtomicU64, Ordering};

/// SQLite's primary result codes (the extended code's low byte).
const SQLITE_BUSY: i64 = 5;
const SQLITE_FULL: i64 = 13;
const SQLITE_CANTOPEN: i64 = 14;

/// What a database error's code says, on either backend: SQLite gives a number (its
/// extended result code), PostgreSQL a five-character SQLSTATE.
enum Code {
    Sqlite(i64),
    Postgres(String),
}

fn code_of(e: &sqlx::Error) -> Option<Code> {
    let sqlx::Error::Database(db) = e else {
        return None;
    };
    let code = db.code()?;
    Some(match code.parse::<i64>() {
        Ok(n) => Code::Sqlite(n & 0xff),
        Err(_) => Code::Postgres(code.into_owned()),
    })
}

/// Whether SQLite said its file is locked (by another writer, past the busy timeout).
pub(crate) fn is_sqlite_busy(e: &sqlx::Error) -> bool {
    matches!(code_of(e), Some(Code::Sqlite(SQLITE_BUSY)))
}

impl StoreError {
    /// Whether the database could not be reached or could not take the request now
    /// (PostgreSQL stopped or restarting, the network down, every connection busy past
    /// the pool's wait, SQLite's file locked past its busy timeout): the same request
    /// may work in a moment, so the web answers 503, not 500.
    pub fn is_unavailable(&self) -> bool {
        let StoreError::Db(e) = self else {
            return false;
        };
        match e {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => true,
            _ => match code_of(e) {
                Some(Code::Sqlite(c)) => c == SQLITE_BUSY || c == SQLITE_CANTOPEN,
                // 08: connection exception; 57P01-57P03: the server shutting down,
                // crashed or starting; 53300: too many connections.
                Some(Code::Postgres(s)) => {
                    s.starts_with("08") || s.starts_with("57P") || s == "53300"
                }
                None => false,
            },
        }
    }

    /// Whether the database's disk (or its file's size limit) is full.
    pub fn is_disk_full(&self) -> bool {
        let StoreError::Db(e) = self else {
            return false;
        };
        match code_of(e) {
            Some(Code::Sqlite(c)) => c == SQLITE_FULL,
            Some(Code::Postgres(s)) => s == "53100",
            None => {
                matches!(e, sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::StorageFull)
            }
        }
    }
}

/// Imports this instance runs, for /metrics: how many are running, how many rows they
/// have written so far (inside their transactions: a failed import's rows are counted
/// but not kept), and how many ended each way.
#[derive(Debug, Default)]
pub struct ImportProgress {
    running: AtomicU64,
    rows: AtomicU64,
    done: AtomicU64,
    failed: AtomicU64,
}

/// A snapshot of [`ImportProgress`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportStats {
    pub running: u64,
    pub rows: u64,
    pub done: u64,
    pub failed: u64,
}

impl ImportProgress {
    /// Counts an import as running until the returned guard is finished or dropped
    /// (dropped unfinished, e.g. on an error, it counts as failed).
    pub fn start(&self) -> ImportRun<'_> {
        self.running.fetch_add(1, Ordering::Relaxed);
        ImportRun {
            progress: self,
            seen: AtomicU64::new(0),
            ok: std::sync::atomic::AtomicBool::new(false),
        }
    }

    pub fn stats(&self) -> ImportStats {
        ImportStats {
            running: self.running.load(Ordering::Relaxed),
            rows: self.rows.load(Ordering::Relaxed),
            done: self.done.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
        }
    }
}

/// One running import (see [`ImportProgress::start`]).
pub struct ImportRun<'a> {
    progress: &'a ImportProgress,
    seen: AtomicU64,
    ok: std::sync::atomic::AtomicBool,
}

impl ImportRun<'_> {
    /// The import has handled `total` rows so far (a running total).
    pub fn rows(&self, total: u64) {
        let before = self.seen.fetch_max(total, Ordering::Relaxed);
        if total > before {
            self.progress
                .rows
                .fetch_add(total - before, Ordering::Relaxed);
        }
    }

    /// The import committed.
    pub fn succeeded(&self) {
        self.ok.store(true, Ordering::Relaxed);
    }
}

impl Drop for ImportRun<'_> {
    fn drop(&mut self) {
        self.progress.running.fetch_sub(1, Ordering::Relaxed);
        let outcome = if self.ok.load(Ordering::Relaxed) {
            &self.progress.done
        } else {
            &self.progress.failed
        };
        outcome.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_counts_as_running_until_it_ends_and_rows_add_up() {
        let p = ImportProgress::default();
        {
            let run = p.start();
            run.rows(500);
            run.rows(1200);
            run.rows(1000); // never backwards
            assert_eq!(
                p.stats(),
                ImportStats {
                    running: 1,
                    rows: 1200,
                    done: 0,
                    failed: 0
                }
            );
            run.succeeded();
        }
        {
            let run = p.start();
            run.rows(7);
        }
        assert_eq!(
            p.stats(),
            ImportStats {
                running: 0,
                rows: 1207,
                done: 1,
                failed: 1
            }
        );
    }

    #[test]
    fn unreachable_and_full_are_told_apart_from_other_errors() {
        let refused = StoreError::Db(sqlx::Error::Io(std::io::Error::from(
            std::io::ErrorKind::ConnectionRefused,
        )));
        assert!(refused.is_unavailable());
        assert!(!refused.is_disk_full());
        assert!(StoreError::Db(sqlx::Error::PoolTimedOut).is_unavailable());
        assert!(!StoreError::Db(sqlx::Error::RowNotFound).is_unavailable());
        assert!(!StoreError::Invalid("x".into()).is_unavailable());
    }
}

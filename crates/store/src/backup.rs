//! Consistent online backups and their restore.
//!
//! SQLite: `VACUUM INTO` a new file, and restore by putting a copy of that file in place.
//! PostgreSQL: `pg_dump` in its custom format (one snapshot, so writers keep going), and
//! restore by replaying it with `psql` in one transaction (all of it or nothing). Both
//! tools come with the PostgreSQL client package; the password, if the URL has one, is
//! handed to them in `PGPASSWORD`, never on a command line.

use crate::{Backend, Result, Store, StoreError};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

impl Store {
    /// Writes a consistent copy of the live database to `to`: on SQLite with VACUUM
    /// INTO, on PostgreSQL with pg_dump. Both read one snapshot, so writers keep going
    /// and the copy is a single point in time.
    pub async fn backup(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(StoreError::Conflict(format!(
                "{} exists; choose a new file",
                to.display()
            )));
        }
        let target = to
            .to_str()
            .ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", to.display())))?;
        match self.backend {
            Backend::Sqlite => {
                sqlx::query("VACUUM INTO $1")
                    .bind(target)
                    .execute(&self.pool)
                    .await?;
            }
            Backend::Postgres => {
                // pg_dump writes beside the target, then the copy is moved in: a failed
                // dump leaves no half-written file under the name asked for.
                let tmp = to.with_extension("partial");
                let mut cmd = pg_tool("pg_dump", &self.url)?;
                cmd.args(["--format=custom", "--no-owner", "--no-acl", "--file"])
                    .arg(&tmp);
                let out = run(cmd, None).await;
                if let Err(e) = out {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(e);
                }
                std::fs::rename(&tmp, to).map_err(|e| {
                    StoreError::Invalid(format!("cannot move the backup into place: {e}"))
                })?;
            }
        }
        Ok(())
    }
}

/// The newest migration a SQLite database file has applied, after checking it is a
/// Trappe database.
pub async fn backup_version(file: &Path) -> Result<i64> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| {
            StoreError::Invalid(format!(
                "{} is not a readable SQLite file: {e}",
                file.display()
            ))
        })?;
    let version: Option<(i64,)> =
        sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_optional(&mut conn)
            .await
            .map_err(|_| {
                StoreError::Invalid(format!("{} is not a Trappe database", file.display()))
            })?;
    let _ = conn.close().await;
    version
        .map(|v| v.0)
        .ok_or_else(|| StoreError::Invalid(format!("{} is not a Trappe database", file.display())))
}

/// The newest migration this build knows (the same on both backends: a test holds the
/// two folders to the same numbers).
pub fn known_version() -> i64 {
    crate::SQLITE_MIGRATIONS
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

/// Puts a backup in place as the database `to` (the server must be stopped): a SQLite
/// file path or `sqlite:` URL, or a `postgres://` URL of an existing database.
/// Refuses a backup from a newer Trappe, and a target that holds a Trappe database
/// unless `replace`.
pub async fn restore(from: &Path, to: &str, replace: bool) -> Result<()> {
    match Backend::of(to)? {
        Backend::Sqlite => {
            let target = Path::new(to.strip_prefix("sqlite:").unwrap_or(to));
            restore_sqlite(from, target, replace).await
        }
        Backend::Postgres => restore_postgres(from, to, replace).await,
    }
}

fn newer_backup(from: &Path, v: i64) -> Result<()> {
    if v > known_version() {
        return Err(StoreError::Invalid(format!(
            "{} comes from a newer Trappe (migration {v}; this one knows {}): upgrade first",
            from.display(),
            known_version()
        )));
    }
    Ok(())
}

async fn restore_sqlite(from: &Path, to: &Path, replace: bool) -> Result<()> {
    let v = backup_version(from).await?;
    newer_backup(from, v)?;
    if to.exists() && !replace {
        return Err(StoreError::Conflict(format!(
            "{} exists; give --replace to overwrite it (stop the server first)",
            to.display()
        )));
    }
    // Copy beside the target, then rename: the target is never half written.
    let tmp = to.with_extension("restoring");
    std::fs::copy(from, &tmp)
        .map_err(|e| StoreError::Invalid(format!("cannot copy {}: {e}", from.display())))?;
    // A stale write-ahead log of the old file must not be replayed onto the restored one.
    for suffix in ["-wal", "-shm"] {
        let side = std::path::PathBuf::from(format!("{}{suffix}", to.display()));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| {
                StoreError::Invalid(format!("cannot remove {}: {e}", side.display()))
            })?;
        }
    }
    std::fs::rename(&tmp, to)
        .map_err(|e| StoreError::Invalid(format!("cannot move the copy into place: {e}")))?;
    Ok(())
}

/// The newest migration a pg_dump backup holds, read from its `_sqlx_migrations` data.
pub async fn pg_backup_version(file: &Path) -> Result<i64> {
    let not_ours = || {
        StoreError::Invalid(format!(
            "{} is not a Trappe backup of a PostgreSQL database (pg_dump's custom format)",
            file.display()
        ))
    };
    let mut cmd = Command::new("pg_restore");
    cmd.args(["--data-only", "--table=_sqlx_migrations", "--file=-"])
        .arg(file);
    let out = run(cmd, None).await.map_err(|e| match e {
        StoreError::Invalid(m) if m.contains("cannot run") => StoreError::Invalid(m),
        _ => not_ours(),
    })?;
    // COPY public._sqlx_migrations (version, ...) FROM stdin;  then tab-separated rows up to "\.".
    let text = String::from_utf8_lossy(&out);
    let rows = text
        .lines()
        .skip_while(|l| !(l.starts_with("COPY ") && l.contains("_sqlx_migrations")))
        .skip(1)
        .take_while(|l| *l != "\\.");
    let mut max = None;
    for line in rows {
        let cols: Vec<&str> = line.split('\t').collect();
        let version = cols.first().and_then(|v| v.parse::<i64>().ok());
        let success = cols.get(3).copied();
        if let (Some(v), Some("t")) = (version, success) {
            max = Some(max.map_or(v, |m: i64| m.max(v)));
        }
    }
    max.ok_or_else(not_ours)
}

async fn restore_postgres(from: &Path, to: &str, replace: bool) -> Result<()> {
    let v = pg_backup_version(from).await?;
    newer_backup(from, v)?;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(to).await?;
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await?;
    let _ = conn.close().await;
    let holds_trappe = tables.iter().any(|t| t.0 == "_sqlx_migrations");
    if !tables.is_empty() && !replace {
        return Err(StoreError::Conflict(format!(
            "{} {}; give --replace to overwrite it (stop the servers first)",
            crate::redact(to),
            if holds_trappe {
                "holds a Trappe database"
            } else {
                "is not empty"
            }
        )));
    }
    // The restore script: drop what is there (with --replace), then the backup's own
    // statements, all in one transaction of psql's: a failure changes nothing.
    let mut script = String::from("SET client_min_messages = warning;\n");
    for (t,) in &tables {
        script.push_str(&format!(
            "DROP TABLE IF EXISTS \"{}\" CASCADE;\n",
            t.replace('"', "\"\"")
        ));
    }
    script.push_str("DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE;\n");
    let mut dump = Command::new("pg_restore");
    dump.args(["--no-owner", "--no-acl", "--file=-"]).arg(from);
    let body = run(dump, None).await?;
    let mut input = script.into_bytes();
    input.extend_from_slice(&body);
    let mut psql = pg_tool("psql", to)?;
    psql.args([
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
    ]);
    run(psql, Some(input)).await?;
    Ok(())
}

/// A PostgreSQL client tool pointed at the database of `url` (its password, if any,
/// in the environment).
fn pg_tool(program: &str, url: &str) -> Result<Command> {
    let mut u =
        url::Url::parse(url).map_err(|e| StoreError::Invalid(format!("bad database URL: {e}")))?;
    let password = u.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    let _ = u.set_password(None);
    let mut cmd = Command::new(program);
    cmd.arg(format!("--dbname={u}"));
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    Ok(cmd)
}

/// Runs a client tool (feeding it `input`), returns its standard output; its standard
/// error becomes the message when it fails.
async fn run(mut cmd: Command, input: Option<Vec<u8>>) -> Result<Vec<u8>> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    cmd.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let out = tokio::task::spawn_blocking(move || {
        let mut child = cmd.spawn()?;
        // Fed from a thread of its own, so a tool that writes much while it reads
        // cannot block on a full pipe; one that stops reading reports why on stderr.
        let feeder = match (input, child.stdin.take()) {
            (Some(data), Some(mut stdin)) => Some(std::thread::spawn(move || {
                let _ = stdin.write_all(&data);
            })),
            _ => None,
        };
        let out = child.wait_with_output();
        if let Some(f) = feeder {
            let _ = f.join();
        }
        out
    })
    .await
    .map_err(|e| StoreError::Invalid(format!("{program} failed: {e}")))?
    .map_err(|e| {
        StoreError::Invalid(format!(
            "cannot run {program} ({e}): install the PostgreSQL client tools"
        ))
    })?;
    if !out.status.success() {
        return Err(StoreError::Invalid(format!(
            "{program} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

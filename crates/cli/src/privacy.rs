//! Privacy: `trappe purge`, `trappe org export` and `trappe org erase`, and the purge job
//! `trappe serve` runs every hour. Everything they delete or hand out is written to the
//! audit log (as "cli" from the command line, as the system from the job).

use anyhow::{bail, Context, Result};
use clap::Args;
use std::io::Write;
use std::time::Duration;
use trappe_store::Store;

#[derive(Args)]
pub struct PurgeArgs {
    /// Show what has expired and would be deleted; delete nothing.
    #[arg(long)]
    dry_run: bool,
}

/// How often `trappe serve` runs the purge.
pub const PURGE_PERIOD: Duration = Duration::from_secs(3600);
/// How long a run holds the job's lease: a little under the period, so the instance that
/// ran it can take it again next hour, and no other instance runs it in between.
pub const PURGE_LEASE_SECS: i64 = 3600 - 60;

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

pub async fn purge(db: &str, a: PurgeArgs) -> Result<()> {
    let store = crate::open_store(db).await?;
    let items = store.purge(unix_now(), a.dry_run, Some("cli")).await?;
    if items.is_empty() {
        println!("nothing has expired");
    }
    let verb = if a.dry_run { "would purge" } else { "purged" };
    for it in &items {
        println!(
            "{verb} {} {} '{}': {}",
            it.kind,
            it.id,
            it.name,
            it.counts()
        );
    }
    Ok(())
}

/// Writes everything Trappe holds about an organisation to `out` as JSON (readable by
/// the owner only, on Unix) and logs the export.
pub async fn export_org(store: &Store, reference: &str, out: &str) -> Result<()> {
    let id = crate::measure::find_org(store, reference).await?;
    let doc = store.org_export(id).await?;
    let json = serde_json::to_vec_pretty(&doc)?;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut file = opts
        .open(out)
        .with_context(|| format!("cannot write {out}"))?;
    file.write_all(&json)
        .and_then(|_| file.write_all(b"\n"))
        .with_context(|| format!("cannot write {out}"))?;
    let responses: usize = doc.rounds.iter().map(|r| r.complete_responses.len()).sum();
    let feedback: usize = doc.journeys.iter().map(|j| j.feedback.len()).sum();
    let summary = format!(
        "{}: organisation export, {} round(s), {responses} complete response(s), {} journey(s) with {feedback} feedback response(s)",
        doc.organisation.name,
        doc.rounds.len(),
        doc.journeys.len()
    );
    crate::audit(store, "export", &format!("org {id}"), &summary).await?;
    println!("wrote {out}: {summary}");
    Ok(())
}

/// Deletes an organisation and everything of it; without `yes` only says what would go.
pub async fn erase_org(store: &Store, reference: &str, yes: bool) -> Result<()> {
    let id = crate::measure::find_org(store, reference).await?;
    if !yes {
        let e = store.erase_org(id, Some("cli"), true).await?;
        eprintln!("would erase organisation {id} '{}': {}", e.name, e.counts());
        bail!(
            "erasing cannot be undone: run again with --yes to erase '{}' (export it first with `trappe org export`)",
            e.name
        );
    }
    let e = store.erase_org(id, Some("cli"), false).await?;
    println!("erased organisation {id} '{}': {}", e.name, e.counts());
    Ok(())
}

/// The scheduled purge: every hour, on whichever instance wins the job's lease.
pub async fn purge_job(store: Store) {
    let mut tick = tokio::time::interval(PURGE_PERIOD);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tick.tick().await;
        match store.scheduled_purge(unix_now(), PURGE_LEASE_SECS).await {
            Ok(Some(items)) => {
                for it in items {
                    tracing::info!(kind = it.kind, id = it.id, name = %it.name, deleted = %it.counts(), "purged expired data");
                }
            }
            Ok(None) => tracing::debug!("purge: another instance holds the lease"),
            Err(e) => tracing::error!(error = %e, "scheduled purge failed"),
        }
        // Rounds set to close after their deadline (also closed when read, so nothing
        // waits for this tick).
        match store.close_rounds_past_deadline(unix_now()).await {
            Ok(closed) => {
                for id in closed {
                    tracing::info!(round = id, "closed after its deadline");
                }
            }
            Err(e) => tracing::error!(error = %e, "closing rounds after their deadline failed"),
        }
    }
}

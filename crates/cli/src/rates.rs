//! `trappe rates`: a round's response rates per organisation and in total.

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;
use trappe_store::{rate, RoundParticipation};

#[derive(Args)]
pub struct RatesArgs {
    #[arg(long)]
    round: i64,
    /// json (the contract other tools read) or table.
    #[arg(long, default_value = "table", value_parser = ["json", "table"])]
    format: String,
}

/// One organisation's line of `trappe rates --format json`.
#[derive(Serialize)]
struct OrgRate<'a> {
    id: i64,
    name: &'a str,
    invited: i64,
    started: i64,
    completed: i64,
    rate: Option<f64>,
}

#[derive(Serialize)]
struct Total {
    invited: i64,
    started: i64,
    completed: i64,
    rate: Option<f64>,
}

/// `{"organisations": [{"id", "name", "invited", "started", "completed", "rate"}],
/// "total": {"invited", "started", "completed", "rate"}}`; rate is null when nothing was
/// invited.
#[derive(Serialize)]
struct RatesDoc<'a> {
    organisations: Vec<OrgRate<'a>>,
    total: Total,
}

fn doc(p: &RoundParticipation) -> RatesDoc<'_> {
    let (invited, started, completed) = p.total();
    RatesDoc {
        organisations: p
            .orgs
            .iter()
            .map(|o| OrgRate {
                id: o.org_id,
                name: &o.name,
                invited: o.invited,
                started: o.started,
                completed: o.completed,
                rate: o.rate(),
            })
            .collect(),
        total: Total {
            invited,
            started,
            completed,
            rate: rate(completed, invited),
        },
    }
}

fn percent(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1} %", r * 100.0))
        .unwrap_or_else(|| "-".into())
}

pub async fn run(db: &str, a: RatesArgs) -> Result<()> {
    let store = crate::open_store(db).await?;
    store
        .round(a.round)
        .await?
        .with_context(|| format!("no round {}", a.round))?;
    let p = store.participation(a.round).await?;
    let d = doc(&p);
    if a.format == "json" {
        println!("{}", serde_json::to_string_pretty(&d)?);
        return Ok(());
    }
    let width = d
        .organisations
        .iter()
        .map(|o| o.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(12);
    println!(
        "{:>6}  {:<width$}  {:>8}  {:>8}  {:>9}  {:>8}",
        "id", "organisation", "invited", "started", "completed", "rate"
    );
    for o in &d.organisations {
        println!(
            "{:>6}  {:<width$}  {:>8}  {:>8}  {:>9}  {:>8}",
            o.id,
            o.name,
            o.invited,
            o.started,
            o.completed,
            percent(o.rate)
        );
    }
    let t = &d.total;
    println!(
        "{:>6}  {:<width$}  {:>8}  {:>8}  {:>9}  {:>8}",
        "",
        "total",
        t.invited,
        t.started,
        t.completed,
        percent(t.rate)
    );
    Ok(())
}

//! `trappe demo`: a round of made-up organisations with realistic answers.

use anyhow::Result;
use clap::Args;
use trappe_core::demo::DemoOrg;
use trappe_core::{Model, NewOrg};
use trappe_store::{ImportedResponse, RoundStatus, Store};

/// `trappe demo`: fill a round, or remove what the demo made.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DemoCmd {
    #[command(subcommand)]
    pub action: Option<DemoAction>,
    #[command(flatten)]
    pub args: DemoArgs,
}

#[derive(clap::Subcommand)]
pub enum DemoAction {
    /// Remove every round and organisation the demo made, with their responses, links
    /// and contact logs (in one transaction); what users added stays.
    Remove,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Number of organisations.
    #[arg(long, default_value_t = 12)]
    pub orgs: usize,
    /// Complete responses per organisation.
    #[arg(long, default_value_t = 8)]
    pub respondents: usize,
    #[arg(long, default_value_t = 2015)]
    pub seed: u64,
}

const PLACES: [&str; 12] = [
    "Nord", "Syd", "Øster", "Vester", "Midt", "Skov", "Sø", "Bakke", "Fjord", "Å", "Lyng", "Strand",
];
const ENDINGS: [&str; 8] = ["by", "holm", "strup", "lev", "rup", "sted", "borg", "havn"];
const REGIONS: [&str; 5] = [
    "Region Nord",
    "Region Midt",
    "Region Syd",
    "Region Sjælland",
    "Region Hovedstaden",
];

/// The i-th demo organisation: mostly municipalities, some regions, agencies and others.
fn demo_org(i: usize, seed: u64) -> NewOrg {
    let place = format!(
        "{}{}",
        PLACES[(i + seed as usize) % PLACES.len()],
        ENDINGS[(i / PLACES.len() + i) % ENDINGS.len()]
    );
    let (name, kind) = match i % 10 {
        7 => (format!("Region {place} (demo {i})"), "region"),
        8 => (format!("Styrelsen for {place} (demo {i})"), "stat"),
        9 => (format!("{place} Forsyning (demo {i})"), "andet"),
        _ => (format!("{place} Kommune (demo {i})"), "kommune"),
    };
    let size = if i.is_multiple_of(3) {
        "over 50.000 indbyggere"
    } else {
        "under 50.000 indbyggere"
    };
    let tags = vec![REGIONS[i % REGIONS.len()].to_string(), size.to_string()];
    NewOrg::parse(&name, kind, None, &tags).expect("demo organisations are valid")
}

/// Creates the organisations and an open round full of answers; returns the round id.
pub async fn fill(store: &Store, a: &DemoArgs) -> Result<i64> {
    let model = Model::builtin();
    let existing = store.orgs().await?;
    let mut rows = Vec::with_capacity(a.orgs * a.respondents);
    let mut org_ids = Vec::new();
    let mut made = Vec::new();
    for i in 0..a.orgs {
        let new = demo_org(i, a.seed);
        let id = match existing.iter().find(|o| o.name == new.name) {
            Some(o) => o.id,
            None => {
                let id = store.add_org(&new).await?;
                made.push(id);
                id
            }
        };
        org_ids.push(id);
        let seed = a.seed.wrapping_mul(1_000_003).wrapping_add(i as u64);
        let mut gen = DemoOrg::new(&model, DemoOrg::spread(seed), seed);
        for _ in 0..a.respondents {
            let r = gen.response(&model);
            rows.push(ImportedResponse {
                org_id: id,
                role: Some(r.role),
                answers: r.answers,
                barriers: r.barriers,
            });
        }
    }
    // Results in batches: the demo's imported responses show at once, and what visitors
    // add through its links shows in steps of at least three.
    let options = trappe_store::RoundOptions {
        results_shown: trappe_store::ResultsShown::Batches,
        ..trappe_store::RoundOptions::default()
    };
    let round = store
        .create_round_with_options(
            "Demo-måling 2026",
            &model.id,
            &model.version,
            3,
            5,
            &options,
        )
        .await?;
    // marked at once, so that `demo remove` finds them even if what follows fails
    store.mark_demo(&made, &[round]).await?;
    store.import_responses(round, &rows, "demo").await?;
    store.set_round_status(round, RoundStatus::Open).await?;
    Ok(round)
}

/// `trappe demo remove`: prints what went.
pub async fn remove(store: &Store) -> Result<()> {
    let removed = store.remove_demo(Some("cli"), false).await?;
    for (id, name, responses) in &removed.rounds {
        println!("removed demo round {id} '{name}' ({responses} responses)");
    }
    for e in &removed.orgs {
        println!(
            "removed demo organisation {} '{}': {}",
            e.org_id,
            e.name,
            e.counts()
        );
    }
    if removed.rounds.is_empty() && removed.orgs.is_empty() {
        println!("no demo data is stored");
    }
    Ok(())
}

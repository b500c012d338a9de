//! `trappe results`: a round's results as a table, JSON (the contract) or CSV.

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use trappe_web::measurement::api_view::ResultsDoc;

#[derive(Args)]
pub struct ResultsArgs {
    #[arg(long)]
    round: i64,
    /// Only this organisation (id or exact name).
    #[arg(long)]
    org: Option<String>,
    #[arg(long, default_value = "table", value_parser = ["table", "json", "csv"])]
    format: String,
}

fn opt(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

pub async fn run(db: &str, a: ResultsArgs) -> Result<()> {
    let store = crate::open_store(db).await?;
    let org = match &a.org {
        Some(o) => Some(crate::measure::find_org(&store, o).await?),
        None => None,
    };
    let analysis = store.analysis(a.round).await?;
    let r = &analysis.results;
    let mut doc = ResultsDoc::new(&analysis, org);
    let (targets, earlier) = store.targets_and_earlier(a.round, &r.model.id).await?;
    doc.add_targets(&r.model, &targets, &earlier);
    let subject = match org {
        Some(o) => format!("round {} org {o}", a.round),
        None => format!("round {}", a.round),
    };
    let detail = format!("trappe results --format {}", a.format);
    crate::audit(&store, "results_viewed", &subject, &detail).await?;
    match a.format.as_str() {
        "json" => println!("{}", serde_json::to_string_pretty(&doc)?),
        "csv" => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            let mut header = vec![
                "org_id".to_string(),
                "org".into(),
                "responses".into(),
                "withheld".into(),
                "overall".into(),
                "level".into(),
            ];
            header.extend(r.model.dimensions.iter().map(|d| d.id.clone()));
            w.write_record(&header)?;
            for o in &doc.organisations {
                let mut row = vec![
                    o.id.to_string(),
                    o.name.clone(),
                    o.responses.to_string(),
                    o.withheld.to_string(),
                    opt(o.overall.score),
                    o.overall.level.map(|l| l.to_string()).unwrap_or_default(),
                ];
                row.extend(o.dimensions.iter().map(|d| opt(d.score)));
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        _ => {
            println!(
                "{} ({}@{}), min. {} responses",
                r.round.name, r.model.id, r.model.version, r.round.min_responses
            );
            let dims: Vec<&str> = r.model.dimensions.iter().map(|d| d.id.as_str()).collect();
            println!(
                "{:<32} {:>5} {:>7} {:>5}  {}",
                "organisation",
                "resp",
                "overall",
                "level",
                dims.join("  ")
            );
            for o in &doc.organisations {
                let shown =
                    |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into());
                let level = if o.withheld {
                    format!(
                        "withheld: {} of {} responses",
                        o.responses, r.round.min_responses
                    )
                } else {
                    o.overall
                        .level
                        .map(|l| l.to_string())
                        .unwrap_or_else(|| "-".into())
                };
                let ds: Vec<String> = o
                    .dimensions
                    .iter()
                    .map(|d| format!("{:>width$}", shown(d.score), width = d.id.len()))
                    .collect();
                println!(
                    "{:<32} {:>5} {:>7} {:>5}  {}",
                    o.name,
                    o.responses,
                    shown(o.overall.score),
                    level,
                    ds.join("  ")
                );
            }
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum TargetCmd {
    /// Set an organisation's target for a round from a CSV of the same shape as
    /// `responses import` (org, role, question ids), with one row: that organisation's.
    /// A target is never a response: it counts in no benchmark, average or count.
    Set {
        #[arg(long)]
        round: i64,
        /// The organisation (id or exact name).
        #[arg(long)]
        org: String,
        file: String,
    },
}

pub async fn target(db: &str, cmd: TargetCmd) -> Result<()> {
    let TargetCmd::Set { round, org, file } = cmd;
    let store = crate::open_store(db).await?;
    let org_id = crate::measure::find_org(&store, &org).await?;
    let (_, model) = crate::measure::round_and_model(&store, round).await?;
    let data = std::fs::read(&file).with_context(|| format!("cannot read {file}"))?;
    let orgs = store.orgs().await?;
    let resolve = |cell: &str| crate::measure::org_of(&orgs, cell);
    let rows = match trappe_core::import::parse_responses_csv(&model, &data, resolve) {
        Ok(rows) => rows,
        Err(problems) => return Err(crate::measure::refused(&file, &problems)),
    };
    let [row] = rows.as_slice() else {
        bail!("{file}: has {} rows; a target is one row", rows.len());
    };
    if row.org_id != org_id {
        bail!(
            "{file}: line {}, column 'org': the row is another organisation's than --org {org}",
            row.line
        );
    }
    store.set_target(round, org_id, &row.answers).await?;
    crate::audit(
        &store,
        "target_set",
        &format!("round {round} org {org_id}"),
        "trappe target set",
    )
    .await?;
    println!("target set for organisation {org_id} in round {round}");
    Ok(())
}

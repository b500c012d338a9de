//! `trappe results`: a round's results as a table, JSON (the contract) or CSV.

use anyhow::Result;
use clap::Args;
use trappe_web::api::ResultsDoc;

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
    let doc = ResultsDoc::new(&analysis, org);
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

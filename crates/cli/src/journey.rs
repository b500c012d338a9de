//! `trappe journey`: citizen journeys (issue 5). Make one, import feedback collected
//! elsewhere (all or nothing), print its report. The names and the JSON shape are a
//! contract other tools script against.

use anyhow::{bail, Context, Result};
use clap::{Subcommand, ValueEnum};
use trappe_core::journey::{analyze, parse_feedback_csv, JourneyReport, Scale};
use trappe_store::{Moment, NewJourney, DEFAULT_JOURNEY_RETENTION_DAYS};

#[derive(Clone, Copy, ValueEnum)]
pub enum ScaleArg {
    /// 1 very bad to 7 very good (the default).
    Bipolar7,
    /// 0 to 10 where high is bad, like pain.
    UnipolarBad10,
}

impl From<ScaleArg> for Scale {
    fn from(s: ScaleArg) -> Scale {
        match s {
            ScaleArg::Bipolar7 => Scale::Bipolar7,
            ScaleArg::UnipolarBad10 => Scale::UnipolarBad10,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Table,
}

#[derive(Subcommand)]
pub enum JourneyCmd {
    /// Make a journey of an organisation; prints its id (moment names can be edited in
    /// the web app).
    Create {
        /// Organisation id or exact name.
        #[arg(long)]
        org: String,
        #[arg(long)]
        name: String,
        /// The moments' ids in order, comma-separated: 3 to 10 of a-z, 0-9, '-' and '_'.
        #[arg(long)]
        moments: String,
        #[arg(long, value_enum, default_value = "bipolar7")]
        scale: ScaleArg,
        /// The service the journey belongs to.
        #[arg(long, default_value = "")]
        service: String,
        /// Days a response is kept after the day it was given.
        #[arg(long, default_value_t = DEFAULT_JOURNEY_RETENTION_DAYS)]
        retention_days: i64,
    },
    /// Import feedback from a CSV file: a column per moment id, then overall, ces, nps,
    /// comment. A bad row is reported by line and column, and nothing is imported.
    Import {
        #[arg(long)]
        journey: i64,
        file: String,
    },
    /// Print a journey's report (withheld under 5 responses).
    Report {
        #[arg(long)]
        journey: i64,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
    },
}

pub async fn run(db: &str, cmd: JourneyCmd) -> Result<()> {
    let store = crate::open_store(db).await?;
    match cmd {
        JourneyCmd::Create {
            org,
            name,
            moments,
            scale,
            service,
            retention_days,
        } => {
            let org = crate::measure::find_org(&store, &org).await?;
            let moments: Vec<Moment> = moments
                .split(',')
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(Moment::bare)
                .collect();
            let id = store
                .create_journey(
                    org,
                    &NewJourney {
                        name,
                        service,
                        scale: scale.into(),
                        retention_days,
                        moments,
                    },
                )
                .await
                .context("cannot create the journey")?;
            println!("{id}");
        }
        JourneyCmd::Import { journey, file } => {
            let j = store
                .journey(journey)
                .await?
                .with_context(|| format!("no journey {journey}"))?;
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {file}"))?;
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => bail!(
                    "{file}: not UTF-8 text (byte {}); save it as UTF-8 CSV",
                    e.utf8_error().valid_up_to() + 1
                ),
            };
            let rows = match parse_feedback_csv(&text, &j.moment_ids(), j.scale) {
                Ok(rows) => rows,
                Err(problems) => {
                    for p in &problems {
                        eprintln!("{file}: {p}");
                    }
                    bail!(
                        "{file}: {} problem{}; nothing was imported",
                        problems.len(),
                        if problems.len() == 1 { "" } else { "s" }
                    );
                }
            };
            let n = store.import_feedback(journey, &rows).await?;
            println!("imported {n} responses into journey {journey}");
        }
        JourneyCmd::Report { journey, format } => {
            let j = store
                .journey(journey)
                .await?
                .with_context(|| format!("no journey {journey}"))?;
            let fb: Vec<_> = store
                .journey_feedback(&j, None, None)
                .await?
                .into_iter()
                .map(|r| r.feedback)
                .collect();
            let report = analyze(&j.moment_ids(), j.scale, &fb);
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                Format::Table => print!("{}", table(&j.name, &report)),
            }
        }
    }
    Ok(())
}

fn num(x: Option<f64>, decimals: usize) -> String {
    x.map(|v| format!("{v:.decimals$}"))
        .unwrap_or_else(|| "-".into())
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "-".into())
}

/// The report as plain text tables.
fn table(name: &str, r: &JourneyReport) -> String {
    let mut out = format!("{name}: {} responses\n", r.responses);
    if r.withheld {
        out.push_str(&format!(
            "withheld: figures are shown from {} responses\n",
            trappe_core::journey::MIN_RESPONSES
        ));
        return out;
    }
    let w = r
        .moments
        .iter()
        .map(|m| m.id.len())
        .max()
        .unwrap_or(6)
        .max(6);
    out.push_str(&format!(
        "\n{:<w$}  {:>9}  {:>5}  {:>5}  {:>5}\n",
        "moment", "responses", "mean", "peak", "end"
    ));
    for m in &r.moments {
        out.push_str(&format!(
            "{:<w$}  {:>9}  {:>5}  {:>5}  {:>5}\n",
            m.id,
            m.responses,
            num(m.mean, 2),
            pct(m.peak_share),
            pct(m.end_share)
        ));
    }
    out.push_str(&format!(
        "\n{:<9}  {:>6}  {:>6}  {:>5}\n",
        "predictor", "r", "mae", "n"
    ));
    for (label, f) in [
        ("peak-end", &r.fit.peak_end),
        ("mean", &r.fit.mean),
        ("end", &r.fit.end),
    ] {
        out.push_str(&format!(
            "{:<9}  {:>6}  {:>6}  {:>5}\n",
            label,
            num(f.r, 3),
            num(f.mae, 3),
            f.n
        ));
    }
    out.push_str(&format!("\nfix first: {}\n", r.fix_first.join(", ")));
    out.push_str(&format!(
        "NPS {} (n {}) · CSAT {} (n {}) · CES mean {}, share 5-7 {} (n {})\n",
        num(r.nps, 1),
        r.nps_n,
        pct(r.csat),
        r.csat_n,
        num(r.ces_mean, 2),
        pct(r.ces_high_share),
        r.ces_n
    ));
    out
}

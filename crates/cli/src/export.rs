//! `trappe export`: a round's results, benchmarks and raw anonymous responses as XLSX,
//! CSV or JSON (the same files the organiser downloads from the round page).

use anyhow::{bail, Context, Result};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use trappe_web::kit::i18n::Lang;
use trappe_web::measurement::export_view::{self, Locale, TableKind};

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long)]
    round: i64,
    #[arg(long, value_parser = ["xlsx", "csv", "json"])]
    format: String,
    /// CSV only: "da" = semicolons and decimal comma (Danish Excel), "en" = commas and points.
    #[arg(long, default_value = "da", value_parser = ["da", "en"])]
    locale: String,
    /// XLSX and CSV: column headers and values in a language's words ("da" or "en", as
    /// the round page's downloads) instead of ids (org_id, true, dk, role ids).
    #[arg(long, value_parser = ["da", "en"])]
    lang: Option<String>,
    /// xlsx: the file to write (required). csv: the directory to write results.csv,
    /// benchmarks.csv, responses.csv and own_words.csv into (created if missing; default: here).
    /// json: the file to write (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

pub async fn run(db: &str, a: ExportArgs) -> Result<()> {
    if a.format == "xlsx" && a.out.is_none() {
        bail!("--format xlsx needs --out FILE.xlsx");
    }
    let store = crate::open_store(db).await?;
    let analysis = store.analysis(a.round).await?;
    let words = store.own_barriers(a.round, None).await?;
    let lang = a.lang.as_deref().and_then(Lang::from_code);
    let table = |t: TableKind| {
        let built = t.build(&analysis, &words);
        match lang {
            Some(l) => export_view::localize(&built, &analysis, l),
            None => built,
        }
    };
    match a.format.as_str() {
        "xlsx" => {
            let out = a.out.as_deref().context("--out is required for xlsx")?;
            let tables: Vec<_> = TableKind::ALL.into_iter().map(table).collect();
            write(out, &export_view::xlsx_tables(&tables)?)?;
        }
        "csv" => {
            let locale = Locale::parse(&a.locale).context("--locale must be da or en")?;
            let dir = a.out.unwrap_or_else(|| PathBuf::from("."));
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for t in TableKind::ALL {
                let bytes = export_view::csv(&table(t), locale)?;
                write(&dir.join(format!("{}.csv", t.name())), &bytes)?;
            }
        }
        _ => {
            let bytes = export_view::json(&analysis, &words)?;
            match &a.out {
                Some(out) => write(out, &bytes)?,
                None => std::io::stdout()
                    .lock()
                    .write_all(&bytes)
                    .context("cannot write to standard output")?,
            }
        }
    }
    let detail = format!("{}, trappe export", a.format);
    crate::audit(&store, "export", &format!("round {}", a.round), &detail).await?;
    Ok(())
}

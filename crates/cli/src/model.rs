//! `trappe model`: show, validate and import maturity models.

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use trappe_core::{Model, ModelError};
use trappe_store::ModelImport;

#[derive(Subcommand)]
pub enum ModelCmd {
    /// Show a model (default: the built-in one) as text or JSON.
    Show {
        /// ID or ID@VERSION of a stored model; without it, the built-in model.
        model: Option<String>,
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Check a model file and report every problem with its place.
    Validate { file: String },
    /// Store a model file so rounds can use it.
    Import { file: String },
}

fn read_model(file: &str) -> Result<(Model, String)> {
    let src = std::fs::read_to_string(file).with_context(|| format!("cannot read {file}"))?;
    match Model::from_toml(&src) {
        Ok(m) => Ok((m, src)),
        Err(ModelError::Syntax(e)) => bail!("{file}: {e}"),
        Err(ModelError::Invalid(problems)) => {
            let lines: Vec<String> = problems.iter().map(|p| format!("{file}: {p}")).collect();
            bail!("{} problem(s):\n{}", problems.len(), lines.join("\n"))
        }
    }
}

pub async fn run(db: &str, cmd: ModelCmd) -> Result<()> {
    match cmd {
        ModelCmd::Show { model, format } => {
            let m = match model {
                None => Model::builtin(),
                Some(key) => {
                    let store = crate::open_store(db).await?;
                    let (id, version) = match key.split_once('@') {
                        Some((i, v)) => (i.to_string(), Some(v.to_string())),
                        None => (key.clone(), None),
                    };
                    store
                        .model(&id, version.as_deref())
                        .await?
                        .with_context(|| format!("no stored model {key}"))?
                }
            };
            if format == "json" {
                println!("{}", serde_json::to_string_pretty(&m)?);
            } else {
                print_model(&m);
            }
            Ok(())
        }
        ModelCmd::Validate { file } => {
            let (m, _) = read_model(&file)?;
            println!(
                "{file}: valid: model {} with {} dimensions and {} questions",
                m.key(),
                m.dimensions.len(),
                m.question_count()
            );
            Ok(())
        }
        ModelCmd::Import { file } => {
            let (m, src) = read_model(&file)?;
            let store = crate::open_store(db).await?;
            match store.import_model(&m, &src).await? {
                ModelImport::Added => println!("{}", m.key()),
                ModelImport::AlreadyPresent => println!("{} (already stored, unchanged)", m.key()),
            }
            Ok(())
        }
    }
}

fn print_model(m: &Model) {
    println!("{} ({})", m.name.get("da"), m.key());
    println!("Levels:");
    for l in &m.levels {
        println!("  {} {}", l.level, l.name.get("da"));
    }
    for d in &m.dimensions {
        println!(
            "Dimension {} (weight {}): {}",
            d.id,
            d.weight,
            d.name.get("da")
        );
        for q in &d.questions {
            println!("  {}: {}", q.id, q.text.get("da"));
        }
    }
}

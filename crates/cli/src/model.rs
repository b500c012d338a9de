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
    /// Import an OWASP SAMM `model/` folder (the published YAML) as model `samm@VERSION`.
    /// The data does not state its release, so give it (e.g. 2.2.0). Its texts are
    /// OWASP SAMM's, licensed CC BY-SA 4.0; the model credits them wherever shown.
    ImportSamm {
        /// The SAMM `model/` folder (business_functions/, security_practices/, ...).
        dir: String,
        #[arg(long)]
        version: String,
    },
}

/// Every `.yml`/`.yaml` file under `dir`, as (path relative to `dir`, content), sorted.
fn yaml_files(dir: &std::path::Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("cannot read {}", d.display()))? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
                let text = std::fs::read_to_string(&p)
                    .with_context(|| format!("cannot read {}", p.display()))?;
                let rel = p.strip_prefix(dir).unwrap_or(&p).display().to_string();
                out.push((rel, text));
            }
        }
    }
    out.sort();
    Ok(out)
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
        ModelCmd::ImportSamm { dir, version } => import_samm(db, &dir, &version).await,
    }
}

async fn import_samm(db: &str, dir: &str, version: &str) -> Result<()> {
    let files = yaml_files(std::path::Path::new(dir))?;
    if files.is_empty() {
        bail!("{dir}: no .yml file; give the SAMM model/ folder");
    }
    let m = trappe_core::samm::samm_model(&files, version).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| format!("{dir}/{p}")).collect();
        anyhow::anyhow!("{} problem(s):\n{}", problems.len(), lines.join("\n"))
    })?;
    let src = m.to_toml()?;
    let store = crate::open_store(db).await?;
    let res = store.import_model(&m, &src).await?;
    println!(
        "{} dimensions in {} groups, {} questions; texts: OWASP SAMM, CC BY-SA 4.0",
        m.dimensions.len(),
        m.groups.len(),
        m.question_count()
    );
    if res == ModelImport::AlreadyPresent {
        println!("(already stored, unchanged)");
    }
    println!("{}", m.key());
    Ok(())
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

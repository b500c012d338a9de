//! Organisations, rounds, invitations and imported responses.

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use trappe_core::import::parse_responses_csv;
use trappe_core::NewOrg;
use trappe_store::{
    ImportedResponse, ResponseImport, ResultsShown, RoundLanguage, RoundOptions, RoundStatus, Store,
};

/// How often (in rows written) `responses import` reports its progress on stderr.
const PROGRESS_EVERY: usize = 10_000;

#[derive(Subcommand)]
pub enum OrgCmd {
    /// Add an organisation; prints its id.
    Add {
        #[arg(long)]
        name: String,
        /// kommune, region, stat or andet.
        #[arg(long)]
        kind: String,
        /// CVR number (8 digits, checked with its modulus-11 rule).
        #[arg(long)]
        cvr: Option<String>,
        /// A peer-group tag such as "Region Midt"; repeat for several.
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Where the organisation's contact is invited by mail (`user invite-contacts`).
        #[arg(long)]
        contact_email: Option<String>,
    },
    /// Set (or, with an empty value, clear) an organisation's contact e-mail.
    SetContact {
        /// Organisation id or exact name.
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
    },
    /// Add or update organisations from a CSV or XLSX file (columns name, kind, cvr, tags,
    /// contact_email; tags separated by `|`); prints one id a line in file order. An
    /// organisation with the row's CVR number, else its exact name, is updated. All or
    /// nothing: a bad row is reported with its line and column and nothing is imported.
    Import { file: String },
    /// List organisations: id, kind, name.
    List,
    /// Write everything Trappe holds about an organisation to a JSON file (no tokens).
    Export {
        /// Organisation id or exact name.
        #[arg(long)]
        org: String,
        #[arg(long)]
        out: String,
    },
    /// Delete an organisation and everything of it, in one transaction (cannot be undone).
    Erase {
        /// Organisation id or exact name.
        #[arg(long)]
        org: String,
        /// Really erase; without it, only show what would be deleted.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
pub enum RoundCmd {
    /// Create a round on a model; prints its id.
    Create {
        #[arg(long)]
        name: String,
        /// ID or ID@VERSION (without a version: the newest stored).
        #[arg(long)]
        model: String,
        /// Complete responses an organisation needs before any of its results show.
        #[arg(long, default_value_t = 3)]
        min_responses: i64,
        /// Organisations a peer group needs before its figures show.
        #[arg(long, default_value_t = 5)]
        min_orgs: i64,
        /// Days after the round closes that its responses, answers and links are kept
        /// (then `trappe purge` and the server delete them).
        #[arg(long, default_value_t = trappe_store::DEFAULT_RETENTION_DAYS)]
        retention_days: i64,
        /// When organisations see results: `closed` (once the round closes) or `batches`
        /// (also while open, changing only by at least --min-responses new responses).
        #[arg(long, default_value = "closed", value_parser = ["closed", "batches"])]
        results_shown: String,
        /// Independent responses an organisation needs before per-question tallies show
        /// (default: 10, or --min-responses if higher).
        #[arg(long)]
        min_tally: Option<i64>,
        /// The last day to answer, YYYY-MM-DD (Danish time); shown on the links' first
        /// page and in the mails.
        #[arg(long)]
        deadline: Option<String>,
        /// Close the round by itself once the deadline day has ended (Europe/Copenhagen).
        #[arg(long, requires = "deadline")]
        close_after_deadline: bool,
        /// The language of the round's mails and of a link's first page: da or en.
        #[arg(long, default_value = "da", value_parser = ["da", "en"])]
        language: String,
        /// What "jeres organisation" means in the questions (the unit or the whole
        /// body), shown on a link's first page; at most 500 characters.
        #[arg(long)]
        org_scope: Option<String>,
    },
    /// Change a round's settings.
    Update {
        id: i64,
        /// What "jeres organisation" means (see `round create`); "" gives the default.
        #[arg(long)]
        org_scope: Option<String>,
    },
    /// Open a round for answers.
    Open { id: i64 },
    /// Close a round: links stop working.
    Close { id: i64 },
    /// List rounds: id, status, model, name.
    List,
}

#[derive(Args)]
pub struct InviteArgs {
    #[arg(long)]
    round: i64,
    /// Organisation id or exact name.
    #[arg(long)]
    org: String,
    /// Number of single-use links (or, with --open, the open link's cap).
    #[arg(long)]
    count: usize,
    /// Make one open link for up to --count respondents instead of single-use links.
    #[arg(long)]
    open: bool,
    /// Address the links start with.
    #[arg(long, env = "TRAPPE_BASE_URL", default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// lines (one link a line) or csv (columns organisation, link; for a mail merge).
    /// Only a hash of each link is kept: they cannot be printed again later.
    #[arg(long, default_value = "lines", value_parser = ["lines", "csv"])]
    format: String,
}

#[derive(Subcommand)]
pub enum ResponsesCmd {
    /// Import complete responses from CSV: columns org, role, then question ids (1 to 5 or empty).
    /// All or nothing: a file with a problem, or an import broken off (killed, disk
    /// full), stores nothing, and running it again completes it; a file whose content
    /// was imported into the round before is not stored again.
    Import {
        #[arg(long)]
        round: i64,
        file: String,
    },
}

pub async fn org(db: &str, cmd: OrgCmd) -> Result<()> {
    let store = crate::open_store(db).await?;
    match cmd {
        OrgCmd::Add {
            name,
            kind,
            cvr,
            tags,
            contact_email,
        } => {
            let org = NewOrg::parse(&name, &kind, cvr.as_deref(), &tags)?
                .with_contact_email(contact_email.as_deref())?;
            println!("{}", store.add_org(&org).await?);
        }
        OrgCmd::SetContact { org, email } => {
            let id = find_org(&store, &org).await?;
            let email = match email.trim() {
                "" => None,
                e => Some(trappe_core::EmailAddress::parse(e)?),
            };
            store.set_org_contact_email(id, email.as_ref()).await?;
        }
        OrgCmd::Import { file } => import_orgs(&store, &file).await?,
        OrgCmd::List => {
            for o in store.orgs().await? {
                println!("{}\t{}\t{}", o.id, o.kind, o.name);
            }
        }
        OrgCmd::Export { org, out } => crate::privacy::export_org(&store, &org, &out).await?,
        OrgCmd::Erase { org, yes } => crate::privacy::erase_org(&store, &org, yes).await?,
    }
    Ok(())
}

/// Lists a file's problems on stderr; the error says that nothing was imported.
pub(crate) fn refused(file: &str, problems: &[impl std::fmt::Display]) -> anyhow::Error {
    for p in problems {
        eprintln!("{file}: {p}");
    }
    anyhow::anyhow!(
        "{file}: {} problem(s); nothing was imported",
        problems.len()
    )
}

/// `trappe org import FILE`.
async fn import_orgs(store: &Store, file: &str) -> Result<()> {
    let data = std::fs::read(file).with_context(|| format!("cannot read {file}"))?;
    let rows = match trappe_core::organisation_import::parse_org_file(data) {
        Ok(rows) => rows,
        Err(problems) => return Err(refused(file, &problems)),
    };
    match store.import_orgs(&rows, Some("cli")).await {
        Ok(done) => {
            for d in done {
                println!("{}", d.id);
            }
            Ok(())
        }
        Err(trappe_store::StoreError::OrgFile(p)) => {
            bail!("{file}: {p}; nothing was imported")
        }
        Err(e) => bail!("{file}: nothing was imported: {e}"),
    }
}

pub async fn round(db: &str, cmd: RoundCmd) -> Result<()> {
    let store = crate::open_store(db).await?;
    match cmd {
        RoundCmd::Create {
            name,
            model,
            min_responses,
            min_orgs,
            retention_days,
            results_shown,
            min_tally,
            deadline,
            close_after_deadline,
            language,
            org_scope,
        } => {
            let deadline = deadline.as_deref().map(parse_deadline).transpose()?;
            let org_scope = org_scope.as_deref().map(parse_org_scope).transpose()?;
            let (id, version) = match model.split_once('@') {
                Some((i, v)) => (i.to_string(), v.to_string()),
                None => {
                    let m = store
                        .model(&model, None)
                        .await?
                        .with_context(|| format!("no stored model '{model}'"))?;
                    (m.id, m.version)
                }
            };
            let round = store
                .create_round_with_options(
                    &name,
                    &id,
                    &version,
                    min_responses,
                    min_orgs,
                    &RoundOptions {
                        retention_days,
                        results_shown: ResultsShown::parse(&results_shown).unwrap_or_default(),
                        min_tally: min_tally
                            .unwrap_or(trappe_store::DEFAULT_MIN_TALLY.max(min_responses)),
                        deadline,
                        close_after_deadline,
                        language: RoundLanguage::parse(&language).unwrap_or_default(),
                    },
                )
                .await?;
            if let Some(Some(scope)) = org_scope {
                store.set_round_org_scope(round, Some(&scope)).await?;
            }
            println!("{round}");
        }
        RoundCmd::Update { id, org_scope } => {
            if let Some(scope) = org_scope.as_deref().map(parse_org_scope).transpose()? {
                store.set_round_org_scope(id, scope.as_deref()).await?;
            }
        }
        RoundCmd::Open { id } => store.set_round_status(id, RoundStatus::Open).await?,
        RoundCmd::Close { id } => store.set_round_status(id, RoundStatus::Closed).await?,
        RoundCmd::List => {
            for r in store.rounds().await? {
                println!(
                    "{}\t{}\t{}@{}\t{}",
                    r.id,
                    r.status.as_str(),
                    r.model_id,
                    r.model_version,
                    r.name
                );
            }
        }
    }
    Ok(())
}

/// `--org-scope`: the text trimmed (None: empty), refused when too long.
fn parse_org_scope(s: &str) -> Result<Option<String>> {
    trappe_core::questionnaire::org_scope(s).map_err(|e| anyhow::anyhow!("--org-scope: {e}"))
}

/// `--deadline`: a date YYYY-MM-DD that exists in the calendar.
fn parse_deadline(s: &str) -> Result<chrono::NaiveDate> {
    let (y, m, d) =
        trappe_core::deadline::parse_date(s).map_err(|e| anyhow::anyhow!("--deadline: {e}"))?;
    chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
        .with_context(|| format!("--deadline: '{s}' is not a day in the calendar"))
}

pub async fn find_org(store: &Store, reference: &str) -> Result<i64> {
    Ok(store
        .org_by_ref(reference)
        .await?
        .with_context(|| format!("no organisation with id or name '{reference}'"))?
        .id)
}

pub async fn invite(db: &str, a: InviteArgs) -> Result<()> {
    let store = crate::open_store(db).await?;
    let org = find_org(&store, &a.org).await?;
    let base = a.base_url.trim_end_matches('/');
    let tokens = if a.open {
        vec![store.create_open_link(a.round, org, a.count as i64).await?]
    } else {
        store.create_invitations(a.round, org, a.count).await?
    };
    if a.format == "csv" {
        let name = store.org(org).await?.map(|o| o.name).unwrap_or_default();
        let mut w = csv::Writer::from_writer(std::io::stdout().lock());
        w.write_record(["organisation", "link"])?;
        for t in tokens {
            w.write_record([
                &*trappe_web::measurement::export_view::neutralise(&name),
                &format!("{base}/s/{t}"),
            ])?;
        }
        w.flush()?;
        return Ok(());
    }
    for t in tokens {
        println!("{base}/s/{t}");
    }
    Ok(())
}

/// A round and the model version it measures on.
pub async fn round_and_model(
    store: &trappe_store::Store,
    round: i64,
) -> Result<(trappe_store::Round, trappe_core::Model)> {
    let r = store
        .round(round)
        .await?
        .with_context(|| format!("no round {round}"))?;
    let model = store
        .model(&r.model_id, Some(&r.model_version))
        .await?
        .context("the round's model is missing")?;
    Ok((r, model))
}

pub async fn responses(db: &str, cmd: ResponsesCmd) -> Result<()> {
    let ResponsesCmd::Import { round, file } = cmd;
    let store = crate::open_store(db).await?;
    let (_, model) = round_and_model(&store, round).await?;
    let data = std::fs::read(&file).with_context(|| format!("cannot read {file}"))?;
    let fingerprint = trappe_store::content_hash(&data);
    if let Some(before) = store.response_file_imported(round, &fingerprint).await? {
        print_already(&file, round, before);
        return Ok(());
    }
    let orgs = store.orgs().await?;
    let resolve = |cell: &str| org_of(&orgs, cell);
    let rows = match parse_responses_csv(&model, &data, resolve) {
        Ok(rows) => rows,
        Err(problems) => return Err(refused(&file, &problems)),
    };
    let rows: Vec<ImportedResponse> = rows
        .into_iter()
        .map(|r| ImportedResponse {
            org_id: r.org_id,
            role: r.role,
            answers: r.answers,
            barriers: vec![],
        })
        .collect();
    let total = rows.len();
    let progress = |written: usize| {
        // Once per PROGRESS_EVERY rows (the store writes them in batches).
        if written / PROGRESS_EVERY > (written - 1) / PROGRESS_EVERY {
            eprintln!("{file}: {written} of {total} rows written (kept once all are)");
        }
    };
    match store
        .import_response_file(round, &rows, &fingerprint, &progress)
        .await
    {
        Ok(ResponseImport::Imported(n)) => {
            println!("imported {n} responses into round {round}");
            Ok(())
        }
        Ok(before) => {
            print_already(&file, round, before);
            Ok(())
        }
        Err(e) if e.is_disk_full() => bail!(
            "{file}: nothing was imported: the database's disk is full ({e}); free some space and run the import again"
        ),
        Err(e) if e.is_unavailable() => bail!(
            "{file}: nothing was imported: the database did not answer ({e}); run the import again when it does"
        ),
        Err(e) => bail!("{file}: nothing was imported: {e}"),
    }
}

/// Says that a file's content was imported into the round before.
fn print_already(file: &str, round: i64, before: ResponseImport) {
    if let ResponseImport::AlreadyImported { responses, at } = before {
        let when = chrono::DateTime::from_timestamp(at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| "at an unknown time".into());
        println!(
            "{file} was imported into round {round} before ({responses} responses, {when}); nothing was imported again"
        );
    }
}

/// The organisation a CSV `org` cell names: an id, or an exact name.
pub(crate) fn org_of(orgs: &[trappe_store::Org], cell: &str) -> Option<i64> {
    let by_id = cell
        .parse::<i64>()
        .ok()
        .and_then(|id| orgs.iter().find(|o| o.id == id));
    by_id
        .or_else(|| orgs.iter().find(|o| o.name == cell))
        .map(|o| o.id)
}

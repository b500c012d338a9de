//! `trappe`: the command line. Thin: parse, call the domain and the store, print.

mod backup;
mod contacts;
mod demo;
mod export;
mod journey;
mod mail;
mod measure;
mod model;
mod privacy;
mod rates;
mod report;
mod respondents;
mod results;
mod serve;

use anyhow::Result;
use clap::{Parser, Subcommand};
use trappe_store::{Store, DEFAULT_DB};

#[derive(Parser)]
#[command(
    name = "trappe",
    version,
    about = "Trappe: measure how service-mature public organisations are, compare them with their peers, and act on it.",
    long_about = "Trappe runs maturity measurements: a maturity model (TOML), measurement rounds, anonymous \
respondent links, and exact scoring onto the five-step maturity staircase.\n\n\
Start with `trappe serve --demo` and open http://127.0.0.1:8080."
)]
struct Cli {
    /// The database: a SQLite file path or sqlite: URL (created if missing), or a
    /// postgres://user:password@host/name URL of an existing PostgreSQL 15+ database.
    #[arg(long, global = true, env = "TRAPPE_DB", default_value = DEFAULT_DB)]
    db: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (creates and migrates the database on first start).
    Serve(serve::ServeArgs),
    /// Show, validate and import maturity models.
    #[command(subcommand)]
    Model(model::ModelCmd),
    /// Add and list organisations.
    #[command(subcommand)]
    Org(measure::OrgCmd),
    /// Create, open, close and list measurement rounds.
    #[command(subcommand)]
    Round(measure::RoundCmd),
    /// Make anonymous respondent links for an organisation in a round.
    Invite(measure::InviteArgs),
    /// Import answers collected elsewhere.
    #[command(subcommand)]
    Responses(measure::ResponsesCmd),
    /// Print a round's response rates per organisation: invited, started, completed, rate.
    Rates(rates::RatesArgs),
    /// Print a round's results (scores unrounded in json and csv).
    Results(results::ResultsArgs),
    /// An organisation's target: its questionnaire answered as it wants to be.
    #[command(subcommand)]
    Target(results::TargetCmd),
    /// Export a round's results, benchmarks and anonymous responses (xlsx, csv or json).
    Export(export::ExportArgs),
    /// Write an organisation's report as a self-contained HTML file (and a PDF with --pdf).
    Report(report::ReportArgs),
    /// Fill a round with demo organisations and realistic answers (`demo remove`: take
    /// all of it away again).
    Demo(demo::DemoCmd),
    /// Delete data whose retention has run out (a closed round's responses, answers and links).
    Purge(privacy::PurgeArgs),
    /// Apply the database migrations (serve does this at start unless --no-migrate).
    Migrate,
    /// Write a consistent copy of the live database to FILE (the server may keep running).
    Backup { file: String },
    /// Put a backup in place as the database given by --db (stop the server first).
    Restore {
        file: String,
        /// Overwrite an existing database file.
        #[arg(long)]
        replace: bool,
    },
    /// Manage accounts: reset a password, invite an organiser, contact or viewer.
    #[command(subcommand)]
    User(serve::UserCmd),
    /// Citizen journeys: create one, import feedback (CSV), print the peak-end report.
    #[command(subcommand)]
    Journey(journey::JourneyCmd),
    /// A round's respondent lists: import addresses per organisation.
    #[command(subcommand)]
    Respondents(respondents::RespondentsCmd),
    /// Mail a round's respondent list its invitations and reminders.
    #[command(subcommand)]
    Invitations(respondents::InvitationsCmd),
    /// Contact logs: analyse files (channel mix, digital share, repeat contacts,
    /// satisfaction) or import them into an organisation's stored log.
    #[command(subcommand)]
    Contacts(contacts::ContactsCmd),
}

/// Writes what a command read or handed out to the audit log, as the web does for its
/// organisers: the actor is "cli", and the detail names the OS user who ran it, when known.
pub async fn audit(store: &Store, action: &str, subject: &str, detail: &str) -> Result<()> {
    let os_user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .map(|u| {
            u.trim()
                .chars()
                .filter(|c| !c.is_control())
                .take(64)
                .collect::<String>()
        })
        .filter(|u| !u.is_empty());
    let detail = match os_user {
        Some(u) => format!("{detail}; OS user {u}"),
        None => detail.to_string(),
    };
    store
        .audit(Some("cli"), action, Some(subject), Some(&detail))
        .await?;
    Ok(())
}

/// Opens the database and makes sure the built-in model is in it.
pub async fn open_store(db: &str) -> Result<Store> {
    open_store_with(db, true).await
}

/// As `open_store`; with `migrate` false the database must already be migrated.
pub async fn open_store_with(db: &str, migrate: bool) -> Result<Store> {
    let store = Store::open_with(db, migrate)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open database '{}': {e}", trappe_store::redact(db)))?;
    let model = trappe_core::Model::builtin();
    store
        .import_model(&model, trappe_core::model::BUILTIN_MODEL_TOML)
        .await?;
    Ok(store)
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TRAPPE_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("info,sqlx::postgres::notice=warn")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve(a) => serve::serve(&cli.db, a).await,
        Command::Model(c) => model::run(&cli.db, c).await,
        Command::Org(c) => measure::org(&cli.db, c).await,
        Command::Round(c) => measure::round(&cli.db, c).await,
        Command::Invite(a) => measure::invite(&cli.db, a).await,
        Command::Responses(c) => measure::responses(&cli.db, c).await,
        Command::Rates(a) => rates::run(&cli.db, a).await,
        Command::Results(a) => results::run(&cli.db, a).await,
        Command::Target(c) => results::target(&cli.db, c).await,
        Command::Report(a) => report::run(&cli.db, a).await,
        Command::Export(a) => export::run(&cli.db, a).await,
        Command::Demo(c) => {
            let store = open_store(&cli.db).await?;
            if let Some(demo::DemoAction::Remove) = c.action {
                return demo::remove(&store).await;
            }
            let round = demo::fill(&store, &c.args).await?;
            println!("{round}");
            Ok(())
        }
        Command::Purge(a) => privacy::purge(&cli.db, a).await,
        Command::User(c) => serve::user(&cli.db, c).await,
        Command::Migrate => {
            Store::open(&cli.db).await?;
            println!(
                "{} is at migration {}",
                trappe_store::redact(&cli.db),
                trappe_store::backup::known_version()
            );
            Ok(())
        }
        Command::Backup { file } => backup::backup(&cli.db, &file).await,
        Command::Restore { file, replace } => backup::restore(&cli.db, &file, replace).await,
        Command::Journey(c) => journey::run(&cli.db, c).await,
        Command::Contacts(c) => contacts::run(&cli.db, c).await,
        Command::Respondents(c) => respondents::respondents(&cli.db, c).await,
        Command::Invitations(c) => respondents::invitations(&cli.db, c).await,
    }
}

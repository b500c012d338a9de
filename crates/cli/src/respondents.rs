//! `trappe respondents import` and `trappe invitations send|remind`: a round's
//! respondent list and its mails (issue 14).

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use trappe_store::{ListedBy, RoundMail, Store};

#[derive(Subcommand)]
pub enum RespondentsCmd {
    /// Put a list of addresses (`org, email[, role]`, CSV or XLSX; `org` an id, CVR
    /// number or exact name) on a round's list, as the organiser's; prints the count
    /// per organisation. A bad row refuses the whole file with its line and column.
    Import {
        #[arg(long)]
        round: i64,
        file: PathBuf,
    },
}

#[derive(Args)]
pub struct RoundMailArgs {
    #[arg(long)]
    round: i64,
    /// Only this organisation (an id, CVR number or exact name).
    #[arg(long)]
    org: Option<String>,
    /// Public address the links are made with.
    #[arg(long, env = "TRAPPE_BASE_URL", default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// The installation's owner, who signs the mails.
    #[arg(long, env = "TRAPPE_ORG_NAME", default_value = "")]
    org_name: String,
    #[command(flatten)]
    mail: crate::mail::MailArgs,
}

#[derive(Subcommand)]
pub enum InvitationsCmd {
    /// Mail everyone on the round's list not yet invited a single-use link of their
    /// own; the last line printed is `sent N, failed M`.
    Send(RoundMailArgs),
    /// Mail everyone invited who has not completed (and whose address was not refused)
    /// a reminder with their link; the last line printed is `sent N, failed M`.
    Remind(RoundMailArgs),
}

pub async fn respondents(db: &str, c: RespondentsCmd) -> Result<()> {
    let store = crate::open_store(db).await?;
    match c {
        RespondentsCmd::Import { round, file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file.display();
            let rows = match trappe_core::respondents::parse_list(&bytes) {
                Ok(rows) => rows,
                Err(problems) => refuse(&name.to_string(), &problems)?,
            };
            match store
                .import_respondents(round, &rows, ListedBy::Organiser, None)
                .await?
            {
                Ok(counts) => {
                    for c in &counts {
                        println!(
                            "{}\t{}\tadded {}\talready listed {}",
                            c.org_id, c.name, c.added, c.already
                        );
                    }
                    let added: i64 = counts.iter().map(|c| c.added).sum();
                    crate::audit(
                        &store,
                        "respondents_imported",
                        &format!("round {round}"),
                        &format!("{added} address(es) added from {name}"),
                    )
                    .await?;
                    Ok(())
                }
                Err(refusal) => refuse(&name.to_string(), &refusal.0),
            }
        }
    }
}

fn refuse<T>(file: &str, problems: &[trappe_core::respondents::ListProblem]) -> Result<T> {
    for p in problems {
        eprintln!("{file}: {p}");
    }
    bail!(
        "{file}: {} problem(s); nothing was imported",
        problems.len()
    )
}

pub async fn invitations(db: &str, c: InvitationsCmd) -> Result<()> {
    let (a, which) = match c {
        InvitationsCmd::Send(a) => (a, RoundMail::Invitation),
        InvitationsCmd::Remind(a) => (a, RoundMail::Reminder),
    };
    let store = crate::open_store(db).await?;
    let round = store
        .round(a.round)
        .await?
        .with_context(|| format!("round {} not found", a.round))?;
    let org = match &a.org {
        Some(o) => Some(org_id(&store, o).await?),
        None => None,
    };
    let queued = trappe_web::measurement::round_mails::queue(
        &store,
        &round,
        org,
        which,
        "cli",
        None,
        &a.base_url,
        &a.org_name,
    )
    .await?;
    let ids = match queued {
        Ok(trappe_store::Queued::Mails(ids)) => ids,
        // Asked only with an expected count, which the command line does not give.
        Ok(trappe_store::Queued::Changed { now }) => {
            bail!(
                "round {}: the list changed while queuing ({now} now)",
                round.id
            )
        }
        Ok(trappe_store::Queued::Busy) => bail!(
            "another send of round {} is being queued right now; try again in a moment",
            round.id
        ),
        Err(e) => bail!("round {}'s mail text: {e}", round.id),
    };
    println!("queued {} mail(s)", ids.len());
    crate::mail::send_and_report(&store, db, &a.mail, &a.base_url, &ids).await
}

async fn org_id(store: &Store, o: &str) -> Result<i64> {
    match store.resolve_org(o).await? {
        Some((id, _)) => Ok(id),
        None => bail!("--org '{o}' is no organisation (give its id, CVR number or exact name)"),
    }
}

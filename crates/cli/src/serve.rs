//! `trappe serve` and accounts.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use trappe_web::{AppState, Config};

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TRAPPE_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    /// Public address that links are made with (default: http://BIND).
    #[arg(long, env = "TRAPPE_BASE_URL")]
    base_url: Option<String>,
    /// Create a demo round with organisations and responses (once, on an empty database).
    #[arg(long)]
    demo: bool,
    /// Do not migrate the database at start (run `trappe migrate` as its own step).
    #[arg(long)]
    no_migrate: bool,
    /// The installation's owner: the data controller named on /privacy and /accessibility.
    #[arg(long, env = "TRAPPE_ORG_NAME", default_value = "")]
    org_name: String,
    /// Where visitors write about privacy and accessibility (shown on those pages).
    #[arg(long, env = "TRAPPE_CONTACT_EMAIL", default_value = "")]
    contact_email: String,
}

#[derive(Subcommand)]
pub enum UserCmd {
    /// Give a user a new one-time password (to be changed at next login).
    ResetPassword { username: String },
    /// Make a one-time link (valid 7 days) that creates an account: print it and hand it over.
    Invite {
        /// organiser, contact (its organisation's links, results and report) or viewer
        /// (reads its organisation's results and report).
        #[arg(long, value_parser = ["organiser", "contact", "viewer"])]
        role: String,
        /// The organisation (id or name) of a contact or viewer.
        #[arg(long)]
        org: Option<String>,
        /// Public address the link is made with.
        #[arg(long, env = "TRAPPE_BASE_URL", default_value = "http://127.0.0.1:8080")]
        base_url: String,
    },
}

pub async fn serve(db: &str, a: ServeArgs) -> Result<()> {
    let contact_email = a.contact_email.trim().to_string();
    if !contact_email.is_empty()
        && (!contact_email.contains('@') || contact_email.chars().any(char::is_whitespace))
    {
        anyhow::bail!("--contact-email '{contact_email}' is not an e-mail address");
    }
    let store = crate::open_store_with(db, !a.no_migrate).await?;
    let listener = tokio::net::TcpListener::bind(&a.bind)
        .await
        .with_context(|| format!("cannot listen on {}", a.bind))?;
    let addr = listener.local_addr()?;
    let base_url = a.base_url.unwrap_or_else(|| format!("http://{addr}"));
    if let Some(password) = trappe_web::ensure_first_organiser(&store).await? {
        println!("Created the organiser account.");
        println!("  user:              admin");
        println!("  one-time password: {password}");
        println!("Log in at {base_url}/login; you will be asked to choose your own password.");
        println!("Lost it? `trappe user reset-password admin` makes a new one-time password.");
    }
    if a.demo && store.rounds().await?.is_empty() {
        let args = crate::demo::DemoArgs {
            orgs: 12,
            respondents: 8,
            seed: 2015,
        };
        let round = crate::demo::fill(&store, &args).await?;
        let org = store
            .participants(round)
            .await?
            .first()
            .map(|p| p.org_id)
            .context("demo has no organisation")?;
        let link = store.create_invitations(round, org, 1).await?;
        println!("Demo round {round} created; results at {base_url}/admin/rounds/{round}");
        println!("Try the questionnaire: {base_url}/s/{}", link[0]);
    }
    println!("Trappe is serving on {base_url} (database: {db})");
    if a.org_name.trim().is_empty() || contact_email.is_empty() {
        println!("Set --org-name and --contact-email: /privacy and /accessibility name them.");
    }
    // Expired data is deleted every hour (by one instance, when several share the database).
    tokio::spawn(crate::privacy::purge_job(store.clone()));
    let state = AppState::new(
        store,
        Config {
            base_url,
            org_name: a.org_name.trim().to_string(),
            contact_email,
        },
    );
    trappe_web::serve_until(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

pub async fn user(db: &str, cmd: UserCmd) -> Result<()> {
    let store = crate::open_store(db).await?;
    match cmd {
        UserCmd::ResetPassword { username } => {
            let password = trappe_web::reset_password(&store, &username).await?;
            println!("one-time password for {username}: {password}");
        }
        UserCmd::Invite {
            role,
            org,
            base_url,
        } => {
            let org = match (role.as_str(), org) {
                ("organiser", Some(_)) => {
                    anyhow::bail!("an organiser sees every organisation: leave out --org")
                }
                ("organiser", None) => None,
                (_, None) => anyhow::bail!("a {role} needs --org"),
                (_, Some(o)) => Some(crate::measure::find_org(&store, &o).await?),
            };
            let link =
                trappe_web::create_account_invitation(&store, &role, org, "cli", &base_url).await?;
            println!("{link}");
        }
    }
    Ok(())
}

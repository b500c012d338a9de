//! `trappe serve` and accounts.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use std::time::Duration;
use trappe_web::{AppState, Config, ConnectionLimits};

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
    /// A reverse proxy in front of Trappe (an address or a network like 10.0.0.0/8):
    /// requests from it are taken to come from the address it names in
    /// X-Forwarded-For (the right-most one that is not itself a trusted proxy). Without
    /// it the header is ignored. Repeat, or separate with commas.
    #[arg(long, env = "TRAPPE_TRUSTED_PROXY", value_delimiter = ',')]
    trusted_proxy: Vec<String>,
    /// Seconds a client has to send a request's headers: from the connection's opening,
    /// and from the first byte of each later request on a kept-alive connection.
    #[arg(long, env = "TRAPPE_HEADER_TIMEOUT", value_name = "SECONDS",
          default_value_t = ConnectionLimits::default().header_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
    /// Seconds a connection with no request in flight may stay silent (the wait between
    /// kept-alive requests, or an answer its client stopped reading) before it is closed.
    #[arg(long, env = "TRAPPE_IDLE_TIMEOUT", value_name = "SECONDS",
          default_value_t = ConnectionLimits::default().idle_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout: u64,
    /// Connections this instance serves at once; more wait (in the system's listen
    /// queue) until one ends.
    #[arg(long, env = "TRAPPE_MAX_CONNECTIONS",
          default_value_t = ConnectionLimits::default().max_connections as u64,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    max_connections: u64,
    /// A bearer token that opens /metrics to a scraper on another machine (without it,
    /// /metrics answers only requests from this machine that no proxy forwarded).
    #[arg(long, env = "TRAPPE_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    #[command(flatten)]
    oidc: Box<OidcArgs>,
    #[command(flatten)]
    mail: crate::mail::MailArgs,
}

/// Single sign-on through an OpenID Connect provider (see docs/single-sign-on.md).
#[derive(Args)]
pub struct OidcArgs {
    /// The provider's issuer URL; its discovery document is
    /// ISSUER/.well-known/openid-configuration. Register BASE_URL/login/oidc/callback
    /// as the redirect URI. Without it there is no single sign-on.
    #[arg(long, env = "TRAPPE_OIDC_ISSUER")]
    oidc_issuer: Option<String>,
    /// The client id Trappe has at the provider.
    #[arg(long, env = "TRAPPE_OIDC_CLIENT_ID", default_value = "")]
    oidc_client_id: String,
    /// The client secret (leave out for a public client: PKCE is always used).
    #[arg(long, env = "TRAPPE_OIDC_CLIENT_SECRET", hide_env_values = true)]
    oidc_client_secret: Option<String>,
    /// The provider's name on the login page's button (default: the issuer's host).
    #[arg(long, env = "TRAPPE_OIDC_NAME")]
    oidc_name: Option<String>,
    /// The scopes asked for.
    #[arg(
        long,
        env = "TRAPPE_OIDC_SCOPES",
        default_value = "openid email profile"
    )]
    oidc_scopes: String,
    /// The ID token claim that names the organisation: a CVR number, or a value given
    /// in --oidc-org-map (a dotted path reaches into nested claims).
    #[arg(long, env = "TRAPPE_OIDC_ORG_CLAIM", default_value = "cvr")]
    oidc_org_claim: String,
    /// The claim that names the role: contact or viewer, or a value in --oidc-role-map.
    #[arg(long, env = "TRAPPE_OIDC_ROLE_CLAIM", default_value = "trappe_role")]
    oidc_role_claim: String,
    /// VALUE=ORG: the organisation claim's VALUE means organisation ORG (id, CVR or name).
    /// Repeat, or separate with commas.
    #[arg(long, env = "TRAPPE_OIDC_ORG_MAP")]
    oidc_org_map: Vec<String>,
    /// VALUE=ROLE: the role claim's VALUE means ROLE (organiser, contact or viewer); an
    /// organiser is made only through this map. Repeat, or separate with commas.
    #[arg(long, env = "TRAPPE_OIDC_ROLE_MAP")]
    oidc_role_map: Vec<String>,
    /// The role (contact or viewer) when the token has no role claim at all.
    #[arg(long, env = "TRAPPE_OIDC_DEFAULT_ROLE")]
    oidc_default_role: Option<String>,
}

impl OidcArgs {
    /// The single sign-on settings, checked; None when no issuer is given.
    pub fn config(self) -> Result<Option<trappe_web::accounts::oidc_client::OidcConfig>> {
        use trappe_web::accounts::oidc_client::{parse_map, OidcConfig};
        let Some(issuer) = self.oidc_issuer.filter(|i| !i.trim().is_empty()) else {
            return Ok(None);
        };
        let issuer = issuer.trim().to_string();
        let name = self.oidc_name.unwrap_or_else(|| {
            issuer
                .split_once("://")
                .map(|(_, rest)| rest.split(['/', ':']).next().unwrap_or(rest))
                .unwrap_or(&issuer)
                .to_string()
        });
        let config = OidcConfig {
            client_id: self.oidc_client_id.trim().to_string(),
            client_secret: self.oidc_client_secret.filter(|s| !s.is_empty()),
            name,
            scopes: self.oidc_scopes,
            org_claim: self.oidc_org_claim.trim().to_string(),
            role_claim: self.oidc_role_claim.trim().to_string(),
            org_map: parse_map(&self.oidc_org_map, "--oidc-org-map").map_err(anyhow::Error::msg)?,
            role_map: parse_map(&self.oidc_role_map, "--oidc-role-map")
                .map_err(anyhow::Error::msg)?,
            default_role: self.oidc_default_role.filter(|r| !r.trim().is_empty()),
            issuer,
        };
        config.check().map_err(anyhow::Error::msg)?;
        Ok(Some(config))
    }
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
        /// Mail the link to this address (and print `sent N, failed M`) instead of
        /// printing it.
        #[arg(long)]
        email: Option<String>,
        /// The mail's language.
        #[arg(long, default_value = "da", value_parser = ["da", "en"])]
        lang: String,
        #[command(flatten)]
        mail: crate::mail::MailArgs,
    },
    /// Mail every organisation that has a contact e-mail (and no contact account or open
    /// invitation) a one-time invitation for its contact; prints `sent N, failed M`.
    InviteContacts {
        /// Public address the links are made with.
        #[arg(long, env = "TRAPPE_BASE_URL", default_value = "http://127.0.0.1:8080")]
        base_url: String,
        /// The mails' language.
        #[arg(long, default_value = "da", value_parser = ["da", "en"])]
        lang: String,
        /// The installation's owner, who signs the mails.
        #[arg(long, env = "TRAPPE_ORG_NAME", default_value = "")]
        org_name: String,
        #[command(flatten)]
        mail: crate::mail::MailArgs,
    },
}

pub async fn serve(db: &str, a: ServeArgs) -> Result<()> {
    let contact_email = a.contact_email.trim().to_string();
    if !contact_email.is_empty()
        && (!contact_email.contains('@') || contact_email.chars().any(char::is_whitespace))
    {
        anyhow::bail!("--contact-email '{contact_email}' is not an e-mail address");
    }
    let oidc = a.oidc.config()?;
    let trusted_proxies = a
        .trusted_proxy
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| trappe_web::parse_trusted_proxy(p).map_err(anyhow::Error::msg))
        .collect::<Result<Vec<_>>>()
        .context("--trusted-proxy")?;
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
    println!(
        "Trappe is serving on {base_url} (database: {})",
        trappe_store::redact(db)
    );
    if a.org_name.trim().is_empty() || contact_email.is_empty() {
        println!("Set --org-name and --contact-email: /privacy and /accessibility name them.");
    }
    if let Some(o) = &oidc {
        println!(
            "Single sign-on through {} (client {}); redirect URI {}",
            o.issuer,
            o.client_id,
            trappe_web::accounts::oidc_client::OidcConfig::redirect_uri(&base_url)
        );
    }
    // Expired data is deleted every hour (by one instance, when several share the database).
    tokio::spawn(crate::privacy::purge_job(store.clone()));
    // The mail queue is worked by one instance at a time, too.
    let mail = crate::mail::start(&store, db, &a.mail, &base_url)?;
    let state = AppState::new(
        store,
        Config {
            base_url,
            org_name: a.org_name.trim().to_string(),
            contact_email,
            oidc,
            trusted_proxies,
            connections: ConnectionLimits {
                header_timeout: Duration::from_secs(a.header_timeout),
                idle_timeout: Duration::from_secs(a.idle_timeout),
                max_connections: usize::try_from(a.max_connections).unwrap_or(usize::MAX),
            },
            metrics_token: a.metrics_token.filter(|t| !t.trim().is_empty()),
            mail,
            ..Default::default()
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
            email,
            lang,
            mail,
        } => {
            let org = match (role.as_str(), org) {
                ("organiser", Some(_)) => {
                    anyhow::bail!("an organiser sees every organisation: leave out --org")
                }
                ("organiser", None) => None,
                (_, None) => anyhow::bail!("a {role} needs --org"),
                (_, Some(o)) => Some(crate::measure::find_org(&store, &o).await?),
            };
            if let Some(email) = email {
                let to = trappe_core::EmailAddress::parse(&email)?;
                let lang = trappe_web::kit::i18n::Lang::from_code(&lang).unwrap_or_default();
                let id = trappe_web::kit::mails::invite_by_mail(
                    &store, &role, org, &to, lang, "cli", &base_url, "",
                )
                .await?;
                println!("queued an invitation to {to}");
                return crate::mail::send_and_report(&store, db, &mail, &base_url, &[id]).await;
            }
            let link =
                trappe_web::create_account_invitation(&store, &role, org, "cli", &base_url).await?;
            println!("{link}");
        }
        UserCmd::InviteContacts {
            base_url,
            lang,
            org_name,
            mail,
        } => {
            let lang = trappe_web::kit::i18n::Lang::from_code(&lang).unwrap_or_default();
            let ids = trappe_web::kit::mails::invite_all_contacts(
                &store, lang, "cli", &base_url, &org_name,
            )
            .await?;
            println!("queued {} invitation(s)", ids.len());
            return crate::mail::send_and_report(&store, db, &mail, &base_url, &ids).await;
        }
    }
    Ok(())
}

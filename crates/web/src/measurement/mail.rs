//! The organiser's mail pages: the queue (what went, what failed and why, what is
//! unknown after a stopped sender, with a choice to send it again), one mail (in outbox
//! mode, as written), and inviting every organisation's contact by mail.

use crate::access::{AdminForm, Organiser};
use crate::kit::error::{AppError, AppResult};
use crate::kit::form::NoFields;
use crate::kit::i18n::Lang;
use crate::kit::page::Ctx;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use trappe_store::{MailCounts, MailMessage, MailState};

/// How many of the newest mails the page lists.
const MAIL_PAGE_SIZE: i64 = 200;

#[derive(Template, WebTemplate)]
#[template(path = "measurement/mail.html")]
pub struct MailPage {
    ctx: Ctx,
    counts: MailCounts,
    unknown: Vec<MailMessage>,
    recent: Vec<MailMessage>,
    /// Where mails go (the server, the outbox folder, or nowhere from this instance).
    help: String,
}

impl MailPage {
    fn n(&self, v: &i64) -> String {
        self.ctx.lang.int(u64::try_from(*v).unwrap_or(0))
    }
    fn when(&self, m: &MailMessage) -> String {
        self.ctx
            .lang
            .datetime(m.sent_at.or(m.last_attempt_at).unwrap_or(m.created_at))
    }
    fn state(&self, s: &MailState) -> String {
        self.ctx.tv("mail-state", s.as_str())
    }
    fn kind(&self, k: &str) -> String {
        self.ctx.tv("mail-kind", k)
    }
}

pub async fn list(State(state): State<AppState>, who: Organiser) -> AppResult<MailPage> {
    let mail = &state.config.mail;
    let arg = |s: String| fluent_templates::fluent_bundle::FluentValue::from(s);
    let help = match (&mail.smtp, &mail.outbox) {
        (Some(server), _) => who
            .ctx
            .lang
            .t_args("mail-help-smtp", &[("server", arg(server.clone()))]),
        (None, Some(dir)) => who.ctx.lang.t_args(
            "mail-help-outbox",
            &[("dir", arg(dir.display().to_string()))],
        ),
        (None, None) => who.ctx.t("mail-help-queue"),
    };
    Ok(MailPage {
        help,
        counts: state.store.mail_counts().await?,
        unknown: state
            .store
            .mail_messages(Some(MailState::Unknown), MAIL_PAGE_SIZE)
            .await?,
        recent: state.store.mail_messages(None, MAIL_PAGE_SIZE).await?,
        ctx: who.ctx,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/mail_message.html")]
pub struct MessagePage {
    ctx: Ctx,
    m: MailMessage,
    outbox: Option<trappe_mail::OutboxMail>,
}

impl MessagePage {
    fn time(&self, t: &i64) -> String {
        self.ctx.lang.datetime(*t)
    }
}

pub async fn message(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    who: Organiser,
) -> AppResult<MessagePage> {
    let m = state
        .store
        .mail_message(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let outbox = state
        .config
        .mail
        .outbox
        .as_deref()
        .and_then(|dir| trappe_mail::read_outbox(dir, id));
    Ok(MessagePage {
        ctx: who.ctx,
        m,
        outbox,
    })
}

/// Sends a mail whose outcome is unknown again (the organiser's choice).
pub async fn resend(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, .. }: AdminForm<NoFields>,
) -> AppResult<Response> {
    if state.store.resend_mail(id).await? {
        who.audit(
            &state.store,
            "mail_resent",
            Some(&format!("mail {id}")),
            None,
        )
        .await?;
        state.config.mail.wake();
    }
    Ok(Redirect::to("/admin/mail").into_response())
}

/// Leaves a mail whose outcome is unknown as it is (it probably went) and deletes its body.
pub async fn dismiss(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, .. }: AdminForm<NoFields>,
) -> AppResult<Response> {
    if state.store.dismiss_mail(id).await? {
        who.audit(
            &state.store,
            "mail_dismissed",
            Some(&format!("mail {id}")),
            None,
        )
        .await?;
    }
    Ok(Redirect::to("/admin/mail").into_response())
}

#[derive(Deserialize)]
pub struct ContactsForm {
    #[serde(default)]
    lang: String,
}

/// Invites every organisation's contact by mail (those with a contact address and no
/// contact account or open invitation), then shows the queue.
pub async fn invite_contacts(
    State(state): State<AppState>,
    AdminForm { who, form }: AdminForm<ContactsForm>,
) -> AppResult<Response> {
    let lang = Lang::from_code(&form.lang).unwrap_or_default();
    let ids = crate::kit::mails::invite_all_contacts(
        &state.store,
        lang,
        &who.user.user.username,
        &state.config.base_url,
        &state.config.org_name,
    )
    .await?;
    if !ids.is_empty() {
        state.config.mail.wake();
    }
    Ok(Redirect::to("/admin/mail").into_response())
}

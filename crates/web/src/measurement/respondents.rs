//! A round's respondent list and its mails (issue 14). The organiser's page per round:
//! the list's counts per organisation, uploading a list for all organisations, the
//! invitation's and reminder's texts, a preview before sending with how many get the
//! mail, the progress of the round's mails, and deleting the addresses once the round
//! has closed. An organisation's contact uploads its own staff list (its own
//! organisation only) on a page of its own. Addresses show only with invited and
//! completed yes/no, never beside an answer.

use crate::access::{AdminForm, OrgAccess, Organiser};
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::Ctx;
use crate::kit::refusals::Explain;
use crate::measurement::round_mails::{self, default_text, round_lang, round_text};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use trappe_core::respondents::{parse_list, MailText, MailVars};
use trappe_store::Queued;
use trappe_store::{
    ListCount, ListSummary, ListedAddress, ListedBy, MailCounts, Org, Round, RoundMail, RoundStatus,
};

/// The largest list file taken (a list of 100,000 addresses is about 4 MB).
pub const MAX_LIST_BYTES: usize = 8 * 1024 * 1024;

/// One mail's text on the page: as saved (or the default), and whether it is the
/// organiser's own.
pub struct TextForm {
    which: &'static str,
    subject: String,
    body: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/respondents.html")]
pub struct RespondentsPage {
    ctx: Ctx,
    round: Round,
    summary: Vec<ListSummary>,
    imported: Option<Vec<ListCount>>,
    problems: Vec<String>,
    texts: Vec<TextForm>,
    text_errors: Vec<String>,
    message: Option<String>,
    will_invite: usize,
    will_remind: usize,
    mails: MailCounts,
}

impl RespondentsPage {
    fn closed(&self) -> bool {
        self.round.status == RoundStatus::Closed
    }
    fn listed(&self) -> i64 {
        self.summary.iter().map(|s| s.listed).sum()
    }
}

async fn round_of(state: &AppState, id: i64) -> AppResult<Round> {
    state.store.round(id).await?.ok_or(AppError::NotFound)
}

/// The page with what just happened.
async fn render(
    state: &AppState,
    ctx: Ctx,
    round: Round,
    imported: Option<Vec<ListCount>>,
    problems: Vec<String>,
    text_errors: Vec<String>,
    message: Option<String>,
) -> AppResult<RespondentsPage> {
    let id = round.id;
    let summary = state.store.list_summary(id, None).await?;
    let will_invite = state
        .store
        .mail_targets(id, None, RoundMail::Invitation)
        .await?
        .len();
    let will_remind = state
        .store
        .mail_targets(id, None, RoundMail::Reminder)
        .await?
        .len();
    let mails = state.store.round_mail_counts(id).await?;
    let texts = [
        ("invitation", RoundMail::Invitation),
        ("reminder", RoundMail::Reminder),
    ]
    .into_iter()
    .map(|(which, m)| {
        let (subject, body) = round_text(&round, m);
        TextForm {
            which,
            subject,
            body,
        }
    })
    .collect();
    Ok(RespondentsPage {
        ctx,
        round,
        summary,
        imported,
        problems,
        texts,
        text_errors,
        message,
        will_invite,
        will_remind,
        mails,
    })
}

fn status(code: StatusCode, page: RespondentsPage) -> Response {
    (code, page).into_response()
}

pub async fn page(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
) -> AppResult<RespondentsPage> {
    let round = round_of(&state, id).await?;
    render(&state, who.ctx, round, None, vec![], vec![], None).await
}

/// A list file from a multipart form whose `csrf` field comes first: Ok(bytes), or
/// Err(what to say) when no file came.
async fn read_upload(
    form: &mut Multipart,
    expected: &str,
    ctx: &Ctx,
) -> AppResult<Result<Vec<u8>, String>> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::Refused(ctx.t1(
                "resp-upload-too-big",
                "mb",
                (MAX_LIST_BYTES / (1024 * 1024)) as i64,
            ))
        } else {
            AppError::BadRequest(format!("the upload could not be read: {e}"))
        }
    };
    crate::access::csrf_field(form, expected, MAX_LIST_BYTES).await?;
    match form.next_field().await.map_err(bad)? {
        Some(f) if f.name() == Some("file") => {
            let bytes = f.bytes().await.map_err(bad)?;
            if bytes.is_empty() {
                return Ok(Err(ctx.t("resp-upload-no-file")));
            }
            Ok(Ok(bytes.to_vec()))
        }
        _ => Ok(Err(ctx.t("resp-upload-no-file"))),
    }
}

/// Parses and imports a list: Ok(counts) or Err(the refusals, one a line).
async fn import(
    state: &AppState,
    ctx: &Ctx,
    round: i64,
    bytes: &[u8],
    by: ListedBy,
    only: Option<i64>,
) -> AppResult<Result<Vec<ListCount>, Vec<String>>> {
    let rows = match parse_list(bytes) {
        Ok(rows) => rows,
        Err(p) => return Ok(Err(p.iter().map(|p| p.explain(ctx.lang)).collect())),
    };
    Ok(
        match state
            .store
            .import_respondents(round, &rows, by, only)
            .await?
        {
            Ok(c) => Ok(c),
            Err(r) => Err(r.0.iter().map(|p| p.explain(ctx.lang)).collect()),
        },
    )
}

async fn audit_import(state: &AppState, by: &str, round: i64, counts: &[ListCount], who: &str) {
    let added: i64 = counts.iter().map(|c| c.added).sum();
    let _ = state
        .store
        .audit(
            Some(by),
            "respondents_imported",
            Some(&format!("round {round}")),
            Some(&format!("{added} address(es) added ({who})")),
        )
        .await;
}

/// The organiser's list for all organisations.
pub async fn upload(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
    mut form: Multipart,
) -> AppResult<Response> {
    let round = round_of(&state, id).await?;
    let bytes = match read_upload(&mut form, &who.user.csrf_token, &who.ctx).await? {
        Ok(b) => b,
        Err(said) => {
            let p = render(&state, who.ctx, round, None, vec![said], vec![], None).await?;
            return Ok(status(StatusCode::UNPROCESSABLE_ENTITY, p));
        }
    };
    match import(&state, &who.ctx, id, &bytes, ListedBy::Organiser, None).await? {
        Ok(counts) => {
            audit_import(&state, &who.user.user.username, id, &counts, "organiser").await;
            let p = render(&state, who.ctx, round, Some(counts), vec![], vec![], None).await?;
            Ok(p.into_response())
        }
        Err(problems) => {
            let p = render(&state, who.ctx, round, None, problems, vec![], None).await?;
            Ok(status(StatusCode::UNPROCESSABLE_ENTITY, p))
        }
    }
}

#[derive(Deserialize)]
pub struct TextsForm {
    invitation_subject: String,
    invitation_body: String,
    reminder_subject: String,
    reminder_body: String,
    /// What "jeres organisation" means on a link's first page (absent: unchanged).
    org_scope: Option<String>,
}

/// Saves the organiser's texts; an empty subject and body give the default. Nothing is
/// saved when either text is refused.
pub async fn save_texts(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, form }: AdminForm<TextsForm>,
) -> AppResult<Response> {
    let round = round_of(&state, id).await?;
    let lang = round_lang(&round);
    let mut errors = Vec::new();
    let mut keep = Vec::new();
    for (which, name, s, b) in [
        (
            RoundMail::Invitation,
            "resp-invitation",
            &form.invitation_subject,
            &form.invitation_body,
        ),
        (
            RoundMail::Reminder,
            "resp-reminder",
            &form.reminder_subject,
            &form.reminder_body,
        ),
    ] {
        let (ds, db) = default_text(lang, which);
        let (s, b) = (s.trim(), b.trim_end().replace("\r\n", "\n"));
        let own = |x: &str, d: &str| (!x.is_empty() && x != d).then(|| x.to_string());
        let (subject, body) = (own(s, &ds), own(&b, &db));
        let check = MailText::parse(
            subject.as_deref().unwrap_or(&ds),
            body.as_deref().unwrap_or(&db),
        );
        match check {
            Ok(_) => keep.push((which, subject, body)),
            Err(e) => errors.push(who.ctx.lang.t_args(
                "resp-text-error",
                &[
                    ("which", who.ctx.t(name).into()),
                    ("error", round_mails::text_error(who.ctx.lang, &e).into()),
                ],
            )),
        }
    }
    let scope = match form
        .org_scope
        .as_deref()
        .map(trappe_core::questionnaire::org_scope)
    {
        None => None,
        Some(Ok(scope)) => Some(scope),
        Some(Err(_)) => {
            errors.push(who.ctx.lang.t_args(
                "resp-scope-error",
                &[("max", trappe_core::questionnaire::MAX_ORG_SCOPE.into())],
            ));
            None
        }
    };
    if !errors.is_empty() {
        let p = render(&state, who.ctx, round, None, vec![], errors, None).await?;
        return Ok(status(StatusCode::UNPROCESSABLE_ENTITY, p));
    }
    if let Some(scope) = scope {
        state
            .store
            .set_round_org_scope(id, scope.as_deref())
            .await?;
    }
    for (which, subject, body) in keep {
        state
            .store
            .set_round_mail_text(id, which, subject.as_deref(), body.as_deref())
            .await?;
    }
    let round = round_of(&state, id).await?;
    let said = who.ctx.t("resp-texts-saved");
    Ok(
        render(&state, who.ctx, round, None, vec![], vec![], Some(said))
            .await?
            .into_response(),
    )
}

fn which_of(s: &str) -> AppResult<RoundMail> {
    match s {
        "invitation" => Ok(RoundMail::Invitation),
        "reminder" => Ok(RoundMail::Reminder),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/respondents_send.html")]
pub struct SendPage {
    ctx: Ctx,
    round: Round,
    which: String,
    title: String,
    /// How many get the mail now.
    n: usize,
    /// The count the organiser confirmed, when the list changed after the preview.
    changed: Option<usize>,
    /// The example's organisation (a real one from the list), subject and text.
    example_org: String,
    subject: String,
    text: String,
    html: String,
}

/// The preview: the mail as one address on the list would get it, with an example link
/// that is no token, and how many get it.
#[derive(Deserialize)]
pub struct PreviewQuery {
    changed: Option<usize>,
}

pub async fn preview(
    State(state): State<AppState>,
    who: Organiser,
    Path((id, which)): Path<(i64, String)>,
    Query(q): Query<PreviewQuery>,
) -> AppResult<Response> {
    let round = round_of(&state, id).await?;
    let m = which_of(&which)?;
    let targets = state.store.mail_targets(id, None, m).await?;
    let (s, b) = round_text(&round, m);
    let text = MailText::parse(&s, &b)
        .map_err(|e| AppError::Refused(round_mails::text_error(who.ctx.lang, &e)))?;
    let lang = round_lang(&round);
    let example_org = targets
        .first()
        .map(|t| t.org_name.clone())
        .unwrap_or_default();
    let link = round_mails::respondent_link(&state.config.base_url, &lang.t("resp-example-token"));
    let deadline = round_mails::deadline_text(&round, lang);
    let sender = round_mails::sender_name(&state.config.org_name);
    let vars = MailVars {
        organisation: &example_org,
        link: &link,
        deadline: &deadline,
        sender: &sender,
    };
    let to = targets.first().map(|t| t.email.as_str()).unwrap_or("");
    let mail = round_mails::compose(&text, lang, &vars, to, m);
    let name = who.ctx.t(&format!("resp-{which}"));
    let title = who
        .ctx
        .lang
        .t_args("resp-preview-title", &[("which", name.into())]);
    Ok(SendPage {
        ctx: who.ctx,
        round,
        which,
        title,
        n: targets.len(),
        changed: q.changed.filter(|&c| c != targets.len()),
        example_org,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
    }
    .into_response())
}

#[derive(Deserialize)]
pub struct SendForm {
    /// How many the confirmed preview said would get the mail.
    expected: Option<usize>,
}

/// Queues the mails (the sender sends them) and shows the page with their progress. When
/// the list changed since the preview the organiser confirmed, nothing is queued: the
/// preview again, with the new count.
pub async fn send(
    State(state): State<AppState>,
    Path((id, which)): Path<(i64, String)>,
    AdminForm { who, form }: AdminForm<SendForm>,
) -> AppResult<Response> {
    let round = round_of(&state, id).await?;
    let m = which_of(&which)?;
    let c = &state.config;
    let queued = round_mails::queue(
        &state.store,
        &round,
        None,
        m,
        &who.user.user.username,
        form.expected,
        &c.base_url,
        &c.org_name,
    )
    .await?;
    let said = match queued {
        Ok(Queued::Mails(ids)) => {
            c.mail.wake();
            who.ctx.t1("resp-queued", "n", ids.len() as i64)
        }
        Ok(Queued::Changed { .. }) => {
            // The list changed since the confirmed preview: the preview again.
            let expected = form.expected.unwrap_or_default();
            return Ok(Redirect::to(&format!(
                "/admin/rounds/{id}/respondents/send/{which}?changed={expected}"
            ))
            .into_response());
        }
        Ok(Queued::Busy) => who.ctx.t("resp-busy"),
        Err(e) => return Err(AppError::Refused(round_mails::text_error(who.ctx.lang, &e))),
    };
    Ok(
        render(&state, who.ctx, round, None, vec![], vec![], Some(said))
            .await?
            .into_response(),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/respondents_addresses.html")]
pub struct AddressesPage {
    ctx: Ctx,
    round: Round,
    title: String,
    back: String,
    addresses: Vec<ListedAddress>,
    /// The contact's own list: the upload form for the organisation's staff.
    staff_org: Option<Org>,
    imported: Option<Vec<ListCount>>,
    problems: Vec<String>,
}

pub async fn addresses(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
) -> AppResult<AddressesPage> {
    let round = round_of(&state, id).await?;
    let addresses = state.store.listed_addresses(id, None).await?;
    let title = who.ctx.lang.t_args(
        "resp-addresses-title",
        &[("round", round.name.clone().into())],
    );
    Ok(AddressesPage {
        ctx: who.ctx,
        back: format!("/admin/rounds/{id}/respondents"),
        round,
        title,
        addresses,
        staff_org: None,
        imported: None,
        problems: vec![],
    })
}

/// An organisation's own list, for its contact (or an organiser): its addresses and the
/// upload form. Viewers do not see addresses.
async fn org_page(
    state: &AppState,
    who: OrgAccess,
    id: i64,
    imported: Option<Vec<ListCount>>,
    problems: Vec<String>,
) -> AppResult<AddressesPage> {
    if !who.level.can_invite() {
        return Err(AppError::Forbidden("viewers do not see addresses"));
    }
    let round = round_of(state, id).await?;
    let org = state.store.org(who.org).await?.ok_or(AppError::NotFound)?;
    // A contact sees its staff's list only: which of the organiser's addresses have
    // answered is the organiser's to know (as link states are).
    let only = (!who.level.is_organiser()).then_some(ListedBy::Staff);
    let addresses = state
        .store
        .listed_addresses_by(id, Some(org.id), only)
        .await?;
    let title = who
        .ctx
        .lang
        .t_args("resp-staff-title", &[("org", org.name.clone().into())]);
    Ok(AddressesPage {
        ctx: who.ctx,
        back: format!("/admin/rounds/{id}/orgs/{}", org.id),
        round,
        title,
        addresses,
        staff_org: Some(org),
        imported,
        problems,
    })
}

pub async fn org_list(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((id, _)): Path<(i64, i64)>,
) -> AppResult<AddressesPage> {
    org_page(&state, who, id, None, vec![]).await
}

/// A list for one organisation: a contact's is its staff's (links staff-made), an
/// organiser's the organiser's. Rows for another organisation are refused.
pub async fn org_upload(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((id, _)): Path<(i64, i64)>,
    mut form: Multipart,
) -> AppResult<Response> {
    if !who.level.can_invite() {
        return Err(AppError::Forbidden("viewers only read"));
    }
    round_of(&state, id).await?;
    let bytes = match read_upload(&mut form, &who.user.csrf_token, &who.ctx).await? {
        Ok(b) => b,
        Err(said) => {
            let p = org_page(&state, who, id, None, vec![said]).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
        }
    };
    let by = if who.level.is_organiser() {
        ListedBy::Organiser
    } else {
        ListedBy::Staff
    };
    match import(&state, &who.ctx, id, &bytes, by, Some(who.org)).await? {
        Ok(counts) => {
            audit_import(&state, &who.user.user.username, id, &counts, by.as_str()).await;
            Ok(org_page(&state, who, id, Some(counts), vec![])
                .await?
                .into_response())
        }
        Err(problems) => {
            let p = org_page(&state, who, id, None, problems).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/respondents_delete.html")]
pub struct DeletePage {
    ctx: Ctx,
    round: Round,
    title: String,
    n: i64,
    /// Only a closed round's addresses can be deleted by hand.
    closed: bool,
}

fn closed(round: &Round) -> bool {
    round.status == RoundStatus::Closed
}

/// The confirmation before the addresses go.
pub async fn delete_page(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
) -> AppResult<DeletePage> {
    let round = round_of(&state, id).await?;
    let n = state
        .store
        .list_summary(id, None)
        .await?
        .iter()
        .map(|s| s.listed)
        .sum();
    let title = who.ctx.lang.t_args(
        "resp-delete-confirm-title",
        &[("round", round.name.clone().into())],
    );
    Ok(DeletePage {
        ctx: who.ctx,
        closed: closed(&round),
        round,
        title,
        n,
    })
}

#[derive(Deserialize)]
pub struct DeleteForm {}

pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, .. }: AdminForm<DeleteForm>,
) -> AppResult<Response> {
    let round = round_of(&state, id).await?;
    let n = state.store.delete_respondents(id).await?;
    who.audit(
        &state.store,
        "respondents_deleted",
        Some(&format!("round {id}")),
        Some(&format!("{n} address(es) deleted")),
    )
    .await?;
    let said = who.ctx.t("resp-delete-done");
    Ok(
        render(&state, who.ctx, round, None, vec![], vec![], Some(said))
            .await?
            .into_response(),
    )
}

//! Accounts: the start page of contacts and viewers, the organiser's users page and
//! invitations, accepting an invitation, the account's security page (sessions and the
//! second factor) and the code step of a two-step login.

use crate::access::{Account, AccountForm, AdminForm, Organiser, Role};
use crate::accounts::auth::{
    create_account_invitation, hash_password, new_recovery_codes, normalise_recovery_code,
    password_problem, pending_cookie, start_session, verify_password, ClientAddr,
    MAX_CODE_ATTEMPTS, PENDING_COOKIE, RECOVERY_CODES,
};
use crate::accounts::login_guard::{device_cookie, Guard};
use crate::accounts::totp;
use crate::kit::error::{AppError, AppResult};
use crate::kit::form::FormErrors;
use crate::kit::page::{cookie, Ctx, SESSION_COOKIE};
use crate::routes::local_path;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use trappe_core::username::{clip, username_problem, UsernameProblem, MAX_USERNAME_CHARS};
use trappe_store::{
    hash_token, AccountInvitation, AccountRefusal, Org, Round, SessionInfo, StoreError, UserLine,
    ROLES,
};

/// A unix time as shown: 24.12.2026 kl. 14:05 in Danish, 2026-12-24 14:05 in English
/// (Europe/Copenhagen).
fn when(ctx: &Ctx, unix: i64) -> String {
    ctx.lang.minute(unix)
}

#[derive(Deserialize)]
pub struct NoFields {}

// ---- the start page of contacts and viewers ----

pub struct OrgRounds {
    org: Org,
    rounds: Vec<(Round, i64)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "site/start.html")]
pub struct StartPage {
    ctx: Ctx,
    can_invite: bool,
    orgs: Vec<OrgRounds>,
}

/// A contact's or viewer's own organisations and the rounds they take part in, with
/// links to their results and report. Never the cohort: no other organisation is named.
pub async fn start(State(state): State<AppState>, who: Account) -> AppResult<Response> {
    if who.role == Role::Organiser {
        return Ok(Redirect::to("/admin").into_response());
    }
    let rounds = state.store.rounds().await?;
    let mut orgs = Vec::new();
    for &org_id in &who.orgs {
        let Some(org) = state.store.org(org_id).await? else {
            continue;
        };
        let mut mine = Vec::new();
        for r in &rounds {
            if let Some(p) = state
                .store
                .participants_of(r.id, Some(org_id))
                .await?
                .into_iter()
                .next()
            {
                mine.push((r.clone(), p.complete));
            }
        }
        orgs.push(OrgRounds { org, rounds: mine });
    }
    Ok(StartPage {
        can_invite: who.role == Role::Contact,
        ctx: who.ctx,
        orgs,
    }
    .into_response())
}

// ---- the organiser's users page ----

#[derive(Template, WebTemplate)]
#[template(path = "accounts/users.html")]
pub struct UsersPage {
    ctx: Ctx,
    me: i64,
    users: Vec<UserLine>,
    invitations: Vec<AccountInvitation>,
    orgs: Vec<Org>,
    roles: &'static [&'static str],
    /// A link just made: shown this once.
    link: Option<String>,
    /// The address an invitation was just mailed to.
    mailed: Option<String>,
    /// Organisations whose contact "invite every contact" would mail.
    contacts_to_invite: usize,
    errors: FormErrors,
}

/// Where an error about one account's management is shown: by its role select
/// (`role`) or at the top of its management form (`manage`), or, for the organiser's
/// own account (which has neither), by the accounts' heading.
fn user_field(what: &str, id: i64, me: i64) -> String {
    if id == me {
        "users-h".to_string()
    } else {
        format!("{what}-{id}")
    }
}

impl UsersPage {
    fn when(&self, unix: &i64) -> String {
        when(&self.ctx, *unix)
    }
    fn error_of(&self, what: &str, id: &i64) -> Option<&str> {
        self.errors.get(&user_field(what, *id, self.me))
    }
    fn describe(&self, what: &str, id: &i64) -> String {
        self.errors.describe(&user_field(what, *id, self.me), "")
    }
    /// A management form with an error stays open, so its error is seen.
    fn open(&self, id: &i64) -> bool {
        self.error_of("role", id).is_some() || self.error_of("manage", id).is_some()
    }
    fn free_orgs(&self, u: &UserLine) -> Vec<&Org> {
        self.orgs
            .iter()
            .filter(|o| !u.orgs.iter().any(|(id, _)| *id == o.id))
            .collect()
    }
}

async fn users_page(
    state: &AppState,
    who: Organiser,
    link: Option<String>,
    errors: FormErrors,
) -> AppResult<UsersPage> {
    Ok(UsersPage {
        me: who.user.user.id,
        users: state.store.users().await?,
        invitations: state.store.account_invitations().await?,
        orgs: state.store.orgs().await?,
        roles: &ROLES,
        link,
        mailed: None,
        contacts_to_invite: state.store.contacts_to_invite().await?.len(),
        errors,
        ctx: who.ctx,
    })
}

pub async fn users(State(state): State<AppState>, who: Organiser) -> AppResult<UsersPage> {
    users_page(&state, who, None, FormErrors::default()).await
}

/// A store refusal shown on the users page (422) instead of an error page, next to
/// `field` (the id of the input it is about) and in the summary at the top.
async fn users_refused(
    state: &AppState,
    who: Organiser,
    field: String,
    e: StoreError,
) -> AppResult<Response> {
    let key = match &e {
        StoreError::Account(r) => refusal_key(r),
        // The account or organisation went meanwhile (or never was).
        StoreError::NotFound(_) => "account-refused-gone",
        _ => return Err(e.into()),
    };
    let mut errors = FormErrors::default();
    errors.add(field, who.ctx.t(key));
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        users_page(state, who, None, errors).await?,
    )
        .into_response())
}

/// The catalogue message of a refusal.
fn refusal_key(r: &AccountRefusal) -> &'static str {
    match r {
        AccountRefusal::UnknownRole(_) => "account-refused-unknown-role",
        AccountRefusal::LastOrganiserRole => "account-refused-last-organiser-role",
        AccountRefusal::LastOrganiserDelete => "account-refused-last-organiser-delete",
        AccountRefusal::OrganiserSeesAll => "account-refused-organiser-sees-all",
        AccountRefusal::OrganiserWithoutOrg => "account-refused-organiser-without-org",
        AccountRefusal::NeedsOrg(_) => "account-refused-needs-org",
        AccountRefusal::UsernameLength => "account-refused-username-length",
        AccountRefusal::UsernameInvisible => "account-refused-username-invisible",
        AccountRefusal::UsernameLooksLike => "account-refused-username-looks-like",
    }
}

#[derive(Deserialize)]
pub struct InvitationForm {
    role: String,
    #[serde(default)]
    org: String,
    /// With an address, the invitation is mailed (in `lang`) instead of shown.
    #[serde(default)]
    email: String,
    #[serde(default)]
    lang: String,
}

pub async fn invite_user(
    State(state): State<AppState>,
    AdminForm { who, form }: AdminForm<InvitationForm>,
) -> AppResult<Response> {
    let org = match (form.role.as_str(), form.org.trim()) {
        ("organiser", _) | (_, "") => None,
        (_, o) => Some(
            o.parse::<i64>()
                .map_err(|_| AppError::BadRequest("org must be an id".into()))?,
        ),
    };
    let by = who.user.user.username.clone();
    if !form.email.trim().is_empty() {
        return invite_by_mail(state, who, form, org).await;
    }
    match create_account_invitation(&state.store, &form.role, org, &by, &state.config.base_url)
        .await
    {
        // Shown once, on this response only: the store keeps just its hash.
        Ok(link) => Ok(users_page(&state, who, Some(link), FormErrors::default())
            .await?
            .into_response()),
        Err(e) => {
            let field = match e {
                StoreError::NotFound(_) | StoreError::Account(AccountRefusal::NeedsOrg(_)) => {
                    "inv-org"
                }
                _ => "inv-role",
            };
            users_refused(&state, who, field.to_string(), e).await
        }
    }
}

/// The invitation form with an address: the link goes by mail, never on the page.
async fn invite_by_mail(
    state: AppState,
    who: Organiser,
    form: InvitationForm,
    org: Option<i64>,
) -> AppResult<Response> {
    let Ok(to) = trappe_core::EmailAddress::parse(&form.email) else {
        let mut errors = FormErrors::default();
        errors.add("inv-email", who.ctx.t("err-email"));
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            users_page(&state, who, None, errors).await?,
        )
            .into_response());
    };
    let lang = crate::kit::i18n::Lang::from_code(&form.lang).unwrap_or_default();
    let by = who.user.user.username.clone();
    let c = &state.config;
    match crate::kit::mails::invite_by_mail(
        &state.store,
        &form.role,
        org,
        &to,
        lang,
        &by,
        &c.base_url,
        &c.org_name,
    )
    .await
    {
        Ok(_) => {
            c.mail.wake();
            let mut page = users_page(&state, who, None, FormErrors::default()).await?;
            page.mailed = Some(to.to_string());
            Ok(page.into_response())
        }
        Err(e) => {
            let field = match e {
                StoreError::NotFound(_) | StoreError::Account(AccountRefusal::NeedsOrg(_)) => {
                    "inv-org"
                }
                _ => "inv-role",
            };
            users_refused(&state, who, field.to_string(), e).await
        }
    }
}

pub async fn revoke_invitation(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, .. }: AdminForm<NoFields>,
) -> AppResult<Response> {
    state.store.revoke_account_invitation(id).await?;
    let subject = format!("invitation {id}");
    state
        .store
        .audit(
            Some(&who.user.user.username),
            "account_invitation_revoked",
            Some(&subject),
            None,
        )
        .await?;
    Ok(Redirect::to("/admin/users").into_response())
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, form }: AdminForm<RoleForm>,
) -> AppResult<Response> {
    let user = state.store.user(id).await?.ok_or(AppError::NotFound)?;
    if let Err(e) = state.store.set_role(id, &form.role).await {
        let field = user_field("role", id, who.user.user.id);
        return users_refused(&state, who, field, e).await;
    }
    let detail = format!("{} -> {}", user.role, form.role);
    state
        .store
        .audit(
            Some(&who.user.user.username),
            "role_changed",
            Some(&user.username),
            Some(&detail),
        )
        .await?;
    Ok(Redirect::to("/admin/users").into_response())
}

#[derive(Deserialize)]
pub struct UserOrgForm {
    org: i64,
    /// `add` or `remove`.
    op: String,
}

pub async fn user_orgs(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, form }: AdminForm<UserOrgForm>,
) -> AppResult<Response> {
    let user = state.store.user(id).await?.ok_or(AppError::NotFound)?;
    let (done, action) = match form.op.as_str() {
        "add" => (state.store.link_org(id, form.org).await, "org_linked"),
        "remove" => (state.store.unlink_org(id, form.org).await, "org_unlinked"),
        _ => return Err(AppError::BadRequest("op must be add or remove".into())),
    };
    if let Err(e) = done {
        let field = user_field("manage", id, who.user.user.id);
        return users_refused(&state, who, field, e).await;
    }
    let detail = format!("organisation {}", form.org);
    state
        .store
        .audit(
            Some(&who.user.user.username),
            action,
            Some(&user.username),
            Some(&detail),
        )
        .await?;
    Ok(Redirect::to("/admin/users").into_response())
}

pub async fn delete_user(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, .. }: AdminForm<NoFields>,
) -> AppResult<Response> {
    if id == who.user.user.id {
        let mut errors = FormErrors::default();
        errors.add(
            user_field("manage", id, id),
            who.ctx.t("users-not-yourself"),
        );
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            users_page(&state, who, None, errors).await?,
        )
            .into_response());
    }
    match state.store.delete_user(id).await {
        Ok(name) => {
            state
                .store
                .audit(
                    Some(&who.user.user.username),
                    "account_deleted",
                    Some(&name),
                    None,
                )
                .await?;
            Ok(Redirect::to("/admin/users").into_response())
        }
        Err(e) => {
            let field = user_field("manage", id, who.user.user.id);
            users_refused(&state, who, field, e).await
        }
    }
}

// ---- accepting an invitation ----

#[derive(Template, WebTemplate)]
#[template(path = "accounts/invite_accept.html")]
pub struct AcceptPage {
    ctx: Ctx,
    token: String,
    role: String,
    org_name: Option<String>,
    username: String,
    error: Option<String>,
    /// The id of the field the error is about (`username` or `password`).
    error_field: &'static str,
}

fn invitation_gone(ctx: &Ctx) -> Response {
    (
        StatusCode::NOT_FOUND,
        Message {
            title: ctx.t("invite-gone-title"),
            body: ctx.t("invite-gone"),
            ctx: ctx.clone(),
        },
    )
        .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "message.html")]
pub struct Message {
    ctx: Ctx,
    title: String,
    body: String,
}

pub async fn accept_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let Some(inv) = state.store.account_invitation(&token).await? else {
        return Ok(invitation_gone(&ctx));
    };
    Ok(AcceptPage {
        ctx,
        token,
        role: inv.role,
        org_name: inv.org_name,
        username: String::new(),
        error: None,
        error_field: "",
    }
    .into_response())
}

#[derive(Deserialize)]
pub struct AcceptForm {
    username: String,
    password: String,
    repeat: String,
}

pub async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<AcceptForm>,
) -> AppResult<Response> {
    let Some(inv) = state.store.account_invitation(&token).await? else {
        return Ok(invitation_gone(&ctx));
    };
    // Cut (and marked) past the limit, so an oversized name is refused, not echoed whole.
    let username = clip(form.username.trim(), MAX_USERNAME_CHARS + 1).into_owned();
    let problem = if let Some(p) = username_problem(&username) {
        Some((
            "username",
            ctx.t(match p {
                UsernameProblem::Length => "invite-username-rule",
                UsernameProblem::Invisible => "account-refused-username-invisible",
            }),
        ))
    } else if form.password != form.repeat {
        Some(("password", ctx.t("password-mismatch")))
    } else {
        password_problem(&form.password, &username).map(|k| ("password", ctx.t(k)))
    };
    let refuse = |(field, error): (&'static str, String)| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            AcceptPage {
                ctx: ctx.clone(),
                token: token.clone(),
                role: inv.role.clone(),
                org_name: inv.org_name.clone(),
                username: username.clone(),
                error: Some(error),
                error_field: field,
            },
        )
            .into_response()
    };
    if let Some(p) = problem {
        return Ok(refuse(p));
    }
    let hash = hash_password(form.password).await?;
    let user = match state
        .store
        .accept_account_invitation(&token, &username, &hash)
        .await
    {
        Ok(u) => u,
        Err(StoreError::Conflict(_)) => {
            return Ok(refuse(("username", ctx.t("invite-username-taken"))))
        }
        Err(StoreError::NotFound(_)) => return Ok(invitation_gone(&ctx)),
        Err(StoreError::Account(r)) => return Ok(refuse(("username", ctx.t(refusal_key(&r))))),
        Err(e) => return Err(e.into()),
    };
    let detail = format!("role {} by invitation {}", user.role, inv.id);
    state
        .store
        .audit(
            Some(&user.username),
            "account_created",
            Some(&user.username),
            Some(&detail),
        )
        .await?;
    state
        .store
        .audit(Some(&user.username), "login", None, None)
        .await?;
    let cookie = start_session(&state, user.id).await?;
    let home = if user.role == "organiser" {
        "/admin"
    } else {
        "/start"
    };
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(home)).into_response())
}

// ---- the account's security: sessions and the second factor ----

pub struct SessionLine {
    s: SessionInfo,
    current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/security.html")]
pub struct SecurityPage {
    ctx: Ctx,
    sessions: Vec<SessionLine>,
    totp_on: bool,
    /// A secret waiting for its first code: (grouped for typing, otpauth URI).
    pending: Option<(String, String)>,
    /// Unused recovery codes of the account.
    recovery_left: i64,
    /// Recovery codes just made: shown on this response only.
    new_codes: Vec<String>,
    errors: FormErrors,
}

impl SecurityPage {
    fn when(&self, unix: &i64) -> String {
        when(&self.ctx, *unix)
    }
}

async fn security_page(
    state: &AppState,
    who: &Account,
    headers: &HeaderMap,
    errors: FormErrors,
) -> AppResult<SecurityPage> {
    security_page_with(state, who, headers, errors, Vec::new()).await
}

async fn security_page_with(
    state: &AppState,
    who: &Account,
    headers: &HeaderMap,
    errors: FormErrors,
    new_codes: Vec<String>,
) -> AppResult<SecurityPage> {
    let current = cookie(headers, SESSION_COOKIE).map(hash_token);
    let user = &who.user.user;
    let pending = state.store.totp_pending(user.id).await?.map(|s| {
        let uri = totp::uri(&s, &user.username, "Trappe");
        (totp::grouped(&s), uri)
    });
    Ok(SecurityPage {
        sessions: state
            .store
            .sessions_of(user.id)
            .await?
            .into_iter()
            .map(|s| SessionLine {
                current: current.as_deref() == Some(s.id.as_str()),
                s,
            })
            .collect(),
        totp_on: user.totp_secret.is_some() || !new_codes.is_empty(),
        pending,
        recovery_left: state.store.recovery_codes_left(user.id).await?,
        new_codes,
        errors,
        ctx: who.ctx.clone(),
    })
}

pub async fn security(
    State(state): State<AppState>,
    headers: HeaderMap,
    who: Account,
) -> AppResult<SecurityPage> {
    security_page(&state, &who, &headers, FormErrors::default()).await
}

/// The security page again (422) with the message `key` next to the input `field` and
/// in the summary at the top.
async fn security_refused(
    state: &AppState,
    who: &Account,
    headers: &HeaderMap,
    field: &'static str,
    key: &str,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    errors.add(field, who.ctx.t(key));
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        security_page(state, who, headers, errors).await?,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct RevokeForm {
    session: String,
}

pub async fn revoke_session(
    State(state): State<AppState>,
    AccountForm { who, form }: AccountForm<RevokeForm>,
) -> AppResult<Response> {
    let user = &who.user.user;
    // Only the account's own sessions: another account's id deletes nothing.
    if state.store.revoke_session(user.id, &form.session).await? {
        state
            .store
            .audit(Some(&user.username), "session_revoked", None, None)
            .await?;
    }
    Ok(Redirect::to("/account/security#sessions").into_response())
}

pub async fn revoke_other_sessions(
    State(state): State<AppState>,
    headers: HeaderMap,
    AccountForm { who, .. }: AccountForm<NoFields>,
) -> AppResult<Response> {
    let user = &who.user.user;
    let n = state
        .store
        .revoke_other_sessions(user.id, cookie(&headers, SESSION_COOKIE))
        .await?;
    let detail = format!("{n} sessions");
    state
        .store
        .audit(
            Some(&user.username),
            "sessions_revoked",
            None,
            Some(&detail),
        )
        .await?;
    Ok(Redirect::to("/account/security#sessions").into_response())
}

pub async fn totp_start(
    State(state): State<AppState>,
    AccountForm { who, .. }: AccountForm<NoFields>,
) -> AppResult<Response> {
    if who.user.user.totp_secret.is_none() {
        state
            .store
            .set_totp_pending(who.user.user.id, Some(&totp::new_secret()))
            .await?;
    }
    Ok(Redirect::to("/account/security#totp").into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

pub async fn totp_confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    AccountForm { who, form }: AccountForm<CodeForm>,
) -> AppResult<Response> {
    let user = &who.user.user;
    let Some(secret) = state.store.totp_pending(user.id).await? else {
        return Ok(Redirect::to("/account/security#totp").into_response());
    };
    let Some(step) = totp::verify(&secret, &form.code, chrono::Utc::now().timestamp()) else {
        return security_refused(&state, &who, &headers, "code", "totp-wrong-code").await;
    };
    state.store.enable_totp(user.id, step).await?;
    state
        .store
        .audit(Some(&user.username), "totp_enabled", None, None)
        .await?;
    show_new_recovery_codes(&state, &who, &headers).await
}

/// Makes the account a fresh set of recovery codes (the old ones stop working) and shows
/// them, this once: only their hashes are kept.
async fn show_new_recovery_codes(
    state: &AppState,
    who: &Account,
    headers: &HeaderMap,
) -> AppResult<Response> {
    let user = &who.user.user;
    let codes = new_recovery_codes();
    // Kept as typed back in: without dashes (see `normalise_recovery_code`).
    let kept: Vec<String> = codes
        .iter()
        .filter_map(|c| normalise_recovery_code(c))
        .collect();
    state.store.replace_recovery_codes(user.id, &kept).await?;
    let detail = format!("{RECOVERY_CODES} codes");
    state
        .store
        .audit(
            Some(&user.username),
            "recovery_codes_made",
            None,
            Some(&detail),
        )
        .await?;
    let mut res = security_page_with(state, who, headers, FormErrors::default(), codes)
        .await?
        .into_response();
    // Not for any cache, nor for the back button of a shared computer.
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

/// New recovery codes in place of the old ones (the password is asked for, so a
/// session left open cannot mint a way past the second factor).
pub async fn recovery_codes(
    State(state): State<AppState>,
    headers: HeaderMap,
    AccountForm { who, form }: AccountForm<DisableForm>,
) -> AppResult<Response> {
    let user = &who.user.user;
    if user.totp_secret.is_none() {
        return Ok(Redirect::to("/account/security#totp").into_response());
    }
    if !verify_password(form.password, Some(user.password_hash.clone())).await {
        return security_refused(
            &state,
            &who,
            &headers,
            "recovery-password",
            "password-wrong-current",
        )
        .await;
    }
    show_new_recovery_codes(&state, &who, &headers).await
}

#[derive(Deserialize)]
pub struct DisableForm {
    password: String,
}

pub async fn totp_disable(
    State(state): State<AppState>,
    headers: HeaderMap,
    AccountForm { who, form }: AccountForm<DisableForm>,
) -> AppResult<Response> {
    let user = &who.user.user;
    if !verify_password(form.password, Some(user.password_hash.clone())).await {
        return security_refused(
            &state,
            &who,
            &headers,
            "totp-password",
            "password-wrong-current",
        )
        .await;
    }
    state.store.disable_totp(user.id).await?;
    state
        .store
        .audit(Some(&user.username), "totp_disabled", None, None)
        .await?;
    Ok(Redirect::to("/account/security#totp").into_response())
}

// ---- the code step of a two-step login ----

#[derive(Template, WebTemplate)]
#[template(path = "accounts/login_totp.html")]
pub struct CodePage {
    ctx: Ctx,
    error: Option<String>,
}

fn back_to_login(state: &AppState) -> Response {
    (
        [(header::SET_COOKIE, pending_cookie(state, "", 0))],
        Redirect::to("/login"),
    )
        .into_response()
}

pub async fn code_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let pending = match cookie(&headers, PENDING_COOKIE) {
        Some(t) if !t.is_empty() => state.store.pending_login(t).await?,
        _ => None,
    };
    if pending.is_none() {
        return Ok(back_to_login(&state));
    }
    Ok(CodePage { ctx, error: None }.into_response())
}

/// The code step's form: a code from the app, or one of the recovery codes.
#[derive(Deserialize)]
pub struct LoginCodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    recovery: String,
}

pub async fn code(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    addr: ClientAddr,
    Form(form): Form<LoginCodeForm>,
) -> AppResult<Response> {
    let token = cookie(&headers, PENDING_COOKIE).unwrap_or("").to_string();
    let pending = if token.is_empty() {
        None
    } else {
        state.store.pending_login(&token).await?
    };
    let Some(pending) = pending else {
        return Ok(back_to_login(&state));
    };
    let Some(user) = state.store.user(pending.user_id).await? else {
        return Ok(back_to_login(&state));
    };
    let Some(secret) = user.totp_secret.clone() else {
        return Ok(back_to_login(&state));
    };
    // The same pair (or device) as the password step: wrong codes slow it too.
    let guard = Guard::new(&state, &user.username, addr, &headers);
    if let Some(r) = guard.refusal(&state, false).await? {
        guard.audit_refusal(&state, &user.username).await?;
        return Ok(crate::site::public::refused(
            (
                StatusCode::TOO_MANY_REQUESTS,
                CodePage {
                    error: Some(crate::site::public::refusal_text(&ctx, r)),
                    ctx,
                },
            )
                .into_response(),
            r,
        ));
    }
    let recovery = form.recovery.trim();
    let fresh = if !recovery.is_empty() {
        // A recovery code counts once: it is marked used as it is accepted.
        let left = match normalise_recovery_code(recovery) {
            Some(c) => state.store.use_recovery_code(user.id, &c).await?,
            None => None,
        };
        if let Some(left) = left {
            let detail = format!("{left} left");
            state
                .store
                .audit(
                    Some(&user.username),
                    "recovery_code_used",
                    None,
                    Some(&detail),
                )
                .await?;
        }
        left.is_some()
    } else {
        let step = totp::verify(&secret, &form.code, chrono::Utc::now().timestamp());
        // A code counts once: the step it belongs to is recorded, and an older or equal
        // one is refused from then on.
        match step {
            Some(s) => state.store.use_totp_step(user.id, s).await?,
            None => false,
        }
    };
    if !fresh {
        guard.failed(&state).await?;
        state
            .store
            .audit(Some(&user.username), "login_code_failed", None, None)
            .await?;
        if state.store.pending_login_failed(&token).await? >= MAX_CODE_ATTEMPTS {
            state.store.delete_pending_login(&token).await?;
            return Ok(back_to_login(&state));
        }
        let key = if recovery.is_empty() {
            "totp-wrong-code"
        } else {
            "recovery-wrong-code"
        };
        return Ok((
            StatusCode::UNAUTHORIZED,
            CodePage {
                error: Some(ctx.t(key)),
                ctx,
            },
        )
            .into_response());
    }
    state.store.delete_pending_login(&token).await?;
    guard.succeeded(&state).await?;
    state
        .store
        .audit(
            Some(&user.username),
            "login",
            None,
            Some(if recovery.is_empty() {
                "with a second factor"
            } else {
                "with a recovery code"
            }),
        )
        .await?;
    let session = start_session(&state, user.id).await?;
    let target = if user.must_change_password {
        "/account/password".to_string()
    } else {
        local_path(Some(&pending.next), "/start")
    };
    let mut res = Redirect::to(&target).into_response();
    let device = device_cookie(&state, &user.username);
    for c in [session, pending_cookie(&state, "", 0), device] {
        if let Ok(v) = header::HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(res)
}

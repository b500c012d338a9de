//! The organiser's users page: invitations, roles, organisations and deletion; and
//! accepting an invitation.

use crate::access::{AdminForm, Organiser};
use crate::accounts::auth::{
    create_account_invitation, hash_password, password_problem, start_session,
};
use crate::kit::error::{AppError, AppResult};
use crate::kit::form::FormErrors;
use crate::kit::form::NoFields;
use crate::kit::page::Ctx;
use crate::kit::refusals::Explain;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use trappe_core::username::{clip, username_problem, UsernameProblem, MAX_USERNAME_CHARS};
use trappe_store::{AccountInvitation, AccountRefusal, Org, StoreError, UserLine, ROLES};

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
        self.ctx.lang.minute(*unix)
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
        StoreError::Account(r) => crate::kit::refusals::account_key(r),
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
    who.audit(
        &state.store,
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
    who.audit(
        &state.store,
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
    who.audit(&state.store, action, Some(&user.username), Some(&detail))
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
            who.audit(&state.store, "account_deleted", Some(&name), None)
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
    crate::kit::page::MessagePage::with(
        ctx,
        StatusCode::NOT_FOUND,
        ctx.t("invite-gone-title"),
        ctx.t("invite-gone"),
    )
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
        Err(StoreError::Account(r)) => return Ok(refuse(("username", r.explain(ctx.lang)))),
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

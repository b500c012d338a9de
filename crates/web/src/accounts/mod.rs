//! Accounts: login (password, TOTP, single sign-on), one's own account and security,
//! the organiser's users, and the audit log.

pub(crate) mod auth;
pub(crate) mod login_guard;
pub(crate) mod oidc;
pub mod oidc_client;
pub mod totp;
mod users;

use crate::routes::{get, post, Route};

pub(crate) fn routes() -> Vec<Route> {
    vec![
        get("/login/totp", users::code_page),
        post("/login/totp", users::code),
        get("/login/oidc", oidc::start),
        get("/login/oidc/callback", oidc::callback),
        get("/start", users::start),
        get("/invite/{token}", users::accept_page),
        post("/invite/{token}", users::accept),
        get("/account/security", users::security),
        post("/account/sessions/revoke", users::revoke_session),
        post(
            "/account/sessions/revoke-others",
            users::revoke_other_sessions,
        ),
        post("/account/totp/start", users::totp_start),
        post("/account/totp/confirm", users::totp_confirm),
        post("/account/totp/disable", users::totp_disable),
        post("/account/recovery-codes", users::recovery_codes),
        get("/admin/users", users::users),
        post("/admin/users/invitations", users::invite_user),
        post(
            "/admin/users/invitations/{id}/revoke",
            users::revoke_invitation,
        ),
        post("/admin/users/{id}/role", users::set_role),
        post("/admin/users/{id}/orgs", users::user_orgs),
        post("/admin/users/{id}/delete", users::delete_user),
    ]
}

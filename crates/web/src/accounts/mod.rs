//! Accounts: login (password, TOTP, single sign-on), one's own account and security,
//! the organiser's users, and the audit log.

mod audit;
pub(crate) mod auth;
pub(crate) mod login;
pub(crate) mod login_guard;
pub(crate) mod oidc;
pub mod oidc_client;
mod security;
pub mod totp;
mod users;

use crate::routes::{get, post, Route};

pub(crate) fn routes() -> Vec<Route> {
    vec![
        get("/login", login::login_page),
        post("/login", login::login),
        get("/login/totp", login::code_page),
        post("/login/totp", login::code),
        get("/login/oidc", oidc::start),
        get("/login/oidc/callback", oidc::callback),
        post("/logout", login::logout),
        get("/invite/{token}", users::accept_page),
        post("/invite/{token}", users::accept),
        get("/account/password", security::password_page),
        post("/account/password", security::change_password),
        get("/account/security", security::security),
        post("/account/sessions/revoke", security::revoke_session),
        post(
            "/account/sessions/revoke-others",
            security::revoke_other_sessions,
        ),
        post("/account/totp/start", security::totp_start),
        post("/account/totp/confirm", security::totp_confirm),
        post("/account/totp/disable", security::totp_disable),
        post("/account/recovery-codes", security::recovery_codes),
        get("/admin/users", users::users),
        post("/admin/users/invitations", users::invite_user),
        post(
            "/admin/users/invitations/{id}/revoke",
            users::revoke_invitation,
        ),
        post("/admin/users/{id}/role", users::set_role),
        post("/admin/users/{id}/orgs", users::user_orgs),
        post("/admin/users/{id}/delete", users::delete_user),
        get("/admin/audit", audit::audit),
        get("/admin/audit.csv", audit::audit_csv),
    ]
}

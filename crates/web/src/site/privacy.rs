//! Privacy and accessibility: the privacy notice and the accessibility statement (no
//! login; the installation's name and contact come from `Config`).

use crate::kit::page::Ctx;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use fluent_templates::fluent_bundle::FluentValue;

// ---- the privacy notice and the accessibility statement ----

/// What both statements say about the installation.
pub struct Installation {
    /// The data controller's name, or a note that it is not configured.
    org: String,
    contact_email: Option<String>,
    site: String,
}

impl Installation {
    fn new(state: &AppState, ctx: &Ctx) -> Installation {
        let c = &state.config;
        Installation {
            org: match c.org_name.trim() {
                "" => ctx.t("privacy-org-unset"),
                name => name.to_string(),
            },
            contact_email: Some(c.contact_email.trim())
                .filter(|e| !e.is_empty())
                .map(str::to_string),
            site: match c.base_url.trim_end_matches('/') {
                "" => "Trappe".to_string(),
                url => url.to_string(),
            },
        }
    }
}

/// A statement's message with the installation's name and address filled in.
fn filled(ctx: &Ctx, inst: &Installation, key: &str) -> String {
    ctx.lang.t_args(
        key,
        &[
            ("org", FluentValue::from(inst.org.clone())),
            ("site", FluentValue::from(inst.site.clone())),
        ],
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "site/privacy.html")]
pub struct PrivacyPage {
    ctx: Ctx,
    inst: Installation,
}

impl PrivacyPage {
    fn m(&self, key: &str) -> String {
        filled(&self.ctx, &self.inst, key)
    }
}

pub async fn privacy(State(state): State<AppState>, ctx: Ctx) -> PrivacyPage {
    PrivacyPage {
        inst: Installation::new(&state, &ctx),
        ctx,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "site/accessibility.html")]
pub struct AccessibilityPage {
    ctx: Ctx,
    inst: Installation,
}

impl AccessibilityPage {
    fn m(&self, key: &str) -> String {
        filled(&self.ctx, &self.inst, key)
    }
}

pub async fn accessibility(State(state): State<AppState>, ctx: Ctx) -> AccessibilityPage {
    AccessibilityPage {
        inst: Installation::new(&state, &ctx),
        ctx,
    }
}

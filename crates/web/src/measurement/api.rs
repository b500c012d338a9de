//! The JSON API under /api/v1 (read-only), for integrations and scripts. Callers present
//! a bearer token; an organisation-scoped token sees only its own organisation's results
//! beside the benchmarks. The OpenAPI document is made from the handlers' `utoipa::path`
//! attributes and the response types' `ToSchema`, so it cannot drift from what is served.

use crate::access::{AdminForm, ApiClient, ApiErrorBody, Organiser};
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::Ctx;
use crate::measurement::api_view::{round_status_schema, with_stats_fields, ResultsDoc};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use trappe_store::{ApiToken, Org};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Trappe API",
        version = "1",
        description = "Read-only access to measurement rounds and their results. Every call needs a bearer token made by an organiser on /admin/tokens; a token scoped to an organisation sees only that organisation's results beside the benchmarks. Cookies are not accepted."
    ),
    servers((url = "/api/v1")),
    paths(rounds, results),
    modifiers(&Additions),
    security(("bearer" = [])),
)]
struct ApiDoc;

/// What the derive has no syntax for: the `bearer` scheme the document's `security`
/// names, and the Stats fields flattened into each benchmark dimension.
struct Additions;

impl Modify for Additions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        with_stats_fields(&mut components.schemas);
    }
}

/// The OpenAPI document as served: made once, on the first request for it.
fn openapi_json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        // Only string-keyed maps and plain values: serialising it cannot fail.
        serde_json::to_string(&ApiDoc::openapi()).expect("the OpenAPI document serialises")
    })
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], openapi_json()).into_response()
}

#[derive(Serialize, ToSchema)]
#[schema(as = Round)]
pub struct RoundItem {
    id: i64,
    name: String,
    #[schema(schema_with = round_status_schema)]
    status: &'static str,
    /// id@version
    model: String,
}

/// The rounds the token may see
#[utoipa::path(
    get,
    path = "/rounds",
    tag = "rounds",
    responses(
        (status = 200, description = "Rounds, newest first", body = Vec<RoundItem>),
        (status = 401, description = "No token, or an unknown or revoked one", body = ApiErrorBody),
    ),
)]
pub async fn rounds(
    State(state): State<AppState>,
    client: ApiClient,
) -> AppResult<Json<Vec<RoundItem>>> {
    let visible: Option<Vec<i64>> = match client.org() {
        Some(o) => Some(state.store.rounds_of_org(o).await?),
        None => None,
    };
    let rounds = state
        .store
        .rounds()
        .await?
        .into_iter()
        .filter(|r| visible.as_ref().is_none_or(|v| v.contains(&r.id)))
        .map(|r| RoundItem {
            id: r.id,
            name: r.name,
            status: r.status.as_str(),
            model: format!("{}@{}", r.model_id, r.model_version),
        })
        .collect();
    Ok(Json(rounds))
}

/// A round's results, benchmarks, percentiles and intervals (as `trappe results --format json`)
#[utoipa::path(
    get,
    path = "/rounds/{id}/results",
    tag = "rounds",
    params(("id" = i64, Path, description = "The round's id")),
    responses(
        (status = 200, description = "Results; withheld figures are null", body = ResultsDoc),
        (status = 401, description = "No token, or an unknown or revoked one", body = ApiErrorBody),
        (status = 404, description = "No such round, or not one the token's organisation takes part in"),
    ),
)]
pub async fn results(
    State(state): State<AppState>,
    client: ApiClient,
    Path(id): Path<i64>,
) -> AppResult<Json<ResultsDoc>> {
    if let Some(o) = client.org() {
        if !state.store.rounds_of_org(o).await?.contains(&id) {
            return Err(AppError::NotFound);
        }
    }
    let a = state.analysis(id).await?;
    let mut doc = ResultsDoc::new(&a, client.org());
    if client.org().is_some() {
        // Peers appear only as the benchmarks show them.
        doc.organisations.retain(|o| Some(o.id) == client.org());
    }
    let (targets, earlier) = state
        .store
        .targets_and_earlier(id, &a.results.model.id)
        .await?;
    doc.add_targets(&a.results.model, &targets, &earlier);
    state
        .store
        .audit(
            Some(&format!("api:{}", client.token.name)),
            "results_viewed",
            Some(&format!("round {id}")),
            None,
        )
        .await?;
    Ok(Json(doc))
}

// ---- managing tokens (organisers, in the browser) ----

#[derive(Template, WebTemplate)]
#[template(path = "measurement/tokens.html")]
pub struct TokensPage {
    ctx: Ctx,
    tokens: Vec<ApiToken>,
    orgs: Vec<Org>,
    created: Option<String>,
}

impl TokensPage {
    fn org_name(&self, id: &i64) -> String {
        self.orgs
            .iter()
            .find(|o| o.id == *id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    }
    fn date(&self, t: &i64) -> String {
        self.ctx.lang.minute(t)
    }
}

async fn tokens_page(state: &AppState, ctx: Ctx, created: Option<String>) -> AppResult<TokensPage> {
    Ok(TokensPage {
        ctx,
        tokens: state.store.api_tokens().await?,
        orgs: state.store.orgs().await?,
        created,
    })
}

pub async fn tokens(State(state): State<AppState>, who: Organiser) -> AppResult<TokensPage> {
    tokens_page(&state, who.ctx, None).await
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
    /// "all", or an organisation id.
    scope: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    AdminForm { who, form }: AdminForm<TokenForm>,
) -> AppResult<TokensPage> {
    let org = match form.scope.as_str() {
        "all" => None,
        s => Some(
            s.parse::<i64>()
                .map_err(|_| AppError::BadRequest(format!("unknown scope '{s}'")))?,
        ),
    };
    let (id, token) = state
        .store
        .create_api_token(&form.name, org, Some(who.user.user.id))
        .await?;
    who.audit(
        &state.store,
        "api_token_created",
        Some(&format!("token {id}")),
        Some(&form.name),
    )
    .await?;
    tokens_page(&state, who.ctx, Some(token)).await
}

#[derive(Deserialize)]
pub struct RevokeForm {}

pub async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, .. }: AdminForm<RevokeForm>,
) -> AppResult<TokensPage> {
    state.store.revoke_api_token(id).await?;
    who.audit(
        &state.store,
        "api_token_revoked",
        Some(&format!("token {id}")),
        None,
    )
    .await?;
    tokens_page(&state, who.ctx, None).await
}

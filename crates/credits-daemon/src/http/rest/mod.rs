//! The REST routes a workspace API key calls for the remote CLI (everything beyond metered
//! usage and holds): thin adapters that take the key (its scope checked against
//! `credits_proto::rest::ROUTES` before the body is read), read typed query parameters or a
//! strict JSON body, build the same [`Call`] the socket decodes, run the shared handler
//! ([`crate::rpc::handle`]) for the key's door, and answer its result as JSON. The key fixes the
//! workspace: a `workspace` parameter naming another one is refused (403). Seat tokens are
//! refused here (403): they reach only balance, usage and holds.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, MatchedPath, Path, Query};
use axum::http::request::Parts;
use axum::http::{Method as HttpMethod, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use credits_proto::Call;
use credits_proto::calls::Scope;
use credits_proto::rest::{self, Access, Method};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::auth::{Credential, KeyAuth};
use super::errors::ApiError;
use crate::app::App;
use crate::caller::Door;
use crate::error::AppError;

mod admin;
mod purchases;
mod reads;

/// The routes of this module on paths of their own; the three that share a path with an older
/// route are added beside it (see the re-exports below).
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route(rest::STATUS, get(reads::status))
        .route(rest::BALANCES, get(reads::balances))
        .route(rest::CHECK, get(reads::check))
        .route(rest::FORECAST, get(reads::forecast))
        .route(rest::HISTORY, get(reads::history))
        .route(rest::ADVICE, get(reads::advice))
        .route(rest::ROLLOVER, get(reads::rollover))
        .route(rest::PURCHASES, get(purchases::list).post(purchases::buy))
        .route(rest::PURCHASE, get(purchases::show))
        .route(rest::PURCHASE_WAIT, get(purchases::wait))
        .route(rest::ENSURE, post(purchases::ensure))
        .route(rest::RECONCILE, post(purchases::reconcile))
        .route(rest::AUTO_TOPUP, get(purchases::auto_show).put(purchases::auto_set).delete(purchases::auto_off))
        .route(rest::AUTO_TOPUP_SIMULATE, get(purchases::auto_simulate))
        .route(rest::SEATS, get(admin::seats).post(admin::seat_add))
        .route(rest::SEAT, delete(admin::seat_remove))
        .route(rest::SEAT_LIMIT, put(admin::seat_limit))
        .route(rest::PLAN, get(admin::plan).put(admin::plan_set))
        .route(rest::PLANS, get(admin::plans))
        .route(rest::WORKSPACE, get(admin::workspace).patch(admin::workspace_set))
        .route(rest::WORKSPACE_BUDGET, put(admin::workspace_budget))
        .route(rest::KEYS, get(admin::keys).post(admin::key_create))
        .route(rest::KEY, delete(admin::key_revoke))
}

/// The handlers of `GET /v1/holds`, `GET /v1/usage` and `POST /v1/purchases/{id}/cancel`, which
/// share a path with older routes.
pub use purchases::{cancel as purchase_cancel, usage_report};
pub use reads::holds as hold_list;

/// A workspace API key allowed on the route it called, by the route's entry in
/// `credits_proto::rest::ROUTES`.
#[derive(Debug, Clone)]
pub struct RestKey(pub KeyAuth);

fn rest_method(m: &HttpMethod) -> Option<Method> {
    Some(match *m {
        HttpMethod::GET | HttpMethod::HEAD => Method::Get,
        HttpMethod::POST => Method::Post,
        HttpMethod::PUT => Method::Put,
        HttpMethod::PATCH => Method::Patch,
        HttpMethod::DELETE => Method::Delete,
        _ => return None,
    })
}

impl FromRequestParts<Arc<App>> for RestKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let cred = Credential::from_request_parts(parts, app).await?;
        let path = parts.extensions.get::<MatchedPath>().map(|m| m.as_str().to_owned());
        let route = path.zip(rest_method(&parts.method)).and_then(|(p, m)| rest::find(m, &p));
        let Some(route) = route else {
            return Err(AppError::internal("this route is missing from credits_proto::rest::ROUTES").into());
        };
        let Credential::Key(key) = cred else {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "use a workspace API key (`studio-credits keys create NAME --scope SCOPES`): a seat token \
                 reaches only its balance, usage and holds",
            ));
        };
        if let Access::Scope(scope) = route.access
            && !key.scopes.contains(&scope)
        {
            return Err(ApiError::forbidden(scope.as_str()));
        }
        Ok(RestKey(key))
    }
}

impl RestKey {
    /// The scope a call acts on: the key's workspace and `seat`.
    fn scope(&self, workspace: Option<String>, seat: Option<String>) -> Result<Scope, ApiError> {
        Credential::Key(self.0.clone()).check_workspace(workspace.as_deref())?;
        Ok(Scope { workspace: Some(self.0.workspace.clone()), seat, user: None })
    }

    /// Runs `call` as this key (journal entries name `key:<name>`).
    async fn run(&self, app: &Arc<App>, call: Call) -> Result<Box<RawValue>, ApiError> {
        let door = Door::Key { name: self.0.name.clone() };
        crate::rpc::handle(app, &door, call).await.map_err(|e| ApiError::from_app(app, e))
    }

    /// Runs `call` and answers its result with `status`.
    async fn answer(&self, app: &Arc<App>, status: StatusCode, call: Call) -> Result<Response, ApiError> {
        Ok((status, Json(self.run(app, call).await?)).into_response())
    }
}

/// Query parameters decoded into `T` (whose unknown fields are refused); any failure is a 400.
#[derive(Debug)]
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(t)| Q(t))
            .map_err(|e| ApiError::invalid(format!("bad query string: {}", e.body_text())))
    }
}

/// A path segment (`{id}`, `{name}`); one that cannot be read names nothing (404).
fn segment(p: Result<Path<String>, PathRejection>, what: &str) -> Result<String, ApiError> {
    p.map(|Path(s)| s).map_err(|_| ApiError::not_found(format!("no such {what}")))
}

/// `?workspace=`, the only parameter of many routes.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceOnly {
    #[serde(default)]
    pub workspace: Option<String>,
}

/// `?workspace=&cursor=&limit=`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    cursor: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
}

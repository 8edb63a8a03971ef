//! HTTP errors: every failure is `{"error": {"type", "message", …}}` with a stable `type` and the
//! matching status. axum's own rejections (bad body, wrong method, unknown route) are mapped here
//! too, so a client never sees a plain-text error.

use axum::extract::MatchedPath;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use credits_core::remedy::Remedy;
use credits_proto::ErrorType;
use serde_json::{Map, Value, json};

use super::layers::Route;
use crate::app::App;
use crate::error::AppError;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// Stable machine-readable type.
    pub kind: &'static str,
    pub message: String,
    /// More fields of the error object (`buy_url`, `balance`, `hint`).
    pub extra: Map<String, Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, kind, message: message.into(), extra: Map::new() }
    }

    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_input", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// A credential without `scope`: 403, naming the scope.
    pub fn forbidden(scope: &str) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", format!("this key lacks the '{scope}' scope"))
            .with("scope", Value::String(scope.to_owned()))
    }

    pub fn too_many(message: impl Into<String>, retry_after: u64) -> ApiError {
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message)
            .with("retry_after_seconds", Value::from(retry_after))
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn too_large(limit: usize) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the request body is larger than {} KiB", limit / 1024),
        )
    }

    pub fn with(mut self, key: &str, value: Value) -> ApiError {
        self.extra.insert(key.to_owned(), value);
        self
    }

    /// Converts a daemon error; a `payment_required` one gets the `buy_url` of this daemon,
    /// unless a limit refused it (buying would not help).
    pub fn from_app(app: &App, e: AppError) -> ApiError {
        let is_402 = e.kind == ErrorType::PaymentRequired && e.limit.is_none();
        let mut err = ApiError::from(e);
        if is_402 {
            err = err.with("buy_url", Value::String(buy_url(app)));
        }
        err
    }
}

impl ApiError {
    /// For a 402 of `seat` in `workspace`: a `buy_url` that works for that seat alone (a
    /// short-lived capability link of the billing page) instead of the plain page.
    pub fn for_seat(self, app: &App, workspace: &str, seat: &str) -> ApiError {
        if self.kind == ErrorType::PaymentRequired.as_str() && !self.extra.contains_key("limit") {
            let url = super::billing::buy_url_for(app, workspace, seat);
            return self.with("buy_url", Value::String(url));
        }
        self
    }
}

/// Where a client sends its user to buy credits: `http.public_url` + `/billing` when configured,
/// else this daemon's own billing page.
pub fn buy_url(app: &App) -> String {
    match &app.settings.public_url {
        Some(base) => format!("{}/billing", base.trim_end_matches('/')),
        None => format!("{}/billing", app.http_url()),
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        let status = match e.kind {
            ErrorType::PaymentRequired => StatusCode::PAYMENT_REQUIRED,
            ErrorType::InvalidInput => StatusCode::BAD_REQUEST,
            ErrorType::NotFound => StatusCode::NOT_FOUND,
            ErrorType::IdempotencyError => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorType::Conflict => StatusCode::CONFLICT,
            ErrorType::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorType::Forbidden => StatusCode::FORBIDDEN,
            ErrorType::PaymentFailed => StatusCode::PAYMENT_REQUIRED,
            ErrorType::StripeUnavailable => StatusCode::BAD_GATEWAY,
            // Writes are refused until the file is repaired: the service, not the request, is at fault.
            ErrorType::LedgerCorrupt => StatusCode::SERVICE_UNAVAILABLE,
            ErrorType::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorType::DaemonUnreachable | ErrorType::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let mut err = ApiError::new(status, e.kind.as_str(), e.message);
        if let Some(b) = e.balance.and_then(|b| serde_json::to_value(&*b).ok()) {
            err = err.with("balance", b);
        }
        if let Some(l) = e.limit.and_then(|l| serde_json::to_value(l).ok()) {
            err = err.with("limit", l);
        }
        if let Some(h) = e.hint.or_else(|| e.remedy.and_then(http_hint).map(str::to_owned)) {
            err = err.with("hint", Value::String(h));
        }
        // The remote CLI words these exactly as it does for the socket's answer.
        if let Some(r) = e.remedy.and_then(|r| serde_json::to_value(r).ok()) {
            err = err.with("remedy", r);
        }
        if let Some(p) = e.purchase {
            err = err.with("purchase", Value::String(p));
        }
        err
    }
}

/// A remedy in words for an HTTP client, which has no CLI to run; `None` where the request
/// itself must change (the error's message says how) or `buy_url` says it all.
fn http_hint(remedy: Remedy) -> Option<&'static str> {
    match remedy {
        Remedy::BuyCredits => Some("send the user to buy_url to buy credits, then retry"),
        Remedy::RaiseSeatLimit => Some(
            "the seat's monthly top-up limit (see limit) stopped this and buying credits does not help: it starts \
             afresh at the monthly reset (balance.included.resets_at), or the workspace's admin raises it",
        ),
        Remedy::RaiseTopupBudget => Some(
            "the workspace's monthly top-up budget (see limit) stopped this and buying credits does not help: it \
             starts afresh at the monthly reset (balance.included.resets_at), or the workspace's admin raises it",
        ),
        // Only an API key can reach a workspace without naming a seat.
        Remedy::NameSeat => Some("name the seat with `?seat=NAME`, or `\"seat\": \"NAME\"` in the body"),
        Remedy::RepairLedger => {
            Some("the ledger's database file is damaged and writes are refused until its operator restores it")
        }
        Remedy::FreeDisk => Some(
            "the ledger's storage (its disk or its database) failed and nothing was changed; retry after Retry-After seconds",
        ),
        Remedy::ConfigureStripe | Remedy::FixStripeSettings | Remedy::CheckStripeCustomer => {
            Some("buying is not available: the daemon's operator must fix its Stripe settings")
        }
        Remedy::PayInBrowser => Some("nothing was charged; pay on the billing page (buy_url) with another card"),
        Remedy::CheckPurchase => Some("Stripe could not be reached; look at the purchase before buying again"),
        Remedy::AddWorkspace
        | Remedy::ListWorkspaces
        | Remedy::ListSeats
        | Remedy::AddSeat
        | Remedy::ListPurchases
        | Remedy::ListKeys => None,
    }
}

/// `Retry-After` of a 503 `unavailable`: long enough for a restarted database to accept
/// connections again, short enough that a client does not give up on a blip.
pub const UNAVAILABLE_RETRY_SECONDS: u64 = 5;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry = self.extra.get("retry_after_seconds").and_then(Value::as_u64);
        let unavailable = self.kind == ErrorType::Unavailable.as_str();
        let mut body = Map::new();
        body.insert("type".into(), Value::String(self.kind.to_owned()));
        body.insert("message".into(), Value::String(self.message));
        body.extend(self.extra);
        let mut resp = (self.status, axum::Json(json!({ "error": body }))).into_response();
        if let Some(secs) = retry.filter(|_| self.status == StatusCode::TOO_MANY_REQUESTS) {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        // Storage that failed (a full disk, an unreachable database) usually comes back by
        // itself, and nothing was changed: a client may retry the same request after a pause.
        // A damaged ledger (`ledger_corrupt`) waits for its operator, so it gets no such hint.
        if self.status == StatusCode::SERVICE_UNAVAILABLE && unavailable {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(UNAVAILABLE_RETRY_SECONDS));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"studio-credits\""));
        }
        resp
    }
}

/// Unknown routes.
pub async fn fallback() -> ApiError {
    ApiError::not_found("no such route; see GET /openapi.json")
}

/// A known route with the wrong method; counted under the route's template.
pub async fn method_not_allowed(route: Option<MatchedPath>) -> Response {
    let mut resp =
        ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "this route does not accept that method")
            .into_response();
    if let Some(m) = route {
        resp.extensions_mut().insert(Route(m.as_str().to_owned()));
    }
    resp
}

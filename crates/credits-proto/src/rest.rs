//! The HTTP API's side of the contract, shared by the daemon's routes and the CLI's remote
//! client so they cannot drift: which route serves each [`Call`], and the key scope it needs.
//! Bodies and results are the same serde types the socket uses (the route's result is the
//! call's result in [`crate::results`]); query parameters and body fields carry the call's field
//! names. Calls with no route are not available remotely (they act on the daemon's machine, or
//! on more than one workspace).

use credits_core::keys::KeyScope;

use crate::Call;

pub const STATUS: &str = "/v1/status";
pub const BALANCE: &str = "/v1/balance";
pub const BALANCES: &str = "/v1/balances";
/// `POST`: a spend (metered usage); `GET`: the usage report.
pub const USAGE: &str = "/v1/usage";
pub const USAGE_BATCH: &str = "/v1/usage/batch";
pub const CHECK: &str = "/v1/check";
pub const FORECAST: &str = "/v1/forecast";
pub const HOLDS: &str = "/v1/holds";
pub const HOLD: &str = "/v1/holds/{id}";
pub const HOLD_SETTLE: &str = "/v1/holds/{id}/settle";
pub const HOLD_RELEASE: &str = "/v1/holds/{id}/release";
pub const HISTORY: &str = "/v1/history";
pub const ADVICE: &str = "/v1/advice";
pub const ROLLOVER: &str = "/v1/rollover";
pub const PURCHASES: &str = "/v1/purchases";
pub const PURCHASE: &str = "/v1/purchases/{id}";
pub const PURCHASE_WAIT: &str = "/v1/purchases/{id}/wait";
/// `POST` cancels; `GET` on the same path is Stripe's `cancel_url` return page.
pub const PURCHASE_CANCEL: &str = "/v1/purchases/{id}/cancel";
pub const ENSURE: &str = "/v1/ensure";
/// `POST`: reconcile the ledger with Stripe (`fix` in the body credits what is missing).
pub const RECONCILE: &str = "/v1/reconcile";
pub const AUTO_TOPUP: &str = "/v1/auto-topup";
pub const AUTO_TOPUP_SIMULATE: &str = "/v1/auto-topup/simulate";
pub const SEATS: &str = "/v1/seats";
pub const SEAT: &str = "/v1/seats/{name}";
pub const SEAT_LIMIT: &str = "/v1/seats/{name}/limit";
pub const PLAN: &str = "/v1/plan";
pub const PLANS: &str = "/v1/plans";
pub const WORKSPACE: &str = "/v1/workspace";
pub const WORKSPACE_BUDGET: &str = "/v1/workspace/budget";
pub const KEYS: &str = "/v1/keys";
pub const KEY: &str = "/v1/keys/{name}";

/// The request header that makes a money-moving `POST` safe to retry.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// The response header that marks a replayed answer (`true`).
pub const IDEMPOTENT_REPLAYED: &str = "Idempotent-Replayed";

/// Longest wait one `GET /v1/purchases/{id}/wait` holds the request, in milliseconds: below the
/// API's 30 s request limit, so a longer wait is several calls.
pub const MAX_REMOTE_WAIT_MS: u64 = 25_000;

/// An HTTP method of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether the call's parameters travel in the query string (else in a JSON body).
    pub fn has_query(self) -> bool {
        matches!(self, Method::Get | Method::Delete)
    }
}

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Any valid workspace API key (`GET /v1/status`).
    AnyKey,
    /// A key with this scope (a seat token, on the routes that take one, acts on its own seat).
    Scope(KeyScope),
}

/// One route: method, path template (`{id}` / `{name}` filled from the call) and access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

const fn r(method: Method, path: &'static str, scope: KeyScope) -> Route {
    Route { method, path, access: Access::Scope(scope) }
}

use KeyScope::{Admin, Buy, Read, Spend};
use Method::{Delete, Get, Patch, Post, Put};

/// Every route a workspace API key can call.
pub const ROUTES: &[Route] = &[
    Route { method: Get, path: STATUS, access: Access::AnyKey },
    r(Get, BALANCE, Read),
    r(Get, BALANCES, Read),
    r(Post, USAGE, Spend),
    r(Post, USAGE_BATCH, Spend),
    r(Get, CHECK, Read),
    r(Get, FORECAST, Read),
    r(Post, HOLDS, Spend),
    r(Post, HOLD_SETTLE, Spend),
    r(Post, HOLD_RELEASE, Spend),
    r(Get, HOLD, Read),
    r(Get, HOLDS, Read),
    r(Get, HISTORY, Read),
    r(Get, USAGE, Read),
    r(Get, ADVICE, Read),
    r(Get, ROLLOVER, Read),
    r(Post, PURCHASES, Buy),
    r(Get, PURCHASE_WAIT, Read),
    r(Get, PURCHASES, Read),
    r(Get, PURCHASE, Read),
    r(Post, PURCHASE_CANCEL, Buy),
    r(Post, ENSURE, Buy),
    r(Post, RECONCILE, Admin),
    r(Get, AUTO_TOPUP, Read),
    r(Put, AUTO_TOPUP, Admin),
    r(Delete, AUTO_TOPUP, Admin),
    r(Get, AUTO_TOPUP_SIMULATE, Read),
    r(Get, SEATS, Read),
    r(Post, SEATS, Admin),
    r(Delete, SEAT, Admin),
    r(Put, SEAT_LIMIT, Admin),
    r(Get, PLAN, Read),
    r(Get, PLANS, Read),
    r(Put, PLAN, Admin),
    r(Get, WORKSPACE, Read),
    r(Patch, WORKSPACE, Admin),
    r(Put, WORKSPACE_BUDGET, Admin),
    r(Get, KEYS, Admin),
    r(Post, KEYS, Admin),
    r(Delete, KEY, Admin),
];

/// Finds the route with this method and path template.
pub fn find(method: Method, path: &str) -> Option<Route> {
    ROUTES.iter().copied().find(|r| r.method == method && r.path == path)
}

/// The route that serves `call` remotely; `None`: not available remotely. `Call::Status` is
/// answered by `GET /v1/status` (a [`crate::results::ServerStatus`], not a `DaemonStatus`), and
/// `Call::Rollover` only with `check`.
pub fn route(call: &Call) -> Option<Route> {
    let (method, path) = match call {
        Call::Status {} => (Get, STATUS),
        Call::Balance { all_seats: false, .. } => (Get, BALANCE),
        Call::Balance { all_seats: true, .. } => (Get, BALANCES),
        Call::Spend { .. } => (Post, USAGE),
        Call::SpendBatch { .. } => (Post, USAGE_BATCH),
        Call::Check { .. } => (Get, CHECK),
        Call::Forecast { .. } => (Get, FORECAST),
        Call::HoldCreate { .. } => (Post, HOLDS),
        Call::HoldSettle { .. } => (Post, HOLD_SETTLE),
        Call::HoldRelease { .. } => (Post, HOLD_RELEASE),
        Call::HoldShow { .. } => (Get, HOLD),
        Call::HoldList { .. } => (Get, HOLDS),
        Call::History { .. } => (Get, HISTORY),
        Call::Usage { .. } => (Get, USAGE),
        Call::Advise { .. } => (Get, ADVICE),
        Call::Rollover { check: true } => (Get, ROLLOVER),
        Call::Buy { .. } => (Post, PURCHASES),
        Call::PurchaseWait { .. } => (Get, PURCHASE_WAIT),
        Call::PurchasesList { .. } => (Get, PURCHASES),
        Call::PurchaseShow { .. } => (Get, PURCHASE),
        Call::PurchaseCancel { .. } => (Post, PURCHASE_CANCEL),
        Call::Ensure { .. } => (Post, ENSURE),
        Call::Reconcile { .. } => (Post, RECONCILE),
        Call::AutoTopupShow { .. } => (Get, AUTO_TOPUP),
        Call::AutoTopupSet { .. } => (Put, AUTO_TOPUP),
        Call::AutoTopupOff { .. } => (Delete, AUTO_TOPUP),
        Call::AutoTopupSimulate { .. } => (Get, AUTO_TOPUP_SIMULATE),
        Call::SeatsList { .. } => (Get, SEATS),
        Call::SeatsAdd { .. } => (Post, SEATS),
        Call::SeatsRemove { .. } => (Delete, SEAT),
        Call::SeatsLimit { .. } => (Put, SEAT_LIMIT),
        Call::PlanShow { .. } => (Get, PLAN),
        Call::PlanList {} => (Get, PLANS),
        Call::PlanSet { .. } => (Put, PLAN),
        Call::WorkspaceShow { .. } => (Get, WORKSPACE),
        Call::WorkspaceSet { .. } => (Patch, WORKSPACE),
        Call::WorkspaceBudget { .. } => (Put, WORKSPACE_BUDGET),
        Call::KeysList { .. } => (Get, KEYS),
        Call::KeysCreate { .. } => (Post, KEYS),
        Call::KeysRevoke { .. } => (Delete, KEY),
        Call::Hello { .. }
        | Call::Stop {}
        | Call::Rollover { check: false }
        | Call::WorkspaceList { .. }
        | Call::WorkspaceAdd { .. }
        | Call::WorkspaceUse { .. }
        | Call::Verify {}
        | Call::Backup { .. }
        | Call::ConfigShow {}
        | Call::SeatsToken { .. }
        | Call::WebhooksAdd { .. }
        | Call::WebhooksList { .. }
        | Call::WebhooksRemove { .. }
        | Call::WebhooksTest { .. }
        | Call::WebhooksDeliveries { .. }
        | Call::WebhooksReplay { .. }
        | Call::AlertsSet { .. }
        | Call::AlertsList { .. }
        | Call::BillingLogin {} => return None,
    };
    find(method, path)
}

/// The key scope `call` needs remotely: `Some(Some(scope))`, `Some(None)` for any valid key,
/// `None` when the call is not available remotely.
pub fn key_scope(call: &Call) -> Option<Option<KeyScope>> {
    route(call).map(|r| match r.access {
        Access::AnyKey => None,
        Access::Scope(s) => Some(s),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::Scope;

    #[test]
    fn every_remote_call_has_a_listed_route() {
        let s = Scope::default;
        let call = Call::Buy {
            scope: s(),
            amount_cents: credits_core::Cents::new(100),
            card_on_file: true,
            idempotency_key: None,
        };
        assert_eq!(route(&call), Some(r(Post, PURCHASES, Buy)));
        assert_eq!(key_scope(&Call::Status {}), Some(None));
        assert_eq!(key_scope(&Call::KeysList { scope: s() }), Some(Some(Admin)));
        assert_eq!(route(&Call::Rollover { check: false }), None);
        assert_eq!(route(&Call::Rollover { check: true }).map(|r| r.path), Some(ROLLOVER));
        assert_eq!(route(&Call::Verify {}), None);
        // No two routes share a method and path.
        for (i, a) in ROUTES.iter().enumerate() {
            assert!(ROUTES[i + 1..].iter().all(|b| (a.method, a.path) != (b.method, b.path)), "{a:?}");
        }
    }
}

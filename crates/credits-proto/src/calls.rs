//! Every call the daemon answers, one variant each, with its parameters. The method name is the
//! variant in snake_case; each call's result type is in [`crate::results`] (its table maps
//! calls to results).

use credits_core::keys::KeyScope;
use credits_core::{Cents, Credits};
use serde::{Deserialize, Serialize};

pub use credits_core::records::Scope;

/// The answer to [`Call::BillingLogin`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingLink {
    /// The login link: usable once, for a short time.
    pub url: String,
}

/// A call and its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", content = "params", rename_all = "snake_case")]
pub enum Call {
    /// Version handshake; a [`crate::results::Hello`].
    Hello { protocol: u32, client_version: String },
    /// Daemon facts: a [`crate::results::DaemonStatus`].
    Status {},
    /// Stops the daemon after answering.
    Stop {},
    /// One seat's balance (a `Balance`), or with `all_seats` one page of every seat's (a
    /// [`crate::page::SeatBalancesPage`]: seats by name after `cursor`, at most `limit`).
    Balance {
        #[serde(flatten)]
        scope: Scope,
        #[serde(default)]
        all_seats: bool,
        #[serde(default)]
        cursor: Option<String>,
        #[serde(default)]
        limit: Option<u32>,
    },
    /// Debits usage; fails with `payment_required` when it does not fit.
    Spend {
        #[serde(flatten)]
        scope: Scope,
        amount: Credits,
        #[serde(default)]
        memo: Option<String>,
        #[serde(default)]
        idempotency_key: Option<String>,
    },
    /// Debits a batch of usage events (at most [`credits_core::ledger::MAX_BATCH`]), each decided
    /// on its own, in order, in one transaction: a [`crate::results::SpendBatchResult`]. Each
    /// event is an object `{"amount", "memo"?, "idempotency_key"?, "seat"?}` (`seat` defaults to
    /// the scope's); events travel as plain JSON and are read one by one, so a malformed event is
    /// answered `invalid_input` alone.
    SpendBatch {
        #[serde(flatten)]
        scope: Scope,
        events: Vec<serde_json::Value>,
    },
    /// Would a spend of `amount` fit? A [`crate::results::CheckResult`]; debits nothing. With
    /// `for_seconds`: would `amount` plus the seat's burn over that long fit what it can spend
    /// now (see [`credits_core::forecast`]).
    Check {
        #[serde(flatten)]
        scope: Scope,
        amount: Credits,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        for_seconds: Option<i64>,
    },
    /// Burn rates and the forecast: a [`crate::results::Forecast`] of the scope's seat, or with
    /// `every_seat` of every seat; the workspace's totals in both.
    Forecast {
        #[serde(flatten)]
        scope: Scope,
        #[serde(default)]
        every_seat: bool,
    },
    /// One page of journal entries, newest first, older than `cursor`: a
    /// [`crate::page::HistoryPage`] of at most `limit` (and [`crate::page::PAGE_ITEMS`]) entries.
    History {
        #[serde(flatten)]
        scope: Scope,
        #[serde(default)]
        since: Option<String>,
        #[serde(default)]
        until: Option<String>,
        #[serde(default)]
        kind: Option<String>,
        #[serde(default)]
        limit: Option<u32>,
        #[serde(default)]
        cursor: Option<String>,
        /// Also count every matching entry when more follow this page (`HistoryPage::total`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        count: bool,
    },
    /// Monthly resets of every workspace. With `check`, reports only; otherwise applies what is
    /// due first. A [`crate::results::RolloverAnswer`], whose `due` lists what is still overdue
    /// after the call.
    Rollover {
        #[serde(default)]
        check: bool,
    },
    /// One page of a workspace's active seats, by name after `cursor`: a
    /// [`crate::page::SeatsPage`] of at most `limit` seats.
    SeatsList {
        #[serde(flatten)]
        scope: Scope,
        #[serde(default)]
        cursor: Option<String>,
        #[serde(default)]
        limit: Option<u32>,
    },
    /// Adds a seat with the current period's full allowance.
    SeatsAdd {
        #[serde(flatten)]
        scope: Scope,
        name: String,
    },
    /// Removes a seat; its included credits expire at once.
    SeatsRemove {
        #[serde(flatten)]
        scope: Scope,
        name: String,
    },
    /// Sets a seat's monthly top-up limit (`"0"`: included credits only) or, with `null`, clears
    /// it. A [`credits_core::records::SeatInfo`].
    SeatsLimit {
        #[serde(flatten)]
        scope: Scope,
        name: String,
        topup_per_month: Option<Credits>,
    },
    /// The workspace's plan and the catalogue entry behind it.
    PlanShow {
        #[serde(flatten)]
        scope: Scope,
    },
    /// Every plan on offer.
    PlanList {},
    /// Changes the plan from the next period, or at once with `now`.
    PlanSet {
        #[serde(flatten)]
        scope: Scope,
        plan: String,
        #[serde(default)]
        now: bool,
    },
    /// One page of the workspaces, by name after `cursor`: a [`crate::page::WorkspacesPage`] of
    /// at most `limit`.
    WorkspaceList {
        #[serde(default)]
        cursor: Option<String>,
        #[serde(default)]
        limit: Option<u32>,
    },
    /// Creates a workspace whose first seat is `user`.
    WorkspaceAdd {
        name: String,
        #[serde(default)]
        plan: Option<String>,
        #[serde(default)]
        tz: Option<String>,
        #[serde(default)]
        user: Option<String>,
    },
    /// Makes a workspace the default.
    WorkspaceUse { name: String },
    /// One workspace's settings.
    WorkspaceShow {
        #[serde(flatten)]
        scope: Scope,
    },
    /// Changes a workspace's time zone or Stripe customer.
    WorkspaceSet {
        #[serde(flatten)]
        scope: Scope,
        #[serde(default)]
        tz: Option<String>,
        #[serde(default)]
        stripe_customer: Option<String>,
    },
    /// Sets the monthly top-up budget of all the workspace's seats together or, with `null`,
    /// clears it. A [`credits_core::records::WorkspaceInfo`].
    WorkspaceBudget {
        #[serde(flatten)]
        scope: Scope,
        topup_per_month: Option<Credits>,
    },
    /// Recomputes balances from the journal and checks the hash chain.
    Verify {},
    /// Writes a verified snapshot of the ledger to `path` (absolute, a new file on the daemon's
    /// machine) while the daemon keeps serving; a [`crate::results::SnapshotReport`]. Not served
    /// remotely.
    Backup { path: std::path::PathBuf },
    /// The daemon's effective configuration, secrets redacted.
    ConfigShow {},
    // Seat tokens and holds (what the HTTP API serves).
    /// Creates seat `name`'s HTTP API token, or replaces it with `rotate` (the answer is the only
    /// time the token is shown); with `revoke`, removes it. A [`crate::results::SeatToken`].
    SeatsToken {
        #[serde(flatten)]
        scope: Scope,
        name: String,
        #[serde(default)]
        rotate: bool,
        #[serde(default)]
        revoke: bool,
    },
    // Workspace API keys (HTTP credentials for CI and services, with scopes).
    /// Creates API key `name` with `scopes`, valid for `expires_in_seconds` (none: never
    /// expires); a [`crate::results::KeyCreated`], the only time the token is shown.
    KeysCreate {
        #[serde(flatten)]
        scope: Scope,
        name: String,
        scopes: Vec<KeyScope>,
        #[serde(default)]
        expires_in_seconds: Option<i64>,
    },
    /// The workspace's keys, never their tokens; a [`crate::results::KeyList`].
    KeysList {
        #[serde(flatten)]
        scope: Scope,
    },
    /// Deletes key `name` (its token stops working); the key as it was (`KeyInfo`), or
    /// `not_found`.
    KeysRevoke {
        #[serde(flatten)]
        scope: Scope,
        name: String,
    },
    // Notifications: webhook endpoints and low-balance alerts (local socket only).
    /// Adds a webhook endpoint for `events` (empty: every type); a
    /// [`crate::results::WebhookCreated`], the only time its signing secret is shown.
    WebhooksAdd {
        #[serde(flatten)]
        scope: Scope,
        url: String,
        #[serde(default)]
        events: Vec<String>,
    },
    /// The workspace's endpoints (never their secrets); a [`crate::results::WebhookList`].
    WebhooksList {
        #[serde(flatten)]
        scope: Scope,
    },
    /// Removes endpoint `id`; the endpoint as it was.
    WebhooksRemove {
        #[serde(flatten)]
        scope: Scope,
        id: String,
    },
    /// Sends a `webhook.test` event to endpoint `id`; a [`crate::results::EventQueued`].
    WebhooksTest {
        #[serde(flatten)]
        scope: Scope,
        id: String,
    },
    /// The newest delivery attempts to endpoint `id`; a [`crate::results::DeliveryLog`].
    WebhooksDeliveries {
        #[serde(flatten)]
        scope: Scope,
        id: String,
    },
    /// Sends event `event` again to every endpoint that wants it; a [`crate::results::EventQueued`].
    WebhooksReplay {
        #[serde(flatten)]
        scope: Scope,
        event: String,
    },
    /// Sets (`below`) or, with `off`, removes the low-balance alert of `scope.seat` (none: the
    /// workspace's total); a [`crate::results::AlertList`] of the workspace's alerts after it.
    AlertsSet {
        #[serde(flatten)]
        scope: Scope,
        #[serde(default)]
        below: Option<Credits>,
        #[serde(default)]
        off: bool,
    },
    /// The workspace's alerts; a [`crate::results::AlertList`].
    AlertsList {
        #[serde(flatten)]
        scope: Scope,
    },
    /// Reserves `amount` (included first, then top-up) for `ttl_seconds` (default: the configured
    /// hold TTL); a [`crate::results::HoldReceipt`], or `payment_required`.
    HoldCreate {
        #[serde(flatten)]
        scope: Scope,
        amount: Credits,
        #[serde(default)]
        ttl_seconds: Option<i64>,
        #[serde(default)]
        memo: Option<String>,
        #[serde(default)]
        idempotency_key: Option<String>,
    },
    /// Consumes up to the held amount of hold `id` and releases the rest.
    HoldSettle {
        #[serde(flatten)]
        scope: Scope,
        id: String,
        amount: Credits,
        #[serde(default)]
        idempotency_key: Option<String>,
    },
    /// One page of open holds of the workspace (only `scope.seat`'s when it names one), soonest
    /// to expire first: a [`crate::page::HoldsPage`] of at most `limit` holds.
    HoldList {
        #[serde(flatten)]
        scope: Scope,
        #[serde(default)]
        cursor: Option<String>,
        #[serde(default)]
        limit: Option<u32>,
    },
    /// Hold `id` of the workspace, open or closed: a [`credits_core::records::Hold`].
    HoldShow {
        #[serde(flatten)]
        scope: Scope,
        id: String,
    },
    /// Releases hold `id` entirely.
    HoldRelease {
        #[serde(flatten)]
        scope: Scope,
        id: String,
        #[serde(default)]
        idempotency_key: Option<String>,
    },
    /// A single-use login link to the billing page: `{url}`.
    BillingLogin {},
    // Purchases: top-ups bought through Stripe.
    /// Buys a top-up of `amount_cents`: on the card on file (answers once Stripe decided), or by
    /// hosted checkout (answers at once with the pending purchase and its `checkout_url`).
    Buy {
        #[serde(flatten)]
        scope: Scope,
        amount_cents: Cents,
        #[serde(default)]
        card_on_file: bool,
        /// Makes a retry safe: a buy with a key already used in the workspace answers that
        /// purchase instead of charging again (`idempotency_error` when the amount or
        /// `card_on_file` differ).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        idempotency_key: Option<String>,
    },
    /// Waits up to `timeout_ms` for a purchase to end; a [`crate::results::PurchaseAnswer`]
    /// either way.
    PurchaseWait {
        #[serde(flatten)]
        scope: Scope,
        id: String,
        #[serde(default)]
        timeout_ms: Option<u64>,
    },
    /// One page of a workspace's purchases, newest first, after `cursor`: a
    /// [`crate::page::PurchasesPage`] of at most `limit`.
    PurchasesList {
        #[serde(flatten)]
        scope: Scope,
        #[serde(default)]
        limit: Option<u32>,
        #[serde(default)]
        cursor: Option<String>,
    },
    /// One purchase.
    PurchaseShow {
        #[serde(flatten)]
        scope: Scope,
        id: String,
    },
    /// Cancels a purchase whose checkout is still open (the session is expired at Stripe).
    PurchaseCancel {
        #[serde(flatten)]
        scope: Scope,
        id: String,
    },
    /// Buys `amount_cents` only if spendable credits are below `min`; concurrent calls for one
    /// workspace buy at most once. An [`crate::results::EnsureAnswer`].
    Ensure {
        #[serde(flatten)]
        scope: Scope,
        min: Credits,
        amount_cents: Cents,
        #[serde(default)]
        card_on_file: bool,
        /// Passed to the purchase it starts: a retry with the same key answers that purchase.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        idempotency_key: Option<String>,
    },
    /// The workspace's auto top-up rule (`rule` is null when off): a [`crate::results::AutoTopup`].
    AutoTopupShow {
        #[serde(flatten)]
        scope: Scope,
    },
    /// Sets the auto top-up rule: below `below` credits, buy `amount_cents` on the card on file,
    /// at most `monthly_limit_cents` per month.
    AutoTopupSet {
        #[serde(flatten)]
        scope: Scope,
        below: Credits,
        amount_cents: Cents,
        monthly_limit_cents: Cents,
    },
    /// The auto top-up dry run: what the workspace's rule (or the rule given) would do over the
    /// next `days` (1 to 92) at the current burn. An [`crate::results::AutoTopupSimulation`].
    AutoTopupSimulate {
        #[serde(flatten)]
        scope: Scope,
        days: u32,
        /// A rule to try instead of the workspace's (all three of `below`, `amount_cents`,
        /// `monthly_limit_cents`, or none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        below: Option<Credits>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount_cents: Option<Cents>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        monthly_limit_cents: Option<Cents>,
    },
    /// Turns auto top-up off.
    AutoTopupOff {
        #[serde(flatten)]
        scope: Scope,
    },
    /// Burn per month and pool over the last `months` periods.
    Usage {
        #[serde(flatten)]
        scope: Scope,
        #[serde(default)]
        months: Option<u32>,
    },
    /// Top up or upgrade? The figures behind the answer.
    Advise {
        #[serde(flatten)]
        scope: Scope,
    },
    /// Compares the workspace's purchases with what Stripe shows paid for its customer (the
    /// PaymentIntents and Checkout Sessions carrying our purchase metadata), created at or after
    /// `since` (RFC 3339, or a date or time without offset in the workspace's zone; all when
    /// absent). With `fix`, credits each payment Stripe shows paid that the ledger has not
    /// credited, exactly once, as a webhook would. A [`crate::results::ReconcileReport`].
    Reconcile {
        #[serde(flatten)]
        scope: Scope,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<String>,
        #[serde(default)]
        fix: bool,
    },
}

/// [`Call::Spend`]'s params with the scope's fields spelled out, for [`Call::decode_raw`].
#[derive(Deserialize)]
struct SpendParams {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    seat: Option<String>,
    #[serde(default)]
    user: Option<String>,
    amount: Credits,
    #[serde(default)]
    memo: Option<String>,
    #[serde(default)]
    idempotency_key: Option<String>,
}

/// [`Call::SpendBatch`]'s params with the scope's fields spelled out, for [`Call::decode_raw`].
#[derive(Deserialize)]
struct SpendBatchParams {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    seat: Option<String>,
    #[serde(default)]
    user: Option<String>,
    events: Vec<serde_json::Value>,
}

impl Call {
    /// The JSON-RPC method name.
    pub fn method(&self) -> String {
        match serde_json::to_value(self) {
            Ok(v) => v.get("method").and_then(|m| m.as_str()).unwrap_or_default().to_owned(),
            Err(_) => String::new(),
        }
    }

    /// Decodes a call from a request's method and params.
    pub fn decode(method: &str, params: serde_json::Value) -> Result<Call, serde_json::Error> {
        use serde::de::value::MapDeserializer;
        let params = if params.is_null() { serde_json::Value::Object(Default::default()) } else { params };
        // The two fields read as a map without building a JSON object of them first (every
        // socket call comes through here).
        let fields = [("method", serde_json::Value::String(method.to_owned())), ("params", params)];
        Call::deserialize(MapDeserializer::new(fields.into_iter()))
    }

    /// Decodes a call from a request's method and its params as sent (`None`: absent or null).
    /// The metered calls, `spend` and `spend_batch`, are read straight into their fields:
    /// `flatten` (the scope) reads through a buffered copy of every field, a batch's events
    /// included, and that was most of their decoding. Params that way does not read go through
    /// [`Call::decode`], so errors are the same for every call.
    pub fn decode_raw(method: &str, params: Option<&serde_json::value::RawValue>) -> Result<Call, serde_json::Error> {
        if let Some(raw) = params {
            match method {
                "spend" => {
                    if let Ok(p) = serde_json::from_str::<SpendParams>(raw.get()) {
                        let SpendParams { workspace, seat, user, amount, memo, idempotency_key } = p;
                        let scope = Scope { workspace, seat, user };
                        return Ok(Call::Spend { scope, amount, memo, idempotency_key });
                    }
                }
                "spend_batch" => {
                    if let Ok(p) = serde_json::from_str::<SpendBatchParams>(raw.get()) {
                        let SpendBatchParams { workspace, seat, user, events } = p;
                        return Ok(Call::SpendBatch { scope: Scope { workspace, seat, user }, events });
                    }
                }
                _ => {}
            }
        }
        let params = match params {
            Some(raw) => serde_json::from_str(raw.get())?,
            None => serde_json::Value::Null,
        };
        Call::decode(method, params)
    }

    /// Encodes into `(method, params)`.
    pub fn encode(&self) -> (String, serde_json::Value) {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        let method = v.get("method").and_then(|m| m.as_str()).unwrap_or_default().to_owned();
        let params = v.get_mut("params").map(serde_json::Value::take).unwrap_or_default();
        (method, params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_method_and_params() {
        let call = Call::Spend {
            scope: Scope { workspace: Some("w".into()), seat: None, user: Some("u".into()) },
            amount: Credits::from_millis(12_500),
            memo: None,
            idempotency_key: Some("k".into()),
        };
        let (m, p) = call.encode();
        assert_eq!(m, "spend");
        assert_eq!(p["amount"], "12.5");
        assert_eq!(Call::decode(&m, p).unwrap(), call);
        assert_eq!(Call::decode("stop", serde_json::Value::Null).unwrap(), Call::Stop {});
        assert!(Call::decode("nope", serde_json::Value::Null).is_err());
        let bad = serde_json::json!({"amount": "1.0001"});
        assert!(Call::decode("check", bad).is_err());
    }

    /// `decode_raw` reads `spend` and `spend_batch` on a path of their own: it must agree with
    /// `decode` on every params, answers and errors alike.
    #[test]
    fn raw_decoding_agrees_with_decoding() {
        let cases = [
            r#"{"workspace":"w","user":"u","amount":"0.001"}"#,
            r#"{"workspace":"w","seat":"s","amount":"12.5","memo":"m","idempotency_key":"k"}"#,
            r#"{"amount":12,"seat":null,"unknown":[1,2]}"#,
            r#"{"amount":"1.0001"}"#,
            r#"{"amount":1.5}"#,
            r#"{"amount":"-1"}"#,
            r#"{"memo":"no amount"}"#,
            r#"{"amount":"1","amount":"2"}"#,
            r#"{"amount":"1","workspace":7}"#,
            r#"{"workspace":"w","user":"u","events":[{"amount":"0.001"},{"amount":2,"seat":"s"},7]}"#,
            r#"{"events":[]}"#,
            r#"{"events":{"amount":"1"}}"#,
            r#"{"events":[{"amount":"1"}],"events":[]}"#,
            r#"[1]"#,
            r#""spend""#,
            r#"null"#,
            r#"{}"#,
        ];
        for method in ["spend", "spend_batch", "check", "balance", "hello", "nope"] {
            for params in cases {
                let raw = serde_json::value::RawValue::from_string(params.to_owned()).unwrap();
                let value: serde_json::Value = serde_json::from_str(params).unwrap();
                let raw = if value.is_null() { None } else { Some(&*raw) };
                let fast = Call::decode_raw(method, raw).map_err(|e| e.to_string());
                let slow = Call::decode(method, value).map_err(|e| e.to_string());
                assert_eq!(fast, slow, "{method} {params}");
            }
        }
    }
}

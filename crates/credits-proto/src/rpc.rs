//! JSON-RPC 2.0 envelopes and the error vocabulary shared by socket and CLI.

pub use credits_core::remedy::Remedy;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A request line. `params` is decoded into a [`crate::Call`] by the daemon.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    pub jsonrpc: String,
    #[serde(default)]
    pub id: Value,
    pub method: String,
    #[serde(default)]
    pub params: Value,
}

/// A response line: exactly one of `result` and `error`. Clients read the result as a
/// [`Value`]; the daemon writes it as already-encoded JSON (`Box<RawValue>`), so an answer is
/// serialized once instead of built as a tree and then serialized.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Response<R = Value> {
    pub jsonrpc: String,
    pub id: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<R>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<RpcError>,
}

impl<R> Response<R> {
    pub fn ok(id: Value, result: R) -> Response<R> {
        Response { jsonrpc: "2.0".into(), id, result: Some(result), error: None }
    }

    /// An error answer for a result of type `R` (the daemon's raw answers).
    pub fn err_with(id: Value, error: RpcError) -> Response<R> {
        Response { jsonrpc: "2.0".into(), id, result: None, error: Some(error) }
    }
}

impl Response {
    pub fn err(id: Value, error: RpcError) -> Response {
        Response::err_with(id, error)
    }
}

/// A JSON-RPC error with our stable `type` in `data`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<ErrorData>,
}

/// Machine-readable detail of an application error.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorData {
    #[serde(rename = "type")]
    pub kind: ErrorType,
    /// The balance at the time of a `payment_required` refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<Box<credits_core::records::Balance>>,
    /// For `payment_required`: the monthly top-up limit that refused it (buying does not help).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<credits_core::limits::TopupLimit>,
    /// What the user can do next, in words, when the daemon has something to say that no
    /// [`Remedy`] names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// What the user can do next, by name: the client words it (the CLI as a command).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Remedy>,
    /// For `payment_required`: the billing page link for the refused seat (a 402's `buy_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buy_url: Option<String>,
    /// The purchase the error is about (a failed or uncertain charge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase: Option<String>,
}

/// The stable error types: part of the JSON contract, never renamed. Scripts match on these
/// names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorType {
    PaymentRequired,
    InvalidInput,
    NotFound,
    PaymentFailed,
    StripeUnavailable,
    DaemonUnreachable,
    /// An idempotency key reused with different parameters (reported as invalid input by exit code).
    IdempotencyError,
    Conflict,
    /// No credential, or one that is invalid, expired or revoked (HTTP 401).
    Unauthorized,
    /// A credential without the scope the request needs (HTTP 403).
    Forbidden,
    /// The ledger's database file is damaged (`PRAGMA quick_check`): writes are refused.
    LedgerCorrupt,
    /// The ledger's storage failed (disk full, I/O error): nothing was changed; retry later.
    Unavailable,
    Internal,
}

impl ErrorType {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::PaymentRequired => "payment_required",
            ErrorType::InvalidInput => "invalid_input",
            ErrorType::NotFound => "not_found",
            ErrorType::PaymentFailed => "payment_failed",
            ErrorType::StripeUnavailable => "stripe_unavailable",
            ErrorType::DaemonUnreachable => "daemon_unreachable",
            ErrorType::IdempotencyError => "idempotency_error",
            ErrorType::Conflict => "conflict",
            ErrorType::Unauthorized => "unauthorized",
            ErrorType::Forbidden => "forbidden",
            ErrorType::LedgerCorrupt => "ledger_corrupt",
            ErrorType::Unavailable => "unavailable",
            ErrorType::Internal => "internal",
        }
    }
}

/// JSON-RPC's reserved codes, plus one for application errors.
pub mod codes {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    pub const INVALID_PARAMS: i64 = -32602;
    pub const INTERNAL: i64 = -32603;
    /// An application error; `data.type` says which.
    pub const APPLICATION: i64 = -32000;
}

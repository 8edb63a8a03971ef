//! The local-socket protocol between the CLI and the daemon: JSON-RPC 2.0, one JSON object per
//! line, at most [`MAX_MESSAGE_BYTES`] per request and [`MAX_ANSWER_BYTES`] per answer. The first call is `hello`, which carries
//! [`PROTOCOL_VERSION`] so a CLI can tell it is talking to an incompatible daemon. The HTTP API
//! serves the same calls and results as REST routes ([`rest`]).

pub mod calls;
pub mod frame;
pub mod page;
pub mod rest;
pub mod results;
pub mod rpc;

pub use calls::Call;
pub use rpc::{ErrorData, ErrorType, Request, Response, RpcError};

/// Bumped on any incompatible change to [`Call`] or the result shapes.
pub const PROTOCOL_VERSION: u32 = 3;

/// Largest request line accepted, in bytes (and the budget of paged answers, see [`page`]).
pub const MAX_MESSAGE_BYTES: usize = 1024 * 1024;

/// Largest answer line, in bytes. Larger than a request's: a batch's answer repeats each
/// event's memo in its entries and adds a balance per event, so a full 1 MiB batch of 1,000
/// events answers in at most about 3 MiB.
pub const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

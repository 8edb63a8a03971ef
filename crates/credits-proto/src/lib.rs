//! The local-socket protocol between the CLI and the daemon: JSON-RPC 2.0, one JSON object per
//! line, at most [`MAX_MESSAGE_BYTES`] per line. The first call is `hello`, which carries
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

/// Largest request or response line accepted, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 1024 * 1024;

//! The local socket: a Unix domain socket (0600, in a 0700 directory) or a Windows named pipe.
//! One JSON-RPC request per line; requests on one connection run concurrently and answers carry
//! their request's id. Garbage gets a JSON-RPC error, never a crash. In-flight requests are
//! bounded per connection and daemon-wide, so a client that never reads its answers stalls only
//! itself.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use credits_proto::rpc::codes;
use credits_proto::{ErrorData, ErrorType, MAX_ANSWER_BYTES, MAX_MESSAGE_BYTES, Request, Response, RpcError};
use interprocess::local_socket::tokio::{Listener, prelude::*};
use interprocess::local_socket::{GenericFilePath, ListenerOptions};
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::{Semaphore, mpsc};

use crate::app::App;
use crate::backoff::AcceptBackoff;
use crate::rpc::{self, Answer};

/// Binds the socket, replacing a stale one: this ledger's lock proves no daemon of *this* ledger
/// owns it, but a socket that answers belongs to a daemon of another ledger (two data
/// directories sharing a runtime directory), and a path that is not a socket is someone's file:
/// both are refused, never removed.
pub fn bind(path: &Path) -> anyhow::Result<Listener> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if !meta.file_type().is_socket() {
                anyhow::bail!("{} exists and is not a socket; refusing to replace it", path.display());
            }
        }
        #[cfg(not(unix))]
        let _ = meta;
        if path.to_fs_name::<GenericFilePath>().ok().is_some_and(|name| {
            <interprocess::local_socket::Stream as interprocess::local_socket::traits::Stream>::connect(name).is_ok()
        }) {
            anyhow::bail!(
                "another process (a daemon of another ledger?) is listening on {}; give this ledger its own \
                 socket with --socket or STUDIO_CREDITS_SOCKET",
                path.display()
            );
        }
        let _ = std::fs::remove_file(path);
    }
    let name = path.to_fs_name::<GenericFilePath>().context("invalid socket path")?;
    let opts = ListenerOptions::new().name(name);
    #[cfg(unix)]
    let opts = {
        use interprocess::os::unix::local_socket::ListenerOptionsExt;
        opts.mode(0o600)
    };
    let listener = opts.create_tokio().with_context(|| format!("cannot listen on {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot restrict {}", path.display()))?;
    }
    Ok(listener)
}

/// Accepts connections until the daemon stops. Failed accepts (out of descriptors) back off and
/// are logged at a bounded rate.
pub async fn serve(app: Arc<App>, listener: Listener) {
    let mut backoff = AcceptBackoff::new("socket");
    loop {
        match listener.accept().await {
            Ok(conn) => {
                backoff.succeeded();
                tokio::spawn(handle(app.clone(), conn));
            }
            Err(e) => backoff.failed(&e).await,
        }
    }
}

/// Requests one connection may have in flight (being answered or answered but not yet
/// written). The reader waits for a slot, so a client that pipelines without reading its answers
/// stops being read instead of growing the daemon's memory. As many as a pipelining client
/// usefully keeps in flight (credits-bench's window): they fill one group commit.
const MAX_IN_FLIGHT_PER_CONNECTION: usize = 256;
/// Requests answered at once across all connections; bounds work and memory under a flood while
/// the queue stays fair (first come, first served) to other clients.
const MAX_IN_FLIGHT: usize = 1024;
/// Answers waiting for the writer. When the client does not read, the writer blocks, this fills,
/// and the request tasks (holding their connection's slots) wait with it.
const ANSWER_QUEUE: usize = 64;

static IN_FLIGHT: Semaphore = Semaphore::const_new(MAX_IN_FLIGHT);

async fn handle(app: Arc<App>, conn: interprocess::local_socket::tokio::Stream) {
    let (recv, mut send) = tokio::io::split(conn);
    let mut reader = BufReader::new(recv);
    // (answer line, whether the daemon stops once it is written)
    let (tx, mut rx) = mpsc::channel::<(Vec<u8>, bool)>(ANSWER_QUEUE);
    let slots = Arc::new(Semaphore::new(MAX_IN_FLIGHT_PER_CONNECTION));
    let stopper = app.clone();
    let writer = tokio::spawn(async move {
        let mut out = Vec::new();
        while let Some(first) = rx.recv().await {
            // Answers that are ready together leave in one write (pipelining clients); at most
            // the queue's worth, so this buffer is bounded too.
            let mut then_stop = false;
            let mut next = Some(first);
            while let Some((line, stop)) = next {
                out.extend_from_slice(&line);
                out.push(b'\n');
                then_stop |= stop;
                next = if then_stop { None } else { rx.try_recv().ok() };
            }
            let sent = send.write_all(&out).await.and(send.flush().await);
            out.clear();
            out.shrink_to(64 * 1024);
            if then_stop {
                // `stop` is answered before the daemon goes away, so the caller hears it.
                stopper.stop();
            }
            if sent.is_err() {
                break;
            }
        }
    });
    loop {
        // A slot first, then the line: while the connection's slots are taken, nothing more is
        // read from it and the client's writes block in its own socket buffer.
        let Ok(slot) = slots.clone().acquire_owned().await else { break };
        match read_line(&mut reader, MAX_MESSAGE_BYTES).await {
            Ok(Some(line)) => {
                let Ok(turn) = IN_FLIGHT.acquire().await else { break };
                let (app, tx) = (app.clone(), tx.clone());
                tokio::spawn(async move {
                    // Boxed: the dispatch future is large, and the task would otherwise copy it
                    // in and out of its cell for every request.
                    let (response, then_stop) = Box::pin(answer(&app, &line)).await;
                    // The daemon-wide turn ends with the work; the connection's slot only once
                    // the answer is queued for its writer.
                    drop(turn);
                    drop(line);
                    let _ = tx.send((encode(&response), then_stop)).await;
                    drop(slot);
                });
            }
            Ok(None) => break,
            Err(LineError::TooLong) => {
                let e = RpcError {
                    code: codes::INVALID_REQUEST,
                    message: format!("message larger than {MAX_MESSAGE_BYTES} bytes"),
                    data: None,
                };
                let _ = tx.send((serde_json::to_vec(&Response::err(Value::Null, e)).unwrap_or_default(), false)).await;
                break;
            }
            Err(LineError::Io) => break,
        }
    }
    drop(tx);
    let _ = writer.await;
}

/// A request line as read on the fast path: the params stay text, read once into their call.
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    jsonrpc: Cow<'a, str>,
    #[serde(default)]
    id: Value,
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(default, borrow)]
    params: Option<&'a RawValue>,
}

/// Answers one request line; the flag is true when it was a successful `stop`, after which the
/// daemon shuts down once the answer is written.
async fn answer(app: &Arc<App>, line: &[u8]) -> (Response<Answer>, bool) {
    // A well-formed request decodes in one pass; anything else takes the slow path below, which
    // finds the id to answer with and says what is wrong.
    if let Ok(req) = serde_json::from_slice::<Line>(line)
        && req.jsonrpc == "2.0"
    {
        return dispatch(app, req.id, &req.method, req.params).await;
    }
    let err =
        |id: Value, code, message: String| (Response::err_with(id, RpcError { code, message, data: None }), false);
    let value: Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => return err(Value::Null, codes::PARSE_ERROR, format!("parse error: {e}")),
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    let req: Request = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(e) => return err(id, codes::INVALID_REQUEST, format!("invalid request: {e}")),
    };
    if req.jsonrpc != "2.0" {
        return err(id, codes::INVALID_REQUEST, "invalid request: jsonrpc must be \"2.0\"".into());
    }
    let params = match req.params {
        Value::Null => None,
        params => match serde_json::value::to_raw_value(&params) {
            Ok(raw) => Some(raw),
            Err(e) => return err(req.id, codes::INVALID_PARAMS, format!("invalid params: {e}")),
        },
    };
    dispatch(app, req.id, &req.method, params.as_deref()).await
}

async fn dispatch(app: &Arc<App>, id: Value, method: &str, params: Option<&RawValue>) -> (Response<Answer>, bool) {
    let response = rpc::dispatch(app, id, method, params).await;
    let stop = method == "stop" && response.error.is_none();
    (response, stop)
}

/// The answer's line. One that would break the frame limit becomes a JSON-RPC error naming the
/// limit, so the caller learns why instead of losing the connection. List calls are paged and
/// never get here; this guards every other answer.
fn encode(response: &Response<Answer>) -> Vec<u8> {
    let line = serde_json::to_vec(response).unwrap_or_default();
    if line.len() <= MAX_ANSWER_BYTES {
        return line;
    }
    tracing::warn!(bytes = line.len(), "answer larger than the frame limit; sent an error instead");
    let e = RpcError {
        code: codes::INTERNAL,
        message: format!(
            "the answer ({} bytes) is larger than the {MAX_ANSWER_BYTES}-byte limit of one message",
            line.len()
        ),
        data: Some(ErrorData {
            kind: ErrorType::Internal,
            balance: None,
            limit: None,
            hint: Some("list answers are paged and never this large; please report the command that got this".into()),
            buy_url: None,
            remedy: None,
            purchase: None,
        }),
    };
    serde_json::to_vec(&Response::err(response.id.clone(), e)).unwrap_or_default()
}

enum LineError {
    TooLong,
    Io,
}

/// Reads one line of at most `max` bytes; `Ok(None)` at a clean end of stream.
async fn read_line<R: AsyncBufRead + Unpin>(r: &mut R, max: usize) -> Result<Option<Vec<u8>>, LineError> {
    let mut line = Vec::new();
    loop {
        let buf = r.fill_buf().await.map_err(|_| LineError::Io)?;
        if buf.is_empty() {
            return Ok(if line.is_empty() { None } else { Some(line) });
        }
        if let Some(pos) = buf.iter().position(|b| *b == b'\n') {
            line.extend_from_slice(&buf[..pos]);
            r.consume(pos + 1);
            return if line.len() > max { Err(LineError::TooLong) } else { Ok(Some(line)) };
        }
        let n = buf.len();
        line.extend_from_slice(buf);
        r.consume(n);
        if line.len() > max {
            return Err(LineError::TooLong);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_answer_becomes_an_error_naming_the_limit() {
        let raw = |v: Value| serde_json::value::to_raw_value(&v).unwrap();
        let small = Response::ok(Value::from(1), raw(Value::from("ok")));
        assert_eq!(encode(&small), serde_json::to_vec(&small).unwrap());
        let big = Response::ok(Value::from(2), raw(Value::from("x".repeat(MAX_ANSWER_BYTES))));
        let line = encode(&big);
        assert!(line.len() < 1024);
        let answer: Response = serde_json::from_slice(&line).unwrap();
        assert_eq!(answer.id, Value::from(2));
        let error = answer.error.unwrap();
        assert!(error.message.contains(&format!("{MAX_ANSWER_BYTES}-byte limit")), "{}", error.message);
        assert_eq!(error.data.unwrap().kind, ErrorType::Internal);
    }

    /// Every request's future is moved several times on its way into its task, so its size is
    /// paid on every call: the metered calls must not carry the rare calls' large states.
    #[test]
    fn a_request_future_stays_small() {
        fn size<'a, Fut>(_: fn(&'a Arc<App>, &'a [u8]) -> Fut) -> usize {
            std::mem::size_of::<Fut>()
        }
        let bytes = size(answer);
        assert!(bytes <= 2048, "socket::answer's future is {bytes} bytes");
    }
}

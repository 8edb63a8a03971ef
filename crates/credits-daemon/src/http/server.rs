//! The HTTP accept loop and connections (hyper's HTTP/1 server under the axum router), with the
//! limits that keep one client from locking everyone else out:
//!
//! - a cap on connections served at once: at the cap the loop stops accepting, so further
//!   connections wait in the kernel's backlog and cost the daemon no descriptor; the cap leaves
//!   descriptors for the local socket and the database (see [`crate::fds`]);
//! - a header timeout: a request's head must arrive within it, counted from the connection's
//!   opening or its previous answer (a slow-header "slowloris" client is closed);
//! - an idle timeout: a connection with no request in flight that moves no bytes either way is
//!   closed (idle keep-alive connections, and clients that never read their answer);
//! - with TLS ([`super::tls`]), the handshake must finish within the header timeout too, so a
//!   client that opens a connection and stalls its handshake frees its slot; a client speaking
//!   plain HTTP to the TLS port gets a plain 400 saying to use https, and is closed;
//! - accept errors back off ([`crate::backoff`]) instead of spinning and flooding the log.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio_rustls::TlsAcceptor;
use tower::Service;

use crate::backoff::{self, AcceptBackoff};

/// Largest request head (request line and headers) hyper reads; a larger one gets hyper's own
/// empty 431. The router answers JSON 414/431 well below this (see `layers::head_limits`).
pub const MAX_HEAD: usize = 64 * 1024;

/// The connection limits in effect.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

/// The first byte of a TLS handshake record; anything else on the TLS port is not TLS.
const TLS_HANDSHAKE: u8 = 0x16;

/// The answer to plain HTTP on the TLS port (the connection is closed after it).
fn plain_on_tls() -> String {
    let body = "{\"error\":{\"type\":\"invalid_input\",\"message\":\"this port serves HTTPS: use https:// instead of http://\"}}\n";
    format!(
        "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Accepts and serves connections until the daemon stops; connections still open are then
/// asked to finish their request and close. With `tls`, every connection is HTTPS.
pub async fn run(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    tls: Option<TlsAcceptor>,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).max_buf_size(MAX_HEAD);
    let mut accept_backoff = AcceptBackoff::new("HTTP");
    let mut full_reported: Option<Instant> = None;
    loop {
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                if full_reported.is_none_or(|at| at.elapsed() >= backoff::REPORT_EVERY) {
                    tracing::warn!(
                        max_connections = limits.max_connections,
                        "HTTP connection cap reached; new connections wait (http.max_connections)"
                    );
                    full_reported = Some(Instant::now());
                }
                tokio::select! {
                    slot = slots.clone().acquire_owned() => match slot {
                        Ok(slot) => slot,
                        Err(_) => return,
                    },
                    _ = stop.changed() => return,
                }
            }
        };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.changed() => return,
        };
        match accepted {
            Ok((stream, _)) => {
                accept_backoff.succeeded();
                let conn = Connection {
                    builder: builder.clone(),
                    router: router.clone(),
                    limits,
                    tls: tls.clone(),
                    _slot: slot,
                };
                tokio::spawn(conn.serve(stream, stop.clone()));
            }
            Err(e) => accept_backoff.failed(&e).await,
        }
    }
}

/// The address a request's connection came from (behind a reverse proxy: the proxy's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

/// One accepted connection; its slot frees when it is dropped.
struct Connection {
    builder: http1::Builder,
    router: Router,
    limits: Limits,
    tls: Option<TlsAcceptor>,
    _slot: OwnedSemaphorePermit,
}

impl Connection {
    async fn serve(mut self, stream: TcpStream, stop: watch::Receiver<bool>) {
        let _ = stream.set_nodelay(true);
        // The peer's address, for the per-address limits of failed authentications.
        let peer = stream.peer_addr().ok().map(|a| ClientAddr(a.ip()));
        let activity = Arc::new(Activity::new());
        let Some(acceptor) = self.tls.take() else {
            let io = Tracked { inner: stream, activity: activity.clone() };
            return self.serve_http(io, peer, activity, stop).await;
        };
        let handshake = async {
            let mut first = [0u8; 1];
            if !matches!(stream.peek(&mut first).await, Ok(1)) {
                return None;
            }
            let mut io = Tracked { inner: stream, activity: activity.clone() };
            if first[0] != TLS_HANDSHAKE {
                // Most likely `http://` to an HTTPS port: say so rather than send TLS garbage.
                let _ = io.write_all(plain_on_tls().as_bytes()).await;
                let _ = io.shutdown().await;
                // Read what the client sent until it closes (bounded by the timeout below):
                // closing with unread bytes resets the connection, which can make the client
                // lose the answer.
                let (mut sink, mut left) = ([0u8; 4096], MAX_HEAD);
                while let Ok(n @ 1..) = io.read(&mut sink).await {
                    left = left.saturating_sub(n);
                    if left == 0 {
                        break;
                    }
                }
                return None;
            }
            match acceptor.accept(io).await {
                Ok(tls) => Some(tls),
                Err(e) => {
                    tracing::debug!(error = %e, "TLS handshake failed");
                    None
                }
            }
        };
        // The handshake counts as the first request's head: a client that stalls it is closed.
        let tls = match tokio::time::timeout(self.limits.header_timeout, handshake).await {
            Ok(Some(tls)) => tls,
            Ok(None) => return,
            Err(_) => {
                tracing::debug!("TLS handshake timed out (http.header_timeout_seconds)");
                return;
            }
        };
        self.serve_http(tls, peer, activity, stop).await;
    }

    /// Serves HTTP/1 over `io` (plain or TLS), which notes its transfers in `activity`; every
    /// request carries `peer`, the client's address.
    async fn serve_http<I>(
        self,
        io: I,
        peer: Option<ClientAddr>,
        activity: Arc<Activity>,
        mut stop: watch::Receiver<bool>,
    ) where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let io = TokioIo::new(io);
        let (router, busy) = (self.router, activity.clone());
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            if let Some(p) = peer {
                req.extensions_mut().insert(p);
            }
            let guard = Busy::new(busy.clone());
            let answer = router.clone().call(req);
            async move {
                let resp = answer.await;
                drop(guard);
                resp
            }
        });
        let conn = self.builder.serve_connection(io, service);
        tokio::pin!(conn);
        let idle = self.limits.idle_timeout;
        let mut stopping = *stop.borrow();
        if stopping {
            conn.as_mut().graceful_shutdown();
        }
        loop {
            tokio::select! {
                // Errors here are the client's (reset, bad request already answered, timeout).
                _ = conn.as_mut() => return,
                _ = stop.changed(), if !stopping => {
                    stopping = true;
                    conn.as_mut().graceful_shutdown();
                }
                _ = tokio::time::sleep(activity.idle_left(idle)) => {
                    if activity.idle_left(idle).is_zero() {
                        // Nothing in flight: dropping the connection closes it and loses nothing.
                        return;
                    }
                }
            }
        }
    }
}

/// When a connection last moved bytes, and how many of its requests are being answered.
#[derive(Debug)]
struct Activity {
    start: Instant,
    /// Milliseconds after `start`.
    last: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
        Activity { start: Instant::now(), last: AtomicU64::new(0), in_flight: AtomicUsize::new(0) }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(ms, Ordering::Relaxed);
    }

    /// How long until the connection counts as idle (zero: it is); a full period while a
    /// request is being answered.
    fn idle_left(&self, idle: Duration) -> Duration {
        if self.in_flight.load(Ordering::Relaxed) > 0 {
            return idle;
        }
        let quiet = self.start.elapsed().saturating_sub(Duration::from_millis(self.last.load(Ordering::Relaxed)));
        idle.saturating_sub(quiet)
    }
}

/// Marks a request in flight for as long as it lives.
struct Busy(Arc<Activity>);

impl Busy {
    fn new(a: Arc<Activity>) -> Busy {
        a.in_flight.fetch_add(1, Ordering::Relaxed);
        Busy(a)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        // The idle period starts when the answer is ready, not when the request arrived.
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The connection's stream, noting every transfer in its [`Activity`].
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        r
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_plain_http_answer_on_the_tls_port_is_well_formed_json() {
        let answer = super::plain_on_tls();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 "));
        assert!(head.contains(&format!("content-length: {}", body.len())), "{head}");
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["error"]["type"], "invalid_input");
    }
}

//! Remote mode's transport: every [`Call`] as the central daemon's REST request (the route
//! table below, the same one the server serves), sent with the workspace API key over HTTP(S),
//! and its answer or error read back into the very values the socket answers, so every command
//! works unchanged. Calls the HTTP API does not offer are refused before anything is sent.

use std::time::Duration;

use credits_config::{RemoteSettings, Secret};
use credits_core::records::Balance;
use credits_core::remedy::Remedy;
use credits_proto::results::ServerStatus;
use credits_proto::{Call, PROTOCOL_VERSION, rest};
use reqwest::Method;
use reqwest::blocking::Response;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::deadline::{self, Timeouts};
use crate::error::CliError;
use crate::exit::Kind;
use crate::http_client::{self, ClientOptions};

/// The HTTP method's reqwest value.
fn method_of(m: rest::Method) -> Method {
    match m {
        rest::Method::Get => Method::GET,
        rest::Method::Post => Method::POST,
        rest::Method::Put => Method::PUT,
        rest::Method::Patch => Method::PATCH,
        rest::Method::Delete => Method::DELETE,
    }
}

/// One call as an HTTP request. Pure data, so the mapping is testable without a server.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub verb: rest::Method,
    /// The path's segments, not yet percent-encoded.
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    pub body: Option<Map<String, Value>>,
    pub idempotency_key: Option<String>,
}

/// The `studio-credits …` words of a call the HTTP API does not serve.
fn command_words(call: &Call) -> String {
    let words = match call {
        Call::Stop {} => "daemon stop",
        Call::Status {} | Call::Hello { .. } => "daemon status",
        Call::Rollover { .. } => "rollover",
        Call::BillingLogin {} => "open",
        Call::ConfigShow {} => "config show",
        Call::SeatsToken { .. } => "seats token",
        _ => return call.method().replace('_', " "),
    };
    words.to_owned()
}

/// The refusal of `studio-credits {words}` in remote mode (exit 2): it needs the server's machine.
pub fn not_remote(words: &str) -> CliError {
    CliError::invalid(format!(
        "`studio-credits {words}` is not available in remote mode; run it on the server's machine"
    ))
    .with_hint("remote mode is on because of --server, STUDIO_CREDITS_SERVER or [client] server in the config file")
}

/// `--store` in remote mode: the server's daemon chose its ledger; this machine has none to pick.
pub fn store_refused() -> CliError {
    CliError::invalid("--store chooses a local daemon's ledger and is refused in remote mode: the server keeps its own")
        .with_hint("drop --store, or leave remote mode (--server, STUDIO_CREDITS_SERVER or [client] server) to use a local daemon")
}

/// The request for `call` (its route from the shared table, `credits_proto::rest`; fields not in
/// the path travel as query parameters for GET and DELETE, else in the JSON body), or the
/// refusal of a call the HTTP API does not serve.
pub fn request_for(call: &Call) -> Result<Request, CliError> {
    let Some(rest::Route { method: verb, path, .. }) = rest::route(call) else {
        return Err(not_remote(&command_words(call)));
    };
    let (method, params) = call.encode();
    let mut fields = match params {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    // The OS user picks the caller's own seat on the socket; a key's workspace has no such user.
    // `all_seats` and `check` chose the route.
    for implied in ["user", "all_seats", "check"] {
        fields.remove(implied);
    }
    fields.retain(|_, v| !v.is_null());
    // One request may hold the connection only so long; the CLI asks again until the wait ends.
    if let (Call::PurchaseWait { .. }, Some(Value::Number(ms))) = (call, fields.get("timeout_ms")) {
        let capped = ms.as_u64().unwrap_or(0).min(rest::MAX_REMOTE_WAIT_MS);
        fields.insert("timeout_ms".into(), Value::from(capped));
    }
    let idempotency_key = match fields.remove("idempotency_key") {
        Some(Value::String(k)) => Some(k),
        _ => None,
    };
    let mut segments = Vec::new();
    for part in path.trim_start_matches('/').split('/') {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(field) => match fields.remove(field) {
                Some(Value::String(v)) => segments.push(v),
                _ => return Err(CliError::internal(format!("`{method}` has no {field} for its path"))),
            },
            None => segments.push(part.to_owned()),
        }
    }
    let (query, body) = if verb.has_query() {
        (fields.into_iter().map(|(k, v)| (k, query_text(v))).collect(), None)
    } else {
        (Vec::new(), Some(fields))
    };
    Ok(Request { verb, segments, query, body, idempotency_key })
}

/// A query parameter's text: strings as they are (credits are decimal strings), others as JSON.
fn query_text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// A central daemon, reached over HTTP(S) with a workspace API key.
pub struct Remote {
    http: reqwest::blocking::Client,
    base: reqwest::Url,
    token: Secret,
    timeouts: Timeouts,
    /// The server's URL as configured, for messages.
    pub server: String,
    /// The handshake's answer (`None` only while it is being made).
    status: Option<ServerStatus>,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote").field("server", &self.server).field("token", &self.token).finish_non_exhaustive()
    }
}

impl Remote {
    /// Checks the URL and the key, builds the client and does the handshake (`GET /v1/status`).
    pub fn connect(settings: &RemoteSettings, timeouts: Timeouts) -> Result<Remote, CliError> {
        let server = settings.server.clone();
        http_client::check_url(&server, settings.insecure_http)?;
        let Some(token) = settings.token.clone() else {
            return Err(CliError::new(
                Kind::Unauthorized,
                format!("remote mode ({server}) needs a workspace API key, and none is set"),
            )
            .with_hint(
                "set STUDIO_CREDITS_TOKEN to a key (`studio-credits keys create NAME --scope …` on the server's \
                 machine makes one), or put it in [client] token of a config file only you can read (chmod 600)",
            ));
        };
        // A key pasted into a CI secret often ends with a newline; no key has spaces in it.
        let token = Secret::new(token.expose().trim());
        if token.expose().is_empty() || token.expose().chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(CliError::new(
                Kind::Unauthorized,
                "the API key is empty or has spaces or control characters in it",
            )
            .with_hint("set STUDIO_CREDITS_TOKEN (or [client] token) to the key exactly as `keys create` printed it"));
        }
        let base = reqwest::Url::parse(&server).map_err(|e| CliError::invalid(format!("{server:?}: {e}")))?;
        let opts = ClientOptions {
            ca_cert: settings.ca_cert.clone(),
            insecure_http: settings.insecure_http,
            timeout: timeouts.read,
        };
        let http = http_client::build(&opts)?;
        let mut remote = Remote { http, base, token, timeouts, server, status: None };
        remote.status = Some(remote.get_status()?);
        Ok(remote)
    }

    /// The handshake's answer: the server's version and who the key is.
    pub fn status(&self) -> Option<&ServerStatus> {
        self.status.as_ref()
    }

    fn get_status(&self) -> Result<ServerStatus, CliError> {
        let handshake = Call::Status {};
        let req = request_for(&handshake)?;
        let v = self.send(&handshake, &req, self.timeouts.read)?;
        // A server of another version may answer differently: its protocol decides.
        let protocol = v.get("protocol").and_then(Value::as_u64).unwrap_or(0);
        if protocol != u64::from(PROTOCOL_VERSION) {
            let version = v.get("version").and_then(Value::as_str).unwrap_or("unknown");
            return Err(CliError::new(
                Kind::DaemonUnreachable,
                format!(
                    "the server at {} (version {version}) speaks protocol {protocol}, this CLI speaks {PROTOCOL_VERSION}",
                    self.server
                ),
            )
            .with_hint("use the CLI of the server's version on this machine"));
        }
        serde_json::from_value(v).map_err(|e| unexpected(&self.server, e))
    }

    /// Sends `call` and returns its result as the socket would, or the server's error.
    pub fn call(&self, call: &Call) -> Result<Value, CliError> {
        let req = request_for(call)?;
        let mut v = self.send(call, &req, self.timeouts.budget(call))?;
        Ok(v.take())
    }

    fn url(&self, req: &Request) -> Result<reqwest::Url, CliError> {
        let mut url = self.base.clone();
        url.set_query(None);
        url.path_segments_mut()
            .map_err(|()| CliError::invalid(format!("{:?} is not a server URL", self.server)))?
            .pop_if_empty()
            .extend(&req.segments);
        if !req.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&req.query);
        }
        Ok(url)
    }

    /// Sends `req` (for `call`, which words a lost answer) within `budget`.
    fn send(&self, call: &Call, req: &Request, budget: Duration) -> Result<Value, CliError> {
        let url = self.url(req)?;
        let mut builder = self
            .http
            .request(method_of(req.verb), url)
            .timeout(budget)
            .bearer_auth(self.token.expose())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(key) = &req.idempotency_key {
            builder = builder.header(rest::IDEMPOTENCY_KEY, key);
        }
        if let Some(body) = &req.body {
            builder = builder.json(body);
        }
        let resp = builder.send().map_err(|e| self.transport(call, budget, &e))?;
        self.answer(call, budget, resp)
    }

    /// A response as the call's result (2xx) or as the error the socket would have answered.
    fn answer(&self, call: &Call, budget: Duration, resp: Response) -> Result<Value, CliError> {
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().map_err(|e| self.transport(call, budget, &e))?;
        if status.is_success() {
            let mut v: Value = serde_json::from_slice(&bytes).map_err(|e| unexpected(&self.server, e))?;
            if let (Call::Spend { .. }, Value::Object(m)) = (call, &mut v) {
                // A spend's result is the receipt plus whether it was replayed, which HTTP says
                // in a header.
                let replayed =
                    header(&headers, rest::IDEMPOTENT_REPLAYED).is_some_and(|h| h.eq_ignore_ascii_case("true"));
                m.insert("replayed".into(), Value::Bool(replayed));
            }
            return Ok(v);
        }
        Err(http_error(&self.server, call, status.as_u16(), &headers, &bytes))
    }

    /// A request that got no answer: a timeout, a refused connection, an untrusted certificate.
    fn transport(&self, call: &Call, budget: Duration, e: &reqwest::Error) -> CliError {
        let server = &self.server;
        if e.is_timeout() {
            if matches!(call, Call::Status {}) {
                return CliError::new(
                    Kind::DaemonUnreachable,
                    format!("the server at {server} did not answer within {}", deadline::seconds(budget)),
                )
                .with_hint("nothing was sent to it but the handshake, so nothing changed; check the server and the network; `--timeout SECONDS` waits longer");
            }
            return deadline::timed_out_remote(call, budget, server);
        }
        let why = causes(e);
        if tls_problem(&why) {
            return CliError::new(
                Kind::DaemonUnreachable,
                format!("cannot reach the server at {server} securely: TLS: {why}"),
            )
            .with_hint(format!(
                "nothing was sent; if the server's certificate comes from a private CA, set {} to that CA's \
                 PEM bundle (the built-in public roots are trusted already)",
                http_client::CA_CERT_ENV
            ));
        }
        if e.is_connect() {
            return CliError::new(Kind::DaemonUnreachable, format!("cannot reach the server at {server}: {why}"))
                .with_hint("nothing was sent; check the URL (--server / STUDIO_CREDITS_SERVER), that the daemon runs there, and the network");
        }
        let lost =
            CliError::new(Kind::DaemonUnreachable, format!("lost the connection to the server at {server}: {why}"));
        match deadline::timed_out_remote(call, budget, server).hint {
            Some(h) if !matches!(call, Call::Status {}) => lost.with_hint(h),
            _ => lost,
        }
    }
}

/// What went wrong below reqwest's own message (which names the URL, said already): the
/// innermost cause, e.g. "Connection refused (os error 111)" or "invalid peer certificate:
/// UnknownIssuer".
fn causes(e: &reqwest::Error) -> String {
    let mut innermost = None;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        innermost = Some(s.to_string());
        source = s.source();
    }
    innermost.unwrap_or_else(|| e.to_string())
}

/// Whether a transport failure is the TLS handshake's (an untrusted or wrong certificate).
fn tls_problem(why: &str) -> bool {
    let why = why.to_ascii_lowercase();
    ["certificate", "tls", "handshake", "unknownissuer", "peer sent"].iter().any(|w| why.contains(w))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn unexpected(server: &str, e: impl std::fmt::Display) -> CliError {
    CliError::internal(format!("unexpected answer from the server at {server}: {e}"))
        .with_hint("the server may be another version of studio-credits than this CLI")
}

/// The error object of an HTTP error answer.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ErrorBody {
    #[serde(rename = "type")]
    kind: String,
    message: String,
    hint: Option<String>,
    remedy: Option<Remedy>,
    purchase: Option<String>,
    balance: Option<Box<Balance>>,
    buy_url: Option<String>,
    limit: Option<credits_core::limits::TopupLimit>,
    scope: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ErrorEnvelope {
    error: Option<ErrorBody>,
}

/// An HTTP error answer as the CLI's error, with the kind (so the exit code) and remedy wording
/// the same call gets over the socket.
fn http_error(server: &str, call: &Call, status: u16, headers: &HeaderMap, body: &[u8]) -> CliError {
    let parsed = serde_json::from_slice::<ErrorEnvelope>(body).ok().and_then(|e| e.error);
    // A gateway error without the daemon's JSON comes from a proxy in front of it: the daemon
    // is down or not answering, exactly as an unreachable server.
    if parsed.is_none() && matches!(status, 502..=504) {
        return CliError::new(
            Kind::DaemonUnreachable,
            format!("the server at {server} answered HTTP {status} without the daemon's answer: a proxy in front of it cannot reach it"),
        )
        .with_hint("check that the daemon behind the proxy is running (`studio-credits daemon status` on its machine)");
    }
    let err = parsed.unwrap_or_default();
    let by_status = match status {
        400 | 413 | 422 => Kind::InvalidInput,
        401 => Kind::Unauthorized,
        402 => Kind::PaymentRequired,
        403 => Kind::Forbidden,
        404 => Kind::NotFound,
        409 => Kind::Conflict,
        502 => Kind::StripeUnavailable,
        429 | 503 => Kind::Unavailable,
        _ => Kind::Internal,
    };
    let kind = serde_json::from_value::<Kind>(Value::String(err.kind.clone())).unwrap_or(by_status);
    let message =
        if err.message.is_empty() { format!("the server at {server} answered HTTP {status}") } else { err.message };
    let words = (command_words(call), server);
    let hint = match (kind, err.remedy) {
        (_, Some(remedy)) => Some(crate::error::remedy_words(remedy, err.purchase.as_deref())),
        // Only a refused debit offers buying, as on the socket.
        (Kind::PaymentRequired, None) if err.balance.is_some() => {
            Some(crate::error::remedy_hint(Remedy::BuyCredits).to_owned())
        }
        (Kind::Unauthorized, _) => Some(format!(
            "check STUDIO_CREDITS_TOKEN (or [client] token): the key for {} may be mistyped, expired or revoked; \
             `studio-credits keys list` on the server's machine shows its keys",
            words.1
        )),
        (Kind::Forbidden, _) => Some(match err.scope {
            Some(scope) => format!(
                "`studio-credits {}` needs a key with the '{scope}' scope: create one on the server's machine with \
                 `studio-credits keys create NAME --scope …,{scope}`",
                words.0
            ),
            None => "use a key of the workspace it belongs to, with the scope the command needs".to_owned(),
        }),
        _ if status == 429 => {
            let after = header(headers, RETRY_AFTER.as_str()).unwrap_or("a few");
            return CliError::new(Kind::Unavailable, format!("{message}; retry in {after} s"))
                .with_hint("the server limits requests per key and failed authentications per address (its [http] key_rate_per_second, key_burst)");
        }
        _ if err.kind == "method_not_allowed"
            || (status == 404 && err.remedy.is_none() && message.starts_with("no such route")) =>
        {
            let what = match call {
                Call::Status {} => format!("remote mode (GET {})", rest::STATUS),
                _ => format!("`studio-credits {}`", words.0),
            };
            return CliError::new(
                Kind::InvalidInput,
                format!("the server at {server} does not serve {what} ({message})"),
            )
            .with_hint("the server may be an older version of studio-credits than this CLI; upgrade it");
        }
        _ => err.hint,
    };
    CliError { kind, message, hint, balance: err.balance, buy_url: err.buy_url, limit: err.limit, remedy: err.remedy }
}

#[cfg(test)]
mod tests {
    use super::*;
    use credits_core::{Cents, Credits};
    use credits_proto::calls::Scope;

    fn scope(seat: Option<&str>) -> Scope {
        Scope { workspace: None, seat: seat.map(str::to_owned), user: Some("runner".into()) }
    }

    #[test]
    fn calls_become_rest_requests() {
        let spend = Call::Spend {
            scope: scope(Some("ci")),
            amount: Credits::from_millis(12_500),
            memo: Some("job".into()),
            idempotency_key: Some("k1".into()),
        };
        let r = request_for(&spend).unwrap();
        assert_eq!((r.verb, r.segments.join("/")), (rest::Method::Post, "v1/usage".to_owned()));
        assert_eq!(r.idempotency_key.as_deref(), Some("k1"));
        let body = Value::Object(r.body.unwrap());
        assert_eq!(body, serde_json::json!({"seat": "ci", "amount": "12.5", "memo": "job"}));
        let check =
            request_for(&Call::Check { scope: scope(None), amount: Credits::from_millis(100_000), for_seconds: None })
                .unwrap();
        assert_eq!((check.verb, check.query), (rest::Method::Get, vec![("amount".to_owned(), "100".to_owned())]));
        let all = Call::Balance { scope: scope(None), all_seats: true, cursor: Some("b".into()), limit: Some(5) };
        let r = request_for(&all).unwrap();
        assert_eq!(r.segments.join("/"), "v1/balances");
        assert_eq!(r.query, vec![("cursor".to_owned(), "b".to_owned()), ("limit".to_owned(), "5".to_owned())]);
        let settle = Call::HoldSettle {
            scope: scope(None),
            id: "hold_a/b".into(),
            amount: Credits::from_millis(0),
            idempotency_key: None,
        };
        let r = request_for(&settle).unwrap();
        assert_eq!(r.segments, ["v1", "holds", "hold_a/b", "settle"]);
        assert_eq!(Value::Object(r.body.unwrap()), serde_json::json!({"amount": "0"}));
        let remove = request_for(&Call::SeatsRemove { scope: scope(None), name: "bob".into() }).unwrap();
        assert_eq!((remove.verb, remove.segments.join("/")), (rest::Method::Delete, "v1/seats/bob".to_owned()));
        let buy = Call::Buy {
            scope: scope(None),
            amount_cents: Cents::new(2000),
            card_on_file: true,
            idempotency_key: Some("buy-1".into()),
        };
        let r = request_for(&buy).unwrap();
        assert_eq!(Value::Object(r.body.unwrap()), serde_json::json!({"amount_cents": 2000, "card_on_file": true}));
        assert_eq!(r.idempotency_key.as_deref(), Some("buy-1"));
        let wait = Call::PurchaseWait { scope: scope(None), id: "pur_1".into(), timeout_ms: Some(300_000) };
        let r = request_for(&wait).unwrap();
        let capped = rest::MAX_REMOTE_WAIT_MS.to_string();
        assert_eq!(
            (r.segments.join("/"), r.query),
            ("v1/purchases/pur_1/wait".to_owned(), vec![("timeout_ms".to_owned(), capped)])
        );
        let r = request_for(&Call::Rollover { check: true }).unwrap();
        assert_eq!((r.segments.join("/"), r.query.len()), ("v1/rollover".to_owned(), 0));
    }

    #[test]
    fn calls_the_http_api_does_not_serve_are_refused_naming_the_command() {
        for (call, words) in [
            (Call::Rollover { check: false }, "rollover"),
            (Call::Verify {}, "verify"),
            (Call::Stop {}, "daemon stop"),
            (Call::WorkspaceList { cursor: None, limit: None }, "workspace list"),
            (Call::WorkspaceUse { name: "w".into() }, "workspace use"),
            (Call::BillingLogin {}, "open"),
            (Call::SeatsToken { scope: scope(None), name: "a".into(), rotate: false, revoke: false }, "seats token"),
        ] {
            let e = request_for(&call).unwrap_err();
            assert_eq!(e.kind, Kind::InvalidInput, "{words}");
            assert!(
                e.message.contains(&format!("`studio-credits {words}` is not available in remote mode")),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn http_errors_keep_the_sockets_kinds_and_wording() {
        let spend =
            Call::Spend { scope: scope(None), amount: Credits::from_millis(1), memo: None, idempotency_key: None };
        let none = HeaderMap::new();
        let body =
            br#"{"error":{"type":"not_found","message":"no seat 'x'","remedy":"list_seats","hint":"http words"}}"#;
        let e = http_error("https://s", &spend, 404, &none, body);
        assert_eq!((e.kind, e.hint.as_deref()), (Kind::NotFound, Some(crate::error::remedy_hint(Remedy::ListSeats))));
        let e = http_error(
            "https://s",
            &spend,
            403,
            &none,
            br#"{"error":{"type":"forbidden","message":"this key lacks the 'spend' scope","scope":"spend"}}"#,
        );
        assert_eq!(e.exit_code(), crate::exit::NOT_AUTHORIZED);
        assert!(e.hint.unwrap().contains("'spend' scope"));
        assert_eq!(http_error("https://s", &spend, 401, &none, b"not json").exit_code(), crate::exit::NOT_AUTHORIZED);
        let mut retry = HeaderMap::new();
        retry.insert(RETRY_AFTER, "7".parse().unwrap());
        let e = http_error(
            "https://s",
            &spend,
            429,
            &retry,
            br#"{"error":{"type":"rate_limited","message":"too many requests"}}"#,
        );
        assert!(e.message.ends_with("retry in 7 s"), "{}", e.message);
    }
}

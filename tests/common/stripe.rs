//! A local Stripe for integration tests: `localstripe` (from PyPI) plus the
//! Checkout Sessions, fault injection and request log of
//! `tests/stripe_emulator/`.
//!
//! ```ignore
//! let stripe = StripeEmulator::start();          // 127.0.0.1, a free port
//! // point the daemon at it: stripe.api_base = stripe.base_url, key SECRET_KEY
//! let customer = stripe.create_customer_with_card("pm_card_visa");
//! stripe.register_webhook("http://127.0.0.1:PORT/webhook", "whsec_test");
//! stripe.inject_fault(&Fault::after("/v1/payment_intents").method("POST"));
//! ```
//!
//! The Python side runs in a venv provisioned once under
//! `target/stripe-emulator-venv` (see [`ensure_venv`]). Every emulator is its
//! own process with its own in-memory state, killed when the
//! [`StripeEmulator`] is dropped (also when the test panics).
#![allow(dead_code)]

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The secret key the emulator accepts (any `sk_…` works there).
pub const SECRET_KEY: &str = "sk_test_12345";

/// How long the emulator may take to print `LISTENING <port>`.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// Read/write timeout of one HTTP exchange with the emulator.
const HTTP_TIMEOUT: Duration = Duration::from_secs(30);

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn emulator_dir() -> PathBuf {
    workspace_root().join("tests").join("stripe_emulator")
}

// ---------------------------------------------------------------------------
// The venv.

/// Returns the venv holding localstripe (`target/stripe-emulator-venv`, from
/// `tests/stripe_emulator/requirements.txt`), creating it on first use (see
/// [`venv::ensure`](super::venv::ensure)).
pub fn ensure_venv() -> PathBuf {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(|| {
        super::venv::ensure(
            "stripe-emulator-venv",
            "tests/stripe_emulator/requirements.txt",
            "import localstripe.server",
        )
    })
    .clone()
}

// ---------------------------------------------------------------------------
// The emulator process.

/// One running emulator (its own process, its own state).
pub struct StripeEmulator {
    /// `http://127.0.0.1:<port>`: the `api_base` to give a Stripe client.
    pub base_url: String,
    pub port: u16,
    child: Child,
    log_path: PathBuf,
    log_reported: bool,
}

impl StripeEmulator {
    /// Starts `serve.py --port 0` and waits (up to 30 s) for its
    /// `LISTENING <port>` line; panics with the emulator's log otherwise.
    pub fn start() -> StripeEmulator {
        static STARTED: AtomicU32 = AtomicU32::new(0);
        let venv = ensure_venv();
        let log_dir = workspace_root().join("target").join("stripe-emulator-logs");
        fs::create_dir_all(&log_dir).expect("create target/stripe-emulator-logs");
        let log_path =
            log_dir.join(format!("emulator-{}-{}.log", std::process::id(), STARTED.fetch_add(1, Ordering::Relaxed)));
        let log = File::create(&log_path).unwrap_or_else(|e| panic!("create {}: {e}", log_path.display()));

        let mut child = Command::new(venv.join("bin").join("python"))
            .arg(emulator_dir().join("serve.py"))
            .args(["--port", "0"])
            .current_dir(emulator_dir())
            .env("PYTHONUNBUFFERED", "1")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap_or_else(|e| panic!("spawn the Stripe emulator: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        // From here on, Drop kills the child whatever happens.
        let mut emulator = StripeEmulator { base_url: String::new(), port: 0, child, log_path, log_reported: false };

        // Read stdout on a thread (and keep draining it after the line), so
        // the wait below has a timeout.
        let (tx, rx) = mpsc::channel::<String>();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // Once nobody listens any more, keep draining silently.
                let _ = tx.send(line);
            }
        });

        let deadline = Instant::now() + START_TIMEOUT;
        let mut other_output = Vec::new();
        let port = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => match line.strip_prefix("LISTENING ") {
                    Some(port) => {
                        break port
                            .trim()
                            .parse::<u16>()
                            .unwrap_or_else(|e| emulator.fail(&format!("bad LISTENING line {line:?}: {e}")));
                    }
                    None => other_output.push(line),
                },
                Err(RecvTimeoutError::Timeout) => emulator.fail(&format!(
                    "the Stripe emulator did not print LISTENING within {START_TIMEOUT:?} \
                     (stdout: {other_output:?})"
                )),
                Err(RecvTimeoutError::Disconnected) => {
                    let status = emulator.child.try_wait();
                    emulator.fail(&format!(
                        "the Stripe emulator exited before listening ({status:?}; \
                         stdout: {other_output:?})"
                    ))
                }
            }
        };
        emulator.port = port;
        emulator.base_url = format!("http://127.0.0.1:{port}");
        emulator
    }

    /// The emulator's stderr so far (access log, webhook deliveries, errors).
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    fn fail(&mut self, why: &str) -> ! {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log_reported = true;
        panic!("{why}\n--- emulator log ({})\n{}", self.log_path.display(), self.log());
    }

    // -- raw HTTP ---------------------------------------------------------

    /// One authenticated request (`Authorization: Bearer sk_test_12345`).
    /// `params` go in the query string for GET/DELETE and form-encoded in the
    /// body otherwise (Stripe's encoding: `line_items[0][quantity]=1`).
    pub fn api(&self, method: &str, path: &str, params: &[(&str, &str)]) -> HttpResponse {
        self.api_with_headers(method, path, params, &[])
    }

    /// Like [`api`](Self::api) with extra headers (e.g. `Idempotency-Key`).
    pub fn api_with_headers(
        &self,
        method: &str,
        path: &str,
        params: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> HttpResponse {
        let auth = format!("Bearer {SECRET_KEY}");
        let mut all_headers = vec![("Authorization", auth.as_str())];
        all_headers.extend_from_slice(headers);
        self.raw(method, path, params, &all_headers)
    }

    fn raw(&self, method: &str, path: &str, params: &[(&str, &str)], headers: &[(&str, &str)]) -> HttpResponse {
        let encoded = form_encode(params);
        let (target, body) = if matches!(method, "GET" | "DELETE" | "HEAD") {
            let sep = if path.contains('?') { '&' } else { '?' };
            let target = if encoded.is_empty() { path.to_string() } else { format!("{path}{sep}{encoded}") };
            (target, None)
        } else {
            (path.to_string(), Some(("application/x-www-form-urlencoded", encoded.into_bytes())))
        };
        let body_ref = body.as_ref().map(|(ct, b)| (*ct, b.as_slice()));
        http_request(&format!("127.0.0.1:{}", self.port), method, &target, headers, body_ref)
            .unwrap_or_else(|e| panic!("{method} {target} to the Stripe emulator: {e}"))
    }

    /// GET with the secret key; panics unless 2xx; returns the JSON body.
    pub fn get(&self, path: &str) -> Value {
        self.api("GET", path, &[]).expect_ok("GET", path)
    }

    /// Form POST with the secret key; panics unless 2xx; returns the JSON body.
    pub fn post_form(&self, path: &str, params: &[(&str, &str)]) -> Value {
        self.api("POST", path, params).expect_ok("POST", path)
    }

    // -- Stripe objects ---------------------------------------------------

    /// localstripe's `POST /_config/webhooks/{id}`: every event is POSTed to
    /// `url` about a second after it happens, signed with `secret`
    /// (`Stripe-Signature: t=…,v1=…`). Not retried on failure.
    pub fn register_webhook(&self, url: &str, secret: &str) {
        static HOOKS: AtomicU32 = AtomicU32::new(0);
        let id = format!("wh_test_{}", HOOKS.fetch_add(1, Ordering::Relaxed));
        self.raw("POST", &format!("/_config/webhooks/{id}"), &[("url", url), ("secret", secret)], &[])
            .expect_status(200, "register webhook");
    }

    /// Creates a customer whose default payment method
    /// (`invoice_settings.default_payment_method`) is `card`, attached to it.
    /// `card` is a test payment method id (`pm_card_visa`,
    /// `pm_card_chargeCustomerFail`, …) or a 16-digit test card number
    /// (e.g. `4000002760003184`, which needs authentication). Returns `cus_…`.
    pub fn create_customer_with_card(&self, card: &str) -> String {
        let customer = self.post_form("/v1/customers", &[("email", "buyer@example.com"), ("name", "Test Buyer")]);
        let customer_id = str_field(&customer, "id");
        let pm_id = if card.len() == 16 && card.bytes().all(|b| b.is_ascii_digit()) {
            let pm = self.post_form(
                "/v1/payment_methods",
                &[
                    ("type", "card"),
                    ("card[number]", card),
                    ("card[exp_month]", "12"),
                    ("card[exp_year]", "2034"),
                    ("card[cvc]", "123"),
                ],
            );
            str_field(&pm, "id")
        } else {
            card.to_string()
        };
        let attached = self.post_form(&format!("/v1/payment_methods/{pm_id}/attach"), &[("customer", &customer_id)]);
        // `pm_card_visa` & co. become a new `pm_…` when used.
        let attached_id = str_field(&attached, "id");
        self.post_form(
            &format!("/v1/customers/{customer_id}"),
            &[("invoice_settings[default_payment_method]", attached_id.as_str())],
        );
        customer_id
    }

    /// `POST /v1/checkout/sessions`; panics unless 2xx.
    pub fn create_checkout_session(&self, params: &[(&str, &str)]) -> Value {
        self.post_form("/v1/checkout/sessions", params)
    }

    /// The customer pays the session in the browser with `payment_method`
    /// (`pm_card_visa`, `pm_card_chargeCustomerFail`, a card number…).
    /// Returns the HTTP status: 200 paid (session complete), 402 declined
    /// (session still open).
    pub fn pay_checkout_session(&self, id: &str, payment_method: &str) -> u16 {
        self.pay_checkout_session_response(id, payment_method, true).status
    }

    /// Like [`pay_checkout_session`](Self::pay_checkout_session) with the
    /// whole answer (the session, or the error with `payment_intent` and
    /// `checkout_session`); `authenticate = false` fails 3-D Secure for cards
    /// that need it.
    pub fn pay_checkout_session_response(&self, id: &str, payment_method: &str, authenticate: bool) -> HttpResponse {
        self.raw(
            "POST",
            &format!("/_test/checkout/sessions/{id}/pay"),
            &[("payment_method", payment_method), ("authenticate", if authenticate { "true" } else { "false" })],
            &[],
        )
    }

    /// Stripe's `POST /v1/checkout/sessions/{id}/expire` (status `expired`,
    /// then a `checkout.session.expired` event); panics unless 2xx.
    pub fn expire_checkout_session(&self, id: &str) -> Value {
        self.post_form(&format!("/v1/checkout/sessions/{id}/expire"), &[])
    }

    /// Every PaymentIntent, oldest first, as a Stripe list object
    /// (`{"object": "list", "data": […]}`), paging through the emulator.
    pub fn list_payment_intents(&self) -> Value {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut params = vec![("limit", "100")];
            if let Some(after) = after.as_deref() {
                params.push(("starting_after", after));
            }
            let page = self.api("GET", "/v1/payment_intents", &params).expect_ok("GET", "/v1/payment_intents");
            let data = page["data"].as_array().cloned().unwrap_or_default();
            let has_more = page["has_more"].as_bool().unwrap_or(false);
            after = data.last().map(|pi| str_field(pi, "id"));
            all.extend(data);
            if !has_more || after.is_none() {
                break;
            }
        }
        json!({"object": "list", "url": "/v1/payment_intents", "has_more": false, "data": all})
    }

    // -- faults, request log, idempotency ---------------------------------

    /// Arms a fault for the next `count` matching requests.
    pub fn inject_fault(&self, fault: &Fault) {
        let (mode, delay_ms) = match fault.mode {
            FaultMode::Before => ("before", 0),
            FaultMode::After => ("after", 0),
            FaultMode::Delay(d) => ("delay", d.as_millis() as u64),
        };
        let body = json!({
            "path_prefix": fault.path_prefix,
            "method": fault.method,
            "count": fault.count,
            "mode": mode,
            "status": fault.status,
            "delay_ms": delay_ms,
        })
        .to_string();
        http_request(
            &format!("127.0.0.1:{}", self.port),
            "POST",
            "/_test/faults",
            &[],
            Some(("application/json", body.as_bytes())),
        )
        .expect("POST /_test/faults")
        .expect_status(200, "inject fault");
    }

    /// Disarms every fault.
    pub fn clear_faults(&self) {
        self.raw("DELETE", "/_test/faults", &[], &[]).expect_status(200, "clear faults");
    }

    /// `(method, path)` of every request the emulator received (test routes
    /// excepted), in order.
    pub fn requests_log(&self) -> Vec<(String, String)> {
        self.requests_log_entries().into_iter().map(|r| (r.method, r.path)).collect()
    }

    /// The request log with the `Idempotency-Key` each request carried, the
    /// status the client got and the fault applied, if any.
    pub fn requests_log_entries(&self) -> Vec<LoggedRequest> {
        let log = self.raw("GET", "/_test/requests", &[], &[]).expect_ok("GET", "/_test/requests");
        log["data"]
            .as_array()
            .expect("request log data")
            .iter()
            .map(|r| LoggedRequest {
                method: str_field(r, "method"),
                path: str_field(r, "path"),
                query: r["query"].as_str().unwrap_or("").to_string(),
                idempotency_key: r["idempotency_key"].as_str().map(str::to_string),
                status: r["status"].as_u64().map_or(0, |s| s as u16),
                fault: r["fault"].as_str().map(str::to_string),
                replayed: r["replayed"].as_bool().unwrap_or(false),
            })
            .collect()
    }

    pub fn clear_requests_log(&self) {
        self.raw("DELETE", "/_test/requests", &[], &[]).expect_status(200, "clear request log");
    }

    /// Off by default (localstripe ignores `Idempotency-Key`). On: a POST
    /// retried with the same key gets the first answer back
    /// (`Idempotent-Replayed: true`) without being executed again, as at
    /// Stripe; the same key with other parameters is a 400 `idempotency_error`.
    pub fn set_idempotency(&self, enabled: bool) {
        self.raw("POST", "/_test/idempotency", &[("enabled", if enabled { "true" } else { "false" })], &[])
            .expect_status(200, "set idempotency");
    }
}

impl Drop for StripeEmulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if self.log_reported {
            // Already in the panic message.
        } else if thread::panicking() {
            eprintln!("--- Stripe emulator log ({}):\n{}", self.log_path.display(), self.log());
        } else {
            let _ = fs::remove_file(&self.log_path);
        }
    }
}

/// One entry of the emulator's request log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub idempotency_key: Option<String>,
    /// What the client received (after any fault).
    pub status: u16,
    /// `before`, `after` or `delay` when a fault applied.
    pub fault: Option<String>,
    /// Answered from the idempotency cache.
    pub replayed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultMode {
    /// Answered with the error; the emulator never sees the request.
    Before,
    /// The emulator processes the request, then the answer is replaced by the
    /// error ("Stripe did it but we never heard").
    After,
    /// Held this long, then processed normally.
    Delay(Duration),
}

/// A fault for the next `count` requests whose path starts with
/// `path_prefix` (and whose method is `method`, if set). The error is a
/// Stripe-style `{"error": {"type": "api_error", "message": "injected"}}`.
#[derive(Debug, Clone)]
pub struct Fault {
    pub path_prefix: String,
    pub method: Option<String>,
    pub count: u32,
    pub mode: FaultMode,
    pub status: u16,
}

impl Fault {
    pub fn new(path_prefix: &str, mode: FaultMode) -> Fault {
        Fault { path_prefix: path_prefix.to_string(), method: None, count: 1, mode, status: 500 }
    }
    pub fn before(path_prefix: &str) -> Fault {
        Fault::new(path_prefix, FaultMode::Before)
    }
    pub fn after(path_prefix: &str) -> Fault {
        Fault::new(path_prefix, FaultMode::After)
    }
    pub fn delay(path_prefix: &str, delay: Duration) -> Fault {
        Fault::new(path_prefix, FaultMode::Delay(delay))
    }
    pub fn method(mut self, method: &str) -> Fault {
        self.method = Some(method.to_ascii_uppercase());
        self
    }
    pub fn count(mut self, count: u32) -> Fault {
        self.count = count;
        self
    }
    pub fn status(mut self, status: u16) -> Fault {
        self.status = status;
        self
    }
}

fn str_field(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_else(|| panic!("no string {key:?} in {v}")).to_string()
}

// ---------------------------------------------------------------------------
// A tiny blocking HTTP/1.1 client (one request per connection).

#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    /// The body as JSON (panics if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn expect_status(self, status: u16, what: &str) -> HttpResponse {
        assert_eq!(self.status, status, "{what}: HTTP {} from the Stripe emulator: {}", self.status, self.body);
        self
    }

    pub fn expect_ok(self, method: &str, path: &str) -> Value {
        assert!(
            (200..300).contains(&self.status),
            "{method} {path}: HTTP {} from the Stripe emulator: {}",
            self.status,
            self.body
        );
        self.json()
    }
}

/// `application/x-www-form-urlencoded`, as Stripe's clients send it.
pub fn form_encode(params: &[(&str, &str)]) -> String {
    fn encode(s: &str, out: &mut String) {
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    let mut out = String::new();
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode(k, &mut out);
        out.push('=');
        encode(v, &mut out);
    }
    out
}

/// Sends one request to `addr` (`host:port`) and reads the whole answer.
pub fn http_request(
    addr: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, &[u8])>,
) -> io::Result<HttpResponse> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(HTTP_TIMEOUT))?;
    stream.set_write_timeout(Some(HTTP_TIMEOUT))?;
    let mut request = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    let payload: &[u8] = match body {
        Some((content_type, bytes)) => {
            request.push_str(&format!("Content-Type: {content_type}\r\n"));
            bytes
        }
        None => &[],
    };
    if body.is_some() || !matches!(method, "GET" | "HEAD" | "DELETE") {
        request.push_str(&format!("Content-Length: {}\r\n", payload.len()));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    stream.write_all(payload)?;
    stream.flush()?;

    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw, method == "HEAD")
}

fn parse_response(raw: &[u8], head_only: bool) -> io::Result<HttpResponse> {
    let bad = |why: &str| io::Error::new(io::ErrorKind::InvalidData, why.to_string());
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| bad("no end of headers"))?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|_| bad("non-UTF-8 headers"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status =
        status_line.split(' ').nth(1).and_then(|s| s.parse::<u16>().ok()).ok_or_else(|| bad("bad status line"))?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let find = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let rest = &raw[split + 4..];
    let body: Vec<u8> = if head_only {
        Vec::new()
    } else if find("Transfer-Encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        decode_chunked(rest).ok_or_else(|| bad("bad chunked body"))?
    } else if let Some(len) = find("Content-Length").and_then(|v| v.parse::<usize>().ok()) {
        if rest.len() < len {
            return Err(bad("body shorter than Content-Length"));
        }
        rest[..len].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(HttpResponse { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

fn decode_chunked(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

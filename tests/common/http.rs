//! A minimal HTTP/1.1 client over `std::net::TcpStream` for the end-to-end tests of the daemon's
//! HTTP API: one request per connection (`Connection: close`), bodies by `Content-Length` or
//! chunked. Small on purpose: the tests need exact control of headers and bodies, and no second
//! HTTP stack.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

/// An answer.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    /// The body as JSON (panics with the whole answer when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {self:#?}"))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    /// Asserts the status, showing the answer on failure.
    pub fn expect(self, status: u16) -> Resp {
        assert_eq!(self.status, status, "unexpected status: {self:#?}");
        self
    }

    /// The error object's `type` (panics when the body has none).
    pub fn error_type(&self) -> String {
        self.json()["error"]["type"].as_str().unwrap_or_else(|| panic!("no error type: {self:#?}")).to_owned()
    }
}

/// A client for one daemon, optionally with a seat token.
#[derive(Debug, Clone)]
pub struct Api {
    pub addr: String,
    pub token: Option<String>,
}

impl Api {
    pub fn new(addr: &str, token: Option<&str>) -> Api {
        Api { addr: addr.to_owned(), token: token.map(str::to_owned) }
    }

    pub fn get(&self, path: &str) -> Resp {
        self.send("GET", path, &[], None)
    }

    /// POSTs a JSON body.
    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.send("POST", path, &[], Some(body.to_string().as_bytes()))
    }

    /// POSTs a JSON body with an `Idempotency-Key`.
    pub fn post_key(&self, path: &str, key: &str, body: &Value) -> Resp {
        self.send("POST", path, &[("Idempotency-Key", key)], Some(body.to_string().as_bytes()))
    }

    /// Any request, with the token (if any) and `extra` headers.
    pub fn send(&self, method: &str, path: &str, extra: &[(&str, &str)], body: Option<&[u8]>) -> Resp {
        let auth = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = extra.to_vec();
        if let Some(a) = &auth {
            headers.push(("Authorization", a));
        }
        request(&self.addr, method, path, &headers, body)
    }
}

/// Sends one request and reads the whole answer.
pub fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Resp {
    let mut stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    stream.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        head.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", b.len()));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(body.unwrap_or_default());
    // The server may answer (413, 401) and close before reading all of a body: a failed write is
    // not the end of the exchange, the answer is still there to read.
    let _ = stream.write_all(&out);
    let mut raw = Vec::new();
    if let Err(e) = stream.read_to_end(&mut raw)
        && raw.is_empty()
    {
        panic!("no answer from {addr} to {method} {path}: {e}");
    }
    parse(&raw).unwrap_or_else(|| panic!("unparsable answer to {method} {path}: {:?}", String::from_utf8_lossy(&raw)))
}

/// Sends `raw` bytes as they are (malformed requests included) and reads the whole answer;
/// `None` when the server closed without answering or the answer is not HTTP.
pub fn exchange(addr: &str, raw: &[u8]) -> Option<Resp> {
    let mut stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    let _ = stream.write_all(raw);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    parse(&answer)
}

fn parse(raw: &[u8]) -> Option<Resp> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers.iter().any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked { dechunk(rest)? } else { rest.to_vec() };
    Some(Resp { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

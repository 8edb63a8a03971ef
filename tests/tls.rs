//! HTTPS served by the daemon itself (`[http] tls_cert` / `tls_key`), through the real binary:
//! a CA and a server certificate for 127.0.0.1/localhost made here with rcgen, clients from
//! credits-cli's `http_client` trusting that CA or another one, plain HTTP to the TLS port, a
//! key others can read, a missing certificate, and handshakes that stall.

#![cfg(unix)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::Home;
use common::http::exchange;
use credits_cli::http_client::{self, ClientOptions};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use serde_json::Value;

/// A test certificate authority.
struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        Ca { issuer: CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap() }
    }

    /// Writes this CA's certificate as a PEM bundle at `path`.
    fn write(&self, path: &Path) -> PathBuf {
        std::fs::write(path, self.issuer.pem()).unwrap();
        path.to_owned()
    }

    /// A server certificate for 127.0.0.1 and localhost: (certificate PEM, key PEM).
    fn server(&self) -> (String, String) {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, "studio-credits test server");
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        (cert.pem(), key.serialize_pem())
    }
}

/// Writes `text` to `path` with `mode` (as created: no window where others could read a key).
fn write_mode(path: &Path, text: &str, mode: u32) {
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(mode).open(path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A home whose config serves HTTPS with a certificate of `ca` (paths relative to the config
/// file, key mode `key_mode`), plus `extra` config lines under `[http]`. Not started.
fn tls_home(ca: &Ca, key_mode: u32, extra: &str) -> Home {
    let home = Home::new();
    let dir = home.path().join("tls");
    std::fs::create_dir(&dir).unwrap();
    let (cert, key) = ca.server();
    write_mode(&dir.join("cert.pem"), &cert, 0o644);
    write_mode(&dir.join("key.pem"), &key, key_mode);
    let config = format!("[http]\ntls_cert = \"tls/cert.pem\"\ntls_key = \"tls/key.pem\"\n{extra}");
    std::fs::write(home.path().join("config.toml"), config).unwrap();
    home
}

/// Starts `home`'s daemon and returns its HTTP address.
fn start(home: &Home) -> String {
    home.run(&["daemon", "start"]).expect(0);
    home.http_addr()
}

/// The daemon's `status --json`.
fn status(home: &Home) -> Value {
    home.json(&["daemon", "status"])
}

/// A client that trusts `ca_file` (beside the built-in roots).
fn client(ca_file: Option<&Path>) -> reqwest::blocking::Client {
    let opts =
        ClientOptions { ca_cert: ca_file.map(Path::to_owned), insecure_http: false, timeout: Duration::from_secs(10) };
    http_client::build(&opts).expect("client")
}

/// `GET url` answered 200 with `ok`.
fn healthy(c: &reqwest::blocking::Client, url: &str) {
    let r = c.get(format!("{url}/healthz")).send().unwrap_or_else(|e| panic!("GET {url}/healthz: {e:?}"));
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.text().unwrap(), "ok\n");
}

#[test]
fn the_daemon_serves_https_to_a_client_that_trusts_its_ca() {
    let ca = Ca::new("studio-credits test CA");
    let home = tls_home(&ca, 0o600, "");
    home.run(&["daemon", "start"]).expect(0);
    let s = status(&home);
    assert_eq!(s["http_disabled"], Value::Null, "{s:#}");
    let addr = s["http_addr"].as_str().unwrap().to_owned();
    let url = format!("https://{addr}");
    assert_eq!(s["http_url"], url.as_str(), "{s:#}");
    let human = home.run(&["daemon", "status"]).expect(0).stdout;
    assert!(human.contains(&format!("http     {url}")), "{human}");

    let ca_file = ca.write(&home.path().join("ca.pem"));
    let c = client(Some(&ca_file));
    healthy(&c, &url);
    let port = addr.rsplit(':').next().unwrap();
    healthy(&c, &format!("https://localhost:{port}"));

    // A seat's call, and the 402's buy_url, over https.
    let token = home.json(&["seats", "token", "tester"])["token"].as_str().unwrap().to_owned();
    let b: Value = c.get(format!("{url}/v1/balance")).bearer_auth(&token).send().unwrap().json().unwrap();
    assert_eq!(b["spendable"], "500", "{b}");
    let r = c
        .post(format!("{url}/v1/usage"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(r#"{"amount": "501"}"#)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 402);
    let e: Value = r.json().unwrap();
    let buy_url = e["error"]["buy_url"].as_str().unwrap_or_default();
    assert!(buy_url.starts_with(&format!("{url}/billing/cap/")), "{e}");
    let refused = home.run(&["spend", "501", "--json"]).expect(42).json();
    let buy_url = refused["error"]["buy_url"].as_str().unwrap_or_default();
    assert!(buy_url.starts_with(&format!("{url}/billing/cap/")), "{refused}");
}

#[test]
fn a_client_that_does_not_trust_the_ca_is_refused() {
    let ca = Ca::new("studio-credits test CA");
    let home = tls_home(&ca, 0o600, "");
    let url = format!("https://{}", start(&home));
    let other = Ca::new("another CA").write(&home.path().join("other-ca.pem"));
    for c in [client(Some(&other)), client(None)] {
        let e = c.get(format!("{url}/healthz")).send().expect_err("an unknown issuer is refused");
        let chain = format!("{e:?}");
        assert!(chain.contains("UnknownIssuer"), "the refusal says why: {chain}");
    }
    // The daemon is unharmed.
    healthy(&client(Some(&ca.write(&home.path().join("ca.pem")))), &url);
}

#[test]
fn plain_http_to_the_tls_port_gets_a_clear_400_and_the_daemon_keeps_serving() {
    let ca = Ca::new("studio-credits test CA");
    let home = tls_home(&ca, 0o600, "");
    let addr = start(&home);
    let r = exchange(&addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").expect("an HTTP answer");
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let e = r.json();
    assert_eq!(e["error"]["type"], "invalid_input");
    assert!(e["error"]["message"].as_str().unwrap().contains("https://"), "{e}");
    // Garbage that is not HTTP either is closed as well.
    assert!(exchange(&addr, b"\x00\x01\x02\x03").is_none_or(|r| r.status == 400));
    healthy(&client(Some(&ca.write(&home.path().join("ca.pem")))), &format!("https://{addr}"));
}

#[test]
fn a_key_others_can_read_or_a_missing_certificate_disables_http_with_the_reason() {
    let ca = Ca::new("studio-credits test CA");
    let home = tls_home(&ca, 0o644, "");
    home.run(&["daemon", "start"]).expect(0);
    let s = status(&home);
    let key = home.path().join("tls/key.pem");
    assert_eq!(s["http_addr"], Value::Null, "{s:#}");
    assert_eq!(s["http_url"], Value::Null, "{s:#}");
    assert_eq!(s["http_disabled"]["reason"], "tls", "{s:#}");
    let message = s["http_disabled"]["message"].as_str().unwrap();
    assert!(message.contains(&key.display().to_string()) && message.contains("0644"), "{message}");
    assert!(s["http_disabled"]["hint"].as_str().unwrap().contains("tls_key"), "{s:#}");
    let human = home.run(&["daemon", "status"]).expect(0).stdout;
    assert!(human.contains("disabled") && human.contains(&key.display().to_string()), "{human}");
    // The mode was left alone, and the socket keeps working.
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o644);
    home.json(&["balance"]);

    let home = tls_home(&ca, 0o600, "");
    std::fs::remove_file(home.path().join("tls/cert.pem")).unwrap();
    home.run(&["daemon", "start"]).expect(0);
    let s = status(&home);
    assert_eq!(s["http_disabled"]["reason"], "tls", "{s:#}");
    let cert = home.path().join("tls/cert.pem").display().to_string();
    assert!(s["http_disabled"]["message"].as_str().unwrap().contains(&cert), "{s:#}");

    // One file without the other is refused too, rather than serving plain HTTP.
    let home = Home::new();
    std::fs::write(home.path().join("config.toml"), "[http]\ntls_cert = \"cert.pem\"\n").unwrap();
    home.run(&["daemon", "start"]).expect(0);
    let s = status(&home);
    assert_eq!(s["http_disabled"]["reason"], "tls", "{s:#}");
    assert!(s["http_disabled"]["message"].as_str().unwrap().contains("tls_key"), "{s:#}");
}

/// Seconds until the daemon closes a connection that sent `first` and then nothing.
fn closed_after(addr: &str, first: &[u8]) -> Duration {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let start = Instant::now();
    s.write_all(first).unwrap();
    let mut buf = [0u8; 256];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return start.elapsed(),
            // A TLS alert may come before the close.
            Ok(_) => {}
        }
    }
}

#[test]
fn a_stalled_tls_handshake_is_cut_at_the_header_timeout_and_frees_its_slot() {
    let ca = Ca::new("studio-credits test CA");
    let home = tls_home(&ca, 0o600, "header_timeout_seconds = 1\nmax_connections = 2\n");
    let addr = start(&home);
    let url = format!("https://{addr}");
    // Nothing at all, and the start of a TLS record that never completes.
    for first in [&b""[..], &b"\x16\x03\x01\x02"[..]] {
        let took = closed_after(&addr, first);
        assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(5), "closed after {took:?}");
    }
    // Both slots held by stalled handshakes: a real client is served once they are cut.
    let stalled: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    let start = Instant::now();
    healthy(&client(Some(&ca.write(&home.path().join("ca.pem")))), &url);
    assert!(start.elapsed() < Duration::from_secs(5), "served after {:?}", start.elapsed());
    drop(stalled);
}

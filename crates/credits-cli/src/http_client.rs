//! The HTTP(S) client for a central daemon: what remote mode (`--server` /
//! `STUDIO_CREDITS_SERVER`, next) will build its requests on; no command uses it yet.
//!
//! - The server is verified against the Mozilla roots compiled in (webpki-roots, which reqwest's
//!   `rustls-tls` already brings) plus the PEM bundle in `STUDIO_CREDITS_CA_CERT`. Compiled-in
//!   roots rather than the system store: a CI runner image often has no CA store at all, the
//!   result is the same on every machine, and a private CA is exactly what the bundle is for.
//! - `http://` is refused to anything but a loopback address (the key would cross the network
//!   in clear) unless `--insecure-http` says so; see [`check_url`].

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::CliError;
use crate::exit::Kind;

/// The environment variable naming an extra PEM bundle of CA certificates to trust.
pub const CA_CERT_ENV: &str = "STUDIO_CREDITS_CA_CERT";

/// How the client is built.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Extra CA certificates (PEM, one or more) trusted beside the built-in roots.
    pub ca_cert: Option<PathBuf>,
    /// `--insecure-http`: allow `http://` to a non-loopback host.
    pub insecure_http: bool,
    /// Longest wait for a whole request (connect, TLS, answer).
    pub timeout: Duration,
}

impl ClientOptions {
    /// Options from the environment `env` (`STUDIO_CREDITS_CA_CERT`; empty counts as unset).
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>, insecure_http: bool, timeout: Duration) -> ClientOptions {
        let ca_cert = env(CA_CERT_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
        ClientOptions { ca_cert, insecure_http, timeout }
    }
}

/// Whether requests to `url` may be sent: an `https://` URL, or `http://` to a loopback host
/// (`localhost`, `127.0.0.0/8`, `::1`), or any `http://` with `insecure_http`. Pure.
pub fn check_url(url: &str, insecure_http: bool) -> Result<(), CliError> {
    let bad = |why: String| CliError::new(Kind::InvalidInput, why);
    let parsed = reqwest::Url::parse(url).map_err(|e| bad(format!("{url:?} is not a server URL ({e})")))?;
    let host = parsed.host_str().unwrap_or_default();
    match parsed.scheme() {
        "https" if !host.is_empty() => Ok(()),
        "http" if !host.is_empty() => {
            if insecure_http || is_loopback(host) {
                return Ok(());
            }
            Err(bad(format!(
                "refusing plain http:// to {host}: the API key and every answer would cross the network unencrypted"
            ))
            .with_hint("use https:// (the daemon serves it with http.tls_cert / http.tls_key), or pass --insecure-http if the network is trusted"))
        }
        _ => Err(bad(format!("{url:?} is not a server URL; use https://HOST[:PORT]"))),
    }
}

/// Whether `host` (as in a URL: IPv6 in brackets) is this machine's loopback.
fn is_loopback(host: &str) -> bool {
    let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    bare.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The blocking client for a server, trusting the built-in roots and `opts.ca_cert`.
pub fn build(opts: &ClientOptions) -> Result<reqwest::blocking::Client, CliError> {
    let mut builder = reqwest::blocking::Client::builder()
        .use_rustls_tls()
        .timeout(opts.timeout)
        .connect_timeout(opts.timeout)
        // Never follow a redirect: it could lead from https to http, or to another host.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("studio-credits/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = &opts.ca_cert {
        for cert in ca_bundle(path)? {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder.build().map_err(|e| CliError::internal(format!("cannot set up the HTTP client: {e}")))
}

/// The certificates of a PEM bundle; an unreadable file or one with no certificate is an error
/// naming it (the user asked to trust it: going on without it would only fail later, vaguely).
fn ca_bundle(path: &Path) -> Result<Vec<reqwest::Certificate>, CliError> {
    let bad = |why: String| {
        CliError::new(Kind::InvalidInput, why)
            .with_hint(format!("{CA_CERT_ENV} must name a PEM file of CA certificates"))
    };
    let pem = std::fs::read(path).map_err(|e| bad(format!("cannot read the CA bundle {}: {e}", path.display())))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| bad(format!("the CA bundle {} is not PEM: {e}", path.display())))?;
    if certs.is_empty() {
        return Err(bad(format!("the CA bundle {} holds no certificate", path.display())));
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_always_and_http_only_to_loopback() {
        for ok in [
            "https://credits.example:4402",
            "https://10.0.0.5",
            "http://127.0.0.1:4402",
            "http://127.1.2.3",
            "http://localhost:1",
            "http://[::1]:4402/",
        ] {
            assert!(check_url(ok, false).is_ok(), "{ok}");
        }
        for refused in
            ["http://credits.example:4402", "http://10.0.0.5:4402", "http://[::2]:1", "http://localhost.evil.example"]
        {
            let e = check_url(refused, false).unwrap_err();
            assert_eq!(e.kind, Kind::InvalidInput, "{refused}");
            assert!(e.message.contains("refusing plain http://"), "{refused}: {}", e.message);
            assert!(check_url(refused, true).is_ok(), "--insecure-http allows {refused}");
        }
    }

    #[test]
    fn other_schemes_and_non_urls_are_refused_even_when_insecure() {
        for bad in ["ftp://h", "credits.example:4402", "", "https://", "file:///etc/passwd", "unix:/tmp/s"] {
            assert!(check_url(bad, true).is_err(), "{bad}");
        }
    }

    #[test]
    fn ca_bundle_from_env_must_be_a_readable_pem_with_certificates() {
        let none = ClientOptions::from_env(&|_| Some(String::new()), false, Duration::from_secs(1));
        assert!(none.ca_cert.is_none());
        assert!(build(&none).is_ok());
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no certificate here\n").unwrap();
        for path in [&missing, &empty] {
            let opts = ClientOptions::from_env(
                &|k| (k == CA_CERT_ENV).then(|| path.display().to_string()),
                false,
                Duration::from_secs(1),
            );
            assert_eq!(opts.ca_cert.as_deref(), Some(path.as_path()));
            let e = build(&opts).unwrap_err();
            assert!(e.message.contains(&path.display().to_string()), "{}", e.message);
        }
    }
}

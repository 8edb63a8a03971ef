//! TLS to the PostgreSQL server: `sslmode=require` in the store URL encrypts every connection
//! with the workspace's rustls (ring provider) and verifies the server's certificate and name
//! against the compiled-in Mozilla roots (webpki-roots) plus an optional CA bundle (`[store]
//! ca_cert`). An unverified certificate is never accepted. Any other `sslmode` (or none) is a
//! plain connection, fit for a Unix socket or loopback.

use std::path::Path;
use std::sync::Arc;

use credits_ledger::StoreError;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tokio_postgres::config::SslMode;
use tokio_postgres_rustls::MakeRustlsConnect;

/// The connector `config` asks for: `Some` for `sslmode=require`; otherwise `None`, and
/// `config` is set to plain connections (tokio-postgres' default, `prefer`, would try TLS with
/// a connector and fall back without; we do not guess).
pub fn connector(
    config: &mut tokio_postgres::Config,
    ca_cert: Option<&Path>,
) -> Result<Option<MakeRustlsConnect>, StoreError> {
    if config.get_ssl_mode() != SslMode::Require {
        // A CA given for a URL that does not ask for TLS: the person meant TLS; say so rather
        // than connect in plain text.
        if let Some(path) = ca_cert {
            return Err(StoreError::InvalidInput(format!(
                "a PostgreSQL CA certificate is set ({}) but the store URL does not ask for TLS;                  add sslmode=require to the URL, or unset [store] ca_cert / STUDIO_CREDITS_STORE_CA_CERT",
                path.display()
            )));
        }
        config.ssl_mode(SslMode::Disable);
        return Ok(None);
    }
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    if let Some(path) = ca_cert {
        for cert in certificates(path)? {
            roots.add(cert).map_err(|e| {
                StoreError::InvalidInput(format!("the PostgreSQL CA certificate {} is not usable: {e}", path.display()))
            })?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::Internal(format!("cannot set up TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Some(MakeRustlsConnect::new(tls)))
}

fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, StoreError> {
    let bad = |e: &dyn std::fmt::Display| {
        StoreError::InvalidInput(format!("cannot read the PostgreSQL CA certificate {}: {e}", path.display()))
    };
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| bad(&e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(&e))?;
    if certs.is_empty() {
        return Err(bad(&"it holds no PEM certificate"));
    }
    Ok(certs)
}

/// Why the pool has no connection, in words: the driver's error with its causes (a refused
/// certificate is named only there), and after a failed TLS handshake which CAs are trusted.
pub fn why(e: &deadpool_postgres::PoolError) -> String {
    match e {
        deadpool_postgres::PoolError::Backend(e) => {
            let said = chain(e);
            if said.starts_with("error performing TLS handshake") {
                format!(
                    "{said}; the server's certificate must be signed by a CA in [store] ca_cert / \
                     STUDIO_CREDITS_STORE_CA_CERT or a public one, for the host name in the URL"
                )
            } else {
                said
            }
        }
        other => chain(other),
    }
}

/// `e` and its causes, `a: b: c`: tokio-postgres says only "error performing TLS handshake",
/// its cause says which certificate problem. No part of it repeats the connection settings.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let said = c.to_string();
        if !out.ends_with(&said) {
            out.push_str(": ");
            out.push_str(&said);
        }
        cause = c.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str) -> tokio_postgres::Config {
        url.parse().expect("URL")
    }

    #[test]
    fn only_sslmode_require_uses_tls() {
        for url in ["postgres://u@h/d", "postgres://u@h/d?sslmode=disable", "postgres://u@h/d?sslmode=prefer"] {
            let mut c = config(url);
            assert!(connector(&mut c, None).expect("plain").is_none(), "{url}");
            assert_eq!(c.get_ssl_mode(), SslMode::Disable, "{url}");
        }
        let mut c = config("postgres://u@h/d?sslmode=require");
        assert!(connector(&mut c, None).expect("TLS").is_some());
        assert_eq!(c.get_ssl_mode(), SslMode::Require);
        // A CA with a URL that does not ask for TLS is refused, not ignored.
        let mut c = config("postgres://u@h/d");
        let err = connector(&mut c, Some(Path::new("/etc/ca.pem"))).err().expect("refused").to_string();
        assert!(err.contains("sslmode=require") && err.contains("/etc/ca.pem"), "{err}");
    }

    #[test]
    fn an_unusable_ca_file_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").expect("write");
        for path in [empty, dir.path().join("missing.pem")] {
            let mut c = config("postgres://u@h/d?sslmode=require");
            let err = connector(&mut c, Some(&path)).err().expect("refused").to_string();
            assert!(err.contains(&path.display().to_string()) && err.contains("CA certificate"), "{err}");
        }
    }
}

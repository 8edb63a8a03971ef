//! HTTPS on the HTTP listener: `http.tls_cert` / `http.tls_key` (PEM) loaded into a rustls
//! server configuration with the ring provider, the one reqwest already brings (one rustls, one
//! crypto provider). Files are read once when the daemon starts: a renewed certificate takes a
//! restart. Every problem is a sentence naming the file, kept for `daemon status`.

use std::path::Path;
use std::sync::Arc;

use credits_config::HttpTls;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

/// The acceptor for `tls`, `None` when HTTPS is not configured, or why it cannot be served.
pub fn acceptor(tls: &HttpTls) -> Result<Option<TlsAcceptor>, String> {
    let (cert, key) = match (&tls.cert, &tls.key) {
        (None, None) => return Ok(None),
        (Some(c), Some(k)) => (c, k),
        (Some(_), None) => return Err("http.tls_cert is set but http.tls_key is not (STUDIO_CREDITS_TLS_KEY)".into()),
        (None, Some(_)) => return Err("http.tls_key is set but http.tls_cert is not (STUDIO_CREDITS_TLS_CERT)".into()),
    };
    let chain = certificates(cert)?;
    let key = private_key(key)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| format!("the TLS key does not go with the certificate {}: {e}", cert.display()))?;
    // The server speaks HTTP/1.1 only; saying so lets clients skip offering HTTP/2.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Some(TlsAcceptor::from(Arc::new(config))))
}

fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let bad = |e: &dyn std::fmt::Display| format!("cannot read the TLS certificate {}: {e}", path.display());
    let chain = CertificateDer::pem_file_iter(path)
        .map_err(|e| bad(&e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(&e))?;
    if chain.is_empty() {
        return Err(format!("the TLS certificate {} holds no PEM certificate", path.display()));
    }
    Ok(chain)
}

fn private_key(path: &Path) -> Result<PrivateKeyDer<'static>, String> {
    // Before reading it: a key others can read is no longer a secret, and serving with it
    // would hide that.
    credits_config::private::check_secret_file(path).map_err(|e| format!("TLS key refused: {e}"))?;
    PrivateKeyDer::from_pem_file(path)
        .map_err(|e| format!("cannot read the TLS private key {}: {e} (a PEM private key is expected)", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_files_means_plain_http_and_half_a_pair_or_a_missing_file_is_refused_by_name() {
        assert!(acceptor(&HttpTls::default()).unwrap().is_none());
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
        let only_cert = HttpTls { cert: Some(cert.clone()), key: None };
        assert!(acceptor(&only_cert).err().unwrap().contains("tls_key"));
        let only_key = HttpTls { cert: None, key: Some(key.clone()) };
        assert!(acceptor(&only_key).err().unwrap().contains("tls_cert"));
        let both = HttpTls { cert: Some(cert.clone()), key: Some(key) };
        let e = acceptor(&both).err().unwrap();
        assert!(e.contains(&cert.display().to_string()), "{e}");
        std::fs::write(&cert, "not a certificate\n").unwrap();
        let e = acceptor(&both).err().unwrap();
        assert!(e.contains("holds no PEM certificate") && e.contains(&cert.display().to_string()), "{e}");
    }
}

//! The Stripe secret key, kept out of every Debug, Display, error and log line.

use std::fmt;

/// A Stripe secret key (`sk_…` or a restricted `rk_…`). Its Debug and Display print
/// `sk_…redacted`; the key itself is only readable inside this crate, to build the
/// `Authorization` header.
#[derive(Clone)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wraps a key. Surrounding whitespace (from a config file or an env var) is dropped.
    pub fn new(key: impl Into<String>) -> Self {
        let key = key.into();
        let trimmed = key.trim();
        if trimmed.len() == key.len() { Self(key) } else { Self(trimmed.to_owned()) }
    }

    /// Whether the key is empty, i.e. not configured.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for SecretKey {
    fn from(key: String) -> Self {
        Self::new(key)
    }
}

impl From<&str> for SecretKey {
    fn from(key: &str) -> Self {
        Self::new(key)
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sk_…redacted")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sk_…redacted")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_key() {
        let key = SecretKey::new(" sk_test_51Hsupersecret\n");
        assert_eq!(key.expose(), "sk_test_51Hsupersecret");
        for shown in [format!("{key}"), format!("{key:?}"), format!("{key:#?}")] {
            assert_eq!(shown, "sk_…redacted");
            assert!(!shown.contains("supersecret"));
        }
        assert!(SecretKey::new("  ").is_empty());
    }
}

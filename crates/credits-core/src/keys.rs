//! Workspace API keys as every layer sees them: what a key may do ([`KeyScope`]) and what is
//! known about one without its secret ([`KeyInfo`]). The token itself never appears here.

use serde::{Deserialize, Serialize};

/// One permission of an API key. Field names and spellings are part of the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyScope {
    /// Balances, checks, history, usage, advice, purchases, rollover status.
    Read,
    /// Debits and holds.
    Spend,
    /// Purchases: buy, ensure, checkout.
    Buy,
    /// Seats, plans, workspace settings, keys.
    Admin,
}

impl KeyScope {
    pub const ALL: [KeyScope; 4] = [KeyScope::Read, KeyScope::Spend, KeyScope::Buy, KeyScope::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            KeyScope::Read => "read",
            KeyScope::Spend => "spend",
            KeyScope::Buy => "buy",
            KeyScope::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<KeyScope> {
        KeyScope::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Parses a comma-separated list (`read,spend`): sorted, without repeats, never empty.
    pub fn parse_list(s: &str) -> Result<Vec<KeyScope>, String> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let scope = KeyScope::parse(part)
                .ok_or_else(|| format!("unknown scope '{part}'; scopes are read, spend, buy and admin"))?;
            out.push(scope);
        }
        out.sort();
        out.dedup();
        if out.is_empty() {
            return Err("a key needs at least one scope: read, spend, buy or admin".into());
        }
        Ok(out)
    }

    /// The stored form: `read,spend`.
    pub fn join(scopes: &[KeyScope]) -> String {
        scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
    }
}

/// An API key, as listed (never with its token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInfo {
    pub workspace: String,
    pub name: String,
    pub scopes: Vec<KeyScope>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC; `None`: never expires.
    pub expires_at: Option<String>,
}

impl KeyInfo {
    /// Whether the key may do what `scope` allows.
    pub fn allows(&self, scope: KeyScope) -> bool {
        self.scopes.contains(&scope)
    }

    /// Whether the key has expired at `now` (an unreadable expiry counts as expired).
    pub fn expired(&self, now: jiff::Timestamp) -> bool {
        self.expires_at.as_deref().is_some_and(|e| e.parse::<jiff::Timestamp>().map_or(true, |e| e <= now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_lists_parse_sorted_and_refuse_unknown_or_empty() {
        assert_eq!(KeyScope::parse_list("spend, read,spend").unwrap(), vec![KeyScope::Read, KeyScope::Spend]);
        assert!(KeyScope::parse_list("read,root").unwrap_err().contains("root"));
        assert!(KeyScope::parse_list(" , ").is_err());
        assert_eq!(KeyScope::join(&[KeyScope::Read, KeyScope::Admin]), "read,admin");
    }
}

//! The billing page's secrets, kept in the daemon's memory: single-use login links, the
//! capability links of 402 answers, and browser sessions. Only SHA-256 hashes of the secrets are
//! kept, so a dump of this map opens nothing; a daemon restart signs everyone out, which for a
//! local daemon costs one `studio-credits open`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// How long a browser session lasts.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(4 * 60 * 60);
/// Most live entries of each kind; the oldest go first beyond it, so nothing grows unbounded.
const MAX_ENTRIES: usize = 10_000;

/// What a session may see and do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Signed in with `studio-credits open`: every workspace.
    All,
    /// Followed a 402's `buy_url`: this seat's balance and buying for its workspace, nothing else.
    Seat { workspace: String, seat: String },
}

/// A signed-in browser, as a request sees it.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: Access,
    /// The token every state-changing form carries.
    pub csrf: String,
    /// Where to send the buyer after a purchase (from `return_to`), if anywhere.
    pub return_to: Option<String>,
    /// Purchases started in this session, with the `return_to` they go back to.
    pub returns: HashMap<String, String>,
    expires: Instant,
}

#[derive(Debug, Default)]
struct Inner {
    logins: HashMap<String, Instant>,
    caps: HashMap<String, (Access, Instant)>,
    sessions: HashMap<String, Session>,
}

/// The store.
#[derive(Debug, Default)]
pub struct Sessions {
    inner: Mutex<Inner>,
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A new secret: 32 random letters and digits (about 190 bits).
pub fn secret() -> String {
    crate::purchases::random_token(32)
}

fn prune<V>(map: &mut HashMap<String, V>, now: Instant, expiry: impl Fn(&V) -> Instant) {
    map.retain(|_, v| expiry(v) > now);
    if map.len() >= MAX_ENTRIES {
        let mut by_age: Vec<(String, Instant)> = map.iter().map(|(k, v)| (k.clone(), expiry(v))).collect();
        by_age.sort_by_key(|(_, t)| *t);
        for (k, _) in by_age.into_iter().take(map.len() + 1 - MAX_ENTRIES) {
            map.remove(&k);
        }
    }
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves consistent maps; keep serving.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A login link secret usable once within `ttl`.
    pub fn mint_login(&self, ttl: Duration) -> String {
        let token = secret();
        let now = Instant::now();
        let mut inner = self.lock();
        prune(&mut inner.logins, now, |t| *t);
        inner.logins.insert(hash(&token), now + ttl);
        token
    }

    /// Uses up a login link: true the first time, within its lifetime.
    pub fn redeem_login(&self, token: &str) -> bool {
        let mut inner = self.lock();
        inner.logins.remove(&hash(token)).is_some_and(|expires| expires > Instant::now())
    }

    /// A capability secret for `access`, usable within `ttl`. Every 402 mints one; the map stays
    /// bounded by pruning (expired first, then the oldest).
    pub fn mint_capability(&self, access: Access, ttl: Duration) -> String {
        let now = Instant::now();
        let token = secret();
        let mut inner = self.lock();
        prune(&mut inner.caps, now, |(_, t)| *t);
        inner.caps.insert(hash(&token), (access, now + ttl));
        token
    }

    /// The access of a live capability link (usable more than once until it expires).
    pub fn capability(&self, token: &str) -> Option<Access> {
        let inner = self.lock();
        inner.caps.get(&hash(token)).filter(|(_, t)| *t > Instant::now()).map(|(s, _)| s.clone())
    }

    /// Starts a session; returns its cookie secret.
    pub fn create(&self, access: Access, return_to: Option<String>) -> String {
        let token = secret();
        let now = Instant::now();
        let session =
            Session { access, csrf: secret(), return_to, returns: HashMap::new(), expires: now + SESSION_LIFETIME };
        let mut inner = self.lock();
        prune(&mut inner.sessions, now, |s| s.expires);
        inner.sessions.insert(hash(&token), session);
        token
    }

    /// The live session of cookie secret `token`.
    pub fn get(&self, token: &str) -> Option<Session> {
        let inner = self.lock();
        inner.sessions.get(&hash(token)).filter(|s| s.expires > Instant::now()).cloned()
    }

    /// Remembers that `purchase` was started in session `token`, to go back to its `return_to`.
    pub fn started(&self, token: &str, purchase: &str) {
        let mut inner = self.lock();
        if let Some(s) = inner.sessions.get_mut(&hash(token))
            && let Some(to) = s.return_to.clone()
        {
            s.returns.insert(purchase.to_owned(), to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_links_work_once_and_expire() {
        let s = Sessions::default();
        let t = s.mint_login(Duration::from_secs(60));
        assert!(s.redeem_login(&t));
        assert!(!s.redeem_login(&t));
        let gone = s.mint_login(Duration::ZERO);
        assert!(!s.redeem_login(&gone));
        assert!(!s.redeem_login("nonsense"));
    }

    #[test]
    fn sessions_remember_where_to_return() {
        let s = Sessions::default();
        let t = s.create(Access::All, Some("https://app.example/x".into()));
        s.started(&t, "pur_1");
        assert_eq!(s.get(&t).unwrap().returns["pur_1"], "https://app.example/x");
        assert!(s.get("other").is_none());
    }
}

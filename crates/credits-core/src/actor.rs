//! Who wrote a journal entry: the CLI run by an OS user, a seat's HTTP token, a workspace API key,
//! or the daemon itself (rollover, hold expiry, auto top-up, purchases credited from Stripe). The
//! hash chain covers it, so an entry cannot be re-attributed without `verify` noticing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest name after the prefix, in bytes: room for any OS user, seat or key name, bounded so a
/// hostile name cannot bloat every entry it writes.
pub const MAX_ACTOR_NAME: usize = 128;

/// Who acted. Serialized as one string: `cli:<user>`, `seat:<name>`, `key:<name>`, `daemon`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The local CLI, run by this OS user.
    Cli(String),
    /// An HTTP request with this seat's token.
    Seat(String),
    /// An HTTP request with this workspace API key.
    Key(String),
    /// The daemon's own jobs.
    Daemon,
}

/// Why a string is not an actor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActorError {
    #[error("actor must be `daemon` or start with `cli:`, `seat:` or `key:`")]
    Prefix,
    #[error("actor name is empty")]
    Empty,
    #[error("actor name is longer than {MAX_ACTOR_NAME} bytes")]
    TooLong,
    #[error("actor name contains a control character")]
    Control,
}

impl Actor {
    /// The local CLI run by `user`, checked.
    pub fn cli(user: &str) -> Result<Actor, ActorError> {
        check_name(user).map(|()| Actor::Cli(user.to_owned()))
    }

    /// The holder of seat `name`'s token, checked.
    pub fn seat(name: &str) -> Result<Actor, ActorError> {
        check_name(name).map(|()| Actor::Seat(name.to_owned()))
    }

    /// The holder of API key `name`, checked.
    pub fn key(name: &str) -> Result<Actor, ActorError> {
        check_name(name).map(|()| Actor::Key(name.to_owned()))
    }

    /// Checks a value built directly from a variant (names from outside must pass this before
    /// they reach the journal).
    pub fn validate(&self) -> Result<(), ActorError> {
        match self {
            Actor::Cli(n) | Actor::Seat(n) | Actor::Key(n) => check_name(n),
            Actor::Daemon => Ok(()),
        }
    }
}

fn check_name(name: &str) -> Result<(), ActorError> {
    if name.is_empty() {
        Err(ActorError::Empty)
    } else if name.len() > MAX_ACTOR_NAME {
        Err(ActorError::TooLong)
    } else if name.chars().any(char::is_control) {
        Err(ActorError::Control)
    } else {
        Ok(())
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Cli(n) => write!(f, "cli:{n}"),
            Actor::Seat(n) => write!(f, "seat:{n}"),
            Actor::Key(n) => write!(f, "key:{n}"),
            Actor::Daemon => f.write_str("daemon"),
        }
    }
}

impl FromStr for Actor {
    type Err = ActorError;

    fn from_str(s: &str) -> Result<Actor, ActorError> {
        if s == "daemon" {
            return Ok(Actor::Daemon);
        }
        let (prefix, name) = s.split_once(':').ok_or(ActorError::Prefix)?;
        match prefix {
            "cli" => Actor::cli(name),
            "seat" => Actor::seat(name),
            "key" => Actor::key(name),
            _ => Err(ActorError::Prefix),
        }
    }
}

impl Serialize for Actor {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Actor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Actor, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_a_string() {
        for a in [Actor::Cli("alice".into()), Actor::Seat("bob".into()), Actor::Key("ci".into()), Actor::Daemon] {
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{a}\""));
            assert_eq!(serde_json::from_str::<Actor>(&json).unwrap(), a);
            assert_eq!(a.to_string().parse::<Actor>().unwrap(), a);
        }
        assert_eq!("key:a:b".parse::<Actor>().unwrap(), Actor::Key("a:b".into()));
    }

    #[test]
    fn refuses_bad_actors() {
        assert_eq!("root".parse::<Actor>(), Err(ActorError::Prefix));
        assert_eq!("daemon:x".parse::<Actor>(), Err(ActorError::Prefix));
        assert_eq!("cli:".parse::<Actor>(), Err(ActorError::Empty));
        assert_eq!("cli:a\nb".parse::<Actor>(), Err(ActorError::Control));
        assert_eq!("seat:a\u{1b}[31m".parse::<Actor>(), Err(ActorError::Control));
        assert_eq!(format!("key:{}", "k".repeat(MAX_ACTOR_NAME + 1)).parse::<Actor>(), Err(ActorError::TooLong));
        assert!(format!("key:{}", "k".repeat(MAX_ACTOR_NAME)).parse::<Actor>().is_ok());
        assert!(serde_json::from_str::<Actor>("\"cli:\\u0007\"").is_err());
        assert_eq!(Actor::Cli("a\tb".into()).validate(), Err(ActorError::Control));
    }
}

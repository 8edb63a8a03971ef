//! Where the ledger lives: the embedded SQLite file (the default; `sqlite://PATH` names another)
//! or a PostgreSQL database that several daemons share (`postgres://…`), from
//! `STUDIO_CREDITS_STORE`, else `[store] url`. A URL may carry a password, so it is kept as a
//! [`Secret`] and shown only through [`redact`].

use std::path::{Path, PathBuf};

use crate::Secret;

/// The ledger's backend in effect.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Store {
    /// The SQLite file at `Paths::db`.
    #[default]
    Sqlite,
    /// A PostgreSQL database (its URL, password and all).
    Postgres(Secret),
}

impl Store {
    /// The store as a URL fit to show or log: the SQLite file's, or the PostgreSQL URL without
    /// its password.
    pub fn shown(&self, db: &Path) -> String {
        match self {
            Store::Sqlite => format!("sqlite://{}", db.display()),
            Store::Postgres(url) => redact(url.expose()),
        }
    }
}

/// What a store URL names.
#[derive(Debug)]
pub(crate) enum Parsed {
    Sqlite(PathBuf),
    Postgres(Secret),
}

/// Reads a store URL; a relative SQLite path is relative to `base` (the config file's directory)
/// and refused without one (from the environment: the daemon may start in another directory).
pub(crate) fn parse(url: &str, base: Option<&Path>) -> Result<Parsed, String> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = Path::new(path);
        return match (path.as_os_str().is_empty(), path.is_absolute(), base) {
            (true, _, _) => Err("sqlite:// needs the ledger file's path, e.g. sqlite:///var/lib/credits.db".into()),
            (false, true, _) => Ok(Parsed::Sqlite(path.to_owned())),
            (false, false, Some(base)) => Ok(Parsed::Sqlite(base.join(path))),
            (false, false, None) => Err(format!("{} is not an absolute path", path.display())),
        };
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Parsed::Postgres(Secret::new(url)));
    }
    Err(format!(
        "{:?} is not a store URL; use sqlite:///path/to/credits.db or postgres://user@host/database",
        redact(url)
    ))
}

/// `url` without its password: the one in `user:password@` and any `password` parameter are
/// left out (not masked: nothing of them is shown). A `key=value` connection string loses its
/// `password=…` pair the same way.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return redact_key_values(url) };
    // The host starts after the last `@`, so a password with a raw `/` or `?` in it is still
    // part of what is left out.
    let host_at = rest.rfind('@').map_or(0, |at| at + 1);
    let end = rest[host_at..].find(['/', '?']).map_or(rest.len(), |i| host_at + i);
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
            if user.is_empty() { host.to_owned() } else { format!("{user}@{host}") }
        }
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let params: Vec<&str> = query
                .split('&')
                .filter(|p| !p.split_once('=').is_some_and(|(k, _)| k.eq_ignore_ascii_case("password")))
                .collect();
            if params.is_empty() { path.to_owned() } else { format!("{path}?{}", params.join("&")) }
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// A `host=… user=… password=…` connection string without its `password` pair. Values may be
/// single-quoted with backslash escapes (libpq's rules), so a quoted password with spaces goes
/// whole.
fn redact_key_values(s: &str) -> String {
    let mut kept = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut pair = String::new();
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        pair.push_str(&key);
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next_if_eq(&'=').is_some() {
            pair.push('=');
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            if chars.next_if_eq(&'\'').is_some() {
                pair.push('\'');
                while let Some(c) = chars.next() {
                    pair.push(c);
                    match c {
                        '\\' => pair.extend(chars.next()),
                        '\'' => break,
                        _ => {}
                    }
                }
            } else {
                while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                    pair.push(c);
                }
            }
        }
        if !key.eq_ignore_ascii_case("password") {
            kept.push(pair);
        }
    }
    kept.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_shown() {
        assert_eq!(redact("postgres://app:s3cret@db.example:5432/credits"), "postgres://app@db.example:5432/credits");
        assert_eq!(
            redact("postgresql://app@db/credits?password=s3cret&sslmode=require"),
            "postgresql://app@db/credits?sslmode=require"
        );
        assert_eq!(redact("postgres://app@db/credits?PASSWORD=s3cret"), "postgres://app@db/credits");
        assert_eq!(redact("postgres://db/credits"), "postgres://db/credits");
        assert_eq!(redact("postgres://a:b:c@h"), "postgres://a@h");
        assert_eq!(redact("postgres://:s3cret@h/d"), "postgres://h/d");
        assert_eq!(redact("postgres://a:p@ss@h/d"), "postgres://a@h/d");
        assert_eq!(redact("postgres://a:p/s?s@h/d"), "postgres://a@h/d");
        assert_eq!(redact("host=db password=x user=app"), "host=db user=app");
        assert_eq!(redact("host=db password = 'se cr\\'et' dbname=credits"), "host=db dbname=credits");
    }

    #[test]
    fn urls_name_a_backend() {
        assert!(
            matches!(parse("sqlite:///var/lib/c.db", None), Ok(Parsed::Sqlite(p)) if p == Path::new("/var/lib/c.db"))
        );
        assert!(
            matches!(parse("sqlite://c.db", Some(Path::new("/etc/sc"))), Ok(Parsed::Sqlite(p)) if p == Path::new("/etc/sc/c.db"))
        );
        assert!(parse("sqlite://c.db", None).is_err());
        assert!(parse("sqlite://", None).is_err());
        assert!(
            matches!(parse("postgres://u:p@h/d", None), Ok(Parsed::Postgres(s)) if s.expose() == "postgres://u:p@h/d")
        );
        let err = parse("mysql://u:hunter2@h/d", None).unwrap_err();
        assert!(err.contains("not a store URL") && !err.contains("hunter2"), "{err}");
    }
}

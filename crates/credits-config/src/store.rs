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

/// `url` without its password: the one in `user:password@` and a `password=` parameter.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return "<redacted>".into() };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("{userinfo}@{host}"),
        },
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let params: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_owned(),
                })
                .collect();
            format!("{path}?{}", params.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_shown() {
        assert_eq!(
            redact("postgres://app:s3cret@db.example:5432/credits"),
            "postgres://app:***@db.example:5432/credits"
        );
        assert_eq!(
            redact("postgresql://app@db/credits?password=s3cret&sslmode=require"),
            "postgresql://app@db/credits?password=***&sslmode=require"
        );
        assert_eq!(redact("postgres://db/credits"), "postgres://db/credits");
        assert_eq!(redact("postgres://a:b:c@h"), "postgres://a:***@h");
        assert_eq!(redact("host=db password=x"), "<redacted>");
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

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
pub enum Parsed {
    Sqlite(PathBuf),
    Postgres(Secret),
}

/// Reads a store URL; a relative SQLite path is relative to `base` (the config file's directory)
/// and refused without one (from the environment: the daemon may start in another directory).
pub fn parse(url: &str, base: Option<&Path>) -> Result<Parsed, String> {
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

/// `url` without its password, for showing and logging. Only what cannot be a password is
/// kept: the user (before any `:`), the hosts, ports and database, and the query parameters on a
/// short list of harmless ones (`sslmode`, `connect_timeout`, …; a key spelled with `%` escapes
/// is dropped, since the driver decodes keys). A URL whose reading is ambiguous (several `@`, or
/// a `?` before the `@`: the driver and a person may split it in different places) is shown as
/// `scheme://<redacted>`. A `key=value` connection string loses its `password=…` pair.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = ["postgres", "postgresql", "sqlite"]
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme).and_then(|r| r.strip_prefix("://")).map(|r| (*scheme, r)))
    else {
        // Another scheme: nothing of it is known to be safe to show.
        return match url.split_once("://") {
            Some((scheme, _))
                if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
            {
                format!("{scheme}://<redacted>")
            }
            _ => redact_key_values(url),
        };
    };
    if scheme == "sqlite" {
        return url.to_owned();
    }
    let ats = rest.matches('@').count();
    let (user, after) = match rest.split_once('@') {
        None => (None, rest),
        Some((creds, after)) if ats == 1 && !creds.contains('?') => {
            (creds.split(':').next().filter(|u| !u.is_empty()), after)
        }
        Some(_) => return format!("{scheme}://<redacted>"),
    };
    let (place, query) = after.split_once('?').unwrap_or((after, ""));
    let params: Vec<&str> =
        query.split('&').filter(|p| p.split_once('=').is_some_and(|(k, _)| SHOWN_PARAMS.contains(&k))).collect();
    let user = user.map_or(String::new(), |u| format!("{u}@"));
    let query = if params.is_empty() { String::new() } else { format!("?{}", params.join("&")) };
    format!("{scheme}://{user}{place}{query}")
}

/// Connection parameters shown by [`redact`]: none of them can hold a secret.
const SHOWN_PARAMS: &[&str] = &[
    "sslmode",
    "connect_timeout",
    "application_name",
    "target_session_attrs",
    "load_balance_hosts",
    "channel_binding",
    "keepalives",
    "keepalives_idle",
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
];

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
        assert_eq!(redact("postgres://a:p@ss@h/d"), "postgres://<redacted>");
        assert_eq!(redact("postgres://a:p/s?s@h/d"), "postgres://<redacted>");
        // An `@` in the query, a percent-escaped key, a key=value string with `://` in a value.
        assert_eq!(redact("postgres://app@db/credits?password=p@ss"), "postgres://<redacted>");
        assert_eq!(redact("postgres://app:pw@db/c?application_name=a@b&password=zz"), "postgres://<redacted>");
        assert_eq!(
            redact("postgres://app@db/credits?pass%77ord=secret&sslmode=require"),
            "postgres://app@db/credits?sslmode=require"
        );
        assert_eq!(redact("host=db application_name=http://x password=secret"), "host=db application_name=http://x");
        assert_eq!(redact("postgres://db/c?options=-c%20password%3Dx"), "postgres://db/c");
        assert_eq!(redact("sqlite:///var/lib/credits.db"), "sqlite:///var/lib/credits.db");
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

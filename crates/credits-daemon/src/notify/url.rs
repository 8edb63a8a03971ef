//! Which URLs a webhook endpoint may have: `[webhooks] allow_hosts` when set (https, or http to
//! a loopback host), else any public host over https and loopback over http or https. Hosts are
//! judged by name and literal address, never resolved: a name that resolves to a private address
//! passes unless `allow_hosts` is set.

use std::net::IpAddr;

use reqwest::Url;

/// Checks `url` against the allow-list (`None`: the default rule); the URL normalized, or why not.
pub fn check(url: &str, allow_hosts: Option<&[String]>) -> Result<String, String> {
    let parsed = Url::parse(url).map_err(|e| format!("{url:?} is not a URL: {e}"))?;
    let scheme = parsed.scheme();
    if scheme != "https" && scheme != "http" {
        return Err(format!("{url:?} is not an http(s) URL"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("a webhook URL must not carry a user name or password".into());
    }
    let host = match parsed.host_str() {
        Some(h) if !h.is_empty() => {
            let bare = h.trim_start_matches('[').trim_end_matches(']');
            match bare.parse::<IpAddr>() {
                Ok(ip) => Host::Ip(ip),
                Err(_) => Host::Name(h.to_ascii_lowercase()),
            }
        }
        _ => return Err(format!("{url:?} has no host")),
    };
    let loopback = host.is_loopback();
    if scheme == "http" && !loopback {
        return Err(format!("{url:?}: plain http is allowed only to a loopback host; use https"));
    }
    match allow_hosts {
        Some(list) => {
            let name = host.text();
            let allowed = list.iter().any(|pattern| match pattern.strip_prefix("*.") {
                Some(suffix) => name.len() > suffix.len() + 1 && name.ends_with(&format!(".{suffix}")),
                None => pattern.trim_start_matches('[').trim_end_matches(']') == name,
            });
            if !allowed {
                return Err(format!(
                    "host {name} is not in [webhooks] allow_hosts ({}) of the daemon's config",
                    list.join(", ")
                ));
            }
        }
        None => {
            if !loopback && !host.is_public() {
                return Err(format!(
                    "host {} is not public; add it to [webhooks] allow_hosts in the daemon's config to allow it",
                    host.text()
                ));
            }
        }
    }
    Ok(parsed.to_string())
}

enum Host {
    Name(String),
    Ip(IpAddr),
}

impl Host {
    fn text(&self) -> String {
        match self {
            Host::Name(n) => n.clone(),
            Host::Ip(a) => a.to_string(),
        }
    }

    fn is_loopback(&self) -> bool {
        match self {
            Host::Name(n) => n == "localhost" || n.ends_with(".localhost"),
            Host::Ip(a) => a.is_loopback(),
        }
    }

    /// Whether the host can be a public one: a name with a dot that is not a local-only suffix,
    /// or a global address.
    fn is_public(&self) -> bool {
        match self {
            Host::Name(n) => {
                n.contains('.')
                    && ![".local", ".internal", ".lan", ".home.arpa", ".localhost"].iter().any(|s| n.ends_with(s))
            }
            Host::Ip(IpAddr::V4(a)) => {
                !(a.is_private()
                    || a.is_loopback()
                    || a.is_link_local()
                    || a.is_unspecified()
                    || a.is_broadcast()
                    || a.is_documentation()
                    || a.octets()[0] == 100 && (a.octets()[1] & 0xc0) == 64)
            }
            Host::Ip(IpAddr::V6(a)) => {
                let first = a.segments()[0];
                !(a.is_loopback() || a.is_unspecified() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rule_public_https_and_loopback() {
        assert!(check("https://hooks.example.com/x", None).is_ok());
        assert!(check("http://127.0.0.1:8080/hook", None).is_ok());
        assert!(check("http://localhost/hook", None).is_ok());
        assert!(check("http://[::1]:9/hook", None).is_ok());
        assert!(check("http://hooks.example.com/x", None).unwrap_err().contains("plain http"));
        assert!(check("https://10.0.0.5/x", None).unwrap_err().contains("not public"));
        assert!(check("https://192.168.1.2/x", None).is_err());
        assert!(check("https://printer.local/x", None).is_err());
        assert!(check("https://user:pw@hooks.example.com/x", None).is_err());
        assert!(check("ftp://hooks.example.com/x", None).is_err());
        assert!(check("not a url", None).is_err());
    }

    #[test]
    fn allow_list_is_exact_or_a_subdomain_wildcard() {
        let list = vec!["hooks.example.com".to_owned(), "*.example.org".to_owned(), "127.0.0.1".to_owned()];
        let l = Some(list.as_slice());
        assert!(check("https://hooks.example.com/x", l).is_ok());
        assert!(check("https://a.example.org/x", l).is_ok());
        assert!(check("https://example.org/x", l).is_err());
        assert!(check("https://evil.example.net/x", l).unwrap_err().contains("allow_hosts"));
        assert!(check("http://127.0.0.1:5/x", l).is_ok());
        assert!(check("http://localhost:5/x", l).is_err());
    }
}

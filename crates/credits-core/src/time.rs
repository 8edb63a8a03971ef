//! Instants as stored and shown: RFC 3339 in UTC with fixed millisecond precision, so stored
//! strings sort in time order.

use jiff::Timestamp;

/// `2026-11-30T23:59:30.000Z`.
pub fn fmt_time(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// `2026-12-01T00:00:00Z` (whole seconds, for boundaries such as `resets_at`).
pub fn fmt_instant(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_width() {
        let t: Timestamp = "2026-11-30T23:59:30Z".parse().unwrap();
        assert_eq!(fmt_time(t), "2026-11-30T23:59:30.000Z");
        assert_eq!(fmt_instant(t), "2026-11-30T23:59:30Z");
        let t2: Timestamp = "2026-11-30T23:59:30.5Z".parse().unwrap();
        assert!(fmt_time(t) < fmt_time(t2));
    }
}

/// Parses a user-given instant: RFC 3339 (`2026-11-01T12:00:00Z`) or a date (`2026-11-01`,
/// meaning 00:00 UTC that day).
pub fn parse_instant(s: &str) -> Result<Timestamp, String> {
    parse_instant_in(s, &jiff::tz::TimeZone::UTC)
}

/// Whether `s` names an instant by itself (it carries an offset or `Z`), so that no time zone
/// is needed to read it.
pub fn has_offset(s: &str) -> bool {
    s.parse::<Timestamp>().is_ok()
}

/// Parses a user-given instant in `zone`: with an offset or `Z` as given
/// (`2026-11-01T12:00:00+01:00`); a date (`2026-11-01`) is its midnight and a time without an
/// offset (`2026-11-01T12:00`) that wall-clock time, both in `zone` (a workspace's zone).
pub fn parse_instant_in(s: &str, zone: &jiff::tz::TimeZone) -> Result<Timestamp, String> {
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts);
    }
    // A civil date-time; a bare date reads as its midnight.
    let civil = s.parse::<jiff::civil::DateTime>();
    civil.ok().and_then(|dt| dt.to_zoned_datetime(zone.clone()).ok()).map(|z| z.timestamp()).ok_or_else(|| {
        format!("{s:?} is not a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM, with or without an offset)")
    })
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn parses_dates_and_times() {
        assert_eq!(fmt_instant(parse_instant("2026-11-01").unwrap()), "2026-11-01T00:00:00Z");
        assert_eq!(fmt_instant(parse_instant("2026-11-01T05:00:00+01:00").unwrap()), "2026-11-01T04:00:00Z");
        assert!(parse_instant("yesterday").is_err());
        let berlin = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
        assert_eq!(fmt_instant(parse_instant_in("2026-11-01", &berlin).unwrap()), "2026-10-31T23:00:00Z");
        assert_eq!(fmt_instant(parse_instant_in("2026-11-01T12:00", &berlin).unwrap()), "2026-11-01T11:00:00Z");
        assert_eq!(fmt_instant(parse_instant_in("2026-11-01T12:00:00Z", &berlin).unwrap()), "2026-11-01T12:00:00Z");
        assert!(!has_offset("2026-11-01") && has_offset("2026-11-01T00:00:00-05:00"));
    }
}

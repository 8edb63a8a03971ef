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

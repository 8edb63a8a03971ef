//! Instants as stored and shown: RFC 3339 in UTC with fixed millisecond precision, so stored
//! strings sort in time order.

use jiff::Timestamp;
use jiff::tz::Offset;

/// `2026-11-30T23:59:30.000Z`.
pub fn fmt_time(ts: Timestamp) -> String {
    fmt_utc(ts, true)
}

/// `2026-12-01T00:00:00Z` (whole seconds, for boundaries such as `resets_at`).
pub fn fmt_instant(ts: Timestamp) -> String {
    fmt_utc(ts, false)
}

/// Writes the digits by hand: every appended journal entry and every balance formats an instant,
/// and `strftime` (which parses its format string each time) cost more than the rest of the
/// entry's fields together. Years outside 0000–9999 (which no clock reads) take `strftime`.
fn fmt_utc(ts: Timestamp, millis: bool) -> String {
    let dt = Offset::UTC.to_datetime(ts);
    let year = dt.year();
    if !(0..=9999).contains(&year) {
        let format = if millis { "%Y-%m-%dT%H:%M:%S%.3fZ" } else { "%Y-%m-%dT%H:%M:%SZ" };
        return ts.strftime(format).to_string();
    }
    let mut out = [0u8; 24];
    let mut put = |at: usize, value: i32, width: usize| {
        let mut v = value as u32;
        for i in (at..at + width).rev() {
            out[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, i32::from(year), 4);
    put(5, i32::from(dt.month()), 2);
    put(8, i32::from(dt.day()), 2);
    put(11, i32::from(dt.hour()), 2);
    put(14, i32::from(dt.minute()), 2);
    put(17, i32::from(dt.second()), 2);
    let len = if millis {
        put(20, i32::from(dt.millisecond()), 3);
        out[19] = b'.';
        out[23] = b'Z';
        24
    } else {
        out[19] = b'Z';
        20
    };
    (out[4], out[7], out[10], out[13], out[16]) = (b'-', b'-', b'T', b':', b':');
    // Only ASCII digits and separators were written, so this never falls back.
    std::str::from_utf8(&out[..len]).unwrap_or_default().to_owned()
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

    /// The hand-written digits are exactly what `strftime` wrote before (stored times must keep
    /// sorting and comparing as text), across the whole range a timestamp can take.
    #[test]
    fn same_text_as_strftime() {
        let (min, max) = (Timestamp::MIN.as_nanosecond(), Timestamp::MAX.as_nanosecond());
        let second = 1_000_000_000_i128;
        let mut samples = vec![min, max, 0, -1, 1, 999_999, 1_000_000, 999_999_999, -999_999_999];
        // Around the start of year 0000, where the fallback takes over.
        let year_0 = -62_167_219_200 * second;
        samples.extend([year_0 - 1, year_0, year_0 + 1]);
        // A deterministic spread over the whole range and over this century (a linear
        // congruential walk), with sub-millisecond parts.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            samples.push(min + (i128::from(x) * 7_919) % (max - min));
            samples.push(1_700_000_000 * second + i128::from(x % (4_000_000_000 * 1_000_000_000)));
        }
        for ns in samples {
            let ts = Timestamp::from_nanosecond(ns).unwrap();
            assert_eq!(fmt_time(ts), ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(), "{ns}");
            assert_eq!(fmt_instant(ts), ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(), "{ns}");
        }
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

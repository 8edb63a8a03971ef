//! Billing periods: a calendar month in a workspace's IANA time zone.
//!
//! Boundaries are computed with jiff's bundled tz database so every machine resets at the same
//! instant, whatever tzdata the host has.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::date;
use jiff::tz::TimeZone;

/// Why a period or time zone was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("{0:?} is not a period; expected YYYY-MM")]
    Malformed(String),
    #[error("unknown time zone {0:?}; use an IANA name such as UTC, Europe/Berlin or America/Los_Angeles")]
    UnknownZone(String),
}

/// A calendar month, e.g. `2026-11`. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i16,
    month: i8,
}

/// Resolves an IANA zone name against the bundled database.
pub fn zone(name: &str) -> Result<TimeZone, PeriodError> {
    TimeZone::get(name).map_err(|_| PeriodError::UnknownZone(name.to_owned()))
}

impl Period {
    pub fn new(year: i16, month: i8) -> Option<Self> {
        ((1..=12).contains(&month) && (1..=9999).contains(&year)).then_some(Period { year, month })
    }

    /// The period that contains instant `at` in zone `tz`.
    pub fn containing(at: Timestamp, tz: &TimeZone) -> Self {
        let d = at.to_zoned_datetime(tz.clone()).date();
        Period { year: d.year(), month: d.month() }
    }

    /// The period after this one.
    pub fn next(self) -> Self {
        if self.month == 12 {
            Period { year: self.year + 1, month: 1 }
        } else {
            Period { year: self.year, month: self.month + 1 }
        }
    }

    /// The instant this period starts: 00:00 on the 1st in `tz` (if a DST gap swallows
    /// midnight, the first instant after the gap).
    pub fn start(self, tz: &TimeZone) -> Timestamp {
        date(self.year, self.month, 1)
            .at(0, 0, 0, 0)
            .to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp())
            // Year is bounded to 1..=9999 by construction, which jiff always represents.
            .unwrap_or(Timestamp::MIN)
    }

    /// The instant this period ends (the next one starts).
    pub fn end(self, tz: &TimeZone) -> Timestamp {
        self.next().start(tz)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || PeriodError::Malformed(s.to_owned());
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i16 = y.parse().map_err(|_| bad())?;
        let month: i8 = m.parse().map_err(|_| bad())?;
        Period::new(year, month).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn boundaries_in_zones() {
        let utc = zone("UTC").unwrap();
        let berlin = zone("Europe/Berlin").unwrap();
        let la = zone("America/Los_Angeles").unwrap();
        let dec: Period = "2026-12".parse().unwrap();
        assert_eq!(dec.start(&utc), ts("2026-12-01T00:00:00Z"));
        assert_eq!(dec.start(&berlin), ts("2026-11-30T23:00:00Z"));
        assert_eq!(dec.start(&la), ts("2026-12-01T08:00:00Z"));
        // April in Berlin starts after the March DST change (UTC+2).
        let apr: Period = "2027-04".parse().unwrap();
        assert_eq!(apr.start(&berlin), ts("2027-03-31T22:00:00Z"));
        assert_eq!(Period::containing(ts("2026-11-30T23:30:00Z"), &berlin), dec);
        assert_eq!(Period::containing(ts("2026-11-30T23:30:00Z"), &utc).to_string(), "2026-11");
    }

    #[test]
    fn parse_and_order() {
        let p: Period = "2026-11".parse().unwrap();
        assert_eq!(p.next().to_string(), "2026-12");
        assert_eq!(p.next().next().to_string(), "2027-01");
        assert!(p < p.next());
        for bad in ["2026-13", "2026-1", "26-11", "x", "2026-00"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        assert!(zone("Mars/Olympus").is_err());
    }
}

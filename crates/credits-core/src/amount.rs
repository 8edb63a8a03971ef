//! Exact fixed-point amounts: credits as `i64` millicredits and money as `i64` cents.
//!
//! Parsing is strict on purpose: a billing tool must never guess what `1e3` or `1.0001` meant.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why an amount could not be parsed or computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("amount is empty")]
    Empty,
    #[error("amount {0:?} is negative; amounts must be positive")]
    Negative(String),
    #[error("amount {0:?} is not a decimal number (use digits like 12, 12.5 or 0.001)")]
    Malformed(String),
    #[error("amount {0:?} has more than {1} decimal places")]
    TooPrecise(String, u32),
    #[error("amount {0:?} is too large")]
    Overflow(String),
    #[error("amount must be greater than zero")]
    Zero,
}

/// Parses an unsigned decimal with at most `scale` fractional digits into an integer count of
/// `10^-scale` units. Rejects signs, exponents, hex, any white space (around or inside: `"5\n"`
/// is as malformed as `"5 0"`, so every door refuses the same strings), and overflow.
fn parse_fixed(raw: &str, scale: u32) -> Result<i64, AmountError> {
    let s = raw;
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    if s.starts_with('-') {
        return Err(AmountError::Negative(raw.to_owned()));
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits_ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits_ok(int) {
        return Err(AmountError::Malformed(raw.to_owned()));
    }
    let frac = frac.unwrap_or("");
    if !digits_ok(frac) || (s.contains('.') && frac.is_empty()) {
        return Err(AmountError::Malformed(raw.to_owned()));
    }
    if frac.len() > scale as usize {
        return Err(AmountError::TooPrecise(raw.to_owned(), scale));
    }
    let overflow = || AmountError::Overflow(raw.to_owned());
    let mut value: i64 = 0;
    for b in int.bytes() {
        value = value.checked_mul(10).and_then(|v| v.checked_add(i64::from(b - b'0'))).ok_or_else(overflow)?;
    }
    let mut frac_units: i64 = 0;
    for i in 0..scale as usize {
        let d = frac.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
        frac_units = frac_units * 10 + d;
    }
    value.checked_mul(10_i64.pow(scale)).and_then(|v| v.checked_add(frac_units)).ok_or_else(overflow)
}

/// Formats `units` of `10^-scale` as a decimal with trailing zeros trimmed.
fn format_fixed(f: &mut fmt::Formatter<'_>, units: i64, scale: u32, min_frac: usize) -> fmt::Result {
    f.write_str(Fixed::new(units, scale, min_frac).as_str())
}

/// A decimal written on the stack: every amount in every answer is formatted, so neither the
/// digits nor the fraction take an allocation (room for any `i64` at any scale up to 18).
struct Fixed {
    buf: [u8; 41],
    start: usize,
    len: usize,
}

impl Fixed {
    fn new(units: i64, scale: u32, min_frac: usize) -> Fixed {
        let mut buf = [b'0'; 41];
        let abs = units.unsigned_abs();
        let div = 10_u64.pow(scale);
        let (mut int, mut frac) = (abs / div, abs % div);
        // The fraction first, at the end of the buffer, trailing zeros dropped down to `min_frac`.
        let width = scale as usize;
        let mut end = buf.len();
        let mut keep = width;
        for i in (0..width).rev() {
            let d = (frac % 10) as u8;
            frac /= 10;
            if keep == i + 1 && keep > min_frac && d == 0 {
                keep -= 1;
            }
            buf[end - width + i] = b'0' + d;
        }
        if keep > 0 {
            // Shift the kept digits right so the text ends at the buffer's end.
            buf.copy_within(end - width..end - width + keep, end - keep);
            end -= keep;
            end -= 1;
            buf[end] = b'.';
        }
        let mut at = end;
        loop {
            at -= 1;
            buf[at] = b'0' + (int % 10) as u8;
            int /= 10;
            if int == 0 {
                break;
            }
        }
        if units < 0 {
            at -= 1;
            buf[at] = b'-';
        }
        Fixed { buf, start: at, len: buf.len() - at }
    }

    fn as_str(&self) -> &str {
        // ASCII digits, a sign and a point only.
        std::str::from_utf8(&self.buf[self.start..self.start + self.len]).unwrap_or_default()
    }
}

/// A signed count of millicredits (1 credit = 1000). Shown as a decimal with up to 3 places.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Credits(i64);

impl Credits {
    pub const ZERO: Credits = Credits(0);
    /// Millicredits per credit.
    pub const SCALE: i64 = 1000;

    pub const fn from_millis(millis: i64) -> Self {
        Credits(millis)
    }

    /// Whole credits; `None` on overflow.
    pub const fn from_whole(credits: i64) -> Option<Self> {
        match credits.checked_mul(Self::SCALE) {
            Some(m) => Some(Credits(m)),
            None => None,
        }
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    /// Parses a non-negative decimal with up to 3 places (`12`, `12.5`, `0.001`).
    pub fn parse(s: &str) -> Result<Self, AmountError> {
        parse_fixed(s, 3).map(Credits)
    }

    /// Parses an amount that must be strictly positive (spends, holds, minimums).
    pub fn parse_positive(s: &str) -> Result<Self, AmountError> {
        let c = Self::parse(s)?;
        if c.0 == 0 {
            return Err(AmountError::Zero);
        }
        Ok(c)
    }

    pub fn checked_add(self, o: Credits) -> Option<Credits> {
        self.0.checked_add(o.0).map(Credits)
    }

    pub fn checked_sub(self, o: Credits) -> Option<Credits> {
        self.0.checked_sub(o.0).map(Credits)
    }

    pub fn min(self, o: Credits) -> Credits {
        Credits(self.0.min(o.0))
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn negated(self) -> Credits {
        Credits(-self.0)
    }
}

impl fmt::Display for Credits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_fixed(f, self.0, 3, 0)
    }
}

impl FromStr for Credits {
    type Err = AmountError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Credits::parse(s)
    }
}

impl Serialize for Credits {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(Fixed::new(self.0, 3, 0).as_str())
    }
}

impl<'de> Deserialize<'de> for Credits {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        // Signed values travel in journal entries; strip the sign, parse strictly, re-apply.
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let c = Credits::parse(body).map_err(serde::de::Error::custom)?;
        Ok(if neg { c.negated() } else { c })
    }
}

/// A count of US cents. The CLI reads dollars: `20`, `20.00`, `$20`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cents(i64);

impl Cents {
    pub const fn new(cents: i64) -> Self {
        Cents(cents)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    /// Parses dollars with up to 2 decimals and an optional leading `$`.
    pub fn parse_dollars(s: &str) -> Result<Self, AmountError> {
        let t = s.strip_prefix('$').unwrap_or(s);
        let c = parse_fixed(t, 2).map_err(|e| match e {
            AmountError::Malformed(_) => AmountError::Malformed(s.to_owned()),
            AmountError::TooPrecise(_, n) => AmountError::TooPrecise(s.to_owned(), n),
            other => other,
        })?;
        if c == 0 {
            return Err(AmountError::Zero);
        }
        Ok(Cents(c))
    }

    /// Credits bought by this much money at `credits_per_usd` whole credits per dollar.
    pub fn to_credits(self, credits_per_usd: i64) -> Option<Credits> {
        // cents * credits/usd * 1000 millis / 100 cents
        self.0.checked_mul(credits_per_usd)?.checked_mul(Credits::SCALE / 100).map(Credits::from_millis)
    }
}

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        format_fixed(f, self.0, 2, 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_valid_credits() {
        assert_eq!(Credits::parse("12").unwrap().millis(), 12_000);
        assert_eq!(Credits::parse("12.5").unwrap().millis(), 12_500);
        assert_eq!(Credits::parse("0.001").unwrap().millis(), 1);
    }

    #[test]
    fn rejects_bad_credits() {
        for bad in [
            "",
            "-5",
            "abc",
            "1.0001",
            "1e3",
            "0x10",
            "1.",
            ".5",
            "+5",
            "1 000",
            "1,5",
            " 7 ",
            "  5 ",
            "5\n",
            "\t5",
            " ",
            "9999999999999999999999999",
            "NaN",
            "inf",
        ] {
            assert!(Credits::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(Credits::parse_positive("0"), Err(AmountError::Zero));
        assert_eq!(Credits::parse_positive("0.000"), Err(AmountError::Zero));
    }

    #[test]
    fn formats_credits() {
        assert_eq!(Credits::from_millis(12_500).to_string(), "12.5");
        assert_eq!(Credits::from_millis(2_500_000).to_string(), "2500");
        assert_eq!(Credits::from_millis(1).to_string(), "0.001");
        assert_eq!(Credits::from_millis(-1_500).to_string(), "-1.5");
        for (m, text) in [(0, "0"), (-1, "-0.001"), (1_010, "1.01"), (i64::MAX, "9223372036854775.807")] {
            assert_eq!(Credits::from_millis(m).to_string(), text);
        }
        assert_eq!(Credits::from_millis(i64::MIN).to_string(), "-9223372036854775.808");
        assert_eq!(serde_json::to_string(&Credits::from_millis(-12_500)).unwrap(), "\"-12.5\"");
        assert_eq!(Cents::new(5).to_string(), "$0.05");
        assert_eq!(Cents::new(-2000).to_string(), "$-20.00");
    }

    #[test]
    fn parses_dollars() {
        assert_eq!(Cents::parse_dollars("20").unwrap().get(), 2000);
        assert_eq!(Cents::parse_dollars("20.00").unwrap().get(), 2000);
        assert_eq!(Cents::parse_dollars("$20").unwrap().get(), 2000);
        assert_eq!(Cents::parse_dollars("0.5").unwrap().get(), 50);
        for bad in ["", "-5", "$", "20.001", "abc", "0", "1e2", " 20", "20\n", "$ 20"] {
            assert!(Cents::parse_dollars(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Cents::new(2050).to_string(), "$20.50");
        assert_eq!(Cents::new(2000).to_credits(100), Credits::from_whole(2000));
    }

    proptest! {
        #[test]
        fn credits_round_trip(m in 0i64..=i64::MAX) {
            let c = Credits::from_millis(m);
            prop_assert_eq!(Credits::parse(&c.to_string()).unwrap(), c);
        }

        #[test]
        fn signed_serde_round_trip(m in i64::MIN + 1..=i64::MAX) {
            let c = Credits::from_millis(m);
            let json = serde_json::to_string(&c).unwrap();
            prop_assert_eq!(serde_json::from_str::<Credits>(&json).unwrap(), c);
        }

        #[test]
        fn never_panics_on_garbage(s in ".{0,40}") {
            let _ = Credits::parse(&s);
            let _ = Cents::parse_dollars(&s);
        }
    }
}

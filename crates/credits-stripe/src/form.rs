//! Stripe's nested form encoding (`metadata[purchase_id]=…`, `line_items[0][price_data][currency]=usd`).
//!
//! Keys are given as a path of segments rather than as a pre-bracketed string so that a segment
//! can never smuggle in structure: every segment is percent-encoded on its own and only the
//! brackets this module writes delimit segments.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// An ordered list of form fields, encoded as `application/x-www-form-urlencoded`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pairs: Vec<(String, String)>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the field at `path` (`["line_items", "0", "quantity"]` becomes
    /// `line_items[0][quantity]`). An empty path is ignored.
    pub fn push(&mut self, path: &[&str], value: impl AsRef<str>) -> &mut Self {
        if let Some((first, rest)) = path.split_first() {
            let mut key = percent_encode(first);
            for segment in rest {
                key.push('[');
                key.push_str(&percent_encode(segment));
                key.push(']');
            }
            self.pairs.push((key, percent_encode(value.as_ref())));
        }
        self
    }

    /// Appends `value` at `path` when it is present.
    pub fn push_opt(&mut self, path: &[&str], value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.push(path, value);
        }
        self
    }

    /// Appends every entry of `map` as `prefix[…][key]=value`, in key order.
    pub fn push_map(&mut self, prefix: &[&str], map: &BTreeMap<String, String>) -> &mut Self {
        for (key, value) in map {
            let mut path = prefix.to_vec();
            path.push(key);
            self.push(&path, value);
        }
        self
    }

    /// Whether no field has been added.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The encoded body (or query string, without the leading `?`).
    pub fn encode(&self) -> String {
        let mut out = String::new();
        for (i, (key, value)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(key);
            out.push('=');
            out.push_str(value);
        }
        out
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so the result is safe as a
/// form key, a form value, a query value and a single URL path segment alike.
pub fn percent_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decode(input: &str) -> String {
        let bytes = input.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn nested_keys_use_brackets() {
        let mut form = Form::new();
        form.push(&["line_items", "0", "price_data", "unit_amount"], "2000")
            .push(&["line_items", "0", "quantity"], "1")
            .push(&["mode"], "payment");
        assert_eq!(form.encode(), "line_items[0][price_data][unit_amount]=2000&line_items[0][quantity]=1&mode=payment");
    }

    #[test]
    fn metadata_map_is_encoded_in_key_order() {
        let mut map = BTreeMap::new();
        map.insert("workspace".to_owned(), "team a".to_owned());
        map.insert("purchase_id".to_owned(), "pur_1".to_owned());
        let mut form = Form::new();
        form.push_map(&["metadata"], &map);
        assert_eq!(form.encode(), "metadata[purchase_id]=pur_1&metadata[workspace]=team%20a");
    }

    #[test]
    fn values_and_segments_are_percent_encoded() {
        let mut form = Form::new();
        form.push(&["metadata", "a[b]&c=d"], "x&y=z+1 %/é");
        assert_eq!(form.encode(), "metadata[a%5Bb%5D%26c%3Dd]=x%26y%3Dz%2B1%20%25%2F%C3%A9");
    }

    #[test]
    fn optional_and_empty() {
        let mut form = Form::new();
        assert!(form.is_empty());
        form.push_opt(&["description"], None).push(&[], "ignored");
        assert!(form.is_empty());
        form.push_opt(&["description"], Some("")).push(&["email"], "a@b.c");
        assert_eq!(form.encode(), "description=&email=a%40b.c");
    }

    proptest! {
        #[test]
        fn percent_encoding_round_trips_and_is_url_safe(s in any::<String>()) {
            let encoded = percent_encode(&s);
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
            prop_assert_eq!(decode(&encoded), s);
        }
    }
}

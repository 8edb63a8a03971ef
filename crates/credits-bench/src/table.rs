//! The results as one Markdown table (pasteable into the README), columns padded for a terminal.

use std::fmt::Write;
use std::time::Duration;

/// One line of the table.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub section: &'static str,
    pub case: String,
    pub rate: Option<f64>,
    /// p50 latency, or the figure itself for rows that are not loads (a time, a size).
    pub value: Option<String>,
    pub p99: Option<Duration>,
    pub p999: Option<Duration>,
    pub ratio: Option<String>,
    pub target: Option<String>,
}

const HEADER: [&str; 8] = ["section", "case", "debits/s", "p50 / value", "p99", "p99.9", "ratio", "target"];

/// Renders the rows as a Markdown table.
pub fn render(rows: &[Row]) -> String {
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            [
                r.section.to_owned(),
                r.case.clone(),
                r.rate.map(fmt_rate).unwrap_or_default(),
                r.value.clone().unwrap_or_default(),
                r.p99.map(fmt_duration).unwrap_or_default(),
                r.p999.map(fmt_duration).unwrap_or_default(),
                r.ratio.clone().unwrap_or_default(),
                r.target.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut width = HEADER.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    // Numbers right-aligned, words left-aligned.
    let right = [false, false, true, true, true, true, false, false];
    let mut out = String::new();
    let line = |out: &mut String, row: &[String]| {
        out.push('|');
        for ((c, w), r) in row.iter().zip(width).zip(right) {
            let pad = w - c.chars().count();
            let _ = if r { write!(out, " {}{c} |", " ".repeat(pad)) } else { write!(out, " {c}{} |", " ".repeat(pad)) };
        }
        out.push('\n');
    };
    line(&mut out, &HEADER.map(str::to_owned));
    out.push('|');
    for (w, r) in width.iter().zip(right) {
        let dashes = "-".repeat(w.saturating_sub(1));
        let _ = if r { write!(out, " {dashes}: |") } else { write!(out, " {dashes}- |") };
    }
    out.push('\n');
    for row in &cells {
        line(&mut out, row);
    }
    out
}

/// `123,456` style rates.
pub fn fmt_rate(r: f64) -> String {
    let n = r.round() as u64;
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Durations with a unit that keeps three significant digits readable.
pub fn fmt_duration(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 10.0 {
        format!("{us:.2} µs")
    } else if us < 100.0 {
        format!("{us:.1} µs")
    } else if us < 1000.0 {
        format!("{us:.0} µs")
    } else if us < 1_000_000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

/// Bytes as MB (10^6), as `VmRSS` figures are usually quoted.
pub fn fmt_mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(fmt_rate(1234567.4), "1,234,567");
        assert_eq!(fmt_rate(999.0), "999");
        assert_eq!(fmt_duration(Duration::from_micros(250)), "250 µs");
        assert_eq!(fmt_duration(Duration::from_micros(2500)), "2.50 ms");
        assert_eq!(fmt_duration(Duration::from_millis(1500)), "1.50 s");
        let t = render(&[Row { section: "floor", case: "x".into(), rate: Some(10.0), ..Row::default() }]);
        assert!(t.lines().count() == 3 && t.contains("| floor "));
    }
}

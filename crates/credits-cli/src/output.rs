//! Printing: tables for people, JSON for scripts, errors on stderr (or as JSON on stdout with
//! `--json`). A closed pipe (`studio-credits history | head`) ends the process quietly.

use std::io::{self, Write};

use comfy_table::{ColumnConstraint, ContentArrangement, Width, presets};
use credits_core::{Cents, Credits};
use serde::Serialize;
use serde_json::json;

use crate::error::CliError;

/// Where and how to print.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
}

impl Output {
    pub fn new(json: bool, quiet: bool) -> Output {
        Output { json, quiet }
    }

    /// Writes one line to stdout; a broken pipe exits 0.
    pub fn line(&self, s: &str) {
        let mut out = io::stdout().lock();
        if let Err(e) = writeln!(out, "{s}").and_then(|_| out.flush())
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            std::process::exit(0);
        }
    }

    /// Writes `s` to stdout as it is (no newline added); a broken pipe exits 0.
    pub fn write(&self, s: &str) {
        let mut out = io::stdout().lock();
        if let Err(e) = out.write_all(s.as_bytes()).and_then(|_| out.flush())
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            std::process::exit(0);
        }
    }

    /// Human text, unless `--quiet` or `--json`.
    pub fn say(&self, s: &str) {
        if !self.quiet && !self.json {
            self.line(s);
        }
    }

    /// Prints `value` as JSON (one document).
    pub fn json<T: Serialize>(&self, value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(s) => self.line(&s),
            Err(e) => eprintln!("error: cannot encode output: {e}"),
        }
    }

    /// Prints a daemon's answer as the daemon sent it: through a JSON value, whose keys are in
    /// the wire's order.
    pub fn answer<T: Serialize>(&self, value: &T) {
        match serde_json::to_value(value) {
            Ok(v) => self.json(&v),
            Err(e) => eprintln!("error: cannot encode output: {e}"),
        }
    }

    /// Prints a table for people, fitted to the terminal (without the spaces that pad its last
    /// column).
    pub fn table(&self, table: Table) {
        if !self.quiet {
            self.line(&table.render(width()));
        }
    }

    /// A warning on stderr (`warning: …`), whatever the output mode: stdout stays clean for
    /// `--json`. Callers decide whether `--quiet` silences it.
    pub fn warn(&self, s: &str) {
        let mut err = io::stderr().lock();
        let _ = writeln!(err, "warning: {s}");
    }

    /// Reports an error: JSON on stdout with `--json`, one sentence (and a hint) on stderr otherwise.
    pub fn error(&self, e: &CliError) {
        if self.json {
            let mut body = json!({ "type": e.kind.as_str(), "message": e.message });
            if let Some(h) = &e.hint {
                body["hint"] = json!(h);
            }
            if let Some(b) = &e.balance {
                body["balance"] = json!(b);
            }
            if let Some(u) = &e.buy_url {
                body["buy_url"] = json!(u);
            }
            if let Some(l) = &e.limit {
                body["limit"] = json!(l);
            }
            self.json(&json!({ "error": body }));
        } else {
            let mut err = io::stderr().lock();
            let _ = writeln!(err, "error: {}", e.message);
            if let Some(h) = &e.hint {
                let _ = writeln!(err, "hint: {h}");
            }
        }
    }
}

/// The width tables are fitted to. On a terminal: `COLUMNS` when set, else the terminal's own
/// width, else 80 (a pty that reports 0×0, as some CI runners and `docker -t` do, would
/// otherwise get one letter per column). In a pipe: `COLUMNS` when set, else unbounded, so a
/// script reading the table gets every value whole.
pub fn width() -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok()).filter(|&c| c > 0);
    if columns.is_some() {
        return columns;
    }
    let probe = comfy_table::Table::new();
    probe.is_tty().then(|| probe.width().map_or(0, usize::from)).map(|w| if w == 0 { 80 } else { w })
}

/// Between two columns.
const GAP: usize = 2;
/// Free text is cut to no fewer characters than this, then [`FREE_SHORT`], before values wrap.
const FREE_ROOM: usize = 20;
const FREE_SHORT: usize = 12;
/// …and to no fewer than this when even wrapped values leave no more room.
const FREE_MIN: usize = 6;

/// A table for people: borderless and aligned, like gh, kubectl and cargo print them, and the
/// same on a terminal as in a pipe (no box characters to strip before `grep` or `awk`).
///
/// Fitted to a width, a value (an amount, a date, a name, an id) is never cut or broken inside:
/// a column wraps only between words, and only columns marked [`Table::free`] (memos,
/// references) are cut, with `…`.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    free: Vec<bool>,
}

/// A table with this header.
pub fn new_table(header: &[&str]) -> Table {
    Table {
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows: Vec::new(),
        free: vec![false; header.len()],
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The longest run of characters a column cannot break: its longest word.
fn longest_word(s: &str) -> usize {
    s.split(' ').map(chars).max().unwrap_or(0)
}

/// `s` cut to `max` characters, the last one `…` when anything was cut.
pub fn shorten(s: &str, max: usize) -> String {
    if chars(s) <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

impl Table {
    pub fn add_row(&mut self, row: Vec<String>) -> &mut Table {
        self.rows.push(row);
        self
    }

    /// Marks column `index` as free text, which may be cut (with `…`) to fit.
    pub fn free(&mut self, index: usize) -> &mut Table {
        if let Some(f) = self.free.get_mut(index) {
            *f = true;
        }
        self
    }

    /// Each column's widest cell (header included) and longest word.
    fn measure(&self) -> (Vec<usize>, Vec<usize>) {
        let n = self.header.len();
        let (mut full, mut word) = (vec![0; n], vec![0; n]);
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate().take(n) {
                full[i] = full[i].max(chars(cell));
                word[i] = word[i].max(longest_word(cell));
            }
        }
        (full, word)
    }

    /// The widest line of column `i` wrapped between words at `limit` (at least its longest
    /// word): what the column needs once wrapped.
    fn wrapped(&self, i: usize, limit: usize) -> usize {
        let mut widest = 0;
        for cell in std::iter::once(&self.header).chain(&self.rows).filter_map(|r| r.get(i)) {
            let mut line = 0;
            for word in cell.split(' ').map(chars) {
                line = if line == 0 {
                    word
                } else if line + 1 + word <= limit {
                    line + 1 + word
                } else {
                    word
                };
                widest = widest.max(line);
            }
        }
        widest
    }

    /// Column content widths and the gap between columns that fit `width`, narrowing step by
    /// step, the least harmful first: wrap headers only (`Balance after` over two lines), cut
    /// free text to [`FREE_ROOM`] and then [`FREE_SHORT`] characters, wrap values between their
    /// words (widest saving first; each row then takes more lines), put one space between
    /// columns, cut free text to [`FREE_MIN`] and at last to 3. What still does not fit runs
    /// past the edge rather than break a value.
    fn widths(&self, width: usize) -> (Vec<usize>, usize) {
        let (full, word) = self.measure();
        let n = full.len();
        let mut w = full.clone();
        let mut gap = GAP;
        let total = |w: &[usize], gap: usize| w.iter().sum::<usize>() + gap * n.saturating_sub(1);
        let free: Vec<usize> = (0..n).filter(|&i| self.free[i]).collect();
        let cut_free = |w: &mut Vec<usize>, gap: usize, to: usize| {
            for &i in &free {
                let excess = total(w, gap).saturating_sub(width);
                w[i] = w[i].saturating_sub(excess).max(to.min(full[i]));
            }
        };
        // Headers only: the widest data cell, or the header's longest word if that is wider.
        for i in (0..n).filter(|&i| !self.free[i]) {
            if total(&w, gap) <= width {
                break;
            }
            let data = self.rows.iter().filter_map(|r| r.get(i)).map(|c| chars(c)).max().unwrap_or(0);
            w[i] = data.max(longest_word(&self.header[i]));
        }
        for to in [FREE_ROOM, FREE_SHORT] {
            if total(&w, gap) > width {
                cut_free(&mut w, gap, to);
            }
        }
        let mut wrappable: Vec<usize> = (0..n).filter(|&i| !self.free[i] && word[i] < w[i]).collect();
        wrappable.sort_by_key(|&i| std::cmp::Reverse(w[i] - word[i]));
        for i in wrappable {
            let excess = total(&w, gap).saturating_sub(width);
            if excess == 0 {
                break;
            }
            w[i] = self.wrapped(i, w[i].saturating_sub(excess).max(word[i]));
        }
        if total(&w, gap) > width {
            gap = 1;
        }
        for to in [FREE_MIN, 3] {
            if total(&w, gap) > width {
                cut_free(&mut w, gap, to);
            }
        }
        // Room left after wrapping goes back to free text.
        for &i in &free {
            let room = width.saturating_sub(total(&w, gap));
            w[i] = (w[i] + room).min(full[i]);
        }
        (w, gap)
    }

    /// The table as lines without trailing blanks, fitted to `width` (`None`: as wide as it is).
    pub fn render(&self, width: Option<usize>) -> String {
        let (widths, gap) = match width {
            Some(width) => self.widths(width),
            None => (self.measure().0, GAP),
        };
        let mut t = comfy_table::Table::new();
        t.load_style(presets::NOTHING);
        // The widths are decided above; comfy-table wraps within them between words.
        t.set_content_arrangement(ContentArrangement::Disabled);
        let fit = |row: &Vec<String>| -> Vec<String> {
            row.iter()
                .enumerate()
                .map(
                    |(i, c)| if self.free.get(i).copied().unwrap_or(false) { shorten(c, widths[i]) } else { c.clone() },
                )
                .collect()
        };
        t.set_header(fit(&self.header));
        for row in &self.rows {
            t.add_row(fit(row));
        }
        let last = widths.len().saturating_sub(1);
        for (i, column) in t.column_iter_mut().enumerate() {
            // Two spaces between columns (one when narrow), none before the first.
            let pad = if i == last { 0 } else { gap };
            column.set_padding((0, pad as u16));
            // An absolute width counts the padding too.
            let w = u16::try_from(widths.get(i).copied().unwrap_or(1).max(1) + pad).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
        }
        t.trim_fmt()
    }
}

/// `1234567` → `1,234,567`; keeps a sign and a fraction as they are (`-1234.5` → `-1,234.5`).
fn grouped(decimal: &str) -> String {
    let (sign, rest) = match decimal.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", decimal),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::from(sign);
    for (i, d) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Credits for people: `1,234.5`.
pub fn credits(c: Credits) -> String {
    grouped(&c.to_string())
}

/// Money for people: `$1,000.00`.
pub fn money(c: Cents) -> String {
    let s = c.to_string();
    format!("${}", grouped(s.trim_start_matches('$')))
}

/// A pool's name for people: one spelling, "top-up", in every message (JSON and CSV keep the
/// wire's `topup`).
pub fn pool_name(pool: credits_core::Pool) -> &'static str {
    match pool {
        credits_core::Pool::Included => "included",
        credits_core::Pool::Topup => "top-up",
    }
}

/// `2026-12-01T00:00:00Z` → `2026-12-01 00:00 UTC`, for people.
pub fn human_time(rfc3339: &str) -> String {
    match rfc3339.parse::<jiff::Timestamp>() {
        Ok(ts) => ts.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => rfc3339.to_owned(),
    }
}

/// An instant in a workspace's zone first, then its UTC time: `2026-12-01 00:00 Europe/Berlin
/// (23:00 UTC)`, or `2026-12-01 00:00 UTC` for a UTC workspace (or an unknown zone).
pub fn zoned_time(rfc3339: &str, zone: &str) -> String {
    let Ok(ts) = rfc3339.parse::<jiff::Timestamp>() else { return rfc3339.to_owned() };
    let tz = match jiff::tz::TimeZone::get(zone) {
        Ok(tz) if !zone.is_empty() && zone != "UTC" && zone != "Etc/UTC" => tz,
        _ => return human_time(rfc3339),
    };
    let local = ts.to_zoned_datetime(tz);
    format!("{} {zone} ({})", local.strftime("%Y-%m-%d %H:%M"), ts.strftime("%H:%M UTC"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(credits(Credits::from_millis(1_000_000)), "1,000");
        assert_eq!(credits(Credits::from_millis(1_234_500)), "1,234.5");
        assert_eq!(credits(Credits::from_millis(-12_345_678_001)), "-12,345,678.001");
        assert_eq!(credits(Credits::from_millis(999_000)), "999");
        assert_eq!(money(Cents::new(100_000)), "$1,000.00");
        assert_eq!(money(Cents::new(5)), "$0.05");
    }

    #[test]
    fn zone_first() {
        assert_eq!(zoned_time("2026-11-30T23:00:00Z", "Europe/Berlin"), "2026-12-01 00:00 Europe/Berlin (23:00 UTC)");
        assert_eq!(zoned_time("2026-12-01T00:00:00Z", "UTC"), "2026-12-01 00:00 UTC");
        assert_eq!(
            zoned_time("2026-12-01T05:00:00Z", "America/Chicago"),
            "2026-11-30 23:00 America/Chicago (05:00 UTC)"
        );
    }

    #[test]
    fn never_breaks_a_value() {
        let mut t = new_table(&["Time (UTC)", "Amount", "Memo"]);
        t.add_row(vec!["2026-11-30 12:00:00".into(), "-1,234.5".into(), "a memo that is long enough to cut".into()]);
        t.free(2);
        let out = t.render(Some(30));
        assert!(out.contains("-1,234.5"), "{out}");
        assert!(out.contains('…'), "{out}");
        assert!(out.lines().all(|l| l.chars().count() <= 30), "{out}");
    }
}

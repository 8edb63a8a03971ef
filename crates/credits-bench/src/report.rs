//! What a run found: the table's rows, and each target of the issue with its verdict.

use crate::table::{self, Row};

/// Rows in the order measured, and one line per target met or missed.
#[derive(Debug, Default)]
pub struct Report {
    pub rows: Vec<Row>,
    pub targets: Vec<String>,
}

impl Report {
    pub fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    /// Judges `row` against a target: `short` goes in the row, `long` and the verdict under the
    /// table.
    pub fn judge(&mut self, mut row: Row, ok: bool, short: &str, long: String) {
        row.target = Some(format!("{short}: {}", verdict(ok)));
        self.targets.push(format!("- {long}: {}", verdict(ok)));
        self.rows.push(row);
    }

    /// A target judged on rows already in the table (a ratio of two of them).
    pub fn target(&mut self, ok: bool, long: String) {
        self.targets.push(format!("- {long}: {}", verdict(ok)));
    }

    /// The table, then the targets.
    pub fn render(&self) -> String {
        let mut out = table::render(&self.rows);
        if !self.targets.is_empty() {
            out.push('\n');
            for t in &self.targets {
                out.push_str(t);
                out.push('\n');
            }
        }
        out
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

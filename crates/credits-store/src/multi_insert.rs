//! Multi-row INSERTs for the rows a run of debits gathers (journal entries, idempotency keys):
//! one statement per up to 128 rows instead of one each, because each statement costs SQLite a
//! bind, a step, a statement journal and a halt whatever its size.

use std::sync::OnceLock;

use rusqlite::{Connection, ToSql};

use crate::error::StoreError;

/// Rows per statement, largest first (the last must be 1): the most is well under SQLite's
/// parameter limit for the widest row, and a run's rows go out in as few statements of these
/// lengths as fit. Only these few statements are built and cached: one per length of a run's
/// tail would fill SQLite's statement cache with large programs.
const CHUNKS: [usize; 4] = [128, 32, 8, 1];

/// `INSERT INTO table (columns) VALUES` followed by `(?, …)` groups of one row's width, built
/// once for each of [`CHUNKS`].
pub(crate) struct MultiInsert {
    /// `INSERT INTO table (c1, …, cN) VALUES `.
    head: &'static str,
    /// Parameters bound per row: the number of columns in `head`.
    per_row: usize,
    built: [OnceLock<String>; CHUNKS.len()],
}

impl MultiInsert {
    pub(crate) const fn new(head: &'static str, per_row: usize) -> MultiInsert {
        MultiInsert { head, per_row, built: [const { OnceLock::new() }; CHUNKS.len()] }
    }

    /// Inserts `rows`, each bound by `bind` (which pushes exactly `per_row` values in the
    /// columns' order), in as few statements as fit.
    pub(crate) fn write<'r, T>(
        &self,
        conn: &Connection,
        rows: &'r [T],
        bind: impl Fn(&'r T, &mut Vec<&'r dyn ToSql>),
    ) -> Result<(), StoreError> {
        let mut rest = rows;
        let mut args: Vec<&dyn ToSql> = Vec::with_capacity(self.per_row * CHUNKS[0].min(rows.len()));
        while !rest.is_empty() {
            let at = CHUNKS.iter().position(|&n| n <= rest.len()).unwrap_or(CHUNKS.len() - 1);
            let (chunk, tail) = rest.split_at(CHUNKS[at]);
            args.clear();
            for row in chunk {
                bind(row, &mut args);
            }
            if args.len() != self.per_row * chunk.len() {
                return Err(StoreError::Internal(format!("{}: a row bound the wrong number of values", self.head)));
            }
            conn.prepare_cached(self.sql(at))?.execute(args.as_slice())?;
            rest = tail;
        }
        Ok(())
    }

    /// The statement for [`CHUNKS`]`[at]` rows.
    fn sql(&self, at: usize) -> &str {
        self.built[at].get_or_init(|| {
            let rows = CHUNKS[at];
            let mut sql = String::with_capacity(self.head.len() + rows * self.per_row * 6);
            sql.push_str(self.head);
            for r in 0..rows {
                sql.push_str(if r == 0 { "(" } else { ",(" });
                for c in 0..self.per_row {
                    if c > 0 {
                        sql.push(',');
                    }
                    sql.push_str(&format!("?{}", r * self.per_row + c + 1));
                }
                sql.push(')');
            }
            sql
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static PAIRS: MultiInsert = MultiInsert::new("INSERT INTO t (a, b) VALUES ", 2);

    #[test]
    fn every_row_is_written_once_in_order_whatever_the_count() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL)").unwrap();
        let mut next = 0;
        for count in [0, 1, 7, 8, 9, 128, 129, 300] {
            let rows: Vec<(i64, String)> = (next..next + count).map(|i| (i, format!("row {i}"))).collect();
            PAIRS.write(&conn, &rows, |(a, b), args| args.extend([a as &dyn ToSql, b])).unwrap();
            next += count;
        }
        let stored: Vec<(i64, String)> = conn
            .prepare("SELECT a, b FROM t ORDER BY a")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let want: Vec<(i64, String)> = (0..next).map(|i| (i, format!("row {i}"))).collect();
        assert_eq!(stored, want);
    }

    #[test]
    fn a_row_refused_refuses_its_whole_statement_and_says_so() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL)").unwrap();
        // Eight rows go out in one statement; the last repeats the first's key.
        let rows: Vec<(i64, String)> = (0..8).map(|i| (i % 7, format!("row {i}"))).collect();
        assert!(PAIRS.write(&conn, &rows, |(a, b), args| args.extend([a as &dyn ToSql, b])).is_err());
        let count: i64 = conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 0);
    }

    #[test]
    fn a_row_binding_the_wrong_count_is_an_error_not_a_shifted_insert() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL)").unwrap();
        let rows = [(1_i64, "one")];
        assert!(PAIRS.write(&conn, &rows, |(a, _), args| args.push(a as &dyn ToSql)).is_err());
    }
}

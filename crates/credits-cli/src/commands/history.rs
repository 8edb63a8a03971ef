//! `history`: journal entries as a table, CSV or JSON.

use credits_core::records::Entry;
use credits_proto::Call;
use serde::Deserialize;

use super::Ctx;
use crate::args::HistoryArgs;
use crate::error::CliError;
use crate::exit;
use crate::output::new_table;

#[derive(Deserialize, serde::Serialize)]
struct Entries {
    entries: Vec<Entry>,
}

pub fn history(ctx: &Ctx<'_>, a: &HistoryArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let call = Call::History {
        scope: ctx.scope(a.seat.as_ref()),
        since: a.since.clone(),
        until: a.until.clone(),
        kind: a.kind.clone(),
        limit: Some(a.limit),
    };
    let h: Entries = client.call(&call)?;
    if ctx.out.json {
        ctx.out.json(&h);
    } else if a.csv {
        ctx.out.line("id,time,seat,pool,kind,amount,balance_after,period,ref,memo");
        for e in &h.entries {
            let row = [
                e.id.to_string(),
                e.time.clone(),
                e.seat.clone().unwrap_or_default(),
                e.pool.to_string(),
                e.kind.to_string(),
                e.amount.to_string(),
                e.balance_after.to_string(),
                e.period.clone(),
                e.reference.clone().unwrap_or_default(),
                e.memo.clone().unwrap_or_default(),
            ];
            ctx.out.line(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        }
    } else if h.entries.is_empty() {
        ctx.out.say("No entries.");
    } else {
        let mut t = new_table(&["#", "Time (UTC)", "Seat", "Pool", "Kind", "Amount", "Balance after", "Memo"]);
        for e in &h.entries {
            t.add_row(vec![
                e.id.to_string(),
                e.time.get(..19).unwrap_or(&e.time).replace('T', " "),
                e.seat.clone().unwrap_or_else(|| "-".into()),
                e.pool.to_string(),
                e.kind.to_string(),
                e.amount.to_string(),
                e.balance_after.to_string(),
                e.memo.clone().unwrap_or_default(),
            ]);
        }
        ctx.out.table(t);
    }
    Ok(exit::OK)
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

//! `history`: journal entries as a table, CSV or JSON. CSV and JSON are written page by page
//! as the daemon answers, so exporting a journal of any size takes the memory of one page.

use credits_core::records::Entry;
use credits_proto::Call;
use credits_proto::page::{HistoryPage, PAGE_ITEMS};

use super::Ctx;
use crate::args::HistoryArgs;
use crate::error::CliError;
use crate::exit;
use crate::output::{Output, Table, credits, new_table, shorten};

/// Widest actor in the table: `cli:` and a long user name still leave room for the memo on a
/// narrow terminal (CSV and JSON carry it whole).
const ACTOR_WIDTH: usize = 16;

pub fn history(ctx: &Ctx<'_>, a: &HistoryArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let mut sink = if ctx.out.json {
        Sink::Json { started: false }
    } else if a.csv {
        ctx.out.line("id,time,seat,pool,kind,amount,balance_after,period,ref,memo,actor");
        Sink::Csv
    } else {
        Sink::Table(Vec::new())
    };
    // Entries still wanted; `None` with --all.
    let mut left = (!a.all).then_some(a.limit);
    let mut cursor = None;
    // For the table's "50 of 84 shown": whether entries were left out, and how many match.
    let (mut more, mut total) = (false, None);
    while left != Some(0) {
        let call = Call::History {
            scope: ctx.scope(a.seat.as_ref()),
            since: a.since.clone(),
            until: a.until.clone(),
            kind: a.kind.clone(),
            limit: Some(left.unwrap_or(PAGE_ITEMS).min(PAGE_ITEMS)),
            cursor: cursor.take(),
            // Asked on the page a person's table stops at; the daemon counts only when more follow.
            count: matches!(sink, Sink::Table(_)) && left.is_some_and(|l| l <= PAGE_ITEMS),
        };
        let page: HistoryPage = match client.call(&call) {
            Ok(page) => page,
            // The JSON document on stdout is cut short: the error goes to stderr, where it
            // cannot be taken for part of it (and the exit code says the export failed).
            Err(e) if matches!(sink, Sink::Json { started: true }) => {
                Output::new(false, false).error(&e);
                return Ok(exit::code_for(e.kind));
            }
            Err(e) => return Err(e),
        };
        let got = u32::try_from(page.entries.len()).unwrap_or(u32::MAX);
        left = left.map(|l| l.saturating_sub(got));
        more = page.next.is_some();
        total = page.total.or(total);
        sink.page(ctx, page.entries);
        match page.next {
            Some(next) if got > 0 => cursor = Some(next),
            _ => break,
        }
    }
    let table = matches!(sink, Sink::Table(_));
    let shown = sink.finish(ctx);
    // Under a table only: CSV and JSON are data, and --limit was the script's own choice.
    if table && more && left == Some(0) {
        ctx.out.say(&match total {
            Some(total) => format!("{shown} of {total} shown (use --limit or --all for more)."),
            None => format!("{shown} shown; there are more (use --limit or --all)."),
        });
    }
    Ok(exit::OK)
}

/// Where pages go: straight to stdout (JSON, CSV), or into one table at the end.
enum Sink {
    /// `started`: the document's opening and at least one entry are out.
    Json {
        started: bool,
    },
    Csv,
    Table(Vec<Entry>),
}

impl Sink {
    fn page(&mut self, ctx: &Ctx<'_>, entries: Vec<Entry>) {
        match self {
            // The same document `{"entries": [...]}`, pretty-printed, as if encoded in one go:
            // each entry is indented to its depth (strings in JSON hold no raw newlines).
            Sink::Json { started } => {
                let mut text = String::new();
                for e in &entries {
                    text.push_str(if *started { ",\n" } else { "{\n  \"entries\": [\n" });
                    *started = true;
                    let pretty = serde_json::to_string_pretty(e).unwrap_or_default();
                    for (i, line) in pretty.lines().enumerate() {
                        text.push_str(if i == 0 { "    " } else { "\n    " });
                        text.push_str(line);
                    }
                }
                ctx.out.write(&text);
            }
            Sink::Csv => {
                let mut text = String::new();
                for e in &entries {
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
                        e.actor.as_ref().map(ToString::to_string).unwrap_or_default(),
                    ];
                    text.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
                    text.push('\n');
                }
                ctx.out.write(&text);
            }
            Sink::Table(all) => all.extend(entries),
        }
    }

    /// Ends the output; returns how many entries a table showed.
    fn finish(self, ctx: &Ctx<'_>) -> usize {
        match self {
            Sink::Json { started: true } => ctx.out.line("\n  ]\n}"),
            Sink::Json { started: false } => ctx.out.line("{\n  \"entries\": []\n}"),
            Sink::Csv => {}
            Sink::Table(entries) if entries.is_empty() => ctx.out.say("No entries."),
            Sink::Table(entries) => {
                let shown = entries.len();
                // Its own Actor column where there is room; on a narrow terminal (where the
                // reference and memo are down to a few letters anyway) under the seat instead.
                let wide = entry_table(&entries, false);
                let t = match crate::output::width() {
                    Some(w) if widest(&wide.render(Some(w))) > w => entry_table(&entries, true),
                    _ => wide,
                };
                ctx.out.table(t);
                return shown;
            }
        }
        0
    }
}

/// The history table. Reference: the hold, purchase or idempotency key an entry belongs to.
/// Actor: who wrote it (`-` for entries from before actors were recorded). With `narrow` the
/// actor goes in the seat's column after the seat (a cell wraps between words, so it becomes a
/// second line) and the reference is left out: cut to a few letters it says nothing, and
/// `--json` and `--csv` carry it.
fn entry_table(entries: &[Entry], narrow: bool) -> Table {
    let actor = |e: &Entry| e.actor.as_ref().map_or_else(|| "-".to_owned(), |a| shorten(&a.to_string(), ACTOR_WIDTH));
    let mut header = vec!["#", "Time (UTC)", "Seat", "Pool", "Kind", "Amount", "Balance after", "Actor", "Ref", "Memo"];
    if narrow {
        header.drain(7..9);
        header[2] = "Seat, actor";
    }
    let mut t = new_table(&header);
    for e in entries {
        let seat = e.seat.clone().unwrap_or_else(|| "-".into());
        let mut row = vec![
            e.id.to_string(),
            e.time.get(..19).unwrap_or(&e.time).replace('T', " "),
            if narrow { format!("{seat} {}", actor(e)) } else { seat },
            crate::output::pool_name(e.pool).to_owned(),
            e.kind.to_string(),
            credits(e.amount),
            credits(e.balance_after),
        ];
        if !narrow {
            row.push(actor(e));
            row.push(e.reference.clone().unwrap_or_default());
        }
        row.push(e.memo.clone().unwrap_or_default());
        t.add_row(row);
    }
    if !narrow {
        t.free(header.len() - 2);
    }
    t.free(header.len() - 1);
    t
}

fn widest(rendered: &str) -> usize {
    rendered.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

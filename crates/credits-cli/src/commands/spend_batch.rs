//! `spend --batch FILE|-`: usage events read as JSON Lines, sent in batches of up to 1,000 (and
//! under the one-message size limit), each event decided on its own by the daemon. The whole
//! input is read and checked before anything is sent, so a line that is not a JSON object spends
//! nothing at all.

use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::Path;

use credits_core::Credits;
use credits_core::ledger::MAX_BATCH;
use credits_proto::Call;
use credits_proto::results::{EventResult, SpendBatchResult};
use serde_json::Value;

use super::Ctx;
use crate::error::CliError;
use crate::exit;
use crate::output::{credits, new_table};

/// Bytes of events per request: under the 1 MiB limit of one message (socket) and one body
/// (HTTP), with room for the envelope.
const BATCH_BYTES: usize = 960 * 1024;
/// Refused events listed for people; `--json` has them all.
const SHOWN_REFUSALS: usize = 20;

/// One input line that holds an event.
struct Line {
    number: usize,
    event: Value,
    /// Its encoded size, for cutting batches under [`BATCH_BYTES`].
    bytes: usize,
}

/// Reads every non-blank line of `path` (`-`: standard input) as a JSON object.
fn read_events(path: &Path) -> Result<Vec<Line>, CliError> {
    let shown = if path == Path::new("-") { "standard input".to_owned() } else { path.display().to_string() };
    let reader: Box<dyn Read> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| CliError::invalid(format!("cannot read {shown}: {e}")))?)
    };
    let mut lines = Vec::new();
    for (i, line) in BufReader::new(reader).lines().enumerate() {
        let number = i + 1;
        let line = line.map_err(|e| CliError::invalid(format!("cannot read line {number} of {shown}: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let event: Value = serde_json::from_str(&line).map_err(|e| {
            CliError::invalid(format!("line {number} of {shown} is not JSON ({e}); nothing was spent"))
                .with_hint("each line must be one event, e.g. {\"amount\": \"1.5\", \"memo\": \"summarize\"}")
        })?;
        if line.len() >= BATCH_BYTES {
            return Err(CliError::invalid(format!(
                "line {number} of {shown} is {} bytes, more than one request carries ({BATCH_BYTES}); nothing was spent",
                line.len()
            )));
        }
        if !event.is_object() {
            return Err(CliError::invalid(format!("line {number} of {shown} is not a JSON object; nothing was spent"))
                .with_hint("each line must be one event, e.g. {\"amount\": \"1.5\", \"memo\": \"summarize\"}"));
        }
        lines.push(Line { number, event, bytes: line.len() + 1 });
    }
    Ok(lines)
}

/// Cuts `lines` into batches of at most [`MAX_BATCH`] events and [`BATCH_BYTES`] bytes.
fn batches(lines: Vec<Line>) -> Vec<Vec<Line>> {
    let mut out: Vec<Vec<Line>> = Vec::new();
    let mut bytes = 0;
    for line in lines {
        let full = out.last().is_none_or(|b| b.len() >= MAX_BATCH || bytes + line.bytes > BATCH_BYTES);
        if full {
            out.push(Vec::new());
            bytes = 0;
        }
        bytes += line.bytes;
        if let Some(b) = out.last_mut() {
            b.push(line);
        }
    }
    out
}

/// How the events came out, counted.
#[derive(Default)]
struct Tally {
    spent: i64,
    ok: usize,
    replayed: usize,
    payment_required: usize,
    invalid: usize,
    /// The daemon's own failures (status `error`).
    failed: usize,
}

pub fn spend_batch(ctx: &Ctx<'_>, path: &Path, seat: Option<&String>) -> Result<u8, CliError> {
    let lines = read_events(path)?;
    let total = lines.len();
    let mut client = ctx.client()?;
    let chunks = batches(lines);
    let progress =
        (chunks.len() > 1 && !ctx.out.json && !ctx.out.quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} events")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
    let mut results: Vec<EventResult> = Vec::with_capacity(total);
    let mut numbers: Vec<usize> = Vec::with_capacity(total);
    for chunk in chunks {
        let (nums, events): (Vec<usize>, Vec<Value>) = chunk.into_iter().map(|l| (l.number, l.event)).unzip();
        let call = Call::SpendBatch { scope: ctx.scope(seat), events };
        let answer: SpendBatchResult = client.call(&call).map_err(|e| {
            if results.is_empty() {
                return e;
            }
            // The batches before this one were decided: say so, or a rerun without keys would
            // spend them again.
            let hint = format!(
                "the first {} events (through line {}) were already decided; rerun only the rest, or rerun \
                 all with idempotency keys on every event so that nothing is spent twice",
                results.len(),
                numbers.last().copied().unwrap_or(0)
            );
            e.with_hint(hint)
        })?;
        if answer.results.len() != nums.len() {
            return Err(CliError::internal(format!(
                "the daemon answered {} results for a batch of {} events",
                answer.results.len(),
                nums.len()
            )));
        }
        if let Some(bar) = &progress {
            bar.inc(nums.len() as u64);
        }
        numbers.extend(nums);
        results.extend(answer.results);
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let mut tally = Tally::default();
    for r in &results {
        match r {
            EventResult::Ok(receipt) => {
                tally.ok += 1;
                tally.spent += receipt.entries.iter().map(|e| -e.amount.millis()).sum::<i64>();
            }
            EventResult::Replayed(_) => tally.replayed += 1,
            EventResult::PaymentRequired { .. } => tally.payment_required += 1,
            EventResult::InvalidInput { .. } => tally.invalid += 1,
            EventResult::Error { .. } => tally.failed += 1,
        }
    }
    let code = if tally.failed > 0 {
        exit::UNEXPECTED
    } else if tally.invalid > 0 {
        exit::USAGE as u8
    } else if tally.payment_required > 0 {
        exit::PAYMENT_REQUIRED
    } else {
        exit::OK
    };
    if ctx.out.json {
        ctx.out.answer(&SpendBatchResult { results });
        return Ok(code);
    }
    say_tally(ctx, total, &tally);
    let refusals: Vec<(usize, &EventResult)> = numbers
        .iter()
        .copied()
        .zip(&results)
        .filter(|(_, r)| !matches!(r, EventResult::Ok(_) | EventResult::Replayed(_)))
        .collect();
    if !refusals.is_empty() {
        let mut t = new_table(&["Line", "Result", "Why"]);
        for (line, r) in refusals.iter().take(SHOWN_REFUSALS) {
            let (status, error) = match r {
                EventResult::PaymentRequired { error } => ("payment required", error),
                EventResult::InvalidInput { error } => ("invalid", error),
                EventResult::Error { error } => ("error", error),
                EventResult::Ok(_) | EventResult::Replayed(_) => continue,
            };
            t.add_row(vec![line.to_string(), status.to_owned(), error.message.clone()]);
        }
        ctx.out.table(t);
        if refusals.len() > SHOWN_REFUSALS {
            ctx.out.say(&format!("… and {} more (--json lists every result).", refusals.len() - SHOWN_REFUSALS));
        }
    }
    Ok(code)
}

fn say_tally(ctx: &Ctx<'_>, total: usize, t: &Tally) {
    let mut parts = vec![format!("{} spent ({} credits)", t.ok, credits(Credits::from_millis(t.spent)))];
    if t.replayed > 0 {
        parts.push(format!("{} already spent under their keys", t.replayed));
    }
    if t.payment_required > 0 {
        parts.push(format!("{} refused for want of credits", t.payment_required));
    }
    if t.invalid > 0 {
        parts.push(format!("{} invalid", t.invalid));
    }
    if t.failed > 0 {
        parts.push(format!("{} not decided (the daemon's error; retry them)", t.failed));
    }
    let noun = if total == 1 { "event" } else { "events" };
    ctx.out.say(&format!("{total} {noun}: {}.", parts.join(", ")));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(number: usize, bytes: usize) -> Line {
        Line { number, event: Value::Null, bytes }
    }

    #[test]
    fn batches_stay_under_both_limits() {
        let cut = batches((1..=2500).map(|n| line(n, 10)).collect());
        assert_eq!(cut.iter().map(Vec::len).collect::<Vec<_>>(), vec![1000, 1000, 500]);
        let cut = batches((1..=30).map(|n| line(n, 100 * 1024)).collect());
        assert!(cut.iter().all(|b| b.iter().map(|l| l.bytes).sum::<usize>() <= BATCH_BYTES));
        assert_eq!(cut.iter().map(Vec::len).sum::<usize>(), 30);
        assert!(batches(Vec::new()).is_empty());
    }
}

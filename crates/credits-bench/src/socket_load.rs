//! Debits over the local socket, as the CLI sends them: JSON-RPC `spend`, one line each.
//! Closed loop (each client waits for its answer before sending the next) and pipelined (one
//! connection, many requests in flight).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use interprocess::local_socket::prelude::*;
use interprocess::local_socket::{GenericFilePath, Stream};

use crate::daemon::{USER, WORKSPACE};
use crate::load::{Debit, next_tag};
use crate::stats::{Percentiles, Run};

/// The amount of every benchmark debit: the smallest there is.
pub const AMOUNT: &str = "0.001";

/// One blocking connection to the daemon.
pub struct Conn {
    reader: BufReader<Stream>,
    line: Vec<u8>,
}

impl Conn {
    pub fn connect(socket: &Path) -> anyhow::Result<Conn> {
        let name = socket.to_fs_name::<GenericFilePath>()?;
        let stream = Stream::connect(name)?;
        let mut conn = Conn { reader: BufReader::new(stream), line: Vec::with_capacity(1024) };
        let hello = br#"{"jsonrpc":"2.0","id":0,"method":"hello","params":{"protocol":1,"client_version":"bench"}}"#;
        conn.call(&[&hello[..], b"\n"].concat())?;
        Ok(conn)
    }

    /// Sends one request line and reads its answer; fails on a JSON-RPC error.
    pub fn call(&mut self, request: &[u8]) -> anyhow::Result<()> {
        self.reader.get_mut().write_all(request)?;
        self.line.clear();
        if self.reader.read_until(b'\n', &mut self.line)? == 0 {
            bail!("the daemon closed the connection");
        }
        check_answer(&self.line)
    }
}

/// A `spend` request line for `id`, with an idempotency key when `key` is given.
pub fn spend_line(id: u64, key: Option<&str>) -> Vec<u8> {
    spend_line_in(WORKSPACE, id, key)
}

/// [`spend_line`] in workspace `workspace`.
pub fn spend_line_in(workspace: &str, id: u64, key: Option<&str>) -> Vec<u8> {
    let key = key.map(|k| format!(r#","idempotency_key":"{k}""#)).unwrap_or_default();
    format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"spend","params":{{"workspace":"{workspace}","user":"{USER}","amount":"{AMOUNT}"{key}}}}}"#
    )
    .into_bytes()
    .into_iter()
    .chain(*b"\n")
    .collect()
}

/// Fails when an answer line is a JSON-RPC error (a refused debit must never count as done).
fn check_answer(line: &[u8]) -> anyhow::Result<()> {
    if line.windows(8).any(|w| w == br#""error":"#) || !line.windows(9).any(|w| w == br#""result":"#) {
        bail!("the daemon refused a debit: {}", String::from_utf8_lossy(line).trim_end());
    }
    Ok(())
}

impl Debit for Conn {
    fn debit(&mut self, id: u64, key: Option<&str>) -> anyhow::Result<()> {
        self.call(&spend_line(id, key))
    }
}

/// A connection that sends `spend_batch` calls of `size` debits; each must answer `ok` for
/// every event.
pub struct Batches {
    pub conn: Conn,
    pub size: usize,
}

impl Debit for Batches {
    fn debit(&mut self, id: u64, _key: Option<&str>) -> anyhow::Result<()> {
        let events = batch_events(self.size);
        let line = format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"spend_batch","params":{{"workspace":"{WORKSPACE}","user":"{USER}","events":{events}}}}}"#
        );
        self.conn.call(&[line.as_bytes(), b"\n"].concat())?;
        all_ok(&self.conn.line, self.size)
    }
}

/// The events of a batch: `size` debits of [`AMOUNT`].
pub fn batch_events(size: usize) -> String {
    let one = format!(r#"{{"amount":"{AMOUNT}"}}"#);
    format!("[{}]", vec![one; size].join(","))
}

/// Fails unless the answer says `ok` for each of the `size` events (a refused debit must never
/// count as done).
pub fn all_ok(answer: &[u8], size: usize) -> anyhow::Result<()> {
    let ok = answer.windows(13).filter(|w| *w == br#""status":"ok""#).count();
    if ok != size {
        bail!(
            "a batch of {size} had {ok} debited: {}",
            String::from_utf8_lossy(answer).chars().take(500).collect::<String>()
        );
    }
    Ok(())
}

/// A connection whose debits go to one workspace of its own choosing (loads spread over many).
pub struct InWorkspace {
    pub conn: Conn,
    pub workspace: String,
}

impl Debit for InWorkspace {
    fn debit(&mut self, id: u64, key: Option<&str>) -> anyhow::Result<()> {
        self.conn.call(&spend_line_in(&self.workspace, id, key))
    }
}

/// A connection that sends `hello` instead of debits: the transport's ceiling (socket, JSON-RPC
/// envelope, async runtime) without the ledger.
pub struct HelloOnly(pub Conn);

impl Debit for HelloOnly {
    fn debit(&mut self, id: u64, _key: Option<&str>) -> anyhow::Result<()> {
        let line = format!(
            "{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"hello\",\"params\":{{\"protocol\":1,\"client_version\":\"bench\"}}}}\n"
        );
        self.0.call(line.as_bytes())
    }
}

/// Requests in flight at most on the pipelined connection.
pub const WINDOW: u64 = 256;

/// One connection; a sender keeps up to [`WINDOW`] debits in flight while a receiver reads the
/// answers (which may come back out of order) and matches them to their send time by id.
pub fn pipelined(socket: &Path, duration: Duration, keys: bool) -> anyhow::Result<Run> {
    let tag = next_tag();
    let conn = Conn::connect(socket)?;
    // `&Stream` reads and writes: one half per thread.
    let stream = Arc::new(conn.reader.into_inner());
    let ring: Arc<Vec<AtomicU64>> = Arc::new((0..WINDOW * 2).map(|_| AtomicU64::new(0)).collect());
    let received = Arc::new(AtomicU64::new(0));
    let done_sending = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let sender = {
        let (ring, received, done_sending, sent) = (ring.clone(), received.clone(), done_sending.clone(), sent.clone());
        let stream = stream.clone();
        thread::spawn(move || -> anyhow::Result<()> {
            let mut send = std::io::BufWriter::new(&*stream);
            let deadline = start + duration;
            let mut id = 0u64;
            while Instant::now() < deadline {
                // Fill the window, then flush it as one write.
                let mut queued = 0;
                while id - received.load(Ordering::Acquire) < WINDOW {
                    id += 1;
                    let key = keys.then(|| format!("p{tag}-{id}"));
                    ring[(id % (WINDOW * 2)) as usize].store(start.elapsed().as_nanos() as u64, Ordering::Release);
                    send.write_all(&spend_line(id, key.as_deref()))?;
                    queued += 1;
                }
                sent.store(id, Ordering::Release);
                if queued > 0 {
                    send.flush()?;
                } else {
                    thread::yield_now();
                }
            }
            send.flush()?;
            done_sending.store(true, Ordering::Release);
            Ok(())
        })
    };
    let mut reader = BufReader::new(&*stream);
    let mut line = Vec::with_capacity(1024);
    let mut lat = Vec::with_capacity(1 << 16);
    loop {
        let got = received.load(Ordering::Acquire);
        if done_sending.load(Ordering::Acquire) && got >= sent.load(Ordering::Acquire) {
            break;
        }
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            bail!("the daemon closed the pipelined connection");
        }
        let now = start.elapsed().as_nanos() as u64;
        check_answer(&line)?;
        let id = answer_id(&line).context("an answer without a numeric id")?;
        lat.push(now.saturating_sub(ring[(id % (WINDOW * 2)) as usize].load(Ordering::Acquire)));
        received.store(got + 1, Ordering::Release);
    }
    let elapsed = start.elapsed().as_secs_f64();
    sender.join().map_err(|_| anyhow::anyhow!("the sender thread panicked"))??;
    Ok(Run { rate: lat.len() as f64 / elapsed, latency: Percentiles::of(&mut lat), cpu_per_op: None })
}

/// The numeric `"id"` of an answer line.
fn answer_id(line: &[u8]) -> Option<u64> {
    let at = line.windows(5).position(|w| w == br#""id":"#)? + 5;
    let digits: Vec<u8> = line[at..].iter().copied().take_while(u8::is_ascii_digit).collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_answer_lines() {
        let line = spend_line(7, Some("k-1"));
        let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(v["method"], "spend");
        assert_eq!(v["id"], 7);
        assert_eq!(v["params"]["idempotency_key"], "k-1");
        assert_eq!(v["params"]["amount"], AMOUNT);
        assert!(check_answer(br#"{"jsonrpc":"2.0","id":7,"result":{}}"#).is_ok());
        assert!(check_answer(br#"{"jsonrpc":"2.0","id":7,"error":{"code":1}}"#).is_err());
        assert_eq!(answer_id(br#"{"jsonrpc":"2.0","id":42,"result":{}}"#), Some(42));
    }
}

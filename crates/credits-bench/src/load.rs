//! Closed-loop load: N clients, each sending a debit and waiting for its answer before the next,
//! for a fixed time. Whatever the transport, the same loop measures rate and latency.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use crate::stats::{Percentiles, Run};

/// A connection that can send one debit and wait for its answer.
pub trait Debit: Send + 'static {
    /// One debit numbered `id`, with idempotency key `key` when given; an error when refused.
    fn debit(&mut self, id: u64, key: Option<&str>) -> anyhow::Result<()>;
}

/// A connection that counts the debits the daemon acknowledged, so a run can be checked against
/// the journal afterwards: the benchmark cannot report work that was lost.
pub struct Counted<C> {
    pub inner: C,
    pub acked: Arc<AtomicU64>,
}

impl<C: Debit> Debit for Counted<C> {
    fn debit(&mut self, id: u64, key: Option<&str>) -> anyhow::Result<()> {
        self.inner.debit(id, key)?;
        self.acked.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// A tag unique to each run against one daemon, so idempotency keys never repeat.
pub fn next_tag() -> u64 {
    static TAG: AtomicU64 = AtomicU64::new(0);
    TAG.fetch_add(1, Ordering::Relaxed)
}

/// Runs every connection in `conns` on its own thread for `duration`; with `keys`, every debit
/// carries a fresh idempotency key.
pub fn closed_loop<C: Debit>(conns: Vec<C>, duration: Duration, keys: bool) -> anyhow::Result<Run> {
    let tag = next_tag();
    let barrier = Arc::new(Barrier::new(conns.len() + 1));
    let handles: Vec<_> = conns
        .into_iter()
        .enumerate()
        .map(|(c, mut conn)| {
            let barrier = barrier.clone();
            thread::spawn(move || -> anyhow::Result<Vec<u64>> {
                let mut lat = Vec::with_capacity(1 << 16);
                barrier.wait();
                let deadline = Instant::now() + duration;
                let mut id = 1u64;
                while Instant::now() < deadline {
                    let key = keys.then(|| format!("b{tag}-{c}-{id}"));
                    let t0 = Instant::now();
                    conn.debit(id, key.as_deref())?;
                    lat.push(t0.elapsed().as_nanos() as u64);
                    id += 1;
                }
                Ok(lat)
            })
        })
        .collect();
    barrier.wait();
    let start = Instant::now();
    let mut all = Vec::new();
    let mut first_error = None;
    for h in handles {
        match h.join() {
            Ok(Ok(lat)) => all.extend(lat),
            Ok(Err(e)) => first_error = first_error.or(Some(e)),
            Err(_) => first_error = first_error.or(Some(anyhow::anyhow!("a client thread panicked"))),
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    let elapsed = start.elapsed().as_secs_f64();
    Ok(Run { rate: all.len() as f64 / elapsed, latency: Percentiles::of(&mut all), cpu_per_op: None })
}

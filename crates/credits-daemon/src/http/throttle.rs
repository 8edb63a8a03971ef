//! Abuse limits of the HTTP API, kept in memory with a bounded footprint: a token bucket per API
//! key (`[http] key_rate_per_second`, `key_burst`), and a count of failed authentications per
//! client address (`[http] auth_failures_per_minute`) past which that address gets 429 until its
//! minute is over. Both answer with the seconds to wait (`Retry-After`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most keys and addresses tracked at once each. When a map is full, entries that no longer
/// matter (a full bucket, an expired window) are dropped; if none is, the oldest goes.
pub const MAX_TRACKED: usize = 10_000;

const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    start: Instant,
    failures: u32,
}

/// The limiter state of one daemon.
#[derive(Debug)]
pub struct Throttle {
    rate: f64,
    burst: f64,
    max_failures: u32,
    keys: Mutex<HashMap<String, Bucket>>,
    failures: Mutex<HashMap<IpAddr, Window>>,
}

impl Throttle {
    pub fn new(rate_per_second: u32, burst: u32, failures_per_minute: u32) -> Throttle {
        Throttle {
            rate: f64::from(rate_per_second.max(1)),
            burst: f64::from(burst.max(1)),
            max_failures: failures_per_minute.max(1),
            keys: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from key `id`'s bucket; `Err(seconds to wait)` when it is empty.
    pub fn key_request(&self, id: &str, now: Instant) -> Result<(), u64> {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        if !keys.contains_key(id) && keys.len() >= MAX_TRACKED {
            let (rate, burst) = (self.rate, self.burst);
            keys.retain(|_, b| b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst);
            evict_oldest(&mut keys, MAX_TRACKED, |b| b.at);
        }
        let bucket = keys.entry(id.to_owned()).or_insert(Bucket { tokens: self.burst, at: now });
        let refilled = bucket.tokens + now.saturating_duration_since(bucket.at).as_secs_f64() * self.rate;
        bucket.tokens = refilled.min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            // Whole seconds, at least one: when the next request fits again.
            Err(((1.0 - bucket.tokens) / self.rate).ceil().max(1.0) as u64)
        }
    }

    /// `Some(seconds to wait)` while `ip` has failed to authenticate too often this minute.
    pub fn blocked(&self, ip: IpAddr, now: Instant) -> Option<u64> {
        let failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let w = failures.get(&ip)?;
        let elapsed = now.saturating_duration_since(w.start);
        (w.failures >= self.max_failures && elapsed < WINDOW)
            .then(|| WINDOW.saturating_sub(elapsed).as_secs_f64().ceil().max(1.0) as u64)
    }

    /// Counts a failed authentication from `ip`.
    pub fn failed(&self, ip: IpAddr, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if !failures.contains_key(&ip) && failures.len() >= MAX_TRACKED {
            failures.retain(|_, w| now.saturating_duration_since(w.start) < WINDOW);
            evict_oldest(&mut failures, MAX_TRACKED, |w| w.start);
        }
        let w = failures.entry(ip).or_insert(Window { start: now, failures: 0 });
        if now.saturating_duration_since(w.start) >= WINDOW {
            *w = Window { start: now, failures: 0 };
        }
        w.failures = w.failures.saturating_add(1);
    }
}

/// Drops the oldest entry while `map` has `cap` or more.
fn evict_oldest<K: Clone + Eq + std::hash::Hash, V>(map: &mut HashMap<K, V>, cap: usize, at: impl Fn(&V) -> Instant) {
    while map.len() >= cap {
        let Some(oldest) = map.iter().min_by_key(|(_, v)| at(v)).map(|(k, _)| k.clone()) else { return };
        map.remove(&oldest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_burst_then_its_rate() {
        let t = Throttle::new(2, 3, 20);
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(t.key_request("w/ci", now), Ok(()));
        }
        assert_eq!(t.key_request("w/ci", now), Err(1));
        assert_eq!(t.key_request("w/other", now), Ok(()), "buckets are per key");
        assert_eq!(t.key_request("w/ci", now + Duration::from_millis(500)), Ok(()));
    }

    #[test]
    fn failures_block_an_address_for_the_rest_of_its_minute_and_memory_stays_bounded() {
        let t = Throttle::new(50, 100, 3);
        let now = Instant::now();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(t.blocked(ip, now), None);
            t.failed(ip, now);
        }
        assert_eq!(t.blocked(ip, now + Duration::from_secs(10)), Some(50));
        assert_eq!(t.blocked(ip, now + WINDOW), None);
        for i in 0..(MAX_TRACKED as u32 + 50) {
            t.failed(IpAddr::from(i.to_be_bytes()), now);
        }
        assert!(t.failures.lock().unwrap().len() <= MAX_TRACKED);
    }
}

//! The CLI end to end: `studio-credits balance` as a whole process (start, connect, answer,
//! exit) against a hello-world binary built with the same profile, runs interleaved so both see
//! the same machine noise.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::bail;

use crate::daemon::Daemon;
use crate::stats::median_duration;

/// Median wall time of `balance` and of `hello` over `runs` runs each.
pub fn balance_vs_hello(daemon: &Daemon, hello: &Path, runs: usize) -> anyhow::Result<(Duration, Duration)> {
    let mut balance = Vec::with_capacity(runs);
    let mut baseline = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        balance.push(time(daemon.command(&["balance"]))?);
        let mut h = Command::new(hello);
        h.stdin(Stdio::null());
        baseline.push(time(h)?);
    }
    Ok((median_duration(balance), median_duration(baseline)))
}

fn time(mut cmd: Command) -> anyhow::Result<Duration> {
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let t0 = Instant::now();
    let out = cmd.output()?;
    let elapsed = t0.elapsed();
    if !out.status.success() {
        bail!("{cmd:?} failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr));
    }
    Ok(elapsed)
}

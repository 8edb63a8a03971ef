//! Figures from repeated runs: one run's rate and latency percentiles, and the median of each
//! over the repetitions, so one noisy run on a shared machine does not decide a figure.

use std::time::Duration;

/// What one run of a load measured.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// Completed operations per second over the run.
    pub rate: f64,
    /// Latency percentiles of the run's operations (for the floor, of its transactions).
    pub latency: Option<Percentiles>,
    /// CPU time per operation, where the run can measure it (in-process runs).
    pub cpu_per_op: Option<Duration>,
}

/// Latency percentiles of one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Percentiles {
    pub p50: Duration,
    pub p99: Duration,
    pub p999: Duration,
}

impl Percentiles {
    /// Percentiles of `nanos` (sorted in place). `None` for no samples.
    pub fn of(nanos: &mut [u64]) -> Option<Percentiles> {
        if nanos.is_empty() {
            return None;
        }
        nanos.sort_unstable();
        let at = |q: f64| {
            let i = ((nanos.len() as f64 * q).ceil() as usize).clamp(1, nanos.len()) - 1;
            Duration::from_nanos(nanos[i])
        };
        Some(Percentiles { p50: at(0.50), p99: at(0.99), p999: at(0.999) })
    }
}

/// The median of each figure over several runs of the same load.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub rate: f64,
    pub latency: Option<Percentiles>,
    pub cpu_per_op: Option<Duration>,
}

impl Summary {
    pub fn of(runs: &[Run]) -> Summary {
        let rate = median_f64(runs.iter().map(|r| r.rate).collect());
        let lat: Vec<Percentiles> = runs.iter().filter_map(|r| r.latency).collect();
        let latency = (!lat.is_empty()).then(|| Percentiles {
            p50: median_duration(lat.iter().map(|p| p.p50).collect()),
            p99: median_duration(lat.iter().map(|p| p.p99).collect()),
            p999: median_duration(lat.iter().map(|p| p.p999).collect()),
        });
        let cpu: Vec<Duration> = runs.iter().filter_map(|r| r.cpu_per_op).collect();
        let cpu_per_op = (!cpu.is_empty()).then(|| median_duration(cpu));
        Summary { rate, latency, cpu_per_op }
    }
}

/// The CPU time in a Linux `schedstat` file (its first field, in nanoseconds).
pub fn schedstat_cpu(path: &std::path::Path) -> Option<Duration> {
    let s = std::fs::read_to_string(path).ok()?;
    Some(Duration::from_nanos(s.split_whitespace().next()?.parse().ok()?))
}

/// The median (the mean of the middle two for an even count); 0 for none.
pub fn median_f64(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

pub fn median_duration(v: Vec<Duration>) -> Duration {
    Duration::from_secs_f64(median_f64(v.into_iter().map(|d| d.as_secs_f64()).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_percentiles() {
        assert_eq!(median_f64(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median_f64(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median_f64(vec![]), 0.0);
        let mut v: Vec<u64> = (1..=1000).collect();
        let p = Percentiles::of(&mut v).unwrap();
        assert_eq!(p.p50, Duration::from_nanos(500));
        assert_eq!(p.p99, Duration::from_nanos(990));
        assert_eq!(p.p999, Duration::from_nanos(999));
        assert!(Percentiles::of(&mut []).is_none());
    }
}

//! Timing for the benchmarks: the median of several runs, so that one slow run (another
//! process, a page fault) does not stand for the figure.

use std::time::{Duration, Instant};

/// The median time of `runs` runs of `f`.
pub fn median_time(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

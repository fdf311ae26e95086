//! The adaptive sampler on virtual time: seeded Poisson arrivals and seeded trace ids, several seeds, no wall
//! clock. Target 100 traces per second throughout.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use opentelemetry::trace::{SpanKind, TraceId};
use opentelemetry_sdk::trace::{SamplingDecision, ShouldSample};
use traced::sampling::{probability_of, AdaptiveSampler, Clock};

const TARGET: f64 = 100.0;
const SEEDS: [u64; 5] = [1, 2, 3, 4, 5];

/// Virtual time in nanoseconds, moved by the simulation.
#[derive(Clone, Debug, Default)]
struct Virtual(Arc<AtomicU64>);

impl Clock for Virtual {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed))
    }
}

/// splitmix64: small, seeded, good enough for arrival times and trace ids.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }
}

/// One decision: when, whether kept, and the probability the kept span carries.
struct Decision {
    at: f64,
    kept: bool,
    probability: f64,
}

/// Traffic phases `(requests per second, seconds)`; `poisson` draws exponential gaps, else they are regular.
fn simulate(seed: u64, phases: &[(f64, f64)], poisson: bool) -> Vec<Decision> {
    let clock = Virtual::default();
    let sampler = AdaptiveSampler::new(TARGET, 1000).unwrap().with_clock(clock.clone());
    let mut rng = Rng(seed);
    let mut decisions = Vec::new();
    let mut now = 0.0;
    for &(rate, seconds) in phases {
        let end = now + seconds;
        loop {
            let gap = if poisson { -rng.unit().ln() / rate } else { 1.0 / rate };
            if now + gap >= end {
                now = end;
                break;
            }
            now += gap;
            clock.0.store((now * 1e9) as u64, Ordering::Relaxed);
            let trace_id = TraceId::from(u128::from(rng.next()) << 64 | u128::from(rng.next()));
            let result = sampler.should_sample(None, trace_id, "root", &SpanKind::Server, &[], &[]);
            let kept = result.decision == SamplingDecision::RecordAndSample;
            let probability =
                if kept { probability_of(&result.trace_state).expect("a kept span carries th") } else { 0.0 };
            decisions.push(Decision { at: now, kept, probability });
        }
    }
    decisions
}

fn kept_per_second(decisions: &[Decision], from: f64, to: f64) -> f64 {
    decisions.iter().filter(|d| d.kept && d.at >= from && d.at < to).count() as f64 / (to - from)
}

fn share_kept(decisions: &[Decision], from: f64, to: f64) -> f64 {
    let window: Vec<&Decision> = decisions.iter().filter(|d| d.at >= from && d.at < to).collect();
    window.iter().filter(|d| d.kept).count() as f64 / window.len() as f64
}

#[test]
fn steady_traffic_keeps_the_target_rate() {
    for seed in SEEDS {
        for rate in [500.0, 2000.0] {
            let decisions = simulate(seed, &[(rate, 40.0)], true);
            let kept = kept_per_second(&decisions, 5.0, 40.0);
            assert!((90.0..=110.0).contains(&kept), "seed {seed}, {rate} rps: {kept} kept/s");
        }
    }
}

#[test]
fn low_traffic_is_kept_in_full() {
    for seed in SEEDS {
        let decisions = simulate(seed, &[(20.0, 60.0)], true);
        assert!(decisions.iter().all(|d| d.kept), "seed {seed}: 20 rps");
    }
    let sparse = simulate(1, &[(0.1, 300.0)], false);
    assert_eq!(sparse.len(), 29);
    assert!(sparse.iter().all(|d| d.kept && d.probability == 1.0), "one request every 10 s");
}

#[test]
fn a_step_up_settles_within_ten_seconds() {
    for seed in SEEDS {
        let decisions = simulate(seed, &[(50.0, 20.0), (2000.0, 40.0)], true);
        // The step is at 20 s; from 30 s on the rate is back on target.
        let kept = kept_per_second(&decisions, 30.0, 60.0);
        assert!((90.0..=110.0).contains(&kept), "seed {seed}: {kept} kept/s after the step");
    }
}

#[test]
fn after_a_drop_quiet_traffic_is_kept_again_within_fifteen_seconds() {
    for seed in SEEDS {
        let decisions = simulate(seed, &[(5000.0, 20.0), (10.0, 60.0)], true);
        let share = share_kept(&decisions, 35.0, 80.0);
        assert!(share >= 0.95, "seed {seed}: {share} of the quiet traffic kept");
    }
}

#[test]
fn kept_traces_estimate_the_true_count_over_a_ramp() {
    for seed in SEEDS {
        let decisions = simulate(seed, &[(50.0, 30.0), (2000.0, 60.0), (50.0, 30.0)], true);
        let estimate: f64 = decisions.iter().filter(|d| d.kept).map(|d| 1.0 / d.probability).sum();
        let truth = decisions.len() as f64;
        let error = (estimate - truth).abs() / truth;
        assert!(error <= 0.03, "seed {seed}: estimated {estimate}, true {truth} ({:.2}% off)", error * 100.0);
    }
}

#[test]
fn the_snapshot_reports_what_happened() {
    let clock = Virtual::default();
    let sampler = AdaptiveSampler::new(TARGET, 1000).unwrap().with_clock(clock.clone());
    let mut rng = Rng(7);
    let mut kept = 0;
    for i in 0..10_000u64 {
        clock.0.store(i * 250_000, Ordering::Relaxed); // 4000 requests a second
        let trace_id = TraceId::from(u128::from(rng.next()) << 64 | u128::from(rng.next()));
        let result = sampler.should_sample(None, trace_id, "root", &SpanKind::Server, &[], &[]);
        kept += u64::from(result.decision == SamplingDecision::RecordAndSample);
    }
    let snapshot = sampler.snapshot();
    assert_eq!((snapshot.seen, snapshot.sampled), (10_000, kept));
    assert!((3900.0..=4100.0).contains(&snapshot.estimated_rate), "{snapshot:?}");
    assert!((snapshot.probability - 0.025).abs() < 0.001, "{snapshot:?}");
}

#[test]
fn many_threads_lose_no_counts_and_keep_p_in_range() {
    let sampler = AdaptiveSampler::new(TARGET, 100).unwrap().with_time_bound(Duration::from_millis(1));
    let threads: Vec<_> = (0..8u64)
        .map(|seed| {
            let sampler = sampler.clone();
            std::thread::spawn(move || {
                let mut rng = Rng(seed);
                let mut kept = 0u64;
                for _ in 0..50_000 {
                    let trace_id = TraceId::from(u128::from(rng.next()) << 64 | u128::from(rng.next()));
                    let result = sampler.should_sample(None, trace_id, "root", &SpanKind::Server, &[], &[]);
                    kept += u64::from(result.decision == SamplingDecision::RecordAndSample);
                    let p = sampler.snapshot().probability;
                    assert!(p > 0.0 && p <= 1.0, "{p}");
                }
                kept
            })
        })
        .collect();
    let kept: u64 = threads.into_iter().map(|thread| thread.join().unwrap()).sum();
    let snapshot = sampler.snapshot();
    assert_eq!((snapshot.seen, snapshot.sampled), (400_000, kept));
}

//! A steady number of traces per second, whatever the traffic.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use opentelemetry::trace::{Link, SpanKind, TraceId};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::{SamplingDecision, SamplingResult, ShouldSample};

use super::clock::{Clock, SystemClock};
use super::probability::decide;
use super::threshold::Threshold;
use super::InvalidSampler;

/// Keeps about `target_per_second` traces a second: the probability is recomputed from the observed request rate
/// every `sample_size` requests or after the time bound (1 s by default), whichever comes first, so it follows a
/// ramp quickly and returns to full sampling as soon as traffic drops or after an idle gap. Decisions are
/// consistent ([`ProbabilitySampler`](super::ProbabilitySampler)'s rule) and kept spans carry the `th` of the
/// probability actually used, so the sum of `1/p` over kept traces estimates the true count.
///
/// The decision path takes no lock and allocates nothing when it drops a span. Clones share their state.
///
/// ```
/// use traced::sampling::{parent_based, AdaptiveSampler};
///
/// let sampler = AdaptiveSampler::new(100.0, 1000)?;
/// let guard = traced::builder().with_sampler(sampler.clone()).with_exporter(traced::setup::Exporter::None).install()?;
/// // ... later, for a metrics endpoint:
/// let snapshot = sampler.snapshot();
/// assert_eq!(snapshot.probability, 1.0);
/// # drop(guard);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct AdaptiveSampler {
    state: Arc<State>,
    clock: Arc<dyn Clock>,
}

#[derive(Debug)]
struct State {
    target: f64,
    sample_size: u64,
    time_bound: AtomicU64,
    /// The threshold in force, raw.
    threshold: AtomicU64,
    /// The last estimated request rate, as `f64` bits.
    rate: AtomicU64,
    window_start: AtomicU64,
    window_count: AtomicU64,
    seen: AtomicU64,
    sampled: AtomicU64,
}

/// What an [`AdaptiveSampler`] has done so far.
///
/// ```
/// use opentelemetry::trace::{SpanKind, TraceId};
/// use opentelemetry_sdk::trace::ShouldSample;
/// use traced::sampling::{AdaptiveSampler, AdaptiveSnapshot};
///
/// let sampler = AdaptiveSampler::new(100.0, 1000)?;
/// for id in 1..=10_u128 {
///     sampler.should_sample(None, TraceId::from(id), "GET /", &SpanKind::Server, &[], &[]);
/// }
/// let AdaptiveSnapshot { seen, sampled, probability, .. } = sampler.snapshot();
/// assert_eq!((seen, sampled, probability), (10, 10, 1.0), "far below the target: everything is kept");
/// # Ok::<(), traced::sampling::InvalidSampler>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdaptiveSnapshot {
    /// Decisions made (requests seen).
    pub seen: u64,
    /// Decisions that kept the span.
    pub sampled: u64,
    /// The probability in force.
    pub probability: f64,
    /// The request rate it was computed from, per second (0 before the first estimate).
    pub estimated_rate: f64,
}

impl AdaptiveSampler {
    /// Aims at `target_per_second` kept traces, re-estimating the rate at least every `sample_size` requests.
    ///
    /// # Errors
    ///
    /// `target_per_second` is not a positive number, or `sample_size` is 0.
    ///
    /// ```
    /// use traced::sampling::AdaptiveSampler;
    ///
    /// let sampler = AdaptiveSampler::new(100.0, 1000)?; // about 100 traces a second
    /// assert!(AdaptiveSampler::new(0.0, 1000).is_err());
    /// assert!(AdaptiveSampler::new(100.0, 0).is_err());
    /// # let _ = sampler;
    /// # Ok::<(), traced::sampling::InvalidSampler>(())
    /// ```
    pub fn new(target_per_second: f64, sample_size: u32) -> Result<AdaptiveSampler, InvalidSampler> {
        if !(target_per_second.is_finite() && target_per_second > 0.0) {
            return Err(InvalidSampler::new("target per second", target_per_second, "a positive number"));
        }
        if sample_size == 0 {
            return Err(InvalidSampler::new("sample size", sample_size, "at least 1"));
        }
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let now = nanos(clock.now());
        Ok(AdaptiveSampler {
            state: Arc::new(State {
                target: target_per_second,
                sample_size: u64::from(sample_size),
                time_bound: AtomicU64::new(nanos(Duration::from_secs(1))),
                threshold: AtomicU64::new(0),
                rate: AtomicU64::new(0.0_f64.to_bits()),
                window_start: AtomicU64::new(now),
                window_count: AtomicU64::new(0),
                seen: AtomicU64::new(0),
                sampled: AtomicU64::new(0),
            }),
            clock,
        })
    }

    /// Uses `clock` for time (virtual time in tests); the current window starts now.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use std::sync::Arc;
    /// use std::time::Duration;
    ///
    /// use opentelemetry::trace::{SpanKind, TraceId};
    /// use opentelemetry_sdk::trace::ShouldSample;
    /// use traced::sampling::{AdaptiveSampler, Clock};
    ///
    /// /// Virtual time, moved by the test.
    /// #[derive(Clone, Debug, Default)]
    /// struct Virtual(Arc<AtomicU64>);
    ///
    /// impl Clock for Virtual {
    ///     fn now(&self) -> Duration {
    ///         Duration::from_nanos(self.0.load(Ordering::Relaxed))
    ///     }
    /// }
    ///
    /// let clock = Virtual::default();
    /// let sampler = AdaptiveSampler::new(10.0, 100)?.with_clock(clock.clone());
    /// let decide = |id: u128| sampler.should_sample(None, TraceId::from(id), "GET /", &SpanKind::Server, &[], &[]);
    /// // 100 requests at once, and one more a second later: 101 requests a second, for a target of 10.
    /// (0..100).for_each(|id| drop(decide(id)));
    /// clock.0.store(1_000_000_000, Ordering::Relaxed);
    /// decide(100);
    /// let snapshot = sampler.snapshot();
    /// assert_eq!(snapshot.estimated_rate, 101.0);
    /// assert!((snapshot.probability - 10.0 / 101.0).abs() < 1e-3);
    /// # Ok::<(), traced::sampling::InvalidSampler>(())
    /// ```
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.state.window_start.store(nanos(clock.now()), Ordering::Relaxed);
        self.clock = Arc::new(clock);
        self
    }

    /// Re-estimates the rate at least this often (default 1 s).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use opentelemetry::trace::{SpanKind, TraceId};
    /// use opentelemetry_sdk::trace::ShouldSample;
    /// use traced::sampling::AdaptiveSampler;
    ///
    /// let sampler = AdaptiveSampler::new(100.0, 1000)?.with_time_bound(Duration::from_millis(1));
    /// std::thread::sleep(Duration::from_millis(5));
    /// sampler.should_sample(None, TraceId::from(1), "GET /", &SpanKind::Server, &[], &[]);
    /// assert!(sampler.snapshot().estimated_rate > 0.0, "re-estimated after 1 ms, not after 1000 requests");
    /// # Ok::<(), traced::sampling::InvalidSampler>(())
    /// ```
    pub fn with_time_bound(self, bound: Duration) -> Self {
        self.state.time_bound.store(nanos(bound).max(1), Ordering::Relaxed);
        self
    }

    /// Requests seen, sampled, the probability in force and the rate it comes from.
    ///
    /// ```
    /// use traced::sampling::AdaptiveSampler;
    ///
    /// let sampler = AdaptiveSampler::new(100.0, 1000)?;
    /// let guard = traced::builder()
    ///     .with_sampler(sampler.clone())
    ///     .with_exporter(traced::setup::Exporter::None)
    ///     .install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// run();
    /// run();
    /// // Clones share their state: this one sees what the installed one decided.
    /// assert_eq!(sampler.snapshot().seen, 2);
    /// # drop(guard);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn snapshot(&self) -> AdaptiveSnapshot {
        let state = &self.state;
        AdaptiveSnapshot {
            seen: state.seen.load(Ordering::Relaxed),
            sampled: state.sampled.load(Ordering::Relaxed),
            probability: Threshold::from_raw(state.threshold.load(Ordering::Relaxed)).probability(),
            estimated_rate: f64::from_bits(state.rate.load(Ordering::Relaxed)),
        }
    }

    /// The threshold for the next decision, re-estimated when the window is full or old.
    fn threshold(&self) -> Threshold {
        let state = &self.state;
        let now = nanos(self.clock.now());
        let count = state.window_count.fetch_add(1, Ordering::Relaxed) + 1;
        let start = state.window_start.load(Ordering::Relaxed);
        let elapsed = now.saturating_sub(start);
        let due = count >= state.sample_size || elapsed >= state.time_bound.load(Ordering::Relaxed);
        // The thread that moves the window's start re-estimates; the others decide with the threshold in force.
        if due
            && elapsed > 0
            && state.window_start.compare_exchange(start, now, Ordering::AcqRel, Ordering::Relaxed).is_ok()
        {
            let requests = state.window_count.swap(0, Ordering::AcqRel);
            let rate = requests as f64 / (elapsed as f64 / 1e9);
            let probability = (state.target / rate).min(1.0);
            state.rate.store(rate.to_bits(), Ordering::Relaxed);
            state.threshold.store(Threshold::from_probability(probability).raw(), Ordering::Release);
        }
        Threshold::from_raw(state.threshold.load(Ordering::Acquire))
    }
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

impl ShouldSample for AdaptiveSampler {
    fn should_sample(
        &self,
        parent: Option<&Context>,
        trace_id: TraceId,
        _name: &str,
        _kind: &SpanKind,
        _attributes: &[KeyValue],
        _links: &[Link],
    ) -> SamplingResult {
        self.state.seen.fetch_add(1, Ordering::Relaxed);
        let result = decide(Some(self.threshold()), parent, trace_id, None);
        if result.decision == SamplingDecision::RecordAndSample {
            self.state.sampled.fetch_add(1, Ordering::Relaxed);
        }
        result
    }
}

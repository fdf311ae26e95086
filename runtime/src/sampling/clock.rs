//! Time for the adaptive sampler, so that tests can run it on virtual time.

use std::fmt;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A monotonic clock: time since an arbitrary, fixed origin.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use std::sync::Arc;
/// use std::time::Duration;
///
/// /// Virtual time, moved by the test.
/// #[derive(Clone, Debug, Default)]
/// struct Virtual(Arc<AtomicU64>);
///
/// impl traced::sampling::Clock for Virtual {
///     fn now(&self) -> Duration {
///         Duration::from_nanos(self.0.load(Ordering::Relaxed))
///     }
/// }
///
/// let clock = Virtual::default();
/// let sampler = traced::sampling::AdaptiveSampler::new(100.0, 1000)?.with_clock(clock.clone());
/// # let _ = sampler;
/// # Ok::<(), traced::sampling::InvalidSampler>(())
/// ```
pub trait Clock: fmt::Debug + Send + Sync + 'static {
    /// Time since the clock's origin; never goes backwards.
    fn now(&self) -> Duration;
}

/// The system's monotonic clock.
///
/// ```
/// use traced::sampling::{AdaptiveSampler, Clock, SystemClock};
///
/// let (earlier, later) = (SystemClock.now(), SystemClock.now());
/// assert!(later >= earlier);
/// // The adaptive sampler's clock, unless `with_clock` gives it another.
/// let sampler = AdaptiveSampler::new(100.0, 1000)?.with_clock(SystemClock);
/// # let _ = sampler;
/// # Ok::<(), traced::sampling::InvalidSampler>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        static ORIGIN: OnceLock<Instant> = OnceLock::new();
        ORIGIN.get_or_init(Instant::now).elapsed()
    }
}

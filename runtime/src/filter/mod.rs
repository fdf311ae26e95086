//! The live span filter: which span names are made, changed while the program runs ([`set_filter`]).
//!
//! Each `#[traced]` site keeps the verdict for its name, tagged with the epoch of the filter it came from; a new
//! filter is a new epoch, so a call decides with two loads and a compare, and only a site's first call under a new
//! filter reads the rules.

mod error;
mod rules;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock};

pub use error::FilterError;
pub(crate) use rules::Rules;

/// The epoch of the filter in force, or 0 while every span passes (no filter, or one of `on` rules only).
static EPOCH: AtomicU64 = AtomicU64::new(0);

/// The filter in force, with its epoch; and the last epoch handed out, so a new filter gets a new one.
static FILTER: RwLock<Current> = RwLock::new(Current { epoch: 0, rules: None, last: 0 });

struct Current {
    epoch: u64,
    rules: Option<Rules>,
    last: u64,
}

/// Replaces the span filter, on every thread, while the program runs: an operator turns a noisy component off,
/// or a quiet one on, without a restart.
///
/// `filter` is a comma-separated list of `pattern=on` and `pattern=off` rules over span names, and a bare `on`
/// or `off` for names no rule matches (the default is `on`). A pattern matches
/// - the name itself: `payment.charge`;
/// - and every name under it, as a prefix that ends at a `.` (or the `/` of a gRPC name, or the space of an
///   HTTP one): `db` matches `db.query.get_user`, `helloworld.Greeter` matches `helloworld.Greeter/SayHello`,
///   `GET` matches `GET /users/{id}`;
/// - written `db.*`, only the names under `db`, not `db` itself.
///
/// A pattern that itself ends at a `/` matches only the name it spells (`GET /=off` is the root route alone): write
/// `helloworld.Greeter`, not `helloworld.Greeter/`. Spaces around rules, patterns and switches are ignored.
///
/// The most specific rule decides: the longest pattern that matches, and at equal length the one written last.
/// An empty filter lets every span through. [`Builder::with_filter`](crate::setup::Builder::with_filter) and the
/// `TRACED_SPANS` variable, which set-up reads, set the first filter with the same syntax; a program that installs
/// its own provider passes the variable here itself. The filter belongs to the process, not to a provider: it
/// stays when set-up's guard drops.
///
/// A filtered-out `#[traced]` call does no span work at all, its attribute expressions included, and its
/// children are children of its parent; a filtered-out span of the HTTP or gRPC layers leaves its parent current
/// (the remote one, on a server) and sends that on. Filtering happens before sampling, so it also bounds
/// what [`with_keep_errors`](crate::setup::Builder::with_keep_errors) records.
///
/// # Errors
///
/// A rule that cannot be read, named in the [`FilterError`]; the filter in force stays.
///
/// ```
/// use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
///
/// let spans = InMemorySpanExporter::default();
/// traced::set_tracer_provider(SdkTracerProvider::builder().with_simple_exporter(spans.clone()).build());
///
/// #[traced::traced(name = "orders.place")]
/// fn place() { lookup() }
/// #[traced::traced(name = "db.query.get_user")]
/// fn lookup() {}
///
/// traced::set_filter("db=off")?;
/// place();
/// traced::set_filter("")?; // everything again
/// place();
/// let names: Vec<_> = spans.get_finished_spans()?.iter().map(|span| span.name.to_string()).collect();
/// assert_eq!(names, ["orders.place", "db.query.get_user", "orders.place"]);
///
/// assert!(traced::set_filter("db=maybe").is_err(), "and the filter in force stays");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn set_filter(filter: &str) -> Result<(), FilterError> {
    install(Rules::parse(filter)?);
    Ok(())
}

/// Puts `rules` in force.
pub(crate) fn install(rules: Rules) {
    let mut current = FILTER.write().unwrap_or_else(PoisonError::into_inner);
    if rules.lets_all_through() {
        current.epoch = 0;
        current.rules = None;
    } else {
        current.last += 1;
        current.epoch = current.last;
        current.rules = Some(rules);
    }
    EPOCH.store(current.epoch, Ordering::Release);
}

/// Whether a filter that may leave spans out is in force.
#[cfg(feature = "http")]
#[inline]
pub(crate) fn in_force() -> bool {
    EPOCH.load(Ordering::Relaxed) != 0
}

/// Whether a span named `name` is made: for names known only at run time (the layers').
#[cfg(feature = "http")]
#[inline]
pub(crate) fn allows(name: &str) -> bool {
    !in_force() || decide(name).1
}

/// The verdict of the filter in force on `name`, with that filter's epoch.
#[cold]
fn decide(name: &str) -> (u64, bool) {
    let current = FILTER.read().unwrap_or_else(PoisonError::into_inner);
    (current.epoch, current.rules.as_ref().is_none_or(|rules| rules.allows(name)))
}

/// A site's verdict on its own name: the epoch it was decided under, shifted, and whether the name passes.
pub(crate) struct SiteVerdict(AtomicU64);

impl SiteVerdict {
    pub(crate) const fn new() -> Self {
        SiteVerdict(AtomicU64::new(0))
    }

    /// Whether the site's span, named `name`, is made.
    #[inline]
    pub(crate) fn allows(&self, name: &str) -> bool {
        let epoch = EPOCH.load(Ordering::Relaxed);
        if epoch == 0 {
            return true;
        }
        let verdict = self.0.load(Ordering::Relaxed);
        if verdict >> 1 == epoch {
            return verdict & 1 == 1;
        }
        self.decide(name)
    }

    /// A site's first call under a new filter.
    #[cold]
    #[inline(never)]
    fn decide(&self, name: &str) -> bool {
        // Tagged with the epoch read under the lock, not the one loaded before: a verdict is never filed under an
        // epoch whose rules did not make it.
        let (epoch, allowed) = decide(name);
        self.0.store(epoch << 1 | u64::from(allowed), Ordering::Relaxed);
        allowed
    }
}

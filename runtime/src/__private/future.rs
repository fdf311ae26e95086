//! The future of a traced call: its span current on every poll and while it drops, ended when it completes.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{self, Poll};

use pin_project_lite::pin_project;

use super::SpanGuard;

pin_project! {
    /// A call's future with its span: polled with the span current, a panic recorded, the output handed to the
    /// expansion's `record` (which maps an `Err` to the span's status) and the span ended as soon as it completes.
    /// Dropped before it completes, it drops the inner future with the span current, then ends the span with a
    /// `cancelled` event.
    ///
    /// `Send`, `Sync` and `Unpin` exactly when the inner future is.
    pub struct Traced<F: Future> {
        // `None` once dropped early, so that the inner future's captures are dropped inside the span.
        #[pin]
        future: Option<F>,
        guard: SpanGuard,
        record: fn(&SpanGuard, &F::Output),
    }

    impl<F: Future> PinnedDrop for Traced<F> {
        fn drop(this: Pin<&mut Self>) {
            let mut this = this.project();
            let _attached = this.guard.context().map(|cx| cx.clone().attach());
            this.future.set(None);
        }
    }
}

impl<F: Future> Traced<F> {
    /// Wraps `future`, the call's future, with the call's span.
    #[inline]
    pub fn new(guard: SpanGuard, future: F, record: fn(&SpanGuard, &F::Output)) -> Self {
        Traced { future: Some(future), guard, record }
    }
}

impl<F: Future> Future for Traced<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, task: &mut task::Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        // Only `drop` empties it, and nothing polls a future that is being dropped.
        let Some(future) = this.future.as_pin_mut() else { return Poll::Pending };
        let Some(cx) = this.guard.context() else { return future.poll(task) };
        let attached = cx.clone().attach();
        match catch_unwind(AssertUnwindSafe(|| future.poll(task))) {
            Ok(Poll::Ready(value)) => {
                (this.record)(this.guard, &value);
                drop(attached);
                this.guard.finish();
                Poll::Ready(value)
            }
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => this.guard.panicked(payload),
        }
    }
}

/// Pins down the output type of a future whose output the signature names (`impl Future<Output = T>`,
/// `Pin<Box<dyn Future<Output = T>>>`), before the expansion's `record` needs to know it.
#[inline(always)]
pub fn with_output<T, F: Future<Output = T>>(future: F) -> F {
    future
}

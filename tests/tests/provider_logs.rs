//! Adopting a provider installed through the global puts it back wrapped, which opentelemetry would log as an
//! install of its own ("Global tracer provider is set", through `tracing`): traced keeps that line out of the
//! user's logs, so that only the user's own install is logged.

use std::sync::{Arc, Mutex};

use opentelemetry::global;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records the name of every event.
struct Names(Arc<Mutex<Vec<&'static str>>>);

impl Subscriber for Names {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        self.0.lock().unwrap().push(event.metadata().name());
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[traced::traced(name = "logs.work")]
fn work() {}

#[test]
fn only_the_users_install_is_logged() {
    let names = Arc::new(Mutex::new(Vec::new()));
    let provider = SdkTracerProvider::builder().build();
    tracing::subscriber::with_default(Names(Arc::clone(&names)), || {
        global::set_tracer_provider(provider.clone());
        work(); // adopts the provider, on this thread
        work();
    });
    let installs = names.lock().unwrap().iter().filter(|name| **name == "TracerProvider.GlobalSet").count();
    assert_eq!(installs, 1, "{:?}", names.lock().unwrap());
    provider.shutdown().unwrap();
}

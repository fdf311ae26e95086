//! Faults between the program and its collector: absent at start, killed mid-run and restarted, hanging. The
//! program's calls never block or panic, memory stays bounded by the queue, drops are counted, spans sent after
//! the collector comes back arrive, and shutdown returns by its timeout. The queue, batch and time bounds come
//! from `Otlp`'s builder, else from `OTEL_BSP_*`.

mod collector;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use collector::{free_port, Collector};
use traced::setup::{Exporter, Guard, Otlp};
use traced::traced;

static LOCK: Mutex<()> = Mutex::new(());

#[traced(name = "faults.work", fields(step))]
fn work(step: u64) -> u64 {
    step * 2
}

fn install(otlp: Otlp) -> Guard {
    traced::builder().with_exporter(Exporter::Otlp(otlp)).install().expect("set-up")
}

/// `OTEL_*` variables set until dropped. Every test of this file holds `LOCK`, so none reads the environment
/// while another changes it.
struct Vars(&'static [(&'static str, &'static str)]);

impl Vars {
    fn set(vars: &'static [(&'static str, &'static str)]) -> Vars {
        for (name, value) in vars {
            std::env::set_var(name, value);
        }
        Vars(vars)
    }
}

impl Drop for Vars {
    fn drop(&mut self) {
        for (name, _) in self.0 {
            std::env::remove_var(name);
        }
    }
}

/// Calls and flushes until the collector has spans with `step >= from`, as a new connection may take a few
/// tries after the collector comes back.
fn send_until_received(guard: &Guard, collector: &Collector, from: u64) {
    for step in from..from + 200 {
        assert_eq!(work(step), step * 2);
        let _ = guard.flush();
        let received = collector.spans().iter().any(|span| {
            span.attribute("step").and_then(|value| value.parse::<u64>().ok()).is_some_and(|value| value >= from)
        });
        if received {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no span sent after the restart arrived; the collector printed:\n{}", collector.output());
}

#[test]
fn collector_absent_at_start_then_started() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let (grpc, http) = (free_port(), free_port());
    let guard = install(Otlp::grpc().with_endpoint(format!("http://{grpc}")).with_timeout(Duration::from_secs(2)));
    for step in 0..5 {
        assert_eq!(work(step), step * 2);
    }
    assert!(guard.flush().is_err(), "nothing listens yet");
    assert_eq!(guard.dropped_spans(), 5);

    let collector = Collector::start_on(grpc, http);
    send_until_received(&guard, &collector, 100);
    guard.shutdown().expect("shutdown");
}

#[test]
fn collector_killed_mid_run_and_restarted() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut collector = Collector::start();
    let guard = install(Otlp::http().with_endpoint(collector.http_url()).with_timeout(Duration::from_secs(2)));
    send_until_received(&guard, &collector, 0);
    let exported = guard.exported_spans();
    assert!(exported >= 1);

    collector.kill();
    for step in 1000..1010 {
        assert_eq!(work(step), step * 2);
    }
    assert!(guard.flush().is_err(), "the collector is down");
    assert!(guard.dropped_spans() >= 10, "dropped {}", guard.dropped_spans());

    collector.restart();
    send_until_received(&guard, &collector, 2000);
    assert!(guard.exported_spans() > exported);
    guard.shutdown().expect("shutdown");
}

/// A server that accepts connections and never answers, until dropped.
struct Hanging {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    accepting: Option<JoinHandle<()>>,
}

impl Hanging {
    fn start() -> Hanging {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        let stop = Arc::new(AtomicBool::new(false));
        let accepting = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut held = Vec::new();
                for connection in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    held.extend(connection.ok());
                }
            })
        };
        Hanging { address, stop, accepting: Some(accepting) }
    }
}

impl Drop for Hanging {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop, which then closes every connection it held.
        let _ = TcpStream::connect(self.address);
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
    }
}

#[test]
fn shutdown_returns_by_its_timeout_when_the_collector_hangs() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let hanging = Hanging::start();
    // An export would wait for an hour; shutdown may wait a fifth of a second.
    let guard = traced::builder()
        .with_exporter(Exporter::Otlp(
            Otlp::grpc().with_endpoint(format!("http://{}", hanging.address)).with_timeout(Duration::from_secs(3600)),
        ))
        .with_shutdown_timeout(Duration::from_millis(200))
        .install()
        .expect("set-up");
    assert_eq!(work(1), 2);
    let error = guard.shutdown().expect_err("the export cannot have finished");
    assert!(error.timed_out(), "{error}");
    assert_eq!(error.to_string(), "exporting spans did not finish within 200ms; the spans it held are lost");
    drop(hanging);
}

#[test]
fn a_full_queue_drops_and_counts_instead_of_blocking() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let hanging = Hanging::start();
    let guard = traced::builder()
        .with_exporter(Exporter::Otlp(
            Otlp::grpc()
                .with_endpoint(format!("http://{}", hanging.address))
                .with_timeout(Duration::from_secs(3600))
                .with_max_batch_size(4)
                .with_max_queue_size(8),
        ))
        .with_shutdown_timeout(Duration::from_millis(100))
        .install()
        .expect("set-up");
    for step in 0..100 {
        assert_eq!(work(step), step * 2);
    }
    // At most one batch is being exported (stuck) and the queue holds 8: everything else was dropped.
    let dropped = guard.dropped_spans();
    assert!((88..=100).contains(&dropped), "dropped {dropped}");
    assert!(guard.shutdown().is_err_and(|error| error.timed_out()));
    drop(hanging);
}

#[test]
fn the_queue_and_batch_sizes_come_from_otel_bsp_unless_set() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let _vars = Vars::set(&[("OTEL_BSP_MAX_QUEUE_SIZE", "8"), ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "4")]);
    let hanging = Hanging::start();
    let endpoint = format!("http://{}", hanging.address);
    let otlp = Otlp::grpc().with_endpoint(endpoint.as_str()).with_timeout(Duration::from_secs(3600));
    let in_the_queue = |otlp: Otlp| {
        let guard =
            traced::builder().with_exporter(Exporter::Otlp(otlp)).with_shutdown_timeout(Duration::from_millis(100));
        let guard = guard.install().expect("set-up");
        for step in 0..100 {
            assert_eq!(work(step), step * 2);
        }
        let dropped = guard.dropped_spans();
        assert!(guard.shutdown().is_err_and(|error| error.timed_out()));
        dropped
    };
    // One batch of 4 stuck in its export, 8 in the queue: the rest dropped.
    let dropped = in_the_queue(otlp.clone());
    assert!((88..=100).contains(&dropped), "dropped {dropped}");
    // The builder's sizes win: all hundred wait in the queue, for a batch of 1000 or the scheduled delay.
    assert_eq!(in_the_queue(otlp.with_max_queue_size(1000).with_max_batch_size(1000)), 0);
    drop(hanging);
}

#[test]
fn an_export_is_bounded_by_otel_bsp_export_timeout() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let _vars = Vars::set(&[("OTEL_BSP_EXPORT_TIMEOUT", "300")]);
    let hanging = Hanging::start();
    let guard = traced::builder()
        .with_exporter(Exporter::Otlp(Otlp::grpc().with_endpoint(format!("http://{}", hanging.address))))
        .with_shutdown_timeout(Duration::from_millis(100))
        .install()
        .expect("set-up");
    assert_eq!(work(1), 2);
    let started = Instant::now();
    // By the default bound (10 s) the flush would give up first, after 5 s, with the span still on its way.
    assert!(guard.flush().is_err(), "the collector never answers");
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
    assert_eq!(guard.dropped_spans(), 1, "the span of the export that timed out");
    drop(guard);
    drop(hanging);
}

#[test]
fn spans_wait_for_otel_bsp_schedule_delay() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let _vars = Vars::set(&[("OTEL_BSP_SCHEDULE_DELAY", "600000")]);
    let collector = Collector::start();
    let guard = install(Otlp::grpc().with_endpoint(collector.grpc_url()));
    assert_eq!(work(7), 14);
    // By the default delay (1 s), the span would have been exported by now.
    std::thread::sleep(Duration::from_secs(2));
    assert!(collector.spans().is_empty(), "exported before its delay");
    guard.flush().expect("flushed");
    assert_eq!(collector.wait_for(|spans| !spans.is_empty())[0].attribute("step"), Some("7"));
    guard.shutdown().expect("shutdown");
}

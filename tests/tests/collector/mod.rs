//! A real OpenTelemetry collector for the tests: rotel, from PyPI (installed by `scripts/install-test-tools.sh`
//! into `.venv-test/`), listening on 127.0.0.1 and printing every span it receives. Stopped when dropped.

#![allow(dead_code, unreachable_pub)]

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct Collector {
    child: Option<Child>,
    pub grpc: SocketAddr,
    pub http: SocketAddr,
    dir: PathBuf,
    /// Output files of every run on these ports: a restarted collector appends a new one.
    outputs: Vec<PathBuf>,
}

/// One span as the collector printed it.
#[derive(Clone, Debug, Default)]
pub struct Received {
    pub trace_id: String,
    pub span_id: String,
    pub parent_id: String,
    pub name: String,
    pub kind: String,
    pub status_code: String,
    pub status_message: String,
    pub attributes: Vec<(String, String)>,
    pub events: Vec<(String, Vec<(String, String)>)>,
    pub resource: Vec<(String, String)>,
    pub scope: String,
}

impl Received {
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn resource_attribute(&self, key: &str) -> Option<&str> {
        self.resource.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

fn rotel() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv-test/lib");
    let found = std::fs::read_dir(&venv).ok().into_iter().flatten().flatten().find_map(|python| {
        let agent = python.path().join("site-packages/rotel/rotel-agent");
        agent.exists().then_some(agent)
    });
    found.unwrap_or_else(|| panic!("no rotel in {}: run `bash scripts/test.sh`, which installs it", venv.display()))
}

/// A port of 127.0.0.1 that nothing listens on now.
pub fn free_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address")
}

static RUNS: AtomicUsize = AtomicUsize::new(0);

impl Collector {
    /// Starts a collector on two free ports of 127.0.0.1.
    pub fn start() -> Collector {
        Collector::start_on(free_port(), free_port())
    }

    /// Starts a collector on these addresses, for a test that sent to them before any collector listened.
    pub fn start_on(grpc: SocketAddr, http: SocketAddr) -> Collector {
        let run = RUNS.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("traced-rotel-{}-{run}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        let mut collector = Collector { child: None, grpc, http, dir, outputs: Vec::new() };
        collector.restart();
        collector
    }

    /// Starts the collector again on the same ports, after `kill`.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "the collector is running");
        let output = self.dir.join(format!("output-{}.txt", self.outputs.len()));
        let stdout = File::create(&output).expect("output file");
        let child = Command::new(rotel())
            .arg("start")
            .args(["--otlp-grpc-endpoint", &self.grpc.to_string()])
            .args(["--otlp-http-endpoint", &self.http.to_string()])
            .args(["--exporter", "blackhole", "--debug-log", "traces", "--debug-log-verbosity", "detailed"])
            .arg("--pid-file")
            .arg(self.dir.join("rotel.pid"))
            .arg("--log-file")
            .arg(self.dir.join("rotel.log"))
            .stdin(Stdio::null())
            .stdout(stdout.try_clone().expect("output file"))
            .stderr(stdout)
            .spawn()
            .expect("start rotel");
        self.child = Some(child);
        self.outputs.push(output);
        for address in [self.grpc, self.http] {
            let deadline = Instant::now() + Duration::from_secs(30);
            while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
                assert!(Instant::now() < deadline, "rotel did not listen on {address}: {}", self.output());
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    /// Stops the collector (the ports are then closed).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn grpc_url(&self) -> String {
        format!("http://{}", self.grpc)
    }

    pub fn http_url(&self) -> String {
        format!("http://{}/v1/traces", self.http)
    }

    /// Everything the collector printed, every run.
    pub fn output(&self) -> String {
        self.outputs.iter().map(|path| std::fs::read_to_string(path).unwrap_or_default()).collect()
    }

    /// The spans received so far, every run.
    pub fn spans(&self) -> Vec<Received> {
        parse(&self.output())
    }

    /// Waits (30 s at most) until the collector has received the spans `done` asks for, and returns them all.
    pub fn wait_for(&self, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let spans = self.spans();
            if done(&spans) {
                return spans;
            }
            assert!(
                Instant::now() < deadline,
                "the collector did not receive the spans; it printed:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `-> key: Type(value)` as `(key, value)`.
fn attribute(line: &str) -> Option<(String, String)> {
    let (key, value) = line.trim().strip_prefix("-> ")?.split_once(": ")?;
    let value = value.split_once('(').map_or(value, |(_, inner)| inner.strip_suffix(')').unwrap_or(inner));
    Some((key.to_owned(), value.to_owned()))
}

/// Parses rotel's detailed trace debug output.
pub fn parse(output: &str) -> Vec<Received> {
    enum Section {
        Resource,
        Span,
        Events,
    }
    let mut spans: Vec<Received> = Vec::new();
    let mut resource = Vec::new();
    let mut scope = String::new();
    let mut section = Section::Resource;
    for line in output.lines() {
        let trimmed = line.trim();
        if line.starts_with("ResourceSpans #") {
            resource = Vec::new();
            section = Section::Resource;
        } else if let Some(name) = line.strip_prefix("InstrumentationScope ") {
            scope = name.to_owned();
        } else if line.starts_with("Span #") {
            spans.push(Received { resource: resource.clone(), scope: scope.clone(), ..Received::default() });
            section = Section::Span;
        } else if trimmed == "Events:" {
            section = Section::Events;
        } else if trimmed == "Attributes:" {
            section = Section::Span;
        } else if let Some(name) = trimmed.strip_prefix("-> Name: ") {
            if let Some(span) = spans.last_mut() {
                span.events.push((name.to_owned(), Vec::new()));
            }
        } else if let Some((key, value)) = trimmed.split_once(" : ").filter(|_| !trimmed.starts_with("->")) {
            let Some(span) = spans.last_mut() else { continue };
            let value = value.trim().to_owned();
            match key.trim() {
                "Trace ID" => span.trace_id = value,
                "Parent ID" => span.parent_id = value,
                "ID" => span.span_id = value,
                "Name" => span.name = value,
                "Kind" => span.kind = value,
                "Status code" => span.status_code = value,
                "Status message" => span.status_message = value,
                _ => {}
            }
        } else if trimmed == "Parent ID      :" || trimmed.starts_with("Parent ID") {
            // An empty parent id prints without a value.
        } else if let Some(pair) = attribute(trimmed) {
            match section {
                Section::Resource => resource.push(pair),
                Section::Span => {
                    if let Some(span) = spans.last_mut() {
                        span.attributes.push(pair);
                    }
                }
                Section::Events => {
                    if let Some((_, attributes)) = spans.last_mut().and_then(|span| span.events.last_mut()) {
                        if pair.0 != "Timestamp" && pair.0 != "DroppedAttributesCount" {
                            attributes.push(pair);
                        }
                    }
                }
            }
        }
    }
    spans
}

//! The retry pattern with `#[traced]`: each failed attempt is an `exception` event with its attempt number, and
//! the span ends `Ok` when one succeeds, `Error` when the function gives up and returns `Err`.
//!
//! `cargo run --example retry` prints the two traces as trees.

use std::io;

use traced::{traced, ErrorCategory, KeyValue, Status};

struct Gateway {
    fails_before: u32,
}

#[traced(kind = client)]
impl Gateway {
    /// `gateway.charge`: tries three times.
    fn charge(&self, amount: f64) -> Result<u32, io::Error> {
        for attempt in 1..=3 {
            match self.send(attempt, amount) {
                Ok(()) => {
                    traced::set_attribute(KeyValue::new("retry.attempts", i64::from(attempt)));
                    traced::set_status(Status::Ok);
                    return Ok(attempt);
                }
                Err(error) => traced::record_error_with(
                    &error,
                    ErrorCategory::External,
                    [KeyValue::new("attempt", i64::from(attempt))],
                ),
            }
        }
        Err(io::Error::new(io::ErrorKind::TimedOut, "gave up after 3 attempts"))
    }

    #[traced(skip)]
    fn send(&self, attempt: u32, _amount: f64) -> Result<(), io::Error> {
        if attempt <= self.fails_before {
            Err(io::Error::new(io::ErrorKind::TimedOut, "gateway timed out"))
        } else {
            Ok(())
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let guard = traced::init()?;
    let _ = Gateway { fails_before: 1 }.charge(10.0); // ends Ok after one failed attempt
    let _ = Gateway { fails_before: 5 }.charge(10.0); // ends Error
    guard.shutdown()?;
    Ok(())
}

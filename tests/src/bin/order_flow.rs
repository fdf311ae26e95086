//! The order flow of `examples/order_flow.rs`, set up with `traced::init()` alone, for the tests that run it
//! under different environments.

use traced::{traced, KeyValue};

#[traced(name = "orders.create", kind = server, fields(order.id = order_id))]
fn create(order_id: &str) -> Result<(), String> {
    validate(123);
    check(456);
    pay(99.99)
}

#[traced(name = "users.validate", fields(user.id = user_id))]
fn validate(user_id: u64) {}

#[traced(name = "inventory.check", fields(product.id = product_id))]
fn check(product_id: i64) {
    traced::add_event("stock level low", [KeyValue::new("stock", 2_i64)]);
}

#[traced(name = "payment.process", fields(amount))]
fn pay(amount: f64) -> Result<(), String> {
    Err("insufficient funds".to_owned())
}

fn main() {
    let guard = match traced::init() {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("set-up failed: {error}");
            std::process::exit(2);
        }
    };
    let _ = create("o-1");
    if let Err(error) = guard.shutdown() {
        eprintln!("shutdown failed: {error}");
        std::process::exit(3);
    }
}

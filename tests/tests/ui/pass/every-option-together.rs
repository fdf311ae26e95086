use traced::{traced, SpanAttributes};

#[derive(Debug)]
struct Request {
    path: String,
}

struct Customer {
    id: u64,
    tier: &'static str,
}

#[derive(SpanAttributes)]
struct Order {
    id: String,
    amount: f64,
    #[redact]
    card_number: String,
    #[span(skip)]
    items: Vec<String>,
    #[span(rename = "count")]
    item_count: u32,
    #[span(not_sensitive)]
    lexer_token: u32,
}

#[traced(
    name = "payment.process_charge",
    kind = client,
    fields(order_id, amount, order),
    fields(customer.id = customer.id, "customer.tier" = customer.tier, db.system = "postgres"),
    fields(?req, request.path = %req.path, customer.debug_id = ?customer.id),
    fields(lexer_token),
    redact(card_number),
    not_sensitive(lexer_token),
    crate = ::traced,
)]
fn charge(
    order_id: &str,
    amount: f64,
    order: &Order,
    card_number: &str,
    customer: &Customer,
    req: &Request,
    lexer_token: u32,
) -> Result<(), String> {
    if card_number.is_empty() { Err("no card".to_owned()) } else { Ok(()) }
}

// Trailing comma, empty lists, every kind.
#[traced(fields(), redact(),)]
fn empty_lists() {}

#[traced(kind = internal)]
fn internal() {}

#[traced(kind = server)]
fn server() {}

#[traced(kind = producer)]
fn producer() {}

#[traced(kind = consumer)]
fn consumer() {}

#[traced(name = "orders.create")]
async fn create_async(id: u64) -> Result<u64, std::io::Error> {
    Ok(id)
}

fn main() {
    let _ = charge;
    let _ = (empty_lists, internal, server, producer, consumer);
    let _ = create_async(1);
}

use std::fmt::{Debug, Display};

use traced::traced;

#[traced(fields(%label, ?items))]
fn show(label: impl Display, items: impl Debug) -> impl Display {
    label.to_string()
}

#[traced]
fn numbers(limit: u32) -> impl Iterator<Item = u32> {
    0..limit
}

// `impl Trait` nested in the return type, with `?` converting the error.
#[traced]
fn parse(text: &str) -> Result<impl Display, std::num::ParseIntError> {
    let value: u32 = text.parse()?;
    Ok(value)
}

#[traced]
fn boxed() -> Box<impl Display> {
    Box::new(1)
}

#[traced(fields(%label))]
async fn show_async(label: impl Display) -> impl Display {
    label.to_string()
}

#[traced]
async fn parse_async(text: &str) -> Result<impl Display, std::num::ParseIntError> {
    let value: u32 = text.parse()?;
    Ok(value)
}

fn main() {
    let _ = show("x", [1, 2]).to_string();
    let _ = numbers(3).sum::<u32>();
    let _ = parse("1");
    let _ = boxed();
    let _ = show_async(1);
    let _ = parse_async("1");
}

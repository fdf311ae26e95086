use std::fmt::{Debug, Display};
use std::hash::Hash;

use traced::{traced, AttributeValue, SpanAttributes};

#[traced(fields(key, ?value, count = %count))]
fn insert<K, V, C>(key: K, value: &V, count: C) -> Option<K>
where
    K: AttributeValue + Hash + Eq,
    V: Debug + ?Sized,
    C: Display + Copy,
{
    Some(key)
}

#[traced(fields(n = N, first = item[0]))]
fn record<T: AttributeValue + Copy, const N: usize>(item: [T; N]) -> usize
where
    [T; N]: Sized,
{
    N
}

#[traced(fields(?items))]
async fn collect<'a, I>(items: I) -> Vec<I::Item>
where
    I: IntoIterator + Debug + Send + 'a,
    I::Item: Send,
{
    items.into_iter().collect()
}

#[derive(SpanAttributes)]
struct Pair<A, B>
where
    B: Clone,
{
    left: A,
    #[span(skip)]
    right: B,
}

fn main() {
    let _ = insert(1_u64, "v", 2);
    let _ = record::<u8, 2>([1, 2]);
    let _ = collect(vec![1]);
    let _ = Pair { left: 1_u8, right: () };
}

use traced::traced;

struct Point {
    x: i64,
    y: i64,
}

#[traced(fields(x))]
fn draw(Point { x, y }: Point) -> i64 {
    x + y
}

fn main() {
    draw(Point { x: 1, y: 2 });
}

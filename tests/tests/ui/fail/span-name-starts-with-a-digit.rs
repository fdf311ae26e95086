use traced::traced;

#[traced(name = "3d.render")]
fn render() {}

fn main() {
    render();
}

use traced::{traced, SpanAttributes};

// One error, on the field: the struct's captures below compile as if the derive had worked.
#[derive(SpanAttributes)]
struct Login {
    user: String,
    password: String,
}

#[traced(name = "auth.login", fields(login, shown = ?login))]
fn login(login: &Login) {}

fn main() {
    login(&Login { user: "ada".into(), password: "hunter2".into() });
}

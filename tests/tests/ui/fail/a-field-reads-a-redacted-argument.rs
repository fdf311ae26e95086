use traced::traced;

// A redacted argument is never read: no other field may read it, in whole or in part.
#[traced(name = "auth.login", fields(hint = password, len = password.len(), user), redact(password))]
fn login(user: &str, password: &str) -> bool {
    !user.is_empty() && !password.is_empty()
}

fn main() {
    login("ada", "hunter2");
}

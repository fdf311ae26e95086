use traced::traced;

struct User {
    token: String,
}

#[traced(fields(user.token = user.token))]
fn authenticate(user: &User) -> bool {
    !user.token.is_empty()
}

fn main() {
    authenticate(&User { token: "t".into() });
}

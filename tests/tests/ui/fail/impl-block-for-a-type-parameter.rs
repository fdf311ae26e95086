use traced::traced;

trait Describe {
    fn describe(&self) -> usize;
}

#[traced]
impl<T: std::fmt::Debug> Describe for T {
    fn describe(&self) -> usize {
        format!("{self:?}").len()
    }
}

fn main() {}

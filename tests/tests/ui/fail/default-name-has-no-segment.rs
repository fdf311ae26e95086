use traced::traced;

#[traced]
fn größe() -> u64 {
    0
}

mod modul_ä {
    #[traced::traced]
    pub fn weight() -> u64 {
        0
    }
}

fn main() {
    größe();
    modul_ä::weight();
}

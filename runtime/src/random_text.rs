//! Random text for the parsers' never-panic tests: pieces that matter to a parser (multi-byte ones among them)
//! drawn by an xorshift generator, so that every run draws the same cases.

pub(crate) struct RandomText(u64);

impl RandomText {
    pub(crate) fn new(seed: u64) -> Self {
        RandomText(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Fewer than `max` pieces of `pieces`, those `keep` refuses left out.
    pub(crate) fn text(&mut self, pieces: &[&str], max: u64, keep: impl Fn(&str) -> bool) -> String {
        let mut text = String::new();
        for _ in 0..self.next() % max {
            let piece = pieces[(self.next() % pieces.len() as u64) as usize];
            if keep(piece) {
                text.push_str(piece);
            }
        }
        text
    }
}

//! The gRPC length-prefixed framing, read incrementally to count messages: each message is a 1-byte flag, a
//! 4-byte big-endian length and that many bytes of payload
//! ([gRPC over HTTP/2](https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md), "Length-Prefixed-Message").
//! Only the prefixes are read; payloads are skipped by their length, never buffered.

/// The bytes in a message's prefix: the flag, then the length.
const PREFIX: u8 = 5;

/// The flag bit of a gRPC-Web trailers frame, which frames the trailers like a message: it is not one.
const TRAILERS: u8 = 0x80;

/// Where a stream stands between two chunks: inside a prefix (`seen` of its bytes read), or inside a payload.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Frames {
    /// The bytes of the current prefix read so far; [`PREFIX`] once it is whole, while its payload passes.
    seen: u8,
    /// The current frame's flag byte.
    flag: u8,
    /// The current message's length, as far as its prefix has been read.
    length: u32,
    /// The bytes of the current payload still to come.
    left: u32,
}

impl Frames {
    /// Reads the next `bytes` of the stream, calling `message(length)` for each message that ends in them (a
    /// zero-length one as soon as its prefix does). A message cut off by the end of the stream is never reported.
    pub(crate) fn feed(&mut self, mut bytes: &[u8], mut message: impl FnMut(u32)) {
        while !bytes.is_empty() {
            if self.seen == PREFIX {
                // `left` is a `u32`, so `skip` fits in one: the casts lose nothing.
                let skip = bytes.len().min(self.left as usize);
                bytes = &bytes[skip..];
                self.left -= skip as u32;
            } else if let (0, [flag, a, b, c, d, rest @ ..]) = (self.seen, bytes) {
                // The common case, a whole prefix in one chunk, without the byte-by-byte steps.
                self.flag = *flag;
                self.length = u32::from_be_bytes([*a, *b, *c, *d]);
                self.begin_payload();
                bytes = rest;
            } else if let [byte, rest @ ..] = bytes {
                if self.seen == 0 {
                    self.flag = *byte;
                } else {
                    self.length = self.length << 8 | u32::from(*byte);
                }
                self.seen += 1;
                if self.seen == PREFIX {
                    self.begin_payload();
                }
                bytes = rest;
            }
            if self.seen == PREFIX && self.left == 0 {
                if self.flag & TRAILERS == 0 {
                    message(self.length);
                }
                *self = Frames::default();
            }
        }
    }

    fn begin_payload(&mut self) {
        self.seen = PREFIX;
        self.left = self.length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random_text::RandomText;

    /// The lengths of the messages that end in `chunks`, fed one after another.
    fn lengths(chunks: &[&[u8]]) -> Vec<u32> {
        let mut frames = Frames::default();
        let mut lengths = Vec::new();
        for chunk in chunks {
            frames.feed(chunk, |length| lengths.push(length));
        }
        lengths
    }

    /// A number below `n`.
    fn below(random: &mut RandomText, n: u64) -> usize {
        (random.next() % n) as usize
    }

    /// A stream of one message per length, with a flag byte of `flag`.
    fn stream(flag: u8, lengths: &[u32]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for &length in lengths {
            bytes.push(flag);
            bytes.extend_from_slice(&length.to_be_bytes());
            bytes.resize(bytes.len() + length as usize, 0xab);
        }
        bytes
    }

    #[test]
    fn framed_streams_count_their_messages() {
        let two = stream(0, &[3, 0]);
        let long = stream(0, &[0x1_0203]);
        // What, the chunks, the lengths of the messages.
        type Case<'a> = (&'a str, Vec<&'a [u8]>, &'a [u32]);
        let cases: &[Case<'_>] = &[
            ("nothing", vec![], &[]),
            ("empty chunks", vec![&[], &[]], &[]),
            ("one message", vec![&[0, 0, 0, 0, 2, 7, 7]], &[2]),
            ("a zero-length message", vec![&[0, 0, 0, 0, 0]], &[0]),
            ("two in one chunk", vec![&two], &[3, 0]),
            ("the prefix cut after the flag", vec![&[1], &[0, 0, 0, 1, 9]], &[1]),
            ("the prefix byte by byte", vec![&[0], &[0], &[0], &[0], &[1], &[9]], &[1]),
            ("a length of several bytes", vec![&long[..3], &long[3..]], &[0x1_0203]),
            ("the payload cut", vec![&[0, 0, 0, 0, 3, 1], &[2], &[3]], &[3]),
            ("the next prefix in the payload's chunk", vec![&[0, 0, 0, 0, 1], &[5, 0, 0], &[0, 0, 0]], &[1, 0]),
            ("compressed", vec![&[1, 0, 0, 0, 1, 5]], &[1]),
            ("gRPC-Web trailers are not a message", vec![&[0x80, 0, 0, 0, 2, b'a', b'b']], &[]),
            ("a truncated payload at the end", vec![&[0, 0, 0, 0, 9, 1, 2]], &[]),
            ("a truncated prefix at the end", vec![&[0, 0, 0]], &[]),
            ("a huge length, never reached", vec![&[0, 0xff, 0xff, 0xff, 0xff, 1]], &[]),
        ];
        for (what, chunks, expected) in cases {
            assert_eq!(lengths(chunks), *expected, "{what}");
        }
    }

    #[test]
    fn every_chunking_of_a_stream_counts_the_same() {
        let lengths_in = [0, 1, 4, 5, 6, 300, 0, 0, 70_000];
        let bytes = stream(0, &lengths_in);
        let mut random = RandomText::new(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2_000 {
            let mut chunks = Vec::new();
            let mut rest = &bytes[..];
            while !rest.is_empty() {
                // Mostly small cuts, so that prefixes are split in every way.
                let cut = (below(&mut random, 9) + 1).min(rest.len());
                let cut = if below(&mut random, 4) == 0 { (cut * 997).min(rest.len()) } else { cut };
                let (chunk, tail) = rest.split_at(cut);
                chunks.push(chunk);
                rest = tail;
            }
            assert_eq!(lengths(&chunks), lengths_in);
        }
    }

    #[test]
    fn any_bytes_are_read_without_panicking() {
        let mut random = RandomText::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..5_000 {
            let bytes: Vec<u8> = (0..below(&mut random, 64)).map(|_| below(&mut random, 256) as u8).collect();
            let mut frames = Frames::default();
            let mut total = 0u64;
            for chunk in bytes.chunks(below(&mut random, 8) + 1) {
                frames.feed(chunk, |length| total += u64::from(length) + 5);
            }
            assert!(total <= bytes.len() as u64, "messages of more bytes than there were: {bytes:?}");
        }
    }
}

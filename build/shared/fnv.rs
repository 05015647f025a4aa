//! FNV-1a, 64 bit: a small, stable hash (the same bytes give the same value on every platform
//! and Rust version), for the data version and the seal's digests. Not for security: it tells
//! an edited file from the checked one, not a forgery from the original.

pub struct Fnv(u64);

impl Fnv {
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub fn finish(&self) -> u64 {
        self.0
    }

    /// Writes `text` with its line endings read as LF: `\r\n` and `\n` hash alike, so a
    /// checkout that converts line endings gives the same value (and no copy is made).
    pub fn write_text(&mut self, text: &str) {
        let mut pieces = text.split("\r\n");
        if let Some(first) = pieces.next() {
            self.write(first.as_bytes());
        }
        for piece in pieces {
            self.write(b"\n");
            self.write(piece.as_bytes());
        }
    }
}

/// The digest of a file's text, its line endings read as LF ([`Fnv::write_text`]).
pub fn text_digest(text: &str) -> u64 {
    let mut hash = Fnv::new();
    hash.write_text(text);
    hash.finish()
}

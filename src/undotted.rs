//! [`Undotted`]: an OPCS-4 code without its dot, a string on the stack.

use core::fmt;

/// An OPCS-4 code without its dot (`K578`, `Y53-`): four ASCII characters on the stack that
/// dereference to `str`. See [`Opcs4Code::undotted`](super::Opcs4Code::undotted).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Undotted(pub(super) [u8; 4]);

impl Undotted {
    /// The code as a string slice.
    pub const fn as_str(&self) -> &str {
        match core::str::from_utf8(&self.0) {
            Ok(s) => s,
            // Unreachable: the bytes of a code are ASCII by construction.
            Err(_) => "",
        }
    }

    /// The four bytes (`*b"K578"`).
    pub const fn as_bytes(&self) -> &[u8; 4] {
        &self.0
    }
}

impl core::ops::Deref for Undotted {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Undotted {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<[u8]> for Undotted {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl PartialEq<str> for Undotted {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Undotted {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for Undotted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for Undotted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

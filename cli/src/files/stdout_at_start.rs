//! Whether standard output was open when the process started, recorded before `main`.
//!
//! A program started with standard output closed (`>&-`) finds `/dev/null` in its place by
//! the time `main` runs: the Rust runtime opens it there, so that writes vanish without an
//! error. On Linux a function in the `.init_array` section, which the C runtime calls before
//! `main` (and so before the Rust runtime's own start), asks the kernel whether descriptor 1
//! is open (`fcntl(1, F_GETFD)`). The answer is exact whatever opened it: `> /dev/null`, or
//! `/dev/null` opened for reading and writing, as Python's `subprocess.DEVNULL` and service
//! managers open it. Elsewhere nothing is recorded and the caller tests the descriptor it
//! finds ([`super::output`]).

use std::sync::atomic::{AtomicU8, Ordering};

const UNKNOWN: u8 = 0;
const OPEN: u8 = 1;
const CLOSED: u8 = 2;

/// What the function below found: `UNKNOWN` until it runs, and where it does not.
static AT_START: AtomicU8 = AtomicU8::new(UNKNOWN);

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static RECORD_AT_START: extern "C" fn() = record;

/// Records whether descriptor 1 is open. Runs before `main`: it allocates nothing and calls
/// nothing of the Rust runtime.
#[cfg(target_os = "linux")]
extern "C" fn record() {
    use std::ffi::c_int;
    unsafe extern "C" {
        fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    }
    // The same value on every Linux architecture.
    const F_GETFD: c_int = 1;
    // SAFETY: `F_GETFD` only reads the descriptor's flags and takes no third argument; on a
    // descriptor that is not open it fails with `EBADF` and changes nothing.
    let open = unsafe { fcntl(1, F_GETFD) } != -1;
    AT_START.store(if open { OPEN } else { CLOSED }, Ordering::Relaxed);
}

/// `Some(true)` when standard output was closed when the process started, `Some(false)` when
/// it was open, `None` when this system records nothing.
pub fn closed_at_start() -> Option<bool> {
    match AT_START.load(Ordering::Relaxed) {
        OPEN => Some(false),
        CLOSED => Some(true),
        _ => None,
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn linux_records_standard_output_before_main() {
        // The test harness runs with standard output open (its own or a pipe).
        assert_eq!(super::closed_at_start(), Some(false));
    }
}

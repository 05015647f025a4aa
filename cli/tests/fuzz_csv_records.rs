//! Replays the corpus of the fuzz target `csv_records` (fuzz/corpus/csv_records/) through its
//! check, on stable Rust: the CSV record reader of `nice-coding match` against the `csv` crate.

#[allow(dead_code)]
#[path = "../src/episodes/records.rs"]
mod records;

#[path = "../../fuzz/checks/csv_records.rs"]
mod csv_records;

use std::path::Path;

#[test]
fn the_csv_records_corpus_passes_its_check() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/csv_records");
    let mut inputs: Vec<_> = std::fs::read_dir(&folder)
        .expect("the corpus folder")
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 20, "the corpus has {} inputs", inputs.len());
    for path in inputs {
        let mut data = std::fs::read(&path).expect("a corpus input");
        let result = std::panic::catch_unwind(|| csv_records::check(&data));
        assert!(result.is_ok(), "{} fails the check", path.display());
        // The same input read whole: its lines are split where they lie in the buffer.
        if let Some(config) = data.first_mut() {
            *config |= 0x80;
        }
        let result = std::panic::catch_unwind(|| csv_records::check(&data));
        assert!(
            result.is_ok(),
            "{} read whole fails the check",
            path.display()
        );
    }
}

/// Hand-picked inputs that take each branch of the check: CRLF, CR alone and a CR at the end of
/// a quoted field; an unclosed quote after doubled quotes; a record over the small byte limit
/// and one over the small field limit; a tab file with CR line ends.
#[test]
fn the_check_covers_quotes_limits_and_line_ends() {
    // config byte: chunk size 1 (low bits 0), comma; 0x40: small limits.
    for (config, text) in [
        (0x00u8, &b"a,b\r\nc,\"d\ne\"\r\r\nf"[..]),
        (0x03, b"a,\"b\"\"c\nd"),
        (0x40, b"12345678901234567890,12345"),
        (0x40, b"a,b,c,d,e\n"),
        (0x11, b"a\tb\rc\t\"d\re\"\n"),
        // Read whole (0x80): lines without quotes are split in the buffer, among lines with
        // quotes, blank lines, every line end and a last line without one.
        (
            0x80,
            b"\xEF\xBB\xBFa,b\r\n\r\nc,\"d\"\n,\re\"f,g\r\n\n\"h\ni\",j\rk,,l",
        ),
        (0x90, b"a\tb,c\t\n\t\t\r\r\n\"x\"\ty"),
        // Small limits (0x40) on lines split in the buffer: 24 bytes of text pass, 25 do not;
        // 4 fields pass, 5 do not.
        (
            0xC0,
            b"123456789012,123456789012\na,b,c,d\n1234567890123,123456789012",
        ),
        (0xC0, b"a,b,c,d\na,b,c,d,e\n"),
    ] {
        let mut data = vec![config];
        data.extend_from_slice(text);
        csv_records::check(&data);
    }
}

/// Lines split where they lie find their delimiters 8 bytes at a time: at every position of a
/// word, beside the bytes a word operation could mistake for one (the delimiter with its high
/// bit set, the delimiter plus one or minus one, NUL, 0x7F, 0x80, 0xFF), and in a run.
#[test]
fn delimiters_are_found_at_every_position_of_a_word_beside_any_byte() {
    for (config, delimiter) in [(0x80u8, b','), (0x90, b'\t'), (0xA0, b'|'), (0xB0, b';')] {
        let near = [
            delimiter | 0x80,
            delimiter + 1,
            delimiter - 1,
            0x00,
            0x7F,
            0x80,
            0xFF,
            delimiter,
        ];
        for offset in 0..16 {
            let mut data = vec![config];
            for &byte in &near {
                data.extend(std::iter::repeat_n(b'a', offset));
                data.extend([delimiter, byte, byte, delimiter, delimiter, byte]);
                data.extend(std::iter::repeat_n(byte, 9));
                data.push(b'\n');
            }
            csv_records::check(&data);
        }
    }
}

//! The check of the CSV record reader of `nice-coding match` (`cli/src/episodes/records.rs`),
//! shared by the fuzz target `csv_records` and the test `tests/fuzz_csv_records.rs`, which
//! replays the corpus. The including crate declares the reader as `crate::records`.
//!
//! The first byte of the input chooses how the rest is read: the size of the chunks the
//! reader is fed (1 to 16 bytes a read, or with the high bit set as much as it asks for, so
//! that whole lines are in its buffer and it splits them where they lie), the delimiter
//! (comma, tab, pipe, semicolon), and whether the record limits are small enough for the
//! input to reach them. The rest is CSV.
//!
//! What must hold, record by record, against the `csv` crate (no headers, flexible) and a
//! plain state machine of the same CSV dialect written here:
//! * every record the reader returns has the fields `csv` reads, starts and ends on the lines
//!   the state machine says, and is within the limits;
//! * the reader refuses a record only for what it says: more bytes of field text, or more
//!   fields, than the limit; or the input ends inside a quoted field, opened on the line the
//!   state machine says;
//! * it ends when `csv` ends, and never when the input ends inside a quoted field.

use crate::records::{RecordError, Records};
use std::io::{self, Read};

/// A reader that gives at most `chunk` bytes a read.
struct Chunked<'a> {
    data: &'a [u8],
    chunk: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.data.len().min(self.chunk).min(buf.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Where a CSV parser is, between bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before a record (blank lines are skipped here).
    RecordStart,
    /// Before a field, after a delimiter.
    FieldStart,
    /// In a field that did not start with a quote.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// After a quote in a quoted field: the end of the quotes, or the first of two.
    QuoteInQuoted,
}

/// What the state machine finds in an input: the lines each record starts and ends on, and
/// the line of the quote the input ends inside, if it does.
struct Expected {
    record_lines: Vec<u64>,
    record_last_lines: Vec<u64>,
    unclosed_quote: Option<u64>,
}

/// Runs the state machine over `input`. Lines end with LF, CRLF or CR alone, inside quoted
/// fields too.
fn expected(input: &[u8], delimiter: u8) -> Expected {
    let mut state = State::RecordStart;
    let (mut breaks, mut previous_cr) = (0u64, false);
    let mut record_lines = Vec::new();
    let mut record_last_lines = Vec::new();
    let mut quote_line = 0;
    for &b in input {
        if previous_cr && b != b'\n' {
            breaks += 1;
        }
        let line = breaks + 1;
        let ends_line = b == b'\n' || b == b'\r';
        let before = state;
        state = match state {
            State::RecordStart if ends_line => State::RecordStart,
            State::RecordStart | State::FieldStart => {
                if state == State::RecordStart {
                    record_lines.push(line);
                }
                if b == b'"' {
                    quote_line = line;
                    State::Quoted
                } else if b == delimiter {
                    State::FieldStart
                } else if ends_line {
                    State::RecordStart
                } else {
                    State::Unquoted
                }
            }
            State::Unquoted | State::QuoteInQuoted => {
                if state == State::QuoteInQuoted && b == b'"' {
                    State::Quoted
                } else if b == delimiter {
                    State::FieldStart
                } else if ends_line {
                    State::RecordStart
                } else {
                    State::Unquoted
                }
            }
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
        };
        if state == State::RecordStart && before != State::RecordStart {
            // The line end that ends a record is on its last line.
            record_last_lines.push(line);
        }
        if b == b'\n' {
            breaks += 1;
        }
        previous_cr = b == b'\r';
    }
    if !matches!(state, State::RecordStart | State::Quoted) {
        // The input ends the last record, on the last line.
        record_last_lines.push(breaks + 1);
    }
    Expected {
        record_lines,
        record_last_lines,
        unclosed_quote: (state == State::Quoted).then_some(quote_line),
    }
}

/// The check; panics when the reader is wrong.
pub fn check(data: &[u8]) {
    let Some((&config, input)) = data.split_first() else {
        return;
    };
    let chunk = if config & 0x80 != 0 {
        usize::MAX
    } else {
        usize::from(config & 0x0f) + 1
    };
    let delimiter = [b',', b'\t', b'|', b';'][usize::from((config >> 4) & 3)];
    let (max_bytes, max_fields) = if config & 0x40 != 0 {
        (24, 4)
    } else {
        (crate::records::MAX_RECORD_BYTES, crate::records::MAX_FIELDS)
    };
    // A byte order mark at the start is not part of the CSV, for `csv` and the reader.
    let oracle = expected(
        input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input),
        delimiter,
    );
    let mut ours = Records::with_limits(
        Chunked { data: input, chunk },
        delimiter,
        max_bytes,
        max_fields,
    );
    let mut theirs = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    let mut index = 0;
    loop {
        let got = ours.next_record();
        let more = theirs
            .read_byte_record(&mut record)
            .expect("csv reads any bytes");
        match got {
            Ok(Some(ours)) => {
                assert!(more, "record {index}: csv has no more records");
                let fields: Vec<&[u8]> = ours.fields().collect();
                let expected: Vec<&[u8]> = record.iter().collect();
                assert_eq!(fields, expected, "record {index}");
                assert_eq!(
                    Some(&ours.line()),
                    oracle.record_lines.get(index),
                    "record {index}: line"
                );
                assert_eq!(
                    Some(&ours.last_line()),
                    oracle.record_last_lines.get(index),
                    "record {index}: last line"
                );
                assert!(record.as_slice().len() <= max_bytes && record.len() <= max_fields);
            }
            Ok(None) => {
                assert!(!more, "record {index}: csv has another record");
                assert_eq!(oracle.unclosed_quote, None, "the input ends inside quotes");
                assert_eq!(index, oracle.record_lines.len(), "records");
                return;
            }
            Err(RecordError::TooLarge { line, limit }) => {
                assert!(more && limit == max_bytes && record.as_slice().len() > max_bytes);
                assert_eq!(Some(&line), oracle.record_lines.get(index));
                return;
            }
            Err(RecordError::TooManyFields { line, limit }) => {
                assert!(more && limit == max_fields && record.len() > max_fields);
                assert_eq!(Some(&line), oracle.record_lines.get(index));
                return;
            }
            Err(RecordError::UnclosedQuote { line }) => {
                assert!(more, "csv reads the unclosed record");
                assert_eq!(oracle.unclosed_quote, Some(line), "the line of the quote");
                assert_eq!(index + 1, oracle.record_lines.len(), "the last record");
                assert!(
                    !theirs
                        .read_byte_record(&mut record)
                        .expect("csv reads any bytes"),
                    "csv has records after the unclosed quote"
                );
                return;
            }
            Err(RecordError::Io(e)) => panic!("reading a slice failed: {e}"),
        }
        index += 1;
    }
}

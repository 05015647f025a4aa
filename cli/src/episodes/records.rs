//! CSV records read with `csv-core`, the parser under the `csv` crate, into two reused
//! buffers: the bytes of every field, and where each field ends.
//!
//! Why not `csv::Reader`: its `ByteRecord` hands fields out through a bounds-checked iterator
//! that reloads the record's bounds for every field, which at 45 fields a row costs `match` a
//! quarter of its time; here a row's fields are plain slices. And it reports a record after
//! blank lines at the line of the first blank line, because `csv-core` skips blank lines
//! without saying so; this reader skips them itself and counts them, so a record's line is
//! the line it starts on. Fields are parsed exactly as `csv` parses them: separated by the
//! delimiter, `"`-quoted, any of CR, LF and CRLF ending a record (and a line, for the line
//! numbers, inside quoted fields too).
//!
//! A UTF-8 byte order mark at the start of the input is skipped, as `csv` skips it.
//!
//! Most rows of a HES extract hold no quote: such a row, when its line end is already in the
//! input buffer, is split on the delimiter where it lies (`split_line`), without copying its
//! bytes, which is what `csv-core` would read from it (an unquoted field is its bytes up to
//! the delimiter or line end). A row with a quote, or whose line end is not yet read, goes to
//! `csv-core`, which is at the start of a record between rows either way.
//!
//! Unlike `csv`, this reader refuses what would lose data or memory: input that ends inside a
//! quoted field (an unclosed quote would otherwise swallow every later row into one field),
//! and a record larger than a limit (an input without line ends would otherwise grow one
//! record until memory runs out).

use csv_core::ReadRecordResult;
use std::fmt;
use std::io::{self, Read};

/// The largest record read, in bytes of field text: 16 MiB (a HES row is a few kilobytes).
pub const MAX_RECORD_BYTES: usize = 16 << 20;
/// The most fields a record may have.
pub const MAX_FIELDS: usize = 1 << 16;
/// The size of a read from the input.
const BUFFER_BYTES: usize = 1 << 16;

/// Why the input cannot be read as records.
#[derive(Debug)]
pub enum RecordError {
    /// Reading failed.
    Io(io::Error),
    /// The record starting on `line` holds more than `limit` bytes of field text.
    TooLarge { line: u64, limit: usize },
    /// The record starting on `line` has more than `limit` fields.
    TooManyFields { line: u64, limit: usize },
    /// The input ends inside the quoted field opened on `line`.
    UnclosedQuote { line: u64 },
}

impl From<io::Error> for RecordError {
    fn from(error: io::Error) -> RecordError {
        RecordError::Io(error)
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::Io(e) => write!(f, "{e}"),
            RecordError::TooLarge { line, limit } => write!(
                f,
                "line {line}: the row is larger than the limit of {limit} bytes \
                 (is this a CSV file with line ends?)"
            ),
            RecordError::TooManyFields { line, limit } => write!(
                f,
                "line {line}: the row has more than the limit of {limit} fields"
            ),
            RecordError::UnclosedQuote { line } => write!(
                f,
                "line {line}: a quoted field opens here and is never closed \
                 (the input ends inside it; a field's own quotes are written twice, \"\")"
            ),
        }
    }
}

/// Reads records from `R`.
pub struct Records<R> {
    input: R,
    parser: csv_core::Reader,
    /// Input read but not yet parsed: `buffer[start..filled]`.
    buffer: Vec<u8>,
    start: usize,
    filled: usize,
    /// True once the input has said it has no more bytes.
    eof: bool,
    /// The current record's field bytes and field ends, grown as records need.
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// The field ends of a line split where it lies (`split_line`): one slot per byte of
    /// `buffer`, and one more.
    line_ends: Vec<usize>,
    /// Line feeds skipped between records, which the parser's line count does not include.
    skipped_lines: u64,
    /// CRs not followed by an LF (each ends a line; the parser counts only LFs) in the input
    /// parsed or skipped so far, not counting a final CR whose next byte is not known yet.
    lone_crs: u64,
    /// True when the last byte consumed was a CR: a line break, one with the LF if one follows.
    pending_cr: bool,
    /// Bytes of input parsed or skipped so far.
    consumed: u64,
    /// True once the first record was asked for.
    started: bool,
    /// The field delimiter (`split_line` reads it; the parser has its own copy).
    delimiter: u8,
    /// True once the parser was given input.
    parser_started: bool,
    /// True once the parser was given the line feed that ends the input (see `next_record`).
    fed_final_line_feed: bool,
    max_record_bytes: usize,
    max_fields: usize,
}

/// One record: its fields, and the lines it starts and ends on.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    /// The fields' bytes: field `i` ends at `ends[i]` and the next starts `gap` bytes after it
    /// (0 when `csv-core` copied the fields out, 1 for a line split where it lies, whose
    /// delimiters are still between its fields).
    fields: &'a [u8],
    ends: &'a [usize],
    gap: usize,
    line: u64,
    last_line: u64,
}

impl<'a> Record<'a> {
    /// How many fields the record has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The 1-based line of the input the record starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The line the record ends on: after [`Record::line`] when a quoted field holds a line
    /// break.
    pub fn last_line(&self) -> u64 {
        self.last_line
    }

    /// Field `i`, if the record has it.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.gap
        };
        self.fields.get(start..end)
    }

    /// The record's bytes, the end of each field in them, and the gap between a field's end
    /// and the next field's start (0 or 1): field `i` is `bytes[start..ends[i]]`, where
    /// `start` is 0 for the first field and `ends[i - 1] + gap` for the others.
    pub fn parts(&self) -> (&'a [u8], &'a [usize], usize) {
        (self.fields, self.ends, self.gap)
    }

    /// The fields, in order.
    pub fn fields(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        let (fields, gap) = (self.fields, self.gap);
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            // The field ends rise (by at least `gap` after the first) and stay within the
            // field bytes.
            let field = &fields[start..end];
            start = end + gap;
            field
        })
    }
}

/// Writes to `ends` the position of every `delimiter` in `line`, then the line's length, and
/// returns how many it wrote; `ends` has a slot for every byte of `line` and one more.
///
/// The line is read 8 bytes at a time, as one word: the bytes equal to the delimiter are
/// those the word XOR the delimiter repeated leaves zero, which a few word operations mark
/// with their high bit, exactly (no carry crosses a byte); then one position per mark.
fn split_at(line: &[u8], delimiter: u8, ends: &mut [usize]) -> usize {
    const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let repeated = u64::from(delimiter) * 0x0101_0101_0101_0101;
    let mut count = 0;
    let mut chunks = line.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        if let Ok(bytes) = <[u8; 8]>::try_from(chunk) {
            let x = u64::from_le_bytes(bytes) ^ repeated;
            // A byte's high bit is set in `(x & 0x7f) + 0x7f` when its low bits are not all
            // zero, and in `x` when its high bit is: neither for a zero byte alone.
            let mut marks = !(((x & LOW_BITS) + LOW_BITS) | x | LOW_BITS);
            while marks != 0 {
                ends[count] = base + (marks.trailing_zeros() / 8) as usize;
                count += 1;
                marks &= marks - 1;
            }
        }
        base += 8;
    }
    for (j, &b) in chunks.remainder().iter().enumerate() {
        ends[count] = base + j;
        count += usize::from(b == delimiter);
    }
    ends[count] = line.len();
    count + 1
}

/// Line breaks in `bytes`, read after a CR when `pending_cr`: LF, CRLF and CR alone count one
/// each. Returns the count and whether `bytes` ends with a CR (counted when the next byte is
/// not an LF).
fn line_breaks(bytes: &[u8], mut pending_cr: bool) -> (u64, bool) {
    let mut count = 0;
    for &b in bytes {
        // An LF ends a line (with the CR before it, if any); a CR followed by anything else
        // ended one.
        if b == b'\n' || pending_cr {
            count += 1;
        }
        pending_cr = b == b'\r';
    }
    (count, pending_cr)
}

impl<R: Read> Records<R> {
    /// A reader of `delimiter`-separated records, with the default limits.
    pub fn new(input: R, delimiter: u8) -> Records<R> {
        Records::with_limits(input, delimiter, MAX_RECORD_BYTES, MAX_FIELDS)
    }

    /// A reader that refuses a record of more than `max_record_bytes` bytes of field text or
    /// `max_fields` fields (each at least 1).
    pub fn with_limits(
        input: R,
        delimiter: u8,
        max_record_bytes: usize,
        max_fields: usize,
    ) -> Records<R> {
        let max_record_bytes = max_record_bytes.max(1);
        let max_fields = max_fields.max(1);
        Records {
            input,
            parser: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            buffer: vec![0; BUFFER_BYTES],
            start: 0,
            filled: 0,
            eof: false,
            fields: vec![0; (1 << 10).min(max_record_bytes)],
            ends: vec![0; (1 << 7).min(max_fields)],
            line_ends: vec![0; BUFFER_BYTES + 1],
            skipped_lines: 0,
            lone_crs: 0,
            pending_cr: false,
            consumed: 0,
            started: false,
            delimiter,
            parser_started: false,
            fed_final_line_feed: false,
            max_record_bytes,
            max_fields,
        }
    }

    /// How many bytes of the input have been read through.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Reads more input when all of it has been parsed; false at its end.
    fn fill(&mut self) -> io::Result<bool> {
        if self.start < self.filled {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        let n = loop {
            match self.input.read(&mut self.buffer) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        self.start = 0;
        self.filled = n;
        self.eof = n == 0;
        Ok(n > 0)
    }

    /// Moves past `buffer[start..start + n]`, counting its line breaks: its LFs when the parser
    /// did not read it (`skipped`), and its CRs without an LF after them.
    fn advance(&mut self, n: usize, skipped: bool) {
        let bytes = &self.buffer[self.start..self.start + n];
        if skipped {
            self.skipped_lines += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        }
        // Most files have no CR: one fast search says so. Otherwise the CRs before the last
        // byte, less those an LF follows, are lone; a last CR waits for the next byte.
        if let Some((&last, body)) = bytes.split_last() {
            if self.pending_cr || bytes.contains(&b'\r') {
                if self.pending_cr && bytes[0] != b'\n' {
                    self.lone_crs += 1;
                }
                let crs = body.iter().filter(|&&b| b == b'\r').count();
                let crlfs = body
                    .iter()
                    .zip(&bytes[1..])
                    .filter(|&(&a, &b)| a == b'\r' && b == b'\n')
                    .count();
                self.lone_crs += (crs - crlfs) as u64;
                self.pending_cr = last == b'\r';
            }
        }
        self.start += n;
        self.consumed += n as u64;
    }

    /// Skips a UTF-8 byte order mark at the start of the input, as `csv` does (so a quoted
    /// first field after one is read as quoted).
    fn skip_byte_order_mark(&mut self) -> io::Result<()> {
        const MARK: &[u8] = b"\xEF\xBB\xBF";
        while self.filled < MARK.len() && !self.eof {
            let n = loop {
                match self.input.read(&mut self.buffer[self.filled..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other?,
                }
            };
            self.filled += n;
            self.eof = n == 0;
        }
        if self.buffer[..self.filled].starts_with(MARK) {
            self.start = MARK.len();
            self.consumed = MARK.len() as u64;
        }
        Ok(())
    }

    /// The next record, or `None` at the end of the input.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, RecordError> {
        if !self.started {
            self.started = true;
            self.skip_byte_order_mark()?;
        }
        // Blank lines (and the LF of a CRLF that ended the last record) come before the record.
        while self.fill()? {
            let skipped = self.buffer[self.start..self.filled]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            if skipped == 0 {
                break;
            }
            self.advance(skipped, true);
        }
        // The next byte, if any, is not a line break: a pending CR ended a line.
        // The parser's line count starts at 1.
        let line =
            self.parser.line() + self.skipped_lines + self.lone_crs + u64::from(self.pending_cr);
        if let Some((length, count)) = self.split_line() {
            let begin = self.start;
            self.pass_line(length);
            return Ok(Some(Record {
                fields: &self.buffer[begin..begin + length],
                ends: &self.line_ends[..count],
                gap: 1,
                line,
                last_line: line,
            }));
        }
        let (mut out, mut end) = (0, 0);
        loop {
            self.fill()?;
            // At the end of the input the parser is given one line feed before nothing: it
            // ends a record as the end of the input does, except inside a quoted field, where
            // it is field text: then the quote is never closed. (With room for a byte and a
            // field end, so that the parser takes it.)
            let at_end = self.start == self.filled;
            let final_line_feed = at_end && !self.fed_final_line_feed;
            if final_line_feed {
                if out == self.fields.len() {
                    self.grow_fields(line)?;
                }
                if end == self.ends.len() {
                    self.grow_ends(line)?;
                }
            }
            let input: &[u8] = match (at_end, final_line_feed) {
                // The parser's first input is one byte: `csv-core` strips a byte order mark
                // from the start of its first input, which here may follow blank lines or
                // the mark skipped above, where `csv` keeps it.
                (false, _) if !self.parser_started => {
                    self.parser_started = true;
                    &self.buffer[self.start..self.start + 1]
                }
                (false, _) => &self.buffer[self.start..self.filled],
                (true, true) => b"\n",
                (true, false) => b"",
            };
            let (result, read, wrote, ended) =
                self.parser
                    .read_record(input, &mut self.fields[out..], &mut self.ends[end..]);
            if !at_end {
                self.advance(read, false);
            } else if final_line_feed {
                if wrote > 0 {
                    return Err(self.unclosed_quote(line, end));
                }
                self.fed_final_line_feed = true;
            }
            out += wrote;
            end += ended;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.grow_fields(line)?,
                ReadRecordResult::OutputEndsFull => self.grow_ends(line)?,
                ReadRecordResult::Record => {
                    // The record's line end is read (the parser counted an LF; a CR is
                    // pending, or was the end of the input, given as an LF): the line after
                    // it is the next one.
                    let next_line = self.parser.line()
                        + self.skipped_lines
                        + self.lone_crs
                        + u64::from(self.pending_cr);
                    return Ok(Some(Record {
                        fields: &self.fields[..out],
                        ends: &self.ends[..end],
                        gap: 0,
                        line,
                        last_line: next_line.saturating_sub(1).max(line),
                    }));
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// Splits the line at the start of the buffered input on the delimiter, when it holds no
    /// quote, its line end is in the buffer, and it is within the limits: the field ends go
    /// to `line_ends` (each the position of the delimiter after the field, or of the line
    /// end), and the line's length (without its line end) and field count are returned.
    /// `None` leaves the line to `csv-core`. Called at the start of a record, whose first byte
    /// is not a line break.
    fn split_line(&mut self) -> Option<(usize, usize)> {
        let bytes = &self.buffer[self.start..self.filled];
        let length = memchr::memchr3(b'\n', b'\r', b'"', bytes)?;
        if bytes[length] == b'"' {
            return None;
        }
        let count = split_at(&bytes[..length], self.delimiter, &mut self.line_ends);
        // Field text is the line less its delimiters.
        (count <= self.max_fields && length + 1 - count <= self.max_record_bytes)
            .then_some((length, count))
    }

    /// Moves past a line of `length` bytes split by `split_line` and its line end (an LF, or a
    /// CR that an LF may follow), counting the line break.
    fn pass_line(&mut self, length: usize) {
        // The line's first byte is not an LF: a CR before it ended a line of its own.
        if self.pending_cr {
            self.lone_crs += 1;
        }
        if self.buffer[self.start + length] == b'\n' {
            self.skipped_lines += 1;
            self.pending_cr = false;
        } else {
            self.pending_cr = true;
        }
        self.start += length + 1;
        self.consumed += length as u64 + 1;
    }

    /// Makes room for more field text in the record starting on `line`. The buffer grows to
    /// one byte past the limit: a record that fills it is larger than the limit.
    fn grow_fields(&mut self, line: u64) -> Result<(), RecordError> {
        let most = self.max_record_bytes + 1;
        if self.fields.len() >= most {
            return Err(RecordError::TooLarge {
                line,
                limit: self.max_record_bytes,
            });
        }
        let size = (self.fields.len() * 2).min(most);
        self.fields.resize(size, 0);
        Ok(())
    }

    /// Makes room for more fields in the record starting on `line`: the parser asks for it
    /// only after a field that another follows, so a full buffer of the limit's size means a
    /// record of more fields than the limit.
    fn grow_ends(&mut self, line: u64) -> Result<(), RecordError> {
        if self.ends.len() >= self.max_fields {
            return Err(RecordError::TooManyFields {
                line,
                limit: self.max_fields,
            });
        }
        let size = (self.ends.len() * 2).min(self.max_fields);
        self.ends.resize(size, 0);
        Ok(())
    }

    /// The error for an input that ends inside the last field of the record starting on
    /// `line`, of which `end` complete fields were read: the field opened
    /// with its quote, on the line reached by the line breaks of the fields before it (their
    /// text holds them as the input does).
    #[cold]
    fn unclosed_quote(&self, line: u64, end: usize) -> RecordError {
        let breaks: u64 = (0..end)
            .map(|i| {
                let start = if i == 0 { 0 } else { self.ends[i - 1] };
                let (count, ends_with_cr) = line_breaks(&self.fields[start..self.ends[i]], false);
                count + u64::from(ends_with_cr)
            })
            .sum();
        RecordError::UnclosedQuote {
            line: line + breaks,
        }
    }
}

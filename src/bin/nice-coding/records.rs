//! CSV records read with `csv-core`, the parser under the `csv` crate, into two reused
//! buffers: the bytes of every field, and where each field ends.
//!
//! Why not `csv::Reader`: its `ByteRecord` hands fields out through a bounds-checked iterator
//! that reloads the record's bounds for every field, which at 45 fields a row costs `match` a
//! quarter of its time; here a row's fields are plain slices. And it reports a record after
//! blank lines at the line of the first blank line, because `csv-core` skips blank lines
//! without saying so; this reader skips them itself and counts them, so a record's line is
//! the line it starts on. Fields are parsed exactly as `csv` parses them: comma-separated,
//! `"`-quoted, any of CR, LF and CRLF ending a record.

use csv_core::ReadRecordResult;
use std::io::{self, Read};

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
    /// Line feeds skipped between records, which the parser's line count does not include.
    skipped_lines: u64,
    /// Bytes of input parsed or skipped so far.
    consumed: u64,
}

/// One record: its fields, and the line it starts on.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    fields: &'a [u8],
    ends: &'a [usize],
    line: u64,
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

    /// Field `i`, if the record has it.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.fields.get(start..end)
    }

    /// The fields, in order.
    pub fn fields(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        let fields = self.fields;
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            // csv-core's field ends rise and stay within the field bytes.
            let field = &fields[start..end];
            start = end;
            field
        })
    }
}

impl<R: Read> Records<R> {
    pub fn new(input: R) -> Records<R> {
        Records {
            input,
            parser: csv_core::Reader::new(),
            buffer: vec![0; 1 << 16],
            start: 0,
            filled: 0,
            eof: false,
            fields: vec![0; 1 << 10],
            ends: vec![0; 1 << 7],
            skipped_lines: 0,
            consumed: 0,
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

    /// The next record, or `None` at the end of the input.
    pub fn next_record(&mut self) -> io::Result<Option<Record<'_>>> {
        // Blank lines (and the LF of a CRLF that ended the last record) come before the record.
        while self.fill()? {
            match self.buffer[self.start] {
                b'\n' => self.skipped_lines += 1,
                b'\r' => {}
                _ => break,
            }
            self.start += 1;
            self.consumed += 1;
        }
        let line = self.parser.line() + self.skipped_lines;
        let (mut out, mut end) = (0, 0);
        loop {
            self.fill()?;
            let (result, read, wrote, ended) = self.parser.read_record(
                &self.buffer[self.start..self.filled],
                &mut self.fields[out..],
                &mut self.ends[end..],
            );
            self.start += read;
            self.consumed += read as u64;
            out += wrote;
            end += ended;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    return Ok(Some(Record {
                        fields: &self.fields[..out],
                        ends: &self.ends[..end],
                        line,
                    }));
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }
}

//! The floor for `nice-coding match`: the time the csv crate alone needs to read a file (every
//! record into one reused `ByteRecord`, touching every field), with nothing parsed or matched.
//!
//! ```text
//! cargo run --release -p nice-coding-cli --example csv_read -- /tmp/hes.csv
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: csv_read FILE");
        return ExitCode::from(2);
    };
    let mut reader = match csv::ReaderBuilder::new().flexible(true).from_path(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("csv_read: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut bytes) = (0u64, 0u64);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                rows += 1;
                bytes += record.iter().map(|f| f.len() as u64).sum::<u64>();
            }
            Ok(false) => break,
            Err(e) => {
                eprintln!("csv_read: {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{rows} rows, {bytes} field bytes");
    ExitCode::SUCCESS
}

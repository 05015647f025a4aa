//! Which code columns an input has, against what HES records: 24 procedures and 20 diagnoses
//! an episode in the wide layout, a procedure and a diagnosis column in the long one.
//!
//! An input with fewer is read all the same (extracts often carry only the first few codes, and
//! HES before 2007 recorded 12 procedures), but what it lacks changes what the results mean:
//! without diagnosis columns every match of a guidance that recommends a diagnosis reads
//! `diagnosis_absent_or_different`; without some procedure columns an episode may match fewer
//! guidance. So `match` says so once on standard error, once the input is read, and the summary
//! gives the number of columns read on every row (`procedure_columns`, `diagnosis_columns`).

/// The procedure columns HES records an episode (`OPERTN_01` to `OPERTN_24`).
pub const HES_PROCEDURES: u16 = 24;
/// The diagnosis columns HES records an episode (`DIAG_01` to `DIAG_20`).
pub const HES_DIAGNOSES: u16 = 20;

/// The code columns of an input, and what a reader of its results must know about them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// How many procedure columns are read.
    pub procedure_columns: usize,
    /// How many diagnosis columns are read.
    pub diagnosis_columns: usize,
    /// One sentence for each classification whose columns are fewer than HES records, without
    /// the file name; empty for a full set.
    pub warnings: Vec<String>,
}

impl Coverage {
    /// The coverage of the wide layout, from the numbers of the procedure and diagnosis
    /// columns read (ascending, distinct).
    pub fn wide(procedures: &[u16], diagnoses: &[u16]) -> Coverage {
        let mut warnings = Vec::new();
        if let Some(warning) = partial(
            procedures,
            HES_PROCEDURES,
            "procedure",
            "OPERTN",
            "procedures in the others are not read, so an episode may match fewer guidance",
        ) {
            warnings.push(warning);
        }
        if diagnoses.is_empty() {
            warnings.push(format!(
                "no diagnosis columns (DIAG_01 to DIAG_{HES_DIAGNOSES}, or DIAG_4_01 to \
                 DIAG_4_{HES_DIAGNOSES}): diagnoses are not read, so every match of a guidance \
                 that recommends a diagnosis reads diagnosis_absent_or_different"
            ));
        } else if let Some(warning) = partial(
            diagnoses,
            HES_DIAGNOSES,
            "diagnosis",
            "DIAG",
            "diagnoses in the others are not read, so a match may read \
             diagnosis_absent_or_different when the episode has the diagnosis",
        ) {
            warnings.push(warning);
        }
        Coverage {
            procedure_columns: procedures.len(),
            diagnosis_columns: diagnoses.len(),
            warnings,
        }
    }

    /// The coverage of the long layout: one procedure column, and the diagnosis column named
    /// `diagnosis` when `has_diagnosis`.
    pub fn long(has_diagnosis: bool, diagnosis: &str) -> Coverage {
        let warnings = if has_diagnosis {
            Vec::new()
        } else {
            vec![format!(
                "no {} column (--diagnosis-column names it): diagnoses are not read, so every \
                 match of a guidance that recommends a diagnosis reads \
                 diagnosis_absent_or_different",
                diagnosis.trim().to_ascii_uppercase()
            )]
        };
        Coverage {
            procedure_columns: 1,
            diagnosis_columns: usize::from(has_diagnosis),
            warnings,
        }
    }
}

/// The warning for a classification some of whose `hes` columns (numbers 1 to `hes`) are
/// missing, naming the numbers read; `None` when every one is there.
fn partial(numbers: &[u16], hes: u16, what: &str, prefix: &str, effect: &str) -> Option<String> {
    let within: Vec<u16> = numbers.iter().copied().filter(|&n| n <= hes).collect();
    if within.len() == usize::from(hes) {
        return None;
    }
    let read = if within.is_empty() {
        format!("none of the {hes} {what} columns HES records")
    } else {
        format!(
            "{what} {} {} only, of the {hes} HES records",
            if within.len() == 1 {
                "column"
            } else {
                "columns"
            },
            ranges(&within)
        )
    };
    Some(format!(
        "the header row has {read} ({prefix}_01 to {prefix}_{hes:02}): {effect}"
    ))
}

/// Ascending distinct numbers as runs: `1 to 4`, `1, 3 and 5 to 7`.
fn ranges(numbers: &[u16]) -> String {
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        runs.push(if j > i {
            format!("{} to {}", numbers[i], numbers[j])
        } else {
            numbers[i].to_string()
        });
        i = j + 1;
    }
    match runs.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => runs.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_runs() {
        assert_eq!(ranges(&[1, 2, 3, 4]), "1 to 4");
        assert_eq!(ranges(&[1, 3, 5, 6, 7]), "1, 3 and 5 to 7");
        assert_eq!(ranges(&[2]), "2");
        assert_eq!(ranges(&[1, 2, 9]), "1 to 2 and 9");
    }

    #[test]
    fn a_full_set_has_no_warning_and_more_columns_than_hes_count() {
        let procedures: Vec<u16> = (1..=30).collect();
        let diagnoses: Vec<u16> = (1..=20).collect();
        let coverage = Coverage::wide(&procedures, &diagnoses);
        assert_eq!(coverage.warnings, Vec::<String>::new());
        assert_eq!(
            (coverage.procedure_columns, coverage.diagnosis_columns),
            (30, 20)
        );
    }

    #[test]
    fn columns_beyond_hes_do_not_make_up_for_missing_ones() {
        let procedures: Vec<u16> = (1..=23).chain([25]).collect();
        let diagnoses: Vec<u16> = (1..=20).collect();
        let coverage = Coverage::wide(&procedures, &diagnoses);
        assert_eq!(coverage.warnings.len(), 1);
        assert!(
            coverage.warnings[0]
                .starts_with("the header row has procedure columns 1 to 23 only, of the 24"),
            "{}",
            coverage.warnings[0]
        );
    }
}

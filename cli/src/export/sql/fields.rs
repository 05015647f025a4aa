//! HES code fields read in SQL exactly as `nice_coding::hes` reads them for `match`: the
//! forms it accepts, as regular expressions over a row's fields, and the key each code is
//! looked up by.
//!
//! A row's procedure fields that hold something other than no value (NULL, empty, `-`) are
//! joined into one text with `|` between them, and so are its diagnosis fields. The row is
//! read when no field holds a `|` and each text matches `^F(|F)*$`, `F` being the grammar of
//! one field below; otherwise a field is not a code and the row is left out, as `match` skips
//! it. The grammar is `nice_coding::hes` and the
//! library's loose parse, written out (`W` is the white space `trim_ascii` removes: space,
//! tab, line feed, form feed, carriage return; `L` a letter in either case; `D` a digit):
//!
//! * every field: `W*`, then nothing, `-` or `NULL` in any case (no value), or a code, then
//!   `W*`;
//! * OPCS-4: also `&` (not known); a code is `LDD`, then `.` with `W*` either side or
//!   nothing, then a digit or `-` (`K578`, `k57 .8`, `Y53-`);
//! * ICD-10, the loose parse: `LDD` alone or with a symbol (`G01*`); `LDD` then an optional dot (with `W*` either side),
//!   then a digit or `X` and an optional digit, or `-`, then an optional marker (`I509`,
//!   `I50.9D`, `M45X0`, `i48x`, `I50-`); `D`/`A` (either case) and, read as marks, the
//!   symbols `†` and `*`;
//! * ICD-10, the HES fillers, tested first on the trimmed field unless its fourth character
//!   is a dot: five characters ending in `-` are the four before it (`I509-`, `C61X-`,
//!   `I50 -`: a category), six with `-` then a marker fifth and sixth are the four and the
//!   marker (`H198-A`, `H198-*`). A dotted category (`I50.-`, `I50 .-D`, `G40.-*`) is read by
//!   the loose parse.
//!
//! A read row's codes are then keys (see `atoms`): the procedures' text in capitals, the
//! diagnoses' in small letters, without white space, dots and `-`, fields with no value
//! dropped. A key that is not a code's (`&`, `NULL`, `null`) meets no atom.
//!
//! PostgreSQL and Spark test a row's fields against their plain forms first
//! ([`PLAIN_OPCS4_FIELD`], [`PLAIN_ICD10_FIELD`], Spark's as a [`plain_row`] with `-` fillers
//! after them), a part of the grammar most rows take, and the full grammar only when that
//! fails.

/// White space as `u8::is_ascii_whitespace`, which `trim_ascii` and the loose parse remove.
const W: &str = r"[ \t\n\f\r]";
/// A code's three-character stem, in either case.
const STEM: &str = "[A-Za-z][0-9][0-9]";
/// What holds no value in every field, between white space: `-`, `NULL` in any case.
const NO_VALUE: &str = "-|[Nn][Uu][Ll][Ll]";
/// The marker letters and the dagger and asterisk symbols, read as marks by the loose parse.
const ANY_MARKER: &str = "[DdAa*\u{2020}]";

/// The separator of a row's fields in the joined text.
pub const SEPARATOR: &str = "|";

/// One OPCS-4 field: see the module docs.
pub fn opcs4_field() -> String {
    format!("{W}*({NO_VALUE}|&|{STEM}({W}*[.]{W}*)?[0-9-])?{W}*")
}

/// One ICD-10 field: see the module docs. The forms after the stem are alternatives of one
/// group, so an engine that tries them in turn reads the stem once.
pub fn icd10_field() -> String {
    let dot = format!("{W}*[.]{W}*");
    let after_stem = [
        // The loose parse, undotted: I509, I5099, I48X, M45X0, I509D; I50-, I50-D.
        format!("[0-9Xx][0-9]?{ANY_MARKER}?"),
        format!("-{ANY_MARKER}?"),
        // A category with a symbol: G01*, as ICD-10 prints its asterisk categories.
        "[*\u{2020}]".to_owned(),
        // Dotted: I50.9, I50 . 9D, M45.X0.
        format!("{dot}[0-9Xx][0-9]?{ANY_MARKER}?"),
        // A dotted category: I50.-, I50 .-D, G40.-*.
        format!("{dot}-{ANY_MARKER}?"),
        // The fillers: I509-, I50--, I50 - (four characters then -); H198-A, H198-*.
        format!("([0-9Xx-]|{W})-"),
        format!("[0-9Xx-]-{ANY_MARKER}"),
    ];
    format!("{W}*({NO_VALUE}|{STEM}({})?)?{W}*", after_stem.join("|"))
}

/// `^F(|F)*$` for the field grammar `field`: a row's joined fields.
pub fn row_of(field: &str) -> String {
    format!("{field}([|]{field})*")
}

/// The form most OPCS-4 fields of an extract take, a capital and three digits (`K578`): a
/// part of [`opcs4_field`]'s grammar, which PostgreSQL tests a row's fields against first,
/// and Spark, with fillers after them, as a [`plain_row`] (see `source`).
pub const PLAIN_OPCS4_FIELD: &str = "[A-Z][0-9][0-9][0-9]";

/// The form most ICD-10 fields take, a capital, two digits, then a digit or `X` (`I509`,
/// `I48X`): a part of [`icd10_field`]'s grammar, as [`PLAIN_OPCS4_FIELD`] is of OPCS-4's.
pub const PLAIN_ICD10_FIELD: &str = "[A-Z][0-9][0-9][0-9X]";

/// A row's joined fields in their plainest form: `plain` fields (see [`PLAIN_OPCS4_FIELD`]),
/// then only fillers `-` (`K578|Y534|-|-`); with `may_be_empty`, also no field at all. A
/// plain field and `-` are both forms of the full grammar's field, so every text this
/// matches, [`row_of`] that grammar matches too. Spark tests a row's fields against it
/// first, and takes such a row's keys from the text before its fillers (see `source`).
pub fn plain_row(plain: &str, may_be_empty: bool) -> String {
    let row = format!("{plain}([|]{plain})*([|]-)*");
    if may_be_empty {
        format!("({row})?")
    } else {
        row
    }
}

/// The text before the first filler of a text [`plain_row`] matches (`K578|Y534` of
/// `K578|Y534|-|-`): the row's codes, `|` between them.
pub const FILLERS_START: &str = "|-";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammars_are_written_without_quotes_and_with_the_symbols() {
        for grammar in [opcs4_field(), icd10_field()] {
            assert!(!grammar.contains(['\'', '$']), "{grammar}");
        }
        assert!(icd10_field().contains("[DdAa*\u{2020}]"));
        assert_eq!(
            opcs4_field(),
            r"[ \t\n\f\r]*(-|[Nn][Uu][Ll][Ll]|&|[A-Za-z][0-9][0-9]([ \t\n\f\r]*[.][ \t\n\f\r]*)?[0-9-])?[ \t\n\f\r]*"
        );
        assert_eq!(row_of("F"), "F([|]F)*");
    }

    #[test]
    fn a_plain_row_is_plain_fields_then_fillers() {
        assert_eq!(
            plain_row(PLAIN_OPCS4_FIELD, false),
            "[A-Z][0-9][0-9][0-9]([|][A-Z][0-9][0-9][0-9])*([|]-)*"
        );
        assert_eq!(
            plain_row(PLAIN_ICD10_FIELD, true),
            "([A-Z][0-9][0-9][0-9X]([|][A-Z][0-9][0-9][0-9X])*([|]-)*)?"
        );
        // The text before the fillers is the codes: the fillers start with it, and a plain
        // field (a capital and digits or `X`, above) holds no `-`.
        assert_eq!(FILLERS_START, format!("{SEPARATOR}-"));
    }

    /// Every field the plain forms describe is one `match` reads as a code, so a row they
    /// accept is a row the full grammar accepts: the test first changes no row.
    #[test]
    fn every_plain_field_is_a_code_match_reads() {
        assert_eq!(PLAIN_OPCS4_FIELD, "[A-Z][0-9][0-9][0-9]");
        assert_eq!(PLAIN_ICD10_FIELD, "[A-Z][0-9][0-9][0-9X]");
        let mut read = 0;
        for letter in b'A'..=b'Z' {
            for number in 0..1000 {
                let opcs4 = format!("{}{number:03}", letter as char);
                assert!(
                    matches!(
                        nice_coding::hes::opcs4_field(opcs4.as_bytes()),
                        Ok(nice_coding::hes::Opcs4Field::Code(_))
                    ),
                    "{opcs4}"
                );
                let icd10 = [opcs4.clone(), format!("{}X", &opcs4[..3])];
                for field in icd10 {
                    assert!(
                        matches!(nice_coding::hes::icd10_field(field.as_bytes()), Ok(Some(_))),
                        "{field}"
                    );
                    read += 1;
                }
            }
        }
        assert_eq!(read, 26 * 2000);
    }
}

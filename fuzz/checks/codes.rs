//! Fuzz check: every entry point of the code parsers (`src/code.rs`).
//!
//! For both code types and any input: `parse`, `parse_loose` and `parse_loose_bytes` never
//! panic; what `parse` accepts, `parse_loose` accepts as the same code; `parse_loose` on a
//! string and `parse_loose_bytes` on its bytes agree; every code read displays as a string
//! `parse` reads back to the same code; and `parse_loose` accepts white space only around
//! the code or around its dot, as documented. The HES field readers (`src/hes.rs`) never
//! panic, and read whatever the loose parse reads as the same code, as documented.

use nice_coding::hes::{Opcs4Field, icd10_field, opcs4_field};
use nice_coding::{Icd10Code, Opcs4Code};

/// Runs every check on `data`; panics on the first invariant that fails.
pub fn check(data: &[u8]) {
    check_type(
        data,
        Opcs4Code::parse,
        Opcs4Code::parse_loose,
        Opcs4Code::parse_loose_bytes,
    );
    check_type(
        data,
        Icd10Code::parse,
        Icd10Code::parse_loose,
        Icd10Code::parse_loose_bytes,
    );
    let icd10 = icd10_field(data);
    if let Ok(code) = Icd10Code::parse_loose_bytes(data) {
        assert_eq!(icd10, Ok(Some(code)), "icd10_field of {data:?}");
    }
    let opcs4 = opcs4_field(data);
    if let Ok(code) = Opcs4Code::parse_loose_bytes(data) {
        assert_eq!(opcs4, Ok(Opcs4Field::Code(code)), "opcs4_field of {data:?}");
    }
}

fn check_type<C, E>(
    data: &[u8],
    parse: fn(&str) -> Result<C, E>,
    parse_loose: fn(&str) -> Result<C, E>,
    parse_loose_bytes: fn(&[u8]) -> Result<C, E>,
) where
    C: Copy + PartialEq + std::fmt::Debug + std::fmt::Display,
    E: PartialEq + std::fmt::Debug,
{
    let from_bytes = parse_loose_bytes(data);
    if let Ok(code) = &from_bytes {
        assert_round_trip(*code, parse);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let strict = parse(text);
    let loose = parse_loose(text);
    assert_eq!(
        loose, from_bytes,
        "parse_loose and parse_loose_bytes differ on {text:?}"
    );
    if let Ok(code) = strict {
        assert_eq!(
            loose,
            Ok(code),
            "parse_loose rejects {text:?}, which parse reads"
        );
        assert_round_trip(code, parse);
    }
    if let Ok(code) = loose {
        assert_round_trip(code, parse);
        assert!(
            spaces_only_where_documented(text),
            "parse_loose read {text:?} as {code}, but it has white space inside the code"
        );
    }
}

fn assert_round_trip<C, E>(code: C, parse: fn(&str) -> Result<C, E>)
where
    C: Copy + PartialEq + std::fmt::Debug + std::fmt::Display,
    E: PartialEq + std::fmt::Debug,
{
    let shown = code.to_string();
    assert_eq!(
        parse(&shown).ok(),
        Some(code),
        "{code:?} displays as {shown:?}, which parse does not read back"
    );
}

/// True when the only ASCII white space in `text` is around it or around a single dot.
fn spaces_only_where_documented(text: &str) -> bool {
    let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let compact: String = match trimmed.split_once('.') {
        Some((before, after)) => format!(
            "{}.{}",
            before.trim_end_matches(|c: char| c.is_ascii_whitespace()),
            after.trim_start_matches(|c: char| c.is_ascii_whitespace())
        ),
        None => trimmed.to_string(),
    };
    !compact.bytes().any(|b| b.is_ascii_whitespace())
}

//! Writes the field-form extract of `cli/tests/sql/run.sh`: episodes whose fields are drawn
//! from a grammar of every form of a HES code field that `nice-coding match` reads or refuses
//! (`nice_coding::hes` and the loose parse), in the wide layout (`wide.csv`: EPIKEY,
//! OPERTN_01..24, DIAG_01..20) and the long layout (`long.csv`: EPIKEY, POSITION, OPERTN,
//! DIAG). `run.sh` runs `match` and the SQL of `export sql` on each engine over both files and
//! compares their rows, so any form the two read differently shows as a row missing or extra.
//!
//! ```text
//! cargo run -p nice-coding-cli --example sql_grammar -- DIR
//! ```
//!
//! The grammar: a code (of a guidance's recorded episode, so that reading it or not changes
//! what matches) is written in every combination of the parts `match` knows: case, a dot with
//! or without white space beside it, white space around the field and inside the code (which
//! `match` refuses), the ICD-10 forms (a category alone, `X` in the fourth place, with or without
//! a fifth digit, five characters, the `D`/`A` marks, the HES fillers `-` and `-D`), and junk
//! around the code. Fields that hold no code: empty, white space, `-`, `&`, `NULL` in any case;
//! and junk (a `|` or `,` inside a field, letters that capitals map onto ASCII, non-breaking
//! space; a next line, line or paragraph separator ending a row's last field). Keys: two rows
//! of one key, alike and not, keys `match` refuses (empty, white space, longer than 128
//! bytes) and keys it reads that end in those line terminators. Every field is quoted, so every engine's CSV reader keeps its
//! white space. Standard error gets how many forms `nice_coding::hes` reads and refuses; the
//! run fails if either is none. The same arguments always write the same bytes.
//!
//! Also `symbols.csv` and `letters.csv` (wide layout, four columns of each kind): the same
//! episodes with a diagnosis marked by the dagger or asterisk symbol in one, by the mark's
//! letter in the other; the SQL must give both the same rows.

#[path = "../../../benches/tools/episodes.rs"]
mod episodes;

use nice_coding::hes::{icd10_field, opcs4_field};
use nice_coding::{Guidance, Icd10Code, Opcs4Code};
use std::fmt::Write as _;
use std::process::ExitCode;

const PROCEDURE_COLUMNS: usize = 24;
const DIAGNOSIS_COLUMNS: usize = 20;

/// An episode: procedure and diagnosis fields as written.
#[derive(Clone)]
struct Episode {
    key: String,
    procedures: Vec<String>,
    diagnoses: Vec<String>,
}

/// White space around a field, as extracts hold it (no line break: a field holding one
/// makes a CSV row span lines, which `match` refuses before reading any field).
const AROUND: [(&str, &str); 5] = [
    ("", ""),
    (" ", ""),
    ("", " "),
    ("\t", "  "),
    (" \u{c}", "\t"),
];

/// The ways of writing the dot between the stem and the rest: none, or a dot with white
/// space beside it (all read), and white space without a dot (refused).
const DOTS: [&str; 8] = ["", ".", " .", ". ", " . ", "\t.\u{c}", " ", "  "];

/// Case: as written, all small letters, the stem's letter only small.
fn cased(text: &str, case: usize) -> String {
    match case {
        0 => text.to_owned(),
        1 => text.to_ascii_lowercase(),
        _ => {
            let mut chars = text.chars();
            let first = chars.next().map(|c| c.to_ascii_lowercase());
            first.into_iter().chain(chars).collect()
        }
    }
}

/// Every form of the OPCS-4 code `code` (undotted, `K578`).
fn opcs4_forms(code: &str) -> Vec<String> {
    let (stem, rest) = code.split_at(3);
    let mut forms = Vec::new();
    for (case, dot) in (0..3).flat_map(|c| DOTS.iter().map(move |d| (c, d))) {
        forms.push(cased(&format!("{stem}{dot}{rest}"), case));
    }
    for (before, after) in AROUND {
        forms.push(format!("{before}{code}{after}"));
        forms.push(format!("{before}{stem}.{rest}{after}"));
    }
    let (a, b) = stem.split_at(1);
    let (b1, b2) = b.split_at(1);
    for junk in [
        format!("{a} {b}{rest}"),                                   // K 578
        format!("{a}{b1} {b2}{rest}"),                              // K5 78
        format!("{} {} {} {rest}", a.to_ascii_lowercase(), b1, b2), // k5 7 8
        format!("{code}-"),                                         // K578-
        format!("{code}D"),                                         // K578D
        format!("{stem}..{rest}"),                                  // K57..8
        format!("{code}."),                                         // K578.
        format!(".{code}"),                                         // .K578
        stem.to_owned(),                                            // K57
        format!("{code}{rest}"),                                    // K5788
        format!("{stem}X"),                                         // K57X
        format!("{code}\u{a0}"),                                    // non-breaking space
        format!("{stem}\u{ff18}"),                                  // a full-width digit
        format!("{code}|{code}"),                                   // the SQL's separator
        format!("{code},{code}"),
    ] {
        forms.push(junk);
    }
    forms
}

/// Every form of the ICD-10 code `code` (undotted, without its mark: `I509`, `M8008`).
fn icd10_forms(code: &str) -> Vec<String> {
    let (stem, rest) = code.split_at(3);
    let mut forms = Vec::new();
    // The rest after the stem: the code's own, then X-filled, X and a fifth digit, five
    // characters, the category alone and with `-`.
    let fifth = if rest.len() == 1 {
        format!("{rest}9")
    } else {
        rest.to_owned()
    };
    let rests = [
        rest.to_owned(),
        "X".into(),
        "X0".into(),
        fifth,
        String::new(),
        "-".into(),
    ];
    // The marks as letters and as the symbols coders write (`D63.1*`, `I509†`).
    let marks: &[&str] = &["", "D", "a", "*", "\u{2020}"];
    for rest in &rests {
        for (case, dot) in (0..3).flat_map(|c| DOTS.iter().map(move |d| (c, d))) {
            for mark in marks {
                if rest.is_empty() && !dot.is_empty() {
                    continue;
                }
                forms.push(cased(&format!("{stem}{dot}{rest}{mark}"), case));
            }
        }
        // The HES fillers: five characters ending in `-`, six with a mark after it.
        for filler in ["-", "-D", "-a", "--", "-X", "-*", "-\u{2020}"] {
            forms.push(format!("{stem}{rest}{filler}"));
            forms.push(format!("{stem}.{rest}{filler}"));
            forms.push(format!("{stem} {rest}{filler}"));
        }
    }
    for (before, after) in AROUND {
        forms.push(format!("{before}{code}{after}"));
        forms.push(format!("{before}{code}-{after}"));
        forms.push(format!("{before}{stem}.{rest}D{after}"));
    }
    let (a, b) = stem.split_at(1);
    for junk in [
        format!("{stem} {rest}"),   // I50 9
        format!("{code} D"),        // I509 D
        format!("{code} *"),        // I509 * (white space before a symbol is inside the code)
        format!("{code} \u{2020}"), // I509 †
        format!("{a} {b}{rest}"),   // I 509
        format!("{stem}.{rest} D"), // I50.9 D
        format!("{stem}-{rest}"),   // I50-9
        format!("{stem}.-D"),       // I50.-D, a dotted category: read
        format!("{stem} .-D"),      // read
        format!("{stem}. -"),       // read
        format!("{code}DA"),
        format!("{code}.."),
        format!("{}.{}{rest}", &stem[..2], &stem[2..]), // I5.09
        format!("{stem}XX"),
        format!("{stem}X0-"),
        format!("\u{131}{b}{rest}"), // dotless i: a capital I in some engines
        format!("{code}\u{a0}"),
        format!("{code}|{code}"),
        format!("{code},{code}"),
    ] {
        forms.push(junk);
    }
    forms
}

/// Fields of no code and junk, added to a row beside its codes.
const OTHER_FIELDS: [&str; 33] = [
    "",
    " ",
    "\t",
    "\u{c}",
    "-",
    " - ",
    "&",
    " & ",
    "NULL",
    "null",
    "Null",
    "nUlL",
    " NULL ",
    "null\t",
    "NUL",
    "NULLL",
    "--",
    "&&",
    "-&",
    "K5X8",
    "9K57",
    "KK57",
    "K5",
    "K",
    "\u{e9}578",
    "'",
    "\"",
    "x",
    "\u{a0}",
    "N/A",
    "0",
    "|",
    ",",
];

/// The undotted text of a code (`K578`, `I509`, `M8008`, `I48X`), without its mark.
fn opcs4_text(code: Opcs4Code) -> String {
    code.to_string().replace('.', "")
}

fn icd10_text(code: Icd10Code) -> String {
    code.without_marker().to_string().replace('.', "")
}

/// A guidance's recorded episode, undotted, with a diagnosis when it records none (so that a
/// diagnosis form has a code to take).
fn base(g: Guidance) -> (Vec<String>, Vec<String>) {
    let (p, d) = episodes::recorded(g);
    let p: Vec<String> = p.into_iter().map(opcs4_text).collect();
    let mut d: Vec<String> = d.into_iter().map(icd10_text).collect();
    if d.is_empty() {
        d.push("I509".to_owned());
    }
    (p, d)
}

fn episodes() -> Vec<Episode> {
    let bases: Vec<(Vec<String>, Vec<String>)> = Guidance::ALL
        .iter()
        .map(|&g| base(g))
        .filter(|(p, _)| !p.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut next = 0usize;
    let mut take = |procedures: Vec<String>, diagnoses: Vec<String>, out: &mut Vec<Episode>| {
        next += 1;
        out.push(Episode {
            key: format!("E{next:06}"),
            procedures,
            diagnoses,
        });
    };
    // Every guidance's episode as recorded, in the plainest form.
    for (p, d) in &bases {
        take(p.clone(), d.clone(), &mut out);
    }
    // Each form of a code in place of that code, in turn over the guidance and their codes.
    let mut turn = 0usize;
    let mut pick = |n: usize| {
        turn += 1;
        turn % n
    };
    for (i, (p, d)) in bases.iter().enumerate() {
        let at = pick(p.len());
        for form in opcs4_forms(&p[at]) {
            let mut p = p.clone();
            p[at] = form;
            take(p, d.clone(), &mut out);
        }
        if i % 4 != 0 {
            continue;
        }
        let at = pick(d.len());
        for form in icd10_forms(&d[at]) {
            let mut d = d.clone();
            d[at] = form;
            take(p.clone(), d, &mut out);
        }
    }
    // Each other field beside a recorded episode's codes, in either classification.
    for (i, field) in OTHER_FIELDS.iter().enumerate() {
        let (p, d) = &bases[(i * 7) % bases.len()];
        let mut with = p.clone();
        with.insert(pick(p.len() + 1), (*field).to_owned());
        take(with, d.clone(), &mut out);
        let mut with = d.clone();
        with.insert(pick(d.len() + 1), (*field).to_owned());
        take(p.clone(), with, &mut out);
    }
    // As many HES extracts write a row: every field after its codes `-` (the row Spark reads
    // by its plain forms first, see `export::sql::source`), and beside it rows that look
    // alike but take the full grammars: a `-` before the codes, no diagnosis, a code after
    // the fillers, a filler with white space, a code in small letters.
    let filled = |fields: &[&[String]], columns: usize| {
        let mut fields = fields.concat();
        fields.resize(columns, "-".to_owned());
        fields
    };
    let dash = ["-".to_owned()];
    for (i, (p, d)) in bases.iter().enumerate().step_by(5) {
        let plain = (
            filled(&[p], PROCEDURE_COLUMNS),
            filled(&[d], DIAGNOSIS_COLUMNS),
        );
        take(plain.0.clone(), plain.1.clone(), &mut out);
        let alike = match (i / 5) % 5 {
            0 => (filled(&[&dash, p], PROCEDURE_COLUMNS), plain.1),
            1 => (plain.0, filled(&[], DIAGNOSIS_COLUMNS)),
            2 => (
                plain.0,
                filled(&[d, &dash, &["i509".to_owned()]], DIAGNOSIS_COLUMNS),
            ),
            3 => (filled(&[p, &[" -".to_owned()]], PROCEDURE_COLUMNS), plain.1),
            _ => (
                filled(&[&[p[0].to_ascii_lowercase()], &p[1..]], PROCEDURE_COLUMNS),
                plain.1,
            ),
        };
        take(alike.0, alike.1, &mut out);
    }
    // Keys: one key on two rows (two episodes in match, alike and not), and keys `match`
    // refuses.
    let (p, d) = &bases[0];
    let (q, e) = &bases[1];
    for (key, procedures, diagnoses) in [
        ("R1", p, d),
        ("R1", q, e),
        ("R2", p, d),
        ("R2", p, d),
        ("", p, d),
        (" \t", p, d),
        ("has spaces inside", p, d),
    ] {
        out.push(Episode {
            key: key.to_owned(),
            procedures: procedures.clone(),
            diagnoses: diagnoses.clone(),
        });
    }
    // A line terminator other than a line feed or carriage return (next line, line and
    // paragraph separator) ending a row's last procedure, its last diagnosis or its key:
    // `match` reads none as white space, so such a field is not a code and such a key is not
    // blank. (Java's `$`, which Spark's `RLIKE` uses, matches before one at the end.)
    for (n, end) in ["\u{85}", "\u{2028}", "\u{2029}"].into_iter().enumerate() {
        let (p, d) = &bases[n + 2];
        let mut last_procedure = p.clone();
        last_procedure
            .last_mut()
            .expect("a procedure")
            .push_str(end);
        let mut last_diagnosis = d.clone();
        last_diagnosis
            .last_mut()
            .expect("a diagnosis")
            .push_str(end);
        for (key, procedures, diagnoses) in [
            (format!("T{n}"), last_procedure, d.clone()),
            (format!("U{n}"), p.clone(), last_diagnosis),
            (end.to_owned(), p.clone(), d.clone()),
            (format!("V{n}{end}"), p.clone(), d.clone()),
        ] {
            out.push(Episode {
                key,
                procedures,
                diagnoses,
            });
        }
    }
    out.push(Episode {
        key: "L".repeat(129),
        procedures: p.clone(),
        diagnoses: d.clone(),
    });
    out.push(Episode {
        key: "L".repeat(128),
        procedures: p.clone(),
        diagnoses: d.clone(),
    });
    out
}

/// Diagnosis forms with a dagger or asterisk symbol, and the same with the mark's letter
/// (`I50.9†` and `I50.9D`, `D63.1*` and `D63.1A`): the SQL must read each pair alike, whatever
/// `match` reads, so `symbols.csv` and `letters.csv` must give the same rows. Left out: a
/// bare category with a symbol (`G01*`), which is read, and whose letter form is not a code.
fn mark_pairs(code: &str) -> Vec<(String, String)> {
    let (stem, rest) = code.split_at(3);
    let mut pairs = Vec::new();
    for rest in [rest, "X", "X0", "-", ""] {
        for dot in ["", ".", " .", ". ", " . ", " "] {
            if rest.is_empty() && !dot.is_empty() {
                continue;
            }
            for (symbol, letter) in [('\u{2020}', 'D'), ('*', 'A')] {
                // A bare category with a symbol (`G01*`) is read, as ICD-10 prints its
                // asterisk categories so; with the letter (`G01A`) it is not a code.
                let cases = if rest.is_empty() {
                    &[][..]
                } else {
                    &[(0, ""), (1, " "), (2, "\t")][..]
                };
                for &(case, around) in cases {
                    let form =
                        |mark: char| cased(&format!("{around}{stem}{dot}{rest}{mark}"), case);
                    pairs.push((form(symbol), form(letter)));
                }
                pairs.push((
                    format!("{stem}{rest} {symbol}"),
                    format!("{stem}{rest} {letter}"),
                ));
                pairs.push((
                    format!("{symbol}{stem}{rest}"),
                    format!("{letter}{stem}{rest}"),
                ));
            }
        }
    }
    pairs
}

/// `symbols.csv` and `letters.csv`: see [`mark_pairs`].
fn mark_files() -> (String, String) {
    let header = |text: &mut String| {
        text.push_str(
            "EPIKEY,OPERTN_01,OPERTN_02,OPERTN_03,OPERTN_04,DIAG_01,DIAG_02,DIAG_03,DIAG_04\n",
        );
    };
    let (mut symbols, mut letters) = (String::new(), String::new());
    header(&mut symbols);
    header(&mut letters);
    let mut key = 0;
    for &g in Guidance::ALL.iter().step_by(3) {
        let (p, d) = base(g);
        if p.is_empty() {
            continue;
        }
        let p: Vec<String> = p.into_iter().take(4).collect();
        for (symbol, letter) in mark_pairs(&d[0]) {
            key += 1;
            for (text, form) in [(&mut symbols, &symbol), (&mut letters, &letter)] {
                let _ = write!(text, "\"M{key:06}\"");
                for i in 0..4 {
                    let _ = write!(text, ",{}", quoted(p.get(i).map_or("", String::as_str)));
                }
                let mut diagnoses = d.clone();
                diagnoses[0] = form.clone();
                for i in 0..4 {
                    let _ = write!(
                        text,
                        ",{}",
                        quoted(diagnoses.get(i).map_or("", String::as_str))
                    );
                }
                text.push('\n');
            }
        }
    }
    (symbols, letters)
}

/// A field quoted for CSV.
fn quoted(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        eprintln!("usage: sql_grammar DIR");
        return ExitCode::from(2);
    };
    let episodes = episodes();
    let mut wide = String::from("EPIKEY");
    for n in 1..=PROCEDURE_COLUMNS {
        let _ = write!(wide, ",OPERTN_{n:02}");
    }
    for n in 1..=DIAGNOSIS_COLUMNS {
        let _ = write!(wide, ",DIAG_{n:02}");
    }
    wide.push('\n');
    let mut long = String::from("EPIKEY,POSITION,OPERTN,DIAG\n");
    let (mut read, mut refused) = (0usize, 0usize);
    for episode in &episodes {
        for field in &episode.procedures {
            if opcs4_field(field.as_bytes()).is_ok() {
                read += 1;
            } else {
                refused += 1;
            }
        }
        for field in &episode.diagnoses {
            if icd10_field(field.as_bytes()).is_ok() {
                read += 1;
            } else {
                refused += 1;
            }
        }
        let _ = write!(wide, "{}", quoted(&episode.key));
        for i in 0..PROCEDURE_COLUMNS {
            let field = episode.procedures.get(i).map_or("", String::as_str);
            let _ = write!(wide, ",{}", quoted(field));
        }
        for i in 0..DIAGNOSIS_COLUMNS {
            let field = episode.diagnoses.get(i).map_or("", String::as_str);
            let _ = write!(wide, ",{}", quoted(field));
        }
        wide.push('\n');
        let rows = episode.procedures.len().max(episode.diagnoses.len());
        for i in 0..rows {
            let _ = writeln!(
                long,
                "{},{},{},{}",
                quoted(&episode.key),
                i + 1,
                quoted(episode.procedures.get(i).map_or("", String::as_str)),
                quoted(episode.diagnoses.get(i).map_or("", String::as_str)),
            );
        }
    }
    // The long layout needs each episode's rows together: the repeated keys' rows are.
    let (symbols, letters) = mark_files();
    for (name, text) in [
        ("wide.csv", &wide),
        ("long.csv", &long),
        ("symbols.csv", &symbols),
        ("letters.csv", &letters),
    ] {
        let path = std::path::Path::new(dir).join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("sql_grammar: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    eprintln!(
        "sql_grammar: {} episodes; fields match reads: {read}, refuses: {refused}",
        episodes.len()
    );
    if read == 0 || refused == 0 {
        eprintln!("sql_grammar: the grammar must hold fields match reads and fields it refuses");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

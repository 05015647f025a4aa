//! Writes the test extract of `cli/tests/sql/run.sh`: HES episodes built from every guidance's
//! trees, in the wide layout (`wide.csv`: EPIKEY, OPERTN_01..24, DIAG_01..20) and the long
//! layout (`long.csv`: EPIKEY, POSITION, OPERTN, DIAG), holding the same episodes.
//!
//! ```text
//! cargo run -p nice-coding-cli --example sql_extract -- DIR [EPISODES_PER_GUIDANCE]
//! ```
//!
//! For each guidance: the episode a coder records (benches/tools/episodes.rs), the full set
//! of codes its rules name, and random subsets of them, so every rule kind and rule key is met
//! present and absent: codes, categories, X-filled and five-character ICD-10 codes, ranged
//! placeholders, `all`, `one_of`, `one_or_more`, variants, stages, patients, conditions,
//! `only_if`, `instead_of`, `supplementary_if`, `except`, `concurrent`, `ruled_out_by`. Each
//! code is written in one of the forms HES extracts hold (`K578`, `K57.8`, ` k57 .8`, `I509-`,
//! `H198-A`, `I48X-`, `I50`), unused fields as empty, `-`, `NULL`, `null` or `&`; a few
//! episodes hold a malformed field (which `match` skips). Stderr gets the count of guidance
//! using each rule key.
//! The same arguments always write the same bytes.

#[path = "../../../benches/tools/episodes.rs"]
mod episodes;
#[path = "../../../tests/synth/mod.rs"]
mod synth;

use nice_coding::{Code, Guidance, Rule, RuleKind};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;
use synth::Rng;

const PROCEDURE_COLUMNS: usize = 24;
const DIAGNOSIS_COLUMNS: usize = 20;

/// An episode: procedure and diagnosis fields as written.
struct Episode {
    procedures: Vec<String>,
    diagnoses: Vec<String>,
}

/// Every code a guidance's rules name, with which side it is read on: tree codes, rule-key
/// codes, and a code of each placeholder range's first and last category.
fn pool(g: Guidance) -> Vec<Code> {
    let mut codes = Vec::new();
    for tree in [g.procedure(), g.diagnosis()] {
        for rule in tree.descendants() {
            codes.extend(rule.code());
            codes.extend(rule.only_if());
            codes.extend(rule.instead_of());
            codes.extend(rule.supplementary_if());
            codes.extend(rule.except());
            codes.extend(rule.default_code());
            if rule.kind() == RuleKind::Placeholder {
                let icd10 = tree == g.diagnosis();
                for range in rule.within() {
                    for stem in [range.first(), range.last()] {
                        let text = format!("{stem}.1");
                        codes.extend(if icd10 {
                            nice_coding::Icd10Code::parse(&text).ok().map(Code::Icd10)
                        } else {
                            nice_coding::Opcs4Code::parse(&text).ok().map(Code::Opcs4)
                        });
                    }
                }
            }
        }
    }
    codes.extend(g.ruled_out_by().filter_map(|r| r.code()));
    codes.sort();
    codes.dedup();
    codes
}

/// A code an episode records that `code` covers (or, for a decoy, one it does not), undotted.
fn concrete(code: Code, rng: &mut Rng, decoy: bool) -> String {
    let text: String = code
        .bare()
        .to_string()
        .chars()
        .filter(|&c| c != '.')
        .collect();
    let stem = &text[..3];
    let digit = rng.below(10);
    if decoy {
        // The same category, another fourth character: usually not covered.
        return format!("{stem}{}", (digit + 1) % 10);
    }
    match code {
        Code::Opcs4(c) if c.is_category() => format!("{stem}{digit}"),
        Code::Opcs4(_) => text,
        Code::Icd10(c) if c.is_category() => match rng.below(3) {
            0 => stem.to_owned(),
            1 => format!("{stem}X"),
            _ => format!("{stem}{digit}"),
        },
        Code::Icd10(c) if c.is_x_filled() => match rng.below(2) {
            0 => format!("{stem}X"),
            _ => format!("{stem}{digit}"),
        },
        Code::Icd10(_) => {
            let plain = text.trim_end_matches(['D', 'A']).to_owned();
            if plain.len() == 4 && rng.percent(20) {
                format!("{plain}{digit}")
            } else {
                plain
            }
        }
    }
}

/// An undotted OPCS-4 code in one of the forms extracts hold.
fn opcs4_form(code: &str, rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("{}.{}", &code[..3], &code[3..]),
        1 => code.to_ascii_lowercase(),
        2 => format!(" {} .{} ", &code[..3].to_ascii_lowercase(), &code[3..]),
        _ => code.to_owned(),
    }
}

/// An undotted ICD-10 code in one of the forms extracts hold.
fn icd10_form(code: &str, rng: &mut Rng) -> String {
    if code.len() == 3 {
        return code.to_owned();
    }
    let four = code.len() == 4;
    match rng.below(8) {
        0 => format!("{}.{}", &code[..3], &code[3..]),
        1 => code.to_ascii_lowercase(),
        2 if four => format!("{code}-"),
        3 if four => format!("{code}-A"),
        4 if four => format!("{code}-D"),
        5 => format!("{code}D"),
        _ => code.to_owned(),
    }
}

/// A field that holds no code.
fn empty_field(rng: &mut Rng, procedure: bool) -> String {
    let forms: &[&str] = if procedure {
        &["", "", "", "-", "NULL", "null", "&", " "]
    } else {
        &["", "", "", "-", "NULL", "null", " "]
    };
    forms[rng.below(forms.len() as u64) as usize].to_owned()
}

fn noise(rng: &mut Rng, letters: &[u8]) -> String {
    let letter = letters[rng.below(letters.len() as u64) as usize] as char;
    format!("{letter}{:02}{}", rng.below(100), rng.below(10))
}

/// The episodes of one guidance.
fn episodes_of(g: Guidance, per_guidance: usize, rng: &mut Rng) -> Vec<Episode> {
    let pool = pool(g);
    let mut out = Vec::new();
    let split = |codes: Vec<(Code, bool)>, rng: &mut Rng| -> Episode {
        let mut procedures = Vec::new();
        let mut diagnoses = Vec::new();
        for (code, decoy) in codes {
            let text = concrete(code, rng, decoy);
            match code {
                Code::Opcs4(_) => procedures.push(opcs4_form(&text, rng)),
                Code::Icd10(_) => diagnoses.push(icd10_form(&text, rng)),
            }
        }
        Episode {
            procedures,
            diagnoses,
        }
    };
    let (p, d) = episodes::recorded(g);
    let recorded: Vec<(Code, bool)> = p
        .into_iter()
        .map(|c| (Code::Opcs4(c), false))
        .chain(d.into_iter().map(|c| (Code::Icd10(c), false)))
        .collect();
    out.push(split(recorded, rng));
    out.push(split(pool.iter().map(|&c| (c, false)).collect(), rng));
    for _ in 0..per_guidance {
        let keep = 30 + rng.below(60);
        let mut codes: Vec<(Code, bool)> = Vec::new();
        for &code in &pool {
            if rng.percent(keep) {
                let decoy = rng.percent(5);
                codes.push((code, decoy));
            }
        }
        // The order codes are recorded in does not matter to matching: shuffle.
        for i in (1..codes.len()).rev() {
            codes.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let mut episode = split(codes, rng);
        if rng.percent(30) {
            episode
                .procedures
                .push(noise(rng, b"ABCDEFGHJKLMNPQRSTUVWXYZ"));
        }
        if rng.percent(30) {
            episode.diagnoses.push(noise(rng, b"ABCDEIJKMNRZ"));
        }
        if rng.percent(2) {
            // A malformed field: `match` skips the row, the SQL leaves the episode out.
            let bad = ["K5X8", "K57.88", "I50.-", "H198-Q", "&", "9K57"];
            episode
                .diagnoses
                .push(bad[rng.below(bad.len() as u64) as usize].to_owned());
        }
        out.push(episode);
    }
    out
}

/// The rule keys and kinds a guidance uses, for the coverage line on stderr.
fn features(g: Guidance) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut add = |name: &'static str| {
        if !found.contains(&name) {
            found.push(name);
        }
    };
    if g.ruled_out_by().len() > 0 {
        add("ruled_out_by");
    }
    for (tree, diagnosis) in [(g.procedure(), false), (g.diagnosis(), true)] {
        for rule in tree.descendants() {
            let r: Rule = rule;
            match r.kind() {
                RuleKind::Code(Code::Icd10(c)) if c.is_x_filled() => add("X-filled ICD-10"),
                RuleKind::Code(c) if c.is_category() => add("category"),
                RuleKind::Code(Code::Icd10(c)) if c.to_string().len() >= 6 => {
                    add("five-character ICD-10")
                }
                RuleKind::Code(_) => add("code"),
                RuleKind::All => {}
                RuleKind::OneOf => add("one_of"),
                RuleKind::OneOrMore => add("one_or_more"),
                RuleKind::Variants => add("variants"),
                RuleKind::Stages => add("stages"),
                RuleKind::Patients => add("patients"),
                RuleKind::Placeholder if r.within().len() > 0 => add("placeholder with ranges"),
                RuleKind::Placeholder => add("placeholder without ranges"),
                _ => add("other kind"),
            }
            if r.condition().is_some() {
                add("condition");
            }
            if r.only_if().len() > 0 {
                add("only_if");
            }
            if r.instead_of().len() > 0 {
                add("instead_of");
            }
            if r.supplementary_if().len() > 0 {
                add("supplementary_if");
            }
            if r.except().len() > 0 {
                add("except");
            }
            if r.concurrent().is_some() {
                add("concurrent");
            }
            if r.chosen_by().is_some() {
                add("chosen_by");
            }
            if r.stands_for_several() {
                add("count");
            }
            if r.is_in_order() {
                add("in_order");
            }
            if r.is_label_implied() {
                add("implied_label");
            }
            if r.includes().len() > 0 {
                add("includes");
            }
            if r.excludes().len() > 0 {
                add("excludes");
            }
            if diagnosis && r.default_code().is_some() {
                add("ICD-10 default");
            }
        }
    }
    found
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, per_guidance) = match args.as_slice() {
        [dir] => (dir.clone(), 40),
        [dir, n] => match n.parse() {
            Ok(n) => (dir.clone(), n),
            Err(_) => {
                eprintln!("sql_extract: EPISODES_PER_GUIDANCE must be a whole number, not {n:?}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: sql_extract DIR [EPISODES_PER_GUIDANCE]");
            return ExitCode::from(2);
        }
    };
    let mut rng = Rng::new(15);
    let mut wide = String::from("EPIKEY");
    for n in 1..=PROCEDURE_COLUMNS {
        let _ = write!(wide, ",OPERTN_{n:02}");
    }
    for n in 1..=DIAGNOSIS_COLUMNS {
        let _ = write!(wide, ",DIAG_{n:02}");
    }
    wide.push('\n');
    let mut long = String::from("EPIKEY,POSITION,OPERTN,DIAG\n");
    let mut coverage: BTreeMap<&str, usize> = BTreeMap::new();
    let mut key = 0u64;
    for &g in Guidance::ALL {
        for feature in features(g) {
            *coverage.entry(feature).or_default() += 1;
        }
        for mut episode in episodes_of(g, per_guidance, &mut rng) {
            key += 1;
            episode.procedures.truncate(PROCEDURE_COLUMNS);
            episode.diagnoses.truncate(DIAGNOSIS_COLUMNS);
            let quote = |field: &str| {
                if field.contains([',', '"']) {
                    format!("\"{}\"", field.replace('"', "\"\""))
                } else {
                    field.to_owned()
                }
            };
            let _ = write!(wide, "E{key:06}");
            for i in 0..PROCEDURE_COLUMNS {
                let field = match episode.procedures.get(i) {
                    Some(code) => code.clone(),
                    None => empty_field(&mut rng, true),
                };
                let _ = write!(wide, ",{}", quote(&field));
            }
            for i in 0..DIAGNOSIS_COLUMNS {
                let field = match episode.diagnoses.get(i) {
                    Some(code) => code.clone(),
                    None => empty_field(&mut rng, false),
                };
                let _ = write!(wide, ",{}", quote(&field));
            }
            wide.push('\n');
            let rows = episode.procedures.len().max(episode.diagnoses.len()).max(1);
            for i in 0..rows {
                let procedure = episode.procedures.get(i).cloned().unwrap_or_default();
                let diagnosis = episode.diagnoses.get(i).cloned().unwrap_or_default();
                let _ = writeln!(
                    long,
                    "E{key:06},{},{},{}",
                    i + 1,
                    quote(&procedure),
                    quote(&diagnosis)
                );
            }
        }
    }
    for (name, text) in [("wide.csv", &wide), ("long.csv", &long)] {
        let path = std::path::Path::new(&dir).join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("sql_extract: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    eprintln!("sql_extract: {key} episodes; guidance using each rule kind and key:");
    for (feature, count) in coverage {
        eprintln!("  {feature}: {count}");
    }
    ExitCode::SUCCESS
}

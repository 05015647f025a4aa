//! A synthetic catalogue: N guidance files with the mix of constructs and sizes of the shipped
//! one, for scale tests and benchmarks.
//!
//! Used by `tests/synthetic.rs` (10,000 files must compile) and by `benches/tools/synthesize.rs`
//! (writes a catalogue into a folder for the benchmarks in BENCHMARKS.md).
//!
//! The mix follows the 77 shipped files, measured through the public API on 2026-11-24:
//!
//! | measure (per guidance unless said) | shipped | here |
//! |---|---|---|
//! | OPCS-4 codes in the procedure | 0-10, mostly 2-5 (mean 3.3) | 1-8, weights below |
//! | guidance with an ICD-10 diagnosis | 27 of 77 (35%) | 35% |
//! | ICD-10 codes when there is one | 1-3 (mean 1.5) | 1-3 |
//! | `one_of` groups | 37 (0.48) | 0.5 |
//! | conditional code or group | 20 of 290 code rules (7%) | 7% |
//! | category codes with a default | 20 (0.26) | 0.26 |
//! | labelled variants | 8 guidance (10%) | 10% |
//! | stages | 1 guidance | 1% |
//! | placeholders | 11 (0.14) | 0.14 |
//! | notes on rules | 43, mean 97 characters | 0.56, 60-140 |
//! | guidance-level notes, limitations, ambiguities | 31, mean 167 characters | 0.4, 100-240 |
//! | code titles | mean 42 characters | 20-70 |
//! | guidance titles | mean 64 characters | 40-90 |
//! | `incomplete` | 20 of 77 | 25% |
//!
//! Codes come from a fixed pool, and every code's title is a function of the code, so titles
//! agree across files as the compiler requires. Main codes come from chapters A to X, site and
//! method codes from Y and Z, as in real recommendations. The same `(count, seed)` always writes
//! the same bytes.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// A small deterministic generator (xorshift64*), so the catalogue needs no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
}

const WORDS: &[&str] = &[
    "artery",
    "valve",
    "percutaneous",
    "insertion",
    "removal",
    "device",
    "endoscopic",
    "graft",
    "lesion",
    "transluminal",
    "repair",
    "tissue",
    "implant",
    "ablation",
    "drainage",
    "stent",
    "left",
    "right",
    "upper",
    "lower",
    "chamber",
    "vessel",
    "organ",
    "nerve",
    "therapeutic",
    "diagnostic",
    "approach",
    "prosthesis",
    "closure",
    "open",
    "revision",
    "biopsy",
];

/// Words from the list, until the text is at least `len` characters long.
fn words(rng: &mut Rng, len: usize) -> String {
    let mut s = String::new();
    while s.len() < len {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
    }
    s
}

/// A sentence-case text of `lo` to `hi` characters or a word more, ending with a full stop.
fn sentence(rng: &mut Rng, lo: u64, hi: u64) -> String {
    let len = rng.between(lo, hi) as usize;
    let mut s = words(rng, len);
    s[..1].make_ascii_uppercase();
    s.push('.');
    s
}

/// The title of a code: a function of the code alone, so every file that uses it agrees.
fn code_title(code: &str) -> String {
    let seed = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut rng = Rng::new(seed);
    let len = rng.between(20, 70) as usize;
    let mut s = words(&mut rng, len);
    s[..1].make_ascii_uppercase();
    s
}

/// Main OPCS-4 code `index` of the pool: chapters A to X (not I or O, as OPCS-4 has none).
fn main_code(rng: &mut Rng) -> String {
    const CHAPTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWX";
    let chapter = CHAPTERS[rng.below(CHAPTERS.len() as u64) as usize] as char;
    format!("{chapter}{:02}.{}", rng.between(1, 99), rng.between(0, 9))
}

fn site_code(rng: &mut Rng) -> String {
    format!("Z{:02}.{}", rng.between(1, 99), rng.between(0, 9))
}

fn method_code(rng: &mut Rng) -> String {
    format!("Y{:02}.{}", rng.between(1, 99), rng.between(0, 8))
}

/// A method category, written `Y53.-`.
fn method_category(rng: &mut Rng) -> String {
    format!("Y{:02}.-", rng.between(1, 99))
}

fn diagnosis_code(rng: &mut Rng) -> String {
    let chapter = (b'A' + rng.below(26) as u8) as char;
    format!("{chapter}{:02}.{}", rng.between(0, 99), rng.between(0, 9))
}

/// Writes one code rule as an inline table.
fn code_rule(out: &mut String, system: &str, code: &str, extra: &str) {
    let _ = write!(
        out,
        "{{ {system} = \"{code}\", title = \"{}\"{extra} }}",
        code_title(code)
    );
}

/// Codes already used in this guidance, so no group lists one twice.
struct Used(Vec<String>);

impl Used {
    fn fresh(&mut self, rng: &mut Rng, make: fn(&mut Rng) -> String) -> String {
        loop {
            let code = make(rng);
            if !self.0.contains(&code) {
                self.0.push(code.clone());
                return code;
            }
        }
    }
}

/// The rules of one procedure, as the lines of a TOML array (without the brackets).
fn procedure_rules(rng: &mut Rng, used: &mut Used, indent: &str) -> String {
    let mut out = String::new();
    // Codes in the procedure: weights follow the shipped counts (1: 12, 2: 16, 3: 20, 4: 10,
    // 5: 12, 6+: 7 of 77).
    let count = match rng.below(77) {
        0..=11 => 1,
        12..=27 => 2,
        28..=47 => 3,
        48..=57 => 4,
        58..=69 => 5,
        70..=73 => 6,
        74..=75 => 7,
        _ => 8,
    };
    let main = used.fresh(rng, main_code);
    let _ = write!(out, "{indent}");
    let note = if rng.percent(30) {
        format!(", note = \"{}\"", sentence(rng, 60, 140))
    } else {
        String::new()
    };
    code_rule(&mut out, "opcs4", &main, &note);
    out.push_str(",\n");
    let mut left = count - 1;
    while left > 0 {
        let _ = write!(out, "{indent}");
        let condition = if rng.percent(7) {
            format!(", condition = \"if {}\"", words(rng, 20))
        } else {
            String::new()
        };
        if left >= 2 && rng.percent(20) {
            // A choice between two codes (most often image control categories).
            out.push_str("{ one_of = [\n");
            for _ in 0..2 {
                let _ = write!(out, "{indent}    ");
                if rng.percent(50) {
                    let category = used.fresh(rng, method_category)[..3].to_string();
                    let default = format!("{category}.9");
                    let title = code_title(&format!("{category}.-"));
                    let _ = write!(
                        out,
                        "{{ opcs4 = \"{category}.-\", title = \"{title}\", default = \"{default}\", default_title = \"{}\" }}",
                        code_title(&default)
                    );
                } else {
                    let code = used.fresh(rng, main_code);
                    code_rule(&mut out, "opcs4", &code, "");
                }
                out.push_str(",\n");
            }
            let _ = writeln!(out, "{indent}  ]{condition} }},");
            left -= 2;
        } else {
            let make = if rng.percent(55) {
                site_code
            } else {
                method_code
            };
            let code = used.fresh(rng, make);
            code_rule(&mut out, "opcs4", &code, &condition);
            out.push_str(",\n");
            left -= 1;
        }
    }
    if rng.percent(14) {
        let _ = writeln!(
            out,
            "{indent}{{ placeholder = \"{}\" }},",
            sentence(rng, 40, 60)
        );
    }
    out
}

/// The id of the `n`th synthetic guidance (from 1): IPG1 to IPG9999, then MTG1 onwards, as ids
/// have at most four digits.
pub fn synthetic_id(n: u32) -> (&'static str, u32) {
    if n < 10_000 {
        ("IPG", n)
    } else {
        ("MTG", n - 9_999)
    }
}

/// One guidance file, the `n`th (see [`synthetic_id`]), with its rules drawn from `rng`.
pub fn guidance_file(n: u32, rng: &mut Rng) -> String {
    let (programme, number) = synthetic_id(n);
    let lower = programme.to_ascii_lowercase();
    let mut out = String::new();
    let title = sentence(rng, 40, 90);
    let title = title.trim_end_matches('.');
    let _ = writeln!(out, "id = \"{programme}{number}\"");
    let _ = writeln!(out, "title = \"{title}\"");
    let _ = writeln!(
        out,
        "source = \"https://www.nice.org.uk/guidance/{lower}{number}\""
    );
    if rng.percent(50) {
        let _ = writeln!(out, "opcs4_version = \"4.{}\"", rng.between(3, 10));
    }
    out.push('\n');
    let mut used = Used(Vec::new());
    let shape = rng.below(100);
    out.push_str("procedure = [\n");
    if shape < 10 {
        // Labelled variants, each its own list of codes.
        out.push_str("  { variants = [\n");
        for v in 0..rng.between(2, 3) {
            let _ = writeln!(out, "      {{ label = \"Variant {}\", all = [", v + 1);
            out.push_str(&procedure_rules(rng, &mut used, "          "));
            out.push_str("        ] },\n");
        }
        out.push_str("    ] },\n");
    } else if shape < 11 {
        out.push_str("  { stages = [\n");
        for s in 0..2 {
            let _ = writeln!(out, "      {{ label = \"Stage {}\", all = [", s + 1);
            out.push_str(&procedure_rules(rng, &mut used, "          "));
            out.push_str("        ] },\n");
        }
        out.push_str("    ] },\n");
    } else {
        out.push_str(&procedure_rules(rng, &mut used, "  "));
    }
    out.push_str("]\n");
    if rng.percent(35) {
        out.push_str("\ndiagnosis = [\n");
        let n = match rng.below(27) {
            0..=14 => 1,
            15..=23 => 2,
            _ => 3,
        };
        if n > 1 && rng.percent(50) {
            out.push_str("  { one_of = [\n");
            for _ in 0..n {
                let code = used.fresh(rng, diagnosis_code);
                out.push_str("      ");
                code_rule(&mut out, "icd10", &code, "");
                out.push_str(",\n");
            }
            out.push_str("    ] },\n");
        } else {
            for _ in 0..n {
                let code = used.fresh(rng, diagnosis_code);
                out.push_str("  ");
                code_rule(&mut out, "icd10", &code, "");
                out.push_str(",\n");
            }
        }
        out.push_str("]\n");
    }
    if rng.percent(40) {
        let _ = writeln!(out, "\nnotes = [\"{}\"]", sentence(rng, 100, 240));
    }
    if rng.percent(25) {
        let _ = writeln!(out, "\nincomplete = \"{}\"", sentence(rng, 60, 160));
    }
    out
}

/// Writes `count` guidance files (see [`synthetic_id`]) and the given stock notes into
/// `root/guidance/`, laid out as the crate's own folder.
pub fn write_catalogue(root: &Path, count: u32, seed: u64, stock_notes: &str) -> io::Result<()> {
    std::fs::create_dir_all(root.join("guidance/ipg"))?;
    std::fs::write(root.join("guidance/stock-notes.toml"), stock_notes)?;
    let mut rng = Rng::new(seed);
    for n in 1..=count {
        let text = guidance_file(n, &mut rng);
        let (programme, number) = synthetic_id(n);
        let folder = root.join("guidance").join(programme.to_ascii_lowercase());
        if number == 1 {
            std::fs::create_dir_all(&folder)?;
        }
        std::fs::write(folder.join(format!("{programme}{number}.toml")), text)?;
    }
    Ok(())
}

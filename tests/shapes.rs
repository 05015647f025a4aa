//! The shapes of texts the first encodings could not write or were misled by (issue 21),
//! as fixtures of our own in NICE's shapes (`tests/fixtures/shapes/`):
//!
//! * IPG9074 (IPG74's shape): codes of a category that must not be used (`except`);
//! * IPG9178 (IPG178's): alternatives that are groups, one coded `instead_of` the other, and a
//!   stock note on a category in both;
//! * IPG9194 (IPG194's): the codes of two patients, donor and recipient (`patients`);
//! * IPG9488 (IPG488's): a title cut short by the source, a range printed with its own title,
//!   a diagnosis that is only a conditional code, several SNOMED CT concepts.
//!
//! The docs pages are read from the compiler (`compile_dir`). The library's page, matching and
//! JSON, and the tool's exports, need the fixtures compiled into the library: the `slow_` test
//! builds a copy of the crate with them added to its catalogue and runs a probe
//! (`tests/fixtures/shapes/probe.rs`) and the tool there.

mod common;
#[path = "../build/mod.rs"]
mod compiler;

use common::{TempDir, cargo, copy_crate};
use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).to_path_buf()
}

/// The fixtures with the shipped stock notes, as a guidance folder of their own.
fn fixture_root() -> TempDir {
    let dir = TempDir::new("shapes");
    let ipg = repository().join("tests/fixtures/shapes/guidance/ipg");
    for entry in std::fs::read_dir(&ipg).expect("read the fixtures") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        dir.write(
            &format!("guidance/ipg/{name}"),
            std::fs::read(&path).expect("read a fixture"),
        );
    }
    dir.write(
        "guidance/stock-notes.toml",
        std::fs::read(repository().join("guidance/stock-notes.toml")).expect("stock notes"),
    );
    dir
}

/// Each fixture's docs page (the doc comment of its constant), by id.
fn docs() -> Vec<(String, String)> {
    let dir = fixture_root();
    let compiled = match compiler::compile_dir(&dir.0) {
        Ok(c) => c,
        Err(failed) => panic!(
            "the fixtures do not compile:\n{}",
            failed
                .diagnostics
                .iter()
                .map(|d| d.to_string() + "\n")
                .collect::<String>()
        ),
    };
    ["IPG9074", "IPG9178", "IPG9194", "IPG9488"]
        .iter()
        .map(|id| {
            let name = format!("doc/{id}.md");
            let (_, bytes) = compiled
                .files
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| panic!("no {name}"));
            (
                id.to_string(),
                String::from_utf8(bytes.clone()).expect("UTF-8"),
            )
        })
        .collect()
}

/// The docs page of each fixture says what its text says.
#[test]
fn docs_pages_show_the_new_shapes() {
    let docs = docs();
    let doc = |id: &str| -> &str { &docs.iter().find(|(i, _)| i == id).expect("a fixture").1 };
    let expect = |id: &str, lines: &[&str]| {
        for line in lines {
            assert!(doc(id).contains(line), "{id} lacks {line:?}:\n{}", doc(id));
        }
    };
    // A category's codes that must not be used.
    expect(
        "IPG9074",
        &[
            "- `L89.-` Other endovascular placement of stent (except `L89.8` and `L89.9`, which must not be used)\n",
        ],
    );
    // `instead_of` on a group, and one stock note printed once and referred to after.
    expect(
        "IPG9178",
        &[
            "  - *Therapeutic*: all of, instead of `R02.8` when both are done:\n",
            "      <br>Note: Y53 codes are secondary codes",
            "      <br>Note: see the note under `Y53.-` above\n",
            "**Standard notes**\n\n- see the note under `Y53.-` above",
        ],
    );
    assert_eq!(
        doc("IPG9178")
            .matches("Y53 codes are secondary codes")
            .count(),
        1
    );
    // Two patients, each in their own episode, and a diagnosis for one of them.
    expect(
        "IPG9194",
        &[
            "**Procedure: OPCS-4 codes**\n\n- for each patient, coded in that patient's own episode:\n  - *Donor*: `J02.1` ",
            "  - *Recipient*: all of:\n    - `J01.2` ",
            "**Diagnosis: ICD-10 codes**\n\n- for each patient, coded in that patient's own episode:\n  - *Recipient*: `K74.6` ",
        ],
    );
    // A title cut short, a range with its own title, several SNOMED CT concepts.
    expect(
        "IPG9488",
        &[
            "- *Procurement of drugs for chemotherapy for neoplasm Bands 1-10* (from X70-X71)\n",
            "- (if fluoroscopic guidance is used) `Y53.4` (printed \"Approach to org\")\n",
            "- (when the lesion is a metastasis) `C78.7` Secondary malignant neoplasm of liver and intrahepatic bile duct (printed \"Secondary malignant neo\")\n",
            "SNOMED CT (procedure): Chemotherapy to liver (fixture term) `90019400009`\n",
            "SNOMED CT (diagnosis), any one of these:\n\n- Secondary malignant neoplasm of liver (fixture term) `90048800000`\n- Metastasis to liver (fixture term) `90048801001`",
        ],
    );
}

/// A copy of the crate whose catalogue holds the fixtures, with the probe as an example:
/// the probe's output, and the tool built there.
struct Built {
    dir: TempDir,
    probe: String,
}

fn build_copy() -> Built {
    let dir = copy_crate("shapes-e2e");
    let fixtures = repository().join("tests/fixtures/shapes");
    for entry in std::fs::read_dir(fixtures.join("guidance/ipg")).expect("read the fixtures") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("file name").to_owned();
        std::fs::copy(&path, dir.0.join("guidance/ipg").join(name)).expect("copy a fixture");
    }
    std::fs::copy(
        fixtures.join("probe.rs"),
        dir.0.join("examples/shapes_probe.rs"),
    )
    .expect("copy the probe");
    let out = cargo(
        &dir.0,
        &["run", "--example", "shapes_probe", "--features", "serde"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the probe failed:\n{stderr}");
    let probe = String::from_utf8(out.stdout).expect("UTF-8");
    let out = cargo(&dir.0, &["build", "-p", "nice-coding-cli"]);
    assert!(
        out.status.success(),
        "the tool does not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Built { dir, probe }
}

impl Built {
    /// The tool of the copy, run with `args`: its exit code, standard output and error.
    fn tool(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let out = std::process::Command::new(self.dir.0.join("target/debug/nice-coding"))
            .args(args)
            .current_dir(&self.dir.0)
            .output()
            .expect("run the tool");
        (
            out.status.code(),
            String::from_utf8(out.stdout).expect("UTF-8"),
            String::from_utf8(out.stderr).expect("UTF-8"),
        )
    }

    /// The page the probe printed for `id`.
    fn page(&self, id: &str) -> &str {
        let start = format!("===== page {id}\n");
        let at = self.probe.find(&start).expect("the probe printed the page") + start.len();
        let len = self.probe[at..].find("===== end").expect("the page's end");
        &self.probe[at..at + len]
    }
}

/// The pages, matching, lookups and JSON of the library, and the tool's `show` and exports,
/// on the fixtures compiled into a copy of the crate (see the module docs).
#[test]
fn slow_the_library_and_the_tool_read_the_new_shapes() {
    let built = build_copy();
    assert_eq!(
        built.page("IPG9074"),
        "IPG9074: Endovascular stent placement with codes that must not be used (test fixture)
Source: https://www.nice.org.uk/guidance/ipg9074
Status: current
OPCS-4 version: not stated

Procedure
  OPCS-4 code(s):
    L26.5  Transluminal operation on aorta (fixture title)
    L89.-  Other endovascular placement of stent (except L89.8 and L89.9, which must not be used)
    Y53.4  Approach to organ under fluoroscopic control

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)
"
    );
    // The instead_of of a labelled group is on its heading; the stock note is printed once.
    assert_eq!(
        built.page("IPG9178"),
        "IPG9178: Fetal endoscopy, diagnostic or therapeutic (test fixture)
Source: https://www.nice.org.uk/guidance/ipg9178
Status: current
OPCS-4 version: not stated

Procedure
  OPCS-4 code(s):
    Depending on the scenario:
      Diagnostic:
        R02.8  Other specified diagnostic endoscopic examination of fetus
        Y53.-  Approach to organ under image control (default Y53.9)
          Note: Y53 codes are secondary codes for percutaneous interventions that need image control. If the method of image control is not specified, assign Y53.9 Unspecified approach to organ under image control.
      Or
      Therapeutic:
        All of, instead of R02.8 when both are done:
          R01.8  Other specified therapeutic endoscopic operations on fetus
          Y53.-  Approach to organ under image control (default Y53.9)
            Note: see the note under Y53.- above

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)

Notes
  - see the note under Y53.- above
"
    );
    assert_eq!(
        built.page("IPG9194"),
        "IPG9194: Living-donor partial organ transplantation (test fixture)
Source: https://www.nice.org.uk/guidance/ipg9194
Status: current
OPCS-4 version: not stated

Procedure
  OPCS-4 code(s):
    For each patient, coded in that patient's own episode:
      Donor:
        J02.1  Partial excision of liver for donation (fixture title)
      Recipient:
        J01.2  Transplantation of part of liver (fixture title)
        Y53.2  Approach to organ under ultrasonic control (if ultrasound guidance is used)

Diagnosis or health condition
  ICD-10 code(s):
    For each patient, coded in that patient's own episode:
      Recipient:
        K74.6  Cirrhosis of liver (fixture title)
"
    );
    assert_eq!(
        built.page("IPG9488"),
        "IPG9488: Chemotherapy to liver metastases (test fixture)
Source: https://www.nice.org.uk/guidance/ipg9488
Status: current
OPCS-4 version: not stated

Procedure
  OPCS-4 code(s):
    J12.8  Other specified other therapeutic percutaneous operations on liver
    [Procurement of drugs for chemotherapy for neoplasm Bands 1-10] from X70-X71
      Note: The text prints this range with its own title rather than naming one code.
    Y53.4 (printed \"Approach to org\") (if fluoroscopic guidance is used)

Diagnosis or health condition
  ICD-10 code(s):
    C78.7  Secondary malignant neoplasm of liver and intrahepatic bile duct (printed \"Secondary malignant neo\") (when the lesion is a metastasis)

SNOMED CT
  Chemotherapy to liver (fixture term) (90019400009) [procedure]
  Any one of these (diagnosis):
    Secondary malignant neoplasm of liver (fixture term) (90048800000)
    Or
    Metastasis to liver (fixture term) (90048801001)

Ambiguities in the source
  - The title of Y53.4 is cut short by the source; it is left out, and what was printed is kept.
"
    );

    // Matching, as the texts say, by the evaluation and by the index alike.
    for line in [
        // IPG74: L89.8 and L89.9 do not satisfy L89.-; L89.1 does, whatever else is coded.
        "IPG9074 [Opcs4Code(L26.5), Opcs4Code(L89.8), Opcs4Code(Y53.4)] []: no_match | patient None | variant None | indexed false | missing [\"L89.-\"]",
        "IPG9074 [Opcs4Code(L26.5), Opcs4Code(L89.9), Opcs4Code(Y53.4)] []: no_match | patient None | variant None | indexed false | missing [\"L89.-\"]",
        "IPG9074 [Opcs4Code(L26.5), Opcs4Code(L89.1), Opcs4Code(Y53.4)] []: no_diagnosis_recommendation | patient None | variant None | indexed true | missing []",
        "IPG9074 [Opcs4Code(L26.5), Opcs4Code(L89.8), Opcs4Code(L89.1), Opcs4Code(Y53.4)] []: no_diagnosis_recommendation | patient None | variant None | indexed true | missing []",
        "IPG9178 [Opcs4Code(R02.8), Opcs4Code(R01.8), Opcs4Code(Y53.2)] []: no_diagnosis_recommendation | patient None | variant Some(\"Therapeutic\") | indexed true | missing []",
        // IPG194: the donor's episode and the recipient's each match alone, with the patient
        // named; the recipient's diagnosis is not asked of the donor.
        "IPG9194 [Opcs4Code(J02.1)] []: no_diagnosis_recommendation | patient Some(\"Donor\") | variant Some(\"Donor\") | indexed true | missing []",
        "IPG9194 [Opcs4Code(J01.2), Opcs4Code(Y53.2)] [Icd10Code(K74.6)]: diagnosis_matches | patient Some(\"Recipient\") | variant Some(\"Recipient\") | indexed true | missing []",
        "IPG9194 [Opcs4Code(J01.2)] []: diagnosis_absent_or_different | patient Some(\"Recipient\") | variant Some(\"Recipient\") | indexed true | missing [\"K74.6\"]",
        "IPG9194 [Opcs4Code(J02.1)] [Icd10Code(K74.6)]: no_diagnosis_recommendation | patient Some(\"Donor\") | variant Some(\"Donor\") | indexed true | missing []",
        "IPG9194 [Opcs4Code(Y53.2)] []: no_match | patient None | variant None | indexed false | missing [\"J01.2\"]",
        // A diagnosis that is only a conditional code: present it matches, absent it is not
        // checked (the condition is a clinical fact no code records).
        "IPG9488 [Opcs4Code(J12.8), Opcs4Code(X70.1)] [Icd10Code(C78.7)]: diagnosis_matches | patient None | variant None | indexed true | missing []",
        "IPG9488 [Opcs4Code(J12.8), Opcs4Code(X70.1)] []: diagnosis_not_checked | patient None | variant None | indexed true | missing []",
        // The covering lookup reads the category as matching does.
        "naming L89.8: []",
        "naming L89.1: [\"category\"]",
        "json L89: except [\"L89.8\",\"L89.9\"]",
        "json IPG9194: kind \"patients\" labels \"Donor\" \"Recipient\"",
    ] {
        assert!(
            built.probe.lines().any(|l| l == line),
            "the probe did not print {line:?}:\n{}",
            built.probe
        );
    }

    // The tool's page is the library's.
    let (code, shown, _) = built.tool(&["show", "IPG9194"]);
    assert_eq!((code, shown.as_str()), (Some(0), built.page("IPG9194")));

    // The rules table: the category's excluded codes in its `except` column, the patients'
    // groups with their labelled entries (cli/README.md lists the columns).
    let (code, rules, stderr) = built.tool(&["export", "rules"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let mut reader = csv::Reader::from_reader(rules.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (guidance, node, parent, part, kind, code_at, except, label) = (
        column("guidance"),
        column("node"),
        column("parent"),
        column("part"),
        column("kind"),
        column("code"),
        column("except"),
        column("label"),
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let l89 = rows
        .iter()
        .find(|r| &r[guidance] == "IPG9074" && &r[code_at] == "L89.-")
        .expect("L89.- of IPG9074");
    assert_eq!(&l89[except], "L89.8 L89.9");
    for (tree, labels) in [
        ("procedure", &["Donor", "Recipient"][..]),
        ("diagnosis", &["Recipient"][..]),
    ] {
        let group = rows
            .iter()
            .find(|r| &r[guidance] == "IPG9194" && &r[part] == tree && &r[kind] == "patients")
            .unwrap_or_else(|| panic!("IPG9194's {tree} has no patients group"));
        let entries: Vec<&str> = rows
            .iter()
            .filter(|r| &r[guidance] == "IPG9194" && r[parent] == group[node])
            .map(|r| &r[label])
            .collect();
        assert_eq!(entries, labels, "IPG9194's {tree}");
    }

    // A code list cannot write L89.- less its excluded codes without the release: refused.
    let (code, _, stderr) = built.tool(&["export", "opencodelists", "--dir", "lists"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            Some(1),
            "nice-coding: error: IPG9074's L89.- does not accept L89.8, L89.9 (`except`), which a category of three characters cannot say; give the release that lists its codes (--opcs4 FILE), so the category is written as the codes it accepts\n"
        )
    );
    assert!(!built.dir.0.join("lists/IPG9074-opcs4.csv").exists());

    // The SQL: L89.- is one atom of every fourth character but 8 and 9, and IPG9194's
    // diagnosis is its recipient's (3, no recommendation, for the donor).
    let (code, sql, stderr) = built.tool(&["export", "sql", "--dialect", "duckdb"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    // The atoms table's rows: (stem, width, prefix, word, bit, guidance, copy).
    let mut l89_prefixes: Vec<&str> = sql
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("('L89', 4, '"))
        .filter_map(|rest| rest.split('\'').next())
        .collect();
    l89_prefixes.dedup();
    assert_eq!(
        l89_prefixes,
        [
            "L890", "L891", "L892", "L893", "L894", "L895", "L896", "L897"
        ]
    );
    // A guidance's number is its place, from 1, in the list of the ids that names the rows.
    let number = |id: &str| -> String {
        let list = sql
            .lines()
            .map(str::trim)
            .find_map(|l| l.strip_suffix("])[guidance_number] AS guidance,"))
            .and_then(|l| l.strip_prefix("(["))
            .expect("the list of the guidance's ids");
        let at = list
            .split(", ")
            .position(|item| item == format!("'{id}'"))
            .expect("the guidance is named");
        (at + 1).to_string()
    };
    let expressions = |id: &str| -> Vec<String> {
        let when = format!("      WHEN {} THEN ", number(id));
        sql.lines()
            .filter_map(|l| l.strip_prefix(&when))
            .map(|e| {
                // A test of a word's mask depends on the catalogue: `(w0 & 6) = 6` (every bit
                // held) reads as `all`, `(w0 & 6) <> 0` as `any`, `(w0 & 6) <> 6` as `notall`
                // and `(w0 & 6) = 0` as `none`.
                let mut out = String::new();
                let mut rest = e;
                while let Some(at) = rest.find("(w") {
                    let tail = &rest[at..];
                    let close = tail.find(')').expect("a word's test");
                    let mask = tail[..close].rsplit(' ').next().expect("a mask");
                    out.push_str(&rest[..at]);
                    let after = &tail[close + 1..];
                    let (name, more) = if let Some(more) = after.strip_prefix(" <> 0") {
                        ("any", more)
                    } else if let Some(more) = after.strip_prefix(" = 0") {
                        ("none", more)
                    } else if let Some(more) = after.strip_prefix(&format!(" = {mask}")) {
                        ("all", more)
                    } else if let Some(more) = after.strip_prefix(&format!(" <> {mask}")) {
                        ("notall", more)
                    } else {
                        panic!("a mask test: {tail}")
                    };
                    out.push_str(name);
                    rest = more;
                }
                out + rest
            })
            .collect()
    };
    // IPG9074's procedure is an `all` of codes: one test of each word's mask for the bits
    // its atoms set.
    let ipg9074 = expressions("IPG9074");
    assert!(
        ipg9074[0].split(" AND ").all(|test| test == "all"),
        "{ipg9074:?}"
    );
    // The procedure is met when the donor's code or the recipient's is held (the recipient's
    // other code is conditional), one test of their bits; the diagnosis is 3 (none) for the
    // donor and the recipient's state for the recipient; the variant names the patient.
    assert_eq!(
        expressions("IPG9194"),
        [
            "any",
            "CASE WHEN all THEN 3 WHEN all THEN CASE WHEN all THEN 2 ELSE 0 END ELSE 3 END",
            "CASE WHEN all THEN 'Donor' WHEN all THEN 'Recipient' ELSE '' END",
        ]
    );
}

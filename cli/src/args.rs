//! The command line, as clap reads it.

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// NICE clinical coding recommendations (OPCS-4, ICD-10): look up guidance and codes, match
/// coded hospital episodes, export the catalogue, compare it with a classification release.
///
/// Exit status: 0 success; 1 error (message on stderr); 2 usage error; 3 `match` finished but
/// skipped malformed rows; 4 `page-codes` found codes the text recommends that the guidance lacks.
#[derive(Debug, Parser)]
#[command(name = "nice-coding", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every guidance: id, status, whether its source is incomplete, title.
    List,
    /// Print one guidance as a readable page, laid out like NICE's.
    Show {
        /// The guidance id, in any case (IPG655).
        id: String,
    },
    /// List the guidance whose recommendation names a code or a category.
    ///
    /// The code may be dotted or undotted (K57.8, K578), or a category (Y53.-, Y53). A code
    /// that reads as both an OPCS-4 and an ICD-10 code is looked up in both, in two labelled
    /// sections; --opcs4 or --icd10 keeps one.
    Lookup(LookupArgs),
    /// Match coded episodes from a CSV file (Hospital Episode Statistics layout) against every
    /// guidance.
    ///
    /// Reads an episode key column (EPIKEY) and the code columns OPERTN_01..OPERTN_24 and
    /// DIAG_01..DIAG_20 (OPERTN_4_nn and DIAG_4_nn when present, number by number); column
    /// names in any case and order, other columns ignored unless --keep names them. Or, with
    /// --layout long, one row per code. Codes as HES stores them (I509-, H198-A, OPCS-4 - and
    /// &, NULL). Gzip input is recognised. Writes one CSV row per matching (episode,
    /// guidance): episode,guidance,variant,outcome, then the --keep columns. Malformed rows are
    /// reported on stderr (the first 10, then counts by reason) and skipped (exit status 3); a
    /// row read over more than one line (a stray quote) is one. Output files are put in place
    /// only when the run succeeds, and must be distinct from each other and from the input.
    Match(MatchArgs),
    /// Export the catalogue as JSON, or as code lists for OpenCodelists.
    #[command(subcommand)]
    Export(Export),
    /// Report every code of the catalogue that an OPCS-4 or ICD-10 release lacks or titles
    /// differently.
    ///
    /// For each guidance (catalogue order), the codes and defaults it names (tree order, each
    /// once) that the release does not list ("absent"; a category such as Y53.- is absent
    /// when the release has neither its entry nor any code under it), those it keeps only as
    /// retired ("retired"), and those it titles differently ("retitled", runs of spaces
    /// ignored), then the counts. Codes of a
    /// classification whose release is not given are not checked. Exit status 0 whatever the
    /// differences; 1 when a release cannot be read.
    Drift(DriftArgs),
    /// List every code a NICE coding text names, and whether a guidance's recommendation
    /// holds it.
    ///
    /// Reads codes as NICE prints them: dotted (K57.8, Y53.-, I48.X; "S07. 9" is S07.9), bare
    /// categories (C22 is C22.-), codes glued to a word or a title (E20.1Total), ranges
    /// (X70-X72), dagger and asterisk marks (compared without them). Each code is listed with
    /// its line, as printed, how the text names it (recommended, Includes or Excludes line,
    /// note, heading listed codes, in passing) and its title; it is present when the
    /// guidance's trees or rule keys hold it (a mention in a note does not count). Then the
    /// guidance's codes the text does not name. Exit status 0 when no required code is
    /// missing, 4 when one is.
    PageCodes {
        /// The guidance id, in any case (IPG655).
        id: String,
        /// The NICE text, as UTF-8 (at most 1 MiB); `-` reads standard input.
        text_file: PathBuf,
    },
    /// Draft a guidance file from a NICE coding text.
    ///
    /// Reads the text's codes, titles and structure (one of, or, in addition, conditions,
    /// labelled variants, stages, categories and defaults, placeholders, Includes and
    /// Excludes, the rules between codes) and writes a guidance file in the layout of
    /// guidance/ipg/. What the reader cannot decide is listed on standard error, one line per
    /// point with the sentence it comes from, and left out of the draft. A first line
    /// `source: URL` is read when present.
    Import {
        /// The NICE text, as UTF-8 (at most 1 MiB); `-` reads standard input.
        text_file: PathBuf,
        /// Write the draft to FILE, which must not exist, instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("release").required(true).multiple(true).args(["opcs4", "icd10"])))]
pub struct DriftArgs {
    /// The OPCS-4 release: a CodesAndTitles file (text or XML) or a plain code and title list.
    #[arg(long, value_name = "FILE")]
    pub opcs4: Option<PathBuf>,
    /// The OPCS-4 release's version (4.11), stated in the report's header.
    #[arg(long, value_name = "VERSION", requires = "opcs4")]
    pub opcs4_version: Option<String>,
    /// The ICD-10 release: a CodesAndTitlesAndMetadata file (XML or text) or a plain code and
    /// title list.
    #[arg(long, value_name = "FILE")]
    pub icd10: Option<PathBuf>,
    /// The ICD-10 release's edition (5), stated in the report's header.
    #[arg(long, value_name = "EDITION", requires = "icd10")]
    pub icd10_edition: Option<String>,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = DriftFormat::Text)]
    pub format: DriftFormat,
}

/// How `drift` writes its report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DriftFormat {
    /// Readable text: a block per guidance, then the counts.
    Text,
    /// One JSON document: releases, guidance with their differences, summary.
    Json,
    /// One CSV row per difference:
    /// guidance,system,code,difference,guidance_title,release_title.
    Csv,
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// The code: K57.8, K578, Y53.-, Y53, I48X, C50.-.
    pub code: String,
    /// Read the code as OPCS-4 only.
    #[arg(long, conflicts_with = "icd10")]
    pub opcs4: bool,
    /// Read the code as ICD-10 only.
    #[arg(long)]
    pub icd10: bool,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// The CSV file of episodes, plain or gzip-compressed; `-` reads standard input.
    pub file: PathBuf,
    /// The column holding the episode key (any case).
    #[arg(long, value_name = "COLUMN", default_value = "EPIKEY")]
    pub key: String,
    /// The character between fields.
    #[arg(long, value_enum, default_value_t = Delimiter::Comma)]
    pub delimiter: Delimiter,
    /// How the file holds an episode's codes.
    #[arg(long, value_enum, default_value_t = MatchLayout::Wide)]
    pub layout: MatchLayout,
    /// With --layout long: the column holding a procedure's OPCS-4 code.
    #[arg(long, value_name = "COLUMN", default_value = "OPERTN")]
    pub procedure_column: String,
    /// With --layout long: the column holding a diagnosis's ICD-10 code.
    #[arg(long, value_name = "COLUMN", default_value = "DIAG")]
    pub diagnosis_column: String,
    /// With --layout long: the column holding a code's position in the episode (1, 2, ...);
    /// optional in the file.
    #[arg(long, value_name = "COLUMN", default_value = "POSITION")]
    pub position_column: String,
    /// Columns of the input to copy into each output row, after the outcome (ADMIDATE,PROCODE).
    #[arg(long, value_name = "COLUMN,...", value_delimiter = ',')]
    pub keep: Vec<String>,
    /// Write the matches to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the per-guidance counts to FILE instead of standard error.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Write every skipped row to FILE as CSV: line,reason,detail, then the row's fields.
    #[arg(long, value_name = "FILE")]
    pub skipped: Option<PathBuf>,
    /// Stop (exit status 1) when more than N rows are malformed; 0 stops at the first.
    #[arg(long, value_name = "N")]
    pub max_errors: Option<u64>,
}

/// The field delimiter of `match`'s input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Delimiter {
    /// `,`
    Comma,
    /// A tab character.
    Tab,
    /// `|`
    Pipe,
    /// `;`
    Semicolon,
}

impl Delimiter {
    /// The byte between fields.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Tab => b'\t',
            Delimiter::Pipe => b'|',
            Delimiter::Semicolon => b';',
        }
    }
}

/// How `match`'s input holds an episode's codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MatchLayout {
    /// One row per episode, one column per code (OPERTN_01.., DIAG_01..), as HES APC.
    Wide,
    /// One row per code: the key, a position, and an OPERTN or DIAG code (or both); an
    /// episode's rows must be together.
    Long,
}

#[derive(Debug, Subcommand)]
pub enum Export {
    /// The whole catalogue as pretty-printed JSON (the shape of nice_coding::Catalogue).
    Json {
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Code lists for OpenCodelists and ehrQL: per guidance and classification, every code with
    /// its role (IPG655-opcs4.csv) and the main codes alone (IPG655-opcs4-main.csv), with
    /// header code,term,role, codes undotted (K578, Y53, I48), sorted by code.
    ///
    /// Given the release of a classification, a category (Y53.-) is written as every code the
    /// release lists under it, with the release's titles; without one, as its three characters.
    Opencodelists {
        /// The folder to write the files in; created if missing.
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
        /// An OPCS-4 release whose codes replace the OPCS-4 categories.
        #[arg(long, value_name = "FILE")]
        opcs4: Option<PathBuf>,
        /// An ICD-10 release whose codes replace the ICD-10 categories.
        #[arg(long, value_name = "FILE")]
        icd10: Option<PathBuf>,
    },
    /// SQL that applies the matching of `match` to a HES table: the same rows (episode,
    /// guidance, variant, outcome), generated from the compiled catalogue.
    ///
    /// Wide layout (default): a table or view (--table, default hes_apc) with one row per
    /// episode: the key (--key, default EPIKEY, unique) and the code columns OPERTN_01..OPERTN_24
    /// and DIAG_01..DIAG_20 (--procedure-prefix OPERTN_4_ and --diagnosis-prefix DIAG_4_ read
    /// the 4-character columns). Long layout: one row per code, with the key, OPERTN and DIAG
    /// columns (either may be NULL). Fields are read as `match` reads them; an episode holding
    /// a field that is not a code is left out, as `match` skips its row. Rows are ordered by
    /// episode, then guidance in catalogue order.
    Sql(SqlArgs),
    /// The rules table: one CSV row per node of every guidance's trees (codes, groups,
    /// placeholders), its Includes and Excludes lines and ruled_out_by codes, with node and
    /// parent ids, kind, code, role and every rule key, so the trees rebuild from it (columns:
    /// cli/README.md).
    Rules {
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// How the HES table holds an episode's codes, for `export sql`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SqlLayout {
    /// One row per episode, one column per code position.
    Wide,
    /// One row per code: the episode key, a procedure column and a diagnosis column.
    Long,
}

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// The SQL engine.
    #[arg(long, value_enum)]
    pub dialect: crate::export::sql::dialect::Dialect,
    /// How the table holds the codes.
    #[arg(long, value_enum, default_value_t = SqlLayout::Wide)]
    pub layout: SqlLayout,
    /// The table or view of episodes (schema.table allowed).
    #[arg(long, value_name = "NAME", default_value = "hes_apc")]
    pub table: String,
    /// The episode key column.
    #[arg(long, value_name = "COLUMN", default_value = "EPIKEY")]
    pub key: String,
    /// Wide layout: the procedure columns are this prefix and 01, 02, ...
    #[arg(long, value_name = "PREFIX", default_value = "OPERTN_")]
    pub procedure_prefix: String,
    /// Wide layout: how many procedure columns (1 to 99).
    #[arg(long, value_name = "N", default_value_t = 24)]
    pub procedures: u32,
    /// Wide layout: the diagnosis columns are this prefix and 01, 02, ...
    #[arg(long, value_name = "PREFIX", default_value = "DIAG_")]
    pub diagnosis_prefix: String,
    /// Wide layout: how many diagnosis columns (0 to 99).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub diagnoses: u32,
    /// Long layout: the column holding a procedure's OPCS-4 code.
    #[arg(long, value_name = "COLUMN", default_value = "OPERTN")]
    pub procedure_column: String,
    /// Long layout: the column holding a diagnosis's ICD-10 code.
    #[arg(long, value_name = "COLUMN", default_value = "DIAG")]
    pub diagnosis_column: String,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

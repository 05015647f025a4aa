//! The generated source as tokens: `enum Guidance` and its accessors' tables, the constant
//! modules per programme, the sorted indexes and `DATA_VERSION`, each byte table written to
//! a file (`blob`) and included.

use super::super::catalogue::*;
use super::render;
use super::tables::*;
use super::{layout, sorted};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

fn variant_ident(g: &Guidance) -> proc_macro2::Ident {
    format_ident!("{}", render::variant_name(g))
}

/// The documentation of `enum Guidance`, one line per `#[doc]` attribute (as `///` lines
/// would give it; see [`doc_attributes`]).
const GUIDANCE_DOC: &[&str] = &[
    " A NICE guidance with clinical coding recommendations: one variant per file in",
    " `guidance/`, in catalogue order (programme, then number).",
    "",
    " Name one with its constant (`ipg::IPG655`) or read its id (`\"IPG655\".parse()`, any",
    " case; [`FromStr`](core::str::FromStr)). Its text form is its id: `Display` and the",
    " `serde` feature write it, `FromStr` and `Deserialize` read it; `Debug` writes",
    " `Guidance(IPG655)`.",
    "",
    " | to | use |",
    " |---|---|",
    " | read a guidance | [`id`](Guidance::id), [`title`](Guidance::title), [`status`](Guidance::status), [`source_url`](Guidance::source_url), [`procedure`](Guidance::procedure) and [`diagnosis`](Guidance::diagnosis) (the recommendation trees), [`ruled_out_by`](Guidance::ruled_out_by), [`notes`](Guidance::notes), [`page`](Guidance::page) (a readable page) |",
    " | find guidance by code | [`using_opcs4`](Guidance::using_opcs4), [`using_icd10`](Guidance::using_icd10) (the code as written), [`naming`](Guidance::naming) (as matching reads it) |",
    " | match an episode | [`evaluate`](Guidance::evaluate), and [`matches()`] for every guidance |",
    " | list the catalogue | [`ALL`](Guidance::ALL), [`COUNT`](Guidance::COUNT), [`Programme::guidance`](crate::Programme::guidance) |",
    "",
    " Each guidance's page, its recommendation laid out in NICE's order, is the",
    " documentation of its constant: [`ipg::IPG655`](crate::ipg::IPG655). The [`ipg`]",
    " module lists every guidance with its title and status, [`by_code`] every code",
    " with the guidance that use it; the variants below give one line each. New guidance",
    " are added in minor releases, hence `#[non_exhaustive]`.",
];

/// `#[doc = r"..."]` for each line, as `quote!` writes a `///` line: the line as a raw string
/// literal, with as many `#` as its quotes need. (Written as data, not as `///` lines in
/// `quote!`: each of those was a dozen calls in the build script.)
fn doc_attributes(lines: &[&str]) -> TokenStream {
    let mut attributes = TokenStream::new();
    for line in lines {
        let mut hashes = String::new();
        while line.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        let literal: Literal = format!("r{hashes}\"{line}\"{hashes}")
            .parse()
            .expect("a raw string literal");
        attributes.extend(quote!(#[doc = #literal]));
    }
    attributes
}

/// `pub(crate) static NAME: TYPE = VALUE;` for each `(NAME, TYPE = VALUE)`: the byte tables,
/// each written by [`blob`], in one loop rather than a `quote!` line each.
fn statics(tables: Vec<(&str, TokenStream)>) -> TokenStream {
    let mut out = TokenStream::new();
    for (name, table) in tables {
        let name = format_ident!("{}", name);
        out.extend(quote!(pub(crate) static #name: #table;));
    }
    out
}

pub fn tokens(
    catalogue: &Catalogue,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<TokenStream, String> {
    let mut t = Tables {
        strings: Strings::new(),
        ..Tables::default()
    };
    for key in catalogue.stock_notes.keys() {
        t.stock_keys.push(key.clone());
    }
    let mut variants = Vec::new();
    let mut records: Vec<u8> = Vec::new();
    // (code, guidance row) pairs, sorted and made unique once every guidance is seen.
    let mut opcs4_index = Vec::new();
    let mut icd10_index = Vec::new();
    let mut anchor_index = Vec::new();
    let mut unanchored = Vec::new();
    let mut id_keys = Vec::new();
    for (index, g) in catalogue.guidance.iter().enumerate() {
        let ident = variant_ident(g);
        files.push((
            format!("doc/{}.md", g.id),
            render::guidance_doc(g, &catalogue.stock_notes).into_bytes(),
        ));
        // No explicit discriminant, and no `repr` on the enum: variants are declared in
        // catalogue order, so each one's implicit discriminant is its row (`self as usize`),
        // and rustdoc, which shows discriminants only when one is written or the enum has a
        // `repr`, heads each variant `Ipg655`, not `Ipg655 = 76`. One line of documentation
        // each (id and title), so the enum's page stays short; the page is the constant's.
        let line = render::variant_line(g);
        variants.push(quote! {
            #[doc = #line]
            #ident
        });
        id_keys.push(((g.programme as u32) << 16) | u32::from(g.number));

        use layout::guidance as r;
        let mut row = [0u8; r::SIZE];
        for (field, value) in [
            (r::ID, Some(&g.id)),
            (r::TITLE, Some(&g.title)),
            (r::SOURCE, Some(&g.source)),
            (r::OPCS4_VERSION, g.opcs4_version.as_ref()),
            (r::ICD10_EDITION, g.icd10_edition.as_ref()),
            (r::PUBLISHED, g.published.as_ref()),
            (r::UNDATED, g.undated.as_ref()),
            (r::LAST_UPDATED, g.last_updated.as_ref()),
            (r::INCOMPLETE, g.incomplete.as_ref()),
            (r::NO_SINGLE_CODE_SET, g.no_single_code_set.as_ref()),
        ] {
            put_u32(&mut row, field, value.map_or(0, |s| t.strings.id(s)));
        }
        row[r::PROGRAMME] = g.programme as u8;
        row[r::STATUS] = match g.status {
            Status::Current => 0,
            Status::Superseded => 1,
            Status::Withdrawn => 2,
        };
        row[r::RECOMMENDATION] = match g.recommendation {
            None => 0,
            Some(Recommendation::Standard) => 1,
            Some(Recommendation::Special) => 2,
            Some(Recommendation::ResearchOnly) => 3,
        };
        put_u16(&mut row, r::NUMBER, g.number);
        put_u32(&mut row, r::PROCEDURE, t.root(&g.procedure, false)?);
        put_u32(&mut row, r::DIAGNOSIS, t.root(&g.diagnosis, true)?);
        if !g.ruled_out_by.is_empty() {
            put_u32(
                &mut row,
                r::RULED_OUT_BY,
                t.root(&g.ruled_out_by, false)? + 1,
            );
        }
        put_u32(&mut row, r::LISTS_START, t.lists.len() as u32);
        // The eight lists, one after another in `LISTS`, in the order of `layout.rs`.
        t.list(&g.notes);
        t.stock_list(&g.stock_notes);
        t.list(&g.limitations);
        t.list(&g.not_coded);
        t.list(&g.ambiguities);
        t.list(&g.body_systems);
        t.list(&g.replaces);
        t.list(&g.replaced_by);
        for (index, (len, what)) in [
            (g.notes.len(), "notes"),
            (g.stock_notes.len(), "stock_notes"),
            (g.limitations.len(), "limitations"),
            (g.not_coded.len(), "not_coded"),
            (g.ambiguities.len(), "ambiguities"),
            (g.body_systems.len(), "body_systems"),
            (g.replaces.len(), "replaces"),
            (g.replaced_by.len(), "replaced_by"),
            (g.snomed.len(), "snomed"),
        ]
        .into_iter()
        .enumerate()
        {
            row[r::LENGTHS + index] = small_len(len, &format!("{}'s {what}", g.id))?;
        }
        put_u32(&mut row, r::SNOMED_START, t.snomed.len() as u32);
        for c in &g.snomed {
            let concept = Literal::u64_unsuffixed(c.concept);
            let term = lit(t.strings.id(&c.term) as usize);
            let procedure = c.applies_to == SnomedUse::Procedure;
            t.snomed.push(
                quote!(SnomedRecord { concept: #concept, term: #term, procedure: #procedure }),
            );
        }
        records.extend_from_slice(&row);
        let mut codes = Vec::new();
        for node in g.procedure.iter().chain(&g.diagnosis) {
            node.codes(&mut codes);
        }
        for code in codes {
            match code {
                Code::Opcs4(c) => opcs4_index.push((c.0, index)),
                // Indexed without its dagger or asterisk: `using_icd10` ignores markers.
                Code::Icd10(c) => icd10_index.push((c.without_marker().0, index)),
            };
        }
        // A guidance without procedure codes never matches an episode, so it is in neither.
        if !g.procedure.is_empty() {
            match all_anchors(&g.procedure) {
                Some(anchors) => {
                    for code in anchors {
                        anchor_index.push((code, index));
                    }
                }
                None => unanchored.push(lit(index)),
            }
        }
    }

    let opcs4_index = sorted::sorted_unique(opcs4_index);
    let icd10_index = sorted::sorted_unique(icd10_index);
    let anchor_index = sorted::sorted_unique(anchor_index);

    let mut stock = Vec::new();
    for (key, text) in catalogue.stock_notes.iter() {
        let key = lit(t.strings.id(key) as usize);
        let text = lit(t.strings.id(text) as usize);
        stock.push(quote!((#key, #text)));
    }

    files.push((
        "doc/index-codes.md".to_string(),
        render::code_index(catalogue).into_bytes(),
    ));

    // Per-programme modules of constants, each documented by an index of its guidance.
    let mut modules = Vec::new();
    for programme in Programme::ALL {
        let members: Vec<&Guidance> = catalogue
            .guidance
            .iter()
            .filter(|g| g.programme == programme)
            .collect();
        if members.is_empty() {
            continue;
        }
        let module = format_ident!("{}", programme.folder());
        // Each constant's documentation is its guidance's page (`doc/<ID>.md`), as chrono-tz
        // documents each time zone's constant.
        let consts = members.iter().map(|g| {
            let ident = variant_ident(g);
            let name = format_ident!("{}", g.id);
            let doc = Literal::string(&g.id);
            quote! {
                #[doc = guidance_doc!(#doc)]
                pub const #name: Guidance = Guidance::#ident;
            }
        });
        let index_name = format!("index-{}", programme.folder());
        files.push((
            format!("doc/{index_name}.md"),
            render::programme_index(programme, &members).into_bytes(),
        ));
        let doc = Literal::string(&index_name);
        modules.push(quote! {
            #[doc = guidance_doc!(#doc)]
            pub mod #module {
                use super::Guidance;
                #(#consts)*
            }
        });
    }

    let all = catalogue.guidance.iter().map(|g| {
        let ident = variant_ident(g);
        quote!(Guidance::#ident)
    });
    let count = lit(catalogue.guidance.len());
    files.push((
        "tables/text.txt".to_string(),
        t.strings.text.clone().into_bytes(),
    ));
    let records = blob(files, "guidance", records);
    let nodes = blob(files, "nodes", std::mem::take(&mut t.nodes));
    let extras = blob(files, "node_extras", std::mem::take(&mut t.extras));
    let node_rules = blob(files, "node_rules", std::mem::take(&mut t.rules));
    let ends = blob(files, "text_ends", le_u32s(&t.strings.ends));
    let lists = blob(files, "lists", le_u32s(&t.lists));
    let rule_codes = sorted::map_each(&t.rule_codes, &|c| bytes_lit(c));
    let n_rule_codes = lit(rule_codes.len());
    let ranges = &t.ranges;
    let n_ranges = lit(ranges.len());
    let snomed = &t.snomed;
    let n_snomed = lit(snomed.len());
    let n_stock = lit(stock.len());
    let id_keys = blob(files, "id_keys", le_u32s(&id_keys));
    let [stems, subdivisions, runs] = opcs4_lookup(&opcs4_index)?;
    let opcs4_stems = blob(files, "opcs4_stems", stems);
    let opcs4_subdivisions = blob(files, "opcs4_subdivisions", subdivisions);
    let opcs4_runs = blob(files, "opcs4_runs", runs);
    let (_, rows) = index_columns(&opcs4_index);
    let opcs4_guidance = blob(files, "opcs4_index_guidance", rows);
    let (codes, rows) = index_columns(&icd10_index);
    let icd10_codes = blob(files, "icd10_index", codes);
    let icd10_guidance = blob(files, "icd10_index_guidance", rows);
    let (codes, rows) = index_columns(&anchor_index);
    let anchor_codes = blob(files, "anchors", codes);
    let anchor_guidance = blob(files, "anchor_guidance", rows);
    let n_unanchored = lit(unanchored.len());
    let words = lit(catalogue.guidance.len().div_ceil(64));
    let data_version = &catalogue.data_version;
    let version_doc = format!(
        "The version of the guidance data: a hash of every file in `guidance/` (`{data_version}` for this build). It changes whenever the catalogue changes."
    );

    let guidance_doc = doc_attributes(GUIDANCE_DOC);
    let record_tables = statics(vec![
        ("TEXT_ENDS", ends),
        ("LISTS", lists),
        ("ID_KEYS", id_keys),
        ("GUIDANCE", records),
        ("NODES", nodes),
        ("NODE_EXTRAS", extras),
        ("NODE_RULES", node_rules),
    ]);
    let index_tables = statics(vec![
        ("OPCS4_STEMS", opcs4_stems),
        ("OPCS4_SUBDIVISIONS", opcs4_subdivisions),
        ("OPCS4_RUNS", opcs4_runs),
        ("OPCS4_INDEX_GUIDANCE", opcs4_guidance),
        ("ICD10_INDEX", icd10_codes),
        ("ICD10_INDEX_GUIDANCE", icd10_guidance),
        ("ANCHORS", anchor_codes),
        ("ANCHOR_GUIDANCE", anchor_guidance),
    ]);
    Ok(quote! {
        #guidance_doc
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Guidance {
            #(#variants,)*
        }

        impl Guidance {
            /// Every guidance in the catalogue, in order of programme then number.
            pub const ALL: &'static [Guidance] = &[#(#all),*];
            /// How many guidance the catalogue holds.
            pub const COUNT: usize = #count;
        }

        #(#modules)*

        #[doc = guidance_doc!("index-codes")]
        pub mod by_code {}

        #[doc = #version_doc]
        pub const DATA_VERSION: &str = #data_version;

        pub(crate) static TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/tables/text.txt"));
        #record_tables
        pub(crate) static RANGES: [[u8; 6]; #n_ranges] = [#(#ranges),*];
        pub(crate) static RULE_CODES: [[u8; 6]; #n_rule_codes] = [#(#rule_codes),*];
        pub(crate) static SNOMED: [SnomedRecord; #n_snomed] = [#(#snomed),*];
        pub(crate) static STOCK_NOTES: [(u32, u32); #n_stock] = [#(#stock),*];
        #index_tables
        pub(crate) static UNANCHORED: [u16; #n_unanchored] = [#(#unanchored),*];
        pub(crate) const GUIDANCE_WORDS: usize = #words;
    })
}

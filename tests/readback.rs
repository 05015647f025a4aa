//! Every guidance read back through the public API equals its file.
//!
//! The files are read here independently, as plain TOML values (not with the build script's
//! model), and every key of every table is compared with what the API returns. A key this
//! test does not know fails the test, so a new schema key cannot go unchecked.

use nice_coding::{Code, Guidance, Icd10Code, Opcs4Code, Recommendation, Rule, RuleKind, Status};
use std::collections::BTreeMap;
use std::path::Path;
use toml::{Table, Value};

fn read(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).unwrap();
    text.parse::<Table>().unwrap()
}

fn guidance_files() -> BTreeMap<String, Table> {
    let mut files = BTreeMap::new();
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("guidance");
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "toml") {
                let table = read(&file);
                let id = table["id"].as_str().unwrap().to_string();
                files.insert(id, table);
            }
        }
    }
    files
}

fn stock_notes() -> Table {
    read(&Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("guidance/stock-notes.toml"))
}

fn str_of<'a>(t: &'a Table, key: &str) -> Option<&'a str> {
    t.get(key).map(|v| v.as_str().unwrap())
}

fn strings(t: &Table, key: &str) -> Vec<String> {
    t.get(key).map_or_else(Vec::new, |v| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    })
}

fn stock_texts(keys: &[String], stock: &Table) -> Vec<String> {
    keys.iter()
        .map(|k| stock[k]["text"].as_str().unwrap().to_string())
        .collect()
}

fn code(system: &str, text: &str) -> Code {
    match system {
        "opcs4" => Code::Opcs4(Opcs4Code::parse(text).unwrap()),
        _ => Code::Icd10(Icd10Code::parse(text).unwrap()),
    }
}

/// Compares one node of a file with one rule; `system` is the side's key (`opcs4`/`icd10`).
fn check_node(rule: Rule, node: &Table, system: &str, stock: &Table, at: &str) {
    const KNOWN: &[&str] = &[
        "opcs4",
        "icd10",
        "all",
        "one_of",
        "one_or_more",
        "variants",
        "stages",
        "patients",
        "placeholder",
        "title",
        "default",
        "default_title",
        "within",
        "condition",
        "note",
        "stock_notes",
        "sequence",
        "printed",
        "label",
        "preferred",
        "only_if",
        "instead_of",
        "supplementary_if",
        "concurrent",
        "chosen_by",
        "count",
        "in_order",
        "implied_label",
        "includes",
        "excludes",
        "except",
    ];
    for key in node.keys() {
        assert!(
            KNOWN.contains(&key.as_str()),
            "{at}: key `{key}` is not checked by this test"
        );
    }
    let groups = [
        ("all", RuleKind::All),
        ("one_of", RuleKind::OneOf),
        ("one_or_more", RuleKind::OneOrMore),
        ("variants", RuleKind::Variants),
        ("stages", RuleKind::Stages),
        ("patients", RuleKind::Patients),
    ];
    if let Some(c) = str_of(node, system) {
        assert_eq!(rule.kind(), RuleKind::Code(code(system, c)), "{at}");
        assert_eq!(
            rule.code().unwrap().bare().to_string(),
            c,
            "{at}: Display round trip"
        );
        assert_eq!(rule.children().len(), 0, "{at}");
    } else if let Some(description) = str_of(node, "placeholder") {
        assert_eq!(rule.kind(), RuleKind::Placeholder, "{at}");
        assert_eq!(rule.description(), Some(description), "{at}");
        let within: Vec<String> = rule.within().map(|r| r.to_string()).collect();
        assert_eq!(within, strings(node, "within"), "{at}: within");
    } else {
        let (key, kind) = groups
            .iter()
            .find(|(k, _)| node.contains_key(*k))
            .unwrap_or_else(|| panic!("{at}: no kind key"));
        assert_eq!(rule.kind(), *kind, "{at}");
        let children = node[*key].as_array().unwrap();
        assert_eq!(rule.children().len(), children.len(), "{at}: child count");
        for (i, (child, value)) in rule.children().zip(children).enumerate() {
            check_node(
                child,
                value.as_table().unwrap(),
                system,
                stock,
                &format!("{at}.{key}[{i}]"),
            );
        }
    }
    if str_of(node, system).is_none() {
        assert_eq!(rule.title(), None, "{at}");
    } else {
        assert_eq!(rule.title(), str_of(node, "title"), "{at}: title");
    }
    assert_eq!(
        rule.default_code(),
        str_of(node, "default").map(|d| code(system, d)),
        "{at}: default"
    );
    assert_eq!(rule.default_title(), str_of(node, "default_title"), "{at}");
    assert_eq!(
        rule.condition(),
        str_of(node, "condition"),
        "{at}: condition"
    );
    assert_eq!(
        rule.is_conditional(),
        ["condition", "only_if", "concurrent"]
            .iter()
            .any(|k| node.contains_key(*k)),
        "{at}"
    );
    let codes_of = |key: &str| -> Vec<String> { strings(node, key) };
    let shown =
        |it: &mut dyn Iterator<Item = Code>| it.map(|c| c.bare().to_string()).collect::<Vec<_>>();
    assert_eq!(
        shown(&mut rule.only_if()),
        codes_of("only_if"),
        "{at}: only_if"
    );
    assert_eq!(
        shown(&mut rule.instead_of()),
        codes_of("instead_of"),
        "{at}: instead_of"
    );
    assert_eq!(
        shown(&mut rule.supplementary_if()),
        codes_of("supplementary_if"),
        "{at}: supplementary_if"
    );
    assert_eq!(
        shown(&mut rule.except()),
        codes_of("except"),
        "{at}: except"
    );
    assert_eq!(
        rule.concurrent(),
        str_of(node, "concurrent"),
        "{at}: concurrent"
    );
    assert_eq!(
        rule.chosen_by(),
        str_of(node, "chosen_by"),
        "{at}: chosen_by"
    );
    assert_eq!(
        rule.stands_for_several(),
        str_of(node, "count") == Some("one_or_more"),
        "{at}: count"
    );
    let in_order = node.get("in_order").is_some_and(|p| p.as_bool().unwrap());
    assert_eq!(rule.is_in_order(), in_order, "{at}: in_order");
    assert_eq!(
        rule.is_label_implied(),
        node.contains_key("implied_label"),
        "{at}: implied_label"
    );
    let includes: Vec<&str> = rule.includes().collect();
    assert_eq!(includes, strings(node, "includes"), "{at}: includes");
    let excludes: &[Value] = node.get("excludes").map_or(&[], |v| v.as_array().unwrap());
    assert_eq!(rule.excludes().len(), excludes.len(), "{at}: excludes");
    for (i, (r, e)) in rule.excludes().zip(excludes).enumerate() {
        check_node(
            r,
            e.as_table().unwrap(),
            system,
            stock,
            &format!("{at}.excludes[{i}]"),
        );
    }
    assert_eq!(rule.note(), str_of(node, "note"), "{at}: note");
    assert_eq!(rule.sequence(), str_of(node, "sequence"), "{at}: sequence");
    assert_eq!(rule.printed(), str_of(node, "printed"), "{at}: printed");
    assert_eq!(
        rule.label(),
        str_of(node, "label").or(str_of(node, "implied_label")),
        "{at}: label"
    );
    let preferred = node.get("preferred").is_some_and(|p| p.as_bool().unwrap());
    assert_eq!(rule.is_preferred(), preferred, "{at}");
    let keys = strings(node, "stock_notes");
    let got: Vec<String> = rule.stock_notes().map(|s| s.key.to_string()).collect();
    assert_eq!(got, keys, "{at}: stock note keys");
    let got: Vec<String> = rule.stock_notes().map(|s| s.text.to_string()).collect();
    assert_eq!(got, stock_texts(&keys, stock), "{at}: stock note texts");
}

fn check_tree(root: Rule, file: &Table, key: &str, system: &str, stock: &Table, id: &str) {
    assert_eq!(root.kind(), RuleKind::All, "{id}: the {key} root is an all");
    assert!(!root.is_conditional());
    let nodes: &[Value] = file.get(key).map_or(&[], |v| v.as_array().unwrap());
    assert_eq!(root.children().len(), nodes.len(), "{id}: {key} length");
    for (i, (rule, node)) in root.children().zip(nodes).enumerate() {
        check_node(
            rule,
            node.as_table().unwrap(),
            system,
            stock,
            &format!("{id}.{key}[{i}]"),
        );
    }
}

fn check_guidance(g: Guidance, file: &Table, stock: &Table) {
    const KNOWN: &[&str] = &[
        "id",
        "title",
        "source",
        "status",
        "replaces",
        "replaced_by",
        "recommendation",
        "opcs4_version",
        "icd10_edition",
        "published",
        "undated",
        // Build-time only (the release check): not in the tables, so not read back.
        "written_before",
        "written_while",
        "last_updated",
        "body_systems",
        "procedure",
        "diagnosis",
        "ruled_out_by",
        "snomed",
        "notes",
        "stock_notes",
        "limitations",
        "not_coded",
        "ambiguities",
        "incomplete",
        "no_single_code_set",
    ];
    let id = g.id();
    for key in file.keys() {
        assert!(
            KNOWN.contains(&key.as_str()),
            "{id}: key `{key}` is not checked by this test"
        );
    }
    assert_eq!(Some(id), str_of(file, "id"));
    assert_eq!(Some(g.title()), str_of(file, "title"), "{id}");
    assert_eq!(Some(g.source_url()), str_of(file, "source"), "{id}");
    let status = match str_of(file, "status").unwrap_or("current") {
        "current" => Status::Current,
        "superseded" => Status::Superseded,
        _ => Status::Withdrawn,
    };
    assert_eq!(g.status(), status, "{id}");
    let ids = |it: nice_coding::GuidanceRefs| it.map(|r| r.id().to_string()).collect::<Vec<_>>();
    assert_eq!(ids(g.replaces()), strings(file, "replaces"), "{id}");
    assert_eq!(ids(g.replaced_by()), strings(file, "replaced_by"), "{id}");
    let recommendation = str_of(file, "recommendation").map(|r| match r {
        "standard" => Recommendation::Standard,
        "special" => Recommendation::Special,
        _ => Recommendation::ResearchOnly,
    });
    assert_eq!(g.recommendation(), recommendation, "{id}");
    assert_eq!(g.opcs4_version(), str_of(file, "opcs4_version"), "{id}");
    assert_eq!(g.icd10_edition(), str_of(file, "icd10_edition"), "{id}");
    assert_eq!(g.published(), str_of(file, "published"), "{id}");
    assert_eq!(g.undated(), str_of(file, "undated"), "{id}");
    assert_eq!(g.last_updated(), str_of(file, "last_updated"), "{id}");
    let collect = |it: nice_coding::Texts| it.map(String::from).collect::<Vec<_>>();
    assert_eq!(
        collect(g.body_systems()),
        strings(file, "body_systems"),
        "{id}"
    );
    assert_eq!(collect(g.notes()), strings(file, "notes"), "{id}");
    assert_eq!(
        collect(g.limitations()),
        strings(file, "limitations"),
        "{id}"
    );
    assert_eq!(collect(g.not_coded()), strings(file, "not_coded"), "{id}");
    assert_eq!(
        collect(g.ambiguities()),
        strings(file, "ambiguities"),
        "{id}"
    );
    let keys = strings(file, "stock_notes");
    let got: Vec<String> = g.stock_notes().map(|s| s.text.to_string()).collect();
    assert_eq!(got, stock_texts(&keys, stock), "{id}");
    assert_eq!(g.incomplete(), str_of(file, "incomplete"), "{id}");
    assert_eq!(g.is_complete(), !file.contains_key("incomplete"), "{id}");
    assert_eq!(
        g.no_single_code_set(),
        str_of(file, "no_single_code_set"),
        "{id}"
    );
    let snomed: Vec<(u64, String, bool)> = g
        .snomed()
        .map(|c| (c.id, c.term.to_string(), c.is_procedure))
        .collect();
    let expected: Vec<(u64, String, bool)> = file.get("snomed").map_or_else(Vec::new, |v| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let c = c.as_table().unwrap();
                (
                    str_of(c, "concept").unwrap().parse().unwrap(),
                    str_of(c, "term").unwrap().to_string(),
                    str_of(c, "applies_to") == Some("procedure"),
                )
            })
            .collect()
    });
    assert_eq!(snomed, expected, "{id}");
    check_tree(g.procedure(), file, "procedure", "opcs4", stock, id);
    check_tree(g.diagnosis(), file, "diagnosis", "icd10", stock, id);
    let ruled_out: &[Value] = file
        .get("ruled_out_by")
        .map_or(&[], |v| v.as_array().unwrap());
    assert_eq!(
        g.ruled_out_by().len(),
        ruled_out.len(),
        "{id}: ruled_out_by"
    );
    for (i, (rule, node)) in g.ruled_out_by().zip(ruled_out).enumerate() {
        let node = node.as_table().unwrap();
        let system = if node.contains_key("icd10") {
            "icd10"
        } else {
            "opcs4"
        };
        check_node(
            rule,
            node,
            system,
            stock,
            &format!("{id}.ruled_out_by[{i}]"),
        );
    }
}

#[test]
fn every_guidance_reads_back_exactly_as_its_file() {
    let files = guidance_files();
    let stock = stock_notes();
    assert_eq!(files.len(), Guidance::COUNT, "one enum variant per file");
    for g in Guidance::ALL {
        let file = files
            .get(g.id())
            .unwrap_or_else(|| panic!("{g} has no file"));
        check_guidance(*g, file, &stock);
    }
}

#[test]
fn stock_notes_read_back_exactly() {
    let stock = stock_notes();
    let got: Vec<(String, String)> = nice_coding::StockNote::all()
        .map(|s| (s.key.to_string(), s.text.to_string()))
        .collect();
    let expected: Vec<(String, String)> = stock
        .iter()
        .map(|(k, v)| (k.clone(), v["text"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(nice_coding::StockNote::get("no-such-note"), None);
}

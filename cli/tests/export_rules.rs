//! `nice-coding export rules` holds the whole catalogue's recommendation trees: the table is
//! parsed as any user would parse it (the `csv` crate), every guidance's trees, rule keys and
//! `ruled_out_by` codes are rebuilt from its rows alone, and they are found equal to the
//! library's, walked through its public API. The columns are the ones cli/README.md documents,
//! in its order.

use nice_coding::{Code, Guidance, Rule, RuleKind};
use std::collections::BTreeMap;
use std::path::Path;

#[path = "common/tool.rs"]
mod tool;

/// A node of a tree, with every key the library gives it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Node {
    kind: String,
    code: String,
    title: String,
    printed: String,
    default: String,
    default_title: String,
    except: Vec<String>,
    description: String,
    within: Vec<String>,
    /// `one` or `one_or_more` for a placeholder, empty otherwise.
    count: String,
    label: String,
    label_implied: bool,
    preferred: bool,
    condition: String,
    only_if: Vec<String>,
    instead_of: Vec<String>,
    supplementary_if: Vec<String>,
    concurrent: String,
    chosen_by: String,
    in_order: bool,
    sequence: String,
    stock_notes: Vec<String>,
    note: String,
    includes: Vec<String>,
    excludes: Vec<Node>,
    children: Vec<Node>,
}

/// What a guidance holds: its two trees and the codes that rule it out.
#[derive(Debug, Default, PartialEq, Eq)]
struct Rules {
    procedure: Option<Node>,
    diagnosis: Option<Node>,
    ruled_out_by: Vec<Node>,
}

// ---------------------------------------------------------------------------------------------
// The library's side

fn code_text(code: Code) -> String {
    match code {
        Code::Opcs4(c) => c.to_string(),
        Code::Icd10(c) => c.to_string(),
    }
}

fn library_node(rule: Rule) -> Node {
    let text = |t: Option<&str>| t.unwrap_or_default().to_owned();
    let codes = |list: &mut dyn Iterator<Item = Code>| list.map(code_text).collect::<Vec<_>>();
    let kind = match rule.kind() {
        RuleKind::Code(Code::Opcs4(_)) => "opcs4",
        RuleKind::Code(Code::Icd10(_)) => "icd10",
        RuleKind::All => "all",
        RuleKind::OneOf => "one_of",
        RuleKind::OneOrMore => "one_or_more",
        RuleKind::Variants => "variants",
        RuleKind::Stages => "stages",
        RuleKind::Patients => "patients",
        RuleKind::Placeholder => "placeholder",
        other => panic!("a kind of rule this test does not know: {other:?}"),
    };
    let placeholder = kind == "placeholder";
    Node {
        kind: kind.to_owned(),
        code: rule.code().map(code_text).unwrap_or_default(),
        title: text(rule.title()),
        printed: text(rule.printed()),
        default: rule.default_code().map(code_text).unwrap_or_default(),
        default_title: text(rule.default_title()),
        except: codes(&mut rule.except()),
        description: text(rule.description()),
        within: rule.within().map(|r| r.to_string()).collect(),
        count: match (placeholder, rule.stands_for_several()) {
            (false, _) => String::new(),
            (true, false) => "one".to_owned(),
            (true, true) => "one_or_more".to_owned(),
        },
        label: text(rule.label()),
        label_implied: rule.is_label_implied(),
        preferred: rule.is_preferred(),
        condition: text(rule.condition()),
        only_if: codes(&mut rule.only_if()),
        instead_of: codes(&mut rule.instead_of()),
        supplementary_if: codes(&mut rule.supplementary_if()),
        concurrent: text(rule.concurrent()),
        chosen_by: text(rule.chosen_by()),
        in_order: rule.is_in_order(),
        sequence: text(rule.sequence()),
        stock_notes: rule.stock_notes().map(|n| n.key.to_owned()).collect(),
        note: text(rule.note()),
        includes: rule.includes().map(str::to_owned).collect(),
        excludes: rule.excludes().map(library_node).collect(),
        children: rule.children().map(library_node).collect(),
    }
}

fn library_rules(g: Guidance) -> Rules {
    Rules {
        procedure: Some(library_node(g.procedure())),
        diagnosis: Some(library_node(g.diagnosis())),
        ruled_out_by: g.ruled_out_by().map(library_node).collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// The table's side

/// The columns cli/README.md documents for `export rules`, in its order: the first cell of
/// each row of the table under the heading that names the command.
fn documented_columns() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("cli/README.md");
    let section = readme
        .split("**`export rules")
        .nth(1)
        .expect("the export rules section");
    let table = section
        .split("| column |")
        .nth(1)
        .expect("the table of columns");
    table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cell = line.split('|').nth(1).expect("a first cell").trim();
            cell.trim_matches('`').to_owned()
        })
        .collect()
}

/// A row's cells by column name.
struct Row<'a> {
    header: &'a csv::StringRecord,
    record: csv::StringRecord,
}

impl Row<'_> {
    fn get(&self, column: &str) -> &str {
        let i = self
            .header
            .iter()
            .position(|c| c == column)
            .unwrap_or_else(|| panic!("no column {column}"));
        &self.record[i]
    }

    fn text(&self, column: &str) -> String {
        self.get(column).to_owned()
    }

    fn list(&self, column: &str) -> Vec<String> {
        self.get(column)
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn flag(&self, column: &str) -> bool {
        match self.get(column) {
            "true" => true,
            "" => false,
            other => panic!("{column} is {other:?}, not true or empty"),
        }
    }

    fn number(&self, column: &str) -> Option<usize> {
        let cell = self.get(column);
        (!cell.is_empty()).then(|| cell.parse().expect("a number"))
    }

    /// The node of the row, without its children, includes and excludes.
    fn node(&self) -> Node {
        let label = self.text("label");
        let implied = self.text("implied_label");
        assert!(
            label.is_empty() || implied.is_empty(),
            "label and implied_label"
        );
        Node {
            kind: self.text("kind"),
            code: self.text("code"),
            title: self.text("title"),
            printed: self.text("printed"),
            default: self.text("default"),
            default_title: self.text("default_title"),
            except: self.list("except"),
            description: self.text("description"),
            within: self.list("within"),
            count: self.text("count"),
            label_implied: !implied.is_empty(),
            label: if implied.is_empty() { label } else { implied },
            preferred: self.flag("preferred"),
            condition: self.text("condition"),
            only_if: self.list("only_if"),
            instead_of: self.list("instead_of"),
            supplementary_if: self.list("supplementary_if"),
            concurrent: self.text("concurrent"),
            chosen_by: self.text("chosen_by"),
            in_order: self.flag("in_order"),
            sequence: self.text("sequence"),
            stock_notes: self.list("stock_notes"),
            note: self.text("note"),
            ..Node::default()
        }
    }
}

/// Where a row goes once its node is built.
enum Place {
    Root(String),
    Child(usize),
    Include(usize),
    Exclude(usize),
}

/// Rebuilds one guidance's rules from its rows (in the table's order).
fn rebuild(rows: &[Row<'_>]) -> Rules {
    let mut nodes: Vec<Option<Node>> = Vec::new();
    let mut places = Vec::new();
    let mut paths: Vec<String> = Vec::new();
    let mut siblings: BTreeMap<(Option<usize>, String), usize> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            row.number("node"),
            Some(i + 1),
            "nodes are numbered in order"
        );
        let parent = row.number("parent").map(|p| {
            assert!(
                p >= 1 && p <= i,
                "the parent of node {} comes before it",
                i + 1
            );
            p - 1
        });
        let part = row.text("part");
        let place = match (part.as_str(), parent) {
            ("includes", Some(p)) => Place::Include(p),
            ("excludes", Some(p)) => Place::Exclude(p),
            ("procedure" | "diagnosis", Some(p)) => Place::Child(p),
            ("procedure" | "diagnosis" | "ruled_out_by", None) => Place::Root(part.clone()),
            (other, parent) => panic!("node {}: part {other:?} with parent {parent:?}", i + 1),
        };
        // `position` counts the row among its parent's rows of the same part, from 1 (empty
        // for a tree's root); `path` is its parent's path and its position, for tree nodes.
        let key = (parent, part.clone());
        let expected = match (&place, part.as_str()) {
            (Place::Root(_), "procedure" | "diagnosis") => None,
            _ => {
                let n = siblings.entry(key).or_insert(0usize);
                *n += 1;
                Some(*n)
            }
        };
        assert_eq!(row.number("position"), expected, "node {}: position", i + 1);
        let path = match (&place, expected) {
            (Place::Child(p), Some(n)) if paths[*p].is_empty() => n.to_string(),
            (Place::Child(p), Some(n)) => format!("{}.{n}", paths[*p]),
            _ => String::new(),
        };
        assert_eq!(row.text("path"), path, "node {}: path", i + 1);
        paths.push(path);
        places.push(place);
        nodes.push(Some(row.node()));
    }
    // Children are attached from the last row up, so that a node is complete when its parent
    // takes it; lists are reversed back at the end.
    let mut rules = Rules::default();
    for i in (0..rows.len()).rev() {
        let node = nodes[i].take().expect("each node is placed once");
        match &places[i] {
            Place::Root(part) => match part.as_str() {
                "procedure" => {
                    assert!(
                        rules.procedure.replace(node).is_none(),
                        "one procedure root"
                    );
                }
                "diagnosis" => {
                    assert!(
                        rules.diagnosis.replace(node).is_none(),
                        "one diagnosis root"
                    );
                }
                _ => rules.ruled_out_by.push(node),
            },
            Place::Child(p) => {
                let p = nodes[*p].as_mut().expect("a parent not yet placed");
                p.children.push(node);
            }
            Place::Include(p) => {
                assert_eq!(node.kind, "text");
                let p = nodes[*p].as_mut().expect("a parent not yet placed");
                p.includes.push(node.title);
            }
            Place::Exclude(p) => {
                let p = nodes[*p].as_mut().expect("a parent not yet placed");
                p.excludes.push(node);
            }
        }
    }
    fn reverse(node: &mut Node) {
        node.children.reverse();
        node.includes.reverse();
        node.excludes.reverse();
        node.children.iter_mut().for_each(reverse);
        node.excludes.iter_mut().for_each(reverse);
    }
    rules.procedure.iter_mut().for_each(reverse);
    rules.diagnosis.iter_mut().for_each(reverse);
    rules.ruled_out_by.reverse();
    rules
}

#[test]
fn the_rules_table_rebuilds_every_guidance_of_the_catalogue() {
    let r = tool::run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["export", "rules"],
        b"",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let header = reader.headers().expect("a header row").clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        documented_columns(),
        "the columns and their order are those cli/README.md documents"
    );
    let mut by_guidance: BTreeMap<String, Vec<Row<'_>>> = BTreeMap::new();
    let mut order = Vec::new();
    for record in reader.records() {
        let record = record.expect("a record");
        let id = record[0].to_owned();
        if order.last() != Some(&id) {
            assert!(!order.contains(&id), "{id}'s rows are together");
            order.push(id.clone());
        }
        by_guidance.entry(id).or_default().push(Row {
            header: &header,
            record,
        });
    }
    let ids: Vec<&str> = Guidance::ALL.iter().map(|g| g.id()).collect();
    assert_eq!(order, ids, "every guidance, in catalogue order");
    for &g in Guidance::ALL {
        let rows = &by_guidance[g.id()];
        assert_eq!(rebuild(rows), library_rules(g), "{}", g.id());
    }
}

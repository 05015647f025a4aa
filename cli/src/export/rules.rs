//! `nice-coding export rules`: the rules table, one CSV row per node of every guidance's
//! recommendation trees, with every key a node carries, so that the trees (and the matching
//! they drive) can be rebuilt from the table alone.
//!
//! Rows, per guidance in catalogue order: the procedure tree, the diagnosis tree (each from its
//! root, depth first, a node before its children), then the guidance's `ruled_out_by` codes.
//! A code's Includes and Excludes lines follow the code, as rows whose `parent` is the code.
//! `node` numbers a guidance's rows from 1 in this order; `parent` is the node's parent's
//! number. The columns ([`COLUMNS`]) are documented in cli/README.md; their order is stable.

use crate::export::codelist::{Role, dotted, roled_codes};
use nice_coding::{Code, Guidance, Rule, RuleKind};
use std::collections::HashMap;
use std::io::Write;

/// The columns, in order.
pub const COLUMNS: [&str; 31] = [
    "guidance",
    "node",
    "parent",
    "part",
    "position",
    "path",
    "kind",
    "system",
    "code",
    "role",
    "title",
    "printed",
    "default",
    "default_title",
    "except",
    "description",
    "within",
    "count",
    "label",
    "implied_label",
    "preferred",
    "condition",
    "only_if",
    "instead_of",
    "supplementary_if",
    "concurrent",
    "chosen_by",
    "in_order",
    "sequence",
    "stock_notes",
    "note",
];

/// Column positions, for filling a row.
mod col {
    pub const GUIDANCE: usize = 0;
    pub const NODE: usize = 1;
    pub const PARENT: usize = 2;
    pub const PART: usize = 3;
    pub const POSITION: usize = 4;
    pub const PATH: usize = 5;
    pub const KIND: usize = 6;
    pub const SYSTEM: usize = 7;
    pub const CODE: usize = 8;
    pub const ROLE: usize = 9;
    pub const TITLE: usize = 10;
    pub const PRINTED: usize = 11;
    pub const DEFAULT: usize = 12;
    pub const DEFAULT_TITLE: usize = 13;
    pub const EXCEPT: usize = 14;
    pub const DESCRIPTION: usize = 15;
    pub const WITHIN: usize = 16;
    pub const COUNT: usize = 17;
    pub const LABEL: usize = 18;
    pub const IMPLIED_LABEL: usize = 19;
    pub const PREFERRED: usize = 20;
    pub const CONDITION: usize = 21;
    pub const ONLY_IF: usize = 22;
    pub const INSTEAD_OF: usize = 23;
    pub const SUPPLEMENTARY_IF: usize = 24;
    pub const CONCURRENT: usize = 25;
    pub const CHOSEN_BY: usize = 26;
    pub const IN_ORDER: usize = 27;
    pub const SEQUENCE: usize = 28;
    pub const STOCK_NOTES: usize = 29;
    pub const NOTE: usize = 30;
}

/// One row, column by column.
type Row = [String; COLUMNS.len()];

/// The name of a classification in the table.
fn system_name(code: Code) -> &'static str {
    match code {
        Code::Opcs4(_) => "opcs4",
        Code::Icd10(_) => "icd10",
    }
}

/// The `kind` of a rule, as the guidance files name it: `opcs4` or `icd10` for a code, else
/// the group's or placeholder's key (the library's own name for it, so a kind added to the
/// library is named here too).
fn kind_name(rule: Rule) -> &'static str {
    rule.kind().as_str()
}

/// Codes joined by spaces.
fn codes(list: impl Iterator<Item = Code>) -> String {
    list.map(dotted).collect::<Vec<_>>().join(" ")
}

/// `true` for a flag that is set, empty otherwise.
fn flag(set: bool) -> String {
    if set {
        "true".to_owned()
    } else {
        String::new()
    }
}

/// The rows of one guidance.
struct Rows<'g> {
    guidance: &'g str,
    rows: Vec<Row>,
    /// The role of each code rule of the trees.
    roles: HashMap<Rule, Role>,
}

impl Rows<'_> {
    /// Adds a row with the columns every row has, and returns its index.
    fn push(&mut self, parent: Option<usize>, part: &str, position: usize, path: &str) -> usize {
        let mut row: Row = Default::default();
        row[col::GUIDANCE] = self.guidance.to_owned();
        row[col::NODE] = (self.rows.len() + 1).to_string();
        row[col::PARENT] = parent.map(|p| (p + 1).to_string()).unwrap_or_default();
        row[col::PART] = part.to_owned();
        row[col::POSITION] = if position == 0 {
            String::new()
        } else {
            position.to_string()
        };
        row[col::PATH] = path.to_owned();
        self.rows.push(row);
        self.rows.len() - 1
    }

    /// Fills row `at` with the keys of `rule`, whose classification is `system`.
    fn fill(&mut self, at: usize, rule: Rule, system: &str) {
        let role = self.roles.get(&rule).copied();
        let row = &mut self.rows[at];
        let text = |t: Option<&str>| t.unwrap_or_default().to_owned();
        row[col::KIND] = kind_name(rule).to_owned();
        row[col::SYSTEM] = rule
            .code()
            .map_or(system.to_owned(), |c| system_name(c).to_owned());
        row[col::CODE] = rule.code().map(dotted).unwrap_or_default();
        row[col::ROLE] = role.map(|r| r.as_str().to_owned()).unwrap_or_default();
        row[col::TITLE] = text(rule.title());
        row[col::PRINTED] = text(rule.printed());
        row[col::DEFAULT] = rule.default_code().map(dotted).unwrap_or_default();
        row[col::DEFAULT_TITLE] = text(rule.default_title());
        row[col::EXCEPT] = codes(rule.except());
        row[col::DESCRIPTION] = text(rule.description());
        let placeholder = matches!(rule.kind(), RuleKind::Placeholder);
        row[col::WITHIN] = rule
            .within()
            .map(|range| range.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        row[col::COUNT] = match (placeholder, rule.stands_for_several()) {
            (false, _) => String::new(),
            (true, false) => "one".to_owned(),
            (true, true) => "one_or_more".to_owned(),
        };
        let implied = rule.is_label_implied();
        row[if implied {
            col::IMPLIED_LABEL
        } else {
            col::LABEL
        }] = text(rule.label());
        row[col::PREFERRED] = flag(rule.is_preferred());
        row[col::CONDITION] = text(rule.condition());
        row[col::ONLY_IF] = codes(rule.only_if());
        row[col::INSTEAD_OF] = codes(rule.instead_of());
        row[col::SUPPLEMENTARY_IF] = codes(rule.supplementary_if());
        row[col::CONCURRENT] = text(rule.concurrent());
        row[col::CHOSEN_BY] = text(rule.chosen_by());
        row[col::IN_ORDER] = flag(rule.is_in_order());
        row[col::SEQUENCE] = text(rule.sequence());
        row[col::STOCK_NOTES] = rule
            .stock_notes()
            .map(|n| n.key)
            .collect::<Vec<_>>()
            .join(" ");
        row[col::NOTE] = text(rule.note());
    }

    /// Adds `rule` (at `position` under `parent`, `path` in its tree), its Includes and
    /// Excludes lines, and everything below it.
    fn node(
        &mut self,
        rule: Rule,
        parent: Option<usize>,
        (part, system): (&str, &str),
        position: usize,
        path: &str,
    ) {
        let at = self.push(parent, part, position, path);
        self.fill(at, rule, system);
        for (i, line) in rule.includes().enumerate() {
            let include = self.push(Some(at), "includes", i + 1, "");
            self.rows[include][col::KIND] = "text".to_owned();
            self.rows[include][col::SYSTEM] = system.to_owned();
            self.rows[include][col::TITLE] = line.to_owned();
        }
        for (i, exclude) in rule.excludes().enumerate() {
            let row = self.push(Some(at), "excludes", i + 1, "");
            self.fill(row, exclude, system);
        }
        for (i, child) in rule.children().enumerate() {
            let child_path = if path.is_empty() {
                (i + 1).to_string()
            } else {
                format!("{path}.{}", i + 1)
            };
            self.node(child, Some(at), (part, system), i + 1, &child_path);
        }
    }
}

/// Every row of guidance `g`, in the table's order.
pub fn guidance_rows(g: Guidance) -> Vec<Row> {
    let mut rows = Rows {
        guidance: g.id(),
        rows: Vec::new(),
        roles: HashMap::new(),
    };
    for (tree, part, system) in [
        (g.procedure(), "procedure", "opcs4"),
        (g.diagnosis(), "diagnosis", "icd10"),
    ] {
        rows.roles.extend(
            roled_codes(tree)
                .into_iter()
                .filter(|c| c.default_of.is_none() && c.role != Role::Excluded)
                .map(|c| (c.rule, c.role)),
        );
        rows.node(tree, None, (part, system), 0, "");
    }
    for (i, code) in g.ruled_out_by().enumerate() {
        let at = rows.push(None, "ruled_out_by", i + 1, "");
        let system = code.code().map_or("", system_name);
        rows.fill(at, code, system);
    }
    rows.rows
}

/// Writes the table, header first, to `writer`.
pub fn write<W: Write>(writer: &mut csv::Writer<W>) -> csv::Result<()> {
    writer.write_record(COLUMNS)?;
    for &g in Guidance::ALL {
        for row in guidance_rows(g) {
            writer.write_record(&row)?;
        }
    }
    writer.flush().map_err(csv::Error::from)
}

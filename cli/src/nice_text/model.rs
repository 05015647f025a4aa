//! What a reading of a NICE coding text gives: the recommendation as guidance files write
//! it (trees of nodes and the rules between codes), every code the text names and how it
//! names it, and the points the reader could not decide.

use super::codes::Named;

/// Which classification a code belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum System {
    Opcs4,
    Icd10,
}

/// The kind of a group: the library's own kinds (`All`, `OneOf`, `OneOrMore`, `Variants`,
/// `Stages`), whose names are the keys of a guidance file.
pub use nice_coding::RuleKind as GroupKind;

/// What a node is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One code: canonical, with its mark letter (`Q90.-D`).
    Code {
        system: System,
        code: String,
        title: Option<String>,
        printed: Option<String>,
    },
    Group {
        kind: GroupKind,
        children: Vec<Node>,
    },
    /// A code the text asks for without naming it.
    Placeholder { description: String },
}

/// A code an Excludes line points to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excluded {
    pub system: System,
    pub code: String,
    pub title: Option<String>,
}

/// One node of a recommendation tree, with the keys guidance files give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: Kind,
    /// The line of the text it was read from.
    pub line: usize,
    pub label: Option<String>,
    /// The label is the reader's, not the text's (`implied_label`).
    pub implied_label: bool,
    pub preferred: bool,
    pub default: Option<String>,
    pub default_title: Option<String>,
    /// Ranges of categories a placeholder's code comes from (`X70-X72`).
    pub within: Vec<String>,
    pub condition: Option<String>,
    pub concurrent: Option<String>,
    pub chosen_by: Option<String>,
    pub sequence: Option<String>,
    pub only_if: Vec<String>,
    pub instead_of: Vec<String>,
    pub supplementary_if: Vec<String>,
    /// `count = "one_or_more"` on a placeholder.
    pub several: bool,
    pub in_order: bool,
    pub includes: Vec<String>,
    pub excludes: Vec<Excluded>,
    pub stock_notes: Vec<String>,
    /// The reader's mark on a `one_of` it made from `Or` between code sets, so that a
    /// further `Or` adds to it.
    pub joined_by_or: bool,
}

impl Node {
    fn with(kind: Kind, line: usize) -> Node {
        Node {
            kind,
            line,
            label: None,
            implied_label: false,
            preferred: false,
            default: None,
            default_title: None,
            within: Vec::new(),
            condition: None,
            concurrent: None,
            chosen_by: None,
            sequence: None,
            only_if: Vec::new(),
            instead_of: Vec::new(),
            supplementary_if: Vec::new(),
            several: false,
            in_order: false,
            includes: Vec::new(),
            excludes: Vec::new(),
            stock_notes: Vec::new(),
            joined_by_or: false,
        }
    }

    pub fn code(system: System, code: String, line: usize) -> Node {
        Node::with(
            Kind::Code {
                system,
                code,
                title: None,
                printed: None,
            },
            line,
        )
    }

    pub fn group(kind: GroupKind, children: Vec<Node>, line: usize) -> Node {
        Node::with(Kind::Group { kind, children }, line)
    }

    pub fn placeholder(description: String, line: usize) -> Node {
        Node::with(Kind::Placeholder { description }, line)
    }

    /// The code of a code node.
    pub fn code_text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Code { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The children of a group.
    pub fn children(&self) -> &[Node] {
        match &self.kind {
            Kind::Group { children, .. } => children,
            _ => &[],
        }
    }

    pub fn children_mut(&mut self) -> Option<&mut Vec<Node>> {
        match &mut self.kind {
            Kind::Group { children, .. } => Some(children),
            _ => None,
        }
    }

    pub fn group_kind(&self) -> Option<GroupKind> {
        match &self.kind {
            Kind::Group { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// The first code of this node in tree order.
    pub fn first_code(&self) -> Option<&str> {
        match &self.kind {
            Kind::Code { code, .. } => Some(code),
            Kind::Group { children, .. } => children.iter().find_map(Node::first_code),
            Kind::Placeholder { .. } => None,
        }
    }

    /// Every code of this node and its descendants (defaults included), in tree order.
    pub fn codes(&self, out: &mut Vec<String>) {
        if let Kind::Code { code, .. } = &self.kind {
            out.push(code.clone());
        }
        if let Some(default) = &self.default {
            out.push(default.clone());
        }
        for child in self.children() {
            child.codes(out);
        }
    }

    /// This node and every node under it, depth first.
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&mut Node)) {
        f(self);
        if let Some(children) = self.children_mut() {
            for child in children {
                child.visit_mut(f);
            }
        }
    }

    /// True when the node holds a main code first (not from the subsidiary chapters Y and Z
    /// of OPCS-4).
    pub fn starts_with_main_code(&self) -> bool {
        self.first_code().is_some_and(|c| !is_subsidiary(c))
    }
}

/// True for a code of the subsidiary OPCS-4 chapters Y and Z, which never stand first.
pub fn is_subsidiary(code: &str) -> bool {
    code.starts_with(['Y', 'Z'])
}

/// How the text names a code, which decides whether a guidance must hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// In the recommendation: a code line, a sentence that assigns it, a default, a rule.
    Recommended,
    /// On an Includes line under a code.
    Includes,
    /// On an Excludes line under a code: the code to use instead.
    Excludes,
    /// In a note the reader could not turn into structure.
    Note,
    /// A category or range named to introduce or describe codes the text lists
    /// ("a code from category S07.- ...:" before S07.1, S07.8, S07.9).
    HeadsListed,
    /// In passing: prose that names the code without recommending it (a code "not coded",
    /// "must not be used", or outside the coding text).
    Passing,
}

impl Role {
    /// True when a guidance encoding the text must hold the code.
    pub fn required(self) -> bool {
        matches!(
            self,
            Role::Recommended | Role::Includes | Role::Excludes | Role::Note
        )
    }

    /// How page-codes names the role.
    pub fn describe(self) -> &'static str {
        match self {
            Role::Recommended => "recommended",
            Role::Includes => "includes line",
            Role::Excludes => "excludes line",
            Role::Note => "note",
            Role::HeadsListed => "heads codes listed",
            Role::Passing => "in passing",
        }
    }
}

/// One code as the text prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub line: usize,
    pub named: Named,
    /// What the text printed for it (`S07. 9`, `C22`, `orY75.4`, `.9` for a default given
    /// only as a fourth character).
    pub printed: String,
    pub title: Option<String>,
    pub role: Role,
}

/// Something the reader could not decide, with the sentence it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    pub line: usize,
    pub message: String,
    pub sentence: String,
}

/// A SNOMED CT concept the text gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snomed {
    pub concept: String,
    pub term: String,
    pub diagnosis: bool,
}

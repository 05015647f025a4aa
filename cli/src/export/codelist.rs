//! The codes of a recommendation tree with the part each plays in it, for code lists
//! (OpenCodelists, ehrQL) and the rules table (its `role` column).
//!
//! A flat "any of these codes" list cannot say that Z94.2 (right sided operation) is only a
//! site code of IPG655: used that way it finds most cardiac operations. So every code carries
//! its [`Role`], derived from the tree the same way for every guidance:
//!
//! * a code with a condition, or under a group with one, is `conditional`;
//! * otherwise a code in the main position is `main` (the first entry of the tree, and of every
//!   alternative of a `one_of`, `one_or_more`, `variants`, `stages` or `patients` group standing
//!   there), or
//!   `alternative_main` when the tree has more than one such code;
//! * otherwise an OPCS-4 site code (chapter Z) is `site`, an OPCS-4 code of chapter Y titled as
//!   an approach ("Approach to organ under image control", "Laparoscopic approach to ...") is
//!   `approach`, and any other code is `supplementary`;
//! * the default of a category (`Y53.9` for `Y53.-`) is `default`;
//! * a code of a category that the category does not accept (its `except`: the text says it
//!   must not be used) is `excluded`, after the category.

use nice_coding::{Code, Rule, RuleKind};
use std::fmt;

/// What a code does in its guidance's recommendation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Main,
    AlternativeMain,
    Supplementary,
    Site,
    Approach,
    Conditional,
    Default,
    /// A code of a category that the category does not accept (`except`: the text says it
    /// must not be used). Written by `export rules`, left out of the code lists.
    Excluded,
}

impl Role {
    /// The name written in the files (`main`, `alternative_main`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Main => "main",
            Role::AlternativeMain => "alternative_main",
            Role::Supplementary => "supplementary",
            Role::Site => "site",
            Role::Approach => "approach",
            Role::Conditional => "conditional",
            Role::Default => "default",
            Role::Excluded => "excluded",
        }
    }

    /// True for the codes that identify the procedure or diagnosis itself.
    pub fn is_main(self) -> bool {
        matches!(self, Role::Main | Role::AlternativeMain)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One code of a tree with its role.
#[derive(Clone, Debug)]
pub struct RoledCode {
    /// The rule that names the code (for a default, the category's rule).
    pub rule: Rule,
    pub code: Code,
    pub role: Role,
    /// For a default, the category it completes.
    pub default_of: Option<Code>,
}

/// Every code of `tree` (the root of a procedure or diagnosis tree) with its role, in tree
/// order; a category's default, then its `except` codes, follow the category.
pub fn roled_codes(tree: Rule) -> Vec<RoledCode> {
    let mut out = Vec::new();
    let context = Context {
        main: true,
        conditional: false,
    };
    for (i, child) in tree.children().enumerate() {
        walk(child, context.enter(child, i == 0), &mut out);
    }
    let mains = out.iter().filter(|c| c.role == Role::Main).count();
    if mains > 1 {
        for c in &mut out {
            if c.role == Role::Main {
                c.role = Role::AlternativeMain;
            }
        }
    }
    out
}

/// What a rule inherits from the groups above it.
#[derive(Clone, Copy)]
struct Context {
    /// The rule stands in the main position.
    main: bool,
    /// The rule or a group above it has a condition.
    conditional: bool,
}

impl Context {
    /// The context of `rule`, a child of a group with this context; `main` says whether the
    /// child stands in the main position of its group.
    fn enter(self, rule: Rule, main: bool) -> Context {
        Context {
            main: self.main && main,
            conditional: self.conditional || rule.condition().is_some(),
        }
    }
}

fn walk(rule: Rule, context: Context, out: &mut Vec<RoledCode>) {
    match rule.kind() {
        RuleKind::Code(code) => {
            let role = if context.conditional {
                Role::Conditional
            } else if context.main {
                Role::Main
            } else {
                subsidiary_role(code, rule.title())
            };
            out.push(RoledCode {
                rule,
                code,
                role,
                default_of: None,
            });
            if let Some(default) = rule.default_code() {
                out.push(RoledCode {
                    rule,
                    code: default,
                    role: Role::Default,
                    default_of: Some(code),
                });
            }
            for excluded in rule.except() {
                out.push(RoledCode {
                    rule,
                    code: excluded,
                    role: Role::Excluded,
                    default_of: None,
                });
            }
        }
        RuleKind::Placeholder => {}
        kind => {
            // In an `all` group only the first entry keeps the main position; in the groups
            // of alternatives every entry does.
            let all = kind == RuleKind::All;
            for (i, child) in rule.children().enumerate() {
                walk(child, context.enter(child, !all || i == 0), out);
            }
        }
    }
}

/// The role of a code outside the main position and without a condition.
fn subsidiary_role(code: Code, title: Option<&str>) -> Role {
    match code {
        Code::Opcs4(c) if c.letter() == 'Z' => Role::Site,
        Code::Opcs4(c)
            if c.letter() == 'Y'
                && title.is_some_and(|t| t.to_ascii_lowercase().contains("approach")) =>
        {
            Role::Approach
        }
        _ => Role::Supplementary,
    }
}

/// A code as OpenCodelists and ehrQL write it: no dot, no ICD-10 dagger or asterisk mark, an
/// undivided ICD-10 code without its `X` filler (`I48.X` is `I48`), and a category as its three
/// characters (`Y53.-` is `Y53`).
pub fn undotted(code: Code) -> String {
    let text = match code {
        Code::Icd10(c) => c.without_marker().to_string(),
        Code::Opcs4(c) => c.to_string(),
    };
    let stem = text
        .strip_suffix(".-")
        .or_else(|| text.strip_suffix(".X"))
        .unwrap_or(&text);
    stem.replace('.', "")
}

/// A code in its canonical dotted form, as the guidance names it (`K57.8`, `Y53.-`, `H19.8A`),
/// written by its classification's type.
pub fn dotted(code: Code) -> String {
    match code {
        Code::Opcs4(c) => c.to_string(),
        Code::Icd10(c) => c.to_string(),
    }
}

/// A code of a release (`Y53.2`, `M45.X0`) in the same form.
pub fn undotted_text(text: &str) -> String {
    text.replace('.', "")
}

//! Walks a guidance's recommendation tree and prints it indented, with each rule's kind,
//! condition and notes: the starting point for rendering the rules in your own format.
//!
//! ```text
//! cargo run --example walk_tree -- IPG214
//! ```

use nice_coding::{Guidance, Rule, RuleKind};
use std::process::ExitCode;

fn print(rule: Rule, depth: usize) {
    let indent = "  ".repeat(depth);
    let what = match rule.kind() {
        RuleKind::Code(code) => format!("{} {}", code.bare(), rule.title().unwrap_or_default()),
        RuleKind::All => "all of:".to_string(),
        RuleKind::OneOf => "one of:".to_string(),
        RuleKind::OneOrMore => "one or more of:".to_string(),
        RuleKind::Variants => "variants:".to_string(),
        RuleKind::Stages => "stages:".to_string(),
        RuleKind::Patients => "patients, each in their own episode:".to_string(),
        RuleKind::Placeholder => format!("({})", rule.description().unwrap_or_default()),
        _ => "(a kind this example does not know)".to_string(),
    };
    let label = rule.label().map(|l| format!("[{l}] ")).unwrap_or_default();
    let condition = rule
        .condition()
        .map(|c| format!(" -- {c}"))
        .unwrap_or_default();
    println!("{indent}{label}{what}{condition}");
    if let Some(default) = rule.default_code() {
        println!("{indent}  default {}", default.bare());
    }
    for note in rule
        .note()
        .into_iter()
        .chain(rule.stock_notes().map(|n| n.text))
    {
        println!("{indent}  note: {note}");
    }
    for child in rule.children() {
        print(child, depth + 1);
    }
}

fn main() -> ExitCode {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "IPG655".to_string());
    let Ok(g) = id.parse::<Guidance>() else {
        eprintln!("walk_tree: {id} is not a guidance in the catalogue");
        return ExitCode::FAILURE;
    };
    println!("{} {}", g.id(), g.title());
    println!("procedure (OPCS-4):");
    print(g.procedure(), 1);
    println!("diagnosis (ICD-10):");
    print(g.diagnosis(), 1);
    ExitCode::SUCCESS
}

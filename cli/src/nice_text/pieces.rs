//! One line as codes and the words between them: each code with its title and bracket, and
//! how the words before it join it to the code before (`or`, `and`, `plus`, a comma, or
//! nothing).

use super::codes::{self, Found};
use super::titles::{self, Title};

/// How the words between two codes join them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join {
    /// Nothing but space: two codes side by side (a list printed on one line).
    Beside,
    Or,
    And,
    Plus,
    Comma,
    /// Other words: the codes belong to different clauses of a sentence.
    Words,
}

/// A code of a line, with its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub found: Found,
    pub title: Title,
    /// The words between the code before (or the start of the line) and this one, a glued
    /// word (`or` of `orY75.4`) included.
    pub before: String,
    /// How `before` joins this code to the one before it (`Words` for the first).
    pub join: Join,
}

impl Piece {
    /// Where the code starts, a glued word included.
    pub fn start(&self) -> usize {
        self.found.glued_from.unwrap_or(self.found.start)
    }
}

/// The codes of `line`, each with its title.
pub fn pieces(line: &str) -> Vec<Piece> {
    let found = codes::scan(line);
    let mut out: Vec<Piece> = Vec::with_capacity(found.len());
    let mut previous_end = 0;
    for (i, f) in found.iter().enumerate() {
        let limit = found
            .get(i + 1)
            .map_or(line.len(), |next| next.glued_from.unwrap_or(next.start));
        let title = titles::title_after(line, f.end, limit);
        let from = previous_end.min(f.glued_from.unwrap_or(f.start));
        let mut before = line[from..f.glued_from.unwrap_or(f.start)].to_owned();
        if let Some(glued) = f.glued_from {
            before.push(' ');
            before.push_str(&line[glued..f.start]);
        }
        let join = if i == 0 {
            Join::Words
        } else {
            join_of(&before)
        };
        previous_end = title.end.max(f.end);
        out.push(Piece {
            found: f.clone(),
            title,
            before,
            join,
        });
    }
    out
}

/// How the words between two codes join them.
pub fn join_of(words: &str) -> Join {
    let lower = words.trim().to_ascii_lowercase();
    let lower = lower.trim_start_matches(')').trim();
    // Nothing, or a slash or bullet between codes printed as a list.
    if lower.is_empty() || matches!(lower, "/" | "|" | "•" | ";") {
        return Join::Beside;
    }
    let first = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if lower.split_whitespace().any(|w| w == "plus") {
        return Join::Plus;
    }
    match first {
        "or" => Join::Or,
        "and" => Join::And,
        _ if lower.starts_with(',') => {
            let rest = lower.trim_start_matches(',').trim();
            match rest.split_whitespace().next() {
                Some("or") => Join::Or,
                Some("and") => Join::And,
                None => Join::Comma,
                _ => Join::Words,
            }
        }
        _ if lower == "(" || lower.ends_with(", (") => Join::Comma,
        _ => Join::Words,
    }
}

/// The line with every code and title taken out: what the words alone say.
pub fn words_only(line: &str, pieces: &[Piece]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for p in pieces {
        out.push_str(&line[at..p.start()]);
        out.push_str(" _ ");
        at = p.title.end.max(p.found.end);
    }
    out.push_str(&line[at.min(line.len())..]);
    titles::single_spaces(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joins(line: &str) -> Vec<(String, Join, String)> {
        pieces(line)
            .into_iter()
            .map(|p| (p.found.named.text(), p.join, p.title.text))
            .collect()
    }

    #[test]
    fn each_code_has_its_title_and_join() {
        let s = |a: &str, j: Join, t: &str| (a.to_owned(), j, t.to_owned());
        assert_eq!(
            joins("Y75.2 Laparoscopic approach NEC orY75.4 Hand assisted approach"),
            [
                s("Y75.2", Join::Words, "Laparoscopic approach NEC"),
                s("Y75.4", Join::Or, "Hand assisted approach")
            ]
        );
        assert_eq!(
            joins(
                "In addition the ICD-10 code C78.7 Secondary of liver and a code from category C18.- Colon would be recorded."
            ),
            [
                s("C78.7", Join::Words, "Secondary of liver"),
                s("C18.-", Join::And, "Colon")
            ]
        );
        assert_eq!(
            joins("D14.1 Larynx, D14.2 Trachea or D14.4 Tract plus B97.7 Virus are assigned."),
            [
                s("D14.1", Join::Words, "Larynx"),
                s("D14.2", Join::Comma, "Trachea"),
                s("D14.4", Join::Or, "Tract"),
                s("B97.7", Join::Plus, "Virus")
            ]
        );
        assert_eq!(
            joins("G15.4 Insertion of prosthesis G15.6 Insertion of stent"),
            [
                s("G15.4", Join::Words, "Insertion of prosthesis"),
                s("G15.6", Join::Beside, "Insertion of stent")
            ]
        );
        assert_eq!(
            words_only(
                "Note: U20.2 Echocardiography is also assigned when used.",
                &pieces("Note: U20.2 Echocardiography is also assigned when used.")
            ),
            "Note: _ is also assigned when used."
        );
    }
}

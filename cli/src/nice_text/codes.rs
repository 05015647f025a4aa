//! The codes of one line, as NICE prints them.
//!
//! * dotted codes (`K57.8`, `Y53.-`, `I48.X`, `M80.08`, `M45.X0`), with the published slips
//!   of a space around the dot (`S07. 9`, `Y68 .-`, `C15. -`);
//! * a dagger or asterisk after an ICD-10 code, as a symbol (`Q90.-†`, `H19.8*`) or as the
//!   UK letter (`H19.8A`, `Q90.1D`);
//! * codes glued to the word before (`codeY53.4`, `orY75.4`) or to their title
//!   (`E20.1Total adenoidectomy`);
//! * bare three-character categories (`C22`, `F32`, `(K11)`, `L76, L89, O20`), read as a
//!   category (`C22.-`) only where a code stands: before a title, in brackets or a list, or
//!   after a word such as "category" or "from", so that running text is not read as codes;
//! * ranges of categories (`X70-X72`, `C71–C74`).
//!
//! Undotted strings of four characters (`K578`) are never read: running text is full of
//! letter-digit strings that are not codes.

/// What a printed code names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Named {
    /// A code or category in canonical dotted form, without its mark: `K57.8`, `Y53.-`.
    Code(String),
    /// An inclusive range of three-character categories: `("X70", "X72")`.
    Range(String, String),
}

impl Named {
    /// The canonical text: `K57.8`, `C22.-`, `X70-X72`.
    pub fn text(&self) -> String {
        match self {
            Named::Code(code) => code.clone(),
            Named::Range(first, last) => format!("{first}-{last}"),
        }
    }

    /// The three characters of a category (`Y53` of `Y53.-`); none for a code or a range.
    pub fn category(&self) -> Option<&str> {
        match self {
            Named::Code(code) if code.ends_with(".-") => code.get(..3),
            _ => None,
        }
    }

    /// True for a whole category (`Y53.-`).
    pub fn is_category(&self) -> bool {
        matches!(self, Named::Code(code) if code.ends_with(".-"))
    }

    /// True when this category or range holds `other` (a code, a category or a range).
    pub fn covers(&self, other: &Named) -> bool {
        let inside = |cat: &str, first: &str, last: &str| first <= cat && cat <= last;
        match (self, other) {
            (Named::Code(a), Named::Code(b)) => {
                a == b || (a.ends_with(".-") && b.get(..3) == a.get(..3))
            }
            (Named::Range(first, last), Named::Code(b)) => {
                b.get(..3).is_some_and(|cat| inside(cat, first, last))
            }
            (Named::Range(first, last), Named::Range(a, b)) => first <= a && b <= last,
            (Named::Code(_), Named::Range(..)) => false,
        }
    }
}

/// A dagger or asterisk printed after a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Dagger,
    Asterisk,
}

impl Mark {
    /// The letter guidance files write (`D`, `A`).
    pub fn letter(self) -> char {
        match self {
            Mark::Dagger => 'D',
            Mark::Asterisk => 'A',
        }
    }
}

/// One code found in a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Where it stands in the line, in bytes: `line[start..end]` is what was printed for the
    /// code, mark included, glued word and title excluded.
    pub start: usize,
    pub end: usize,
    pub named: Named,
    pub mark: Option<Mark>,
    /// Printed without its dot (a category such as `C22`, or a range).
    pub bare: bool,
    /// Where the word glued before it starts (`or` in `orY75.4`), when there is one.
    pub glued_from: Option<usize>,
    /// The title follows with no space (`E20.1Total`).
    pub glued_title: bool,
}

impl Found {
    /// What the line printed for the code, a glued word before it included.
    pub fn printed<'a>(&self, line: &'a str) -> &'a str {
        &line[self.glued_from.unwrap_or(self.start)..self.end]
    }

    /// True when the printed form differs from the canonical one (a space in the code, a
    /// bare category, a glued word or title, a mark written as a symbol).
    pub fn damaged(&self, line: &str) -> bool {
        let canonical = match (&self.named, self.mark) {
            (Named::Code(code), Some(mark)) => format!("{code}{}", mark.letter()),
            (named, _) => named.text(),
        };
        self.glued_from.is_some() || self.glued_title || line[self.start..self.end] != canonical
    }
}

/// Every code of `line`, left to right.
pub fn scan(line: &str) -> Vec<Found> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match code_at(line, &chars, i) {
            Some((f, next)) => {
                found.push(f);
                i = next;
            }
            None => i += 1,
        }
    }
    found
}

/// Byte offset of character `k` (the line's length past its end).
fn offset(line: &str, chars: &[(usize, char)], k: usize) -> usize {
    chars.get(k).map_or(line.len(), |&(b, _)| b)
}

fn alnum(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// A letter and two digits starting at `k`, standing alone on the left (not inside a word
/// of capitals or digits): `(letter, digits)`.
fn category_at(chars: &[(usize, char)], k: usize) -> Option<(char, char, char)> {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let letter = at(k).filter(char::is_ascii_uppercase)?;
    let tens = at(k + 1).filter(char::is_ascii_digit)?;
    let units = at(k + 2).filter(char::is_ascii_digit)?;
    Some((letter, tens, units))
}

/// A code starting at character `i`, and the index of the character after it.
fn code_at(line: &str, chars: &[(usize, char)], i: usize) -> Option<(Found, usize)> {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let (letter, tens, units) = category_at(chars, i)?;
    // On the left: nothing, a character that is not a letter or digit, or a lower-case word
    // glued to the code (`orY75.4`).
    let mut glued_from = None;
    if i > 0 {
        let before = at(i - 1);
        if before.is_some_and(|c| c.is_ascii_lowercase()) {
            let mut s = i - 1;
            while s > 0 && at(s - 1).is_some_and(|c| c.is_ascii_lowercase()) {
                s -= 1;
            }
            if s > 0 && alnum(at(s - 1)) {
                return None;
            }
            glued_from = Some(offset(line, chars, s));
        } else if alnum(before) {
            return None;
        }
    }
    let start = offset(line, chars, i);
    let category = format!("{letter}{tens}{units}");
    // The dotted form, with at most one space on each side of the dot.
    let mut k = i + 3;
    if at(k) == Some(' ') && at(k + 1) == Some('.') {
        k += 1;
    }
    if at(k) == Some('.') {
        let mut t = k + 1;
        if at(t) == Some(' ') && at(t + 1).is_some_and(|c| c == '-' || c.is_ascii_digit()) {
            t += 1;
        }
        if let Some(found) = dotted_tail(line, chars, t) {
            let (tail, mark, end, glued_title) = found;
            return Some((
                Found {
                    start,
                    end: offset(line, chars, end),
                    named: Named::Code(format!("{category}.{tail}")),
                    mark,
                    bare: false,
                    glued_from,
                    glued_title,
                },
                end,
            ));
        }
        return None;
    }
    if glued_from.is_some() {
        return None;
    }
    // A range: two categories joined by a hyphen or an en dash.
    let k = i + 3;
    if matches!(at(k), Some('-' | '–')) && category_at(chars, k + 1).is_some() && !alnum(at(k + 4))
    {
        let (l, t, u) = category_at(chars, k + 1)?;
        let end = k + 4;
        return Some((
            Found {
                start,
                end: offset(line, chars, end),
                named: Named::Range(category, format!("{l}{t}{u}")),
                mark: None,
                bare: true,
                glued_from: None,
                glued_title: false,
            },
            end,
        ));
    }
    // A bare category, where a code stands.
    if alnum(at(k)) || !bare_category_stands(line, chars, i, k) {
        return None;
    }
    Some((
        Found {
            start,
            end: offset(line, chars, k),
            named: Named::Code(format!("{category}.-")),
            mark: None,
            bare: true,
            glued_from: None,
            glued_title: false,
        },
        k,
    ))
}

/// The part after the dot starting at character `t`: `-` or one or two digits or `X`, then
/// a mark. Returns the tail, the mark, the character after the code, and whether a title is
/// glued to it.
fn dotted_tail(
    line: &str,
    chars: &[(usize, char)],
    t: usize,
) -> Option<(String, Option<Mark>, usize, bool)> {
    let _ = line;
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let mut k = t;
    let mut tail = String::new();
    if at(k) == Some('-') {
        tail.push('-');
        k += 1;
    } else {
        while tail.len() < 2 && at(k).is_some_and(|c| c.is_ascii_digit() || c == 'X') {
            tail.push(at(k)?);
            k += 1;
        }
        if tail.is_empty() {
            return None;
        }
    }
    let mut mark = None;
    match at(k) {
        Some('†') => {
            mark = Some(Mark::Dagger);
            k += 1;
        }
        Some('*') => {
            mark = Some(Mark::Asterisk);
            k += 1;
        }
        // A mark letter, but not the first letter of a glued title (`E20.1Abdominal`).
        Some(c @ ('A' | 'D')) if !alnum(at(k + 1)) => {
            mark = Some(if c == 'D' {
                Mark::Dagger
            } else {
                Mark::Asterisk
            });
            k += 1;
        }
        _ => {}
    }
    // A title glued to the code: a capital letter and a lower-case one (`E20.1Total`).
    let glued_title = mark.is_none()
        && at(k).is_some_and(|c| c.is_ascii_uppercase())
        && at(k + 1).is_some_and(|c| c.is_ascii_lowercase());
    if !glued_title && alnum(at(k)) {
        return None;
    }
    Some((tail, mark, k, glued_title))
}

/// True when the letter and two digits at `i..k` stand where a code stands: followed by a
/// title (a capitalised word) or a closing bracket or comma, or preceded by an opening
/// bracket, a comma or a word that introduces codes.
fn bare_category_stands(line: &str, chars: &[(usize, char)], i: usize, k: usize) -> bool {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let mut n = k;
    while at(n) == Some(' ') {
        n += 1;
    }
    let title_follows = n > k
        && at(n).is_some_and(|c| c.is_ascii_uppercase())
        && at(n + 1).is_some_and(|c| c.is_ascii_lowercase());
    if title_follows || matches!(at(n), Some(')' | ',')) {
        return true;
    }
    let before = &line[..offset(line, chars, i)];
    let before = before.trim_end();
    if before.ends_with('(') || before.ends_with(',') {
        return true;
    }
    let word = before
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "category" | "categories" | "from" | "code" | "codes" | "or" | "and" | "plus"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        scan(line).iter().map(|f| f.named.text()).collect()
    }

    #[test]
    fn reads_dotted_codes_with_their_slips_and_marks() {
        assert_eq!(
            texts("K57.8 Other; Y53.- Approach; I48.X AF; M80.08 and M45.X0; S07. 9 typo; Y68 .-"),
            [
                "K57.8", "Y53.-", "I48.X", "M80.08", "M45.X0", "S07.9", "Y68.-"
            ]
        );
        let found = scan("Q90.-† with H19.8* and H19.8A, A17.0D");
        let marks: Vec<_> = found.iter().map(|f| (f.named.text(), f.mark)).collect();
        assert_eq!(
            marks,
            [
                ("Q90.-".to_owned(), Some(Mark::Dagger)),
                ("H19.8".to_owned(), Some(Mark::Asterisk)),
                ("H19.8".to_owned(), Some(Mark::Asterisk)),
                ("A17.0".to_owned(), Some(Mark::Dagger)),
            ]
        );
        assert!(texts("K578 XK57.8 K57.812 k57.8 4.6 OPCS4.6 IPG655").is_empty());
    }

    #[test]
    fn reads_glued_codes_and_titles() {
        let line = "E20.1Total adenoidectomy orY75.4 Hand";
        let found = scan(line);
        assert_eq!(texts(line), ["E20.1", "Y75.4"]);
        assert!(found[0].glued_title);
        assert_eq!(found[1].printed(line), "orY75.4");
        // A mark letter is not the first letter of a glued title.
        assert_eq!(
            scan("E20.1Abdominal")
                .iter()
                .map(|f| (f.named.text(), f.mark, f.glued_title))
                .collect::<Vec<_>>(),
            [("E20.1".to_owned(), None, true)]
        );
    }

    #[test]
    fn reads_bare_categories_and_ranges_where_codes_stand() {
        assert_eq!(
            texts("C22 Malignant neoplasm of liver; X70-X71 Procurement of drugs Bands 1-10"),
            ["C22.-", "X70-X71"]
        );
        assert_eq!(
            texts("tonsil (F34), stent (L76, L89, O20), category F32 Depressive or F33 Recurrent"),
            ["F34.-", "L76.-", "L89.-", "O20.-", "F32.-", "F33.-"]
        );
        assert_eq!(
            texts("categories K40–K44 and (C71-C74)."),
            ["K40-K44", "C71-C74"]
        );
        // Running text is not read as codes.
        assert!(texts("vitamin B12 deficiency on the M25 near A4 paper").is_empty());
    }
}

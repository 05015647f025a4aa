//! The stock notes (guidance/stock-notes.toml, as compiled into the library) and the codes
//! each names, by which a note of a text is recognised as one of them.

/// A stock note and the codes it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockNote {
    pub key: String,
    /// The categories it names, as `Y53.-`.
    pub categories: Vec<String>,
    /// The codes it names (`Y53.9`).
    pub codes: Vec<String>,
}

impl StockNote {
    /// A stock note whose text is `text`.
    pub fn new(key: &str, text: &str) -> StockNote {
        let mut categories = Vec::new();
        let mut codes = Vec::new();
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')) {
            let word = word.trim_end_matches('.');
            let b = word.as_bytes();
            let category = b.len() >= 3
                && b[0].is_ascii_uppercase()
                && b[1].is_ascii_digit()
                && b[2].is_ascii_digit();
            if !category {
                continue;
            }
            match b.len() {
                3 => categories.push(format!("{word}.-")),
                5 if b[3] == b'.' && b[4].is_ascii_digit() => codes.push(word.to_owned()),
                _ => {}
            }
        }
        StockNote {
            key: key.to_owned(),
            categories,
            codes,
        }
    }

    /// How many codes it names.
    pub fn size(&self) -> usize {
        self.categories.len() + self.codes.len()
    }

    /// True when a note naming these categories and codes names every category of this
    /// stock note and no code it does not name: a note cut short, whose rest is not known.
    pub fn names_the_categories_of(&self, categories: &[String], codes: &[String]) -> bool {
        !self.categories.is_empty()
            && self.categories.iter().all(|c| categories.contains(c))
            && codes.iter().all(|c| self.codes.contains(c))
    }

    /// The codes it gives as a category's default: those of its own categories (`Y53.9` of
    /// `Y53.-`).
    pub fn defaults(&self) -> Vec<String> {
        self.codes
            .iter()
            .filter(|code| self.categories.iter().any(|c| code.get(..3) == c.get(..3)))
            .cloned()
            .collect()
    }

    /// True when a note naming these categories and codes says what this stock note says.
    pub fn matches(&self, categories: &[String], codes: &[String]) -> bool {
        !self.categories.is_empty()
            && self.categories.iter().all(|c| categories.contains(c))
            && self.codes.iter().all(|c| codes.contains(c))
    }
}

/// The stock notes compiled into the library.
pub fn shipped() -> Vec<StockNote> {
    nice_coding::StockNote::all()
        .map(|n| StockNote::new(n.key, n.text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stock_note_names_its_categories_and_codes() {
        let note = StockNote::new(
            "y53-unspecified",
            "Y53 codes are secondary codes. If not specified, assign Y53.9 Unspecified approach.",
        );
        assert_eq!(note.categories, ["Y53.-"]);
        assert_eq!(note.codes, ["Y53.9"]);
        assert!(note.matches(&["Y53.-".to_owned()], &["Y53.9".to_owned()]));
        assert!(!note.matches(&["Y53.-".to_owned(), "Y68.-".to_owned()], &[]));
        assert_eq!(note.defaults(), ["Y53.9"]);
    }

    #[test]
    fn a_note_cut_short_is_known_by_its_categories() {
        let note = StockNote::new(
            "y53-unspecified",
            "Y53 codes are secondary codes. If not specified, assign Y53.9 Unspecified approach.",
        );
        // What is left of the note names the category, not yet the default.
        assert!(!note.matches(&["Y53.-".to_owned()], &[]));
        assert!(note.names_the_categories_of(&["Y53.-".to_owned()], &[]));
        // A code the stock note does not name: another note.
        assert!(!note.names_the_categories_of(&["Y53.-".to_owned()], &["Y53.4".to_owned()]));
        // A stock note naming no code gives no default.
        let both = StockNote::new("both", "Y53 and Y68 codes are additional codes.");
        assert!(both.defaults().is_empty());
        assert!(!both.names_the_categories_of(&["Y53.-".to_owned()], &[]));
    }
}

//! Suggesting the word a maintainer probably meant (a key, a stock note's name).

/// The candidate closest to `word` by edit distance, when it is close enough to be a likely
/// misspelling (at most two edits, and fewer than a third of the word).
///
/// The work is bounded whatever the input: a candidate whose length differs from the word's
/// by more than two cannot be within two edits and is skipped without comparing, so a
/// megabyte-long unknown key costs one count of its characters.
///
/// The candidates come as `&mut dyn Iterator`: one copy of this function, whatever its callers
/// iterate.
pub fn closest<'a>(word: &str, candidates: &mut dyn Iterator<Item = &'a str>) -> Option<&'a str> {
    const MAX_EDITS: usize = 2;
    let word_length = word.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let candidate_length = candidate.chars().count();
        if word_length.abs_diff(candidate_length) > MAX_EDITS {
            continue;
        }
        let Some(d) = edit_distance_within(word, candidate, MAX_EDITS) else {
            continue;
        };
        if d * 3 < word_length.max(candidate_length) && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance with adjacent transpositions counted as one edit, when it is at most
/// `max`; `None` as soon as every path is longer (three rows, stopped early).
fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (previous[j] + 1)
                .min(row[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            row[j] = v;
        }
        if row.iter().all(|&v| v > max) {
            return None;
        }
        before = std::mem::replace(&mut previous, row);
    }
    let d = previous[b.len()];
    (d <= max).then_some(d)
}

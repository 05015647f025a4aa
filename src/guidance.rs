//! Accessors, parsing and lookups for [`Guidance`].

use crate::code::{Icd10Code, Opcs4Code};
use crate::rule::Rule;
use crate::tables::layout::guidance as layout;
use crate::tables::{self, GuidanceRecord, ID_KEYS, Texts, opt_text, text};
use crate::{
    Guidance, ICD10_INDEX, ICD10_INDEX_GUIDANCE, OPCS4_INDEX_GUIDANCE, SNOMED, STOCK_NOTES,
};
use core::fmt;

/// A NICE guidance programme that publishes coding recommendations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Programme {
    /// Interventional procedures guidance (`IPG`).
    Ipg,
    /// Medical technologies guidance (`MTG`).
    Mtg,
}

impl Programme {
    /// The id prefix: `"IPG"`, `"MTG"`.
    pub const fn prefix(self) -> &'static str {
        match self {
            Programme::Ipg => "IPG",
            Programme::Mtg => "MTG",
        }
    }

    /// Every guidance of this programme, in number order.
    pub fn guidance(self) -> impl DoubleEndedIterator<Item = Guidance> + ExactSizeIterator {
        let key = (self as u32) << 16;
        let all = 0..ID_KEYS.len();
        let start = ID_KEYS.partition_point(all.clone(), |k| u32::from_le_bytes(k) < key);
        let end = ID_KEYS.partition_point(all, |k| u32::from_le_bytes(k) < key + (1 << 16));
        Guidance::ALL[start..end].iter().copied()
    }
}

/// Whether a guidance is still in force.
///
/// Ordered as the variants are: current first. Its text form is its `snake_case` name
/// ([`as_str`](Status::as_str)), which `Display` writes and `FromStr` reads back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Status {
    /// In force.
    Current,
    /// Replaced by other guidance ([`Guidance::replaced_by`]); kept in the catalogue because
    /// episodes coded under it still need reading.
    Superseded,
    /// Withdrawn by NICE.
    Withdrawn,
}

/// NICE's recommendation category for the procedure.
///
/// Ordered as the variants are. Its text form is its `snake_case` name
/// ([`as_str`](Recommendation::as_str)), which `Display` writes and `FromStr` reads back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Recommendation {
    /// Standard (older texts: "normal") arrangements for clinical governance, consent and audit.
    Standard,
    /// Special arrangements for clinical governance, consent and audit or research.
    Special,
    /// Only in the context of research.
    ResearchOnly,
}

/// A SNOMED CT concept given by a guidance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SnomedConcept {
    /// The concept id (`448606008`), checked for its Verhoeff check digit at build time.
    pub id: u64,
    /// The preferred term as the guidance publishes it.
    pub term: &'static str,
    /// Whether the concept describes the procedure (`true`) or the diagnosis (`false`).
    pub is_procedure: bool,
}

/// A note NICE repeats across guidance, stored once (see `guidance/stock-notes.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StockNote {
    /// The key guidance files refer to it by (`"y53-unspecified"`).
    pub key: &'static str,
    /// The note, in the project's words.
    pub text: &'static str,
}

impl StockNote {
    /// The stock note with this key.
    pub fn get(key: &str) -> Option<StockNote> {
        let i = STOCK_NOTES
            .binary_search_by(|&(k, _)| text(k).cmp(key))
            .ok()?;
        Some(StockNote::from_row(i))
    }

    /// Every stock note, sorted by key.
    pub fn all() -> impl ExactSizeIterator<Item = StockNote> {
        (0..STOCK_NOTES.len()).map(StockNote::from_row)
    }

    pub(crate) fn from_row(i: usize) -> StockNote {
        let (key, body) = STOCK_NOTES[i];
        StockNote {
            key: text(key),
            text: text(body),
        }
    }
}

/// Stock notes attached to a guidance or a node, resolved to their text.
#[derive(Clone, Debug)]
pub struct StockNotes {
    items: core::ops::Range<usize>,
}

impl StockNotes {
    /// `list` holds rows of `STOCK_NOTES`, resolved from keys at build time.
    pub(crate) fn new(list: tables::List) -> StockNotes {
        StockNotes {
            items: list.range(),
        }
    }
}

impl Iterator for StockNotes {
    type Item = StockNote;
    fn next(&mut self) -> Option<StockNote> {
        self.items
            .next()
            .map(|i| StockNote::from_row(tables::LISTS.u32(i) as usize))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl ExactSizeIterator for StockNotes {}

/// Another guidance named by `replaces` / `replaced_by`; it may or may not be in the
/// catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GuidanceRef {
    id: &'static str,
}

impl GuidanceRef {
    /// The id as written (`"IPG92"`).
    pub const fn id(self) -> &'static str {
        self.id
    }

    /// The guidance, when the catalogue holds it.
    pub fn guidance(self) -> Option<Guidance> {
        self.id.parse().ok()
    }
}

impl fmt::Display for GuidanceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.id)
    }
}

/// An iterator over guidance references.
#[derive(Clone, Debug)]
pub struct GuidanceRefs {
    ids: Texts,
}

impl Iterator for GuidanceRefs {
    type Item = GuidanceRef;
    fn next(&mut self) -> Option<GuidanceRef> {
        self.ids.next().map(|id| GuidanceRef { id })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}

impl ExactSizeIterator for GuidanceRefs {}

/// The guidance found by a reverse lookup, in catalogue order.
#[derive(Clone, Debug)]
pub struct GuidanceList {
    /// Rows of `guidance`, a table of `u16` guidance rows.
    rows: core::ops::Range<usize>,
    guidance: tables::Rows<2>,
}

impl Iterator for GuidanceList {
    type Item = Guidance;
    fn next(&mut self) -> Option<Guidance> {
        let guidance = self.guidance;
        self.rows
            .next()
            .map(|i| Guidance::ALL[guidance.u16(i) as usize])
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.rows.size_hint()
    }
}

impl ExactSizeIterator for GuidanceList {}
impl DoubleEndedIterator for GuidanceList {
    fn next_back(&mut self) -> Option<Guidance> {
        let guidance = self.guidance;
        self.rows
            .next_back()
            .map(|i| Guidance::ALL[guidance.u16(i) as usize])
    }
}

/// The error of parsing a guidance id that the catalogue does not hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseGuidanceError {
    /// Not an id at all: a programme prefix then a number (`IPG655`).
    Malformed,
    /// A well-formed id that is not in the catalogue.
    Unknown,
}

impl fmt::Display for ParseGuidanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParseGuidanceError::Malformed => {
                "not a guidance id: expected a programme and a number, such as IPG655"
            }
            ParseGuidanceError::Unknown => "no guidance with this id in the catalogue",
        })
    }
}

impl core::error::Error for ParseGuidanceError {}

/// Splits `IPG655` (any case) into the programme and the number, without allocating.
fn parse_key(s: &str) -> Result<u32, ParseGuidanceError> {
    let b = s.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let (prefix, digits) = b.split_at(letters);
    let programme = Programme::ALL
        .iter()
        .position(|p| p.prefix().as_bytes().eq_ignore_ascii_case(prefix))
        .ok_or(ParseGuidanceError::Malformed)?;
    if digits.is_empty() || digits.len() > 5 || digits[0] == b'0' {
        return Err(ParseGuidanceError::Malformed);
    }
    let mut number = 0u32;
    for &d in digits {
        if !d.is_ascii_digit() {
            return Err(ParseGuidanceError::Malformed);
        }
        number = number * 10 + u32::from(d - b'0');
    }
    if number > 0xFFFF {
        return Err(ParseGuidanceError::Unknown);
    }
    Ok(((programme as u32) << 16) | number)
}

impl Guidance {
    fn record(self) -> GuidanceRecord {
        GuidanceRecord::at(self as usize)
    }

    /// The canonical id (`"IPG655"`).
    pub fn id(self) -> &'static str {
        text(self.record().string(layout::ID))
    }

    /// The programme (`Programme::Ipg`).
    pub fn programme(self) -> Programme {
        match self.record().byte(layout::PROGRAMME) {
            0 => Programme::Ipg,
            _ => Programme::Mtg,
        }
    }

    /// The guidance number within its programme (655 for IPG655).
    pub fn number(self) -> u16 {
        self.record().number()
    }

    /// The title as NICE gives it.
    pub fn title(self) -> &'static str {
        text(self.record().string(layout::TITLE))
    }

    /// The address of NICE's page for the guidance (the build accepts only NICE's hosts; a
    /// file whose text was read from a copy of the page says so in a comment).
    pub fn source_url(self) -> &'static str {
        text(self.record().string(layout::SOURCE))
    }

    /// Whether the guidance is current, superseded or withdrawn.
    pub fn status(self) -> Status {
        match self.record().byte(layout::STATUS) {
            0 => Status::Current,
            1 => Status::Superseded,
            _ => Status::Withdrawn,
        }
    }

    /// Guidance this one replaces (they may not be in the catalogue).
    pub fn replaces(self) -> GuidanceRefs {
        GuidanceRefs {
            ids: Texts::new(self.record().list(layout::REPLACES)),
        }
    }

    /// Guidance that replaced this one.
    pub fn replaced_by(self) -> GuidanceRefs {
        GuidanceRefs {
            ids: Texts::new(self.record().list(layout::REPLACED_BY)),
        }
    }

    /// NICE's recommendation category, when the source gives it.
    pub fn recommendation(self) -> Option<Recommendation> {
        match self.record().byte(layout::RECOMMENDATION) {
            1 => Some(Recommendation::Standard),
            2 => Some(Recommendation::Special),
            3 => Some(Recommendation::ResearchOnly),
            _ => None,
        }
    }

    /// The OPCS-4 version the codes were written for (`"4.6"`), when the source states it.
    pub fn opcs4_version(self) -> Option<&'static str> {
        opt_text(self.record().string(layout::OPCS4_VERSION))
    }

    /// The ICD-10 edition the codes were written for (`"5"`), when the source states it.
    pub fn icd10_edition(self) -> Option<&'static str> {
        opt_text(self.record().string(layout::ICD10_EDITION))
    }

    /// When the guidance or its coding text was published (`"2019"`, `"2019-05"` or
    /// `"2019-05-22"`), when known.
    pub fn published(self) -> Option<&'static str> {
        opt_text(self.record().string(layout::PUBLISHED))
    }

    /// Why no publication date can be established, when the file says so instead of giving
    /// `published`.
    pub fn undated(self) -> Option<&'static str> {
        opt_text(self.record().string(layout::UNDATED))
    }

    /// When the coding page was last updated, in the same form, when known.
    pub fn last_updated(self) -> Option<&'static str> {
        opt_text(self.record().string(layout::LAST_UPDATED))
    }

    /// Body-system headings the source lists.
    pub fn body_systems(self) -> Texts {
        Texts::new(self.record().list(layout::BODY_SYSTEMS))
    }

    /// The OPCS-4 recommendation: an [`all`](crate::RuleKind::All) rule whose children are
    /// assigned together. It has no children only when
    /// [`no_single_code_set`](Guidance::no_single_code_set) says why.
    pub fn procedure(self) -> Rule {
        Rule::at(self.record().procedure())
    }

    /// The ICD-10 recommendation, an [`all`](crate::RuleKind::All) rule; it has no children
    /// when the source gives no ICD-10 code.
    pub fn diagnosis(self) -> Rule {
        Rule::at(self.record().diagnosis())
    }

    /// Codes whose presence in an episode means this guidance does not apply (`ruled_out_by`):
    /// IPG377 (off-pump bypass) is ruled out by `Y73.1` Cardiopulmonary bypass, which codes
    /// on-pump surgery. Empty for most guidance. Each is a [code](crate::RuleKind::Code) rule
    /// with its title.
    ///
    /// ```
    /// let codes: Vec<String> = nice_coding::ipg::IPG377
    ///     .ruled_out_by()
    ///     .filter_map(|r| r.code())
    ///     .map(|c| c.bare().to_string())
    ///     .collect();
    /// assert_eq!(codes, ["Y73.1"]);
    /// ```
    pub fn ruled_out_by(self) -> crate::rule::Rules {
        crate::rule::Rules::of_root(self.record().ruled_out_by())
    }

    /// SNOMED CT concepts the source gives.
    pub fn snomed(self) -> impl ExactSizeIterator<Item = SnomedConcept> {
        SNOMED[self.record().snomed().range()]
            .iter()
            .map(|r| SnomedConcept {
                id: r.concept,
                term: text(r.term),
                is_procedure: r.procedure,
            })
    }

    /// Notes on the guidance as a whole.
    pub fn notes(self) -> Texts {
        Texts::new(self.record().list(layout::NOTES))
    }

    /// Stock notes on the guidance as a whole.
    pub fn stock_notes(self) -> StockNotes {
        StockNotes::new(self.record().list(layout::STOCK_NOTES))
    }

    /// What the classification cannot capture about the procedure.
    pub fn limitations(self) -> Texts {
        Texts::new(self.record().list(layout::LIMITATIONS))
    }

    /// Parts of the procedure deliberately not coded, and why.
    pub fn not_coded(self) -> Texts {
        Texts::new(self.record().list(layout::NOT_CODED))
    }

    /// Where the source is ambiguous: the reading encoded and why.
    pub fn ambiguities(self) -> Texts {
        Texts::new(self.record().list(layout::AMBIGUITIES))
    }

    /// What is known to be missing when the source text was cut short.
    pub fn incomplete(self) -> Option<&'static str> {
        opt_text(self.record().string(layout::INCOMPLETE))
    }

    /// True unless the source text was cut short.
    pub fn is_complete(self) -> bool {
        self.record().string(layout::INCOMPLETE) == 0
    }

    /// Why the guidance cannot be expressed by a single code set (coded case by case), if so.
    pub fn no_single_code_set(self) -> Option<&'static str> {
        opt_text(self.record().string(layout::NO_SINGLE_CODE_SET))
    }

    /// Every guidance whose recommendation names this OPCS-4 code, as a code or a default, in
    /// catalogue order (exactly: `Y53.-` finds the guidance that name the category, not those
    /// naming `Y53.4`; [`Guidance::naming`] finds both).
    ///
    /// A direct lookup by the code's characters, without a search: two bit tests and two
    /// counts of set bits in tables built with the catalogue.
    ///
    /// ```
    /// use nice_coding::{Guidance, ipg, opcs4};
    /// assert!(Guidance::using_opcs4(opcs4!("K57.8")).any(|g| g == ipg::IPG655));
    /// ```
    #[inline]
    pub fn using_opcs4(code: Opcs4Code) -> GuidanceList {
        GuidanceList {
            rows: tables::opcs4_rows(code.0),
            guidance: tables::Rows(&OPCS4_INDEX_GUIDANCE),
        }
    }

    /// Every guidance whose recommendation names this ICD-10 code, as a code or a default, in
    /// catalogue order.
    ///
    /// **Dagger and asterisk marks are ignored**, as matching ignores them: `H19.8` finds the
    /// guidance that write `H19.8A` (IPG227's asterisk code), and `H19.8A` or `H19.8D` finds
    /// those that write `H19.8` too. Each guidance is listed once. To see how a guidance writes
    /// the code, mark included, read the rules [`Guidance::naming`] gives
    /// ([`NamedBy::Code`](crate::NamedBy::Code)).
    ///
    /// ```
    /// use nice_coding::{Guidance, icd10, ipg};
    /// let unmarked: Vec<Guidance> = Guidance::using_icd10(icd10!("H19.8")).collect();
    /// assert!(unmarked.contains(&ipg::IPG227));
    /// assert_eq!(Guidance::using_icd10(icd10!("H19.8A")).collect::<Vec<_>>(), unmarked);
    /// ```
    #[inline]
    pub fn using_icd10(code: Icd10Code) -> GuidanceList {
        GuidanceList {
            rows: tables::Rows::<6>(&ICD10_INDEX).equal_code_range(code.without_marker().0),
            guidance: tables::Rows(&ICD10_INDEX_GUIDANCE),
        }
    }

    /// The guidance as a readable page, laid out like NICE's (see [`Page`](crate::Page)).
    pub fn page(self) -> crate::Page {
        crate::Page::new(self)
    }
}

impl core::str::FromStr for Guidance {
    type Err = ParseGuidanceError;

    /// The guidance with this id, in any case (`"IPG655"`, `"ipg655"`): the one way to read an
    /// id (`"ipg655".parse::<Guidance>()`, `Guidance::try_from`, and the `serde` feature all
    /// come here). Does not allocate: a binary search over sorted numeric keys.
    ///
    /// ```
    /// use nice_coding::{Guidance, ParseGuidanceError, ipg};
    /// assert_eq!("ipg655".parse(), Ok(ipg::IPG655));
    /// assert_eq!("IPG1".parse::<Guidance>(), Err(ParseGuidanceError::Unknown));
    /// assert_eq!("IPG".parse::<Guidance>(), Err(ParseGuidanceError::Malformed));
    /// // Where absence is not an error:
    /// assert_eq!("IPG1".parse::<Guidance>().ok(), None);
    /// ```
    fn from_str(s: &str) -> Result<Guidance, ParseGuidanceError> {
        let key = parse_key(s)?;
        let row = ID_KEYS.partition_point(0..ID_KEYS.len(), |k| u32::from_le_bytes(k) < key);
        if row < ID_KEYS.len() && ID_KEYS.u32(row) == key {
            Ok(Guidance::ALL[row])
        } else {
            Err(ParseGuidanceError::Unknown)
        }
    }
}

impl TryFrom<&str> for Guidance {
    type Error = ParseGuidanceError;
    fn try_from(s: &str) -> Result<Guidance, ParseGuidanceError> {
        s.parse()
    }
}

impl fmt::Display for Guidance {
    /// The canonical id (`IPG655`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.id())
    }
}

impl fmt::Debug for Guidance {
    /// `Guidance(IPG655)`: the type and the text form, as every value type with a text form
    /// writes its `Debug` (`Opcs4Code(K57.8)`, `Code(opcs4:K57.8)`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Guidance({})", self.id())
    }
}

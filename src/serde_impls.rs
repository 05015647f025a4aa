//! `Serialize` for the catalogue's types (the `serde` feature). The shape is documented on
//! [`Catalogue`]; every implementation here writes that shape and nothing else.
//!
//! The implementations are written by hand, not derived: most types are handles into static
//! tables whose data is reached through methods, and serde's derive would pull `syn` into every
//! build that enables the feature. Nothing allocates: lists are written straight from the
//! tables' iterators, codes through their `Display`.

use crate::code::{Icd10Code, Icd10Marker, Opcs4Code};
use crate::guidance::{GuidanceRef, Programme, Recommendation, SnomedConcept, Status, StockNote};
use crate::matching::Outcome;
use crate::naming::NamedBy;
use crate::rule::{BareCode, CategoryRange, Code, Rule, RuleKind};
use crate::{DATA_VERSION, Guidance};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The whole catalogue, for serialisation: [`DATA_VERSION`] and every guidance in id order.
///
/// Only with the `serde` feature. Every value has one fixed shape: an object always has all
/// of its keys, with `null` for an absent text and `[]` for an empty list, so a consumer
/// never has to test whether a key exists. Codes are their canonical dotted strings
/// (`"K57.8"`, `"Y53.-"`, `"I48.X"`); names of enum values are lower-case `snake_case`.
///
/// ```json
/// { "data_version": "...", "guidance": [ { ...a guidance... }, ... ] }
/// ```
///
/// **A guidance** in the catalogue (and a [`GuidanceRecord`]) is its full record, keys in this
/// order:
///
/// | key | value |
/// |---|---|
/// | `id` | `"IPG655"` |
/// | `programme` | `"ipg"` or `"mtg"` ([`Programme`]) |
/// | `number` | `655` |
/// | `title`, `source_url` | strings |
/// | `status` | `"current"`, `"superseded"` or `"withdrawn"` ([`Status`]) |
/// | `replaces`, `replaced_by` | lists of ids (`["IPG92"]`), which may name guidance outside the catalogue |
/// | `recommendation` | `"standard"`, `"special"`, `"research_only"` or `null` ([`Recommendation`]) |
/// | `opcs4_version`, `icd10_edition`, `published`, `undated`, `last_updated` | string or `null` (`"4.6"`, `"5"`, `"2019-05"`) |
/// | `body_systems` | list of strings |
/// | `incomplete` | what the cut-short source lost, or `null` when it is complete |
/// | `no_single_code_set` | why the guidance has no single code set, or `null` |
/// | `procedure`, `diagnosis` | the two recommendation trees, each an `all` rule (below) |
/// | `ruled_out_by` | list of code rules whose presence rules the guidance out ([`Guidance::ruled_out_by`]) |
/// | `snomed` | list of `{"id": "448606008", "term": "...", "applies_to": "procedure"}`; the id is a string because SNOMED CT ids reach 18 digits, beyond what a JSON number keeps exactly in many readers; `applies_to` is `"procedure"` or `"diagnosis"` |
/// | `notes`, `limitations`, `not_coded`, `ambiguities` | lists of strings |
/// | `stock_notes` | list of `{"key": "y53-unspecified", "text": "..."}` ([`StockNote`]) |
///
/// **A rule** ([`Rule`]), the node of a tree, has these keys, in this order, whatever its kind:
///
/// | key | value |
/// |---|---|
/// | `kind` | `"opcs4"` or `"icd10"` (a code), `"all"`, `"one_of"`, `"one_or_more"`, `"variants"`, `"stages"`, `"patients"`, `"placeholder"`: the kind keys of the guidance file format |
/// | `code` | the code or category (`"Y53.-"`) of a code rule, else `null`; its classification is the `kind` |
/// | `title`, `printed` | the code's title and what the page printed, or `null` |
/// | `description` | a placeholder's description, else `null` |
/// | `within` | a placeholder's category ranges, `[{"first": "C71", "last": "C74"}]` ([`CategoryRange`]; `first` equals `last` for one category), else `[]` |
/// | `default`, `default_title` | the code to assign when the detail is not documented (`"Y53.9"`) and its title, or `null` |
/// | `except` | a category's codes that do not satisfy it, the text saying they must not be used (`["L89.8", "L89.9"]`) ([`Rule::except`]), else `[]` |
/// | `condition`, `note`, `sequence`, `label` | strings or `null` |
/// | `stock_notes` | as on a guidance |
/// | `preferred` | `true` on the preferred variant |
/// | `label_implied` | `true` when the text prints no label for this alternative ([`Rule::is_label_implied`]) |
/// | `only_if`, `instead_of`, `supplementary_if` | lists of codes of the same tree (`["K57.4"]`) ([`Rule::only_if`], ...) |
/// | `concurrent`, `chosen_by` | strings or `null` ([`Rule::concurrent`], [`Rule::chosen_by`]) |
/// | `count` | `"one_or_more"` on a placeholder that stands for several codes, else `"one"` |
/// | `in_order` | `true` on an `all` whose codes are recorded in the order listed |
/// | `includes` | list of strings: the Includes lines under a code |
/// | `excludes` | list of code rules: the Excludes lines under a code |
/// | `children` | the rules of a group, in the guidance's order; `[]` for codes and placeholders |
///
/// The other types serialise on their own as their text form, the string `Display` writes and
/// `FromStr` and `Deserialize` read back, so each is a string in every format, a map key and a
/// CSV field: [`Opcs4Code`] and [`Icd10Code`] their canonical strings (`"K57.8"`, `"H19.8A"`);
/// [`Code`] `"opcs4:K57.8"` or `"icd10:I50.9"`, because the same string can be a code of either
/// classification (`A01.1`); [`RuleKind`] `"all"`, `"one_of"`, ... or a code's
/// (`"opcs4:K57.8"`); [`Outcome`], [`Status`], [`NamedBy`], [`Programme`], [`Recommendation`]
/// and [`Icd10Marker`] their `snake_case` names (`"diagnosis_matches"`, `"dagger"`); a
/// [`Guidance`] its id (`"IPG655"`: wrap it in [`GuidanceRecord`] for its full record);
/// [`GuidanceRef`] its id as written.
///
/// ```
/// let json = serde_json::to_value(nice_coding::Catalogue).unwrap();
/// assert_eq!(json["data_version"], nice_coding::DATA_VERSION);
/// let ipg655 = &json["guidance"].as_array().unwrap().iter().find(|g| g["id"] == "IPG655").unwrap();
/// assert_eq!(ipg655["status"], "current");
/// let first = &ipg655["procedure"]["children"][0];
/// assert_eq!((&first["kind"], &first["code"]), (&"opcs4".into(), &"K57.8".into()));
/// assert_eq!(ipg655["procedure"]["children"][2]["children"][0]["default"], "Y53.9");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Catalogue;

/// A list written from a fresh iterator each time it is serialised, so iterators that are not
/// `Clone` (or that borrow a handle) can be written without collecting them.
struct List<F>(F);

impl<F, I> Serialize for List<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

impl Serialize for BareCode {
    /// The code alone, `"K57.8"`: a rule's code in the catalogue, where the rule's `kind` names
    /// the classification.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for Catalogue {
    /// `{"data_version": ..., "guidance": [...]}`; see [`Catalogue`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Catalogue", 2)?;
        s.serialize_field("data_version", DATA_VERSION)?;
        s.serialize_field(
            "guidance",
            &List(|| Guidance::ALL.iter().map(|&g| GuidanceRecord(g))),
        )?;
        s.end()
    }
}

/// The full record of one guidance, for serialisation (the `serde` feature): the object
/// [`Catalogue`] lists, with the keys its documentation gives.
///
/// A [`Guidance`] serialises as its id (`"IPG655"`): a guidance is a handle into the catalogue,
/// like a unit variant, so it works as a map key (`BTreeMap<Guidance, _>`), as a field of a
/// CSV row, and reads back with `Deserialize`. Wrap it in `GuidanceRecord` where the reader
/// needs the data itself.
///
/// ```
/// use nice_coding::{GuidanceRecord, ipg};
///
/// assert_eq!(serde_json::to_value(ipg::IPG655).unwrap(), "IPG655");
/// let record = serde_json::to_value(GuidanceRecord(ipg::IPG655)).unwrap();
/// assert_eq!(record["title"], ipg::IPG655.title());
/// assert_eq!(record["procedure"]["children"][0]["code"], "K57.8");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GuidanceRecord(pub Guidance);

impl Serialize for Guidance {
    /// The id, `"IPG655"`; see [`GuidanceRecord`] for the full record.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl Serialize for GuidanceRecord {
    /// The full record of the guidance; see [`Catalogue`] for the keys.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut s = serializer.serialize_struct("Guidance", 25)?;
        s.serialize_field("id", g.id())?;
        s.serialize_field("programme", &g.programme())?;
        s.serialize_field("number", &g.number())?;
        s.serialize_field("title", g.title())?;
        s.serialize_field("source_url", g.source_url())?;
        s.serialize_field("status", &g.status())?;
        s.serialize_field("replaces", &List(|| g.replaces()))?;
        s.serialize_field("replaced_by", &List(|| g.replaced_by()))?;
        s.serialize_field("recommendation", &g.recommendation())?;
        s.serialize_field("opcs4_version", &g.opcs4_version())?;
        s.serialize_field("icd10_edition", &g.icd10_edition())?;
        s.serialize_field("published", &g.published())?;
        s.serialize_field("undated", &g.undated())?;
        s.serialize_field("last_updated", &g.last_updated())?;
        s.serialize_field("body_systems", &List(|| g.body_systems()))?;
        s.serialize_field("incomplete", &g.incomplete())?;
        s.serialize_field("no_single_code_set", &g.no_single_code_set())?;
        s.serialize_field("procedure", &g.procedure())?;
        s.serialize_field("diagnosis", &g.diagnosis())?;
        s.serialize_field("ruled_out_by", &List(|| g.ruled_out_by()))?;
        s.serialize_field("snomed", &List(|| g.snomed()))?;
        s.serialize_field("notes", &List(|| g.notes()))?;
        s.serialize_field("stock_notes", &List(|| g.stock_notes()))?;
        s.serialize_field("limitations", &List(|| g.limitations()))?;
        s.serialize_field("not_coded", &List(|| g.not_coded()))?;
        s.serialize_field("ambiguities", &List(|| g.ambiguities()))?;
        s.end()
    }
}

impl Serialize for Rule {
    /// The rule and its subtree, with every key present; see [`Catalogue`] for the keys.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = *self;
        let mut s = serializer.serialize_struct("Rule", 26)?;
        s.serialize_field("kind", r.kind().as_str())?;
        s.serialize_field("code", &r.code().map(Code::bare))?;
        s.serialize_field("title", &r.title())?;
        s.serialize_field("printed", &r.printed())?;
        s.serialize_field("description", &r.description())?;
        s.serialize_field("within", &List(|| r.within()))?;
        s.serialize_field("default", &r.default_code().map(Code::bare))?;
        s.serialize_field("default_title", &r.default_title())?;
        s.serialize_field("except", &List(|| r.except().map(Code::bare)))?;
        s.serialize_field("condition", &r.condition())?;
        s.serialize_field("note", &r.note())?;
        s.serialize_field("sequence", &r.sequence())?;
        s.serialize_field("label", &r.label())?;
        s.serialize_field("stock_notes", &List(|| r.stock_notes()))?;
        s.serialize_field("preferred", &r.is_preferred())?;
        s.serialize_field("label_implied", &r.is_label_implied())?;
        s.serialize_field("only_if", &List(|| r.only_if().map(Code::bare)))?;
        s.serialize_field("instead_of", &List(|| r.instead_of().map(Code::bare)))?;
        s.serialize_field(
            "supplementary_if",
            &List(|| r.supplementary_if().map(Code::bare)),
        )?;
        s.serialize_field("concurrent", &r.concurrent())?;
        s.serialize_field("chosen_by", &r.chosen_by())?;
        let count = if r.stands_for_several() {
            "one_or_more"
        } else {
            "one"
        };
        s.serialize_field("count", count)?;
        s.serialize_field("in_order", &r.is_in_order())?;
        s.serialize_field("includes", &List(|| r.includes()))?;
        s.serialize_field("excludes", &List(|| r.excludes()))?;
        s.serialize_field("children", &List(|| r.children()))?;
        s.end()
    }
}

impl Serialize for RuleKind {
    /// Its text form, as `Display` writes it: `"all"`, `"one_of"`, `"one_or_more"`,
    /// `"variants"`, `"stages"`, `"patients"`, `"placeholder"`, or a code's (`"opcs4:K57.8"`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for Code {
    /// Its text form, `"opcs4:K57.8"` or `"icd10:I50.9"` (the code alone could be either), so
    /// it is a string in every format and works as a map key.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for Opcs4Code {
    /// The canonical string, `"K57.8"` or `"Y53.-"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for Icd10Code {
    /// The canonical string, `"I50.9"`, `"I48.X"`, `"C50.-"` or `"H19.8A"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for CategoryRange {
    /// `{"first": "C71", "last": "C74"}`; `first` equals `last` for one category.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("CategoryRange", 2)?;
        s.serialize_field("first", self.first())?;
        s.serialize_field("last", self.last())?;
        s.end()
    }
}

/// `Serialize` for the enums of named values: the name as a string (`as_str`), which their
/// `Deserialize` and `FromStr` read back.
macro_rules! serialize_names {
    ($($ty:ty),+) => {$(
        impl Serialize for $ty {
            /// The name, a string ([`as_str`](Self::as_str)).
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    )+};
}

serialize_names!(
    Outcome,
    Status,
    NamedBy,
    Programme,
    Recommendation,
    Icd10Marker
);

impl Serialize for SnomedConcept {
    /// `{"id": "448606008", "term": "...", "applies_to": "procedure"}`; the id is a string so
    /// that 18-digit ids survive readers that hold JSON numbers as doubles.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Id(u64);
        impl Serialize for Id {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0)
            }
        }
        let mut s = serializer.serialize_struct("SnomedConcept", 3)?;
        s.serialize_field("id", &Id(self.id))?;
        s.serialize_field("term", self.term)?;
        let applies_to = if self.is_procedure {
            "procedure"
        } else {
            "diagnosis"
        };
        s.serialize_field("applies_to", applies_to)?;
        s.end()
    }
}

impl Serialize for StockNote {
    /// `{"key": "y53-unspecified", "text": "..."}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("StockNote", 2)?;
        s.serialize_field("key", self.key)?;
        s.serialize_field("text", self.text)?;
        s.end()
    }
}

impl Serialize for GuidanceRef {
    /// The id as written, `"IPG92"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

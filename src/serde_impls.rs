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
use crate::rule::{CategoryRange, Code, Rule, RuleKind};
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
/// **A guidance** ([`Guidance`]) is its full record, keys in this order:
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
/// | `opcs4_version`, `icd10_edition`, `published`, `last_updated` | string or `null` (`"4.6"`, `"5"`, `"2019-05"`) |
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
/// | `kind` | `"opcs4"` or `"icd10"` (a code), `"all"`, `"one_of"`, `"one_or_more"`, `"variants"`, `"stages"`, `"placeholder"`: the kind keys of the guidance file format |
/// | `code` | the code or category (`"Y53.-"`) of a code rule, else `null`; its classification is the `kind` |
/// | `title`, `printed` | the code's title and what the page printed, or `null` |
/// | `description` | a placeholder's description, else `null` |
/// | `within` | a placeholder's category ranges, `[{"first": "C71", "last": "C74"}]` ([`CategoryRange`]; `first` equals `last` for one category), else `[]` |
/// | `default`, `default_title` | the code to assign when the detail is not documented (`"Y53.9"`) and its title, or `null` |
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
/// The other types serialise on their own as follows: [`Opcs4Code`] and [`Icd10Code`] as their
/// canonical strings; [`Code`] as `{"opcs4": "K57.8"}` or `{"icd10": "I50.9"}`, because the same
/// string can be a code of either classification (`A01.1`); [`RuleKind`] as `"all"`,
/// `"one_of"`, ... or `{"code": {"opcs4": "K57.8"}}`; [`Icd10Marker`] as `"dagger"` or
/// `"asterisk"`; [`GuidanceRef`] as its id; [`Outcome`] as `"diagnosis_matches"`,
/// `"diagnosis_absent_or_different"`, `"no_diagnosis_recommendation"`,
/// `"diagnosis_not_checked"` or `"no_match"`. A [`Guidance`] inside a value of your own is
/// serialised as its full record; serialise [`Guidance::id`] where an id is enough.
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

/// A code rule's code, written as a bare string (the rule's `kind` names the classification).
struct BareCode(Code);

impl Serialize for BareCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Serialize for Catalogue {
    /// `{"data_version": ..., "guidance": [...]}`; see [`Catalogue`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Catalogue", 2)?;
        s.serialize_field("data_version", DATA_VERSION)?;
        s.serialize_field("guidance", &List(|| Guidance::ALL.iter()))?;
        s.end()
    }
}

impl Serialize for Guidance {
    /// The full record of the guidance; see [`Catalogue`] for the keys.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let g = *self;
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

/// The `kind` string of a rule: the kind key of the guidance file format.
fn kind_name(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Code(Code::Opcs4(_)) => "opcs4",
        RuleKind::Code(Code::Icd10(_)) => "icd10",
        RuleKind::All => "all",
        RuleKind::OneOf => "one_of",
        RuleKind::OneOrMore => "one_or_more",
        RuleKind::Variants => "variants",
        RuleKind::Stages => "stages",
        RuleKind::Placeholder => "placeholder",
    }
}

impl Serialize for Rule {
    /// The rule and its subtree, with every key present; see [`Catalogue`] for the keys.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = *self;
        let mut s = serializer.serialize_struct("Rule", 25)?;
        s.serialize_field("kind", kind_name(r.kind()))?;
        s.serialize_field("code", &r.code().map(BareCode))?;
        s.serialize_field("title", &r.title())?;
        s.serialize_field("printed", &r.printed())?;
        s.serialize_field("description", &r.description())?;
        s.serialize_field("within", &List(|| r.within()))?;
        s.serialize_field("default", &r.default_code().map(BareCode))?;
        s.serialize_field("default_title", &r.default_title())?;
        s.serialize_field("condition", &r.condition())?;
        s.serialize_field("note", &r.note())?;
        s.serialize_field("sequence", &r.sequence())?;
        s.serialize_field("label", &r.label())?;
        s.serialize_field("stock_notes", &List(|| r.stock_notes()))?;
        s.serialize_field("preferred", &r.is_preferred())?;
        s.serialize_field("label_implied", &r.is_label_implied())?;
        s.serialize_field("only_if", &List(|| r.only_if().map(BareCode)))?;
        s.serialize_field("instead_of", &List(|| r.instead_of().map(BareCode)))?;
        s.serialize_field(
            "supplementary_if",
            &List(|| r.supplementary_if().map(BareCode)),
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
    /// `"all"`, `"one_of"`, `"one_or_more"`, `"variants"`, `"stages"`, `"placeholder"`, or
    /// `{"code": {"opcs4": "K57.8"}}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (index, name) = match self {
            RuleKind::Code(code) => {
                return serializer.serialize_newtype_variant("RuleKind", 0, "code", code);
            }
            RuleKind::All => (1, "all"),
            RuleKind::OneOf => (2, "one_of"),
            RuleKind::OneOrMore => (3, "one_or_more"),
            RuleKind::Variants => (4, "variants"),
            RuleKind::Stages => (5, "stages"),
            RuleKind::Placeholder => (6, "placeholder"),
        };
        serializer.serialize_unit_variant("RuleKind", index, name)
    }
}

impl Serialize for Code {
    /// `{"opcs4": "K57.8"}` or `{"icd10": "I50.9"}`: the string alone could be either.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Code::Opcs4(c) => serializer.serialize_newtype_variant("Code", 0, "opcs4", c),
            Code::Icd10(c) => serializer.serialize_newtype_variant("Code", 1, "icd10", c),
        }
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

impl Serialize for Icd10Marker {
    /// `"dagger"` or `"asterisk"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Icd10Marker::Dagger => serializer.serialize_unit_variant("Icd10Marker", 0, "dagger"),
            Icd10Marker::Asterisk => {
                serializer.serialize_unit_variant("Icd10Marker", 1, "asterisk")
            }
        }
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

impl Serialize for Programme {
    /// `"ipg"` or `"mtg"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Programme::Ipg => serializer.serialize_unit_variant("Programme", 0, "ipg"),
            Programme::Mtg => serializer.serialize_unit_variant("Programme", 1, "mtg"),
        }
    }
}

impl Serialize for Status {
    /// `"current"`, `"superseded"` or `"withdrawn"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (index, name) = match self {
            Status::Current => (0, "current"),
            Status::Superseded => (1, "superseded"),
            Status::Withdrawn => (2, "withdrawn"),
        };
        serializer.serialize_unit_variant("Status", index, name)
    }
}

impl Serialize for Recommendation {
    /// `"standard"`, `"special"` or `"research_only"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (index, name) = match self {
            Recommendation::Standard => (0, "standard"),
            Recommendation::Special => (1, "special"),
            Recommendation::ResearchOnly => (2, "research_only"),
        };
        serializer.serialize_unit_variant("Recommendation", index, name)
    }
}

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

impl Serialize for Outcome {
    /// `"diagnosis_matches"`, `"diagnosis_absent_or_different"`,
    /// `"no_diagnosis_recommendation"`, `"diagnosis_not_checked"` or `"no_match"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (index, name) = match self {
            Outcome::DiagnosisMatches => (0, "diagnosis_matches"),
            Outcome::DiagnosisAbsentOrDifferent => (1, "diagnosis_absent_or_different"),
            Outcome::NoDiagnosisRecommendation => (2, "no_diagnosis_recommendation"),
            Outcome::DiagnosisNotChecked => (3, "diagnosis_not_checked"),
            Outcome::NoMatch => (4, "no_match"),
        };
        serializer.serialize_unit_variant("Outcome", index, name)
    }
}

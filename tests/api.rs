//! The typed API: codes, guidance ids, IPG655 read back by hand, lookups.

use nice_coding::{
    Code, CodeError, Guidance, Icd10Code, Icd10Marker, Opcs4Code, ParseGuidanceError, Programme,
    RuleKind, Status, icd10, ipg, opcs4,
};

#[test]
fn opcs4_parse_and_display_round_trip() {
    for s in [
        "K57.8", "Y53.-", "Z94.2", "A01.1", "O28.-", "U20.2", "X58.1",
    ] {
        let code = Opcs4Code::parse(s).unwrap();
        assert_eq!(code.to_string(), s);
        assert_eq!(s.parse::<Opcs4Code>(), Ok(code));
    }
}

#[test]
fn opcs4_rejects_non_canonical_forms_with_the_reason() {
    let cases = [
        ("", CodeError::Empty),
        ("K578", CodeError::MissingDot),
        ("k57.8", CodeError::LowerCase),
        ("S07. 9", CodeError::Whitespace),
        ("Y53", CodeError::BareCategory),
        ("K5.8", CodeError::ExpectedDigit { at: 2 }),
        ("1K57.8", CodeError::ExpectedLetter),
        ("K57.X", CodeError::BadSubdivision { at: 4 }),
        ("K57.81", CodeError::TooLong),
        ("K57.", CodeError::TooShort),
    ];
    for (s, e) in cases {
        assert_eq!(Opcs4Code::parse(s), Err(e), "{s:?}");
    }
}

#[test]
fn opcs4_loose_parsing_reads_hospital_forms() {
    assert_eq!(Opcs4Code::parse_loose("K578"), Ok(opcs4!("K57.8")));
    assert_eq!(Opcs4Code::parse_loose(" k57.8 "), Ok(opcs4!("K57.8")));
    assert_eq!(Opcs4Code::parse_loose("S07. 9"), Ok(opcs4!("S07.9")));
    assert_eq!(Opcs4Code::parse_loose("Y53-"), Ok(opcs4!("Y53.-")));
    assert_eq!(Opcs4Code::parse_loose("Y53"), Err(CodeError::BareCategory));
    assert_eq!(Opcs4Code::parse_loose("K5788"), Err(CodeError::TooLong));
    assert_eq!(Opcs4Code::parse_loose("-"), Err(CodeError::ExpectedLetter));
}

/// White space is read around a code and around its dot, never inside the code (the docs of
/// `parse_loose`): `k 5 7 . 8` is not `K57.8`.
#[test]
fn loose_parsing_rejects_white_space_inside_a_code() {
    assert_eq!(Opcs4Code::parse_loose(" k57 . 8\t"), Ok(opcs4!("K57.8")));
    assert_eq!(Icd10Code::parse_loose(" i50 .9 "), Ok(icd10!("I50.9")));
    for s in ["k 5 7 . 8", "K57 8", "K 57.8", "K5 7.8", "K57.8 9"] {
        assert_eq!(
            Opcs4Code::parse_loose(s),
            Err(CodeError::Whitespace),
            "{s:?}"
        );
        let bytes = Opcs4Code::parse_loose_bytes(s.as_bytes());
        assert_eq!(bytes, Err(CodeError::Whitespace), "{s:?}");
    }
    for s in ["i 5 0 . 9", "I50 9", "I50.0 8", "M80.08 D", "I 50"] {
        assert_eq!(
            Icd10Code::parse_loose(s),
            Err(CodeError::Whitespace),
            "{s:?}"
        );
    }
}

#[test]
fn icd10_parse_and_display_round_trip() {
    for s in [
        "I50.9", "I48.X", "C50.-", "M80.08", "H19.8A", "Q90.-D", "C61.X",
    ] {
        let code = Icd10Code::parse(s).unwrap();
        assert_eq!(code.to_string(), s);
    }
    // A bare three-character category is read as the category.
    assert_eq!(Icd10Code::parse("F32"), Ok(icd10!("F32.-")));
}

#[test]
fn icd10_fifth_character_after_the_x_filler_is_a_code() {
    // The 5th Edition divides some undivided categories only in their fifth character
    // (ALT_CODE M45X0): M45.X0 to M45.X9, T08.X0, T08.X1, T10.X0, T10.X1, T12.X0, T12.X1.
    let mut real: Vec<String> = (0..10).map(|d| format!("M45.X{d}")).collect();
    real.extend(["T08.X0", "T08.X1", "T10.X0", "T10.X1", "T12.X0", "T12.X1"].map(String::from));
    for s in &real {
        let code = Icd10Code::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(code.to_string(), *s);
        // A code of its own: not the filler of an undivided category, not a category.
        assert!(!code.is_x_filled() && !code.is_category(), "{s}");
        let undotted = s.replace('.', "");
        assert_eq!(Icd10Code::parse_loose(&undotted), Ok(code), "{undotted}");
        assert_eq!(Icd10Code::parse_loose(&s.to_lowercase()), Ok(code), "{s}");
        assert_eq!(Icd10Code::parse_loose_bytes(undotted.as_bytes()), Ok(code));
    }
    assert_eq!(icd10!("M45.X0D").marker(), Some(Icd10Marker::Dagger));
    assert!(icd10!("M45.X").covers(icd10!("M45.X9")));
    assert!(icd10!("M45.-").covers(icd10!("M45.X9")));
    assert!(!icd10!("M45.X9").covers(icd10!("M45.X0")));
    assert_eq!(icd10!("M45.X0").category(), icd10!("M45.-"));
    assert_eq!(Icd10Code::parse("M45.X01"), Err(CodeError::TooLong));
    assert_eq!(Icd10Code::parse("M45.XY"), Err(CodeError::TooLong));
}

#[test]
fn icd10_rejects_non_canonical_forms_with_the_reason() {
    let cases = [
        ("I509", CodeError::MissingDot),
        ("i50.9", CodeError::LowerCase),
        ("Q90.-†", CodeError::MarkerSymbol),
        ("H19.8*", CodeError::MarkerSymbol),
        ("I50.Y", CodeError::BadSubdivision { at: 4 }),
        ("I50.123", CodeError::TooLong),
        ("I50.9X", CodeError::TooLong),
        ("I 50.9", CodeError::Whitespace),
    ];
    for (s, e) in cases {
        assert_eq!(Icd10Code::parse(s), Err(e), "{s:?}");
    }
}

#[test]
fn icd10_loose_parsing_reads_hospital_forms() {
    assert_eq!(Icd10Code::parse_loose("I509"), Ok(icd10!("I50.9")));
    assert_eq!(Icd10Code::parse_loose("i48x"), Ok(icd10!("I48.X")));
    assert_eq!(Icd10Code::parse_loose("M8008"), Ok(icd10!("M80.08")));
    assert_eq!(Icd10Code::parse_loose("H198A"), Ok(icd10!("H19.8A")));
    assert_eq!(Icd10Code::parse_loose("I10"), Ok(icd10!("I10.-")));
}

/// Every string of `len` bytes from `alphabet`.
fn strings(alphabet: &[u8], len: usize) -> Vec<Vec<u8>> {
    let mut all = vec![Vec::new()];
    for _ in 0..len {
        all = all
            .iter()
            .flat_map(|s| {
                alphabet.iter().map(move |&c| {
                    let mut longer = s.clone();
                    longer.push(c);
                    longer
                })
            })
            .collect();
    }
    all
}

#[test]
fn loose_parsing_of_bytes_reads_the_common_forms_as_every_form() {
    // Four- and five-byte fields take a shortcut in `parse_loose_bytes`; a leading space makes
    // the same code go through the general path, which must give the same answer, error
    // included, for every field: codes, near misses, lower case, stray bytes, non-UTF-8.
    let alphabet = b"AKXYaz0159-. *\xE2\xFF";
    let mut fields = strings(alphabet, 4);
    fields.extend(strings(b"K59.-Xx", 5));
    let mut accepted = (0, 0);
    for field in &fields {
        let spaced: Vec<u8> = [b" ".as_slice(), field].concat();
        let opcs4 = Opcs4Code::parse_loose_bytes(field);
        assert_eq!(opcs4, Opcs4Code::parse_loose_bytes(&spaced), "{field:?}");
        let icd10 = Icd10Code::parse_loose_bytes(field);
        assert_eq!(icd10, Icd10Code::parse_loose_bytes(&spaced), "{field:?}");
        if let Ok(text) = std::str::from_utf8(field) {
            assert_eq!(opcs4, Opcs4Code::parse_loose(text), "{text:?}");
            assert_eq!(icd10, Icd10Code::parse_loose(text), "{text:?}");
        }
        accepted.0 += usize::from(opcs4.is_ok());
        accepted.1 += usize::from(icd10.is_ok());
    }
    assert!(accepted.0 > 100 && accepted.1 > 100, "{accepted:?}");
    assert_eq!(Opcs4Code::parse_loose_bytes(b"K578"), Ok(opcs4!("K57.8")));
    assert_eq!(Opcs4Code::parse_loose_bytes(b"K57.8"), Ok(opcs4!("K57.8")));
    assert_eq!(Icd10Code::parse_loose_bytes(b"I48X"), Ok(icd10!("I48.X")));
    assert_eq!(Icd10Code::parse_loose_bytes(b"I50.9"), Ok(icd10!("I50.9")));
    // Bytes that are not UTF-8 fail the check of their position, like any other character.
    assert_eq!(
        Opcs4Code::parse_loose_bytes(b"K5\xFF8"),
        Err(CodeError::ExpectedDigit { at: 2 })
    );
    assert_eq!(
        Opcs4Code::parse_loose_bytes(b"K57\xFF"),
        Err(CodeError::BadSubdivision { at: 4 })
    );
    assert_eq!(
        Icd10Code::parse_loose_bytes(b"\xFF509"),
        Err(CodeError::ExpectedLetter)
    );
}

#[test]
fn categories_cover_their_codes_and_nothing_else() {
    assert!(opcs4!("Y53.-").covers(opcs4!("Y53.4")));
    assert!(opcs4!("Y53.-").covers(opcs4!("Y53.-")));
    assert!(!opcs4!("Y53.-").covers(opcs4!("Y68.1")));
    assert!(!opcs4!("Y53.4").covers(opcs4!("Y53.-")));
    assert!(opcs4!("K57.8").covers(opcs4!("K57.8")));
    assert!(!opcs4!("K57.8").covers(opcs4!("K57.1")));
    assert_eq!(opcs4!("K57.8").category(), opcs4!("K57.-"));
    assert!(opcs4!("Y53.-").is_category() && !opcs4!("Y53.4").is_category());
    assert!(opcs4!("Z94.2").is_subsidiary() && !opcs4!("K57.8").is_subsidiary());

    assert!(icd10!("C50.-").covers(icd10!("C50.9")));
    assert!(icd10!("M80.0").covers(icd10!("M80.08")));
    assert!(!icd10!("M80.08").covers(icd10!("M80.0")));
    assert!(icd10!("I48.X").covers(icd10!("I48.X")));
    assert!(!icd10!("I48.X").covers(icd10!("I48.1")));
    // Markers do not change what a code covers.
    assert!(icd10!("H19.8").covers(icd10!("H19.8A")));
    assert_eq!(icd10!("H19.8A").marker(), Some(Icd10Marker::Asterisk));
    assert_eq!(icd10!("Q90.-D").marker(), Some(Icd10Marker::Dagger));
    assert_eq!(icd10!("H19.8A").without_marker(), icd10!("H19.8"));
    assert!(icd10!("I48.X").is_x_filled());
    assert_eq!(&icd10!("I48.X").four_characters(), b"I48X");

    // A code of one classification never covers the other's.
    assert!(!Code::Opcs4(opcs4!("Y53.-")).covers(Code::Icd10(icd10!("Y53.4"))));
}

#[test]
fn codes_order_with_the_category_first() {
    let mut codes = [
        opcs4!("Y53.4"),
        opcs4!("Y53.-"),
        opcs4!("K57.8"),
        opcs4!("Y53.1"),
    ];
    codes.sort();
    assert_eq!(
        codes,
        [
            opcs4!("K57.8"),
            opcs4!("Y53.-"),
            opcs4!("Y53.1"),
            opcs4!("Y53.4")
        ]
    );
}

#[test]
fn guidance_ids_parse_in_any_case_without_allocating() {
    assert_eq!("IPG655".parse::<Guidance>(), Ok(ipg::IPG655));
    assert_eq!("ipg655".parse::<Guidance>(), Ok(ipg::IPG655));
    assert_eq!("Ipg655".parse::<Guidance>(), Ok(ipg::IPG655));
    assert_eq!(Guidance::try_from("IPG7"), Ok(ipg::IPG7));
    assert_eq!("IPG2".parse::<Guidance>(), Err(ParseGuidanceError::Unknown));
    assert_eq!("MTG1".parse::<Guidance>(), Err(ParseGuidanceError::Unknown));
    for bad in [
        "",
        "IPG",
        "655",
        "IPG0655",
        "IPG 655",
        "XYZ655",
        "IPG65a",
        "IPG6555555",
    ] {
        assert!(bad.parse::<Guidance>().is_err(), "{bad:?}");
    }
    assert_eq!(ipg::IPG655.to_string(), "IPG655");
    // Debug names the type, as the codes' Debug does (`Opcs4Code(K57.8)`): one convention.
    assert_eq!(format!("{:?}", ipg::IPG655), "Guidance(IPG655)");
    assert_eq!(format!("{:>8}", ipg::IPG7), "    IPG7");
}

#[test]
fn ipg655_reads_back_exactly() {
    let g = ipg::IPG655;
    assert_eq!(g.id(), "IPG655");
    assert_eq!(g.programme(), Programme::Ipg);
    assert_eq!(g.number(), 655);
    assert_eq!(
        g.title(),
        "Cardiac contractility modulation device implantation for heart failure"
    );
    assert_eq!(g.source_url(), "https://www.nice.org.uk/guidance/ipg655");
    assert_eq!(g.status(), Status::Current);
    assert_eq!(g.replaces().len() + g.replaced_by().len(), 0);
    assert_eq!(g.recommendation(), None);
    assert_eq!(g.opcs4_version(), None);
    assert_eq!(g.icd10_edition(), None);
    assert!(g.is_complete());
    assert_eq!(g.no_single_code_set(), None);
    assert_eq!(g.snomed().len(), 0);

    let p: Vec<_> = g.procedure().children().collect();
    assert_eq!(p.len(), 6);
    let codes: Vec<String> = p
        .iter()
        .filter_map(|r| r.code())
        .map(|c| c.bare().to_string())
        .collect();
    assert_eq!(codes, ["K57.8", "Y02.1", "Z33.2", "Z33.6", "Z94.2"]);
    assert_eq!(
        p[1].title(),
        Some("Implantation of prosthesis into organ NOC")
    );
    assert_eq!(p[0].condition(), None);

    let image = p[2];
    assert_eq!(image.kind(), RuleKind::OneOf);
    assert_eq!(image.condition(), Some("if image control is used"));
    let stock: Vec<_> = image.stock_notes().map(|s| s.key).collect();
    assert_eq!(stock, ["image-control-category"]);
    let options: Vec<_> = image.children().collect();
    assert_eq!(options.len(), 2);
    assert_eq!(options[0].code(), Some(Code::Opcs4(opcs4!("Y53.-"))));
    assert_eq!(
        options[0].title(),
        Some("Approach to organ under image control")
    );
    assert_eq!(
        options[0].default_code(),
        Some(Code::Opcs4(opcs4!("Y53.9")))
    );
    assert_eq!(options[1].code(), Some(Code::Opcs4(opcs4!("Y68.-"))));
    assert_eq!(
        options[1].default_code(),
        Some(Code::Opcs4(opcs4!("Y68.9")))
    );
    // Options of a one_of are not themselves conditional.
    assert!(!options[0].is_conditional());

    assert_eq!(p[4].title(), Some("Atrium of heart"));
    assert_eq!(
        p[4].condition(),
        Some("only where leads are implanted into the right atrium (usually the atrial appendage)")
    );
    assert_eq!(p[5].title(), Some("Right sided operation"));

    let d: Vec<_> = g.diagnosis().children().collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].kind(), RuleKind::OneOf);
    let dx: Vec<_> = d[0]
        .children()
        .map(|r| (r.code().unwrap().bare().to_string(), r.title().unwrap()))
        .collect();
    assert_eq!(
        dx,
        [
            ("I50.9".to_string(), "Heart failure, unspecified"),
            ("I50.0".to_string(), "Congestive heart failure")
        ]
    );
}

#[test]
fn reverse_lookup_finds_codes_and_defaults_exactly() {
    let using = |c: Opcs4Code| Guidance::using_opcs4(c).collect::<Vec<_>>();
    assert!(using(opcs4!("K57.8")).contains(&ipg::IPG655));
    assert!(
        using(opcs4!("Y53.9")).contains(&ipg::IPG655),
        "defaults are indexed"
    );
    assert!(using(opcs4!("Y53.-")).contains(&ipg::IPG655));
    assert!(
        !using(opcs4!("Y53.4")).contains(&ipg::IPG655),
        "exact, not covered"
    );
    assert_eq!(using(opcs4!("A00.0")), []);
    // In catalogue order, each once (other guidance may name these codes too).
    let y02: Vec<_> = using(opcs4!("Y02.1"));
    for g in [ipg::IPG241, ipg::IPG519, ipg::IPG655] {
        assert!(y02.contains(&g), "{g}");
    }
    assert!(y02.windows(2).all(|w| w[0] < w[1]), "{y02:?}");
    let af: Vec<_> = Guidance::using_icd10(icd10!("I48.X")).collect();
    assert!(
        af.contains(&ipg::IPG168) && af.contains(&ipg::IPG294) && af.contains(&ipg::IPG349),
        "{af:?}"
    );
    assert!(af.windows(2).all(|w| w[0] < w[1]), "{af:?}");
    assert_eq!(Guidance::using_icd10(icd10!("I48.1")).len(), 0);
}

#[test]
fn programmes_list_their_guidance_in_order() {
    let ipgs: Vec<_> = Programme::Ipg.guidance().collect();
    let all_ipgs: Vec<_> = Guidance::ALL
        .iter()
        .copied()
        .filter(|g| g.programme() == Programme::Ipg)
        .collect();
    assert_eq!(ipgs, all_ipgs);
    assert!(ipgs.windows(2).all(|w| w[0].number() < w[1].number()));
    assert_eq!(ipgs.first(), Some(&ipg::IPG7));
    assert!(ipgs.contains(&ipg::IPG655));
    assert_eq!(Programme::Mtg.guidance().len(), 0);
}

#[test]
fn data_version_is_a_hash() {
    assert_eq!(nice_coding::DATA_VERSION.len(), 16);
    assert!(
        nice_coding::DATA_VERSION
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
    );
}

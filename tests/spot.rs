//! Spot tests: the full recommendation of chosen guidance, read back through the public API
//! as a page, compared with the page a reviewer checked against the NICE text.
//!
//! Together they cover every construct the 77 texts use, and the rules between codes of the
//! texts encoded with them (IPG62 to IPG446 below). `preferred` occurs in none of the texts;
//! the compiler tests cover it.

use nice_coding::Guidance;

fn page(id: &str) -> String {
    id.parse::<Guidance>().unwrap().page().to_string()
}

/// IPG655: the seed: all, a conditional one-of of categories with defaults, a conditional site code, a diagnosis one-of.
#[test]
fn ipg655_page() {
    assert_eq!(
        page("IPG655"),
        r#"IPG655: Cardiac contractility modulation device implantation for heart failure
Source: https://www.nice.org.uk/guidance/ipg655
Status: current
OPCS-4 version: not stated

Procedure
  OPCS-4 code(s):
    K57.8  Other specified other therapeutic transluminal operations on heart
    Y02.1  Implantation of prosthesis into organ NOC
    One of (if image control is used):
      Note: Either category may be used; pick the fourth character for the method of image control, or .9 when the method is not stated.
      Note: Y53 and Y68 codes are additional codes for a procedure done under image control, whether or not the approach is percutaneous. When the main code does not already say which imaging was used, one of them must be added; if the imaging method is not recorded, the fourth character is .9.
      Y53.-  Approach to organ under image control (default Y53.9)
      Or
      Y68.-  Other approach to organ under image control (default Y68.9)
    Z33.2  Septum of ventricle of heart
    Z33.6  Atrium of heart (only where leads are implanted into the right atrium (usually the atrial appendage))
    Z94.2  Right sided operation

Diagnosis or health condition
  ICD-10 code(s):
    One of:
      I50.9  Heart failure, unspecified
      Or
      I50.0  Congestive heart failure
"#
    );
}

/// IPG335: one of the following.
#[test]
fn ipg335_page() {
    assert_eq!(
        page("IPG335"),
        r#"IPG335: Endoscopic submucosal dissection of lower gastrointestinal lesions
Source: http://www.nice.org.uk/guidance/IPG335
Status: current
OPCS-4 version: 4.6

Procedure
  OPCS-4 code(s):
    One of:
      Note: Choose the code that matches the instrument used and the part of the bowel reached.
      H20.5  Fibreoptic endoscopic submucosal resection of lesion of colon
      Or
      H23.5  Endoscopic submucosal resection of lesion of lower bowel using fibreoptic sigmoidoscope
      Or
      H26.6  Endoscopic submucosal resection of lesion of sigmoid colon using rigid sigmoidoscope

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)
"#
    );
}

/// IPG131: a conditional code; OPCS-4.5; an X-filled ICD-10 code (D24.X).
#[test]
fn ipg131_page() {
    assert_eq!(
        page("IPG131"),
        r#"IPG131: Interstitial laser therapy for fibroadenomas of the breast
Source: https://www.nice.org.uk/guidance/ipg131
Status: current
OPCS-4 version: 4.5

Procedure
  OPCS-4 code(s):
    B40.1  Interstitial laser destruction of lesion of breast
    Y53.2  Approach to organ under ultrasonic control (if ultrasonic guidance is used)

Diagnosis or health condition
  ICD-10 code(s):
    D24.X  Benign neoplasm of breast
"#
    );
}

/// IPG346: a conditional group holding a one-of; superseded; incomplete.
#[test]
fn ipg346_page() {
    assert_eq!(
        page("IPG346"),
        r#"IPG346: Single-incision laparoscopic cholecystectomy
Source: http://www.nice.org.uk/guidance/IPG346
Status: superseded (replaced by IPG508)
OPCS-4 version: 4.6
Incomplete: The source text breaks off inside the NHS Classifications Service statement that follows the codes and notes; anything the full page printed after that point (for example an ICD-10 code) is not known.

Procedure
  OPCS-4 code(s):
    J18.-  Excision of gallbladder
      Note: The fourth character is chosen from category J18 according to the type of cholecystectomy; the text gives no default.
    Y75.2  Laparoscopic approach to abdominal cavity NEC
    All of (if a cholangiogram is performed during the procedure):
      Note: The laparoscopic approach code is given again after the cholangiography code.
      One of:
        J37.2  Operative cholangiography through cystic duct
        Or
        J37.3  Direct puncture operative cholangiography
      Y75.2  Laparoscopic approach to abdominal cavity NEC

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)

Limitations
  - OPCS-4 cannot record that the operation was done through a single umbilical skin incision.
"#
    );
}

/// IPG214: labelled variants, a single-code variant, a conditional category with a default.
#[test]
fn ipg214_page() {
    assert_eq!(
        page("IPG214"),
        r#"IPG214: Microwave ablation of hepatocellular carcinoma
Source: https://www.nice.org.uk/guidance/ipg214
Status: current
OPCS-4 version: not stated

Procedure
  OPCS-4 code(s):
    Depending on the scenario:
      Open procedure:
        J03.2  Destruction of lesion of liver NEC
        Y13.7  Microwave destruction of lesion of organ NOC
      Or
      Percutaneous procedure:
        J12.7  Percutaneous microwave ablation of lesion of liver
      Or
      Laparoscopic procedure:
        J08.3  Endoscopic microwave ablation of lesion of liver using laparoscope
    Y53.-  Approach to organ under image control (default Y53.9 Unspecified approach to organ under image control) (if image control has been used)
      Note: Secondary code, available with any of the three approaches; the fourth character is .9 when the method of image control is not specified.

Diagnosis or health condition
  ICD-10 code(s):
    One of:
      C22.0  Liver cell carcinoma
      Or
      C78.7  Secondary malignant neoplasm of liver and intrahepatic bile duct
"#
    );
}

/// IPG188: variants read from a selection note, recorded as an ambiguity.
#[test]
fn ipg188_page() {
    assert_eq!(
        page("IPG188"),
        r#"IPG188: Deep brain stimulation for tremor and dystonia (excluding Parkinson's disease)
Source: http://www.nice.org.uk/guidance/IPG188
Status: current
OPCS-4 version: 4.6

Procedure
  OPCS-4 code(s):
    Depending on the scenario:
      Device implanted permanently under the skin:
        A09.1  Implantation of neurostimulator into brain
      Or
      Electrode leads implanted temporarily as a trial, pulse generator not implanted:
        A09.5  Insertion of neurostimulator electrodes into the brain
        Y70.5  Temporary operations

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)

Ambiguities in the source
  - The text lists A09.1 on its own and then A09.5 with Y70.5, and a note explains the choice. Y70.5 is read as belonging with A09.5 (the temporary trial), since it is printed with it and the note describes that case as temporary.
"#
    );
}

/// IPG340: stages, a stage with only a placeholder (no code).
#[test]
fn ipg340_page() {
    assert_eq!(
        page("IPG340"),
        r#"IPG340: Macular translocation with 360° retinotomy for wet age related macular degeneration
Source: http://www.nice.org.uk/guidance/IPG340
Status: current
Replaces: IPG48
OPCS-4 version: 4.6
Incomplete: The source text breaks off inside the NHS Classifications Service statement that follows the codes; anything the full page printed after that point is not known.

Procedure
  OPCS-4 code(s):
    In stages:
      1st stage:
        C83.2  Macular translocation three hundred and sixty degrees
        C79.6  Internal tamponade of retina using liquid
          Includes: Internal tamponade of retina using oil or heavy liquids
        Y70.3  First stage of staged operations NOC
      2nd stage:
        [OPCS-4 codes for the eye muscle operations performed, chosen according to which muscles are divided and reattached]

Diagnosis or health condition
  ICD-10 code(s):
    H35.3  Degeneration of macula and posterior pole

Notes
  - IPG339 and IPG340 jointly replace IPG48.
"#
    );
}

/// IPG78: a category with a default and a stock note.
#[test]
fn ipg78_page() {
    assert_eq!(
        page("IPG78"),
        r#"IPG78: Balloon valvuloplasty for aortic valve stenosis in adults and children
Source: https://www.nice.org.uk/guidance/IPG78
Status: current
OPCS-4 version: not stated

Procedure
  OPCS-4 code(s):
    K35.5  Percutaneous transluminal valvuloplasty
      Includes: Percutanous transluminal balloon valvuloplasty
    Y53.-  Approach to organ under image control (default Y53.9 Unspecified approach to organ under image control)
      Note: Y53 codes are secondary codes for percutaneous interventions that need image control. If the method of image control is not specified, assign Y53.9 Unspecified approach to organ under image control.
    Z32.2  Aortic valve

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)
"#
    );
}

/// IPG272: a range of categories (C71-C74) on a conditional placeholder; limitations.
#[test]
fn ipg272_page() {
    assert_eq!(
        page("IPG272"),
        r#"IPG272: Implantation of miniature lens systems for advanced age-related macular degeneration
Source: http://www.nice.org.uk/guidance/IPG272
Status: current
OPCS-4 version: 4.6

Procedure
  OPCS-4 code(s):
    C75.1  Insertion of prosthetic replacement for lens NEC
    [a supplementary code for the method of extraction of lens] from C71-C74, only for a concurrent extraction of the lens in the same operation

Diagnosis or health condition
  ICD-10 code(s):
    H35.3  Degeneration of macula and posterior pole

Notes
  - Other procedures done at the same operation may need codes of their own.

Limitations
  - OPCS-4 cannot record the type of prosthetic lens inserted.

Ambiguities in the source
  - The text says a supplementary code from C71-C74 identifies the method of concurrent lens extraction, without an explicit "if". This file reads it as applying when the lens is extracted at the same operation, since there is otherwise no extraction to code.
"#
    );
}

/// IPG385: a diagnosis placeholder without a code.
#[test]
fn ipg385_page() {
    assert_eq!(
        page("IPG385"),
        r#"IPG385: Laser correction of refractive error following non-refractive ophthalmic surgery
Source: http://www.nice.org.uk/guidance/IPG385
Status: current
OPCS-4 version: 4.6

Procedure
  OPCS-4 code(s):
    Depending on the scenario:
      Photorefractive keratectomy (PRK):
        C44.4  Photorefractive keratectomy
      Or
      Laser epithelial keratomileusis (LASEK):
        C44.5  Laser subepithelial keratomileusis
      Or
      Laser in situ keratomileusis (LASIK):
        C44.2  Laser in situ keratomileusis

Diagnosis or health condition
  ICD-10 code(s):
    [ICD-10 codes chosen according to the specific refractive error and the earlier procedure that caused it]
"#
    );
}

/// IPG8: SNOMED CT concepts and no ICD-10 code.
#[test]
fn ipg8_page() {
    assert_eq!(
        page("IPG8"),
        r#"IPG8: Radiofrequency ablation of varicose veins
Source: http://www.nice.org.uk/guidance/IPG8
Status: current
OPCS-4 version: 4.6
Incomplete: The source excerpt is cut off inside the closing Clinical Classifications Service statement after the SNOMED CT diagnosis; the codes appear to be complete, but anything printed after that statement is not known.

Procedure
  OPCS-4 code(s):
    L88.2  Radiofrequency ablation of varicose vein of leg

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)

SNOMED CT
  Endovenous radiofrequency obliteration of varicose vein of lower limb (448606008) [procedure]
  Varicose veins of lower extremity (72866009) [diagnosis]

Notes
  - The diagnosis is given only as a SNOMED CT concept; the text names no ICD-10 code.
"#
    );
}

/// IPG349: X-filled ICD-10 (I48.X), a conditional code, recommendation, replaces.
#[test]
fn ipg349_page() {
    assert_eq!(
        page("IPG349"),
        r#"IPG349: Percutaneous occlusion of the left atrial appendage in non-valvular atrial fibrillation for the prevention of thromboembolism
Source: http://www.nice.org.uk/guidance/IPG349
Status: current
Replaces: IPG181
Recommendation: standard arrangements
OPCS-4 version: 4.6

Procedure
  OPCS-4 code(s):
    K62.5  Percutaneous transluminal occlusion of left atrial appendage
    Y53.-  Approach to organ under image control (default Y53.9 Unspecified approach to organ under image control)
      Note: Y53 codes are secondary codes for percutaneous interventions that need image control. If the method of image control is not specified, assign Y53.9 Unspecified approach to organ under image control.
    U20.2  Transoesophageal echocardiography (when transoesophageal echocardiography (TOE) is used during the procedure)

Diagnosis or health condition
  ICD-10 code(s):
    I48.X  Atrial fibrillation and flutter
"#
    );
}

/// IPG103: superseded guidance kept in the catalogue.
#[test]
fn ipg103_page() {
    assert_eq!(
        page("IPG103"),
        r#"IPG103: Gastroelectrical stimulation for gastroparesis
Source: http://www.nice.org.uk/guidance/IPG103
Status: superseded (replaced by IPG489)
Recommendation: special arrangements
OPCS-4 version: 4.6

Procedure
  OPCS-4 code(s):
    A70.1  Implantation of neurostimulator into peripheral nerve
    Z27.2  Stomach

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)
"#
    );
}

/// IPG403: cannot be expressed by a single code set.
#[test]
fn ipg403_page() {
    assert_eq!(
        page("IPG403"),
        r#"IPG403: Open femoro–acetabular surgery for hip impingement syndrome
Source: https://nice.org.uk/guidance/ipg403/resources/clinical-classification-codes-13193623405
Status: current
OPCS-4 version: not stated

No single code set: No single OPCS-4 code set covers this procedure: what is done differs from patient to patient with the condition, so each case is coded from the specific procedures actually carried out.

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)
"#
    );
}

/// IPG147: one of three code groups (Or between blocks); body systems.
#[test]
fn ipg147_page() {
    assert_eq!(
        page("IPG147"),
        r#"IPG147: Endoscopic axillary lymph node retrieval for breast cancer
Source: https://www.nice.org.uk/guidance/IPG147
Status: current
OPCS-4 version: 4.6
Incomplete: Both sources are cut off. The NICE page stops inside the third block (the 2012 list gives that block in full); the 2012 list stops just after "In addition an ICD-10 code from categor...", so the ICD-10 category to use and the recommendation category are not known.

Procedure
  OPCS-4 code(s):
    One of:
      All of:
        T85.2  Block dissection of axillary lymph nodes
        Y76.3  Endoscopic approach to other body cavity
      Or
      All of:
        T86.2  Sampling of axillary lymph nodes
        Y76.3  Endoscopic approach to other body cavity
      Or
      All of:
        T87.3  Excision or biopsy of axillary lymph node
          Includes: Excision or biopsy of supraclavicular lymph node NEC
        Y76.3  Endoscopic approach to other body cavity

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)
"#
    );
}

/// IPG168: only_if in words ("Z33.6, only if K57.4 or K62.3 is chosen"), chosen_by, a corrected title shown as printed.
#[test]
fn ipg168_page() {
    assert_eq!(
        page("IPG168"),
        r#"IPG168: Percutaneous radiofrequency catheter ablation for atrial fibrillation
Source: http://www.nice.org.uk/guidance/IPG168
Status: current
OPCS-4 version: not stated

Procedure
  OPCS-4 code(s):
    One of (chosen by the area ablated):
      K57.4  Percutaneous transluminal ablation of accessory pathway
      Or
      K62.1  Percutaneous transluminal ablation of pulmonary vein to left atrium conducting system
      Or
      K62.2  Percutaneous transluminal ablation of atrial wall for atrial flutter
      Or
      K62.3  Percutaneous transluminal ablation of conducting system of heart for atrial flutter NEC
    Y11.4  Radiofrequency controlled thermal destruction of organ NOC (printed "Radiofrequency controlled thermal destruction of  organ NOC")
    Y53.4  Approach to organ under fluoroscopic control (if fluoroscopic guidance is used)
    Z33.6  Atrium of heart, only if K57.4 or K62.3 is chosen [sequence: after Y11.4, or after Y53.4 when fluoroscopic control is used]

Diagnosis or health condition
  ICD-10 code(s):
    I48.X  Atrial fibrillation and flutter
"#
    );
}

/// IPG205: instead_of: the therapeutic code instead of the diagnostic one when both are done; no ICD-10 recommendation.
#[test]
fn ipg205_page() {
    assert_eq!(
        page("IPG205"),
        r#"IPG205: Fetal cystoscopy for diagnosis and treatment of lower urinary outflow tract obstruction
Source: http://www.nice.org.uk/guidance/IPG205
Status: current
OPCS-4 version: 4.6

Procedure
  OPCS-4 code(s):
    Depending on the scenario:
      Note: When the diagnostic and the therapeutic procedure are done together, only the therapeutic code is assigned.
      Diagnostic:
        R02.8  Other specified diagnostic endoscopic examination of fetus
      Or
      Therapeutic:
        R01.8  Other specified therapeutic endoscopic operations on fetus, instead of R02.8 when both are done
    Y95.-  Gestational age (where the gestational age is available) [sequence: in a subsidiary position]
      Note: Where the gestational age is known, add a code from category Y95 Gestational age in a subsidiary position.
    Y53.2  Approach to organ under ultrasonic control
    [a site code] from Z00-Z99 (as appropriate)

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)
"#
    );
}

/// IPG227: Excludes, dagger and asterisk codes with their marks, a group in order with a sequencing hint.
#[test]
fn ipg227_page() {
    assert_eq!(
        page("IPG227"),
        r#"IPG227: Corneal implants for keratoconus
Source: https://www.nice.org.uk/guidance/IPG227
Status: current
OPCS-4 version: not stated
ICD-10 edition: 4

Procedure
  OPCS-4 code(s):
    C46.4  Insertion of prosthesis into cornea
      Excludes: Insertion of therapeutic contact lens (C51.5)

Diagnosis or health condition
  ICD-10 code(s):
    One of:
      H18.6  Keratoconus
      Or
      Q13.4  Other congenital corneal malformations
      Or
      All of, in this order [sequence: by the main condition treated or investigated in the episode; the dagger code first when that is not clear]:
        Note: The dagger and asterisk codes are always recorded together. The page prints the pair with symbols: Q90.-† and H19.8A.
        Q90.-†  Down's syndrome (printed "Down’s syndrome")
        H19.8*  Other disorders of sclera and cornea in diseases classified elsewhere
"#
    );
}

/// IPG62: an unlabelled first option among labelled ones, Includes.
#[test]
fn ipg62_page() {
    assert_eq!(
        page("IPG62"),
        r#"IPG62: Falloposcopy with coaxial catheter
Source: http://www.nice.org.uk/guidance/IPG62
Status: current
OPCS-4 version: 4.6

Procedure
  OPCS-4 code(s):
    Depending on the scenario:
      Note: The first option carries no label on the page; it is the examination alone, and the labelled option covers falloposcopy with balloon dilation.
      Falloposcopy without balloon dilation (not labelled in the text):
        Q39.9  Unspecified diagnostic endoscopic examination of fallopian tube
          Includes: Falloposcopy NEC
      Or
      Falloposcopy with balloon dilation:
        Q38.8  Other specified other therapeutic endoscopic operations on fallopian tube
        Y40.3  Balloon dilation of organ NOC

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)
"#
    );
}

/// IPG377: supplementary_if, concurrent procedures' codes, ruled_out_by.
#[test]
fn ipg377_page() {
    assert_eq!(
        page("IPG377"),
        r#"IPG377: Off-pump coronary artery bypass grafting
Source: https://www.nice.org.uk/guidance/IPG377
Status: current
Replaces: IPG35
OPCS-4 version: not stated
Incomplete: The stored text breaks off in the note on on-pump surgery, after it says Y73.1 codes cardiopulmonary bypass whenever that is stated; the rest of the note, any further notes and any ICD-10 codes are not known.

Procedure
  OPCS-4 code(s):
    One of, a supplementary code when K45.- is also coded:
      Note: One category for the bypass grafting.
      K40.-  Saphenous vein graft replacement of coronary artery
      Or
      K41.-  Other autograft replacement of coronary artery
      Or
      K42.-  Allograft replacement of coronary artery
      Or
      K43.-  Prosthetic replacement of coronary artery
      Or
      K44.-  Other replacement of coronary artery
        Includes: Coronary artery bypass graft NEC
    [a code for the valve repair] from K25-K29, only for a concurrent repair of valve of heart
    K23.1, only for a concurrent excision of lesion of ventricle of heart
    K11.-, only for a concurrent repair of defect of interventricular septum
    K45.-, only for a concurrent connection of thoracic artery to coronary artery
      Note: When this is done in the same operation it is the main code, and the K40-K44 category follows it as a supplementary code.

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)

Ruled out by (the guidance does not apply when any of these is coded)
  Y73.1  Cardiopulmonary bypass
    Note: Codes on-pump surgery, so an episode holding it is not the off-pump procedure.

Limitations
  - OPCS-4 cannot record that the grafting was done off-pump.

Ambiguities in the source
  - The Includes line (coronary artery bypass graft NEC) is printed after K44.- and is kept on that code; it may have been meant for the whole K40-K44 set.
"#
    );
}

/// IPG446: a choice made by setting, a placeholder of one or more codes, Includes.
#[test]
fn ipg446_page() {
    assert_eq!(
        page("IPG446"),
        r#"IPG446: Electrochemotherapy for metastases in the skin from tumours of non-skin origin and melanoma
Source: https://www.nice.org.uk/guidance/IPG446
Status: current
OPCS-4 version: not stated

Procedure
  OPCS-4 code(s):
    [the relevant procurement or delivery code for the chemotherapy] from X70-X72 (chosen by whether the patient is an inpatient, an outpatient or a day case)
    [a body system chapter code] (if applicable)
    Y12.3  Electrochemotherapy to lesion of organ NOC
      Includes: Electroporation to lesion of organ NOC
    [a Chapter Z site code for each site treated] from Z00-Z99 (one or more)
    Z94.-  Laterality of operation (printed "Laterality of organ") (if a paired organ)

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)
"#
    );
}

/// IPG245: a main code left to a chapter, a corrected code shown as printed.
#[test]
fn ipg245_page() {
    assert_eq!(
        page("IPG245"),
        r#"IPG245: Thoracoscopically assisted mitral valve surgery
Source: https://www.nice.org.uk/guidance/IPG245
Status: current
OPCS-4 version: not stated

Procedure
  OPCS-4 code(s):
    [a code from Chapter K for the primary mitral valve surgery carried out] from K00-K99
      Note: The text leaves the main code to the chapter: it names only the approach code.
    Y74.-  Minimal access to thoracic cavity (printed "Y74. -") [sequence: as a supplementary code after the Chapter K code]

Diagnosis or health condition
  ICD-10 code(s): none (the text gives no ICD-10 code)
"#
    );
}

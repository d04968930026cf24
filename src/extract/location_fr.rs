//! The location forms of other languages, French first, as Sahel and Congo
//! reporting writes them, then the Spanish and Portuguese, Italian, German,
//! Indonesian and Nordic offset and direction forms, which share their shape
//! ("a unos 120 kilómetros al noroeste de X", "40 Kilometer nördlich von
//! X"): one table, `ROWS`, of forms (offset, direction, between, near, in),
//! each row with its lead-in (its regex in `FORMS`), cue words and example
//! phrases (which are its tests), its rank from `location::rank`; and a small
//! lexicon (compass words, approximate numbers, the words that introduce a
//! place: "la localité de", "du village de"). The English table in
//! `location` reads the rest of the sentence.

use std::sync::LazyLock;

use super::rx::Rx;

use super::location::{Candidate, Example, rank};
use super::place::take_place;
use super::vocab;
use crate::model::{LocationKind, LocationPhrase};

/// French compass words with their English equivalents (vocab::compass reads those).
const DIRECTIONS: &[(&str, &str)] = &[
    ("nord-est", "northeast"),
    ("nord-ouest", "northwest"),
    ("sud-est", "southeast"),
    ("sud-ouest", "southwest"),
    ("nord", "north"),
    ("sud", "south"),
    ("est", "east"),
    ("ouest", "west"),
    // Spanish and Portuguese ("al noreste de", "ao sul de").
    ("noreste", "northeast"),
    ("nordeste", "northeast"),
    ("noroeste", "northwest"),
    ("sureste", "southeast"),
    ("sudeste", "southeast"),
    ("suroeste", "southwest"),
    ("sudoeste", "southwest"),
    ("norte", "north"),
    ("sur", "south"),
    ("sul", "south"),
    ("este", "east"),
    ("leste", "east"),
    ("oeste", "west"),
    // Italian ("a nord-est di X", "a 20 km a sudovest di X").
    ("nordest", "northeast"),
    ("nordovest", "northwest"),
    ("sudest", "southeast"),
    ("sudovest", "southwest"),
    ("nord-ovest", "northwest"),
    ("sud-ovest", "southwest"),
    ("nord est", "northeast"),
    ("nord ovest", "northwest"),
    ("sud est", "southeast"),
    ("sud ovest", "southwest"),
    ("ovest", "west"),
    // German ("40 Kilometer nördlich von X").
    ("nordöstlich", "northeast"),
    ("nordwestlich", "northwest"),
    ("südöstlich", "southeast"),
    ("südwestlich", "southwest"),
    ("nördlich", "north"),
    ("südlich", "south"),
    ("östlich", "east"),
    ("westlich", "west"),
    // Indonesian and Malay ("15 kilometer di utara X").
    ("timur laut", "northeast"),
    ("barat laut", "northwest"),
    ("tenggara", "southeast"),
    ("barat daya", "southwest"),
    ("utara", "north"),
    ("selatan", "south"),
    ("timur", "east"),
    ("barat", "west"),
    // Swedish, Norwegian and Danish ("60 km sydväst om X").
    ("nordost", "northeast"),
    ("nordväst", "northwest"),
    ("nordvest", "northwest"),
    ("sydost", "southeast"),
    ("sydøst", "southeast"),
    ("sydväst", "southwest"),
    ("sydvest", "southwest"),
    ("nordöst", "northeast"),
    ("nordøst", "northeast"),
    ("sydöst", "southeast"),
    ("öst", "east"),
    ("väst", "west"),
    ("norr", "north"),
    ("söder", "south"),
    ("syd", "south"),
    ("öster", "east"),
    ("øst", "east"),
    ("väster", "west"),
    ("vest", "west"),
];

/// Numbers written as words, and the approximate "une trentaine de" forms.
const NUMBERS: &[(&str, u32)] = &[
    ("une dizaine", 10),
    ("une quinzaine", 15),
    ("une vingtaine", 20),
    ("une trentaine", 30),
    ("une quarantaine", 40),
    ("une cinquantaine", 50),
    ("une soixantaine", 60),
    ("une centaine", 100),
    // Vague: read, but no distance ("à quelques kilomètres de la rivière").
    ("quelques", 0),
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("six", 6),
    ("sept", 7),
    ("huit", 8),
    ("neuf", 9),
    ("dix", 10),
    ("quinze", 15),
    ("vingt", 20),
    ("trente", 30),
    ("quarante", 40),
    ("cinquante", 50),
    ("soixante", 60),
    ("cent", 100),
];

/// Swedish, Norwegian and Danish numbers written as words ("fyra mil").
const NUMBERS_NORDIC: &[(&str, u32)] = &[
    ("en", 1),
    ("ett", 1),
    ("två", 2),
    ("to", 2),
    ("tre", 3),
    ("fyra", 4),
    ("fire", 4),
    ("fem", 5),
    ("sex", 6),
    ("seks", 6),
    ("sju", 7),
    ("syv", 7),
    ("åtta", 8),
    ("otte", 8),
    ("nio", 9),
    ("ni", 9),
    ("tio", 10),
    ("ti", 10),
    ("tjugo", 20),
    ("tyve", 20),
    ("trettio", 30),
    ("femtio", 50),
    ("hundra", 100),
];

const DIR: &str = r"nord-est|nord-ouest|sud-est|sud-ouest|nord|sud|est|ouest";
/// Spanish and Portuguese compass words, after "al"/"ao"/"a".
const DIR_IBERIAN: &str =
    r"noreste|nordeste|noroeste|sureste|sudeste|suroeste|sudoeste|norte|sur|sul|leste|este|oeste";
/// Spanish and Portuguese "of" before a place: "de", "del", "de la", "da", "do".
const OF_IBERIAN: &str = r"(?:de\s+la\s+|de\s+los\s+|del\s+|de\s+|da\s+|do\s+|das\s+|dos\s+)";
const OF: &str = r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])";
/// Italian compass words, after "a"; Italian "of": "di", "del", "della", "dell'".
const DIR_IT: &str = r"nord[- ]est|nordest|nord[- ]ovest|nordovest|sud[- ]est|sudest|sud[- ]ovest|sudovest|nord|sud|est|ovest";
const OF_IT: &str = r"(?:di\s+|del\s+|della\s+|dello\s+|dell['’]\s*)";
/// German compass adjectives, before "von".
const DIR_DE: &str =
    r"nordöstlich|nordwestlich|südöstlich|südwestlich|nördlich|südlich|östlich|westlich";
/// Indonesian and Malay compass words (two-word ones first).
const DIR_ID: &str = r"timur\s+laut|barat\s+laut|barat\s+daya|tenggara|utara|selatan|timur|barat";
/// Swedish, Norwegian and Danish compass words, before "om"/"for", that
/// English never writes; alone they are a direction ("väster om X").
const DIR_NORDIC: &str = r"nordost|nordöst|nordøst|nordväst|nordvest|sydost|sydöst|sydøst|sydväst|sydvest|norr|söder|öster|väster";
/// Short forms English also writes ("a vest for"): read only after a distance.
const DIR_NORDIC_SHORT: &str = r"nord|syd|öst|øst|väst|vest";

/// French country names and adjectives ("la frontière malienne", "la
/// frontière avec le Tchad") with their ISO codes.
const COUNTRIES_FR: &[(&str, &[&str])] = &[
    ("ML", &["mali", "malien", "malienne"]),
    ("NE", &["niger", "nigérien", "nigérienne"]),
    ("NG", &["nigeria", "nigéria", "nigérian", "nigériane"]),
    ("BF", &["burkina faso", "burkina", "burkinabè", "burkinabé"]),
    ("TD", &["tchad", "tchadien", "tchadienne"]),
    ("CM", &["cameroun", "camerounais", "camerounaise"]),
    ("LY", &["libye", "libyen", "libyenne"]),
    ("DZ", &["algérie", "algérien", "algérienne"]),
    ("SD", &["soudan", "soudanais", "soudanaise"]),
    ("CD", &["rdc", "congo", "congolais", "congolaise"]),
    ("UG", &["ouganda", "ougandais", "ougandaise"]),
    ("RW", &["rwanda", "rwandais", "rwandaise"]),
    ("BI", &["burundi", "burundais", "burundaise"]),
    ("CF", &["centrafrique", "centrafricain", "centrafricaine"]),
    ("MR", &["mauritanie", "mauritanien", "mauritanienne"]),
    (
        "CI",
        &["côte d'ivoire", "côte d’ivoire", "ivoirien", "ivoirienne"],
    ),
    ("GH", &["ghana", "ghanéen", "ghanéenne"]),
    ("BJ", &["bénin", "béninois", "béninoise"]),
    ("TG", &["togo", "togolais", "togolaise"]),
    ("SY", &["syrie", "syrien", "syrienne"]),
    ("IQ", &["irak", "iraq", "irakien", "irakienne"]),
    ("TR", &["turquie", "turc", "turque"]),
    ("LB", &["liban", "libanais", "libanaise"]),
    ("EG", &["égypte", "égyptien", "égyptienne"]),
    ("SS", &["soudan du sud", "sud-soudanais", "sud-soudanaise"]),
];

/// "la frontière malienne", "la frontière avec le Tchad", "la frontière entre
/// le Mali et le Niger" at the start of `s`: the English names of the
/// countries and the bytes read.
fn border_after(s: &str) -> Option<(Vec<String>, usize)> {
    static B: LazyLock<Rx> = LazyLock::new(|| {
        // The country words of the table, longest first ("soudan du sud" before "soudan").
        let mut forms: Vec<&str> = COUNTRIES_FR
            .iter()
            .flat_map(|(_, f)| f.iter().copied())
            .collect();
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        let alt = forms
            .iter()
            .map(|f| regex::escape(f))
            .collect::<Vec<_>>()
            .join("|");
        let art = r"(?:le\s+|la\s+|les\s+|l['’])?";
        Rx::new(&format!(
            r"(?i)^(?:la\s+)?frontière\s+(?:(?:avec|entre)\s+{art})?(?P<c>{alt})(?:\s+et\s+{art}(?P<d>{alt}))?\b"
        ))
        .expect("French border regex")
    });
    let c = B.captures(s)?;
    let code = |w: &str| {
        let w = w.trim().to_lowercase();
        COUNTRIES_FR
            .iter()
            .find(|(_, forms)| forms.contains(&w.as_str()))
            .map(|(cc, _)| *cc)
    };
    let name = |cc: &str| {
        vocab::COUNTRIES
            .iter()
            .find(|(c, _, _)| *c == cc)
            .map_or(cc.to_owned(), |(_, n, _)| n[0].to_owned())
    };
    let first = code(&c["c"])?;
    let mut anchors = vec![name(first)];
    let mut end = c.name("c").expect("c").end();
    if let Some(d) = c.name("d")
        && let Some(second) = code(d.as_str())
    {
        anchors.push(name(second));
        end = d.end();
    }
    Some((anchors, end))
}

/// Bytes of the first word of `s` and the spaces after it.
fn after_word(s: &str) -> usize {
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    end + (s[end..].len() - s[end..].trim_start().len())
}

/// The forms, tried in this order (a span taken by one is not read again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// "à 15 km au nord de Gao", "à une trentaine de kilomètres à l'ouest de Ménaka"
    Offset,
    /// "au sud-est de la ville de Mopti"
    Direction,
    /// "entre Kaya et Dori"
    Between,
    /// "près de X", "non loin de X", "aux environs de X", "à la périphérie de X"
    Near,
    /// "dans la localité de X", "à X", "en Ituri"
    In,
    /// "sur l'axe X-Y", "sur la route reliant X à Y", "sur la route de X"
    Road,
}

/// One row of the table: its name (each of its readings' `Candidate::form`),
/// its form, the words at least one of which the lower-cased text holds
/// wherever the row can match (empty: always tried; a cheap test before the
/// row's own regex), and phrases it reads with what each must give (its tests).
struct Row {
    name: &'static str,
    form: Form,
    needles: &'static [&'static str],
    #[cfg_attr(not(test), allow(dead_code))]
    examples: &'static [Example],
}

/// The rows, in the order they are read; their regexes are `FORMS`, row by row.
static ROWS: [Row; 17] = [
    Row {
        name: "fr:offset",
        form: Form::Offset,
        needles: &["km", "kilom"],
        examples: &[
            (
                "à environ 12 km de Kindu-Ville",
                LocationKind::Offset,
                &["Kindu-Ville"],
                Some(12.0),
                None,
            ),
            (
                "à 15 km au nord de Gao",
                LocationKind::Offset,
                &["Gao"],
                Some(15.0),
                Some(0.0),
            ),
            (
                "à une trentaine de kilomètres à l'ouest de Ménaka",
                LocationKind::Offset,
                &["Ménaka"],
                Some(30.0),
                Some(270.0),
            ),
            (
                "à une trentaine de kilomètres au nord de Beni",
                LocationKind::Offset,
                &["Beni"],
                Some(30.0),
                Some(0.0),
            ),
            (
                "à environ 20 km de la ville de Djibo",
                LocationKind::Offset,
                &["Djibo"],
                Some(20.0),
                None,
            ),
            (
                "à 25 km de la frontière nigérienne",
                LocationKind::Border,
                &["Niger"],
                Some(25.0),
                None,
            ),
            (
                "à quelques kilomètres de la frontière avec le Cameroun",
                LocationKind::Border,
                &["Cameroon"],
                None,
                None,
            ),
        ],
    },
    Row {
        name: "fr:direction",
        form: Form::Direction,
        needles: &["nord", "sud", "est"],
        examples: &[(
            "au sud-est de la ville de Mopti",
            LocationKind::Direction,
            &["Mopti"],
            None,
            Some(135.0),
        )],
    },
    Row {
        name: "es-pt:offset",
        form: Form::Offset,
        needles: &["km", "kil", "quil"],
        examples: &[
            (
                "a unos 120 kilómetros al noroeste de Bagdad",
                LocationKind::Offset,
                &["Bagdad"],
                Some(120.0),
                Some(315.0),
            ),
            (
                "a 25 quilómetros de Maiduguri",
                LocationKind::Offset,
                &["Maiduguri"],
                Some(25.0),
                None,
            ),
            (
                "cerca de 150 km ao sul de Bagdá",
                LocationKind::Offset,
                &["Bagdá"],
                Some(150.0),
                Some(180.0),
            ),
        ],
    },
    Row {
        name: "es-pt:direction",
        form: Form::Direction,
        needles: &["nor", "sur", "sud", "sul", "este"],
        examples: &[(
            "al sur de Mosul",
            LocationKind::Direction,
            &["Mosul"],
            None,
            Some(180.0),
        )],
    },
    Row {
        name: "it:offset",
        form: Form::Offset,
        needles: &["km", "chilometr"],
        examples: &[
            (
                "a circa 20 km a sud-ovest di Kabul",
                LocationKind::Offset,
                &["Kabul"],
                Some(20.0),
                Some(225.0),
            ),
            (
                "a 5 chilometri da Mosul",
                LocationKind::Offset,
                &["Mosul"],
                Some(5.0),
                None,
            ),
        ],
    },
    Row {
        name: "it:direction",
        form: Form::Direction,
        needles: &["nord", "sud", "est"],
        examples: &[(
            "a nord di Tripoli",
            LocationKind::Direction,
            &["Tripoli"],
            None,
            Some(0.0),
        )],
    },
    Row {
        name: "de:offset",
        form: Form::Offset,
        needles: &["von"],
        examples: &[
            (
                "rund 30 Kilometer nordöstlich von Kabul",
                LocationKind::Offset,
                &["Kabul"],
                Some(30.0),
                Some(45.0),
            ),
            (
                "etwa 12 km von der Stadt Gao entfernt",
                LocationKind::Offset,
                &["Gao"],
                Some(12.0),
                None,
            ),
        ],
    },
    Row {
        name: "de:direction",
        form: Form::Direction,
        needles: &["lich"],
        examples: &[(
            "westlich von Aleppo",
            LocationKind::Direction,
            &["Aleppo"],
            None,
            Some(270.0),
        )],
    },
    Row {
        name: "id:offset",
        form: Form::Offset,
        needles: &["utara", "selatan", "timur", "barat", "tenggara"],
        examples: &[(
            "sekitar 15 kilometer di barat daya Baidoa",
            LocationKind::Offset,
            &["Baidoa"],
            Some(15.0),
            Some(225.0),
        )],
    },
    Row {
        name: "id:direction",
        form: Form::Direction,
        needles: &["utara", "selatan", "timur", "barat", "tenggara"],
        examples: &[(
            "di sebelah utara Marawi",
            LocationKind::Direction,
            &["Marawi"],
            None,
            Some(0.0),
        )],
    },
    Row {
        name: "nordic:offset",
        form: Form::Offset,
        needles: &["nor", "syd", "söder", "öst", "øst", "väst", "vest"],
        examples: &[
            (
                "fyra mil väster om Kismayo",
                LocationKind::Offset,
                &["Kismayo"],
                Some(40.0),
                Some(270.0),
            ),
            (
                "cirka 3 mil nordost om Kismayo",
                LocationKind::Offset,
                &["Kismayo"],
                Some(30.0),
                Some(45.0),
            ),
            (
                "25 km syd for Gao",
                LocationKind::Offset,
                &["Gao"],
                Some(25.0),
                Some(180.0),
            ),
        ],
    },
    Row {
        name: "nordic:direction",
        form: Form::Direction,
        needles: &["nor", "syd", "söder", "öst", "øst", "väst", "vest"],
        examples: &[(
            "väster om Kismayo",
            LocationKind::Direction,
            &["Kismayo"],
            None,
            Some(270.0),
        )],
    },
    Row {
        name: "fr:between",
        form: Form::Between,
        needles: &["entre"],
        examples: &[(
            "entre Kaya et Dori",
            LocationKind::Between,
            &["Kaya", "Dori"],
            None,
            None,
        )],
    },
    Row {
        name: "fr:near",
        form: Form::Near,
        needles: &[
            "près", "loin", "long", "environs", "proximit", "abords", "périph", "sortie", "entrée",
        ],
        examples: &[
            (
                "près de Tillabéri",
                LocationKind::Near,
                &["Tillabéri"],
                None,
                None,
            ),
            (
                "non loin de Beni",
                LocationKind::Near,
                &["Beni"],
                None,
                None,
            ),
            (
                "près de la frontière avec la Côte d'Ivoire",
                LocationKind::Border,
                &["Ivory Coast"],
                None,
                None,
            ),
            (
                "le long de la frontière entre le Mali et le Niger",
                LocationKind::Border,
                &["Mali", "Niger"],
                None,
                None,
            ),
        ],
    },
    Row {
        name: "fr:road",
        form: Form::Road,
        needles: &["axe", "route", "tronçon", "piste"],
        examples: &[
            (
                "sur l'axe Kaya-Dori",
                LocationKind::Road,
                &["Kaya", "Dori"],
                None,
                None,
            ),
            (
                "sur la route reliant Kaya à Dori",
                LocationKind::Road,
                &["Kaya", "Dori"],
                None,
                None,
            ),
            (
                "sur la route de Dori",
                LocationKind::Near,
                &["Dori"],
                None,
                None,
            ),
        ],
    },
    Row {
        name: "fr:in",
        form: Form::In,
        needles: &[],
        examples: &[
            (
                "dans le désert de Palmyre",
                LocationKind::Region,
                &["Palmyre"],
                None,
                None,
            ),
            (
                "dans le canton de Tillabéri",
                LocationKind::Region,
                &["Tillabéri"],
                None,
                None,
            ),
            (
                "dans la région de Tahoua",
                LocationKind::Region,
                &["Tahoua"],
                None,
                None,
            ),
            (
                "dans la localité de Kaboré",
                LocationKind::InPlace,
                &["Kaboré"],
                None,
                None,
            ),
            ("à Ansongo", LocationKind::InPlace, &["Ansongo"], None, None),
            (
                "à la frontière entre le Mali et le Niger",
                LocationKind::Border,
                &["Mali", "Niger"],
                None,
                None,
            ),
        ],
    },
    // "ont attaqué le village de X", "le chef de canton de X": a settlement
    // (or the canton or commune named for it) named with its word, no
    // preposition before it (after the row above, which reads "dans le
    // village de X" whole).
    Row {
        name: "fr:settlement",
        form: Form::In,
        needles: &[
            "village",
            "ville",
            "localité",
            "hameau",
            "bourgade",
            "canton",
            "commune",
        ],
        examples: &[
            (
                "le village de Kaboré",
                LocationKind::InPlace,
                &["Kaboré"],
                None,
                None,
            ),
            (
                "la cour du chef de canton de Zorbak",
                LocationKind::InPlace,
                &["Zorbak"],
                None,
                None,
            ),
        ],
    },
];

static FORMS: LazyLock<Vec<(&'static Row, Rx)>> = LazyLock::new(|| {
    let nums = NUMBERS
        .iter()
        .map(|(w, _)| *w)
        .collect::<Vec<_>>()
        .join("|");
    let nordic = NUMBERS_NORDIC
        .iter()
        .map(|(w, _)| *w)
        .collect::<Vec<_>>()
        .join("|");
    let table: Vec<(Form, String)> = vec![
        (
            Form::Offset,
            format!(
                r"(?i)\b(?:à\s+|a\s+)?(?P<about>(?:environ|quelque|quelques|près\s+de|plus\s+de|moins\s+de)\s+)?(?P<num>\d+(?:[.,]\d+)?|{nums})\s*(?:de\s+)?(?:km|kilom[eè]tres?)\b\.?\s+(?:(?:au|à\s+l['’]|a\s+l['’])\s*(?P<dir>{DIR})\s+)?{OF}"
            ),
        ),
        (
            Form::Direction,
            format!(r"(?i)\b(?:au|à\s+l['’]|a\s+l['’])\s*(?P<dir>{DIR})\s+{OF}"),
        ),
        // Spanish and Portuguese: "a unos 120 kilómetros al noroeste de X",
        // "5 kilómetros al sur de X", "a 25 quilómetros de X", "cerca de 150 km ao sul de X".
        (
            Form::Offset,
            format!(
                r"(?i)\b(?:a\s+)?(?P<about>(?:unos|unas|cerca\s+de|aproximadamente|alrededor\s+de|cerca\s+de|mais\s+de|más\s+de|uns|umas)\s+)?(?P<num>\d+(?:[.,]\d+)?)\s*(?:km|kil[oó]metros?|quil[oó]metros?|quil[ôo]metros?)\b\.?\s+(?:(?:al|ao|a)\s+(?P<dir>{DIR_IBERIAN})\s+)?{OF_IBERIAN}"
            ),
        ),
        (
            Form::Direction,
            format!(r"(?i)\b(?:al|ao)\s+(?P<dir>{DIR_IBERIAN})\s+{OF_IBERIAN}"),
        ),
        // Italian: "a circa 20 km a sud di X", "a 5 chilometri da X", "a nord di X".
        (
            Form::Offset,
            format!(
                r"(?i)\b(?:a\s+)?(?P<about>(?:circa|oltre|quasi)\s+)?(?P<num>\d+(?:[.,]\d+)?)\s*(?:km|chilometri|chilometro)\b\.?\s+(?:(?:a)\s+(?P<dir>{DIR_IT})\s+{OF_IT}|(?:da|dal|dalla)\s+)"
            ),
        ),
        (
            Form::Direction,
            format!(r"(?i)\ba\s+(?P<dir>{DIR_IT})\s+{OF_IT}"),
        ),
        // German: "rund 40 Kilometer nördlich von X", "40 km von X entfernt", "südlich von X".
        (
            Form::Offset,
            format!(
                r"(?i)\b(?P<about>(?:rund|etwa|ca\.|circa|knapp|gut|mehr\s+als|über)\s+)?(?P<num>\d+(?:[.,]\d+)?)\s*(?:km|Kilometer[n]?)\b\.?\s+(?:(?P<dir>{DIR_DE})\s+)?(?:von\s+(?:der\s+Stadt\s+|dem\s+Dorf\s+)?)"
            ),
        ),
        (
            Form::Direction,
            format!(r"(?i)\b(?P<dir>{DIR_DE})\s+(?:von\s+)"),
        ),
        // Indonesian and Malay: "sekitar 15 kilometer di utara X",
        // "20 km sebelah utara X", "di sebelah timur X".
        (
            Form::Offset,
            format!(
                r"(?i)\b(?P<about>(?:sekitar|kira-kira|lebih\s+dari|hampir)\s+)?(?P<num>\d+(?:[.,]\d+)?)\s*(?:km|kilometer)\b\.?\s+(?:di\s+|ke\s+)?(?:sebelah\s+)?(?P<dir>{DIR_ID})\s+(?:dari\s+|kota\s+|desa\s+)?"
            ),
        ),
        (
            Form::Direction,
            format!(
                r"(?i)\b(?:di\s+|ke\s+)(?:sebelah\s+)?(?P<dir>{DIR_ID})\s+(?:dari\s+|kota\s+|desa\s+)?"
            ),
        ),
        // Swedish, Norwegian, Danish: "60 km sydväst om X", "fyra mil norr om X"
        // (a Scandinavian mil is 10 km), "nordost om X".
        (
            Form::Offset,
            format!(
                r"(?i)\b(?P<about>(?:cirka|ca\.|omkring|drygt|knappt|ungefär|rundt)\s+)?(?P<num>\d+(?:[.,]\d+)?|{nordic})\s*(?P<unit>km|kilometer|mil)\b\.?\s+(?P<dir>{DIR_NORDIC}|{DIR_NORDIC_SHORT})\s+(?:om|for)\s+"
            ),
        ),
        (
            Form::Direction,
            format!(r"(?i)\b(?P<dir>{DIR_NORDIC})\s+(?:om|for)\s+"),
        ),
        (
            Form::Between,
            r"(?i)\bentre\s+(?:les\s+localités\s+de\s+|les\s+villages\s+de\s+)?".to_owned(),
        ),
        (
            Form::Near,
            format!(
                r"(?i)\b(?:près|non\s+loin|le\s+long|aux\s+environs|dans\s+les\s+environs|à\s+proximité|aux\s+abords|à\s+la\s+périphérie|à\s+la\s+sortie|à\s+l['’]entrée|dans\s+la\s+périphérie)\s+{OF}"
            ),
        ),
        (
            Form::Road,
            r"(?i)\b(?:sur|le\s+long\s+de)\s+(?:l['’]axe|la\s+route|le\s+tronçon|la\s+piste)\s+(?:(?:reliant|entre|de|du|d['’])\s*)?".to_owned(),
        ),
        (Form::In, r"(?i)\b(?:dans|à|au|en)\s+".to_owned()),
        (
            Form::In,
            r"(?i)\b(?:le|la|du|les|des|de)\s+(?:village|ville|localité|hameau|bourgade|canton|commune)s?\s+(?:de\s+|d['’])".to_owned(),
        ),
    ];
    table
        .into_iter()
        .zip(&ROWS)
        .map(|((f, re), row)| {
            assert_eq!(f, row.form, "{}: the regex of another form", row.name);
            (row, Rx::new(&re).expect("location form regex"))
        })
        .collect()
});

/// Words that introduce a place name: "la localité de", "du village de", "la ville de".
static INTRO: LazyLock<Rx> = LazyLock::new(|| {
    Rx::new(r"(?i)^(?:(?:la|le|les|l['’])\s*)?(?:(?:ville|localité|village|commune|cité|bourgade|région|province|préfecture|département|cercle|zone|quartier|secteur|territoire|chefferie|groupement|agglomération|site|camp|canton|désert|forêt|vallée|massif|parc|collectivité|commune\s+rurale)s?\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])?)?")
        .expect("intro regex")
});

/// A place right after a French lead-in: (name, bytes consumed, is an area word).
fn place_after(s: &str) -> Option<(String, usize, bool)> {
    let intro = INTRO.find(s).map_or(0, |m| m.end());
    let area = s[..intro].to_lowercase();
    let area = [
        "région",
        "province",
        "préfecture",
        "département",
        "cercle",
        "territoire",
        "canton",
        "désert",
        "forêt",
        "vallée",
        "massif",
    ]
    .iter()
    .any(|w| area.contains(w));
    let p = take_place(&s[intro..])?;
    // "à Huit personnes": a number written with a capital is no place.
    let name = p.name.to_lowercase();
    if NUMBERS.iter().any(|&(w, _)| w == name) {
        return None;
    }
    if vocab::country_by_name(&p.name).is_some() && intro == 0 {
        return Some((p.name.clone(), intro + p.end, true));
    }
    Some((p.full_name(), intro + p.end, area || p.is_area()))
}

/// A road's reading after its lead-in and first name (`name`, ending at
/// `end`): "X-Y" (the name as one hyphenated word) and "X à Y", "X et Y"
/// are the road between two towns; a lone name is the road to it.
fn road(text: &str, start: usize, end: usize, name: String) -> Option<(LocationPhrase, usize)> {
    let two = |a: String, b: String, end: usize| {
        let mut ph = LocationPhrase::new(&text[start..end], LocationKind::Road, vec![a, b]);
        ph.qualifiers.push("road".into());
        Some((ph, end))
    };
    let after = &text[end..];
    for joiner in [" à ", " et ", "-", " - ", "–", " – "] {
        if let Some(tail) = after.strip_prefix(joiner)
            && let Some((second, used, _)) = place_after(tail)
        {
            return two(name, second, end + joiner.len() + used);
        }
    }
    let parts: Vec<&str> = name.split(['-', '–']).collect();
    if let [a, b] = parts.as_slice()
        && [a, b].iter().all(|p| p.starts_with(char::is_uppercase))
    {
        return two(a.to_string(), b.to_string(), end);
    }
    let mut ph = LocationPhrase::new(&text[start..end], LocationKind::Near, vec![name]);
    ph.qualifiers.push("road".into());
    Some((ph, end))
}

fn number(s: &str) -> Option<f64> {
    let t = s.trim().to_lowercase();
    if let Some((_, n)) = NUMBERS.iter().find(|(w, _)| *w == t) {
        return (*n > 0).then(|| f64::from(*n));
    }
    // Only the Scandinavian form reads these words.
    if let Some((_, n)) = NUMBERS_NORDIC.iter().find(|(w, _)| *w == t) {
        return Some(f64::from(*n));
    }
    t.replace(',', ".").parse().ok()
}

fn bearing(dir: &str) -> Option<(f64, f64)> {
    let d = dir
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let en = DIRECTIONS.iter().find(|(fr, _)| *fr == d)?.1;
    vocab::compass(en)
}

/// Appends the French candidates of `text`.
pub fn candidates(text: &str, out: &mut Vec<Candidate>) {
    let taken =
        |out: &[Candidate], a: usize, b: usize| out.iter().any(|c| a < c.end && c.start < b);
    let lower = text.to_lowercase();
    for (row, re) in FORMS.iter() {
        let form = &row.form;
        if !row.needles.is_empty() && !row.needles.iter().any(|n| lower.contains(n)) {
            continue;
        }
        for c in re.captures_iter(text) {
            let whole = c.get(0).expect("match");
            if taken(out, whole.start(), whole.end()) {
                continue;
            }
            let rest = &text[whole.end()..];
            // "à 25 km de la frontière nigérienne", "près de la frontière avec le Cameroun".
            let after_lead = match form {
                // "à la frontière ...": the article is part of the border phrase.
                Form::In => &text[whole.start() + after_word(whole.as_str())..],
                _ => rest,
            };
            if !matches!(form, Form::Between)
                && let Some((countries, used)) = border_after(after_lead)
            {
                let end = text.len() - after_lead.len() + used;
                if taken(out, whole.start(), end) {
                    continue;
                }
                let mut ph =
                    LocationPhrase::new(&text[whole.start()..end], LocationKind::Border, countries);
                ph.qualifiers.push("border".into());
                if let Some(n) = c.name("num")
                    && let Some(d) = number(n.as_str())
                {
                    ph.distance_km = Some(d);
                    ph.distance_text = Some(format!("{d}"));
                }
                out.push(Candidate {
                    phrase: ph,
                    start: whole.start(),
                    end,
                    score: rank::REGION,
                    form: row.name,
                });
                continue;
            }
            let Some((name, used, area)) = place_after(rest) else {
                continue;
            };
            let mut end = whole.end() + used;
            if *form == Form::Road {
                let Some((ph, road_end)) = road(text, whole.start(), end, name) else {
                    continue;
                };
                if taken(out, whole.start(), road_end) {
                    continue;
                }
                let score = if ph.kind == LocationKind::Road {
                    rank::LINE
                } else {
                    rank::WEAK
                };
                out.push(Candidate {
                    phrase: ph,
                    start: whole.start(),
                    end: road_end,
                    score,
                    form: row.name,
                });
                continue;
            }
            let (kind, anchors, score) = match form {
                Form::Offset => (LocationKind::Offset, vec![name], rank::OFFSET),
                Form::Direction => (LocationKind::Direction, vec![name], rank::LINE),
                Form::Near => (LocationKind::Near, vec![name], rank::PLACE),
                Form::In if area => (LocationKind::Region, vec![name], rank::REGION),
                Form::In => (LocationKind::InPlace, vec![name], rank::PLACE),
                // "la frontière entre le Mali et le Niger" is a border, read with its lead-in.
                Form::Between if text[..whole.start()].trim_end().ends_with("frontière") => {
                    continue;
                }
                // Read above.
                Form::Road => continue,
                Form::Between => {
                    let after = &text[end..];
                    let Some(tail) = after.strip_prefix(" et ") else {
                        continue;
                    };
                    let Some((second, used2, _)) = place_after(tail) else {
                        continue;
                    };
                    end += 4 + used2;
                    (LocationKind::Between, vec![name, second], rank::LINE)
                }
            };
            if taken(out, whole.start(), end) {
                continue;
            }
            let mut ph = LocationPhrase::new(&text[whole.start()..end], kind, anchors);
            if let Some(n) = c.name("num") {
                let Some(mut d) = number(n.as_str()) else {
                    continue;
                };
                // A Scandinavian mil is 10 km.
                if c.name("unit")
                    .is_some_and(|u| u.as_str().eq_ignore_ascii_case("mil"))
                {
                    d *= 10.0;
                }
                ph.distance_km = Some(d);
                ph.distance_text = Some(format!("{d}"));
                if c.name("about").is_some() || n.as_str().to_lowercase().starts_with("une ") {
                    ph.qualifiers.push("about".into());
                }
            }
            if let Some(d) = c.name("dir") {
                let Some((b, h)) = bearing(d.as_str()) else {
                    continue;
                };
                ph.bearing_deg = Some(b);
                ph.bearing_halfwidth_deg = Some(h);
            }
            let score = if kind == LocationKind::Region
                && vocab::country_by_name(&ph.anchors[0]).is_some()
            {
                rank::COUNTRY
            } else {
                score
            };
            out.push(Candidate {
                phrase: ph,
                start: whole.start(),
                end,
                score,
                form: row.name,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::location::assert_reads;
    use super::*;

    /// Every row reads each of its examples in a sentence: the best reading
    /// is the row's own and gives what the example says.
    #[test]
    fn table_examples() {
        for row in &ROWS {
            assert!(!row.examples.is_empty(), "{}: no examples", row.name);
            for example in row.examples {
                let sentence = format!(
                    "Des hommes armés ont attaqué un poste {}, tuant deux soldats.",
                    example.0
                );
                assert_reads(&sentence, row.name, example);
            }
        }
    }

    /// A number written with a capital after "à" is no place.
    #[test]
    fn a_capitalised_number_is_no_place() {
        let mut out = Vec::new();
        candidates("L'attaque a coûté la vie à Huit personnes.", &mut out);
        assert!(out.is_empty(), "{out:?}");
        candidates(
            "L'attaque a coûté la vie à trois personnes à Zorbak.",
            &mut out,
        );
        assert_eq!(out.len(), 1, "{out:?}");
    }
}

//! Name keys. Two keys per name:
//! - the N key folds case, diacritics, apostrophes (' ’ ʿ ʾ ‘), hyphens and
//!   spaces, and one leading article (al-, el-, ad-, ar-, as-, ash-, az-,
//!   an-, at-): "Al-Mayadeen" and "Mayadeen" and "al Mayādīn" meet;
//! - the V key is a consonant skeleton that also folds transliteration
//!   variants (ee/i, ou/u, j/g/k/q, kh/k, ay/ei, Albukamal/Abu Kamal,
//!   Zuweid/Zuwayd). It over-merges on purpose and is tried only after the N key.

const ARTICLES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "ash", "az", "an", "at", "ath", "adh", "the",
];

fn is_latin_or_common(c: char) -> bool {
    c.is_ascii()
        || ('\u{00C0}'..='\u{024F}').contains(&c)
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
        || "ʿʾ‘’ʻʼ`´".contains(c)
}

/// Folded words of a name: ASCII, lowercase, split on anything that is not a letter or digit.
pub fn words(name: &str) -> Vec<String> {
    let folded = if name.chars().all(is_latin_or_common) {
        deunicode::deunicode(name)
    } else {
        // Non-Latin scripts are kept as they are (lowercased), not transliterated.
        name.to_owned()
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '`' | '´' | 'ʿ' | 'ʾ' | '‘' | '’' | 'ʻ' | 'ʼ') {
            // apostrophes join: "Ma'arrat" -> "maarrat"
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The N key: folded words without a leading article, concatenated.
pub fn n_key(name: &str) -> String {
    let mut w = words(name);
    if w.len() > 1 && ARTICLES.contains(&w[0].as_str()) {
        w.remove(0);
    }
    w.concat()
}

/// `key` with each run of one letter written once ("bossaso" -> "bosaso"):
/// transliterations double and single letters at will ("Bossaso"/"Bosaso",
/// "Qoryooley"/"Qoryoley").
pub fn undoubled(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut prev = '\0';
    for c in key.chars() {
        if c != prev {
            out.push(c);
        }
        prev = c;
    }
    out
}

/// The T key, for comparing spellings: the N key's words with the common
/// transliterations of Arabic name elements made one ("Ein"/"Ain"/"Ayn",
/// "Tell"/"Tal", "Deir"/"Dayr", "Kfar"/"Kafr", "Sheikh"/"Shaykh",
/// "Jebel"/"Jabal", "Oued"/"Wadi") and doubled letters single ("Issa"/"Isa"),
/// every article dropped. "Ein Issa" and "‘Ayn ‘Īsá" meet.
pub fn t_key(name: &str) -> String {
    let mut out = String::new();
    for w in words(name) {
        if ARTICLES.contains(&w.as_str()) {
            continue;
        }
        let w = TRANSLITERATIONS
            .iter()
            .find(|(forms, _)| forms.contains(&w.as_str()))
            .map_or(w.as_str(), |(_, one)| one);
        out.push_str(&undoubled(w));
    }
    out
}

/// Spellings of one Arabic name element, and the one they become.
const TRANSLITERATIONS: &[(&[&str], &str)] = &[
    (&["ein", "ain", "ayn", "aine", "ayin"], "ayn"),
    (&["tell", "tel", "tal", "tall", "tle"], "tal"),
    (&["deir", "dair", "dayr", "deyr", "der"], "dayr"),
    (&["kafr", "kfar", "kefr", "kafar", "kfr"], "kafr"),
    (
        &[
            "sheikh", "shaikh", "shaykh", "sheik", "cheikh", "chaikh", "shekh",
        ],
        "shaykh",
    ),
    (&["abu", "abou", "abo"], "abu"),
    (&["umm", "um", "oum", "om", "ummu"], "umm"),
    (
        &["jabal", "jebel", "djebel", "jabel", "jbel", "jebal"],
        "jabal",
    ),
    (&["bir", "beer", "bi'r", "bier", "bior"], "bir"),
    (&["bani", "beni", "banu", "bany"], "bani"),
    (&["wadi", "oued", "ouadi", "wady", "wed"], "wadi"),
    (&["qasr", "ksar", "kasr", "gasr"], "qasr"),
    (&["hay", "hayy", "hai"], "hay"),
    (&["khirbet", "khirbat", "kherbet", "khirbit"], "khirbat"),
    (&["qaryat", "qariyat", "qarya", "karyat"], "qaryat"),
    (&["mazraat", "mazraa", "mazraet", "mezraa"], "mazraat"),
];

/// The T key with its vowels folded to the three vowels Arabic writes ("o" is
/// "u", "e" is "i") and doubled letters single again: spellings that differ
/// only in how they wrote a vowel ("Obari"/"Ubari", "Ben"/"Bin",
/// "Khanaqeen"/"Khanaqin") meet.
pub fn vowel_key(name: &str) -> String {
    let folded: String = t_key(name)
        .chars()
        .map(|c| match c {
            'o' => 'u',
            'e' => 'i',
            c => c,
        })
        .collect();
    undoubled(&folded)
}

/// Most vowels whose other spelling [`vowel_spellings`] tries (2^n spellings).
const VOWEL_SPELLINGS_MAX: usize = 4;

/// The other spellings of an N key with its vowels written the other way
/// ("o" for "u", "e" for "i" and back): "obari" gives "ubari". The key
/// itself is left out; none for a key with more than four such vowels.
pub fn vowel_spellings(key: &str) -> Vec<String> {
    let other = |c: char| match c {
        'o' => Some('u'),
        'u' => Some('o'),
        'e' => Some('i'),
        'i' => Some('e'),
        _ => None,
    };
    let chars: Vec<char> = key.chars().collect();
    let at: Vec<usize> = (0..chars.len())
        .filter(|&k| other(chars[k]).is_some())
        .collect();
    if at.is_empty() || at.len() > VOWEL_SPELLINGS_MAX {
        return Vec::new();
    }
    (1..1usize << at.len())
        .map(|mask| {
            let mut c = chars.clone();
            for (bit, &k) in at.iter().enumerate() {
                if mask >> bit & 1 == 1 {
                    c[k] = other(c[k]).unwrap_or(c[k]);
                }
            }
            c.into_iter().collect()
        })
        .collect()
}

/// The V key: a consonant skeleton of the N key.
pub fn v_key(name: &str) -> String {
    let n = n_key(name);
    if !n.is_ascii() {
        return n;
    }
    // A glued article: "albukamal" -> "bukamal", "alqaim" -> "qaim".
    let n = match n.strip_prefix("al").or_else(|| n.strip_prefix("el")) {
        Some(rest) if rest.len() >= 4 => rest.to_owned(),
        _ => n,
    };
    let n = n
        .replace("kh", "k")
        .replace("gh", "g")
        .replace("dh", "d")
        .replace("th", "t")
        .replace("sh", "s")
        .replace("ch", "s")
        .replace("ph", "f")
        .replace(['q', 'c'], "k")
        .replace('z', "s")
        // Voiced and voiceless stops alternate across transliterations
        // ("Ahmed"/"Ahmet", "Hamad"/"Hamat"): one letter. The velar too:
        // "g" writes the qaf of Libya and Sudan ("Gasr" for Qasr) and the
        // jim of Egypt ("Gamal" for Jamal).
        .replace('j', "g")
        .replace('g', "k")
        .replace('p', "b")
        .replace('t', "d")
        .replace('v', "f")
        .replace('x', "ks");
    let mut out = String::with_capacity(n.len());
    let mut prev = '\0';
    for ch in n.chars() {
        if matches!(ch, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'h') {
            continue;
        }
        if ch != prev {
            out.push(ch);
        }
        prev = ch;
    }
    out
}

/// The first letter of a key, every vowel (and "w", "y", which open
/// transliterated vowels: "Awzar", "Yuzar") one class: spellings of one
/// name start alike ("Ozar"/"Uzar", "Pelgur"/"Peljgur"), where a
/// consonant skeleton alone also joins unlike names ("Kolmar"/"Hoi-hkolmar").
pub fn first_sound(key: &str) -> Option<char> {
    key.chars()
        .next()
        .map(|c| if "aeiouwy".contains(c) { 'a' } else { c })
}

/// Area words that may follow a name ("Diyala Province", "Beni region").
pub const AREA_SUFFIXES: &[&str] = &[
    "province",
    "governorate",
    "state",
    "region",
    "area",
    "district",
    "county",
    "prefecture",
    "department",
    "muhafazah",
    "wilayah",
    "sub-district",
    "subdistrict",
    "tehsil",
    "upazila",
    "sub-division",
    "subdivision",
    "sub-county",
    "sub-prefecture",
    "nahiya",
    "nahiyah",
    "qada",
    "markaz",
    "lga",
    "territory",
    "division",
    "countryside",
];

/// Splits a trailing area word off a name: ("Diyala", Some("province")).
pub fn split_area_suffix(name: &str) -> (String, Option<String>) {
    let w: Vec<&str> = name.split_whitespace().collect();
    if w.len() > 1 {
        let last = w[w.len() - 1].to_lowercase();
        if AREA_SUFFIXES.contains(&last.as_str()) {
            return (w[..w.len() - 1].join(" "), Some(last));
        }
    }
    (name.trim().to_owned(), None)
}

/// `split_area_suffix`, and a leading area word as some styles write it
/// ("District Nasirabad", "Province of Kunduz", "Tehsil Barang"): for names
/// read from text, not for the gazetteer's own names ("State House").
pub fn split_area_word(name: &str) -> (String, Option<String>) {
    let (base, suffix) = split_area_suffix(name);
    if suffix.is_some() {
        return (base, suffix);
    }
    let w: Vec<&str> = name.split_whitespace().collect();
    if w.len() > 1 {
        let first = w[0].to_lowercase();
        let rest = if w[1].eq_ignore_ascii_case("of") {
            &w[2..]
        } else {
            &w[1..]
        };
        if (AREA_SUFFIXES.contains(&first.as_str()) || first == "tehsil")
            && !rest.is_empty()
            && rest[0].starts_with(char::is_uppercase)
        {
            let level = if first == "tehsil" {
                "district".to_owned()
            } else {
                first
            };
            return (rest.join(" "), Some(level));
        }
    }
    (name.trim().to_owned(), None)
}

/// Words naming a settlement's or area's level that a name may carry at its
/// end ("Kautikari village", "Gwoza town", "Mahawil District").
pub const LEVEL_WORDS: &[&str] = &[
    "town",
    "village",
    "hamlet",
    "city",
    "township",
    "commune",
    "municipality",
    "locality",
];

/// Level words that call a place a small settlement ("Zorbak village").
pub const SMALL_SETTLEMENT_WORDS: &[&str] = &["village", "hamlet"];

/// Words written before a name for its level ("Barangay Zorbak", "Tehsil
/// Barang", "Ward 4", "Camp Bulo").
const LEADING_LEVEL_WORDS: &[&str] = &[
    "barangay",
    "tehsil",
    "kebele",
    "ward",
    "camp",
    "quarter",
    "sector",
    "zone",
    "sub-district",
];

/// Whether a word names a level (area, settlement or unit) rather than a place.
pub fn is_level_word(word: &str) -> bool {
    let w = word.to_lowercase();
    AREA_SUFFIXES.contains(&w.as_str())
        || LEVEL_WORDS.contains(&w.as_str())
        || LEADING_LEVEL_WORDS.contains(&w.as_str())
}

/// The name after a leading level word ("Barangay Zorbak" -> "Zorbak"), if
/// it has one.
pub fn split_leading_level_word(name: &str) -> Option<String> {
    let (first, rest) = name.trim().split_once(char::is_whitespace)?;
    let rest = rest.trim();
    (!rest.is_empty() && LEADING_LEVEL_WORDS.contains(&first.to_lowercase().as_str()))
        .then(|| rest.to_owned())
}

/// Splits a trailing level word (an area word or a settlement word) off a name.
pub fn split_level_word(name: &str) -> (String, Option<String>) {
    let (base, suffix) = split_area_suffix(name);
    if suffix.is_some() {
        return (base, suffix);
    }
    let w: Vec<&str> = name.split_whitespace().collect();
    if w.len() > 1 {
        let last = w[w.len() - 1].to_lowercase();
        if LEVEL_WORDS.contains(&last.as_str()) {
            return (w[..w.len() - 1].join(" "), Some(last));
        }
    }
    (name.trim().to_owned(), None)
}

/// "Rutshuru-Centre", "Kindu-Ville": a town-centre word hyphenated to a
/// name (French usage), asked of a name the gazetteer does not hold as it
/// is written (names such as "Fosses-la-Ville" are whole names).
pub fn split_hyphen_level_word(name: &str) -> Option<String> {
    let (base, last) = name.trim().rsplit_once('-')?;
    (!base.is_empty() && HYPHEN_LEVEL_WORDS.contains(&last.to_lowercase().as_str()))
        .then(|| base.to_owned())
}

/// Words hyphenated to a name for its town centre (French usage).
const HYPHEN_LEVEL_WORDS: &[&str] = &["centre", "center", "ville", "cité"];

#[cfg(test)]
mod tests {
    use super::*;

    /// Transliterations of one Arabic name meet in the T key; other names
    /// stay apart.
    #[test]
    fn transliterations_meet_in_the_t_key() {
        for (a, b) in [
            ("Ein Issa", "‘Ayn ‘Īsá"),
            ("Tell Abyad", "Tal Abyad"),
            ("Deir Hafer", "Dayr Hafer"),
            ("Kfar Nabl", "Kafr Nabl"),
            ("Jebel al-Zawiya", "Jabal az-Zawiya"),
            ("Oued Zem", "Wadi Zem"),
        ] {
            assert_eq!(t_key(a), t_key(b), "{a} / {b}");
        }
        assert_ne!(t_key("Tel Aviv"), t_key("Tal Afar"));
        assert_eq!(t_key("Bir al Abd"), "birabd");
    }

    #[test]
    fn countryside_is_an_area_word() {
        assert_eq!(
            split_area_suffix("Deir ez-Zor countryside"),
            ("Deir ez-Zor".to_owned(), Some("countryside".to_owned()))
        );
    }

    #[test]
    fn a_town_centre_word_after_a_hyphen_is_a_level_word() {
        assert_eq!(
            split_hyphen_level_word("Rutshuru-Centre"),
            Some("Rutshuru".to_owned())
        );
        assert_eq!(
            split_hyphen_level_word("Kindu-Ville"),
            Some("Kindu".to_owned())
        );
        // Other hyphenated names stay whole; the ordinary level word split
        // (which also builds the index) never cuts at a hyphen.
        assert_eq!(split_hyphen_level_word("Dar es-Salaam"), None);
        assert_eq!(
            split_level_word("Fosses-la-Ville"),
            ("Fosses-la-Ville".to_owned(), None)
        );
    }

    #[test]
    fn n_keys_fold_the_usual_variation() {
        assert_eq!(n_key("Al-Mayadeen"), "mayadeen");
        assert_eq!(n_key("al Mayādeen"), "mayadeen");
        assert_eq!(n_key("Deir ez-Zor"), "deirezzor");
        assert_eq!(n_key("Ma‘arrat an-Nu‘man"), "maarratannuman");
        assert_eq!(n_key("As-Sukhnah"), "sukhnah");
        assert_eq!(n_key("Ash Shaykh Zuwayd"), "shaykhzuwayd");
    }

    #[test]
    fn a_first_sound_counts_every_vowel_alike() {
        assert_eq!(first_sound("ozar"), first_sound("uzar"));
        assert_eq!(first_sound("awzar"), first_sound("ezar"));
        assert_ne!(first_sound("kolmar"), first_sound("holmar"));
        assert_eq!(first_sound(""), None);
    }

    #[test]
    fn v_keys_meet_across_transliterations() {
        assert_eq!(v_key("Albukamal"), v_key("Abu Kamal"));
        assert_eq!(v_key("Sheikh Zuweid"), v_key("Ash Shaykh Zuwayd"));
        assert_eq!(v_key("Baqubah"), v_key("Ba'qubah"));
        assert_eq!(v_key("Khanaqin"), v_key("Khanaqeen"));
        assert_eq!(v_key("Al-Qaim"), v_key("Al Qa'im"));
        assert_ne!(v_key("Kirkuk"), v_key("Karbala"));
        assert_eq!(v_key("Ahmedabad"), v_key("Ahmetabaad"));
        // Qaf written "g", jim written "g".
        assert_eq!(v_key("Gasr Zorbak"), v_key("Qasr Zorbak"));
        assert_eq!(v_key("Gamal Velanto"), v_key("Jamal Velanto"));
    }

    /// Spellings apart only in their vowels meet in the vowel key; other
    /// consonants keep names apart.
    #[test]
    fn vowel_spellings_write_each_vowel_the_other_way() {
        let v = vowel_spellings("obari");
        assert_eq!(v.len(), 3);
        for want in ["ubari", "obare", "ubare"] {
            assert!(v.iter().any(|s| s == want), "{want}: {v:?}");
        }
        assert!(vowel_spellings("qrt").is_empty());
        assert!(
            vowel_spellings("ouieoa").is_empty(),
            "too many vowels to try"
        );
    }

    #[test]
    fn vowel_keys_fold_the_vowels_alone() {
        assert_eq!(vowel_key("Obari"), vowel_key("Ubari"));
        assert_eq!(vowel_key("Qasr Ben Zorbak"), vowel_key("Qasr Bin Zorbak"));
        assert_eq!(vowel_key("Velanteen"), vowel_key("Velantin"));
        assert_ne!(vowel_key("Malduk"), vowel_key("Maldak"));
        assert_ne!(vowel_key("Koranga"), vowel_key("Koranda"));
    }

    #[test]
    fn a_leading_level_word_splits_off() {
        assert_eq!(
            split_leading_level_word("Barangay Zorbak Norte").as_deref(),
            Some("Zorbak Norte")
        );
        assert_eq!(
            split_leading_level_word("Tehsil Velanto").as_deref(),
            Some("Velanto")
        );
        assert_eq!(split_leading_level_word("Barangay"), None);
        assert_eq!(split_leading_level_word("Zorbak Camp"), None);
    }

    #[test]
    fn doubled_letters_are_written_once() {
        assert_eq!(undoubled("bossaso"), "bosaso");
        assert_eq!(undoubled("qoryooley"), "qoryoley");
        assert_eq!(undoubled("kirkuk"), "kirkuk");
        assert_eq!(t_key("Ein Issa"), t_key("‘Ayn ‘Īsá"));
    }

    #[test]
    fn area_suffixes() {
        assert_eq!(
            split_area_suffix("Diyala Province"),
            ("Diyala".into(), Some("province".into()))
        );
        assert_eq!(split_area_suffix("Kirkuk"), ("Kirkuk".into(), None));
        // South Asian and Central African units below a district.
        assert_eq!(
            split_area_suffix("Zorbak Tehsil"),
            ("Zorbak".into(), Some("tehsil".into()))
        );
        assert_eq!(
            split_area_suffix("Zorbak Sub-division"),
            ("Zorbak".into(), Some("sub-division".into()))
        );
        assert_eq!(
            split_area_word("District Nasirabad"),
            ("Nasirabad".into(), Some("district".into()))
        );
        assert_eq!(
            split_area_word("Province of Kunduz"),
            ("Kunduz".into(), Some("province".into()))
        );
        // A gazetteer name is never split at its front; a lone word stays whole.
        assert_eq!(
            split_area_suffix("State House"),
            ("State House".into(), None)
        );
        assert_eq!(split_area_word("State"), ("State".into(), None));
    }
}

//! Choosing among the places an incident's text names (sentences of our own
//! writing, real places of the shipped gazetteer).

use crate::common::incimap;

/// Every record `extract --resolve` gives for `text` with `country` as context.
fn records(text: &str, country: &str) -> Vec<serde_json::Value> {
    let out = incimap()
        .args(["extract", "--resolve", "--country", country, "-"])
        .write_stdin(text)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect()
}

fn first_record(text: &str, country: &str) -> serde_json::Value {
    records(text, country).into_iter().next().expect("a record")
}

/// "X in Y": Y is the area X lies in, read as the province before the city.
#[test]
fn a_place_in_a_named_province_is_the_place() {
    let r = first_record(
        "On 9 June 2021, gunmen killed a trader in Jarablus in Aleppo.\n",
        "SY",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["admin1"].as_str()),
        (Some("Jarābulus"), Some("Aleppo"))
    );
}

/// A town named first gives way to the smaller place of the incident near it.
#[test]
fn a_smaller_place_near_the_town_wins() {
    let r = first_record(
        "On 11 June 2021, troops in Gwoza repelled an attack on Pulka, killing 6 insurgents.\n",
        "NG",
    );
    assert_eq!(r["anchor"], "Pulka", "{r}");
    // ... but not a place far from it (an origin, the aftermath).
    let r = first_record(
        "On 11 June 2021, troops in Gwoza repelled an attack; the wounded were flown to Abuja.\n",
        "NG",
    );
    assert_eq!(r["anchor"], "Gwoza", "{r}");
}

/// Participants named after a place or people ("Fulani herdsmen") are not the location.
#[test]
fn participant_names_are_not_the_location() {
    let r = first_record(
        "On 12 June 2021, suspected Fulani herdsmen killed 5 farmers in Gwoza.\n",
        "NG",
    );
    assert_eq!(r["anchor"], "Gwoza", "{r}");
}

/// "X is a small town N km DIR of Y" elsewhere in the story describes the
/// incident's X: the offset follows X in the readings.
#[test]
fn a_sentence_saying_where_the_place_is_glosses_it() {
    let r = first_record(
        "Militants attacked the army post in Hombori on Sunday, killing 3 soldiers. \
         Hombori is a small town about 130 kilometres east of Douentza.\n",
        "ML",
    );
    assert_eq!(r["anchor"], "Hombori", "{r}");
    let out = incimap()
        .args(["extract", "--country", "ML", "-"])
        .write_stdin(
            "Militants attacked the army post in Hombori on Sunday, killing 3 soldiers. \
             Hombori is a small town about 130 kilometres east of Douentza.\n",
        )
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v["fallback_location"],
        "about 130 kilometres east of Douentza"
    );
}

/// A name whose gazetteer place lies far from where the text's own gloss puts
/// it is not that place: the gloss is used (a made-up village name, glossed
/// by an offset from a real town, and a real name glossed wrongly).
#[test]
fn a_gloss_overrules_a_far_homonym() {
    let out = incimap()
        .args([
            "geocode",
            "--country",
            "NG",
            "--format",
            "json",
            "in Gwoza (40 km south of Damaturu)",
        ])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["method"], "fallback:offset", "{v}");
    assert_eq!(v["anchor"]["name"], "Damaturu", "{v}");
}

/// Coherence: of two villages of one name, the one near the other places the
/// story names; and the event sentence's village beats a town of a later sentence.
#[test]
fn homonyms_are_told_apart_by_the_other_places_named() {
    for (town, state) in [("Makurdi", "Benue State"), ("Minna", "Niger State")] {
        let r = first_record(
            &format!(
                "On 2 June 2021, gunmen attacked Gbangban village, killing four. \
                 The police command in {town} confirmed the attack.\n"
            ),
            "NG",
        );
        assert_eq!(
            (r["anchor"].as_str(), r["admin1"].as_str()),
            (Some("Gbangban"), Some(state)),
            "{r}"
        );
    }
}

/// "District X" (area word first) reads as the district of X.
#[test]
fn an_area_word_before_the_name() {
    let out = incimap()
        .args([
            "gazetteer",
            "lookup",
            "--country",
            "AF",
            "--limit",
            "1",
            "District Khakrez",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().nth(1).is_some_and(|l| l.contains("ADM2")),
        "{text}"
    );
}

/// "the X area of Y district": X is the place, Y the district it lies in;
/// "X Local Government area of Y State": X is the LGA.
#[test]
fn a_named_area_of_a_district() {
    let r = first_record(
        "On 4 June 2021, a roadside bomb killed 3 soldiers in the Shahrak area of Khakrez district, Kandahar.\n",
        "AF",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["admin1"].as_str()),
        (Some("Shahrak"), Some("Kandahar")),
        "{r}"
    );
    let r = first_record(
        "On 4 June 2021, bombers attacked a market in Damboa Local Government area of Borno State.\n",
        "NG",
    );
    assert_eq!(r["anchor"], "Damboa", "{r}");
}

/// A settlement word written as part of the name ("Chibok Town", "Maungdaw
/// Township") still finds the place.
#[test]
fn a_settlement_word_after_the_name() {
    for (cc, name, want) in [
        ("NG", "Chibok Town", "Chibok"),
        ("MM", "Maungdaw Township", "Maungdaw"),
    ] {
        let out = incimap()
            .args(["gazetteer", "lookup", "--country", cc, "--limit", "1", name])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.lines().nth(1).is_some_and(|l| l.contains(want)),
            "{name}: {text}"
        );
    }
}

/// The province the text gives for a place is a bound: the one village of
/// that name, 900 km away in another state, is a namesake, so the areas the
/// text names are used; in its own state it is the place.
#[test]
fn a_namesake_outside_the_named_province_gives_way_to_the_province() {
    let r = first_record(
        "On 3 May 2020, gunmen killed two farmers in Kwajaffa (Ibarapa East, Oyo).\n",
        "NG",
    );
    assert_eq!(r["admin1"].as_str(), Some("Oyo State"), "{r}");
    assert!(
        r["method"]
            .as_str()
            .is_some_and(|m| m.starts_with("fallback:")),
        "{r}"
    );
    let r = first_record(
        "On 3 May 2020, gunmen attacked Kwajaffa (Hawul, Borno) and killed two farmers.\n",
        "NG",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["method"].as_str()),
        (Some("Kwajaffa"), Some("place"))
    );
    // Named without a location phrase, the parenthesis still counts.
    let r = first_record(
        "On 3 May 2020, gunmen attacked Kwajaffa (Ibarapa East, Oyo) and killed two farmers.\n",
        "NG",
    );
    assert_eq!(r["admin1"].as_str(), Some("Oyo State"), "{r}");
}

/// A place is not taken from the start of a longer name ("X Haram" is a
/// group, not a place), unless the name is headed by a kind of place.
#[test]
fn a_place_is_not_cut_from_a_longer_name() {
    let r = first_record(
        "On 3 May 2020, Boko Haram fighters attacked a patrol and killed two soldiers.\n",
        "NG",
    );
    assert!(
        r["anchor"].is_null() || r["anchor"].as_str() != Some("Boko"),
        "{r}"
    );
    let r = first_record(
        "On 3 May 2020, the Maiduguri Police Command said gunmen had killed two traders.\n",
        "NG",
    );
    assert_eq!(r["anchor"].as_str(), Some("Maiduguri"), "{r}");
}

/// A country part is the least precise reading: the areas the text names
/// with it ("(District, Province)") come first.
#[test]
fn the_areas_named_with_a_country_part_beat_it() {
    let r = first_record(
        "On 4 May 2021, shells hit homes in western Yemen (Zabid, Al Hudaydah), wounding two.\n",
        "YE",
    );
    assert!(
        r["method"]
            .as_str()
            .is_some_and(|m| m.starts_with("fallback:context")),
        "{r}"
    );
    assert!(
        r["uncertainty_km"].as_f64().is_some_and(|u| u < 100.0),
        "{r}"
    );
}

/// "X Local Government Area of Y State": the district, in its state.
#[test]
fn a_local_government_area_of_a_state() {
    let r = first_record(
        "On 4 May 2021, gunmen killed two farmers in Oye Local Government Area of Ekiti State.\n",
        "NG",
    );
    assert_eq!(r["admin1"].as_str(), Some("Ekiti State"), "{r}");
}

/// "in X district in Y": X lies in Y, so X is the reading.
#[test]
fn a_district_in_a_province_is_the_district() {
    let r = first_record(
        "On 5 May 2021, a bomb killed two farmers in Dibis district in Kirkuk.\n",
        "IQ",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["admin1"].as_str()),
        (Some("Dibis"), Some("Kirkuk"))
    );
}

/// A country after a town names the country, except when the context
/// country has an area of that name ("Niger" State in Nigeria).
#[test]
fn a_country_name_as_enclosing_area() {
    let r = first_record(
        "On 5 May 2021, gunmen killed a trader in the town of Maradi, Niger.\n",
        "NE",
    );
    assert_eq!(r["anchor"].as_str(), Some("Maradi"), "{r}");
    let r = first_record(
        "On 5 May 2021, a vigilante shot a driver at a checkpoint in Wushishi (Wushishi LGA, Niger).\n",
        "NG",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["admin1"].as_str()),
        (Some("Wushishi"), Some("Niger State"))
    );
}

/// A direction set off by a comma after a province says where the province
/// is: the province is the reading, not a sector of the city.
#[test]
fn a_direction_glossing_a_province_keeps_the_province() {
    let r = first_record(
        "On 6 May 2021, gunmen attacked an army post in Babil province, south of Baghdad.\n",
        "IQ",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["method"].as_str()),
        (Some("Babil"), Some("region")),
        "{r}"
    );
}

/// "the village of al-Rashad": a name with a lower-case article is a name.
#[test]
fn a_name_with_a_lower_case_article() {
    let r = first_record(
        "On 6 May 2021, gunmen killed two shepherds in the village of al-Rashad.\n",
        "IQ",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["method"].as_str()),
        (Some("Qaryat ar Rashad"), Some("place")),
        "{r}"
    );
}

/// A namesake across the border (a Turkish village 20 km from Iraq) gives
/// way to the incident's other reading inside the context country.
#[test]
fn a_namesake_abroad_gives_way_to_a_reading_at_home() {
    let r = first_record(
        "On 7 May 2021, a roadside bomb hit a patrol near Sarikoy village, on the outskirts of Zakho.\n",
        "IQ",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["country"].as_str()),
        (Some("Zaxo"), Some("IQ")),
        "{r}"
    );
    // Named with its country, the place abroad is meant.
    let r = first_record(
        "On 7 May 2021, a drone hit a truck near Sarikoy village in Turkey, on the outskirts of Zakho.\n",
        "IQ",
    );
    assert_eq!(r["country"].as_str(), Some("TR"), "{r}");
}

/// Every reading of the sentence stays in the chain: two unknown villages,
/// then the offset that glosses the second one.
#[test]
fn the_third_reading_is_kept() {
    let r = first_record(
        "Le 8 mai 2021, des hommes armés ont tué deux civils à Zorbanu dans la chefferie de Qwertu, à une trentaine de kilomètres au nord de Beni.\n",
        "CD",
    );
    assert_eq!(
        (
            r["anchor"].as_str(),
            r["method"].as_str(),
            r["distance_km"].as_f64()
        ),
        (Some("Beni"), Some("fallback:offset"), Some(30.0)),
        "{r}"
    );
}

/// The enclosing areas of a later reading serve when no reading resolves.
#[test]
fn the_areas_of_a_later_reading_are_the_last_resort() {
    let r = first_record(
        "On 8 May 2021, militiamen killed two civilians at the Qwzz junction near Zorbanu in Qwertu district (Beni, Nord-Kivu).\n",
        "CD",
    );
    assert_eq!(r["admin1"].as_str(), Some("North Kivu"), "{r}");
    assert!(
        r["method"]
            .as_str()
            .is_some_and(|m| m.starts_with("fallback:")),
        "{r}"
    );
}

fn geocode(country: &str, phrase: &str) -> serde_json::Value {
    let out = incimap()
        .args(["geocode", "--country", country, "--format", "json", phrase])
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Offset forms: a distance in parentheses, "by road", "to Y", "the
/// nation's capital".
#[test]
fn more_offset_forms() {
    let cases = [
        (
            "AF",
            "less than 60 kilometres (37 miles) north of the nation's capital",
            "Kabul",
            60.0,
            Some(0.0),
        ),
        (
            "IQ",
            "in a compound (60 km) north of Hilla",
            "Al Ḩillah",
            60.0,
            Some(0.0),
        ),
        // No "of" after the compass word.
        (
            "IQ",
            "some 15 kilometres south Tikrit",
            "Tikrīt",
            15.0,
            Some(180.0),
        ),
        // The distance after the place: in that direction, or away from it.
        ("IQ", "north of Tikrit, 25 km", "Tikrīt", 25.0, Some(0.0)),
        (
            "NG",
            "in Damboa, about six miles away",
            "Damboa",
            6.0 * 1.609_344,
            None,
        ),
        (
            "NG",
            "about 50 kilometers east by road from Maiduguri",
            "Maiduguri",
            50.0,
            Some(90.0),
        ),
        (
            "NG",
            "a hamlet less than four kilometres to Maiduguri",
            "Maiduguri",
            4.0,
            None,
        ),
    ];
    for (cc, phrase, anchor, km, bearing) in cases {
        let r = geocode(cc, phrase);
        assert_eq!(r["anchor"]["name"].as_str(), Some(anchor), "{phrase}: {r}");
        assert_eq!(r["distance_km"].as_f64(), Some(km), "{phrase}: {r}");
        assert_eq!(r["bearing_deg"].as_f64(), bearing, "{phrase}: {r}");
    }
}

/// A loose (fuzzy) match is taken only near the other places the incident
/// names; a village word between the name and its "(District, Province)"
/// keeps the areas with the name.
#[test]
fn loose_matches_and_areas_after_a_village_word() {
    let r = first_record(
        "On 9 May 2021, gunmen killed two farmers in Kwajafa village near Biu.\n",
        "NG",
    );
    assert_eq!(r["anchor"].as_str(), Some("Kwajaffa"), "{r}");
    let r = first_record(
        "On 9 May 2021, gunmen killed two farmers in Kwajafa village near Ibadan.\n",
        "NG",
    );
    assert_eq!(r["anchor"].as_str(), Some("Ibadan"), "{r}");
    let r = first_record(
        "On 9 May 2021, militants attacked Kwajaffa village (Ibarapa East, Oyo) and killed two.\n",
        "NG",
    );
    assert_eq!(r["admin1"].as_str(), Some("Oyo State"), "{r}");
}

/// A village named exactly, 900 km from the town the incident also names,
/// is a namesake; "X , Y" (a space before the comma) still encloses X in Y.
#[test]
fn a_far_village_is_a_namesake_of_the_one_meant() {
    for text in [
        "On 10 May 2021, a grenade hit a car on the main street of Ibadan, in the Kwajaffa area.\n",
        "On 10 May 2021, gunmen shot a trader in Kwajaffa , Ibadan.\n",
    ] {
        let r = first_record(text, "NG");
        assert_eq!(
            (r["anchor"].as_str(), r["admin1"].as_str()),
            (Some("Ibadan"), Some("Oyo State")),
            "{text}: {r}"
        );
    }
}

/// A province named bare is the province, not a hamlet that shares its name;
/// a seat of government named bare is the town; an offset's anchor is a town.
#[test]
fn a_bare_province_name() {
    let r = geocode("NG", "in Borno");
    assert_eq!(
        (
            r["anchor"]["name"].as_str(),
            r["anchor"]["feature_code"].as_str()
        ),
        (Some("Borno"), Some("ADM1")),
        "{r}"
    );
    let r = geocode("NG", "in Kaduna");
    assert_eq!(r["anchor"]["feature_code"].as_str(), Some("PPLA"), "{r}");
    let r = geocode("NG", "20 km south of Borno");
    assert_ne!(r["anchor"]["feature_code"].as_str(), Some("ADM1"), "{r}");
}

/// "X near Y" says where X is: a town 900 km from Y is a namesake (Y is
/// used); one 85 km away is still near enough.
#[test]
fn near_y_glosses_the_place_before_it() {
    let r = first_record(
        "On 11 May 2021, gunmen killed a trader in Damboa near Ibadan.\n",
        "NG",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["method"].as_str()),
        (Some("Ibadan"), Some("fallback:near")),
        "{r}"
    );
    let r = first_record(
        "On 11 May 2021, gunmen killed a trader in Damboa near Maiduguri.\n",
        "NG",
    );
    assert_eq!(r["anchor"].as_str(), Some("Damboa"), "{r}");
}

/// A story's later paragraph says where in the lede's province it happened:
/// the more precise reading inside the province is taken; a place outside
/// it (where the wounded were taken) is not.
#[test]
fn a_later_paragraph_says_where_in_the_lede_place() {
    let lede =
        "Gunmen killed four soldiers at a checkpoint in Yobe state on Tuesday, officials said.\n\n";
    for follow_up in [
        "The checkpoint lies on the Damaturu-Potiskum road, a resident told reporters.\n",
        "The attack happened on the Damaturu-Potiskum road, a resident told reporters.\n",
    ] {
        let r = first_record(&format!("{lede}{follow_up}"), "NG");
        assert_eq!(r["method"], "road", "{follow_up}: {r}");
        // The record names the reading the point came from.
        assert_eq!(r["location_text"], "on the Damaturu-Potiskum road", "{r}");
        assert_eq!(r["location_kind"], "road", "{r}");
        assert_eq!(r["anchor"], "Damaturu | Potiskum", "{r}");
    }
    let r = first_record(
        &format!("{lede}The wounded were flown to a hospital in Abuja, a military source said.\n"),
        "NG",
    );
    assert_eq!(r["anchor"], "Yobe", "{r}");
    assert_eq!(r["admin1"], "Yobe State", "{r}");
}

/// "north of X" in the lede, "north of the town of Y" later: Y lies in that
/// sector of X, so the later, narrower reading is where it happened; one in
/// another direction is not.
#[test]
fn a_later_sentence_narrows_a_direction() {
    let lede = "A car bomb killed five people north of Baghdad on Friday, police said.";
    let r = first_record(
        &format!(
            "{lede} The blast struck a market north of the town of Tarmiyah, an officer said.\n"
        ),
        "IQ",
    );
    assert_eq!(r["anchor"], "Aţ Ţārmīyah", "{r}");
    assert!(r["uncertainty_km"].as_f64().expect("radius") < 30.0, "{r}");
    let r = first_record(
        &format!("{lede} Its victims were buried south of the city of Hillah, an officer said.\n"),
        "IQ",
    );
    assert_eq!(r["anchor"], "Baghdad", "{r}");
}

/// "X district in Y, and ...": 'in' makes Y the area X lies in even when the
/// clause goes on, so the district nested in Y is the reading.
#[test]
fn a_district_in_a_province_before_a_clause() {
    let r = first_record(
        "On 4 June 2021, militants attacked a farm in Hawija district in Kirkuk, and set fire to crops.\n",
        "IQ",
    );
    assert_eq!(r["anchor"], "Al-Hawija District", "{r}");
}

/// "X in Y" where Y names a province, its capital and the capital's
/// district: the province bounds X, not the district around the capital.
#[test]
fn a_province_named_after_its_capital_bounds_the_place() {
    let r = first_record(
        "On 4 June 2021, gunmen killed two farmers in the fields of Al Mazraa in As-Sweida, and fled.\n",
        "SY",
    );
    assert_ne!(r["method"], "fallback:place", "{r}");
    assert!(
        r["anchor"].as_str().expect("anchor").contains("Mazra"),
        "{r}"
    );
    // Farther from the district's point than a district bound allows.
    assert!(r["lon"].as_f64().expect("lon") < 36.6, "{r}");
}

/// "X in Y", Y both a province and its capital: X may lie anywhere in the
/// province, farther from the capital than a town's reach.
#[test]
fn a_town_in_a_province_named_after_its_capital() {
    let r = first_record(
        "On 2 June 2021, a bomb exploded near a bakery in Qamishli in al-Hasakeh.\n",
        "SY",
    );
    assert_eq!(r["anchor"], "Al Qāmishlī", "{r}");
}

/// A paragraph that points back at the event ("The attacker also killed
/// ...") continues the story even with other counts: one incident, placed
/// where the follow-up says.
#[test]
fn a_paragraph_pointing_back_continues_the_story() {
    let text = "BAGHDAD, Iraq - A suicide bomber killed three soldiers at a checkpoint in Anbar province on Monday, an officer said.\n\nThe attacker also killed a civilian when he blew himself up at a checkpoint 20 kilometres west of Ramadi, the officer added.\n";
    let recs = records(text, "IQ");
    assert_eq!(recs.len(), 1, "{recs:?}");
    let r = &recs[0];
    assert_eq!(
        (r["method"].as_str(), r["anchor"].as_str()),
        (Some("offset"), Some("Ramadi")),
        "{r}"
    );
    assert_eq!(r["killed"], 3, "{r}");
}

/// "X village in Y district": the district encloses the village named with
/// it; a namesake of X outside the district gives way to the district.
#[test]
fn a_village_word_between_the_name_and_its_district() {
    let r = first_record(
        "On Friday, insurgents raided Quionga village in Palma district in the afternoon.\n",
        "MZ",
    );
    assert_eq!(r["anchor"], "Quionga", "{r}");
    let r = first_record(
        "On Friday, insurgents raided Nangade village in Palma district in the afternoon.\n",
        "MZ",
    );
    assert_eq!(r["anchor"], "Palma", "{r}");
    assert!(
        r["uncertainty_km"].as_f64().expect("radius") >= 20.0,
        "a district is no point: {r}"
    );
}

/// Where the wounded were taken is the aftermath, even inside the lede's
/// province: it never narrows the location.
#[test]
fn the_aftermath_inside_the_province_is_not_the_place() {
    for follow_up in [
        "\n\nThe wounded were taken to a hospital in Damaturu, a military source said.\n",
        " The wounded were rushed to a hospital in Damaturu.\n",
    ] {
        let r = first_record(
            &format!(
                "Gunmen killed four soldiers at a checkpoint in Yobe state on Tuesday, officials said.{follow_up}"
            ),
            "NG",
        );
        assert_eq!(r["anchor"], "Yobe", "{follow_up}: {r}");
    }
}

/// "Elsewhere, ... also ..." is another event, not more of the story.
#[test]
fn another_event_elsewhere_is_its_own_incident() {
    let text = "Gunmen killed four soldiers at a checkpoint in Yobe state on Tuesday, officials said.\n\nElsewhere, militants also killed three farmers in Konduga village.\n";
    let recs = records(text, "NG");
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert_eq!(recs[0]["anchor"], "Yobe");
    assert_eq!(
        (recs[1]["anchor"].as_str(), recs[1]["killed"].as_u64()),
        (Some("Konduga"), Some(3))
    );
}

/// "A security source in X said ..." places the speaker, not the event:
/// the event's own reading wins.
#[test]
fn where_the_speaker_is_is_not_the_event() {
    let r = first_record(
        "A security source in Kirkuk said a roadside bomb exploded north of the town of Hawija on Sunday, killing two soldiers.\n",
        "IQ",
    );
    assert_eq!(r["location_kind"], "direction", "{r}");
    assert!(
        r["anchor"].as_str().expect("anchor").contains("Hawij"),
        "{r}"
    );
}

/// A facility the gazetteer does not hold ("a Ramadi checkpoint") lies by the
/// town it is named after; a loose match of a made-up name is no such town.
#[test]
fn a_facility_lies_by_the_town_it_is_named_after() {
    let v = geocode("IQ", "at a Ramadi checkpoint");
    assert_eq!(v["anchor"]["name"], "Ramadi", "{v}");
    let v = geocode("IQ", "at the Qwzzrta checkpoint");
    assert!(v["point"].is_null(), "{v}");
}

/// "west of X" on a coast that runs west-southwest: the sector's centre is
/// at sea, so the point is the part of the sector on the country's land.
#[test]
fn a_direction_off_a_coast_stays_on_land() {
    let v = geocode("EG", "west of Sheikh Zuweid");
    let why = v["evidence"].as_str().expect("evidence");
    assert!(why.contains("onto the land of EG"), "{v}");
    assert!(v["point"]["lat"].as_f64().expect("lat") < 31.2, "{v}");
    let v = geocode("IQ", "north of Baghdad");
    assert!(
        !v["evidence"]
            .as_str()
            .expect("evidence")
            .contains("onto the land"),
        "{v}"
    );
}

/// A bare name in another spelling than the gazetteer's ("Tal Hamis" for
/// Tall Hamis) is still the place, inside the province the text names; a
/// country's possessive is no place ("Syria's").
#[test]
fn a_spelling_variant_inside_the_named_province() {
    let r = first_record(
        "Syria's army said it shelled Tal Hamis in Al-Hasakeh with rockets on 9 June 2021.\n",
        "SY",
    );
    assert_eq!(r["anchor"], "Tall Ḩamīs", "{r}");
    assert_eq!(r["method"], "place", "{r}");
}

/// A variant spelling does not outrank the text's own reading when nothing
/// bounds it: the named place of the location phrase stays.
#[test]
fn a_spelling_variant_does_not_outrank_the_phrase() {
    let r = first_record(
        "On 9 June 2021, gunmen from Tal Hamis attacked a checkpoint in Ras al-Ayn.\n",
        "SY",
    );
    assert_eq!(r["anchor"], "Ra’s al ‘Ayn", "{r}");
}

/// Hard-wrapped prose: a wrapped line that ends one sentence and starts the
/// next is not a heading, and the sentence it cuts still has its place.
#[test]
fn a_hard_wrapped_line_is_not_a_heading() {
    let text = "Militants\nstormed a police post on the edge of\nGombe before dawn. Witnesses told\nReuters that the post burned for hours.\n";
    let recs = records(text, "NG");
    let r = &recs[0];
    assert_eq!(
        (r["anchor"].as_str(), r["method"].as_str()),
        (Some("Gombe"), Some("near")),
        "{r}"
    );
    assert!(
        recs.iter().all(|r| r["method"] != "section"),
        "no heading gives a place: {recs:?}"
    );
}

/// A district's bound is a guess at its size: a township named with its
/// district and state is the township's town even a little past the guess.
#[test]
fn a_township_a_little_past_its_district_bound() {
    for (phrase, want) in [
        (
            "in Homalin Township, Hkamti District, Sagaing Region",
            "Homalin",
        ),
        ("in Shwegu Township, Bhamo District, Kachin State", "Shwegu"),
    ] {
        let r = geocode("MM", phrase);
        assert_eq!(r["anchor"]["name"].as_str(), Some(want), "{phrase}: {r}");
        assert_eq!(r["method"], "place", "{phrase}: {r}");
    }
}

/// "the Y State capital", "the capital of Y State": the province's capital.
#[test]
fn a_province_capital_is_its_seat() {
    let r = first_record(
        "On 2 June 2021, gunmen attacked a bank in the Kano State capital, killing a guard.\n",
        "NG",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["method"].as_str()),
        (Some("Kano"), Some("place")),
        "{r}"
    );
    let r = first_record(
        "On 2 June 2021, a bomb went off at a market in the capital of Sindh province.\n",
        "PK",
    );
    assert_eq!(r["anchor"], "Karachi", "{r}");
}

/// A later sentence saying where the event happened reads as the event's
/// own; one that tells of a similar event elsewhere does not.
#[test]
fn a_sentence_saying_where_it_took_place() {
    let r = first_record(
        "Insurgents ambushed an army convoy near Bama on Tuesday, killing four soldiers. Officers said the ambush occurred about 15 km east of Bama, by a river crossing.\n",
        "NG",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["distance_km"].as_f64()),
        (Some("Bama"), Some(15.0)),
        "{r}"
    );
    let r = first_record(
        "Gunmen attacked Gwoza on 3 May, killing two farmers. A similar attack took place the same day in Bama.\n",
        "NG",
    );
    assert_eq!(r["anchor"], "Gwoza", "{r}");
}

/// What a later paragraph says of the chosen place ("X is located 40 km
/// south of Y") is its reading when the gazetteer does not know X.
#[test]
fn a_later_paragraph_glosses_the_place() {
    let r = first_record(
        "On 3 May 2021, fighters overran Zorbakala village after a day of fighting.\n\nZorbakala lies some 30 km west of Damboa, off the main road.\n",
        "NG",
    );
    assert_eq!(
        (
            r["anchor"].as_str(),
            r["distance_km"].as_f64(),
            r["bearing_deg"].as_f64()
        ),
        (Some("Damboa"), Some(30.0), Some(270.0)),
        "{r}"
    );
    assert_eq!(r["kind"], "seizure", "{r}");
}

/// "between the towns of X and Y": the two towns; with one of them unknown,
/// near the other, as wide as the stretch between two towns may be.
#[test]
fn between_two_towns_one_unknown() {
    let r = geocode("NG", "between the towns of Biu and Damboa");
    assert_eq!(r["method"], "between", "{r}");
    let r = geocode("NG", "between the towns of Qqzvillez and Damboa");
    assert_eq!(
        (r["method"].as_str(), r["anchor"]["name"].as_str()),
        (Some("near"), Some("Damboa")),
        "{r}"
    );
    assert!(
        r["uncertainty_km"].as_f64().is_some_and(|u| u >= 30.0),
        "{r}"
    );
}

/// "X, the Y State capital, ...": the apposition marks X as the place, even
/// at the head of the sentence; "the Y village of X" marks X.
#[test]
fn an_apposition_or_a_village_of_marks_the_place() {
    let r = first_record(
        "Gombe, the Gombe State capital, was attacked by gunmen on Friday evening, residents said.\n",
        "NG",
    );
    assert_eq!(
        (r["anchor"].as_str(), r["method"].as_str()),
        (Some("Gombe"), Some("place")),
        "{r}"
    );
    let r = first_record(
        "On Sunday insurgents attacked the Palma village of Quionga.\n",
        "MZ",
    );
    assert_eq!(r["anchor"], "Quionga", "{r}");
}

/// A facility named after a place ("the X police checkpoint") puts the event
/// at X, inside the district the sentence names; an affiliation ("the
/// commander of the X police station") does not.
#[test]
fn a_facility_at_a_place_inside_the_district() {
    let r = first_record(
        "On 9 June 2021, militants attacked the Pulka army post in the Gwoza district, killing two soldiers.\n",
        "NG",
    );
    assert_eq!(r["anchor"], "Pulka", "{r}");
    let r = first_record(
        "On 9 June 2021, a roadside bomb in Bama district killed the commander of the Gwoza police station.\n",
        "NG",
    );
    assert_ne!(r["anchor"], "Gwoza", "{r}");
}

/// A district of a city the sentence names ("in the city of X ... in the Y
/// district") is the part of the city where it happened.
#[test]
fn a_district_of_the_city_named() {
    let r = first_record(
        "On Monday, in the port city of Aden, gunmen shot dead two guards at a bank in the Khawr Maksar district, police said.\n",
        "YE",
    );
    assert_eq!(r["anchor"], "Khawr Maksar", "{r}");
    // In both: no wider than the city.
    assert!(
        r["uncertainty_km"].as_f64().is_some_and(|u| u <= 15.0),
        "{r}"
    );
}

/// "X district, situated to the east of Y": the clause says where X is.
#[test]
fn a_located_clause_glosses_the_district() {
    let r = first_record(
        "Two policemen died when a bomb went off on the outskirts of Tuz Khurmatu district,\u{201d} located to the east of the city of Tikrit.\n",
        "IQ",
    );
    assert_eq!(r["location_kind"], "region", "{r}");
    assert_ne!(r["anchor"], "Tikrit", "{r}");
}

/// "Y province" names the province even where a district shares its name in
/// that spelling: the district's bound does not apply to places far in the
/// province.
#[test]
fn a_province_word_bounds_by_the_province() {
    let r = first_record(
        "Gunmen killed a shepherd near Amuda in Al-Hasakeh province.\n",
        "SY",
    );
    assert_eq!(
        (r["location_kind"].as_str(), r["admin1"].as_str()),
        (Some("near"), Some("Al-Hasakah")),
        "{r}"
    );
}

/// "in X province" lends the province, not a pull toward its capital: of two
/// towns in the province that share an alias, the one the name means wins.
#[test]
fn a_province_does_not_pull_toward_its_capital() {
    let r = first_record(
        "Shelling killed three civilians near Kobani in Aleppo province on Tuesday.\n",
        "SY",
    );
    assert_eq!(r["anchor"], "‘Ayn al ‘Arab", "{r}");
}

/// "the X district police headquarters in Y": X, a district of Y; the area
/// that holds it never replaces it as a "smaller place".
#[test]
fn a_facility_of_a_district_in_its_province() {
    let r = first_record(
        "Insurgents overran the Chahar Bolak district army base in Balkh province on Sunday night, officials said.\n",
        "AF",
    );
    assert_eq!(r["anchor"], "Chahar Bolak", "{r}");
}

/// "on the road between A and B in Y": Y is the area the road runs through,
/// not a place of its own that outranks the road.
#[test]
fn a_road_in_a_province() {
    let r = first_record(
        "On Friday a bomb hit an army truck on the road between Manbij and Al-Bab in Aleppo, a monitor said.\n",
        "SY",
    );
    assert_eq!(r["location_kind"], "road", "{r}");
    // A lede "near X", X a town that names its province, is refined by a
    // later sentence anywhere in the province.
    let r = first_record(
        "A roadside bomb wounded four conscripts near Aleppo, a monitor said on Friday. The bomb hit an army truck on the road between Manbij and Al-Bab in Aleppo, the monitor said.\n",
        "SY",
    );
    assert_eq!(r["location_kind"], "road", "{r}");
}

/// A district named after its seat is placed at the seat (the coders'
/// convention), with the district's radius still around it.
#[test]
fn a_district_at_the_seat_it_is_named_after() {
    let r = geocode("AF", "in Maywand district");
    let ev = r["evidence"].as_str().unwrap_or_default();
    assert!(ev.contains("at the seat"), "{r}");
    let (lon, lat) = (r["lon"].as_f64().unwrap(), r["lat"].as_f64().unwrap());
    let (alon, alat) = (
        r["anchor"]["lon"].as_f64().unwrap(),
        r["anchor"]["lat"].as_f64().unwrap(),
    );
    assert!((lon, lat) != (alon, alat), "{r}");
    // A seat spelled a little differently from its district.
    let r = geocode("AF", "in Chahar Bolak district");
    assert!(
        r["evidence"]
            .as_str()
            .unwrap_or_default()
            .contains("at the seat"),
        "{r}"
    );
    // No seat of that name: the district's own point.
    let r = geocode("AF", "in Zhari district");
    assert_eq!(r["lon"], r["anchor"]["lon"], "{r}");
    // A province at its capital when it bears the capital's name, not in its
    // countryside.
    let r = geocode("YE", "in Hajjah governorate");
    assert!(
        r["evidence"]
            .as_str()
            .unwrap_or_default()
            .contains("at the seat"),
        "{r}"
    );
    assert!(
        r["uncertainty_km"].as_f64().is_some_and(|u| u > 80.0),
        "{r}"
    );
    let r = geocode("SY", "in Idlib countryside");
    assert!(
        !r["evidence"]
            .as_str()
            .unwrap_or_default()
            .contains("at the seat"),
        "{r}"
    );
    // The lead name of a note is a district as well: at its seat.
    let r = first_record(
        "Maywand District. Clashes between the army and rebels\n",
        "AF",
    );
    assert_eq!(r["method"], "region", "{r}");
    assert_ne!(r["lon"], r["anchor_lon"], "{r}");
}

/// A provincial capital's countryside is the rural province around it: a
/// village the sentence names tens of km out lies within it and is the place.
#[test]
fn a_village_in_the_countryside_of_a_provincial_capital() {
    let r = first_record(
        "Turkish forces shelled Tell Rifaat and nearby farms in the northern countryside of Aleppo on Sunday.\n",
        "SY",
    );
    assert_eq!(r["anchor"], "Tall Rif‘at", "{r}");
    let r = geocode("SY", "in the northern countryside of Aleppo");
    assert!(
        r["uncertainty_km"].as_f64().is_some_and(|u| u > 40.0),
        "{r}"
    );
    // A small town's countryside is its surroundings.
    let r = geocode("SY", "in the countryside of Tall Tamr");
    assert!(
        r["uncertainty_km"].as_f64().is_some_and(|u| u < 30.0),
        "{r}"
    );
}

/// A name found only by a loose spelling, far from where the incident's
/// other readings put it, gives way to them; one near them stays.
#[test]
fn a_loose_spelling_far_from_the_other_places_gives_way() {
    for name in ["Matadii", "Mbanza Ngunguu"] {
        let r = first_record(
            &format!(
                "On 4 June 2021, militiamen kidnapped three farmers in the {name} locality, close to Butembo.\n"
            ),
            "CD",
        );
        assert_eq!(r["anchor"], "Butembo", "{r}");
        assert_eq!(r["method"], "fallback:near", "{r}");
    }
    let r = first_record(
        "On 4 June 2021, militiamen kidnapped three farmers in the Mabakka locality, close to Butembo.\n",
        "CD",
    );
    assert_eq!(r["method"], "place", "{r}");
}

/// "X in Y": a name right before an "in" reading is a place the grammar
/// marks, found in Y even in another spelling; not a weekday, a name of
/// another phrase, or a name Y does not hold (then Y itself).
#[test]
fn a_name_right_before_in_an_area_is_a_place_there() {
    for s in [
        "regime forces shelled Fteira in Idlib",
        "regime forces shelled Fteira in the southern countryside of Idlib",
    ] {
        let r = first_record(&format!("On 3 May 2021, {s}.\n"), "SY");
        assert_eq!(r["anchor"], "Fatirah", "{r}");
    }
    for (s, method) in [
        ("fighters clashed Sunday in Idlib", "place"),
        ("rebels shelled the road west of Saraqib in Idlib", "place"),
        ("rebels shelled Narnia in Idlib", "fallback:place"),
    ] {
        let r = first_record(&format!("On 3 May 2021, {s}.\n"), "SY");
        assert_eq!(
            (&r["anchor"], &r["method"]),
            (&"Idlib".into(), &method.into()),
            "{r}"
        );
    }
}

/// A settlement word does not stop a spelling variant: "Toungup Township"
/// is the town of Taungup, as "Toungup" is.
#[test]
fn a_spelling_variant_with_its_settlement_word() {
    let r = geocode("MM", "in Toungup Township");
    assert_eq!(r["anchor"]["name"], "Taungup", "{r}");
}

/// A country someone came from is not the incident's country: the place in
/// the context country is still found there.
#[test]
fn an_origin_abroad_does_not_move_the_incident() {
    let r = first_record(
        "On 3 May 2021, gunmen executed a man in Idlib after his deportation from Turkey.\n",
        "SY",
    );
    assert_eq!(
        (&r["country"], &r["method"]),
        (&"SY".into(), &"place".into()),
        "{r}"
    );
}

/// A bare country among the later readings ("refugees in China") does not
/// move an incident out of the record's country once a place there leads,
/// nor hide the places of that country the text names.
#[test]
fn a_bare_country_later_does_not_move_the_incident() {
    for text in [
        "On 3 May 2021, fighting in Kachin State drove villagers to seek refuge in China.\n",
        "Kachin State. Fighting drove villagers to seek refuge in China\n",
    ] {
        let r = first_record(text, "MM");
        assert_eq!(
            (&r["anchor"], &r["country"]),
            (&"Kachin".into(), &"MM".into()),
            "{r}"
        );
    }
    // With no place of its own the country the text names is the place.
    let r = first_record("On 3 May 2021, gunmen attacked a convoy in Niger.\n", "ML");
    assert_eq!(r["country"], "NE", "{r}");
}

/// A quarter the gazetteer does not hold, written before its city without a
/// comma ("Zorbak Karachi"), is in that city; a made-up name before a
/// hamlet's name is not.
#[test]
fn an_unknown_quarter_before_its_city_is_in_the_city() {
    let r = first_record(
        "On 3 May 2021, gunmen shot dead a shopkeeper in Zorbak Karachi.\n",
        "PK",
    );
    assert_eq!(r["anchor"], "Karachi", "{r}");
    assert!((r["lat"].as_f64().unwrap() - 24.86).abs() < 0.1, "{r}");
    let r = first_record(
        "On 3 May 2021, gunmen shot dead a shopkeeper in Barangay Zorbak Davao.\n",
        "PH",
    );
    assert_ne!(r["anchor"], "Davao", "{r}");
}

/// Of two quarters (PPLX) of one name, the one in a city is the likelier
/// meant; a settlement of the name still ranks before a quarter.
#[test]
fn a_citys_quarter_outranks_a_villages() {
    let r = first_record("On 4 May 2021, gunmen shot dead a trader in Hodan.\n", "SO");
    assert_eq!(r["anchor"], "Hodan", "{r}");
    assert!((r["lon"].as_f64().unwrap() - 45.31).abs() < 0.1, "{r}");
}

/// Of a hamlet's homonyms, the one near a place another name of the text
/// may be is the one meant (neither is a landmark).
#[test]
fn homonyms_are_told_apart_by_the_hamlets_named_with_them() {
    let alone = first_record("On 14 April 2021, gunmen raided Bomu, killing two.\n", "NG");
    let with_mate = first_record(
        "On 14 April 2021, gunmen raided Bomu and Ogale, killing two.\n",
        "NG",
    );
    assert!(with_mate["lat"].as_f64().unwrap() < 6.0, "{with_mate}");
    assert_ne!(alone["lat"], with_mate["lat"], "{alone}");
}

/// A road's two ends are chosen together: of each name's homonyms, the
/// pair that lies close; and a road named by three towns runs between the
/// first and the last.
#[test]
fn a_roads_ends_are_chosen_together() {
    let r = first_record(
        "Gunmen ambushed a truck on the Mbau-Kasindi road on 4 May 2021, killing two.\n",
        "CD",
    );
    assert_eq!(r["method"], "road", "{r}");
    assert!(r["lat"].as_f64().unwrap() > 0.0, "{r}");
    let r = first_record(
        "Troops repelled an ambush along the Maiduguri-Konduga-Damboa road on 4 May 2021.\n",
        "NG",
    );
    assert_eq!(r["anchor"], "Maiduguri | Damboa", "{r}");
}

/// A lede that says only "in northeastern <country>" is no more than the
/// country: a later paragraph's province is where it happened, and a border
/// right after the province says which part of it, not a place of its own.
#[test]
fn a_later_province_refines_a_country_and_a_border_after_it_is_its_part() {
    let text = "Gunmen killed four soldiers in northeastern Nigeria on Tuesday, officials said.\n\n\
                The attack happened in Yobe state near the border with Niger.\n";
    let r = first_record(text, "NG");
    assert_eq!(r["location_kind"], "region", "{r}");
    assert_eq!(r["admin1"], "Yobe State", "{r}");
    assert_eq!(r["location_text"], "in Yobe state", "{r}");
}

/// A paragraph telling an event at a place the story has not named is
/// another event, once the story has placed its own at a town; a lede that
/// gave only the state is told more precisely by the next paragraph.
#[test]
fn an_event_at_another_town_is_its_own_incident() {
    let text = "Gunmen killed two farmers in Maiduguri on Monday, police said.\n\nAn IED exploded near Damaturu, wounding a policeman.\n";
    let recs = records(text, "NG");
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert_eq!(recs[0]["anchor"], "Maiduguri", "{}", recs[0]);
    assert_eq!(recs[0]["wounded"], serde_json::Value::Null, "{}", recs[0]);
    assert_eq!(recs[1]["anchor"], "Damaturu", "{}", recs[1]);
    assert_eq!(recs[1]["wounded"], 1, "{}", recs[1]);
    // Placed by the story's own town: the same story.
    let text = "Gunmen killed two farmers in Maiduguri on Monday, police said.\n\nAn IED exploded near Dalori, east of Maiduguri, wounding a policeman.\n";
    assert_eq!(records(text, "NG").len(), 1);
    let text = "Gunmen killed four soldiers in Borno state on Tuesday, officials said.\n\nInsurgents stormed an army checkpoint in Konduga, officials added.\n";
    let recs = records(text, "NG");
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(recs[0]["anchor"], "Konduga", "{}", recs[0]);
}

/// A highway between two cities far apart runs between those cities: a
/// hamlet spelt like one of them near the other end is not the road's end.
#[test]
fn a_highway_between_two_cities_keeps_its_cities() {
    let r = geocode("AF", "on the Kabul – Kandahar highway");
    assert_eq!(r["anchor"]["name"], "Kabul", "{r}");
    assert_eq!(r["method"], "road", "{r}");
}

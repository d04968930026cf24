//! The event taxonomy: cue patterns per kind, tried in priority order (the
//! first kind whose cue appears wins, so "ambushed ... and activated an IED"
//! is an ambush). README "Taxonomy" lists the same table for users.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::IncidentKind;

/// (kind, cue regex) in priority order.
static CUES: LazyLock<Vec<(IncidentKind, Regex)>> = LazyLock::new(|| {
    use IncidentKind::*;
    let table: &[(IncidentKind, &str)] = &[
        (
            SuicideAttack,
            r"(?i)\bsuicide\s+(?:bomb|attack|vest|car|vehicle|operation|bomber)|\bself-detonat|\bSVBIED\b|\bblew (?:himself|herself|themselves) up",
        ),
        (
            PrisonerExchange,
            r"(?i)\bprisoners?\s+(?:exchange|swap)|\bexchange of prisoners|\bswap of prisoners",
        ),
        (Ambush, r"(?i)\bambush"),
        (
            Ied,
            r"(?i)\b(?:S?VB|PB|RC)?IEDs?\b|\bimprovised explosive|\broadside bomb|\bsticky bomb|\bmagnetic bomb|\bcar bomb|\blandmines?\b|\bexplosive device|\bbooby[- ]trap|\bbomb (?:exploded|went off|blast)|\bexplosive belt",
        ),
        (Sniper, r"(?i)\bsniper|\bsniping"),
        (
            IndirectFire,
            r"(?i)\bmortars?\b|\brockets?\b|\bartillery|\bshell(?:s|ed|ing)\b|\bmissiles?\b|\bkatyusha|\bGrad\b|\bprojectiles?\b",
        ),
        (
            AbductionExecution,
            r"(?i)\btook\b.{0,80}?\bprisoner|\btaken prisoner|\babduct|\bkidnap|\bexecut(?:ed|ion)|\bbehead|\bhostages?\b|\bslaughtered",
        ),
        (
            Airstrike,
            r"(?i)\bair ?strikes?\b|\bdrone strikes?\b|\baerial (?:bombardment|attack|strike)|\bwarplanes?\b|\bbombed by (?:aircraft|jets|planes)",
        ),
        (
            Protest,
            r"(?i)\bprotest|\bdemonstrat(?:ion|ors|ed)|\bsit-in\b|\brall(?:y|ies)\b",
        ),
        (
            Clash,
            r"(?i)\bexchanged? (?:of )?fire\b|\bclash(?:es|ed)?\b|\bfire ?fight|\bgunbattle|\bgun battle|\bfighting (?:between|broke out|erupted)",
        ),
        (
            Raid,
            r"(?i)\braid(?:s|ed)?\b|\bstormed\b|\b(?:security|government|army|police|military|counter-?terrorism|special) (?:forces?|units?|personnel)\b.{0,40}?\battack(?:ed)?\b",
        ),
        (
            Arrest,
            r"(?i)\bcaptured\b|\barrest(?:ed|s)?\b|\bdetain(?:ed|s)?\b|\bapprehended\b|\bcaught\b|\btaken into custody",
        ),
        (
            ArmedAttack,
            r"(?i)\battack(?:ed|s)?\b|\bfired\b|\bopened fire|\bmachine ?guns?\b|\bgunfire|\bgunmen\b|\bshot\b|\bshooting|\bincendiary|\bgrenades?\b|\bassassinat|\bkilled\b|\bstabb|\btargeted by\b",
        ),
        (
            Patrol,
            r"(?i)\b(?:carried out|conducted|held|launched|began)\b.{0,40}?\bpatrols?\b|\bpatrols? (?:went|reached|moved|passed)",
        ),
        (
            Convoy,
            r"(?i)\bconvoy\b.{0,80}?\b(?:entered|reached|arrived|crossed|moved)\b|\breinforcements\b.{0,40}?\b(?:entered|reached|arrived)",
        ),
    ];
    table
        .iter()
        .map(|(k, re)| (*k, Regex::new(re).expect("kind regex")))
        .collect()
});

/// The kind whose cue appears in `text`, in priority order; `None` when no
/// cue appears (the text describes no event of the taxonomy).
pub fn classify(text: &str) -> Option<IncidentKind> {
    CUES.iter()
        .find(|(_, re)| re.is_match(text))
        .map(|(k, _)| *k)
}

/// Sentences that summarise many events rather than report one.
pub fn is_aggregate(sentence: &str) -> bool {
    static AGG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\binfographic|\b\d+\s+attacks\b|\battacks were (?:\w+ )?carried out|\bsporadic attacks|\bwave of attacks|\bstatistic|\bsumm(?:ing|ed|arizing) up|\bover the past (?:week|month|year)|\bsince the beginning of|\bin total,|\bthe current wave").expect("aggregate regex")
    });
    AGG.is_match(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use IncidentKind::*;

    #[test]
    fn priorities() {
        assert_eq!(
            classify(
                "its operatives had ambushed a patrol. They fired machine guns and activated an IED"
            ),
            Some(Ambush)
        );
        assert_eq!(
            classify("an IED was activated against an SDF vehicle"),
            Some(Ied)
        );
        assert_eq!(
            classify("a Syrian soldier was targeted by sniper fire"),
            Some(Sniper)
        );
        assert_eq!(
            classify("fired five rockets at Bagram Airbase"),
            Some(IndirectFire)
        );
        assert_eq!(
            classify("took an SDF fighter prisoner. He was shot to death"),
            Some(AbductionExecution)
        );
        assert_eq!(
            classify("an Iraqi police patrol was targeted by machine gun fire"),
            Some(ArmedAttack)
        );
        assert_eq!(
            classify("Egyptian security forces attacked both of these targets"),
            Some(Raid)
        );
        assert_eq!(
            classify("Iraqi police captured two ISIS operatives"),
            Some(Arrest)
        );
        assert_eq!(
            classify("Turkey and Russia carried out their 12th joint patrol"),
            Some(Patrol)
        );
        assert_eq!(
            classify(
                "a Turkish army convoy comprising 30 military vehicles entered Syrian territory"
            ),
            Some(Convoy)
        );
        assert_eq!(
            classify("exchanged fire with a Congolese army force"),
            Some(Clash)
        );
        assert_eq!(classify("The weather was fine"), None);
    }
}

//! The event taxonomy: cue patterns per kind, tried in priority order (the
//! first kind whose cue appears wins, so "ambushed ... and activated an IED"
//! is an ambush). README "Taxonomy" lists the same table for users.

use std::sync::LazyLock;

use super::rx::Rx;

use super::cueset::CueTable;

use crate::model::IncidentKind;

/// (kind, cue regex) in priority order: the event lexicon. Rows cover ACLED's
/// event types (battles; explosions and remote violence; violence against
/// civilians; arrests, raids, surrenders; protests and riots; strategic
/// developments) in English and French, with the commonest words of the
/// other languages conflict reporting comes in (es, pt, it, de).
static CUES: LazyLock<CueTable<IncidentKind>> = LazyLock::new(|| {
    use IncidentKind::*;
    let table: &[(IncidentKind, &str)] = &[
        (
            SuicideAttack,
            r"(?i)\bsuicide\s+(?:bomb|attack|vest|car|vehicle|operation|bomber|assault)|\bself-detonat|\bSVBIED\b|\bblew (?:himself|herself|themselves) up|\bkamikazes?\b|\battentat[- ]suicide|\binghimasi",
        ),
        (
            PrisonerExchange,
            r"(?i)\bprisoners?\s+(?:exchange|swap)|\bexchange of prisoners|\bswap of prisoners|\béchange de prisonniers",
        ),
        (
            Ambush,
            r"(?i)\bambush|\bembuscade|\bemboscada|\bimboscata|\bhinterhalt",
        ),
        (
            DisruptedWeapons,
            r"(?i)\b(?:defus|dismantl|neutrali[sz]|disarm|deactivat)\w*\b.{0,60}?\b(?:IEDs?|bombs?|explosives?|devices?|mines?|landmines?|engins?)\b|\b(?:IEDs?|bombs?|explosives?|devices?|mines?)\b.{0,40}?\b(?:were|was)\s+(?:defused|dismantled|neutrali[sz]ed|found and|safely)|\b(?:weapons|arms|ammunition|explosives)\s+(?:cache|depot|stockpile)s?\b.{0,40}?\b(?:found|seized|discovered|uncovered)|\b(?:found|seized|discovered|uncovered)\b.{0,40}?\b(?:weapons|arms|ammunition|explosives)\s+(?:cache|depot|stockpile)|\bdésamorc",
        ),
        (
            Ied,
            r"(?i)\b(?:S?VB|PB|RC|VO|PO)?IEDs?\b|\bimprovised explosive|\broadside bomb|\bsticky bomb|\bmagnetic bomb|\bcar bomb|\bland ?mines?\b|\bexplosive device|\bbooby[- ]trap|\bexplosive belt|\bset off\b.{0,30}?\b(?:explosives?|charges?|devices?)|\bengins? explosifs?|\bEEI\b|\bexplosion|\bmines? antipersonnel|\bsauté sur une mine|\bexplosivo|\besplosion|\bSprengsatz|\bBombe",
        ),
        (
            Sniper,
            r"(?i)\bsnipers?\b|\bsniping|\bfrancs?-tireurs?|\btireurs? embusqués?",
        ),
        (
            IndirectFire,
            r"(?i)\bmortars?\b|\brockets?\b|\bartillery|\bshell(?:s|ed|ing)\b|\bmissiles?\b|\bkatyusha|\bGrad\b|\bprojectiles?\b|\bRPGs?\b|\bobus\b|\bmortiers?\b|\broquettes?\b|\bartillerie|\bbombard(?:ed|ement|ing|é|ée|és|ements)\b|\bpilonn",
        ),
        (
            AbductionExecution,
            r"(?i)\btook\b.{0,80}?\bprisoner|\btaken prisoner|\babduct|\bkidnap|\bexecut(?:ed|ion)|\bbehead|\bhostages?\b|\bslaughtered|\bseque?st|\benlev(?:é|ée|és|ées|ement|er)|\brapt\b|\botages?\b|\bexécut|\bdécapit|\bsecuestr|\bsequestr|\brapi(?:to|ti|mento)|\bentführ",
        ),
        (
            Airstrike,
            r"(?i)\bair ?strikes?\b|\bair[- ]raids?\b|\bdrone strikes?\b|\bdrones?\b.{0,30}?\b(?:struck|hit|targeted|attacked|fired)|\baerial (?:bombardment|attack|strike)s?|\bwarplanes?\b|\bjets?\b.{0,30}?\b(?:struck|bombed|pounded|hit)|\bhelicopter gunships?|\bgunships?\b|\bbombed by (?:aircraft|jets|planes)|\bfrappes? aériennes?|\braids? aériens?|\bavions? de chasse|\bbombardeo aéreo|\bataque aéreo|\bLuftangriff",
        ),
        (
            SexualViolence,
            r"(?i)\brap(?:e|ed|es|ing|ist|ists)\b|\bsexual(?:ly)? (?:violence|assault|abuse|slavery|exploitation)|\bsexually assaulted|\bgang-?raped|\bviol(?:é|ée|ées|és|ent|s)?\b.{0,20}?\b(?:femme|fille|mineure)|\bviolences? sexuelles?",
        ),
        (
            Riot,
            r"(?i)\briot(?:s|ed|ers|ing)?\b|\bmobs?\b|\blynch|\bunrest\b|\bémeutes?\b|\bémeutiers?|\bvindicte populaire",
        ),
        (
            Protest,
            r"(?i)\bprotest|\bdemonstrat(?:ion|ions|ors|ed)|\bsit-in\b|\brall(?:y|ies|ied)\b|\bmarched\b|\bstrike action|\bwent on strike|\bmanifest(?:ation|ations|ants|é|aient)\b|\bmarche pacifique|\bgrève|\bprotesta",
        ),
        (
            Clash,
            r"(?i)\bexchanged? (?:of )?fire\b|\bclash(?:es|ed)?\b|\bfire ?fights?|\bgunbattles?|\bgun battles?|\bskirmish|\bcombats?\b|\baffrontements?|\baccrochages?|\bs'affront|\benfrentamientos?|\bconfrontos?|\bscontri|\bGefechte?|\bKämpfe",
        ),
        (
            Raid,
            r"(?i)\braid(?:s|ed)?\b|\bstormed\b|\bsearch operations?|\bcordon[- ]and[- ]search|\bsweep operations?|\bclearance operations?|\b(?:security|government|army|police|military|counter-?terrorism|special) (?:forces?|units?|personnel)\b.{0,40}?\battack(?:ed)?\b|\bperquisition|\bratissage|\bbouclage|\bopération de (?:sécurisation|nettoyage)",
        ),
        // "captured X town": territory, not a prisoner (before the arrest row).
        (
            Seizure,
            r"\b(?i:captur(?:e|es|ed|ing)|overr(?:an|un))\s+(?:(?i:the)\s+)?(?:\p{Lu}[\p{L}'’-]*\s+){1,3}(?i:town|village|city|district|area|base|airport|military\s+base)s?(?:[,.;:)]|\s*$|\s+(?i:on|in|at|after|before|from|and|near|following|during|with|by|early|late|last|this|yesterday|today|overnight|which|that|where|amid|as|for)\b)",
        ),
        (
            Arrest,
            r"(?i)\bcaptured\b|\barrest(?:ed|s|ing)?\b|\bdetain(?:ed|s|ing)?\b|\bdetention\b|\bapprehended\b|\bcaught\b|\btaken into custody|\brounded up|\bnabbed|\bjailed|\bimprisoned|\barrêt(?:é|ée|és|ées|ation|ations)\b|\binterpell|\bappréhend|\bdétenu|\barrestad|\bfestgenommen",
        ),
        (
            ArmedAttack,
            r"(?i)\battack(?:ed|s|ing)?\b|\bassault(?:ed|s)?\b|\bfired\b|\bopened fire|\bmachine ?guns?\b|\bgunfire|\bshot\b|\bshooting|\bincendiary|\bgrenades?\b|\bassassinat|\bkill(?:ed|ing|s)?\b|\bmurder|\bstabb|\btargeted\b|\bhit-and-run|\b(?:broke|broken|break(?:s|ing)?)\s+into\s+(?:an?\s+|the\s+)?(?:[\p{L}-]+\s+){0,2}?(?:post|outpost|checkpoint|checkpost|base|camp|station|barracks|compound|prison|house|home|village)s?\b|\bbeat(?:en|ing)?\b|\btortur|\bhacked|\bmachete|\bmassacre|\battaqu|\battaque|\btu(?:é|ée|és|ées|ant)\b|\bblessés?\b|\bassassin|\btirs?\b|\bfusillade|\bmassacr|\bmorts?\b|\bataque|\batentado|\bmuert[oa]s|\bmortos|\bferidos|\battacco|\battentato|\buccis[io]|\bmorti\b|\bAngriffs?|\bAnschlag|\bgetötet",
        ),
        (
            Surrender,
            r"(?i)\bsurrender(?:ed|s|ing)?\b|\bdefected\b|\bdefection|\blaid down (?:their|his|her) (?:arms|weapons)|\bhanded (?:over )?(?:themselves|their weapons)|\brendu(?:s|es)? (?:aux|à)|\bse sont rendus|\breddition|\bdéposé les armes",
        ),
        (
            Looting,
            r"(?i)\bloot(?:ed|ing|s)?\b|\bpillag|\bpillaged|\bplunder|\bransack|\bsack(?:ed|ing) of|\bst[oe]le?n?\b.{0,30}?\b(?:cattle|livestock|goods|property|money|vehicles?|camels|goats|cows)|\brustl(?:ed|ing|ers)\b|\brobbed\b|\brobbery|\bextort|\bpill(?:é|ée|és|ées|ent|aient)\b|\bsaccag|\bvol(?:é|és) (?:de|du|des)",
        ),
        (
            Arson,
            r"(?i)\bset (?:on )?fire\b|\bset ablaze|\btorch(?:ed|ing)\b|\bburn(?:ed|t|ing|s)? (?:down|houses|homes|huts|shops|villages?|vehicles?|cars?|property|crops)|\b(?:houses|homes|huts|shops|villages?|vehicles?|property|crops|schools?|churches|mosques?)\b.{0,30}?\b(?:burned|burnt|torched|set alight)|\barson\b|\bincendi(?:é|ée|és|ées|aire|aires|o)\b|\bmis le feu|\bbrûl(?:é|ée|és|ées|ant)\b",
        ),
        (
            Destruction,
            r"(?i)\bvandali[sz]|\bdestroy(?:ed|ing|s)?\b|\bdemolish|\bblew up\b|\bsabotag|\bdamaged\b|\bdétrui|\bsaccag|\bdémoli",
        ),
        (
            Seizure,
            r"(?i)\bseiz(?:ed|e|es|ing)\b|\b(?:took|taken|tak(?:e|es|ing)|(?:re)?gain(?:s|ed|ing)?|assum(?:e|es|ed|ing)|wrest(?:s|ed|ing)?) control\b|\boverr(?:un|an|unning|uns)\b|\brecaptur(?:e|es|ed|ing)\b|\bretook|\bretak(?:e|es|en|ing)\b|\bcaptur(?:e|es|ed|ing) (?:the |of )?(?:town|village|city|area|base|position|district)|\bcleared\b.{0,60}?\bfrom\b|\bwithdr[eā]w|\bwithdrawn|\bpulled out|\bre-?took|\bprise de contrôle|\bpris le contrôle|\brepris|\bs'(?:est|sont) emparés?|\bretir(?:é|ée|és)s?",
        ),
        (
            Deployment,
            r"(?i)\b(?:base|camp|checkpoint|headquarters|outpost)s? (?:was |were )?(?:established|set up|built|opened)|\b(?:established|set up|built|opened) (?:an? )?(?:new )?(?:military )?(?:base|camp|checkpoint|headquarters|outpost)|\bdeploy(?:ed|ment|s)?\b|\bredeploy|\breinforcements?\b|\bmoved into\b|\bstationed\b|\bmobili[sz](?:ed|ation)|\bdéploi|\bdéploy|\brenforts?\b",
        ),
        (
            Agreement,
            r"(?i)\bagreements?\b|\bceasefire|\bcease-fire|\btruce\b|\bpeace (?:deal|talks|accord)|\bsigned\b.{0,40}?\b(?:deal|accord|pact)|\breconciliation\b|\baccord de paix|\bcessez-le-feu|\btrêve",
        ),
        (
            Patrol,
            r"(?i)\b(?:carried out|conducted|held|launched|began)\b.{0,40}?\bpatrols?\b|\bpatrols? (?:went|reached|moved|passed)|\bpatrouilles?\b",
        ),
        (
            Convoy,
            r"(?i)\bconvoy\b.{0,80}?\b(?:entered|reached|arrived|crossed|moved)\b|\breinforcements\b.{0,40}?\b(?:entered|reached|arrived)|\bconvoi\b",
        ),
    ];
    CueTable::new(table)
});

/// Weak cues: words that report violence without naming its form ("an
/// explosion", "fighting", "two dead"). They give a kind only when no cue of
/// the main table appears, and in a digest they do not open an incident.
static WEAK_CUES: LazyLock<CueTable<IncidentKind>> = LazyLock::new(|| {
    use IncidentKind::*;
    let table: &[(IncidentKind, &str)] = &[
        (
            Ied,
            r"(?i)\bbombs?\b|\bbombings?\b|\bexplosives?\b|\bexplosions?\b|\bblasts?\b|\bdetonat|\bexplos(?:é|ée|és|er)\b|\bexplosi[oó]n|\bestall[óo]|\bexplodiu|\bexplosão|\bbomba\b|\bledakan|\bbom\b|\bsprängmedel|\bsprängd|\bExplosion|\bSprengstoff",
        ),
        (
            Clash,
            r"(?i)\bfighting\b|\bfought\b|\bfight\b|\bcrashed\b|\bstruck\b|\bbattles?\b|\bbattled\b|\bhostilities\b|\boffensive\b|\bengaged\b|\brepulsed\b|\brepelled\b|\bcombattu|\brepouss",
        ),
        (Raid, r"(?i)\bincursions?\b|\binfiltrat"),
        (
            ArmedAttack,
            r"(?i)\bgunm[ae]n\b|\bbodies\b|\bbody of\b|\bdead\b|\bdied\b|\bwounded\b|\binjured\b|\bcasualties\b|\bfatalities\b|\bviolence\b|\bcorps\b|\bdécéd|\bvictimes?\b|\bviolences?\b|\bmuri[óe]|\bmurieron|\bmuert[oa]s?\b|\bherid[oa]s|\bferid[oa]s|\bmort[oa]s\b|\bmorreram|\bferiti\b|\bmorti\b|\buccis[oi]\b|\btewas|\bserangan|\bluka-luka|\bangrepp|\bdödade|\bdödades|\bskadade|\bgetötet|\bverletzt|\bAngriff|\bAnschlag",
        ),
    ];
    CueTable::new(table)
});

/// The kind whose cue appears in `text`, in priority order, then the kind of
/// a weak cue; `None` when no cue appears (no event of the lexicon).
pub fn classify(text: &str) -> Option<IncidentKind> {
    classify_strong(text).or_else(|| classify_weak(text))
}

/// The kind of a weak cue only.
pub fn classify_weak(text: &str) -> Option<IncidentKind> {
    WEAK_CUES.first(text)
}

/// The kind of a cue of the main table only.
pub fn classify_strong(text: &str) -> Option<IncidentKind> {
    CUES.first(text)
}

/// Sentences that summarise many events rather than report one.
pub fn is_aggregate(sentence: &str) -> bool {
    static AGG: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"(?i)\binfographic|\b\d+\s+attacks\b|\battacks were (?:\w+ )?carried out|\bsporadic attacks|\bwave of attacks|\bstatistic|\bsumm(?:ing|ed|arizing) up|\bover the past (?:week|month|year)|\bsince the beginning of|\bin total,|\bthe current wave").expect("aggregate regex")
    });
    AGG.is_match(sentence)
}

/// Sentences written as analysis rather than as a report of one event
/// ("an analysis of the current wave indicates", "the strategy aimed at",
/// "a noteworthy attack during the past week", "the situation remained").
pub fn is_analysis(sentence: &str) -> bool {
    static AN: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"(?i)\banalys[ie]s\b|\bindicates?\b|\bnoteworthy\b|\bstrateg(?:y|ic)\b|\btrends?\b|\bsituation\b|\bappears? to\b|\bcontinued\b|\bwas maintained\b|\bduring the past\b|\bthis week\b|\bthe result of\b|\baimed at\b|\bin contrast\b|\bhence\b|\bin view of\b|\bachievements?\b|\bfailures?\b|\bis the (?:second|third|fourth|latest)\b|\bcapabilit(?:y|ies)\b|\bintensive activity\b|\bsuffered\b|\bhas carried out\b|\bhave carried out\b|\bseveral\b|\bmany\b|\bnumerous\b|\bin recent\b")
            .expect("analysis regex")
    });
    AN.is_match(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use IncidentKind::*;

    #[test]
    fn the_prefiltered_tables_answer_as_row_by_row_matching_does() {
        let text = include_str!("../../tests/fixtures/spotlight-2020-05-21.txt");
        let naive = |t: &CueTable<IncidentKind>, s: &str| {
            t.rows()
                .iter()
                .find(|(_, re)| re.is_match(s))
                .map(|(k, _)| *k)
        };
        let mut lines = 0;
        for line in text
            .lines()
            .chain(["l’armée a été attaquée, deux civils tués", "Ménaka’s raid"])
        {
            assert_eq!(CUES.first(line), naive(&CUES, line), "{line}");
            assert_eq!(WEAK_CUES.first(line), naive(&WEAK_CUES, line), "{line}");
            lines += 1;
        }
        assert!(lines > 50);
    }

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

    /// One sentence of our own per event class of the lexicon (English and French).
    #[test]
    fn every_event_class() {
        let table: &[(&str, IncidentKind)] = &[
            (
                "A suicide bomber blew himself up near a police station",
                SuicideAttack,
            ),
            (
                "Un kamikaze s'est fait exploser devant la mairie",
                SuicideAttack,
            ),
            ("The two sides agreed a prisoner swap", PrisonerExchange),
            (
                "Police defused an IED planted on the road",
                DisruptedWeapons,
            ),
            ("Soldiers found a weapons cache in a farm", DisruptedWeapons),
            ("A bomb hit a patrol on the highway", Ied),
            ("Militants set off explosives under a bridge", Ied),
            ("Un engin explosif improvisé a visé un convoi", Ied),
            ("A sniper shot a soldier", Sniper),
            ("Rebels shelled the town overnight", IndirectFire),
            ("Des obus sont tombés sur le marché", IndirectFire),
            ("Gunmen abducted two teachers", AbductionExecution),
            ("Deux humanitaires ont été enlevés", AbductionExecution),
            ("A drone strike hit a compound", Airstrike),
            ("Des frappes aériennes ont visé une base", Airstrike),
            ("Soldiers raped women during the operation", SexualViolence),
            ("Rioters burned tyres and threw stones", Riot),
            ("Des émeutes ont éclaté après le match", Riot),
            (
                "Hundreds of residents protested against the curfew",
                Protest,
            ),
            (
                "Une manifestation a réuni des centaines de personnes",
                Protest,
            ),
            ("Two militias clashed over grazing land", Clash),
            (
                "De violents affrontements ont opposé l'armée aux rebelles",
                Clash,
            ),
            ("Troops raided a house in the old town", Raid),
            ("Police arrested three suspects", Arrest),
            ("La gendarmerie a interpellé deux suspects", Arrest),
            (
                "Gunmen assaulted a trader and targeted his shop",
                ArmedAttack,
            ),
            ("Des hommes armés ont tué trois villageois", ArmedAttack),
            ("Armed men broke into a police post in Zorbak", ArmedAttack),
            ("Fifteen fighters surrendered to the army", Surrender),
            ("Gunmen looted shops in the market", Looting),
            ("Des bandits ont pillé des boutiques", Looting),
            ("Attackers torched houses in the village", Arson),
            ("Unknown people vandalised a telecom mast", Destruction),
            ("Rebels seized the town after the army withdrew", Seizure),
            (
                "The militants are gaining control of the main road",
                Seizure,
            ),
            ("Troops massed to retake the hill town", Seizure),
            ("The rebels overran a garrison in the hills", Seizure),
            ("Rebels captured Walikale town at dawn", Seizure),
            ("Police captured Musa Bello at his home", Arrest),
            (
                "Bandits captured the Kware District Head at his farm",
                Arrest,
            ),
            ("The army established a new base near the river", Deployment),
            ("The two groups signed a ceasefire agreement", Agreement),
            ("Fighting was reported in the hills", Clash),
            ("Une explosion a secoué le quartier", Ied),
        ];
        for (text, want) in table {
            assert_eq!(classify(text), Some(*want), "{text}");
        }
    }

    #[test]
    fn analysis_is_told_from_reports() {
        assert!(is_analysis(
            "An analysis of the attacks indicates a new strategy"
        ));
        assert!(!is_analysis("Gunmen killed two policemen in Kirkuk"));
    }
}

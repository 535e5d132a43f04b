//! Word lists and sentence templates in English and French about the Kimberley Process.
//!
//! Every pool is a list of `(english, french)` pairs, so a document and its translation can be
//! drawn with the same random choices and read as translations of each other. French entries
//! carry their accents (sécurité, contrôle, exportation, négociant, société civile …) so the
//! generator's accent folding and the search's normalisation see realistic input.

/// A phrase in English and in French.
pub type Pair = (&'static str, &'static str);

/// Sentence subjects (third person singular, so the verb never needs agreement).
pub const SUBJECTS: &[Pair] = &[
    ("the customs service", "le service des douanes"),
    ("the KP focal point", "le point focal du PK"),
    ("civil society", "la société civile"),
    ("the Ministry of Mines", "le ministère des Mines"),
    ("each exporter", "chaque exportateur"),
    ("the review team", "l'équipe d'examen"),
    ("the working group", "le groupe de travail"),
    (
        "the government diamond office",
        "le bureau gouvernemental des diamants",
    ),
    ("a licensed dealer", "un négociant agréé"),
    ("the mining cooperative", "la coopérative minière"),
    ("the plenary", "la plénière"),
    ("the regional secretariat", "le secrétariat régional"),
    ("the national coalition", "la coalition nationale"),
    ("the border police", "la police des frontières"),
    ("the chair of the committee", "la présidence du comité"),
    ("the independent auditor", "l'auditeur indépendant"),
    ("the valuation expert", "l'expert en évaluation"),
    ("the community monitor", "l'observateur communautaire"),
    ("the district mining officer", "l'agent minier du district"),
    (
        "the industry representative",
        "le représentant de l'industrie",
    ),
];

/// Verbs in the third person singular present.
pub const VERBS: &[Pair] = &[
    ("checks", "vérifie"),
    ("records", "enregistre"),
    ("reviews", "examine"),
    ("publishes", "publie"),
    ("validates", "valide"),
    ("monitors", "surveille"),
    ("comments on", "commente"),
    ("seals", "scelle"),
    ("compares", "compare"),
    ("transmits", "transmet"),
    ("strengthens", "renforce"),
    ("documents", "documente"),
    ("reconciles", "rapproche"),
    ("inspects", "inspecte"),
    ("explains", "explique"),
    ("discusses", "analyse"),
];

/// Objects of the verbs.
pub const OBJECTS: &[Pair] = &[
    ("the KP certificate", "le certificat du PK"),
    (
        "every parcel of rough diamonds",
        "chaque colis de diamants bruts",
    ),
    ("the export statistics", "les statistiques d'exportation"),
    ("the chain of custody", "la chaîne de traçabilité"),
    ("the production figures", "les chiffres de production"),
    ("the valuation report", "le rapport d'évaluation"),
    (
        "the security of the vault",
        "la sécurité de la chambre forte",
    ),
    (
        "the internal control system",
        "le système de contrôle interne",
    ),
    (
        "the register of licensed diggers",
        "le registre des creuseurs agréés",
    ),
    ("the tamper-resistant container", "le conteneur inviolable"),
    ("the import confirmation", "la confirmation d'importation"),
    ("the annual report", "le rapport annuel"),
    ("the mine-site records", "les registres des sites miniers"),
    (
        "the footprint of the alluvial deposits",
        "l'empreinte des gisements alluviaux",
    ),
    (
        "the list of authorised exporters",
        "la liste des exportateurs autorisés",
    ),
    (
        "the recommendations of the review visit",
        "les recommandations de la visite d'examen",
    ),
    ("the purchase receipts", "les reçus d'achat"),
    (
        "the border crossing logs",
        "les registres des postes frontières",
    ),
    (
        "the quarterly data submission",
        "la transmission trimestrielle des données",
    ),
    ("the training material", "le matériel de formation"),
];

/// Complements that end a sentence; some carry glossary abbreviations.
pub const COMPLEMENTS: &[Pair] = &[
    (
        "before the parcel leaves the country",
        "avant que le colis ne quitte le pays",
    ),
    ("at the border post", "au poste frontière"),
    (
        "in cooperation with civil society",
        "en coopération avec la société civile",
    ),
    ("every quarter", "chaque trimestre"),
    (
        "in line with the minimum requirements",
        "conformément aux exigences minimales",
    ),
    ("during the review visit", "pendant la visite d'examen"),
    (
        "in the artisanal mining areas",
        "dans les zones d'exploitation artisanale",
    ),
    ("under the KPCS", "dans le cadre du SCPK"),
    ("with the support of the WDC", "avec l'appui du WDC"),
    ("in ASM communities", "dans les communautés de l'EMAPE"),
    (
        "together with CSO monitors",
        "avec les observateurs des OSC",
    ),
    ("as the WGM recommended", "comme l'a recommandé le GTS"),
    (
        "before the data reach the WGDS",
        "avant que les données n'arrivent au GTES",
    ),
    ("across the MRU countries", "dans les pays de l'UFM"),
    (
        "at the diamond office in the capital",
        "au bureau des diamants de la capitale",
    ),
    ("without delay", "sans délai"),
    ("with the help of the DDI", "avec l'aide de la DDI"),
    (
        "following the OECD due diligence guidance",
        "selon le guide de l'OCDE sur le devoir de diligence",
    ),
    ("before the next plenary", "avant la prochaine plénière"),
    ("for each export", "pour chaque exportation"),
];

/// Openers that start a sentence before its subject.
pub const OPENERS: &[Pair] = &[
    ("In practice, ", "En pratique, "),
    ("In most cases, ", "Dans la plupart des cas, "),
    ("Since 2003, ", "Depuis 2003, "),
    ("According to the minutes, ", "Selon le compte rendu, "),
    ("For this reason, ", "Pour cette raison, "),
    ("At the same time, ", "En même temps, "),
    ("After the review visit, ", "Après la visite d'examen, "),
    (
        "Where controls are weak, ",
        "Là où les contrôles sont faibles, ",
    ),
];

/// Connectors that join two clauses.
pub const CONNECTORS: &[Pair] = &[
    (", and ", ", et "),
    (", while ", ", tandis que "),
    ("; moreover, ", " ; de plus, "),
    (", because ", ", parce que "),
    ("; however, ", " ; cependant, "),
];

/// Countries that appear in the corpus: ISO code, name with its preposition, bare name.
pub const COUNTRIES: &[(&str, Pair, Pair)] = &[
    (
        "SL",
        ("in Sierra Leone", "en Sierra Leone"),
        ("Sierra Leone", "Sierra Leone"),
    ),
    ("GN", ("in Guinea", "en Guinée"), ("Guinea", "Guinée")),
    ("LR", ("in Liberia", "au Liberia"), ("Liberia", "Liberia")),
    (
        "CI",
        ("in Côte d'Ivoire", "en Côte d'Ivoire"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
    ),
    (
        "CD",
        (
            "in the Democratic Republic of the Congo",
            "en République démocratique du Congo",
        ),
        (
            "Democratic Republic of the Congo",
            "République démocratique du Congo",
        ),
    ),
    (
        "CF",
        (
            "in the Central African Republic",
            "en République centrafricaine",
        ),
        ("Central African Republic", "République centrafricaine"),
    ),
    ("GH", ("in Ghana", "au Ghana"), ("Ghana", "Ghana")),
    (
        "BW",
        ("in Botswana", "au Botswana"),
        ("Botswana", "Botswana"),
    ),
    (
        "ZA",
        ("in South Africa", "en Afrique du Sud"),
        ("South Africa", "Afrique du Sud"),
    ),
    ("BE", ("in Belgium", "en Belgique"), ("Belgium", "Belgique")),
    (
        "AE",
        ("in the United Arab Emirates", "aux Émirats arabes unis"),
        ("United Arab Emirates", "Émirats arabes unis"),
    ),
];

/// Places where meetings are held.
pub const LOCATIONS: &[Pair] = &[
    ("Freetown, Sierra Leone", "Freetown, Sierra Leone"),
    (
        "Koidu, Kono District, Sierra Leone",
        "Koidu, district de Kono, Sierra Leone",
    ),
    ("Conakry, Guinea", "Conakry, Guinée"),
    ("Banankoro, Guinea", "Banankoro, Guinée"),
    ("Monrovia, Liberia", "Monrovia, Liberia"),
    (
        "Voinjama, Lofa County, Liberia",
        "Voinjama, comté de Lofa, Liberia",
    ),
    ("Abidjan, Côte d'Ivoire", "Abidjan, Côte d'Ivoire"),
    ("Séguéla, Côte d'Ivoire", "Séguéla, Côte d'Ivoire"),
    ("Antwerp, Belgium", "Anvers, Belgique"),
    ("Dubai, United Arab Emirates", "Dubaï, Émirats arabes unis"),
    ("Kinshasa, DRC", "Kinshasa, RDC"),
    ("Gaborone, Botswana", "Gaborone, Botswana"),
];

/// Names of meetings.
pub const MEETINGS: &[Pair] = &[
    (
        "Working Group on Monitoring",
        "Groupe de travail sur le suivi",
    ),
    ("KP plenary meeting", "Réunion plénière du PK"),
    ("KP intersessional meeting", "Réunion intersessions du PK"),
    (
        "Mano River Union technical team",
        "Équipe technique de l'Union du fleuve Mano",
    ),
    (
        "Steering group of the national CSO coalition",
        "Comité de pilotage de la coalition nationale des OSC",
    ),
    (
        "Regional workshop on internal controls",
        "Atelier régional sur les contrôles internes",
    ),
    (
        "Peer-learning exchange on statistics",
        "Échange entre pairs sur les statistiques",
    ),
    ("Border monitoring review", "Bilan du suivi aux frontières"),
];

/// Participants of meetings (organisations, by name or role).
pub const PARTICIPANTS: &[Pair] = &[
    (
        "KP focal point of the host country",
        "Point focal du PK du pays hôte",
    ),
    ("Ministry of Mines", "Ministère des Mines"),
    ("Customs administration", "Administration des douanes"),
    ("National CSO coalition", "Coalition nationale des OSC"),
    (
        "KP Civil Society Coalition (observer)",
        "Coalition de la société civile du PK (observateur)",
    ),
    ("World Diamond Council", "Conseil mondial du diamant"),
    (
        "Artisanal miners' association",
        "Association des mineurs artisanaux",
    ),
    (
        "Women's association working with miners",
        "Association de femmes travaillant avec les mineurs",
    ),
    (
        "Regional secretariat of the MRU",
        "Secrétariat régional de l'UFM",
    ),
    (
        "Government diamond office",
        "Bureau gouvernemental des diamants",
    ),
    ("District council", "Conseil de district"),
    (
        "Local radio station (observer)",
        "Radio locale (observateur)",
    ),
];

/// Owners of actions in minutes.
pub const OWNERS: &[Pair] = &[
    ("Coalition secretariat", "Secrétariat de la coalition"),
    ("KP focal point", "Point focal du PK"),
    ("Customs administration", "Administration des douanes"),
    (
        "Chair of the working group",
        "Présidence du groupe de travail",
    ),
    (
        "Community monitoring group",
        "Groupe de suivi communautaire",
    ),
    ("Statistics unit", "Cellule statistique"),
];

/// Section headings: the text and a stable explicit id.
pub const HEADINGS: &[(&str, Pair)] = &[
    ("procedure", ("Export procedure", "Procédure d'exportation")),
    (
        "civil-society-role",
        ("Role of civil society", "Rôle de la société civile"),
    ),
    (
        "vault-security",
        ("Security of the vault", "Sécurité de la chambre forte"),
    ),
    (
        "statistics",
        ("Statistics and reporting", "Statistiques et rapports"),
    ),
    (
        "border-controls",
        ("Border controls", "Contrôles aux frontières"),
    ),
    (
        "valuation",
        (
            "Valuation of rough diamonds",
            "Évaluation des diamants bruts",
        ),
    ),
    (
        "mine-site",
        ("Controls at the mine site", "Contrôles sur le site minier"),
    ),
    (
        "licensing",
        (
            "Licensing of diggers and dealers",
            "Licences des creuseurs et des négociants",
        ),
    ),
    (
        "regional",
        ("Regional cooperation", "Coopération régionale"),
    ),
    (
        "review-visit",
        (
            "Findings of the review visit",
            "Constats de la visite d'examen",
        ),
    ),
    (
        "training",
        (
            "Training and peer learning",
            "Formation et apprentissage entre pairs",
        ),
    ),
    ("smuggling", ("Smuggling risks", "Risques de contrebande")),
    ("next-steps", ("Next steps", "Prochaines étapes")),
    ("lessons", ("Lessons learned", "Enseignements tirés")),
];

/// Sub-section headings (level 3).
pub const SUBHEADINGS: &[Pair] = &[
    ("What to check", "Ce qu'il faut vérifier"),
    ("Common problems", "Problèmes fréquents"),
    ("Who is responsible", "Qui est responsable"),
    ("Documents needed", "Documents nécessaires"),
    ("Timeline", "Calendrier"),
    ("Good practice", "Bonnes pratiques"),
    ("Risks for monitors", "Risques pour les observateurs"),
    ("Questions to ask", "Questions à poser"),
];

/// Title stems of documents, followed by a country.
pub const TITLE_STEMS: &[Pair] = &[
    ("Checking KP certificates", "Vérifier les certificats du PK"),
    (
        "Internal controls for alluvial mining",
        "Contrôles internes de l'exploitation alluviale",
    ),
    (
        "Registering artisanal diggers",
        "Enregistrer les creuseurs artisanaux",
    ),
    (
        "Reconciling export statistics",
        "Rapprocher les statistiques d'exportation",
    ),
    (
        "Civil society monitoring of mine sites",
        "Suivi des sites miniers par la société civile",
    ),
    ("Preparing a review visit", "Préparer une visite d'examen"),
    (
        "Securing the diamond vault",
        "Sécuriser la chambre forte des diamants",
    ),
    (
        "Border controls against smuggling",
        "Contrôles aux frontières contre la contrebande",
    ),
    (
        "Valuing rough diamonds for export",
        "Évaluer les diamants bruts à l'exportation",
    ),
    (
        "Footprinting alluvial deposits",
        "Établir l'empreinte des gisements alluviaux",
    ),
    (
        "Working with licensed dealers",
        "Travailler avec les négociants agréés",
    ),
    (
        "Regional approach to traceability",
        "Approche régionale de la traçabilité",
    ),
];

/// Audiences of guidance notes.
pub const AUDIENCES: &[Pair] = &[
    (
        "Customs officers and CSO monitors",
        "Agents des douanes et observateurs des OSC",
    ),
    ("KP focal points", "Points focaux du PK"),
    (
        "Community monitors in mining areas",
        "Observateurs communautaires des zones minières",
    ),
    (
        "Staff of the government diamond office",
        "Personnel du bureau gouvernemental des diamants",
    ),
    ("Members of review teams", "Membres des équipes d'examen"),
];

/// Questions for case-study discussion.
pub const QUESTIONS: &[Pair] = &[
    (
        "Which records would have revealed the problem earlier?",
        "Quels registres auraient révélé le problème plus tôt ?",
    ),
    (
        "Who should have been informed first, and why?",
        "Qui aurait dû être informé en premier, et pourquoi ?",
    ),
    (
        "How could civil society have helped?",
        "Comment la société civile aurait-elle pu aider ?",
    ),
    (
        "What would you change in the export procedure?",
        "Que changeriez-vous dans la procédure d'exportation ?",
    ),
    (
        "Is the risk the same in your country?",
        "Le risque est-il le même dans votre pays ?",
    ),
    (
        "Which minimum requirement was at stake?",
        "Quelle exigence minimale était en jeu ?",
    ),
];

/// Sources cited in footnotes.
pub const SOURCES: &[Pair] = &[
    ("KP annual statistics", "Statistiques annuelles du PK"),
    (
        "Report of the review visit",
        "Rapport de la visite d'examen",
    ),
    (
        "Administrative decision of the plenary",
        "Décision administrative de la plénière",
    ),
    (
        "Interviews with community monitors",
        "Entretiens avec des observateurs communautaires",
    ),
    (
        "Customs records of the border post",
        "Registres douaniers du poste frontière",
    ),
];

/// Glossary terms: key, abbreviation (en, fr), term (en, fr), definition (en, fr).
pub const GLOSSARY: &[(&str, Pair, Pair, Pair)] = &[
    (
        "kimberley-process",
        ("KP", "PK"),
        ("Kimberley Process", "Processus de Kimberley"),
        (
            "The tripartite initiative of governments, industry and civil society against conflict diamonds.",
            "L'initiative tripartite des gouvernements, de l'industrie et de la société civile contre les diamants de la guerre.",
        ),
    ),
    (
        "kpcs",
        ("KPCS", "SCPK"),
        ("Kimberley Process Certification Scheme", "Système de certification du Processus de Kimberley"),
        (
            "The certification scheme, in force since 2003, that controls trade in rough diamonds.",
            "Le système de certification, en vigueur depuis 2003, qui contrôle le commerce des diamants bruts.",
        ),
    ),
    (
        "wdc",
        ("WDC", "WDC"),
        ("World Diamond Council", "Conseil mondial du diamant"),
        (
            "The body that represents the diamond industry in the KP.",
            "L'organisme qui représente l'industrie du diamant au sein du PK.",
        ),
    ),
    (
        "asm",
        ("ASM", "EMAPE"),
        ("Artisanal and small-scale mining", "Exploitation minière artisanale et à petite échelle"),
        (
            "Mining by individuals or small groups with little or no mechanisation.",
            "L'exploitation minière par des individus ou de petits groupes, peu ou pas mécanisée.",
        ),
    ),
    (
        "cso",
        ("CSO", "OSC"),
        ("Civil society organisation", "Organisation de la société civile"),
        (
            "A non-governmental, non-profit organisation; CSOs take part in the KP as observers.",
            "Une organisation non gouvernementale à but non lucratif ; les OSC participent au PK comme observateurs.",
        ),
    ),
    (
        "wgm",
        ("WGM", "GTS"),
        ("Working Group on Monitoring", "Groupe de travail sur le suivi"),
        (
            "The KP working group that oversees review visits and annual reports.",
            "Le groupe de travail du PK qui supervise les visites d'examen et les rapports annuels.",
        ),
    ),
    (
        "wgds",
        ("WGDS", "GTES"),
        ("Working Group of Diamond Statistics", "Groupe de travail d'experts en statistiques"),
        (
            "The KP working group that collects and checks production and trade statistics.",
            "Le groupe de travail du PK qui recueille et vérifie les statistiques de production et de commerce.",
        ),
    ),
    (
        "mru",
        ("MRU", "UFM"),
        ("Mano River Union", "Union du fleuve Mano"),
        (
            "The regional organisation of Côte d'Ivoire, Guinea, Liberia and Sierra Leone.",
            "L'organisation régionale de la Côte d'Ivoire, de la Guinée, du Liberia et de la Sierra Leone.",
        ),
    ),
    (
        "ddi",
        ("DDI", "DDI"),
        ("Diamond Development Initiative", "Initiative pour le développement du diamant"),
        (
            "An organisation that worked to improve conditions in artisanal diamond mining.",
            "Une organisation qui a œuvré à améliorer les conditions de l'exploitation artisanale du diamant.",
        ),
    ),
    (
        "oecd",
        ("OECD", "OCDE"),
        ("Organisation for Economic Co-operation and Development", "Organisation de coopération et de développement économiques"),
        (
            "Publisher of the due diligence guidance for responsible mineral supply chains.",
            "Éditrice du guide sur le devoir de diligence pour des chaînes d'approvisionnement responsables en minerais.",
        ),
    ),
];

/// Upper-cases the first character of `s` (Unicode-aware, for "l'équipe" → "L'équipe").
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalize_handles_accents_and_apostrophes() {
        assert_eq!(capitalize("l'équipe"), "L'équipe");
        assert_eq!(capitalize("évaluation"), "Évaluation");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn heading_ids_are_unique_and_glossary_keys_too() {
        let mut ids: Vec<&str> = HEADINGS.iter().map(|h| h.0).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), HEADINGS.len());
        let mut keys: Vec<&str> = GLOSSARY.iter().map(|g| g.0).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), GLOSSARY.len());
    }
}

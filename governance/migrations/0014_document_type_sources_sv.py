"""The document types' sources in Swedish (issue 16): the interface is Swedish and the sources
quote Swedish municipal policies, so the notes around the quotes are Swedish too ("rad 207",
"Nämns inte i Forshagas policy: den gemensamma katalogens regel. …").

0011 and `governance.document_type_presets.apply_preset` wrote the English text to existing
installs. This rewrites each source that is exactly a text they wrote; any other text (an
administrator's own) is left as it is. The texts are frozen here, not read from the presets
module, which may change later. Going back leaves the Swedish text: it is only wording.
`DocumentType` keeps no history (no simple-history table to rewrite).
"""

from django.db import migrations

# type name -> (English, Swedish): the common catalogue's sources, also 0011's.
CATALOGUE = {
    "Vision": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'VISION övergripande måldokument, beskriver den framtid organisationen strävar mot'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”VISION övergripande måldokument, beskriver den framtid organisationen strävar mot”",
    ),
    "Policy": (
        "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 11-13: 'POLICY – antas av kommunfullmäktige … fastställs av kommunfullmäktige … och gäller tills vidare.'",
        "Solna stad, Riktlinje för medborgardialog, rad 11–13: ”POLICY – antas av kommunfullmäktige … fastställs av kommunfullmäktige … och gäller tills vidare.”",
    ),
    "Principer": (
        "Seed 002, Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429), lines 9-10: 'Ersätter tidigare beslut Kommunfullmäktige, 2012-06-11, § 114: Förslag om att Haninge kommun antar principer för medborgardialog' (the policy replaced principles the council had adopted); Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 153: 'Principer för medborgardialog'.",
        "Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429), rad 9–10: ”Ersätter tidigare beslut Kommunfullmäktige, 2012-06-11, § 114: Förslag om att Haninge kommun antar principer för medborgardialog” (policyn ersatte principer som fullmäktige hade antagit); Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 153: ”Principer för medborgardialog”.",
    ),
    "Reglemente": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'REGLEMENTEN Föreskrifter om nämndernas och revisionens verksamhet och arbetsformer.'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”REGLEMENTEN Föreskrifter om nämndernas och revisionens verksamhet och arbetsformer.”",
    ),
    "Arbetsordning": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'ARBETSORDNING Föreskrifter som behövs för handläggningen av Kommunfullmäktiges sammanträden.'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”ARBETSORDNING Föreskrifter som behövs för handläggningen av Kommunfullmäktiges sammanträden.”",
    ),
    "Bolagsordning": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'BOLAGSORDNING Aktiebolags/handelsbolags regelverk, som tillsammans med lagstiftning anger ramarna för verksamheten.'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”BOLAGSORDNING Aktiebolags/handelsbolags regelverk, som tillsammans med lagstiftning anger ramarna för verksamheten.”",
    ),
    "Program": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'PROGRAM Beskriver inriktningen inom ett område för att styra mot en förändring. Innehåller mål och prioriteringar.'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”PROGRAM Beskriver inriktningen inom ett område för att styra mot en förändring. Innehåller mål och prioriteringar.”",
    ),
    "Ägardirektiv": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'ÄGARDIREKTIV / ÅRLIGA UPPDRAG Ägarens viljeinriktning med ett bolags verksamhet utöver vad som framgår av bolagsordning'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”ÄGARDIREKTIV / ÅRLIGA UPPDRAG Ägarens viljeinriktning med ett bolags verksamhet utöver vad som framgår av bolagsordning”",
    ),
    "Taxa": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'KOMMUNALA TAXOR Beslut om taxor ska enligt kommunallagen beslutas av KF'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”KOMMUNALA TAXOR Beslut om taxor ska enligt kommunallagen beslutas av KF”",
    ),
    "Lokala föreskrifter": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'KOMMUNALA FÖRESKRIFTER. STADGOR Kommunala föreskrifter av bindande karaktär som riktar sig mot allmänheten.'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”KOMMUNALA FÖRESKRIFTER. STADGOR Kommunala föreskrifter av bindande karaktär som riktar sig mot allmänheten.”",
    ),
    "Strategi": (
        "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 15-17: 'STRATEGI – antas av kommunstyrelsen … Strategin ska gälla under en begränsad period, exempelvis under en mandatperiod och antas av kommunstyrelsen.'",
        "Solna stad, Riktlinje för medborgardialog, rad 15–17: ”STRATEGI – antas av kommunstyrelsen … Strategin ska gälla under en begränsad period, exempelvis under en mandatperiod och antas av kommunstyrelsen.”",
    ),
    "Delegationsordning": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'DELEGATION Överlämnande av beslutsrätt från KF till nämnd eller från nämnd till utskott, ledamot eller tjänsteman'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”DELEGATION Överlämnande av beslutsrätt från KF till nämnd eller från nämnd till utskott, ledamot eller tjänsteman”",
    ),
    "Plan": (
        "Seed 003, Forshaga kommun, Policy för invånardialog (KS 2017/261), line 39: 'Plan anger inriktning och konkreta mål i en fråga av större vikt … Beslutas av kommunfullmäktige, kommunstyrelsen eller nämnd.'; Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'PLAN Lagstadgade benämningar på styrdokument t. ex. Översiktsplan, Detaljplan'",
        "Forshaga kommun, Policy för invånardialog (KS 2017/261), rad 39: ”Plan anger inriktning och konkreta mål i en fråga av större vikt … Beslutas av kommunfullmäktige, kommunstyrelsen eller nämnd.”; Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”PLAN Lagstadgade benämningar på styrdokument t. ex. Översiktsplan, Detaljplan”",
    ),
    "Riktlinje": (
        "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 19-21: 'RIKTLINJE – antas av kommunstyrelsen … I riktlinjer preciseras hur något ska uppnås.'",
        "Solna stad, Riktlinje för medborgardialog, rad 19–21: ”RIKTLINJE – antas av kommunstyrelsen … I riktlinjer preciseras hur något ska uppnås.”",
    ),
    "Instruktion": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), lines 177 and 185: 'Instruktion för kommunchef', 'Instruktion för kommundirektören i Tyresö kommun'; the adopting level from kommunallagen (2017:725) 7 kap. 2 §, under which the executive board gives the director an instruction.",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 177 och 185: ”Instruktion för kommunchef”, ”Instruktion för kommundirektören i Tyresö kommun”; beslutsnivån enligt kommunallagen (2017:725) 7 kap. 2 §: styrelsen utfärdar en instruktion för direktören.",
    ),
    "Handlingsplan": (
        "Seed 003, Forshaga kommun, Policy för invånardialog (KS 2017/261), line 43: 'Handlingsplan är en sammanställning av aktiviteter som tillsammans ska leda till att uppnå mål … Beslutas av kommunchef, förvaltningschef eller ledningsgruppen.'",
        "Forshaga kommun, Policy för invånardialog (KS 2017/261), rad 43: ”Handlingsplan är en sammanställning av aktiviteter som tillsammans ska leda till att uppnå mål … Beslutas av kommunchef, förvaltningschef eller ledningsgruppen.”",
    ),
    "Verksamhetsplan": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'Tjänstemannadokument VERKSAMHETS- & ARBETSPLANER Planer utarbetas årligen'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”Tjänstemannadokument VERKSAMHETS- & ARBETSPLANER Planer utarbetas årligen”",
    ),
    "Anvisning": (
        "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 23-25: 'ANVISNING – godkänns av förvaltningschef/chef … dokumenten är inte föremål för formella beslut i politiska organ'",
        "Solna stad, Riktlinje för medborgardialog, rad 23–25: ”ANVISNING – godkänns av förvaltningschef/chef … dokumenten är inte föremål för formella beslut i politiska organ”",
    ),
    "Rutin": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'Tjänstemannadokument … RUTINER & REGLER En sammanställning av aktiviteter inom ett visst område som anger hur en uppgift ska utföras.'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”Tjänstemannadokument … RUTINER & REGLER En sammanställning av aktiviteter inom ett visst område som anger hur en uppgift ska utföras.”",
    ),
    "Regler": (
        "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'Tjänstemannadokument … RUTINER & REGLER … Ska vara tydliga och inte medge egna tolkningar.'",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”Tjänstemannadokument … RUTINER & REGLER … Ska vara tydliga och inte medge egna tolkningar.”",
    ),
}

# preset key -> type name -> (English, Swedish): the lines each preset quotes from its own seed.
OWN = {
    "forshaga": {
        "Vision": (
            "Seed 003, Forshaga kommun, Policy för invånardialog (KS 2017/261), lines 35-37: 'Vision och budget med strategisk plan … Kommunfullmäktiges budget med strategisk plan är kommunens viktigaste övergripande styrdokument.'",
            "Forshaga kommun, Policy för invånardialog (KS 2017/261), rad 35–37: ”Vision och budget med strategisk plan … Kommunfullmäktiges budget med strategisk plan är kommunens viktigaste övergripande styrdokument.”",
        ),
        "Plan": (
            "Seed 003, Forshaga kommun, Policy för invånardialog (KS 2017/261), line 39: 'Plan anger inriktning och konkreta mål i en fråga av större vikt. Den är vägledande för beslut och styrning. … Beslutas av kommunfullmäktige, kommunstyrelsen eller nämnd.'",
            "Forshaga kommun, Policy för invånardialog (KS 2017/261), rad 39: ”Plan anger inriktning och konkreta mål i en fråga av större vikt. Den är vägledande för beslut och styrning. … Beslutas av kommunfullmäktige, kommunstyrelsen eller nämnd.”",
        ),
        "Policy": (
            "Seed 003, Forshaga kommun, Policy för invånardialog (KS 2017/261), line 41: 'En policy är vanligtvis långvarig, och gäller tills vidare. En policy bör konkretiseras i andra styrdokument, oftast i riktlinjer. … Beslutas av kommunfullmäktige, kommunstyrelsen eller nämnd.'",
            "Forshaga kommun, Policy för invånardialog (KS 2017/261), rad 41: ”En policy är vanligtvis långvarig, och gäller tills vidare. En policy bör konkretiseras i andra styrdokument, oftast i riktlinjer. … Beslutas av kommunfullmäktige, kommunstyrelsen eller nämnd.”",
        ),
        "Handlingsplan": (
            "Seed 003, Forshaga kommun, Policy för invånardialog (KS 2017/261), line 43: 'Handlingsplan är en sammanställning av aktiviteter … Beslutas av kommunchef, förvaltningschef eller ledningsgruppen.'",
            "Forshaga kommun, Policy för invånardialog (KS 2017/261), rad 43: ”Handlingsplan är en sammanställning av aktiviteter … Beslutas av kommunchef, förvaltningschef eller ledningsgruppen.”",
        ),
        "Riktlinje": (
            "Seed 003, Forshaga kommun, Policy för invånardialog (KS 2017/261), line 45: 'Riktlinjer är den mest konkreta formen av styrdokument. … Gäller tillsvidare vilket innebär att gamla riktlinjer måste upphävas när de blir inaktuella. … Beslutas av kommunchef, förvaltningschef eller ledningsgruppen.'",
            "Forshaga kommun, Policy för invånardialog (KS 2017/261), rad 45: ”Riktlinjer är den mest konkreta formen av styrdokument. … Gäller tillsvidare vilket innebär att gamla riktlinjer måste upphävas när de blir inaktuella. … Beslutas av kommunchef, förvaltningschef eller ledningsgruppen.”",
        ),
    },
    "hagfors": {
        "Vision": (
            "Seed 004, Hagfors kommun, Policy för medborgardialog (KF 2017-09-25 § 57), line 12: 'utgår från visionen ”Förtroende genom öppenhet och ansvar”, Hagforsstrategin 2017-2027 och kommunens övergripande målkort'",
            "Hagfors kommun, Policy för medborgardialog (KF 2017-09-25 § 57), rad 12: ”utgår från visionen ’Förtroende genom öppenhet och ansvar’, Hagforsstrategin 2017-2027 och kommunens övergripande målkort”",
        ),
        "Policy": (
            "Seed 004, Hagfors kommun, Policy för medborgardialog (KF 2017-09-25 § 57), lines 7 and 73: 'Antagen av kommunfullmäktige 2017-09-25 § 57', 'Policyn gäller tillsvidare.'",
            "Hagfors kommun, Policy för medborgardialog (KF 2017-09-25 § 57), rad 7 och 73: ”Antagen av kommunfullmäktige 2017-09-25 § 57”, ”Policyn gäller tillsvidare.”",
        ),
    },
    "haninge": {
        "Policy": (
            "Seed 002, Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429), lines 7-8: 'Dokumenttyp Policy … Beslutat av Kommunfullmäktige'",
            "Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429), rad 7–8: ”Dokumenttyp Policy … Beslutat av Kommunfullmäktige”",
        ),
        "Principer": (
            "Seed 002, Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429), lines 9-10: 'Ersätter tidigare beslut Kommunfullmäktige, 2012-06-11, § 114: Förslag om att Haninge kommun antar principer för medborgardialog'",
            "Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429), rad 9–10: ”Ersätter tidigare beslut Kommunfullmäktige, 2012-06-11, § 114: Förslag om att Haninge kommun antar principer för medborgardialog”",
        ),
        "Strategi": (
            "Seed 002, Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429), line 10: 'kommunstyrelsens strategi: ”utveckla formerna för medborgardialog som instrument” (strategi och budget 2014-2015)'",
            "Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429), rad 10: ”kommunstyrelsens strategi: ’utveckla formerna för medborgardialog som instrument’ (strategi och budget 2014-2015)”",
        ),
    },
    "sandviken": {
        "Strategi": (
            "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 205, the strategy's own data: 'Beslutad av: Kommunfullmäktige Beslutsdatum och paragraf: 2017-06-12 113 … Tillsvidare'",
            "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 205, strategins egna uppgifter: ”Beslutad av: Kommunfullmäktige Beslutsdatum och paragraf: 2017-06-12 113 … Tillsvidare”",
        ),
        "Policy": (
            "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'POLICY Gemensamt förhållningssätt, viljeinriktning, principer inom ett område i allmänt hållna formuleringar.' (under 'Dokument som uttrycker den politiska viljan'; the seed names no adopting body: the council, as in the common catalogue)",
            "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”POLICY Gemensamt förhållningssätt, viljeinriktning, principer inom ett område i allmänt hållna formuleringar.” (under ”Dokument som uttrycker den politiska viljan”; strategin anger inget beslutande organ: kommunfullmäktige, som i den gemensamma katalogen)",
        ),
        "Riktlinje": (
            "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'RIKTLINJE Hur en fråga hanteras. Högre detaljeringsgrad än i en policy.' (a political document; the seed names no adopting body: the executive board, as in the common catalogue)",
            "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”RIKTLINJE Hur en fråga hanteras. Högre detaljeringsgrad än i en policy.” (ett politiskt dokument; strategin anger inget beslutande organ: kommunstyrelsen, som i den gemensamma katalogen)",
        ),
        "Plan": (
            "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'PLAN Lagstadgade benämningar på styrdokument t. ex. Översiktsplan, Detaljplan'",
            "Sandvikens kommun, Strategi för medborgardialog (KS2016/55), rad 207, ”Beskrivning av styrdokument”: ”PLAN Lagstadgade benämningar på styrdokument t. ex. Översiktsplan, Detaljplan”",
        ),
    },
    "solna": {
        "Policy": (
            "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 11-13: 'POLICY – antas av kommunfullmäktige … gäller tills vidare.'",
            "Solna stad, Riktlinje för medborgardialog, rad 11–13: ”POLICY – antas av kommunfullmäktige … gäller tills vidare.”",
        ),
        "Strategi": (
            "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 15-17: 'STRATEGI – antas av kommunstyrelsen … Strategin ska gälla under en begränsad period, exempelvis under en mandatperiod'",
            "Solna stad, Riktlinje för medborgardialog, rad 15–17: ”STRATEGI – antas av kommunstyrelsen … Strategin ska gälla under en begränsad period, exempelvis under en mandatperiod”",
        ),
        "Riktlinje": (
            "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 19-21: 'RIKTLINJE – antas av kommunstyrelsen'",
            "Solna stad, Riktlinje för medborgardialog, rad 19–21: ”RIKTLINJE – antas av kommunstyrelsen”",
        ),
        "Anvisning": (
            "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 23-25: 'ANVISNING – godkänns av förvaltningschef/chef'",
            "Solna stad, Riktlinje för medborgardialog, rad 23–25: ”ANVISNING – godkänns av förvaltningschef/chef”",
        ),
        "Rutin": (
            "Seed 001, Solna stad, Riktlinje för medborgardialog, line 25: 'Anvisningar och rutiner rör sig i regel om ren verkställighet … inte föremål för formella beslut i politiska organ'",
            "Solna stad, Riktlinje för medborgardialog, rad 25: ”Anvisningar och rutiner rör sig i regel om ren verkställighet … inte föremål för formella beslut i politiska organ”",
        ),
    },
}

# preset key -> (seed number in the English text, the seed's citation, its name in Swedish).
SEEDS = {
    "sandviken": (
        "000",
        "Sandvikens kommun, Strategi för medborgardialog (KS2016/55)",
        "Sandvikens strategi",
    ),
    "solna": ("001", "Solna stad, Riktlinje för medborgardialog", "Solnas riktlinje"),
    "haninge": (
        "002",
        "Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429)",
        "Haninges policy",
    ),
    "forshaga": (
        "003",
        "Forshaga kommun, Policy för invånardialog (KS 2017/261)",
        "Forshagas policy",
    ),
    "hagfors": (
        "004",
        "Hagfors kommun, Policy för medborgardialog (KF 2017-09-25 § 57)",
        "Hagfors policy",
    ),
}


def translations() -> dict[str, str]:
    """Every English source 0011 or a preset wrote -> its Swedish text."""
    table = {english: swedish for english, swedish in CATALOGUE.values()}
    for key, (seed, citation, seed_name) in SEEDS.items():
        for english, swedish in CATALOGUE.values():
            old = f"Not named in seed {seed}: the common catalogue's rule. {english}"
            if citation in swedish:
                # The catalogue quoted this very seed (Sandviken's list): it does name the type.
                table[old] = swedish
            else:
                table[old] = f"Nämns inte i {seed_name}: den gemensamma katalogens regel. {swedish}"
        for english, swedish in OWN[key].values():
            table[english] = swedish
    return table


def to_swedish(apps, schema_editor):
    DocumentType = apps.get_model("governance", "DocumentType")
    table = translations()
    for doc_type in DocumentType.objects.exclude(source="").only("pk", "source"):
        swedish = table.get(doc_type.source)
        if swedish is not None:
            DocumentType.objects.filter(pk=doc_type.pk).update(source=swedish)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0013_scale"),
    ]

    operations = [
        migrations.RunPython(to_swedish, migrations.RunPython.noop),
    ]

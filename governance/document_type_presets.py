"""The steering-document types each preset brings, with the seed line each comes from (issue 16).

The register's types are configuration (`DocumentType`). A common catalogue holds every type the
seeds name, with the rule of the seed that states it; each preset then overrides the types its
own seed defines, quoting the line. A type the preset's seed does not name keeps the common
catalogue's rule, and its `source` says so (in Swedish, as the interface shows it: "Nämns inte
i Forshagas policy: den gemensamma katalogens regel. …"). Line numbers ("rad") are those of the
files in `seeds/`: 000 Sandviken (Strategi för medborgardialog, KS2016/55), 001 Solna (Riktlinje för
medborgardialog), 002 Haninge (Policy för medborgar- och brukardialog, KS 2017/429), 003 Forshaga
(Policy för invånardialog, KS 2017/261), 004 Hagfors (Policy för medborgardialog, KF 2017-09-25
§ 57).

Forshaga, read as its seed says (lines 39-45): a policy "Beslutas av kommunfullmäktige,
kommunstyrelsen eller nämnd", a plan likewise, and riktlinjer, "den mest konkreta formen av
styrdokument", "Beslutas av kommunchef, förvaltningschef eller ledningsgruppen": in Forshaga a
riktlinje is an officials' document, unlike Solna, where "RIKTLINJE – antas av
kommunstyrelsen". The seed does not name anvisningar: the common catalogue's rule (Solna's,
"godkänns av förvaltningschef/chef") applies.

`apply_preset` makes the types those of the preset: it creates the types that are missing and
sets the rank, category, adopting kinds, political flag, default validity, description and
source of the others, by name. It never deletes a type (documents may use it, and a type the
administrator added is left as it is), and it leaves each type's title words as the
administrator has them. A document recorded under earlier rules keeps its type and adopting
body (`SteeringDocument.clean` checks the type's rules when they are chosen, not on every edit).
"""

from dataclasses import dataclass, field, replace

from django.db import transaction

KF, KS, NAMND, FORV = "fullmaktige", "styrelse", "namnd", "forvaltning"
POL, OFF = "political", "officials"

S000 = "Sandvikens kommun, Strategi för medborgardialog (KS2016/55)"
S001 = "Solna stad, Riktlinje för medborgardialog"
S002 = "Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429)"
S003 = "Forshaga kommun, Policy för invånardialog (KS 2017/261)"
S004 = "Hagfors kommun, Policy för medborgardialog (KF 2017-09-25 § 57)"
# Sandviken's description of its steering documents: one long line of seed 000.
S000_TYPES = f"{S000}, rad 207, ”Beskrivning av styrdokument”"


@dataclass(frozen=True)
class TypeSpec:
    """One document type as a preset defines it (the fields of `DocumentType`)."""

    name: str
    rank: int
    category: str
    kinds: tuple[str, ...]
    political: bool
    months: int | None
    words: str
    description: str
    source: str
    compounds: bool = True

    def values(self) -> dict:
        """The fields `apply_preset` sets on an existing type (title words stay as they are)."""
        return {
            "rank": self.rank,
            "category": self.category,
            "adopted_by_kinds": list(self.kinds),
            "needs_political_decision": self.political,
            "default_validity_months": self.months,
            "description": self.description,
            "source": self.source,
        }

    def created_values(self) -> dict:
        return {**self.values(), "title_words": self.words, "matches_compounds": self.compounds}


# -- The common catalogue: every type the seeds name -----------------------------------------------
# Ranks: higher = higher level; a document may only concretise one of a strictly higher rank.
# name, rank, category, adopting kinds, needs a political decision, default validity (months),
# title words, description, source.
# fmt: off
CATALOGUE: list[TypeSpec] = [
    TypeSpec(
        "Vision", 100, POL, (KF,), True, None,
        "vision, visionen, visioner",
        "Övergripande måldokument; beskriver den framtid organisationen strävar mot.",
        f"{S000_TYPES}: ”VISION övergripande måldokument, beskriver den framtid organisationen "
        "strävar mot”",
        compounds=False,
    ),
    TypeSpec(
        "Policy", 90, POL, (KF,), True, None,
        "policy, policyn, policys, policyer, policyerna",
        "Förhållningssätt och värdegrund; antas av kommunfullmäktige och gäller tills vidare.",
        f"{S001}, rad 11–13: ”POLICY – antas av kommunfullmäktige … fastställs av "
        "kommunfullmäktige … och gäller tills vidare.”",
    ),
    TypeSpec(
        "Principer", 90, POL, (KF,), True, None,
        "princip, principen, principer, principerna",
        "Grundläggande principer för arbetet inom ett område, på samma nivå som en policy; "
        "antas av kommunfullmäktige och gäller tills vidare.",
        f"{S002}, rad 9–10: ”Ersätter tidigare beslut Kommunfullmäktige, 2012-06-11, § 114: "
        "Förslag om att Haninge kommun antar principer för medborgardialog” (policyn ersatte "
        f"principer som fullmäktige hade antagit); {S000}, rad 153: ”Principer för "
        "medborgardialog”.",
    ),
    TypeSpec(
        "Reglemente", 90, POL, (KF,), True, None,
        "reglemente, reglementet, reglementen, reglementena",
        "Nämndernas ansvarsområden och arbetsformer.",
        f"{S000_TYPES}: ”REGLEMENTEN Föreskrifter om nämndernas och revisionens verksamhet och "
        "arbetsformer.”",
    ),
    TypeSpec(
        "Arbetsordning", 90, POL, (KF,), True, None,
        "arbetsordning, arbetsordningen, arbetsordningar",
        "Föreskrifter för handläggningen av fullmäktiges sammanträden.",
        f"{S000_TYPES}: ”ARBETSORDNING Föreskrifter som behövs för handläggningen av "
        "Kommunfullmäktiges sammanträden.”",
    ),
    TypeSpec(
        "Bolagsordning", 90, POL, (KF,), True, None,
        "bolagsordning, bolagsordningen, bolagsordningar",
        "Aktiebolagets regelverk; fastställs av kommunfullmäktige och ägs av bolaget.",
        f"{S000_TYPES}: ”BOLAGSORDNING Aktiebolags/handelsbolags regelverk, som tillsammans med "
        "lagstiftning anger ramarna för verksamheten.”",
    ),
    TypeSpec(
        "Program", 80, POL, (KF,), True, None,
        "program, programmet, programmen",
        "Inriktning inom ett område; mål och prioriteringar.",
        f"{S000_TYPES}: ”PROGRAM Beskriver inriktningen inom ett område för att styra mot en "
        "förändring. Innehåller mål och prioriteringar.”",
    ),
    TypeSpec(
        "Ägardirektiv", 80, POL, (KF,), True, None,
        "ägardirektiv, ägardirektivet, ägardirektiven",
        "Ägarens viljeinriktning med ett bolags verksamhet; beslutas av kommunfullmäktige och "
        "ägs av bolaget.",
        f"{S000_TYPES}: ”ÄGARDIREKTIV / ÅRLIGA UPPDRAG Ägarens viljeinriktning med ett bolags "
        "verksamhet utöver vad som framgår av bolagsordning”",
    ),
    TypeSpec(
        "Taxa", 80, POL, (KF,), True, None,
        "taxa, taxan, taxor, taxorna",
        "Taxor beslutas av fullmäktige enligt kommunallagen.",
        f"{S000_TYPES}: ”KOMMUNALA TAXOR Beslut om taxor ska enligt kommunallagen beslutas av KF”",
    ),
    TypeSpec(
        "Lokala föreskrifter", 80, POL, (KF,), True, None,
        "föreskrift, föreskriften, föreskrifter, föreskrifterna",
        "Bindande föreskrifter som riktar sig mot allmänheten.",
        f"{S000_TYPES}: ”KOMMUNALA FÖRESKRIFTER. STADGOR Kommunala föreskrifter av bindande "
        "karaktär som riktar sig mot allmänheten.”",
    ),
    TypeSpec(
        "Strategi", 70, POL, (KS,), True, 48,
        "strategi, strategin, strategier, strategierna",
        "Konkreta åtgärder för den politiska viljeinriktningen; begränsad period, t.ex. en "
        "mandatperiod; antas av kommunstyrelsen.",
        f"{S001}, rad 15–17: ”STRATEGI – antas av kommunstyrelsen … Strategin ska gälla under "
        "en begränsad period, exempelvis under en mandatperiod och antas av kommunstyrelsen.”",
    ),
    TypeSpec(
        "Delegationsordning", 70, POL, (KF, KS, NAMND), True, None,
        "delegationsordning, delegationsordningen, delegationsordningar",
        "Överlämnande av beslutsrätt.",
        f"{S000_TYPES}: ”DELEGATION Överlämnande av beslutsrätt från KF till nämnd eller från "
        "nämnd till utskott, ledamot eller tjänsteman”",
    ),
    TypeSpec(
        "Plan", 60, POL, (KF, KS, NAMND), True, None,
        "plan, planen, planer, planerna",
        "Inriktning och konkreta mål; även lagstadgade planer (översiktsplan, detaljplan).",
        f"{S003}, rad 39: ”Plan anger inriktning och konkreta mål i en fråga av större vikt … "
        f"Beslutas av kommunfullmäktige, kommunstyrelsen eller nämnd.”; {S000_TYPES}: ”PLAN "
        "Lagstadgade benämningar på styrdokument t. ex. Översiktsplan, Detaljplan”",
    ),
    TypeSpec(
        "Riktlinje", 50, POL, (KS,), True, None,
        "riktlinje, riktlinjen, riktlinjer, riktlinjerna",
        "Hur något ska uppnås; antas av kommunstyrelsen och gäller tills vidare.",
        f"{S001}, rad 19–21: ”RIKTLINJE – antas av kommunstyrelsen … I riktlinjer preciseras "
        "hur något ska uppnås.”",
    ),
    TypeSpec(
        "Instruktion", 50, POL, (KS,), True, None,
        "instruktion, instruktionen, instruktioner, instruktionerna",
        "Kommunstyrelsens instruktion för hur kommundirektören ska leda förvaltningen "
        "(kommunallagen 7 kap. 2 §).",
        f"{S000}, rad 177 och 185: ”Instruktion för kommunchef”, ”Instruktion för "
        "kommundirektören i Tyresö kommun”; beslutsnivån enligt kommunallagen (2017:725) "
        "7 kap. 2 §: styrelsen utfärdar en instruktion för direktören.",
    ),
    TypeSpec(
        "Handlingsplan", 30, OFF, (FORV,), False, None,
        "handlingsplan, handlingsplanen, handlingsplaner, handlingsplanerna",
        "Aktiviteter som ska leda till målen; beslutas av kommunchef eller förvaltningschef.",
        f"{S003}, rad 43: ”Handlingsplan är en sammanställning av aktiviteter som tillsammans "
        "ska leda till att uppnå mål … Beslutas av kommunchef, förvaltningschef eller "
        "ledningsgruppen.”",
    ),
    TypeSpec(
        "Verksamhetsplan", 30, OFF, (FORV,), False, 12,
        "verksamhetsplan, verksamhetsplanen, verksamhetsplaner, verksamhetsplanerna",
        "Tjänstemannadokument som utarbetas årligen.",
        f"{S000_TYPES}: ”Tjänstemannadokument VERKSAMHETS- & ARBETSPLANER Planer utarbetas "
        "årligen”",
    ),
    TypeSpec(
        "Anvisning", 20, OFF, (FORV,), False, None,
        "anvisning, anvisningen, anvisningar, anvisningarna",
        "Verkställighet av riktlinjer; godkänns av förvaltningschef, inget politiskt beslut.",
        f"{S001}, rad 23–25: ”ANVISNING – godkänns av förvaltningschef/chef … dokumenten är "
        "inte föremål för formella beslut i politiska organ”",
    ),
    TypeSpec(
        "Rutin", 10, OFF, (FORV,), False, None,
        "rutin, rutinen, rutiner, rutinerna",
        "Hur en uppgift ska utföras; tjänstemannadokument.",
        f"{S000_TYPES}: ”Tjänstemannadokument … RUTINER & REGLER En sammanställning av "
        "aktiviteter inom ett visst område som anger hur en uppgift ska utföras.”",
    ),
    TypeSpec(
        "Regler", 10, OFF, (FORV,), False, None,
        "regel, regeln, regler, reglerna",
        "Hur en uppgift ska utföras; tjänstemannadokument som ska vara tydligt och inte medge "
        "egna tolkningar.",
        f"{S000_TYPES}: ”Tjänstemannadokument … RUTINER & REGLER … Ska vara tydliga och inte "
        "medge egna tolkningar.”",
    ),
]

# -- What each preset's seed says differently -----------------------------------------------------
# name -> the fields that differ from the catalogue, always with the `source` line.
OVERRIDES: dict[str, dict[str, dict]] = {
    "sandviken": {
        # Sandviken's own strategy: "Beslutad av: Kommunfullmäktige … Tillsvidare".
        "Strategi": {
            "kinds": (KF, KS),
            "months": None,
            "description": "Konkreta åtgärder för den politiska viljeinriktningen; antas av "
            "kommunfullmäktige eller kommunstyrelsen.",
            "source": f"{S000}, rad 205, strategins egna uppgifter: ”Beslutad av: "
            "Kommunfullmäktige Beslutsdatum och paragraf: 2017-06-12 113 … Tillsvidare”",
        },
        "Policy": {
            "source": f"{S000_TYPES}: ”POLICY Gemensamt förhållningssätt, viljeinriktning, "
            "principer inom ett område i allmänt hållna formuleringar.” (under ”Dokument som "
            "uttrycker den politiska viljan”; strategin anger inget beslutande organ: "
            "kommunfullmäktige, som i den gemensamma katalogen)",
        },
        "Riktlinje": {
            "source": f"{S000_TYPES}: ”RIKTLINJE Hur en fråga hanteras. Högre detaljeringsgrad "
            "än i en policy.” (ett politiskt dokument; strategin anger inget beslutande organ: "
            "kommunstyrelsen, som i den gemensamma katalogen)",
        },
        "Plan": {
            "source": f"{S000_TYPES}: ”PLAN Lagstadgade benämningar på styrdokument t. ex. "
            "Översiktsplan, Detaljplan”",
        },
    },
    "solna": {
        "Policy": {
            "source": f"{S001}, rad 11–13: ”POLICY – antas av kommunfullmäktige … gäller tills "
            "vidare.”",
        },
        "Strategi": {
            "source": f"{S001}, rad 15–17: ”STRATEGI – antas av kommunstyrelsen … Strategin "
            "ska gälla under en begränsad period, exempelvis under en mandatperiod”",
        },
        "Riktlinje": {
            "source": f"{S001}, rad 19–21: ”RIKTLINJE – antas av kommunstyrelsen”",
        },
        "Anvisning": {
            "source": f"{S001}, rad 23–25: ”ANVISNING – godkänns av förvaltningschef/chef”",
        },
        "Rutin": {
            "source": f"{S001}, rad 25: ”Anvisningar och rutiner rör sig i regel om ren "
            "verkställighet … inte föremål för formella beslut i politiska organ”",
        },
    },
    "haninge": {
        "Policy": {
            "source": f"{S002}, rad 7–8: ”Dokumenttyp Policy … Beslutat av Kommunfullmäktige”",
        },
        "Principer": {
            "source": f"{S002}, rad 9–10: ”Ersätter tidigare beslut Kommunfullmäktige, "
            "2012-06-11, § 114: Förslag om att Haninge kommun antar principer för "
            "medborgardialog”",
        },
        "Strategi": {
            "source": f"{S002}, rad 10: ”kommunstyrelsens strategi: ’utveckla formerna för "
            "medborgardialog som instrument’ (strategi och budget 2014-2015)”",
        },
    },
    "forshaga": {
        "Vision": {
            "source": f"{S003}, rad 35–37: ”Vision och budget med strategisk plan … "
            "Kommunfullmäktiges budget med strategisk plan är kommunens viktigaste övergripande "
            "styrdokument.”",
        },
        # Lines 3-6 list Plan, Policy, Handlingsplan, Riktlinje; the texts give plan and policy
        # the same role ("vägledande för beslut och styrning"), so they share a rank.
        "Plan": {
            "rank": 90,
            "description": "Inriktning och konkreta mål i en fråga av större vikt; begränsad "
            "giltighetstid och följs upp; beslutas av kommunfullmäktige, kommunstyrelsen eller "
            "nämnd.",
            "source": f"{S003}, rad 39: ”Plan anger inriktning och konkreta mål i en fråga av "
            "större vikt. Den är vägledande för beslut och styrning. … Beslutas av "
            "kommunfullmäktige, kommunstyrelsen eller nämnd.”",
        },
        "Policy": {
            "kinds": (KF, KS, NAMND),
            "description": "Kortfattat dokument på övergripande nivå; gäller tills vidare och "
            "konkretiseras oftast i riktlinjer; beslutas av kommunfullmäktige, kommunstyrelsen "
            "eller nämnd.",
            "source": f"{S003}, rad 41: ”En policy är vanligtvis långvarig, och gäller tills "
            "vidare. En policy bör konkretiseras i andra styrdokument, oftast i riktlinjer. … "
            "Beslutas av kommunfullmäktige, kommunstyrelsen eller nämnd.”",
        },
        "Handlingsplan": {
            "source": f"{S003}, rad 43: ”Handlingsplan är en sammanställning av aktiviteter … "
            "Beslutas av kommunchef, förvaltningschef eller ledningsgruppen.”",
        },
        "Riktlinje": {
            "rank": 25,
            "category": OFF,
            "kinds": (FORV,),
            "political": False,
            "description": "Den mest konkreta formen av styrdokument: hur t.ex. en policy ska "
            "uppnås; gäller tills vidare och upphävs när den blir inaktuell; beslutas av "
            "kommunchef, förvaltningschef eller ledningsgruppen.",
            "source": f"{S003}, rad 45: ”Riktlinjer är den mest konkreta formen av "
            "styrdokument. … Gäller tillsvidare vilket innebär att gamla riktlinjer måste "
            "upphävas när de blir inaktuella. … Beslutas av kommunchef, förvaltningschef eller "
            "ledningsgruppen.”",
        },
    },
    "hagfors": {
        "Vision": {
            "source": f"{S004}, rad 12: ”utgår från visionen ’Förtroende genom öppenhet och "
            "ansvar’, Hagforsstrategin 2017-2027 och kommunens övergripande målkort”",
        },
        "Policy": {
            "source": f"{S004}, rad 7 och 73: ”Antagen av kommunfullmäktige 2017-09-25 § 57”, "
            "”Policyn gäller tillsvidare.”",
        },
    },
}

# key -> (the seed's citation, how a source names it: "Nämns inte i Forshagas policy").
_SEED_OF = {
    "sandviken": (S000, "Sandvikens strategi"),
    "solna": (S001, "Solnas riktlinje"),
    "haninge": (S002, "Haninges policy"),
    "forshaga": (S003, "Forshagas policy"),
    "hagfors": (S004, "Hagfors policy"),
}


def preset_types(key: str) -> list[TypeSpec]:
    """The types of the preset `key`: the catalogue with the preset's own lines applied; a type
    its seed does not name says so in its source."""
    overrides = OVERRIDES.get(key)
    if overrides is None:
        raise KeyError(key)
    citation, seed_name = _SEED_OF[key]
    found = []
    for spec in CATALOGUE:
        own = overrides.get(spec.name)
        if own is not None:
            found.append(replace(spec, **own))
        elif citation in spec.source:
            # The catalogue's line is this seed's own (Sandviken's list of its documents): it
            # names the type, so the source must not say otherwise.
            found.append(spec)
        else:
            source = f"Nämns inte i {seed_name}: den gemensamma katalogens regel. {spec.source}"
            found.append(replace(spec, source=source))
    return found


@dataclass
class PresetTypesResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


@transaction.atomic
def apply_preset(*, key: str, user=None) -> PresetTypesResult:
    """Make the document types those of the preset `key` (idempotent); called on activation.

    Creates the missing types and updates the others by name; deletes nothing. `user` is kept
    for the services' signature: `DocumentType` keeps no history."""
    from .models import DocumentType

    specs = preset_types(key)
    existing = {
        t.name: t
        for t in DocumentType.objects.select_for_update().filter(name__in=[s.name for s in specs])
    }
    result = PresetTypesResult()
    for spec in specs:
        doc_type = existing.get(spec.name)
        if doc_type is None:
            doc_type = DocumentType(name=spec.name, **spec.created_values())
            doc_type.full_clean()
            doc_type.save()
            result.created.append(spec.name)
            continue
        values = spec.values()
        changed = [name for name, value in values.items() if getattr(doc_type, name) != value]
        if not changed:
            continue
        for name in changed:
            setattr(doc_type, name, values[name])
        doc_type.full_clean()
        doc_type.save(update_fields=changed)
        result.updated.append(spec.name)
    return result

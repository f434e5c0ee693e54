"""Seed the document types as the seeds (Sandviken, Solna, Forshaga) define them.

Ranks: higher = higher level. A lower type concretises a higher one (a riktlinje concretises a
policy), never the reverse. The administrator may change all of this; the policy profile (issue 3)
is meant to own it later.
"""

from django.db import migrations

KF, KS, NAMND, FORV = "fullmaktige", "styrelse", "namnd", "forvaltning"
POL, OFF = "political", "officials"

# name, rank, category, adopted_by_kinds, needs_political_decision, default months, compounds,
# title words, description
TYPES = [
    ("Vision", 100, POL, [KF], True, None, False,
     "vision, visionen, visioner",
     "Övergripande måldokument; beskriver den framtid organisationen strävar mot."),
    ("Policy", 90, POL, [KF], True, None, True,
     "policy, policyn, policys, policyer, policyerna",
     "Förhållningssätt och värdegrund; antas av kommunfullmäktige och gäller tills vidare."),
    ("Reglemente", 90, POL, [KF], True, None, True,
     "reglemente, reglementet, reglementen, reglementena",
     "Nämndernas ansvarsområden och arbetsformer."),
    ("Arbetsordning", 90, POL, [KF], True, None, True,
     "arbetsordning, arbetsordningen, arbetsordningar",
     "Föreskrifter för handläggningen av fullmäktiges sammanträden."),
    ("Bolagsordning", 90, POL, [KF], True, None, True,
     "bolagsordning, bolagsordningen, bolagsordningar",
     "Aktiebolagets regelverk."),
    ("Program", 80, POL, [KF], True, None, True,
     "program, programmet, programmen",
     "Inriktning inom ett område; mål och prioriteringar."),
    ("Ägardirektiv", 80, POL, [KF], True, None, True,
     "ägardirektiv, ägardirektivet, ägardirektiven",
     "Ägarens viljeinriktning med ett bolags verksamhet."),
    ("Taxa", 80, POL, [KF], True, None, True,
     "taxa, taxan, taxor, taxorna",
     "Taxor beslutas av fullmäktige enligt kommunallagen."),
    ("Lokala föreskrifter", 80, POL, [KF], True, None, True,
     "föreskrift, föreskriften, föreskrifter, föreskrifterna",
     "Bindande föreskrifter som riktar sig mot allmänheten."),
    ("Strategi", 70, POL, [KS], True, 48, True,
     "strategi, strategin, strategier, strategierna",
     "Konkreta åtgärder för den politiska viljeinriktningen; begränsad period, t.ex. en "
     "mandatperiod; antas av kommunstyrelsen."),
    ("Delegationsordning", 70, POL, [KF, KS, NAMND], True, None, True,
     "delegationsordning, delegationsordningen, delegationsordningar",
     "Överlämnande av beslutsrätt."),
    ("Plan", 60, POL, [KF, KS, NAMND], True, None, True,
     "plan, planen, planer, planerna",
     "Inriktning och konkreta mål; även lagstadgade planer (översiktsplan, detaljplan)."),
    ("Riktlinje", 50, POL, [KS], True, None, True,
     "riktlinje, riktlinjen, riktlinjer, riktlinjerna",
     "Hur något ska uppnås; antas av kommunstyrelsen och gäller tills vidare."),
    ("Handlingsplan", 30, OFF, [FORV], False, None, True,
     "handlingsplan, handlingsplanen, handlingsplaner, handlingsplanerna",
     "Aktiviteter som ska leda till målen; beslutas av kommunchef eller förvaltningschef."),
    ("Verksamhetsplan", 30, OFF, [FORV], False, 12, True,
     "verksamhetsplan, verksamhetsplanen, verksamhetsplaner, verksamhetsplanerna",
     "Tjänstemannadokument som utarbetas årligen."),
    ("Anvisning", 20, OFF, [FORV], False, None, True,
     "anvisning, anvisningen, anvisningar, anvisningarna",
     "Verkställighet av riktlinjer; godkänns av förvaltningschef, inget politiskt beslut."),
    ("Rutin", 10, OFF, [FORV], False, None, True,
     "rutin, rutinen, rutiner, rutinerna",
     "Hur en uppgift ska utföras; tjänstemannadokument."),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("governance", "DocumentType")
    for name, rank, category, kinds, political, months, compounds, words, text in TYPES:
        DocumentType.objects.update_or_create(
            name=name,
            defaults={
                "rank": rank,
                "category": category,
                "adopted_by_kinds": kinds,
                "needs_political_decision": political,
                "default_validity_months": months,
                "matches_compounds": compounds,
                "title_words": words,
                "description": text,
            },
        )


def unseed(apps, schema_editor):
    DocumentType = apps.get_model("governance", "DocumentType")
    DocumentType.objects.filter(name__in=[t[0] for t in TYPES], documents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

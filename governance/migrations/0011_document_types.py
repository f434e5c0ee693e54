"""Document types per preset (issue 16): each type records the seed line it comes from
(`source`); the types the seeds name that were missing (Principer, Instruktion, Regler) are
added; a steering document may be owned by a municipal company as well as an administration.

The data step adds the missing types to an existing install without touching the types already
there (an administrator's type of the same name is kept as it is) and fills the source line of
the seeded types where it is empty. Documents keep their types. The rows are frozen here; the
presets' own types are `governance.document_type_presets`, applied when a profile is activated.
"""

import django.db.models.deletion
from django.db import migrations, models

NEW_TYPES = [
    {
        "name": "Principer",
        "rank": 90,
        "category": "political",
        "adopted_by_kinds": ["fullmaktige"],
        "needs_political_decision": True,
        "default_validity_months": None,
        "matches_compounds": True,
        "title_words": "princip, principen, principer, principerna",
        "description": "Grundläggande principer för arbetet inom ett område, på samma nivå som en policy; antas av kommunfullmäktige och gäller tills vidare.",
        "source": "Seed 002, Haninge kommun, Policy för medborgar- och brukardialog (KS 2017/429), lines 9-10: 'Ersätter tidigare beslut Kommunfullmäktige, 2012-06-11, § 114: Förslag om att Haninge kommun antar principer för medborgardialog' (the policy replaced principles the council had adopted); Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 153: 'Principer för medborgardialog'.",
    },
    {
        "name": "Instruktion",
        "rank": 50,
        "category": "political",
        "adopted_by_kinds": ["styrelse"],
        "needs_political_decision": True,
        "default_validity_months": None,
        "matches_compounds": True,
        "title_words": "instruktion, instruktionen, instruktioner, instruktionerna",
        "description": "Kommunstyrelsens instruktion för hur kommundirektören ska leda förvaltningen (kommunallagen 7 kap. 2 §).",
        "source": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), lines 177 and 185: 'Instruktion för kommunchef', 'Instruktion för kommundirektören i Tyresö kommun'; the adopting level from kommunallagen (2017:725) 7 kap. 2 §, under which the executive board gives the director an instruction.",
    },
    {
        "name": "Regler",
        "rank": 10,
        "category": "officials",
        "adopted_by_kinds": ["forvaltning"],
        "needs_political_decision": False,
        "default_validity_months": None,
        "matches_compounds": True,
        "title_words": "regel, regeln, regler, reglerna",
        "description": "Hur en uppgift ska utföras; tjänstemannadokument som ska vara tydligt och inte medge egna tolkningar.",
        "source": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'Tjänstemannadokument … RUTINER & REGLER … Ska vara tydliga och inte medge egna tolkningar.'",
    },
]
SOURCES = {
    "Vision": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'VISION övergripande måldokument, beskriver den framtid organisationen strävar mot'",
    "Policy": "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 11-13: 'POLICY – antas av kommunfullmäktige … fastställs av kommunfullmäktige … och gäller tills vidare.'",
    "Reglemente": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'REGLEMENTEN Föreskrifter om nämndernas och revisionens verksamhet och arbetsformer.'",
    "Arbetsordning": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'ARBETSORDNING Föreskrifter som behövs för handläggningen av Kommunfullmäktiges sammanträden.'",
    "Bolagsordning": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'BOLAGSORDNING Aktiebolags/handelsbolags regelverk, som tillsammans med lagstiftning anger ramarna för verksamheten.'",
    "Program": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'PROGRAM Beskriver inriktningen inom ett område för att styra mot en förändring. Innehåller mål och prioriteringar.'",
    "Ägardirektiv": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'ÄGARDIREKTIV / ÅRLIGA UPPDRAG Ägarens viljeinriktning med ett bolags verksamhet utöver vad som framgår av bolagsordning'",
    "Taxa": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'KOMMUNALA TAXOR Beslut om taxor ska enligt kommunallagen beslutas av KF'",
    "Lokala föreskrifter": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'KOMMUNALA FÖRESKRIFTER. STADGOR Kommunala föreskrifter av bindande karaktär som riktar sig mot allmänheten.'",
    "Strategi": "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 15-17: 'STRATEGI – antas av kommunstyrelsen … Strategin ska gälla under en begränsad period, exempelvis under en mandatperiod och antas av kommunstyrelsen.'",
    "Delegationsordning": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'DELEGATION Överlämnande av beslutsrätt från KF till nämnd eller från nämnd till utskott, ledamot eller tjänsteman'",
    "Plan": "Seed 003, Forshaga kommun, Policy för invånardialog (KS 2017/261), line 39: 'Plan anger inriktning och konkreta mål i en fråga av större vikt … Beslutas av kommunfullmäktige, kommunstyrelsen eller nämnd.'; Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'PLAN Lagstadgade benämningar på styrdokument t. ex. Översiktsplan, Detaljplan'",
    "Riktlinje": "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 19-21: 'RIKTLINJE – antas av kommunstyrelsen … I riktlinjer preciseras hur något ska uppnås.'",
    "Handlingsplan": "Seed 003, Forshaga kommun, Policy för invånardialog (KS 2017/261), line 43: 'Handlingsplan är en sammanställning av aktiviteter som tillsammans ska leda till att uppnå mål … Beslutas av kommunchef, förvaltningschef eller ledningsgruppen.'",
    "Verksamhetsplan": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'Tjänstemannadokument VERKSAMHETS- & ARBETSPLANER Planer utarbetas årligen'",
    "Anvisning": "Seed 001, Solna stad, Riktlinje för medborgardialog, lines 23-25: 'ANVISNING – godkänns av förvaltningschef/chef … dokumenten är inte föremål för formella beslut i politiska organ'",
    "Rutin": "Seed 000, Sandvikens kommun, Strategi för medborgardialog (KS2016/55), line 207, 'Beskrivning av styrdokument': 'Tjänstemannadokument … RUTINER & REGLER En sammanställning av aktiviteter inom ett visst område som anger hur en uppgift ska utföras.'",
}


def add_missing_types(apps, schema_editor):
    DocumentType = apps.get_model("governance", "DocumentType")
    for row in NEW_TYPES:
        values = {key: value for key, value in row.items() if key != "name"}
        DocumentType.objects.get_or_create(name=row["name"], defaults=values)
    for name, source in SOURCES.items():
        DocumentType.objects.filter(name=name, source="").update(source=source)


def remove_added_types(apps, schema_editor):
    DocumentType = apps.get_model("governance", "DocumentType")
    names = [row["name"] for row in NEW_TYPES]
    DocumentType.objects.filter(name__in=names, documents__isnull=True).delete()


OWNER_HELP = "An administration, or a municipal company (its ägardirektiv, its bolagsordning)."
OWNER_KINDS = {"kind__in": ("forvaltning", "bolag")}


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0010_checklists"),
        ("roles", "0006_bolag"),
    ]

    operations = [
        migrations.AddField(
            model_name="documenttype",
            name="source",
            field=models.TextField(
                blank=True,
                help_text=(
                    "The line of the municipality's own rules (the seed policy) this type's "
                    "place and adopting level come from, quoted, so that anyone can check it."
                ),
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsteeringdocument",
            name="owner_body",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=OWNER_HELP,
                limit_choices_to=OWNER_KINDS,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="roles.body",
                verbose_name="owning department",
            ),
        ),
        migrations.AlterField(
            model_name="steeringdocument",
            name="owner_body",
            field=models.ForeignKey(
                blank=True,
                help_text=OWNER_HELP,
                limit_choices_to=OWNER_KINDS,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="owned_documents",
                to="roles.body",
                verbose_name="owning department",
            ),
        ),
        migrations.RunPython(add_missing_types, remove_added_types),
    ]

"""A starting method catalogue, in the spirit of SKR's Dialogguiden; editable in admin."""

from django.db import migrations

# (name, description, suitable participation levels) - demo-independent Swedish data.
METHODS = [
    (
        "Fokusgrupp",
        "Ett mindre antal utvalda deltagare samtalar under ledning av en samtalsledare om en "
        "avgränsad fråga. Ger fördjupad kunskap om värderingar och argument.",
        ["konsultation", "dialog"],
    ),
    (
        "Medborgarpanel",
        "En grupp invånare som under en period svarar på återkommande frågor, digitalt eller "
        "vid träffar. Ger en bild av åsikter över tid.",
        ["konsultation", "dialog", "inflytande"],
    ),
    (
        "Webbenkät",
        "En enkät på kommunens webbplats eller i sociala medier. Når många men ger begränsad "
        "fördjupning; komplettera för att nå grupper som sällan hörs.",
        ["konsultation"],
    ),
    (
        "Dialogcafé",
        "Deltagarna samtalar i små grupper vid bord och byter bord mellan samtalsrundorna. "
        "Politiker och tjänstepersoner lyssnar och deltar.",
        ["dialog", "inflytande"],
    ),
    (
        "Workshop",
        "Deltagarna arbetar fram förslag eller prioriteringar tillsammans, ofta i flera steg "
        "med processledare.",
        ["dialog", "inflytande", "medbeslutande"],
    ),
    (
        "Trygghetsvandring",
        "En promenad i ett område där invånare, politiker och tjänstepersoner tillsammans "
        "pekar ut platser som upplevs otrygga och föreslår förbättringar.",
        ["konsultation", "dialog"],
    ),
    (
        "Medborgarbudget",
        "Invånarna föreslår och röstar om hur en avgränsad del av budgeten ska användas.",
        ["inflytande", "medbeslutande"],
    ),
    (
        "Öppet möte",
        "Ett möte dit alla är välkomna att ta del av information och ställa frågor.",
        ["information", "konsultation"],
    ),
    (
        "Referensgrupp",
        "En grupp representanter för berörda som följer arbetet och lämnar synpunkter vid "
        "flera tillfällen.",
        ["dialog", "inflytande", "medbeslutande"],
    ),
    (
        "Dialog på plats",
        "Tjänstepersoner och politiker möter invånare där de redan finns, till exempel i ett "
        "köpcentrum, på ett torg eller vid en idrottsplats (pop-up-dialog).",
        ["konsultation", "dialog"],
    ),
    (
        "Skoldialog / elevråd",
        "Dialog med barn och unga i skolan eller via elevråd, så att de kan ge sin syn i "
        "frågor som berör dem.",
        ["konsultation", "dialog", "inflytande"],
    ),
    (
        "Digital kartenkät",
        "Deltagarna markerar platser på en karta och lämnar synpunkter kopplade till dem.",
        ["konsultation"],
    ),
]


def add_methods(apps, schema_editor):
    Method = apps.get_model("dialog", "Method")
    for name, description, levels in METHODS:
        Method.objects.update_or_create(
            name=name, defaults={"description": description, "participation_levels": levels}
        )


def remove_unused_methods(apps, schema_editor):
    Method = apps.get_model("dialog", "Method")
    Method.objects.filter(name__in=[m[0] for m in METHODS], activities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0003_step_content"),
    ]

    operations = [
        migrations.RunPython(add_methods, remove_unused_methods),
    ]

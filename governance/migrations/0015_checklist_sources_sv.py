"""The Solna checklists' sources in Swedish: drop the "Seed 001, " prefix (the UI shows the
source beside "Källa:"). Only the text the preset wrote is changed; an administrator's own
text stays as it is."""

from django.db import migrations

OLD_PREFIX = "Seed 001, Solna stad, Riktlinje för medborgardialog"
NEW_PREFIX = "Solna stad, Riktlinje för medborgardialog"


def rewrite_sources(apps, schema_editor):
    Checklist = apps.get_model("governance", "Checklist")
    for checklist in Checklist.objects.filter(source__startswith=OLD_PREFIX):
        checklist.source = NEW_PREFIX + checklist.source[len(OLD_PREFIX) :]
        checklist.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0014_document_type_sources_sv")]

    operations = [migrations.RunPython(rewrite_sources, migrations.RunPython.noop)]

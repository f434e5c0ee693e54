# The diarium (issue 12): whose diarium registers a body's cases (Body.registered_in).
import django.db.models.deletion
from django.db import migrations, models

HELP = (
    "The body whose diarium registers this body's cases and whose code begins their case "
    "numbers, e.g. the executive board for the council. Empty: its own."
)


class Migration(migrations.Migration):
    dependencies = [("roles", "0004_delegation")]

    operations = [
        migrations.AddField(
            model_name="body",
            name="registered_in",
            field=models.ForeignKey(
                blank=True,
                help_text=HELP,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="registers_for",
                to="roles.body",
                verbose_name="registered in the diarium of",
            ),
        ),
        migrations.AddField(
            model_name="historicalbody",
            name="registered_in",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="roles.body",
                verbose_name="registered in the diarium of",
            ),
        ),
    ]

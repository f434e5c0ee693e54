# The diarium (issue 12): where each case number comes from (the diarium body and the diarium's
# name), and the own series' uniqueness per diarium body and year instead of per dialogue body
# (the council's matters numbered in the executive board's series).
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, Q


def own_series_so_far(apps, schema_editor):
    """Every number given so far came from Delaktig's own series, in the body's own diarium."""
    Dialogue = apps.get_model("dialog", "Dialogue")
    Dialogue.objects.filter(case_number__isnull=False).update(
        diarium_body_id=F("body_id"), diarium="Delaktig"
    )


class Migration(migrations.Migration):
    dependencies = [("dialog", "0016_case_memo"), ("roles", "0005_diarium")]

    operations = [
        migrations.RemoveConstraint(
            model_name="dialogue",
            name="dialogue_case_sequence_unique_per_body_and_year",
        ),
        migrations.AddField(
            model_name="dialogue",
            name="diarium",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                editable=False,
                max_length=60,
                verbose_name="diarium",
            ),
        ),
        migrations.AddField(
            model_name="dialogue",
            name="diarium_body",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="roles.body",
                verbose_name="registered in the diarium of",
            ),
        ),
        migrations.AddField(
            model_name="historicaldialogue",
            name="diarium",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                editable=False,
                max_length=60,
                verbose_name="diarium",
            ),
        ),
        migrations.AddField(
            model_name="historicaldialogue",
            name="diarium_body",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="roles.body",
                verbose_name="registered in the diarium of",
            ),
        ),
        migrations.AddConstraint(
            model_name="dialogue",
            constraint=models.UniqueConstraint(
                condition=Q(case_sequence__isnull=False),
                fields=("diarium_body", "case_year", "case_sequence"),
                name="dialogue_case_sequence_unique_per_diarium_and_year",
            ),
        ),
        # Last: on PostgreSQL the foreign key's deferred checks would block a later ALTER TABLE.
        migrations.RunPython(own_series_so_far, migrations.RunPython.noop),
    ]

"""The follow-up of the dialogue work (issue 16): a follow-up report covers an interim period, a
year or a term of office, of one body or (no body) of the whole municipality. The follow-ups
generated before were yearly ones of a body."""

from django.db import migrations, models


def yearly(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    Report.objects.filter(kind="follow-up", period="").update(period="year")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_archive"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="period",
            field=models.CharField(
                blank=True,
                choices=[
                    ("interim", "Interim (January to August)"),
                    ("year", "Year"),
                    ("term", "Term of office"),
                ],
                default="",
                max_length=10,
                verbose_name="period",
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="kind",
            field=models.CharField(
                choices=[
                    ("decision-basis", "Decision basis"),
                    ("extract", "Decision extract"),
                    ("report", "Dialogue report"),
                    ("follow-up", "Follow-up of the dialogue work"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(yearly, migrations.RunPython.noop),
    ]

"""Bodies gain the kind "bolag", a municipal company (issue 16)."""

from django.db import migrations, models

KINDS = [
    ("fullmaktige", "Municipal council"),
    ("styrelse", "Executive board"),
    ("namnd", "Committee"),
    ("utskott", "Sub-committee"),
    ("presidium", "Presidium"),
    ("forvaltning", "Administration"),
    ("bolag", "Municipal company"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_diarium"),
    ]

    operations = [
        migrations.AlterField(
            model_name=model_name,
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20, verbose_name="kind"),
        )
        for model_name in ("body", "historicalbody")
    ]

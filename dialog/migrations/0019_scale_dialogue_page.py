"""Stored input counts for the dialogue page and the PDFs (issue 11): the table, the triggers
that keep it on PostgreSQL and SQLite (see dialog/models/counts.py), the counts of the inputs
already there, and an index of the off-topic inputs."""

import django.db.models.deletion
from django.db import migrations, models


def install(apps, schema_editor):
    from dialog.models.counts import OFFTOPIC_INDEX, install_sql, recount_sql

    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    for sql in [*install_sql(vendor), *recount_sql(vendor), OFFTOPIC_INDEX]:
        schema_editor.execute(sql, params=None)


def uninstall(apps, schema_editor):
    from dialog.models.counts import uninstall_sql

    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    for sql in [*uninstall_sql(vendor), "DROP INDEX IF EXISTS inputitem_offtopic"]:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("dialog", "0018_scale_dashboards")]

    operations = [
        migrations.CreateModel(
            name="InputCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("theme_id", models.BigIntegerField(default=0)),
                ("dimension", models.CharField(max_length=16)),
                ("value", models.CharField(blank=True, max_length=200)),
                ("within_purpose", models.BooleanField()),
                ("n", models.IntegerField(default=0)),
                (
                    "dialogue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="dialog.dialogue",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("dialogue", "theme_id", "dimension", "value", "within_purpose"),
                        name="inputcount_key",
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]

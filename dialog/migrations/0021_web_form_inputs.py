"""A view a resident gave online has no staff author (issue 13).

SQLite cannot drop NOT NULL in place: Django rebuilds the table, which the input-count triggers
(they name dialog_inputitem) would break and which loses the raw partial index, so on SQLite both
are dropped before and made again after. PostgreSQL alters the column in place.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _drop_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from dialog.models.counts import uninstall_sql

    for sql in [*uninstall_sql("sqlite"), "DROP INDEX IF EXISTS inputitem_offtopic"]:
        schema_editor.execute(sql)


def _make_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from dialog.models.counts import OFFTOPIC_INDEX, install_sql

    for sql in [*install_sql("sqlite"), OFFTOPIC_INDEX]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0020_scale_import"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(_drop_on_sqlite, _make_on_sqlite, elidable=False),
        migrations.AlterField(
            model_name="inputitem",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="registered by",
            ),
        ),
        migrations.RunPython(_make_on_sqlite, _drop_on_sqlite, elidable=False),
    ]

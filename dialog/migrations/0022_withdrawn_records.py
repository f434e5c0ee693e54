"""Withdrawn, never deleted (issue 15): the step items an official can take off a list get
withdrawn_at, withdrawn_by and withdrawal_reason (in their history too), and the unique
constraints among them hold among the items in force.

SQLite adds a NOT NULL column (the reason) by rebuilding the table, which the input-count
triggers (they name dialog_inputitem) would break and which loses the raw partial index: on
SQLite both are dropped before, as in 0021. After, on both databases, the triggers are made again
by the SQL that leaves withdrawn inputs out (nothing is withdrawn yet, so the counts stand).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

WITHDRAWABLE = [
    "actionitem",
    "activity",
    "communicationitem",
    "forwarding",
    "inputitem",
    "planneddecisionpoint",
    "proposalpoint",
    "theme",
]
LIVE = models.Q(("withdrawn_at__isnull", True))


def _drop_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from dialog.models.counts import uninstall_sql

    for sql in [*uninstall_sql("sqlite"), "DROP INDEX IF EXISTS inputitem_offtopic"]:
        schema_editor.execute(sql)


def _make(live):
    def make(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in ("sqlite", "postgresql"):
            return
        from dialog.models.counts import OFFTOPIC_INDEX, install_sql

        statements = install_sql(vendor, live=live)
        if vendor == "sqlite":
            statements.append(OFFTOPIC_INDEX)
        for sql in statements:
            schema_editor.execute(sql)

    return make


def _fields(historical: bool):
    by = {"on_delete": django.db.models.deletion.PROTECT}
    if historical:
        by = {"db_constraint": False, "on_delete": django.db.models.deletion.DO_NOTHING}
    return [
        (
            "withdrawal_reason",
            models.TextField(
                blank=True,
                db_default="",
                default="",
                editable=False,
                verbose_name="reason for withdrawal",
            ),
        ),
        (
            "withdrawn_at",
            models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="withdrawn at"
            ),
        ),
        (
            "withdrawn_by",
            models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="withdrawn by",
                **by,
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0021_web_form_inputs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(_drop_on_sqlite, _make(False), elidable=False),
        migrations.RemoveConstraint(
            model_name="planneddecisionpoint",
            name="planned_decision_point_once_per_dialogue",
        ),
        migrations.RemoveConstraint(
            model_name="proposalpoint",
            name="proposal_point_unique_number",
        ),
        migrations.RemoveConstraint(
            model_name="theme",
            name="theme_unique_per_dialogue",
        ),
        *[
            migrations.AddField(model_name=prefix + model, name=name, field=field)
            for model in WITHDRAWABLE
            for prefix in ("", "historical")
            for name, field in _fields(historical=bool(prefix))
        ],
        migrations.AddConstraint(
            model_name="planneddecisionpoint",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("point", ""), _negated=True), ("withdrawn_at__isnull", True)
                ),
                fields=("dialogue", "point"),
                name="planned_decision_point_once_per_dialogue",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposalpoint",
            constraint=models.UniqueConstraint(
                condition=LIVE,
                fields=("proposal", "number"),
                name="proposal_point_unique_number",
            ),
        ),
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.UniqueConstraint(
                condition=LIVE,
                fields=("dialogue", "name"),
                name="theme_unique_per_dialogue",
            ),
        ),
        migrations.RunPython(_make(True), _drop_on_sqlite, elidable=False),
    ]

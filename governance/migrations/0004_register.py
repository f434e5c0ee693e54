# History of a steering document's keywords and replacements (issue 8, item 8).
import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_historicalpolicyprofile_policyprofile"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalSteeringDocument_keywords",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="governance.historicalsteeringdocument",
                    ),
                ),
                (
                    "keyword",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.keyword",
                    ),
                ),
                (
                    "steeringdocument",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.steeringdocument",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalSteeringDocument_keywords",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSteeringDocument_replaces",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "from_steeringdocument",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.steeringdocument",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="governance.historicalsteeringdocument",
                    ),
                ),
                (
                    "to_steeringdocument",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.steeringdocument",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalSteeringDocument_replaces",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]

# The tjänsteskrivelse of each decision point (issue 12): the memo's texts, with history, and
# the versions frozen at each submission.
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0015_delegation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalCaseMemo",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "point",
                    models.CharField(
                        choices=[
                            ("mandate", "Mandate"),
                            ("launch", "Launch"),
                            ("final", "Final decision"),
                        ],
                        max_length=20,
                        verbose_name="decision point",
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="A few sentences: what the matter is and what is proposed.",
                        verbose_name="summary",
                    ),
                ),
                (
                    "proposed_decisions",
                    models.TextField(
                        blank=True,
                        help_text="One point per line, as the decision will read, e.g. “to give the administration the task of …”. The points are numbered in the document.",
                        verbose_name="proposal for decision",
                    ),
                ),
                (
                    "matter",
                    models.TextField(
                        blank=True,
                        help_text="A description of the matter: how it arose and what it concerns.",
                        verbose_name="the matter",
                    ),
                ),
                (
                    "assessment",
                    models.TextField(
                        blank=True,
                        help_text="The administration's own assessment, on which its proposal rests.",
                        verbose_name="the administration's assessment",
                    ),
                ),
                ("economy", models.TextField(blank=True, verbose_name="economic consequences")),
                (
                    "children_rights",
                    models.TextField(
                        blank=True,
                        help_text="How children are affected by the decision and how they are heard, as the UN Convention on the Rights of the Child (Swedish law since 2020) asks.",
                        verbose_name="child rights assessment",
                    ),
                ),
                (
                    "equality",
                    models.TextField(blank=True, verbose_name="consequences for equality"),
                ),
                (
                    "environment",
                    models.TextField(blank=True, verbose_name="environmental consequences"),
                ),
                (
                    "minorities_concerned",
                    models.BooleanField(
                        blank=True,
                        null=True,
                        verbose_name="does the matter concern the national minorities?",
                    ),
                ),
                (
                    "minorities",
                    models.TextField(
                        blank=True,
                        help_text="Where the matter concerns a national minority, how its representatives have been consulted (samråd, Act on National Minorities and Minority Languages 2009:724, section 5).",
                        verbose_name="national minorities",
                    ),
                ),
                (
                    "distribution",
                    models.TextField(
                        blank=True,
                        help_text="One recipient per line (expediering).",
                        verbose_name="the decision is sent to",
                    ),
                ),
                (
                    "head_of_administration",
                    models.CharField(
                        blank=True,
                        help_text="The name printed on the head of administration's name line.",
                        max_length=200,
                        verbose_name="head of administration",
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "dialogue",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="dialog.dialogue",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical decision memo",
                "verbose_name_plural": "historical decision memos",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="CaseMemo",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "point",
                    models.CharField(
                        choices=[
                            ("mandate", "Mandate"),
                            ("launch", "Launch"),
                            ("final", "Final decision"),
                        ],
                        max_length=20,
                        verbose_name="decision point",
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="A few sentences: what the matter is and what is proposed.",
                        verbose_name="summary",
                    ),
                ),
                (
                    "proposed_decisions",
                    models.TextField(
                        blank=True,
                        help_text="One point per line, as the decision will read, e.g. “to give the administration the task of …”. The points are numbered in the document.",
                        verbose_name="proposal for decision",
                    ),
                ),
                (
                    "matter",
                    models.TextField(
                        blank=True,
                        help_text="A description of the matter: how it arose and what it concerns.",
                        verbose_name="the matter",
                    ),
                ),
                (
                    "assessment",
                    models.TextField(
                        blank=True,
                        help_text="The administration's own assessment, on which its proposal rests.",
                        verbose_name="the administration's assessment",
                    ),
                ),
                ("economy", models.TextField(blank=True, verbose_name="economic consequences")),
                (
                    "children_rights",
                    models.TextField(
                        blank=True,
                        help_text="How children are affected by the decision and how they are heard, as the UN Convention on the Rights of the Child (Swedish law since 2020) asks.",
                        verbose_name="child rights assessment",
                    ),
                ),
                (
                    "equality",
                    models.TextField(blank=True, verbose_name="consequences for equality"),
                ),
                (
                    "environment",
                    models.TextField(blank=True, verbose_name="environmental consequences"),
                ),
                (
                    "minorities_concerned",
                    models.BooleanField(
                        blank=True,
                        null=True,
                        verbose_name="does the matter concern the national minorities?",
                    ),
                ),
                (
                    "minorities",
                    models.TextField(
                        blank=True,
                        help_text="Where the matter concerns a national minority, how its representatives have been consulted (samråd, Act on National Minorities and Minority Languages 2009:724, section 5).",
                        verbose_name="national minorities",
                    ),
                ),
                (
                    "distribution",
                    models.TextField(
                        blank=True,
                        help_text="One recipient per line (expediering).",
                        verbose_name="the decision is sent to",
                    ),
                ),
                (
                    "head_of_administration",
                    models.CharField(
                        blank=True,
                        help_text="The name printed on the head of administration's name line.",
                        max_length=200,
                        verbose_name="head of administration",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "dialogue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="case_memos",
                        to="dialog.dialogue",
                    ),
                ),
            ],
            options={
                "verbose_name": "decision memo",
                "verbose_name_plural": "decision memos",
                "ordering": ["dialogue", "point"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("dialogue", "point"), name="case_memo_unique_point"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CaseMemoVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "point",
                    models.CharField(
                        choices=[
                            ("mandate", "Mandate"),
                            ("launch", "Launch"),
                            ("final", "Final decision"),
                        ],
                        max_length=20,
                        verbose_name="decision point",
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="version")),
                ("frozen_at", models.DateTimeField(verbose_name="frozen at")),
                ("frozen_on", models.DateField(verbose_name="date")),
                ("content", models.JSONField(verbose_name="content")),
                (
                    "dialogue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="case_memo_versions",
                        to="dialog.dialogue",
                    ),
                ),
                (
                    "frozen_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="frozen by",
                    ),
                ),
            ],
            options={
                "verbose_name": "frozen decision memo",
                "verbose_name_plural": "frozen decision memos",
                "ordering": ["dialogue", "point", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("dialogue", "point", "number"),
                        name="case_memo_version_unique_number",
                    )
                ],
            },
        ),
    ]

# Views given online (issue 13, item 2): the online form, its questions and options, the
# residents' submissions and their answers. Written from makemigrations' output.
import uuid

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("dialog", "0021_web_form_inputs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalOnlineForm",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "intro",
                    models.TextField(
                        blank=True,
                        help_text="A few sentences for residents above the form.",
                        max_length=2000,
                        verbose_name="introduction",
                    ),
                ),
                (
                    "view_label",
                    models.CharField(
                        blank=True,
                        help_text="Asked above the free-text field; empty: “Your view”.",
                        max_length=300,
                        verbose_name="the free-text question",
                    ),
                ),
                ("opens_on", models.DateField(verbose_name="opens on")),
                ("closes_on", models.DateField(verbose_name="closes on")),
                (
                    "ask_age",
                    models.BooleanField(default=False, verbose_name="ask for the age group"),
                ),
                ("ask_area", models.BooleanField(default=False, verbose_name="ask for the area")),
                (
                    "ask_respondent_type",
                    models.BooleanField(
                        default=False,
                        verbose_name="ask who answers (resident, visitor, business, association)",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Being prepared"),
                            ("open", "Open"),
                            ("closed", "Closed"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "opened_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="opened at"
                    ),
                ),
                (
                    "closed_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="closed at"
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
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
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
                        verbose_name="dialogue",
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
                "verbose_name": "historical online form",
                "verbose_name_plural": "historical online forms",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="OnlineForm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "intro",
                    models.TextField(
                        blank=True,
                        help_text="A few sentences for residents above the form.",
                        max_length=2000,
                        verbose_name="introduction",
                    ),
                ),
                (
                    "view_label",
                    models.CharField(
                        blank=True,
                        help_text="Asked above the free-text field; empty: “Your view”.",
                        max_length=300,
                        verbose_name="the free-text question",
                    ),
                ),
                ("opens_on", models.DateField(verbose_name="opens on")),
                ("closes_on", models.DateField(verbose_name="closes on")),
                (
                    "ask_age",
                    models.BooleanField(default=False, verbose_name="ask for the age group"),
                ),
                ("ask_area", models.BooleanField(default=False, verbose_name="ask for the area")),
                (
                    "ask_respondent_type",
                    models.BooleanField(
                        default=False,
                        verbose_name="ask who answers (resident, visitor, business, association)",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Being prepared"),
                            ("open", "Open"),
                            ("closed", "Closed"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "opened_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="opened at"
                    ),
                ),
                (
                    "closed_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="closed at"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "created_by",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "dialogue",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="online_form",
                        to="dialog.dialogue",
                        verbose_name="dialogue",
                    ),
                ),
            ],
            options={
                "verbose_name": "online form",
                "verbose_name_plural": "online forms",
            },
        ),
        migrations.CreateModel(
            name="HistoricalSubmission",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.UUIDField(
                        db_index=True, default=uuid.uuid4, editable=False, verbose_name="form token"
                    ),
                ),
                ("text", models.TextField(max_length=5000, verbose_name="view")),
                (
                    "submitted_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="submitted at"
                    ),
                ),
                (
                    "age_band",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("0-12", "0–12 years"),
                            ("13-17", "13–17 years"),
                            ("18-24", "18–24 years"),
                            ("25-44", "25–44 years"),
                            ("45-64", "45–64 years"),
                            ("65-79", "65–79 years"),
                            ("80+", "80 years or older"),
                        ],
                        max_length=10,
                        verbose_name="age group",
                    ),
                ),
                (
                    "respondent_type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("resident", "I live in the municipality"),
                            ("visitor", "I visit the municipality"),
                            ("business", "I answer for a business"),
                            ("association", "I answer for an association"),
                        ],
                        max_length=20,
                        verbose_name="respondent",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for moderation"),
                            ("accepted", "Accepted into the input register"),
                            ("off_topic", "Accepted as off-topic"),
                            ("hidden", "Hidden"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "moderated_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="moderated at"),
                ),
                (
                    "hidden_reason",
                    models.TextField(blank=True, max_length=1000, verbose_name="why it was hidden"),
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
                    "area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="participation.area",
                        verbose_name="area",
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
                        verbose_name="dialogue",
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
                (
                    "input_item",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="dialog.inputitem",
                        verbose_name="input",
                    ),
                ),
                (
                    "moderated_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="moderated by",
                    ),
                ),
                (
                    "form",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="participation.onlineform",
                        verbose_name="form",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical online submission",
                "verbose_name_plural": "historical online submissions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalQuestion",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("text", "Free text"),
                            ("single", "Single choice"),
                            ("multiple", "Multiple choice"),
                            ("scale", "Scale 1–5"),
                        ],
                        max_length=10,
                        verbose_name="kind of question",
                    ),
                ),
                ("text", models.CharField(max_length=300, verbose_name="question")),
                (
                    "help_text",
                    models.CharField(blank=True, max_length=300, verbose_name="help text"),
                ),
                (
                    "required",
                    models.BooleanField(default=False, verbose_name="an answer is required"),
                ),
                (
                    "low_label",
                    models.CharField(
                        blank=True,
                        help_text="e.g. “Not at all”",
                        max_length=60,
                        verbose_name="label of 1 on the scale",
                    ),
                ),
                (
                    "high_label",
                    models.CharField(
                        blank=True,
                        help_text="e.g. “Very much”",
                        max_length=60,
                        verbose_name="label of 5 on the scale",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
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
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "form",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="participation.onlineform",
                        verbose_name="form",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical question",
                "verbose_name_plural": "historical questions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Question",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("text", "Free text"),
                            ("single", "Single choice"),
                            ("multiple", "Multiple choice"),
                            ("scale", "Scale 1–5"),
                        ],
                        max_length=10,
                        verbose_name="kind of question",
                    ),
                ),
                ("text", models.CharField(max_length=300, verbose_name="question")),
                (
                    "help_text",
                    models.CharField(blank=True, max_length=300, verbose_name="help text"),
                ),
                (
                    "required",
                    models.BooleanField(default=False, verbose_name="an answer is required"),
                ),
                (
                    "low_label",
                    models.CharField(
                        blank=True,
                        help_text="e.g. “Not at all”",
                        max_length=60,
                        verbose_name="label of 1 on the scale",
                    ),
                ),
                (
                    "high_label",
                    models.CharField(
                        blank=True,
                        help_text="e.g. “Very much”",
                        max_length=60,
                        verbose_name="label of 5 on the scale",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "form",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="questions",
                        to="participation.onlineform",
                        verbose_name="form",
                    ),
                ),
            ],
            options={
                "verbose_name": "question",
                "verbose_name_plural": "questions",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Option",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=200, verbose_name="option")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="options",
                        to="participation.question",
                        verbose_name="question",
                    ),
                ),
            ],
            options={
                "verbose_name": "option",
                "verbose_name_plural": "options",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalOption",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=200, verbose_name="option")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
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
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="participation.question",
                        verbose_name="question",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical option",
                "verbose_name_plural": "historical options",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Submission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, unique=True, verbose_name="form token"
                    ),
                ),
                ("text", models.TextField(max_length=5000, verbose_name="view")),
                (
                    "submitted_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="submitted at"
                    ),
                ),
                (
                    "age_band",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("0-12", "0–12 years"),
                            ("13-17", "13–17 years"),
                            ("18-24", "18–24 years"),
                            ("25-44", "25–44 years"),
                            ("45-64", "45–64 years"),
                            ("65-79", "65–79 years"),
                            ("80+", "80 years or older"),
                        ],
                        max_length=10,
                        verbose_name="age group",
                    ),
                ),
                (
                    "respondent_type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("resident", "I live in the municipality"),
                            ("visitor", "I visit the municipality"),
                            ("business", "I answer for a business"),
                            ("association", "I answer for an association"),
                        ],
                        max_length=20,
                        verbose_name="respondent",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for moderation"),
                            ("accepted", "Accepted into the input register"),
                            ("off_topic", "Accepted as off-topic"),
                            ("hidden", "Hidden"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "moderated_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="moderated at"),
                ),
                (
                    "hidden_reason",
                    models.TextField(blank=True, max_length=1000, verbose_name="why it was hidden"),
                ),
                (
                    "area",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="participation.area",
                        verbose_name="area",
                    ),
                ),
                (
                    "dialogue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="dialog.dialogue",
                        verbose_name="dialogue",
                    ),
                ),
                (
                    "form",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="submissions",
                        to="participation.onlineform",
                        verbose_name="form",
                    ),
                ),
                (
                    "input_item",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="online_submission",
                        to="dialog.inputitem",
                        verbose_name="input",
                    ),
                ),
                (
                    "moderated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="moderated by",
                    ),
                ),
            ],
            options={
                "verbose_name": "online submission",
                "verbose_name_plural": "online submissions",
                "ordering": ["submitted_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ScaleAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.PositiveSmallIntegerField(verbose_name="value")),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="scale_answers",
                        to="participation.question",
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="scales",
                        to="participation.submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "scale answer",
                "verbose_name_plural": "scale answers",
            },
        ),
        migrations.CreateModel(
            name="ChoiceAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "option",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="answers",
                        to="participation.option",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="participation.question",
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="choices",
                        to="participation.submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "choice answer",
                "verbose_name_plural": "choice answers",
            },
        ),
        migrations.CreateModel(
            name="TextAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=2000, verbose_name="answer")),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="text_answers",
                        to="participation.question",
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="texts",
                        to="participation.submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "free-text answer",
                "verbose_name_plural": "free-text answers",
            },
        ),
        migrations.AddConstraint(
            model_name="onlineform",
            constraint=models.CheckConstraint(
                condition=models.Q(("closes_on__gte", models.F("opens_on"))),
                name="online_form_closes_after_opening",
            ),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["dialogue", "status"], name="online_sub_dialogue_status"),
        ),
        migrations.AddConstraint(
            model_name="submission",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("input_item__isnull", False), ("status__in", ["accepted", "off_topic"])
                    ),
                    models.Q(
                        models.Q(("status__in", ["accepted", "off_topic"]), _negated=True),
                        ("input_item__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="online_submission_accepted_has_input",
            ),
        ),
        migrations.AddConstraint(
            model_name="submission",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "hidden"), _negated=True),
                    models.Q(("hidden_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="online_submission_hidden_has_reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="scaleanswer",
            constraint=models.UniqueConstraint(
                fields=("submission", "question"), name="online_scale_once_per_submission"
            ),
        ),
        migrations.AddConstraint(
            model_name="scaleanswer",
            constraint=models.CheckConstraint(
                condition=models.Q(("value__gte", 1), ("value__lte", 5)),
                name="online_scale_one_to_five",
            ),
        ),
        migrations.AddConstraint(
            model_name="choiceanswer",
            constraint=models.UniqueConstraint(
                fields=("submission", "option"), name="online_choice_once_per_submission"
            ),
        ),
        migrations.AddConstraint(
            model_name="textanswer",
            constraint=models.UniqueConstraint(
                fields=("submission", "question"), name="online_text_once_per_submission"
            ),
        ),
    ]

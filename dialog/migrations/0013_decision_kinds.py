# How a decision was taken (issue 12): `kind` replaces `source`. One politician's approval in
# Delaktig is kept under the legacy label ("approval"); a decision registered from the minutes
# becomes a meeting decision at a meeting made per body and date; stance and presentation stay.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SOURCES = [
    ("approval", "Approved in Delaktig by a politician of the body"),
    ("minutes", "Registered from the meeting minutes by the clerk"),
    ("stance", "The politicians' stance, recorded by the responsible official"),
    ("presentation", "Presented to the presidium"),
]
KINDS = {
    "approval": "approval",
    "minutes": "meeting",
    "stance": "stance",
    "presentation": "presentation",
}


def sources_to_kinds(apps, schema_editor):
    Decision = apps.get_model("dialog", "Decision")
    HistoricalDecision = apps.get_model("dialog", "HistoricalDecision")
    Meeting = apps.get_model("roles", "Meeting")
    meetings = {}
    for decision in Decision.objects.order_by("pk"):
        decision.kind = KINDS.get(decision.source, "approval")
        if decision.kind == "meeting":
            key = (decision.body_id, decision.decided_on)
            if key not in meetings:
                meetings[key] = Meeting.objects.create(
                    body_id=decision.body_id, held_on=decision.decided_on
                )
            decision.meeting = meetings[key]
        decision.save(update_fields=["kind", "meeting"])
    for row in HistoricalDecision.objects.all():
        row.kind = KINDS.get(row.source, "approval")
        if row.kind == "meeting":
            meeting = meetings.get((row.body_id, row.decided_on))
            row.meeting_id = meeting.pk if meeting else None
        row.save(update_fields=["kind", "meeting"])


def kinds_to_sources(apps, schema_editor):
    back = {value: key for key, value in KINDS.items()}
    for name in ("Decision", "HistoricalDecision"):
        Model = apps.get_model("dialog", name)
        for row in Model.objects.all():
            row.source = back.get(row.kind, "approval")
            row.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0012_dashboard"),
        ("roles", "0003_role_split"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="delegation_quote",
            field=models.TextField(
                blank=True,
                help_text="The point of the delegation order the decision was taken under, quoted.",
                verbose_name="delegation point",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="informed_occasion",
            field=models.CharField(
                blank=True,
                help_text="The meeting or occasion where the politicians were informed.",
                max_length=300,
                verbose_name="where the politicians were informed",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="kind",
            field=models.CharField(
                choices=[
                    ("meeting", "Decided by the body at a meeting"),
                    ("delegation", "Decided by delegation"),
                    ("urgent", "Urgent decision by the chair"),
                    ("stance", "The politicians' stance, noted by the responsible official"),
                    ("presentation", "Presented to the presidium"),
                    (
                        "approval",
                        "Approved in Delaktig by one politician, before the decision forms",
                    ),
                ],
                default="approval",
                max_length=20,
                verbose_name="decision form",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="decision",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="roles.meeting",
                verbose_name="meeting",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="reported_meeting",
            field=models.ForeignKey(
                blank=True,
                help_text="The meeting where the decision was reported to the body (anmälan).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reported_decisions",
                to="roles.meeting",
                verbose_name="reported at meeting",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="reported_paragraph",
            field=models.CharField(
                blank=True, max_length=20, verbose_name="reported under paragraph (§)"
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="urgency_reason",
            field=models.TextField(
                blank=True,
                help_text="Why the matter could not wait for the body's next meeting.",
                verbose_name="why it could not wait",
            ),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="delegation_quote",
            field=models.TextField(
                blank=True,
                help_text="The point of the delegation order the decision was taken under, quoted.",
                verbose_name="delegation point",
            ),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="informed_occasion",
            field=models.CharField(
                blank=True,
                help_text="The meeting or occasion where the politicians were informed.",
                max_length=300,
                verbose_name="where the politicians were informed",
            ),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="kind",
            field=models.CharField(
                choices=[
                    ("meeting", "Decided by the body at a meeting"),
                    ("delegation", "Decided by delegation"),
                    ("urgent", "Urgent decision by the chair"),
                    ("stance", "The politicians' stance, noted by the responsible official"),
                    ("presentation", "Presented to the presidium"),
                    (
                        "approval",
                        "Approved in Delaktig by one politician, before the decision forms",
                    ),
                ],
                default="approval",
                max_length=20,
                verbose_name="decision form",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="roles.meeting",
                verbose_name="meeting",
            ),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="reported_meeting",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The meeting where the decision was reported to the body (anmälan).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="roles.meeting",
                verbose_name="reported at meeting",
            ),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="reported_paragraph",
            field=models.CharField(
                blank=True, max_length=20, verbose_name="reported under paragraph (§)"
            ),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="urgency_reason",
            field=models.TextField(
                blank=True,
                help_text="Why the matter could not wait for the body's next meeting.",
                verbose_name="why it could not wait",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("approved", "Approved"),
                    ("rejected", "Rejected"),
                    ("returned", "Returned for revision"),
                    ("tabled", "Tabled"),
                ],
                max_length=20,
                verbose_name="outcome",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldecision",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("approved", "Approved"),
                    ("rejected", "Rejected"),
                    ("returned", "Returned for revision"),
                    ("tabled", "Tabled"),
                ],
                max_length=20,
                verbose_name="outcome",
            ),
        ),
        migrations.RunPython(sources_to_kinds, kinds_to_sources),
        # A default before the removal, so that migrating back re-adds the column to rows.
        *(
            migrations.AlterField(
                model_name=name,
                name="source",
                field=models.CharField(
                    choices=SOURCES, default="approval", max_length=20, verbose_name="recorded as"
                ),
            )
            for name in ("decision", "historicaldecision")
        ),
        migrations.RemoveField(
            model_name="decision",
            name="source",
        ),
        migrations.RemoveField(
            model_name="historicaldecision",
            name="source",
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("meeting__isnull", False)),
                fields=("meeting", "paragraph"),
                name="decision_paragraph_unique_per_meeting",
            ),
        ),
    ]

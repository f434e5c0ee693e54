# Issue 12 (delegation): each body's delegation order and its points; the policy profile says
# which points may be decided by delegation, whether officials may be delegates, and who decides
# a user dialogue. The five presets' existing profiles get their statements (governance.profiles,
# copied here as they were when written), so that loading a preset again changes nothing.
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import governance.models.policy_profile

PRESET_VALUES = {
    "sandviken": (["mandate", "launch"], False),
    "solna": ([], True),
    "haninge": (["mandate", "launch"], False),
    "forshaga": (["mandate", "launch"], False),
    "hagfors": ([], False),
}


def set_preset_values(apps, schema_editor):
    PolicyProfile = apps.get_model("governance", "PolicyProfile")
    for key, (points, officials) in PRESET_VALUES.items():
        PolicyProfile.objects.filter(key=key).update(
            delegable_points=points,
            delegation_to_officials=officials,
            user_dialogue_decided_by="administration",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0005_search_vector"),
        ("roles", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpolicyprofile",
            name="delegable_points",
            field=models.JSONField(
                blank=True,
                default=governance.models.policy_profile.default_delegable_points,
                help_text="The points a body's delegation order may delegate under this policy. The final decision and the council's decisions can never be delegated.",
                verbose_name="decision points that may be decided by delegation",
            ),
        ),
        migrations.AddField(
            model_name="historicalpolicyprofile",
            name="delegation_to_officials",
            field=models.BooleanField(
                default=True,
                help_text="Off where the policy says the politicians always decide: only the presidium, the chair or a sub-committee may then decide by delegation.",
                verbose_name="points may be delegated to officials",
            ),
        ),
        migrations.AddField(
            model_name="historicalpolicyprofile",
            name="user_dialogue_decided_by",
            field=models.CharField(
                choices=[
                    (
                        "administration",
                        "Within the administration that owns it (its head, or a delegate)",
                    ),
                    ("political_body", "By a political body, as a citizen dialogue"),
                ],
                default="administration",
                max_length=20,
                verbose_name="who decides a user dialogue",
            ),
        ),
        migrations.AddField(
            model_name="policyprofile",
            name="delegable_points",
            field=models.JSONField(
                blank=True,
                default=governance.models.policy_profile.default_delegable_points,
                help_text="The points a body's delegation order may delegate under this policy. The final decision and the council's decisions can never be delegated.",
                verbose_name="decision points that may be decided by delegation",
            ),
        ),
        migrations.AddField(
            model_name="policyprofile",
            name="delegation_to_officials",
            field=models.BooleanField(
                default=True,
                help_text="Off where the policy says the politicians always decide: only the presidium, the chair or a sub-committee may then decide by delegation.",
                verbose_name="points may be delegated to officials",
            ),
        ),
        migrations.AddField(
            model_name="policyprofile",
            name="user_dialogue_decided_by",
            field=models.CharField(
                choices=[
                    (
                        "administration",
                        "Within the administration that owns it (its head, or a delegate)",
                    ),
                    ("political_body", "By a political body, as a citizen dialogue"),
                ],
                default="administration",
                max_length=20,
                verbose_name="who decides a user dialogue",
            ),
        ),
        migrations.CreateModel(
            name="DelegationOrder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "chair_decides_urgent_matters",
                    models.BooleanField(
                        default=True,
                        help_text="Kommunallagen 6 kap 39 §: the chair decides matters so urgent that the body's meeting cannot be awaited; the vice chair while the chair is marked absent. Reported at the next meeting.",
                        verbose_name="the chair may decide urgent matters",
                    ),
                ),
                (
                    "body",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="delegation_order",
                        to="roles.body",
                        verbose_name="body",
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        help_text="The body's adopted Delegationsordning. An administration's further delegation from its head (kommunallagen 7 kap 6 §) may have none.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="delegation_orders",
                        to="governance.steeringdocument",
                        verbose_name="delegation order in the register",
                    ),
                ),
            ],
            options={
                "verbose_name": "delegation order",
                "verbose_name_plural": "delegation orders",
                "ordering": ["body__name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalDelegationOrder",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "chair_decides_urgent_matters",
                    models.BooleanField(
                        default=True,
                        help_text="Kommunallagen 6 kap 39 §: the chair decides matters so urgent that the body's meeting cannot be awaited; the vice chair while the chair is marked absent. Reported at the next meeting.",
                        verbose_name="the chair may decide urgent matters",
                    ),
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
                    "body",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="roles.body",
                        verbose_name="body",
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The body's adopted Delegationsordning. An administration's further delegation from its head (kommunallagen 7 kap 6 §) may have none.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.steeringdocument",
                        verbose_name="delegation order in the register",
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
                "verbose_name": "historical delegation order",
                "verbose_name_plural": "historical delegation orders",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDelegationPoint",
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
                    "delegate",
                    models.CharField(
                        choices=[
                            ("presidium", "The body's presidium"),
                            ("chair", "The chair"),
                            ("utskott", "A sub-committee (utskott) of the body"),
                            ("role", "A named role in an administration"),
                        ],
                        max_length=20,
                        verbose_name="delegate",
                    ),
                ),
                (
                    "delegate_role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("forvaltningschef", "Head of administration"),
                            ("tjansteperson", "Official"),
                        ],
                        max_length=20,
                        verbose_name="delegate role",
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        help_text="The point's number in the order, e.g. 3.2.",
                        max_length=20,
                        verbose_name="reference",
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="As the order words it.", verbose_name="text of the point"
                    ),
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
                    "delegate_body",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The presidium or sub-committee that decides; for a named role, the administration where the role is held.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="roles.body",
                        verbose_name="delegate body",
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
                    "order",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.delegationorder",
                        verbose_name="delegation order",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical delegation point",
                "verbose_name_plural": "historical delegation points",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="DelegationPoint",
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
                    "delegate",
                    models.CharField(
                        choices=[
                            ("presidium", "The body's presidium"),
                            ("chair", "The chair"),
                            ("utskott", "A sub-committee (utskott) of the body"),
                            ("role", "A named role in an administration"),
                        ],
                        max_length=20,
                        verbose_name="delegate",
                    ),
                ),
                (
                    "delegate_role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("forvaltningschef", "Head of administration"),
                            ("tjansteperson", "Official"),
                        ],
                        max_length=20,
                        verbose_name="delegate role",
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        help_text="The point's number in the order, e.g. 3.2.",
                        max_length=20,
                        verbose_name="reference",
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="As the order words it.", verbose_name="text of the point"
                    ),
                ),
                (
                    "delegate_body",
                    models.ForeignKey(
                        blank=True,
                        help_text="The presidium or sub-committee that decides; for a named role, the administration where the role is held.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="delegated_points",
                        to="roles.body",
                        verbose_name="delegate body",
                    ),
                ),
                (
                    "order",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="points",
                        to="governance.delegationorder",
                        verbose_name="delegation order",
                    ),
                ),
            ],
            options={
                "verbose_name": "delegation point",
                "verbose_name_plural": "delegation points",
                "ordering": ["order", "reference", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("order", "point"), name="delegation_point_once")
                ],
            },
        ),
        migrations.RunPython(set_preset_values, migrations.RunPython.noop),
    ]

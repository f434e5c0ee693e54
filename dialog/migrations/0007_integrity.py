import django.utils.timezone
from django.db import migrations, models

# Items (issue 8): every editable record carries a version, the time of its last save. Rows
# that exist already get the migration's time.
ITEMS = [
    "actionitem",
    "activity",
    "communicationitem",
    "inputitem",
    "planneddecisionpoint",
    "proposalpoint",
    "theme",
]


def _versions():
    for name in ITEMS:
        yield migrations.AddField(
            model_name=name,
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        )
        yield migrations.AddField(
            model_name=f"historical{name}",
            name="updated_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="updated",
            ),
            preserve_default=False,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0006_results_forwarding_handled"),
    ]

    operations = [
        # A decision point is approved or rejected once per dialogue (returns may repeat).
        migrations.RemoveConstraint(
            model_name="decision",
            name="decision_one_approval_per_point",
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("outcome__in", ["approved", "rejected"])),
                fields=("dialogue", "point"),
                name="decision_one_approval_per_point",
            ),
        ),
        *_versions(),
    ]

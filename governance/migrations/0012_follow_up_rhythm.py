"""PolicyProfile.follow_up_interval_months split in two (issue 16): the follow-up rhythm of the
dialogue work (months: 6, 12 or 48) and the policy's own review interval (months, empty when the
policy sets none).

The old field mixed them: Solna's and Hagfors' 12 is the rhythm of the dialogue work, Haninge's
48 its policy review once per term. A value above 12 becomes the review interval and the rhythm
goes back to yearly; Haninge and Hagfors review their policy per term whatever was stored (as
their presets now say), so `load_profile` finds them unchanged.
"""

from django.db import migrations, models

RHYTHMS = [
    (6, "Twice a year: the interim report (January to August) and the annual report"),
    (12, "Yearly, in the annual report"),
    (48, "Once per term of office"),
]
PER_TERM = {"haninge", "hagfors"}  # seeds 002 and 004: the policy reviewed once per term


def split(apps, schema_editor):
    PolicyProfile = apps.get_model("governance", "PolicyProfile")
    for profile in PolicyProfile.objects.all():
        old = profile.follow_up_rhythm_months
        review = None
        if old not in (6, 12):
            review, profile.follow_up_rhythm_months = (old if old > 12 else None), 12
        if profile.key in PER_TERM:
            review = 48
        profile.policy_review_interval_months = review
        profile.save(update_fields=["follow_up_rhythm_months", "policy_review_interval_months"])


def join(apps, schema_editor):
    PolicyProfile = apps.get_model("governance", "PolicyProfile")
    for profile in PolicyProfile.objects.all():
        if profile.policy_review_interval_months and profile.key == "haninge":
            profile.follow_up_rhythm_months = profile.policy_review_interval_months
            profile.save(update_fields=["follow_up_rhythm_months"])


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0011_document_types"),
    ]

    operations = [
        migrations.RenameField(
            model_name="policyprofile",
            old_name="follow_up_interval_months",
            new_name="follow_up_rhythm_months",
        ),
        migrations.RenameField(
            model_name="historicalpolicyprofile",
            old_name="follow_up_interval_months",
            new_name="follow_up_rhythm_months",
        ),
        migrations.AddField(
            model_name="policyprofile",
            name="policy_review_interval_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Empty when the policy sets no interval (48: once per term of office).",
                null=True,
                verbose_name="the policy is reviewed every (months)",
            ),
        ),
        migrations.AddField(
            model_name="historicalpolicyprofile",
            name="policy_review_interval_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Empty when the policy sets no interval (48: once per term of office).",
                null=True,
                verbose_name="the policy is reviewed every (months)",
            ),
        ),
        migrations.AlterField(
            model_name="policyprofile",
            name="follow_up_rhythm_months",
            field=models.PositiveSmallIntegerField(
                choices=RHYTHMS,
                default=12,
                help_text=(
                    "6: in the interim report (January to August) and the annual report; "
                    "12: yearly; 48: once per term of office."
                ),
                verbose_name="follow-up of dialogue work every (months)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalpolicyprofile",
            name="follow_up_rhythm_months",
            field=models.PositiveSmallIntegerField(
                choices=RHYTHMS,
                default=12,
                help_text=(
                    "6: in the interim report (January to August) and the annual report; "
                    "12: yearly; 48: once per term of office."
                ),
                verbose_name="follow-up of dialogue work every (months)",
            ),
        ),
        migrations.RunPython(split, join),
    ]

# Notifications (issue 13): residents' addresses for the feedback, officials following dialogues.
# Written from makemigrations' output, with only this slot's models.

import uuid

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0002_online_views"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DialogueFollow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("following", models.BooleanField(default=True, verbose_name="following")),
                ("by_default", models.BooleanField(default=False, editable=False)),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="since"
                    ),
                ),
                ("pending_since", models.DateTimeField(blank=True, editable=False, null=True)),
                ("last_notified_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "dialogue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="follows",
                        to="dialog.dialogue",
                        verbose_name="dialogue",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dialogue_follows",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="official",
                    ),
                ),
            ],
            options={
                "verbose_name": "follower of a dialogue",
                "verbose_name_plural": "followers of dialogues",
                "indexes": [models.Index(fields=["pending_since"], name="follow_pending_since")],
                "constraints": [
                    models.UniqueConstraint(fields=("dialogue", "user"), name="one_follow_per_user")
                ],
            },
        ),
        migrations.CreateModel(
            name="FeedbackSubscription",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="e-mail address")),
                ("token", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="left at"
                    ),
                ),
                (
                    "sent_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="feedback sent at"
                    ),
                ),
                (
                    "dialogue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="feedback_subscriptions",
                        to="dialog.dialogue",
                        verbose_name="dialogue",
                    ),
                ),
            ],
            options={
                "verbose_name": "address for the feedback",
                "verbose_name_plural": "addresses for the feedback",
                "indexes": [models.Index(fields=["sent_at"], name="feedback_sub_sent_at")],
                "constraints": [
                    models.UniqueConstraint(
                        models.F("dialogue"),
                        django.db.models.functions.text.Lower("email"),
                        name="one_feedback_subscription_per_address",
                    )
                ],
            },
        ),
    ]

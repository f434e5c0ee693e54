# The justerat protokollsutdrag uploaded to a decision (issue 12): versioned, with its checksum.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import reports.models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_runtime"),
        ("dialog", "0017_diarium"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProtocolExtract",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField(verbose_name="version")),
                (
                    "file",
                    models.FileField(
                        max_length=300,
                        upload_to=reports.models.protocol_extract_path,
                        verbose_name="file",
                    ),
                ),
                (
                    "original_name",
                    models.CharField(
                        blank=True, max_length=255, verbose_name="file name as uploaded"
                    ),
                ),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256 checksum")),
                ("size", models.PositiveBigIntegerField(verbose_name="size in bytes")),
                (
                    "uploaded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="protocol_extracts",
                        to="dialog.decision",
                        verbose_name="decision",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "extract from the minutes (justerat protokollsutdrag)",
                "verbose_name_plural": "extracts from the minutes (justerade protokollsutdrag)",
                "ordering": ["decision", "-version"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("decision", "version"), name="protocol_extract_unique_version"
                    )
                ],
            },
        ),
    ]

"""Reach recorded per activity (issue 16): each row's `updated_at`, the version the reach form
carries."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('dialog', '0025_checklists'),
    ]

    operations = [
        migrations.AddField(
            model_name='activityreach',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name='updated'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalactivityreach',
            name='updated_at',
            field=models.DateTimeField(blank=True, default=django.utils.timezone.now, editable=False, verbose_name='updated'),
            preserve_default=False,
        ),
    ]

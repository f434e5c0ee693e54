from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0007_integrity"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="cancel_reason",
            field=models.TextField(
                blank=True,
                help_text="Needed when the activity is cancelled.",
                verbose_name="reason for cancelling the activity",
            ),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="cancel_reason",
            field=models.TextField(
                blank=True,
                help_text="Needed when the activity is cancelled.",
                verbose_name="reason for cancelling the activity",
            ),
        ),
    ]

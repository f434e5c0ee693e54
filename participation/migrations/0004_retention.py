"""An empty slot in a fixed chain, kept so that parallel work does not branch the graph."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('participation', '0003_feedback_subscriptions'),
        ('dialog', '0028_retention'),
    ]

    operations = []

"""An empty slot in a fixed chain, kept so that parallel work does not branch the graph."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('dialog', '0024_goals'),
        ('governance', '0013_scale'),
    ]

    operations = []

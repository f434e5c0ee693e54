"""An empty slot in a fixed chain, kept so that parallel work does not branch the graph."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('governance', '0009_goals'),
        ('roles', '0006_bolag'),
    ]

    operations = []

"""An empty slot in a fixed chain, kept so that parallel work does not branch the graph."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('governance', '0012_follow_up_rhythm'),
    ]

    operations = []

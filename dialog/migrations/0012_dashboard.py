from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0011_scale_indexes"),
    ]

    operations = []

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0007_integrity"),
    ]

    operations = []

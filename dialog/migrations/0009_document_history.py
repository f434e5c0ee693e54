from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0008_process_dates"),
    ]

    operations = []

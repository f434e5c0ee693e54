from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0006_results_forwarding_handled"),
    ]

    operations = []

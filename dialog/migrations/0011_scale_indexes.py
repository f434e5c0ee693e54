from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0010_step_invariants"),
    ]

    operations = []

# Slot reserved for the register search at scale (issue 11); filled in by that work.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("governance", "0007_scale_search")]

    operations = []

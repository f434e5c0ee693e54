# Slot reserved for online views (issue 13); filled in by that work.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dialog", "0020_scale_import")]

    operations = []

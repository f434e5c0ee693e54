# Slot reserved for withdrawn records (issue 15); filled in by that work.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dialog", "0021_web_form_inputs")]

    operations = []

# Slot reserved for online views (issue 13); filled in by that work.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial"), ("dialog", "0021_web_form_inputs")]

    operations = []

# Slot reserved for notifications (issue 13); filled in by that work.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("participation", "0002_online_views")]

    operations = []

# A slot kept for one piece of work; filled by hand.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("roles", "0004_delegation")]

    operations = []

# A slot kept for one piece of work; filled by hand.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dialog", "0019_scale_dialogue_page")]

    operations = []

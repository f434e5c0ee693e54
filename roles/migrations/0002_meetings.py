# The clerk's role splits in two (issue 12): the committee secretary (nämndsekreterare) keeps
# every right the clerk had; registering cases moves to the registrar (registrator). So that no
# one loses a right, each former clerk membership becomes a secretary's and gets a registrar twin.
# (This slot was named for meetings; the meetings' tables come in 0004.)
from django.db import migrations, models


def split_clerks(apps, schema_editor):
    Membership = apps.get_model("roles", "Membership")
    for old in Membership.objects.filter(role="registrator"):
        Membership.objects.create(
            person_id=old.person_id,
            body_id=old.body_id,
            role="namndsekreterare",
            valid_from=old.valid_from,
            valid_to=old.valid_to,
        )


def join_clerks(apps, schema_editor):
    Membership = apps.get_model("roles", "Membership")
    Membership.objects.filter(role="namndsekreterare").delete()


ROLES = [
    ("ordforande", "Chair"),
    ("vice_ordforande", "Vice chair"),
    ("ledamot", "Member"),
    ("ersattare", "Deputy member"),
    ("forvaltningschef", "Head of administration"),
    ("tjansteperson", "Official"),
    ("namndsekreterare", "Committee secretary"),
    ("registrator", "Registrar"),
]


class Migration(migrations.Migration):
    dependencies = [("roles", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(choices=ROLES, max_length=20, verbose_name="role"),
        ),
        migrations.AlterField(
            model_name="historicalmembership",
            name="role",
            field=models.CharField(choices=ROLES, max_length=20, verbose_name="role"),
        ),
        migrations.RunPython(split_clerks, join_clerks),
    ]

# A decision point on a meeting's agenda (issue 12).
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("dialog", "0013_decision_kinds"), ("roles", "0003_role_split")]

    operations = [
        migrations.CreateModel(
            name="AgendaItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "point",
                    models.CharField(
                        choices=[
                            ("mandate", "Mandate"),
                            ("launch", "Launch"),
                            ("final", "Final decision"),
                        ],
                        max_length=20,
                        verbose_name="decision point",
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="number on the agenda")),
            ],
            options={
                "verbose_name": "agenda item",
                "verbose_name_plural": "agenda items",
                "ordering": ["meeting", "number", "pk"],
            },
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="dialogue",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agenda_items",
                to="dialog.dialogue",
                verbose_name="dialogue",
            ),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="agenda_items",
                to="roles.meeting",
                verbose_name="meeting",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(
                fields=("meeting", "dialogue", "point"), name="agenda_point_once_per_meeting"
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(
                fields=("meeting", "number"), name="agenda_number_unique"
            ),
        ),
    ]

"""A dialogue's answers to its policy profile's checklists (issue 16: Solna's bilaga 1)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('dialog', '0024_goals'),
        ('governance', '0013_scale'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalChecklistAnswer',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('ticked', models.BooleanField(default=False, verbose_name='done')),
                ('answer', models.TextField(blank=True, verbose_name='answer')),
                ('answered_at', models.DateTimeField(verbose_name='answered')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('answered_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                ('dialogue', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dialog.dialogue', verbose_name='dialogue')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('item', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='governance.checklistitem', verbose_name='checklist item')),
            ],
            options={
                'verbose_name': 'historical checklist answer',
                'verbose_name_plural': 'historical checklist answers',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ChecklistAnswer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ticked', models.BooleanField(default=False, verbose_name='done')),
                ('answer', models.TextField(blank=True, verbose_name='answer')),
                ('answered_at', models.DateTimeField(verbose_name='answered')),
                ('answered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='checklist_answers', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                ('dialogue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checklist_answers', to='dialog.dialogue', verbose_name='dialogue')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='answers', to='governance.checklistitem', verbose_name='checklist item')),
            ],
            options={
                'verbose_name': 'checklist answer',
                'verbose_name_plural': 'checklist answers',
                'ordering': ['dialogue', 'item__checklist__position', 'item__position', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('dialogue', 'item'), name='checklist_answer_once')],
            },
        ),
    ]

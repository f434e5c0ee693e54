"""Checklists of a policy profile and their items (issue 16: Solna's bilaga 1); the Solna
profile, where it is already loaded, gets its checklists."""

import django.db.models.deletion
from django.db import migrations, models


def fill_existing_profiles(apps, schema_editor):
    from governance.checklists import fill

    Checklist = apps.get_model("governance", "Checklist")
    ChecklistItem = apps.get_model("governance", "ChecklistItem")
    for profile in apps.get_model("governance", "PolicyProfile").objects.all():
        fill(profile, Checklist, ChecklistItem)


class Migration(migrations.Migration):
    dependencies = [
        ('governance', '0009_goals'),
        ('roles', '0006_bolag'),
    ]

    operations = [
        migrations.CreateModel(
            name='Checklist',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(help_text='Stable name within the profile.', max_length=60, verbose_name='key')),
                ('step', models.CharField(choices=[('initiative_mandate', 'Initiative and mandate'), ('planning', 'Planning'), ('execution', 'Execution'), ('compilation', 'Compilation'), ('feedback', 'Feedback'), ('processing', 'Processing'), ('decision_followup', 'Decision and action plan')], max_length=30, verbose_name='step')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('source', models.CharField(blank=True, help_text='Where in the policy it comes from.', max_length=300, verbose_name='source')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checklists', to='governance.policyprofile', verbose_name='policy profile')),
            ],
            options={
                'verbose_name': 'checklist',
                'verbose_name_plural': 'checklists',
                'ordering': ['profile', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ChecklistItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(max_length=60, verbose_name='key')),
                ('text', models.TextField(verbose_name='text')),
                ('kind', models.CharField(choices=[('tick', 'Ticked when done'), ('answer', 'Answered in words')], default='tick', max_length=10, verbose_name='kind')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('source', models.CharField(blank=True, max_length=300, verbose_name='source')),
                ('checklist', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='governance.checklist', verbose_name='checklist')),
            ],
            options={
                'verbose_name': 'checklist item',
                'verbose_name_plural': 'checklist items',
                'ordering': ['checklist', 'position', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='checklist',
            constraint=models.UniqueConstraint(fields=('profile', 'key'), name='checklist_key_per_profile'),
        ),
        migrations.AddConstraint(
            model_name='checklistitem',
            constraint=models.UniqueConstraint(fields=('checklist', 'key'), name='checklist_item_key_once'),
        ),
        migrations.RunPython(fill_existing_profiles, migrations.RunPython.noop),
    ]

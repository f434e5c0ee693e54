"""The e-archive package of a closed case (issue 15, item 5)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import reports.models


class Migration(migrations.Migration):
    dependencies = [
        ('reports', '0005_scale'),
        ('dialog', '0028_retention'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ArchivePackage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='package name')),
                ('case_number', models.CharField(max_length=40, verbose_name='case number')),
                ('file', models.FileField(max_length=300, upload_to=reports.models.archive_package_path, verbose_name='file (zip)')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256 checksum of the zip')),
                ('size', models.PositiveBigIntegerField(verbose_name='size in bytes')),
                ('manifest_sha256', models.CharField(max_length=64, verbose_name='SHA-256 checksum of the manifest')),
                ('document_count', models.PositiveIntegerField(verbose_name='documents')),
                ('created_at', models.DateTimeField(verbose_name='exported at')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='exported by')),
                ('dialogue', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='archive_packages', to='dialog.dialogue', verbose_name='dialogue')),
            ],
            options={
                'verbose_name': 'e-archive package',
                'verbose_name_plural': 'e-archive packages',
                'ordering': ['-created_at', '-pk'],
            },
        ),
    ]

"""Saved searches keep their filters (existing ones get none, as before); corrections (Berichtigungen) of
approved minutes are kept as rows of their own next to the approved original (issue 13)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0009_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="savedsearch",
            name="filters",
            field=models.JSONField(blank=True, default=dict, verbose_name="Filter"),
        ),
        migrations.AlterField(
            model_name="savedsearch",
            name="query",
            field=models.CharField(blank=True, max_length=200, verbose_name="Suchbegriff"),
        ),
        migrations.CreateModel(
            name="MinutesCorrection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField(verbose_name="Grund der Berichtigung")),
                ("text_public", models.TextField(verbose_name="Niederschrift, öffentlicher Teil (berichtigt)")),
                (
                    "text_internal",
                    models.TextField(blank=True, verbose_name="Niederschrift, nicht öffentlicher Teil (berichtigt)"),
                ),
                ("corrected_at", models.DateTimeField(verbose_name="berichtigt am")),
                (
                    "corrected_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "full_file",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="council.file",
                    ),
                ),
                (
                    "minutes",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="corrections", to="council.minutes"
                    ),
                ),
                (
                    "public_file",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="council.file",
                    ),
                ),
                (
                    "replaced_public_file",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="council.file",
                    ),
                ),
            ],
            options={
                "verbose_name": "Berichtigung der Niederschrift",
                "verbose_name_plural": "Berichtigungen der Niederschrift",
                "ordering": ["corrected_at", "pk"],
            },
        ),
    ]

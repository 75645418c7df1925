"""Briefing kits for reporters, propagandists and public-opinion collaborators."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0005_media_library"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations: list[migrations.operations.base.Operation] = [
        migrations.CreateModel(
            name="BriefingKit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "group",
                    models.CharField(
                        choices=[
                            ("reporters", "Reporters"),
                            ("propagandists", "Propagandists"),
                            ("collaborators", "Public-opinion collaborators"),
                        ],
                        max_length=20,
                        verbose_name="intended for",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="briefing_kits",
                        to="content.contentitem",
                        verbose_name="content item",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="updated by",
                    ),
                ),
                (
                    "variant",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="briefing_kits",
                        to="content.contentvariant",
                        verbose_name="audience variant",
                    ),
                ),
            ],
            options={
                "verbose_name": "briefing kit",
                "verbose_name_plural": "briefing kits",
                "ordering": ["item", "group", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("version__gte", 1)), name="briefing_kit_version_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("title", ""), _negated=True), name="briefing_kit_title_not_empty"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="KitQuestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                ("question", models.TextField(verbose_name="question")),
                ("answer", models.TextField(verbose_name="answer")),
                (
                    "kit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="questions",
                        to="content.briefingkit",
                        verbose_name="briefing kit",
                    ),
                ),
            ],
            options={
                "verbose_name": "question and answer",
                "verbose_name_plural": "questions and answers",
                "ordering": ["kit", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("kit", "position"), name="kit_question_position_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="KitTalkingPoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                ("text", models.TextField(verbose_name="talking point")),
                (
                    "kit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="points",
                        to="content.briefingkit",
                        verbose_name="briefing kit",
                    ),
                ),
            ],
            options={
                "verbose_name": "talking point",
                "verbose_name_plural": "talking points",
                "ordering": ["kit", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("kit", "position"), name="kit_point_position_unique")
                ],
            },
        ),
    ]

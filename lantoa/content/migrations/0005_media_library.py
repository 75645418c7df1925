"""The media library: images, audio, video links and documents, de-duplicated by content hash."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import lantoa.content.media_models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_search"),
        ("org", "0002_audience_english"),
        ("plans", "0002_english_text"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MediaAsset",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("image", "Image"),
                            ("audio", "Audio"),
                            ("video", "Video link"),
                            ("document", "Document"),
                        ],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("title_en", models.CharField(blank=True, max_length=300, verbose_name="title in English")),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=300,
                        upload_to=lantoa.content.media_models._media_path,
                        verbose_name="file",
                    ),
                ),
                ("original_name", models.CharField(blank=True, max_length=200, verbose_name="file name")),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="address")),
                ("alt_text", models.CharField(blank=True, max_length=500, verbose_name="alternative text")),
                (
                    "alt_text_en",
                    models.CharField(blank=True, max_length=500, verbose_name="alternative text in English"),
                ),
                (
                    "sha256",
                    models.CharField(blank=True, editable=False, max_length=64, verbose_name="SHA-256"),
                ),
                ("size", models.PositiveBigIntegerField(default=0, editable=False, verbose_name="size")),
                (
                    "content_type",
                    models.CharField(blank=True, editable=False, max_length=100, verbose_name="content type"),
                ),
                (
                    "width",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="width"),
                ),
                (
                    "height",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="height"),
                ),
                (
                    "duration_seconds",
                    models.FloatField(
                        blank=True, editable=False, null=True, verbose_name="duration (seconds)"
                    ),
                ),
                (
                    "thumbnail",
                    models.FileField(
                        blank=True,
                        max_length=300,
                        upload_to=lantoa.content.media_models._thumbnail_path,
                        verbose_name="thumbnail",
                    ),
                ),
                ("tags", models.CharField(blank=True, max_length=300, verbose_name="tags")),
                ("search_text", models.TextField(blank=True, editable=False)),
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
                    "owner_unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="media_assets",
                        to="org.unit",
                        verbose_name="owner unit",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="media_assets",
                        to="plans.theme",
                        verbose_name="theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "media asset",
                "verbose_name_plural": "media assets",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["kind", "-created_at"], name="media_asset_kind_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("sha256", ""), _negated=True),
                        fields=("sha256",),
                        name="media_asset_sha256_unique",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("version__gte", 1)), name="media_asset_version_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "video"), models.Q(("url", ""), _negated=True), ("file", "")),
                            models.Q(
                                models.Q(("kind", "video"), _negated=True),
                                models.Q(("file", ""), _negated=True),
                                models.Q(("sha256", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="media_asset_file_or_link",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "image"), _negated=True),
                            models.Q(("alt_text", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="media_asset_image_alt",
                    ),
                ],
            },
        ),
    ]

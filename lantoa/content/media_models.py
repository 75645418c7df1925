"""The media library: images, audio, video links and documents kept once for the whole campaign.

A file is kept once: `sha256` is the hash of its bytes and is unique among assets with a file, so the
same bytes uploaded twice are the same asset (see `media_services.media_upload`). Its type is the one
its bytes show (`media_files.inspect`), never the one its name claims. A video is a link (`url`), not a
file. Images carry a thumbnail (WebP, at most `THUMBNAIL_WIDTH` pixels wide) and their alt text.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _media_path(instance: "MediaAsset", filename: str) -> str:
    # Named by the hash, not by the uploader's name: no personal or misleading name reaches the disk.
    now = timezone.now()
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"media/{now:%Y}/{now:%m}/{instance.sha256[:32]}.{extension}"


def _thumbnail_path(instance: "MediaAsset", filename: str) -> str:
    now = timezone.now()
    return f"media/{now:%Y}/{now:%m}/{instance.sha256[:32]}-thumb.webp"


class MediaAsset(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video link")
        DOCUMENT = "document", _("Document")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=_media_path, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    alt_text = models.CharField(_("alternative text"), max_length=500, blank=True)
    alt_text_en = models.CharField(_("alternative text in English"), max_length=500, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True, editable=False)
    thumbnail = models.FileField(_("thumbnail"), upload_to=_thumbnail_path, max_length=300, blank=True)
    theme = models.ForeignKey(
        "plans.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_assets",
    )
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    owner_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="media_assets",
    )
    search_text = models.TextField(editable=False, blank=True)  # folded title, alt text, tags and name
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("media asset")
        verbose_name_plural = _("media assets")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"], condition=~models.Q(sha256=""), name="media_asset_sha256_unique"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="media_asset_version_positive"),
            models.CheckConstraint(
                condition=(models.Q(kind="video") & ~models.Q(url="") & models.Q(file=""))
                | (~models.Q(kind="video") & ~models.Q(file="") & ~models.Q(sha256="")),
                name="media_asset_file_or_link",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="image") | ~models.Q(alt_text=""), name="media_asset_image_alt"
            ),
        ]
        indexes = [models.Index(fields=["kind", "-created_at"], name="media_asset_kind_idx")]

    def __str__(self) -> str:
        return self.title

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE

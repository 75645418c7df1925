"""Content hub data: the glossary of campaign jargon, and content items with their audience variants,
versions and comments (the approval workflow is in `services`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .glossary import Term, folded_key


class GlossaryTerm(models.Model):
    """A campaign term ("chuyển đổi số") with a plain explanation an editor can offer readers.

    `folded` is the term without diacritics or case ("chuyen doi so"): terms are matched in
    texts and kept unique by it, so "Chuyển đổi số" and "chuyển đổi số" are one term.
    """

    term = models.CharField(_("term"), max_length=120)
    folded = models.CharField(_("term for matching"), max_length=120, unique=True, editable=False)
    explanation = models.TextField(_("plain explanation"))
    example = models.TextField(_("example"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["folded"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(folded=""), name="glossary_term_not_empty"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="glossary_term_version_positive"),
        ]

    def __str__(self) -> str:
        return self.term

    def save(self, *args: object, **kwargs: object) -> None:
        self.folded = folded_key(self.term)
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # Django's save takes its own keywords

    def as_term(self) -> Term:
        return Term(term=self.term, explanation=self.explanation, example=self.example)


class ContentItem(models.Model):
    """A piece of campaign content on a theme, written once and adapted per audience (`variants`).

    `body` is sanitised HTML (see `sanitise.html`). `state` moves only through the services'
    transitions; only an approved item may be published, and a published item leaves the
    building at `published_at` (its scheduled time, or the moment it was published).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    theme = models.ForeignKey(
        "plans.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="content_items",
    )
    title = models.CharField(_("title"), max_length=300)
    key_message = models.TextField(_("key message"), blank=True)
    body = models.TextField(_("body"), blank=True)
    sources = models.TextField(_("sources"), blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    owner_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="content_items",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    scheduled_at = models.DateTimeField(_("scheduled publication"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    search_text = models.TextField(
        editable=False, blank=True
    )  # folded text of the item and its variants (search.py)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(version__gte=1), name="content_item_version_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class ContentVariant(models.Model):
    """An item rewritten for one audience: its own title, plain-text body and call to action.

    The readability result of the body against the audience's target is cached on save.
    """

    item = models.ForeignKey(
        ContentItem, verbose_name=_("content item"), on_delete=models.CASCADE, related_name="variants"
    )
    audience = models.ForeignKey(
        "org.Audience", verbose_name=_("audience"), on_delete=models.PROTECT, related_name="content_variants"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"))
    call_to_action = models.CharField(_("call to action"), max_length=300, blank=True)
    readability_grade = models.FloatField(_("readability grade"), null=True, editable=False)
    readability_target = models.FloatField(_("target grade"), null=True, editable=False)
    meets_target = models.BooleanField(_("meets the target"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("audience variant")
        verbose_name_plural = _("audience variants")
        ordering = ["audience__sort_order", "audience__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "audience"], name="content_variant_one_per_audience"),
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.audience}"


class ContentVersion(models.Model):
    """What an item and its variants held after one save (`number` is the item's version then)."""

    item = models.ForeignKey(
        ContentItem, verbose_name=_("content item"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_label = models.CharField(_("author"), max_length=200)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="content_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"


class ContentComment(models.Model):
    item = models.ForeignKey(
        ContentItem, verbose_name=_("content item"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_label = models.CharField(_("author"), max_length=200)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


def _rendition_path(instance: "ContentRenditionFile", filename: str) -> str:
    return f"content/renditions/{instance.rendition.item_id}/{instance.rendition_id}/{filename}"


class ContentRendition(models.Model):
    """One audience variant made ready for one channel (an SMS, a poster, a press release…).

    `fields` holds what the channel needs, as the channel's spec checked it (`renditions.CHANNELS`):
    the SMS text, the poster's key figures, the press release's number… `files` are what was
    generated from it (PDF, DOCX, MP3), made only while the item is approved or published;
    `generated_version` is the item's version they were made from.
    """

    class Channel(models.TextChoices):
        ARTICLE = "article", _("Portal article")
        SOCIAL = "social", _("Social post")
        SMS = "sms", _("SMS")
        CHAT = "chat", _("Chat-app message")
        LOUDSPEAKER = "loudspeaker", _("Loudspeaker script")
        PODCAST = "podcast", _("Podcast episode")
        POSTER = "poster", _("Poster / infographic")
        PRESS = "press", _("Press release")

    item = models.ForeignKey(
        ContentItem, verbose_name=_("content item"), on_delete=models.CASCADE, related_name="renditions"
    )
    variant = models.ForeignKey(
        ContentVariant,
        verbose_name=_("audience variant"),
        on_delete=models.CASCADE,
        related_name="renditions",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    fields = models.JSONField(_("fields"), default=dict)
    generated_version = models.PositiveIntegerField(_("generated from version"), null=True, editable=False)
    generated_at = models.DateTimeField(_("generated"), null=True, editable=False)
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
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        ordering = ["variant__audience__sort_order", "channel", "id"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "channel"], name="content_rendition_one_per_channel"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="content_rendition_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant} — {self.get_channel_display()}"


class ContentRenditionFile(models.Model):
    """A file generated for a rendition: `kind` names it ("a4", "a3", "docx", "pdf", "mp3")."""

    rendition = models.ForeignKey(
        ContentRendition, verbose_name=_("rendition"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=10)
    file = models.FileField(_("file"), upload_to=_rendition_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    created_at = models.DateTimeField(_("generated"), auto_now_add=True)

    class Meta:
        verbose_name = _("rendition file")
        verbose_name_plural = _("rendition files")
        ordering = ["rendition", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["rendition", "kind"], name="content_rendition_file_kind_unique"),
        ]

    def __str__(self) -> str:
        return self.name


from .kit_models import BriefingKit, KitQuestion, KitTalkingPoint  # noqa: E402, F401  # briefing kits
from .media_models import MediaAsset  # noqa: E402, F401  # the media library

"""Briefing kits (bộ tài liệu tuyên truyền): what a reporter, propagandist or public-opinion
collaborator takes out of the building about one content item — talking points, questions people ask
with their answers, and the item's poster and loudspeaker audio when they exist.

A kit belongs to one item and speaks from one of its audience variants. Its points and questions are
ordered by `position` and saved together with the kit (`kit_services.kit_save`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BriefingKit(models.Model):
    class Group(models.TextChoices):
        REPORTERS = "reporters", _("Reporters")
        PROPAGANDISTS = "propagandists", _("Propagandists")
        COLLABORATORS = "collaborators", _("Public-opinion collaborators")

    item = models.ForeignKey(
        "content.ContentItem",
        verbose_name=_("content item"),
        on_delete=models.CASCADE,
        related_name="briefing_kits",
    )
    group = models.CharField(_("intended for"), max_length=20, choices=Group.choices)
    title = models.CharField(_("title"), max_length=200)
    variant = models.ForeignKey(
        "content.ContentVariant",
        verbose_name=_("audience variant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="briefing_kits",
    )
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
        verbose_name = _("briefing kit")
        verbose_name_plural = _("briefing kits")
        ordering = ["item", "group", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(version__gte=1), name="briefing_kit_version_positive"),
            models.CheckConstraint(condition=~models.Q(title=""), name="briefing_kit_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title


class KitTalkingPoint(models.Model):
    kit = models.ForeignKey(
        BriefingKit, verbose_name=_("briefing kit"), on_delete=models.CASCADE, related_name="points"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("talking point"))

    class Meta:
        verbose_name = _("talking point")
        verbose_name_plural = _("talking points")
        ordering = ["kit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["kit", "position"], name="kit_point_position_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class KitQuestion(models.Model):
    kit = models.ForeignKey(
        BriefingKit, verbose_name=_("briefing kit"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["kit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["kit", "position"], name="kit_question_position_unique"),
        ]

    def __str__(self) -> str:
        return self.question[:60]

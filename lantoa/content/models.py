"""Content hub data. For now the glossary of campaign jargon that the plain-language check suggests from."""

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

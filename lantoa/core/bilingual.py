"""The City's own text (a plan, an audience) in Vietnamese, with an optional English rendering beside it.

The plan is the City's document: its Vietnamese text is the original and is always there. Each
translatable field `x` has a sibling `x_en`, filled when someone writes the English. A reader whose
interface is in English reads `x_en`, or the Vietnamese when it is empty, marked as the original
(see docs/plans.md for why columns rather than one JSON of translations).
"""

from collections.abc import Collection
from dataclasses import dataclass
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ORIGINAL_LANGUAGE = "vi"
TRANSLATION_LANGUAGE = "en"


@dataclass(frozen=True)
class LocalText:
    """What to show for one field: the text, the language it is in, and whether it stands in for a
    missing English rendering (then the page marks it "Vietnamese original")."""

    text: str
    language: str
    is_fallback: bool = False

    def __str__(self) -> str:
        return self.text


def _needs_words(text: str) -> bool:
    # "%" or "2030" reads the same in both languages: no marker for a text without letters.
    return any(character.isalpha() for character in text)


class Bilingual(models.Model):
    """A model whose fields listed in `TRANSLATED` each have an `<name>_en` sibling.

    An English rendering needs its Vietnamese original: `full_clean` refuses English alone.
    """

    TRANSLATED: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in self.TRANSLATED:
            english = f"{name}_en"
            if exclude and english in exclude:
                continue
            if str(getattr(self, english) or "").strip() and not str(getattr(self, name) or "").strip():
                errors.setdefault(english, []).append(
                    ValidationError(
                        _("An English text needs its Vietnamese original: write the Vietnamese first."),
                        code="english_without_original",
                    )
                )
        if errors:
            raise ValidationError(errors)

    def localized(self, field: str, language: str | None = None) -> LocalText:
        """The field in `language` (default: the active one), falling back to the Vietnamese original."""
        if field not in self.TRANSLATED:
            raise ValueError(f"{type(self).__name__}.{field} has no English rendering.")
        original = str(getattr(self, field) or "")
        language = (language or get_language() or ORIGINAL_LANGUAGE).split("-")[0]
        if language != TRANSLATION_LANGUAGE:
            return LocalText(original, ORIGINAL_LANGUAGE)
        english = str(getattr(self, f"{field}_en") or "")
        if english:
            return LocalText(english, TRANSLATION_LANGUAGE)
        return LocalText(original, ORIGINAL_LANGUAGE, is_fallback=_needs_words(original))

    @classmethod
    def english_fields(cls) -> tuple[str, ...]:
        return tuple(f"{name}_en" for name in cls.TRANSLATED)

"""Forms of the media library's pages: filters, an upload (a file or a video's address), an edit."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.content import media_files
from lantoa.content.models import MediaAsset
from lantoa.plans.models import Theme


def _themes() -> Any:
    return Theme.objects.select_related("plan").order_by("plan__title", "number")


class MediaFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Words of the title, the alternative text or the tags, with or without diacritics."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *MediaAsset.Kind.choices], required=False
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=_themes(), required=False, empty_label=_("All themes")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = _themes()


class _WordsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    alt_text = forms.CharField(
        label=_("Alternative text"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for images: what the image shows, for people who cannot see it."),
    )
    alt_text_en = forms.CharField(
        label=_("Alternative text in English"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tags = forms.CharField(
        label=_("Tags"), max_length=300, required=False, help_text=_("Separated by commas.")
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=_themes(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = _themes()

    def words(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("title", "title_en", "alt_text", "alt_text_en", "tags", "theme")
        }


class MediaUploadForm(_WordsForm):
    """A file, or a video's address: one of the two."""

    file = forms.FileField(label=_("File"), required=False)
    url = forms.CharField(
        label=_("Or a video's address"),
        max_length=500,
        required=False,
        help_text=_("Videos are kept as links (https://…), not as files."),
    )
    field_order = ["file", "url", "title", "alt_text", "title_en", "alt_text_en", "tags", "theme"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = media_files.limits()
        self.fields["file"].widget.attrs["accept"] = media_files.accept_attribute()
        self.fields["file"].help_text = _(
            "Images (%(images)s) up to %(image_mb)s MB, sounds (%(audio)s) up to %(audio_mb)s MB, "
            "documents (%(documents)s) up to %(document_mb)s MB. The same file is kept only once."
        ) % {
            "images": ", ".join(t.upper() for t in limits["image"]["types"]),
            "image_mb": media_files.megabytes(limits["image"]["max_bytes"]),
            "audio": ", ".join(t.upper() for t in limits["audio"]["types"]),
            "audio_mb": media_files.megabytes(limits["audio"]["max_bytes"]),
            "documents": ", ".join(t.upper() for t in limits["document"]["types"]),
            "document_mb": media_files.megabytes(limits["document"]["max_bytes"]),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("url") or "").strip():
            raise forms.ValidationError(_("Choose a file, or give a video's address."), code="required")
        if data.get("file") and (data.get("url") or "").strip():
            raise forms.ValidationError(_("Give a file or a video's address, not both."), code="both")
        return data


class MediaEditForm(_WordsForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

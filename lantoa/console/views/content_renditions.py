"""Console pages of channel renditions: an item's renditions with their files, the editor of one
rendition (its fields checked against the channel's limits, the SMS segment count live), the
"Generate files" step (approved or published items only) and the downloads. Reading needs
`content.edit` or `content.approve`, as the item's page."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lantoa.content import item_selectors
from lantoa.content import renditions as channels
from lantoa.content import renditions_selectors as selectors
from lantoa.content import renditions_services as services
from lantoa.content.models import ContentItem, ContentRendition, ContentVariant
from lantoa.core import access

from .content_items import _ContentView
from .plans import _int
from .units import _add_errors

LONG_FIELDS = {"body", "text", "script", "show_notes", "figures", "summary"}


class RenditionForm(forms.Form):
    """The fields of one channel, built from its spec (`lantoa.content.renditions.CHANNELS`)."""

    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, channel: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel = channel
        for name in channels.spec_for(channel).fields:
            label = channels.FIELD_LABELS.get(name, name)
            field: forms.Field
            if name == "unaccented":
                field = forms.BooleanField(label=label, required=False)
                field.help_text = _(
                    "Only if your SMS route accepts unaccented text only, or to pay for fewer segments: "
                    "the message is sent without diacritics."
                )
            elif name == "max_segments":
                field = forms.IntegerField(
                    label=label, min_value=1, max_value=channels.SMS_MAX_SEGMENTS_LIMIT
                )
            elif name in LONG_FIELDS:
                rows = 12 if name in ("body", "script") else 5
                field = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": rows})
                )
            else:
                field = forms.CharField(label=label, required=False)
            self.fields[name] = field
        if channel == ContentRendition.Channel.SMS:
            self.fields["text"].widget.attrs.update({"data-sms-counter": "", "maxlength": "1000"})
            self.fields["unaccented"].widget.attrs["data-sms-unaccented"] = ""
            self.fields["max_segments"].widget.attrs["data-sms-limit"] = ""
        if channel == ContentRendition.Channel.SOCIAL:
            self.fields["hashtags"].help_text = _("Separate them with spaces: #ChuyenDoiSo #BinhDanHocVuSo")

    @staticmethod
    def initial_from(fields: dict[str, Any]) -> dict[str, Any]:
        initial = dict(fields)
        if isinstance(initial.get("figures"), list):
            initial["figures"] = channels.figures_as_lines(initial["figures"])
        if isinstance(initial.get("hashtags"), list):
            initial["hashtags"] = " ".join(initial["hashtags"])
        return initial

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in channels.spec_for(self.channel).fields}


class _RenditionView(_ContentView):
    rendition: ContentRendition | None = None

    def items_crumb(self) -> dict[str, Any]:
        assert self.item is not None
        return {
            "url": reverse("console:content-renditions", args=[self.item.pk]),
            "label": _("Renditions"),
        }

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        crumbs = super().get_breadcrumbs_items()
        if not isinstance(self, ContentRenditionIndexView):
            crumbs.insert(-1, self.items_crumb())
        return crumbs


def _can_generate(user: Any, item: ContentItem) -> bool:
    allowed = access.has(user, services.EDIT) or access.has(user, services.APPROVE)
    return allowed and item.state in services.GENERATE_STATES


class ContentRenditionIndexView(_RenditionView):
    """The item's renditions, their files, and the form to start a new one."""

    template_name = "console/content_renditions.html"

    def get_page_title(self) -> str:
        return _("Renditions")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.item
        assert item is not None
        user = self.request.user
        rows = selectors.renditions_of(item)
        context.update(
            item=item,
            renditions=[(r, selectors.is_current(r) if r.generated_version else None) for r in rows],
            variants=item_selectors.variants_of(item),
            channels=[(spec.code, spec.label) for spec in channels.CHANNELS.values()],
            can_edit=access.has(user, services.EDIT) and item.state != ContentItem.State.ARCHIVED,
            can_generate=_can_generate(user, item),
            file_channels={code for code, spec in channels.CHANNELS.items() if spec.files},
        )
        return context


class ContentRenditionFormView(_RenditionView):
    """GET `?variant=&channel=` starts a new rendition from the variant; `<rendition>` edits one."""

    template_name = "console/content_rendition_form.html"
    variant: ContentVariant | None = None
    channel = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, services.EDIT)
        return super().dispatch(request, *args, **kwargs)

    def setup_rendition(self) -> None:
        assert self.item is not None
        if "rendition" in self.kwargs:
            self.rendition = selectors.rendition_get_for_user(
                user=self.request.user, item_pk=self.item.pk, pk=self.kwargs["rendition"]
            )
            self.variant, self.channel = self.rendition.variant, self.rendition.channel
        else:
            query, posted = self.request.GET, self.request.POST  # the form posts back to its own address
            variant = _int(query.get("variant") or posted.get("variant")) or 0
            self.variant = item_selectors.variant_get(item=self.item, pk=variant)
            channel = query.get("channel") or posted.get("channel", "")
            if channel not in channels.CHANNELS:
                raise Http404
            self.channel = channel

    def get_page_title(self) -> str:
        self.setup_rendition()
        assert self.variant is not None
        return _("%(channel)s for %(audience)s") % {
            "channel": channels.CHANNELS[self.channel].label,
            "audience": self.variant.audience.name,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        self.setup_rendition()
        assert self.item is not None and self.variant is not None
        if "form" not in context:
            fields = (
                self.rendition.fields
                if self.rendition
                else channels.CHANNELS[self.channel].initial(self.variant)
            )
            initial = RenditionForm.initial_from(fields)
            initial["expected_version"] = self.rendition.version if self.rendition else None
            context["form"] = RenditionForm(channel=self.channel, initial=initial)
        context.update(
            item=self.item,
            variant=self.variant,
            rendition=self.rendition,
            channel=self.channel,
            cancel_url=reverse("console:content-renditions", args=[self.item.pk]),
            is_sms=self.channel == ContentRendition.Channel.SMS,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_rendition()
        assert self.item is not None and self.variant is not None
        form = RenditionForm(request.POST, channel=self.channel)
        stale = None
        if form.is_valid():
            try:
                if self.rendition is None:
                    rendition = services.rendition_create(
                        by=request.user, variant=self.variant, channel=self.channel, fields=form.values()
                    )
                else:
                    rendition = services.rendition_update(
                        by=request.user,
                        rendition=self.rendition,
                        expected_version=form.cleaned_data["expected_version"] or 0,
                        fields=form.values(),
                    )
            except ValidationError as error:
                if getattr(error, "code", None) == "stale":
                    stale = " ".join(error.messages)
                else:
                    _add_errors(form, error)
            else:
                messages.success(request, _("Rendition saved."))
                return redirect(
                    reverse("console:content-renditions", args=[self.item.pk]) + f"#rendition-{rendition.pk}"
                )
        return self.render_to_response(
            self.get_context_data(form=form, stale=stale), status=409 if stale else 400
        )


class ContentRenditionGenerateView(_RenditionView):
    """POST only: make the rendition's files; a refusal is said on the renditions page."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.item is not None
        rendition = selectors.rendition_get_for_user(
            user=request.user, item_pk=self.item.pk, pk=kwargs["rendition"]
        )
        try:
            services.rendition_generate(
                by=request.user,
                rendition=rendition,
                expected_version=_int(request.POST.get("expected_version")),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Files generated."))
        return redirect(
            reverse("console:content-renditions", args=[self.item.pk]) + f"#rendition-{rendition.pk}"
        )


class ContentRenditionDeleteView(_RenditionView):
    http_method_names = ["post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, services.EDIT)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.item is not None
        rendition = selectors.rendition_get_for_user(
            user=request.user, item_pk=self.item.pk, pk=kwargs["rendition"]
        )
        try:
            services.rendition_delete(
                by=request.user,
                rendition=rendition,
                expected_version=_int(request.POST.get("expected_version")) or 0,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Rendition deleted."))
        return redirect("console:content-renditions", self.item.pk)


class ContentRenditionFileView(_RenditionView):
    """A generated file, as an attachment."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:  # type: ignore[override]
        assert self.item is not None
        row = selectors.file_get_for_user(
            user=request.user, item_pk=self.item.pk, rendition_pk=kwargs["rendition"], kind=kwargs["kind"]
        )
        return FileResponse(
            row.file.open("rb"), as_attachment=True, filename=row.name, content_type=row.content_type
        )

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, ValidationInfo, field_validator, model_validator


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str]
    type: str


class ValidationErrorOut(ErrorOut):
    errors: list[FieldErrorOut]


def with_refusals(responses: dict[int, Any], *statuses: int) -> dict[int, Any]:
    """`responses` and the refusals this operation may also answer, each with a `detail`.

    Any request may get 400 (a NUL character in its address, see `lantoa.core.guards`); name the
    others: 401, 413, 415, 422 (with the fields in `errors`), 429.
    """
    refusals = {status: ValidationErrorOut if status == 422 else ErrorOut for status in (400, *statuses)}
    return dict(sorted({**refusals, **responses}.items()))


NO_NUL = r"^[^\x00]*$"


def _declare_no_nul(schema: dict[str, Any]) -> None:
    """Say in the OpenAPI schema what `InputSchema._storable` enforces, so that clients know it."""
    for field in schema.get("properties", {}).values():
        for variant in [field, *field.get("anyOf", [])]:
            if variant.get("type") == "string":
                variant.setdefault("pattern", NO_NUL)


def _declare_query(schema: dict[str, Any]) -> None:
    """A query parameter is text or absent, never null: an optional filter is declared as its own
    type only (a schema offering `null` invites clients, and fuzzers, to send what a URL cannot)."""
    _declare_no_nul(schema)
    for name, field in schema.get("properties", {}).items():
        variants = field.get("anyOf", [])
        kept = [v for v in variants if v.get("type") != "null"]
        if len(variants) == 2 and len(kept) == 1:
            del field["anyOf"]
            schema["properties"][name] = {**kept[0], **field}


class QuerySchema(Schema):
    """Query parameters: one the schema does not declare is refused (400, `known_query`), so that a
    misspelt filter is not ignored silently; NUL is refused before the view (`lantoa.core.guards`)."""

    model_config = ConfigDict(json_schema_extra=_declare_query)

    @model_validator(mode="before")
    @classmethod
    def _only_known(cls, data: Any, info: ValidationInfo) -> Any:
        # Django Ninja validates with the request in the context; its HttpError passes through pydantic.
        request = (info.context or {}).get("request")
        if request is not None:
            known_query(request, query_names(cls))
        return data


class InputSchema(Schema):
    """A request body: unknown fields are refused, and so is text that no database can store."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_declare_no_nul)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        # Pydantic already refuses lone surrogates (string_unicode); PostgreSQL cannot hold NUL.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError(_("Text cannot contain a NUL character."))
        return value


class TokenIn(InputSchema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=200)
    code: str = Field(
        "", max_length=20, description="Six-digit code from the authenticator app, if enrolled."
    )
    name: str = Field("", max_length=100, description="A name to recognise the token by.")


class TokenOut(Schema):
    token: str
    token_id: str
    expires_at: datetime.datetime


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent_code: str | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    latitude: float | None
    longitude: float | None
    area_km2: float | None


class UnitPageOut(Schema):
    count: int
    items: list[UnitOut]


class AudienceOut(Schema):
    code: str
    name: str
    description: str


class RoleOut(Schema):
    role: str
    role_label: str
    unit_code: str
    unit_name: str
    include_subtree: bool


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    language: str
    roles: list[RoleOut]
    permissions: list[str]


def refusal(error: ValidationError) -> HttpError:
    """A service's refusal as the API answers it: 409 for a stale version (reload, then try again),
    else 400, with the service's message as the `detail`."""
    status = 409 if getattr(error, "code", None) == "stale" else 400
    return HttpError(status, " ".join(error.messages))


def known_query(request: HttpRequest, names: Iterable[str]) -> None:
    """Refuse a query parameter this address does not know: a misspelt filter would otherwise be
    ignored silently, and the caller would take the whole list for the filtered one."""
    unknown = sorted(set(request.GET) - set(names))
    if unknown:
        raise HttpError(
            400, _("This address does not know these parameters: %(names)s.") % {"names": ", ".join(unknown)}
        )


def query_names(schema: type[Schema]) -> tuple[str, ...]:
    """The query parameters a `QuerySchema` declares (by their names as sent)."""
    return tuple(field.alias or name for name, field in schema.model_fields.items())

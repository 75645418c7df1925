import datetime

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str


class TokenIn(Schema):
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

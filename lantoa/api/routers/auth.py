from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from lantoa.accounts import services as account_services
from lantoa.accounts.models import ApiToken

from ..ratelimit import RateLimited, client_address, hit, seconds_left
from ..schemas import TokenIn, TokenOut, with_refusals

router = Router(tags=["auth"])


@router.post(
    "/token",
    auth=None,
    response=with_refusals({201: TokenOut}, 401, 413, 415, 422, 429),
    summary="Exchange a username and password (and a two-factor code if enrolled) for a bearer token",
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    address = client_address(request)
    if not hit(scope="token-ip", key=address, limit=30, window=60):
        raise RateLimited(
            _("Too many attempts. Wait a few minutes, then try again."), wait=seconds_left(window=60)
        )
    if not hit(scope="token-user", key=payload.username.lower(), limit=10, window=300):
        raise RateLimited(
            _("Too many attempts. Wait a few minutes, then try again."), wait=seconds_left(window=300)
        )
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        raise HttpError(401, _("The username or password is not correct."))
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        if not payload.code:
            raise HttpError(
                401,
                _(
                    "This account uses two-factor authentication: send the code from the "
                    'authenticator app in the field "code".'
                ),
            )
        if not TOTP(totp).validate_code(payload.code.strip()):
            raise HttpError(401, _("The two-factor code is not correct."))
    token, bearer = account_services.token_create(user=user, name=payload.name)
    return Status(201, {"token": bearer, "token_id": token.key_id, "expires_at": token.expires_at})


@router.delete(
    "/token",
    response=with_refusals({204: None}, 401),
    summary="Revoke the token used for this request",
)
def token_revoke(request: HttpRequest) -> Status:
    header = request.headers.get("Authorization", "")
    key_id = header.removeprefix("Bearer ").removeprefix(ApiToken.PREFIX).partition("_")[0]
    token = ApiToken.objects.filter(key_id=key_id, user_id=request.user.pk or 0).first()
    if token is None:
        raise HttpError(401, _("Only a bearer token can be revoked this way."))
    account_services.token_revoke(by=request.user, token=token)
    return Status(204, None)

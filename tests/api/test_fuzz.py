"""Schema-driven fuzzing of the whole API with Schemathesis, as each demo role and as nobody.

Every operation of `/api/v1/openapi.json` gets the schema's examples, boundary cases and up to
`FUZZ_EXAMPLES` (default 25) generated cases, valid and invalid; each case is sent as each of the
eight demo accounts and without credentials. Every answer must come without a server error, as the
schema says (status code, content type, body), and every 4xx with a JSON `detail` string.
`make fuzz` runs it with 500 examples. Each case runs in a transaction rolled back after it, with
an empty cache, so that revoking a token or hitting a rate limit does not hide what follows.
"""

import os

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck

from lantoa.accounts import services as account_services
from lantoa.accounts.models import User
from lantoa.org.models import Unit

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
ROLES = ["admin", "coordinator", "officer", "editor", "approver", "field", "organiser", "viewer"]
NOBODY = "nobody"

application = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Each identity brings its own credentials (and nobody none): a generated Authorization header would
# be replaced by them, turning a case meant to be refused into a valid one.
schema.config.generation.update(max_examples=FUZZ_EXAMPLES, with_security_parameters=False)
# A request that fits the schema may still be refused by a rule no schema can state (a due date before
# today, a unit outside the caller's scope, a task in another state): 400 with a detail saying which.
_accepted = schema.config.checks.positive_data_acceptance
_accepted.expected_statuses = [*_accepted.expected_statuses, "400"]


@pytest.fixture
def wsgi(settings):
    """Requests go through Django's WSGI handler, on the test's own connection and transaction."""
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True  # a server error fails the test with its traceback
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield application
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def identities(django_db_setup, django_db_blocker, hanoi_rows):
    """Request headers for each of the eight demo accounts (a bearer token each) and for nobody.

    The demo is loaded once for this module's tests, in a transaction rolled back after the last
    of them; each test runs inside it, in its own savepoint (pytest-django's `db`).
    """
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            headers = _load_demo_identities(hanoi_rows)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield headers
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _load_demo_identities(hanoi_rows):
    Unit.objects.bulk_create([Unit(**row) for row in hanoi_rows])  # what load_demo would import, faster
    with override_settings(DEMO=True):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    headers = {NOBODY: {"Accept-Language": "en"}}
    for role in ROLES:
        _token, bearer = account_services.token_create(user=User.objects.get(username=role))
        headers[role] = {"Accept-Language": "en", "Authorization": f"Bearer {bearer}"}
    return headers


@pytest.fixture
def tally(request):
    """Cases and requests of this operation, carried in the report to the summary (conftest.py)."""
    counts = {"operation": "", "identities": len(ROLES) + 1, "cases": 0, "requests": 0}
    request.node.user_properties.append(("fuzz", counts))
    return counts


def refusal_has_a_detail(ctx, response, case):
    if 400 <= response.status_code < 500:
        try:
            body = response.json()
        except ValueError:
            body = None
        detail = body.get("detail") if isinstance(body, dict) else None
        assert isinstance(detail, str) and detail, (
            f"A {response.status_code} without a JSON detail string: {response.text[:300]!r}"
        )
    return None


@schema.parametrize()
@hypothesis.settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_holds_under_fuzzing(case, identities, db, wsgi, tally):
    tally["operation"] = case.operation.label
    tally["cases"] += 1
    for who, headers in identities.items():
        cache.clear()  # rate-limit counters
        tally["requests"] += 1
        try:
            with transaction.atomic():
                case.call_and_validate(app=wsgi, headers=headers, additional_checks=[refusal_has_a_detail])
                transaction.set_rollback(True)
        except BaseException as error:
            error.add_note(f"Sent as: {who}")
            raise

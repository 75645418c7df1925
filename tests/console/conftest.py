import pytest
from django.core.management import call_command


@pytest.fixture
def demo_people(db, settings):
    """Hà Nội's units and the eight demo accounts (one per role), as `lantoa demo` makes them."""
    settings.DEMO = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from lantoa.accounts.models import User

    return {u.username: u for u in User.objects.all()}

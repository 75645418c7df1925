import pytest
from django.utils.translation import override


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (their msgids); the Vietnamese catalogue is checked elsewhere."""
    with override("en"):
        yield

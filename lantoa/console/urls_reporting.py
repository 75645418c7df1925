"""Console pages for reporting: registered in urls.py under the console namespace."""

from typing import Any

urlpatterns: list[Any] = []

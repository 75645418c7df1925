"""Console pages for assignments: registered in urls.py under the console namespace."""

from typing import Any

urlpatterns: list[Any] = []

"""Console pages on top of the assignments: the board as XLSX, the urging letter, the calendar feed.

Included from urls_assignments.py (under the console namespace).
"""

from typing import Any

from django.urls import path

from .views.assignment_calendars import CalendarFeedView
from .views.assignment_exports import BoardExportView
from .views.assignment_letters import UrgingLetterView

urlpatterns: list[Any] = [
    path("assignments/board/export.xlsx", BoardExportView.as_view(), name="assignment-board-export"),
    path("assignments/urging-letter/", UrgingLetterView.as_view(), name="urging-letter"),
    path("assignments/<int:pk>/urging-letter/", UrgingLetterView.as_view(), name="assignment-urging-letter"),
    path("tasks/calendar/", CalendarFeedView.as_view(), name="calendar-feed"),
]

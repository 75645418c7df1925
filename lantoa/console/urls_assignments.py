"""Console pages for assignments: registered in urls.py under the console namespace."""

from typing import Any

from django.urls import include, path

from .views.assignments import (
    AssignmentCreateView,
    AssignmentDetailView,
    AssignmentEditView,
    AssignmentIndexView,
    AttachmentDownloadView,
    BoardView,
    EvidenceDownloadView,
    TaskAcceptView,
    TaskCommentView,
    TaskDetailView,
    TaskDoneView,
    TaskIndexView,
    TaskReopenView,
    TaskReturnView,
    TaskStartView,
    UrgeView,
)

urlpatterns: list[Any] = [
    path("tasks/", TaskIndexView.as_view(), name="task-index"),
    path("tasks/<int:pk>/", TaskDetailView.as_view(), name="task-detail"),
    path("tasks/<int:pk>/start/", TaskStartView.as_view(), name="task-start"),
    path("tasks/<int:pk>/done/", TaskDoneView.as_view(), name="task-done"),
    path("tasks/<int:pk>/reopen/", TaskReopenView.as_view(), name="task-reopen"),
    path("tasks/<int:pk>/accept/", TaskAcceptView.as_view(), name="task-accept"),
    path("tasks/<int:pk>/return/", TaskReturnView.as_view(), name="task-return"),
    path("tasks/<int:pk>/comment/", TaskCommentView.as_view(), name="task-comment"),
    path("tasks/evidence/<int:pk>/", EvidenceDownloadView.as_view(), name="evidence-download"),
    path("assignments/", AssignmentIndexView.as_view(), name="assignment-index"),
    path("assignments/new/", AssignmentCreateView.as_view(), name="assignment-create"),
    path("assignments/board/", BoardView.as_view(), name="assignment-board"),
    path("assignments/urge/", UrgeView.as_view(), name="assignment-urge"),
    path("assignments/<int:pk>/", AssignmentDetailView.as_view(), name="assignment-detail"),
    path("assignments/<int:pk>/edit/", AssignmentEditView.as_view(), name="assignment-edit"),
    path("assignments/attachments/<int:pk>/", AttachmentDownloadView.as_view(), name="attachment-download"),
    path("", include("lantoa.console.urls_assignment_extras")),  # board XLSX, urging letter, calendar feed
]

"""Console pages of channel renditions: registered in urls.py under the console namespace."""

from typing import Any

from django.urls import path

from .views.content_renditions import (
    ContentRenditionDeleteView,
    ContentRenditionFileView,
    ContentRenditionFormView,
    ContentRenditionGenerateView,
    ContentRenditionIndexView,
)

urlpatterns: list[Any] = [
    path("content/<int:pk>/renditions/", ContentRenditionIndexView.as_view(), name="content-renditions"),
    path(
        "content/<int:pk>/renditions/new/",
        ContentRenditionFormView.as_view(),
        name="content-rendition-create",
    ),
    path(
        "content/<int:pk>/renditions/<int:rendition>/",
        ContentRenditionFormView.as_view(),
        name="content-rendition-edit",
    ),
    path(
        "content/<int:pk>/renditions/<int:rendition>/generate/",
        ContentRenditionGenerateView.as_view(),
        name="content-rendition-generate",
    ),
    path(
        "content/<int:pk>/renditions/<int:rendition>/delete/",
        ContentRenditionDeleteView.as_view(),
        name="content-rendition-delete",
    ),
    path(
        "content/<int:pk>/renditions/<int:rendition>/files/<slug:kind>/",
        ContentRenditionFileView.as_view(),
        name="content-rendition-file",
    ),
]

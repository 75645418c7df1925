"""Console pages of briefing kits: registered in urls.py under the console namespace."""

from typing import Any

from django.urls import path

from .views.content_kits import (
    ContentKitDeleteView,
    ContentKitDetailView,
    ContentKitDownloadView,
    ContentKitFormView,
    ContentKitIndexView,
)

urlpatterns: list[Any] = [
    path("content/<int:pk>/kits/", ContentKitIndexView.as_view(), name="content-kits"),
    path("content/<int:pk>/kits/new/", ContentKitFormView.as_view(), name="content-kit-create"),
    path("content/<int:pk>/kits/<int:kit>/", ContentKitDetailView.as_view(), name="content-kit-detail"),
    path("content/<int:pk>/kits/<int:kit>/edit/", ContentKitFormView.as_view(), name="content-kit-edit"),
    path(
        "content/<int:pk>/kits/<int:kit>/delete/", ContentKitDeleteView.as_view(), name="content-kit-delete"
    ),
    path(
        "content/<int:pk>/kits/<int:kit>/kit.zip",
        ContentKitDownloadView.as_view(fmt="zip"),
        name="content-kit-zip",
    ),
    path(
        "content/<int:pk>/kits/<int:kit>/kit.pdf",
        ContentKitDownloadView.as_view(fmt="pdf"),
        name="content-kit-pdf",
    ),
]

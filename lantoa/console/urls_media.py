"""Console pages of the media library: registered in urls.py under the console namespace."""

from typing import Any

from django.urls import path

from .views.media import MediaDeleteView, MediaDetailView, MediaFileView, MediaIndexView, MediaUploadView

urlpatterns: list[Any] = [
    path("media/", MediaIndexView.as_view(), name="media-index"),
    path("media/new/", MediaUploadView.as_view(), name="media-upload"),
    path("media/<int:pk>/", MediaDetailView.as_view(), name="media-detail"),
    path("media/<int:pk>/delete/", MediaDeleteView.as_view(), name="media-delete"),
    path("media/<int:pk>/file/", MediaFileView.as_view(), name="media-file"),
    path(
        "media/<int:pk>/thumbnail/", MediaFileView.as_view(), {"variant": "thumbnail"}, name="media-thumbnail"
    ),
]

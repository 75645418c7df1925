"""Console pages of the content hub: registered in urls.py under the console namespace."""

from typing import Any

from django.urls import path

from .views.content import GlossaryIndexView, GlossaryTermDeleteView, GlossaryTermFormView

urlpatterns: list[Any] = [
    path("glossary/", GlossaryIndexView.as_view(), name="glossary-index"),
    path("glossary/new/", GlossaryTermFormView.as_view(), name="glossary-create"),
    path("glossary/<int:pk>/", GlossaryTermFormView.as_view(), name="glossary-edit"),
    path("glossary/<int:pk>/delete/", GlossaryTermDeleteView.as_view(), name="glossary-delete"),
]

from .views.content_items import (  # noqa: E402  # the content items' pages, after the glossary's
    ContentCommentView,
    ContentItemDetailView,
    ContentItemFormView,
    ContentItemIndexView,
    ContentItemTransitionView,
    ContentVariantFormView,
    ContentVersionDiffView,
)

urlpatterns += [
    path("content/", ContentItemIndexView.as_view(), name="content-item-index"),
    path("content/new/", ContentItemFormView.as_view(), name="content-item-create"),
    path("content/<int:pk>/", ContentItemDetailView.as_view(), name="content-item-detail"),
    path("content/<int:pk>/edit/", ContentItemFormView.as_view(), name="content-item-edit"),
    path(
        "content/<int:pk>/step/<slug:action>/", ContentItemTransitionView.as_view(), name="content-item-step"
    ),
    path("content/<int:pk>/comment/", ContentCommentView.as_view(), name="content-item-comment"),
    path("content/<int:pk>/variants/new/", ContentVariantFormView.as_view(), name="content-variant-create"),
    path(
        "content/<int:pk>/variants/<int:variant>/",
        ContentVariantFormView.as_view(),
        name="content-variant-edit",
    ),
    path("content/<int:pk>/changes/", ContentVersionDiffView.as_view(), name="content-version-diff"),
]

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

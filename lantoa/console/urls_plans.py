"""URLs of the plan sections' pages: console:<section>-create, -edit and -delete for every section."""

from django.urls import URLPattern, path

from .views.plan_sections import SECTIONS, SectionDeleteView, SectionFormView

urlpatterns: list[URLPattern] = []
for _section in SECTIONS:
    urlpatterns += [
        path(
            f"plans/<int:pk>/{_section.path}/new/",
            SectionFormView.as_view(section=_section),
            name=f"{_section.name}-create",
        ),
        path(
            f"plans/<int:pk>/{_section.path}/<int:part>/",
            SectionFormView.as_view(section=_section),
            name=f"{_section.name}-edit",
        ),
        path(
            f"plans/<int:pk>/{_section.path}/<int:part>/delete/",
            SectionDeleteView.as_view(section=_section),
            name=f"{_section.name}-delete",
        ),
    ]

"""The public portal's addresses, included by lantoa/config/urls.py before Wagtail's pages."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("noi-dung/<int:pk>/", views.content_page, name="content"),
    path("noi-dung/<int:pk>/tep/<int:file_pk>/", views.content_file, name="content-file"),
]

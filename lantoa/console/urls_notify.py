"""Console pages for notify: registered in urls.py under the console namespace."""

from typing import Any

from django.urls import path

from .views.notify import DeliveryLogView, NotificationIndexView, NotificationOpenView

urlpatterns: list[Any] = [
    path("notifications/", NotificationIndexView.as_view(), name="notification-index"),
    path("notifications/<int:pk>/open/", NotificationOpenView.as_view(), name="notification-open"),
    path("reminders/log/", DeliveryLogView.as_view(), name="delivery-log"),
]

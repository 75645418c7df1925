from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lantoa.api.api import api
from lantoa.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("console/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Calendar feeds of task deadlines: the key in the address signs in (lantoa/assignments/feed_tokens.py).
    path("calendar/", include("lantoa.assignments.calendar_views")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/js/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The public page of a content item (what a poster's QR code opens), before Wagtail's catch-all pages.
urlpatterns.append(path("", include("lantoa.portal.urls")))
urlpatterns.append(path("", include(wagtail_urls)))

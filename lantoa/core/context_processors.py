from django.conf import settings
from django.http import HttpRequest


def lantoa(request: HttpRequest) -> dict[str, object]:
    return {"LANTOA_DEMO": settings.DEMO, "SITE_NAME": "Lan Tỏa"}

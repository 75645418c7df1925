import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the task queue's table is readable; 503 otherwise."""
    checks: dict[str, object] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:
        log.exception("health check: database")
        checks["database"] = f"error: {type(exc).__name__}"
        healthy = False
    backend = settings.TASKS["default"]["BACKEND"]
    if healthy and backend == "django_tasks_db.DatabaseBackend":
        try:
            from django_tasks_db.models import DBTaskResult

            checks["tasks"] = {"status": "ok", "waiting": DBTaskResult.objects.ready().count()}
        except Exception as exc:
            log.exception("health check: task queue")
            checks["tasks"] = {"status": f"error: {type(exc).__name__}"}
            healthy = False
    else:
        checks["tasks"] = {"status": "ok", "backend": backend.rsplit(".", 1)[-1]}
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)

"""The site's own pages: home, and the probes for load balancers and orchestrators."""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from boogie.router import Router
from ej.pages.components import home_content
from ej_components.layout import page

router = Router()
log = logging.getLogger(__name__)


@router.route("", name="home", methods=["GET"])
def home(request: HttpRequest):
    return page(
        request,
        title=_("Conversations that find common ground"),
        description=_(
            "Join conversations, vote on short comments and see the opinion groups that form."
        ),
        content=home_content(user=request.user),
    )


@router.route("healthz", name="healthz", methods=["GET"])
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers; touches neither the database nor the cache."""
    response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        log.warning("readiness: database check failed", exc_info=True)
        return f"error: {type(error).__name__}"
    return "ok"


def check_cache() -> str:
    """ "ok", or "unavailable" when a value written cannot be read back (Redis down...)."""
    # django-redis may ignore connection errors, so a failure can also be a silent miss.
    key = f"ej:readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception:
        log.warning("readiness: cache check failed", exc_info=True)
        return "unavailable"
    if value != "ok":
        log.warning("readiness: cache check failed: the value written was not read back")
        return "unavailable"
    return "ok"


@router.route("readyz", name="readyz", methods=["GET"])
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready for traffic when the database answers: 200, else 503.

    The site serves without its cache (every read a miss, sessions from the database), so a
    cache that does not answer makes the status "degraded", not a failure: a load balancer
    must not drop every host during a Redis outage.
    """
    checks = {"database": check_database(), "cache": check_cache()}
    if checks["database"] != "ok":
        status = "fail"
    elif checks["cache"] != "ok":
        status = "degraded"
    else:
        status = "ok"
    response = JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "fail" else 200
    )
    response["Cache-Control"] = "no-store"
    return response

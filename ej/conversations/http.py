"""Request and response helpers shared by the conversation and board routes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme


def wants_json(request: HttpRequest) -> bool:
    """The page's script (or an API client) asked for JSON instead of a redirect."""
    accept = request.headers.get("Accept", "")
    requested_with = request.headers.get("X-Requested-With", "")
    return "application/json" in accept or requested_with in {"XMLHttpRequest", "fetch"}


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` parameter when it is a path on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else default


def login_url(next_path: str) -> str:
    return f"{settings.LOGIN_URL}?{urlencode({'next': next_path})}"


def json_region(html: Any, *, message: str = "", status: int = 200) -> JsonResponse:
    """A piece of the page for the script to put in place of the old one, and what to say."""
    return JsonResponse({"html": str(html), "message": str(message)}, status=status)


def json_error(message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)

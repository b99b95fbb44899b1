"""Hooks for django-axes: how a login attempt names its account, and the lockout page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

__all__ = ["axes_username", "lockout_response", "normalize_email", "too_many_requests"]


def normalize_email(value: str | None) -> str:
    return (value or "").strip().lower()


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The e-mail a login attempt is counted against, normalized like stored e-mails.

    Without this, ``Ana@Example.org`` and ``ana@example.org`` would be counted apart, and an
    attacker could change the case to try again.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalize_email(credentials.get(field))
    data = getattr(request, "data", None) or request.POST
    return normalize_email(data.get(field))


def too_many_requests(request: HttpRequest, *, reason: str, minutes: int) -> HttpResponse:
    """A clean page with HTTP 429 saying what was paused and for how long."""
    from ej.users.components import too_many_attempts, too_many_attempts_title
    from ej_components.layout import page

    content = too_many_attempts(reason=reason, minutes=minutes)
    response = HttpResponse(
        str(page(request, title=too_many_attempts_title(reason), content=content)), status=429
    )
    response["Retry-After"] = str(minutes * 60)
    response["Cache-Control"] = "no-store"
    return response


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """django-axes' lockout page: logging in is paused for this account or address."""
    return too_many_requests(request, reason="login", minutes=settings.EJ_LOGIN_COOLOFF_MINUTES)

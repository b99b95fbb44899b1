"""One error body for the whole API::

    {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}

``code`` is a stable word for programs, ``message`` a sentence in the requester's language and
``fields`` maps the name of each rejected field (dotted for nested ones: ``tags.0``) to its
messages. :func:`exception_handler` is DRF's ``EXCEPTION_HANDLER``; :func:`not_found` answers
the paths under ``/api/`` that name nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from ej.conversations.errors import CommentLimitReached, VoteRefused

__all__ = [
    "ApiError",
    "CsrfFailed",
    "LockedOut",
    "error_body",
    "exception_handler",
    "not_found",
]

log = logging.getLogger("ej.api")

# The message of each code when the exception carries no message of its own.
MESSAGES = {
    "invalid": gettext_lazy("Some of the data sent is not valid; see the fields."),
    "parse_error": gettext_lazy("The request body is not valid JSON."),
    "not_authenticated": gettext_lazy("Send a token or log in to do this."),
    "authentication_failed": gettext_lazy("The token is not valid, or was revoked."),
    "permission_denied": gettext_lazy("You are not allowed to do this."),
    "not_found": gettext_lazy("Not found."),
    "not_acceptable": gettext_lazy("This API answers in JSON only."),
    "unsupported_media_type": gettext_lazy(
        "Send the request body as JSON (Content-Type: application/json)."
    ),
    "server_error": gettext_lazy("Something went wrong on our side. Please try again later."),
}
# Codes whose message is always ours: DRF's own text for them is English or names internals.
OWN_MESSAGE = {
    "not_found",
    "method_not_allowed",
    "not_acceptable",
    "unsupported_media_type",
    "throttled",
    "parse_error",
    "not_authenticated",
}


class ApiError(exceptions.APIException):
    """An error with its own code, status and message."""

    def __init__(self, message: str, *, code: str, status_code: int = 400, fields=None):
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.code = code
        self.fields = fields or {}


class CsrfFailed(exceptions.PermissionDenied):
    default_code = "csrf_failed"
    default_detail = gettext_lazy(
        "The CSRF token is missing or wrong. Send the csrftoken cookie's value in the "
        "X-CSRFToken header, or authenticate with a token instead of the session."
    )


class LockedOut(exceptions.Throttled):
    """Too many failed logins for this account or address (django-axes)."""

    default_code = "locked_out"

    def __init__(self, wait: int):
        minutes = max(1, round(wait / 60))
        message = ngettext(
            "Too many failed attempts. Logging in is paused for %(minutes)d minute.",
            "Too many failed attempts. Logging in is paused for %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
        super().__init__(wait=wait, detail=message, code="locked_out")


def error_body(code: str, message: Any, fields: Mapping[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": dict(fields or {})}}


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, Mapping):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list | tuple):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """``{"tags": {0: ["x"]}}`` → ``{"tags.0": ["x"]}``; leaves are lists of strings."""
    if isinstance(detail, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(_flatten(value, name))
        return flat
    if isinstance(detail, list | tuple) and any(
        isinstance(item, Mapping | list | tuple) for item in detail
    ):
        flat = {}
        for index, value in enumerate(detail):
            if value:
                flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix: _messages(detail)}


def _validation_body(detail: Any) -> dict:
    general: list[str] = []
    fields: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            if key in (api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS):
                general += _messages(value)
            else:
                fields.update(_flatten(value, str(key)))
    else:
        general = _messages(detail)
    if general:
        message = " ".join(general)
    elif len(fields) == 1 and len(next(iter(fields.values()))) == 1:
        message = next(iter(fields.values()))[0]
    else:
        message = MESSAGES["invalid"]
    return error_body("invalid", message, fields)


def _django_validation_detail(error: DjangoValidationError) -> Any:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return error.messages


def _message_for(exc: exceptions.APIException, code: str, method: str) -> str:
    if code == "method_not_allowed":
        return _("The %(method)s method is not allowed here.") % {"method": method}
    if code == "throttled" and exc.wait is not None:
        seconds = max(1, int(exc.wait))  # as in the Retry-After header
        return ngettext(
            "Too many requests. Try again in %(seconds)d second.",
            "Too many requests. Try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
    if code == "throttled":
        return _("Too many requests. Try again later.")
    detail = exc.detail
    custom = str(detail) != str(exc.default_detail)
    if custom and code not in OWN_MESSAGE:
        return str(detail)
    return str(MESSAGES.get(code, detail))


def _answer_in_json(context: dict) -> None:
    # Errors are JSON even from views that answer in another format (the YAML schema, the docs).
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's exception handler, answering every error with :func:`error_body`."""
    # Imported here: rest_framework.views loads the authentication classes, which import us.
    from rest_framework.views import set_rollback

    headers: dict[str, str] = {}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, CommentLimitReached):
        exc = ApiError(" ".join(exc.messages), code="comment_limit", status_code=403)
    elif isinstance(exc, VoteRefused):
        exc = ApiError(" ".join(exc.messages), code="vote_refused", status_code=400)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))

    if isinstance(exc, ApiError):
        body = error_body(exc.code, exc.detail, exc.fields)
    elif isinstance(exc, exceptions.ValidationError):
        body = _validation_body(exc.detail)
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.detail, str) else exc.default_code
        if not isinstance(code, str):
            code = exc.default_code
        request = context.get("request")
        method = getattr(request, "method", "") or ""
        body = error_body(code, _message_for(exc, code, method))
    elif settings.DEBUG:
        return None  # Django's debug page, with the traceback.
    else:
        view = context.get("view")
        log.exception("API error in %s", type(view).__name__ if view else "?", exc_info=exc)
        set_rollback()
        _answer_in_json(context)
        return Response(
            error_body("server_error", MESSAGES["server_error"]),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )

    _answer_in_json(context)
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(max(1, int(exc.wait)))
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


@csrf_exempt  # a 404 whatever the method, not the site's CSRF page
def not_found(request, *args, **kwargs) -> JsonResponse:
    """Paths under ``/api/`` that name no resource."""
    return JsonResponse(error_body("not_found", MESSAGES["not_found"]), status=404)

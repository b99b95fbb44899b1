"""Data for example states: nothing here touches the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.base import Message
from django.http import HttpRequest, QueryDict

LONG_PORTUGUESE_TEXT = (
    "Participação cidadã na construção de políticas públicas de mobilidade urbana, habitação "
    "e saneamento básico nas regiões metropolitanas: como equilibrar as prioridades dos "
    "moradores das periferias com o orçamento disponível e os compromissos ambientais?"
)
LONG_PORTUGUESE_WORD = "inconstitucionalissimamente-anticonstitucionalmente"
HOSTILE_TEXT = '" onmouseover="alert(1)" \'><script>alert(1)</script>'


def example_user(*, name: str = "Maria da Silva", email: str = "maria@example.org") -> Any:
    """An unsaved user (authenticated, but never written to the database)."""
    return get_user_model()(name=name, email=email)


def example_request(
    *,
    user: Any = None,
    path: str = "/",
    query: dict[str, str] | None = None,
    messages: Iterable[tuple[int, str]] = (),
) -> HttpRequest:
    """A GET request with ``user`` (anonymous by default) and queued ``(level, text)`` messages."""
    # Built by hand rather than with django.test's RequestFactory, which this runtime module
    # should not import.
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {"SERVER_NAME": "testserver", "SERVER_PORT": "80", "REQUEST_METHOD": "GET"}
    request.GET = QueryDict(mutable=True)
    request.GET.update(query or {})
    request.META["QUERY_STRING"] = request.GET.urlencode()
    request.user = AnonymousUser() if user is None else user
    # django.contrib.messages.get_messages() reads this attribute; any iterable of messages works.
    request._messages = [Message(level, text) for level, text in messages]
    return request

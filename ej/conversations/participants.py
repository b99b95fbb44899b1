"""Who votes: the logged-in person, or an anonymous participant kept in the session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from ej.conversations import services

SESSION_KEY = "ej_anonymous_participant"


def participant_for(request: HttpRequest, *, create: bool = False) -> Any:
    """The user whose votes count for this request: ``request.user`` when logged in, else the
    anonymous participant of this session (created on the first vote when ``create``), or
    ``None``."""
    if request.user.is_authenticated:
        return request.user
    cached = getattr(request, "_ej_participant", None)
    if cached is not None:
        return cached
    participant = None
    pk = request.session.get(SESSION_KEY)
    if pk is not None:
        participant = (
            get_user_model()
            .objects.filter(pk=pk, email__endswith="@" + services.ANONYMOUS_EMAIL_DOMAIN)
            .first()
        )
    if participant is None and create:
        participant = services.anonymous_participant_create()
        request.session[SESSION_KEY] = participant.pk
    request._ej_participant = participant
    return participant


def adopt_votes_on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: votes cast anonymously in this session move to the account."""
    if request is None or not hasattr(request, "session"):
        return
    pk = request.session.pop(SESSION_KEY, None)
    if pk is None:
        return
    anonymous = get_user_model().objects.filter(pk=pk).first()
    if anonymous is not None:
        services.anonymous_votes_adopt(anonymous=anonymous, user=user)

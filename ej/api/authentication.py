"""How the API knows who is asking: a personal token, or the site's session (with CSRF)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from ej.api.errors import CsrfFailed
from ej.users.tokens import authenticate_token

__all__ = ["SessionAuthentication", "TokenAuthentication"]


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <token>`` (or ``Bearer <token>``), checked by
    :func:`ej.users.tokens.authenticate_token`.

    A request without that header is left to the next method; a request with it and a wrong,
    revoked or malformed token is refused (401), whatever else it carries.
    """

    keywords = (b"token", b"bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as one word: Authorization: Token <token>.")
            )
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raw = ""
        user = authenticate_token(raw)
        if user is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, or was revoked."))
        return user, None

    def authenticate_header(self, request) -> str:
        return 'Token realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The site's login session; unsafe methods need the CSRF token, as forms do."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise CsrfFailed() from None

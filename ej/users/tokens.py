"""Personal API tokens: create (the secret is returned once), check, revoke.

The REST API authenticates ``Authorization: Token <secret>`` with :func:`authenticate_token`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from boogie.compiled import CompiledQuery
from ej.users.backends import HOLDS_NO_PERMISSIONS, permission_flag
from ej.users.models import ApiToken, User

__all__ = ["TOKEN_PREFIX", "api_token_create", "api_token_revoke", "authenticate_token"]

TOKEN_PREFIX = "ej_"  # noqa: S105 - the public start of every token
MAX_TOKEN_LENGTH = 128
# last_used is written at most this often per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret, which is stored nowhere: show it once."""
    # Lock the person's row so that two requests cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    limit = settings.EJ_API_TOKENS_PER_USER
    if ApiToken.objects.filter(user=user).count() >= limit:
        raise ValidationError(
            ngettext(
                "You already have %(limit)s token. Revoke it before creating another.",
                "You already have %(limit)s tokens. Revoke one before creating another.",
                limit,
            )
            % {"limit": limit},
            code="too_many_tokens",
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=secret[:10], digest=_digest(secret)
    )
    return token, secret


def api_token_revoke(*, user: User, token_id: int) -> bool:
    """Delete one of ``user``'s tokens; ``False`` when they have no token with that id."""
    deleted, _details = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def _token_by_digest(*, digest: str):
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, user__is_active=True)
        .annotate(holds_no_permissions=permission_flag("user_id"))[:1]
    )


_BY_DIGEST = CompiledQuery(_token_by_digest, digest=str)


def authenticate_token(raw: str | None) -> User | None:
    """The active person whose token ``raw`` is, or ``None``. Records when it was last used."""
    raw = (raw or "").strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > MAX_TOKEN_LENGTH:
        return None
    token = _BY_DIGEST.first(digest=_digest(raw))
    if token is None:
        return None
    setattr(token.user, HOLDS_NO_PERMISSIONS, token.holds_no_permissions)
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token.user

"""Writes about accounts: sign-up, password reset, account removal."""

from __future__ import annotations

import logging
import uuid

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ej.users.emails import password_reset_message
from ej.users.models import ApiToken, User
from ej.users.signals import account_removing

__all__ = [
    "DuplicateEmail",
    "account_remove",
    "password_reset_send",
    "removed_email",
    "user_create",
]

log = logging.getLogger(__name__)

REMOVED_EMAIL_DOMAIN = "removed.invalid"  # .invalid never resolves (RFC 2606)


class DuplicateEmail(Exception):
    """Another account took this e-mail (a race the form's check could not see)."""


def user_create(*, email: str, name: str, password: str) -> User:
    """A new active account. Raises :class:`DuplicateEmail` when the e-mail is taken."""
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password, name=name)
    except IntegrityError as error:
        raise DuplicateEmail(email) from error


def password_reset_send(*, request: HttpRequest, email: str) -> bool:
    """E-mail a reset link when an active account with a usable password has this e-mail.

    Returns whether one was sent; callers must not tell the visitor (it would reveal who has an
    account). The link holds Django's token, which hashes the password and the last login:
    it stops working once used, and after ``PASSWORD_RESET_TIMEOUT``.
    """
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    message = password_reset_message(to=user.email, url=request.build_absolute_uri(path))
    try:
        message.send()
    except Exception:
        log.exception("password reset: the e-mail could not be sent")
        return False
    return True


def removed_email() -> str:
    return f"removed-{uuid.uuid4().hex}@{REMOVED_EMAIL_DOMAIN}"


def _forget_login_attempts(email: str) -> None:
    # django-axes keeps the e-mail typed in failed logins.
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()


@transaction.atomic
def account_remove(*, user: User) -> None:
    """Anonymize the account in place.

    The row stays, so the person's votes and comments keep counting and conversation results do
    not change; what names the person goes: name, e-mail (a unique placeholder that cannot
    receive mail), password (unusable, which also ends every other session), rights, API tokens,
    the profile and its avatar (receivers of ``account_removing``), the failed-login records.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    old_email = user.email
    account_removing.send(sender=User, user=user)
    ApiToken.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.name = ""
    user.email = removed_email()
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.removed_at = timezone.now()
    user.save()
    _forget_login_attempts(old_email)

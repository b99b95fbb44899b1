"""Authentication backends."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, QuerySet

from boogie.compiled import CompiledQuery


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in ``AUTHENTICATION_BACKENDS``.

    Every login over HTTP passes its request to ``authenticate()`` and is checked. A call without
    a request (the test client's ``login()``, the shell) is not a login attempt from the web:
    it is left to the next backends instead of raising, as axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# Set on a user loaded with the fact that they hold no model permission, directly or through a
# group (most people): checking a permission then costs no query. See ``with_permission_flag``.
HOLDS_NO_PERMISSIONS = "holds_no_permissions"


def permission_flag(user: str = "pk") -> ExpressionWrapper:
    """True when the person (the outer query's field ``user``) holds no model permission."""
    User = get_user_model()
    direct = User.user_permissions.through.objects.filter(user_id=OuterRef(user))
    grouped = User.groups.through.objects.filter(user_id=OuterRef(user))
    return ExpressionWrapper(~Exists(direct) & ~Exists(grouped), BooleanField())


def _user_with_flag(*, pk: int) -> QuerySet:
    users = get_user_model()._default_manager.filter(pk=pk)
    return users.annotate(**{HOLDS_NO_PERMISSIONS: permission_flag()})[:1]


_USER = CompiledQuery(_user_with_flag, pk=int)


class ModelPermissionBackend(ModelBackend):
    """Django's model permissions and login by e-mail and password; a person loaded with the
    :data:`HOLDS_NO_PERMISSIONS` flag set (by :meth:`get_user` for sessions, by the API's token
    check) is not asked about again: two queries less on every request that checks a
    permission."""

    def _get_permissions(self, user_obj, obj, from_name):
        if getattr(user_obj, HOLDS_NO_PERMISSIONS, False) and not user_obj.is_superuser:
            return set()
        return super()._get_permissions(user_obj, obj, from_name)

    def get_user(self, user_id):
        try:
            user = _USER.first(pk=int(user_id))
        except (TypeError, ValueError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None

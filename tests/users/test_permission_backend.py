"""The permission backend skips the permission queries for people known to hold none, and only
for them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ej.users.backends import HOLDS_NO_PERMISSIONS, ModelPermissionBackend
from ej.users.tokens import api_token_create, authenticate_token

pytestmark = pytest.mark.django_db

PERMISSION = "ej_conversations.is_moderator"


def _moderator_permission():
    return Permission.objects.get(codename="is_moderator")


@pytest.fixture
def backend():
    return ModelPermissionBackend()


@pytest.fixture
def people():
    User = get_user_model()
    plain = User.objects.create_user(email="plain@example.org", password="pw-12345")
    direct = User.objects.create_user(email="direct@example.org", password="pw-12345")
    direct.user_permissions.add(_moderator_permission())
    grouped = User.objects.create_user(email="grouped@example.org", password="pw-12345")
    moderators = Group.objects.create(name="moderators")
    moderators.permissions.add(_moderator_permission())
    grouped.groups.add(moderators)
    empty_group = User.objects.create_user(email="member@example.org", password="pw-12345")
    empty_group.groups.add(Group.objects.create(name="readers"))
    boss = User.objects.create_superuser(email="boss@example.org", password="pw-12345")
    return {
        "plain": plain,
        "direct": direct,
        "grouped": grouped,
        "empty_group": empty_group,
        "boss": boss,
    }


def test_get_user_tells_who_holds_no_permission(backend, people):
    flags = {
        name: getattr(backend.get_user(user.pk), HOLDS_NO_PERMISSIONS)
        for name, user in people.items()
    }
    assert flags == {
        "plain": True,
        "direct": False,
        "grouped": False,
        "empty_group": False,
        "boss": True,
    }


def test_permissions_are_the_same_as_django_model_backend(backend, people):
    expected = {"plain": False, "direct": True, "grouped": True, "empty_group": False, "boss": True}
    for name, user in people.items():
        loaded = backend.get_user(user.pk)
        assert backend.has_perm(loaded, PERMISSION) is expected[name], name
        assert loaded.has_perm(PERMISSION) is expected[name], name


def test_a_person_without_permissions_costs_no_permission_query(backend, people):
    plain = backend.get_user(people["plain"].pk)
    with CaptureQueriesContext(connection) as queries:
        assert not backend.has_perm(plain, PERMISSION)
        assert backend.get_all_permissions(plain) == set()
    assert len(queries) == 0

    grouped = backend.get_user(people["grouped"].pk)
    with CaptureQueriesContext(connection) as queries:
        assert backend.has_perm(grouped, PERMISSION)
    assert len(queries) > 0


def test_get_user_refuses_unknown_ids_garbage_and_inactive_people(backend, people):
    people["plain"].is_active = False
    people["plain"].save()
    assert backend.get_user(people["plain"].pk) is None
    assert backend.get_user(10**9) is None
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(None) is None
    assert backend.get_user(str(people["direct"].pk)).email == "direct@example.org"


def test_token_authentication_sets_the_flag(people):
    _token, plain_secret = api_token_create(user=people["plain"], name="plain")
    _token, grouped_secret = api_token_create(user=people["grouped"], name="grouped")
    plain = authenticate_token(plain_secret)
    grouped = authenticate_token(grouped_secret)
    assert getattr(plain, HOLDS_NO_PERMISSIONS) is True
    assert getattr(grouped, HOLDS_NO_PERMISSIONS) is False
    assert not plain.has_perm(PERMISSION)
    assert grouped.has_perm(PERMISSION)

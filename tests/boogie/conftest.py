import pytest
from django.contrib.auth import get_user_model

from tests.boogie.testapp.models import Note


@pytest.fixture
def make_user(db):
    def make(email, **fields):
        return get_user_model().objects.create_user(email=email, password="pw-12345", **fields)

    return make


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.org", name="Olga Owner")


@pytest.fixture
def stranger(make_user):
    return make_user("stranger@example.org")


@pytest.fixture
def note(owner):
    return Note.objects.create(slug="first", title="First note", owner=owner)


@pytest.fixture
def notes(owner, stranger):
    return [
        Note.objects.create(slug="a", title="Alpha", owner=owner),
        Note.objects.create(slug="b", title="Beta", owner=stranger, status="published"),
        Note.objects.create(slug="c", title="Gamma", owner=owner),
    ]

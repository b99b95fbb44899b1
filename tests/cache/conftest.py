"""The page cache runs on the configured cache: Redis when REDIS_URL is set (CI's second run),
the in-process cache otherwise."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from ej.boards.models import Board
from ej.conversations import services

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    def make(**fields):
        number = next(_numbers)
        return get_user_model().objects.create_user(
            email=f"cached{number}@example.org", password="pass-word-123", **fields
        )

    return make


@pytest.fixture
def author(make_user):
    return make_user(name="Ana Autora")


@pytest.fixture
def board(author):
    return Board.objects.create(owner=author, name="Prefeitura", slug="prefeitura")


@pytest.fixture
def conversation(author, board):
    return services.conversation_create(
        author=author,
        board=board,
        title="Transporte público",
        text="Como gastar o orçamento do transporte?",
        tags=["transporte"],
        comments=["Mais ônibus à noite.", "Tarifa zero aos domingos.", "Mais ciclovias."],
    )


@pytest.fixture
def reader():
    """Someone reading without a session (no cookie): the cached page."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def logged_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client

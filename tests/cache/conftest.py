"""The page cache runs on the configured cache: Redis when REDIS_URL is set (CI's second run),
the in-process cache otherwise."""

import itertools
import socket

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings

from ej.boards.models import Board
from ej.conversations import services
from settings.concerns import redis_cache

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


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@pytest.fixture
def redis_down():
    """A django-redis cache, configured as in production, pointed at a port nobody listens on."""
    caches = {"default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")}
    with override_settings(
        CACHES=caches, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        assert cache.get("anything") is None  # answers, but with nothing
        yield

import json

import pytest
from django.contrib.auth import get_user_model
from django.db.utils import ConnectionHandler

from ej.pages import routes
from tests.components.htmltools import elements, text


def get(client, path):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="en")


# home


def test_home_tells_what_ej_is_with_a_call_to_action(client):
    response = get(client, "/")
    assert response.status_code == 200
    html = response.content.decode()
    hrefs = {a.get("href") for a in elements(html, "a")}
    assert {"/conversations/", "/signup/"} <= hrefs
    content = text(html)
    for words in ("agree", "disagree", "skip", "opinion groups", "write their own"):
        assert words in content
    assert len(elements(html, "h1")) == 1


@pytest.mark.django_db
def test_home_for_a_logged_in_person_drops_the_sign_up_call(client):
    client.force_login(get_user_model().objects.create_user(email="c@example.org", password="x"))
    html = get(client, "/").content.decode()
    cta = html.split('class="call-to-action"', 1)[1].split("</div>", 1)[0]
    assert "/conversations/" in cta and "/signup/" not in cta


# healthz


@pytest.mark.django_db
def test_healthz_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_touches_no_cache(client, settings):
    # A cache that loses every value would not change the answer.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert client.get("/healthz").content == b"ok"


# readyz


@pytest.mark.django_db
def test_readyz_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }


@pytest.fixture
def unreachable_database(tmp_path):
    """A real SQLite connection to a file in a folder that does not exist."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "missing" / "db.sqlite3"),
            }
        }
    )
    connection = handler["default"]
    yield connection
    connection.close()


@pytest.mark.django_db
def test_readyz_fails_when_the_database_fails(client, monkeypatch, unreachable_database):
    monkeypatch.setattr(routes, "connection", unreachable_database)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {
        "status": "fail",
        "checks": {"database": "error: OperationalError", "cache": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_degraded_but_ready_when_the_cache_loses_values(client, settings):
    # DummyCache accepts every write and returns nothing, like Redis behind IGNORE_EXCEPTIONS.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "unavailable"},
    }


def redis_on_a_closed_port(ignore_exceptions):
    # Nothing listens on port 1: a real connection failure, swallowed or raised.
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": ignore_exceptions,
            },
        }
    }


@pytest.mark.django_db
@pytest.mark.parametrize("ignore_exceptions", [True, False])
def test_readyz_stays_ready_while_redis_is_down(client, settings, ignore_exceptions):
    # The site serves from PostgreSQL meanwhile: a load balancer must keep sending traffic.
    settings.CACHES = redis_on_a_closed_port(ignore_exceptions)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "unavailable"},
    }


@pytest.mark.django_db
def test_readyz_fails_when_both_the_database_and_redis_are_down(
    client, settings, monkeypatch, unreachable_database
):
    settings.CACHES = redis_on_a_closed_port(ignore_exceptions=True)
    monkeypatch.setattr(routes, "connection", unreachable_database)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "fail",
        "checks": {"database": "error: OperationalError", "cache": "unavailable"},
    }

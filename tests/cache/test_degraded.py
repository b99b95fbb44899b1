"""Without Redis the site still works: the cache degrades to misses, sessions to the database,
rate limits let requests through. And sessions outlive the cache."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from ej.conversations.models import Vote
from ej.users.tokens import api_token_create
from tests.cache.conftest import logged_in
from tests.components.htmltools import text

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent


def test_pages_answer_when_redis_is_down(redis_down, conversation, author, board, make_user):
    reader = Client(HTTP_ACCEPT_LANGUAGE="en")
    for url in (conversation.get_absolute_url(), "/conversations/", board.get_absolute_url()):
        for _ in range(2):
            response = reader.get(url)
            assert response.status_code == 200
    html = reader.get(conversation.get_absolute_url()).content.decode()
    assert "3 comments · 0 participants" in text(html)
    voter = logged_in(make_user())
    html = text(voter.get(conversation.get_absolute_url()).content.decode())
    assert "You voted on 0 of 3 comments" in html


def test_votes_succeed_when_redis_is_down(redis_down, conversation, make_user):
    comments = list(conversation.comments.order_by("id"))
    web_voter = make_user()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    # Logging in writes the session (cached_db: the database keeps it while Redis is away).
    assert client.post("/login/", {"username": web_voter.email, "password": "pass-word-123"})
    response = client.post(
        conversation.get_absolute_url() + "vote/", {"comment": comments[0].pk, "choice": "agree"}
    )
    assert response.status_code == 302
    html = text(client.get(conversation.get_absolute_url()).content.decode())
    assert "You voted on 1 of 3 comments" in html
    # The API's rate limits count in the cache: without it they let the votes through.
    api_voter = make_user()
    _token, secret = api_token_create(user=api_voter, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    for comment in comments:
        response = api.post(
            "/api/v1/votes/",
            json.dumps({"comment": comment.pk, "choice": "skip"}),
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
    assert Vote.objects.filter(author__in=[web_voter, api_voter]).count() == 4


def test_sessions_survive_a_cache_flush(settings, conversation, make_user):
    # cached_db: the cache is only a copy of the database's sessions. (With REDIS_URL set, as
    # in CI's second run, the cache flushed here is Redis itself.)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    person = make_user(name="Sofia Sessão")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.post("/login/", {"username": person.email, "password": "pass-word-123"})
    assert "Sofia Sessão" in text(client.get(conversation.get_absolute_url()).content.decode())
    cache.clear()  # what a Redis restart without persistence leaves
    response = client.get("/account/")
    assert response.status_code == 200
    assert "Sofia Sessão" in text(response.content.decode())


def test_with_redis_sessions_are_cached_in_the_database_too():
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    script = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    found = {}
    for redis_url in ("redis://127.0.0.1:6379/0", ""):
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {script}"],
            cwd=ROOT,
            env={
                **environment,
                "EJ_ENV": "test",
                "REDIS_URL": redis_url,
                "DJANGO_SETTINGS_MODULE": "settings",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        found[redis_url] = result.stdout.strip().splitlines()[-1]
    assert found["redis://127.0.0.1:6379/0"] == "django.contrib.sessions.backends.cached_db"
    assert found[""] == "django.contrib.sessions.backends.db"

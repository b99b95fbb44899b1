"""Fixtures of the API tests: five personas and a small world of conversations to act on.

- ``owner``: owns the board ``ana-board``, wrote both conversations (so edits them);
- ``moderator``: listed as a moderator of both conversations;
- ``other``: a registered person with no role;
- ``staff``: ``is_staff``;
- ``anonymous``: no token, no session.

``participant`` (not a persona) wrote a comment that awaits moderation, voted and holds a token,
so that each persona has someone else's things to try.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework.test import APIClient

from ej.boards.services import board_create
from ej.conversations.models import Comment
from ej.conversations.services import comment_create, conversation_create, vote_cast
from ej.users.tokens import api_token_create

PASSWORD = "a-long-pass-phrase-9"
PERSONAS = ["owner", "moderator", "other", "staff", "anonymous"]
API = "/api/v1"


@dataclass
class World:
    users: dict
    tokens: dict  # persona -> secret
    token_ids: dict  # persona -> ApiToken id
    board: object
    conversation: object
    hidden: object
    approved: list
    pending: object
    votes: dict = field(default_factory=dict)  # persona -> Vote

    def client(self, persona: str) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if persona in self.tokens:
            client.credentials(HTTP_AUTHORIZATION=f"Token {self.tokens[persona]}")
        return client


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Rate-limit counters live in the cache (Redis under CI): start every test at zero."""
    cache.clear()
    yield
    cache.clear()


def make_user(email: str, **fields):
    return get_user_model().objects.create_user(email=email, password=PASSWORD, **fields)


def build_world() -> World:
    users = {
        "owner": make_user("owner@example.org", name="Olga Owner"),
        "moderator": make_user("moderator@example.org", name="Mara Moderator"),
        "other": make_user("other@example.org", name="Otto Other"),
        "staff": make_user("staff@example.org", name="Stella Staff", is_staff=True),
        "participant": make_user("participant@example.org", name="Pedro Participant"),
    }
    board = board_create(owner=users["owner"], name="Ana's board", slug="ana-board")
    conversation = conversation_create(
        author=users["owner"],
        title="Should the city plant more trees?",
        text="Tell us what you think about trees in the city centre.",
        board=board,
        tags=["environment", "city"],
        comments=[
            "Trees make the streets cooler in summer.",
            "Roots break the pavements.",
            "Birds need more trees.",
            "Plant fruit trees in the parks.",
        ],
        moderators=[users["moderator"]],
    )
    hidden = conversation_create(
        author=users["owner"],
        title="A conversation still being prepared",
        text="Not open yet.",
        board=board,
        is_hidden=True,
        comments=["A first comment for the hidden one."],
        moderators=[users["moderator"]],
    )
    approved = list(conversation.comments.approved().order_by("id"))
    pending = comment_create(
        author=users["participant"],
        conversation=conversation,
        text="A comment that waits for moderation.",
    )
    assert pending.status == Comment.Status.PENDING
    tokens, token_ids = {}, {}
    for name, user in users.items():
        token, secret = api_token_create(user=user, name="tests")
        tokens[name], token_ids[name] = secret, token.pk
    votes = {
        name: vote_cast(author=users[name], comment=approved[0], choice="agree").vote
        for name in ("owner", "moderator", "other", "staff", "participant")
    }
    return World(
        users=users,
        tokens={name: tokens[name] for name in PERSONAS if name in tokens},
        token_ids=token_ids,
        board=board,
        conversation=conversation,
        hidden=hidden,
        approved=approved,
        pending=pending,
        votes=votes,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


def assert_error_shape(response, code: str | None = None):
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}, error
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    if code is not None:
        assert error["code"] == code, body
    return error

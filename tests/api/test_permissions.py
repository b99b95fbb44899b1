"""Every endpoint × method × persona, and the status code each must get.

Columns: owner, moderator, other, staff, anonymous (see conftest). Placeholders in the paths:
``{conv}`` the public conversation, ``{hidden}`` the hidden one, ``{approved}`` an approved
comment, ``{approved2}`` another one nobody voted on, ``{pending}`` a comment awaiting
moderation (by someone else), ``{own_vote}`` / ``{own_token}`` the persona's own vote and token,
``{others_vote}`` / ``{others_token}`` someone else's, ``{board}`` the owner's board,
``{email}`` the persona's e-mail (anonymous: the participant's).
"""

from __future__ import annotations

import pytest

from tests.api.conftest import API, PASSWORD, PERSONAS, assert_error_shape

ALL_200 = (200, 200, 200, 200, 200)
LOGGED_IN_200 = (200, 200, 200, 200, 401)
EVERYONE_405 = (405, 405, 405, 405, 405)
EVERYONE_404 = (404, 404, 404, 404, 404)

# (method, path, body, expected statuses for owner, moderator, other, staff, anonymous)
MATRIX = [
    # The API's root, schema and docs
    ("GET", "/", None, ALL_200),
    ("POST", "/", {}, EVERYONE_405),
    ("GET", "/schema/", None, ALL_200),
    ("POST", "/schema/", {}, EVERYONE_405),
    ("GET", "/docs/", None, ALL_200),
    ("GET", "/no-such-thing/", None, EVERYONE_404),
    # Conversations
    ("GET", "/conversations/", None, ALL_200),
    ("GET", "/conversations/?board={board}&search=trees&tag=city", None, ALL_200),
    ("POST", "/conversations/", {"title": "New one", "text": "Why?"}, (201, 403, 403, 201, 401)),
    ("PUT", "/conversations/", {}, EVERYONE_405),
    ("DELETE", "/conversations/", None, EVERYONE_405),
    ("GET", "/conversations/{conv}/", None, ALL_200),
    ("GET", "/conversations/{hidden}/", None, (200, 200, 404, 200, 404)),
    ("GET", "/conversations/no-such-conversation/", None, EVERYONE_404),
    ("PATCH", "/conversations/{conv}/", {"title": "Trees?"}, (200, 403, 403, 200, 401)),
    ("PATCH", "/conversations/{hidden}/", {"title": "Soon"}, (200, 403, 404, 200, 401)),
    ("PUT", "/conversations/{conv}/", {"title": "Trees?"}, EVERYONE_405),
    ("POST", "/conversations/{conv}/", {}, EVERYONE_405),
    ("DELETE", "/conversations/{conv}/", None, (204, 403, 403, 204, 401)),
    ("DELETE", "/conversations/{hidden}/", None, (204, 403, 404, 204, 401)),
    # A conversation's comments
    ("GET", "/conversations/{conv}/comments/", None, ALL_200),
    ("GET", "/conversations/{hidden}/comments/", None, (200, 200, 404, 200, 404)),
    (
        "GET",
        "/conversations/{conv}/comments/?status=pending",
        None,
        (200, 200, 403, 200, 401),
    ),
    ("POST", "/conversations/{conv}/comments/", "comment", (201, 201, 201, 201, 401)),
    ("POST", "/conversations/{hidden}/comments/", "comment", (201, 201, 404, 201, 401)),
    ("DELETE", "/conversations/{conv}/comments/", None, EVERYONE_405),
    # The requester's next comment and progress
    ("GET", "/conversations/{conv}/next-comment/", None, LOGGED_IN_200),
    ("GET", "/conversations/{hidden}/next-comment/", None, (200, 200, 404, 200, 401)),
    ("POST", "/conversations/{conv}/next-comment/", {}, EVERYONE_405),
    ("GET", "/conversations/{conv}/progress/", None, LOGGED_IN_200),
    ("GET", "/conversations/{hidden}/progress/", None, (200, 200, 404, 200, 401)),
    # Opinion groups: whoever sees the conversation (the requester's group needs a login)
    ("GET", "/conversations/{conv}/groups/", None, ALL_200),
    ("GET", "/conversations/{hidden}/groups/", None, (200, 200, 404, 200, 404)),
    ("POST", "/conversations/{conv}/groups/", {}, EVERYONE_405),
    ("DELETE", "/conversations/{conv}/groups/", None, EVERYONE_405),
    # Comments
    ("GET", "/comments/", None, LOGGED_IN_200),
    ("POST", "/comments/", {"text": "Not here."}, EVERYONE_405),
    ("GET", "/comments/{approved}/", None, ALL_200),
    ("GET", "/comments/{pending}/", None, (200, 200, 404, 200, 404)),
    ("GET", "/comments/999999/", None, EVERYONE_404),
    ("PATCH", "/comments/{approved}/", {"text": "Changed text."}, EVERYONE_405),
    ("PUT", "/comments/{approved}/", {"text": "Changed text."}, EVERYONE_405),
    ("DELETE", "/comments/{approved}/", None, EVERYONE_405),
    (
        "POST",
        "/comments/{pending}/moderate/",
        {"status": "approved"},
        (200, 200, 404, 200, 401),
    ),
    (
        "POST",
        "/comments/{approved}/moderate/",
        {"status": "rejected", "reason": "off_topic"},
        (200, 200, 403, 200, 401),
    ),
    ("GET", "/comments/{approved}/moderate/", None, EVERYONE_405),
    # Votes: one's own, never another's
    ("GET", "/votes/", None, LOGGED_IN_200),
    (
        "POST",
        "/votes/",
        {"comment": "{approved2}", "choice": "agree"},
        (201, 201, 201, 201, 401),
    ),
    ("POST", "/votes/", {"comment": "{pending}", "choice": "agree"}, (400, 400, 400, 400, 401)),
    ("GET", "/votes/{own_vote}/", None, LOGGED_IN_200),
    ("PATCH", "/votes/{own_vote}/", {"choice": "disagree"}, LOGGED_IN_200),
    ("GET", "/votes/{others_vote}/", None, (404, 404, 404, 404, 401)),
    ("PATCH", "/votes/{others_vote}/", {"choice": "disagree"}, (404, 404, 404, 404, 401)),
    ("PUT", "/votes/{own_vote}/", {"choice": "disagree"}, EVERYONE_405),
    ("DELETE", "/votes/{own_vote}/", None, EVERYONE_405),
    ("DELETE", "/votes/{others_vote}/", None, EVERYONE_405),
    # Boards
    ("GET", "/boards/", None, ALL_200),
    ("POST", "/boards/", {"name": "Mine", "slug": "my-new-board"}, (403, 201, 201, 201, 401)),
    ("GET", "/boards/{board}/", None, ALL_200),
    ("PATCH", "/boards/{board}/", {"name": "Renamed"}, (200, 403, 403, 200, 401)),
    ("PUT", "/boards/{board}/", {"name": "Renamed"}, EVERYONE_405),
    ("DELETE", "/boards/{board}/", None, EVERYONE_405),
    # Tokens
    ("GET", "/tokens/", None, LOGGED_IN_200),
    ("POST", "/tokens/", {"email": "{email}", "password": PASSWORD}, (201, 201, 201, 201, 201)),
    ("POST", "/tokens/", {"email": "{email}", "password": "wrong"}, (400, 400, 400, 400, 400)),
    ("DELETE", "/tokens/{own_token}/", None, (204, 204, 204, 204, 401)),
    ("DELETE", "/tokens/{others_token}/", None, (404, 404, 404, 404, 401)),
    ("GET", "/tokens/{own_token}/", None, EVERYONE_405),
    ("PATCH", "/tokens/{own_token}/", {"name": "x"}, EVERYONE_405),
]


def _values(world, persona: str) -> dict:
    someone = persona if persona in world.token_ids else "participant"
    unvoted = world.approved[1]
    return {
        "conv": world.conversation.slug,
        "hidden": world.hidden.slug,
        "approved": world.approved[0].pk,
        "approved2": unvoted.pk,
        "pending": world.pending.pk,
        "own_vote": world.votes[someone].pk,
        "others_vote": world.votes["participant"].pk,
        "own_token": world.token_ids[someone],
        "others_token": world.token_ids["participant"],
        "board": world.board.slug,
        "email": world.users[someone].email,
    }


def _fill(value, values):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return values[value[1:-1]]
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    return value


CASES = [
    pytest.param(method, path, body, persona, expected[index], id=f"{method} {path} {persona}")
    for method, path, body, expected in MATRIX
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("method", "path", "body", "persona", "expected"), CASES)
def test_permission_matrix(world, method, path, body, persona, expected):
    values = _values(world, persona)
    if body == "comment":
        body = {"text": f"A new comment written by the {persona} persona."}
    client = world.client(persona)
    response = client.generic(
        method,
        API + _fill(path, values),
        data=None if body is None else __import__("json").dumps(_fill(body, values)),
        content_type="application/json",
    )
    assert response.status_code == expected, response.content[:500]
    if expected >= 400:
        assert_error_shape(response)
    if expected == 405:
        assert method not in response["Allow"]
    if expected == 401:
        assert response["WWW-Authenticate"].startswith("Token")


def test_the_matrix_covers_every_route_and_method_of_the_schema():
    """A new endpoint or method must come with its row (and its five expectations)."""
    import yaml

    from ej.api.schema import SCHEMA_FILE

    schema = yaml.safe_load(SCHEMA_FILE.read_text())
    documented = {
        (method.upper(), path.removeprefix(API))
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "patch", "put", "delete"}
    }
    placeholders = {
        "{slug}": ("{conv}", "{hidden}", "{board}"),
        "{id}": ("{approved}", "{pending}", "{own_vote}", "{others_vote}", "{own_token}"),
    }
    tested = {(method, path.split("?")[0]) for method, path, _body, _expected in MATRIX}

    def covered(method, path):
        for name, options in placeholders.items():
            if name in path:
                return any(covered(method, path.replace(name, option, 1)) for option in options)
        return (method, path) in tested

    missing = sorted(item for item in documented if not covered(*item))
    assert missing == []

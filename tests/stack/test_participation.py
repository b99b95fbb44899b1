"""Voting, the page cache and the rate limits, through Nginx (port 8080) on the running stack.

The data is made by ``manage.py shell`` in the stack's own settings (its PostgreSQL database),
not by pytest-django: these tests only talk HTTP to the stack.
"""

import gzip
import http.client
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.django_db(databases=[])
ROOT = Path(__file__).resolve().parent.parent.parent

SETUP = """
import json, secrets
from django.contrib.auth import get_user_model
from ej.conversations import services
from ej.users.tokens import api_token_create
User = get_user_model()
organizer, _ = User.objects.get_or_create(
    email="smoke-organizer@example.invalid", defaults={"is_staff": True, "name": "Smoke"}
)
voter, _ = User.objects.get_or_create(email="smoke-voter@example.invalid")
voter.api_tokens.all().delete()
_token, secret = api_token_create(user=voter, name="smoke")
conversation = services.conversation_create(
    author=organizer,
    title="Smoke " + secrets.token_hex(4),
    text="Does the stack work?",
    comments=["It answers.", "It votes.", "It caches."],
)
print(json.dumps({
    "token": secret,
    "slug": conversation.slug,
    "comments": list(conversation.comments.values_list("id", flat=True)),
}))
"""


@pytest.fixture(scope="module")
def smoke():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env={**os.environ, "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def request(stack_url, method, path, *, body=None, headers=None, source=None):
    """One request on its own connection, from ``source`` (a loopback address) if given."""
    address = urlparse(stack_url)
    connection = http.client.HTTPConnection(
        address.hostname,
        address.port,
        timeout=10,
        source_address=(source, 0) if source else None,
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        headers: dict[str, str] = {}
        for name, value in response.getheaders():  # a header sent twice is joined, as RFC 9110
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return response.status, headers, response.read()
    finally:
        connection.close()


def somewhere():
    """A loopback address of its own, so these limits do not count other tests' requests."""
    return f"127.0.3.{random.randint(2, 254)}"


def page(stack_url, slug):
    status, headers, body = request(
        stack_url, "GET", f"/conversations/{slug}/", headers={"Accept-Language": "en"}
    )
    assert status == 200
    return headers, body.decode()


def test_a_vote_through_nginx_shows_on_the_cached_page_at_once(stack_url, smoke):
    _headers, html = page(stack_url, smoke["slug"])
    assert "3 comments · 0 participants" in html
    _headers, again = page(stack_url, smoke["slug"])  # from the page cache, in Redis
    assert "3 comments · 0 participants" in again
    auth = {"Authorization": f"Token {smoke['token']}", "Content-Type": "application/json"}
    status, _, body = request(
        stack_url, "GET", f"/api/v1/conversations/{smoke['slug']}/next-comment/", headers=auth
    )
    assert status == 200
    comment = json.loads(body)["comment"]["id"]
    assert comment in smoke["comments"]
    vote = json.dumps({"comment": comment, "choice": "agree"})
    status, _, body = request(stack_url, "POST", "/api/v1/votes/", body=vote, headers=auth)
    assert status == 201, body
    # Readers without a session see the count of the last few seconds (5 at most): one count
    # per few seconds, however many votes come in.
    deadline = time.monotonic() + 8
    while "3 comments · 1 participant" not in page(stack_url, smoke["slug"])[1]:
        assert time.monotonic() < deadline, "the new count did not show"
        time.sleep(0.5)


def test_pages_are_compressed_and_carry_the_security_headers(stack_url, smoke):
    status, headers, body = request(
        stack_url,
        "GET",
        f"/conversations/{smoke['slug']}/",
        headers={"Accept-Encoding": "gzip", "Accept-Language": "en"},
    )
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert b"Does the stack work?" in gzip.decompress(body)
    # Each once: Nginx adds only what the app did not set.
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["permissions-policy"] == "camera=(), microphone=(), geolocation=()"
    assert "accept-language" in headers["vary"].lower()


def test_probes_and_tokens_are_never_cached(stack_url):
    for path in ("/healthz", "/readyz"):
        status, headers, _ = request(stack_url, "GET", path)
        assert status == 200
        assert headers["cache-control"] == "no-store"


def test_static_files_expire_in_a_week(stack_url):
    status, headers, _ = request(stack_url, "GET", "/static/js/ej.js")
    assert status == 200
    assert headers["cache-control"] == "public, max-age=604800"  # one header, not two
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_login_is_rate_limited_past_the_burst(stack_url):
    source = somewhere()
    answers = [request(stack_url, "GET", "/login/", source=source) for _ in range(8)]
    statuses = [status for status, _, _ in answers]
    assert statuses[0] == 200
    assert 429 in statuses  # 10 a minute, a burst of 5
    assert statuses.count(200) <= 6
    _, headers, _ = answers[statuses.index(429)]
    assert headers["content-type"].startswith("text/html")  # pages keep Nginx's page


def test_votes_are_rate_limited_per_address_past_the_burst(stack_url):
    source = somewhere()
    found = []
    for _ in range(60):
        found.append(
            request(
                stack_url,
                "POST",
                "/api/v1/votes/",
                body=b"{}",
                source=source,
                headers={"Accept-Language": "en"},
            )
        )
    assert {status for status, _, _ in found[:20]} == {401}  # the app answers (no token)
    refused = [(headers, body) for status, headers, body in found if status == 429]
    assert refused, "20 a second, a burst of 40"
    # Refused by Nginx, before the app (which answers 401 without a token), in the API's shape.
    headers, body = refused[0]
    assert headers["content-type"] == "application/json"
    assert headers["retry-after"] == "1"
    assert json.loads(body) == {
        "error": {
            "code": "throttled",
            "message": "Too many requests. Try again in 1 second.",
            "fields": {},
        }
    }

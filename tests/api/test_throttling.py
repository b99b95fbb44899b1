"""Rate limits on votes, comments and token requests: per person and per client address (as
Nginx reports it in X-Real-IP), with 429 and Retry-After; and django-axes' lockout on token
requests."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import API, PASSWORD, assert_error_shape

pytestmark = pytest.mark.django_db


# Windows are fixed (aligned on the clock): freeze it one second into a day, so that no test
# straddles two windows whatever its speed.
FROZEN = 86400 * 20000 + 1.0


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    from ej.api.throttling import ScopedThrottle

    monkeypatch.setattr(ScopedThrottle, "timer", staticmethod(lambda: FROZEN))


@pytest.fixture
def rates(settings):
    def set_rates(**changes):
        current = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
        current.update({name.replace("_", "."): rate for name, rate in changes.items()})
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": current}

    return set_rates


def vote(world, persona, comment, address="203.0.113.10", choice="agree", **headers):
    return world.client(persona).post(
        f"{API}/votes/",
        {"comment": comment.pk, "choice": choice},
        HTTP_X_REAL_IP=address,
        **headers,
    )


def assert_throttled(response, limit_seconds=60):
    assert response.status_code == 429
    error = assert_error_shape(response, "throttled")
    wait = int(response["Retry-After"])
    assert wait == limit_seconds - 1  # the clock is one second into the window
    assert str(wait) in error["message"]


def test_votes_are_limited_per_person(world, rates):
    rates(votes_user="3/minute", votes_address=None)
    comments = world.approved
    for comment in comments[:3]:
        assert vote(world, "other", comment).status_code in (200, 201)
    assert_throttled(vote(world, "other", comments[3]))
    # Changing a vote counts too, and someone else is not affected.
    assert_throttled(
        world.client("other").patch(
            f"{API}/votes/{world.votes['other'].pk}/", {"choice": "skip"}, HTTP_X_REAL_IP="1.2.3.4"
        )
    )
    assert vote(world, "moderator", comments[3]).status_code == 201


def test_votes_are_limited_per_address_and_forwarded_for_cannot_dodge_it(world, rates):
    rates(votes_user=None, votes_address="2/minute")
    first, second, third = world.approved[1:4]
    assert vote(world, "other", first, HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 201
    assert vote(world, "moderator", second, HTTP_X_FORWARDED_FOR="10.0.0.2").status_code == 201
    # A third person behind the same address, claiming yet another X-Forwarded-For.
    assert_throttled(vote(world, "staff", third, HTTP_X_FORWARDED_FOR="10.0.0.3"))
    # Another address (as Nginx reports it) has its own counter.
    assert vote(world, "staff", third, address="198.51.100.7").status_code == 201


def test_reading_is_not_limited(world, rates):
    rates(votes_user="1/minute", votes_address="1/minute")
    client = world.client("other")
    for _ in range(5):
        assert client.get(f"{API}/votes/").status_code == 200


def test_comments_are_limited_per_person(world, rates):
    rates(comments_user="2/hour", comments_address=None)
    client = world.client("owner")  # the author has no comment quota, only the rate limit
    url = f"{API}/conversations/{world.conversation.slug}/comments/"
    for number in range(2):
        response = client.post(url, {"text": f"Another idea, number {number}."})
        assert response.status_code == 201
    response = client.post(url, {"text": "One idea too many."})
    assert_throttled(response, limit_seconds=3600)


def test_token_requests_are_limited_per_address(world, rates):
    rates(tokens_address="2/minute", tokens_email=None)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    for email in ("owner@example.org", "other@example.org"):
        response = client.post(
            f"{API}/tokens/", {"email": email, "password": PASSWORD}, HTTP_X_REAL_IP="192.0.2.1"
        )
        assert response.status_code == 201
    response = client.post(
        f"{API}/tokens/",
        {"email": "staff@example.org", "password": PASSWORD},
        HTTP_X_REAL_IP="192.0.2.1",
    )
    assert_throttled(response)


def test_token_requests_are_limited_per_email_whatever_its_case(world, rates):
    rates(tokens_address=None, tokens_email="2/hour")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    for number, email in enumerate(["other@example.org", "OTHER@example.org"]):
        response = client.post(
            f"{API}/tokens/",
            {"email": email, "password": PASSWORD},
            HTTP_X_REAL_IP=f"192.0.2.{number + 10}",
        )
        assert response.status_code == 201
    response = client.post(
        f"{API}/tokens/",
        {"email": "Other@Example.org", "password": PASSWORD},
        HTTP_X_REAL_IP="192.0.2.99",
    )
    assert_throttled(response, limit_seconds=3600)


def test_no_limit_when_a_rate_is_empty(world, rates):
    rates(votes_user=None, votes_address=None)
    for comment in world.approved:
        assert vote(world, "other", comment, choice="skip").status_code in (200, 201)


def test_repeated_wrong_passwords_lock_token_requests_out(world, settings):
    settings.EJ_LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 3
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    url = f"{API}/tokens/"
    for number in range(2):
        response = client.post(
            url,
            {"email": "other@example.org", "password": "wrong"},
            HTTP_X_REAL_IP=f"192.0.2.{number}",
        )
        assert response.status_code == 400
        assert_error_shape(response, "invalid_credentials")
    # The third failure reaches the limit; from then on even the right password is refused.
    for password in ("wrong", PASSWORD):
        response = client.post(
            url, {"email": "other@example.org", "password": password}, HTTP_X_REAL_IP="192.0.2.50"
        )
        assert response.status_code == 429
        assert response["Content-Type"] == "application/json"
        error = assert_error_shape(response, "locked_out")
        assert response["Retry-After"] == str(settings.EJ_LOGIN_COOLOFF_MINUTES * 60)
        assert "paused" in error["message"]
    # The lockout is the account's: the web login is paused too.
    page = client.post(
        "/login/",
        {"username": "other@example.org", "password": PASSWORD},
        format="multipart",
        HTTP_X_REAL_IP="192.0.2.51",
    )
    assert page.status_code == 429


def test_a_successful_token_request_forgets_earlier_failures(world, settings):
    settings.EJ_LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 3
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    url = f"{API}/tokens/"
    right = {"email": "other@example.org", "password": PASSWORD}
    wrong = {"email": "other@example.org", "password": "wrong"}
    for _ in range(2):
        assert client.post(url, wrong).status_code == 400
    assert client.post(url, right).status_code == 201
    for _ in range(2):
        assert client.post(url, wrong).status_code == 400
    assert client.post(url, right).status_code == 201


def test_an_unreadable_rate_fails_the_system_check(rates):
    from ej.api.checks import throttle_rates

    assert throttle_rates(None) == []
    rates(votes_user="lots", comments_address="5/fortnight")
    assert [error.id for error in throttle_rates(None)] == ["ej_api.E001", "ej_api.E001"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("60/minute", (60, 60)), ("5/s", (5, 1)), ("10/hour", (10, 3600)), ("1/day", (1, 86400))],
)
def test_rates_read_like_drfs(value, expected):
    from ej.api.throttling import parse_rate

    assert parse_rate(value) == expected
    assert parse_rate(None) is None


def test_the_count_starts_again_in_the_next_window(world, rates, monkeypatch):
    from ej.api.throttling import ScopedThrottle

    rates(votes_user="1/minute", votes_address=None)
    assert vote(world, "other", world.approved[1]).status_code == 201
    assert_throttled(vote(world, "other", world.approved[2]))
    monkeypatch.setattr(ScopedThrottle, "timer", staticmethod(lambda: FROZEN + 60))
    assert vote(world, "other", world.approved[2]).status_code == 201


def test_the_longest_wait_of_the_limits_passed_is_reported(world, rates):
    import math

    rates(votes_user="2/minute", votes_address="2/hour")
    first, second, third = world.approved[1:4]
    assert vote(world, "other", first).status_code == 201
    assert vote(world, "other", second).status_code == 201
    response = vote(world, "other", third)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == math.ceil(3600 - FROZEN % 3600)


def test_counters_expire_with_their_window(world, rates):
    from django.core.cache import caches
    from django_redis.cache import RedisCache

    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        pytest.skip("needs Redis (set REDIS_URL): the in-process cache has no TTL to read")
    rates(votes_user="5/minute", votes_address="7/hour")
    assert vote(world, "other", world.approved[1]).status_code == 201
    client = cache.client.get_client(write=True)
    ttls = {
        key.decode().split(":")[3]: client.ttl(key)
        for key in client.scan_iter(cache.client.make_key("ej-api-throttle:*"))
    }
    assert 0 < ttls["votes.user"] <= 61 and 61 < ttls["votes.address"] <= 3601

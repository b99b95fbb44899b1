"""Repeated failed logins pause logging in for one account, and for one address."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import RequestFactory

from ej.users.network import client_ip

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, email, password, address="203.0.113.5", **extra):
    return client.post(
        "/login/",
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
        **extra,
    )


@pytest.fixture
def limit(settings):
    settings.EJ_LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_an_account_is_locked_after_repeated_failures_even_from_other_addresses(
    client, user, limit
):
    # The case of the e-mail changes: the attempts still count against one account.
    for number, email in enumerate(["ana@example.org", "ANA@example.org", "Ana@Example.Org"]):
        response = login(client, email, "wrong", address=f"203.0.113.{number + 1}")
    assert response.status_code == 429

    response = login(client, "ana@example.org", PASSWORD, address="198.51.100.77")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Logging in is paused" in html
    assert "15 minutes" in html
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_repeated_failures_on_any_accounts(client, user, limit):
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        login(client, email, "wrong", address="203.0.113.50")

    response = login(client, "ana@example.org", PASSWORD, address="203.0.113.50")
    assert response.status_code == 429
    # Another address may still log in to the same account.
    assert login(client, "ana@example.org", PASSWORD, address="203.0.113.51").status_code == 302


def test_failures_below_the_limit_still_let_the_person_in(client, user, limit):
    login(client, "ana@example.org", "wrong")
    login(client, "ana@example.org", "wrong")
    response = login(client, "ana@example.org", PASSWORD)
    assert response.status_code == 302
    # A success forgets the failures.
    assert not AccessAttempt.objects.exists()


def test_the_lockout_counts_the_client_behind_the_proxy(client, user, limit):
    for _ in range(limit):
        login(client, "x@example.org", "wrong", address="10.0.0.1", HTTP_X_REAL_IP="198.51.100.9")
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "198.51.100.9"
    assert attempt.username == "x@example.org"
    # Another client behind the same proxy is not locked.
    response = login(
        client, "ana@example.org", PASSWORD, address="10.0.0.1", HTTP_X_REAL_IP="198.51.100.10"
    )
    assert response.status_code == 302


def test_attempts_keep_no_password(client, user, limit):
    login(client, "ana@example.org", "my-secret-guess")
    attempt = AccessAttempt.objects.get()
    assert "my-secret-guess" not in attempt.post_data


def test_a_password_reset_unlocks_the_account(client, user, limit):
    for _ in range(limit):
        login(client, "ana@example.org", "wrong", address="203.0.113.60")
    client.post("/password/reset/", {"email": "ana@example.org"})
    link = mail.outbox[0].body.split("http://testserver")[1].split()[0]
    form_url = client.get(link)["Location"]
    new = "girassol-na-janela"
    client.post(form_url, {"new_password1": new, "new_password2": new})

    assert login(client, "ana@example.org", new, address="203.0.113.61").status_code == 302


def test_the_test_client_login_helper_still_works(client, user):
    assert client.login(username="ana@example.org", password=PASSWORD)
    assert get_user_model().objects.get(pk=client.session["_auth_user_id"]) == user


@pytest.mark.parametrize(
    ("meta", "header", "expected"),
    [
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "198.51.100.1"},
            "HTTP_X_REAL_IP",
            "198.51.100.1",
        ),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "nonsense"}, "HTTP_X_REAL_IP", "10.0.0.1"),
        ({"REMOTE_ADDR": "10.0.0.1"}, "HTTP_X_REAL_IP", "10.0.0.1"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "198.51.100.1"}, "", "10.0.0.1"),
        ({"REMOTE_ADDR": "2001:db8::1"}, "", "2001:db8::1"),
        ({"REMOTE_ADDR": ""}, "", None),
        # The left-most X-Forwarded-For entry is written by the client: never trusted.
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"},
            "HTTP_X_REAL_IP",
            "10.0.0.1",
        ),
    ],
)
def test_client_ip(settings, meta, header, expected):
    settings.EJ_CLIENT_IP_HEADER = header
    request = RequestFactory().get("/")
    request.META.update(meta)
    assert client_ip(request) == expected

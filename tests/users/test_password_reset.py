import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "janela-azul-de-vidro"
SENT_PAGE = "/password/reset/sent/"


def reset_link(message) -> str:
    return re.search(r"http://testserver(/password/reset/\S+/)", message.body).group(1)


def ask(client, email, **extra):
    return client.post("/password/reset/", {"email": email}, **extra)


def test_asking_sends_a_single_use_link_in_a_plain_text_and_html_email(client, user):
    response = ask(client, "ANA@example.org ", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == SENT_PAGE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "Choose a new password" in message.subject
    assert "/password/reset/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert reset_link(message) in html


def test_the_email_speaks_the_visitor_language(client, user):
    ask(client, "ana@example.org", HTTP_ACCEPT_LANGUAGE="pt-br")
    # How long the link works, in Django's own Portuguese.
    assert "1\xa0hora" in mail.outbox[0].body


def test_an_unknown_email_gets_the_same_answer_and_no_email(client, user):
    known = ask(client, "ana@example.org")
    unknown = ask(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == SENT_PAGE
    assert len(mail.outbox) == 1
    page = client.get(SENT_PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "If an account uses the e-mail you typed" in page


def test_an_invalid_email_is_refused_next_to_the_field(client):
    response = ask(client, "not-an-email", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()
    assert mail.outbox == []


def test_the_link_lets_the_person_choose_a_new_password_once(client, user):
    ask(client, "ana@example.org")
    link = reset_link(mail.outbox[0])

    response = client.get(link)
    # The token leaves the address bar: the form is shown at a URL without it.
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.endswith("/set-password/")
    assert link.split("/")[-2] not in form_url
    assert client.get(form_url).status_code == 200

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # Single use: the same link no longer works.
    again = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert "This link does not work" in again.content.decode()
    assert client.get(form_url).status_code == 400


def test_a_weak_new_password_is_refused(client, user):
    ask(client, "ana@example.org")
    form_url = client.get(reset_link(mail.outbox[0]))["Location"]

    response = client.post(form_url, {"new_password1": "123", "new_password2": "123"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "path",
    [
        "/password/reset/MQ/wrong-token/",
        "/password/reset/not-base64!/abc-def/",
        "/password/reset/OTk5OTk/abc-def/",  # no such user
        "/password/reset/MQ/set-password/",  # no token in the session
    ],
)
def test_a_wrong_token_gets_a_clean_page(client, user, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    posted = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert posted.status_code == 400
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_expired_token_gets_a_clean_page(client, user, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    long_ago = datetime.datetime.now() - datetime.timedelta(hours=2)  # noqa: DTZ005 - Django's clock
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=long_ago):
        token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))

    response = client.get(f"/password/reset/{uid}/{token}/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "has expired" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_reset_requests_are_rate_limited_per_email(client, user, settings):
    settings.EJ_PASSWORD_RESET_LIMIT = 2
    for address in ("203.0.113.1", "203.0.113.2"):
        assert ask(client, "ana@example.org", REMOTE_ADDR=address).status_code == 302
    response = ask(client, "ANA@example.org", REMOTE_ADDR="203.0.113.3", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many password-reset links" in response.content.decode()
    assert len(mail.outbox) == 2


def test_reset_requests_are_rate_limited_per_address(client, user, settings):
    settings.EJ_PASSWORD_RESET_LIMIT = 2
    assert ask(client, "a@example.org", REMOTE_ADDR="203.0.113.7").status_code == 302
    assert ask(client, "b@example.org", REMOTE_ADDR="203.0.113.7").status_code == 302
    assert ask(client, "ana@example.org", REMOTE_ADDR="203.0.113.7").status_code == 429
    assert mail.outbox == []


def test_inactive_and_removed_accounts_get_no_email(client, user):
    user.is_active = False
    user.save()
    ask(client, "ana@example.org")
    assert mail.outbox == []


def test_reset_request_needs_the_csrf_token(csrf_client, user):
    assert csrf_client.post("/password/reset/", {"email": "ana@example.org"}).status_code == 403
    assert mail.outbox == []

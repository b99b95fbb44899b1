import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from ej.users.models import ApiToken
from ej.users.tokens import api_token_create, authenticate_token

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "laranja-madura-2031"


@pytest.mark.parametrize(
    "path", ["/account/", "/account/password/", "/account/tokens/", "/account/remove/"]
)
def test_account_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


def test_the_account_page_links_to_everything(client, user):
    client.force_login(user)
    html = client.get("/account/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for href in ("/profile/", "/account/password/", "/account/tokens/", "/account/remove/"):
        assert f'href="{href}"' in html
    assert "ana@example.org" in html


# Password change


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, user):
    other = Client()
    other.force_login(user)
    client.force_login(user)

    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302


def test_a_wrong_current_password_changes_nothing(client, user):
    client.force_login(user)
    response = client.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert 'id="id_old_password_error"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# API tokens


def test_a_token_is_shown_once_and_stored_only_as_a_digest(client, user):
    client.force_login(user)

    response = client.post("/account/tokens/", {"name": "Rocket.Chat"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    html = response.content.decode()
    secret = html.split('class="token-secret__value"')[1].split('value="')[1].split('"')[0]
    assert secret.startswith("ej_") and len(secret) > 40
    assert secret not in {token.digest, token.prefix}
    assert token.digest != secret and len(token.digest) == 64
    assert authenticate_token(secret) == user

    later = client.get("/account/tokens/").content.decode()
    assert secret not in later
    assert "Rocket.Chat" in later
    assert token.prefix in later


def test_authenticate_token_refuses_wrong_revoked_and_inactive(user):
    token, secret = api_token_create(user=user, name="script")
    assert authenticate_token(secret) == user
    token.refresh_from_db()
    assert token.last_used is not None

    for raw in (None, "", "ej_wrong", secret + "x", secret[:-1], "x" * 500):
        assert authenticate_token(raw) is None

    user.is_active = False
    user.save()
    assert authenticate_token(secret) is None


def test_revoking_a_token(client, user):
    token, secret = api_token_create(user=user, name="script")
    client.force_login(user)
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    assert authenticate_token(secret) is None


def test_nobody_revokes_someone_elses_token(client, user):
    token, _secret = api_token_create(user=user, name="script")
    intruder = User.objects.create_user(email="eve@example.org", password=PASSWORD)
    client.force_login(intruder)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiToken.objects.count() == 1


def test_a_token_needs_a_name_and_a_free_slot(client, user, settings):
    settings.EJ_API_TOKENS_PER_USER = 1
    client.force_login(user)
    response = client.post("/account/tokens/", {"name": "   "}, HTTP_ACCEPT_LANGUAGE="en")
    assert 'id="id_name_error"' in response.content.decode()
    assert not ApiToken.objects.exists()

    client.post("/account/tokens/", {"name": "one"})
    response = client.post("/account/tokens/", {"name": "two"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "You already have 1 token." in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_token_creation_needs_the_csrf_token(csrf_client, user):
    csrf_client.force_login(user)
    assert csrf_client.post("/account/tokens/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()

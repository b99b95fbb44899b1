import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_user(email="Ana@Example.org", password="s3cret-pass!")


def test_email_is_normalized_and_unique_without_case(user):
    from django.db import IntegrityError, transaction

    assert user.email == "ana@example.org"
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create(email="ANA@example.org")


def test_login_redirects_to_a_same_site_next(client, user):
    response = client.post(
        "/login/?next=/components/", {"username": "ana@example.org", "password": "s3cret-pass!"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/components/"


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/x"])
def test_login_ignores_a_next_on_another_site(client, user, target):
    response = client.post(
        "/login/", {"username": "ana@example.org", "password": "s3cret-pass!", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_shows_an_error_and_does_not_log_in(client, user):
    response = client.post(
        "/login/", {"username": "ana@example.org", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only_and_needs_csrf(user):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    assert csrf_client.get("/logout/").status_code == 405
    assert csrf_client.post("/logout/").status_code == 403
    assert "_auth_user_id" in csrf_client.session

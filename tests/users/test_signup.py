import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD = {
    "name": "  Maria   da Silva ",
    "email": "Maria@Example.org",
    "password1": "um-cafe-com-leite",
    "password2": "um-cafe-com-leite",
}


def test_the_form_shows_every_field(client):
    html = client.get("/signup/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for name in ("name", "email", "password1", "password2", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in html
    assert "Create an account" in html


def test_signing_up_creates_the_account_and_logs_in(client):
    response = client.post("/signup/", GOOD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get()
    assert user.email == "maria@example.org"
    assert user.name == "Maria da Silva"
    assert user.check_password("um-cafe-com-leite")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signing_up_honours_a_same_site_next(client):
    response = client.post("/signup/?next=/conversations/", GOOD)
    assert response["Location"] == "/conversations/"


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/x"])
def test_signing_up_ignores_a_next_elsewhere(client, target):
    response = client.post("/signup/", {**GOOD, "next": target})
    assert response["Location"] == "/"
    assert User.objects.count() == 1


def test_a_duplicate_email_in_another_case_is_refused_next_to_the_field(client, user):
    response = client.post(
        "/signup/", {**GOOD, "email": " ANA@example.ORG "}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "An account with this e-mail already exists" in html
    assert 'id="id_email_error"' in html
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "This password is too short"),
        ("password123", "This password is too common"),
        ("83749201938", "This password is entirely numeric"),
        ("maria.example", "The password is too similar"),
    ],
)
def test_a_weak_password_is_refused_with_django_validators(client, password, message):
    response = client.post(
        "/signup/",
        {
            **GOOD,
            "email": "maria.example@example.org",
            "password1": password,
            "password2": password,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 0


def test_passwords_that_differ_are_refused(client):
    response = client.post("/signup/", {**GOOD, "password2": "outra-senha-qualquer"})
    assert response.status_code == 200
    assert User.objects.count() == 0


def test_a_name_is_required(client):
    response = client.post("/signup/", {**GOOD, "name": "   "}, HTTP_ACCEPT_LANGUAGE="en")
    assert 'id="id_name_error"' in response.content.decode()
    assert User.objects.count() == 0


def test_sign_up_needs_the_csrf_token(csrf_client):
    assert csrf_client.post("/signup/", GOOD).status_code == 403
    assert User.objects.count() == 0

    csrf_client.get("/signup/")
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post("/signup/", {**GOOD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert User.objects.count() == 1


def test_sign_up_attempts_from_one_address_are_rate_limited(client, settings):
    settings.EJ_SIGNUP_LIMIT = 3
    for number in range(3):
        response = client.post(
            "/signup/", {**GOOD, "email": f"p{number}@example.org"}, REMOTE_ADDR="203.0.113.9"
        )
        assert response.status_code == 302
        client.post("/logout/")

    response = client.post(
        "/signup/",
        {**GOOD, "email": "p9@example.org"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    assert "Too many accounts were created from your network" in response.content.decode()
    assert response["Retry-After"] == str(settings.EJ_RATE_LIMIT_WINDOW_MINUTES * 60)
    assert User.objects.count() == 3

    # Another address is not affected.
    other = client.post("/signup/", {**GOOD, "email": "p9@example.org"}, REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 302


def test_the_rate_limit_follows_the_proxy_header(client, settings):
    settings.EJ_SIGNUP_LIMIT = 1
    first = client.post(
        "/signup/", {**GOOD, "email": "a@example.org"}, HTTP_X_REAL_IP="198.51.100.1"
    )
    assert first.status_code == 302
    client.post("/logout/")
    # Same TCP peer (the proxy), another client behind it.
    second = client.post(
        "/signup/", {**GOOD, "email": "b@example.org"}, HTTP_X_REAL_IP="198.51.100.2"
    )
    assert second.status_code == 302
    client.post("/logout/")
    third = client.post(
        "/signup/", {**GOOD, "email": "c@example.org"}, HTTP_X_REAL_IP="198.51.100.2"
    )
    assert third.status_code == 429


def test_a_logged_in_person_is_sent_on(client, user):
    client.force_login(user)
    assert client.get("/signup/?next=/profile/")["Location"] == "/profile/"


def test_new_people_log_in_with_their_password(client):
    client.post("/signup/", GOOD)
    client.post("/logout/")
    response = client.post(
        "/login/", {"username": "MARIA@example.org", "password": GOOD["password1"]}
    )
    assert response.status_code == 302

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings
from django.utils import translation
from htpy import p

from ej_components.examples import example_request
from ej_components.layout import page

from .htmltools import elements, text


def render(request, **kwargs):
    with translation.override("en"):
        return str(page(request, **{"title": "Votes", "content": p["Hello"], **kwargs}))


def logout_forms(html):
    return [attrs for attrs in elements(html, "form") if attrs.get("action") == "/logout/"]


def test_document_structure():
    html = render(example_request(), description="About votes")
    assert html.startswith("<!doctype html><html")
    assert elements(html, "html")[0]["lang"] == "en"
    assert "<title>Votes · EJ</title>" in html
    metas = elements(html, "meta")
    assert {"charset": "utf-8"} in metas
    assert {"name": "description", "content": "About votes"} in metas
    assert any(m.get("name") == "viewport" for m in metas)
    assert {"rel": "stylesheet", "href": "/static/css/main.css"} in elements(html, "link")
    assert {"src": "/static/js/ej.js", "defer": None} in elements(html, "script")


def test_skip_link_leads_to_main():
    html = render(example_request())
    first_link = elements(html, "a")[0]
    assert first_link == {"class": "skip-link", "href": "#main"}
    assert elements(html, "main")[0]["id"] == "main"
    assert elements(html, "nav")[0]["aria-label"] == "Main"


def test_language_follows_the_active_language():
    with translation.override("pt-br"):
        html = str(page(example_request(), title="x", content="y"))
    assert elements(html, "html")[0]["lang"] == "pt-br"


@override_settings(EJ_SITE_NAME="Participa")
def test_site_name_in_title_and_header():
    html = render(example_request())
    assert "<title>Votes · Participa</title>" in html
    assert render(example_request(), title="Participa").count("<title>Participa</title>") == 1


def test_anonymous_visitors_see_log_in_and_sign_up():
    html = render(example_request())
    hrefs = {a.get("href") for a in elements(html, "a")}
    assert {"/", "/conversations/", "/login/", "/signup/"} <= hrefs
    assert logout_forms(html) == []


@pytest.mark.django_db
def test_logged_in_people_see_their_name_and_a_log_out_form():
    user = get_user_model().objects.create_user(
        email="ana@example.org", password="pw-12345", name="Ana Lima"
    )
    html = render(example_request(user=user))
    assert "Ana Lima" in text(html)
    [logout] = logout_forms(html)
    assert logout["method"] == "post"
    tokens = [i for i in elements(html, "input") if i.get("name") == "csrfmiddlewaretoken"]
    assert len(tokens) == 1 and tokens[0]["value"]
    hrefs = {a.get("href") for a in elements(html, "a")}
    assert "/login/" not in hrefs


def test_a_bare_request_factory_request_renders():
    html = render(RequestFactory().get("/"))  # no user, no session, no messages
    assert "/login/" in html


def test_messages_are_announced():
    request = example_request(
        messages=[(messages.SUCCESS, "Vote saved."), (messages.ERROR, "Comment not saved.")]
    )
    html = render(request)
    roles = {m.get("class"): m.get("role") for m in elements(html, "div") if "role" in m}
    assert roles == {"message message--success": "status", "message message--error": "alert"}


def test_current_navigation_link():
    request = example_request(path="/conversations/12/")
    current = [a for a in elements(render(request), "a") if a.get("aria-current") == "page"]
    assert [a["href"] for a in current] == ["/conversations/"]


@pytest.mark.django_db
def test_page_through_the_client_shows_the_login_state(client):
    user = get_user_model().objects.create_user(email="bia@example.org", password="pw-12345")
    anonymous = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/login/" in anonymous and logout_forms(anonymous) == []
    client.force_login(user)
    logged_in = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "bia" in text(logged_in)
    assert len(logout_forms(logged_in)) == 1
    assert elements(logged_in, "html")[0]["lang"] == "en"

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.urls import reverse

from boogie.router import Router
from tests.boogie.testapp import routes
from tests.boogie.testapp.models import Note

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.boogie.urls")]


def anonymous_request(rf, path="/"):
    request = rf.get(path)
    request.user = AnonymousUser()
    return request


def assert_redirects_to_login(response, requested_path):
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/login/"
    assert parse_qs(location.query) == {"next": [requested_path]}


# Access control: login, permissions, lookups and methods


def test_anonymous_is_sent_to_login_with_next(client, note):
    assert_redirects_to_login(client.get("/notes/first/edit/"), "/notes/first/edit/")


def test_anonymous_is_sent_to_login_even_for_a_missing_object(client, note):
    assert_redirects_to_login(client.get("/notes/missing/edit/"), "/notes/missing/edit/")


def test_next_keeps_the_query_string(client, note):
    assert_redirects_to_login(client.get("/notes/first/?tab=2"), "/notes/first/?tab=2")


def test_user_without_object_permission_gets_403_and_view_does_not_run(client, note, stranger):
    client.force_login(stranger)

    assert client.get("/notes/first/edit/").status_code == 403
    assert client.post("/notes/first/edit/", {"title": "Hacked"}).status_code == 403
    note.refresh_from_db()
    assert note.title == "First note"


def test_owner_passes_the_object_permission(client, note, owner):
    client.force_login(owner)

    form = client.get("/notes/first/edit/")
    saved = client.post("/notes/first/edit/", {"title": "Renamed"})

    assert form.status_code == 200
    assert b'value="First note"' in form.content
    assert saved.status_code == 302
    assert saved["Location"] == "/notes/first/"
    note.refresh_from_db()
    assert note.title == "Renamed"


def test_missing_object_is_404_for_a_logged_in_user(client, note, owner):
    client.force_login(owner)
    assert client.get("/notes/missing/edit/").status_code == 404


def test_lookup_happens_before_the_permission_check(client, note, stranger):
    client.force_login(stranger)
    # Without permission on any note, a missing one is still "not found", not "forbidden".
    assert client.get("/notes/missing/edit/").status_code == 404


def test_wrong_method_is_405_with_allow_header(client, note, owner):
    client.force_login(owner)

    response = client.delete("/notes/first/edit/")

    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "HEAD", "POST"]


def test_get_route_accepts_head(client, note, owner):
    client.force_login(owner)
    assert client.head("/notes/first/edit/").status_code == 200


def test_methods_may_be_a_single_string(client, owner):
    client.force_login(owner)

    response = client.get("/create/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_global_permission_without_argument(client, owner):
    client.force_login(owner)
    assert client.post("/create/", {"slug": "second"}).status_code == 403
    assert not Note.objects.filter(slug="second").exists()

    owner.user_permissions.add(Permission.objects.get(codename="add_note"))
    response = client.post("/create/", {"slug": "second"})

    assert response.status_code == 201
    assert response.content == b"created second"
    assert Note.objects.filter(slug="second", owner=owner).exists()


def test_staff_route(client, make_user, stranger):
    assert_redirects_to_login(client.get("/staff/"), "/staff/")

    client.force_login(stranger)
    assert client.get("/staff/").status_code == 403

    client.force_login(make_user("staff@example.org", is_staff=True))
    response = client.get("/staff/")
    assert response.status_code == 200
    assert response.content == b"staff area"


def test_public_route_needs_no_login(client):
    response = client.get("/hello/")
    assert response.status_code == 200


# Model lookups


def test_lookup_by_configured_field(client, note, owner):
    client.force_login(owner)

    response = client.get("/notes/first/")

    assert response.status_code == 200
    assert b"<h1>First note</h1>" in response.content


def test_lookup_by_pk_when_a_route_overrides_the_router_lookup(client, note):
    response = client.get(f"/by-id/{note.pk}/")

    assert response.status_code == 200
    assert response.content == b"<h1>First note</h1>"
    assert client.get(f"/by-id/{note.pk + 1}/").status_code == 404
    # The path converter follows the lookup field: a slug does not match an integer pk.
    assert client.get("/by-id/first/").status_code == 404


def test_lookup_may_use_a_queryset(rf, owner):
    draft = Note.objects.create(slug="draft", title="Draft", owner=owner)
    published = Note.objects.create(slug="pub", title="Pub", owner=owner, status="published")
    router = Router(models={"note": Note.objects.filter(status="published")})

    @router.route("published/<model:note>/")
    def show(note):
        return note.title

    view = router.routes[0].as_view()

    assert router.routes[0].django_path == "published/<int:note>/"
    assert view(anonymous_request(rf), note=published.pk).content == b"Pub"
    with pytest.raises(Http404):
        view(anonymous_request(rf), note=draft.pk)


# Declaration errors


def test_model_parameter_without_model_fails_at_declaration():
    router = Router()

    with pytest.raises(ImproperlyConfigured, match="<model:note> has no model"):

        @router.route("notes/<model:note>/")
        def show(note):
            return ""

    assert router.routes == []


def test_permission_on_unknown_path_argument_fails_at_declaration():
    router = Router(models={"note": Note})

    with pytest.raises(ImproperlyConfigured, match="'conversation'"):

        @router.route("notes/<model:note>/", perms=["testapp.edit_note:conversation"])
        def show(note):
            return ""


# Names and the decorated function


def test_name_defaults_to_function_name_with_dashes(note):
    assert routes.note_detail.route.name == "note-detail"
    assert reverse("note-detail", kwargs={"note": "first"}) == "/notes/first/"
    assert reverse("note-by-id", kwargs={"note": 7}) == "/by-id/7/"
    assert reverse("edit-note", kwargs={"note": "first"}) == "/notes/first/edit/"


def test_explicit_name():
    router = Router()

    @router.route("x/", name="custom")
    def some_view():
        return ""

    assert router.urls[0].name == "custom"


def test_decorator_returns_the_function_unchanged(note):
    router = Router()

    def original(request):
        return "ok"

    assert router.route("x/")(original) is original
    assert original(None) == "ok"
    # The routes module's functions stay callable without the web layer.
    assert str(routes.note_by_id(note)) == "<h1>First note</h1>"


# What views return


def test_dict_renders_through_a_template_name(client, note, owner):
    client.force_login(owner)

    response = client.get("/notes/first/")

    assert response.status_code == 200
    assert response.content.decode() == (
        '<h1>First note</h1><p class="slug">first</p><p class="user">owner@example.org</p>\n'
    )


def test_dict_renders_through_a_page_callable(client, note, owner):
    client.force_login(owner)

    response = client.get("/pages/first/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>First note</h1>" in content
    assert "<p>by Olga Owner</p>" in content
    assert '<p class="user">Olga Owner</p>' in content


def test_htpy_element_escapes_values(client, owner):
    Note.objects.create(slug="xss", title="<script>", owner=owner)

    response = client.get(f"/by-id/{Note.objects.get(slug='xss').pk}/")

    assert response.content == b"<h1>&lt;script&gt;</h1>"


def test_string_is_returned_as_html(client):
    assert client.get("/hello/").content == b"<p>hello</p>"


def test_http_response_passes_through(rf):
    router = Router()

    @router.route("teapot/")
    def teapot():
        return HttpResponse("short and stout", status=418, headers={"X-Kind": "teapot"})

    response = router.routes[0].as_view()(anonymous_request(rf))

    assert response.status_code == 418
    assert response["X-Kind"] == "teapot"
    assert response.content == b"short and stout"


def test_dict_without_template_is_a_configuration_error(rf):
    router = Router()

    @router.route("x/")
    def data():
        return {"a": 1}

    with pytest.raises(ImproperlyConfigured, match="no template or page"):
        router.routes[0].as_view()(anonymous_request(rf))

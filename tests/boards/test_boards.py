import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from ej.boards import services
from ej.boards.models import Board
from ej.boards.reserved import reserved_board_slugs
from ej.conversations import services as conversation_services
from ej.conversations.models import Conversation
from tests.components.htmltools import elements, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def owner():
    return get_user_model().objects.create_user(email="owner@example.org", password="x")


@pytest.fixture
def stranger():
    return get_user_model().objects.create_user(email="stranger@example.org", password="x")


@pytest.fixture
def board(owner):
    return services.board_create(
        owner=owner, name="Prefeitura", slug="prefeitura", description="Da cidade."
    )


def client_as(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


# Reserved slugs


def test_reserved_slugs_include_every_top_level_path_of_the_site():
    reserved = reserved_board_slugs()
    assert {"conversations", "login", "logout", "components", "healthz", "readyz"} <= reserved
    assert {"boards", "profile", "api", "static", "media", "admin", "signup"} <= reserved


@pytest.mark.parametrize("slug", ["conversations", "login", "healthz", "boards", "Admin"])
def test_a_board_cannot_take_a_path_of_the_site(owner, slug):
    with pytest.raises(ValidationError) as error:
        services.board_create(owner=owner, name="X", slug=slug)
    assert "slug" in error.value.message_dict
    assert not Board.objects.exists()


@pytest.mark.parametrize("slug", ["", "com espaço", "barra/invalida", "ação"])
def test_a_board_slug_is_a_plain_slug(owner, slug):
    with pytest.raises(ValidationError):
        services.board_create(owner=owner, name="X", slug=slug)


def test_board_slugs_are_unique(board, stranger):
    with pytest.raises(ValidationError) as error:
        services.board_create(owner=stranger, name="Outra", slug="prefeitura")
    assert error.value.message_dict["slug"] == ["Another board already uses this address."]


# Quota


def test_board_quota(owner, board, settings):
    assert not owner.has_perm("ej_boards.can_add_board")
    with pytest.raises(ValidationError) as error:
        services.board_create(owner=owner, name="Segundo", slug="segundo")
    assert "You already have the 1 board each person may create." in error.value.messages
    settings.EJ_BOARD_QUOTA = 2
    assert owner.has_perm("ej_boards.can_add_board")
    services.board_create(owner=owner, name="Segundo", slug="segundo")


def test_staff_have_no_board_quota():
    staff = get_user_model().objects.create_user(email="s@example.org", is_staff=True)
    for number in range(3):
        services.board_create(owner=staff, name=f"B{number}", slug=f"b{number}")
    assert staff.has_perm("ej_boards.can_add_board")


def test_anonymous_cannot_add_boards():
    assert not AnonymousUser().has_perm("ej_boards.can_add_board")


def test_only_the_owner_edits(board, stranger, owner):
    with pytest.raises(PermissionDenied):
        services.board_update(board=board, editor=stranger, name="Tomada")
    services.board_update(board=board, editor=owner, name=" Nova  ", palette="orange")
    board.refresh_from_db()
    assert (board.name, board.palette, board.slug) == ("Nova", "orange", "prefeitura")


# Pages


PAGES = {
    "my boards": ("/boards/", [200, 200, "login"]),
    "create": ("/boards/add/", [403, 200, "login"]),
    "board": ("/prefeitura/", [200, 200, 200]),
    "edit": ("/prefeitura/edit/", [200, 403, "login"]),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["owner", "stranger", "anonymous"])
def test_page_permissions(request, board, name, role):
    path, expected = PAGES[name]
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = client_as(user).get(path)
    status = response.status_code
    if status == 302 and "/login/" in response["Location"]:
        status = "login"
    assert status == expected[["owner", "stranger", "anonymous"].index(role)]


def test_unknown_board_is_404(client):
    assert client.get("/no-such-board/").status_code == 404


def test_create_a_board_through_the_page(stranger):
    client = client_as(stranger)
    response = client.post(
        "/boards/add/",
        {"name": "Bairro", "slug": "bairro", "description": "", "palette": "green"},
    )
    assert response.status_code == 302 and response["Location"] == "/bairro/"
    assert Board.objects.get(slug="bairro").owner == stranger
    html = client.get("/bairro/").content.decode()
    assert "palette palette-green" in [a.get("class") for a in elements(html, "div")]
    assert "No conversations on this board yet" in text(html)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "slug": "ok"}, "name"),
        ({"name": "X", "slug": "login"}, "slug"),
        ({"name": "X", "slug": "Com Espaço"}, "slug"),
        ({"name": "X", "slug": "ok", "palette": "#ff0000; background: url(x)"}, "palette"),
    ],
)
def test_create_a_board_with_bad_input(stranger, data, field):
    response = client_as(stranger).post("/boards/add/", {"palette": "brand", **data})
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Board.objects.exists()


def test_edit_a_board_keeps_its_address(board, owner):
    client = client_as(owner)
    response = client.post(
        "/prefeitura/edit/",
        {"name": "Prefeitura Nova", "slug": "outra", "description": "x", "palette": "purple"},
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.slug, board.name, board.palette) == ("prefeitura", "Prefeitura Nova", "purple")


def test_board_page_lists_its_visible_conversations(board, owner, stranger):
    conversation_services.conversation_create(author=owner, board=board, title="Aberta", text="?")
    conversation_services.conversation_create(
        author=owner, board=board, title="Escondida", text="?", is_hidden=True
    )
    conversation_services.conversation_create(author=owner, title="Fora do quadro", text="?")
    for_stranger = text(client_as(stranger).get("/prefeitura/").content.decode())
    assert "Aberta" in for_stranger
    assert "Escondida" not in for_stranger and "Fora do quadro" not in for_stranger
    for_owner = client_as(owner).get("/prefeitura/").content.decode()
    assert "Escondida" in text(for_owner)
    assert "/conversations/add/?board=prefeitura" in [
        a.get("href") for a in elements(for_owner, "a")
    ]


def test_board_owner_edits_and_moderates_its_conversations(board, owner, stranger):
    conversation = conversation_services.conversation_create(
        author=owner, board=board, title="Aberta", text="?"
    )
    board.owner = stranger
    board.save()
    conversation = Conversation.objects.select_related("board").get(pk=conversation.pk)
    assert stranger.has_perm("ej_conversations.can_edit", conversation)
    assert stranger.has_perm("ej_conversations.can_moderate", conversation)


def test_my_boards_lists_them(board, owner):
    html = client_as(owner).get("/boards/").content.decode()
    assert "Prefeitura" in text(html)
    assert "/prefeitura/" in [a.get("href") for a in elements(html, "a")]


def test_board_text_is_escaped(owner):
    services.board_create(owner=owner, name="<script>x()</script>", slug="xss")
    html = Client().get("/xss/").content.decode()
    assert "<script>x()" not in html and "&lt;script&gt;x()" in html

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from ej.boards.models import Board
from ej.conversations import services
from ej.conversations.models import Comment, Conversation

_numbers = itertools.count(1)


@pytest.fixture
def make_user(db):
    def make(name="", **fields):
        number = next(_numbers)
        email = fields.pop("email", f"person{number}@example.org")
        return get_user_model().objects.create_user(
            email=email, password="pass-word-123", name=name or f"Person {number}", **fields
        )

    return make


@pytest.fixture
def author(make_user):
    return make_user("Ana Autora")


@pytest.fixture
def moderator(make_user):
    return make_user("Marcos Moderador")


@pytest.fixture
def participant(make_user):
    return make_user("Paula Participante")


@pytest.fixture
def other(make_user):
    return make_user("Otto Outro")


@pytest.fixture
def staff(make_user):
    return make_user("Sara Staff", is_staff=True)


@pytest.fixture
def board(author):
    return Board.objects.create(owner=author, name="Prefeitura", slug="prefeitura")


@pytest.fixture
def conversation(author, moderator, board):
    conversation = services.conversation_create(
        author=author,
        board=board,
        title="Transporte público",
        text="Como gastar o orçamento do transporte?",
        tags=["transporte"],
        comments=["Mais ônibus à noite.", "Tarifa zero aos domingos.", "Mais ciclovias."],
        moderators=[moderator],
    )
    Conversation.objects.filter(pk=conversation.pk).update(is_promoted=True)
    conversation.refresh_from_db()
    return conversation


@pytest.fixture
def comments(conversation):
    return list(conversation.comments.order_by("id"))


@pytest.fixture
def pending_comment(conversation, other):
    return services.comment_create(author=other, conversation=conversation, text="Metrô já!")


@pytest.fixture
def rejected_comment(conversation, other, moderator):
    comment = services.comment_create(
        author=other, conversation=conversation, text="Nada a ver com o tema."
    )
    services.comment_moderate(
        comments=[comment], moderator=moderator, status="rejected", reason="off_topic"
    )
    comment.refresh_from_db()
    return comment


def logged_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    return logged_in


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def approved(conversation):
    return conversation.comments.filter(status=Comment.Status.APPROVED)


@pytest.fixture(autouse=True)
def in_english():
    from django.utils import translation

    with translation.override("en"):
        yield

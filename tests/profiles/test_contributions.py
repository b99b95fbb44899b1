import pytest
from django.contrib.auth import get_user_model

from ej.conversations.models import Comment, Conversation, FavoriteConversation, Vote

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def world(user, other):
    mine = Conversation.objects.create(
        author=user,
        title="Minha conversa sobre praças",
        text="Como usar as praças?",
        comment_limit=5,
    )
    theirs = Conversation.objects.create(
        author=other, title="Transporte público", text="Como melhorar os ônibus?", comment_limit=5
    )
    opened = [
        Comment.objects.create(conversation=theirs, author=other, text=text, status="approved")
        for text in ("Mais ônibus à noite.", "Tarifa zero aos domingos.", "Faixas exclusivas.")
    ]
    Vote.objects.create(author=user, comment=opened[0], choice=1)
    Vote.objects.create(author=user, comment=opened[1], choice=-1)
    Vote.objects.create(author=other, comment=opened[2], choice=1)
    approved = Comment.objects.create(
        conversation=theirs, author=user, text="Ônibus elétricos já.", status="approved"
    )
    Vote.objects.create(author=other, comment=approved, choice=1)
    Comment.objects.create(conversation=theirs, author=user, text="Metrô até o aeroporto.")
    Comment.objects.create(
        conversation=theirs,
        author=user,
        text="Falem do meu time de futebol.",
        status="rejected",
        rejection_reason="off_topic",
        rejection_text="Esta conversa é sobre transporte.",
    )
    Comment.objects.create(
        conversation=theirs, author=other, text="Comentário de outra pessoa.", status="approved"
    )
    FavoriteConversation.objects.create(user=user, conversation=theirs)
    return {"mine": mine, "theirs": theirs}


def test_contributions_show_everything_the_person_did(client, user, world):
    client.force_login(user)

    response = client.get("/profile/contributions/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    # Conversations they started.
    assert "Minha conversa sobre praças" in html
    # Comments, each with its moderation status; the rejected one with its reason.
    for text in ("Ônibus elétricos já.", "Metrô até o aeroporto.", "Falem do meu time de futebol."):
        assert text in html
    for status in ("approved", "awaiting moderation", "rejected"):
        assert status in html
    assert "Off-topic" in html
    assert "Esta conversa é sobre transporte." in html
    assert "1 agree, 0 disagree, 0 skipped" in html
    # Votes by conversation.
    assert "1 agree, 1 disagree, 0 skipped" in html
    # Favourites.
    assert html.count("Transporte público") >= 2
    # Nothing of other people's.
    assert "Comentário de outra pessoa." not in html


def test_contributions_of_someone_new_are_empty_states(client, other):
    newcomer = User.objects.create_user(email="new@example.org", password=PASSWORD)
    client.force_login(newcomer)
    html = client.get("/profile/contributions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for title in ("No comments yet", "No votes yet", "No conversations yet", "No favourites yet"):
        assert title in html


def test_the_contributions_page_reads_a_fixed_number_of_queries(
    client, user, world, django_assert_max_num_queries
):
    client.force_login(user)
    with django_assert_max_num_queries(14):
        client.get("/profile/contributions/")

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from ej.boards.models import Board
from ej.conversations.models import Comment, Conversation, Vote
from ej.conversations.polis import PLACEHOLDER_DOMAIN

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_the_polis_conversation_once(client, settings):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    board = Board.objects.get(slug="demo")
    seattle = Conversation.objects.get(slug="seattle-15-per-hour")
    assert seattle.board == board and seattle.source == "polis"
    assert Conversation.objects.filter(board=board).count() == 2
    statuses = dict(seattle.comments.values_list("status").annotate(n=Count("id")))
    # 54 comments in the export: 30 accepted, 23 rejected, 1 unmoderated; one accepted comment
    # (311 characters) and one rejected ("?") do not fit EJ's 2-252 characters.
    assert statuses == {"approved": 29, "rejected": 22, "pending": 1}
    votes = Vote.objects.filter(comment__conversation=seattle)
    assert votes.count() == 2765
    assert not votes.exclude(author__email__endswith="@" + PLACEHOLDER_DOMAIN).exists()
    voters = votes.values("author").distinct()
    participants = get_user_model().objects.filter(pk__in=voters)
    assert not any(user.has_usable_password() for user in participants)
    rejected = Comment.objects.filter(conversation=seattle, status="rejected")
    assert not rejected.filter(rejection_reason="").exists()
    page = client.get("/conversations/seattle-15-per-hour/", HTTP_ACCEPT_LANGUAGE="en")
    assert "The Computational Democracy Project" in page.content.decode()
    assert client.get("/demo/").status_code == 200


def test_demo_login_account_is_for_development_only(settings):
    call_command("seed_demo", verbosity=0)
    assert not get_user_model().objects.filter(email="demo@ej.localhost").exists()
    settings.EJ_ENV = "dev"
    call_command("seed_demo", verbosity=0)
    assert get_user_model().objects.get(email="demo@ej.localhost").is_staff


def test_seed_demo_does_nothing_in_production(settings):
    settings.EJ_ENV = "production"
    call_command("seed_demo", verbosity=0)
    assert not Board.objects.exists()

"""Two requests of the same person voting on the same comment at the same moment."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from ej.conversations import services
from ej.conversations.models import Vote
from ej.conversations.models.vote import VoteQuerySet

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (set DATABASE_URL): SQLite lets one writer in at a time, so the "
            "two votes cannot race; CI runs this test on PostgreSQL"
        )


def _cast_together(monkeypatch, comment, author, choices):
    """Both requests read "no vote yet" before either writes: the race the constraint guards."""
    both_read = threading.Barrier(len(choices), timeout=10)
    real_first = VoteQuerySet.first

    def first_then_wait(queryset):
        found = real_first(queryset)
        if queryset.model is Vote:
            both_read.wait()
        return found

    monkeypatch.setattr(VoteQuerySet, "first", first_then_wait)
    results, errors = [], []

    def cast(choice):
        try:
            results.append(services.vote_cast(author=author, comment=comment, choice=choice))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=(choice,)) for choice in choices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    monkeypatch.undo()
    assert errors == []
    return results


def _setup():
    User = get_user_model()
    author = User.objects.create_user(email="organizer@example.org", password="x")
    voter = User.objects.create_user(email="voter@example.org", password="x")
    conversation = services.conversation_create(
        author=author, title="Concorrência", text="?", comments=["Um comentário."]
    )
    return voter, conversation.comments.get()


@pytest.mark.usefixtures("postgres_only")
def test_two_identical_concurrent_votes_leave_one_row(monkeypatch):
    voter, comment = _setup()
    results = _cast_together(monkeypatch, comment, voter, ["agree", "agree"])
    assert sorted(result.created for result in results) == [False, True]
    assert list(Vote.objects.values_list("author", "comment", "choice")) == [
        (voter.pk, comment.pk, 1)
    ]


@pytest.mark.usefixtures("postgres_only")
def test_two_different_concurrent_votes_leave_one_row_with_one_of_them(monkeypatch):
    voter, comment = _setup()
    _cast_together(monkeypatch, comment, voter, ["agree", "disagree"])
    votes = list(Vote.objects.values_list("choice", flat=True))
    assert len(votes) == 1 and votes[0] in (1, -1)

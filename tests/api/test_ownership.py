"""A vote or a comment by one person can never be changed through another person's token."""

from __future__ import annotations

import pytest

from ej.conversations.models import Comment, Vote
from tests.api.conftest import API

pytestmark = pytest.mark.django_db

INTRUDERS = ["owner", "moderator", "other", "staff"]


def snapshot_vote(vote):
    vote = Vote.objects.get(pk=vote.pk)
    return (vote.author_id, vote.comment_id, vote.choice, vote.channel, vote.modified)


@pytest.mark.parametrize("intruder", INTRUDERS)
def test_another_persons_vote_cannot_be_read_or_changed(world, intruder):
    victim = world.votes["participant"]
    before = snapshot_vote(victim)
    client = world.client(intruder)
    url = f"{API}/votes/{victim.pk}/"

    assert client.get(url).status_code == 404
    assert client.patch(url, {"choice": "disagree"}).status_code == 404
    assert client.put(url, {"choice": "disagree"}).status_code == 405
    assert client.delete(url).status_code == 405
    listed = client.get(f"{API}/votes/?page_size=100").json()["results"]
    assert victim.pk not in {vote["id"] for vote in listed}

    # Voting on the same comment records the intruder's own vote, never the victim's.
    answer = client.post(f"{API}/votes/", {"comment": victim.comment_id, "choice": "disagree"})
    assert answer.status_code == 200  # the intruder had voted on it already: theirs changes
    assert answer.json()["id"] == world.votes[intruder].pk
    assert snapshot_vote(victim) == before


@pytest.mark.parametrize("intruder", INTRUDERS)
def test_a_vote_body_cannot_name_its_author_or_another_vote(world, intruder):
    victim = world.votes["participant"]
    before = snapshot_vote(victim)
    answer = world.client(intruder).post(
        f"{API}/votes/",
        {
            "comment": world.approved[2].pk,
            "choice": "skip",
            "author": world.users["participant"].pk,
            "id": victim.pk,
        },
    )
    assert answer.status_code == 201
    created = Vote.objects.get(pk=answer.json()["id"])
    assert created.author == world.users[intruder]
    assert created.channel == Vote.Channel.API
    assert snapshot_vote(victim) == before


@pytest.mark.parametrize("intruder", ["moderator", "other", "staff"])
def test_another_persons_comment_cannot_be_edited_or_deleted(world, intruder):
    comment = world.approved[0]  # written by the owner
    client = world.client(intruder)
    url = f"{API}/comments/{comment.pk}/"
    for method, body in (("patch", {"text": "Rewritten!"}), ("put", {"text": "Rewritten!"})):
        assert getattr(client, method)(url, body).status_code == 405
    assert client.delete(url).status_code == 405
    fresh = Comment.objects.get(pk=comment.pk)
    assert (fresh.text, fresh.status, fresh.author_id) == (
        comment.text,
        comment.status,
        comment.author_id,
    )


def test_a_person_who_does_not_moderate_cannot_change_a_comments_status(world):
    approved, pending = world.approved[0], world.pending
    client = world.client("other")
    assert (
        client.post(
            f"{API}/comments/{approved.pk}/moderate/", {"status": "rejected", "reason": "terms"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"{API}/comments/{pending.pk}/moderate/", {"status": "approved"}).status_code
        == 404
    )
    assert Comment.objects.get(pk=approved.pk).status == Comment.Status.APPROVED
    assert Comment.objects.get(pk=pending.pk).status == Comment.Status.PENDING


def test_a_comment_body_cannot_name_another_author_or_status(world):
    answer = world.client("other").post(
        f"{API}/conversations/{world.conversation.slug}/comments/",
        {
            "text": "Shade is good for everyone.",
            "author": world.users["owner"].pk,
            "status": "approved",
        },
    )
    assert answer.status_code == 201
    comment = Comment.objects.get(pk=answer.json()["id"])
    assert comment.author == world.users["other"]
    assert comment.status == Comment.Status.PENDING
    assert answer.json()["is_own"] is True


def test_a_token_acts_for_its_owner_even_with_another_persons_session(world):
    client = world.client("other")
    client.force_login(world.users["owner"])  # a session cookie of someone else
    answer = client.post(f"{API}/votes/", {"comment": world.approved[3].pk, "choice": "agree"})
    assert answer.status_code == 201
    assert Vote.objects.get(pk=answer.json()["id"]).author == world.users["other"]

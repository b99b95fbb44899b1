"""The serializers of the voting path write their answer out (ej/api/serializers.py): it must be
what DRF's generic representation, built from their declared fields, says."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory

from ej.api import serializers as api
from ej.conversations.models import Comment, RejectionReason, Vote
from ej.conversations.services import vote_cast

pytestmark = pytest.mark.django_db


def _context(user) -> dict:
    request = APIRequestFactory().get("/api/v1/", HTTP_HOST="testserver")
    request.user = user
    return {"request": request}


def _generic(serializer_class, instance, context):
    serializer = serializer_class(context=context)
    return super(serializer_class, serializer).to_representation(instance)


def _comments(world):
    rejected = world.approved[3]
    rejected.status = Comment.Status.REJECTED
    rejected.rejection_reason = RejectionReason.OFFENSIVE
    rejected.rejection_text = "Insults a neighbour."
    rejected.save()
    return [*world.approved, world.pending, Comment.objects.get(pk=rejected.pk)]


def test_comments(world):
    comments = _comments(world)
    assert {comment.status for comment in comments} == {"approved", "pending", "rejected"}
    for viewer in (world.users["owner"], world.users["participant"], AnonymousUser()):
        context = _context(viewer)
        for comment in comments:
            written = api.CommentSerializer(comment, context=context).data
            assert written == _generic(api.CommentSerializer, comment, context)
            assert written["url"].startswith("http://testserver/api/v1/comments/")
    own = api.CommentSerializer(world.pending, context=_context(world.users["participant"])).data
    assert own["is_own"] is True


def test_votes(world):
    vote_cast(author=world.users["other"], comment=world.approved[1], choice="disagree")
    vote_cast(author=world.users["other"], comment=world.approved[2], choice="skip")
    context = _context(world.users["other"])
    votes = list(Vote.objects.filter(author=world.users["other"]).select_related("comment"))
    assert {vote.choice for vote in votes} == {1, -1, 0}
    for vote in votes:
        assert api.VoteSerializer(vote, context=context).data == _generic(
            api.VoteSerializer, vote, context
        )
    many = api.VoteSerializer(votes, many=True, context=context).data
    assert [vote["choice"] for vote in many] == [
        {1: "agree", -1: "disagree", 0: "skip"}[vote.choice] for vote in votes
    ]


@pytest.mark.parametrize("comments_left", [None, 3])
def test_next_cards(world, comments_left):
    context = _context(world.users["other"])
    progress = {"voted": 1, "total": 4, "remaining": 3, "comments_left": comments_left}
    for comment in (world.approved[1], None):
        card = {"comment": comment, "progress": progress}
        assert api.NextCommentSerializer(card, context=context).data == _generic(
            api.NextCommentSerializer, card, context
        )


def _generic_parse(data):
    serializer = api.VoteCastSerializer()
    return dict(super(api.VoteCastSerializer, serializer).run_validation(data))


@pytest.mark.parametrize(
    "data",
    [
        {"comment": 7, "choice": "agree"},
        {"comment": 1, "choice": "disagree", "next": True},
        {"comment": 2**63 - 1, "choice": "skip", "next": False},
        {"comment": 7, "choice": "agree", "unknown": "ignored"},
    ],
)
def test_a_vote_is_read_as_the_fields_read_it(data):
    serializer = api.VoteCastSerializer(data=data)
    assert serializer.is_valid()
    assert serializer.validated_data == _generic_parse(data)
    assert type(serializer.validated_data["choice"]) is type(_generic_parse(data)["choice"])


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"comment": "7", "choice": "agree"}, "comment"),
        ({"comment": True, "choice": "agree"}, "comment"),
        ({"comment": 0, "choice": "agree"}, "comment"),
        ({"comment": 2**63, "choice": "agree"}, "comment"),
        ({"comment": 7.0, "choice": "agree"}, "comment"),
        ({"choice": "agree"}, "comment"),
        ({"comment": 7, "choice": "AGREE"}, "choice"),
        ({"comment": 7, "choice": 1}, "choice"),
        ({"comment": 7}, "choice"),
        ({"comment": 7, "choice": "agree", "next": "yes"}, "next"),
        ({"comment": 7, "choice": "agree", "next": 1}, "next"),
        ({"comment": 7, "choice": "agree", "next": None}, "next"),
    ],
)
def test_a_malformed_vote_is_refused_by_its_field(data, field):
    serializer = api.VoteCastSerializer(data=data)
    assert not serializer.is_valid()
    assert set(serializer.errors) == {field}

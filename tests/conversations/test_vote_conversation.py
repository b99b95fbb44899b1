"""Votes keep their comment's conversation (the ballot reads a person's votes in a conversation
by it), however they are written."""

from __future__ import annotations

import pytest

from ej.conversations import rules, services
from ej.conversations.models import Comment, Vote

pytestmark = pytest.mark.django_db


def _stored_conversations() -> set[int]:
    return set(Vote.objects.values_list("conversation_id", flat=True))


def test_a_vote_cast_saved_or_inserted_keeps_its_comments_conversation(
    conversation, comments, participant, other
):
    services.vote_cast(author=participant, comment=comments[0], choice="agree")
    Vote.objects.create(author=other, comment=comments[0], choice=Vote.Choice.SKIP)
    Vote.objects.insert_if_new(Vote(author=participant, comment=comments[1], choice=-1))
    assert Vote.objects.count() == 3
    assert _stored_conversations() == {conversation.pk}


def test_bulk_created_votes_get_it_from_comments_that_are_not_loaded(
    conversation, comments, participant, other
):
    Vote.objects.bulk_create(
        [
            Vote(author_id=person.pk, comment_id=comment.pk, choice=1)
            for person in (participant, other)
            for comment in comments
        ]
    )
    assert Vote.objects.count() == 2 * len(comments)
    assert _stored_conversations() == {conversation.pk}


def test_the_ballot_counts_only_the_votes_of_its_own_conversation(
    conversation, comments, participant, author
):
    elsewhere = services.conversation_create(
        author=author, title="Another", text="Another question?", comments=["Elsewhere."]
    )
    other_comment = Comment.objects.get(conversation=elsewhere)
    services.vote_cast(author=participant, comment=other_comment, choice="agree")
    services.vote_cast(author=participant, comment=comments[0], choice="skip")
    approved = Comment.objects.filter(conversation=conversation, status="approved").count()
    assert rules.progress(participant, conversation) == (1, approved)
    assert rules.progress(participant, elsewhere) == (1, 1)

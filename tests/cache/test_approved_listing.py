"""Each process keeps a conversation's approved comments until its content version moves
(ej.conversations.approved): a vote's ballot then reads only the person's own votes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ej.conversations import cache as page_cache
from ej.conversations import rules, services
from ej.conversations.models import Comment, Conversation
from ej.conversations.models.comment import RejectionReason

pytestmark = pytest.mark.django_db


def listing_reads(queries) -> int:
    """Reads of the approved comments' listing: their ids and authors (the ballot's own query
    reads votes, and the comment drawn is read whole)."""
    listing = re.compile(
        r'SELECT "ej_conversations_comment"\."id"( AS "id")?, '
        r'"ej_conversations_comment"\."author_id"( AS "author_id")? FROM'
    )
    return sum(1 for query in queries if listing.match(query["sql"]))


def a_request(conversation, person):
    """What a request asks of the rules, on its own copy of the conversation; returns the
    progress and the queries it took."""
    fresh = Conversation.objects.get(pk=conversation.pk)
    with CaptureQueriesContext(connection) as queries:
        progress = rules.progress(person, fresh)
        rules.next_comment(person, fresh)
    return progress, queries


def test_the_listing_is_read_once_per_content_version(conversation, make_user):
    person = make_user()
    progress, queries = a_request(conversation, person)
    assert progress == (0, 3)
    assert listing_reads(queries) == 1
    for _ in range(3):
        progress, queries = a_request(conversation, person)
        assert progress == (0, 3)
        assert listing_reads(queries) == 0
    # The ballot itself: the person's votes (with their facts) and the comment drawn.
    assert len(queries) == 2, [query["sql"][:100] for query in queries]


def test_a_change_reaches_the_ballot_when_the_version_moves(conversation, make_user):
    person = make_user()
    assert a_request(conversation, person)[0] == (0, 3)
    first = conversation.comments.order_by("id").first()
    # Another process rejects a comment: until its bump arrives (after its commit), this process
    # still offers the listing it keeps...
    Comment.objects.filter(pk=first.pk).update(
        status=Comment.Status.REJECTED, rejection_reason=RejectionReason.OFFENSIVE
    )
    assert a_request(conversation, person)[0] == (0, 3)
    # ...and reads it again once the content version has moved.
    page_cache.bump([conversation.pk], content=True)
    progress, queries = a_request(conversation, person)
    assert progress == (0, 2)
    assert listing_reads(queries) == 1
    drawn = {rules.next_comment(person, conversation).pk for _ in range(30)}
    assert first.pk not in drawn


@pytest.mark.parametrize("gone", ["rejected", "deleted"])
def test_a_comment_gone_without_a_bump_is_never_drawn(conversation, make_user, gone):
    """A change whose bump never reached the cache (down for a moment), or a comment deleted by a
    cascade (no signal): the comment drawn is read only if it is still approved, and when it is
    not the listing is read again."""
    person = make_user()
    assert a_request(conversation, person)[0] == (0, 3)
    *leaving, staying = conversation.comments.order_by("id")
    leaving = Comment.objects.filter(pk__in=[comment.pk for comment in leaving])
    if gone == "rejected":
        leaving.update(status=Comment.Status.REJECTED, rejection_reason=RejectionReason.OFFENSIVE)
    else:
        leaving.delete()
    for _ in range(10):
        fresh = Conversation.objects.get(pk=conversation.pk)
        assert rules.next_comment(person, fresh) == staying
    assert rules.progress(person, fresh) == (0, 1)


def test_comments_and_moderation_reach_the_ballot_on_commit(
    conversation, author, make_user, django_capture_on_commit_callbacks
):
    person = make_user()
    assert a_request(conversation, person)[0] == (0, 3)
    with django_capture_on_commit_callbacks(execute=True):
        own = services.comment_create(author=person, conversation=conversation, text="O meu.")
    assert a_request(conversation, person)[0] == (0, 3)  # pending
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(comments=[own], moderator=author, status="approved")
    fresh = Conversation.objects.get(pk=conversation.pk)
    assert rules.progress(person, fresh) == (0, 4)
    assert rules.next_comment(person, fresh) == own  # their own comment first


def test_votes_on_comments_rejected_since_do_not_count(
    conversation, author, make_user, django_capture_on_commit_callbacks
):
    person = make_user()
    comments = list(conversation.comments.order_by("id"))
    services.vote_cast(author=person, comment=comments[0], choice="agree")
    services.vote_cast(author=person, comment=comments[1], choice="skip")
    assert a_request(conversation, person)[0] == (2, 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(
            comments=[comments[0]], moderator=author, status="rejected", reason="offensive"
        )
    assert a_request(conversation, person)[0] == (1, 2)


def test_without_the_cache_the_listing_is_read_every_time(redis_down, conversation, make_user):
    person = make_user()
    for _ in range(2):
        progress, queries = a_request(conversation, person)
        assert progress == (0, 3)
        assert listing_reads(queries) == 1

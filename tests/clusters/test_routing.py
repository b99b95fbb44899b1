"""Routing: once priorities exist, the next comment is drawn in proportion to them."""

import random
import uuid
from collections import Counter

import pytest

from ej.conversations import rules as conversation_rules
from ej.conversations.models import Conversation
from ej_clusters import selectors, services
from ej_clusters.math import UNSEEN_PRIORITY
from ej_clusters.models import Clusterization, CommentValue, Status
from ej_clusters.selectors import Priorities
from tests.clusters.conftest import add_comments

pytestmark = pytest.mark.django_db


def with_priorities(conversation, weights):
    """Store a result whose priorities are ``{comment: weight}``."""
    clusterization = services.clusterization_for(conversation)
    Clusterization.objects.filter(pk=clusterization.pk).update(
        status=Status.ACTIVE, result_token=uuid.uuid4().hex
    )
    CommentValue.objects.bulk_create(
        [
            CommentValue(clusterization=clusterization, comment=comment, priority=weight)
            for comment, weight in weights.items()
        ]
    )
    fresh = Conversation.objects.get(pk=conversation.pk)
    selectors.forget(fresh)  # .update() sends no signal
    return fresh


def test_no_priorities_before_the_first_result(conversation):
    assert selectors.priorities(conversation) is None
    services.clusterization_for(conversation)
    assert selectors.priorities(Conversation.objects.get(pk=conversation.pk)) is None


def test_priorities_of_a_result_and_unseen_comments(voted, author):
    conversation, _people = voted
    services.recompute(services.clusterization_for(conversation))
    fresh = Conversation.objects.get(pk=conversation.pk)
    priorities = selectors.priorities(fresh)
    assert isinstance(priorities, Priorities) and len(priorities) == 8
    assert all(value > 0 for value in priorities.values())
    # A comment written after the run is routed as an unseen one.
    (new,) = add_comments(conversation, 1, author)[-1:]
    assert new.pk not in priorities
    assert priorities.get(new.pk, 1.0) == UNSEEN_PRIORITY


def test_priorities_are_cached_per_result(voted, django_assert_num_queries):
    conversation, _people = voted
    services.recompute(services.clusterization_for(conversation))
    selectors.priorities(Conversation.objects.get(pk=conversation.pk))  # warms the cache
    fresh = Conversation.objects.get(pk=conversation.pk)
    with django_assert_num_queries(0):  # the summary and the priorities come from the cache
        assert selectors.priorities(fresh)
        assert selectors.priorities(fresh)
    # A new result is seen at once: saving the clusterization drops the cached summary.
    token = fresh.clusterization.result_token
    services.recompute(services.clusterization_for(conversation))
    again = Conversation.objects.get(pk=conversation.pk)
    assert selectors.summary(again).result_token != token


def test_routing_draws_in_proportion_to_priority(conversation, author, participant, monkeypatch):
    comments = add_comments(conversation, 1, author)  # four comments by the author
    weights = dict(zip(comments, [1.0, 2.0, 3.0, 4.0], strict=True))
    conversation = with_priorities(conversation, weights)
    monkeypatch.setattr(conversation_rules, "_random", random.Random(20260501))
    draws = 2000
    counts = Counter(
        conversation_rules.next_comment_value(participant, conversation).pk for _ in range(draws)
    )
    total = sum(weights.values())
    for comment, weight in weights.items():
        expected = draws * weight / total
        # Binomial standard deviation is at most 22 here; allow 4 of them.
        assert abs(counts[comment.pk] - expected) < 4 * (expected * (1 - weight / total)) ** 0.5


def test_comments_without_a_priority_are_routed_as_unseen(
    conversation, author, participant, monkeypatch
):
    comments = add_comments(conversation, 1, author)
    weights = {comments[0]: UNSEEN_PRIORITY / 9}
    conversation = with_priorities(conversation, weights)
    monkeypatch.setattr(conversation_rules, "_random", random.Random(7))
    draws = 2000
    counts = Counter(
        conversation_rules.next_comment_value(participant, conversation).pk for _ in range(draws)
    )
    # Three unseen comments of weight 9w against one of weight w: 1 in 28 draws.
    assert counts[comments[0].pk] < draws / 28 * 2
    assert len(counts) == 4


def test_switched_off_groups_do_not_route(conversation, author):
    comments = add_comments(conversation, 1, author)
    conversation = with_priorities(conversation, {comments[0]: 5.0})
    assert selectors.priorities(conversation)
    Clusterization.objects.filter(conversation=conversation).update(status=Status.DISABLED)
    selectors.forget(conversation)
    assert selectors.priorities(Conversation.objects.get(pk=conversation.pk)) is None


def test_the_value_is_registered(conversation, participant):
    from boogie.rules import compute, value_exists

    assert value_exists(conversation_rules.PRIORITIES_VALUE)
    assert compute(conversation_rules.PRIORITIES_VALUE, participant, conversation) is None

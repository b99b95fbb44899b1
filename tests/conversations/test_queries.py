"""The conversation page and a vote cost a fixed number of queries, whatever the size."""

import pytest
from django.test import Client

from ej.conversations.models import Comment, Vote
from ej.conversations.text import comment_key

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 18  # measured: 15
VOTE_QUERIES = 15  # measured: 13 (the message is saved in the session)
VOTE_JSON_QUERIES = 22  # measured: 20
LIST_QUERIES = 10  # measured: 8
MODERATION_QUERIES = 9  # measured: 6


@pytest.fixture(params=[10, 1000], ids=["10-comments", "1000-comments"])
def crowded(request, conversation, participant, make_user):
    size = request.param
    authors = [make_user() for _ in range(5)]
    Comment.objects.bulk_create(
        [
            Comment(
                conversation=conversation,
                author=authors[number % 5],
                text=f"Comentário número {number}",
                text_key=comment_key(f"Comentário número {number}"),
                status=("approved", "approved", "pending", "rejected")[number % 4],
                rejection_reason="off_topic" if number % 4 == 3 else "",
            )
            for number in range(size)
        ]
    )
    approved = list(conversation.comments.approved())
    voters = [make_user() for _ in range(10)]
    Vote.objects.bulk_create(
        [
            Vote(author=voter, comment=comment, choice=(1, -1, 0)[(i + j) % 3])
            for i, voter in enumerate(voters)
            for j, comment in enumerate(approved)
        ]
    )
    Vote.objects.bulk_create(
        [Vote(author=participant, comment=comment, choice=1) for comment in approved[::2]]
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(participant)
    client.get("/")  # the session and the language are settled before counting
    return client, conversation, approved


def test_conversation_page(crowded, django_assert_max_num_queries):
    client, conversation, _approved = crowded
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(conversation.get_absolute_url())
    assert response.status_code == 200


def test_a_vote(crowded, django_assert_max_num_queries):
    client, conversation, approved = crowded
    data = {"comment": approved[1].pk, "choice": "agree"}
    with django_assert_max_num_queries(VOTE_QUERIES):
        response = client.post(f"/conversations/{conversation.slug}/vote/", data)
    assert response.status_code == 302


def test_a_vote_answered_with_the_next_card(crowded, django_assert_max_num_queries):
    client, conversation, approved = crowded
    data = {"comment": approved[3].pk, "choice": "skip"}
    with django_assert_max_num_queries(VOTE_JSON_QUERIES):
        response = client.post(
            f"/conversations/{conversation.slug}/vote/", data, HTTP_ACCEPT="application/json"
        )
    assert response.status_code == 200


def test_conversation_list(crowded, django_assert_max_num_queries):
    client, _conversation, _approved = crowded
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get("/conversations/").status_code == 200


def test_moderation_queue(crowded, author, django_assert_max_num_queries):
    _client, conversation, _approved = crowded
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(author)
    client.get("/")
    with django_assert_max_num_queries(MODERATION_QUERIES):
        assert client.get(f"/conversations/{conversation.slug}/moderate/").status_code == 200

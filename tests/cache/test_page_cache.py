"""Conversation pages and lists come from the cache, and are never stale after one's own action:
votes, comments, moderation and edits move the conversation's versions on commit."""

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ej.conversations import cache as page_cache
from ej.conversations import services
from ej.conversations.models import Conversation, Vote
from ej.users.tokens import api_token_create
from tests.cache.conftest import logged_in
from tests.components.htmltools import text

pytestmark = pytest.mark.django_db


def page_text(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return text(response.content.decode())


def test_a_vote_moves_the_version_and_the_next_view_shows_the_new_count(
    settings, reader, conversation, make_user, django_capture_on_commit_callbacks
):
    settings.EJ_PAGE_READER_STATS_SECONDS = 0  # readers too see the count exact
    url = conversation.get_absolute_url()
    assert "3 comments · 0 participants" in page_text(reader, url)
    before = page_cache.versions([conversation.pk])[conversation.pk]
    voter = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        services.vote_cast(author=voter, comment=conversation.comments.first(), choice="agree")
    after = page_cache.versions([conversation.pk])[conversation.pk]
    assert after[0] == before[0]  # the content did not change
    assert after[1] > before[1]  # the votes did
    assert "3 comments · 1 participant" in page_text(reader, url)


def test_the_voter_sees_their_own_vote_at_once(
    conversation, make_user, django_capture_on_commit_callbacks
):
    voter = make_user()
    client = logged_in(voter)
    url = conversation.get_absolute_url()
    html = page_text(client, url)
    assert "0 participants" in html and "You voted on 0 of 3 comments" in html
    comment = conversation.comments.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url + "vote/", {"comment": comment.pk, "choice": "agree"})
    assert response.status_code == 302
    html = page_text(client, url)
    assert "1 participant" in html and "You voted on 1 of 3 comments" in html


def test_readers_count_lags_a_few_seconds_while_the_voter_sees_it_exact(
    reader, conversation, make_user, monkeypatch, django_capture_on_commit_callbacks
):
    url = conversation.get_absolute_url()
    assert "0 participants" in page_text(reader, url)
    voter = make_user()
    client = logged_in(voter)
    comment = conversation.comments.first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "vote/", {"comment": comment.pk, "choice": "agree"})
    assert "1 participant" in page_text(client, url)  # the voter's own view: exact
    assert "0 participants" in page_text(reader, url)  # readers: the count of a moment ago
    later = page_cache.time.time() + page_cache.reader_stats_seconds() + 1
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    assert "1 participant" in page_text(reader, url)


def test_comments_and_moderation_move_the_content_version(
    reader, conversation, author, make_user, django_capture_on_commit_callbacks
):
    url = conversation.get_absolute_url()
    assert "3 comments" in page_text(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        pending = services.comment_create(
            author=make_user(), conversation=conversation, text="Metrô já!"
        )
    assert "3 comments" in page_text(reader, url)  # waiting for moderation: not public
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(comments=[pending], moderator=author, status="approved")
    html = page_text(reader, url)
    assert "4 comments" in html
    # The approved comment is among those drawn for readers.
    drawn = {page_text(reader, url).count("Metrô já!") for _ in range(40)}
    assert drawn == {0, 1}


def test_editing_the_conversation_shows_at_once(
    reader, conversation, author, django_capture_on_commit_callbacks
):
    url = conversation.get_absolute_url()
    assert "Transporte público" in page_text(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_update(
            conversation=conversation, editor=author, title="Ônibus", tags=["ônibus"]
        )
    html = page_text(reader, url)
    assert "Ônibus" in html and "Transporte público" not in html
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_update(conversation=conversation, editor=author, is_hidden=True)
    assert reader.get(url).status_code == 404


def test_renaming_the_board_shows_on_its_conversations(
    reader, conversation, board, django_capture_on_commit_callbacks
):
    url = conversation.get_absolute_url()
    assert "Prefeitura" in page_text(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        board.name = "Câmara"
        board.save()
    assert "Câmara" in page_text(reader, url)


def test_a_cached_reader_page_costs_no_query(reader, conversation, django_assert_num_queries):
    url = conversation.get_absolute_url()
    with CaptureQueriesContext(connection) as uncached:
        first = reader.get(url)
    with django_assert_num_queries(0):
        second = reader.get(url)
    assert len(uncached) >= 3
    assert first.status_code == second.status_code == 200
    # The card is drawn for each reader among the approved comments.
    approved = {str(pk) for pk in conversation.comments.values_list("pk", flat=True)}
    drawn = set()
    for _ in range(30):
        cards = re.findall(r'id="comment-(\d+)-text"', reader.get(url).content.decode())
        assert len(cards) == 1
        drawn.update(cards)
    assert len(drawn) > 1 and drawn <= approved


def test_people_with_a_session_get_their_own_page(
    conversation, make_user, django_capture_on_commit_callbacks
):
    reader = Client(HTTP_ACCEPT_LANGUAGE="en")
    reader.get(conversation.get_absolute_url())  # cached for readers without a session
    voter = logged_in(make_user(name="Vera Votante"))
    html = page_text(voter, conversation.get_absolute_url())
    assert "Vera Votante" in html and "Log in to vote" not in html
    assert "Log in" not in html.split("Vera Votante")[0]


def test_languages_are_cached_apart(conversation):
    reader = Client()
    url = conversation.get_absolute_url()
    for language in ("en", "pt-br", "en", "pt-br"):
        html = reader.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f'<html lang="{language}"' in html


def test_lists_and_boards_are_cached_and_follow_votes(
    reader,
    conversation,
    board,
    make_user,
    django_capture_on_commit_callbacks,
):
    Conversation.objects.filter(pk=conversation.pk).update(is_promoted=True)  # listed
    with CaptureQueriesContext(connection) as uncached:
        assert "0 participants" in page_text(reader, "/conversations/")
    with CaptureQueriesContext(connection) as cached:
        assert "0 participants" in page_text(reader, "/conversations/")
    assert len(cached) < len(uncached)
    # The board shows the same card, already cached: no statistics read.
    with CaptureQueriesContext(connection) as on_board:
        assert "0 participants" in page_text(reader, board.get_absolute_url())
    assert len(on_board) == len(cached) + 1  # the board itself
    with django_capture_on_commit_callbacks(execute=True):
        services.vote_cast(author=make_user(), comment=conversation.comments.first(), choice="skip")
    for url in ("/conversations/", board.get_absolute_url()):
        assert "1 participant" in page_text(reader, url)


def test_text_written_by_people_cannot_open_a_hole(reader, conversation, make_user):
    # Markers hold a token made when the page is rendered: a comment cannot guess it.
    services.comment_create(
        author=make_user(),
        conversation=conversation,
        text="ej-hole-0123456789abcdef01234567-participation",
        status="approved",
    )
    url = conversation.get_absolute_url()
    reader.get(url)
    for _ in range(10):
        html = reader.get(url).content.decode()
        assert html.count('id="participation"') == 1


def test_api_votes_move_the_version_too(
    conversation, make_user, django_capture_on_commit_callbacks
):
    voter = make_user()
    _token, secret = api_token_create(user=voter, name="test")
    before = page_cache.versions([conversation.pk])[conversation.pk]
    client = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/votes/",
            json.dumps({"comment": conversation.comments.first().pk, "choice": "agree"}),
            content_type="application/json",
        )
    assert response.status_code == 201
    assert page_cache.versions([conversation.pk])[conversation.pk][1] > before[1]
    assert Vote.objects.count() == 1

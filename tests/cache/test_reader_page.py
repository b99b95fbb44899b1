"""The whole page kept for readers without a session: rendered once, with holes for what each
request draws (the statistics line, the opinion groups, the comment drawn and its CSRF token),
it is what the route renders, at one read of the cache and no query."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from markupsafe import escape

from ej.conversations import cache as page_cache
from ej.conversations import services
from ej.conversations.models import Comment, Conversation, Vote
from tests.components.htmltools import elements

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"quotes\" ej-hole-0123456789abcdef01234567-text 1"


def rendered_for_everyone_else(url):
    """The page as the route renders it, without the reader cache: a reader whose cookie
    names no session is anonymous too, but not a reader without a session."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["sessionid"] = "no-such-session"
    return client.get(url).content.decode()


def drawn_card(html):
    """The id of the comment drawn for the reader, and the page with that comment taken out."""
    (pk,) = set(re.findall(r'id="comment-(\d+)-text"', html))
    html = html.replace(f"comment-{pk}-text", "comment-N-text")
    html = html.replace(f"comments/{pk}/", "comments/N/")
    html = html.replace(f'name="comment" value="{pk}"', 'name="comment" value="N"')
    html = re.sub(r'(id="comment-N-text">)[^<]*', r"\1TEXT", html)
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*', r"\1TOKEN", html)
    return int(pk), html


@pytest.mark.parametrize("anonymous_votes", [False, True])
def test_the_reader_page_is_the_page_the_route_renders(
    reader, conversation, make_user, anonymous_votes
):
    services.comment_create(
        author=make_user(), conversation=conversation, text=HOSTILE, status="approved"
    )
    if anonymous_votes:
        conversation.allow_anonymous_votes = True
        conversation.save()
    url = conversation.get_absolute_url()
    texts = dict(conversation.comments.values_list("pk", "text"))
    _pk, expected = drawn_card(rendered_for_everyone_else(url))
    seen = set()
    for _ in range(40):  # the first one renders and stores the page, the others are hits
        html = reader.get(url).content.decode()
        pk, page = drawn_card(html)
        assert page == expected
        assert re.findall(r'id="comment-\d+-text">([^<]*)', html) == [str(escape(texts[pk]))]
        seen.add(pk)
    assert seen == set(texts)
    # The statistics line is HTML, not text.
    assert '<p class="conversation-header__stats">4 comments · 0 participants</p>' in html


def test_each_reader_gets_their_own_csrf_token_and_can_vote(conversation):
    conversation.allow_anonymous_votes = True
    conversation.save()
    url = conversation.get_absolute_url()
    Client().get(url)  # stores the page
    tokens = set()
    for _ in range(2):
        reader = Client(enforce_csrf_checks=True)
        response = reader.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert "csrftoken" in response.cookies
        fields = {
            a["name"]: a["value"]
            for a in elements(response.content.decode(), "input")
            if a.get("type") == "hidden"
        }
        tokens.add(fields["csrfmiddlewaretoken"])
        vote = reader.post(
            url + "vote/",
            {
                "comment": fields["comment"],
                "choice": "agree",
                "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
            },
        )
        assert vote.status_code == 302
    assert len(tokens) == 2
    assert Vote.objects.count() == 2


def test_a_hit_is_one_read_of_the_cache_and_no_query(reader, conversation, monkeypatch):
    url = conversation.get_absolute_url()
    reader.get(url)
    reader.get(url)  # this process now knows where the slug points
    reads = []

    class Counting:
        def get(self, *args, **kwargs):
            reads.append("get")
            return cache.get(*args, **kwargs)

        def get_many(self, *args, **kwargs):
            reads.append("get_many")
            return cache.get_many(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(cache, name)

    monkeypatch.setattr(page_cache, "cache", Counting())
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(url)
    assert response.status_code == 200 and "Transporte público" in response.content.decode()
    assert reads == ["get_many"]
    assert len(queries) == 0


def test_a_slug_given_to_another_conversation_shows_the_new_one(
    reader, conversation, author, django_capture_on_commit_callbacks
):
    url = conversation.get_absolute_url()
    assert "Como gastar" in reader.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        conversation.delete()
    with django_capture_on_commit_callbacks(execute=True):
        other = services.conversation_create(
            author=author,
            title="Transporte público",
            text="Outra pergunta?",
            comments=["Trens."],
        )
    assert other.get_absolute_url() == url
    for _ in range(2):
        html = reader.get(url).content.decode()
        assert "Outra pergunta?" in html and "Como gastar" not in html


def test_many_comments_are_drawn_by_id(reader, conversation, monkeypatch):
    monkeypatch.setattr(page_cache, "APPROVED_LIMIT", 1)  # only the ids are cached
    url = conversation.get_absolute_url()
    texts = set(conversation.comments.values_list("text", flat=True))
    reader.get(url)
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            html = reader.get(url).content.decode()
        assert len(queries) == 1  # the comment drawn
        (drawn,) = re.findall(r'id="comment-\d+-text">([^<]*)', html)
        assert drawn in texts
    # A comment gone without a signal (its author's account deleted): another one is drawn.
    Comment.objects.filter(conversation=conversation).exclude(
        pk=conversation.comments.order_by("id").first().pk
    ).delete()
    for _ in range(5):
        html = reader.get(url).content.decode()
        assert "Mais ônibus à noite." in html


def test_a_conversation_without_comments_has_no_card_to_draw(reader, author):
    conversation = services.conversation_create(author=author, title="Vazia", text="Nada?")
    url = conversation.get_absolute_url()
    for _ in range(2):
        html = reader.get(url).content.decode()
        assert "No comments to vote on yet" in html
        assert "ej-hole-" not in html


def test_pieces_put_in_are_not_read_again_for_holes():
    markers = page_cache.holes("a", "b")
    page = page_cache.ReaderPage.cut(
        Conversation(), 1, f"<p>{markers['a']}|{markers['b']}|{markers['a']}</p>", markers, []
    )
    assert page.has_hole("a") and not page.has_hole("c")
    assert str(page.fill({"a": markers["b"], "b": "<i>b</i>"})) == (
        f"<p>{markers['b']}|<i>b</i>|{markers['b']}</p>"
    )
    assert str(page.fill({})) == "<p>||</p>"

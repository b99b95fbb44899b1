"""Every conversation page, for each kind of visitor, and every bad input through HTTP."""

import pytest
from django.test import Client

from ej.conversations import services
from ej.conversations.models import Comment, Conversation, FavoriteConversation, Vote
from tests.components.htmltools import elements, text

pytestmark = pytest.mark.django_db

ROLES = ["author", "moderator", "staff", "participant", "anonymous"]


def client_as(request, who):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


def status_of(response):
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    return response.status_code


JSON = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "fetch"}


# Permissions of every page


PAGES = {
    # name: path template, then the expected status for author, moderator, staff, participant,
    # anonymous
    "list": ("/conversations/", [200, 200, 200, 200, 200]),
    "detail": ("/conversations/{slug}/", [200, 200, 200, 200, 200]),
    "comment": ("/conversations/{slug}/comments/{comment}/", [200, 200, 200, 200, 200]),
    "create": ("/conversations/add/", [200, 403, 200, 403, "login"]),
    "edit": ("/conversations/{slug}/edit/", [200, 403, 200, 403, "login"]),
    "moderate": ("/conversations/{slug}/moderate/", [200, 200, 200, 403, "login"]),
    "log": ("/conversations/{slug}/moderate/log/", [200, 200, 200, 403, "login"]),
    "favorites": ("/conversations/favorites/", [200, 200, 200, 200, "login"]),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_page_permissions(request, conversation, comments, name, role):
    path, expected = PAGES[name]
    url = path.format(slug=conversation.slug, comment=comments[0].pk)
    response = client_as(request, role).get(url)
    assert status_of(response) == expected[ROLES.index(role)]
    if response.status_code == 200:
        assert len(elements(response.content.decode(), "h1")) == 1


HIDDEN = {
    "detail": ("/conversations/{slug}/", [200, 200, 200, 404, 404]),
    "comment": ("/conversations/{slug}/comments/{comment}/", [200, 200, 200, 404, 404]),
}


@pytest.mark.parametrize("name", HIDDEN)
@pytest.mark.parametrize("role", ROLES)
def test_hidden_conversation_pages(request, conversation, comments, name, role):
    Conversation.objects.filter(pk=conversation.pk).update(is_hidden=True)
    path, expected = HIDDEN[name]
    url = path.format(slug=conversation.slug, comment=comments[0].pk)
    assert status_of(client_as(request, role).get(url)) == expected[ROLES.index(role)]


def test_unknown_conversation_is_404(client):
    assert client.get("/conversations/no-such-thing/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_pending_comment_page_is_for_its_author_and_moderators(
    request, conversation, pending_comment, role, other
):
    url = f"/conversations/{conversation.slug}/comments/{pending_comment.pk}/"
    expected = {"author": 200, "moderator": 200, "staff": 200}.get(role, 404)
    assert client_as(request, role).get(url).status_code == expected
    assert client_as(request, "other").get(url).status_code == 200


def test_comment_of_another_conversation_is_404(client, conversation, author):
    another = services.conversation_create(author=author, title="B", text="?", comments=["Oi!"])
    comment = another.comments.get()
    url = f"/conversations/{conversation.slug}/comments/{comment.pk}/"
    assert client.get(url).status_code == 404


# The conversation page


def test_conversation_page_shows_question_card_progress_and_form(
    client_for, conversation, participant
):
    html = client_for(participant).get(conversation.get_absolute_url()).content.decode()
    content = text(html)
    assert conversation.text in content
    assert "You voted on 0 of 3 comments" in content
    assert "You can still write 2 comments." in content
    buttons = [attrs.get("value") for attrs in elements(html, "button") if attrs.get("name")]
    assert buttons == ["disagree", "skip", "agree"]
    assert "Link to this comment" in content
    assert "transporte" in content


def test_anonymous_visitors_are_invited_to_log_in(client, conversation):
    html = client.get(conversation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    hrefs = [attrs.get("href", "") for attrs in elements(html, "a")]
    assert f"/login/?next=%2Fconversations%2F{conversation.slug}%2F" in hrefs
    assert not [attrs for attrs in elements(html, "button") if attrs.get("name") == "choice"]
    assert "Log in to write a comment" in text(html)


def test_finished_state(client_for, conversation, comments, participant):
    for comment in comments:
        services.vote_cast(author=participant, comment=comment, choice="agree")
    html = client_for(participant).get(conversation.get_absolute_url()).content.decode()
    assert "You have voted on every comment" in text(html)
    assert "You voted on 3 of 3 comments" in text(html)


def test_a_script_comment_is_shown_escaped(client_for, conversation, moderator, participant):
    services.comment_create(
        author=moderator, conversation=conversation, text="<script>alert('x')</script> Oi"
    )
    for comment in conversation.comments.exclude(text__startswith="<"):
        services.vote_cast(author=participant, comment=comment, choice="agree")
    html = client_for(participant).get(conversation.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Oi" in html
    assert "<script>alert" not in html
    inline = [attrs for attrs in elements(html, "script") if "src" not in attrs]
    assert inline == []


def test_own_comments_are_listed_with_their_status(
    client_for, conversation, other, rejected_comment, pending_comment
):
    html = client_for(other).get(conversation.get_absolute_url()).content.decode()
    content = text(html)
    assert "Your comments" in content
    assert "awaiting moderation" in content
    assert "Off-topic" in content


def test_polis_conversations_show_their_attribution(client, conversation):
    Conversation.objects.filter(pk=conversation.pk).update(
        source="polis", source_url="https://compdemocracy.org/case-studies/x"
    )
    html = client.get(conversation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The Computational Democracy Project" in text(html)
    assert "https://creativecommons.org/licenses/by/4.0/" in html


def test_board_palette_is_a_fixed_class(client, conversation):
    conversation.board.palette = "purple"
    conversation.board.save()
    html = client.get(conversation.get_absolute_url()).content.decode()
    classes = [attrs.get("class", "") for attrs in elements(html, "div")]
    assert "palette palette-purple" in classes
    assert not [attrs for _tag, attrs in elements(html) if "style" in attrs]


# Voting


def vote_url(conversation):
    return f"/conversations/{conversation.slug}/vote/"


def test_vote_without_javascript_redirects_back(client_for, conversation, comments, participant):
    client = client_for(participant)
    response = client.post(vote_url(conversation), {"comment": comments[0].pk, "choice": "agree"})
    assert response.status_code == 302
    assert response["Location"] == f"/conversations/{conversation.slug}/#participation"
    assert Vote.objects.get(author=participant).choice == 1
    page = client.get(response["Location"]).content.decode()
    assert "Vote saved." in text(page)
    assert "You voted on 1 of 3 comments" in text(page)


def test_vote_with_javascript_returns_the_next_card(
    client_for, conversation, comments, participant
):
    client = client_for(participant)
    response = client.post(
        vote_url(conversation), {"comment": comments[0].pk, "choice": "disagree"}, **JSON
    )
    assert response.status_code == 200
    payload = response.json()
    assert payload["message"] == "Vote saved."
    assert 'id="participation"' in payload["html"]
    assert "You voted on 1 of 3 comments" in text(payload["html"])
    assert comments[0].text not in text(payload["html"])
    focused = [attrs for _tag, attrs in elements(payload["html"]) if "data-ej-focus" in attrs]
    assert focused and "data-ej-vote-card" in focused[0]


def test_changing_a_vote_keeps_one_row(client_for, conversation, comments, participant):
    client = client_for(participant)
    for choice in ("agree", "disagree", "skip", "agree"):
        client.post(vote_url(conversation), {"comment": comments[0].pk, "choice": choice})
    assert list(Vote.objects.values_list("choice", flat=True)) == [1]


def test_voting_from_the_comment_page_returns_there(
    client_for, conversation, comments, participant
):
    page = f"/conversations/{conversation.slug}/comments/{comments[1].pk}/"
    client = client_for(participant)
    response = client.post(
        vote_url(conversation), {"comment": comments[1].pk, "choice": "skip", "next": page}
    )
    assert response["Location"] == page
    html = client.get(page).content.decode()
    assert "You voted: Skip." in text(html)
    pressed = [a for a in elements(html, "button") if a.get("aria-pressed") == "true"]
    assert [a["value"] for a in pressed] == ["skip"]


def test_vote_next_must_stay_on_the_site(client_for, conversation, comments, participant):
    response = client_for(participant).post(
        vote_url(conversation),
        {"comment": comments[0].pk, "choice": "agree", "next": "https://evil.example/"},
    )
    assert response["Location"].startswith(f"/conversations/{conversation.slug}/")


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"choice": "agree"}, 400),
        ({"comment": "abc", "choice": "agree"}, 400),
        ({"comment": "999999", "choice": "agree"}, 404),
        ({"comment": "{first}", "choice": "maybe"}, 400),
        ({"comment": "{first}"}, 400),
    ],
)
def test_bad_votes(client_for, conversation, comments, participant, data, status):
    data = {key: value.format(first=comments[0].pk) for key, value in data.items()}
    response = client_for(participant).post(vote_url(conversation), data, **JSON)
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"]
    assert not Vote.objects.exists()


def test_bad_vote_without_javascript_shows_a_message(
    client_for, conversation, comments, participant
):
    client = client_for(participant)
    response = client.post(vote_url(conversation), {"comment": comments[0].pk, "choice": "x"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "A vote is agree, disagree or skip." in text(page)


def test_votes_on_pending_and_rejected_comments_are_refused(
    client_for, conversation, participant, pending_comment, rejected_comment
):
    client = client_for(participant)
    for comment in (pending_comment, rejected_comment):
        response = client.post(
            vote_url(conversation), {"comment": comment.pk, "choice": "agree"}, **JSON
        )
        assert response.status_code == 400
        assert "not open for votes" in response.json()["error"]
    assert not Vote.objects.exists()


def test_vote_on_a_comment_of_another_conversation_is_404(
    client_for, conversation, author, participant
):
    another = services.conversation_create(author=author, title="B", text="?", comments=["Oi!"])
    response = client_for(participant).post(
        vote_url(conversation), {"comment": another.comments.get().pk, "choice": "agree"}
    )
    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_vote_on_a_hidden_conversation_is_404_for_those_who_cannot_see_it(
    client_for, conversation, comments, participant, moderator
):
    Conversation.objects.filter(pk=conversation.pk).update(is_hidden=True)
    data = {"comment": comments[0].pk, "choice": "agree"}
    assert client_for(participant).post(vote_url(conversation), data).status_code == 404
    assert Client().post(vote_url(conversation), data).status_code == 404
    assert not Vote.objects.exists()
    assert client_for(moderator).post(vote_url(conversation), data).status_code == 302
    assert Vote.objects.filter(author=moderator).count() == 1


def test_anonymous_votes_go_to_login_unless_allowed(client, conversation, comments):
    data = {"comment": comments[0].pk, "choice": "agree"}
    response = client.post(vote_url(conversation), data)
    assert status_of(response) == "login"
    assert client.post(vote_url(conversation), data, **JSON).status_code == 403
    assert not Vote.objects.exists()


def test_anonymous_votes_when_allowed_and_adopted_at_login(client, conversation, comments, other):
    Conversation.objects.filter(pk=conversation.pk).update(allow_anonymous_votes=True)
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert [a for a in elements(html, "button") if a.get("name") == "choice"]
    client.post(vote_url(conversation), {"comment": comments[0].pk, "choice": "agree"})
    client.post(vote_url(conversation), {"comment": comments[1].pk, "choice": "skip"})
    voters = set(Vote.objects.values_list("author__email", flat=True))
    assert len(voters) == 1 and voters.pop().endswith("@anonymous.invalid")
    page = client.get(conversation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "You voted on 2 of 3 comments" in text(page.content.decode())
    assert "Log in to write a comment" in text(page.content.decode())
    # Commenting still needs an account.
    response = client.post(f"/conversations/{conversation.slug}/comment/", {"text": "Oi oi"})
    assert status_of(response) == "login"
    # Logging in takes the votes along.
    client.post("/login/", {"username": other.email, "password": "pass-word-123"})
    assert set(Vote.objects.values_list("author", flat=True)) == {other.pk}


def test_get_on_post_endpoints_is_405(client_for, conversation, participant):
    client = client_for(participant)
    for action in ("vote", "comment", "favorite"):
        assert client.get(f"/conversations/{conversation.slug}/{action}/").status_code == 405


def test_vote_needs_the_csrf_token(csrf_client, conversation, comments, participant):
    csrf_client.force_login(participant)
    data = {"comment": comments[0].pk, "choice": "agree"}
    assert csrf_client.post(vote_url(conversation), data).status_code == 403
    assert not Vote.objects.exists()
    html = csrf_client.get(conversation.get_absolute_url()).content.decode()
    token = next(
        a["value"] for a in elements(html, "input") if a.get("name") == "csrfmiddlewaretoken"
    )
    data["csrfmiddlewaretoken"] = token
    assert csrf_client.post(vote_url(conversation), data).status_code == 302
    assert Vote.objects.count() == 1


# Commenting


def comment_url(conversation):
    return f"/conversations/{conversation.slug}/comment/"


def test_comment_without_javascript(client_for, conversation, participant):
    client = client_for(participant)
    response = client.post(comment_url(conversation), {"text": "  Mais  bicicletas. "})
    assert response.status_code == 302
    assert conversation.comments.get(author=participant).text == "Mais bicicletas."
    page = text(client.get(response["Location"]).content.decode())
    assert "once a moderator approves it" in page
    assert "You can still write 1 comment." in page


def test_comment_by_an_organizer_is_published_at_once(client_for, conversation, moderator):
    response = client_for(moderator).post(comment_url(conversation), {"text": "Boa ideia!"}, **JSON)
    assert response.json()["message"] == "Thank you! Your comment is published and open for votes."


@pytest.mark.parametrize(
    ("sent", "error"),
    [
        ("", "Write your comment first."),
        ("x", "Write at least 2 characters."),
        ("a" * 253, "Keep it to 252 characters (this one has 253)."),
        ("MAIS ônibus   à noite.", "This comment is already in the conversation"),
    ],
)
def test_bad_comments_show_the_error_next_to_the_field(
    client_for, conversation, participant, sent, error
):
    client = client_for(participant)
    response = client.post(comment_url(conversation), {"text": sent})
    assert response.status_code == 200
    html = response.content.decode()
    errors = html.split('class="field__errors"', 1)[1].split("</ul>", 1)[0]
    assert error in text("<ul " + errors)
    assert not conversation.comments.filter(author=participant).exists()
    response = client.post(comment_url(conversation), {"text": sent}, **JSON)
    assert response.status_code == 400
    assert error in text(response.json()["html"])


def test_comment_beyond_the_limit(client_for, conversation, participant):
    client = client_for(participant)
    client.post(comment_url(conversation), {"text": "Um."})
    client.post(comment_url(conversation), {"text": "Dois."})
    response = client.post(comment_url(conversation), {"text": "Três."}, **JSON)
    assert response.status_code == 400
    assert "accepts from each participant" in text(response.json()["html"])
    assert conversation.comments.filter(author=participant).count() == 2
    page = text(client.get(conversation.get_absolute_url()).content.decode())
    assert "You have written as many comments as this conversation accepts" in page


def test_comments_need_login(client, conversation):
    response = client.post(comment_url(conversation), {"text": "Olá!"})
    assert status_of(response) == "login"
    assert client.post(comment_url(conversation), {"text": "Olá!"}, **JSON).status_code == 403
    assert conversation.comments.count() == 3


# Favourites


def test_favourite_toggle(client_for, conversation, participant):
    client = client_for(participant)
    url = f"/conversations/{conversation.slug}/favorite/"
    response = client.post(url, **JSON)
    assert response.json()["message"] == "Added to your favourite conversations."
    assert 'aria-pressed="true"' in response.json()["html"]
    listed = client.get("/conversations/favorites/").content.decode()
    assert conversation.title in text(listed)
    assert client.post(url).status_code == 302
    assert not FavoriteConversation.objects.exists()


def test_favourite_needs_login(client, conversation):
    response = client.post(f"/conversations/{conversation.slug}/favorite/")
    assert status_of(response) == "login"


# List


def test_list_shows_promoted_visible_conversations(client, conversation, author):
    services.conversation_create(author=author, title="Não promovida", text="?")
    hidden = services.conversation_create(author=author, title="Escondida", text="?")
    Conversation.objects.filter(pk=hidden.pk).update(is_promoted=True, is_hidden=True)
    content = text(client.get("/conversations/").content.decode())
    assert "Transporte público" in content
    assert "Não promovida" not in content and "Escondida" not in content
    assert "3 comments · 0 participants" in content or "3 comentários" in content


def test_list_search_and_tag_filter(client, conversation, staff):
    other = services.conversation_create(
        author=staff, title="Saúde", text="Posto de saúde?", tags=["saúde"], is_promoted=True
    )
    assert other.is_promoted
    get = lambda **query: text(client.get("/conversations/", query).content.decode())  # noqa: E731
    assert "Saúde" in get(q="posto") and "Transporte público" not in get(q="posto")
    assert "Transporte público" in get(tag="transporte")
    assert "Saúde" not in get(tag="transporte")
    empty = client.get("/conversations/", {"q": "nada disso"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No conversation matches your search" in text(empty.content.decode())


def test_list_empty_state_and_pagination(client, settings, staff):
    html = client.get("/conversations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No conversations yet" in text(html)
    settings.EJ_CONVERSATIONS_PER_PAGE = 2
    for number in range(5):
        services.conversation_create(author=staff, title=f"C{number}", text="?", is_promoted=True)
    html = client.get("/conversations/", {"page": 3}).content.decode()
    assert "C0" in text(html) and "C4" not in text(html)
    assert any(a.get("href") == "?page=2" for a in elements(html, "a"))


# Create and edit


def test_create_a_conversation(client_for, author, board):
    client = client_for(author)
    page = client.get(f"/conversations/add/?board={board.slug}").content.decode()
    selected = [a for a in elements(page, "option") if "selected" in a]
    assert [a["value"] for a in selected if a["value"]] == [str(board.pk)]
    response = client.post(
        "/conversations/add/",
        {
            "title": "Ciclovias",
            "text": "Onde faltam ciclovias?",
            "board": board.pk,
            "tags": "bicicleta, cidade",
            "comments": "Na avenida central.\n\nPerto das escolas.\n",
            "comment_limit": 3,
        },
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get(slug="ciclovias")
    assert response["Location"] == "/conversations/ciclovias/"
    assert conversation.comments.approved().count() == 2
    assert conversation.comment_limit == 3 and not conversation.is_promoted


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "text": "?"}, "title"),
        ({"title": "T", "text": ""}, "text"),
        ({"title": "T", "text": "?", "comments": "ok\nx"}, "comments"),
        ({"title": "T", "text": "?", "comments": "Igual.\nigual. "}, "comments"),
        ({"title": "T", "text": "?", "comment_limit": "-1"}, "comment_limit"),
        ({"title": "T", "text": "?", "comment_limit": "1000"}, "comment_limit"),
        ({"title": "T", "text": "?", "moderators": "nobody@example.org"}, "moderators"),
        ({"title": "T", "text": "?", "board": ""}, "board"),
    ],
)
def test_create_with_bad_input(client_for, author, board, data, field):
    data = {"board": board.pk, "comment_limit": 2, **data}
    response = client_for(author).post("/conversations/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert not Conversation.objects.filter(title="T").exists()


def test_create_on_someone_elses_board_is_refused(client_for, make_user, board):
    owner_of_another = make_user()
    from ej.boards.models import Board

    Board.objects.create(owner=owner_of_another, name="Minha", slug="minha")
    response = client_for(owner_of_another).post(
        "/conversations/add/",
        {"title": "T", "text": "?", "board": board.pk, "comment_limit": 2},
    )
    assert response.status_code == 200
    assert not Conversation.objects.filter(title="T").exists()


def test_edit_a_conversation(client_for, conversation, author, moderator):
    client = client_for(author)
    page = client.get(f"/conversations/{conversation.slug}/edit/").content.decode()
    values = {a.get("name"): a.get("value") for a in elements(page, "input")}
    assert values["title"] == "Transporte público"
    assert values["tags"] == "transporte"
    assert "promoted" not in values and "comments" not in values
    response = client.post(
        f"/conversations/{conversation.slug}/edit/",
        {
            "title": "Ônibus",
            "text": "Nova pergunta?",
            "board": conversation.board_id,
            "tags": "ônibus",
            "moderators": moderator.email.upper(),
            "comment_limit": 1,
            "is_hidden": "on",
        },
    )
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert (conversation.title, conversation.text, conversation.is_hidden) == (
        "Ônibus",
        "Nova pergunta?",
        True,
    )
    assert list(conversation.moderators.all()) == [moderator]


def test_editing_someone_elses_conversation_is_forbidden(client_for, conversation, other):
    response = client_for(other).post(
        f"/conversations/{conversation.slug}/edit/", {"title": "Tomada!", "text": "?"}
    )
    assert response.status_code == 403
    conversation.refresh_from_db()
    assert conversation.title == "Transporte público"


# Moderation


def moderate_url(conversation):
    return f"/conversations/{conversation.slug}/moderate/"


def test_moderation_queue_lists_pending_comments_and_searches(
    client_for, conversation, moderator, pending_comment, participant
):
    services.comment_create(author=participant, conversation=conversation, text="Trem bala.")
    client = client_for(moderator)
    content = text(client.get(moderate_url(conversation)).content.decode())
    assert "Metrô já!" in content and "Trem bala." in content
    content = text(client.get(moderate_url(conversation), {"q": "trem"}).content.decode())
    assert "Metrô já!" not in content and "Trem bala." in content
    content = text(client.get(moderate_url(conversation), {"status": "approved"}).content.decode())
    assert "Mais ônibus à noite." in content and "Trem bala." not in content


def test_bulk_approve_and_reject(client_for, conversation, moderator, participant):
    one = services.comment_create(author=participant, conversation=conversation, text="Um.")
    two = services.comment_create(author=participant, conversation=conversation, text="Dois.")
    client = client_for(moderator)
    response = client.post(
        moderate_url(conversation), {"comments": [one.pk, two.pk], "action": "approve"}
    )
    assert response.status_code == 302
    assert "2 comments approved." in text(client.get(response["Location"]).content.decode())
    response = client.post(
        moderate_url(conversation),
        {"comments": [two.pk], "action": "reject", "reason": "duplicate", "status": "approved"},
    )
    assert response["Location"].endswith("?status=approved")
    assert dict(Comment.objects.filter(pk__in=[one.pk, two.pk]).values_list("pk", "status")) == {
        one.pk: "approved",
        two.pk: "rejected",
    }
    log = text(client.get(f"{moderate_url(conversation)}log/").content.decode())
    assert "Says the same as another comment" in log and "Marcos Moderador" in log


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "approve"}, "Tick the comments to moderate first."),
        ({"action": "reject", "comments": "{id}"}, "Choose why these comments are rejected."),
        (
            {"action": "reject", "comments": "{id}", "reason": "other"},
            "Explain the reason to the comments' authors.",
        ),
        ({"action": "delete", "comments": "{id}"}, "Select a valid choice."),
        ({"action": "approve", "comments": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_moderation_input(client_for, conversation, moderator, pending_comment, data, error):
    data = {key: value.format(id=pending_comment.pk) for key, value in data.items()}
    response = client_for(moderator).post(moderate_url(conversation), data)
    assert response.status_code == 200
    assert error in text(response.content.decode())
    pending_comment.refresh_from_db()
    assert pending_comment.is_pending


def test_comments_of_other_conversations_cannot_be_moderated_here(
    client_for, conversation, moderator, staff
):
    another = services.conversation_create(author=staff, title="B", text="?")
    foreign = services.comment_create(
        author=staff, conversation=another, text="Alheio.", status="pending"
    )
    response = client_for(moderator).post(
        moderate_url(conversation), {"comments": [foreign.pk], "action": "approve"}
    )
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.is_pending


def test_others_cannot_moderate(client_for, conversation, participant, pending_comment):
    response = client_for(participant).post(
        moderate_url(conversation), {"comments": [pending_comment.pk], "action": "approve"}
    )
    assert response.status_code == 403
    pending_comment.refresh_from_db()
    assert pending_comment.is_pending

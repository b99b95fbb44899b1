"""The participant's panel on the conversation page and the organizers' groups pages."""

import re

import pytest
from django.test import Client

from ej.conversations import services as conversation_services
from ej.conversations.models import Conversation
from ej_clusters import services
from ej_clusters.models import Clusterization, Method, OpinionGroup, Persona, PersonaVote, Status
from tests.clusters.conftest import add_comments, cast_votes, two_sides

pytestmark = pytest.mark.django_db


def groups_url(conversation):
    return f"/conversations/{conversation.slug}/groups/"


def text_of(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST as in a real request: what the view asks to run after its commit runs."""

    def send(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return send


def recompute(conversation):
    clusterization = services.clusterization_for(conversation)
    services.recompute(clusterization)
    return clusterization


# Permissions


@pytest.mark.parametrize("who", ["author", "moderator", "staff"])
def test_organizers_see_the_groups_page(who, conversation, client_for, request):
    client = client_for(request.getfixturevalue(who))
    response = client.get(groups_url(conversation))
    assert response.status_code == 200
    assert "Opinion groups of “Transporte público”" in text_of(response)


def test_others_may_not(conversation, client_for, other, participant):
    assert client_for(other).get(groups_url(conversation)).status_code == 403
    response = Client().get(groups_url(conversation))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "path",
    [
        "recompute/",
        "method/",
        "switch/",
        "new/",
        "personas/new/",
    ],
)
def test_other_people_cannot_post(path, conversation, client_for, other):
    url = groups_url(conversation) + path
    assert client_for(other).post(url, {"method": "personas", "name": "X"}).status_code == 403
    assert Client().post(url).status_code == 302
    assert not OpinionGroup.objects.exists()
    assert not Clusterization.objects.filter(method=Method.PERSONAS).exists()


def test_groups_of_another_conversation_are_not_found(conversation, author, client_for, board):
    group = services.group_create(conversation=conversation, name="Ônibus", editor=author)
    persona = group.personas.get()
    second = conversation_services.conversation_create(
        author=author, title="Outra conversa", text="Outra pergunta?", comments=["Um comentário."]
    )
    client = client_for(author)
    base = groups_url(second)
    assert client.post(f"{base}{group.pk}/", {f"group-{group.pk}-name": "X"}).status_code == 404
    assert client.post(f"{base}{group.pk}/delete/").status_code == 404
    assert client.get(f"{base}personas/{persona.pk}/").status_code == 404
    assert client.post(f"{base}personas/{persona.pk}/delete/").status_code == 404


# The organizers' page


def test_status_and_reason_in_plain_words(conversation, client_for, author):
    client = client_for(author)
    text = text_of(client.get(groups_url(conversation)))
    assert "Waiting for data" in text
    assert "Opinion groups have not been computed yet." in text
    assert "Last computed never" in text
    assert "Recompute now" in text


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        ([], "Nobody has voted yet."),
        ([[1, -1, 1]], "Groups need at least two participants who voted."),
        ([[0, 0, 0]] * 4, "Every vote so far is a skip"),
        ([[1, 1, 1]] * 20, "Everyone who voted so far holds the same opinions"),
    ],
)
def test_bad_input_ends_in_a_clear_status(
    table, reason, conversation, make_user, author, client_for
):
    cast_votes(conversation, table, make_user)
    recompute(conversation)
    response = client_for(author).get(groups_url(conversation))
    assert response.status_code == 200
    assert reason in text_of(response)
    # The participants' panel says groups are not there yet.
    page = client_for(author).get(conversation.get_absolute_url())
    assert "Opinion groups appear once enough people have voted" in text_of(page)


def test_every_comment_rejected(conversation, make_user, moderator, author, client_for):
    cast_votes(conversation, [[1, -1, 1], [-1, 1, -1]], make_user)
    conversation_services.comment_moderate(
        comments=list(conversation.comments.all()),
        moderator=moderator,
        status="rejected",
        reason="off_topic",
    )
    recompute(conversation)
    text = text_of(client_for(author).get(groups_url(conversation)))
    assert "Every comment that received votes has been rejected by moderation." in text


def test_active_groups_page(voted, client_for, author):
    conversation, _people = voted
    recompute(conversation)
    text = text_of(client_for(author).get(groups_url(conversation)))
    assert "Active" in text
    assert "Group A" in text and "Group B" in text
    assert "12 participants" in text
    assert "Participants grouped 24 of 24" in text
    assert "Agrees with" in text and "% of the group agree" in text
    assert "polis-automatic-1" in text


def test_recompute_now(voted, client_for, author, jobs_inline, post):
    conversation, _people = voted
    response = post(client_for(author), groups_url(conversation) + "recompute/")
    assert response.status_code == 302
    assert response["Location"] == groups_url(conversation)
    clusterization = Clusterization.objects.get(conversation=conversation)
    assert clusterization.status == Status.ACTIVE and clusterization.runs == 1


def test_a_failing_recomputation_is_shown(
    voted, client_for, author, jobs_inline, monkeypatch, post
):
    conversation, _people = voted

    def broken(clusterization):
        raise MemoryError("out of memory")

    monkeypatch.setattr(services, "recompute", broken)
    post(client_for(author), groups_url(conversation) + "recompute/")
    text = text_of(client_for(author).get(groups_url(conversation)))
    assert "The last recomputations failed" in text
    assert "MemoryError: out of memory" in text


def test_switch_methods_and_off(voted, client_for, author, jobs_inline, post):
    conversation, _people = voted
    client = client_for(author)
    post(client, groups_url(conversation) + "recompute/")
    post(client, groups_url(conversation) + "method/", {"method": "personas"})
    clusterization = Clusterization.objects.get(conversation=conversation)
    assert clusterization.method == Method.PERSONAS
    assert clusterization.reason_code == "too-few-persona-groups"  # recomputed at once
    text = text_of(client.get(groups_url(conversation)))
    assert "Create at least two groups" in text
    assert "New group" in text and "New persona" in text
    post(client, groups_url(conversation) + "method/", {"method": "automatic"})
    assert Clusterization.objects.get(conversation=conversation).status == Status.ACTIVE
    post(client, groups_url(conversation) + "switch/", {"enabled": "off"})
    clusterization.refresh_from_db()
    assert clusterization.status == Status.DISABLED
    text = text_of(client.get(groups_url(conversation)))
    assert "Switched off" in text and "Switch opinion groups on" in text
    assert "Your opinion group" not in text_of(client.get(conversation.get_absolute_url()))
    post(client, groups_url(conversation) + "switch/", {"enabled": "on"})
    assert Clusterization.objects.get(conversation=conversation).status == Status.ACTIVE


def test_an_unknown_method_is_refused(conversation, client_for, author):
    response = client_for(author).post(groups_url(conversation) + "method/", {"method": "x"})
    assert response.status_code == 302
    assert services.clusterization_for(conversation).method == Method.AUTOMATIC


def test_groups_personas_and_persona_votes(voted, client_for, author, jobs_inline, post):
    conversation, people = voted
    client = client_for(author)
    post(client, groups_url(conversation) + "method/", {"method": "personas"})
    for name in ("Ônibus", "Bicicleta"):
        response = post(
            client,
            groups_url(conversation) + "new/",
            {"new-group-name": name, "new-group-description": "", "new-group-with_persona": "on"},
        )
        assert response.status_code == 302
    buses, bikes = OpinionGroup.objects.filter(method=Method.PERSONAS).order_by("position")
    # A duplicate name comes back with the error next to the field.
    response = post(client, groups_url(conversation) + "new/", {"new-group-name": "ônibus"})
    assert response.status_code == 200
    assert "There is already a group with this name." in text_of(response)
    # A second persona for the buses.
    response = post(
        client,
        groups_url(conversation) + "personas/new/",
        {"new-persona-name": "Motorista", "new-persona-group": buses.pk},
    )
    motorista = Persona.objects.get(name="Motorista")
    assert response["Location"] == f"{groups_url(conversation)}personas/{motorista.pk}/"
    # Vote as the personas: the buses side agrees with the first half.
    comments = list(conversation.comments.approved().order_by("id"))
    for persona, sign in ((buses.personas.get(name="Ônibus"), 1), (bikes.personas.get(), -1)):
        url = f"{groups_url(conversation)}personas/{persona.pk}/"
        page = client.get(url)
        assert page.status_code == 200
        assert comments[0].text in text_of(page)
        data = {"form": "votes"}
        for index, comment in enumerate(comments):
            choice = sign if index < 4 else -sign
            data[f"comment-{comment.pk}"] = "agree" if choice > 0 else "disagree"
        response = post(client, url, data)
        assert response.status_code == 302
    assert PersonaVote.objects.count() == 16
    clusterization = Clusterization.objects.get(conversation=conversation)
    assert clusterization.status == Status.ACTIVE
    buses.refresh_from_db()
    assert buses.size == 12
    text = text_of(client.get(groups_url(conversation)))
    assert "Ônibus" in text and "Motorista" in text and "0 votes" in text
    # Rename the group; move and delete a persona; delete a group.
    post(
        client,
        f"{groups_url(conversation)}{bikes.pk}/",
        {f"group-{bikes.pk}-name": "Ciclistas", f"group-{bikes.pk}-description": "Pedalam"},
    )
    bikes.refresh_from_db()
    assert (bikes.name, bikes.description) == ("Ciclistas", "Pedalam")
    url = f"{groups_url(conversation)}personas/{motorista.pk}/"
    post(
        client,
        url,
        {
            "form": "details",
            "persona-name": "Motorista de ônibus",
            "persona-group": bikes.pk,
            "persona-description": "",
        },
    )
    motorista.refresh_from_db()
    assert motorista.group == bikes and motorista.name == "Motorista de ônibus"
    post(client, url + "delete/")
    assert not Persona.objects.filter(pk=motorista.pk).exists()
    post(client, f"{groups_url(conversation)}{bikes.pk}/delete/")
    assert not OpinionGroup.objects.filter(pk=bikes.pk).exists()
    clusterization.refresh_from_db()
    assert clusterization.reason_code == "too-few-persona-groups"
    assert "1 of the 1 group has" not in text_of(client.get(groups_url(conversation)))


def test_automatic_group_names_are_editable(voted, client_for, author):
    conversation, _people = voted
    clusterization = recompute(conversation)
    group = clusterization.groups.first()
    client_for(author).post(
        f"{groups_url(conversation)}{group.pk}/",
        {f"group-{group.pk}-name": "Os do ônibus", f"group-{group.pk}-description": ""},
    )
    group.refresh_from_db()
    assert group.name == "Os do ônibus"
    assert "Os do ônibus" in text_of(client_for(author).get(groups_url(conversation)))


# The participant's panel


def test_the_panel_waits_for_groups(conversation):
    text = text_of(Client(HTTP_ACCEPT_LANGUAGE="en").get(conversation.get_absolute_url()))
    assert "Your opinion group" in text
    assert "Opinion groups appear once enough people have voted" in text
    assert "Manage the opinion groups" not in text


def test_the_panel_speaks_portuguese_by_default(voted):
    conversation, _people = voted
    recompute(conversation)
    text = text_of(Client().get(conversation.get_absolute_url()))
    assert "Seu grupo de opinião Há 2 grupos de opinião entre as" in text
    assert "Your opinion group" not in text


def test_the_panel_of_a_grouped_participant(voted, client_for):
    conversation, people = voted
    recompute(conversation)
    clusterization = Clusterization.objects.get(conversation=conversation)
    person = people[0]
    group = clusterization.assignments.get(participant=person).group
    text = text_of(client_for(person).get(conversation.get_absolute_url()))
    assert f"You are in the opinion group {group.display_name} ." in text
    assert "Your group has 12 participants. 24 people are grouped so far, in 2 groups." in text
    assert "What your group agrees with" in text
    assert "What your group disagrees with" in text
    assert "Where you differ from your group" in text
    assert "Manage the opinion groups" not in text


def test_the_panel_shows_where_the_person_differs(voted, client_for):
    conversation, people = voted
    recompute(conversation)
    person = people[0]  # camp 1: agrees with the first half
    first = conversation.comments.approved().order_by("id").first()
    conversation_services.vote_cast(author=person, comment=first, choice="disagree")
    text = text_of(client_for(person).get(conversation.get_absolute_url()))
    assert first.text in text
    assert "You disagreed; " in text and "% of your group agreed." in text


def test_the_panel_of_someone_not_grouped_yet(voted, client_for, participant, make_user):
    conversation, _people = voted
    recompute(conversation)
    text = text_of(client_for(participant).get(conversation.get_absolute_url()))
    assert "There are 2 opinion groups among the 24 people grouped so far." in text
    assert "Vote on a few comments to find out which one you are in." in text


def test_organizers_find_the_groups_page_from_the_panel(conversation, client_for, moderator):
    text = text_of(client_for(moderator).get(conversation.get_absolute_url()))
    assert "Manage the opinion groups" in text


def test_a_group_description_and_hostile_names_are_escaped(voted, client_for, author):
    conversation, people = voted
    clusterization = recompute(conversation)
    group = clusterization.assignments.get(participant=people[0]).group
    services.group_update(
        group=group, name="<script>x</script>", description="<b>bold</b>", editor=author
    )
    html = client_for(people[0]).get(conversation.get_absolute_url()).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize("size", [24, 120])
def test_the_page_costs_a_fixed_number_of_queries(
    size, conversation, author, make_user, client_for, django_assert_max_num_queries
):
    add_comments(conversation, 5, author)
    people = cast_votes(conversation, two_sides(n_people=size), make_user)
    recompute(conversation)
    client = client_for(people[0])
    client.get("/")
    with django_assert_max_num_queries(19):  # measured: 19 (18 once priorities are cached)
        response = client.get(conversation.get_absolute_url())
    assert "You are in the opinion group" in text_of(response)


def test_persona_pages_paginate(conversation, author, client_for):
    add_comments(conversation, 30, author)
    group = services.group_create(conversation=conversation, name="Ônibus", editor=author)
    persona = group.personas.get()
    url = f"{groups_url(conversation)}personas/{persona.pk}/"
    client = client_for(author)
    first = text_of(client.get(url))
    second = text_of(client.get(url + "?page=2"))
    assert "Comentário de teste número 3 " in first
    assert "Comentário de teste número 30" in second
    response = client.post(url + "?page=2", {"form": "votes", f"comment-{persona.pk}": "agree"})
    assert response.status_code == 302
    assert Conversation.objects.filter(pk=conversation.pk).exists()


def test_the_panel_of_a_reader_costs_no_query_once_cached(voted, django_assert_num_queries):
    from ej_clusters import selectors

    conversation, _people = voted
    recompute(conversation)
    selectors.panel(Conversation.objects.get(pk=conversation.pk), None)
    fresh = Conversation.objects.get(pk=conversation.pk)
    with django_assert_num_queries(0):
        view = selectors.panel(fresh, None)
    assert view.state == "ungrouped" and view.n_groups == 2
    # Switching groups off is seen at once.
    Clusterization.objects.get(conversation=conversation).save()  # any save drops the summary
    services.enabled_set(conversation=fresh, enabled=False, editor=conversation.author)
    assert selectors.panel(Conversation.objects.get(pk=conversation.pk), None) is None


def test_readers_without_a_session_share_one_panel_until_the_groups_change(voted, monkeypatch):
    from ej_clusters import selectors

    conversation, _people = voted
    recompute(conversation)
    built = []
    real_panel = selectors.panel
    monkeypatch.setattr(selectors, "panel", lambda *a, **k: built.append(1) or real_panel(*a, **k))
    url = conversation.get_absolute_url()
    panel = re.compile(r"Your opinion group There are 2 opinion groups among the \d+ people")
    assert panel.search(text_of(Client(HTTP_ACCEPT_LANGUAGE="en").get(url))) and len(built) == 1
    # Another reader in the same moment gets the same panel, not built again.
    assert panel.search(text_of(Client(HTTP_ACCEPT_LANGUAGE="en").get(url))) and len(built) == 1
    # Switching the groups off here is seen at once.
    fresh = Conversation.objects.get(pk=conversation.pk)
    services.enabled_set(conversation=fresh, enabled=False, editor=conversation.author)
    assert "Your opinion group" not in text_of(Client(HTTP_ACCEPT_LANGUAGE="en").get(url))
    assert len(built) == 2

"""``GET /conversations/{slug}/groups/``: the stored opinion groups, read through the clusters
app's selectors."""

from __future__ import annotations

import pytest

from ej.conversations.models import Vote
from ej.conversations.services import conversation_create
from ej_clusters import services as clusters
from tests.api.conftest import API, assert_error_shape, make_user

GROUP_FIELDS = {"id", "key", "name", "description", "size", "representative"}
TOP_FIELDS = {
    "status",
    "reason_code",
    "reason",
    "method",
    "last_run",
    "groups",
    "consensus",
    "your_group",
}


def two_camps(world, n_people=24, n_comments=8, prefix="voter"):
    """A conversation with ``n_comments`` comments and two clear camps of voters (the first
    half agrees with the first half of the comments and disagrees with the rest)."""
    conversation = conversation_create(
        author=world.users["owner"],
        title="Should the city close the centre to cars?",
        text="Tell us what you think.",
        board=world.board,
        comments=[f"Statement number {n} about cars in the centre." for n in range(n_comments)],
    )
    comments = list(conversation.comments.approved().order_by("id"))
    people = [make_user(f"{prefix}{n}@example.org", name=f"Voter {n}") for n in range(n_people)]
    votes = []
    for number, person in enumerate(people):
        camp = 1 if number < n_people // 2 else -1
        for column, comment in enumerate(comments):
            stance = camp if column < n_comments // 2 else -camp
            votes.append(Vote(author=person, comment=comment, choice=stance))
    Vote.objects.bulk_create(votes)
    return conversation, people


def computed(conversation):
    clusterization = clusters.clusterization_for(conversation)
    status = clusters.recompute(clusterization)
    assert status == "active", clusterization.reason_code
    return clusterization


def test_groups_wait_for_data_before_any_run(world):
    response = world.client("other").get(f"{API}/conversations/{world.conversation.slug}/groups/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == TOP_FIELDS
    assert body["status"] == "waiting-for-data"
    assert body["reason_code"] == "not-computed"
    assert body["reason"] == "Opinion groups have not been computed yet."
    assert body["groups"] == []
    assert body["consensus"] == {"agree": [], "disagree": []}
    assert body["your_group"] is None
    assert body["last_run"] is None


def test_a_run_without_enough_data_keeps_waiting_with_its_reason(world):
    clusterization = clusters.clusterization_for(world.conversation)
    assert clusters.recompute(clusterization) == "waiting-for-data"
    body = world.client("owner").get(f"{API}/conversations/{world.conversation.slug}/groups/")
    body = body.json()
    assert body["status"] == "waiting-for-data"
    assert body["reason_code"] == clusterization.reason_code != ""
    assert body["reason"]
    assert body["last_run"] is not None
    assert body["groups"] == []


def test_active_groups_with_representative_comments_and_the_requesters_group(world):
    conversation, people = two_camps(world)
    computed(conversation)
    client = world.client("anonymous")
    client.force_authenticate(people[0])
    response = client.get(f"{API}/conversations/{conversation.slug}/groups/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "active"
    assert body["reason_code"] == "" and body["reason"] == ""
    assert body["method"] == "automatic"
    assert body["last_run"]
    assert len(body["groups"]) == 2
    assert sorted(group["size"] for group in body["groups"]) == [12, 12]
    texts = dict(conversation.comments.values_list("pk", "text"))
    for group in body["groups"]:
        assert set(group) == GROUP_FIELDS
        assert group["name"].startswith("Group ")
        assert group["representative"]
        for item in group["representative"]:
            assert item["text"] == texts[item["comment"]]
            assert item["direction"] in {"agree", "disagree"}
            assert 0 < item["n_success"] <= item["n_trials"]
            assert 0 <= item["p_success"] <= 1
    assert set(body["consensus"]) == {"agree", "disagree"}
    ids = {group["id"] for group in body["groups"]}
    assert body["your_group"] in ids
    # The other camp is in the other group.
    client.force_authenticate(people[-1])
    theirs = client.get(f"{API}/conversations/{conversation.slug}/groups/").json()["your_group"]
    assert theirs in ids and theirs != body["your_group"]
    # Someone who did not vote (and anonymous people) have no group.
    assert (
        world.client("other")
        .get(f"{API}/conversations/{conversation.slug}/groups/")
        .json()["your_group"]
        is None
    )
    client.force_authenticate(None)
    anonymous = client.get(f"{API}/conversations/{conversation.slug}/groups/").json()
    assert anonymous["your_group"] is None
    assert anonymous["groups"] == body["groups"]


def test_comments_rejected_since_the_run_are_left_out(world):
    conversation, _people = two_camps(world)
    computed(conversation)
    shown = world.client("other").get(f"{API}/conversations/{conversation.slug}/groups/").json()
    first = shown["groups"][0]["representative"][0]["comment"]
    conversation.comments.filter(pk=first).update(status="rejected", rejection_reason="off_topic")
    body = world.client("other").get(f"{API}/conversations/{conversation.slug}/groups/").json()
    listed = {item["comment"] for group in body["groups"] for item in group["representative"]} | {
        item["comment"] for items in body["consensus"].values() for item in items
    }
    assert first not in listed


def test_switched_off_groups_show_no_groups(world):
    conversation, _people = two_camps(world)
    computed(conversation)
    clusters.enabled_set(conversation=conversation, enabled=False, editor=world.users["owner"])
    body = world.client("other").get(f"{API}/conversations/{conversation.slug}/groups/").json()
    assert body["status"] == "disabled"
    assert body["groups"] == [] and body["your_group"] is None
    assert body["reason"]


@pytest.mark.parametrize("persona", ["other", "anonymous"])
def test_a_hidden_conversations_groups_are_404(world, persona):
    response = world.client(persona).get(f"{API}/conversations/{world.hidden.slug}/groups/")
    assert response.status_code == 404
    assert_error_shape(response, "not_found")


def test_groups_queries_are_bounded(world, django_assert_max_num_queries):
    conversation, people = two_camps(world)
    computed(conversation)
    client = world.client("anonymous")
    client.force_authenticate(people[0])
    url = f"{API}/conversations/{conversation.slug}/groups/"
    client.get(url)  # warm what is cached
    with django_assert_max_num_queries(8) as captured:
        response = client.get(url)
    assert response.status_code == 200
    few = len(captured)
    # More participants, comments and groups do not add queries.
    more, _others = two_camps(world, n_people=40, n_comments=12, prefix="more")
    computed(more)
    with django_assert_max_num_queries(few):
        assert client.get(f"{API}/conversations/{more.slug}/groups/").status_code == 200

"""What each endpoint does: conversations, comments, votes, next comment and progress, boards,
tokens, sessions with CSRF, pagination and filters."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from ej.conversations.models import Comment, Conversation, Vote
from ej.users.models import ApiToken
from tests.api.conftest import API, PASSWORD, assert_error_shape

pytestmark = pytest.mark.django_db


# Conversations


def test_a_board_owner_starts_a_conversation_with_tags_and_first_comments(world):
    answer = world.client("owner").post(
        f"{API}/conversations/",
        {
            "title": "Bike lanes on the avenue?",
            "text": "Should the avenue get protected bike lanes?",
            "board": world.board.slug,
            "tags": ["Mobility", "mobility", "city"],
            "comments": ["Yes, with trees.", "Only on weekends."],
            "comment_limit": 3,
        },
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["slug"] == "bike-lanes-on-the-avenue"
    assert body["board"] == world.board.slug
    assert sorted(body["tags"]) == ["Mobility", "city"]
    assert body["comment_limit"] == 3
    assert body["statistics"]["comments"] == {"approved": 2, "pending": 0, "rejected": 0}
    assert body["permissions"]["can_edit"] is True
    assert body["url"].endswith(f"{API}/conversations/bike-lanes-on-the-avenue/")
    assert body["page_url"].endswith("/conversations/bike-lanes-on-the-avenue/")


def test_only_staff_promote_conversations(world):
    refused = world.client("owner").post(
        f"{API}/conversations/", {"title": "Promote me", "text": "Please?", "is_promoted": True}
    )
    assert assert_error_shape(refused, "invalid")["fields"] == {
        "is_promoted": ["Only staff can promote conversations."]
    }
    accepted = world.client("staff").post(
        f"{API}/conversations/", {"title": "Promoted", "text": "Yes.", "is_promoted": True}
    )
    assert accepted.status_code == 201 and accepted.json()["is_promoted"] is True


def test_a_conversation_cannot_go_to_someone_elses_board(world):
    from ej.boards.services import board_create

    board_create(owner=world.users["other"], name="Other's", slug="others-board")
    answer = world.client("owner").patch(
        f"{API}/conversations/{world.conversation.slug}/", {"board": "others-board"}
    )
    assert assert_error_shape(answer, "invalid")["fields"] == {
        "board": ["You can only add conversations to your own boards."]
    }


def test_the_editor_changes_settings_and_tags(world):
    slug = world.conversation.slug
    answer = world.client("owner").patch(
        f"{API}/conversations/{slug}/",
        {"title": "  Trees,   again? ", "tags": ["parks"], "is_hidden": True},
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert (body["slug"], body["title"], body["tags"], body["is_hidden"]) == (
        slug,
        "Trees, again?",
        ["parks"],
        True,
    )
    # Hidden now: gone for people without a role.
    assert world.client("other").get(f"{API}/conversations/{slug}/").status_code == 404


def test_deleting_a_conversation_deletes_its_comments_and_votes(world):
    conversation = world.conversation
    assert world.client("staff").delete(f"{API}/conversations/{conversation.slug}/").status_code
    assert not Conversation.objects.filter(pk=conversation.pk).exists()
    assert not Comment.objects.filter(conversation_id=conversation.pk).exists()
    assert not Vote.objects.filter(comment__conversation_id=conversation.pk).exists()


def test_detail_statistics_count_comments_and_votes(world):
    Vote.objects.filter(pk=world.votes["other"].pk).update(choice=Vote.Choice.DISAGREE)
    body = world.client("anonymous").get(f"{API}/conversations/{world.conversation.slug}/").json()
    assert body["statistics"] == {
        "participants": 5,
        "comments": {"approved": 4, "pending": 1, "rejected": 0},
        "votes": {"agree": 4, "disagree": 1, "skip": 0},
    }
    assert body["comments_count"] == 4 and body["participants_count"] == 5
    assert body["author"] == "Olga Owner"
    assert "email" not in str(body) and "owner@example.org" not in str(body)
    assert body["permissions"] == dict.fromkeys(
        ["can_vote", "can_comment", "can_moderate", "can_edit"], False
    )


def test_list_filters(world):
    from ej.conversations.services import conversation_create

    conversation_create(
        author=world.users["staff"], title="Buses at night", text="More buses?", tags=["transport"]
    )
    client = world.client("other")

    def slugs(query):
        answer = client.get(f"{API}/conversations/{query}")
        assert answer.status_code == 200, answer.json()
        return [item["slug"] for item in answer.json()["results"]]

    assert slugs("") == ["buses-at-night", world.conversation.slug]
    assert slugs("?search=city+trees") == [world.conversation.slug]
    assert slugs("?tag=transport") == ["buses-at-night"]
    assert slugs(f"?board={world.board.slug}") == [world.conversation.slug]
    assert slugs("?promoted=true") == []
    assert slugs("?promoted=false") == ["buses-at-night", world.conversation.slug]
    # Moderators also see the hidden conversation they moderate.
    moderator = world.client("moderator").get(f"{API}/conversations/").json()
    assert world.hidden.slug in [item["slug"] for item in moderator["results"]]
    assert assert_error_shape(client.get(f"{API}/conversations/?tag="), "invalid")["fields"]


def test_pagination(world):
    from ej.conversations.services import conversation_create

    for number in range(24):
        conversation_create(author=world.users["staff"], title=f"Topic {number}", text="Why?")
    client = world.client("anonymous")
    first = client.get(f"{API}/conversations/").json()
    assert first["count"] == 25 and len(first["results"]) == 20
    assert first["previous"] is None and first["next"].endswith("/conversations/?page=2")
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    assert {item["slug"] for item in first["results"]}.isdisjoint(
        item["slug"] for item in second["results"]
    )
    assert len(client.get(f"{API}/conversations/?page_size=7").json()["results"]) == 7
    assert len(client.get(f"{API}/conversations/?page_size=500").json()["results"]) == 25
    assert assert_error_shape(client.get(f"{API}/conversations/?page=9"), "not_found")
    refused = client.get(f"{API}/conversations/?page=0&page_size=x")
    assert set(assert_error_shape(refused, "invalid")["fields"]) == {"page", "page_size"}


def test_list_queries_do_not_grow_with_the_number_of_conversations(
    world, django_assert_max_num_queries
):
    from ej.conversations.services import conversation_create

    for number in range(15):
        conversation_create(
            author=world.users["staff"], title=f"Topic {number}", text="Why?", tags=["a", "b"]
        )
    client = world.client("other")
    with django_assert_max_num_queries(8):
        assert client.get(f"{API}/conversations/").status_code == 200


# Comments


def test_comments_wait_for_moderation_and_the_limit_is_enforced(world, settings):
    url = f"{API}/conversations/{world.conversation.slug}/comments/"
    client = world.client("other")
    limit = world.conversation.comment_limit
    for number in range(limit):
        answer = client.post(url, {"text": f"Idea number {number} from other."})
        assert answer.status_code == 201
        assert answer.json()["status"] == "pending"
    refused = client.post(url, {"text": "One idea too many."})
    assert refused.status_code == 403
    error = assert_error_shape(refused, "comment_limit")
    assert str(limit) in error["message"]
    progress = client.get(f"{API}/conversations/{world.conversation.slug}/progress/").json()
    assert progress["comments_left"] == 0
    # The public list shows approved comments only; the author sees their own.
    public = client.get(url).json()
    assert {item["status"] for item in public["results"]} == {"approved"}
    own = client.get(f"{API}/comments/?status=pending").json()
    assert own["count"] == limit and all(item["is_own"] for item in own["results"])


def test_comment_text_rules_come_from_the_service(world):
    url = f"{API}/conversations/{world.conversation.slug}/comments/"
    answer = world.client("other").post(url, {"text": "x" * 300})
    assert assert_error_shape(answer, "invalid")["fields"] == {
        "text": ["Keep it to 252 characters (this one has 300)."]
    }


def test_moderation(world):
    moderator = world.client("moderator")
    url = f"{API}/comments/{world.pending.pk}/moderate/"
    missing_reason = moderator.post(url, {"status": "rejected"})
    assert assert_error_shape(missing_reason, "invalid")["fields"] == {
        "reason": ["Choose why these comments are rejected."]
    }
    other_without_text = moderator.post(url, {"status": "rejected", "reason": "other"})
    assert set(assert_error_shape(other_without_text, "invalid")["fields"]) == {"reason_text"}
    rejected = moderator.post(
        url, {"status": "rejected", "reason": "other", "reason_text": "Please be specific."}
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["rejection_text"] == "Please be specific."
    # The author reads why; the moderation queue lists it.
    author = world.client("anonymous")
    author.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['owner']}")
    queue = author.get(
        f"{API}/conversations/{world.conversation.slug}/comments/?status=rejected"
    ).json()
    assert [item["id"] for item in queue["results"]] == [world.pending.pk]
    from ej.conversations.models import ModerationLog

    assert ModerationLog.objects.filter(comment=world.pending).count() == 1


# Votes, next comment, progress


def test_a_second_vote_changes_the_first(world):
    client = world.client("other")
    comment = world.approved[1]
    first = client.post(f"{API}/votes/", {"comment": comment.pk, "choice": "agree"})
    again = client.post(f"{API}/votes/", {"comment": comment.pk, "choice": "disagree"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again.json()["choice"] == "disagree"
    changed = client.patch(f"{API}/votes/{first.json()['id']}/", {"choice": "skip"})
    assert changed.status_code == 200 and changed.json()["choice"] == "skip"
    assert Vote.objects.filter(author=world.users["other"], comment=comment).count() == 1


def test_votes_on_comments_not_open_for_voting_are_refused(world):
    answer = world.client("owner").post(
        f"{API}/votes/", {"comment": world.pending.pk, "choice": "agree"}
    )
    error = assert_error_shape(answer, "vote_refused")
    assert "awaiting moderation" in error["message"]


def test_choices_are_words(world):
    answer = world.client("other").post(
        f"{API}/votes/", {"comment": world.approved[1].pk, "choice": 1}
    )
    assert set(assert_error_shape(answer, "invalid")["fields"]) == {"choice"}


def test_next_comment_runs_out_and_skipped_comments_come_back(world):
    client = world.client("other")
    url = f"{API}/conversations/{world.conversation.slug}/next-comment/"
    seen = []
    for _ in range(10):
        body = client.get(url).json()
        if body["comment"] is None:
            break
        seen.append(body["comment"]["id"])
        choice = "skip" if len(seen) == 1 else "agree"
        client.post(f"{API}/votes/", {"comment": body["comment"]["id"], "choice": choice})
    # The skipped comment is offered again at the end, then nothing.
    assert seen[-1] == seen[0] and len(seen) == len(world.approved)
    assert body["progress"]["remaining"] == 0


def test_a_vote_can_bring_the_next_comment(world):
    client = world.client("other")
    slug = world.conversation.slug
    first = client.get(f"{API}/conversations/{slug}/next-comment/").json()
    plain = client.post(f"{API}/votes/", {"comment": first["comment"]["id"], "choice": "agree"})
    assert plain.status_code == 201 and plain.json()["next"] is None

    seen = [first["comment"]["id"]]
    body = client.get(f"{API}/conversations/{slug}/next-comment/").json()
    voted = body["progress"]["voted"]
    while body["comment"] is not None:
        answer = client.post(
            f"{API}/votes/", {"comment": body["comment"]["id"], "choice": "disagree", "next": True}
        )
        assert answer.status_code == 201 and answer.json()["choice"] == "disagree"
        seen.append(body["comment"]["id"])
        body = answer.json()["next"]
        voted += 1
        assert body["progress"]["voted"] == voted
        assert body["comment"] is None or body["comment"]["id"] not in seen
    assert body["progress"]["remaining"] == 0
    # "other" had voted on the first approved comment before (see build_world).
    assert sorted(seen) == sorted(comment.pk for comment in world.approved[1:])
    rows = Vote.objects.filter(author=world.users["other"], comment__in=seen)
    assert sorted(rows.values_list("choice", flat=True)) == [-1] * (len(seen) - 1) + [1]


def test_next_takes_a_boolean(world):
    answer = world.client("other").post(
        f"{API}/votes/", {"comment": world.approved[1].pk, "choice": "agree", "next": "yes"}
    )
    assert set(assert_error_shape(answer, "invalid")["fields"]) == {"next"}
    assert not Vote.objects.filter(author=world.users["other"], comment=world.approved[1]).exists()


# Boards


def test_boards(world):
    created = world.client("other").post(
        f"{API}/boards/",
        {"name": "Neighbourhood", "slug": "neighbourhood", "description": "Our street."},
    )
    assert created.status_code == 201 and created.json()["owner"] == "Otto Other"
    taken = world.client("moderator").post(f"{API}/boards/", {"name": "X", "slug": "ana-board"})
    assert set(assert_error_shape(taken, "invalid")["fields"]) == {"slug"}
    reserved = world.client("moderator").post(f"{API}/boards/", {"name": "X", "slug": "api"})
    assert set(assert_error_shape(reserved, "invalid")["fields"]) == {"slug"}
    renamed = world.client("owner").patch(f"{API}/boards/{world.board.slug}/", {"palette": "green"})
    assert renamed.json()["palette"] == "green" and renamed.json()["name"] == "Ana's board"


# Tokens and sessions


def test_token_life(world):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    answer = client.post(
        f"{API}/tokens/", {"email": " OTHER@example.org", "password": PASSWORD, "name": "phone"}
    )
    assert answer.status_code == 201
    assert answer["Cache-Control"] == "no-store"
    token = answer.json()
    assert token["token"].startswith(token["prefix"]) and token["name"] == "phone"
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token['token']}")
    listed = client.get(f"{API}/tokens/").json()["results"]
    assert {item["id"] for item in listed} == {token["id"], world.token_ids["other"]}
    assert all("token" not in item for item in listed)
    assert client.delete(f"{API}/tokens/{token['id']}/").status_code == 204
    assert client.get(f"{API}/tokens/").status_code == 401
    assert not ApiToken.objects.filter(pk=token["id"]).exists()


@pytest.mark.parametrize(
    "header",
    ["Token", "Token a b", "Token ej_unknown", "Bearer", "token ej_ünïcode"],
)
def test_malformed_or_unknown_tokens_are_401(world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    answer = client.get(f"{API}/conversations/")
    assert answer.status_code == 401
    assert_error_shape(answer, "authentication_failed")


def test_a_deactivated_persons_token_stops_working(world):
    get_user_model().objects.filter(pk=world.users["other"].pk).update(is_active=False)
    assert world.client("other").get(f"{API}/votes/").status_code == 401


def test_the_number_of_tokens_is_limited(world, settings):
    settings.EJ_API_TOKENS_PER_USER = 1
    answer = APIClient(HTTP_ACCEPT_LANGUAGE="en").post(
        f"{API}/tokens/", {"email": "other@example.org", "password": PASSWORD}
    )
    error = assert_error_shape(answer, "invalid")
    assert "Revoke" in error["message"]


def test_the_session_works_with_csrf_and_only_with_it(world):
    client = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.users["other"])
    assert client.get(f"{API}/votes/").status_code == 200
    body = {"comment": world.approved[1].pk, "choice": "agree"}
    refused = client.post(f"{API}/votes/", body)
    assert refused.status_code == 403
    assert_error_shape(refused, "csrf_failed")
    client.get("/login/")  # sets the csrftoken cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(f"{API}/votes/", body, HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201


def test_token_requests_need_no_csrf(world):
    client = APIClient(enforce_csrf_checks=True)
    answer = client.post(f"{API}/tokens/", {"email": "other@example.org", "password": PASSWORD})
    assert answer.status_code == 201

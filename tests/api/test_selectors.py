"""The API's querysets say the same as the permissions in ej/conversations/rules.py, person by
person and conversation by conversation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from ej.api import selectors
from ej.conversations.models import Comment, Conversation
from ej.conversations.services import conversation_create
from tests.api.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    global_moderator = make_user("global@example.org")
    global_moderator.user_permissions.add(Permission.objects.get(codename="is_moderator"))
    inactive = make_user("inactive@example.org", is_active=False)
    conversation_create(
        author=world.users["other"], title="Other's hidden", text="?", is_hidden=True
    )
    return {
        **world.users,
        "global": type(global_moderator).objects.get(pk=global_moderator.pk),
        "inactive": inactive,
        "anonymous": AnonymousUser(),
    }


def test_visible_conversations_are_those_one_can_see(people):
    for name, user in people.items():
        expected = {
            conversation.pk
            for conversation in Conversation.objects.all()
            if user.has_perm("ej_conversations.can_see", conversation)
        }
        found = set(selectors.conversations_visible_to(user).values_list("pk", flat=True))
        assert found == expected, name


def test_moderated_conversations_are_those_one_can_moderate(people):
    for name, user in people.items():
        expected = {
            conversation.pk
            for conversation in Conversation.objects.all()
            if user.has_perm("ej_conversations.can_moderate", conversation)
        }
        found = set(selectors.conversations_moderated_by(user).values_list("pk", flat=True))
        assert found == expected, name


def test_visible_comments(people, world):
    for name, user in people.items():
        expected = set()
        for comment in Comment.objects.select_related("conversation"):
            conversation = comment.conversation
            approved_and_visible = comment.is_approved and user.has_perm(
                "ej_conversations.can_see", conversation
            )
            own = user.is_authenticated and user.is_active and comment.author_id == user.pk
            moderates = user.has_perm("ej_conversations.can_moderate", conversation)
            if approved_and_visible or own or moderates:
                expected.add(comment.pk)
        found = set(selectors.comments_visible_to(user).values_list("pk", flat=True))
        assert found == expected, name
    assert world.pending.pk not in set(
        selectors.comments_visible_to(people["other"]).values_list("pk", flat=True)
    )


def test_visible_conversation_agrees_with_the_visible_conversations(people):
    conversations = list(Conversation.objects.all())
    for name, user in people.items():
        listed = set(selectors.conversations_visible_to(user).values_list("pk", flat=True))
        for conversation in conversations:
            found = selectors.visible_conversation(user, conversation.slug)
            assert (found is not None) == (conversation.pk in listed), (name, conversation.slug)
            if found is not None:
                assert found.pk == conversation.pk
        assert selectors.visible_conversation(user, "no-such-conversation") is None


def test_visible_comment_agrees_with_the_visible_comments(people):
    comments = list(Comment.objects.all())
    for name, user in people.items():
        listed = set(selectors.comments_visible_to(user).values_list("pk", flat=True))
        for comment in comments:
            found = selectors.visible_comment(user, comment.pk)
            assert (found is not None) == (comment.pk in listed), (name, comment.pk)
            if found is not None:
                assert (found.pk, found.conversation.pk) == (comment.pk, comment.conversation_id)
        assert selectors.visible_comment(user, 10**9) is None


def test_the_board_comes_with_the_conversation_and_the_comment(world, django_assert_num_queries):
    conversation = Conversation.objects.get(pk=world.approved[0].conversation_id)
    assert conversation.board_id is not None
    participant = world.users["participant"]
    comment = selectors.visible_comment(participant, world.approved[0].pk)
    found = selectors.visible_conversation(participant, conversation.slug)
    with django_assert_num_queries(0):  # who organizes them is known without asking
        assert comment.conversation.board.owner_id == world.users["owner"].pk
        assert found.board.owner_id == world.users["owner"].pk

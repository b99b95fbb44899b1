import pytest
from django.contrib.auth.models import AnonymousUser

from boogie.rules import compute, register_value
from ej.conversations import rules, services
from ej.conversations.models import Choice, Comment, Conversation, Vote

pytestmark = pytest.mark.django_db


def vote(user, comment, choice):
    return services.vote_cast(author=user, comment=comment, choice=choice)


# Comment limit


def test_a_participant_may_write_two_comments_then_no_more(conversation, participant):
    assert compute("ej_conversations.remaining_comments", participant, conversation) == 2
    assert participant.has_perm("ej_conversations.can_comment", conversation)
    services.comment_create(author=participant, conversation=conversation, text="Primeiro.")
    conversation = Conversation.objects.get(pk=conversation.pk)
    assert compute("ej_conversations.remaining_comments", participant, conversation) == 1
    services.comment_create(author=participant, conversation=conversation, text="Segundo.")
    conversation = Conversation.objects.get(pk=conversation.pk)
    assert compute("ej_conversations.remaining_comments", participant, conversation) == 0
    assert not participant.has_perm("ej_conversations.can_comment", conversation)


def test_a_rejected_comment_gives_its_place_back(conversation, participant, moderator):
    first = services.comment_create(author=participant, conversation=conversation, text="Um.")
    services.comment_create(author=participant, conversation=conversation, text="Dois.")
    services.comment_moderate(
        comments=[first], moderator=moderator, status="rejected", reason="off_topic"
    )
    conversation = Conversation.objects.get(pk=conversation.pk)
    assert rules.remaining_comments(participant, conversation) == 1


def test_the_limit_is_set_per_conversation(conversation, participant):
    Conversation.objects.filter(pk=conversation.pk).update(comment_limit=5)
    conversation = Conversation.objects.get(pk=conversation.pk)
    assert rules.remaining_comments(participant, conversation) == 5


def test_the_default_limit_comes_from_the_settings(settings, author):
    settings.EJ_MAX_COMMENTS_PER_CONVERSATION = 4
    created = services.conversation_create(author=author, title="T", text="Q?", is_promoted=False)
    assert created.comment_limit == 4


@pytest.mark.parametrize("who", ["author", "moderator", "staff", "board_owner"])
def test_organizers_have_no_limit(conversation, who, request, make_user):
    if who == "board_owner":
        user = make_user()
        conversation.board.owner = user
        conversation.board.save()
        conversation.author = make_user()
        conversation.save()
    else:
        user = request.getfixturevalue(who)
    assert rules.comment_limit(user, conversation) is None
    assert rules.remaining_comments(user, conversation) is None
    assert user.has_perm("ej_conversations.can_comment", conversation)


def test_anonymous_people_cannot_comment(conversation):
    anonymous = AnonymousUser()
    assert rules.remaining_comments(anonymous, conversation) == 0
    assert not anonymous.has_perm("ej_conversations.can_comment", conversation)


# Permissions


@pytest.mark.parametrize(
    ("who", "see", "vote", "moderate", "edit"),
    [
        ("author", True, True, True, True),
        ("moderator", True, True, True, False),
        ("staff", True, True, True, True),
        ("participant", True, True, False, False),
        ("anonymous", True, False, False, False),
    ],
)
def test_permissions_by_role(conversation, request, who, see, vote, moderate, edit):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    assert user.has_perm("ej_conversations.can_see", conversation) is see
    assert user.has_perm("ej_conversations.can_vote", conversation) is vote
    assert user.has_perm("ej_conversations.can_moderate", conversation) is moderate
    assert user.has_perm("ej_conversations.can_edit", conversation) is edit


@pytest.mark.parametrize(
    ("who", "see"),
    [
        ("author", True),
        ("moderator", True),
        ("staff", True),
        ("participant", False),
        ("anonymous", False),
    ],
)
def test_hidden_conversations_are_seen_only_by_organizers(conversation, request, who, see):
    Conversation.objects.filter(pk=conversation.pk).update(is_hidden=True)
    conversation = Conversation.objects.select_related("board").get(pk=conversation.pk)
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    assert user.has_perm("ej_conversations.can_see", conversation) is see
    assert user.has_perm("ej_conversations.can_vote", conversation) is see


def test_anonymous_votes_are_allowed_only_when_the_conversation_says_so(conversation):
    anonymous = AnonymousUser()
    assert not anonymous.has_perm("ej_conversations.can_vote", conversation)
    conversation.allow_anonymous_votes = True
    assert anonymous.has_perm("ej_conversations.can_vote", conversation)


def test_moderators_may_be_named_by_model_permission(conversation, participant):
    from django.contrib.auth.models import Permission

    participant.user_permissions.add(Permission.objects.get(codename="is_moderator"))
    participant = type(participant).objects.get(pk=participant.pk)
    assert participant.has_perm("ej_conversations.can_moderate", conversation)


def test_only_staff_and_promoters_promote(staff, participant, author):
    assert staff.has_perm("ej_conversations.can_promote")
    assert not participant.has_perm("ej_conversations.can_promote")
    assert not author.has_perm("ej_conversations.can_promote")


def test_who_can_create_conversations(staff, participant, board):
    assert staff.has_perm("ej_conversations.can_create")
    assert board.owner.has_perm("ej_conversations.can_create")
    assert not participant.has_perm("ej_conversations.can_create")
    assert not AnonymousUser().has_perm("ej_conversations.can_create")


# Next comment


def test_next_comment_offers_own_approved_comments_first(
    conversation, participant, moderator, django_capture_on_commit_callbacks
):
    own = services.comment_create(author=participant, conversation=conversation, text="Meu.")
    # Pending: not offered, even to its author.
    for _ in range(10):
        assert rules.next_comment(participant, conversation) != own
    # Committed, as a request's moderation is: the approved comments are then read again.
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(comments=[own], moderator=moderator, status="approved")
    next_request = Conversation.objects.get(pk=conversation.pk)  # rules remember per request
    assert rules.next_comment(participant, next_request) == own


def test_next_comment_never_offers_pending_rejected_or_voted_comments(
    conversation, comments, participant, pending_comment, rejected_comment
):
    offered = []
    for _ in range(len(comments)):
        comment = rules.next_comment(participant, conversation)
        assert comment.status == Comment.Status.APPROVED
        assert comment not in offered
        offered.append(comment)
        vote(participant, comment, "agree")
    assert sorted(c.pk for c in offered) == sorted(c.pk for c in comments)
    assert rules.next_comment(participant, conversation) is None


def test_skipped_comments_come_back_last_oldest_skip_first(conversation, comments, participant):
    first, second, third = comments
    vote(participant, second, "skip")
    vote(participant, first, "skip")
    assert rules.next_comment(participant, conversation) == third
    vote(participant, third, "disagree")
    assert rules.next_comment(participant, conversation) == second
    vote(participant, second, "agree")
    assert rules.next_comment(participant, conversation) == first
    vote(participant, first, "agree")
    assert rules.next_comment(participant, conversation) is None


def test_anonymous_people_get_a_random_approved_comment(conversation, comments, pending_comment):
    for _ in range(10):
        assert rules.next_comment(AnonymousUser(), conversation) in comments
        assert rules.next_comment(None, conversation) in comments


def test_next_comment_follows_priorities(conversation, comments, participant):
    favourite = comments[1]
    priorities = {comment.pk: 0.0 for comment in comments} | {favourite.pk: 5.0}
    for _ in range(10):
        assert rules.next_comment(participant, conversation, priorities=priorities) == favourite
    # Weight zero comes only when nothing else is left.
    vote(participant, favourite, "agree")
    assert rules.next_comment(participant, conversation, priorities=priorities) in comments


def test_the_registered_value_uses_registered_priorities(conversation, comments, participant):
    from boogie import rules as boogie_rules

    target = comments[2]
    registered = boogie_rules._values.get(rules.PRIORITIES_VALUE)  # ej_clusters' own
    register_value(rules.PRIORITIES_VALUE)(
        lambda user, conversation: {c.pk: (1.0 if c == target else 0.0) for c in comments}
    )
    try:
        assert compute("ej_conversations.next_comment", participant, conversation) == target
    finally:
        boogie_rules._values.pop(rules.PRIORITIES_VALUE)
        if registered is not None:
            boogie_rules._values[rules.PRIORITIES_VALUE] = registered


def test_progress_counts_votes_on_approved_comments(
    conversation, comments, participant, rejected_comment
):
    assert rules.progress(participant, conversation) == (0, 3)
    vote(participant, comments[0], "skip")
    vote(participant, comments[1], "agree")
    assert rules.progress(participant, conversation) == (2, 3)
    assert rules.progress(AnonymousUser(), conversation) == (0, 3)


def test_votes_are_offered_as_arrays_and_tables(conversation, comments, participant, other):
    vote(participant, comments[0], "agree")
    vote(other, comments[0], "disagree")
    vote(other, comments[1], "skip")
    authors, comment_ids, choices = Vote.objects.for_conversation(conversation).arrays()
    assert sorted(zip(authors, comment_ids, choices, strict=True)) == sorted(
        [
            (participant.pk, comments[0].pk, 1),
            (other.pk, comments[0].pk, -1),
            (other.pk, comments[1].pk, 0),
        ]
    )
    table = Vote.objects.for_conversation(conversation).votes_table()
    assert table.loc[other.pk, comments[0].pk] == Choice.DISAGREE
    assert table.shape == (2, 2)


@pytest.mark.parametrize("weighted", [True, False], ids=["with priorities", "without"])
def test_progress_and_routing_read_the_ballot_once_and_a_vote_forgets_it(
    conversation, comments, participant, weighted
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    priorities = {comment.pk: 1.0 for comment in comments} if weighted else None
    # Once first: on PostgreSQL a connection's first run of a query prepares it.
    rules.next_comment(participant, conversation, priorities=priorities)
    assert not participant.has_perm("ej_conversations.is_moderator")  # cached on the person
    rules.forget(conversation)
    with CaptureQueriesContext(connection) as queries:
        assert rules.progress(participant, conversation) == (0, 3)
        first = rules.next_comment(participant, conversation, priorities=priorities)
        assert rules.progress(participant, conversation) == (0, 3)
        # The person's facts (comments written, moderator or not) come with the ballot.
        limit = conversation.comment_limit
        assert rules.remaining_comments(participant, conversation) == limit
        assert not rules.is_moderator(participant, conversation)
    # The ballot (with the person's facts), the chosen comment, and the board's owner (an
    # organizer has no comment limit): no query for the facts.
    assert conversation.board_id is not None
    assert len(queries) == 3, [query["sql"][:120] for query in queries]
    first.conversation = conversation  # as the vote's comment has it in a request
    vote(participant, first, "agree")
    assert rules.progress(participant, conversation) == (1, 3)
    assert rules.next_comment(participant, conversation, priorities=priorities) != first


def test_the_ballot_brings_the_same_facts_as_their_own_query(conversation, comments, participant):
    services.comment_create(author=participant, conversation=conversation, text="Pendente.")
    conversation.moderators.add(participant)
    with_ballot = Conversation.objects.get(pk=conversation.pk)
    rules.progress(participant, with_ballot)  # reads the ballot first, as a vote's answer does
    alone = Conversation.objects.get(pk=conversation.pk)
    assert rules._facts(participant, with_ballot) == rules._facts(participant, alone) == (True, 1)

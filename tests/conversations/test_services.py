import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count

from ej.conversations import services
from ej.conversations.errors import CommentLimitReached, VoteRefused
from ej.conversations.models import (
    Comment,
    Conversation,
    FavoriteConversation,
    ModerationLog,
    Tag,
    Vote,
)
from ej.conversations.text import comment_key, normalize_text

pytestmark = pytest.mark.django_db


# Text


def test_comment_text_is_normalized():
    assert normalize_text("  Mais\n\tônibus\u00a0  à noite  ") == "Mais ônibus à noite"


def test_comment_keys_ignore_case_spacing_and_unicode_form():
    assert comment_key("Mais ÔNIBUS   à noite") == comment_key(" mais ônibus à noite ")
    assert comment_key("Cafe\u0301") == comment_key("café")
    assert comment_key("Mais ônibus") != comment_key("Menos ônibus")


# Comments


def test_comment_is_stored_normalized(conversation, participant):
    comment = services.comment_create(
        author=participant, conversation=conversation, text="  Uma   ideia\nnova "
    )
    assert comment.text == "Uma ideia nova"
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("text", ["", " ", "a", " a \n"])
def test_too_short_comments_are_refused(conversation, participant, text):
    with pytest.raises(ValidationError) as error:
        services.comment_create(author=participant, conversation=conversation, text=text)
    assert error.value.message_dict["text"] == ["Write at least 2 characters."]
    assert not conversation.comments.filter(author=participant).exists()


def test_too_long_comments_are_refused(conversation, participant):
    with pytest.raises(ValidationError) as error:
        services.comment_create(author=participant, conversation=conversation, text="a" * 253)
    assert "Keep it to 252 characters (this one has 253)." in error.value.message_dict["text"]
    # Spaces collapse before counting.
    services.comment_create(
        author=participant, conversation=conversation, text="a" * 250 + "      b"
    )


def test_duplicates_are_refused_whatever_the_case_and_spacing(conversation, participant):
    with pytest.raises(ValidationError) as error:
        services.comment_create(
            author=participant, conversation=conversation, text="  MAIS   ônibus à NOITE. "
        )
    assert "already in the conversation" in error.value.message_dict["text"][0]
    assert conversation.comments.count() == 3


def test_the_database_refuses_duplicates_too(conversation, participant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(
            conversation=conversation, author=participant, text="mais ônibus  à noite."
        )


def test_the_database_refuses_bad_lengths(conversation, participant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.bulk_create(
            [Comment(conversation=conversation, author=participant, text="x", text_key="k")]
        )


def test_the_same_text_is_fine_in_another_conversation(conversation, author, participant):
    other = services.conversation_create(author=author, title="Outra", text="?")
    services.comment_create(author=participant, conversation=other, text="Mais ônibus à noite.")


def test_comments_beyond_the_limit_are_refused(conversation, participant):
    services.comment_create(author=participant, conversation=conversation, text="Um.")
    services.comment_create(author=participant, conversation=conversation, text="Dois.")
    with pytest.raises(CommentLimitReached) as error:
        services.comment_create(author=participant, conversation=conversation, text="Três.")
    assert error.value.messages == [
        "You have written the 2 comments this conversation accepts from each participant."
    ]
    assert conversation.comments.filter(author=participant).count() == 2


def test_organizers_comments_are_approved(conversation, moderator):
    comment = services.comment_create(author=moderator, conversation=conversation, text="Boa.")
    assert comment.status == Comment.Status.APPROVED


def test_automatic_approval(conversation, participant):
    conversation.approve_comments_automatically = True
    comment = services.comment_create(author=participant, conversation=conversation, text="Ok!")
    assert comment.is_approved


# Moderation


def test_approving_and_rejecting_is_logged(conversation, moderator, participant):
    one = services.comment_create(author=participant, conversation=conversation, text="Um.")
    two = services.comment_create(author=participant, conversation=conversation, text="Dois.")
    changed = services.comment_moderate(comments=[one, two], moderator=moderator, status="approved")
    assert changed == 2
    assert set(conversation.comments.approved().filter(author=participant)) == {one, two}
    changed = services.comment_moderate(
        comments=[two],
        moderator=moderator,
        status="rejected",
        reason="other",
        reason_text="Repete outra ideia.",
    )
    assert changed == 1
    two.refresh_from_db()
    assert (two.status, two.rejection_reason, two.rejection_text, two.moderator) == (
        "rejected",
        "other",
        "Repete outra ideia.",
        moderator,
    )
    log = list(ModerationLog.objects.filter(comment=two).order_by("id"))
    assert [(entry.previous_status, entry.status) for entry in log] == [
        ("pending", "approved"),
        ("approved", "rejected"),
    ]
    # Nothing changes, nothing is logged.
    assert services.comment_moderate(comments=[one], moderator=moderator, status="approved") == 0
    assert ModerationLog.objects.filter(comment=one).count() == 1


@pytest.mark.parametrize(
    ("reason", "text", "field"),
    [("", "", "reason"), ("nonsense", "", "reason"), ("other", "  ", "reason_text")],
)
def test_rejecting_needs_a_reason(conversation, moderator, pending_comment, reason, text, field):
    with pytest.raises(ValidationError) as error:
        services.comment_moderate(
            comments=[pending_comment],
            moderator=moderator,
            status="rejected",
            reason=reason,
            reason_text=text,
        )
    assert field in error.value.message_dict
    pending_comment.refresh_from_db()
    assert pending_comment.is_pending


def test_a_reason_with_free_text_is_kept(conversation, moderator, pending_comment):
    services.comment_moderate(
        comments=[pending_comment],
        moderator=moderator,
        status="rejected",
        reason="offensive",
        reason_text="Sem xingamentos.",
    )
    pending_comment.refresh_from_db()
    assert pending_comment.rejection_text == "Sem xingamentos."


def test_only_moderators_moderate(conversation, participant, pending_comment):
    with pytest.raises(PermissionDenied):
        services.comment_moderate(
            comments=[pending_comment], moderator=participant, status="approved"
        )
    pending_comment.refresh_from_db()
    assert pending_comment.is_pending


def test_the_database_refuses_a_rejection_without_reason(pending_comment):
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=pending_comment.pk).update(status="rejected")


# Votes


def test_a_vote_is_recorded_and_changed_in_place(comments, participant):
    comment = comments[0]
    first = services.vote_cast(author=participant, comment=comment, choice="agree")
    assert (first.created, first.changed, first.vote.choice) == (True, False, 1)
    for choice, value in [("disagree", -1), ("skip", 0), ("agree", 1), (-1, -1)]:
        result = services.vote_cast(author=participant, comment=comment, choice=choice)
        assert (result.created, result.changed, result.vote.choice) == (False, True, value)
        assert result.vote.pk == first.vote.pk
    same = services.vote_cast(author=participant, comment=comment, choice="disagree")
    assert (same.created, same.changed) == (False, False)
    assert Vote.objects.filter(author=participant, comment=comment).count() == 1


def test_votes_are_counted_per_choice(comments, participant, other, author):
    services.vote_cast(author=participant, comment=comments[0], choice="agree")
    services.vote_cast(author=other, comment=comments[0], choice="agree")
    services.vote_cast(author=author, comment=comments[0], choice="skip")
    counts = dict(
        Vote.objects.filter(comment=comments[0]).values_list("choice").annotate(n=Count("id"))
    )
    assert counts == {1: 2, 0: 1}


@pytest.mark.parametrize("choice", ["maybe", "", None, 2, 42, True, "1.5"])
def test_unknown_choices_are_refused(comments, participant, choice):
    with pytest.raises(VoteRefused):
        services.vote_cast(author=participant, comment=comments[0], choice=choice)
    assert not Vote.objects.exists()


def test_votes_on_pending_or_rejected_comments_are_refused(
    participant, pending_comment, rejected_comment
):
    for comment in (pending_comment, rejected_comment):
        with pytest.raises(VoteRefused) as error:
            services.vote_cast(author=participant, comment=comment, choice="agree")
        assert "not open for votes" in error.value.messages[0]
    assert not Vote.objects.exists()


def test_the_database_keeps_one_vote_per_person_and_comment(comments, participant):
    Vote.objects.create(author=participant, comment=comments[0], choice=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(author=participant, comment=comments[0], choice=-1)


def test_the_database_refuses_unknown_choices(comments, participant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(author=participant, comment=comments[0], choice=5)


def test_insert_if_new_writes_only_a_first_vote(comments, participant):
    """The INSERT that votes does nothing (and does not fail) when the person's vote is there,
    as when another request of theirs wrote it a moment before."""
    comment = comments[0]
    first = Vote(author=participant, comment=comment, choice=Vote.Choice.DISAGREE)
    assert Vote.objects.insert_if_new(first) is True
    stored = Vote.objects.get()
    assert (stored.pk, stored.choice) == (first.pk, Vote.Choice.DISAGREE)
    assert stored.created == stored.modified == first.created
    again = Vote(author=participant, comment=comment, choice=Vote.Choice.AGREE)
    assert Vote.objects.insert_if_new(again) is False
    assert again.pk is None
    assert list(Vote.objects.values_list("pk", "choice")) == [(first.pk, Vote.Choice.DISAGREE)]


def test_a_vote_already_written_by_another_request_becomes_an_update(comments, participant):
    comment = comments[0]
    Vote.objects.insert_if_new(Vote(author=participant, comment=comment, choice=-1))
    result = services.vote_cast(author=participant, comment=comment, choice="agree")
    assert (result.created, result.changed) == (False, True)
    assert list(Vote.objects.values_list("choice", flat=True)) == [1]


def test_vote_signal_is_sent_after_commit(
    comments, participant, django_capture_on_commit_callbacks
):
    from ej.conversations.signals import vote_saved

    received = []

    def receiver(sender, vote, created, changed, **kwargs):
        received.append((vote.choice, created, changed))

    vote_saved.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.vote_cast(author=participant, comment=comments[0], choice="agree")
        with django_capture_on_commit_callbacks(execute=True):
            services.vote_cast(author=participant, comment=comments[0], choice="agree")
        with django_capture_on_commit_callbacks(execute=True):
            services.vote_cast(author=participant, comment=comments[0], choice="skip")
    finally:
        vote_saved.disconnect(receiver)
    assert received == [(1, True, False), (0, False, True)]


# Anonymous participants


def test_anonymous_votes_move_to_the_account_on_login(comments, participant):
    anonymous = services.anonymous_participant_create()
    assert not anonymous.has_usable_password()
    services.vote_cast(author=anonymous, comment=comments[0], choice="agree")
    services.vote_cast(author=anonymous, comment=comments[1], choice="agree")
    services.vote_cast(author=participant, comment=comments[1], choice="disagree")
    assert services.anonymous_votes_adopt(anonymous=anonymous, user=participant) == 1
    assert dict(Vote.objects.values_list("comment_id", "choice")) == {
        comments[0].pk: 1,
        comments[1].pk: -1,
    }
    assert not type(participant).objects.filter(pk=anonymous.pk).exists()


def test_only_anonymous_participants_are_adopted(participant, other):
    assert services.anonymous_votes_adopt(anonymous=other, user=participant) == 0
    assert type(other).objects.filter(pk=other.pk).exists()


# Favourites


def test_favourite_toggles(conversation, participant):
    assert services.favorite_toggle(user=participant, conversation=conversation) is True
    assert FavoriteConversation.objects.filter(user=participant).count() == 1
    assert services.favorite_toggle(user=participant, conversation=conversation) is False
    assert not FavoriteConversation.objects.exists()


# Conversations


def test_conversation_create_with_tags_and_first_comments(author, board):
    conversation = services.conversation_create(
        author=author,
        board=board,
        title="  Saúde   no bairro ",
        text="O posto de saúde atende bem?",
        tags=services.tag_names("saúde, Bairro ,saúde, ., "),
        comments=["Falta médico.", "Demora muito."],
    )
    assert conversation.title == "Saúde no bairro"
    assert conversation.slug == "saude-no-bairro"
    assert sorted(conversation.tags.values_list("name", flat=True)) == ["Bairro", "saúde"]
    assert list(conversation.comments.values_list("status", flat=True)) == ["approved"] * 2


def test_slugs_are_unique_and_avoid_reserved_words(author):
    first = services.conversation_create(author=author, title="Add", text="?")
    second = services.conversation_create(author=author, title="Add", text="?")
    third = services.conversation_create(author=author, title="!!!", text="?")
    assert (first.slug, second.slug, third.slug) == ("add-2", "add-3", "conversation")


def test_first_comments_are_validated(author):
    with pytest.raises(ValidationError) as error:
        services.conversation_create(author=author, title="T", text="?", comments=["ok", "x"])
    assert error.value.message_dict["comments"] == ["Comment 2: Write at least 2 characters."]
    assert not Conversation.objects.exists()


def test_conversations_go_only_on_the_authors_boards(participant, board):
    with pytest.raises(ValidationError) as error:
        services.conversation_create(author=participant, board=board, title="T", text="?")
    assert "board" in error.value.message_dict


def test_only_staff_promote(author, staff):
    with pytest.raises(ValidationError):
        services.conversation_create(author=author, title="T", text="?", is_promoted=True)
    promoted = services.conversation_create(author=staff, title="T", text="?", is_promoted=True)
    assert promoted.is_promoted


def test_editing_is_for_editors(conversation, moderator, author):
    with pytest.raises(PermissionDenied):
        services.conversation_update(conversation=conversation, editor=moderator, title="X")
    services.conversation_update(
        conversation=conversation, editor=author, title=" Novo  título ", tags=["a"]
    )
    conversation.refresh_from_db()
    assert conversation.title == "Novo título"
    assert conversation.slug == "transporte-publico"
    assert list(conversation.tags.values_list("name", flat=True)) == ["a"]


def test_an_editor_cannot_promote_and_bad_values_leave_no_trace(conversation, author):
    Conversation.objects.filter(pk=conversation.pk).update(is_promoted=False)
    conversation.refresh_from_db()
    with pytest.raises(ValidationError):
        services.conversation_update(conversation=conversation, editor=author, is_promoted=True)
    with pytest.raises(ValidationError):
        services.conversation_update(conversation=conversation, editor=author, title="")
    assert conversation.title == "Transporte público"
    conversation.refresh_from_db()
    assert (conversation.title, conversation.is_promoted) == ("Transporte público", False)


def test_tags_are_shared_by_slug(author):
    services.conversation_create(author=author, title="A", text="?", tags=["Saúde"])
    services.conversation_create(author=author, title="B", text="?", tags=["saude"])
    assert Tag.objects.count() == 1

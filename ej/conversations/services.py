"""Every write to conversations, comments, votes and favourites goes through these functions.

Each runs in one transaction and raises ``ValidationError`` (or a subclass from
``ej.conversations.errors``) with a message written for the person who acted.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ej.conversations import rules, signals
from ej.conversations.errors import CommentLimitReached, VoteRefused
from ej.conversations.models import (
    Choice,
    Comment,
    Conversation,
    FavoriteConversation,
    ModerationLog,
    RejectionReason,
    Tag,
    Vote,
)
from ej.conversations.models.vote import Channel
from ej.conversations.text import (
    COMMENT_MAX_LENGTH,
    COMMENT_MIN_LENGTH,
    comment_key,
    normalize_text,
)

ANONYMOUS_EMAIL_DOMAIN = "anonymous.invalid"
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


# Comments


def comment_text_errors(text: str) -> list[str]:
    """What is wrong with a comment's text on its own (length), as messages for its author."""
    length = len(normalize_text(text))
    if length < COMMENT_MIN_LENGTH:
        return [
            ngettext(
                "Write at least %(minimum)d character.",
                "Write at least %(minimum)d characters.",
                COMMENT_MIN_LENGTH,
            )
            % {"minimum": COMMENT_MIN_LENGTH}
        ]
    if length > COMMENT_MAX_LENGTH:
        return [
            _("Keep it to %(maximum)d characters (this one has %(length)d).")
            % {"maximum": COMMENT_MAX_LENGTH, "length": length}
        ]
    return []


def _duplicate_error() -> ValidationError:
    return ValidationError(
        {"text": _("This comment is already in the conversation; write something new.")},
        code="duplicate",
    )


def comment_create(
    *,
    author: Any,
    conversation: Conversation,
    text: str,
    status: str | None = None,
    check_limit: bool = True,
) -> Comment:
    """Add a comment. It is approved when its author edits or moderates the conversation or
    when the conversation approves comments automatically, and waits for moderation otherwise.
    """
    text = normalize_text(text)
    errors = comment_text_errors(text)
    if errors:
        raise ValidationError({"text": errors}, code="length")
    if status is None:
        automatic = conversation.approve_comments_automatically
        approved = automatic or rules.is_moderator(author, conversation)
        status = Comment.Status.APPROVED if approved else Comment.Status.PENDING
    with transaction.atomic():
        if check_limit:
            # Two comments sent at once by the same person are counted one after the other.
            get_user_model().objects.select_for_update().filter(pk=author.pk).first()
            rules.forget(conversation)
            if rules.remaining_comments(author, conversation) == 0:
                limit = rules.comment_limit(author, conversation) or 0
                raise CommentLimitReached(
                    ngettext(
                        "You have written the %(limit)d comment this conversation accepts from "
                        "each participant.",
                        "You have written the %(limit)d comments this conversation accepts from "
                        "each participant.",
                        limit,
                    )
                    % {"limit": limit},
                    code="limit",
                )
        key = comment_key(text)
        if conversation.comments.filter(text_key=key).exists():
            raise _duplicate_error()
        try:
            with transaction.atomic():
                comment = Comment.objects.create(
                    conversation=conversation, author=author, text=text, status=status
                )
        except IntegrityError:
            # Someone sent the same text a moment ago.
            raise _duplicate_error() from None
        rules.forget(conversation)
        transaction.on_commit(lambda: signals.comment_created.send(sender=Comment, comment=comment))
    return comment


def _rejection_errors(reason: str, reason_text: str) -> dict[str, str]:
    if not reason:
        return {"reason": _("Choose why these comments are rejected.")}
    if reason not in RejectionReason.values:
        return {"reason": _("Choose one of the listed reasons.")}
    if reason == RejectionReason.OTHER and not reason_text.strip():
        return {"reason_text": _("Explain the reason to the comments' authors.")}
    return {}


def comment_moderate(
    *,
    comments: Iterable[Comment],
    moderator: Any,
    status: str,
    reason: str = "",
    reason_text: str = "",
) -> int:
    """Approve or reject ``comments`` (a moderator may change an earlier decision), writing
    one moderation log entry per changed comment. Returns how many comments changed.

    Rejecting needs a reason from ``RejectionReason``; ``OTHER`` needs ``reason_text`` too. The
    moderator must be able to moderate every comment's conversation.
    """
    if status not in (Comment.Status.APPROVED, Comment.Status.REJECTED):
        raise ValidationError(_("Comments can be approved or rejected."), code="status")
    reason_text = reason_text.strip()
    if status == Comment.Status.REJECTED:
        errors = _rejection_errors(reason, reason_text)
        if errors:
            raise ValidationError(errors, code="reason")
    else:
        reason, reason_text = "", ""
    ids = [comment.pk for comment in comments]
    now = timezone.now()
    with transaction.atomic():
        locked = list(
            Comment.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("conversation__board")
            .order_by("pk")
        )
        for conversation in {comment.conversation for comment in locked}:
            if not rules.is_moderator(moderator, conversation):
                raise PermissionDenied(_("You cannot moderate this conversation."))
        changed, log = [], []
        for comment in locked:
            same = (comment.status, comment.rejection_reason, comment.rejection_text) == (
                status,
                reason,
                reason_text,
            )
            if same:
                continue
            log.append(
                ModerationLog(
                    conversation_id=comment.conversation_id,
                    comment=comment,
                    moderator=moderator,
                    previous_status=comment.status,
                    status=status,
                    rejection_reason=reason,
                    rejection_text=reason_text,
                )
            )
            comment.status = status
            comment.rejection_reason = reason
            comment.rejection_text = reason_text
            comment.moderator = moderator
            comment.moderated_at = now
            comment.modified = now
            changed.append(comment)
        fields = ["status", "rejection_reason", "rejection_text", "moderator", "moderated_at"]
        Comment.objects.bulk_update(changed, [*fields, "modified"])
        ModerationLog.objects.bulk_create(log)
        if changed:
            transaction.on_commit(
                lambda: signals.comments_moderated.send(
                    sender=Comment, comments=changed, moderator=moderator, status=status
                )
            )
    return len(changed)


# Votes


@dataclass(frozen=True)
class VoteResult:
    vote: Vote
    created: bool
    changed: bool


def vote_cast(
    *, author: Any, comment: Comment, choice: Any, channel: str = Channel.WEB
) -> VoteResult:
    """Record ``author``'s vote on ``comment``; a second vote changes the first (one row per
    person and comment, guarded by a unique constraint). Only approved comments take votes.
    """
    try:
        choice = Choice.parse(choice)
    except ValueError:
        raise VoteRefused(_("A vote is agree, disagree or skip."), code="choice") from None
    if channel not in Channel.values:
        raise VoteRefused(_("Unknown voting channel."), code="channel")
    if not comment.is_approved:
        raise VoteRefused(
            _("This comment is not open for votes: it is awaiting moderation or was rejected."),
            code="not-approved",
        )
    # Each statement below is atomic on its own, so no transaction is opened around them: a
    # first vote is one INSERT that does nothing when the person already voted (one round trip
    # instead of six with BEGIN/SELECT FOR UPDATE/SAVEPOINT/INSERT/RELEASE/COMMIT), and the
    # unique constraint (author, comment) settles two requests of the same person racing.
    vote = Vote(author=author, comment=comment, choice=choice, channel=channel)
    changed = False
    created = Vote.objects.insert_if_new(vote)
    if not created:
        votes = Vote.objects.filter(author=author, comment=comment)
        vote = votes.get()
        vote.comment = comment  # the signal's receivers need it; no query to fetch it again
        # One UPDATE that changes the row only when the vote differs: if another request of
        # the same person changes it at the same moment, the last one to write wins.
        now = timezone.now()
        changed = bool(
            votes.exclude(choice=choice, channel=channel).update(
                choice=choice, channel=channel, modified=now
            )
        )
        if changed:
            vote.choice, vote.channel, vote.modified = choice, channel, now
    if created or changed:
        conversation = comment._state.fields_cache.get("conversation")
        if conversation is not None:
            rules.forget(conversation)
        transaction.on_commit(
            lambda: signals.vote_saved.send(
                sender=Vote, vote=vote, created=created, changed=changed
            )
        )
    return VoteResult(vote=vote, created=created, changed=changed)


def anonymous_participant_create() -> Any:
    """A user row for someone voting without an account: no usable password, an address that
    cannot receive mail."""
    email = f"anonymous-{uuid.uuid4().hex}@{ANONYMOUS_EMAIL_DOMAIN}"
    return get_user_model().objects.create_user(email=email, password=None)


def is_anonymous_participant(user: Any) -> bool:
    email = getattr(user, "email", "") or ""
    return email.endswith("@" + ANONYMOUS_EMAIL_DOMAIN)


def anonymous_votes_adopt(*, anonymous: Any, user: Any) -> int:
    """Move the votes cast before logging in to the account; where the account already voted on
    a comment, its own vote stays. The anonymous participant is then deleted."""
    if not is_anonymous_participant(anonymous) or anonymous.pk == user.pk:
        return 0
    with transaction.atomic():
        already = Vote.objects.filter(author=user).values("comment_id")
        moved = (
            Vote.objects.filter(author=anonymous)
            .exclude(comment_id__in=already)
            .update(author=user)
        )
        anonymous.delete()
    return moved


# Favourites


def favorite_toggle(*, user: Any, conversation: Conversation) -> bool:
    """Add the conversation to the person's favourites, or remove it; returns the new state."""
    with transaction.atomic():
        deleted, _rows = FavoriteConversation.objects.filter(
            user=user, conversation=conversation
        ).delete()
        if deleted:
            return False
        FavoriteConversation.objects.get_or_create(user=user, conversation=conversation)
    return True


# Conversations


def tag_names(text: str) -> list[str]:
    """``"saúde, Transporte ,saúde"`` → ``["saúde", "Transporte"]`` (first spelling wins)."""
    names: dict[str, str] = {}
    for part in text.split(","):
        name = normalize_text(part).strip(".#")
        if name and slugify(name):
            names.setdefault(slugify(name), name[:TAG_MAX_LENGTH])
    return list(names.values())


def _tags(names: Sequence[str]) -> list[Tag]:
    tags = []
    for name in names:
        tag, _created = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        tags.append(tag)
    return tags


def _check_board(conversation: Conversation, *, editor: Any) -> None:
    board = conversation.board
    if board is not None and board.owner_id != editor.pk and not editor.is_staff:
        raise ValidationError({"board": _("You can only add conversations to your own boards.")})


def _check_promotion(*, editor: Any) -> None:
    if not rules.can_promote(editor):
        raise ValidationError({"is_promoted": _("Only staff can promote conversations.")})


def _clean(conversation: Conversation) -> None:
    conversation.full_clean(exclude=["slug", "author", "tags", "moderators"])


def _save_with_unique_slug(conversation: Conversation, attempts: int = 3) -> None:
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                conversation.save()
            return
        except IntegrityError:
            # Another conversation took the same slug a moment ago: pick the next free one.
            if attempt == attempts - 1 or conversation.pk is not None:
                raise
            conversation.slug = ""


def conversation_create(
    *,
    author: Any,
    title: str,
    text: str,
    board: Any = None,
    tags: Sequence[str] = (),
    comments: Sequence[str] = (),
    moderators: Sequence[Any] = (),
    **options: Any,
) -> Conversation:
    """Create a conversation with its tags, moderators and first comments (approved).

    ``options`` are other Conversation fields: ``is_promoted``, ``is_hidden``,
    ``comment_limit``, ``approve_comments_automatically``, ``allow_anonymous_votes``,
    ``source``, ``source_url``.
    """
    conversation = Conversation(
        author=author, title=normalize_text(title), text=text.strip(), board=board, **options
    )
    _check_board(conversation, editor=author)
    if conversation.is_promoted:
        _check_promotion(editor=author)
    _clean(conversation)
    with transaction.atomic():
        _save_with_unique_slug(conversation)
        conversation.tags.set(_tags(tags))
        conversation.moderators.set(moderators)
        for index, comment in enumerate(comments, start=1):
            try:
                comment_create(
                    author=author,
                    conversation=conversation,
                    text=comment,
                    status=Comment.Status.APPROVED,
                    check_limit=False,
                )
            except ValidationError as error:
                messages = [
                    message for messages in error.message_dict.values() for message in messages
                ]
                raise ValidationError(
                    {
                        "comments": [
                            _("Comment %(number)d: %(error)s") % {"number": index, "error": message}
                            for message in messages
                        ]
                    }
                ) from None
    return conversation


EDITABLE_FIELDS = frozenset(
    {
        "title",
        "text",
        "board",
        "is_promoted",
        "is_hidden",
        "comment_limit",
        "approve_comments_automatically",
        "allow_anonymous_votes",
    }
)


def conversation_update(
    *,
    conversation: Conversation,
    editor: Any,
    tags: Sequence[str] | None = None,
    moderators: Sequence[Any] | None = None,
    **fields: Any,
) -> Conversation:
    """Change a conversation's settings (its address stays). Promoting needs staff."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"conversation_update() cannot change {sorted(unknown)}")
    if not rules.is_editor(editor, conversation):
        raise PermissionDenied(_("You cannot edit this conversation."))
    if fields.get("is_promoted", conversation.is_promoted) != conversation.is_promoted:
        _check_promotion(editor=editor)
    board_changed = "board" in fields and fields["board"] != conversation.board
    for name, value in fields.items():
        setattr(conversation, name, value)
    if "title" in fields:
        conversation.title = normalize_text(conversation.title)
    try:
        if board_changed:
            _check_board(conversation, editor=editor)
        _clean(conversation)
    except ValidationError:
        conversation.refresh_from_db()
        raise
    with transaction.atomic():
        conversation.save()
        if tags is not None:
            conversation.tags.set(_tags(tags))
        if moderators is not None:
            conversation.moderators.set(moderators)
    rules.forget(conversation)
    return conversation

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from model_utils.models import TimeStampedModel

from boogie.models import DataFrameQuerySetMixin
from ej.conversations.text import (
    COMMENT_MAX_LENGTH,
    COMMENT_MIN_LENGTH,
    comment_key,
    normalize_text,
)


class RejectionReason(models.TextChoices):
    INCOMPREHENSIBLE = "incomprehensible", _("Incomplete or incomprehensible text")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OFFENSIVE = "offensive", _("Offensive content or language")
    DUPLICATE = "duplicate", _("Says the same as another comment")
    TERMS = "terms", _("Breaks the terms of use")
    OTHER = "other", _("Another reason (explained below)")


class CommentQuerySet(DataFrameQuerySetMixin, models.QuerySet):
    def approved(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING)

    def rejected(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.REJECTED)

    def unvoted_by(self, user) -> CommentQuerySet:
        return self.exclude(votes__author=user)


class Comment(TimeStampedModel):
    """A short statement in a conversation; participants vote on it once it is approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    conversation = models.ForeignKey(
        "ej_conversations.Conversation",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("conversation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    # comment_key(text): equal for texts that differ only in case or spacing.
    text_key = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_text = models.TextField(
        _("explanation"),
        max_length=500,
        blank=True,
        help_text=_("Shown to the comment's author."),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderated_comments",
        verbose_name=_("moderator"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "text_key"], name="comment_text_unique_in_conversation"
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("text"), COMMENT_MIN_LENGTH)
                & LessThanOrEqual(Length("text"), COMMENT_MAX_LENGTH),
                name="comment_text_length",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="comment_rejected_has_reason",
            ),
        ]
        indexes = [
            # A person's ballot (ej.conversations.rules) lists a conversation's approved comments
            # in this order on every vote: read from the index alone, without the rows.
            models.Index(
                fields=["conversation", "status", "created", "id"],
                include=["author"],
                name="comment_ballot_idx",
            )
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:
        self.text = normalize_text(self.text)
        self.text_key = comment_key(self.text)
        super().save(*args, **kwargs)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED

    def get_absolute_url(self) -> str:
        return reverse(
            "comment-detail",
            kwargs={"conversation": self.conversation.slug, "comment": self.pk},
        )

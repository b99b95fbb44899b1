from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ej.conversations.models.comment import Comment, RejectionReason


class ModerationLog(models.Model):
    """One moderation decision: who moved which comment to which status, and why."""

    conversation = models.ForeignKey(
        "ej_conversations.Conversation", on_delete=models.CASCADE, related_name="moderation_log"
    )
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="moderation_log")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="moderation_log",
        verbose_name=_("moderator"),
    )
    previous_status = models.CharField(
        _("previous status"), max_length=10, choices=Comment.Status.choices
    )
    status = models.CharField(_("status"), max_length=10, choices=Comment.Status.choices)
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_text = models.TextField(_("explanation"), blank=True)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["conversation", "-created"])]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.previous_status} → {self.status}"

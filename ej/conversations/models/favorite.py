from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FavoriteConversation(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favorite_conversations"
    )
    conversation = models.ForeignKey(
        "ej_conversations.Conversation", on_delete=models.CASCADE, related_name="favorites"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("favourite conversation")
        verbose_name_plural = _("favourite conversations")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "conversation"], name="favorite_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.conversation_id}"

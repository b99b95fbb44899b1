from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from model_utils.models import TimeStampedModel

from ej.conversations.slugs import unique_slug

# Words used by the routes under /conversations/ (a conversation cannot take them as its slug).
RESERVED_SLUGS = frozenset({"add", "new", "favorites", "tags", "search"})


def default_comment_limit() -> int:
    return settings.EJ_MAX_COMMENTS_PER_CONVERSATION


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=40)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConversationQuerySet(models.QuerySet):
    def listed(self) -> ConversationQuerySet:
        """What the public list shows: promoted and not hidden."""
        return self.filter(is_promoted=True, is_hidden=False)

    def visible(self) -> ConversationQuerySet:
        return self.filter(is_hidden=False)


class Conversation(TimeStampedModel):
    """A question that participants answer by voting on each other's short comments."""

    class Source(models.TextChoices):
        EJ = "", _("Written here")
        POLIS = "polis", _("Pol.is open data")

    title = models.CharField(
        _("title"), max_length=120, help_text=_("A short name, also used in the address.")
    )
    text = models.TextField(
        _("question"), max_length=1000, help_text=_("What do you want to ask participants?")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("author"),
    )
    board = models.ForeignKey(
        "ej_boards.Board",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("board"),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="conversations", verbose_name=_("tags")
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_conversations",
        verbose_name=_("moderators"),
    )
    is_promoted = models.BooleanField(
        _("promoted"), default=False, help_text=_("Listed on the public conversations page.")
    )
    is_hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("Only its author, moderators and staff can see a hidden conversation."),
    )
    comment_limit = models.PositiveSmallIntegerField(
        _("comments per participant"),
        default=default_comment_limit,
        help_text=_("How many comments each participant may write (editors have no limit)."),
    )
    approve_comments_automatically = models.BooleanField(
        _("approve comments automatically"),
        default=False,
        help_text=_("New comments go straight to voting instead of waiting for moderation."),
    )
    allow_anonymous_votes = models.BooleanField(
        _("allow anonymous votes"),
        default=False,
        help_text=_("People who are not logged in may vote (they still log in to comment)."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.EJ, blank=True
    )
    source_url = models.URLField(_("source address"), blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-created", "-id"]
        permissions = [
            ("can_publish_promoted", _("Can publish promoted conversations")),
            ("is_moderator", _("Can moderate comments in any conversation")),
        ]
        indexes = [models.Index(fields=["is_promoted", "is_hidden", "-created"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(
                self.title,
                queryset=Conversation.objects.all(),
                max_length=self._meta.get_field("slug").max_length,
                fallback="conversation",
                reserved=RESERVED_SLUGS,
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.url("conversation-detail")

    def url(self, name: str, **kwargs) -> str:
        """The URL of the route ``name`` for this conversation (``conversation-edit``...)."""
        return reverse(name, kwargs={"conversation": self.slug, **kwargs})

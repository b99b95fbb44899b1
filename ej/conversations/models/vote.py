from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db import NotSupportedError, connections, models, router
from django.utils.translation import gettext_lazy as _
from model_utils.models import TimeStampedModel

from boogie import prepared
from boogie.models import DataFrameQuerySetMixin
from ej.conversations.models.comment import Comment


class Choice(models.IntegerChoices):
    AGREE = 1, _("Agree")
    SKIP = 0, _("Skip")
    DISAGREE = -1, _("Disagree")

    @classmethod
    def parse(cls, value: object) -> Choice:
        """``"agree"``, ``"disagree"``, ``"skip"`` (any case) or ``1``, ``-1``, ``0``;
        ``ValueError`` for anything else."""
        if isinstance(value, str):
            word = value.strip().lower()
            if word in {"agree", "disagree", "skip"}:
                return cls[word.upper()]
            try:
                value = int(word)
            except ValueError:
                raise ValueError(f"not a vote choice: {value!r}") from None
        if isinstance(value, bool) or value not in cls.values:
            raise ValueError(f"not a vote choice: {value!r}")
        return cls(value)

    @property
    def word(self) -> str:
        """``agree``, ``disagree`` or ``skip``: the value forms and the API use."""
        return self.name.lower()


class Channel(models.TextChoices):
    WEB = "web", _("Web page")
    API = "api", _("API")
    EMBED = "embed", _("Embedded on another site")


_INSERT_IF_NEW = prepared.statement_name("ej_vote_insert")


def with_conversations(votes) -> None:
    """Set each vote's conversation from its comment's, with at most one query for the votes
    whose comment is not loaded (a comment never changes conversation)."""
    missing = [vote for vote in votes if vote.conversation_id is None]
    loaded = [vote for vote in missing if "comment" in vote._state.fields_cache]
    for vote in loaded:
        vote.conversation_id = vote.comment.conversation_id
    unloaded = [vote for vote in missing if vote.conversation_id is None and vote.comment_id]
    if unloaded:
        conversations = dict(
            Comment.objects.filter(pk__in={vote.comment_id for vote in unloaded}).values_list(
                "pk", "conversation_id"
            )
        )
        for vote in unloaded:
            vote.conversation_id = conversations.get(vote.comment_id)


class VoteQuerySet(DataFrameQuerySetMixin, models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with_conversations(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def for_conversation(self, conversation) -> VoteQuerySet:
        return self.filter(comment__conversation=conversation)

    def on_approved_comments(self) -> VoteQuerySet:
        return self.filter(comment__status="approved")

    def votes_table(self, fill_value: float | None = None):
        """A DataFrame: one row per participant (author id), one column per comment id, values
        1 (agree), -1 (disagree), 0 (skip), NaN (or ``fill_value``) where there is no vote."""
        return self.pivot_table("author_id", "comment_id", "choice", fill_value=fill_value)

    def insert_if_new(self, vote: Vote) -> bool:
        """Insert ``vote`` unless the person already voted on the comment (then nothing is
        written); sets its id and returns whether it was inserted. One statement, which neither
        fails nor needs a savepoint on a conflict (INSERT ... ON CONFLICT DO NOTHING)."""
        alias = self._db or router.db_for_write(Vote)
        connection = connections[alias]
        if vote.pk is not None or not connection.features.supports_update_conflicts_with_target:
            raise NotSupportedError("insert_if_new needs a new vote and ON CONFLICT support")
        with_conversations([vote])
        fields = [field for field in Vote._meta.concrete_fields if not field.primary_key]
        quote = connection.ops.quote_name
        # Identifiers come quoted from the model's metadata; values are parameters.
        sql = (  # noqa: S608
            "INSERT INTO {table} ({columns}) VALUES ({values}) "
            "ON CONFLICT ({author}, {comment}) DO NOTHING RETURNING {pk}"
        ).format(
            table=quote(Vote._meta.db_table),
            columns=", ".join(quote(field.column) for field in fields),
            values=", ".join(["%s"] * len(fields)),
            author=quote(Vote._meta.get_field("author").column),
            comment=quote(Vote._meta.get_field("comment").column),
            pk=quote(Vote._meta.pk.column),
        )
        # As Django's own INSERT does: pre_save gives each value (and sets created/modified).
        params = [
            field.get_db_prep_save(field.pre_save(vote, add=True), connection) for field in fields
        ]
        rows = prepared.fetch(connection, _INSERT_IF_NEW, sql, params)
        if not rows:
            return False
        vote.pk = rows[0][0]
        vote._state.adding = False
        vote._state.db = alias
        return True

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(author_ids, comment_ids, choices)``: three aligned int arrays, one entry per vote,
        read in one query without model instances."""
        rows = np.array(list(self.values_list("author_id", "comment_id", "choice")), dtype=np.int64)
        if rows.size == 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty.copy(), empty.copy()
        return rows[:, 0], rows[:, 1], rows[:, 2]


class Vote(TimeStampedModel):
    """One person's opinion on one comment: ``created`` is the first vote, ``modified`` the last
    change."""

    Choice = Choice
    Channel = Channel

    # No index of their own: (author, comment) and (comment, choice) below begin with them, and
    # every vote written keeps two indexes less up to date.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("author"),
        db_index=False,
    )
    comment = models.ForeignKey(
        "ej_conversations.Comment",
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("comment"),
        db_index=False,
    )
    # The comment's conversation, kept with the vote: a person's votes in a conversation are
    # one range of the (author, conversation) index, which the ballot of every vote reads.
    # Filled from the comment on save, bulk_create and insert_if_new.
    conversation = models.ForeignKey(
        "ej_conversations.Conversation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("conversation"),
        db_index=False,
        editable=False,
    )
    choice = models.SmallIntegerField(_("choice"), choices=Choice.choices)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )

    objects = VoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "comment"], name="vote_one_per_person"),
            models.CheckConstraint(
                condition=models.Q(choice__in=[-1, 0, 1]), name="vote_choice_is_known"
            ),
        ]
        indexes = [
            models.Index(fields=["comment", "choice"]),
            models.Index(
                fields=["author", "conversation"], include=["comment"], name="vote_ballot_idx"
            ),
        ]

    def save(self, *args, **kwargs):
        with_conversations([self])
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.author_id} {Choice(self.choice).word} {self.comment_id}"

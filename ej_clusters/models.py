"""Opinion groups of a conversation: configuration, personas and the stored results.

One ``Clusterization`` per conversation holds the method, the status with its reason, the job
bookkeeping (pending request, running lease, failures) and the automatic method's state. The
results of the last run are stored in ``OpinionGroup`` (size, representative comments, per
comment tallies), ``Assignment`` (each participant's group and map position) and
``CommentValue`` (per comment group-informed consensus, routing priority and figures); the
``result_token`` changes whenever they are replaced, so caches can key on it.

Personas are user-like voters the organizers create: their ``PersonaVote`` rows live apart from
``Vote`` and never count among participants, votes or conversation results.
"""

from __future__ import annotations

import string

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from model_utils.models import TimeStampedModel

from ej.conversations.models import Choice


class Method(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic groups")
    PERSONAS = "personas", _("Groups anchored by personas")


class Status(models.TextChoices):
    WAITING = "waiting-for-data", _("Waiting for data")
    ACTIVE = "active", _("Active")
    DISABLED = "disabled", _("Switched off")


class Clusterization(TimeStampedModel):
    """How and when a conversation's opinion groups are computed, and the last run's summary."""

    Method = Method
    Status = Status

    conversation = models.OneToOneField(
        "ej_conversations.Conversation",
        on_delete=models.CASCADE,
        related_name="clusterization",
        verbose_name=_("conversation"),
    )
    method = models.CharField(
        _("method"), max_length=16, choices=Method.choices, default=Method.AUTOMATIC
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    # Why the groups are not active: a key of ej_clusters.texts.REASONS.
    reason_code = models.CharField(_("reason"), max_length=40, blank=True, default="not-computed")
    algorithm_version = models.CharField(_("algorithm version"), max_length=40, blank=True)
    last_run = models.DateTimeField(_("last run"), null=True, blank=True)
    votes_at_last_run = models.PositiveIntegerField(_("votes at the last run"), default=0)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    # The automatic method's state (AutomaticState.to_dict()), passed back on the next run.
    state = models.JSONField(_("state"), default=dict, blank=True)
    consensus = models.JSONField(_("consensus"), default=dict, blank=True)
    # Counts and diagnostics of the last run (participants, grouped, k, personas without votes…).
    details = models.JSONField(_("details"), default=dict, blank=True)
    # Changes whenever stored results are replaced or cleared ("" while there are none).
    result_token = models.CharField(max_length=32, blank=True, editable=False)

    # Jobs: a pending request (when the next job is due), the running job's lease, failures.
    requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    lease_token = models.CharField(max_length=64, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    failures = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opinion groups of a conversation")
        verbose_name_plural = _("opinion groups of conversations")

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.method} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def is_disabled(self) -> bool:
        return self.status == Status.DISABLED

    @property
    def has_results(self) -> bool:
        return bool(self.result_token)


class OpinionGroup(TimeStampedModel):
    """An opinion group: defined by the organizers (persona method) or found by the automatic
    method (``key`` is then the math's stable group id). Names and descriptions are editable."""

    clusterization = models.ForeignKey(
        Clusterization, on_delete=models.CASCADE, related_name="groups"
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    key = models.IntegerField(null=True, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=64, blank=True)
    description = models.TextField(
        _("description"),
        max_length=1000,
        blank=True,
        help_text=_("What this group thinks, in a few words (shown to participants)."),
    )
    size = models.PositiveIntegerField(_("participants"), default=0)
    is_current = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    # [{comment, direction, n_success, n_trials, p_success, ...}] from the last run.
    representative = models.JSONField(default=list, blank=True)
    # {"comments": [ids], "agree": [...], "disagree": [...], "seen": [...]} among members.
    comment_stats = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("opinion group")
        verbose_name_plural = _("opinion groups")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["clusterization", "method", "key"],
                condition=models.Q(key__isnull=False),
                name="opinion_group_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def letter(self) -> str:
        letters = string.ascii_uppercase
        return letters[self.position % len(letters)]

    @property
    def display_name(self) -> str:
        return self.name or gettext("Group %(letter)s") % {"letter": self.letter}

    def majority(self) -> dict[int, tuple[int, float]]:
        """comment id → (+1 or −1, share of the members who saw it) where more than half of
        the members who saw the comment agreed, or disagreed."""
        stats = self.comment_stats or {}
        out = {}
        for cid, agree, disagree, seen in zip(
            stats.get("comments", ()),
            stats.get("agree", ()),
            stats.get("disagree", ()),
            stats.get("seen", ()),
            strict=False,
        ):
            if seen and 2 * agree > seen:
                out[cid] = (1, agree / seen)
            elif seen and 2 * disagree > seen:
                out[cid] = (-1, disagree / seen)
        return out


class Persona(TimeStampedModel):
    """A fictional participant the organizers vote as, to describe a group's opinions."""

    clusterization = models.ForeignKey(
        Clusterization, on_delete=models.CASCADE, related_name="personas"
    )
    group = models.ForeignKey(
        OpinionGroup, on_delete=models.CASCADE, related_name="personas", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=64)
    description = models.TextField(
        _("notes"),
        max_length=1000,
        blank=True,
        help_text=_("Who this persona is; only organizers see it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personas",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clusterization", "name"], name="persona_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class PersonaVote(TimeStampedModel):
    """A persona's vote: kept apart from participants' votes, used only to anchor groups."""

    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="votes")
    comment = models.ForeignKey(
        "ej_conversations.Comment", on_delete=models.CASCADE, related_name="persona_votes"
    )
    choice = models.SmallIntegerField(_("choice"), choices=Choice.choices)

    class Meta:
        verbose_name = _("persona vote")
        verbose_name_plural = _("persona votes")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["persona", "comment"], name="persona_vote_once"),
            models.CheckConstraint(
                condition=models.Q(choice__in=[-1, 0, 1]), name="persona_vote_choice_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.persona_id} {Choice(self.choice).word} {self.comment_id}"


class Assignment(models.Model):
    """A participant's place in the last run: group (or none yet) and map position."""

    clusterization = models.ForeignKey(
        Clusterization, on_delete=models.CASCADE, related_name="assignments"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opinion_groups"
    )
    group = models.ForeignKey(
        OpinionGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    x = models.FloatField(default=0.0)
    y = models.FloatField(default=0.0)

    class Meta:
        verbose_name = _("opinion group assignment")
        verbose_name_plural = _("opinion group assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["clusterization", "participant"], name="assignment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.group_id}"


class CommentValue(models.Model):
    """Per comment values of the last run: group-informed consensus, routing priority, map
    position and EJ's figures."""

    clusterization = models.ForeignKey(
        Clusterization, on_delete=models.CASCADE, related_name="comment_values"
    )
    comment = models.ForeignKey(
        "ej_conversations.Comment", on_delete=models.CASCADE, related_name="group_values"
    )
    moderated_out = models.BooleanField(default=False)
    group_informed_consensus = models.FloatField(null=True, blank=True)
    priority = models.FloatField(default=0.0)
    x = models.FloatField(default=0.0)
    y = models.FloatField(default=0.0)
    extremity = models.FloatField(default=0.0)
    agree = models.PositiveIntegerField(default=0)
    disagree = models.PositiveIntegerField(default=0)
    skip = models.PositiveIntegerField(default=0)
    convergence = models.FloatField(default=0.0)
    participation = models.FloatField(default=0.0)

    class Meta:
        verbose_name = _("comment value")
        verbose_name_plural = _("comment values")
        constraints = [
            models.UniqueConstraint(fields=["clusterization", "comment"], name="comment_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.priority:.2f}"

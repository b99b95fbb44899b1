"""Reads for the opinion-group pages and routing, each a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language

from boogie.memo import ExpiringMemo
from ej.conversations.models import Comment, Conversation, Vote
from ej_clusters.display import (
    AGREE,
    DISAGREE,
    GROUPED,
    UNGROUPED,
    WAITING,
    Difference,
    GroupView,
    PanelView,
    PersonaView,
    Statement,
    StatusView,
)
from ej_clusters.math import UNSEEN_PRIORITY
from ej_clusters.models import (
    Assignment,
    Clusterization,
    CommentValue,
    Method,
    OpinionGroup,
    Status,
)
from ej_clusters.texts import reason_text

MEMO = "_ej_clusters_summary"
SUMMARY_KEY = "ej-clusters:summary:{identity}"
SUMMARY_TTL = 600
PRIORITIES_KEY = "ej-clusters:priorities:{token}"
PRIORITIES_TTL = 3600
MAX_DIFFERENCES = 5
_MISSING = object()


@dataclass(frozen=True)
class Summary:
    """What the conversation page needs about a conversation's groups, kept in the cache (so
    that readers' pages and routing cost no query): dropped whenever the clusterization is
    saved, and after ``SUMMARY_TTL`` seconds anyway."""

    pk: int
    method: str
    status: str
    result_token: str
    k: int = 0
    grouped: int = 0

    @classmethod
    def of(cls, clusterization: Clusterization) -> Summary:
        details = clusterization.details or {}
        return cls(
            pk=clusterization.pk,
            method=clusterization.method,
            status=clusterization.status,
            result_token=clusterization.result_token,
            k=int(details.get("k", 0) or 0),
            grouped=int(details.get("grouped", 0) or 0),
        )


def _identity(conversation_id: int, created) -> str:
    # The creation time tells apart two conversations that got the same id (a test database
    # rolled back, a database restored while the cache kept its keys).
    stamp = int(created.timestamp() * 1_000_000) if created else 0
    return f"{conversation_id}.{stamp}"


def _summary_key(conversation: Conversation) -> str:
    return SUMMARY_KEY.format(identity=_identity(conversation.pk, conversation.created))


def summary(conversation: Conversation) -> Summary | None:
    """The conversation's groups in brief (None when they were never set up), read once per
    instance, from the cache when it has them."""
    found = conversation.__dict__.get(MEMO, _MISSING)
    if found is not _MISSING:
        return found
    key = _summary_key(conversation)
    cached = cache.get(key)
    if isinstance(cached, Summary) or cached == "none":
        found = None if cached == "none" else cached
    else:
        row = Clusterization.objects.defer("state").filter(conversation=conversation).first()
        found = None if row is None else Summary.of(row)
        cache.set(key, found or "none", SUMMARY_TTL)
    conversation.__dict__[MEMO] = found
    return found


def forget(conversation: Conversation) -> None:
    """Drop what is remembered about the conversation's groups (on this instance and in the
    cache)."""
    conversation.__dict__.pop(MEMO, None)
    conversation.__dict__.pop("clusterization", None)
    state = getattr(conversation, "_state", None)
    if state is not None:
        state.fields_cache.pop("clusterization", None)
    _forget_moment(_identity(conversation.pk, conversation.created))
    cache.delete(_summary_key(conversation))


def forget_clusterization(clusterization: Clusterization) -> None:
    """Called whenever a clusterization is saved or deleted: now and after the commit (so that
    a page rendered meanwhile does not keep the old state)."""
    conversation = clusterization._state.fields_cache.get("conversation")
    if conversation is not None:
        created = conversation.created
    else:
        created = (
            Conversation.objects.filter(pk=clusterization.conversation_id)
            .values_list("created", flat=True)
            .first()
        )
    identity = _identity(clusterization.conversation_id, created)
    key = SUMMARY_KEY.format(identity=identity)

    def forget() -> None:
        _forget_moment(identity)
        cache.delete(key)

    forget()
    transaction.on_commit(forget)


# Routing


class Priorities(dict):
    """comment id → routing weight. Comments not in the last run (nobody had voted on them)
    weigh as an unseen comment, whatever default the caller passes to ``get``."""

    unseen = UNSEEN_PRIORITY

    def get(self, key: Any, default: Any = None) -> float:  # noqa: ARG002 - see the docstring
        return super().get(key, self.unseen)


# Routing asks for the priorities on every next-comment request: each process keeps them for a
# moment (identity → priorities), so a new run reaches routing within that moment (at once in
# the process that saved it). The panel shown to readers without a session is kept the same way.
ROUTING_MEMO_SECONDS = 2.0
_routing_memo = ExpiringMemo(ROUTING_MEMO_SECONDS)
_reader_memo = ExpiringMemo(ROUTING_MEMO_SECONDS)


def for_readers(conversation: Conversation, build: Callable[[], Any]) -> Any:
    """``build()``, the same for every reader without a session (in the active language), kept
    by this process for ``ROUTING_MEMO_SECONDS``: a run of the groups reaches those readers within
    that moment, at once in the process that saved it."""
    by_language = _reader_memo.remember(_identity(conversation.pk, conversation.created), dict)
    language = get_language()
    if language not in by_language:
        by_language[language] = build()
    return by_language[language]


def _forget_moment(identity: str) -> None:
    _routing_memo.forget(identity)
    _reader_memo.forget(identity)


def routing_priorities(conversation: Conversation) -> Priorities | None:
    """:func:`priorities`, remembered by this process for ``ROUTING_MEMO_SECONDS``."""
    identity = _identity(conversation.pk, conversation.created)
    return _routing_memo.remember(identity, lambda: priorities(conversation))


def priorities(conversation: Conversation) -> Priorities | None:
    """The last run's comment priorities, or None while there are none (or groups are off).
    Cached per stored result, so routing costs no query once warm."""
    brief = summary(conversation)
    if brief is None or brief.status == Status.DISABLED or not brief.result_token:
        return None
    key = PRIORITIES_KEY.format(token=brief.result_token)
    values = cache.get(key)
    if values is None:
        values = dict(
            CommentValue.objects.filter(
                clusterization_id=brief.pk, moderated_out=False
            ).values_list("comment_id", "priority")
        )
        cache.set(key, values, PRIORITIES_TTL)
    if not values:
        return None
    return Priorities(values)


# The participant's panel


def _statements(items: Iterable[Mapping], texts: Mapping[int, str]) -> tuple[list, list]:
    agrees, disagrees = [], []
    for item in items:
        text = texts.get(item.get("comment"))
        if text is None:
            continue  # rejected or deleted since the run
        statement = Statement(
            text=text,
            direction=item.get("direction", AGREE),
            count=int(item.get("n_success", 0)),
            total=int(item.get("n_trials", 0)),
            comment_id=item.get("comment"),
        )
        (agrees if statement.direction == AGREE else disagrees).append(statement)
    return agrees, disagrees


def _approved_texts(ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    return dict(
        Comment.objects.filter(pk__in=ids, status=Comment.Status.APPROVED).values_list("pk", "text")
    )


def group_view(
    group: OpinionGroup, texts: Mapping[int, str], personas: Iterable[PersonaView] = ()
) -> GroupView:
    agrees, disagrees = _statements(group.representative or (), texts)
    return GroupView(
        id=group.pk,
        name=group.display_name,
        description=group.description,
        size=group.size,
        agrees=tuple(agrees),
        disagrees=tuple(disagrees),
        personas=tuple(personas),
        is_automatic=group.method == Method.AUTOMATIC,
        is_current=group.is_current,
    )


def panel(
    conversation: Conversation, participant: Any, *, manage_url: str = ""
) -> PanelView | None:
    """The "your opinion group" panel of ``participant`` (None when groups are switched off).

    At most four queries: the summary (shared with routing, and usually from the cache), the
    person's group, their votes and the texts of the comments shown; none for someone who has
    not voted once the summary is cached.
    """
    brief = summary(conversation)
    if brief is not None and brief.status == Status.DISABLED:
        return None
    if brief is None or brief.status != Status.ACTIVE:
        return PanelView(state=WAITING, manage_url=manage_url)
    n_groups, n_grouped = brief.k, brief.grouped
    pk = getattr(participant, "pk", None)
    assignment = None
    if pk is not None:
        assignment = (
            Assignment.objects.filter(clusterization_id=brief.pk, participant_id=pk)
            .select_related("group")
            .first()
        )
    if assignment is None or assignment.group is None:
        return PanelView(
            state=UNGROUPED,
            n_groups=n_groups,
            n_grouped=n_grouped,
            has_voted=assignment is not None,
            manage_url=manage_url,
        )
    group = assignment.group
    votes = dict(
        Vote.objects.filter(author_id=pk, comment__conversation=conversation).values_list(
            "comment_id", "choice"
        )
    )
    majority = group.majority()
    opposite = [
        (cid, share)
        for cid, choice in votes.items()
        if choice in (1, -1) and cid in majority and majority[cid][0] == -choice
        for share in [majority[cid][1]]
    ]
    opposite.sort(key=lambda item: (-item[1], item[0]))
    representative_ids = [item.get("comment") for item in group.representative or ()]
    texts = _approved_texts(representative_ids + [cid for cid, _ in opposite])
    differences = tuple(
        Difference(
            text=texts[cid],
            your_vote=votes[cid],
            group_percent=round(100 * share),
            comment_id=cid,
        )
        for cid, share in opposite
        if cid in texts
    )[:MAX_DIFFERENCES]
    return PanelView(
        state=GROUPED,
        group=group_view(group, texts),
        n_groups=n_groups,
        n_grouped=n_grouped,
        differences=differences,
        has_voted=True,
        manage_url=manage_url,
    )


# The organizers' page


def status_view(clusterization: Clusterization) -> StatusView:
    conversation_votes = Vote.objects.filter(
        comment__conversation_id=clusterization.conversation_id
    ).count()
    now = timezone.now()
    details = clusterization.details or {}
    warnings = []
    if clusterization.method == Method.PERSONAS and clusterization.is_active:
        without = details.get("groups_without_votes") or []
        if without:
            names = dict(OpinionGroup.objects.filter(pk__in=without).values_list("pk", "name"))
            warnings.append(("without-votes", [names.get(pk, "") for pk in without]))
        for group_id, nearest in details.get("inconsistent_personas") or []:
            warnings.append(("inconsistent", [group_id, nearest]))
    running = clusterization.lease_until is not None and clusterization.lease_until > now
    running_since = None
    if running:
        lease = settings.EJ_CLUSTERS_JOB_TIMEOUT + 60  # as ej_clusters.jobs takes it
        running_since = clusterization.lease_until - timedelta(seconds=lease)
    return StatusView(
        status=clusterization.status,
        status_label=str(Status(clusterization.status).label),
        reason=reason_text(clusterization.reason_code, details)
        if clusterization.status != Status.ACTIVE
        else "",
        method=clusterization.method,
        method_label=str(Method(clusterization.method).label),
        last_run=clusterization.last_run,
        votes_at_last_run=clusterization.votes_at_last_run,
        votes_now=conversation_votes,
        participants=int(details.get("participants", 0) or 0),
        grouped=int(details.get("grouped", 0) or 0),
        runs=clusterization.runs,
        pending=clusterization.requested_at is not None,
        running=running,
        running_since=running_since,
        failures=clusterization.failures,
        max_retries=settings.EJ_CLUSTERS_RETRIES,
        last_error=clusterization.last_error,
        last_error_at=clusterization.last_error_at,
        algorithm_version=clusterization.algorithm_version,
        warnings=tuple(_warning_texts(warnings)),
    )


def _warning_texts(warnings) -> list[str]:
    from django.utils.translation import gettext as _

    texts = []
    for kind, values in warnings:
        if kind == "without-votes":
            names = ", ".join(name for name in values if name) or "—"
            texts.append(
                _("Groups left out because their personas did not vote: %(names)s.")
                % {"names": names}
            )
        elif kind == "inconsistent":
            texts.append(
                _(
                    "A group's personas ended up nearer another group's participants; check "
                    "their votes (groups %(group)s and %(nearest)s)."
                )
                % {"group": values[0], "nearest": values[1]}
            )
    return texts


def groups_for_organizers(clusterization: Clusterization) -> list[tuple[OpinionGroup, GroupView]]:
    """The groups of the method in use, with their personas and representative comments."""
    groups = list(
        OpinionGroup.objects.filter(clusterization=clusterization, method=clusterization.method)
        .prefetch_related("personas")
        .order_by("position", "id")
    )
    if clusterization.method == Method.AUTOMATIC:
        groups = [group for group in groups if group.is_current]
    vote_counts = dict(clusterization.personas.annotate(n=Count("votes")).values_list("pk", "n"))
    texts = _approved_texts(
        item.get("comment") for group in groups for item in group.representative or ()
    )
    out = []
    for group in groups:
        personas = [
            PersonaView(id=p.pk, name=p.name, votes=vote_counts.get(p.pk, 0))
            for p in group.personas.all()
        ]
        out.append((group, group_view(group, texts, personas)))
    return out


def consensus_statements(clusterization: Clusterization) -> tuple[list, list]:
    consensus = clusterization.consensus or {}
    agree = consensus.get("agree") or []
    disagree = consensus.get("disagree") or []
    texts = _approved_texts(item["comment"] for item in [*agree, *disagree])

    def statements(items, direction):
        return [
            Statement(
                text=texts[item["comment"]],
                direction=direction,
                count=int(item["n_success"]),
                total=int(item["n_trials"]),
                comment_id=item["comment"],
            )
            for item in items
            if item["comment"] in texts
        ]

    return statements(agree, AGREE), statements(disagree, DISAGREE)


# The API's view of the stored result


def _figures(item: Mapping, keys: Iterable[str]) -> dict[str, float]:
    out = {}
    for key in keys:
        value = float(item.get(key, 0) or 0)
        out[key] = value if value == value and abs(value) != float("inf") else 0.0
    return out


REPRESENTATIVE_FIGURES = ("p_success", "p_test", "repness", "repness_test")
CONSENSUS_FIGURES = ("p_success", "p_test")


def stored_result(conversation: Conversation, participant: Any = None) -> dict:
    """The conversation's last stored result as plain values, for the API: status (with its
    reason while not active), method, last run, the groups of the method in use with their
    representative comments, the consensus and ``participant``'s group id (None when they are
    in no group, or not given). At most four queries; comments rejected since the run are left
    out."""
    clusterization = (
        Clusterization.objects.defer("state").filter(conversation_id=conversation.pk).first()
    )
    if clusterization is None:
        return {
            "status": Status.WAITING,
            "reason_code": "not-computed",
            "reason": reason_text("not-computed"),
            "method": Method.AUTOMATIC,
            "last_run": None,
            "groups": [],
            "consensus": {AGREE: [], DISAGREE: []},
            "your_group": None,
        }
    active = clusterization.status == Status.ACTIVE
    groups = []
    consensus = {AGREE: [], DISAGREE: []}
    your_group = None
    if active:
        groups = [
            group
            for group in OpinionGroup.objects.filter(
                clusterization=clusterization, method=clusterization.method
            ).order_by("position", "id")
            if group.is_current or clusterization.method == Method.PERSONAS
        ]
        stored = clusterization.consensus or {}
        consensus = {AGREE: stored.get(AGREE) or [], DISAGREE: stored.get(DISAGREE) or []}
        texts = _approved_texts(
            [item.get("comment") for group in groups for item in group.representative or ()]
            + [item.get("comment") for items in consensus.values() for item in items]
        )
        pk = getattr(participant, "pk", None)
        if pk is not None:
            your_group = (
                Assignment.objects.filter(clusterization_id=clusterization.pk, participant_id=pk)
                .values_list("group_id", flat=True)
                .first()
            )
        groups = [
            {
                "id": group.pk,
                "key": group.key,
                "name": group.display_name,
                "description": group.description,
                "size": group.size,
                "representative": [
                    {
                        "comment": item["comment"],
                        "text": texts[item["comment"]],
                        "direction": item.get("direction", AGREE),
                        "n_success": int(item.get("n_success", 0)),
                        "n_trials": int(item.get("n_trials", 0)),
                        **_figures(item, REPRESENTATIVE_FIGURES),
                    }
                    for item in group.representative or ()
                    if item.get("comment") in texts
                ],
            }
            for group in groups
        ]
        consensus = {
            direction: [
                {
                    "comment": item["comment"],
                    "text": texts[item["comment"]],
                    "n_success": int(item.get("n_success", 0)),
                    "n_trials": int(item.get("n_trials", 0)),
                    **_figures(item, CONSENSUS_FIGURES),
                }
                for item in items
                if item.get("comment") in texts
            ]
            for direction, items in consensus.items()
        }
        if your_group is not None and your_group not in {group["id"] for group in groups}:
            your_group = None
    return {
        "status": clusterization.status,
        "reason_code": "" if active else clusterization.reason_code,
        "reason": "" if active else reason_text(clusterization.reason_code, clusterization.details),
        "method": clusterization.method,
        "last_run": clusterization.last_run,
        "groups": groups,
        "consensus": consensus,
        "your_group": your_group,
    }

"""Every write to opinion groups goes through these functions.

Organizer actions (method, switching off, groups, personas, persona votes) check the permission
``ej_clusters.can_manage_groups`` and raise ``PermissionDenied`` or ``ValidationError`` with a
message for the person who acted; each asks for a recomputation when it changes the groups.
``recompute`` reads the votes, runs the math and ``store_result`` replaces the stored results in
one transaction; it is what the background job runs.
"""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ej.conversations.models import Choice, Comment, Conversation
from ej.conversations.text import normalize_text
from ej_clusters import reading
from ej_clusters.math import (
    AutomaticResult,
    GroupsResult,
    PersonaResult,
    run_automatic,
    run_personas,
)
from ej_clusters.math.state import STATE_VERSION
from ej_clusters.models import (
    Assignment,
    Clusterization,
    CommentValue,
    Method,
    OpinionGroup,
    Persona,
    PersonaVote,
    Status,
)

log = logging.getLogger("ej.clusters")

ALGORITHM_VERSIONS = {
    Method.AUTOMATIC: f"polis-automatic-1/state-{STATE_VERSION}",
    Method.PERSONAS: "persona-kmeans-1",
}
SEED = 0
MANAGE_PERM = "ej_clusters.can_manage_groups"


def _check(editor: Any, conversation: Conversation) -> None:
    if editor is None or not editor.has_perm(MANAGE_PERM, conversation):
        raise PermissionDenied(_("You cannot manage the opinion groups of this conversation."))


def _schedule(conversation_id: int, *, now: bool = False) -> None:
    from ej_clusters import jobs  # jobs imports this module

    jobs.schedule(conversation_id, now=now)


def _new_token() -> str:
    return uuid.uuid4().hex


# Configuration


def clusterization_for(conversation: Conversation) -> Clusterization:
    """The conversation's clusterization, created (automatic, waiting) on first use."""
    try:
        return conversation.clusterization
    except Clusterization.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            clusterization, _created = Clusterization.objects.get_or_create(
                conversation=conversation
            )
    except IntegrityError:  # created by another request a moment ago
        clusterization = Clusterization.objects.get(conversation=conversation)
    conversation.clusterization = clusterization
    return clusterization


def _clear_results(clusterization: Clusterization) -> None:
    clusterization.assignments.all().delete()
    clusterization.comment_values.all().delete()
    clusterization.groups.filter(method=Method.AUTOMATIC).update(size=0, is_current=False)
    clusterization.groups.filter(method=Method.PERSONAS).update(
        size=0, representative=[], comment_stats={}
    )
    clusterization.consensus = {}
    clusterization.result_token = ""


def method_set(*, conversation: Conversation, method: str, editor: Any) -> Clusterization:
    """Choose how groups are found. A change clears the stored groups and recomputes at once."""
    _check(editor, conversation)
    if method not in Method.values:
        raise ValidationError({"method": _("Choose one of the listed methods.")})
    clusterization = clusterization_for(conversation)
    if clusterization.method == method:
        return clusterization
    with transaction.atomic():
        clusterization = Clusterization.objects.select_for_update().get(pk=clusterization.pk)
        clusterization.method = method
        _clear_results(clusterization)
        if clusterization.status != Status.DISABLED:
            clusterization.status = Status.WAITING
            clusterization.reason_code = "method-changed"
        clusterization.failures = 0
        clusterization.save()
    conversation.clusterization = clusterization
    if clusterization.status != Status.DISABLED:
        transaction.on_commit(lambda: _schedule(conversation.pk, now=True))
    return clusterization


def enabled_set(*, conversation: Conversation, enabled: bool, editor: Any) -> Clusterization:
    """Switch opinion groups off (results cleared, no jobs, no routing) or back on."""
    _check(editor, conversation)
    clusterization = clusterization_for(conversation)
    with transaction.atomic():
        clusterization = Clusterization.objects.select_for_update().get(pk=clusterization.pk)
        if enabled and clusterization.status == Status.DISABLED:
            clusterization.status = Status.WAITING
            clusterization.reason_code = "not-computed"
            clusterization.failures = 0
            clusterization.save()
            transaction.on_commit(lambda: _schedule(conversation.pk, now=True))
        elif not enabled and clusterization.status != Status.DISABLED:
            _clear_results(clusterization)
            clusterization.status = Status.DISABLED
            clusterization.reason_code = "switched-off"
            clusterization.requested_at = None
            clusterization.save()
    conversation.clusterization = clusterization
    return clusterization


def _taken(queryset, name: str, *, exclude: int | None = None) -> bool:
    """Whether another row of ``queryset`` has this name, ignoring case (in Python: SQLite's
    case folding is ASCII-only)."""
    wanted = name.casefold()
    return any(
        other.casefold() == wanted
        for pk, other in queryset.values_list("pk", "name")
        if pk != exclude
    )


def _clean_name(name: str, *, field: str = "name") -> str:
    name = normalize_text(name or "")
    if len(name) > 64:
        raise ValidationError({field: _("Keep the name to 64 characters.")})
    return name


def group_create(
    *,
    conversation: Conversation,
    name: str,
    editor: Any,
    description: str = "",
    with_persona: bool = True,
) -> OpinionGroup:
    """A group for the persona method; ``with_persona`` also creates a persona of the same name
    (or reuses the one that has it)."""
    _check(editor, conversation)
    name = _clean_name(name)
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    clusterization = clusterization_for(conversation)
    with transaction.atomic():
        groups = OpinionGroup.objects.filter(clusterization=clusterization, method=Method.PERSONAS)
        if _taken(groups, name):
            raise ValidationError({"name": _("There is already a group with this name.")})
        last = (
            OpinionGroup.objects.filter(clusterization=clusterization, method=Method.PERSONAS)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        group = OpinionGroup.objects.create(
            clusterization=clusterization,
            method=Method.PERSONAS,
            name=name,
            description=(description or "").strip(),
            position=0 if last is None else last + 1,
        )
        if with_persona:
            persona = next(
                (p for p in clusterization.personas.all() if p.name.casefold() == name.casefold()),
                None,
            )
            if persona is None:
                Persona.objects.create(
                    clusterization=clusterization,
                    group=group,
                    name=name,
                    description=(description or "").strip(),
                    created_by=editor,
                )
            else:
                persona.group = group
                persona.save(update_fields=["group", "modified"])
    _changed(clusterization, Method.PERSONAS)
    return group


def group_update(
    *, group: OpinionGroup, editor: Any, name: str | None = None, description: str | None = None
) -> OpinionGroup:
    """Rename a group or change its description (any method)."""
    conversation = group.clusterization.conversation
    _check(editor, conversation)
    if name is not None:
        name = _clean_name(name)
        if group.method == Method.PERSONAS and not name:
            raise ValidationError({"name": _("Give the group a name.")})
        siblings = OpinionGroup.objects.filter(
            clusterization_id=group.clusterization_id, method=group.method
        )
        if name and _taken(siblings, name, exclude=group.pk):
            raise ValidationError({"name": _("There is already a group with this name.")})
        group.name = name
    if description is not None:
        if len(description) > 1000:
            raise ValidationError({"description": _("Keep the description to 1000 characters.")})
        group.description = description.strip()
    group.save(update_fields=["name", "description", "modified"])
    return group


def group_delete(*, group: OpinionGroup, editor: Any) -> None:
    """Delete an organizer-defined group with its personas and their votes."""
    clusterization = group.clusterization
    _check(editor, clusterization.conversation)
    if group.method != Method.PERSONAS:
        raise ValidationError(_("Automatic groups cannot be deleted; rename them instead."))
    group.delete()
    _changed(clusterization, Method.PERSONAS)


def persona_create(
    *,
    conversation: Conversation,
    group: OpinionGroup,
    name: str,
    editor: Any,
    description: str = "",
) -> Persona:
    _check(editor, conversation)
    clusterization = clusterization_for(conversation)
    if group.clusterization_id != clusterization.pk or group.method != Method.PERSONAS:
        raise ValidationError({"group": _("Choose one of this conversation's groups.")})
    name = _clean_name(name)
    if not name:
        raise ValidationError({"name": _("Give the persona a name.")})
    if _taken(clusterization.personas.all(), name):
        raise ValidationError({"name": _("There is already a persona with this name.")})
    try:
        with transaction.atomic():
            persona = Persona.objects.create(
                clusterization=clusterization,
                group=group,
                name=name,
                description=(description or "").strip(),
                created_by=editor,
            )
    except IntegrityError:
        raise ValidationError({"name": _("There is already a persona with this name.")}) from None
    _changed(clusterization, Method.PERSONAS)
    return persona


def persona_update(
    *,
    persona: Persona,
    editor: Any,
    name: str | None = None,
    group: OpinionGroup | None = None,
    description: str | None = None,
) -> Persona:
    clusterization = persona.clusterization
    _check(editor, clusterization.conversation)
    if name is not None:
        name = _clean_name(name)
        if not name:
            raise ValidationError({"name": _("Give the persona a name.")})
        if _taken(clusterization.personas.all(), name, exclude=persona.pk):
            raise ValidationError({"name": _("There is already a persona with this name.")})
        persona.name = name
    moved = False
    if group is not None and group.pk != persona.group_id:
        if group.clusterization_id != clusterization.pk or group.method != Method.PERSONAS:
            raise ValidationError({"group": _("Choose one of this conversation's groups.")})
        persona.group = group
        moved = True
    if description is not None:
        persona.description = description.strip()
    persona.save()
    if moved:
        _changed(clusterization, Method.PERSONAS)
    return persona


def persona_delete(*, persona: Persona, editor: Any) -> None:
    clusterization = persona.clusterization
    _check(editor, clusterization.conversation)
    persona.delete()
    _changed(clusterization, Method.PERSONAS)


def persona_votes_set(
    *, persona: Persona, votes: Mapping[int, Any], editor: Any
) -> tuple[int, int]:
    """Set the persona's votes: ``{comment id: choice}``; a choice of ``None`` (or "") removes
    the vote. Only approved comments of the persona's conversation take votes. Returns
    (votes saved, votes removed)."""
    clusterization = persona.clusterization
    conversation = clusterization.conversation
    _check(editor, conversation)
    parsed: dict[int, int | None] = {}
    for comment_id, choice in votes.items():
        if choice in (None, ""):
            parsed[int(comment_id)] = None
            continue
        try:
            parsed[int(comment_id)] = int(Choice.parse(choice))
        except ValueError:
            raise ValidationError(_("A vote is agree, disagree or skip.")) from None
    approved = set(
        Comment.objects.filter(
            conversation=conversation, status=Comment.Status.APPROVED, pk__in=list(parsed)
        ).values_list("pk", flat=True)
    )
    unknown = [pk for pk, choice in parsed.items() if choice is not None and pk not in approved]
    if unknown:
        raise ValidationError(_("Personas vote only on the conversation's approved comments."))
    saved = removed = 0
    with transaction.atomic():
        current = dict(persona.votes.values_list("comment_id", "choice"))
        now = timezone.now()
        for comment_id, choice in parsed.items():
            if choice is None:
                if comment_id in current:
                    removed += persona.votes.filter(comment_id=comment_id).delete()[0]
                continue
            if current.get(comment_id) == choice:
                continue
            PersonaVote.objects.update_or_create(
                persona=persona,
                comment_id=comment_id,
                defaults={"choice": choice, "modified": now},
            )
            saved += 1
    if saved or removed:
        _changed(clusterization, Method.PERSONAS)
    return saved, removed


def _changed(clusterization: Clusterization, method: str) -> None:
    """The organizers changed what ``method`` groups by: recompute at once (without the
    cool-down, which paces votes) if it is the method in use."""
    if clusterization.method == method and clusterization.status != Status.DISABLED:
        conversation_id = clusterization.conversation_id
        transaction.on_commit(lambda: _schedule(conversation_id, now=True))


# Computing and storing results


def run_math(clusterization: Clusterization) -> tuple[GroupsResult, int]:
    """Read the votes and run the clusterization's method: (result, votes read)."""
    conversation_id = clusterization.conversation_id
    votes = reading.vote_arrays(conversation_id)
    moderated_out = reading.moderated_out(conversation_id)
    if clusterization.method == Method.PERSONAS:
        groups, persona_votes = reading.persona_inputs(clusterization)
        result = run_personas(
            *votes,
            groups=groups,
            persona_votes=persona_votes,
            moderated_out=moderated_out,
            seed=SEED,
        )
    else:
        result = run_automatic(
            *votes, state=clusterization.state or None, moderated_out=moderated_out, seed=SEED
        )
    return result, len(votes)


def recompute(clusterization: Clusterization) -> str:
    """Recompute and store the groups of one conversation; returns the new status (or
    ``"discarded"`` when the configuration changed meanwhile)."""
    started = timezone.now()
    result, n_votes = run_math(clusterization)
    return store_result(clusterization, result, n_votes=n_votes, started=started)


def _finite(value: float) -> float:
    value = float(value)
    return value if np.isfinite(value) else 0.0


def _details(result: GroupsResult, clusterization: Clusterization) -> dict:
    grouped = int((result.labels >= 0).sum())
    details: dict[str, Any] = {
        "participants": int(result.participants.size),
        "grouped": grouped,
        "comments": int(result.comments.size),
        "k": result.k,
        "cells": int(result.n_votes),
    }
    if isinstance(result, AutomaticResult):
        details["silhouettes"] = {str(k): _finite(v) for k, v in result.silhouettes.items()}
        details["best_k"] = result.best_k
    if isinstance(result, PersonaResult):
        details["groups"] = clusterization.groups.filter(method=Method.PERSONAS).count()
        details["groups_without_votes"] = list(result.groups_without_votes)
        details["inconsistent_personas"] = [list(p) for p in result.inconsistent_personas]
    return details


def store_result(
    clusterization: Clusterization, result: GroupsResult, *, n_votes: int, started=None
) -> str:
    """Replace the stored results with ``result`` in one transaction."""
    with transaction.atomic():
        try:
            current = Clusterization.objects.select_for_update().get(pk=clusterization.pk)
        except Clusterization.DoesNotExist:
            return "discarded"
        if current.method != result.method or current.status == Status.DISABLED:
            return "discarded"
        changed = started is not None and current.modified > started
        if changed and current.reason_code == "method-changed":
            return "discarded"  # the method changed back and forth meanwhile: run again
        group_rows = _store_groups(current, result)
        _store_assignments(current, result, {key: row.pk for key, row in group_rows.items()})
        _store_comment_values(current, result)
        current.status = Status.ACTIVE if result.is_active else Status.WAITING
        current.reason_code = result.reason_code
        current.algorithm_version = ALGORITHM_VERSIONS[current.method]
        current.last_run = timezone.now()
        current.votes_at_last_run = n_votes
        current.runs += 1
        if isinstance(result, AutomaticResult):
            current.state = result.state.to_dict()
        current.consensus = result.consensus.to_dict()
        current.details = _details(result, current)
        current.result_token = _new_token()
        current.failures = 0
        current.last_error = ""
        current.save()
    clusterization.__dict__.update(
        {f.attname: getattr(current, f.attname) for f in Clusterization._meta.concrete_fields}
    )
    return current.status


def _group_stats(result: GroupsResult, row: int) -> dict:
    votes = result.group_votes
    return {
        "comments": result.comments.tolist(),
        "agree": votes.agree[row].tolist(),
        "disagree": votes.disagree[row].tolist(),
        "seen": votes.seen[row].tolist(),
    }


def _store_groups(clusterization: Clusterization, result: GroupsResult) -> dict[int, OpinionGroup]:
    """Update (automatic: create) the group rows; returns {math group id: row}."""
    rows: dict[int, OpinionGroup] = {}
    if result.method == Method.AUTOMATIC:
        existing = {
            group.key: group
            for group in clusterization.groups.filter(method=Method.AUTOMATIC, key__isnull=False)
        }
        for group in result.groups:
            rows[group.id] = existing.pop(group.id, None) or OpinionGroup(
                clusterization=clusterization, method=Method.AUTOMATIC, key=group.id
            )
        for group in existing.values():
            if group.is_current or group.size:
                group.is_current = False
                group.size = 0
                group.save(update_fields=["is_current", "size", "modified"])
    else:
        persona_groups = {
            group.pk: group for group in clusterization.groups.filter(method=Method.PERSONAS)
        }
        for group in result.groups:
            if group.id in persona_groups:
                rows[group.id] = persona_groups[group.id]
        for pk, group in persona_groups.items():
            if pk not in rows:
                group.size = 0
                group.representative = []
                group.comment_stats = {}
                group.save(update_fields=["size", "representative", "comment_stats", "modified"])
    ordered = {group.id: index for index, group in enumerate(result.groups)}
    for position, (key, row) in enumerate(sorted(rows.items())):
        index = ordered[key]
        group = result.groups[index]
        row.size = group.size
        row.is_current = True
        row.representative = [item.to_dict() for item in group.representative]
        row.comment_stats = _group_stats(result, index)
        if result.method == Method.AUTOMATIC:
            row.position = position
        row.save()
    return rows


def _existing_ids(model, ids: np.ndarray) -> np.ndarray:
    """The ids among ``ids`` that still exist (rows deleted since the votes were read go)."""
    if len(ids) == 0:
        return ids
    table = connection.ops.quote_name(model._meta.db_table)
    found: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id FROM {table} WHERE id = ANY(%s)",  # noqa: S608 - a table name
                [ids.tolist()],
            )
            found = [row[0] for row in cursor.fetchall()]
        else:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500].tolist()
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)  # noqa: S608
                found += [row[0] for row in cursor.fetchall()]
    return np.asarray(sorted(found), dtype=np.int64)


def _copy_rows(model, columns: list[str], rows: Iterable[tuple]) -> None:
    """Insert rows with COPY (PostgreSQL)."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(r"\N" if value is None else str(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, buffer)


def _store_assignments(
    clusterization: Clusterization, result: GroupsResult, group_pks: dict[int, int]
) -> None:
    Assignment.objects.filter(clusterization=clusterization).delete()
    participants = result.participants.astype(np.int64)
    alive = np.isin(participants, _existing_ids(get_user_model(), participants))
    labels = result.labels[alive].tolist()
    positions = np.nan_to_num(result.positions[alive], nan=0.0, posinf=0.0, neginf=0.0)
    ids = participants[alive].tolist()
    groups = [group_pks.get(label) if label >= 0 else None for label in labels]
    xs, ys = positions[:, 0].tolist(), positions[:, 1].tolist()
    if connection.vendor == "postgresql":
        _copy_rows(
            Assignment,
            ["clusterization_id", "participant_id", "group_id", "x", "y"],
            (
                (clusterization.pk, pid, group, repr(x), repr(y))
                for pid, group, x, y in zip(ids, groups, xs, ys, strict=True)
            ),
        )
        return
    Assignment.objects.bulk_create(
        (
            Assignment(clusterization=clusterization, participant_id=pid, group_id=group, x=x, y=y)
            for pid, group, x, y in zip(ids, groups, xs, ys, strict=True)
        ),
        batch_size=500,
    )


def _store_comment_values(clusterization: Clusterization, result: GroupsResult) -> None:
    CommentValue.objects.filter(clusterization=clusterization).delete()
    existing = set(_existing_ids(Comment, result.comments.astype(np.int64)).tolist())
    rows = [
        CommentValue(
            clusterization=clusterization,
            comment_id=values["comment"],
            moderated_out=values["moderated_out"],
            group_informed_consensus=values["group_informed_consensus"],
            priority=_finite(values["priority"]),
            x=_finite(values["x"]),
            y=_finite(values["y"]),
            extremity=_finite(values["extremity"]),
            agree=values["agree"],
            disagree=values["disagree"],
            skip=values["skip"],
            convergence=_finite(values["convergence"]),
            participation=_finite(values["participation"]),
        )
        for values in result.comment_values()
        if values["comment"] in existing
    ]
    CommentValue.objects.bulk_create(rows, batch_size=500)


def record_failure(clusterization_id: int, error: BaseException) -> int:
    """Count a failed attempt and keep its message; returns the consecutive failures."""
    text = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        row = Clusterization.objects.select_for_update().filter(pk=clusterization_id).first()
        if row is None:
            return 0
        row.failures += 1
        row.last_error = text
        row.last_error_at = timezone.now()
        row.save(update_fields=["failures", "last_error", "last_error_at", "modified"])
    return row.failures

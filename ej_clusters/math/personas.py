"""Persona-anchored k-means: EJ's original method, with the intended behaviour of the spec's §7.4.

Organizers define the groups and vote as one or more *personas* per group. Each participant is
assigned to the group whose centroid is nearest in the z-scored, mean-imputed vote space; each
centroid starts at its group's persona row and stays anchored to it (the persona row is always
part of its own group's mean), so no group can empty out. A group whose personas cast no vote is
left out and reported (the 2019 code filled it with random numbers).

The mean-imputed user matrix is never densified: a participant's z-scored row is a dense part
shared by everyone, base = (μ − mean)/std, plus a sparse part (vote − μ)/std on voted cells, and
squared distances to centroids expand into a sparse product.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .pca import project
from .results import ACTIVE, NO_GROUP, WAITING, PersonaResult
from .summary import summarize
from .votes import VoteMatrix, build_vote_matrix

METHOD = "personas"
MAX_ITERATIONS = 20


@dataclass(frozen=True, eq=False)
class PersonaRows:
    """One row per group with voting personas, on the vote matrix's columns."""

    group_ids: np.ndarray  # (k,)
    rows: np.ndarray  # (k, m): mean persona vote, user mean where no persona voted
    without_votes: tuple[int, ...]  # groups left out


def persona_rows(
    matrix: VoteMatrix,
    user_means: np.ndarray,
    groups: Mapping[int, Sequence[int]],
    persona_ids,
    persona_comments,
    persona_choices,
) -> PersonaRows:
    """Average the personas' votes per group (§7.3).

    A persona's missing vote counts as 0 on comments some persona voted on; comments no persona
    voted on take the users' mean. Votes on comments outside the matrix are ignored.
    """
    m = matrix.n_comments
    votes = build_vote_matrix(persona_ids, persona_comments, persona_choices)  # latest wins
    cols = matrix.column_index(votes.comments)[votes.cols]
    persona_ids = votes.participants[votes.rows]
    choices = votes.choices.astype(float)
    on_matrix = cols >= 0
    persona_ids, cols, choices = persona_ids[on_matrix], cols[on_matrix], choices[on_matrix]
    any_persona_voted = np.zeros(m, dtype=bool)
    any_persona_voted[cols] = True
    kept, rows, without = [], [], []
    for gid in sorted(groups):
        members = np.unique(np.asarray(list(groups[gid]), dtype=np.int64))
        mine = np.isin(persona_ids, members)
        if len(members) == 0 or not mine.any():
            without.append(int(gid))
            continue
        sums = np.zeros(m)
        np.add.at(sums, cols[mine], choices[mine])
        voters = len(np.unique(persona_ids[mine]))  # personas with at least one vote
        row = np.where(any_persona_voted, sums / voters, user_means)
        kept.append(int(gid))
        rows.append(row)
    return PersonaRows(
        np.asarray(kept, dtype=np.int64), np.asarray(rows).reshape(len(kept), m), tuple(without)
    )


@dataclass(frozen=True, eq=False)
class ZScored:
    """The z-scored user rows, as base + sparse part, and the z-scored persona rows."""

    base: np.ndarray  # (m,)
    sparse_values: np.ndarray  # (nnz,) on the matrix cells
    personas: np.ndarray  # (k, m)


def zscore(matrix: VoteMatrix, user_means: np.ndarray, personas: np.ndarray) -> ZScored:
    """Standardize every column over users (mean-imputed) and persona rows together."""
    n, m = matrix.shape
    k = len(personas)
    total = n + k
    voted = matrix.votes_per_comment.astype(float)
    sum_votes = np.bincount(matrix.cols, weights=matrix.choices, minlength=m)
    sum_squares = np.bincount(matrix.cols, weights=np.abs(matrix.choices), minlength=m)
    mean = (n * user_means + personas.sum(axis=0)) / total
    variance = (
        sum_squares
        - 2 * mean * sum_votes
        + voted * mean**2
        + (n - voted) * (user_means - mean) ** 2
        + ((personas - mean) ** 2).sum(axis=0)
    ) / total
    std = np.sqrt(np.clip(variance, 0.0, None))
    std[std < 1e-12] = 1.0  # constant columns: as StandardScaler, leave them unscaled
    base = (user_means - mean) / std
    sparse_values = (matrix.choices - user_means[matrix.cols]) / std[matrix.cols]
    return ZScored(base, sparse_values, (personas - mean) / std)


def anchored_kmeans(
    matrix: VoteMatrix, z: ZScored, *, max_iter: int = MAX_ITERATIONS
) -> tuple[np.ndarray, np.ndarray, int]:
    """Assign users to the nearest centroid; each centroid is the mean of its users plus its
    persona row. Returns (label positions per user, final centroids, iterations)."""
    n, m = matrix.shape
    k = len(z.personas)
    centroids = z.personas.copy()
    labels = np.full(n, -1, dtype=np.int64)
    rows, cols = matrix.rows, matrix.cols
    sparse_part = matrix.sparse(z.sparse_values)
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - reported in the result
        shift = z.base[None, :] - centroids  # (k, m)
        # |base + s_p − c|² = |base − c|² + 2 s_p·(base − c) + |s_p|², the last term is common
        distances = (shift**2).sum(axis=1)[None, :] + 2.0 * (sparse_part @ shift.T)
        new_labels = np.argmin(distances, axis=1)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        counts = np.bincount(labels, minlength=k).astype(float)
        sparse_sums = np.bincount(
            labels[rows] * m + cols, weights=z.sparse_values, minlength=k * m
        ).reshape(k, m)
        centroids = (counts[:, None] * z.base[None, :] + sparse_sums + z.personas) / (
            counts[:, None] + 1.0
        )
    return labels, centroids, iterations


def _nearest_rows(rows: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    d2 = ((rows[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return np.argmin(d2, axis=1)


def run_personas(
    participants,
    comments,
    choices,
    *,
    groups: Mapping[int, Sequence[int]],
    persona_votes: tuple = ((), (), ()),
    times=None,
    moderated_out=None,
    max_iter: int = MAX_ITERATIONS,
    seed: int = 0,
) -> PersonaResult:
    """Persona-anchored groups from flat vote arrays.

    ``groups`` maps every group id to its persona ids (possibly empty); ``persona_votes`` is a
    (persona ids, comment ids, choices) triple. Votes on ``moderated_out`` comments are ignored
    by this method (the 2019 method used approved comments only). Every participant who voted is
    assigned a group. Never raises on bad data: ``status`` says "waiting-for-data" with a reason.
    """
    participants = np.asarray(participants)
    comments = np.asarray(comments)
    choices = np.asarray(choices)
    if moderated_out is not None and len(comments):
        keep = ~np.isin(comments, np.asarray(list(moderated_out), dtype=np.int64))
        participants, comments, choices = participants[keep], comments[keep], choices[keep]
        times = None if times is None else np.asarray(times)[keep]
    matrix = build_vote_matrix(participants, comments, choices, times)
    no_modout = np.zeros(matrix.n_comments, dtype=bool)
    labels = np.full(matrix.n_participants, NO_GROUP, dtype=np.int64)

    def waiting(code, reason, projection=None, without=()):
        fields = summarize(
            matrix,
            no_modout,
            labels,
            np.zeros(0, dtype=np.int64),
            positions=None if projection is None else projection.participant_xy,
            comment_positions=None if projection is None else projection.comment_xy,
            extremity=None if projection is None else projection.extremity,
        )
        return PersonaResult(
            method=METHOD,
            status=WAITING,
            reason=reason,
            reason_code=code,
            groups_without_votes=tuple(without),
            **fields,
        )

    if matrix.n_votes == 0:
        return waiting("no-votes", "There are no votes on approved comments yet.")
    projection = project(matrix, no_modout, seed=seed)
    counts = matrix.votes_per_comment
    user_means = np.bincount(matrix.cols, weights=matrix.choices, minlength=matrix.n_comments)
    user_means = user_means / np.maximum(counts, 1)
    personas = persona_rows(matrix, user_means, groups, *persona_votes)
    if len(personas.group_ids) < 2:
        reason = (
            "At least two groups need personas who voted; "
            f"{len(personas.group_ids)} of {len(groups)} have."
        )
        return waiting("too-few-persona-groups", reason, projection, personas.without_votes)
    z = zscore(matrix, user_means, personas.rows)
    positions, centroids, iterations = anchored_kmeans(matrix, z, max_iter=max_iter)
    labels = personas.group_ids[positions]
    nearest = _nearest_rows(z.personas, centroids)
    inconsistent = tuple(
        (int(personas.group_ids[g]), int(personas.group_ids[nearest[g]]))
        for g in range(len(nearest))
        if nearest[g] != g
    )
    anchors = (personas.rows - projection.center) @ projection.components.T
    fields = summarize(
        matrix,
        no_modout,
        labels,
        personas.group_ids,
        positions=projection.participant_xy,
        comment_positions=projection.comment_xy,
        extremity=projection.extremity,
    )
    return PersonaResult(
        method=METHOD,
        status=ACTIVE,
        reason="",
        reason_code="",
        groups_without_votes=personas.without_votes,
        inconsistent_personas=inconsistent,
        iterations=iterations,
        anchor_positions=anchors,
        **fields,
    )

"""Statistics shared by both methods once participants have group labels."""

from __future__ import annotations

import numpy as np

from .consensus import Consensus, consensus, group_informed_consensus
from .figures import comment_figures
from .priority import UNSEEN_PRIORITY, comment_priority
from .repness import repness_table, select_representative
from .results import NO_GROUP, Group
from .tallies import Tallies, group_tallies, population_tallies
from .votes import VoteMatrix


def summarize(
    matrix: VoteMatrix,
    moderated_out: np.ndarray,
    labels: np.ndarray,
    group_ids: np.ndarray,
    positions: np.ndarray | None = None,
    comment_positions: np.ndarray | None = None,
    extremity: np.ndarray | None = None,
) -> dict:
    """Keyword arguments for a ``GroupsResult`` (all fields but method, status and reason).

    ``labels`` holds a group id per row of ``matrix`` (``NO_GROUP`` for ungrouped rows);
    ``group_ids`` lists the groups in the order wanted in the result.
    """
    n, m = matrix.shape
    group_ids = np.asarray(group_ids, dtype=np.int64)
    k = len(group_ids)
    positions_index = np.full(n, -1, dtype=np.int64)
    if k:
        order = np.argsort(group_ids)
        where = np.searchsorted(group_ids[order], labels)
        where = np.minimum(where, k - 1)
        hit = (labels != NO_GROUP) & (group_ids[order][where] == labels)
        positions_index[hit] = order[where[hit]]
    groups_tally = group_tallies(matrix, positions_index, k)
    everyone = population_tallies(matrix)
    sizes = np.bincount(positions_index[positions_index >= 0], minlength=k)
    groups = []
    if k:
        table = repness_table(groups_tally)
        for row, gid in enumerate(group_ids):
            representative = select_representative(table, row, matrix.comments, moderated_out)
            groups.append(Group(int(gid), int(sizes[row]), tuple(representative)))
    if extremity is None:
        extremity = np.zeros(m)
    routed = groups_tally.total() if k else everyone
    votes_per_participant = matrix.votes_per_participant
    return dict(
        participants=matrix.participants,
        labels=labels,
        positions=np.zeros((n, 2)) if positions is None else positions,
        comments=matrix.comments,
        moderated_out=moderated_out,
        comment_positions=np.zeros((m, 2)) if comment_positions is None else comment_positions,
        extremity=extremity,
        groups=tuple(groups),
        group_votes=groups_tally,
        group_figures=comment_figures(groups_tally, sizes),
        consensus=consensus(everyone, matrix.comments, moderated_out) if m else Consensus(),
        group_informed_consensus=group_informed_consensus(groups_tally),
        priority=comment_priority(routed, extremity),
        figures=comment_figures(everyone, n),
        participant_participation=(votes_per_participant / m) if m else np.zeros(n),
        n_votes=matrix.n_votes,
        default_priority=UNSEEN_PRIORITY,
    )


def empty_tallies(k: int, m: int) -> Tallies:
    zeros = np.zeros((k, m), dtype=np.int64)
    return Tallies(zeros, zeros, zeros)

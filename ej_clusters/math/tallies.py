"""Vote counts per (group, comment): agree A, disagree D and seen S (any vote, skips included)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .votes import AGREE, DISAGREE, VoteMatrix


@dataclass(frozen=True, eq=False)
class Tallies:
    """Counts with shape (groups, comments), or (comments,) for a single population."""

    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray

    @property
    def skip(self) -> np.ndarray:
        return self.seen - self.agree - self.disagree

    def total(self) -> Tallies:
        """Sum over groups."""
        return Tallies(self.agree.sum(axis=0), self.disagree.sum(axis=0), self.seen.sum(axis=0))


def group_tallies(matrix: VoteMatrix, labels: np.ndarray, n_groups: int) -> Tallies:
    """Counts per group for rows labelled 0..n_groups−1; rows labelled −1 are ignored."""
    m = matrix.n_comments
    cell_group = labels[matrix.rows]
    keep = cell_group >= 0
    index = cell_group[keep].astype(np.int64) * m + matrix.cols[keep]
    choices = matrix.choices[keep]
    size = n_groups * m

    def count(mask):
        return np.bincount(index[mask], minlength=size).reshape(n_groups, m)

    return Tallies(count(choices == AGREE), count(choices == DISAGREE), count(slice(None)))


def population_tallies(matrix: VoteMatrix, rows: np.ndarray | None = None) -> Tallies:
    """Counts over all rows, or over the rows where the boolean mask ``rows`` is true."""
    labels = np.zeros(matrix.n_participants, dtype=np.int64)
    if rows is not None:
        labels[~np.asarray(rows, dtype=bool)] = -1
    t = group_tallies(matrix, labels, 1)
    return Tallies(t.agree[0], t.disagree[0], t.seen[0])

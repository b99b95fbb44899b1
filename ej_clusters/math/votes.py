"""The participants × comments vote matrix, built from flat vote arrays.

Choices use EJ's coding: agree = +1, disagree = −1, skip (Pol.is "pass") = 0; a cell that was
never voted is *missing*, which is not the same as a skip. The matrix is kept sparse (CSR order:
rows sorted by participant id, cells within a row sorted by comment id) and skips are stored as
explicit cells, so "voted" is the sparsity structure and the vote is the stored value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

AGREE = 1
DISAGREE = -1
SKIP = 0

_PACK_BITS = 63  # packed sort keys are non-negative int64 values


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Latest vote of each participant on each comment, in CSR layout.

    ``participants`` and ``comments`` hold the ids of the rows and columns (sorted ascending);
    cell ``i`` of ``cols``/``choices`` belongs to row ``r`` when ``indptr[r] <= i < indptr[r+1]``.
    """

    participants: np.ndarray  # int64, (n,)
    comments: np.ndarray  # int64, (m,)
    indptr: np.ndarray  # int64, (n + 1,)
    cols: np.ndarray  # int32, (nnz,)
    choices: np.ndarray  # int8, (nnz,)

    @property
    def n_participants(self) -> int:
        return len(self.participants)

    @property
    def n_comments(self) -> int:
        return len(self.comments)

    @property
    def n_votes(self) -> int:
        return len(self.choices)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.n_participants, self.n_comments)

    @cached_property
    def rows(self) -> np.ndarray:
        """Row index of every cell (the COO companion of ``cols``)."""
        counts = np.diff(self.indptr)
        return np.repeat(np.arange(self.n_participants, dtype=np.int32), counts)

    @cached_property
    def votes_per_participant(self) -> np.ndarray:
        return np.diff(self.indptr)

    @cached_property
    def votes_per_comment(self) -> np.ndarray:
        return np.bincount(self.cols, minlength=self.n_comments)

    def sparse(self, values: np.ndarray | None = None, dtype=np.float64) -> sp.csr_array:
        """A scipy CSR array with this structure; explicit zeros (skips) are kept."""
        data = self.choices if values is None else values
        return sp.csr_array(
            (np.asarray(data, dtype=dtype), self.cols, self.indptr), shape=self.shape, copy=False
        )

    def column_index(self, comment_ids) -> np.ndarray:
        """Column positions of the given comment ids (−1 for ids not in the matrix)."""
        return _lookup(self.comments, comment_ids)

    def row_index(self, participant_ids) -> np.ndarray:
        """Row positions of the given participant ids (−1 for ids not in the matrix)."""
        return _lookup(self.participants, participant_ids)


def _lookup(sorted_ids: np.ndarray, ids) -> np.ndarray:
    ids = np.asarray(ids, dtype=np.int64).ravel()
    if len(sorted_ids) == 0:
        return np.full(len(ids), -1, dtype=np.int64)
    pos = np.searchsorted(sorted_ids, ids)
    pos_clipped = np.minimum(pos, len(sorted_ids) - 1)
    found = sorted_ids[pos_clipped] == ids
    return np.where(found, pos_clipped, -1)


def factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique integer ids and the position of each value among them.

    Same result as ``np.unique(values, return_inverse=True)`` but several times faster on large
    arrays: a lookup table when the id range is small, a packed (value, position) sort otherwise.
    """
    values = np.asarray(values)
    if values.dtype.kind not in "iu":
        raise TypeError("ids must be integers")
    values = values.astype(np.int64, copy=False)
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    low, high = int(values.min()), int(values.max())
    span = high - low
    if span <= max(4 * n, 1 << 16):
        present = np.zeros(span + 1, dtype=bool)
        present[values - low] = True
        uniques = np.flatnonzero(present) + low
        table = np.cumsum(present, dtype=np.int64) - 1
        return uniques, table[values - low]
    position_bits = max(1, (n - 1).bit_length())
    if span.bit_length() + position_bits <= _PACK_BITS:
        packed = np.sort(((values - low) << position_bits) | np.arange(n, dtype=np.int64))
        sorted_values = packed >> position_bits
        order = packed & ((1 << position_bits) - 1)
        starts = np.empty(n, dtype=bool)
        starts[0] = True
        np.not_equal(sorted_values[1:], sorted_values[:-1], out=starts[1:])
        inverse = np.empty(n, dtype=np.int64)
        inverse[order] = np.cumsum(starts) - 1
        return sorted_values[starts] + low, inverse
    uniques, inverse = np.unique(values, return_inverse=True)
    return uniques.astype(np.int64), inverse.astype(np.int64)


def _latest_cells(cell_keys: np.ndarray, rank: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique cell keys and, for each, the index of the vote that wins (the latest).

    Votes are ordered by ``rank`` (their chronological position) or, without it, by their order
    in the input arrays; the last vote of each cell wins.
    """
    n = len(cell_keys)
    position = np.arange(n, dtype=np.int64) if rank is None else rank
    key_bits = max(1, int(cell_keys.max()).bit_length())
    position_bits = max(1, (n - 1).bit_length())
    if key_bits + position_bits <= _PACK_BITS:
        packed = np.sort((cell_keys << position_bits) | position)
        keys = packed >> position_bits
        winners = packed & ((1 << position_bits) - 1)
        if rank is not None:  # rank -> index of the vote in the input arrays
            by_rank = np.empty(n, dtype=np.int64)
            by_rank[rank] = np.arange(n, dtype=np.int64)
            winners = by_rank[winners]
    else:  # pragma: no cover - only for astronomically large conversations
        order = np.lexsort((position, cell_keys))
        keys, winners = cell_keys[order], order
    last = np.empty(n, dtype=bool)
    last[-1] = True
    np.not_equal(keys[1:], keys[:-1], out=last[:-1])
    return keys[last], winners[last]


def build_vote_matrix(
    participants, comments, choices, times=None, *, validate: bool = True
) -> VoteMatrix:
    """Build the vote matrix from one entry per vote; the latest vote on a cell wins.

    ``times`` (any sortable numbers, e.g. timestamps) orders the votes; without it the input
    order is taken as chronological. Choices must be −1, 0 or +1 (EJ coding, agree = +1).
    """
    participants = np.asarray(participants)
    comments = np.asarray(comments)
    choices = np.asarray(choices)
    n = len(choices)
    if not (len(participants) == len(comments) == n) or (times is not None and len(times) != n):
        raise ValueError("participants, comments, choices and times must have the same length")
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return VoteMatrix(
            empty, empty, np.zeros(1, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0, np.int8)
        )
    if validate and choices.dtype.kind == "f":
        if not np.isfinite(choices).all() or (choices != np.round(choices)).any():
            raise ValueError("choices must be -1, 0 or 1")
    choices = choices.astype(np.int8) if choices.dtype != np.int8 else choices
    if validate and ((choices < -1) | (choices > 1)).any():
        raise ValueError("choices must be -1, 0 or 1")
    participant_ids, rows = factorize(participants)
    comment_ids, cols = factorize(comments)
    n_cols = len(comment_ids)
    cell_keys = rows * n_cols + cols
    rank = None
    if times is not None:
        times = np.asarray(times)
        if len(times) > 1 and not (times[1:] >= times[:-1]).all():
            order = np.argsort(times, kind="stable")
            rank = np.empty(n, dtype=np.int64)
            rank[order] = np.arange(n, dtype=np.int64)
    keys, winners = _latest_cells(cell_keys, rank)
    cell_rows = keys // n_cols
    indptr = np.zeros(len(participant_ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(cell_rows, minlength=len(participant_ids)), out=indptr[1:])
    return VoteMatrix(
        participants=participant_ids,
        comments=comment_ids,
        indptr=indptr,
        cols=(keys - cell_rows * n_cols).astype(np.int32),
        choices=choices[winners],
    )

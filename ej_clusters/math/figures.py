"""EJ's per-comment figures: vote counts, convergence and participation (ej-original-spec §7.6)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tallies import Tallies

_EPSILON = 1e-50


@dataclass(frozen=True, eq=False)
class CommentFigures:
    """Arrays of shape (comments,) or (groups, comments).

    convergence = |agree − disagree| / (agree + disagree): 1 when everyone who took a side took
    the same one, 0 for an even split. participation = votes (skips included) / voters in the set.
    """

    agree: np.ndarray
    disagree: np.ndarray
    skip: np.ndarray
    convergence: np.ndarray
    participation: np.ndarray


def comment_figures(tallies: Tallies, voters) -> CommentFigures:
    """Figures for the given counts; ``voters`` is the number of distinct voters in the set
    (a scalar, or one number per group for (groups, comments) counts)."""
    agree = np.asarray(tallies.agree)
    disagree = np.asarray(tallies.disagree)
    seen = np.asarray(tallies.seen, dtype=float)
    voters = np.asarray(voters, dtype=float)
    if agree.ndim == 2:
        voters = voters.reshape(-1, 1)
    convergence = np.abs(agree - disagree) / (agree + disagree + _EPSILON)
    participation = np.divide(
        seen, voters, out=np.zeros(np.broadcast(seen, voters).shape), where=voters > 0
    )
    return CommentFigures(agree, disagree, seen - agree - disagree, convergence, participation)

"""Consensus statements (polis-math §1.12) and group-informed consensus (§1.13)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from .proportions import Z_90, prop_test, smoothed_proportion
from .tallies import Tallies

MAX_CONSENSUS = 5


@dataclass(frozen=True)
class ConsensusComment:
    comment: int
    n_success: int
    n_trials: int
    p_success: float
    p_test: float

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Consensus:
    """Comments most of the whole population agrees (or disagrees) with, best first."""

    agree: list[ConsensusComment] = field(default_factory=list)
    disagree: list[ConsensusComment] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "agree": [c.to_dict() for c in self.agree],
            "disagree": [c.to_dict() for c in self.disagree],
        }


def _side(successes, trials, comment_ids, eligible, max_items) -> list[ConsensusComment]:
    p = smoothed_proportion(successes, trials)
    test = prop_test(successes, trials)
    candidates = np.flatnonzero(eligible & (p > 0.5) & (test > Z_90))
    score = p[candidates] * test[candidates]
    order = candidates[np.argsort(-score, kind="stable")][:max_items]
    return [
        ConsensusComment(
            comment=int(comment_ids[c]),
            n_success=int(successes[c]),
            n_trials=int(trials[c]),
            p_success=float(p[c]),
            p_test=float(test[c]),
        )
        for c in order
    ]


def consensus(
    population: Tallies,
    comment_ids: np.ndarray,
    moderated_out: np.ndarray,
    max_items: int = MAX_CONSENSUS,
) -> Consensus:
    """Agree list: pa > 0.5 and its test significant, sorted by pa·pat; disagree likewise.

    ``population`` counts the votes of *every* participant (not only the grouped ones).
    """
    eligible = ~moderated_out
    return Consensus(
        agree=_side(population.agree, population.seen, comment_ids, eligible, max_items),
        disagree=_side(population.disagree, population.seen, comment_ids, eligible, max_items),
    )


def group_informed_consensus(groups: Tallies) -> np.ndarray:
    """Π over groups of (A_g + 1) / (S_g + 2) for every comment (moderated-out ones included).

    A product of k probabilities: values are only comparable between runs with the same k.
    """
    if groups.agree.shape[0] == 0:
        return np.full(groups.agree.shape[1], np.nan)
    return np.prod(smoothed_proportion(groups.agree, groups.seen), axis=0)


def group_informed_disagreement(groups: Tallies) -> np.ndarray:
    """The same product for disagreement."""
    if groups.agree.shape[0] == 0:
        return np.full(groups.agree.shape[1], np.nan)
    return np.prod(smoothed_proportion(groups.disagree, groups.seen), axis=0)

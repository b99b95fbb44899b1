"""Comment priority for routing the next comment (polis-math §1.14)."""

from __future__ import annotations

import numpy as np

from .tallies import Tallies


def comment_priority(tallies: Tallies, extremity: np.ndarray) -> np.ndarray:
    """((1 − p_pass) · (E + 1) · p_agree · novelty)² per comment.

    p_pass = (P+1)/(S+2) and p_agree = (A+1)/(S+2) from the grouped participants' votes
    (P = skips), E the comment's extremity on the map, novelty = 1 + 8·2^(−S/5): 9 for an unseen
    comment, tending to 1 as votes accrue. Squared to deepen the bias. Unlike Pol.is, the
    counts are the current run's, not the previous run's.
    """
    a = np.asarray(tallies.agree, dtype=float)
    s = np.asarray(tallies.seen, dtype=float)
    passes = s - a - np.asarray(tallies.disagree, dtype=float)
    p_pass = (passes + 1.0) / (s + 2.0)
    p_agree = (a + 1.0) / (s + 2.0)
    importance = (1.0 - p_pass) * (np.asarray(extremity, dtype=float) + 1.0) * p_agree
    novelty = 1.0 + 8.0 * np.exp2(-s / 5.0)
    return (importance * novelty) ** 2


# Priority of a comment nobody has voted on yet (and so with no place on the map): S = 0, E = 0.
UNSEEN_PRIORITY = float(((1.0 - 0.5) * 1.0 * 0.5 * 9.0) ** 2)

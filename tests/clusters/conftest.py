"""Small shared data for the opinion-group math tests."""

from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
POLIS = ROOT / "data" / "polis"


def planted_votes(n=240, m=24, groups=3, density=0.6, seed=0):
    """Vote arrays with ``groups`` planted opinion groups, and each participant's group."""
    rng = np.random.default_rng(seed)
    membership = rng.integers(0, groups, n)
    stance = rng.choice([-1, 1], size=(groups, m))
    p_agree = np.where(stance > 0, 0.85, 0.1)
    participants = np.repeat(np.arange(n), m)
    comments = np.tile(np.arange(m), n)
    keep = rng.random(n * m) < density
    participants, comments = participants[keep], comments[keep]
    draw = rng.random(len(participants))
    agree = p_agree[membership[participants], comments]
    choices = np.where(draw < agree, 1, np.where(draw < agree + 0.1, 0, -1)).astype(np.int8)
    return participants, comments, choices, membership


@pytest.fixture(scope="session")
def planted():
    # A draw where the three groups are clear. On some draws Pol.is's cold start (the first k
    # distinct base centres, 20 iterations) splits a group and the silhouette prefers k = 4.
    return planted_votes(seed=4)

"""The Laplace-smoothed proportions and z-tests Pol.is uses (polis-math §1.11)."""

from __future__ import annotations

import numpy as np

Z_90 = 1.2816  # one-sided 90 % significance


def smoothed_proportion(successes, trials) -> np.ndarray:
    """(x + 1) / (n + 2): the posterior mean under a uniform prior."""
    return (np.asarray(successes, dtype=float) + 1.0) / (np.asarray(trials, dtype=float) + 2.0)


def prop_test(successes, trials) -> np.ndarray:
    """One-proportion test against 1/2: 2·sqrt(n+1)·((x+1)/(n+1) − 1/2)."""
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    return 2.0 * np.sqrt(n + 1.0) * ((x + 1.0) / (n + 1.0) - 0.5)


def two_prop_test(x1, x2, n1, n2) -> np.ndarray:
    """Two-proportion z-test with one pseudo-count added to each of the four counts
    (z = 0 when the pooled proportion is 1)."""
    x1, x2, n1, n2 = (np.asarray(v, dtype=float) + 1.0 for v in (x1, x2, n1, n2))
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / np.sqrt(variance)
    return np.where(variance > 0, z, 0.0)

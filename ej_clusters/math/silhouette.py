"""Silhouette score of a labelling of a small point set (the ≤ 100 base-cluster centres)."""

from __future__ import annotations

import numpy as np


def silhouette(points: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Mean silhouette of ``points`` grouped by ``labels`` (Euclidean distances).

    Unweighted (Pol.is, §1.9): every point counts once; a point alone in its group scores 0.

    Weighted: each point stands for ``weights[i]`` identical participants at the same place, so
    a = Σ_{j in own group, j≠i} w_j d_ij / (W_own − 1) (the co-located copies add 0 distance),
    b = min over other groups H of Σ_{j∈H} w_j d_ij / W_H, and the mean is weighted by w.
    A group holding a single participant scores 0.
    """
    points = np.asarray(points, dtype=float)
    labels = np.asarray(labels)
    n = len(points)
    groups, inverse = np.unique(labels, return_inverse=True)
    if n < 2 or len(groups) < 2:
        return 0.0
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    membership = np.zeros((n, len(groups)))
    membership[np.arange(n), inverse] = 1.0
    weighted_sums = distances @ (membership * w[:, None])  # (n, groups)
    group_weight = membership.T @ w  # (groups,)
    own_weight = group_weight[inverse]
    own_count = own_weight - 1.0  # the point itself (one copy of it, when weighted) is excluded
    own_sum = weighted_sums[np.arange(n), inverse]
    a = np.divide(own_sum, own_count, out=np.zeros(n), where=own_count > 0)
    other = weighted_sums / group_weight[None, :]
    other[np.arange(n), inverse] = np.inf
    b = other.min(axis=1)
    denom = np.maximum(a, b)
    s = np.divide(b - a, denom, out=np.zeros(n), where=denom > 0)
    s[own_count <= 0] = 0.0
    return float((s * w).sum() / w.sum())

"""Weighted k-means in the Pol.is style (polis-math §1.8–1.9).

Clusters carry stable integer ids. Empty clusters are dropped rather than re-seeded, the loop
stops when no centre moved by ``tol`` or more, and initial centres come either from the first
distinct points in row order (cold start) or from a previous clustering (the "clean start":
recentre old clusters on their surviving members, merge identical centres, then split off the
farthest points until there are enough clusters).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.cluster.vq import vq


@dataclass(frozen=True, eq=False)
class Clustering:
    """Result of k-means: cluster ids, centres, sizes (summed weights) and each point's label.

    ``labels`` holds positions into ``ids``/``centers`` (not the ids themselves).
    """

    ids: np.ndarray  # (c,) int64
    centers: np.ndarray  # (c, d)
    weights: np.ndarray  # (c,)
    labels: np.ndarray  # (n,) int64 positions into ids
    iterations: int = 0

    @property
    def label_ids(self) -> np.ndarray:
        return self.ids[self.labels]


def nearest(points: np.ndarray, centers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each point's nearest centre and the squared distance to it.

    On exact ties the *later* centre wins, as in Pol.is.
    """
    if len(points) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    codes, distances = vq(
        np.ascontiguousarray(points, dtype=float),
        np.ascontiguousarray(centers[::-1], dtype=float),
        check_finite=False,
    )
    return (len(centers) - 1 - codes).astype(np.int64), distances**2


def weighted_centers(
    points: np.ndarray, labels: np.ndarray, weights: np.ndarray, n_clusters: int
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean of each cluster's points and the cluster's total weight."""
    totals = np.bincount(labels, weights=weights, minlength=n_clusters)
    centers = np.zeros((n_clusters, points.shape[1]))
    for dim in range(points.shape[1]):
        sums = np.bincount(labels, weights=weights * points[:, dim], minlength=n_clusters)
        np.divide(sums, totals, out=centers[:, dim], where=totals > 0)
    return centers, totals


def first_distinct(points: np.ndarray, k: int) -> np.ndarray:
    """Indices of the first ``k`` distinct points, in row order (Pol.is's cold start)."""
    if len(points) == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64)
    _, first = np.unique(points, axis=0, return_index=True)
    return np.sort(first)[:k]


def count_distinct(points: np.ndarray) -> int:
    return 0 if len(points) == 0 else len(np.unique(points, axis=0))


def lloyd(
    points: np.ndarray,
    centers: np.ndarray,
    ids: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    max_iter: int = 100,
    tol: float = 0.01,
) -> Clustering:
    """Lloyd iterations from the given centres: assign to the nearest centre, drop empty
    clusters, move centres to the weighted mean; stop once every centre moved less than ``tol``.
    """
    weights = np.ones(len(points)) if weights is None else np.asarray(weights, dtype=float)
    centers = np.asarray(centers, dtype=float).copy()
    ids = np.asarray(ids, dtype=np.int64).copy()
    labels = np.zeros(len(points), dtype=np.int64)
    sizes = np.zeros(len(ids))
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - reported in the result
        labels, _ = nearest(points, centers)
        used = np.bincount(labels, minlength=len(ids)) > 0
        dropped = not used.all()
        if dropped:
            remap = np.cumsum(used) - 1
            labels = remap[labels]
            centers, ids = centers[used], ids[used]
        new_centers, sizes = weighted_centers(points, labels, weights, len(ids))
        moved = np.sqrt(((new_centers - centers) ** 2).sum(axis=1))
        centers = new_centers
        if not dropped and (moved < tol).all():
            break
    return Clustering(ids, centers, sizes, labels, iterations)


def cold_start(points: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Initial centres and ids 0..k−1 from the first ``k`` distinct points."""
    first = first_distinct(points, k)
    return points[first].astype(float), np.arange(len(first), dtype=np.int64)


def clean_start(
    points: np.ndarray,
    weights: np.ndarray,
    previous_ids: np.ndarray,
    previous_labels: np.ndarray,
    k: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Initial centres carried over from a previous clustering.

    ``previous_labels[i]`` is the previous cluster id of point ``i`` or −1 for a new point.
    Old clusters are recentred on their surviving members (empty ones are dropped), clusters with
    identical centres are merged (the bigger keeps its id), then the point farthest from every
    centre is split off into a new cluster (id = max id + 1) until there are min(k, distinct
    points) clusters.
    """
    previous_ids = np.asarray(previous_ids, dtype=np.int64)
    member = previous_labels >= 0
    centers = np.zeros((0, points.shape[1]))
    ids = np.zeros(0, dtype=np.int64)
    if member.any() and len(previous_ids):
        order = np.argsort(previous_ids)
        pos = np.searchsorted(previous_ids[order], previous_labels[member])
        pos = np.minimum(pos, len(order) - 1)
        known = previous_ids[order][pos] == previous_labels[member]
        positions = order[pos[known]]
        member_points = points[member][known]
        member_weights = weights[member][known]
        all_centers, totals = weighted_centers(
            member_points, positions, member_weights, len(previous_ids)
        )
        counts = np.bincount(positions, minlength=len(previous_ids))
        alive = counts > 0
        centers, ids, totals = all_centers[alive], previous_ids[alive], totals[alive]
        centers, ids = _merge_identical(centers, ids, totals)
    target = min(k, count_distinct(points))
    return _split_farthest(points, centers, ids, target)


def _merge_identical(
    centers: np.ndarray, ids: np.ndarray, totals: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    if len(centers) < 2:
        return centers, ids
    _, first, inverse = np.unique(centers, axis=0, return_index=True, return_inverse=True)
    if len(first) == len(centers):
        return centers, ids
    keep = np.zeros(len(centers), dtype=bool)
    inverse = inverse.ravel()
    for group in range(len(first)):
        members = np.flatnonzero(inverse == group)
        keep[members[np.argmax(totals[members])]] = True
    return centers[keep], ids[keep]


def _split_farthest(
    points: np.ndarray, centers: np.ndarray, ids: np.ndarray, target: int
) -> tuple[np.ndarray, np.ndarray]:
    if len(centers) >= target:
        return centers, ids
    centers = list(centers)
    ids = list(ids)
    if centers:
        _, best = nearest(points, np.asarray(centers))
    else:
        best = np.full(len(points), np.inf)
    next_id = (max(ids) + 1) if ids else 0
    while len(centers) < target:
        far = int(np.argmax(best))
        if best[far] <= 0 and centers:
            break
        centers.append(points[far].astype(float))
        ids.append(next_id)
        next_id += 1
        best = np.minimum(best, ((points - points[far]) ** 2).sum(axis=1))
    return np.asarray(centers, dtype=float).reshape(-1, points.shape[1]), np.asarray(
        ids, dtype=np.int64
    )

"""Automatic opinion groups with the Pol.is method (polis-math §1.3–1.14).

``run_automatic`` goes from vote arrays to everything worth storing. Each step is a function of
its own so it can be tested and reused: admission, PCA and projection, base clusters, group
clusters for each k, the silhouette-based choice of k and its smoothing across runs.

Deliberate differences from Pol.is (each keeps the method, and removes a source of noise):

- PCA is solved exactly (dense SVD, or Lanczos on the sparse centred matrix) instead of 100
  power iterations from a random start, or random mini-batches above 10,000 participants; so a
  run is a deterministic function of (votes, state, seed).
- Everything that carries over between runs (admission, base clusters, the clustering for every
  k, the k smoother) is in the explicit state; Pol.is keeps part of it in memory only.
- The silhouette that picks k weighs each base cluster by its size by default (it is then the
  participants' silhouette with everyone placed at their base-cluster centre); Pol.is counts
  each base cluster once. ``AutomaticParams(weighted_silhouette=False)`` restores that. On the
  Pol.is exports in data/polis the weighted one agrees with Pol.is's groups as often or more.
- Priorities use this run's vote counts, not the previous run's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .kmeans import Clustering, clean_start, cold_start, count_distinct, lloyd
from .pca import Projection, project
from .results import ACTIVE, NO_GROUP, REASONS, WAITING, AutomaticResult
from .silhouette import silhouette
from .state import AutomaticState, GroupMemory, StateError
from .summary import summarize
from .votes import VoteMatrix, build_vote_matrix

METHOD = "automatic"


@dataclass(frozen=True)
class AutomaticParams:
    """Tunables of the automatic method; the defaults are Pol.is's but for the silhouette."""

    min_votes: int = 7  # admission: at least min(min_votes, n_comments) votes...
    min_participants: int = 15  # ...then the top voters until this many are admitted
    base_k: int = 100
    base_iterations: int = 100
    max_k: int = 5
    group_iterations: int = 20
    tolerance: float = 0.01  # k-means stops once no centre moved this much
    k_streak: int = 4  # runs a new best k must win in a row before it is adopted
    weighted_silhouette: bool = True  # Pol.is: False (see the module docstring)
    group_restarts: int = 0  # extra seeded k-means++ starts per k on a cold start (0 = Pol.is)


DEFAULT_PARAMS = AutomaticParams()


# --- admission -----------------------------------------------------------------------------


def admit(
    votes_per_participant: np.ndarray,
    n_comments: int,
    already_in: np.ndarray | None = None,
    *,
    min_votes: int = 7,
    min_participants: int = 15,
) -> np.ndarray:
    """Boolean mask of the participants to cluster ("in-conv", §1.4).

    Everyone admitted before stays in; so does everyone with at least min(min_votes,
    n_comments) votes; if fewer than ``min_participants`` are in, the top voters (ties by row
    order) are added until there are that many.
    """
    counts = np.asarray(votes_per_participant)
    admitted = np.zeros(len(counts), dtype=bool) if already_in is None else already_in.copy()
    admitted |= counts >= min(min_votes, n_comments)
    missing = min_participants - int(admitted.sum())
    if missing > 0:
        candidates = np.flatnonzero(~admitted)
        order = candidates[np.argsort(-counts[candidates], kind="stable")]
        admitted[order[:missing]] = True
    return admitted


# --- clustering ----------------------------------------------------------------------------


def _previous_labels(keys: np.ndarray, known_keys, known_labels) -> np.ndarray:
    """Label of each key in a previous (key → label) mapping, −1 when unknown."""
    known_keys = np.asarray(known_keys, dtype=np.int64)
    out = np.full(len(keys), -1, dtype=np.int64)
    if len(known_keys) == 0 or len(keys) == 0:
        return out
    order = np.argsort(known_keys)
    sorted_keys = known_keys[order]
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    hit = sorted_keys[pos] == keys
    out[hit] = np.asarray(known_labels, dtype=np.int64)[order[pos[hit]]]
    return out


def base_clusters(
    points: np.ndarray,
    previous_labels: np.ndarray | None = None,
    *,
    k: int = 100,
    max_iter: int = 100,
    tol: float = 0.01,
) -> Clustering:
    """k-means with k = 100 over the participants' map positions (§1.8).

    ``previous_labels`` (the previous base cluster id of each point, −1 for new points)
    warm-starts the clustering and keeps cluster ids stable; without it the initial centres are
    the first 100 distinct points.
    """
    if previous_labels is not None and (previous_labels >= 0).any():
        ids = np.unique(previous_labels[previous_labels >= 0])
        centers, ids = clean_start(points, np.ones(len(points)), ids, previous_labels, k)
    else:
        centers, ids = cold_start(points, k)
    return lloyd(points, centers, ids, max_iter=max_iter, tol=tol)


def _inertia(points, weights, clustering: Clustering) -> float:
    diff = points - clustering.centers[clustering.labels]
    return float((weights * (diff**2).sum(axis=1)).sum())


def _plus_plus(points, weights, k, rng) -> np.ndarray:
    """Weighted k-means++ seeding (indices of the chosen points)."""
    chosen = [int(rng.choice(len(points), p=weights / weights.sum()))]
    best = ((points - points[chosen[0]]) ** 2).sum(axis=1)
    while len(chosen) < k:
        p = weights * best
        if p.sum() <= 0:
            break
        chosen.append(int(rng.choice(len(points), p=p / p.sum())))
        best = np.minimum(best, ((points - points[chosen[-1]]) ** 2).sum(axis=1))
    return np.asarray(chosen)


def group_clusters(
    centers: np.ndarray,
    sizes: np.ndarray,
    k: int,
    previous_labels: np.ndarray | None = None,
    *,
    max_iter: int = 20,
    tol: float = 0.01,
    restarts: int = 0,
    seed: int = 0,
) -> Clustering:
    """Weighted k-means of the base-cluster centres into k groups (§1.9).

    Warm start from the previous run's groups for this k when given; otherwise the first k
    distinct centres, plus ``restarts`` seeded k-means++ starts keeping the lowest weighted
    within-group sum of squares.
    """
    if previous_labels is not None and (previous_labels >= 0).any():
        ids = np.unique(previous_labels[previous_labels >= 0])
        init, ids = clean_start(centers, sizes, ids, previous_labels, k)
        return lloyd(centers, init, ids, sizes, max_iter=max_iter, tol=tol)
    init, ids = cold_start(centers, k)
    best = lloyd(centers, init, ids, sizes, max_iter=max_iter, tol=tol)
    if restarts:
        rng = np.random.default_rng([seed, k])
        best_inertia = _inertia(centers, sizes, best)
        for _ in range(restarts):
            chosen = _plus_plus(centers, sizes.astype(float), k, rng)
            trial = lloyd(
                centers, centers[chosen], np.arange(len(chosen)), sizes, max_iter=max_iter, tol=tol
            )
            inertia = _inertia(centers, sizes, trial)
            if len(trial.ids) == len(best.ids) and inertia < best_inertia - 1e-12:
                best, best_inertia = trial, inertia
    return best


def max_groups(n_base: int, max_k: int = 5) -> int:
    """Largest k tried: min(max_k, 2 + n_base // 12), and never more than the base clusters."""
    return min(max_k, 2 + n_base // 12, n_base)


def smooth_k(
    best_k: int, state: AutomaticState, k_max: int, streak_needed: int = 4
) -> tuple[int, int]:
    """The k to show and the new streak of ``best_k`` (§1.9 "group-k-smoother")."""
    streak = state.best_k_streak + 1 if state.best_k == best_k else 1
    if state.smoothed_k is None or streak >= streak_needed:
        smoothed = best_k
    else:
        smoothed = state.smoothed_k
    return max(2, min(smoothed, k_max)), streak


# --- the whole run -------------------------------------------------------------------------


def _waiting(matrix, moderated_out, code, state, projection: Projection | None, in_conv):
    labels = np.full(matrix.n_participants, NO_GROUP, dtype=np.int64)
    fields = summarize(
        matrix,
        moderated_out,
        labels,
        np.zeros(0, dtype=np.int64),
        positions=None if projection is None else projection.participant_xy,
        comment_positions=None if projection is None else projection.comment_xy,
        extremity=None if projection is None else projection.extremity,
    )
    return AutomaticResult(
        method=METHOD,
        status=WAITING,
        reason=REASONS[code],
        reason_code=code,
        state=state,
        in_conv=in_conv,
        **fields,
    )


def _coerce_state(state) -> AutomaticState:
    if state is None:
        return AutomaticState()
    if isinstance(state, AutomaticState):
        return state
    try:
        return AutomaticState.from_dict(state)
    except StateError:
        return AutomaticState()  # an unreadable state only costs the warm start


def run_automatic(
    participants,
    comments,
    choices,
    *,
    times=None,
    state: AutomaticState | dict | None = None,
    seed: int = 0,
    moderated_out=None,
    params: AutomaticParams = DEFAULT_PARAMS,
) -> AutomaticResult:
    """Automatic opinion groups from flat vote arrays (one entry per vote; latest wins).

    ``choices``: +1 agree, −1 disagree, 0 skip. ``moderated_out``: ids of rejected comments
    (their votes still count as participation, as in Pol.is). ``state``: the previous result's
    ``state`` (or its ``to_dict()``), or None on the first run. Never raises on bad data: the
    result's ``status`` says "waiting-for-data" with a ``reason`` instead.
    """
    matrix = build_vote_matrix(participants, comments, choices, times)
    return run_automatic_matrix(
        matrix, state=state, seed=seed, moderated_out=moderated_out, params=params
    )


def run_automatic_matrix(
    matrix: VoteMatrix,
    *,
    state: AutomaticState | dict | None = None,
    seed: int = 0,
    moderated_out=None,
    params: AutomaticParams = DEFAULT_PARAMS,
) -> AutomaticResult:
    """``run_automatic`` on an already built vote matrix."""
    previous = _coerce_state(state)
    out_ids = np.zeros(0, dtype=np.int64) if moderated_out is None else moderated_out
    out_mask = np.isin(matrix.comments, np.asarray(list(out_ids), dtype=np.int64))
    no_in_conv = np.zeros(matrix.n_participants, dtype=bool)

    if matrix.n_votes == 0:
        return _waiting(matrix, out_mask, "no-votes", previous, None, no_in_conv)
    active = ~out_mask
    if not active.any():
        return _waiting(matrix, out_mask, "all-moderated-out", previous, None, no_in_conv)
    if not (matrix.choices[active[matrix.cols]] != 0).any():
        return _waiting(matrix, out_mask, "only-skips", previous, None, no_in_conv)

    sticky = np.isin(matrix.participants, np.asarray(previous.in_conv, dtype=np.int64))
    in_conv = admit(
        matrix.votes_per_participant,
        matrix.n_comments,
        sticky,
        min_votes=params.min_votes,
        min_participants=params.min_participants,
    )
    previous_components = None
    if previous.components:
        cols = _previous_labels(
            matrix.comments, previous.comments, np.arange(len(previous.comments))
        )
        old = np.asarray(previous.components, dtype=float)
        previous_components = np.where(cols >= 0, old[:, np.maximum(cols, 0)], 0.0)
    projection = project(matrix, out_mask, seed=seed, previous=previous_components)

    if int(active.sum()) < 2:
        return _waiting(matrix, out_mask, "too-few-comments", previous, projection, in_conv)
    if int(in_conv.sum()) < 2:
        return _waiting(matrix, out_mask, "too-few-participants", previous, projection, in_conv)

    member_rows = np.flatnonzero(in_conv)
    points = projection.participant_xy[member_rows]
    member_ids = matrix.participants[member_rows]
    old_base = _previous_labels(member_ids, previous.in_conv, previous.base_labels)
    base = base_clusters(
        points,
        old_base,
        k=params.base_k,
        max_iter=params.base_iterations,
        tol=params.tolerance,
    )
    base_order = np.argsort(base.ids)
    base_ids = base.ids[base_order]
    base_centers = base.centers[base_order]
    base_sizes = base.weights[base_order]
    if len(base_ids) < 2 or count_distinct(base_centers) < 2:
        return _waiting(matrix, out_mask, "single-opinion", previous, projection, in_conv)

    k_max = max_groups(len(base_ids), params.max_k)
    clusterings: dict[int, Clustering] = {}
    scores: dict[int, float] = {}
    for k in range(2, k_max + 1):
        memory = previous.groups.get(k)
        old_groups = None
        if memory is not None:
            old_groups = _previous_labels(base_ids, memory.base_ids, memory.group_ids)
        clustering = group_clusters(
            base_centers,
            base_sizes,
            k,
            old_groups,
            max_iter=params.group_iterations,
            tol=params.tolerance,
            restarts=params.group_restarts,
            seed=seed,
        )
        clusterings[k] = clustering
        weights = base_sizes if params.weighted_silhouette else None
        scores[k] = silhouette(base_centers, clustering.labels, weights)
    best_k = max(scores, key=lambda k: (scores[k], k))  # ties go to the larger k
    shown_k, streak = smooth_k(best_k, previous, k_max, params.k_streak)
    chosen = clusterings[shown_k]

    # participant → base cluster → group
    base_position = np.empty(len(base.ids), dtype=np.int64)
    base_position[base_order] = np.arange(len(base_ids))
    member_groups = chosen.ids[chosen.labels][base_position[base.labels]]
    labels = np.full(matrix.n_participants, NO_GROUP, dtype=np.int64)
    labels[member_rows] = member_groups

    new_state = AutomaticState(
        runs=previous.runs + 1,
        in_conv=tuple(member_ids.tolist()),
        base_labels=tuple(base.ids[base.labels].tolist()),
        comments=tuple(matrix.comments.tolist()),
        components=tuple(tuple(row) for row in projection.components.tolist()),
        groups={
            k: GroupMemory(tuple(base_ids.tolist()), tuple(c.ids[c.labels].tolist()))
            for k, c in clusterings.items()
        },
        smoothed_k=shown_k,
        best_k=best_k,
        best_k_streak=streak,
    )
    group_ids = np.sort(chosen.ids)
    fields = summarize(
        matrix,
        out_mask,
        labels,
        group_ids,
        positions=projection.participant_xy,
        comment_positions=projection.comment_xy,
        extremity=projection.extremity,
    )
    return AutomaticResult(
        method=METHOD,
        status=ACTIVE,
        reason="",
        reason_code="",
        state=new_state,
        in_conv=in_conv,
        silhouettes=scores,
        best_k=best_k,
        **fields,
    )


__all__ = [
    "AutomaticParams",
    "DEFAULT_PARAMS",
    "admit",
    "base_clusters",
    "group_clusters",
    "max_groups",
    "run_automatic",
    "run_automatic_matrix",
    "smooth_k",
]

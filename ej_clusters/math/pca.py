"""Mean-imputed PCA of the vote matrix and the Pol.is projections (polis-math §1.5–1.7).

Filling every missing cell with its column mean and then centring the columns gives a matrix
that is zero wherever a vote is missing: the centred, mean-imputed matrix has exactly the sparsity
structure of the votes, with value (vote − column mean) on each voted cell. PCA is therefore run
on a sparse matrix through matrix–vector products, never densified.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .votes import VoteMatrix

N_COMPONENTS = 2
_DENSE_LIMIT = 400_000  # cells; below this a dense SVD is cheap and exact


@dataclass(frozen=True, eq=False)
class Projection:
    """PCA of a conversation and where it puts participants and comments on the map."""

    center: np.ndarray  # (m,) column means, 0 for moderated-out columns
    components: np.ndarray  # (2, m) principal axes (unit rows; a zero row if rank < 2)
    participant_xy: np.ndarray  # (n, 2) sparsity-scaled participant positions
    comment_xy: np.ndarray  # (m, 2) position of a virtual participant who agreed with one comment
    extremity: np.ndarray  # (m,) distance of that position from the origin


def column_means(matrix: VoteMatrix, moderated_out: np.ndarray) -> np.ndarray:
    """Mean vote of each comment over those who voted (skips count as 0); 0 when moderated out."""
    sums = np.bincount(matrix.cols, weights=matrix.choices, minlength=matrix.n_comments)
    counts = matrix.votes_per_comment
    means = np.divide(sums, counts, out=np.zeros(matrix.n_comments), where=counts > 0)
    means[moderated_out] = 0.0
    return means


def centred_matrix(
    matrix: VoteMatrix, center: np.ndarray, moderated_out: np.ndarray
) -> sp.csr_array:
    """The mean-imputed, centred matrix: (vote − mean) on voted cells, 0 elsewhere and on
    moderated-out columns."""
    values = matrix.choices - center[matrix.cols]
    values[moderated_out[matrix.cols]] = 0.0
    return matrix.sparse(values)


def _canonical_signs(components: np.ndarray) -> np.ndarray:
    """Make the largest-magnitude entry of each component positive (a deterministic choice)."""
    out = components.copy()
    for row in out:
        if row.any() and row[np.argmax(np.abs(row))] < 0:
            row *= -1
    return out


def align_signs(components: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    """Flip each component whose dot product with the previous run's is negative.

    ``previous`` must already be laid out on the current columns (zeros for new comments).
    Without a usable previous component the canonical sign is kept.
    """
    if previous is None:
        return components
    out = components.copy()
    for i in range(min(len(out), len(previous))):
        if float(out[i] @ previous[i]) < 0:
            out[i] *= -1
    return out


def principal_components(
    centred: sp.csr_array, *, seed: int = 0, start: np.ndarray | None = None
) -> np.ndarray:
    """Top-2 right singular vectors of the centred matrix, as a (2, m) array.

    Components beyond the matrix rank are zero rows. Small matrices use a dense SVD; large ones
    the Lanczos method (ARPACK) on Xᵀ X through sparse products, started from ``start`` (the
    previous run's first component) or a seeded random vector. Both are deterministic.
    """
    n, m = centred.shape
    components = np.zeros((N_COMPONENTS, m))
    if n == 0 or m == 0 or not centred.count_nonzero():
        return components
    if n * m <= _DENSE_LIMIT or min(n, m) <= N_COMPONENTS + 1:
        _, singular, vt = np.linalg.svd(centred.toarray(), full_matrices=False)
    else:
        transposed = centred.T.tocsr()

        def gram(v):
            return transposed @ (centred @ v)

        operator = spla.LinearOperator((m, m), matvec=gram, dtype=np.float64)
        if start is None or not np.any(start):
            start = np.random.default_rng(seed).standard_normal(m)
        try:
            values, vectors = spla.eigsh(operator, k=N_COMPONENTS, v0=start, tol=1e-10)
        except spla.ArpackNoConvergence:
            values, vectors = _subspace_iteration(gram, m, start)
        order = np.argsort(values)[::-1]
        singular = np.sqrt(np.clip(values[order], 0.0, None))
        vt = vectors[:, order].T
    rank_tol = max(n, m) * np.finfo(float).eps * (singular[0] if len(singular) else 0.0)
    for i in range(min(N_COMPONENTS, len(singular))):
        if singular[i] > rank_tol:
            components[i] = vt[i]
    return _canonical_signs(components)


def _subspace_iteration(gram, m: int, start: np.ndarray, iterations: int = 300):
    """Block power iteration with Rayleigh–Ritz, a slower fallback should ARPACK not converge
    (it is the method Pol.is uses, with a larger block and more iterations)."""
    block = 8 if m > 8 else m
    rng = np.random.default_rng(0)
    basis = np.column_stack([start, rng.standard_normal((m, block - 1))])
    basis, _ = np.linalg.qr(basis)
    for _ in range(iterations):
        basis, _ = np.linalg.qr(np.column_stack([gram(basis[:, i]) for i in range(block)]))
    projected = basis.T @ np.column_stack([gram(basis[:, i]) for i in range(block)])
    values, vectors = np.linalg.eigh((projected + projected.T) / 2)
    top = np.argsort(values)[::-1][:N_COMPONENTS]
    return values[top], basis @ vectors[:, top]


def project_participants(
    matrix: VoteMatrix,
    centred: sp.csr_array,
    components: np.ndarray,
    moderated_out: np.ndarray,
) -> np.ndarray:
    """Sparsity-aware projection (§1.6): the mean-imputed projection of each participant scaled
    by sqrt(n_comments / n_cells_voted), so sparse voters are not piled up at the origin.

    Moderated-out columns count as voted for everyone (Pol.is zeroes them for every row).
    """
    raw = centred @ components.T
    votes_on_active = np.bincount(
        matrix.rows[~moderated_out[matrix.cols]], minlength=matrix.n_participants
    )
    seen = votes_on_active + int(moderated_out.sum())
    scale = np.sqrt(matrix.n_comments / np.maximum(seen, 1))
    return raw * scale[:, None]


def project_comments(center: np.ndarray, components: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position of a virtual participant who agreed with one comment only, and its distance
    from the origin (the comment's "extremity", §1.7), in agree = +1 coding."""
    m = len(center)
    xy = (np.sqrt(m) * (1.0 - center))[:, None] * components.T
    return xy, np.sqrt((xy**2).sum(axis=1))


def project(
    matrix: VoteMatrix,
    moderated_out: np.ndarray,
    *,
    seed: int = 0,
    previous: np.ndarray | None = None,
) -> Projection:
    """Run the whole PCA step. ``previous`` is the last run's components laid out on the current
    columns; it warm-starts the solver and fixes the signs so the map does not flip."""
    center = column_means(matrix, moderated_out)
    centred = centred_matrix(matrix, center, moderated_out)
    start = previous[0] if previous is not None else None
    components = principal_components(centred, seed=seed, start=start)
    components = align_signs(components, previous)
    participant_xy = project_participants(matrix, centred, components, moderated_out)
    comment_xy, extremity = project_comments(center, components)
    return Projection(center, components, participant_xy, comment_xy, extremity)

import numpy as np
import pytest
from sklearn.decomposition import PCA

from ej_clusters.math import pca
from ej_clusters.math.votes import build_vote_matrix

from .conftest import planted_votes


def imputed_dense(matrix, moderated_out):
    """Pol.is's matrix the slow way: NaN for missing, mod-out columns zeroed for every row,
    then every missing cell filled with its column mean."""
    dense = np.full(matrix.shape, np.nan)
    dense[matrix.rows, matrix.cols] = matrix.choices
    dense[:, moderated_out] = 0.0
    means = np.nanmean(dense, axis=0)
    return np.where(np.isnan(dense), means, dense), dense


def test_hand_computed_projection():
    # 3 participants, 2 comments; participant 30 did not vote on comment 2
    m = build_vote_matrix([10, 10, 20, 20, 30], [1, 2, 1, 2, 1], [1, 1, -1, -1, 1])
    out = np.zeros(2, dtype=bool)
    center = pca.column_means(m, out)
    np.testing.assert_allclose(center, [1 / 3, 0.0])
    centred = pca.centred_matrix(m, center, out).toarray()
    np.testing.assert_allclose(centred, [[2 / 3, 1], [-4 / 3, -1], [2 / 3, 0]])
    components = np.array([[1.0, 0.0], [0.0, 1.0]])  # axes chosen by hand
    xy = pca.project_participants(m, pca.centred_matrix(m, center, out), components, out)
    # participant 30 voted on 1 of 2 comments: scaled by sqrt(2 / 1)
    np.testing.assert_allclose(xy, [[2 / 3, 1], [-4 / 3, -1], [np.sqrt(2) * 2 / 3, 0]])
    comment_xy, extremity = pca.project_comments(center, components)
    # a virtual participant agreeing with comment 1 only: sqrt(2) * (1 - 1/3) on axis 1
    np.testing.assert_allclose(comment_xy, [[np.sqrt(2) * 2 / 3, 0], [0, np.sqrt(2)]])
    np.testing.assert_allclose(extremity, [np.sqrt(2) * 2 / 3, np.sqrt(2)])


def test_moderated_out_columns_count_as_seen_but_add_nothing():
    m = build_vote_matrix([1, 1, 2, 2, 3], [1, 2, 1, 2, 1], [1, 1, -1, 1, 1])
    out = np.array([False, True])
    center = pca.column_means(m, out)
    assert center[1] == 0.0
    centred = pca.centred_matrix(m, center, out)
    assert not centred.toarray()[:, 1].any()
    components = np.array([[1.0, 0.0], [0.0, 0.0]])
    xy = pca.project_participants(m, centred, components, out)
    # everyone "saw" the mod-out column: scale sqrt(2 / 2) = 1 for all three
    np.testing.assert_allclose(xy[:, 0], centred.toarray()[:, 0])


@pytest.mark.parametrize("shape", [(60, 12), (900, 500)])  # dense SVD and Lanczos paths
def test_components_span_the_same_plane_as_sklearn_pca(shape):
    n, m = shape
    p, c, v, _ = planted_votes(n=n, m=m, density=0.3, seed=3)
    matrix = build_vote_matrix(p, c, v)
    out = np.zeros(matrix.n_comments, dtype=bool)
    out[0] = True
    projection = pca.project(matrix, out)
    imputed, _ = imputed_dense(matrix, out)
    reference = PCA(2, svd_solver="full").fit(imputed)
    np.testing.assert_allclose(projection.center, reference.mean_, atol=1e-12)
    for mine, theirs in zip(projection.components, reference.components_, strict=True):
        assert abs(abs(mine @ theirs) - 1) < 1e-8


def test_projection_is_pca_transform_scaled_by_sparsity():
    p, c, v, _ = planted_votes(n=80, m=10, density=0.5, seed=4)
    matrix = build_vote_matrix(p, c, v)
    out = np.zeros(matrix.n_comments, dtype=bool)
    projection = pca.project(matrix, out)
    imputed, dense = imputed_dense(matrix, out)
    raw = (imputed - projection.center) @ projection.components.T
    scale = np.sqrt(matrix.n_comments / (~np.isnan(dense)).sum(axis=1))
    np.testing.assert_allclose(projection.participant_xy, raw * scale[:, None], atol=1e-12)


def test_signs_follow_the_previous_run():
    p, c, v, _ = planted_votes(n=80, m=10, seed=5)
    matrix = build_vote_matrix(p, c, v)
    out = np.zeros(matrix.n_comments, dtype=bool)
    first = pca.project(matrix, out)
    flipped = -first.components
    again = pca.project(matrix, out, previous=flipped)
    np.testing.assert_allclose(again.components, flipped, atol=1e-10)
    np.testing.assert_allclose(again.participant_xy, -first.participant_xy, atol=1e-10)


def test_rank_one_matrix_has_a_zero_second_component():
    m = build_vote_matrix([1, 1, 2, 2], [1, 2, 1, 2], [1, 1, -1, -1])
    projection = pca.project(m, np.zeros(2, dtype=bool))
    assert np.linalg.norm(projection.components[0]) == pytest.approx(1)
    assert not projection.components[1].any()


def test_falls_back_to_subspace_iteration_when_arpack_does_not_converge(monkeypatch):
    import scipy.sparse.linalg as spla

    p, c, v, _ = planted_votes(n=900, m=500, density=0.3, seed=3)
    matrix = build_vote_matrix(p, c, v)
    out = np.zeros(matrix.n_comments, dtype=bool)
    expected = pca.project(matrix, out).components

    def refuse(*args, **kwargs):
        raise spla.ArpackNoConvergence("no", np.zeros(0), np.zeros((500, 0)))

    monkeypatch.setattr(spla, "eigsh", refuse)
    fallback = pca.project(matrix, out).components
    for mine, theirs in zip(fallback, expected, strict=True):
        assert abs(abs(mine @ theirs) - 1) < 1e-6

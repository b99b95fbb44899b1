import numpy as np
import pytest
from sklearn.metrics import silhouette_score

from ej_clusters.math import kmeans
from ej_clusters.math.automatic import base_clusters, group_clusters, max_groups
from ej_clusters.math.silhouette import silhouette


def test_first_distinct_keeps_row_order():
    points = np.array([[3, 3], [1, 1], [3, 3], [0, 0], [1, 1], [2, 2]], dtype=float)
    assert kmeans.first_distinct(points, 3).tolist() == [0, 1, 3]
    assert kmeans.first_distinct(points, 10).tolist() == [0, 1, 3, 5]


def test_lloyd_hand_computed():
    points = np.array([[0, 0], [0, 1], [10, 0], [10, 2]], dtype=float)
    weights = np.array([1, 3, 1, 1], dtype=float)
    result = kmeans.lloyd(points, points[[0, 2]], np.array([7, 9]), weights)
    assert result.ids.tolist() == [7, 9]
    assert result.labels.tolist() == [0, 0, 1, 1]
    np.testing.assert_allclose(result.centers, [[0, 0.75], [10, 1]])  # weighted means
    np.testing.assert_allclose(result.weights, [4, 2])


def test_lloyd_drops_empty_clusters():
    points = np.array([[0, 0], [0, 1], [1, 0]], dtype=float)
    result = kmeans.lloyd(points, np.array([[0, 0], [50, 50]]), np.array([0, 1]))
    assert result.ids.tolist() == [0]
    assert result.labels.tolist() == [0, 0, 0]


def test_exact_ties_go_to_the_later_centre():
    labels, distances = kmeans.nearest(np.array([[0.0, 0.0]]), np.array([[1.0, 0], [-1.0, 0]]))
    assert labels.tolist() == [1]
    assert distances.tolist() == [1.0]


def test_clean_start_recentres_merges_and_splits():
    points = np.array([[0, 0], [0, 2], [5, 5], [5, 5], [9, 9]], dtype=float)
    weights = np.ones(5)
    # old clusters: 3 -> points 0, 1; 4 -> point 2; 8 -> point 3 (same place as 4); 9 gone
    previous_labels = np.array([3, 3, 4, 8, -1])
    previous_ids = np.array([3, 4, 8, 9])
    centers, ids = kmeans.clean_start(points, weights, previous_ids, previous_labels, k=3)
    # 3 recentred at (0, 1); 4 and 8 merged (equal centres, equal sizes: the first kept); then
    # the farthest point (9, 9) split off with id 5 (the largest live id + 1)
    assert ids.tolist() == [3, 4, 5]
    np.testing.assert_allclose(centers, [[0, 1], [5, 5], [9, 9]])


def test_silhouette_matches_sklearn_unweighted_and_weighted():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(40, 2))
    labels = rng.integers(0, 3, 40)
    labels[0] = 7  # a singleton scores 0
    assert silhouette(points, labels) == pytest.approx(silhouette_score(points, labels))
    weights = rng.integers(1, 5, 40)
    expanded = silhouette_score(np.repeat(points, weights, axis=0), np.repeat(labels, weights))
    assert silhouette(points, labels, weights) == pytest.approx(expanded)


def test_silhouette_of_a_single_group_is_zero():
    assert silhouette(np.zeros((3, 2)), np.zeros(3)) == 0.0


@pytest.mark.parametrize(
    ("n_base", "k"), [(2, 2), (11, 2), (12, 3), (23, 3), (24, 4), (35, 4), (36, 5), (100, 5)]
)
def test_max_groups_follows_the_base_cluster_count(n_base, k):
    assert max_groups(n_base) == k


def test_base_clusters_cold_start_with_few_points_keeps_every_distinct_point():
    points = np.array([[0, 0], [1, 1], [0, 0], [2, 2]], dtype=float)
    clustering = base_clusters(points, k=100)
    assert len(clustering.ids) == 3
    assert clustering.labels[0] == clustering.labels[2]


def test_base_clusters_warm_start_keeps_ids():
    rng = np.random.default_rng(1)
    points = np.concatenate([rng.normal(0, 0.1, (20, 2)), rng.normal(5, 0.1, (20, 2))])
    first = base_clusters(points, k=2)
    previous = first.ids[first.labels] + 40  # pretend the previous run numbered them 40, 41
    again = base_clusters(points + 0.01, previous, k=2)
    assert sorted(again.ids.tolist()) == [40, 41]
    assert ((again.ids[again.labels] - 40) == first.ids[first.labels]).all()


def test_group_clusters_restarts_never_worsen_the_fit():
    rng = np.random.default_rng(2)
    centers = rng.normal(size=(30, 2))
    sizes = rng.integers(1, 20, 30).astype(float)

    def inertia(c):
        return float((sizes * ((centers - c.centers[c.labels]) ** 2).sum(axis=1)).sum())

    plain = group_clusters(centers, sizes, 3)
    restarted = group_clusters(centers, sizes, 3, restarts=5, seed=1)
    assert inertia(restarted) <= inertia(plain) + 1e-12

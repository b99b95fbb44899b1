import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ej_clusters.math.votes import build_vote_matrix, factorize


def dense(matrix):
    """The matrix as a dense float array with NaN for missing cells."""
    out = np.full(matrix.shape, np.nan)
    out[matrix.rows, matrix.cols] = matrix.choices
    return out


def test_rows_and_columns_are_sorted_ids_and_skips_are_kept():
    m = build_vote_matrix([30, 10, 10, 20], [7, 5, 7, 5], [1, 0, -1, 1])
    assert m.participants.tolist() == [10, 20, 30]
    assert m.comments.tolist() == [5, 7]
    expected = [[0, -1], [1, np.nan], [np.nan, 1]]
    np.testing.assert_array_equal(dense(m), expected)
    assert m.n_votes == 4  # the skip is a stored cell, not a missing one
    assert m.votes_per_participant.tolist() == [2, 1, 1]
    assert m.votes_per_comment.tolist() == [2, 2]
    assert m.sparse().nnz == 4


def test_latest_vote_wins_in_input_order():
    m = build_vote_matrix([1, 1, 1], [2, 2, 2], [1, -1, 0])
    assert m.choices.tolist() == [0]


def test_latest_vote_wins_by_time_whatever_the_order():
    m = build_vote_matrix([1, 1, 1, 2], [2, 2, 2, 2], [1, -1, 0, 1], times=[30, 10, 20, 5])
    assert dense(m).tolist() == [[1.0], [1.0]]


def test_equal_times_fall_back_to_input_order():
    m = build_vote_matrix([1, 1], [2, 2], [1, -1], times=[5, 5])
    assert m.choices.tolist() == [-1]


def test_empty_input():
    m = build_vote_matrix([], [], [])
    assert m.shape == (0, 0) and m.n_votes == 0


@pytest.mark.parametrize("bad", [[2], [-3], [0.5]])
def test_invalid_choices_are_rejected(bad):
    with pytest.raises(ValueError):
        build_vote_matrix([1], [1], bad)


def test_mismatched_lengths_are_rejected():
    with pytest.raises(ValueError):
        build_vote_matrix([1, 2], [1], [1])


@pytest.mark.parametrize(
    "values",
    [
        [5, 3, 5, 9, 3],  # small range: lookup table
        [10**12, 3, 10**12, -(10**9)],  # wide range: packed sort
        [2**62, -(2**62), 0],  # too wide to pack: numpy fallback
    ],
)
def test_factorize_matches_numpy_unique(values):
    uniques, inverse = factorize(np.array(values, dtype=np.int64))
    expected_uniques, expected_inverse = np.unique(values, return_inverse=True)
    assert uniques.tolist() == expected_uniques.tolist()
    assert inverse.tolist() == expected_inverse.tolist()


votes = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 5), st.integers(-1, 1)), min_size=1, max_size=40
)


@settings(max_examples=40, deadline=None)
@given(votes, st.randoms(use_true_random=False))
def test_vote_order_does_not_matter_when_times_are_given(rows, random):
    p, c, v = (np.array(x) for x in zip(*rows, strict=True))
    times = np.arange(len(rows))
    reference = build_vote_matrix(p, c, v, times)
    order = list(range(len(rows)))
    random.shuffle(order)
    shuffled = build_vote_matrix(p[order], c[order], v[order], times[order])
    assert shuffled.participants.tolist() == reference.participants.tolist()
    np.testing.assert_array_equal(dense(shuffled), dense(reference))
    # and it is the plain "last one wins" pivot
    expected = {}
    for pid, cid, choice in rows:
        expected[(pid, cid)] = choice
    got = {
        (int(reference.participants[r]), int(reference.comments[col])): int(choice)
        for r, col, choice in zip(reference.rows, reference.cols, reference.choices, strict=True)
    }
    assert got == expected

"""The exact formulas of polis-math §1.10–1.14 and EJ's figures, on hand-computed cases."""

from math import sqrt

import numpy as np
import pytest

from ej_clusters.math.automatic import admit
from ej_clusters.math.consensus import consensus, group_informed_consensus
from ej_clusters.math.figures import comment_figures
from ej_clusters.math.priority import UNSEEN_PRIORITY, comment_priority
from ej_clusters.math.proportions import prop_test, smoothed_proportion, two_prop_test
from ej_clusters.math.repness import repness_table, select_representative
from ej_clusters.math.tallies import Tallies, group_tallies, population_tallies
from ej_clusters.math.votes import build_vote_matrix
from ej_clusters.polis_export import read_export

from .conftest import POLIS


def tallies(agree, disagree, seen):
    return Tallies(np.array(agree), np.array(disagree), np.array(seen))


def test_proportions_and_tests():
    assert smoothed_proportion(8, 10) == pytest.approx(9 / 12)
    assert prop_test(8, 10) == pytest.approx(2 * sqrt(11) * (9 / 11 - 0.5))
    # two-proportion test with a pseudo-count on each count: 9/11 vs 3/11, pooled 12/22
    pooled = 12 / 22
    z = (9 / 11 - 3 / 11) / sqrt(pooled * (1 - pooled) * (2 / 11))
    assert two_prop_test(8, 2, 10, 10) == pytest.approx(z)
    assert two_prop_test(5, 5, 4, 4) == 0.0  # pooled proportion 1: no variance


def test_tallies_count_agree_disagree_and_seen_per_group():
    m = build_vote_matrix([1, 1, 2, 2, 3, 4], [1, 2, 1, 2, 1, 1], [1, 0, -1, 1, 1, 1])
    labels = np.array([0, 0, 1, -1])  # participant 4 is not grouped
    t = group_tallies(m, labels, 2)
    assert t.agree.tolist() == [[1, 1], [1, 0]]
    assert t.disagree.tolist() == [[1, 0], [0, 0]]
    assert t.seen.tolist() == [[2, 2], [1, 0]]
    everyone = population_tallies(m)
    assert everyone.agree.tolist() == [3, 1] and everyone.seen.tolist() == [4, 2]


def test_repness_table_hand_computed():
    # group 0: 8 agree, 1 disagree out of 10; group 1 (the rest): 2 agree, 7 disagree out of 10
    t = repness_table(tallies([[8], [2]], [[1], [7]], [[10], [10]]))
    assert t.pa[0, 0] == pytest.approx(9 / 12)
    assert t.ra[0, 0] == pytest.approx((9 / 12) / (3 / 12))
    assert t.rd[0, 0] == pytest.approx((2 / 12) / (8 / 12))
    assert t.rat[0, 0] == pytest.approx(float(two_prop_test(8, 2, 10, 10)))
    assert t.rdt[1, 0] == pytest.approx(float(two_prop_test(7, 1, 10, 10)))
    assert t.pdt[1, 0] == pytest.approx(2 * sqrt(11) * (8 / 11 - 0.5))


def test_representative_comments_selection():
    # comment 0: group 0 agrees, group 1 disagrees (sufficient for both groups)
    # comment 1: everybody agrees (not representative of either)
    # comment 2: group 0 mildly agrees more than the rest (not significant)
    # comment 3: moderated out, although strongly representative
    agree = [[18, 19, 6, 20], [1, 18, 4, 0]]
    disagree = [[1, 1, 4, 0], [18, 1, 6, 20]]
    seen = [[20, 20, 12, 20], [20, 20, 12, 20]]
    table = repness_table(tallies(agree, disagree, seen))
    ids = np.array([100, 101, 102, 103])
    out = np.array([False, False, False, True])
    group0 = select_representative(table, 0, ids, out)
    assert [(r.comment, r.direction, r.best_agree) for r in group0] == [(100, "agree", True)]
    assert group0[0].n_success == 18 and group0[0].n_trials == 20
    assert group0[0].p_success == pytest.approx(19 / 22)
    group1 = select_representative(table, 1, ids, out)
    # Pol.is quirk kept: group 1's "best agree" comment is 101 (18 of 20 agree, significant) but
    # it is finalised in the direction where it beats the rest, here disagree (1 vs 1 of 20)
    assert [(r.comment, r.direction, r.best_agree) for r in group1] == [
        (101, "disagree", True),
        (100, "disagree", False),
    ]
    assert group1[1].repness == pytest.approx((19 / 22) / (2 / 22))


def test_representative_falls_back_to_best_when_nothing_is_significant():
    table = repness_table(tallies([[1, 1], [1, 1]], [[1, 0], [0, 1]], [[2, 2], [2, 2]]))
    chosen = select_representative(table, 0, np.array([5, 6]), np.zeros(2, dtype=bool))
    assert len(chosen) == 1


def test_representative_list_caps_at_five_and_puts_agree_first():
    n = 8
    agree = [[19] * 4 + [0] * 4, [0] * n]
    disagree = [[0] * 4 + [19] * 4, [19] * 4 + [0] * 4]
    seen = [[20] * n, [20] * n]
    table = repness_table(tallies(agree, disagree, seen))
    chosen = select_representative(table, 0, np.arange(n), np.zeros(n, dtype=bool))
    assert len(chosen) == 5
    directions = [r.direction for r in chosen]
    assert directions == sorted(directions)  # "agree" < "disagree"
    assert chosen[0].best_agree


def test_consensus_lists():
    everyone = tallies([90, 10, 50, 2], [5, 85, 45, 1], [100, 100, 100, 3])
    result = consensus(everyone, np.array([1, 2, 3, 4]), np.zeros(4, dtype=bool))
    assert [c.comment for c in result.agree] == [1]
    assert [c.comment for c in result.disagree] == [2]
    assert result.agree[0].p_success == pytest.approx(91 / 102)
    assert result.agree[0].p_test == pytest.approx(2 * sqrt(101) * (91 / 101 - 0.5))
    excluded = consensus(everyone, np.array([1, 2, 3, 4]), np.array([True, False, False, False]))
    assert excluded.agree == []


def test_group_informed_consensus_hand_computed():
    groups = tallies([[3, 0], [1, 2]], [[0, 1], [1, 0]], [[4, 1], [2, 3]])
    expected = [(4 / 6) * (2 / 4), (1 / 3) * (3 / 5)]
    np.testing.assert_allclose(group_informed_consensus(groups), expected)


def test_group_informed_consensus_reproduces_polis_on_bg2050():
    """comments.csv of bg2050-volunteers carries the value Pol.is computed for each comment;
    recomputing it from the latest votes and Pol.is's group-id gives the same numbers."""
    export = read_export(POLIS / "bg2050-volunteers")
    matrix = build_vote_matrix(
        export.votes_participant, export.votes_comment, export.votes_choice, export.votes_time
    )
    labels = np.array([export.polis_groups.get(int(p), -1) for p in matrix.participants])
    gic = group_informed_consensus(group_tallies(matrix, labels, labels.max() + 1))
    cols = matrix.column_index(export.comment_ids)
    assert (cols >= 0).all() and len(cols) == 371
    np.testing.assert_allclose(gic[cols], export.comment_gic, rtol=0, atol=1e-12)


def test_priority_hand_computed():
    t = tallies([3, 0], [1, 0], [5, 0])
    priority = comment_priority(t, np.array([0.5, 0.0]))
    p_pass, p_agree = 2 / 7, 4 / 7
    expected = ((1 - p_pass) * 1.5 * p_agree * (1 + 8 * 2 ** (-1))) ** 2
    assert priority[0] == pytest.approx(expected)
    assert priority[1] == pytest.approx(UNSEEN_PRIORITY) == pytest.approx((9 / 4) ** 2)


def test_ej_figures():
    figures = comment_figures(tallies([6, 2, 0], [2, 2, 0], [10, 5, 0]), 20)
    np.testing.assert_allclose(figures.convergence, [0.5, 0.0, 0.0])
    np.testing.assert_allclose(figures.participation, [0.5, 0.25, 0.0])
    assert figures.skip.tolist() == [2, 1, 0]
    per_group = comment_figures(tallies([[1], [3]], [[1], [0]], [[2], [4]]), [4, 8])
    np.testing.assert_allclose(per_group.participation, [[0.5], [0.5]])


def test_admission_threshold_top_up_and_stickiness():
    counts = np.array([9, 1, 7, 2, 3])
    assert admit(counts, 40, min_participants=0).tolist() == [True, False, True, False, False]
    # only 2 comments: min(7, 2) = 2 votes are enough
    assert admit(counts, 2, min_participants=0).tolist() == [True, False, True, True, True]
    # top up to 3 with the top voter (3 votes)
    assert admit(counts, 40, min_participants=3).tolist() == [True, False, True, False, True]
    sticky = np.array([False, True, False, False, False])
    assert admit(counts, 40, sticky, min_participants=0)[1]

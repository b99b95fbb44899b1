import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from ej_clusters.math import (
    ACTIVE,
    REASONS,
    WAITING,
    AutomaticParams,
    AutomaticState,
    StateError,
    run_automatic,
)
from ej_clusters.math.automatic import smooth_k

from .conftest import planted_votes


def snapshot(result):
    """Everything a caller stores, as JSON text (so equality is exact)."""
    return json.dumps([result.to_dict(), result.state.to_dict()], sort_keys=True)


def test_planted_groups_are_found(planted):
    p, c, v, membership = planted
    result = run_automatic(p, c, v)
    assert result.status == ACTIVE and result.reason == result.reason_code == ""
    assert result.k == 3
    grouped = result.labels >= 0
    assert grouped.tolist() == (result.in_conv).tolist()
    counts = np.bincount(np.searchsorted(result.participants, p))
    assert grouped.tolist() == (counts >= 7).tolist()  # over 15 people have 7 votes or more
    truth = membership[result.participants[grouped]]
    assert adjusted_rand_score(truth, result.labels[grouped]) > 0.9
    assert sum(g.size for g in result.groups) == grouped.sum()
    assert all(g.representative for g in result.groups)
    assert result.group_votes.agree.shape == (3, 24)
    assert np.isfinite(result.group_informed_consensus).all()
    assert (result.priority > 0).all()
    assert set(result.silhouettes) == {2, 3, 4, 5}
    assert result.best_k == 3


def test_same_input_and_seed_give_the_same_output(planted):
    p, c, v, _ = planted
    assert snapshot(run_automatic(p, c, v, seed=3)) == snapshot(run_automatic(p, c, v, seed=3))


def test_result_and_state_are_json_serializable(planted):
    p, c, v, _ = planted
    result = run_automatic(p, c, v)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["k"] == 3 and len(data["comments"]) == 24
    state = AutomaticState.from_dict(json.loads(json.dumps(result.state.to_dict())))
    assert state == result.state


def test_state_carries_over_and_keeps_groups_stable(planted):
    p, c, v, _ = planted
    first = run_automatic(p[:4000], c[:4000], v[:4000])
    second = run_automatic(p, c, v, state=first.state.to_dict())
    assert second.state.runs == 2
    # sticky admission: everyone admitted before is still in
    assert set(first.state.in_conv) <= set(second.state.in_conv)
    # the map keeps its orientation: components point the same way as before
    old = dict(zip(first.state.comments, np.array(first.state.components).T, strict=True))
    now = dict(zip(second.state.comments, np.array(second.state.components).T, strict=True))
    shared = sorted(set(old) & set(now))
    dots = (np.array([old[c] for c in shared]) * np.array([now[c] for c in shared])).sum(axis=0)
    assert (dots > 0).all()
    # warm-started group ids still name the same people
    before, after = first.group_of(), second.group_of()
    common = sorted(set(before) & set(after))
    assert adjusted_rand_score([before[i] for i in common], [after[i] for i in common]) > 0.9
    same = np.mean([before[i] == after[i] for i in common])
    assert same > 0.9


def test_k_smoother_needs_four_wins_in_a_row():
    state = AutomaticState(smoothed_k=2, best_k=3, best_k_streak=2)
    assert smooth_k(3, state, 5) == (2, 3)
    assert smooth_k(3, AutomaticState(smoothed_k=2, best_k=3, best_k_streak=3), 5) == (3, 4)
    assert smooth_k(4, state, 5) == (2, 1)
    assert smooth_k(4, AutomaticState(), 5) == (4, 1)  # the first run accepts at once
    assert smooth_k(2, AutomaticState(smoothed_k=5, best_k=2, best_k_streak=1), 3) == (3, 2)


def test_unreadable_state_is_ignored(planted):
    p, c, v, _ = planted
    cold = run_automatic(p, c, v)
    for state in ({"version": 99}, {"version": 1, "runs": "x"}):
        with pytest.raises(StateError):
            AutomaticState.from_dict(state)
        assert run_automatic(p, c, v, state=state).labels.tolist() == cold.labels.tolist()


def test_admission_only_state_adds_participants():
    p, c, v, _ = planted_votes(n=60, m=20, density=0.6, seed=9)
    few = p == 0
    p, c, v = p[~few | (c < 2)], c[~few | (c < 2)], v[~few | (c < 2)]  # participant 0: 2 votes
    assert not run_automatic(p, c, v).in_conv[0]
    forced = run_automatic(p, c, v, state=AutomaticState.admitted([0]))
    assert forced.in_conv[0] and forced.labels[0] >= 0


def test_moderated_out_comments_are_not_representative_nor_in_consensus(planted):
    p, c, v, _ = planted
    result = run_automatic(p, c, v, moderated_out=[0, 1, 2])
    assert result.is_active
    listed = {r.comment for g in result.groups for r in g.representative}
    listed |= {x.comment for x in result.consensus.agree + result.consensus.disagree}
    assert not listed & {0, 1, 2}
    assert result.moderated_out[:3].all() and not result.moderated_out[3:].any()


def test_weighted_silhouette_is_a_parameter(planted):
    p, c, v, _ = planted
    plain = run_automatic(p, c, v, params=AutomaticParams(weighted_silhouette=False))
    assert plain.is_active and plain.silhouettes != run_automatic(p, c, v).silhouettes


@pytest.mark.parametrize(
    ("votes", "moderated_out", "code"),
    [
        (([], [], []), None, "no-votes"),
        (([1, 1, 1], [1, 2, 3], [1, -1, 1]), None, "too-few-participants"),
        (([1, 2, 3, 4], [1, 1, 1, 1], [1, -1, 1, -1]), None, "too-few-comments"),
        (([1, 2, 3, 1], [1, 1, 2, 2], [0, 0, 0, 0]), None, "only-skips"),
        (([1, 2, 3, 1], [1, 1, 2, 2], [1, -1, 1, 1]), [1, 2], "all-moderated-out"),
        (([1, 2, 3, 1, 2, 3], [1, 1, 1, 2, 2, 2], [1] * 6), None, "single-opinion"),
    ],
)
def test_bad_input_gives_a_waiting_status(votes, moderated_out, code):
    result = run_automatic(*votes, moderated_out=moderated_out)
    assert result.status == WAITING
    assert result.reason_code == code and result.reason == REASONS[code]
    assert result.k == 0 and (result.labels == -1).all()
    json.dumps(result.to_dict())
    json.dumps(result.state.to_dict())


def test_waiting_result_still_has_routing_priorities():
    result = run_automatic([1, 2, 3, 1], [1, 1, 2, 2], [0, 0, 0, 0])
    assert len(result.priority) == 2 and (result.priority > 0).all()


small_votes = st.lists(
    st.tuples(st.integers(0, 25), st.integers(0, 7), st.integers(-1, 1)),
    min_size=0,
    max_size=120,
)


@settings(max_examples=30, deadline=None)
@given(small_votes, st.randoms(use_true_random=False))
def test_never_raises_and_ignores_vote_row_order(rows, random):
    """Any votes give a result; shuffling vote rows (with their times) changes nothing."""
    p, c, v = (np.array(x, dtype=np.int64) for x in zip(*rows, strict=True)) if rows else ([],) * 3
    times = np.arange(len(rows))
    reference = run_automatic(p, c, v, times=times)
    assert reference.status in (ACTIVE, WAITING)
    order = list(range(len(rows)))
    random.shuffle(order)
    if rows:
        p, c, v, times = p[order], c[order], v[order], times[order]
    assert snapshot(run_automatic(p, c, v, times=times)) == snapshot(reference)

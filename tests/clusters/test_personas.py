import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.preprocessing import StandardScaler

from ej_clusters.math import ACTIVE, WAITING, run_personas
from ej_clusters.math.personas import persona_rows, zscore
from ej_clusters.math.votes import build_vote_matrix

from .conftest import planted_votes


def dense_reference(p, c, v, groups, persona_votes, max_iter=20):
    """§7.3–7.4 written the slow, obvious way on dense arrays."""
    matrix = build_vote_matrix(p, c, v)
    users = np.full(matrix.shape, np.nan)
    users[matrix.rows, matrix.cols] = matrix.choices
    means = np.nanmean(users, axis=0)
    users = np.where(np.isnan(users), means, users)
    ids, comments, choices = persona_votes
    voted = {(int(a), int(b)): int(x) for a, b, x in zip(ids, comments, choices, strict=True)}
    any_voted = {b for (_, b) in voted}
    rows, kept = [], []
    for gid in sorted(groups):
        mine = [x for x in groups[gid] if any(a == x for (a, _) in voted)]
        if not mine:
            continue
        row = []
        for j, comment in enumerate(matrix.comments.tolist()):
            if comment in any_voted:
                row.append(np.mean([voted.get((x, comment), 0) for x in mine]))
            else:
                row.append(means[j])
        rows.append(row)
        kept.append(gid)
    data = StandardScaler().fit_transform(np.vstack([users, np.array(rows)]))
    z_users, z_personas = data[: len(users)], data[len(users) :]
    centroids = z_personas.copy()
    labels = np.full(len(users), -1)
    for _ in range(max_iter):
        d = ((z_users[:, None, :] - centroids[None]) ** 2).sum(axis=2)
        new = d.argmin(axis=1)
        if (new == labels).all():
            break
        labels = new
        centroids = np.array(
            [
                (z_users[labels == g].sum(axis=0) + z_personas[g]) / ((labels == g).sum() + 1)
                for g in range(len(kept))
            ]
        )
    return matrix.participants, np.array(kept)[labels]


def persona_setup(seed=0):
    p, c, v, membership = planted_votes(n=90, m=12, groups=3, density=0.7, seed=seed)
    # persona 10 + g speaks for group g: it votes like the group's majority on 6 comments
    ids, comments, choices = [], [], []
    for g in range(3):
        members = membership[p] == g
        for comment in range(6):
            here = members & (c == comment)
            ids.append(10 + g)
            comments.append(comment)
            choices.append(int(np.sign(v[here].sum()) or 1))
    groups = {100: [10], 200: [11], 300: [12]}
    return p, c, v, membership, groups, (ids, comments, choices)


def test_matches_the_dense_reference():
    p, c, v, membership, groups, persona_votes = persona_setup()
    result = run_personas(p, c, v, groups=groups, persona_votes=persona_votes)
    assert result.status == ACTIVE
    participants, labels = dense_reference(p, c, v, groups, persona_votes)
    assert result.participants.tolist() == participants.tolist()
    assert result.labels.tolist() == labels.tolist()
    assert [g.id for g in result.groups] == [100, 200, 300]
    # the personas describe the planted groups (on half the comments), so most people land in
    # the group of their planted opinion
    planted_group = {0: 100, 1: 200, 2: 300}
    hits = [planted_group[int(membership[pid])] == g for pid, g in result.group_of().items()]
    assert np.mean(hits) > 0.8
    json.dumps(result.to_dict())


def test_zscore_equals_standard_scaler_on_the_dense_matrix():
    p, c, v, _, groups, persona_votes = persona_setup(seed=1)
    matrix = build_vote_matrix(p, c, v)
    means = np.bincount(matrix.cols, weights=matrix.choices) / matrix.votes_per_comment
    rows = persona_rows(matrix, means, groups, *persona_votes)
    z = zscore(matrix, means, rows.rows)
    dense = np.tile(means, (matrix.n_participants, 1))
    dense[matrix.rows, matrix.cols] = matrix.choices
    scaled = StandardScaler().fit_transform(np.vstack([dense, rows.rows]))
    users = np.tile(z.base, (matrix.n_participants, 1))
    users[matrix.rows, matrix.cols] += z.sparse_values
    np.testing.assert_allclose(users, scaled[: matrix.n_participants], atol=1e-12)
    np.testing.assert_allclose(z.personas, scaled[matrix.n_participants :], atol=1e-12)


def test_persona_rows_hand_computed():
    matrix = build_vote_matrix([1, 1, 2], [5, 6, 7], [1, -1, 1])
    means = np.array([1.0, -1.0, 1.0])
    # group 0: personas 1 and 2; persona 2 never voted, so the mean is over persona 1 alone
    # group 1: persona 3 voted on comment 6 only: 0 on comment 5, the users' mean on comment 7
    rows = persona_rows(
        matrix, means, {0: [1, 2], 1: [3], 2: []}, [1, 3, 1], [5, 6, 99], [-1, 1, 1]
    )
    assert rows.group_ids.tolist() == [0, 1]
    np.testing.assert_allclose(rows.rows, [[-1, 0, 1], [0, 1, 1]])
    assert rows.without_votes == (2,)


def test_groups_whose_personas_did_not_vote_are_reported():
    p, c, v, _, groups, persona_votes = persona_setup()
    groups = {**groups, 400: [], 500: [77]}
    result = run_personas(p, c, v, groups=groups, persona_votes=persona_votes)
    assert result.status == ACTIVE
    assert result.groups_without_votes == (400, 500)
    assert [g.id for g in result.groups] == [100, 200, 300]


def test_fewer_than_two_anchored_groups_is_waiting():
    p, c, v, _, _, _ = persona_setup()
    result = run_personas(p, c, v, groups={1: [10], 2: [11]}, persona_votes=([10], [0], [1]))
    assert result.status == WAITING and result.reason_code == "too-few-persona-groups"
    assert "1 of 2" in result.reason
    assert result.groups_without_votes == (2,)
    assert (result.labels == -1).all()


def test_no_votes_and_moderated_out_comments():
    empty = run_personas([], [], [], groups={1: [1], 2: [2]})
    assert empty.status == WAITING and empty.reason_code == "no-votes"
    # every vote is on a rejected comment
    rejected = run_personas([1, 2], [5, 5], [1, -1], groups={1: [1]}, moderated_out=[5])
    assert rejected.status == WAITING


def test_persona_positions_and_inconsistencies_are_reported():
    p, c, v, _, groups, persona_votes = persona_setup()
    result = run_personas(p, c, v, groups=groups, persona_votes=persona_votes)
    assert result.anchor_positions.shape == (3, 2)
    assert result.inconsistent_personas == ()


@settings(max_examples=15, deadline=None)
@given(st.permutations(list(range(90))))
def test_participant_ids_do_not_matter(permutation):
    """Anchored k-means has no order-dependent start: renaming participants renames the
    result and nothing else."""
    p, c, v, _, groups, persona_votes = persona_setup()
    reference = run_personas(p, c, v, groups=groups, persona_votes=persona_votes).group_of()
    rename = np.array(permutation) + 1000
    renamed = run_personas(rename[p], c, v, groups=groups, persona_votes=persona_votes).group_of()
    assert {pid: renamed[int(rename[pid])] for pid in reference} == reference

"""The benchmark's database section (bench/clusters.py, section 3) on a small conversation."""

import pytest

from bench import clusters as bench
from ej.conversations.models import Vote
from ej_clusters.models import Assignment, Clusterization, Status

pytestmark = pytest.mark.django_db


def test_load_read_recompute_and_store():
    participants, comments, choices, _planted = bench.synthetic_conversation(90, 12, 700, seed=1)
    conversation_id = bench.load_conversation(participants, comments, choices, slug="bench-test")
    distinct = len(set(zip(participants.tolist(), comments.tolist(), strict=True)))
    assert Vote.objects.filter(comment__conversation_id=conversation_id).count() == distinct
    reader = bench.db_reader(conversation_id)
    p, c, v = reader()
    assert len(v) == distinct and len(set(p.tolist())) == len(set(participants.tolist()))
    seconds = bench.measure_db_end_to_end(reader, 2, store=bench.db_store(conversation_id))
    assert seconds > 0
    clusterization = Clusterization.objects.get(conversation_id=conversation_id)
    assert clusterization.runs == 2 and clusterization.status == Status.ACTIVE
    assert Assignment.objects.filter(clusterization=clusterization).count() == len(set(p.tolist()))


def test_no_database_no_figure(capsys):
    assert bench.bench_conversation("postgres://postgres@127.0.0.1:1/nothing") is None
    assert "unavailable" in capsys.readouterr().out

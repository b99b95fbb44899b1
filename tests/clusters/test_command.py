import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .conftest import POLIS

FOLDER = POLIS / "15-per-hour-seattle"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("polis_groups", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_text_output_lists_each_grouped_participant():
    out, err = run(str(FOLDER))
    lines = [line.split("\t") for line in out.splitlines()]
    assert len(lines) > 100
    assert all(len(parts) == 2 for parts in lines)
    participants = [int(p) for p, _ in lines]
    assert participants == sorted(participants)
    groups = {int(g) for _, g in lines}
    assert 2 <= len(groups) <= 5
    assert f"{len(groups)} groups" in err


def test_json_output_matches_the_text_output():
    out, _ = run(str(FOLDER), "--json")
    data = json.loads(out)
    assert data["status"] == "active"
    assert data["k"] == len(set(data["groups"].values()))
    text, _ = run(str(FOLDER))
    pairs = (line.split("\t") for line in text.splitlines())
    assert {p: int(g) for p, g in pairs} == data["groups"]


def test_not_an_export_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="votes.csv"):
        run(str(tmp_path))

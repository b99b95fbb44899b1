"""The indexes the voting path relies on, as the migrations leave them in the database."""

from __future__ import annotations

import pytest
from django.db import connection

from ej.conversations.models import Comment, Vote

pytestmark = pytest.mark.django_db


def _indexes(model) -> dict[str, list[str]]:
    """``{index name: its columns}``, unique constraints' indexes included."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # Django's introspection cannot parse these tables
            cursor.execute(f'PRAGMA index_list("{table}")')
            names = [row[1] for row in cursor.fetchall()]
            found = {}
            for name in names:
                cursor.execute(f'PRAGMA index_info("{name}")')
                found[name] = [column for _rank, _cid, column in sorted(cursor.fetchall())]
            return found
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        name: info["columns"]
        for name, info in constraints.items()
        if info["index"] or info["unique"]
    }


def test_votes_keep_only_the_indexes_that_lead_somewhere():
    columns = sorted(_indexes(Vote).values())
    # (author, comment) is the one-vote-per-person constraint; (comment, choice) serves the
    # counts. Each also serves lookups by its first column, so neither has an index of its own.
    assert ["author_id", "comment_id"] in columns
    assert ["comment_id", "choice"] in columns
    assert ["author_id"] not in columns
    assert ["comment_id"] not in columns


def test_the_ballot_index_lists_approved_comments_in_order():
    indexes = _indexes(Comment)
    assert indexes["comment_ballot_idx"][:4] == ["conversation_id", "status", "created", "id"]


def test_a_persons_votes_in_a_conversation_are_one_index_range():
    assert _indexes(Vote)["vote_ballot_idx"][:2] == ["author_id", "conversation_id"]

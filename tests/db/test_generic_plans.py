"""Prepared statements are planned once per session (ej.db.backends.postgresql sets
plan_cache_mode): a compiled query's plan keeps its parameters as parameters."""

from django.db import connection

from boogie.compiled import CompiledQuery
from ej.conversations.models import Comment


def test_sessions_plan_prepared_statements_once(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"


def test_a_compiled_query_runs_on_a_generic_plan(postgres):
    by_author = CompiledQuery(
        lambda *, author: Comment.objects.filter(author_id=author).values_list("id"), author=int
    )
    assert by_author.rows(author=1) == []  # prepares the statement on this session
    name = next(iter(by_author._compiled.values())).statement
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN EXECUTE {name}(1)")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # A custom plan would have the value in it ('1'::bigint), a generic one the parameter.
    assert "$1" in plan, plan

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from boogie import prepared
from tests.boogie.testapp.models import Note

pytestmark = pytest.mark.django_db

NOTE_SQL = "SELECT slug, title FROM testapp_note WHERE owner_id = %s AND status = %s ORDER BY slug"


@pytest.fixture
def notes(owner, stranger):
    Note.objects.create(slug="a", title="100% Alpha", owner=owner)
    Note.objects.create(slug="b", title="Beta", owner=stranger, status="published")
    Note.objects.create(slug="c", title="Gamma", owner=owner)


def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): other databases run the SQL as it is")


def test_rows_are_those_of_the_plain_sql(notes, owner):
    name = prepared.statement_name("test")
    for _ in range(3):
        rows = prepared.fetch(connection, name, NOTE_SQL, [owner.pk, Note.Status.DRAFT])
        assert [tuple(row) for row in rows] == [("a", "100% Alpha"), ("c", "Gamma")]


def test_percent_signs_and_types(notes):
    name = prepared.statement_name("test")
    sql = "SELECT title FROM testapp_note WHERE title LIKE '100%%' AND %s AND %s > 0.5 AND %s > %s"
    moment = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    params = [True, 0.75, moment, moment - datetime.timedelta(days=1)]
    assert [tuple(row) for row in prepared.fetch(connection, name, sql, params)] == [
        ("100% Alpha",)
    ]


def test_a_statement_is_prepared_once_per_connection(notes, owner):
    on_postgresql()
    name = prepared.statement_name("test")
    with CaptureQueriesContext(connection) as first:
        prepared.fetch(connection, name, NOTE_SQL, [owner.pk, "draft"])
    assert any(query["sql"].startswith(f"PREPARE {name} (bigint, text) AS") for query in first)
    with CaptureQueriesContext(connection) as again:
        rows = prepared.fetch(connection, name, NOTE_SQL, [owner.pk, "published"])
    assert [query["sql"] for query in again] == [f"EXECUTE {name}({owner.pk}, 'published')"]
    assert rows == []


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again(notes, owner):
    on_postgresql()
    name = prepared.statement_name("test")
    prepared.fetch(connection, name, NOTE_SQL, [owner.pk, "draft"])
    connection.close()
    with CaptureQueriesContext(connection) as queries:
        rows = prepared.fetch(connection, name, NOTE_SQL, [owner.pk, "draft"])
    assert any(query["sql"].startswith(f"PREPARE {name}") for query in queries)
    assert len(rows) == 2


def test_values_without_a_type_run_unprepared(notes):
    on_postgresql()
    name = prepared.statement_name("test")
    sql = "SELECT count(*) FROM testapp_note WHERE title IS DISTINCT FROM %s"
    with CaptureQueriesContext(connection) as queries:
        assert prepared.fetch(connection, name, sql, [None]) == [(3,)]
    assert [query["sql"] for query in queries] == [sql.replace("%s", "NULL")]


def test_a_statement_that_cannot_be_prepared_runs_as_it_is_in_the_same_transaction(notes):
    on_postgresql()
    name = prepared.statement_name("test")
    with transaction.atomic():
        Note.objects.filter(slug="a").update(title="Changed")
        assert prepared.fetch(connection, name, "SHOW TimeZone", [])  # not preparable
        assert prepared.fetch(connection, name, "SHOW TimeZone", [])
        # The transaction is still usable and holds its change.
        assert Note.objects.get(slug="a").title == "Changed"

import math

import pytest

from boogie.models import DataFrameManager, DataFrameQuerySet, DataFrameQuerySetMixin
from tests.boogie.testapp.models import Note, Rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def ratings(notes, owner, stranger):
    a, b, c = notes
    rows = [(owner, a, 1), (owner, a, 3), (owner, b, -1), (stranger, a, 5), (stranger, c, 0)]
    for user, note, score in rows:
        Rating.objects.create(user=user, note=note, score=score)
    return rows


@pytest.fixture
def instances_created(monkeypatch):
    """Counts model instances created from now on."""
    created = []
    original_init = Note.__init__

    def counting_init(self, *args, **kwargs):
        created.append(self)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(Note, "__init__", counting_init)
    return created


def test_manager_and_queryset_classes():
    assert isinstance(Note.objects, DataFrameManager)
    assert isinstance(Note.objects.all(), DataFrameQuerySet)
    assert issubclass(DataFrameQuerySet, DataFrameQuerySetMixin)


# dataframe()


def test_dataframe_with_fields(notes):
    frame = Note.objects.order_by("slug").dataframe("slug", "title")

    assert list(frame.columns) == ["slug", "title"]
    assert frame.values.tolist() == [["a", "Alpha"], ["b", "Beta"], ["c", "Gamma"]]


def test_dataframe_respects_filters_and_follows_relations(notes, owner):
    frame = Note.objects.filter(owner=owner).order_by("-slug").dataframe("slug", "owner__email")

    assert frame.values.tolist() == [["c", "owner@example.org"], ["a", "owner@example.org"]]


def test_dataframe_with_index(notes):
    frame = Note.objects.dataframe("title", index="slug")

    assert frame.index.name == "slug"
    assert list(frame.columns) == ["title"]
    assert frame.loc["b", "title"] == "Beta"


def test_dataframe_index_may_also_be_listed_in_fields(notes):
    frame = Note.objects.dataframe("slug", "title", index="slug")

    assert list(frame.columns) == ["title"]
    assert sorted(frame.index) == ["a", "b", "c"]


def test_dataframe_without_fields_uses_concrete_non_pk_fields(notes, owner):
    frame = Note.objects.order_by("slug").dataframe()

    assert list(frame.columns) == ["slug", "title", "owner_id", "status"]
    first = frame.iloc[0]
    assert first["owner_id"] == owner.pk
    # The stored choice, not its label ("Draft note").
    assert first["status"] == "draft"


def test_dataframe_runs_one_query_and_creates_no_instance(
    notes, django_assert_num_queries, instances_created
):
    with django_assert_num_queries(1):
        frame = Note.objects.dataframe("slug", "title", index="slug")

    assert len(frame) == 3
    assert instances_created == []
    Note.objects.first()
    assert len(instances_created) == 1  # the instrumentation itself works


def test_empty_dataframe_keeps_the_columns(notes):
    frame = Note.objects.filter(slug="missing").dataframe("slug", "title")

    assert frame.empty
    assert list(frame.columns) == ["slug", "title"]


def test_empty_dataframe_without_fields_and_with_index(db):
    assert list(Note.objects.dataframe().columns) == ["slug", "title", "owner_id", "status"]
    indexed = Note.objects.none().dataframe("title", index="slug")
    assert indexed.empty
    assert indexed.index.name == "slug"
    assert list(indexed.columns) == ["title"]


# pivot_table()


def test_pivot_table_averages_by_default(ratings, notes, owner, stranger):
    a, b, c = notes

    table = Rating.objects.pivot_table("user_id", "note_id", "score")

    assert table.index.name == "user_id"
    assert table.columns.name == "note_id"
    assert table.loc[owner.pk, a.pk] == 2.0
    assert table.loc[owner.pk, b.pk] == -1
    assert table.loc[stranger.pk, a.pk] == 5
    assert math.isnan(table.loc[owner.pk, c.pk])
    assert math.isnan(table.loc[stranger.pk, b.pk])


def test_pivot_table_fill_value_and_aggfunc(ratings, notes, owner, stranger):
    a, b, c = notes

    table = Rating.objects.pivot_table("user_id", "note_id", "score", fill_value=0, aggfunc="sum")

    assert table.loc[owner.pk].tolist() == [4, -1, 0]
    assert table.loc[stranger.pk].tolist() == [5, 0, 0]


def test_pivot_table_runs_one_query(ratings, django_assert_num_queries):
    with django_assert_num_queries(1):
        table = Rating.objects.filter(score__gt=0).pivot_table("user_id", "note_id", "score")

    assert table.shape == (2, 1)


def test_pivot_table_of_an_empty_queryset(db):
    table = Rating.objects.pivot_table("user_id", "note_id", "score", fill_value=0)

    assert table.empty
    assert table.index.name == "user_id"
    assert table.columns.name == "note_id"

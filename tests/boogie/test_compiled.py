import datetime

import pytest
from django.db import connection
from django.db.models import Count, DateTimeField, Value
from django.test.utils import CaptureQueriesContext

from boogie.compiled import CompiledQuery
from tests.boogie.testapp.models import Note, Rating

pytestmark = pytest.mark.django_db


BY_SLUG = CompiledQuery(
    lambda *, slug: Note.objects.filter(slug=slug).select_related("owner")[:1], slug=str
)


def test_first_returns_the_matching_instance_with_its_related_object(notes, owner):
    BY_SLUG.first(slug="b")  # on PostgreSQL, the first call on a connection prepares the query
    with CaptureQueriesContext(connection) as queries:
        note = BY_SLUG.first(slug="a")
        assert note.owner.email == owner.email
    assert len(queries) == 1
    assert (note.pk, note.title, note.status) == (notes[0].pk, "Alpha", "draft")
    assert note._state.adding is False and note._state.db == "default"


def test_first_is_none_when_nothing_matches(notes):
    assert BY_SLUG.first(slug="missing") is None


def test_each_call_uses_its_own_values(notes):
    assert [BY_SLUG.first(slug=slug).title for slug in ("c", "b", "a")] == [
        "Gamma",
        "Beta",
        "Alpha",
    ]


def test_constant_parameters_of_the_queryset_stay_in_place(notes, owner):
    drafts_of = CompiledQuery(
        lambda *, owner: Note.objects.filter(owner_id=owner, status="draft").order_by("slug"),
        owner=int,
    )
    assert [note.slug for note in drafts_of.objects(owner=owner.pk)] == ["a", "c"]
    sql, params = drafts_of.sql(owner=owner.pk)
    assert owner.pk in params and "draft" in params


def test_rows_of_a_values_list_queryset_with_an_annotation(notes, owner, stranger):
    for user, note, score in [(owner, notes[0], 1), (stranger, notes[0], 5), (owner, notes[1], 2)]:
        Rating.objects.create(user=user, note=note, score=score)
    counts = CompiledQuery(
        lambda *, owner: (
            Note.objects.filter(owner_id=owner)
            .annotate(rated=Count("ratings"))
            .order_by("slug")
            .values_list("slug", "rated")
        ),
        owner=int,
    )
    assert counts.rows(owner=owner.pk) == [("a", 2), ("c", 0)]
    assert counts.rows(owner=stranger.pk) == [("b", 1)]


def test_annotations_become_attributes_of_instances(notes):
    annotated = CompiledQuery(
        lambda *, pk: Note.objects.filter(pk__in=[pk]).annotate(rated=Count("ratings")), pk=int
    )
    note = annotated.first(pk=notes[1].pk)
    assert (note.slug, note.rated) == ("b", 0)


def test_rows_get_the_backend_conversions(notes):
    stamped = CompiledQuery(
        lambda *, slug: (
            Note.objects.filter(slug=slug)
            .annotate(
                at=Value(datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC), DateTimeField())
            )
            .values_list("at")
        ),
        slug=str,
    )
    [(at,)] = stamped.rows(slug="a")
    assert at == datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC)


def test_a_parameter_that_does_not_reach_the_sql_fails_loudly(notes):
    inside_a_function = CompiledQuery(
        lambda *, text: Note.objects.filter(title__icontains=text), text=str
    )
    with pytest.raises(ValueError, match="text"):
        inside_a_function.first(text="alp")


def test_parameters_must_be_int_or_str():
    with pytest.raises(TypeError, match="when"):
        CompiledQuery(lambda *, when: Note.objects.filter(pk=when), when=float)


def test_calls_must_name_exactly_the_declared_parameters(notes):
    with pytest.raises(TypeError, match="slug"):
        BY_SLUG.first(title="Alpha")
    with pytest.raises(TypeError, match="slug"):
        BY_SLUG.first(slug="a", extra=1)


def test_objects_refuses_a_values_queryset(notes):
    slugs = CompiledQuery(
        lambda *, slug: Note.objects.filter(slug=slug).values_list("slug"), slug=str
    )
    assert slugs.rows(slug="a") == [("a",)]
    with pytest.raises(TypeError, match="values"):
        slugs.objects(slug="a")


def test_the_queryset_is_built_once(notes):
    built = []

    def build(*, slug):
        built.append(slug)
        return Note.objects.filter(slug=slug)

    query = CompiledQuery(build, slug=str)
    for slug in ("a", "b", "c", "a"):
        assert query.first(slug=slug).slug == slug
    assert len(built) <= 2  # once for the model, once to compile

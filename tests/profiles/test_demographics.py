"""Organizers see demographic answers in totals, or individually where the person allowed it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from ej.conversations.models import Comment, Conversation, Vote
from ej.profiles.models import Profile
from ej.profiles.selectors import OTHER, demographics_summary

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()


def people(count: int, **profile) -> list:
    created = []
    for _ in range(count):
        number = User.objects.count()
        person = User.objects.create_user(email=f"p{number}@example.org", password=None)
        if profile:
            Profile.objects.create(user=person, **profile)
        created.append(person)
    return created


def summary_dict(rows) -> dict:
    return {row.value: row.count for row in rows}


def test_counts_each_answer_and_the_people_who_did_not_answer():
    people(6, gender="woman")
    people(5, gender="man")
    people(5)  # no profile at all
    people(1, gender="non_binary")
    people(1, gender="other")

    with translation.override("en"):
        rows = demographics_summary(User.objects.all(), "gender", min_count=5)

    assert summary_dict(rows) == {"woman": 6, "man": 5, "": 5, OTHER: None}
    assert [row.label for row in rows] == [
        "Woman",
        "Man",
        "Not answered",
        "Answers given by fewer than 5 people each",
    ]


def test_small_groups_are_merged_and_shown_when_together_they_are_enough():
    people(6, race="parda")
    people(3, race="preta")
    people(2, race="amarela")

    rows = demographics_summary(User.objects.all(), "race", min_count=5)

    assert summary_dict(rows) == {"parda": 6, OTHER: 5}


def test_a_group_of_one_is_never_told():
    people(1, state="AC")
    rows = demographics_summary(User.objects.all(), "state", min_count=5)
    assert summary_dict(rows) == {OTHER: None}


def test_text_answers_are_grouped_without_regard_to_case_or_spaces():
    people(3, city="São Paulo")
    people(2, city="são paulo ")
    rows = demographics_summary(User.objects.all(), "city", min_count=5)
    assert [(row.label, row.count) for row in rows] == [("São Paulo", 5)]


def test_birth_dates_are_summarized_in_age_brackets():
    today = timezone.localdate()
    people(5, birth_date=today.replace(year=today.year - 30) - datetime.timedelta(days=1))
    rows = demographics_summary(User.objects.all(), "birth_date", min_count=5)
    assert [(row.value, row.count) for row in rows] == [("25-34", 5)]


def test_only_the_given_users_are_counted():
    women = people(5, gender="woman")
    people(5, gender="man")
    rows = demographics_summary(
        User.objects.filter(pk__in=[p.pk for p in women]), "gender", min_count=5
    )
    assert summary_dict(rows) == {"woman": 5}


def test_a_disabled_field_gives_nothing_and_an_unknown_one_raises(settings):
    settings.EJ_PROFILE_FIELDS_DISABLED = ["gender"]
    people(5, gender="woman")
    assert demographics_summary(User.objects.all(), "gender") == []
    with pytest.raises(ValueError):
        demographics_summary(User.objects.all(), "email")


# Individual answers


@pytest.fixture
def organizer(db):
    return User.objects.create_user(email="org@example.org", password=PASSWORD, name="Olga")


@pytest.fixture
def participant(user, organizer):
    conversation = Conversation.objects.create(
        author=organizer, title="Saúde", text="O que melhorar?", comment_limit=2
    )
    comment = Comment.objects.create(
        conversation=conversation, author=organizer, text="Mais postos de saúde.", status="approved"
    )
    Vote.objects.create(author=user, comment=comment, choice=1)
    Profile.objects.create(user=user, is_public=True, race="parda", city="Recife")
    return user


def answers_seen_by(client, viewer, person) -> bool:
    client.force_login(viewer)
    html = client.get(f"/profile/{person.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return "Brown (parda)" in html


def test_organizers_see_answers_only_with_consent(client, participant, organizer, other):
    assert not answers_seen_by(client, organizer, participant)

    Profile.objects.filter(user=participant).update(share_demographics=True)

    assert answers_seen_by(client, organizer, participant)
    # Someone who organizes nothing the person took part in still does not.
    assert not answers_seen_by(client, other, participant)
    assert not other.has_perm("ej_profiles.can_view_demographics", participant)
    assert organizer.has_perm("ej_profiles.can_view_demographics", participant)
    assert participant.has_perm("ej_profiles.can_view_demographics", participant)

"""Reads about profiles: a person's profile, their answers, and demographic summaries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ej.profiles.fields import enabled_fields, field_label
from ej.profiles.models import DEMOGRAPHIC_FIELDS, Profile

__all__ = [
    "AGE_BRACKETS",
    "DemographicCount",
    "demographic_answers",
    "demographics_summary",
    "profile_of",
]

# (lowest age, highest age or None): the brackets birth dates are summarized in.
AGE_BRACKETS = ((0, 17), (18, 24), (25, 34), (35, 44), (45, 59), (60, None))
TEXT_FIELDS = {"city", "country", "occupation"}
OTHER = "__other__"
NOT_ANSWERED = ""


def profile_of(user, *, lock: bool = False) -> Profile:
    """The person's profile, created (empty) the first time it is asked for."""
    if user.pk is None:
        return Profile(user=user)
    if lock:
        with transaction.atomic():
            profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    else:
        profile, _created = Profile.objects.get_or_create(user=user)
    user.profile = profile
    return profile


def _display(profile: Profile, name: str) -> str:
    value = getattr(profile, name)
    if name == "birth_date":
        return formats.date_format(value, "DATE_FORMAT")
    field = Profile._meta.get_field(name)
    if field.choices:
        return str(getattr(profile, f"get_{name}_display")())
    return str(value)


def demographic_answers(profile: Profile) -> list[tuple[str, str]]:
    """``(label, answer)`` for each enabled field the person answered, in display order."""
    answers = []
    for name in enabled_fields():
        value = getattr(profile, name)
        if value in ("", None):
            continue
        answers.append((field_label(name), _display(profile, name)))
    return answers


@dataclass(frozen=True)
class DemographicCount:
    """One row of a summary. ``count`` is ``None`` where telling it could single people out."""

    value: str
    label: str
    count: int | None


def _bracket_label(low: int, high: int | None) -> str:
    if low == 0:
        return _("Under %(age)s") % {"age": high + 1}
    if high is None:
        return _("%(age)s or older") % {"age": low}
    return _("%(low)s to %(high)s") % {"low": low, "high": high}


def _age_counts(profiles: QuerySet) -> tuple[Counter, dict[str, str]]:
    today = timezone.localdate()
    counts: Counter = Counter()
    for born in profiles.exclude(birth_date=None).values_list("birth_date", flat=True):
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        for low, high in AGE_BRACKETS:
            if age >= low and (high is None or age <= high):
                counts[f"{low}-{high or ''}"] += 1
                break
    labels = {f"{low}-{high or ''}": _bracket_label(low, high) for low, high in AGE_BRACKETS}
    return counts, labels


def _answer_counts(profiles: QuerySet, field: str) -> tuple[Counter, dict[str, str]]:
    if field == "birth_date":
        return _age_counts(profiles)
    answered = profiles.exclude(**{field: ""})
    if field in TEXT_FIELDS:
        # "São Paulo" and "são paulo " are one answer; the most common spelling names it.
        spellings: dict[str, Counter] = {}
        for value in answered.values_list(field, flat=True):
            spellings.setdefault(value.strip().lower(), Counter())[value.strip()] += 1
        counts = Counter({key: sum(found.values()) for key, found in spellings.items()})
        labels = {key: found.most_common(1)[0][0] for key, found in spellings.items()}
        return counts, labels
    rows = answered.values(field).annotate(n=Count("pk")).order_by()
    counts = Counter({row[field]: row["n"] for row in rows})
    choices = {value: str(label) for value, label in Profile._meta.get_field(field).choices}
    return counts, {value: choices.get(value, value) for value in counts}


def demographics_summary(
    users: QuerySet, field: str, *, min_count: int | None = None
) -> list[DemographicCount]:
    """How many of ``users`` gave each answer to ``field`` (``birth_date`` in age brackets),
    most common first, with a "not answered" row.

    No one can be singled out: answers given by fewer than ``min_count`` people
    (``EJ_DEMOGRAPHICS_MIN_COUNT`` by default) are merged into one row, whose count is hidden
    too (``None``) when it is itself below ``min_count``. A switched-off field gives ``[]``.
    """
    if field not in DEMOGRAPHIC_FIELDS:
        raise ValueError(f"{field!r} is not a demographic field; use one of {DEMOGRAPHIC_FIELDS}")
    if field not in enabled_fields():
        return []
    threshold = settings.EJ_DEMOGRAPHICS_MIN_COUNT if min_count is None else min_count
    user_ids = users.order_by().values("pk")
    profiles = Profile.objects.filter(user_id__in=user_ids)
    counts, labels = _answer_counts(profiles, field)
    total = users.order_by().count()
    not_answered = total - sum(counts.values())
    rows = [
        DemographicCount(value=value, label=labels[value], count=count)
        for value, count in counts.most_common()
    ]
    if not_answered:
        rows.append(DemographicCount(NOT_ANSWERED, _("Not answered"), not_answered))
    shown = [row for row in rows if row.count >= threshold]
    merged = sum(row.count for row in rows if row.count < threshold)
    if merged:
        shown.append(
            DemographicCount(
                OTHER,
                _("Answers given by fewer than %(count)s people each") % {"count": threshold},
                merged if merged >= threshold else None,
            )
        )
    return shown

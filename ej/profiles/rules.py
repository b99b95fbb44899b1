"""Who sees a profile page and who sees a person's demographic answers."""

from __future__ import annotations

from boogie.rules import register_perm


def _is_person(viewer, person) -> bool:
    return bool(viewer.is_authenticated and person is not None and viewer.pk == person.pk)


def _sharing(person) -> bool:
    from ej.profiles.models import Profile

    return Profile.objects.filter(user=person, share_demographics=True).exists()


def organizes_for(viewer, person) -> bool:
    """The viewer wrote a conversation in which the person voted or commented."""
    from ej.conversations.models import Comment, Vote

    if not viewer.is_authenticated:
        return False
    voted = Vote.objects.filter(author=person, comment__conversation__author=viewer)
    commented = Comment.objects.filter(author=person, conversation__author=viewer)
    return voted.exists() or commented.exists()


@register_perm("ej_profiles.can_view_profile")
def can_view_profile(viewer, person) -> bool:
    """The person, staff, or anyone when the person made the page public (never for removed
    or inactive accounts)."""
    from ej.profiles.models import Profile

    if person is None or not person.is_active or person.removed_at is not None:
        return False
    if _is_person(viewer, person) or getattr(viewer, "is_staff", False):
        return True
    return Profile.objects.filter(user=person, is_public=True).exists()


@register_perm("ej_profiles.can_view_demographics")
def can_view_demographics(viewer, person) -> bool:
    """The person; otherwise only with their consent, for staff and for the organizers of
    conversations they took part in. Everyone else sees demographic data only in summaries."""
    if person is None or not viewer.is_authenticated:
        return False
    if _is_person(viewer, person):
        return True
    if not person.is_active or not _sharing(person):
        return False
    return viewer.is_staff or organizes_for(viewer, person)

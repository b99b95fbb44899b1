"""Writes to profiles."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from ej.profiles.models import Profile
from ej.profiles.selectors import profile_of

__all__ = ["profile_erase", "profile_update"]

log = logging.getLogger(__name__)


def _delete_file_later(storage, name: str) -> None:
    def delete():
        try:
            storage.delete(name)
        except OSError:
            log.warning("could not delete the old avatar file %s", name)

    transaction.on_commit(delete)


@transaction.atomic
def profile_update(
    *,
    user,
    name: str,
    fields: dict,
    avatar: ContentFile | None = None,
    remove_avatar: bool = False,
) -> Profile:
    """Save the person's name and profile ``fields`` (model field names to values).

    A new ``avatar`` (already re-encoded) replaces the old file; ``remove_avatar`` deletes it.
    """
    profile = profile_of(user, lock=True)
    old_avatar = profile.avatar.name if profile.avatar else ""
    for field, value in fields.items():
        setattr(profile, field, value)
    if avatar is not None:
        profile.avatar.save(avatar.name, avatar, save=False)
    elif remove_avatar:
        profile.avatar = ""
    profile.full_clean(exclude=["user", "avatar"])
    profile.save()
    if user.name != name:
        user.name = name
        user.save(update_fields=["name"])
    if old_avatar and old_avatar != profile.avatar.name:
        _delete_file_later(profile.avatar.storage, old_avatar)
    return profile


def profile_erase(*, user) -> None:
    """Delete the profile and its avatar file (account removal)."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return
    if profile.avatar:
        _delete_file_later(profile.avatar.storage, profile.avatar.name)
    profile.delete()

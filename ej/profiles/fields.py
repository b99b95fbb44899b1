"""Which demographic fields are switched on (``EJ_PROFILE_FIELDS_DISABLED``)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from ej.profiles.models import DEMOGRAPHIC_FIELDS, Profile

__all__ = ["check_disabled_fields", "enabled_fields", "field_label"]


def enabled_fields() -> list[str]:
    """The demographic fields in use, in display order."""
    disabled = set(getattr(settings, "EJ_PROFILE_FIELDS_DISABLED", ()))
    return [name for name in DEMOGRAPHIC_FIELDS if name not in disabled]


def field_label(name: str) -> str:
    label = str(Profile._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


@checks.register()
def check_disabled_fields(app_configs=None, **kwargs):
    unknown = sorted(
        set(getattr(settings, "EJ_PROFILE_FIELDS_DISABLED", ())) - set(DEMOGRAPHIC_FIELDS)
    )
    if not unknown:
        return []
    return [
        checks.Error(
            f"EJ_PROFILE_FIELDS_DISABLED names unknown fields: {', '.join(unknown)}",
            hint=f"Use some of: {', '.join(DEMOGRAPHIC_FIELDS)}.",
            id="ej_profiles.E001",
        )
    ]

"""A person's profile: picture, biography and optional demographic answers."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DEMOGRAPHIC_FIELDS",
    "Education",
    "Gender",
    "PoliticalOrientation",
    "Profile",
    "Race",
    "State",
]

OLDEST_AGE = 120


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    OTHER = "other", _("Another gender identity")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Race(models.TextChoices):
    """The colour or race categories of Brazil's census (IBGE)."""

    BRANCA = "branca", _("White (branca)")
    PRETA = "preta", _("Black (preta)")
    PARDA = "parda", _("Brown (parda)")
    AMARELA = "amarela", _("East Asian descent (amarela)")
    INDIGENA = "indigena", _("Indigenous (indígena)")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    ELEMENTARY_INCOMPLETE = "elementary_incomplete", _("Elementary school, not finished")
    ELEMENTARY = "elementary", _("Elementary school")
    SECONDARY_INCOMPLETE = "secondary_incomplete", _("High school, not finished")
    SECONDARY = "secondary", _("High school")
    HIGHER_INCOMPLETE = "higher_incomplete", _("Higher education, not finished")
    HIGHER = "higher", _("Higher education")
    POSTGRADUATE = "postgraduate", _("Postgraduate degree")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class PoliticalOrientation(models.TextChoices):
    LEFT = "left", _("Left")
    CENTER_LEFT = "center_left", _("Centre-left")
    CENTER = "center", _("Centre")
    CENTER_RIGHT = "center_right", _("Centre-right")
    RIGHT = "right", _("Right")
    NONE = "none", _("None of these")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class State(models.TextChoices):
    """Brazil's 27 federative units (names are proper nouns: not translated)."""

    AC = "AC", "Acre"
    AL = "AL", "Alagoas"
    AP = "AP", "Amapá"
    AM = "AM", "Amazonas"
    BA = "BA", "Bahia"
    CE = "CE", "Ceará"
    DF = "DF", "Distrito Federal"
    ES = "ES", "Espírito Santo"
    GO = "GO", "Goiás"
    MA = "MA", "Maranhão"
    MT = "MT", "Mato Grosso"
    MS = "MS", "Mato Grosso do Sul"
    MG = "MG", "Minas Gerais"
    PA = "PA", "Pará"
    PB = "PB", "Paraíba"
    PR = "PR", "Paraná"
    PE = "PE", "Pernambuco"
    PI = "PI", "Piauí"
    RJ = "RJ", "Rio de Janeiro"
    RN = "RN", "Rio Grande do Norte"
    RS = "RS", "Rio Grande do Sul"
    RO = "RO", "Rondônia"
    RR = "RR", "Roraima"
    SC = "SC", "Santa Catarina"
    SP = "SP", "São Paulo"
    SE = "SE", "Sergipe"
    TO = "TO", "Tocantins"


# Every demographic field, in the order forms and pages show them. Each can be switched off
# with EJ_PROFILE_FIELDS_DISABLED (see ej.profiles.fields).
DEMOGRAPHIC_FIELDS = (
    "gender",
    "race",
    "birth_date",
    "city",
    "state",
    "country",
    "occupation",
    "education",
    "political_orientation",
)


def validate_birth_date(value: datetime.date) -> None:
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("A birth date cannot be in the future."), code="future")
    if value.year < today.year - OLDEST_AGE:
        raise ValidationError(
            _("Check the year: that would make you more than %(age)s years old.")
            % {"age": OLDEST_AGE},
            code="too_old",
        )


def avatar_path(instance: Profile, filename: str) -> str:
    """A random name: nothing of the uploaded file's name is kept."""
    extension = filename.rpartition(".")[2].lower() if "." in filename else "jpg"
    return f"avatars/{secrets.token_hex(16)}.{extension}"


class Profile(models.Model):
    """Created the first time it is needed (``ej.profiles.selectors.profile_of``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
        verbose_name=_("user"),
    )
    avatar = models.ImageField(_("picture"), upload_to=avatar_path, blank=True)
    biography = models.TextField(
        _("about you"),
        max_length=1000,
        blank=True,
        help_text=_("A few words about yourself. Shown on your profile page."),
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    race = models.CharField(
        _("colour or race"),
        max_length=20,
        choices=Race.choices,
        blank=True,
        help_text=_("The categories of Brazil's census (IBGE)."),
    )
    birth_date = models.DateField(
        _("birth date"), null=True, blank=True, validators=[validate_birth_date]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=State.choices, blank=True)
    country = models.CharField(_("country"), max_length=80, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    education = models.CharField(
        _("education"), max_length=30, choices=Education.choices, blank=True
    )
    political_orientation = models.CharField(
        _("political orientation"), max_length=20, choices=PoliticalOrientation.choices, blank=True
    )
    share_demographics = models.BooleanField(
        _("let organizers see my answers"),
        default=False,
        help_text=_(
            "Organizers of the conversations you take part in may then see these answers next "
            "to your name. Otherwise they only see totals, in which no one can be picked out."
        ),
    )
    is_public = models.BooleanField(
        _("public profile page"),
        default=False,
        help_text=_(
            "Anyone can see your profile page: your name, picture and the text about you. "
            "Never your e-mail or your answers above."
        ),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @property
    def age(self) -> int | None:
        if self.birth_date is None:
            return None
        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

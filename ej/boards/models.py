from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from model_utils.models import TimeStampedModel

from ej.boards.reserved import reserved_board_slugs


def validate_board_slug(slug: str) -> None:
    if slug.lower() in reserved_board_slugs():
        raise ValidationError(
            _("“%(slug)s” is a word the site itself uses; choose another address."),
            code="reserved",
            params={"slug": slug},
        )


class Palette(models.TextChoices):
    """A fixed set of colour schemes; each maps to a ``palette-<value>`` CSS class."""

    BRAND = "brand", _("Blue (default)")
    ACCENT = "accent", _("Teal")
    GREY = "grey", _("Grey")
    GREEN = "green", _("Green")
    ORANGE = "orange", _("Orange")
    PURPLE = "purple", _("Purple")


class Board(TimeStampedModel):
    """A person's or an organization's own space, at ``/<slug>/``, with its conversations."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="boards",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("address"),
        max_length=40,
        unique=True,
        validators=[validate_board_slug],
        help_text=_("The board's address: letters, numbers and hyphens. It cannot change later."),
    )
    description = models.TextField(_("description"), max_length=1000, blank=True)
    palette = models.CharField(
        _("colours"), max_length=10, choices=Palette.choices, default=Palette.BRAND
    )

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("board-detail", kwargs={"board": self.slug})

    @property
    def palette_class(self) -> str:
        palette = self.palette if self.palette in Palette.values else Palette.BRAND
        return f"palette-{palette}"

"""E-mails about accounts: translatable, with a plain-text part and an HTML part."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from ej_components.layout import site_name

__all__ = ["password_reset_message", "reset_link_lifetime"]


def reset_link_lifetime() -> str:
    """How long a reset link works, in words ("1 hour"), in the active language."""
    now = timezone.now()
    return timesince(now, now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT))


def password_reset_message(*, to: str, url: str) -> EmailMultiAlternatives:
    """The e-mail with a single-use link to choose a new password."""
    from ej.users.components import password_reset_email

    site = site_name()
    lifetime = reset_link_lifetime()
    subject = _("Choose a new password for %(site)s") % {"site": site}
    text = "\n\n".join(
        [
            _("Hello,"),
            _(
                "Someone, hopefully you, asked to reset the password of the %(site)s account "
                "that uses this e-mail address. To choose a new password, open this link:"
            )
            % {"site": site},
            url,
            _("The link works once and for %(lifetime)s.") % {"lifetime": lifetime},
            _("If you did not ask for this, ignore this message: your password stays the same."),
        ]
    )
    message = EmailMultiAlternatives(subject=subject, body=text + "\n", to=[to])
    html = password_reset_email(site=site, url=url, lifetime=lifetime)
    message.attach_alternative("<!doctype html>" + str(html), "text/html")
    return message

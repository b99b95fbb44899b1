"""The account pages' content: log in, sign up, password reset, account, API tokens, removal."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import htpy
from django import forms
from django.forms.utils import ErrorDict
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from htpy import Renderable, a, code, div, li, p, section, span, ul

from ej.users.forms import (
    AccountRemoveForm,
    ApiTokenForm,
    LoginForm,
    PasswordResetRequestForm,
    SignupForm,
)
from ej.users.models import ApiToken, User
from ej_components.catalog import component
from ej_components.examples import (
    HOSTILE_TEXT,
    LONG_PORTUGUESE_TEXT,
    LONG_PORTUGUESE_WORD,
    example_request,
    example_user,
)
from ej_components.forms import csrf_input
from ej_components.forms import form as form_component
from ej_components.helpers import safe_url
from ej_components.primitives import button, empty_state, link
from ej_components.sections import content_section
from ej_components.tables import Column, table

__all__ = [
    "account_content",
    "account_remove_content",
    "api_tokens_content",
    "login_content",
    "password_change_content",
    "password_reset_email",
    "password_reset_invalid_content",
    "password_reset_request_content",
    "password_reset_sent_content",
    "set_password_content",
    "signup_content",
    "too_many_attempts",
    "too_many_attempts_title",
]


def with_errors(form: forms.BaseForm, errors: dict[str | None, str]) -> forms.BaseForm:
    """``form`` showing ``errors`` without running its validation (examples build no database)."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    for name, message in errors.items():
        form.add_error(name, message)
    return form


def _with_next(path: str, next_url: str) -> str:
    return f"{path}?{urlencode({'next': next_url})}" if next_url else path


def _links(*items: Renderable) -> Renderable:
    return ul(class_="account-links")[[li[item] for item in items]]


# Log in and sign up -------------------------------------------------------------------------


@component(
    examples={
        "default": lambda: {"form": LoginForm(), "request": example_request(path="/login/")},
        "error": lambda: {
            "form": with_errors(
                LoginForm(data={"username": "maria@example.org", "password": "x"}),
                {None: LoginForm.error_messages["invalid_login"]},
            ),
            "request": example_request(path="/login/"),
        },
        "with next": lambda: {
            "form": LoginForm(),
            "request": example_request(path="/login/"),
            "next_url": "/conversations/",
        },
        "hostile text": lambda: {
            "form": with_errors(
                LoginForm(data={"username": HOSTILE_TEXT, "password": ""}),
                {"username": HOSTILE_TEXT},
            ),
            "request": example_request(path="/login/"),
            "next_url": HOSTILE_TEXT,
        },
    }
)
def login_content(*, form: forms.Form, request: HttpRequest, next_url: str = "") -> Renderable:
    """The log-in form, with links to sign up and to reset a forgotten password."""
    return content_section(
        title=_("Log in"),
        intro=_("Log in with your e-mail and password."),
        body=[
            form_component(
                form,
                request=request,
                submit=_("Log in"),
                hidden={"next": next_url} if next_url else None,
            ),
            _links(
                link(href="/password/reset/", text=_("Forgot your password?")),
                span[
                    _("New here?"),
                    " ",
                    link(href=_with_next("/signup/", next_url), text=_("Create an account")),
                ],
            ),
        ],
    )


def _signup_error_example() -> SignupForm:
    data = {
        "name": "Maria",
        "email": "maria@example.org",
        "password1": "123",
        "password2": "123",
    }
    return with_errors(
        SignupForm(data=data),
        {
            "email": _(
                "An account with this e-mail already exists. Log in, or reset its password."
            ),
            "password2": _("This password is too short. It must contain at least 8 characters."),
        },
    )


@component(
    examples={
        "default": lambda: {"form": SignupForm(), "request": example_request(path="/signup/")},
        "error": lambda: {"form": _signup_error_example(), "request": example_request()},
        "long Portuguese text": lambda: {
            "form": with_errors(
                SignupForm(
                    data={
                        "name": LONG_PORTUGUESE_TEXT,
                        "email": f"{LONG_PORTUGUESE_WORD}@example.org",
                    }
                ),
                {"name": LONG_PORTUGUESE_TEXT},
            ),
            "request": example_request(),
        },
    }
)
def signup_content(*, form: forms.Form, request: HttpRequest, next_url: str = "") -> Renderable:
    """The sign-up form: name, e-mail and password."""
    return content_section(
        title=_("Create an account"),
        intro=_("Take part in conversations: vote on comments and write your own."),
        body=[
            form_component(
                form,
                request=request,
                submit=_("Create my account"),
                hidden={"next": next_url} if next_url else None,
            ),
            _links(
                span[
                    _("Already have an account?"),
                    " ",
                    link(href=_with_next("/login/", next_url), text=_("Log in")),
                ]
            ),
        ],
    )


# Password reset ------------------------------------------------------------------------------


@component(
    examples={
        "default": lambda: {"form": PasswordResetRequestForm(), "request": example_request()},
        "error": lambda: {
            "form": with_errors(
                PasswordResetRequestForm(data={"email": "maria"}),
                {"email": _("Enter a valid email address.")},
            ),
            "request": example_request(),
        },
    }
)
def password_reset_request_content(*, form: forms.Form, request: HttpRequest) -> Renderable:
    """Ask for a link to choose a new password."""
    return content_section(
        title=_("Reset your password"),
        intro=_("Type the e-mail you log in with and we will send you a link to choose a new one."),
        body=form_component(form, request=request, submit=_("Send me the link")),
    )


@component(examples={"default": {"lifetime": "1 hora"}, "long": {"lifetime": "3 dias"}})
def password_reset_sent_content(*, lifetime: str) -> Renderable:
    """What happens next, worded the same whether or not an account uses that e-mail."""
    return content_section(
        title=_("Check your e-mail"),
        body=[
            p[
                _(
                    "If an account uses the e-mail you typed, we have sent it a link to choose a "
                    "new password. The link works once and for %(lifetime)s."
                )
                % {"lifetime": lifetime}
            ],
            p[
                _(
                    "Nothing arrived? Look in the spam folder, check the address, or ask for a "
                    "new link."
                )
            ],
            _links(link(href="/password/reset/", text=_("Ask for a new link"))),
        ],
    )


@component(examples={"default": dict})
def password_reset_invalid_content() -> Renderable:
    """A reset link that does not work (used, expired, or mangled by the mail program)."""
    return content_section(
        title=_("This link does not work"),
        body=[
            p[
                _(
                    "The link to choose a new password was already used, has expired, or is "
                    "incomplete. Ask for a new one: it only takes a minute."
                )
            ],
            _links(link(href="/password/reset/", text=_("Ask for a new link"), variant="primary")),
        ],
    )


def _set_password_example(errors: bool = False) -> forms.Form:
    from django.contrib.auth.forms import SetPasswordForm

    form = SetPasswordForm(example_user(), data={"new_password1": "1", "new_password2": "2"})
    if errors:
        return with_errors(form, {"new_password2": _("The two password fields didn’t match.")})
    return SetPasswordForm(example_user())


@component(
    examples={
        "default": lambda: {"form": _set_password_example(), "request": example_request()},
        "error": lambda: {"form": _set_password_example(True), "request": example_request()},
    }
)
def set_password_content(*, form: forms.Form, request: HttpRequest) -> Renderable:
    """Choose a new password (from a reset link)."""
    return content_section(
        title=_("Choose a new password"),
        body=form_component(form, request=request, submit=_("Save the new password")),
    )


@component(
    document=True,
    examples={
        "default": {
            "site": "EJ",
            "url": "https://ej.example.org/password/reset/MQ/abc-123/",
            "lifetime": "1 hora",
        },
        "hostile text": {"site": HOSTILE_TEXT, "url": HOSTILE_TEXT, "lifetime": HOSTILE_TEXT},
    },
)
def password_reset_email(*, site: str, url: str, lifetime: str) -> Renderable:
    """The HTML part of the password-reset e-mail (the plain-text part says the same)."""
    return htpy.html[
        htpy.head[htpy.meta(charset="utf-8"), htpy.title[site]],
        htpy.body(style="font-family: sans-serif; line-height: 1.5; color: #1d2433")[
            p[_("Hello,")],
            p[
                _(
                    "Someone, hopefully you, asked to reset the password of the %(site)s account "
                    "that uses this e-mail address. To choose a new password, open this link:"
                )
                % {"site": site}
            ],
            p[a(href=safe_url(url))[url]],
            p[_("The link works once and for %(lifetime)s.") % {"lifetime": lifetime}],
            p[_("If you did not ask for this, ignore this message: your password stays the same.")],
        ],
    ]


# Limits ------------------------------------------------------------------------------------


def too_many_attempts_title(reason: str) -> str:
    if reason == "login":
        return _("Logging in is paused")
    return _("Too many attempts")


def _minutes(minutes: int) -> str:
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


@component(
    examples={
        "login": {"reason": "login", "minutes": 15},
        "sign-up": {"reason": "signup", "minutes": 60},
        "password reset": {"reason": "password-reset", "minutes": 1},
    }
)
def too_many_attempts(*, reason: str, minutes: int) -> Renderable:
    """Why a request was refused for a while (failed logins, too many sign-ups or resets)."""
    wait = _minutes(minutes)
    if reason == "login":
        message = _(
            "There were too many failed attempts to log in to this account or from your network. "
            "For your safety, logging in is paused for %(wait)s. Wait and try again, or choose "
            "a new password if you forgot it."
        ) % {"wait": wait}
        actions = [link(href="/password/reset/", text=_("Choose a new password"))]
    elif reason == "signup":
        message = _(
            "Too many accounts were created from your network in a short time. Please wait "
            "%(wait)s and try again."
        ) % {"wait": wait}
        actions = [link(href="/login/", text=_("Log in"))]
    else:
        message = _(
            "Too many password-reset links were asked for this e-mail or from your network. "
            "Please wait %(wait)s and try again; the links already sent still work."
        ) % {"wait": wait}
        actions = [link(href="/login/", text=_("Log in"))]
    return content_section(
        title=too_many_attempts_title(reason),
        body=[div(class_="notice notice--warning", role="alert")[p[message]], _links(*actions)],
    )


# Account ------------------------------------------------------------------------------------


@component(
    examples={
        "default": lambda: {"user": example_user()},
        "long Portuguese text": lambda: {"user": example_user(name=LONG_PORTUGUESE_TEXT)},
        "hostile text": lambda: {"user": example_user(name=HOSTILE_TEXT, email="x@example.org")},
    }
)
def account_content(*, user: User) -> Renderable:
    """The account hub: who is logged in and what they can manage."""
    return content_section(
        title=_("Your account"),
        intro=_("Logged in as %(name)s (%(email)s).")
        % {"name": user.display_name, "email": user.email},
        body=ul(class_="account-menu")[
            _account_item("/profile/", _("Your profile"), _("What others see, and your details.")),
            _account_item(
                "/profile/contributions/",
                _("Your contributions"),
                _("Your conversations, comments, votes and favourites."),
            ),
            _account_item("/account/password/", _("Change password"), _("Choose a new password.")),
            _account_item(
                "/account/tokens/",
                _("API tokens"),
                _("Personal keys for programs that use the API on your behalf."),
            ),
            _account_item(
                "/account/remove/",
                _("Remove account"),
                _("Erase your name, e-mail and profile. Your votes stay, without your name."),
            ),
        ],
    )


def _account_item(href: str, title: str, text: str) -> Renderable:
    return li(class_="account-menu__item")[
        a(class_="account-menu__link", href=href)[title], p(class_="account-menu__text")[text]
    ]


def _password_change_example(errors: bool = False) -> forms.Form:
    from django.contrib.auth.forms import PasswordChangeForm

    if not errors:
        return PasswordChangeForm(example_user())
    form = PasswordChangeForm(example_user(), data={"old_password": "x"})
    return with_errors(
        form,
        {"old_password": _("Your old password was entered incorrectly. Please enter it again.")},
    )


@component(
    examples={
        "default": lambda: {"form": _password_change_example(), "request": example_request()},
        "error": lambda: {"form": _password_change_example(True), "request": example_request()},
    }
)
def password_change_content(*, form: forms.Form, request: HttpRequest) -> Renderable:
    """Change the password, typing the current one first."""
    return content_section(
        title=_("Change password"),
        body=[
            form_component(form, request=request, submit=_("Change password")),
            _links(link(href="/account/", text=_("Back to your account"))),
        ],
    )


# API tokens ----------------------------------------------------------------------------------


def _example_tokens() -> list[ApiToken]:
    now = timezone.now()
    return [
        ApiToken(id=2, name="Rocket.Chat", prefix="ej_a8Kd3Lq", created=now, last_used=now),
        ApiToken(
            id=1,
            name=LONG_PORTUGUESE_TEXT[:80],
            prefix="ej_Zx81pQw",
            created=now - datetime.timedelta(days=40),
        ),
    ]


def _when(value: datetime.datetime | None) -> str:
    if value is None:
        return _("Never")
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _revoke_button(token: ApiToken, request: HttpRequest) -> Renderable:
    return htpy.form(method="post", action=f"/account/tokens/{token.pk}/revoke/")[
        csrf_input(request),
        button(
            text=[_("Revoke"), span(class_="visually-hidden")[" ", token.name]],
            variant="danger",
            type="submit",
        ),
    ]


@component(
    examples={
        "default": lambda: {
            "tokens": _example_tokens(),
            "form": ApiTokenForm(),
            "request": example_request(),
        },
        "empty": lambda: {"tokens": [], "form": ApiTokenForm(), "request": example_request()},
        "just created": lambda: {
            "tokens": _example_tokens(),
            "form": ApiTokenForm(),
            "request": example_request(),
            "new_secret": "ej_a8Kd3LqW0mZr5tYv2NcB7xP1sJ4hG6fE9uK0oIqA",
        },
        "error": lambda: {
            "tokens": [],
            "form": with_errors(
                ApiTokenForm(data={"name": ""}), {"name": _("Give the token a name.")}
            ),
            "request": example_request(),
        },
        "hostile text": lambda: {
            "tokens": [ApiToken(id=3, name=HOSTILE_TEXT, prefix=HOSTILE_TEXT)],
            "form": ApiTokenForm(),
            "request": example_request(),
            "new_secret": HOSTILE_TEXT,
        },
    }
)
def api_tokens_content(
    *,
    tokens: Sequence[ApiToken],
    form: forms.Form,
    request: HttpRequest,
    new_secret: str | None = None,
) -> Renderable:
    """The person's API tokens, a form for a new one, and a new token's secret (shown once)."""
    columns = [
        Column("name", _("Name")),
        Column(lambda token: code[f"{token.prefix}…"], _("Starts with")),
        Column(lambda token: _when(token.created), _("Created")),
        Column(lambda token: _when(token.last_used), _("Last used")),
        Column(lambda token: _revoke_button(token, request), _("Revoke")),
    ]
    return content_section(
        title=_("API tokens"),
        intro=_(
            "A token lets a program use the API as you. Keep it secret like a password, and "
            "revoke it when it is no longer needed."
        ),
        width="wide",
        body=[
            new_secret
            and section(class_="token-secret", aria_labelledby="token-secret-title")[
                htpy.h2(id="token-secret-title")[_("Your new token")],
                p[_("Copy it now: it will not be shown again.")],
                htpy.input(
                    class_="token-secret__value",
                    type="text",
                    readonly=True,
                    value=new_secret,
                    aria_label=_("Your new token"),
                    spellcheck="false",
                    autocomplete="off",
                ),
            ],
            table(columns=columns, rows=tokens, caption=_("Your tokens"))
            if tokens
            else empty_state(
                title=_("No tokens yet"),
                message=_("Create one below when a program needs to use the API as you."),
            ),
            section(class_="token-new", aria_labelledby="token-new-title")[
                htpy.h2(id="token-new-title")[_("New token")],
                form_component(form, request=request, submit=_("Create token")),
            ],
            _links(link(href="/account/", text=_("Back to your account"))),
        ],
    )


# Removal ----------------------------------------------------------------------------------


def _remove_example(errors: bool = False) -> forms.Form:
    request = example_request()
    if not errors:
        return AccountRemoveForm(request=request, user=example_user())
    form = AccountRemoveForm(data={"password": "x"}, request=request, user=example_user())
    return with_errors(
        form,
        {"password": _("This is not your password."), "confirm": _("Tick this box to confirm.")},
    )


@component(
    examples={
        "default": lambda: {"form": _remove_example(), "request": example_request()},
        "error": lambda: {"form": _remove_example(True), "request": example_request()},
    }
)
def account_remove_content(*, form: forms.Form, request: HttpRequest) -> Renderable:
    """Remove the account: what is erased, what stays, then the password and a confirmation."""
    return content_section(
        title=_("Remove your account"),
        body=[
            div(class_="notice notice--warning")[
                p[_("Removing your account cannot be undone.")],
                ul[
                    li[_("Your name, e-mail, profile, picture and API tokens are erased.")],
                    li[
                        _(
                            "Your votes and comments stay in the conversations, without your "
                            "name, so that their results do not change."
                        )
                    ],
                    li[_("You are logged out everywhere and cannot log in again.")],
                ],
            ],
            form_component(form, request=request, submit=_("Remove my account")),
            _links(link(href="/account/", text=_("Keep my account"))),
        ],
    )

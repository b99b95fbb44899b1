"""Content of the site's own pages (the home page)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from htpy import Renderable, div, h1, h2, h3, li, ol, p, section, ul

from ej_components.catalog import component
from ej_components.examples import example_user
from ej_components.layout import site_name
from ej_components.primitives import link

__all__ = ["call_to_action", "home_content"]


@component(
    examples={
        "logged out": lambda: {"user": AnonymousUser()},
        "logged in": lambda: {"user": example_user()},
    }
)
def call_to_action(*, user: Any) -> Renderable:
    """Where to go next: the conversations, and signing up for visitors."""
    return div(class_="call-to-action")[
        link(href="/conversations/", text=_("See the conversations"), variant="primary"),
        not user.is_authenticated
        and link(href="/signup/", text=_("Sign up to take part"), variant="secondary"),
    ]


def _step(title: str, text: str) -> Renderable:
    return li(class_="steps__item")[h3(class_="steps__title")[title], p[text]]


@component(
    examples={
        "logged out": lambda: {"user": AnonymousUser()},
        "logged in": lambda: {"user": example_user()},
    }
)
def home_content(*, user: Any) -> Renderable:
    """The home page: what EJ is, how taking part works and what organizers get."""
    site = site_name()
    return div(class_="home")[
        section(class_="hero")[
            div(class_="container")[
                div(class_="hero__inner")[
                    h1(class_="hero__title")[_("Conversations that find common ground")],
                    p(class_="hero__lead")[
                        _(
                            "%(site)s is a platform for public participation. People join "
                            "conversations, vote on short comments and write their own. The "
                            "platform finds the opinion groups that form and shows what each "
                            "group thinks, what everyone agrees on and where opinions split."
                        )
                        % {"site": site}
                    ],
                    call_to_action(user=user),
                ]
            ]
        ],
        section(class_="container home__section", aria_labelledby="how-it-works")[
            h2(id="how-it-works")[_("How taking part works")],
            ol(class_="steps")[
                _step(
                    _("Join a conversation"),
                    _("Each conversation asks one question about a topic that matters."),
                ),
                _step(
                    _("Vote on comments"),
                    _(
                        "Read short comments written by other participants and vote: agree, "
                        "disagree or skip."
                    ),
                ),
                _step(
                    _("Write your own"),
                    _("Add the comments you miss, so that others can vote on them too."),
                ),
            ],
        ],
        section(class_="container home__section", aria_labelledby="what-organizers-see")[
            h2(id="what-organizers-see")[_("What organizers see")],
            ul(class_="features")[
                li(class_="features__item")[
                    h3[_("Opinion groups")],
                    p[_("People who vote alike are grouped, and each group's views are shown.")],
                ],
                li(class_="features__item")[
                    h3[_("Common ground")],
                    p[_("The comments that every group agrees on, ready to build upon.")],
                ],
                li(class_="features__item")[
                    h3[_("Where opinions split")],
                    p[_("The comments that divide the groups, so the debate can focus there.")],
                ],
            ],
        ],
    ]

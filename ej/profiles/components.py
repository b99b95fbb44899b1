"""Profile pages: a person's page, the edit form, contributions, demographic summaries."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import htpy
from django import forms
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from htpy import Renderable, dd, div, dl, dt, h2, li, p, section, span, ul

from ej.profiles.contributions import Contributions, VotesInConversation, conversation_url
from ej.profiles.forms import ProfileForm
from ej.profiles.models import Profile
from ej.profiles.selectors import DemographicCount
from ej.users.components import with_errors
from ej_components.catalog import component
from ej_components.examples import (
    HOSTILE_TEXT,
    LONG_PORTUGUESE_TEXT,
    LONG_PORTUGUESE_WORD,
    example_request,
    example_user,
)
from ej_components.forms import form as form_component
from ej_components.primitives import empty_state, link, progress_bar
from ej_components.sections import content_section
from ej_components.tables import Column, table
from ej_components.users import user_avatar

__all__ = [
    "contributions_content",
    "demographics_table",
    "profile_content",
    "profile_edit_content",
]


def _example_profile(**fields: Any) -> Profile:
    user = example_user(name=fields.pop("name", "Maria da Silva"))
    user.date_joined = timezone.now() - datetime.timedelta(days=400)
    profile = Profile(user=user, **fields)
    user.profile = profile
    return profile


_EXAMPLE_ANSWERS = [
    (_("Gender"), _("Woman")),
    (_("Colour or race"), _("Brown (parda)")),
    (_("Birth date"), "12 de março de 1990"),
    (_("City"), "Recife"),
    (_("State"), "Pernambuco"),
]


def _answers_list(answers: Sequence[tuple[str, str]]) -> Renderable:
    return dl(class_="answers")[
        [div(class_="answers__row")[dt[label], dd[value]] for label, value in answers]
    ]


def _profile_header(profile: Profile) -> Renderable:
    person = profile.user
    joined = formats.date_format(timezone.localtime(person.date_joined), "DATE_FORMAT")
    return div(class_="profile-header")[
        user_avatar(person, size="large", decorative=True),
        div(class_="profile-header__text")[
            htpy.h1(class_="profile-header__name")[person.display_name],
            p(class_="profile-header__joined")[_("Joined on %(date)s") % {"date": joined}],
        ],
    ]


def _own_answers(profile: Profile, answers: Sequence[tuple[str, str]]) -> Renderable:
    if profile.share_demographics:
        who = _(
            "You let the organizers of the conversations you take part in see these answers. "
            "Everyone else sees them only in totals."
        )
    else:
        who = _(
            "Only you see these answers. Organizers see them only in totals, in which no one can "
            "be picked out."
        )
    return section(class_="profile-section", aria_labelledby="answers-title")[
        h2(id="answers-title")[_("Your answers")],
        p(class_="profile-section__note")[who],
        _answers_list(answers)
        if answers
        else empty_state(
            title=_("No answers yet"),
            message=_(
                "Answering helps organizers know who takes part. Every question is optional."
            ),
            action=link(href="/profile/edit/", text=_("Answer the questions")),
            heading_level=3,
        ),
    ]


@component(
    examples={
        "own": lambda: {
            "profile": _example_profile(biography="Professora em Recife."),
            "answers": _EXAMPLE_ANSWERS,
            "own": True,
        },
        "own, empty": lambda: {"profile": _example_profile(), "answers": [], "own": True},
        "someone else's": lambda: {
            "profile": _example_profile(biography="Professora em Recife.", is_public=True),
            "answers": [],
            "own": False,
        },
        "shared with an organizer": lambda: {
            "profile": _example_profile(share_demographics=True),
            "answers": _EXAMPLE_ANSWERS,
            "own": False,
        },
        "long Portuguese text": lambda: {
            "profile": _example_profile(
                name=f"Maria {LONG_PORTUGUESE_WORD}", biography=LONG_PORTUGUESE_TEXT
            ),
            "answers": [(LONG_PORTUGUESE_WORD, LONG_PORTUGUESE_TEXT)],
            "own": True,
        },
        "hostile text": lambda: {
            "profile": _example_profile(name=HOSTILE_TEXT, biography=HOSTILE_TEXT),
            "answers": [(HOSTILE_TEXT, HOSTILE_TEXT)],
            "own": False,
        },
    }
)
def profile_content(
    *, profile: Profile, answers: Sequence[tuple[str, str]], own: bool
) -> Renderable:
    """A profile page. Your own shows your answers and who may see them, with links to edit;
    someone else's shows their public information (and answers they shared with you)."""
    biography = profile.biography.strip()
    return section(class_="container content-section content-section--narrow profile")[
        _profile_header(profile),
        biography
        and div(class_="profile__biography")[
            [p[line] for line in biography.splitlines() if line.strip()]
        ],
        own
        and ul(class_="profile__actions")[
            li[link(href="/profile/edit/", text=_("Edit profile"), variant="primary")],
            li[
                link(
                    href="/profile/contributions/",
                    text=_("Your contributions"),
                    variant="secondary",
                )
            ],
            li[link(href="/account/", text=_("Account settings"), variant="secondary")],
        ],
        own
        and p(class_="profile-section__note")[
            _(
                "Your profile page is public: anyone can see your name, picture and the text "
                "about you."
            )
            if profile.is_public
            else _("Your profile page is private: only you can see it.")
        ],
        _own_answers(profile, answers)
        if own
        else answers
        and section(class_="profile-section", aria_labelledby="answers-title")[
            h2(id="answers-title")[_("Answers shared with organizers")],
            _answers_list(answers),
        ],
    ]


def _edit_example(errors: bool = False) -> ProfileForm:
    user = example_user()
    profile = Profile(user=user)
    if not errors:
        return ProfileForm(instance=profile, user=user)
    form = ProfileForm(
        data={"name": "Maria", "birth_date": "2999-01-01"}, instance=profile, user=user
    )
    return with_errors(
        form,
        {
            "avatar": _(
                "This file is not a picture we can read. Upload a JPEG, PNG, GIF or WebP image."
            ),
            "birth_date": _("A birth date cannot be in the future."),
        },
    )


@component(
    examples={
        "default": lambda: {"form": _edit_example(), "request": example_request()},
        "error": lambda: {"form": _edit_example(True), "request": example_request()},
    }
)
def profile_edit_content(*, form: forms.Form, request: HttpRequest) -> Renderable:
    """The profile form: name, picture, text, optional questions and who may see them."""
    return content_section(
        title=_("Edit profile"),
        intro=_(
            "Every question is optional. Your answers help organizers know who takes part; they "
            "see them only in totals unless you allow otherwise."
        ),
        body=[
            form_component(form, request=request, submit=_("Save profile")),
            ul(class_="account-links")[li[link(href="/profile/", text=_("Back to your profile"))]],
        ],
    )


@component(
    examples={
        "default": lambda: {
            "title": _("Gender"),
            "rows": [
                DemographicCount("woman", _("Woman"), 48),
                DemographicCount("man", _("Man"), 41),
                DemographicCount("", _("Not answered"), 12),
                DemographicCount(
                    "__other__",
                    _("Answers given by fewer than %(count)s people each") % {"count": 5},
                    None,
                ),
            ],
        },
        "empty": lambda: {"title": _("Gender"), "rows": []},
        "hostile text": lambda: {
            "title": HOSTILE_TEXT,
            "rows": [DemographicCount(HOSTILE_TEXT, HOSTILE_TEXT, 7)],
        },
    }
)
def demographics_table(*, title: str, rows: Sequence[DemographicCount]) -> Renderable:
    """A demographic summary (from ``demographics_summary``): answers and how many gave them,
    with small groups merged and hidden."""
    threshold_note = _("fewer than the minimum")
    return table(
        columns=[
            Column("label", _("Answer")),
            Column(
                lambda row: threshold_note if row.count is None else row.count,
                _("People"),
                numeric=True,
            ),
        ],
        rows=rows,
        caption=title,
        empty=_("No one has answered yet."),
    )


# Contributions --------------------------------------------------------------------------------


def _example_contributions(empty: bool = False) -> Contributions:
    from ej.conversations.models import Comment, Conversation

    if empty:
        return Contributions(counts={"conversations": 0, "comments": 0, "votes": 0, "favorites": 0})
    transport = Conversation(
        id=1, title="Transporte público", slug="transporte-publico", comment_limit=2
    )
    transport.n_comments = 24
    schools = Conversation(id=2, title=LONG_PORTUGUESE_TEXT[:120], slug="escolas", comment_limit=2)
    now = timezone.now()
    approved = Comment(
        id=1, conversation=transport, text="Mais ônibus à noite.", status="approved", created=now
    )
    pending = Comment(
        id=2,
        conversation=transport,
        text="Tarifa zero aos domingos.",
        status="pending",
        created=now,
    )
    rejected = Comment(
        id=3,
        conversation=schools,
        text=HOSTILE_TEXT,
        status="rejected",
        rejection_reason="off_topic",
        rejection_text="O comentário fala de outro assunto.",
        created=now,
    )
    for comment, votes in ((approved, (12, 3, 2)), (pending, (0, 0, 0)), (rejected, (0, 0, 0))):
        comment.n_agree, comment.n_disagree, comment.n_skip = votes
    return Contributions(
        conversations=[transport],
        comments=[approved, pending, rejected],
        votes=[VotesInConversation(schools, agree=5, disagree=2, skip=1, open_comments=20)],
        favorites=[transport, schools],
        counts={"conversations": 1, "comments": 3, "votes": 8, "favorites": 2},
    )


def _status_badge(comment: Any) -> Renderable:
    return span(class_=["contribution__status", f"contribution__status--{comment.status}"])[
        comment.get_status_display()
    ]


def _comment_item(comment: Any) -> Renderable:
    conversation = comment.conversation
    return li(class_="contribution")[
        p(class_="contribution__text")[comment.text],
        div(class_="contribution__meta")[
            _status_badge(comment),
            " ",
            link(href=conversation_url(conversation), text=conversation.title),
        ],
        comment.status == "rejected"
        and div(class_="contribution__rejection")[
            p[
                span(class_="contribution__label")[_("Reason:")],
                " ",
                comment.get_rejection_reason_display(),
            ],
            comment.rejection_text and p[comment.rejection_text],
        ],
        comment.status == "approved"
        and p(class_="contribution__votes")[
            _("%(agree)s agree, %(disagree)s disagree, %(skip)s skipped")
            % {"agree": comment.n_agree, "disagree": comment.n_disagree, "skip": comment.n_skip}
        ],
    ]


def _votes_item(votes: VotesInConversation) -> Renderable:
    conversation = votes.conversation
    return li(class_="contribution")[
        link(href=conversation_url(conversation), text=conversation.title),
        progress_bar(
            value=min(votes.total, votes.open_comments),
            maximum=votes.open_comments,
            label=_("Comments you voted on"),
        ),
        p(class_="contribution__votes")[
            _("%(agree)s agree, %(disagree)s disagree, %(skip)s skipped")
            % {"agree": votes.agree, "disagree": votes.disagree, "skip": votes.skip}
        ],
    ]


def _section(
    key: str,
    title: str,
    count: int,
    truncated: bool,
    items: list,
    empty_title: str,
    empty_message: str,
) -> Renderable:
    heading_id = f"contributions-{key}"
    return section(class_="profile-section", id=key, aria_labelledby=heading_id)[
        h2(id=heading_id)[title, " ", span(class_="count")[f"({count})"]],
        ul(class_="contributions")[items]
        if items
        else empty_state(title=empty_title, message=empty_message, heading_level=3),
        truncated
        and p(class_="profile-section__note")[
            _("Only the latest %(count)s are shown.") % {"count": len(items)}
        ],
    ]


@component(
    examples={
        "default": lambda: {"contributions": _example_contributions()},
        "empty": lambda: {"contributions": _example_contributions(empty=True)},
    }
)
def contributions_content(*, contributions: Contributions) -> Renderable:
    """The person's conversations, comments (with moderation status and rejection reason),
    votes by conversation and favourites."""
    counts = contributions.counts
    return content_section(
        title=_("Your contributions"),
        width="wide",
        body=[
            htpy.nav(class_="contributions-nav", aria_label=_("Sections"))[
                ul[
                    li[htpy.a(href="#comments")[_("Comments")]],
                    li[htpy.a(href="#votes")[_("Votes")]],
                    li[htpy.a(href="#conversations")[_("Conversations")]],
                    li[htpy.a(href="#favorites")[_("Favourites")]],
                ]
            ],
            _section(
                "comments",
                _("Comments"),
                counts.get("comments", 0),
                counts.get("comments", 0) > len(contributions.comments),
                [_comment_item(comment) for comment in contributions.comments],
                _("No comments yet"),
                _("Comments you write in conversations show up here with their moderation status."),
            ),
            _section(
                "votes",
                _("Votes"),
                counts.get("votes", 0),
                len(contributions.votes) >= contributions.limit,
                [_votes_item(votes) for votes in contributions.votes],
                _("No votes yet"),
                _("Vote on comments in a conversation and your progress shows up here."),
            ),
            _section(
                "conversations",
                _("Conversations"),
                counts.get("conversations", 0),
                counts.get("conversations", 0) > len(contributions.conversations),
                [
                    li(class_="contribution")[
                        link(href=conversation_url(conversation), text=conversation.title),
                        p(class_="contribution__votes")[
                            ngettext(
                                "%(count)s comment open for votes",
                                "%(count)s comments open for votes",
                                conversation.n_comments,
                            )
                            % {"count": conversation.n_comments}
                        ],
                    ]
                    for conversation in contributions.conversations
                ],
                _("No conversations yet"),
                _("Conversations you start show up here."),
            ),
            _section(
                "favorites",
                _("Favourites"),
                counts.get("favorites", 0),
                counts.get("favorites", 0) > len(contributions.favorites),
                [
                    li(class_="contribution")[
                        link(href=conversation_url(conversation), text=conversation.title)
                    ]
                    for conversation in contributions.favorites
                ],
                _("No favourites yet"),
                _("Mark a conversation as a favourite to find it here."),
            ),
        ],
    )

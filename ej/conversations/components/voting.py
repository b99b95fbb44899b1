"""The participation column of a conversation: progress, the comment to vote on, the comment
form and the person's own comments."""

from __future__ import annotations

from collections.abc import Sequence

import htpy
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from htpy import Node, Renderable, div, h2, li, p, section, span, ul

from ej.conversations.examples import example_comment, example_conversation
from ej.conversations.models import Choice, Comment, Conversation
from ej_components.catalog import component
from ej_components.examples import (
    HOSTILE_TEXT,
    LONG_PORTUGUESE_TEXT,
    example_request,
    example_user,
)
from ej_components.forms import csrf_input, field
from ej_components.primitives import button, empty_state, link, progress_bar

__all__ = [
    "comment_card",
    "comment_panel",
    "participation",
    "vote_buttons",
    "your_comments",
]

# Keys that vote while the comment card has the focus (see static_src/public/js/ej.js).
VOTE_KEYS = {Choice.AGREE: "a", Choice.DISAGREE: "d", Choice.SKIP: "s"}


def _vote_label(choice: Choice) -> str:
    return {
        Choice.AGREE: _("Agree"),
        Choice.DISAGREE: _("Disagree"),
        Choice.SKIP: _("Skip"),
    }[choice]


@component(
    examples={
        "default": lambda: {},
        "current vote": lambda: {"current": Choice.AGREE},
        "disabled": lambda: {"disabled": True},
    }
)
def vote_buttons(*, current: Choice | None = None, disabled: bool = False) -> Renderable:
    """Disagree, skip and agree: submit buttons named ``choice``; the current vote is pressed."""
    order = (Choice.DISAGREE, Choice.SKIP, Choice.AGREE)
    return div(class_="vote-buttons", role="group", aria_label=_("Your vote"))[
        [
            htpy.button(
                type="submit",
                name="choice",
                value=choice.word,
                class_=["vote-button", f"vote-button--{choice.word}"],
                aria_pressed=("true" if choice == current else "false")
                if current is not None
                else None,
                aria_keyshortcuts=VOTE_KEYS[choice].upper(),
                data_ej_key=VOTE_KEYS[choice],
                disabled=disabled,
            )[_vote_label(choice)]
            for choice in order
        ]
    ]


def _comment_examples() -> dict:
    def base(**kwargs):
        return {
            "comment": example_comment(),
            "vote_url": "/conversations/transporte-publico/vote/",
            "request": example_request(user=example_user()),
            **kwargs,
        }

    return {
        "default": lambda: base(),
        "own comment": lambda: base(is_own=True),
        "already voted": lambda: base(current=Choice.DISAGREE),
        "logged out": lambda: base(
            request=example_request(), can_vote=False, login_url="/login/?next=/"
        ),
        "long Portuguese text": lambda: base(
            comment=example_comment(text=LONG_PORTUGUESE_TEXT[:252])
        ),
        "hostile text": lambda: base(comment=example_comment(text=HOSTILE_TEXT), next=HOSTILE_TEXT),
    }


@component(examples=_comment_examples())
def comment_card(
    *,
    comment: Comment,
    vote_url: str,
    request: HttpRequest,
    can_vote: bool = True,
    login_url: str | None = None,
    is_own: bool = False,
    current: Choice | None = None,
    next: str | None = None,
    focus: bool = False,
) -> Renderable:
    """A comment to vote on: its text and the vote buttons (or a log-in link).

    While the card has the focus, A, D and S vote agree, disagree and skip.
    """
    text_id = f"comment-{comment.pk}-text"
    if can_vote:
        action: Node = htpy.form(class_="vote-form", method="post", action=vote_url)[
            csrf_input(request),
            htpy.input(type="hidden", name="comment", value=str(comment.pk)),
            next and htpy.input(type="hidden", name="next", value=next),
            vote_buttons(current=current),
            p(class_="vote-form__hint")[
                _("While this card has the focus: A agree, D disagree, S skip.")
            ],
        ]
    else:
        action = p(class_="comment-card__login")[
            link(href=login_url or "/login/", text=_("Log in to vote"), variant="primary")
        ]
    return htpy.article(
        class_="comment-card",
        tabindex="-1",
        aria_labelledby=text_id,
        data_ej_vote_card=True,
        data_ej_focus=focus or None,
    )[
        is_own and p(class_="comment-card__badge")[_("Your comment")],
        p(class_="comment-card__text", id=text_id)[comment.text],
        current is not None
        and p(class_="comment-card__current")[
            _("You voted: %(choice)s. Choose again to change your vote.")
            % {"choice": _vote_label(Choice(current))}
        ],
        action,
        comment.pk
        and p(class_="comment-card__share")[
            htpy.a(href=comment.get_absolute_url())[_("Link to this comment")]
        ],
    ]


@component(
    examples={
        "default": lambda: {"comments": [example_comment(status=Comment.Status.PENDING)]},
        "every status": lambda: {
            "comments": [
                example_comment(id=1, status=Comment.Status.APPROVED),
                example_comment(id=2, text="Tarifa zero aos domingos.", status="pending"),
                example_comment(
                    id=3,
                    text="Fora do tema.",
                    status=Comment.Status.REJECTED,
                    rejection_reason="off_topic",
                    rejection_text="A conversa é sobre transporte.",
                ),
            ]
        },
        "empty": lambda: {"comments": []},
        "hostile text": lambda: {
            "comments": [
                example_comment(
                    text=HOSTILE_TEXT,
                    status=Comment.Status.REJECTED,
                    rejection_reason="other",
                    rejection_text=HOSTILE_TEXT,
                )
            ]
        },
    }
)
def your_comments(*, comments: Sequence[Comment]) -> Renderable:
    """The person's own comments in a conversation, with their moderation status and, when
    rejected, why."""
    if not comments:
        return htpy.fragment[None]
    return section(class_="your-comments", aria_labelledby="your-comments-title")[
        h2(class_="your-comments__title", id="your-comments-title")[_("Your comments")],
        ul(class_="your-comments__list")[
            [
                li(class_=["your-comments__item", f"your-comments__item--{comment.status}"])[
                    p(class_="your-comments__text")[comment.text],
                    p(class_="your-comments__status")[
                        span(class_=["status-badge", f"status-badge--{comment.status}"])[
                            str(comment.get_status_display())
                        ],
                        comment.is_rejected
                        and [
                            " ",
                            str(comment.get_rejection_reason_display()),
                            comment.rejection_text and [": ", comment.rejection_text],
                        ],
                    ],
                ]
                for comment in comments
            ]
        ],
    ]


def _remaining_text(remaining: int | None) -> str:
    if remaining is None:
        return _("As an organizer of this conversation, you can write as many as you need.")
    return ngettext(
        "You can still write %(count)d comment.",
        "You can still write %(count)d comments.",
        remaining,
    ) % {"count": remaining}


def _panel_examples() -> dict:
    from ej.conversations.forms import CommentForm

    def invalid():
        form = CommentForm({"text": "x"})
        form.is_valid()
        return form

    def base(**kwargs):
        return {
            "form": CommentForm(),
            "action": "/conversations/transporte-publico/comment/",
            "request": example_request(user=example_user()),
            "remaining": 2,
            **kwargs,
        }

    return {
        "default": lambda: base(),
        "error": lambda: base(form=invalid(), remaining=1),
        "organizer": lambda: base(remaining=None),
        "limit reached": lambda: base(remaining=0),
        "logged out": lambda: base(request=example_request(), remaining=0),
    }


@component(examples=_panel_examples())
def comment_panel(
    *,
    form: forms.Form,
    action: str,
    request: HttpRequest,
    remaining: int | None,
    login_url: str = "/login/",
    focus: bool = False,
) -> Renderable:
    """Write a comment: the form and how many comments are left, or why there is no form."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        body: Node = p[link(href=login_url, text=_("Log in to write a comment"))]
    elif remaining == 0:
        body = p(class_="comment-panel__limit")[
            _(
                "You have written as many comments as this conversation accepts from each "
                "participant. Thank you! You can keep voting."
            )
        ]
    else:
        body = [
            p(class_="comment-panel__remaining")[_remaining_text(remaining)],
            htpy.form(class_="form comment-form", method="post", action=action)[
                csrf_input(request),
                [field(bound) for bound in form.visible_fields()],
                div(class_="form__actions")[button(text=_("Send comment"), type="submit")],
            ],
        ]
    return section(class_="comment-panel", aria_labelledby="comment-panel-title")[
        h2(
            class_="comment-panel__title",
            id="comment-panel-title",
            tabindex="-1",
            data_ej_focus=focus or None,
        )[_("Add a comment")],
        body,
    ]


def _participation_examples() -> dict:
    from ej.conversations.forms import CommentForm

    def base(**kwargs):
        request = kwargs.pop("request", example_request(user=example_user()))
        return {
            "conversation": example_conversation(),
            "request": request,
            "comment": example_comment(),
            "voted": 3,
            "total": 12,
            "comment_form": CommentForm(),
            "remaining": 2,
            "own_comments": [],
            **kwargs,
        }

    return {
        "default": lambda: base(),
        "finished": lambda: base(comment=None, voted=12),
        "skipped comments return": lambda: base(voted=12, current=Choice.SKIP),
        "no comments yet": lambda: base(comment=None, voted=0, total=0),
        "logged out": lambda: base(request=example_request(), can_vote=False, remaining=0),
        "with own comments": lambda: base(
            own_comments=[example_comment(status=Comment.Status.PENDING)], remaining=1
        ),
    }


@component(examples=_participation_examples())
def participation(
    *,
    conversation: Conversation,
    request: HttpRequest,
    comment: Comment | None,
    voted: int,
    total: int,
    comment_form: forms.Form,
    remaining: int | None,
    own_comments: Sequence[Comment] = (),
    can_vote: bool = True,
    is_own: bool = False,
    current: Choice | None = None,
    focus: str | None = None,
) -> Renderable:
    """Everything a participant does on a conversation page, replaced in place by the page's
    script after a vote or a comment. ``focus`` (``"card"`` or ``"comment"``) says where the
    keyboard focus goes after the replacement."""
    login = _login_url(conversation)
    if comment is not None:
        card: Node = comment_card(
            comment=comment,
            vote_url=conversation.url("conversation-vote"),
            request=request,
            can_vote=can_vote,
            login_url=login,
            is_own=is_own,
            current=current,
            focus=focus == "card",
        )
    else:
        if total:
            done = empty_state(
                title=_("You have voted on every comment"),
                message=_(
                    "Thank you! New comments will show up here; you can also write your own."
                ),
            )
        else:
            done = empty_state(
                title=_("No comments to vote on yet"), message=_("Be the first to write one.")
            )
        card = div(
            class_="participation__done", tabindex="-1", data_ej_focus=focus == "card" or None
        )[done]
    return section(
        class_="participation",
        id="participation",
        aria_label=_("Take part"),
        data_ej_region=True,
    )[
        progress_bar(
            value=voted,
            maximum=total,
            label=_("You voted on %(voted)d of %(total)d comments")
            % {"voted": min(voted, total), "total": total},
        ),
        comment is not None
        and current == Choice.SKIP
        and p(class_="participation__skipped")[
            _(
                "You have been through every comment. Here are the ones you skipped, in case "
                "you have an opinion now."
            )
        ],
        card,
        comment_panel(
            form=comment_form,
            action=conversation.url("conversation-comment"),
            request=request,
            remaining=remaining,
            login_url=login,
            focus=focus == "comment",
        ),
        your_comments(comments=own_comments),
    ]


def _login_url(conversation: Conversation) -> str:
    from ej.conversations.http import login_url

    return login_url(conversation.get_absolute_url())

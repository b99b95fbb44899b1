"""The moderation queue of a conversation and its log of decisions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import htpy
from django.core.paginator import Paginator
from django.http import HttpRequest, QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from htpy import Node, Renderable, div, li, nav, p, span, ul

from ej.conversations.examples import example_comment, example_conversation
from ej.conversations.forms import ModerationForm
from ej.conversations.models import Comment, Conversation, ModerationLog
from ej_components.catalog import component
from ej_components.examples import HOSTILE_TEXT, LONG_PORTUGUESE_TEXT, example_request, example_user
from ej_components.forms import csrf_input, field
from ej_components.pagination import page_url, pagination
from ej_components.primitives import button
from ej_components.tables import Column, table

__all__ = ["moderation_log_table", "moderation_queue", "moderation_tabs"]

STATUS_TABS = (Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.REJECTED)


def _tab_label(status: str) -> str:
    return {
        Comment.Status.PENDING: _("Awaiting moderation"),
        Comment.Status.APPROVED: _("Approved"),
        Comment.Status.REJECTED: _("Rejected"),
    }[status]


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _tab_query(status: str, query: str) -> dict[str, str]:
    return {"status": status, "q": query} if query else {"status": status}


@component(
    examples={
        "default": lambda: {
            "current": "pending",
            "counts": {"pending": 3, "approved": 40, "rejected": 2},
        },
        "empty": lambda: {"current": "approved", "counts": {}},
    }
)
def moderation_tabs(*, current: str, counts: Mapping[str, int], query: str = "") -> Renderable:
    """Links to the comments of each status, with how many there are."""
    return nav(class_="tabs", aria_label=_("Comments by status"))[
        ul(class_="tabs__list")[
            [
                li(class_="tabs__item")[
                    htpy.a(
                        class_="tabs__link",
                        href=page_url(1, query=_tab_query(status, query)),
                        aria_current="page" if status == current else None,
                    )[
                        _tab_label(status),
                        " ",
                        span(class_="tabs__count")[str(counts.get(status, 0))],
                    ]
                ]
                for status in STATUS_TABS
            ]
        ]
    ]


def _checkbox(comment: Comment, selected: set[str]) -> Renderable:
    return htpy.input(
        type="checkbox",
        name="comments",
        value=str(comment.pk),
        form="moderation-form",
        class_="moderation__check",
        checked=str(comment.pk) in selected,
        aria_labelledby=f"moderate-text-{comment.pk}",
    )


def _status_cell(comment: Comment) -> Node:
    parts: list[Node] = [
        span(class_=["status-badge", f"status-badge--{comment.status}"])[
            str(comment.get_status_display())
        ]
    ]
    if comment.is_rejected and comment.rejection_reason:
        parts += [" ", str(comment.get_rejection_reason_display())]
        if comment.rejection_text:
            parts += [": ", comment.rejection_text]
    return parts


def _queue_examples() -> dict:
    conversation = example_conversation()
    request = example_request(user=example_user())

    def rows(*texts: str) -> list[Comment]:
        return [
            example_comment(id=index, text=text, status=Comment.Status.PENDING)
            for index, text in enumerate(texts, start=1)
        ]

    def base(**kwargs):
        comments = kwargs.pop("comments", rows("Tarifa zero aos domingos.", "Mais ciclovias."))
        return {
            "request": request,
            "conversation": conversation,
            "comments": comments,
            "form": ModerationForm(conversation=conversation),
            "status": "pending",
            "counts": {"pending": len(comments), "approved": 10, "rejected": 1},
            "page": Paginator(comments, 20).page(1),
            **kwargs,
        }

    def with_errors():
        form = ModerationForm(QueryDict("action=reject"), conversation=conversation)
        form.errors  # noqa: B018 - runs validation for the example
        return base(form=form)

    return {
        "default": lambda: base(),
        "error": with_errors,
        "empty": lambda: base(comments=[]),
        "long Portuguese text": lambda: base(comments=rows(LONG_PORTUGUESE_TEXT[:252])),
        "hostile text": lambda: base(comments=rows(HOSTILE_TEXT), query=HOSTILE_TEXT),
    }


@component(examples=_queue_examples())
def moderation_queue(
    *,
    request: HttpRequest,
    conversation: Conversation,
    comments: Sequence[Comment],
    form: ModerationForm,
    status: str,
    counts: Mapping[str, int],
    page,
    query: str = "",
) -> Renderable:
    """Comments of one status with checkboxes, a search box, and approve or reject for the
    ticked ones (rejecting needs a reason, shown to the authors)."""
    selected = set(form.data.getlist("comments")) if hasattr(form.data, "getlist") else set()
    top_errors = [*form.errors.get("comments", []), *form.errors.get("action", [])]
    top_errors += list(form.non_field_errors())
    columns = [
        Column(lambda comment: _checkbox(comment, selected), _("Select")),
        Column(lambda comment: span(id=f"moderate-text-{comment.pk}")[comment.text], _("Comment")),
        Column(lambda comment: comment.author.display_name, _("Author")),
        Column(lambda comment: _when(comment.created), _("Sent")),
        Column(_status_cell, _("Status")),
    ]
    search = htpy.form(class_="moderation__search", method="get", role="search")[
        htpy.input(type="hidden", name="status", value=status),
        htpy.label(for_="moderation-q", class_="field__label")[_("Search comments")],
        div(class_="moderation__search-row")[
            htpy.input(type="search", id="moderation-q", name="q", value=query, maxlength="100"),
            button(text=_("Search"), type="submit", variant="secondary"),
        ],
    ]
    return div(class_="moderation")[
        moderation_tabs(current=status, counts=counts, query=query),
        search,
        top_errors
        and div(class_="form__errors", role="alert")[ul[[li[str(error)] for error in top_errors]]],
        table(
            columns=columns,
            rows=comments,
            caption=_tab_label(status),
            empty=_("No comments here.") if not query else _("No comment matches your search."),
            class_="moderation__table",
        ),
        comments
        and htpy.form(
            id="moderation-form", class_="form moderation__actions", method="post", action=""
        )[
            csrf_input(request),
            htpy.input(type="hidden", name="status", value=status),
            htpy.input(type="hidden", name="q", value=query),
            p(class_="moderation__note")[
                _("Tick comments above, then approve or reject them all at once."),
                " ",
                htpy.button(
                    type="button",
                    class_="button button--secondary js-only",
                    data_ej_check_all="comments",
                )[_("Tick or untick all")],
            ],
            div(class_="moderation__fields")[field(form["reason"]), field(form["reason_text"])],
            div(class_="form__actions")[
                button(text=_("Approve ticked"), type="submit", name="action", value="approve"),
                button(
                    text=_("Reject ticked"),
                    type="submit",
                    name="action",
                    value="reject",
                    variant="danger",
                ),
            ],
        ],
        page is not None and pagination(page=page, query={"status": status, "q": query}),
    ]


def _log_change(entry: ModerationLog) -> Node:
    change = f"{entry.get_previous_status_display()} → {entry.get_status_display()}"
    if entry.rejection_reason:
        reason = str(entry.get_rejection_reason_display())
        if entry.rejection_text:
            reason = f"{reason}: {entry.rejection_text}"
        return [change, htpy.br, span(class_="moderation-log__reason")[reason]]
    return change


def _log_example(text: str = "Mais ciclovias.", **fields) -> ModerationLog:
    values = {
        "comment": example_comment(text=text),
        "moderator": example_user(),
        "previous_status": "pending",
        "status": "approved",
        "created": timezone.now(),
    }
    values.update(fields)
    return ModerationLog(**values)


@component(
    examples={
        "default": lambda: {
            "entries": [
                _log_example(),
                _log_example(text="Fora do tema.", status="rejected", rejection_reason="off_topic"),
            ]
        },
        "empty": lambda: {"entries": []},
        "hostile text": lambda: {
            "entries": [
                _log_example(
                    text=HOSTILE_TEXT,
                    status="rejected",
                    rejection_reason="other",
                    rejection_text=HOSTILE_TEXT,
                    moderator=example_user(name=HOSTILE_TEXT),
                )
            ]
        },
    }
)
def moderation_log_table(*, entries: Sequence[ModerationLog]) -> Renderable:
    """Who moderated which comment, when, and to what status (newest first)."""
    return table(
        columns=[
            Column(lambda entry: _when(entry.created), _("When")),
            Column(
                lambda entry: entry.moderator.display_name if entry.moderator else _("(removed)"),
                _("Moderator"),
            ),
            Column(lambda entry: entry.comment.text, _("Comment")),
            Column(_log_change, _("Decision")),
        ],
        rows=entries,
        caption=_("Moderation log"),
        empty=_("No moderation decisions yet."),
    )

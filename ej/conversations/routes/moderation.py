"""The moderation queue and the moderation log, for a conversation's moderators."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from htpy import div, p

from ej.conversations import selectors, services
from ej.conversations.components import moderation_log_table, moderation_queue
from ej.conversations.forms import ModerationForm, ModerationSearchForm
from ej.conversations.models import Comment, Conversation
from ej.conversations.routes import router
from ej.conversations.routes.helpers import add_errors, conversation_page
from ej_components.pagination import pagination
from ej_components.primitives import link
from ej_components.sections import content_section

QUEUE_PAGE_SIZE = 20
LOG_PAGE_SIZE = 50
MODERATORS_ONLY = ["ej_conversations.can_moderate:conversation"]


def _changed_message(count: int, status: str) -> str:
    if status == Comment.Status.APPROVED:
        return ngettext("%(count)d comment approved.", "%(count)d comments approved.", count) % {
            "count": count
        }
    return ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", count) % {
        "count": count
    }


@router.route(
    "<model:conversation>/moderate/",
    name="conversation-moderate",
    perms=MODERATORS_ONLY,
    methods=["GET", "POST"],
)
def moderate(request: HttpRequest, conversation: Conversation):
    source = request.POST if request.method == "POST" else request.GET
    search = ModerationSearchForm(source)
    search.is_valid()
    status = search.cleaned_data.get("status") or Comment.Status.PENDING
    query = search.cleaned_data.get("q", "")
    form = ModerationForm(
        request.POST if request.method == "POST" else None, conversation=conversation
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.comment_moderate(
                comments=form.cleaned_data["comments"],
                moderator=request.user,
                status=form.status,
                reason=form.cleaned_data["reason"],
                reason_text=form.cleaned_data["reason_text"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _changed_message(changed, form.status))
            back = {"status": status, **({"q": query} if query else {})}
            return redirect(f"{request.path}?{urlencode(back)}")
    comments = selectors.moderation_comments(conversation, status=status, query=query)
    current = Paginator(comments, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    title = _("Moderate “%(title)s”") % {"title": conversation.title}
    return conversation_page(
        request,
        conversation,
        title=title,
        content=content_section(
            title=title,
            width="wide",
            intro=_(
                "Approved comments are open for votes. Rejected ones are shown only to their "
                "authors, with the reason you give."
            ),
            body=[
                div(class_="page-actions")[
                    link(href=conversation.get_absolute_url(), text=_("Back to the conversation")),
                    link(
                        href=conversation.url("conversation-moderation-log"),
                        text=_("Moderation log"),
                    ),
                ],
                moderation_queue(
                    request=request,
                    conversation=conversation,
                    comments=list(current.object_list),
                    form=form,
                    status=status,
                    counts=selectors.status_counts(conversation),
                    page=current,
                    query=query,
                ),
            ],
        ),
    )


@router.route(
    "<model:conversation>/moderate/log/",
    name="conversation-moderation-log",
    perms=MODERATORS_ONLY,
    methods=["GET"],
)
def moderation_log(request: HttpRequest, conversation: Conversation):
    entries = conversation.moderation_log.select_related("comment", "moderator")
    current = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    title = _("Moderation log of “%(title)s”") % {"title": conversation.title}
    return conversation_page(
        request,
        conversation,
        title=title,
        content=content_section(
            title=title,
            width="wide",
            body=[
                p[
                    link(
                        href=conversation.url("conversation-moderate"), text=_("Back to moderation")
                    )
                ],
                moderation_log_table(entries=list(current.object_list)),
                pagination(page=current, query=request.GET),
            ],
        ),
    )

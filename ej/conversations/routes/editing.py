"""Create and edit a conversation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ej.boards.models import Board
from ej.conversations import services
from ej.conversations.forms import ConversationForm
from ej.conversations.models import Conversation
from ej.conversations.routes import router
from ej.conversations.routes.helpers import add_errors, conversation_page
from ej_components.forms import form as form_component
from ej_components.layout import page
from ej_components.sections import content_section


def _form(request: HttpRequest, **kwargs) -> ConversationForm:
    return ConversationForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        can_promote=request.user.has_perm("ej_conversations.can_promote"),
        **kwargs,
    )


@router.route(
    "add/",
    name="conversation-create",
    perms=["ej_conversations.can_create"],
    methods=["GET", "POST"],
)
def create(request: HttpRequest):
    boards = Board.objects.all() if request.user.is_staff else request.user.boards.all()
    board = boards.filter(slug=request.GET.get("board", "")).first()
    form = _form(request, initial={"board": board} if board else {})
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.conversation_create(
                author=request.user,
                comments=form.cleaned_data.get("comments", []),
                **form.service_arguments(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The conversation is open."))
            return redirect(conversation.get_absolute_url())
    return page(
        request,
        title=_("New conversation"),
        content=content_section(
            title=_("New conversation"),
            intro=_(
                "Ask one clear question. Participants vote on short comments and add their own."
            ),
            body=form_component(form, request=request, submit=_("Open the conversation")),
        ),
    )


@router.route(
    "<model:conversation>/edit/",
    name="conversation-edit",
    perms=["ej_conversations.can_edit:conversation"],
    methods=["GET", "POST"],
)
def edit(request: HttpRequest, conversation: Conversation):
    form = _form(request, conversation=conversation)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_update(
                conversation=conversation, editor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(conversation.get_absolute_url())
    title = _("Edit “%(title)s”") % {"title": conversation.title}
    return conversation_page(
        request,
        conversation,
        title=title,
        content=content_section(
            title=title,
            body=form_component(form, request=request, submit=_("Save changes")),
        ),
    )

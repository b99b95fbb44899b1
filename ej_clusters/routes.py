"""The organizers' opinion-group pages, under /conversations/<slug>/groups/.

Every route needs ``ej_clusters.can_manage_groups`` (author, moderators, board owner, staff);
forms post and redirect back, so the pages work without JavaScript.
"""

from __future__ import annotations

import htpy
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from htpy import Node, div, h2, p, section

from boogie.router import Router
from ej.conversations.models import Comment, Conversation
from ej.conversations.routes.helpers import conversation_page, submit
from ej_clusters import selectors, services
from ej_clusters.components import (
    consensus_lists,
    group_card,
    groups_empty,
    groups_status,
    method_choice,
)
from ej_clusters.display import PersonaView
from ej_clusters.forms import GroupForm, NewGroupForm, PersonaForm, PersonaVotesForm
from ej_clusters.models import Method, OpinionGroup, Persona
from ej_components.forms import csrf_input
from ej_components.forms import form as form_component
from ej_components.pagination import pagination
from ej_components.primitives import button, link
from ej_components.sections import content_section

MANAGE = ["ej_clusters.can_manage_groups:conversation"]
PERSONA_PAGE_SIZE = 25

router = Router(
    models={"conversation": Conversation.objects.select_related("board", "author")},
    lookup_field={"conversation": "slug"},
    login=True,
    perms=MANAGE,
)


def _group_of(conversation: Conversation, pk: int) -> OpinionGroup:
    group = (
        OpinionGroup.objects.filter(pk=pk, clusterization__conversation=conversation)
        .select_related("clusterization__conversation")
        .first()
    )
    if group is None:
        raise Http404
    return group


def _persona_of(conversation: Conversation, pk: int) -> Persona:
    persona = (
        Persona.objects.filter(pk=pk, clusterization__conversation=conversation)
        .select_related("clusterization__conversation", "group")
        .first()
    )
    if persona is None:
        raise Http404
    return persona


def _back(conversation: Conversation, anchor: str = "") -> str:
    return conversation.url("conversation-groups") + (f"#{anchor}" if anchor else "")


def _persona_groups(clusterization) -> list[OpinionGroup]:
    return list(
        OpinionGroup.objects.filter(clusterization=clusterization, method=Method.PERSONAS).order_by(
            "position", "id"
        )
    )


def _groups_page(
    request: HttpRequest,
    conversation: Conversation,
    *,
    new_group: NewGroupForm | None = None,
    new_persona: PersonaForm | None = None,
    edit_forms: dict[int, GroupForm] | None = None,
) -> Node:
    clusterization = services.clusterization_for(conversation)
    status = selectors.status_view(clusterization)
    groups = selectors.groups_for_organizers(clusterization)
    personas_method = clusterization.method == Method.PERSONAS
    edit_forms = edit_forms or {}
    cards = []
    for group, view in groups:
        personas = tuple(
            PersonaView(
                id=persona.id,
                name=persona.name,
                votes=persona.votes,
                url=conversation.url("conversation-persona", persona=persona.id),
            )
            for persona in view.personas
        )
        view = view.__class__(**{**view.__dict__, "personas": personas})
        form = edit_forms.get(group.pk) or GroupForm(
            initial={"name": group.name, "description": group.description},
            prefix=f"group-{group.pk}",
        )
        actions = None
        if group.method == Method.PERSONAS:
            actions = div(class_="group-card__actions")[
                _post_button(
                    request,
                    conversation.url("conversation-group-delete", group=group.pk),
                    _("Delete this group and its personas"),
                    variant="danger",
                )
            ]
        cards.append(
            div(id=f"group-{group.pk}")[
                group_card(
                    group=view,
                    edit=form_component(
                        form,
                        action=conversation.url("conversation-group-edit", group=group.pk),
                        request=request,
                        submit=_("Save"),
                    ),
                    actions=actions,
                )
            ]
        )
    if not cards:
        if personas_method:
            empty = groups_empty(
                title=_("No groups yet"),
                message=_(
                    "Create at least two groups below, give each a persona and vote as the "
                    "personas on the comments: participants join the group whose personas vote "
                    "most like them."
                ),
            )
        else:
            empty = groups_empty(
                title=_("No groups yet"),
                message=status.reason
                or _("Groups appear once enough people have voted on enough comments."),
            )
        cards = [empty]
    persona_tools = None
    if personas_method:
        persona_groups = _persona_groups(clusterization)
        persona_tools = section(class_="groups-tools", aria_labelledby="groups-tools-title")[
            h2(id="groups-tools-title")[_("Groups and personas")],
            div(class_="groups-tools__forms")[
                div(class_="card", id="new-group")[
                    htpy.h3(class_="card__title")[_("New group")],
                    form_component(
                        new_group or NewGroupForm(prefix="new-group"),
                        action=conversation.url("conversation-group-create"),
                        request=request,
                        submit=_("Create the group"),
                    ),
                ],
                div(class_="card", id="new-persona")[
                    htpy.h3(class_="card__title")[_("New persona")],
                    form_component(
                        new_persona or PersonaForm(prefix="new-persona", groups=persona_groups),
                        action=conversation.url("conversation-persona-create"),
                        request=request,
                        submit=_("Create the persona"),
                    )
                    if persona_groups
                    else p[_("Create a group first.")],
                ],
            ],
        ]
    agree, disagree = selectors.consensus_statements(clusterization)
    title = _("Opinion groups of “%(title)s”") % {"title": conversation.title}
    return conversation_page(
        request,
        conversation,
        title=title,
        content=content_section(
            title=title,
            width="wide",
            intro=_(
                "Participants who vote alike form opinion groups. Each participant sees their "
                "group on the conversation page, and the next comment to vote on is chosen to "
                "learn the most about the groups."
            ),
            body=div(class_="groups-page")[
                div(class_="page-actions")[
                    link(href=conversation.get_absolute_url(), text=_("Back to the conversation")),
                    link(href=conversation.url("conversation-moderate"), text=_("Moderate")),
                ],
                groups_status(
                    status=status,
                    request=request,
                    recompute_url=conversation.url("conversation-groups-recompute"),
                    switch_url=conversation.url("conversation-groups-switch"),
                ),
                method_choice(
                    current=clusterization.method,
                    action=conversation.url("conversation-groups-method"),
                    request=request,
                ),
                persona_tools,
                section(class_="groups-list", aria_labelledby="groups-list-title")[
                    h2(id="groups-list-title")[_("Groups")],
                    div(class_="groups-list__cards")[cards],
                ],
                (agree or disagree) and consensus_lists(agree=agree, disagree=disagree),
            ],
        ),
    )


def _post_button(request: HttpRequest, action: str, text: str, *, variant: str = "primary"):
    return htpy.form(method="post", action=action, class_="inline-form")[
        csrf_input(request), button(text=text, type="submit", variant=variant)
    ]


@router.route("<model:conversation>/groups/", name="conversation-groups", methods=["GET"])
def groups(request: HttpRequest, conversation: Conversation):
    return _groups_page(request, conversation)


@router.route(
    "<model:conversation>/groups/method/", name="conversation-groups-method", methods=["POST"]
)
def method(request: HttpRequest, conversation: Conversation):
    try:
        changed = services.clusterization_for(conversation).method != request.POST.get("method")
        services.method_set(
            conversation=conversation, method=request.POST.get("method", ""), editor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if changed:
            messages.success(request, _("Method changed: the groups are being recomputed."))
    return redirect(_back(conversation))


@router.route(
    "<model:conversation>/groups/recompute/",
    name="conversation-groups-recompute",
    methods=["POST"],
)
def recompute(request: HttpRequest, conversation: Conversation):
    from ej_clusters import jobs

    services.clusterization_for(conversation)
    if jobs.schedule(conversation.pk, now=True):
        messages.success(
            request, _("Recomputation started: reload this page in a moment to see the result.")
        )
    else:
        messages.error(request, _("Opinion groups are switched off for this conversation."))
    return redirect(_back(conversation))


@router.route(
    "<model:conversation>/groups/switch/", name="conversation-groups-switch", methods=["POST"]
)
def switch(request: HttpRequest, conversation: Conversation):
    enabled = request.POST.get("enabled") == "on"
    services.enabled_set(conversation=conversation, enabled=enabled, editor=request.user)
    if enabled:
        messages.success(request, _("Opinion groups are on: they are being computed."))
    else:
        messages.success(request, _("Opinion groups are off: participants no longer see them."))
    return redirect(_back(conversation))


@router.route(
    "<model:conversation>/groups/new/", name="conversation-group-create", methods=["POST"]
)
def group_create(request: HttpRequest, conversation: Conversation):
    form = NewGroupForm(request.POST, prefix="new-group")
    if form.is_valid():
        saved, group = submit(
            form,
            lambda: services.group_create(
                conversation=conversation,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                with_persona=form.cleaned_data["with_persona"],
                editor=request.user,
            ),
        )
        if saved:
            messages.success(
                request,
                _("Group “%(name)s” created.") % {"name": group.display_name},
            )
            return redirect(_back(conversation, f"group-{group.pk}"))
    return _groups_page(request, conversation, new_group=form)


@router.route(
    "<model:conversation>/groups/<int:group>/",
    name="conversation-group-edit",
    methods=["POST"],
)
def group_edit(request: HttpRequest, conversation: Conversation, group: int):
    row = _group_of(conversation, group)
    form = GroupForm(request.POST, prefix=f"group-{row.pk}")
    if form.is_valid():
        saved, _row = submit(
            form,
            lambda: services.group_update(
                group=row,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                editor=request.user,
            ),
        )
        if saved:
            messages.success(request, _("Group saved."))
            return redirect(_back(conversation, f"group-{row.pk}"))
    return _groups_page(request, conversation, edit_forms={row.pk: form})


@router.route(
    "<model:conversation>/groups/<int:group>/delete/",
    name="conversation-group-delete",
    methods=["POST"],
)
def group_delete(request: HttpRequest, conversation: Conversation, group: int):
    row = _group_of(conversation, group)
    name = row.display_name
    try:
        services.group_delete(group=row, editor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Group “%(name)s” deleted.") % {"name": name})
    return redirect(_back(conversation))


@router.route(
    "<model:conversation>/groups/personas/new/",
    name="conversation-persona-create",
    methods=["POST"],
)
def persona_create(request: HttpRequest, conversation: Conversation):
    clusterization = services.clusterization_for(conversation)
    form = PersonaForm(request.POST, prefix="new-persona", groups=_persona_groups(clusterization))
    if form.is_valid():
        saved, persona = submit(
            form,
            lambda: services.persona_create(
                conversation=conversation,
                group=form.cleaned_data["group"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                editor=request.user,
            ),
        )
        if saved:
            messages.success(
                request,
                _("Persona “%(name)s” created: now vote as it on the comments.")
                % {"name": persona.name},
            )
            return redirect(conversation.url("conversation-persona", persona=persona.pk))
    return _groups_page(request, conversation, new_persona=form)


@router.route(
    "<model:conversation>/groups/personas/<int:persona>/",
    name="conversation-persona",
    methods=["GET", "POST"],
)
def persona_detail(request: HttpRequest, conversation: Conversation, persona: int):
    row = _persona_of(conversation, persona)
    clusterization = row.clusterization
    comments = Comment.objects.filter(
        conversation=conversation, status=Comment.Status.APPROVED
    ).order_by("created", "id")
    current = Paginator(comments, PERSONA_PAGE_SIZE).get_page(request.GET.get("page"))
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if posted else None
    votes_form = PersonaVotesForm(
        posted if which == "votes" else None, comments=current.object_list, persona=row
    )
    details_form = PersonaForm(
        posted if which == "details" else None,
        prefix="persona",
        groups=_persona_groups(clusterization),
        initial={"name": row.name, "group": row.group_id, "description": row.description},
    )
    if which == "votes" and votes_form.is_valid():
        ok, counts = submit(
            votes_form,
            lambda: services.persona_votes_set(
                persona=row, votes=votes_form.votes(), editor=request.user
            ),
        )
        if ok:
            saved, removed = counts
            messages.success(
                request,
                ngettext("%(count)d vote changed.", "%(count)d votes changed.", saved + removed)
                % {"count": saved + removed},
            )
            return redirect(request.get_full_path())
    if which == "details" and details_form.is_valid():
        saved, _row = submit(
            details_form,
            lambda: services.persona_update(
                persona=row,
                name=details_form.cleaned_data["name"],
                group=details_form.cleaned_data["group"],
                description=details_form.cleaned_data["description"],
                editor=request.user,
            ),
        )
        if saved:
            messages.success(request, _("Persona saved."))
            return redirect(request.get_full_path())
    title = _("Vote as “%(persona)s”") % {"persona": row.name}
    intro = _(
        "Choose how this persona would vote on each comment. Persona votes never count among "
        "the conversation's votes: they anchor the persona's group, %(group)s."
    ) % {"group": row.group.display_name}
    return conversation_page(
        request,
        conversation,
        title=title,
        content=content_section(
            title=title,
            width="wide",
            intro=intro,
            body=[
                div(class_="page-actions")[
                    link(href=_back(conversation), text=_("Back to the opinion groups")),
                ],
                row.description and p(class_="persona__notes")[row.description],
                form_component(
                    votes_form,
                    request=request,
                    hidden={"form": "votes"},
                    submit=_("Save the votes"),
                    class_="persona-votes",
                )
                if current.object_list
                else p[_("There are no approved comments to vote on yet.")],
                pagination(page=current, query=request.GET),
                section(class_="card persona__details")[
                    h2(class_="card__title")[_("Name and group")],
                    form_component(
                        details_form,
                        request=request,
                        hidden={"form": "details"},
                        submit=_("Save"),
                    ),
                    _post_button(
                        request,
                        conversation.url("conversation-persona-delete", persona=row.pk),
                        _("Delete this persona and its votes"),
                        variant="danger",
                    ),
                ],
            ],
        ),
    )


@router.route(
    "<model:conversation>/groups/personas/<int:persona>/delete/",
    name="conversation-persona-delete",
    methods=["POST"],
)
def persona_delete(request: HttpRequest, conversation: Conversation, persona: int):
    row = _persona_of(conversation, persona)
    name = row.name
    services.persona_delete(persona=row, editor=request.user)
    messages.success(request, _("Persona “%(name)s” deleted.") % {"name": name})
    return redirect(_back(conversation))

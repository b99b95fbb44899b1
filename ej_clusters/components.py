"""Components of the opinion-group pages: the participant's panel and the organizers' page.

They render the plain values of ``ej_clusters.display``; every example state builds them by
hand, without the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import htpy
from django import forms
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from htpy import (
    Node,
    Renderable,
    dd,
    details,
    div,
    dl,
    dt,
    h2,
    h3,
    li,
    p,
    section,
    span,
    summary,
    ul,
)

from ej_clusters.display import (
    AGREE,
    DISAGREE,
    GROUPED,
    UNGROUPED,
    Difference,
    GroupView,
    PanelView,
    PersonaView,
    Statement,
    StatusView,
)
from ej_clusters.models import Method, Status
from ej_components.catalog import component
from ej_components.examples import HOSTILE_TEXT, LONG_PORTUGUESE_TEXT, example_request, example_user
from ej_components.forms import csrf_input
from ej_components.forms import form as form_component
from ej_components.primitives import button, empty_state, link

__all__ = [
    "MethodForm",
    "consensus_lists",
    "group_card",
    "groups_empty",
    "groups_status",
    "method_choice",
    "opinion_group_panel",
    "persona_list",
    "statement_list",
]


# Example data (no database)

_COMMENTS = [
    "Mais linhas de ônibus nos bairros da periferia, mesmo que a passagem suba um pouco.",
    "Tarifa zero aos domingos e feriados.",
    "Ciclovias ligando os bairros ao centro.",
    "O metrô deve ser a prioridade do orçamento.",
    "Menos carros no centro, com pedágio urbano.",
]


def _example_group(**fields) -> GroupView:
    values = {
        "id": 1,
        "name": "Grupo A",
        "description": "",
        "size": 128,
        "agrees": (
            Statement(_COMMENTS[0], AGREE, 97, 110, 1),
            Statement(_COMMENTS[2], AGREE, 80, 104, 3),
        ),
        "disagrees": (Statement(_COMMENTS[4], DISAGREE, 70, 95, 5),),
    }
    values.update(fields)
    return GroupView(**values)


def _example_panel(**fields) -> PanelView:
    values = {
        "state": GROUPED,
        "group": _example_group(),
        "n_groups": 3,
        "n_grouped": 412,
        "differences": (Difference(_COMMENTS[3], 1, 81, 4),),
        "has_voted": True,
    }
    values.update(fields)
    return PanelView(**values)


def _example_status(**fields) -> StatusView:
    now = timezone.now()
    values = {
        "status": Status.ACTIVE,
        "status_label": str(Status.ACTIVE.label),
        "reason": "",
        "method": Method.AUTOMATIC,
        "method_label": str(Method.AUTOMATIC.label),
        "last_run": now - timedelta(minutes=4),
        "votes_at_last_run": 5120,
        "votes_now": 5187,
        "participants": 430,
        "grouped": 412,
        "runs": 37,
        "algorithm_version": "polis-automatic-1/state-1",
    }
    values.update(fields)
    return StatusView(**values)


# Statements


def _share_text(statement: Statement, *, whole: bool = False) -> str:
    values = {"percent": statement.percent, "count": statement.count, "total": statement.total}
    if whole:
        if statement.direction == AGREE:
            return _("%(percent)d%% of everyone agree (%(count)d of %(total)d)") % values
        return _("%(percent)d%% of everyone disagree (%(count)d of %(total)d)") % values
    if statement.direction == AGREE:
        return _("%(percent)d%% of the group agree (%(count)d of %(total)d)") % values
    return _("%(percent)d%% of the group disagree (%(count)d of %(total)d)") % values


@component(
    examples={
        "agree": lambda: {"statements": _example_group().agrees},
        "disagree": lambda: {"statements": _example_group().disagrees},
        "whole conversation": lambda: {"statements": _example_group().agrees, "whole": True},
        "empty": lambda: {"statements": [], "empty": _("No comment stands out yet.")},
        "long Portuguese text": lambda: {
            "statements": [Statement(LONG_PORTUGUESE_TEXT, AGREE, 3, 4)]
        },
        "hostile text": lambda: {
            "statements": [Statement(HOSTILE_TEXT, DISAGREE, 1, 1)],
            "empty": HOSTILE_TEXT,
        },
    }
)
def statement_list(
    *, statements: Sequence[Statement], empty: Node = None, whole: bool = False
) -> Renderable:
    """Comments with the share of people who agree (or disagree) with each."""
    if not statements:
        return p(class_="statement-list__empty")[empty or _("No comment stands out yet.")]
    return ul(class_="statement-list")[
        [
            li(class_=["statement", f"statement--{statement.direction}"])[
                htpy.q(class_="statement__text")[statement.text],
                span(class_="statement__share")[_share_text(statement, whole=whole)],
                htpy.meter(
                    class_="statement__meter",
                    min="0",
                    max="100",
                    value=str(statement.percent),
                    aria_hidden="true",
                ),
            ]
            for statement in statements
        ]
    ]


# The participant's panel


def _with_element(text: str, name: str, element: Node) -> Node:
    """A translated sentence with ``%(name)s`` replaced by an element (a name in bold, a
    time): the whole sentence is translated, so word order stays the translator's."""
    before, found, after = text.partition(f"%({name})s")
    if not found:
        return [text, " ", element]
    return [before, element, after]


def _difference_text(difference: Difference) -> str:
    values = {"percent": difference.group_percent}
    if difference.your_vote > 0:
        return _("You agreed; %(percent)d%% of your group disagreed.") % values
    return _("You disagreed; %(percent)d%% of your group agreed.") % values


def _group_summary(panel: PanelView) -> Node:
    group = panel.group
    if group is None:
        return None
    return [
        p(class_="opinion-group__lead")[
            _with_element(
                _("You are in the opinion group %(group)s."),
                "group",
                htpy.strong(class_="opinion-group__name")[group.name],
            ),
            " ",
            ngettext(
                "Your group has %(count)d participant.",
                "Your group has %(count)d participants.",
                group.size,
            )
            % {"count": group.size},
            " ",
            ngettext(
                "%(grouped)d people are grouped so far, in %(groups)d group.",
                "%(grouped)d people are grouped so far, in %(groups)d groups.",
                panel.n_groups,
            )
            % {"grouped": panel.n_grouped, "groups": panel.n_groups},
        ],
        group.description and p(class_="opinion-group__description")[group.description],
        div(class_="opinion-group__columns")[
            div[
                h3(class_="opinion-group__subtitle")[_("What your group agrees with")],
                statement_list(
                    statements=group.agrees,
                    empty=_("Your group has no comment it clearly agrees with yet."),
                ),
            ],
            div[
                h3(class_="opinion-group__subtitle")[_("What your group disagrees with")],
                statement_list(
                    statements=group.disagrees,
                    empty=_("Your group has no comment it clearly disagrees with yet."),
                ),
            ],
        ],
        h3(class_="opinion-group__subtitle")[_("Where you differ from your group")],
        ul(class_="difference-list")[
            [
                li(class_="difference")[
                    htpy.q(class_="difference__text")[difference.text],
                    span(class_="difference__votes")[_difference_text(difference)],
                ]
                for difference in panel.differences
            ]
        ]
        if panel.differences
        else p(class_="difference-list__empty")[
            _("On every comment where most of your group agrees or disagrees, you voted with it.")
        ],
    ]


@component(
    examples={
        "your group": lambda: {"panel": _example_panel()},
        "your group with description": lambda: {
            "panel": _example_panel(
                group=_example_group(description="Quer mais ônibus e menos carros no centro.")
            )
        },
        "no differences": lambda: {"panel": _example_panel(differences=())},
        "not in a group yet": lambda: {
            "panel": _example_panel(state=UNGROUPED, group=None, differences=(), has_voted=True)
        },
        "has not voted": lambda: {
            "panel": _example_panel(state=UNGROUPED, group=None, differences=(), has_voted=False)
        },
        "waiting for data": lambda: {"panel": PanelView(state="waiting")},
        "organizer": lambda: {
            "panel": PanelView(state="waiting", manage_url="/conversations/transporte/groups/")
        },
        "long Portuguese text": lambda: {
            "panel": _example_panel(
                group=_example_group(
                    name=LONG_PORTUGUESE_TEXT[:64],
                    description=LONG_PORTUGUESE_TEXT,
                    agrees=(Statement(LONG_PORTUGUESE_TEXT, AGREE, 5, 9),),
                ),
                differences=(Difference(LONG_PORTUGUESE_TEXT, -1, 90),),
            )
        },
        "hostile text": lambda: {
            "panel": _example_panel(
                group=_example_group(
                    name=HOSTILE_TEXT,
                    description=HOSTILE_TEXT,
                    agrees=(Statement(HOSTILE_TEXT, AGREE, 5, 9),),
                ),
                differences=(Difference(HOSTILE_TEXT, 1, 60),),
                manage_url=HOSTILE_TEXT,
            )
        },
    }
)
def opinion_group_panel(*, panel: PanelView) -> Renderable:
    """The participant's opinion group: which group, its size, what it agrees and disagrees
    with and where the person differs from it; or why there is no group yet."""
    if panel.state == GROUPED and panel.group is not None:
        body: Node = _group_summary(panel)
    elif panel.state == UNGROUPED:
        body = p(class_="opinion-group__lead")[
            ngettext(
                "There is %(groups)d opinion group among the %(grouped)d people grouped so far.",
                "There are %(groups)d opinion groups among the %(grouped)d people grouped so far.",
                panel.n_groups,
            )
            % {"groups": panel.n_groups, "grouped": panel.n_grouped},
            " ",
            _("Keep voting: you will join one once you have voted on a few more comments.")
            if panel.has_voted
            else _("Vote on a few comments to find out which one you are in."),
        ]
    else:
        body = p(class_="opinion-group__lead")[
            _(
                "Opinion groups appear once enough people have voted: people who vote alike "
                "are grouped together. Keep voting!"
            )
        ]
    return section(
        class_=["opinion-group", f"opinion-group--{panel.state}"],
        aria_labelledby="opinion-group-title",
    )[
        h2(class_="opinion-group__title", id="opinion-group-title")[_("Your opinion group")],
        body,
        panel.manage_url
        and p(class_="opinion-group__manage")[
            link(href=panel.manage_url, text=_("Manage the opinion groups"), variant="secondary")
        ],
    ]


# The organizers' page


def _when(moment) -> Node:
    if moment is None:
        return _("never")
    local = timezone.localtime(moment)
    return htpy.time(datetime=local.isoformat())[
        formats.date_format(local, "DATETIME_FORMAT"), " (", str(naturaltime(moment)), ")"
    ]


def _status_line(status: StatusView) -> Node:
    if status.running:
        return p(class_="groups-status__job")[
            _("A recomputation is running (started %(when)s).")
            % {"when": naturaltime(status.running_since) if status.running_since else _("now")}
        ]
    if status.pending:
        return p(class_="groups-status__job")[_("A recomputation is queued.")]
    return None


@component(
    examples={
        "active": lambda: {"status": _example_status(), "request": example_request()},
        "waiting": lambda: {
            "status": _example_status(
                status=Status.WAITING,
                status_label=str(Status.WAITING.label),
                reason="Groups need at least two participants who voted.",
                last_run=None,
                runs=0,
                votes_at_last_run=0,
                votes_now=3,
                participants=1,
                grouped=0,
            ),
            "request": example_request(),
        },
        "queued": lambda: {"status": _example_status(pending=True), "request": example_request()},
        "running": lambda: {"status": _example_status(running=True), "request": example_request()},
        "failing": lambda: {
            "status": _example_status(
                failures=2,
                last_error="OperationalError: could not connect to server",
                last_error_at=timezone.now(),
                pending=True,
            ),
            "request": example_request(),
        },
        "gave up": lambda: {
            "status": _example_status(
                failures=4,
                last_error="MemoryError: ",
                last_error_at=timezone.now(),
            ),
            "request": example_request(),
        },
        "switched off": lambda: {
            "status": _example_status(
                status=Status.DISABLED,
                status_label=str(Status.DISABLED.label),
                reason="Opinion groups are switched off for this conversation.",
            ),
            "request": example_request(),
        },
        "persona warnings": lambda: {
            "status": _example_status(
                method=Method.PERSONAS,
                method_label=str(Method.PERSONAS.label),
                warnings=("Groups left out because their personas did not vote: Liberal.",),
            ),
            "request": example_request(),
        },
        "hostile text": lambda: {
            "status": _example_status(
                reason=HOSTILE_TEXT, last_error=HOSTILE_TEXT, failures=1, warnings=(HOSTILE_TEXT,)
            ),
            "request": example_request(),
            "recompute_url": HOSTILE_TEXT,
        },
    }
)
def groups_status(
    *,
    status: StatusView,
    request: HttpRequest,
    recompute_url: str = "",
    switch_url: str = "",
) -> Renderable:
    """The state of a conversation's opinion groups for its organizers: status and reason, last
    run, votes, the job queue, errors; and the "recompute now" and switch buttons."""
    disabled = status.status == Status.DISABLED
    facts = [
        (_("Method"), status.method_label),
        (_("Last computed"), _when(status.last_run)),
        (_("Votes then"), formats.localize(status.votes_at_last_run)),
        (_("New votes since"), formats.localize(status.new_votes)),
        (
            _("Participants grouped"),
            _("%(grouped)s of %(participants)s")
            % {
                "grouped": formats.localize(status.grouped),
                "participants": formats.localize(status.participants),
            },
        ),
        (_("Computations"), formats.localize(status.runs)),
    ]
    if status.algorithm_version:
        facts.append((_("Algorithm version"), status.algorithm_version))
    error = None
    if status.failures and status.last_error:
        if status.gave_up:
            headline = _(
                "The last recomputations failed; the groups shown are from the last run that "
                "worked. New votes try again, or use “Recompute now”."
            )
        else:
            headline = ngettext(
                "The last recomputation failed (%(count)d attempt); it will be retried.",
                "The last recomputations failed (%(count)d attempts); they will be retried.",
                status.failures,
            ) % {"count": status.failures}
        error = div(class_="notice notice--warning groups-status__error", role="alert")[
            p[headline],
            p[htpy.code[status.last_error]],
            status.last_error_at
            and p[_with_element(_("Last failure: %(when)s"), "when", _when(status.last_error_at))],
        ]
    return section(class_="card groups-status", aria_labelledby="groups-status-title")[
        h2(class_="card__title", id="groups-status-title")[_("Status")],
        p(class_=["groups-status__status", f"groups-status__status--{status.status}"])[
            htpy.strong[status.status_label],
            status.reason and [": ", status.reason],
        ],
        [p(class_="groups-status__warning")[warning] for warning in status.warnings],
        _status_line(status),
        error,
        dl(class_="groups-status__facts")[[(dt[label], dd[value]) for label, value in facts]],
        div(class_="groups-status__actions")[
            recompute_url
            and not disabled
            and htpy.form(method="post", action=recompute_url)[
                csrf_input(request), button(text=_("Recompute now"), type="submit")
            ],
            switch_url
            and htpy.form(method="post", action=switch_url)[
                csrf_input(request),
                htpy.input(type="hidden", name="enabled", value="on" if disabled else "off"),
                button(
                    text=_("Switch opinion groups on")
                    if disabled
                    else _("Switch opinion groups off"),
                    type="submit",
                    variant="secondary",
                ),
            ],
        ],
    ]


class MethodForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How groups are found"),
        choices=[
            (
                Method.AUTOMATIC,
                _("Automatically, from how people vote (the Pol.is method)"),
            ),
            (
                Method.PERSONAS,
                _("Around personas: you define the groups and vote as their personas"),
            ),
        ],
        widget=forms.RadioSelect,
    )


@component(
    examples={
        "automatic": lambda: {
            "current": Method.AUTOMATIC,
            "action": "/conversations/transporte/groups/method/",
            "request": example_request(user=example_user()),
        },
        "personas": lambda: {
            "current": Method.PERSONAS,
            "action": "/conversations/transporte/groups/method/",
            "request": example_request(user=example_user()),
        },
    }
)
def method_choice(*, current: str, action: str, request: HttpRequest) -> Renderable:
    """The choice between automatic groups and groups anchored by personas."""
    return section(class_="card groups-method", aria_labelledby="groups-method-title")[
        h2(class_="card__title", id="groups-method-title")[_("Method")],
        p[
            _(
                "Changing the method clears the groups shown now and recomputes them at once. "
                "Group names, personas and their votes are kept."
            )
        ],
        form_component(
            MethodForm(initial={"method": current}),
            action=action,
            request=request,
            submit=_("Use this method"),
        ),
    ]


@component(
    examples={
        "default": lambda: {
            "personas": [
                PersonaView(1, "Ciclista", 12, "/conversations/t/groups/personas/1/"),
                PersonaView(2, "Motorista", 0, "/conversations/t/groups/personas/2/"),
            ]
        },
        "empty": lambda: {"personas": []},
        "hostile text": lambda: {"personas": [PersonaView(1, HOSTILE_TEXT, 1, HOSTILE_TEXT)]},
    }
)
def persona_list(*, personas: Sequence[PersonaView]) -> Renderable:
    """A group's personas, each with its number of votes and a link to vote as it."""
    if not personas:
        return p(class_="persona-list__empty")[
            _("No persona yet: add one below and vote as it on the comments.")
        ]
    return ul(class_="persona-list")[
        [
            li(class_="persona-list__item")[
                link(href=persona.url, text=persona.name) if persona.url else persona.name,
                " ",
                span(class_="persona-list__votes")[
                    ngettext("%(count)d vote", "%(count)d votes", persona.votes)
                    % {"count": persona.votes}
                ],
                persona.votes == 0
                and span(class_="persona-list__warning")[
                    " — ", _("without votes it does not anchor its group")
                ],
            ]
            for persona in personas
        ]
    ]


@component(
    examples={
        "automatic": lambda: {"group": _example_group()},
        "personas": lambda: {
            "group": _example_group(
                is_automatic=False,
                personas=(PersonaView(1, "Ciclista", 12, "/conversations/t/groups/personas/1/"),),
            )
        },
        "empty": lambda: {
            "group": _example_group(size=0, agrees=(), disagrees=(), is_automatic=False)
        },
        "long Portuguese text": lambda: {
            "group": _example_group(
                name=LONG_PORTUGUESE_TEXT[:64], description=LONG_PORTUGUESE_TEXT
            )
        },
        "hostile text": lambda: {
            "group": _example_group(name=HOSTILE_TEXT, description=HOSTILE_TEXT),
            "edit": p[HOSTILE_TEXT],
        },
    }
)
def group_card(*, group: GroupView, edit: Node = None, actions: Node = None) -> Renderable:
    """One opinion group for its organizers: name, size, description, what it agrees and
    disagrees with, its personas (persona method), and the forms to edit it."""
    return htpy.article(class_="card group-card")[
        h3(class_="card__title group-card__name")[group.name],
        p(class_="group-card__size")[
            ngettext("%(count)d participant", "%(count)d participants", group.size)
            % {"count": group.size}
        ],
        group.description and p(class_="group-card__description")[group.description],
        div(class_="group-card__statements")[
            div[
                htpy.h4[_("Agrees with")],
                statement_list(statements=group.agrees),
            ],
            div[
                htpy.h4[_("Disagrees with")],
                statement_list(statements=group.disagrees),
            ],
        ],
        not group.is_automatic
        and div(class_="group-card__personas")[
            htpy.h4[_("Personas")], persona_list(personas=group.personas)
        ],
        edit is not None
        and details(class_="group-card__edit")[summary[_("Edit this group")], edit],
        actions,
    ]


@component(
    examples={
        "default": lambda: {
            "agree": [Statement(_COMMENTS[1], AGREE, 300, 410, 2)],
            "disagree": [Statement(_COMMENTS[3], DISAGREE, 280, 400, 4)],
        },
        "empty": lambda: {"agree": [], "disagree": []},
    }
)
def consensus_lists(*, agree: Sequence[Statement], disagree: Sequence[Statement]) -> Renderable:
    """What most people agree, or disagree, with across groups."""
    return section(class_="card groups-consensus", aria_labelledby="groups-consensus-title")[
        h2(class_="card__title", id="groups-consensus-title")[_("Common ground")],
        div(class_="group-card__statements")[
            div[
                h3[_("Most people agree with")],
                statement_list(
                    statements=agree, whole=True, empty=_("No comment has broad agreement yet.")
                ),
            ],
            div[
                h3[_("Most people disagree with")],
                statement_list(
                    statements=disagree,
                    whole=True,
                    empty=_("No comment has broad disagreement yet."),
                ),
            ],
        ],
    ]


@component(
    examples={
        "default": lambda: {
            "title": _("No groups yet"),
            "message": _("Create at least two groups and vote as their personas."),
        }
    }
)
def groups_empty(*, title: Node, message: Node) -> Renderable:
    """What the organizers see instead of the groups while there are none."""
    return empty_state(title=title, message=message, heading_level=3)

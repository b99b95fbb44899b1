"""The component gallery at ``/components/``: every component in every example state."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from htpy import Renderable, a, div, h1, h2, li, nav, p, section, ul

from boogie.router import Router
from ej_components.catalog import Component, components, get_component
from ej_components.layout import page

router = Router()


def _state_url(entry: Component, state_slug: str) -> str:
    return reverse("gallery-state", kwargs={"component": entry.slug, "state": state_slug})


@router.route("", name="gallery")
def index(request: HttpRequest) -> Renderable:
    entries = components()
    return page(
        request,
        title=_("Components"),
        content=div(class_="container gallery")[
            h1[_("Components")],
            p[
                ngettext(
                    "%(count)s component, shown in each of its example states.",
                    "%(count)s components, each shown in its example states.",
                    len(entries),
                )
                % {"count": len(entries)}
            ],
            [
                section(class_="gallery__component", id=entry.slug)[
                    h2[entry.name],
                    entry.summary and p(class_="gallery__summary")[entry.summary],
                    ul(class_="gallery__states")[
                        [
                            li[a(href=_state_url(entry, slug))[state]]
                            for slug, state in entry.states.items()
                        ]
                    ],
                ]
                for entry in entries
            ],
        ],
    )


@router.route("<slug:component>/<slug:state>/", name="gallery-state")
def state(request: HttpRequest, component: str, state: str) -> Renderable:
    try:
        entry = get_component(component)
        state_name = entry.states[state]
    except LookupError:
        raise Http404(_("No such component or state.")) from None
    rendered = entry.render(state_name)
    if entry.document:
        return rendered
    index_url = reverse("gallery")
    return page(
        request,
        title=f"{entry.name} · {state_name}",
        content=div(class_="container gallery")[
            nav(class_="gallery__breadcrumb", aria_label=_("Breadcrumb"))[
                a(href=index_url)[_("Components")],
                " › ",
                a(href=f"{index_url}#{entry.slug}")[entry.name],
                " › ",
                state_name,
            ],
            h1[entry.name, ": ", state_name],
            entry.summary and p(class_="gallery__summary")[entry.summary],
            div(class_="gallery__stage")[rendered],
            section(class_="gallery__other-states")[
                h2[_("Other states")],
                ul(class_="gallery__states")[
                    [
                        li[
                            a(
                                href=_state_url(entry, slug),
                                aria_current="page" if slug == state else None,
                            )[name]
                        ]
                        for slug, name in entry.states.items()
                    ]
                ],
            ],
        ],
    )

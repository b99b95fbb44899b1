"""Page links for a Django ``Paginator`` page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.translation import gettext as _
from htpy import Renderable, a, fragment, li, nav, span, ul

from ej_components.catalog import component

__all__ = ["pagination", "page_url"]


def page_url(number: int, *, query: Mapping[str, Any] | None = None, param: str = "page") -> str:
    """``?<query>&page=<number>``, keeping every other parameter of ``query``."""
    pairs: list[tuple[str, str]] = []
    if isinstance(query, QueryDict):
        pairs = [(key, value) for key, values in query.lists() for value in values if key != param]
    elif query:
        for key, value in query.items():
            if key == param:
                continue
            values = value if isinstance(value, list | tuple) else [value]
            pairs += [(key, str(item)) for item in values]
    pairs.append((param, str(number)))
    return "?" + urlencode(pairs)


def _example(number: int, count: int, **kwargs: Any) -> dict[str, Any]:
    return {"page": Paginator(range(count), 10).page(number), **kwargs}


@component(
    examples={
        "default": lambda: _example(2, 45),
        "first page": lambda: _example(1, 45),
        "last page": lambda: _example(5, 45),
        "many pages": lambda: _example(25, 500),
        "keeps the query": lambda: _example(3, 200, query={"q": "saúde & escola", "sort": "new"}),
        "single page": lambda: _example(1, 5),
    }
)
def pagination(
    *,
    page: Page,
    query: Mapping[str, Any] | None = None,
    param: str = "page",
    on_each_side: int = 2,
    on_ends: int = 1,
) -> Renderable:
    """Previous/next and page numbers, with an ellipsis for long runs; nothing for one page.

    ``query`` (usually ``request.GET``) holds the other parameters the links keep.
    """
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return fragment[None]

    def url(number: int) -> str:
        return page_url(number, query=query, param=param)

    def number_item(number: int | str) -> Renderable:
        if not isinstance(number, int):
            return li(class_="pagination__item")[
                span(class_="pagination__ellipsis", aria_hidden="true")[str(number)]
            ]
        return li(class_="pagination__item")[
            a(
                class_="pagination__link",
                href=url(number),
                aria_current="page" if number == page.number else None,
                aria_label=_("Page %(number)s") % {"number": number},
            )[str(number)]
        ]

    def step(enabled: bool, number: int, label: str, rel: str) -> Renderable:
        if not enabled:
            return li(class_="pagination__item")[
                span(class_=f"pagination__{rel} pagination__disabled", aria_disabled="true")[label]
            ]
        return li(class_="pagination__item")[
            a(class_=f"pagination__{rel} pagination__link", href=url(number), rel=rel)[label]
        ]

    previous_number = page.previous_page_number() if page.has_previous() else 0
    next_number = page.next_page_number() if page.has_next() else 0
    numbers = paginator.get_elided_page_range(
        page.number, on_each_side=on_each_side, on_ends=on_ends
    )
    return nav(class_="pagination", aria_label=_("Pagination"))[
        ul(class_="pagination__list")[
            step(page.has_previous(), previous_number, _("Previous"), "prev"),
            [number_item(number) for number in numbers],
            step(page.has_next(), next_number, _("Next"), "next"),
        ]
    ]

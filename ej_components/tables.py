"""Data tables with a caption, column headers and an empty message."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import htpy
from django.utils import formats
from django.utils.translation import gettext as _
from htpy import Node, Renderable, div, tbody, td, th, thead, tr

from ej_components.catalog import component
from ej_components.examples import HOSTILE_TEXT, LONG_PORTUGUESE_TEXT
from ej_components.helpers import as_text
from ej_components.primitives import link

__all__ = ["Column", "cell", "table"]


@dataclass(frozen=True)
class Column:
    """A column: ``key`` names a mapping key or attribute of each row, or is a function of the
    row. ``numeric`` columns are right-aligned."""

    key: str | Callable[[Any], Node]
    label: str
    numeric: bool = False

    def value(self, row: Any) -> Any:
        if callable(self.key):
            return self.key(row)
        if isinstance(row, Mapping):
            return row.get(self.key)
        return getattr(row, self.key, None)


def cell(value: Any) -> Node:
    """A table value as something htpy renders: numbers and dates localized, ``None`` as a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float | Decimal | datetime.date | datetime.time):
        return formats.localize(value)
    return as_text(value)


def _columns(columns: Sequence[Column | tuple[str, str]]) -> list[Column]:
    return [column if isinstance(column, Column) else Column(*column) for column in columns]


_SCORES = [
    {"group": "A", "participants": 120, "agreement": 0.82, "open": True},
    {"group": "B", "participants": 87, "agreement": 0.4, "open": False},
    {"group": "C", "participants": 15, "agreement": None, "open": True},
]


def _score_columns() -> list[Column]:
    return [
        Column("group", _("Group")),
        Column("participants", _("Participants"), numeric=True),
        Column("agreement", _("Agreement"), numeric=True),
        Column("open", _("Open")),
    ]


@component(
    examples={
        "default": lambda: {
            "columns": _score_columns(),
            "rows": _SCORES,
            "caption": _("Opinion groups"),
        },
        "with links": lambda: {
            "columns": [
                Column(lambda row: link(href=row["url"], text=row["title"]), _("Conversation")),
                Column("votes", _("Votes"), numeric=True),
            ],
            "rows": [
                {"title": _("Public transport"), "url": "/conversations/1/", "votes": 1200},
                {"title": _("School meals"), "url": "/conversations/2/", "votes": 3},
            ],
            "caption": _("Conversations"),
        },
        "empty": lambda: {
            "columns": _score_columns(),
            "rows": [],
            "caption": _("Opinion groups"),
            "empty": _("No opinion groups yet."),
        },
        "long Portuguese text": lambda: {
            "columns": [("text", _("Comment")), ("author", _("Author"))],
            "rows": [{"text": LONG_PORTUGUESE_TEXT, "author": "Maria da Silva"}],
            "caption": LONG_PORTUGUESE_TEXT,
        },
        "hostile text": lambda: {
            "columns": [("text", HOSTILE_TEXT)],
            "rows": [{"text": HOSTILE_TEXT}],
            "caption": HOSTILE_TEXT,
            "class_": HOSTILE_TEXT,
        },
    }
)
def table(
    *,
    columns: Sequence[Column | tuple[str, str]],
    rows: Iterable[Any],
    caption: Node,
    empty: Node = None,
    class_: str | None = None,
) -> Renderable:
    """A table; ``columns`` are ``Column``s or ``(key, label)`` pairs, ``rows`` mappings or
    objects. Cells may hold components (links, buttons...)."""
    columns = _columns(columns)
    body_rows = [
        tr[
            [
                td(class_={"table__numeric": column.numeric})[cell(column.value(row))]
                for column in columns
            ]
        ]
        for row in rows
    ]
    if not body_rows:
        message = _("Nothing to show yet.") if empty is None else as_text(empty)
        body_rows = [tr[td(class_="table__empty", colspan=str(len(columns)))[message]]]
    return div(class_=["table-scroll", class_])[
        htpy.table(class_="table")[
            htpy.caption(class_="table__caption")[as_text(caption)],
            thead[
                tr[
                    [
                        th(scope="col", class_={"table__numeric": column.numeric})[
                            as_text(column.label)
                        ]
                        for column in columns
                    ]
                ]
            ],
            tbody[body_rows],
        ]
    ]

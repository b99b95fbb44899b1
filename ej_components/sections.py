"""Content blocks placed inside ``page``: a titled section at reading width."""

from __future__ import annotations

from htpy import Node, Renderable, div, h1, p, section

from ej_components.catalog import component
from ej_components.examples import LONG_PORTUGUESE_TEXT


@component(
    examples={
        "default": lambda: {"title": "Entrar", "intro": "Use seu e-mail e senha.", "body": "…"},
        "wide": lambda: {"title": "Conversas", "body": "…", "width": "wide"},
        "long Portuguese text": lambda: {
            "title": LONG_PORTUGUESE_TEXT,
            "intro": LONG_PORTUGUESE_TEXT,
        },
    }
)
def content_section(
    *, title: Node, intro: Node = None, body: Node = None, width: str = "narrow"
) -> Renderable:
    """The main block of a page: its ``h1``, an optional introduction and the body."""
    return section(class_=["container", "content-section", f"content-section--{width}"])[
        h1(class_="content-section__title")[title],
        intro and p(class_="content-section__intro")[intro],
        div(class_="content-section__body")[body],
    ]

"""The component catalog: every component declares named example states for the gallery and tests.

::

    @component(examples={
        "default": lambda: {"title": "Vote", "body": "..."},
        "long Portuguese text": lambda: {"title": LONG_PORTUGUESE_TEXT, "body": "..."},
    })
    def card(*, title, body): ...

An example is a function (or a plain dict) giving the keyword arguments of one call. It must build
everything it needs without the database: unsaved model instances, ``AnonymousUser``, and requests
from ``ej_components.examples.example_request``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules
from django.utils.text import slugify
from htpy import Node

__all__ = ["Component", "autodiscover", "component", "components", "get_component"]

Example = Callable[[], Mapping[str, Any]] | Mapping[str, Any]

# The library modules; other apps declare their components in a ``components`` module.
LIBRARY_MODULES = [
    "ej_components.layout",
    "ej_components.primitives",
    "ej_components.messages",
    "ej_components.pagination",
    "ej_components.tables",
    "ej_components.forms",
    "ej_components.sections",
    "ej_components.users",
]

_catalog: dict[str, Component] = {}


@dataclass(frozen=True)
class Component:
    function: Callable[..., Node]
    examples: Mapping[str, Example]
    document: bool = False  # renders a whole HTML document (the gallery does not wrap it)
    states: dict[str, str] = field(init=False)  # slug -> state name

    def __post_init__(self) -> None:
        if not self.examples:
            raise ImproperlyConfigured(f"component {self.name!r} has no example states")
        states: dict[str, str] = {}
        for state in self.examples:
            slug = slugify(state)
            if not slug or slug in states:
                raise ImproperlyConfigured(
                    f"component {self.name!r}: example state {state!r} needs a unique name"
                )
            states[slug] = state
        object.__setattr__(self, "states", states)

    @property
    def name(self) -> str:
        return self.function.__name__

    @property
    def slug(self) -> str:
        return slugify(self.name.replace("_", "-"))

    @property
    def summary(self) -> str:
        first_paragraph = (self.function.__doc__ or "").strip().split("\n\n")[0]
        return " ".join(first_paragraph.replace("``", "").split())

    def example_kwargs(self, state: str) -> dict[str, Any]:
        example = self.examples[state]
        return dict(example() if callable(example) else example)

    def render(self, state: str) -> Node:
        return self.function(**self.example_kwargs(state))


def component(
    *, examples: Mapping[str, Example], document: bool = False
) -> Callable[[Callable[..., Node]], Callable[..., Node]]:
    """Declare a component and its named example states; returns the function unchanged."""

    def decorator(function: Callable[..., Node]) -> Callable[..., Node]:
        entry = Component(function=function, examples=dict(examples), document=document)
        previous = _catalog.get(entry.slug)
        if previous is not None and _qualified_name(previous.function) != _qualified_name(function):
            raise ImproperlyConfigured(
                f"two components are named {entry.slug!r}: "
                f"{_qualified_name(previous.function)} and {_qualified_name(function)}"
            )
        _catalog[entry.slug] = entry
        function.component = entry
        return function

    return decorator


def autodiscover() -> None:
    """Import the library and every installed app's ``components`` module."""
    for module in LIBRARY_MODULES:
        importlib.import_module(module)
    autodiscover_modules("components")


def components() -> list[Component]:
    autodiscover()
    return sorted(_catalog.values(), key=lambda entry: entry.slug)


def get_component(slug: str) -> Component:
    """The component with this slug; ``LookupError`` when there is none."""
    autodiscover()
    try:
        return _catalog[slug]
    except KeyError:
        raise LookupError(f"no component named {slug!r}") from None


def _qualified_name(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"

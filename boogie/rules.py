"""Permissions, rules and named values on top of django-rules.

::

    @register_perm("ej.can_edit_conversation")
    def can_edit_conversation(user, conversation):
        return user == conversation.author

    @register_value("ej.remaining_votes")
    def remaining_votes(user, conversation):
        return conversation.comments.count() - user.votes.filter(...).count()

    user.has_perm("ej.can_edit_conversation", conversation)  # through ObjectPermissionBackend
    compute("ej.remaining_votes", user, conversation)

Values take the same arguments as rule predicates, ``(user, obj)``, and return anything (a
count, a limit, an object), where a predicate returns a bool. Registering a name again replaces
the previous function, so reloading a module does not fail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import rules
from rules import Predicate, has_perm, is_authenticated, is_staff, predicate, test_rule

__all__ = [
    "UnknownValue",
    "compute",
    "get_value",
    "has_perm",
    "is_authenticated",
    "is_staff",
    "predicate",
    "register_perm",
    "register_rule",
    "register_value",
    "test_rule",
    "value_exists",
]

ValueFunction = TypeVar("ValueFunction", bound=Callable[..., Any])

_values: dict[str, Callable[..., Any]] = {}


class UnknownValue(LookupError):
    """No value function is registered under this name."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"no value is registered as {name!r}; use @register_value({name!r})")


def register_perm(name: str) -> Callable[[Callable[..., Any]], Predicate]:
    """Register a function as the permission ``name`` (checked by ``user.has_perm``)."""

    def decorator(function: Callable[..., Any]) -> Predicate:
        rule = predicate(function)
        rules.set_perm(name, rule)
        return rule

    return decorator


def register_rule(name: str) -> Callable[[Callable[..., Any]], Predicate]:
    """Register a function as the rule ``name`` (checked by :func:`test_rule`)."""

    def decorator(function: Callable[..., Any]) -> Predicate:
        rule = predicate(function)
        rules.set_rule(name, rule)
        return rule

    return decorator


def register_value(name: str) -> Callable[[ValueFunction], ValueFunction]:
    """Register ``function(user, obj)`` as the value ``name``; the function is returned as is."""

    def decorator(function: ValueFunction) -> ValueFunction:
        _values[name] = function
        return function

    return decorator


def get_value(name: str) -> Callable[..., Any]:
    try:
        return _values[name]
    except KeyError:
        raise UnknownValue(name) from None


def compute(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call the value ``name``, usually as ``compute(name, user, obj)``."""
    return get_value(name)(*args, **kwargs)


def value_exists(name: str) -> bool:
    return name in _values

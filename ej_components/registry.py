"""The role registry: ``html(obj, role="card")`` renders a model instance in a named role.

Renderers are registered per type and role::

    @html.register(User, role="avatar")
    def user_avatar(user, *, size="medium"): ...

    html(some_user, role="avatar", size="small")

Lookup walks the type's MRO, so a subclass uses its base's renderer unless it registers its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from htpy import Node

__all__ = ["RendererNotFound", "RoleRegistry", "html", "register"]

Renderer = Callable[..., Node]


class RendererNotFound(LookupError):
    """No renderer for this type (or any of its bases) in this role."""

    def __init__(self, cls: type, role: str, known_roles: set[str]):
        self.cls = cls
        self.role = role
        self.known_roles = known_roles
        known = ", ".join(sorted(known_roles)) or "none"
        super().__init__(
            f"no renderer for {cls.__module__}.{cls.__qualname__} in role {role!r} "
            f"(roles registered for it: {known})"
        )


class RoleRegistry:
    def __init__(self) -> None:
        self._renderers: dict[tuple[type, str], Renderer] = {}

    def register(
        self, cls: type, role: str, renderer: Renderer | None = None
    ) -> Callable[[Renderer], Renderer] | Renderer:
        """Register ``renderer(obj, **kwargs)`` for ``cls`` in ``role``; a decorator when
        ``renderer`` is omitted. Registering the same type and role again replaces the renderer."""
        if not role:
            raise ValueError("a role needs a name")

        def decorator(function: Renderer) -> Renderer:
            self._renderers[(cls, role)] = function
            return function

        return decorator if renderer is None else decorator(renderer)

    def renderer(self, cls: type, role: str) -> Renderer:
        for klass in cls.__mro__:
            if (found := self._renderers.get((klass, role))) is not None:
                return found
        raise RendererNotFound(cls, role, self.roles(cls))

    def roles(self, cls: type) -> set[str]:
        """Every role a ``cls`` instance can be rendered in, including its bases' roles."""
        bases = set(cls.__mro__)
        return {role for klass, role in self._renderers if klass in bases}

    def __call__(self, obj: Any, role: str, **kwargs: Any) -> Node:
        return self.renderer(type(obj), role)(obj, **kwargs)


html = RoleRegistry()
register = html.register

"""Declare views on plain functions.

::

    router = Router(models={"conversation": Conversation}, lookup_field={"conversation": "slug"},
                    page=page_layout)

    @router.route("<model:conversation>/edit/", login=True,
                  perms=["ej.can_edit_conversation:conversation"], methods=["GET", "POST"])
    def edit(request, conversation):
        ...

    urlpatterns = router.urls

``<model:name>`` becomes a plain converter in the path; the object is fetched by the route wrapper
(404 when missing) before permissions are checked and the view runs. A view returns a component
(anything with ``__html__`` or a string), a dict (rendered into the route's page), or any
``HttpResponse``.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import URLPattern, path

__all__ = ["Route", "Router"]

_MODEL_PARAM = re.compile(r"<model:(?P<name>\w+)>")
_PATH_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")

Page = Callable[..., Any]


def _converter_for(model: type[models.Model], field_name: str) -> str:
    model_field = model._meta.pk if field_name == "pk" else model._meta.get_field(field_name)
    if isinstance(model_field, models.UUIDField):
        return "uuid"
    if isinstance(model_field, models.SlugField):
        return "slug"
    if isinstance(model_field, models.IntegerField | models.AutoField):
        return "int"
    return "str"


@dataclass
class Route:
    view: Callable[..., Any]
    path: str
    name: str
    login: bool = False
    staff: bool = False
    perms: tuple[str, ...] = ()
    methods: tuple[str, ...] | None = None
    template: str | Page | None = None
    models: Mapping[str, Any] = field(default_factory=dict)
    lookup_field: Mapping[str, str] = field(default_factory=dict)
    decorators: tuple[Callable, ...] = ()

    def __post_init__(self) -> None:
        self.model_params = _MODEL_PARAM.findall(self.path)
        for name in self.model_params:
            if name not in self.models:
                raise ImproperlyConfigured(
                    f"route {self.name!r}: <model:{name}> has no model; "
                    f"pass models={{{name!r}: ...}}"
                )
        path_params = {m["name"] for m in _PATH_PARAM.finditer(self.path)}
        self.object_perms: list[tuple[str, str]] = []
        self.global_perms: list[str] = []
        for perm in self.perms:
            perm_name, _, argument = perm.partition(":")
            if argument:
                if argument not in path_params:
                    raise ImproperlyConfigured(
                        f"route {self.name!r}: permission {perm!r} names {argument!r}, "
                        "which is not a parameter of the path"
                    )
                self.object_perms.append((perm_name, argument))
            else:
                self.global_perms.append(perm_name)
        parameters = list(inspect.signature(self.view).parameters)
        self.takes_request = bool(parameters) and parameters[0] == "request"

    @property
    def django_path(self) -> str:
        def replace(match: re.Match) -> str:
            name = match["name"]
            model = self._model(name)
            converter = _converter_for(model, self.lookup_field.get(name, "pk"))
            return f"<{converter}:{name}>"

        return _MODEL_PARAM.sub(replace, self.path)

    def _model(self, name: str) -> type[models.Model]:
        source = self.models[name]
        return source.model if isinstance(source, models.QuerySet) else source

    def lookup(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        for name in self.model_params:
            source = self.models[name]
            lookup = self.lookup_field.get(name, "pk")
            kwargs[name] = get_object_or_404(source, **{lookup: kwargs[name]})
        return kwargs

    @property
    def requires_login(self) -> bool:
        return self.login or self.staff or bool(self.perms)

    def check_permissions(self, user: Any, kwargs: dict[str, Any]) -> None:
        if self.staff and not user.is_staff:
            raise PermissionDenied
        if self.global_perms and not user.has_perms(self.global_perms):
            raise PermissionDenied
        for perm, argument in self.object_perms:
            if not user.has_perm(perm, kwargs[argument]):
                raise PermissionDenied

    def render(self, request: HttpRequest, result: Any) -> HttpResponseBase:
        if isinstance(result, HttpResponseBase):
            return result
        if isinstance(result, Mapping):
            if self.template is None:
                raise ImproperlyConfigured(
                    f"route {self.name!r} returned a dict but has no template or page"
                )
            if isinstance(self.template, str):
                name = self.template.format(name=self.name)
                return HttpResponse(render_to_string(name, dict(result), request=request))
            return HttpResponse(str(self.template(request=request, **result)))
        if result is None:
            raise ImproperlyConfigured(f"route {self.name!r} returned nothing")
        return HttpResponse(str(result))

    def as_view(self) -> Callable[..., HttpResponseBase]:
        @functools.wraps(self.view)
        def view(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
            if self.methods is not None and request.method not in self.methods:
                return HttpResponseNotAllowed(self.methods)
            if self.requires_login and not request.user.is_authenticated:
                # Anonymous visitors log in first; nothing tells them whether an object exists.
                return redirect_to_login(request.get_full_path())
            kwargs = self.lookup(kwargs)
            self.check_permissions(request.user, kwargs)
            result = self.view(request, **kwargs) if self.takes_request else self.view(**kwargs)
            return self.render(request, result)

        for decorator in reversed(self.decorators):
            view = decorator(view)
        return view

    def as_pattern(self) -> URLPattern:
        return path(self.django_path, self.as_view(), name=self.name)


class Router:
    """Collects routes declared with :meth:`route`; ``router.urls`` goes into ``urlpatterns``.

    Keyword arguments given to the router (``login``, ``perms``, ``template``, ``models``,
    ``lookup_field``, ``decorators``...) are defaults for every route. ``template`` may be a
    Django template name, with ``{name}`` replaced by the route name, or a page component called
    with the request and the dict the view returns.
    """

    def __init__(self, *, base_path: str = "", **defaults: Any):
        self.base_path = base_path
        self.defaults = defaults
        self.routes: list[Route] = []

    def route(self, path: str = "", *, name: str | None = None, **options: Any) -> Callable:
        def decorator(view: Callable) -> Callable:
            self.register(view, path, name=name, **options)
            return view

        return decorator

    def register(self, view: Callable, path: str = "", *, name: str | None = None, **options):
        settings = {**self.defaults, **options}
        for key in ("models", "lookup_field"):
            settings[key] = {**self.defaults.get(key, {}), **options.get(key, {})}
        route = Route(
            view=view,
            path=self.base_path + path,
            name=name or view.__name__.replace("_", "-"),
            login=settings.get("login", False),
            staff=settings.get("staff", False),
            perms=tuple(_as_list(settings.get("perms", ()))),
            methods=_methods(settings.get("methods")),
            template=settings.get("template"),
            models=settings["models"],
            lookup_field=settings["lookup_field"],
            decorators=tuple(settings.get("decorators", ())),
        )
        view.route = route
        self.routes.append(route)
        return route

    @property
    def urls(self) -> list[URLPattern]:
        return [route.as_pattern() for route in self.routes]


def _as_list(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _methods(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    methods = tuple(method.upper() for method in _as_list(value))
    if "GET" in methods and "HEAD" not in methods:
        methods += ("HEAD",)
    return methods

"""What every API view shares."""

from __future__ import annotations

from rest_framework import exceptions, viewsets

from ej.api.permissions import RulePermission
from ej.api.throttling import ScopedThrottles


# A viewset whose actions are allowed by the ``rules`` table (ej.api.permissions). Subclasses
# keep their actions thin: parse with a serializer, call one service or selector, answer with a
# serializer. ``throttle_scope()`` names the rate-limit scope of the current action (None: not
# limited). (No docstring: drf-spectacular would show it as every operation's description.)
class ApiViewSet(viewsets.GenericViewSet):
    permission_classes = [RulePermission]
    http_method_names = ["get", "post", "patch", "delete", "head"]
    rules: dict = {}
    throttle_kinds: tuple = ()

    def initial(self, request, *args, **kwargs):
        # A method the endpoint does not have is 405 for everyone, before who asks is checked.
        if getattr(self, request.method.lower(), None) is None:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def throttle_scope(self) -> str | None:
        return None

    def get_throttles(self):
        scope = self.throttle_scope()
        if scope is None:
            return []
        return [ScopedThrottles(scope, self.throttle_kinds)] if self.throttle_kinds else []

    def serialize(self, serializer_class, instance, **kwargs):
        return serializer_class(instance, context=self.get_serializer_context(), **kwargs).data

    def parse(self, serializer_class, **kwargs):
        """The request body validated by ``serializer_class`` (400 when it is not valid)."""
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def parse_query(self, serializer_class):
        """The query string validated by ``serializer_class`` (400 when it is not valid)."""
        # A plain dict, not the QueryDict: DRF would read an empty value as a missing one.
        query = self.request.query_params.dict()
        serializer = serializer_class(data=query, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def page(self, queryset, serializer_class):
        items = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.serialize(serializer_class, items, many=True))

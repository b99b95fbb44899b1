"""The OpenAPI description: drf-spectacular, plus the error answers every operation may give
and the two ways to authenticate.

The committed copy is ``ej/api/schema.yml``; ``python manage.py api_schema`` rewrites it and
``--check`` fails when it differs from the code (a test runs the same comparison).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import translation
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from ej.api.permissions import rule_for

SCHEMA_FILE = Path(__file__).resolve().parent / "schema.yml"


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="A stable word for programs: invalid, not_found, not_authenticated, "
        "authentication_failed, permission_denied, csrf_failed, method_not_allowed, "
        "throttled, locked_out, comment_limit, vote_refused, invalid_credentials, "
        "unsupported_media_type, parse_error, server_error."
    )
    message = serializers.CharField(help_text="For people, in the requester's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The messages of each rejected field (nested fields are dotted: tags.0).",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERRORS = {
    "400": "The request is not valid (see error.fields).",
    "401": "No valid token or session.",
    "403": "Not allowed for the requester.",
    "404": "Not found, or not visible to the requester.",
    "415": "The body is not JSON.",
    "429": "Too many requests; the Retry-After header says how many seconds to wait.",
}


class AutoSchema(openapi.AutoSchema):
    """Adds the error answers (in the shape of :class:`ErrorSerializer`) each operation may
    give, judged from what it takes: a body, query parameters, path parameters, a rate
    limit; marks the operations open to anonymous requests."""

    def get_auth(self):
        auth = super().get_auth()
        rule = rule_for(self.view) if hasattr(self.view, "rules") else None
        anonymous = rule is not None and not (rule.login or rule.perm or rule.object_perm)
        if auth and anonymous and {} not in auth:
            auth.append({})
        return auth

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        places = {parameter["in"] for parameter in operation.get("parameters", [])}
        has_body = "requestBody" in operation
        statuses = ["401", "403"]
        if has_body or "query" in places:
            statuses.append("400")
        if "path" in places or "query" in places:
            statuses.append("404")
        if has_body:
            statuses.append("415")
        scope = getattr(self.view, "throttle_scope", None)
        if scope is not None and scope():
            statuses.append("429")
        responses = operation["responses"]
        for status in sorted(statuses):
            response = OpenApiResponse(ErrorSerializer, description=ERRORS[status])
            responses.setdefault(status, self._get_response_for_code(response, status))
        return operation


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "ej.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <token>` (or `Bearer <token>`); get one from "
            "`POST /api/v1/tokens/`.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "ej.api.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The site's login session; POST, PATCH and DELETE also need the "
            "X-CSRFToken header.",
        }


def postprocess(result, generator, request, public):
    """Nothing site-specific in the committed schema: no server addresses."""
    result.pop("servers", None)
    return result


def generate_schema() -> str:
    """The schema as YAML, in English whatever the settings' language."""
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()

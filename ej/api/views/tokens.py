"""``/api/v1/tokens/``: personal API tokens, obtained with e-mail and password.

A token request is a login: it goes through ``django.contrib.auth.authenticate`` with the
request, so django-axes counts the failures and refuses while the account or the address is
locked out (429 with ``Retry-After``); it is also rate-limited per address and per e-mail.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.response import Response

from ej.api import serializers as api
from ej.api.errors import ApiError, LockedOut
from ej.api.permissions import Rule
from ej.api.throttling import AddressThrottle, EmailThrottle
from ej.api.views.base import ApiViewSet
from ej.users.models import ApiToken
from ej.users.tokens import api_token_create, api_token_revoke


@extend_schema_view(
    list=extend_schema(summary="The requester's tokens", responses=api.TokenSerializer(many=True)),
    create=extend_schema(
        summary="Get a token with your e-mail and password",
        description="The token's secret is in the answer only. Repeated failures pause "
        "token requests and logins for the account or the address (429).",
        request=api.TokenObtainSerializer,
        responses={201: api.TokenCreatedSerializer},
        auth=[],
    ),
    destroy=extend_schema(summary="Revoke one of the requester's tokens", responses={204: None}),
)
class TokenViewSet(ApiViewSet):
    lookup_value_regex = r"[0-9]{1,18}"
    throttle_kinds = (AddressThrottle, EmailThrottle)
    rules = {
        "list": Rule(login=True),
        "create": Rule(),
        "destroy": Rule(login=True),
    }

    def get_queryset(self):
        return ApiToken.objects.filter(user=self.request.user.pk).order_by("-created", "-id")

    def throttle_scope(self):
        return "tokens" if self.action == "create" else None

    def list(self, request):
        return self.page(self.get_queryset(), api.TokenSerializer)

    def create(self, request):
        data = self.parse(api.TokenObtainSerializer)
        http_request = request._request
        user = authenticate(request=http_request, username=data["email"], password=data["password"])
        if getattr(http_request, "axes_locked_out", False):
            # Answered here, in the API's shape, rather than by axes' middleware (an HTML page).
            http_request.axes_locked_out = False
            raise LockedOut(wait=settings.EJ_LOGIN_COOLOFF_MINUTES * 60)
        if user is None:
            raise ApiError(
                _("The e-mail or the password is not right."), code="invalid_credentials"
            )
        token, secret = api_token_create(user=user, name=data["name"])
        # A token request is a login: last_login moves and axes forgets the earlier failures.
        user_logged_in.send(sender=type(user), request=http_request, user=user)
        body = {**self.serialize(api.TokenSerializer, token), "token": secret}
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})

    def destroy(self, request, pk=None):
        if not api_token_revoke(user=request.user, token_id=int(pk)):
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)

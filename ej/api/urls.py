"""``/api/v1/``: the routes of the REST API (mounted by ``ej/urls.py``).

To add a resource, register its viewset on ``router``; to add a conversation sub-resource
(the opinion groups: ``conversations/{slug}/groups/``), add an action to
``ConversationViewSet`` or register a viewset under ``conversations/(?P<slug>[-a-zA-Z0-9_]+)/``
before the router's URLs. Then refresh the committed schema (``manage.py api_schema``).
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers
from rest_framework.permissions import AllowAny

from ej.api.errors import not_found
from ej.api.views.boards import BoardViewSet
from ej.api.views.comments import CommentViewSet
from ej.api.views.conversations import ConversationViewSet
from ej.api.views.tokens import TokenViewSet
from ej.api.views.votes import VoteViewSet

app_name = "api"


class ApiRootView(routers.APIRootView):
    """The API's resources."""

    permission_classes = [AllowAny]


class ApiRouter(routers.DefaultRouter):
    APIRootView = ApiRootView
    include_format_suffixes = False


router = ApiRouter()
router.register("conversations", ConversationViewSet, basename="conversation")
router.register("comments", CommentViewSet, basename="comment")
router.register("votes", VoteViewSet, basename="vote")
router.register("boards", BoardViewSet, basename="board")
router.register("tokens", TokenViewSet, basename="token")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", title="EJ API"),
        name="docs",
    ),
    *router.urls,
    # Anything else under /api/v1/ is a 404 in the API's error shape, not the site's page.
    re_path(r"^[\s\S]*$", not_found, name="not-found"),  # any character, newlines too
]

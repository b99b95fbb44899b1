from django.conf import settings
from django.urls import include, path

from ej.boards.routes import router as boards_router
from ej.conversations.routes import router as conversations_router
from ej.pages.routes import router as pages_router
from ej.profiles.routes import router as profiles_router
from ej.users.routes import router as users_router
from ej_clusters.routes import router as clusters_router

urlpatterns = [
    path("api/v1/", include("ej.api.urls")),
    path("", include(pages_router.urls)),
    path("", include(users_router.urls)),
    path("profile/", include(profiles_router.urls)),
    path("conversations/", include(conversations_router.urls)),
    path("conversations/", include(clusters_router.urls)),
]

if settings.EJ_GALLERY:
    from ej_components.gallery import router as gallery_router

    urlpatterns.append(path("components/", include(gallery_router.urls)))

# Boards live at /<board-slug>/, so they come last.
urlpatterns.append(path("", include(boards_router.urls)))

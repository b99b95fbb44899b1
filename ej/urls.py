from django.conf import settings
from django.urls import include, path

from ej.pages.routes import router as pages_router
from ej.users.routes import router as users_router

urlpatterns = [
    path("", include(pages_router.urls)),
    path("", include(users_router.urls)),
]

if settings.EJ_GALLERY:
    from ej_components.gallery import router as gallery_router

    urlpatterns.append(path("components/", include(gallery_router.urls)))

from django.urls import include, path

from tests.boogie.testapp.routes import router

urlpatterns = [path("", include(router.urls))]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "ej.api"
    label = "ej_api"
    verbose_name = _("REST API")

    def ready(self):
        # Registers the system checks and the OpenAPI description of the authentication.
        from ej.api import checks, schema  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComponentsConfig(AppConfig):
    name = "ej_components"
    verbose_name = _("Components")

    def ready(self):
        # Role renderers (``html(obj, role)``) register themselves when their module is imported.
        from ej_components.catalog import autodiscover

        autodiscover()

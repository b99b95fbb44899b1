from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "ej_clusters"
    verbose_name = _("Opinion groups")

    def ready(self):
        from ej_clusters import panel, receivers, rules  # noqa: F401 - registrations

        receivers.connect()

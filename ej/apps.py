from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EjConfig(AppConfig):
    name = "ej"
    verbose_name = _("EJ")

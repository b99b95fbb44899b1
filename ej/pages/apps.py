from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "ej.pages"
    label = "ej_pages"
    verbose_name = _("Pages")

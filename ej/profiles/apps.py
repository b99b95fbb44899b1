from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "ej.profiles"
    label = "ej_profiles"
    verbose_name = _("Profiles")

    def ready(self):
        from ej.profiles import fields  # noqa: F401 - registers the settings check
        from ej.profiles.services import profile_erase
        from ej.users.signals import account_removing

        def erase_profile(sender, user, **kwargs):
            profile_erase(user=user)

        account_removing.connect(
            erase_profile, dispatch_uid="ej_profiles.erase_profile", weak=False
        )

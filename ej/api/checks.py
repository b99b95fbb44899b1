"""System checks: the API's rate limits must be readable (``manage.py check`` and startup)."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def throttle_rates(app_configs, **kwargs):
    from rest_framework.settings import api_settings

    from ej.api.throttling import parse_rate

    errors = []
    for name, rate in api_settings.DEFAULT_THROTTLE_RATES.items():
        try:
            parse_rate(rate)
        except ImproperlyConfigured as error:
            errors.append(
                Error(
                    f"API rate {name}: {error}",
                    hint="Set the EJ_API_*_PER_* variables to requests/period, e.g. 60/minute.",
                    id="ej_api.E001",
                )
            )
    return errors

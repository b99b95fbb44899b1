"""Django settings: the mode comes from ``EJ_ENV`` (dev, test or production).

See ``settings/concerns.py`` for every setting and ``settings/modes.py`` for the modes.
"""

from boogie.configurations import build_settings
from settings.modes import MODES

CONF = build_settings(globals(), MODES, variable="EJ_ENV", default="dev")

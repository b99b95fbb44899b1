"""Settings of the product's features, one class each (accounts, conversations, opinion groups)."""

from datetime import timedelta

from boogie.configurations import Conf, env


def _not_production(conf):
    """true in dev and test, false in production"""
    return conf.environment != "production"


class Accounts(Conf):
    """Accounts, login protection, API tokens and profiles (ej.users, ej.profiles)."""

    EJ_CLIENT_IP_HEADER = env.str(
        "HTTP_X_REAL_IP",
        help="request.META key of the header the proxy sets to the client's address (Nginx sets "
        "X-Real-IP). Empty: the TCP peer (REMOTE_ADDR). Set it only behind a proxy that "
        "overwrites the header.",
    )
    EJ_LOGIN_FAILURE_LIMIT = env.int(
        5, help="Failed logins (per account and per address) before logging in is paused."
    )
    EJ_LOGIN_COOLOFF_MINUTES = env.int(15, help="Minutes logging in stays paused after that.")
    EJ_LOGIN_LOCKOUT_BY = env.list(
        ["username", "ip_address"],
        help="What failed logins are counted by: username, ip_address, or a pair joined with + "
        "(username+ip_address) to count per pair.",
    )
    EJ_SIGNUP_LIMIT = env.int(
        10, help="Sign-up attempts accepted from one address per rate-limit window (0: no limit)."
    )
    EJ_PASSWORD_RESET_LIMIT = env.int(
        5,
        help="Password-reset requests accepted per address, and per e-mail, in each rate-limit "
        "window (0: no limit).",
    )
    EJ_RATE_LIMIT_WINDOW_MINUTES = env.int(
        60, help="Length of the sign-up and password-reset rate-limit window."
    )
    PASSWORD_RESET_TIMEOUT = env.int(
        3600, help="Seconds a password-reset link stays valid (it also works only once)."
    )
    EJ_API_TOKENS_PER_USER = env.int(10, help="Most API tokens one person may hold at once.")
    EJ_AVATAR_MAX_BYTES = env.int(2 * 1024 * 1024, help="Largest avatar upload, in bytes.")
    EJ_AVATAR_MAX_DIMENSION = env.int(
        4000, help="Largest avatar width or height accepted, in pixels."
    )
    EJ_AVATAR_SIZE = env.int(
        512, help="Avatars are cropped square and stored at this many pixels per side."
    )
    EJ_PROFILE_FIELDS_DISABLED = env.list(
        [],
        help="Comma-separated demographic profile fields to switch off (gender, race, "
        "birth_date, city, state, country, occupation, education, political_orientation).",
    )
    EJ_DEMOGRAPHICS_MIN_COUNT = env.int(
        5, help="Demographic summaries merge the answers given by fewer people than this."
    )
    EJ_SERVE_MEDIA = env.bool(
        _not_production,
        help="Serve uploaded files (avatars) from Django at MEDIA_URL. In production Nginx does.",
    )

    # django-axes: failed logins lock out one account or one address for a while.
    AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
    AXES_USERNAME_FORM_FIELD = "username"
    AXES_USERNAME_CALLABLE = "ej.users.security.axes_username"
    AXES_CLIENT_IP_CALLABLE = "ej.users.network.client_ip"
    AXES_LOCKOUT_CALLABLE = "ej.users.security.lockout_response"
    AXES_RESET_ON_SUCCESS = True
    AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login and its address
    AXES_HTTP_RESPONSE_CODE = 429

    @property
    def AXES_FAILURE_LIMIT(self):
        return self.EJ_LOGIN_FAILURE_LIMIT

    @property
    def AXES_COOLOFF_TIME(self):
        return timedelta(minutes=self.EJ_LOGIN_COOLOFF_MINUTES)

    @property
    def AXES_LOCKOUT_PARAMETERS(self):
        return [item.split("+") if "+" in item else item for item in self.EJ_LOGIN_LOCKOUT_BY]


class Conversations(Conf):
    """Conversations, comments, votes and boards (ej.conversations, ej.boards)."""

    EJ_MAX_COMMENTS_PER_CONVERSATION = env.int(
        2,
        help="Comments a participant may write in a new conversation (its organizers may change "
        "it per conversation; editors and moderators have no limit).",
    )
    EJ_BOARD_QUOTA = env.int(1, help="Boards a person may own (staff have no limit).")
    EJ_CONVERSATIONS_PER_PAGE = env.int(12, help="Conversations per page on lists and boards.")


class Clusters(Conf):
    pass

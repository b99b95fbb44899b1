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


def _jobs_sync_default(conf):
    """true in test, false otherwise"""
    return conf.environment == "test"


class Clusters(Conf):
    """Opinion groups (ej_clusters): when they are recomputed and how the jobs run."""

    EJ_CLUSTERS_NEW_VOTES = env.int(
        5, help="New votes in a conversation that start a recomputation of its opinion groups."
    )
    EJ_CLUSTERS_COOLDOWN_SECONDS = env.int(
        30,
        help="Seconds between two recomputations of one conversation; votes arriving sooner "
        'wait for the next one (organizers\' "recompute now" does not wait).',
    )
    EJ_CLUSTERS_QUEUE = env.str("ej-clusters", help="Name of the RQ queue of opinion-group jobs.")
    EJ_CLUSTERS_JOB_TIMEOUT = env.int(
        900, help="Seconds an opinion-group job may run before it is stopped (and retried)."
    )
    EJ_CLUSTERS_RETRIES = env.int(
        3, help="Times a failed opinion-group job is retried before its error is shown."
    )
    EJ_CLUSTERS_RETRY_DELAYS = env.list(
        ["30", "120", "600"],
        help="Comma-separated seconds to wait before each retry (the last one repeats).",
    )
    EJ_JOBS_NICE = env.int(
        10,
        help="Niceness (0-19) at which the job worker runs each job: on a machine shared with "
        "the web processes, a recomputation then waits for the requests instead of delaying "
        "them. 0 runs jobs at the worker's own priority.",
    )
    EJ_JOBS_INLINE = env.bool(
        False,
        help="Run background jobs in the web process (after the response) even when REDIS_URL "
        "is set. Without REDIS_URL they always do.",
    )
    EJ_JOBS_SYNC = env.bool(
        _jobs_sync_default,
        help="Inline jobs run at once, inside the request that triggers them, instead of in a "
        "background thread (for tests).",
    )


def _throttle_rate(default: str, what: str):
    return env.str(
        default,
        help=f"{what}, as requests/period (period: second, minute, hour or day; "
        "e.g. 60/minute), or off for no limit.",
    )


def _rate(value: str) -> str | None:
    return None if value.strip().lower() in ("", "off") else value.strip()


class Api(Conf):
    """The REST API at /api/v1/ (ej.api): Django REST Framework and drf-spectacular."""

    EJ_API_PAGE_SIZE = env.int(20, help="Items per page in the API's lists (at most 100).")
    EJ_API_VOTES_PER_USER = _throttle_rate("60/minute", "API votes one person may cast")
    EJ_API_VOTES_PER_ADDRESS = _throttle_rate(
        "600/minute", "API votes accepted from one client address"
    )
    EJ_API_COMMENTS_PER_USER = _throttle_rate("10/minute", "API comments one person may send")
    EJ_API_COMMENTS_PER_ADDRESS = _throttle_rate(
        "60/minute", "API comments accepted from one client address"
    )
    EJ_API_TOKEN_REQUESTS_PER_ADDRESS = _throttle_rate(
        "20/hour", "API token requests (e-mail and password) from one client address"
    )
    EJ_API_TOKEN_REQUESTS_PER_EMAIL = _throttle_rate(
        "10/hour", "API token requests naming one e-mail address"
    )

    @property
    def REST_FRAMEWORK(self):
        return {
            "DEFAULT_AUTHENTICATION_CLASSES": [
                "ej.api.authentication.TokenAuthentication",
                "ej.api.authentication.SessionAuthentication",
            ],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
            "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
            "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
            "DEFAULT_PAGINATION_CLASS": "ej.api.pagination.PageNumberPagination",
            "PAGE_SIZE": max(1, min(self.EJ_API_PAGE_SIZE, 100)),
            "DEFAULT_SCHEMA_CLASS": "ej.api.schema.AutoSchema",
            "EXCEPTION_HANDLER": "ej.api.errors.exception_handler",
            # Throttles are chosen per action by the views; these are their rates.
            "DEFAULT_THROTTLE_CLASSES": [],
            "DEFAULT_THROTTLE_RATES": {
                "votes.user": _rate(self.EJ_API_VOTES_PER_USER),
                "votes.address": _rate(self.EJ_API_VOTES_PER_ADDRESS),
                "comments.user": _rate(self.EJ_API_COMMENTS_PER_USER),
                "comments.address": _rate(self.EJ_API_COMMENTS_PER_ADDRESS),
                "tokens.address": _rate(self.EJ_API_TOKEN_REQUESTS_PER_ADDRESS),
                "tokens.email": _rate(self.EJ_API_TOKEN_REQUESTS_PER_EMAIL),
            },
            "TEST_REQUEST_DEFAULT_FORMAT": "json",
            "UNICODE_JSON": True,
        }

    SPECTACULAR_SETTINGS = {
        "TITLE": "EJ API",
        "DESCRIPTION": (
            "Conversations, comments, votes and boards of EJ. Authenticate with a personal "
            "token (`Authorization: Token <token>`, from `POST /api/v1/tokens/`) or with the "
            "site's session (unsafe methods then need the CSRF token). Every error has the body "
            '`{"error": {"code": ..., "message": ..., "fields": {...}}}`.'
        ),
        "VERSION": "1",
        "OAS_VERSION": "3.0.3",
        "SCHEMA_PATH_PREFIX": "/api/v1",
        "SERVE_INCLUDE_SCHEMA": False,
        "SERVE_AUTHENTICATION": [],
        "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
        "COMPONENT_SPLIT_REQUEST": True,
        "ENUM_NAME_OVERRIDES": {
            "RejectionReasonEnum": "ej.conversations.models.comment.RejectionReason",
            "CommentStatusEnum": "ej.conversations.models.comment.Comment.Status",
            "PaletteEnum": "ej.boards.models.Palette",
        },
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "ej.api.schema.postprocess",
        ],
        # Swagger UI and Redoc are served from this site's static files (no CDN).
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False},
    }

"""Settings grouped by concern. Each environment field is documented in the README table."""

from pathlib import Path

from boogie.configurations import Conf, env

REPO_DIR = Path(__file__).resolve().parent.parent


def _dev_only(value):
    """A default for dev and test; production must set the variable."""

    def default(conf):
        return value

    default.__doc__ = "development value"
    return default


def _debug_default(conf):
    """true in dev, false otherwise"""
    return conf.environment == "dev"


def _hosts_default(conf):
    """localhost, 127.0.0.1, [::1], testserver"""
    return ["localhost", "127.0.0.1", "[::1]", "testserver"]


def _database_default(conf):
    """SQLite file local/db.sqlite3 (in memory under test)"""
    if conf.environment == "test":
        return "sqlite://:memory:"
    return f"sqlite:///{REPO_DIR / 'local' / 'db.sqlite3'}"


def _gallery_default(conf):
    """on in dev and test, off in production"""
    return conf.environment != "production"


def _production(conf):
    """true in production"""
    return conf.environment == "production"


class Paths(Conf):
    BASE_DIR = REPO_DIR
    LOCAL_DIR = env.path(REPO_DIR / "local", help="Folder for the SQLite file, logs and media.")
    STATIC_ROOT = env.path(REPO_DIR / "local" / "static", help="Where collectstatic writes.")
    MEDIA_ROOT = env.path(REPO_DIR / "local" / "media", help="Where uploads are stored.")
    STATIC_URL = "/static/"
    MEDIA_URL = "/media/"

    @property
    def STATICFILES_DIRS(self):
        built = REPO_DIR / "build" / "static"  # compiled Sass (python3 tasks.py sass)
        built.mkdir(parents=True, exist_ok=True)
        return [built, REPO_DIR / "static_src" / "public"]

    ROOT_URLCONF = "ej.urls"
    WSGI_APPLICATION = "ej.wsgi.application"
    DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


class Apps(Conf):
    INSTALLED_APPS = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
        "django.contrib.humanize",
        "axes",
        "rules.apps.AutodiscoverRulesConfig",
        "ej",
        "ej.users.apps.UsersConfig",
        "ej.profiles.apps.ProfilesConfig",
        "ej.conversations.apps.ConversationsConfig",
        "ej.boards.apps.BoardsConfig",
        "ej.pages.apps.PagesConfig",
        "ej_components",
        "ej_clusters",
        "rest_framework",
        "drf_spectacular",
        "drf_spectacular_sidecar",
        "ej.api.apps.ApiConfig",
    ]
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        # Last, as django-axes asks: turns a locked-out login into the lockout page.
        "axes.middleware.AxesMiddleware",
    ]
    TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [],
            "APP_DIRS": True,
            "OPTIONS": {
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    "django.contrib.messages.context_processors.messages",
                ]
            },
        }
    ]
    AUTH_USER_MODEL = "ej_users.User"
    AUTHENTICATION_BACKENDS = [
        # First: refuses logins while an account or address is locked out (django-axes).
        "ej.users.backends.LoginLockoutBackend",
        "rules.permissions.ObjectPermissionBackend",
        "ej.users.backends.ModelPermissionBackend",
    ]
    LOGIN_URL = "/login/"
    LOGIN_REDIRECT_URL = "/"
    LOGOUT_REDIRECT_URL = "/"
    MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"


class Database(Conf):
    DATABASE_URL = env.db_url(
        _database_default,
        required_in=("production",),
        help="Database URL, e.g. postgres://user:pass@host:5432/ej.",
    )
    DATABASE_CONN_MAX_AGE = env.int(60, help="Seconds a database connection is reused.")
    DATABASE_CONNECT_RETRY_SECONDS = env.float(
        5,
        help="Seconds a new PostgreSQL connection keeps being tried while the server does not "
        "accept connections (restarting), before the request fails. 0: no waiting.",
    )

    @property
    def DATABASES(self):
        url = self.DATABASE_URL
        if url == "sqlite://:memory:":
            config = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
        else:
            config = self.env.db_url_config(url)
        if config["ENGINE"].endswith("sqlite3"):
            if config["NAME"] != ":memory:":
                Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
            config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
        else:
            config["CONN_MAX_AGE"] = self.DATABASE_CONN_MAX_AGE
            config["CONN_HEALTH_CHECKS"] = True
        if config["ENGINE"] == "django.db.backends.postgresql":
            config["ENGINE"] = "ej.db.backends.postgresql"  # waits for a restarting server
            config["CONNECT_RETRY_SECONDS"] = self.DATABASE_CONNECT_RETRY_SECONDS
        return {"default": config}


def redis_cache(url: str) -> dict:
    """The cache on the Redis at ``url``, as production configures it."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "ej",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            # A Redis outage degrades to cache misses instead of errors.
            "IGNORE_EXCEPTIONS": True,
        },
    }


class Cache(Conf):
    REDIS_URL = env.str(
        "",
        required_in=("production",),
        help="Redis URL for cache and sessions, e.g. redis://127.0.0.1:6379/0. "
        "Empty: in-process cache and database sessions.",
    )

    @property
    def CACHES(self):
        if not self.REDIS_URL:
            return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        return {"default": redis_cache(self.REDIS_URL)}

    # How old (seconds) the participant count on a conversation's page may be for readers
    # without a session while votes come in (one count every few seconds instead of one per
    # vote); people who vote have a session and see it exact. See ej/conversations/cache.py.
    EJ_PAGE_READER_STATS_SECONDS = 5

    @property
    def SESSION_ENGINE(self):
        if self.REDIS_URL:
            return "django.contrib.sessions.backends.cached_db"
        return "django.contrib.sessions.backends.db"

    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True


class Security(Conf):
    SECRET_KEY = env.str(
        _dev_only("dev-only-insecure-key-0b1c5e2f6a9d4c3b8e7f1a2d5c6b9e0f3a4d7c8b"),
        required_in=("production",),
        secret=True,
        help="Django secret key (50+ random characters).",
    )
    DEBUG = env.bool(_debug_default, help="Show debug pages. Never true in production.")
    ALLOWED_HOSTS = env.list(
        _hosts_default,
        required_in=("production",),
        help="Comma-separated host names this site answers to.",
    )
    CSRF_TRUSTED_ORIGINS = env.list([], help="Comma-separated origins (https://host) for CSRF.")
    HTTPS = env.bool(_production, help="Site served over HTTPS (secure cookies, HSTS, redirect).")
    SECURE_HSTS_SECONDS_VALUE = env.int(
        31536000, name="SECURE_HSTS_SECONDS", help="HSTS max-age when HTTPS is on."
    )
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    SESSION_COOKIE_HTTPONLY = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    ]

    @property
    def SECURE_SSL_REDIRECT(self):
        return self.HTTPS

    @property
    def SESSION_COOKIE_SECURE(self):
        return self.HTTPS

    @property
    def CSRF_COOKIE_SECURE(self):
        return self.HTTPS

    @property
    def SECURE_HSTS_SECONDS(self):
        return self.SECURE_HSTS_SECONDS_VALUE if self.HTTPS else 0

    @property
    def SECURE_HSTS_INCLUDE_SUBDOMAINS(self):
        return self.HTTPS

    @property
    def SECURE_HSTS_PRELOAD(self):
        return self.HTTPS


class Email(Conf):
    EMAIL_HOST = env.str("localhost", required_in=("production",), help="SMTP server.")
    EMAIL_PORT = env.int(587, help="SMTP port.")
    EMAIL_HOST_USER = env.str("", help="SMTP user name.")
    EMAIL_HOST_PASSWORD = env.str("", secret=True, help="SMTP password.")
    EMAIL_USE_TLS = env.bool(True, help="Use STARTTLS with the SMTP server.")
    DEFAULT_FROM_EMAIL = env.str(
        "EJ <noreply@localhost>", help="Sender of the e-mails the site sends."
    )

    @property
    def SERVER_EMAIL(self):
        return self.DEFAULT_FROM_EMAIL

    @property
    def EMAIL_BACKEND(self):
        return {
            "dev": "django.core.mail.backends.console.EmailBackend",
            "test": "django.core.mail.backends.locmem.EmailBackend",
        }.get(self.environment, "django.core.mail.backends.smtp.EmailBackend")


class Internationalization(Conf):
    LANGUAGE_CODE = env.str("pt-br", help="Default language (pt-br or en).")
    TIME_ZONE = env.str("America/Sao_Paulo", help="Time zone for dates shown to people.")
    LANGUAGES = [("pt-br", "Português (Brasil)"), ("en", "English")]
    LOCALE_PATHS = [REPO_DIR / "locale"]
    USE_I18N = True
    USE_TZ = True


class Logging(Conf):
    LOG_LEVEL = env.str("INFO", help="Level of the ej and django loggers.")

    @property
    def LOGGING(self):
        return {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                # Times in UTC, as Gunicorn's lines (boogie.logs).
                "plain": {"()": "boogie.logs.UtcFormatter"},
            },
            "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
            "root": {"handlers": ["console"], "level": "WARNING"},
            "loggers": {
                "ej": {"level": self.LOG_LEVEL},
                "django": {"level": self.LOG_LEVEL},
            },
        }


class Product(Conf):
    EJ_SITE_NAME = env.str("EJ", help="Name shown in page titles and e-mails.")
    EJ_GALLERY = env.bool(_gallery_default, help="Serve the component gallery at /components/.")

    @property
    def EJ_ENV(self):
        return self.environment

"""Class-based settings whose typed fields read the environment.

A settings class groups the settings of one concern. UPPERCASE attributes become Django
settings: an :class:`EnvField` is read from the environment and cast to its type, any other
value is copied, and an UPPERCASE property is computed from the others. Classes are composed by
inheritance and turned into a settings module with :func:`build_settings`::

    class Database(Conf):
        DATABASE_URL = env.db_url("sqlite:///db.sqlite3", required_in=("production",),
                                  help="Database connection URL.")

        @property
        def DATABASES(self):
            return {"default": self.env.db_url_config(self.DATABASE_URL)}
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "Conf",
    "EnvField",
    "MissingSettings",
    "build_settings",
    "env",
    "environment_fields",
    "environment_table",
]


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


class MissingSettings(ImproperlyConfigured):
    """Raised when required environment variables are not set."""

    def __init__(self, environment: str, names: Iterable[str]):
        self.environment = environment
        self.names = sorted(names)
        super().__init__(
            f"EJ_ENV={environment} needs these environment variables, which are not set: "
            + ", ".join(self.names)
        )


_TRUE = {"true", "on", "ok", "y", "yes", "1"}
_FALSE = {"false", "off", "n", "no", "0"}


def _parse_bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word not in _TRUE | _FALSE:
        raise ValueError(f"{raw!r} is neither one of {sorted(_TRUE)} nor one of {sorted(_FALSE)}")
    return word in _TRUE


_PARSERS: dict[str, Callable[[str], Any]] = {
    "str": str,
    "db_url": str,
    "bool": _parse_bool,
    "int": int,
    "float": float,
    "list": lambda raw: [item.strip() for item in raw.split(",") if item.strip()],
    "path": Path,
}
_CASTS = set(_PARSERS)


@dataclass
class EnvField:
    """A setting read from an environment variable.

    ``default`` may be a value, :data:`REQUIRED`, or a callable taking the settings instance
    (a default that depends on the mode or on other settings). ``required_in`` names the modes
    in which the variable must be set whatever the default.
    """

    default: Any = REQUIRED
    cast: str = "str"
    help: str = ""
    required_in: tuple[str, ...] = ()
    secret: bool = False
    name: str = ""

    def __post_init__(self) -> None:
        if self.cast not in _CASTS:
            raise ValueError(f"unknown cast {self.cast!r}; use one of {sorted(_CASTS)}")

    def __set_name__(self, owner: type, attr: str) -> None:
        self.name = self.name or attr

    def __get__(self, instance: Conf | None, owner: type) -> Any:
        if instance is None:
            return self
        return instance._value_of(self)

    def is_required(self, environment: str) -> bool:
        return self.default is REQUIRED or environment in self.required_in

    def parse(self, reader: environ.Env) -> Any:
        # The raw value is cast here rather than by django-environ, which reads a leading "$" as a
        # reference to another variable (secrets may start with "$"), returns its own Path class,
        # keeps spaces around list items and reads any unknown word as a false bool.
        return _PARSERS[self.cast](reader.ENVIRON[self.name])

    def describe_default(self) -> str:
        if self.default is REQUIRED:
            return "required"
        if callable(self.default):
            return (self.default.__doc__ or "computed").strip()
        if self.default in ("", [], ()):
            return "(empty)"
        if self.secret:
            return "(development value)"
        if isinstance(self.default, Path):
            return _relative(self.default)
        if isinstance(self.default, list | tuple):
            return ",".join(map(str, self.default)) or "(empty)"
        return str(self.default)


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _EnvFactory:
    """``env.str(...)``, ``env.bool(...)``... build :class:`EnvField` objects."""

    def __getattr__(self, cast: str) -> Callable[..., EnvField]:
        if cast not in _CASTS:
            raise AttributeError(cast)

        def make(default: Any = REQUIRED, **options: Any) -> EnvField:
            return EnvField(default=default, cast=cast, **options)

        return make


env = _EnvFactory()


class Conf:
    """Base of every settings class. ``environment`` is the mode (dev, test, production)."""

    environment: str = "dev"

    def __init__(self, environment: str | None = None, environ_: Mapping[str, str] | None = None):
        if environment is not None:
            self.environment = environment
        self.environ = dict(os.environ if environ_ is None else environ_)
        self.env = environ.Env()
        self.env.ENVIRON = self.environ
        self._cache: dict[str, Any] = {}

    @classmethod
    def fields(cls) -> dict[str, EnvField]:
        found: dict[str, EnvField] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, EnvField):
                    found[name] = value
        return found

    def _value_of(self, field: EnvField) -> Any:
        if field.name not in self._cache:
            self._cache[field.name] = self._read(field)
        return self._cache[field.name]

    def _read(self, field: EnvField) -> Any:
        if self.environ.get(field.name, "") != "":
            try:
                return field.parse(self.env)
            except (ValueError, ImproperlyConfigured) as error:
                raise ImproperlyConfigured(
                    f"Environment variable {field.name} is not a valid {field.cast}: {error}"
                ) from error
        if field.is_required(self.environment):
            raise MissingSettings(self.environment, [field.name])
        return field.default(self) if callable(field.default) else field.default

    def missing(self) -> list[str]:
        return [
            field.name
            for field in self.fields().values()
            if field.is_required(self.environment) and self.environ.get(field.name, "") == ""
        ]

    def load(self) -> dict[str, Any]:
        """Every UPPERCASE attribute as a settings dict; raises if required ones are missing."""
        missing = self.missing()
        if missing:
            raise MissingSettings(self.environment, missing)
        names = sorted({name for klass in type(self).__mro__ for name in vars(klass)})
        return {name: getattr(self, name) for name in names if name.isupper()}


def build_settings(
    namespace: dict[str, Any],
    modes: Mapping[str, type[Conf]],
    *,
    variable: str = "EJ_ENV",
    default: str = "dev",
) -> Conf:
    """Fill a settings module's globals with the settings of the mode named by ``variable``."""
    mode = os.environ.get(variable, "") or default
    if mode not in modes:
        raise ImproperlyConfigured(
            f"{variable}={mode!r} is not a known mode; use one of: {', '.join(modes)}"
        )
    conf = modes[mode](environment=mode)
    namespace.update(conf.load())
    return conf


def environment_fields(*classes: type[Conf]) -> dict[str, EnvField]:
    """All environment fields of the given classes (used to document them)."""
    found: dict[str, EnvField] = {}
    for cls in classes:
        found.update({field.name: field for field in cls.fields().values()})
    return found


def environment_table(*classes: type[Conf]) -> str:
    """A Markdown table of every environment variable the classes read."""
    rows = ["| variable | default | what it is |", "|---|---|---|"]
    for field in sorted(environment_fields(*classes).values(), key=lambda f: f.name):
        required = f" (required in {', '.join(field.required_in)})" if field.required_in else ""
        default = field.describe_default().replace("|", "\\|")
        rows.append(f"| `{field.name}` | {default}{required} | {field.help} |")
    return "\n".join(rows)

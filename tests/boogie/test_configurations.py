from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from boogie.configurations import (
    Conf,
    EnvField,
    MissingSettings,
    build_settings,
    env,
    environment_fields,
)


def _workers_default(conf):
    """4 in production, 1 elsewhere"""
    return 4 if conf.environment == "production" else 1


class Sample(Conf):
    SITE = env.str("EJ", help="Site name.")
    DEBUG = env.bool(False)
    WORKERS = env.int(_workers_default)
    RATIO = env.float(0.5)
    HOSTS = env.list(["localhost"], required_in=("production",))
    ROOT = env.path(Path("/srv/ej"))
    DATABASE_URL = env.db_url("sqlite://:memory:", required_in=("production",))
    API_TOKEN = env.str(secret=True)
    TIMEOUT_VALUE = env.int(30, name="TIMEOUT")
    PLAIN = [1, 2]
    lowercase = "not a setting"

    @property
    def GREETING(self):
        return f"Welcome to {self.SITE}"


def sample(environment="dev", **environ):
    return Sample(environment=environment, environ_={"API_TOKEN": "t0ken", **environ})


# Parsing


def test_typed_values_are_parsed():
    conf = sample(
        DEBUG="yes",
        WORKERS="8",
        RATIO="0.75",
        HOSTS="ej.example.org,www.example.org",
        ROOT="/var/lib/ej",
        DATABASE_URL="postgres://u:p@db:5432/ej",
    )

    assert conf.DEBUG is True
    assert conf.WORKERS == 8
    assert conf.RATIO == 0.75
    assert conf.HOSTS == ["ej.example.org", "www.example.org"]
    assert conf.ROOT == Path("/var/lib/ej")
    assert conf.DATABASE_URL == "postgres://u:p@db:5432/ej"
    assert conf.API_TOKEN == "t0ken"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("on", True), ("False", False), ("0", False), ("no", False)],
)
def test_bool_spellings(raw, expected):
    assert sample(DEBUG=raw).DEBUG is expected


def test_list_items_are_stripped_and_empty_items_dropped():
    assert sample(HOSTS=" a.org , b.org,,").HOSTS == ["a.org", "b.org"]


def test_path_from_environment_is_a_pathlib_path_like_the_default():
    assert isinstance(sample().ROOT, Path)
    from_environment = sample(ROOT="/var/lib/ej").ROOT
    assert isinstance(from_environment, Path)
    assert from_environment / "media" == Path("/var/lib/ej/media")


def test_dollar_sign_is_kept_literally():
    # django-environ reads "$NAME" as a reference to another variable; secrets may start with "$".
    conf = sample(API_TOKEN="$ecret-value", ecret="wrong")

    assert conf.API_TOKEN == "$ecret-value"


def test_field_may_read_a_variable_with_another_name():
    assert sample(TIMEOUT="5").TIMEOUT_VALUE == 5
    assert sample(TIMEOUT_VALUE="5").TIMEOUT_VALUE == 30


# Defaults


def test_plain_defaults():
    conf = sample()

    assert conf.SITE == "EJ"
    assert conf.DEBUG is False
    assert conf.HOSTS == ["localhost"]
    assert conf.ROOT == Path("/srv/ej")


def test_callable_default_receives_the_settings():
    assert sample("dev").WORKERS == 1
    assert sample("production", HOSTS="x", DATABASE_URL="sqlite://:memory:").WORKERS == 4


def test_empty_variable_counts_as_unset():
    assert sample(SITE="", WORKERS="").SITE == "EJ"
    assert sample(WORKERS="").WORKERS == 1


def test_environment_comes_from_the_class_unless_given():
    class Production(Sample):
        environment = "production"

    assert Production(environ_={}).environment == "production"
    assert Production(environment="dev", environ_={}).environment == "dev"


# Required variables and invalid values


def test_required_in_production_names_every_missing_variable():
    conf = Sample(environment="production", environ_={})

    with pytest.raises(MissingSettings) as error:
        conf.load()

    assert error.value.names == ["API_TOKEN", "DATABASE_URL", "HOSTS"]
    message = str(error.value)
    assert "EJ_ENV=production" in message
    for name in ("API_TOKEN", "DATABASE_URL", "HOSTS"):
        assert name in message
    assert isinstance(error.value, ImproperlyConfigured)


def test_required_in_production_uses_defaults_elsewhere():
    settings = Sample(environment="dev", environ_={"API_TOKEN": "x"}).load()

    assert settings["HOSTS"] == ["localhost"]
    assert settings["DATABASE_URL"] == "sqlite://:memory:"


def test_variable_without_default_is_required_in_every_mode():
    with pytest.raises(MissingSettings, match="API_TOKEN"):
        Sample(environment="dev", environ_={}).load()


def test_reading_a_single_missing_variable_raises():
    with pytest.raises(MissingSettings, match="API_TOKEN"):
        _ = Sample(environment="dev", environ_={}).API_TOKEN


@pytest.mark.parametrize(
    ("name", "raw", "cast"),
    [("WORKERS", "abc", "int"), ("RATIO", "half", "float"), ("DEBUG", "ture", "bool")],
)
def test_invalid_value_names_the_variable(name, raw, cast):
    with pytest.raises(ImproperlyConfigured, match=f"{name} is not a valid {cast}"):
        sample(**{name: raw}).load()


def test_unknown_cast_is_rejected():
    with pytest.raises(ValueError, match="unknown cast"):
        EnvField(cast="decimal")
    with pytest.raises(AttributeError):
        env.decimal  # noqa: B018


# Loading


def test_load_returns_uppercase_attributes_only():
    settings = sample(SITE="Participa").load()

    assert settings["SITE"] == "Participa"
    assert settings["GREETING"] == "Welcome to Participa"
    assert settings["PLAIN"] == [1, 2]
    assert "lowercase" not in settings
    assert "environment" not in settings


def test_fields_include_inherited_ones():
    class Extended(Sample):
        EXTRA = env.str("x")

    assert {"SITE", "HOSTS", "EXTRA"} <= set(Extended.fields())
    assert set(environment_fields(Sample)) == {f.name for f in Sample.fields().values()}
    assert Sample.fields()["WORKERS"].describe_default() == "4 in production, 1 elsewhere"


def test_build_settings_fills_the_namespace(monkeypatch):
    monkeypatch.setenv("APP_MODE", "production")
    monkeypatch.setenv("API_TOKEN", "t")
    monkeypatch.setenv("HOSTS", "ej.example.org")
    monkeypatch.setenv("DATABASE_URL", "sqlite://:memory:")
    namespace = {}

    conf = build_settings(namespace, {"dev": Sample, "production": Sample}, variable="APP_MODE")

    assert conf.environment == "production"
    assert namespace["HOSTS"] == ["ej.example.org"]
    assert namespace["WORKERS"] == 4


def test_build_settings_uses_the_default_mode(monkeypatch):
    monkeypatch.delenv("APP_MODE", raising=False)
    monkeypatch.setenv("API_TOKEN", "t")

    conf = build_settings({}, {"dev": Sample}, variable="APP_MODE", default="dev")

    assert conf.environment == "dev"


def test_build_settings_rejects_an_unknown_mode(monkeypatch):
    monkeypatch.setenv("APP_MODE", "staging")

    with pytest.raises(ImproperlyConfigured, match=r"APP_MODE='staging'.*dev, production"):
        build_settings({}, {"dev": Sample, "production": Sample}, variable="APP_MODE")

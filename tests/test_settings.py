"""The project's settings: production start-up checks and migrations."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "EJ_ENV": "production",
    # manage.py check does not connect to the database: nothing listens for this one.
    "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/x",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "ej.example.org",
    "EMAIL_HOST": "smtp.example.org",
}


def manage(*arguments, **environ):
    base = {
        name: value
        for name, value in os.environ.items()
        if name
        not in {"EJ_ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**base, **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_fails_at_start_naming_it():
    result = manage("check", **PRODUCTION)

    assert result.returncode != 0
    assert "MissingSettings" in result.stderr
    assert "not set: SECRET_KEY\n" in result.stderr


def test_production_names_every_missing_variable():
    result = manage("check", EJ_ENV="production")

    assert result.returncode != 0
    for name in ("ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_HOST", "REDIS_URL", "SECRET_KEY"):
        assert name in result.stderr


def test_production_passes_the_deployment_checks():
    secret_key = secrets.token_urlsafe(45)
    assert len(secret_key) == 60

    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secret_key, **PRODUCTION
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    # Raises SystemExit(1) when a migration is missing (the test app's included).
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

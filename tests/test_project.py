"""Project-level checks: README, pinned dependencies, translations."""

import re
import tomllib
from pathlib import Path

import pytest

from boogie.configurations import environment_fields
from settings.modes import ALL_CLASSES

ROOT = Path(__file__).resolve().parent.parent


def test_readme_documents_every_environment_variable():
    readme = (ROOT / "README.md").read_text()
    names = environment_fields(*ALL_CLASSES)
    assert len(names) > 10
    missing = [name for name in names if f"`{name}`" not in readme]
    assert missing == []


def test_readme_quick_start_is_two_commands():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == [
        "python3 tasks.py run",
        "python3 tasks.py test",
    ]


def test_every_pinned_dependency_is_in_the_lock_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pins = project["project"]["dependencies"] + project["dependency-groups"]["dev"]
    lock = {
        line.split("==")[0].lower().replace("_", "-"): line.split("==")[1]
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }
    for pin in pins:
        name, version = pin.split("==")
        assert lock.get(name.lower().replace("_", "-")) == version, pin


@pytest.mark.parametrize("language", ["pt_BR", "en"])
def test_translation_catalogue_ships(language):
    assert (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").exists()


def test_every_portuguese_string_is_translated():
    import polib

    catalogue = polib.pofile(str(ROOT / "locale" / "pt_BR" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def _translatable_strings() -> set[str]:
    """Every string the code passes to gettext (``_``, ``gettext``, ``gettext_lazy``) or
    ngettext (both forms), read from the code itself."""
    import ast

    singular = {"_", "gettext", "gettext_lazy"}
    plural = {"ngettext", "ngettext_lazy"}
    found = set()
    for package in ("ej", "ej_clusters", "ej_components", "boogie"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                    continue
                strings = [
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                ]
                if node.func.id in singular and strings:
                    found.add(strings[0])
                elif node.func.id in plural and len(strings) >= 2:
                    found.update(strings[:2])
    return found


def test_every_translatable_string_is_in_the_portuguese_catalogue():
    """The catalogue is extracted from the code (``python3 tasks.py messages``): a string added
    without extracting it again would be shown in English to Portuguese readers."""
    import polib

    catalogue = polib.pofile(str(ROOT / "locale" / "pt_BR" / "LC_MESSAGES" / "django.po"))
    known = {entry.msgid for entry in catalogue} | {
        entry.msgid_plural for entry in catalogue if entry.msgid_plural
    }
    strings = _translatable_strings()
    assert len(strings) > 300  # the reading of the code found them
    assert sorted(strings - known) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pt-br", "Conversas que encontram pontos em comum"),
        ("en", "Conversations that find common ground"),
    ],
)
def test_home_page_speaks_the_visitor_language(client, language, text):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert text in response.content.decode()
    assert f'lang="{language}"' in response.content.decode()


@pytest.mark.django_db
def test_portuguese_is_the_default_language(client):
    response = client.get("/")
    assert 'lang="pt-br"' in response.content.decode()
    assert "Pular para o conteúdo" in response.content.decode()


@pytest.mark.django_db
def test_services_follow_the_environment(settings):
    import os

    from django.core.cache import cache
    from django.db import connection

    expected_vendor = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected_vendor
    if os.environ.get("REDIS_URL"):
        assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
        cache.set("ej-test-roundtrip", "1", 5)
        assert cache.get("ej-test-roundtrip") == "1"
    else:
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")

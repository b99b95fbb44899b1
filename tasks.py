#!/usr/bin/env python3
"""Project tasks: ``python3 tasks.py <task> [options] [-- extra arguments]``.

Needs only Python 3.11: the first run creates ``.venv`` with the pinned dependencies of
``requirements.lock`` (and again whenever that file changes), then runs the task through invoke
inside it. ``python3 tasks.py --list`` shows every task.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".requirements.sha256"


def _lock_digest() -> str:
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()


def _ensure_venv() -> None:
    """Create or refresh .venv, then re-run this script with its interpreter."""
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"EJ needs Python 3.11; this is {sys.version.split()[0]}.")
    if not VENV_PYTHON.exists():
        print("tasks: creating .venv", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if not STAMP.exists() or STAMP.read_text().strip() != _lock_digest():
        print("tasks: installing pinned dependencies into .venv", flush=True)
        pip = [str(VENV_PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "install", "-r", str(LOCK)], check=True)
        STAMP.write_text(_lock_digest())
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])


if __name__ == "__main__" and Path(sys.prefix).resolve() != VENV.resolve():
    _ensure_venv()

from invoke import Collection, Program, task  # noqa: E402

# Arguments after "--" go to the underlying tool (pytest, runserver...).
EXTRA: list[str] = []


def _manage(c, *args: str, env: dict[str, str] | None = None, **kwargs):
    command = " ".join([sys.executable, "manage.py", *args])
    return c.run(command, env=env or {}, pty=False, **kwargs)


@task
def i18n(c):
    """Compile the translation catalogues (locale/*/LC_MESSAGES/django.po -> .mo)."""
    import polib

    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"i18n: compiled {po_path.relative_to(ROOT)}")


@task
def messages(c):
    """Extract translatable strings into locale/*/django.po (needs GNU gettext)."""
    for language in ("pt_BR", "en"):
        _manage(
            c,
            "makemessages",
            "-l",
            language,
            "--no-obsolete",
            "-i",
            ".venv",
            "-i",
            "build",
            "-i",
            "tests",
            "-i",
            "local",
        )


@task
def sass(c):
    """Compile static_src/scss/main.scss into build/static/css/main.css."""
    import sass as libsass

    target = ROOT / "build" / "static" / "css"
    target.mkdir(parents=True, exist_ok=True)
    css = libsass.compile(
        filename=str(ROOT / "static_src" / "scss" / "main.scss"), output_style="compressed"
    )
    (target / "main.css").write_text(css)
    print(f"sass: wrote {len(css)} bytes to build/static/css/main.css")


@task
def db(c):
    """Apply database migrations."""
    _manage(c, "migrate", "--noinput")


@task
def demo(c):
    """Load the demo content (idempotent)."""
    _manage(c, "seed_demo")


@task(pre=[i18n, sass, db, demo])
def run(c, host="127.0.0.1", port=8000):
    """Prepare everything and serve the app on http://127.0.0.1:8000 (SQLite by default)."""
    _manage(c, "runserver", f"{host}:{port}", *EXTRA)


@task(pre=[i18n, sass])
def test(c, k=""):
    """Run the test suite (extra pytest arguments after --)."""
    args = [sys.executable, "-m", "pytest", *(["-k", k] if k else []), *EXTRA]
    c.run(" ".join(args), env={"EJ_ENV": os.environ.get("EJ_ENV", "test")}, pty=False)


@task
def lint(c):
    """Check the code with ruff."""
    c.run(f"{sys.executable} -m ruff check .", pty=False)
    c.run(f"{sys.executable} -m ruff format --check .", pty=False)


@task
def envdoc(c):
    """Rewrite the README's environment-variable table from the settings classes."""
    import re

    import django

    django.setup()
    from boogie.configurations import environment_table
    from settings.modes import ALL_CLASSES

    readme = ROOT / "README.md"
    table = environment_table(*ALL_CLASSES)
    text = re.sub(
        r"(<!-- env-table:[^>]*-->\n).*?(\n<!-- /env-table -->)",
        lambda match: match[1] + table + match[2],
        readme.read_text(),
        flags=re.S,
    )
    readme.write_text(text)
    print("envdoc: README table updated")


@task
def shell(c):
    """Open a Django shell."""
    _manage(c, "shell", pty=True)


@task
def lock(c):
    """Regenerate requirements.lock from pyproject.toml's pins in a scratch environment."""
    import tempfile
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pins = project["project"]["dependencies"] + project["dependency-groups"]["dev"]
    with tempfile.TemporaryDirectory() as scratch:
        python = Path(scratch) / "bin" / "python"
        c.run(f"{sys.executable} -m venv {scratch}")
        c.run(f"{python} -m pip install -q " + " ".join(f"'{pin}'" for pin in pins))
        frozen = c.run(f"{python} -m pip freeze --exclude-editable", hide=True).stdout
    header = "# Generated by `python3 tasks.py lock` from pyproject.toml; do not edit.\n"
    LOCK.write_text(header + frozen)
    print(f"lock: wrote {LOCK.name}")


namespace = Collection(i18n, messages, sass, db, demo, run, test, lint, envdoc, shell, lock)


def main(argv: list[str]) -> None:
    if "--" in argv:
        cut = argv.index("--")
        argv, EXTRA[:] = argv[:cut], argv[cut + 1 :]
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    program = Program(namespace=namespace, name="EJ tasks", binary="python3 tasks.py")
    program.run(["tasks.py", *(argv or ["--list"])])


if __name__ == "__main__":
    main(sys.argv[1:])

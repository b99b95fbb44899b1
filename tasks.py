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
import time
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


STACK_DIR = ROOT / "local" / "stack"


def _stack_env(port: int, socket: bool) -> dict[str, str]:
    import secrets

    STACK_DIR.mkdir(parents=True, exist_ok=True)
    secret_file = STACK_DIR / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(60))
        secret_file.chmod(0o600)
    bind = f"unix:{STACK_DIR / 'gunicorn.sock'}" if socket else "127.0.0.1:8001"
    return {
        "EJ_ENV": "production",
        "SECRET_KEY": secret_file.read_text().strip(),
        "DATABASE_URL": os.environ.get(
            "EJ_STACK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ej_stack"
        ),
        "REDIS_URL": os.environ.get("EJ_STACK_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"http://localhost:{port},http://127.0.0.1:{port}",
        "HTTPS": "false",
        "EMAIL_HOST": "localhost",
        "STATIC_ROOT": str(STACK_DIR / "static"),
        "MEDIA_ROOT": str(ROOT / "local" / "media"),
        "GUNICORN_BIND": bind,
    }


def _command_ok(*command: str) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


def _ensure_postgres(started: list) -> None:
    if _command_ok("pg_isready", "-h", "127.0.0.1", "-p", "5432"):
        return
    clusters = sorted(Path("/etc/postgresql").glob("*/main"))
    if not clusters:
        sys.exit("stack: PostgreSQL is not installed (apt-get install postgresql)")
    version = clusters[-1].parent.name
    print(f"stack: starting PostgreSQL {version}", flush=True)
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
    )
    started.append(("postgres", version))


REDIS_COMMAND = [
    "redis-server",
    "--bind",
    "127.0.0.1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
]


def _redis_up() -> bool:
    return _command_ok("redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping")


def _ensure_redis(started: list) -> None:
    """Start Redis when it is not running. It is not watched: the site keeps working without
    it (cache misses, database sessions), and whoever restarts it need not tell the stack."""
    if _redis_up():
        return
    print("stack: starting Redis", flush=True)
    process = subprocess.Popen(REDIS_COMMAND, stdout=subprocess.DEVNULL)
    started.append(("redis", process))
    for _ in range(50):
        if _redis_up():
            return
        time.sleep(0.1)
    sys.exit("stack: Redis did not start")


def _ensure_database(url: str) -> None:
    from urllib.parse import urlparse

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    args = [
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username or "postgres",
    ]
    found = subprocess.run(
        ["psql", *args, "-tAc", "SELECT datname FROM pg_database"],
        capture_output=True,
        text=True,
    )
    if name not in found.stdout.split():
        subprocess.run(["createdb", *args, name], check=True)


def _nginx_config(port: int, env: dict[str, str], nginx_dir: Path = STACK_DIR / "nginx") -> Path:
    """Render Nginx's configuration for the stack into ``nginx_dir`` (tests render their own)."""
    from string import Template

    (nginx_dir / "temp").mkdir(parents=True, exist_ok=True)
    upstream = env["GUNICORN_BIND"].removeprefix("unix:")
    upstream = f"unix:{upstream}" if env["GUNICORN_BIND"].startswith("unix:") else upstream
    site = Template(
        (ROOT / "nginx" / "templates" / "ej.conf.template").read_text()
    ).safe_substitute(
        EJ_UPSTREAM=upstream,
        EJ_LISTEN=f"127.0.0.1:{port}",
        EJ_SERVER_NAMES="localhost 127.0.0.1",
        EJ_STATIC_ROOT=env["STATIC_ROOT"],
        EJ_MEDIA_ROOT=env["MEDIA_ROOT"],
    )
    (nginx_dir / "ej.conf").write_text(site)
    (nginx_dir / "ej_proxy.conf").write_text((ROOT / "nginx" / "ej_proxy.conf").read_text())
    temp = nginx_dir / "temp"
    main = f"""worker_processes auto;
pid {nginx_dir / "nginx.pid"};
error_log {nginx_dir / "error.log"} warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 30s;
    server_tokens off;
    log_format ej '$remote_addr - $remote_user [$time_local] "$request" $status '
                  '$body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time';
    access_log {nginx_dir / "access.log"} ej buffer=64k flush=1s;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {nginx_dir / "ej.conf"};
}}
"""
    (nginx_dir / "nginx.conf").write_text(main)
    return nginx_dir


def _wait_ready(url: str, seconds: float = 60) -> bool:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    return False


class _Supervised:
    """A child process of the stack. ``restart``: started again when it dies (the job worker),
    with a growing pause if it keeps dying; otherwise its death stops the stack."""

    def __init__(self, name: str, command: list[str], env: dict, *, restart: bool = False):
        self.name, self.command, self.env, self.restart = name, command, env, restart
        self.pidfile = STACK_DIR / f"{name}.pid"
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.pause = 1.0

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, env=self.env)
        self.started_at = time.monotonic()
        self.pidfile.write_text(f"{self.process.pid}\n")

    def check(self) -> bool:
        """False when the stack must stop because this process died for good."""
        if self.process is None or self.process.poll() is None:
            return True
        if not self.restart:
            print(f"stack: {self.name} exited ({self.process.returncode})", flush=True)
            return False
        self.pause = 1.0 if time.monotonic() - self.started_at > 60 else min(self.pause * 2, 30)
        print(
            f"stack: {self.name} exited ({self.process.returncode}); "
            f"starting it again in {self.pause:.0f} s",
            flush=True,
        )
        time.sleep(self.pause)
        self.start()
        return True

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.pidfile.unlink(missing_ok=True)


@task(pre=[i18n, sass])
def stack(c, port=8080, socket=False, smoke=False, workers=0):
    """Run the production topology here: PostgreSQL, Redis, Gunicorn, the worker, Nginx on :8080.

    --socket: Gunicorn on a Unix socket; --smoke: run the smoke tests through Nginx, then stop;
    --workers N: Gunicorn workers (default: gunicorn.conf.py's). The job worker is started again
    if it dies; PIDs are in local/stack/*.pid.
    """
    import shutil
    import signal

    if not shutil.which("nginx"):
        sys.exit("stack: Nginx is not installed (apt-get install nginx)")
    env = _stack_env(port, socket)
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    started: list = []
    _ensure_postgres(started)
    _ensure_redis(started)
    _ensure_database(env["DATABASE_URL"])
    run_env = {**os.environ, **env}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], env=run_env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=run_env, check=True)
    nginx_dir = _nginx_config(port, env)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    children = [_Supervised("gunicorn", [gunicorn, "-c", "gunicorn.conf.py"], run_env)]
    if _command_ok(*manage, "help", "ej_worker"):
        children.append(_Supervised("worker", [*manage, "ej_worker"], run_env, restart=True))
    else:
        print("stack: no job worker command (ej_worker) yet; jobs are not started", flush=True)
    nginx_command = ["nginx", "-p", str(nginx_dir), "-c", str(nginx_dir / "nginx.conf")]
    children.append(_Supervised("nginx", [*nginx_command, "-g", "daemon off;"], run_env))
    for child in children:
        child.start()

    def stop(*_):
        for child in reversed(children):
            child.stop()
        for child in children:
            child.wait()
        for kind, what in reversed(started):
            if kind == "postgres":
                subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", what, "main", "stop"])
            elif what.poll() is None:
                what.terminate()
                what.wait(timeout=15)
        print("stack: stopped", flush=True)

    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    status = 0
    try:
        base = f"http://127.0.0.1:{port}"
        if not _wait_ready(base + "/readyz"):
            print("stack: the site did not become ready; see the logs above", flush=True)
            status = 1
        elif smoke:
            status = subprocess.run(
                [sys.executable, "-m", "pytest", "tests/stack", "-p", "no:cacheprovider", *EXTRA],
                env={**run_env, "EJ_STACK_URL": base, "EJ_STACK_DIR": str(STACK_DIR)},
            ).returncode
        else:
            print(f"stack: serving on {base}/ (Ctrl-C stops it)", flush=True)
            while all(child.check() for child in children):
                time.sleep(1)
            print("stack: stopping", flush=True)
            status = 1
    except KeyboardInterrupt:
        pass
    finally:
        stop()
    if status:
        sys.exit(status)


namespace = Collection(i18n, messages, sass, db, demo, run, test, lint, envdoc, shell, lock, stack)


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

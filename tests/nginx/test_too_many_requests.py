"""Nginx's own 429 (limit_req): the API's JSON error under /api/, Nginx's page elsewhere.

The configuration ``python3 tasks.py stack`` renders (from nginx/templates/ej.conf.template, as
docker-compose does) runs in a real Nginx on spare ports, in front of a tiny upstream standing
for Gunicorn.
"""

import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polib
import pytest

import tasks

ROOT = Path(__file__).resolve().parent.parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class Upstream(BaseHTTPRequestHandler):
    """Answers as the app does to a vote without a token; with ``X-Answer: 429``, its own 429."""

    def _answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status = int(self.headers.get("X-Answer", "401"))
        body = json.dumps({"error": {"code": f"app-{status}", "message": "", "fields": {}}})
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, "nginx exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nginx does not listen on {port}")


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("Nginx is missing: .ci/run installs it with apt-get")
        pytest.skip("Nginx is not installed (apt-get install nginx)")
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    nginx_dir = tasks._nginx_config(
        port,
        {
            "GUNICORN_BIND": f"127.0.0.1:{upstream.server_address[1]}",
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
        },
        folder / "conf",
    )
    command = [NGINX, "-p", str(nginx_dir), "-c", str(nginx_dir / "nginx.conf")]
    command += ["-e", str(nginx_dir / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"])
    try:
        wait_for_port(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()
        upstream.server_close()


def request(port, method, path, *, source, headers=None):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=5, source_address=(source, 0)
    )
    try:
        body = b"{}" if method == "POST" else None
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def somewhere() -> str:
    """A loopback address of its own: Nginx counts the limits per client address."""
    return f"127.0.4.{random.randint(2, 254)}"


def until_refused(port, method, path, *, source, headers=None):
    """Requests ``path`` from ``source`` until Nginx refuses one; the first answer, the refusal."""
    first = request(port, method, path, source=source, headers=headers)
    for _ in range(100):  # ej_votes: 20 a second, a burst of 40
        answer = request(port, method, path, source=source, headers=headers)
        if answer[0] == 429:
            return first, answer
    raise AssertionError(f"{path} was never refused")


def translated(seconds: int) -> str:
    catalogue = polib.pofile(str(ROOT / "locale" / "pt_BR" / "LC_MESSAGES" / "django.po"))
    entry = catalogue.find("Too many requests. Try again in %(seconds)d second.")
    return entry.msgstr_plural[0] % {"seconds": seconds}


def test_the_api_gets_its_json_error_with_retry_after(nginx):
    first, (status, headers, body) = until_refused(
        nginx, "POST", "/api/v1/votes/", source=somewhere(), headers={"Accept-Language": "en"}
    )
    assert first[0] == 401  # the app answered until Nginx stepped in
    assert status == 429
    assert headers["content-type"] == "application/json"
    assert headers["retry-after"] == "1"
    assert headers["x-content-type-options"] == "nosniff"
    assert json.loads(body) == {
        "error": {
            "code": "throttled",
            "message": "Too many requests. Try again in 1 second.",
            "fields": {},
        }
    }


@pytest.mark.parametrize("accept_language", ["pt-BR,pt;q=0.9,en;q=0.8", "", "de-DE"])
def test_the_api_error_is_in_portuguese_unless_english_is_asked(nginx, accept_language):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    _, (status, _, body) = until_refused(
        nginx, "POST", "/api/v1/votes/", source=somewhere(), headers=headers
    )
    assert status == 429
    assert json.loads(body)["error"]["message"] == translated(1)


def test_english_asked_after_an_unknown_language_is_english(nginx):
    headers = {"Accept-Language": "fr-FR,fr;q=0.9,en-US;q=0.8"}
    _, (_, _, body) = until_refused(
        nginx, "POST", "/api/v1/votes/", source=somewhere(), headers=headers
    )
    assert json.loads(body)["error"]["message"] == "Too many requests. Try again in 1 second."


def test_the_apps_own_429_passes_through(nginx):
    status, headers, body = request(
        nginx, "POST", "/api/v1/votes/", source=somewhere(), headers={"X-Answer": "429"}
    )
    assert status == 429
    assert json.loads(body)["error"]["code"] == "app-429"


def test_pages_keep_nginx_page(nginx):
    _, (status, headers, body) = until_refused(
        nginx, "POST", "/conversations/some-slug/vote/", source=somewhere()
    )
    assert status == 429
    assert headers["content-type"].startswith("text/html")
    assert b"429 Too Many Requests" in body

"""Requests through Nginx (port 8080) to Gunicorn, PostgreSQL and Redis."""

import gzip
import socket
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.django_db(databases=[])


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_home_page_through_nginx(stack_url):
    status, headers, body = fetch(stack_url + "/")
    assert status == 200
    assert b"<!doctype html>" in body.lower()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Server"] == "nginx"  # no version disclosed


def test_readiness_checks_database_and_cache(stack_url):
    status, _, body = fetch(stack_url + "/readyz")
    assert status == 200
    assert b'"database": "ok"' in body and b'"cache": "ok"' in body


def test_static_files_are_served_by_nginx_with_cache_headers_and_gzip(stack_url):
    status, headers, body = fetch(stack_url + "/static/css/main.css", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert "max-age=604800" in headers["Cache-Control"]
    assert b"--ej-primary" in gzip.decompress(body)


def test_unknown_host_gets_no_answer(stack_url):
    address = urlparse(stack_url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as connection:
        connection.sendall(b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        assert connection.recv(1024) == b""

"""The OpenAPI schema: committed, in step with the code, valid, served; the docs use local
assets only."""

from __future__ import annotations

import re

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from ej.api.schema import SCHEMA_FILE, generate_schema
from tests.api.conftest import API


def test_the_committed_schema_matches_the_code():
    """When this fails, run `python manage.py api_schema` and review the diff of schema.yml."""
    assert SCHEMA_FILE.read_text() == generate_schema()


def test_the_check_command_fails_on_drift(tmp_path, monkeypatch):
    from ej.api import schema
    from ej.api.management.commands import api_schema

    stale = tmp_path / "schema.yml"
    stale.write_text("openapi: 3.0.3\n")
    monkeypatch.setattr(schema, "SCHEMA_FILE", stale)
    monkeypatch.setattr(api_schema, "SCHEMA_FILE", stale)
    with pytest.raises(CommandError, match="out of date"):
        call_command("api_schema", "--check")
    call_command("api_schema")
    call_command("api_schema", "--check")
    assert stale.read_text() == generate_schema()


def test_the_schema_is_valid_openapi_3():
    from drf_spectacular.validation import validate_schema

    schema = yaml.safe_load(SCHEMA_FILE.read_text())
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
    assert "servers" not in schema


def test_every_operation_documents_the_error_shape():
    schema = yaml.safe_load(SCHEMA_FILE.read_text())
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "401" in operation["responses"], (method, path)
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert response["content"]["application/json"]["schema"] == error


@pytest.mark.django_db
def test_the_schema_is_served_in_yaml_and_json():
    client = APIClient()
    served = client.get(f"{API}/schema/")
    assert served.status_code == 200
    assert yaml.safe_load(served.content)["info"]["title"] == "EJ API"
    as_json = client.get(f"{API}/schema/?format=json")
    assert as_json.status_code == 200 and as_json.json()["info"]["title"] == "EJ API"


@pytest.mark.django_db
def test_the_docs_use_only_local_assets():
    client = APIClient()
    page = client.get(f"{API}/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/") for source in sources), sources
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    script = client.get(f"{API}/docs/?script=")
    assert script.status_code == 200
    assert f"{API}/schema/" in script.content.decode()


def test_the_sidecar_assets_exist():
    from django.contrib.staticfiles import finders

    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name

"""One error shape everywhere: {"error": {"code", "message", "fields"}}, in the requester's
language."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import API, assert_error_shape

pytestmark = pytest.mark.django_db


def test_a_validation_error_names_each_field(world):
    response = world.client("owner").post(
        f"{API}/conversations/", {"title": "", "comment_limit": -1, "tags": ["ok", "!!!"]}
    )
    assert response.status_code == 400
    error = assert_error_shape(response, "invalid")
    assert set(error["fields"]) == {"title", "text", "comment_limit", "tags.1"}
    assert error["fields"]["text"] == ["This field is required."]
    assert error["message"] == "Some of the data sent is not valid; see the fields."


def test_a_single_field_error_is_also_the_message(world):
    response = world.client("other").post(f"{API}/votes/", {"comment": 10**6, "choice": "agree"})
    error = assert_error_shape(response, "invalid")
    assert error["fields"] == {"comment": ["There is no such comment."]}
    assert error["message"] == "There is no such comment."


def test_values_of_the_wrong_json_type_are_refused(world):
    client = world.client("owner")
    slug = world.conversation.slug
    for body in ({"is_hidden": "yes"}, {"comment_limit": "3"}, {"title": 12}, {"board": ""}):
        response = client.patch(f"{API}/conversations/{slug}/", body)
        error = assert_error_shape(response, "invalid")
        assert set(error["fields"]) == set(body), body


def test_service_validation_errors_keep_their_fields_and_messages(world):
    # The duplicate check lives in ej.conversations.services; its message reaches the client.
    response = world.client("other").post(
        f"{API}/conversations/{world.conversation.slug}/comments/",
        {"text": "trees make the streets COOLER in summer."},
    )
    error = assert_error_shape(response, "invalid")
    assert error["fields"] == {
        "text": ["This comment is already in the conversation; write something new."]
    }


def test_malformed_json_is_a_parse_error(world):
    response = world.client("owner").post(
        f"{API}/votes/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert_error_shape(response, "parse_error")


def test_a_body_that_is_not_json_is_415(world):
    response = world.client("owner").post(
        f"{API}/votes/",
        data="comment=1&choice=agree",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert_error_shape(response, "unsupported_media_type")


def test_an_unknown_path_under_the_api_is_a_json_404_whatever_the_method():
    for method in ("get", "post", "delete"):
        response = getattr(APIClient(), method)(f"{API}/nothing/here/")
        assert response.status_code == 404
        assert_error_shape(response, "not_found")


def test_a_hidden_conversation_is_404_not_403(world):
    response = world.client("other").get(f"{API}/conversations/{world.hidden.slug}/")
    error = assert_error_shape(response, "not_found")
    assert world.hidden.title not in str(error)


def test_405_lists_the_allowed_methods(world):
    response = world.client("anonymous").put(f"{API}/votes/{world.votes['owner'].pk}/", {})
    assert response.status_code == 405
    error = assert_error_shape(response, "method_not_allowed")
    assert error["message"] == "The PUT method is not allowed here."
    assert response["Allow"] == "GET, PATCH, HEAD"


def test_401_for_a_wrong_token_even_on_public_endpoints(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token ej_not-a-real-token")
    response = client.get(f"{API}/conversations/")
    assert response.status_code == 401
    assert_error_shape(response, "authentication_failed")
    assert response["WWW-Authenticate"] == 'Token realm="api"'


def test_403_carries_the_rule_message(world):
    response = world.client("other").patch(
        f"{API}/conversations/{world.conversation.slug}/", {"title": "Mine now"}
    )
    error = assert_error_shape(response, "permission_denied")
    assert error["message"] == "You cannot edit this conversation."


def test_errors_of_the_schema_view_are_json_too():
    response = APIClient().post(f"{API}/schema/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert_error_shape(response, "method_not_allowed")


def test_messages_follow_the_requesters_language(world):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="pt-br")
    client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['owner']}")
    response = client.post(f"{API}/conversations/", {"title": "Sem pergunta"})
    error = assert_error_shape(response, "invalid")
    assert error["fields"]["text"] == ["Este campo é obrigatório."]
    missing = APIClient(HTTP_ACCEPT_LANGUAGE="pt-br").get(f"{API}/conversations/nada/")
    assert assert_error_shape(missing, "not_found")["message"] == "Não encontrado."


def test_an_unexpected_error_is_a_json_500_and_is_logged(world, monkeypatch, caplog):
    from ej.api.views import conversations

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(conversations.selectors, "conversation_list", broken)
    response = world.client("owner").get(f"{API}/conversations/")
    assert response.status_code == 500
    error = assert_error_shape(response, "server_error")
    assert "boom" not in error["message"]
    assert any(record.exc_info for record in caplog.records if record.name == "ej.api")


@pytest.mark.parametrize("path", ["/comments/%0A/", "/votes/1%0A/", "/%C3%82%0A/x", "/x%00/"])
def test_odd_paths_are_json_404s(path):
    response = APIClient().get(f"{API}{path}")
    assert response.status_code == 404
    assert_error_shape(response, "not_found")

"""The API over real HTTP, against a live server: schemathesis over the whole schema, and a
script that uses the API as an integrator would (Python ``requests``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.api.conftest import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)

# Every check except positive_data_acceptance: a well-formed request may still be refused by a
# business rule (the comment limit, a duplicate comment, the board quota...).
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
    "use_after_free",
    "ensure_resource_availability",
    "ignored_auth",
]
# A fixed seed keeps CI reproducible; EJ_SCHEMATHESIS_SEED=random explores anew.
SEED = os.environ.get("EJ_SCHEMATHESIS_SEED", "20260601")
MAX_SECONDS = int(os.environ.get("EJ_SCHEMATHESIS_SECONDS", "35"))


@pytest.fixture
def generous_rates(settings):
    """Rate limits stay on, high enough that fuzzing reaches the logic behind them."""
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    rates.update({name: "100000/minute" for name in rates if not name.startswith("tokens.")})
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_schemathesis_finds_no_server_error_and_no_response_breaking_the_schema(
    live_server, generous_rates, tmp_path
):
    world = build_world()
    command = [
        str(Path(sys.executable).parent / "st"),
        "run",
        f"{live_server.url}/api/v1/schema/",
        "--header",
        f"Authorization: Token {world.tokens['owner']}",
        "--checks",
        ",".join(CHECKS),
        # Revoking the very token the run authenticates with would leave only 401s to test;
        # the permission matrix covers revocation.
        "--exclude-operation-id",
        "tokens_destroy",
        "--phases",
        "coverage,fuzzing,stateful",
        "--max-examples",
        "10",
        "--max-time",
        str(MAX_SECONDS),
        "--request-timeout",
        "10",
        "--workers",
        "1",
        "--no-color",
        "--warnings",
        "off",
        *([] if SEED == "random" else ["--seed", SEED]),
    ]
    # In a scratch folder: schemathesis and Hypothesis keep their caches in the current one.
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=MAX_SECONDS + 90,
        check=False,
        cwd=tmp_path,
    )
    report = result.stdout[-8000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert "passed" in result.stdout, report


def test_an_integrator_votes_through_a_conversation(live_server):
    world = build_world()
    api = f"{live_server.url}/api/v1"
    http = requests.Session()
    http.headers["Accept-Language"] = "en"

    # 1. A token from e-mail and password.
    answer = http.post(
        f"{api}/tokens/",
        json={"email": "other@example.org", "password": PASSWORD, "name": "my script"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    token = answer.json()
    http.headers["Authorization"] = f"Token {token['token']}"

    # 2. Every conversation, page after page.
    conversations, url = [], f"{api}/conversations/?page_size=1"
    while url:
        page = http.get(url, timeout=10).json()
        conversations += page["results"]
        url = page["next"]
    slugs = [conversation["slug"] for conversation in conversations]
    assert slugs == [world.conversation.slug]  # the hidden one is not listed for this person
    slug = slugs[0]

    # 3. Vote on the next comment until none is left.
    cast = 0
    for _ in range(50):
        next_comment = http.get(f"{api}/conversations/{slug}/next-comment/", timeout=10).json()
        if next_comment["comment"] is None:
            break
        choice = ("agree", "disagree")[cast % 2]
        answer = http.post(
            f"{api}/votes/",
            json={"comment": next_comment["comment"]["id"], "choice": choice},
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
        cast += 1
    else:
        pytest.fail("next-comment never ran out of comments")
    assert cast == len(world.approved) - 1  # build_world already voted on the first one

    # 4. The progress, and the votes, are the person's.
    progress = http.get(f"{api}/conversations/{slug}/progress/", timeout=10).json()
    assert progress == {
        "voted": len(world.approved),
        "total": len(world.approved),
        "remaining": 0,
        "comments_left": world.conversation.comment_limit,
    }
    votes = http.get(f"{api}/votes/?conversation={slug}", timeout=10).json()
    assert votes["count"] == len(world.approved)

    # 5. The statistics count the votes.
    detail = http.get(f"{api}/conversations/{slug}/", timeout=10).json()
    assert detail["statistics"]["votes"]["agree"] >= 1
    assert detail["permissions"] == {
        "can_vote": True,
        "can_comment": True,
        "can_moderate": False,
        "can_edit": False,
    }

    # 6. The opinion groups as last computed (jobs run at once in tests; four people voting
    # on four comments may or may not be enough for groups).
    answer = http.get(f"{api}/conversations/{slug}/groups/", timeout=10)
    assert answer.status_code == 200, answer.text
    groups = answer.json()
    assert set(groups) == {
        "status",
        "reason_code",
        "reason",
        "method",
        "last_run",
        "groups",
        "consensus",
        "your_group",
    }
    assert groups["method"] == "automatic"
    assert set(groups["consensus"]) == {"agree", "disagree"}
    if groups["status"] == "active":
        assert groups["groups"] and groups["reason_code"] == ""
        assert groups["your_group"] in {group["id"] for group in groups["groups"]} | {None}
    else:
        assert groups["status"] == "waiting-for-data", groups
        assert groups["reason_code"] and groups["reason"]
        assert groups["groups"] == [] and groups["your_group"] is None

    # 7. Revoking the token ends it.
    assert http.delete(f"{api}/tokens/{token['id']}/", timeout=10).status_code == 204
    refused = http.get(f"{api}/votes/", timeout=10)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"

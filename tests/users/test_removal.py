"""Removing an account anonymizes the person and keeps their votes, so results do not change."""

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.utils import translation

from ej.conversations.models import Comment, Conversation, FavoriteConversation, Vote
from ej.profiles.models import Profile
from ej.users.models import ApiToken
from ej.users.tokens import api_token_create

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
EMAIL = "ana@example.org"
NAME = "Ana Beatriz Lima"


def rows_mentioning(text: str) -> list[str]:
    """Every (table, column) of every model holding ``text`` in a text column."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                lookup = model.objects.filter(**{f"{field.attname}__icontains": text})
            elif isinstance(field, models.JSONField):
                lookup = model.objects.annotate(_text=Cast(field.attname, models.TextField()))
                lookup = lookup.filter(_text__icontains=text)
            else:
                continue
            if lookup.exists():
                found.append(f"{model._meta.db_table}.{field.column}")
    return found


@pytest.fixture
def conversation(db):
    organizer = User.objects.create_user(email="org@example.org", password=PASSWORD, name="Olga")
    conversation = Conversation.objects.create(
        author=organizer,
        title="Transporte público",
        text="Como melhorar os ônibus?",
        comment_limit=5,
    )
    for text in ("Mais ônibus à noite.", "Tarifa zero aos domingos.", "Faixas exclusivas."):
        Comment.objects.create(
            conversation=conversation, author=organizer, text=text, status="approved"
        )
    return conversation


@pytest.fixture
def participant(user, conversation):
    """The person to remove: votes, a comment, a favourite, a profile, a token, failed logins."""
    for comment, choice in zip(conversation.comments.all(), (1, -1, 0), strict=True):
        Vote.objects.create(author=user, comment=comment, choice=choice)
    Comment.objects.create(
        conversation=conversation,
        author=user,
        text="Ciclovias ligando os bairros.",
        status="approved",
    )
    FavoriteConversation.objects.create(user=user, conversation=conversation)
    Profile.objects.create(user=user, city="Recife", biography="Sou Ana Beatriz Lima, de Recife.")
    api_token_create(user=user, name="script")
    Client().post("/login/", {"username": EMAIL, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=EMAIL).exists()
    return user


def remove(client, password=PASSWORD, headers=None, **data):
    return client.post(
        "/account/remove/", {"password": password, "confirm": "on", **data}, headers=headers
    )


def test_removing_keeps_the_votes_and_leaves_no_email_or_name(client, participant, conversation):
    votes = Vote.objects.for_conversation(conversation)
    before = sorted(votes.values_list("comment_id", "choice"))
    comments_before = conversation.comments.count()
    assert rows_mentioning(EMAIL) and rows_mentioning(NAME)
    client.force_login(participant)

    response = remove(client)

    assert response.status_code == 302
    assert sorted(votes.values_list("comment_id", "choice")) == before
    assert votes.count() == 3
    assert conversation.comments.count() == comments_before
    assert rows_mentioning(EMAIL) == []
    assert rows_mentioning(NAME) == []
    assert rows_mentioning("ana@") == []


def test_the_removed_account_is_anonymous_and_cannot_log_in(client, participant):
    other_session = Client()
    other_session.force_login(participant)
    client.force_login(participant)

    remove(client)

    person = User.objects.get(pk=participant.pk)
    assert person.email.endswith("@removed.invalid")
    assert person.name == ""
    with translation.override("en"):
        assert person.display_name == "Removed account"
    assert not person.is_active and not person.has_usable_password()
    assert person.removed_at is not None
    assert not Profile.objects.filter(user=person).exists()
    assert not ApiToken.objects.filter(user=person).exists()
    # Logged out here and everywhere.
    assert "_auth_user_id" not in client.session
    assert other_session.get("/account/").status_code == 302
    response = client.post("/login/", {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 200


def test_the_email_can_sign_up_again(client, participant):
    client.force_login(participant)
    remove(client)
    response = client.post(
        "/signup/",
        {"name": "Ana", "email": EMAIL, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert User.objects.filter(email=EMAIL).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"password": "wrong"}, "password"),
        ({"confirm": ""}, "confirm"),
    ],
)
def test_a_wrong_password_or_no_confirmation_removes_nothing(client, participant, data, field):
    client.force_login(participant)
    response = client.post(
        "/account/remove/",
        {"password": PASSWORD, "confirm": "on", **data},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    participant.refresh_from_db()
    assert participant.email == EMAIL and participant.is_active
    assert Profile.objects.filter(user=participant).exists()


def test_administrators_cannot_remove_themselves_here(client):
    admin = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    client.force_login(admin)
    response = remove(client, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "Administrator accounts cannot be removed here" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_removal_needs_post_and_the_csrf_token(csrf_client, user):
    csrf_client.force_login(user)
    assert (
        csrf_client.post("/account/remove/", {"password": PASSWORD, "confirm": "on"}).status_code
        == 403
    )
    user.refresh_from_db()
    assert user.is_active

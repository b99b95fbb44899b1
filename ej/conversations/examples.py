"""Unsaved objects for the components' example states (nothing here touches the database)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ej.conversations.models import Comment, Conversation, Tag
from ej_components.examples import example_user

QUESTION = "Como a cidade deve gastar o orçamento do transporte público no ano que vem?"
COMMENT = "Mais linhas de ônibus nos bairros da periferia, mesmo que a passagem suba um pouco."


def example_conversation(**fields: Any) -> Conversation:
    values = {
        "id": 1,
        "title": "Transporte público",
        "text": QUESTION,
        "slug": "transporte-publico",
        "author": example_user(),
        "created": timezone.now(),
        "comment_limit": 2,
    }
    values.update(fields)
    return Conversation(**values)


def example_comment(**fields: Any) -> Comment:
    values = {
        "id": 7,
        "conversation": example_conversation(),
        "author": example_user(name="João Souza", email="joao@example.org"),
        "text": COMMENT,
        "status": Comment.Status.APPROVED,
        "created": timezone.now(),
    }
    values.update(fields)
    return Comment(**values)


def example_tags() -> list[Tag]:
    return [Tag(name="transporte", slug="transporte"), Tag(name="orçamento", slug="orcamento")]

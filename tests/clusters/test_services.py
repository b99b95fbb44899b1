"""Opinion groups stored from the database: models, services, reading votes, bad input."""

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ej.conversations import services as conversation_services
from ej.conversations.models import Comment, Vote
from ej_clusters import reading, selectors, services
from ej_clusters.math import REASONS as MATH_REASONS
from ej_clusters.models import (
    Assignment,
    Clusterization,
    CommentValue,
    Method,
    OpinionGroup,
    Persona,
    PersonaVote,
    Status,
)
from ej_clusters.texts import REASONS, reason_text
from tests.clusters.conftest import add_comments, cast_votes

pytestmark = pytest.mark.django_db


def recompute(conversation):
    clusterization = services.clusterization_for(conversation)
    status = services.recompute(clusterization)
    clusterization.refresh_from_db()
    return status, clusterization


def test_a_new_conversation_waits_for_data(conversation):
    clusterization = services.clusterization_for(conversation)
    assert clusterization.method == Method.AUTOMATIC
    assert clusterization.status == Status.WAITING
    assert clusterization.reason_code == "not-computed"
    assert not clusterization.has_results
    assert services.clusterization_for(conversation).pk == clusterization.pk


def test_every_reason_has_words():
    assert set(MATH_REASONS) <= set(REASONS)
    for code in REASONS:
        assert reason_text(code)
    assert reason_text("") == ""


def test_recompute_stores_groups_assignments_and_comment_values(voted):
    conversation, people = voted
    status, clusterization = recompute(conversation)
    assert status == Status.ACTIVE
    assert clusterization.status == Status.ACTIVE and clusterization.reason_code == ""
    assert clusterization.runs == 1 and clusterization.last_run is not None
    assert clusterization.votes_at_last_run == Vote.objects.count()
    assert clusterization.algorithm_version.startswith("polis-automatic")
    assert clusterization.state["runs"] == 1
    assert clusterization.result_token
    groups = list(clusterization.groups.filter(is_current=True))
    assert len(groups) == 2
    assert sorted(g.size for g in groups) == [12, 12]
    assert all(g.representative for g in groups)
    assert [g.letter for g in groups] == ["A", "B"]
    # Each camp is one group.
    by_person = dict(Assignment.objects.values_list("participant_id", "group_id"))
    assert len(by_person) == len(people)
    assert len({by_person[p.pk] for p in people[:12]}) == 1
    assert len({by_person[p.pk] for p in people[12:]}) == 1
    assert CommentValue.objects.filter(clusterization=clusterization).count() == 8
    value = CommentValue.objects.first()
    assert value.priority > 0 and value.group_informed_consensus is not None
    assert set(clusterization.consensus) == {"agree", "disagree"}
    assert clusterization.details["grouped"] == 24


def test_group_ids_and_names_stay_across_runs(voted, author):
    conversation, people = voted
    _status, clusterization = recompute(conversation)
    first = {g.key: g.pk for g in clusterization.groups.all()}
    group = clusterization.groups.first()
    services.group_update(
        group=group, name="Ciclistas", description="Querem ciclovias", editor=author
    )
    token = clusterization.result_token
    _status, clusterization = recompute(conversation)
    assert {g.key: g.pk for g in clusterization.groups.all()} == first
    group.refresh_from_db()
    assert group.name == "Ciclistas" and group.display_name == "Ciclistas"
    assert clusterization.result_token != token
    assert clusterization.runs == 2 and clusterization.state["runs"] == 2


def test_votes_are_read_as_arrays(voted):
    conversation, _people = voted
    arrays = reading.vote_arrays(conversation.pk)
    expected = sorted(
        Vote.objects.filter(comment__conversation=conversation).values_list(
            "author_id", "comment_id", "choice"
        )
    )
    got = sorted(zip(*(a.tolist() for a in arrays), strict=True))
    assert got == expected
    assert arrays.participants.dtype == np.int64 and arrays.choices.dtype == np.int8
    assert len(reading.vote_arrays(0)) == 0


def test_binary_copy_decoding():
    header = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
    rows = b""
    for author, comment, choice in [(7, 11, 1), (2**40, 3, -1)]:
        rows += (3).to_bytes(2, "big", signed=True)
        rows += (8).to_bytes(4, "big") + author.to_bytes(8, "big", signed=True)
        rows += (8).to_bytes(4, "big") + comment.to_bytes(8, "big", signed=True)
        rows += (2).to_bytes(4, "big") + choice.to_bytes(2, "big", signed=True)
    decoded = reading.decode_binary_copy(header + rows + (-1).to_bytes(2, "big", signed=True))
    assert decoded.participants.tolist() == [7, 2**40]
    assert decoded.comments.tolist() == [11, 3]
    assert decoded.choices.tolist() == [1, -1]
    with pytest.raises(ValueError):
        reading.decode_binary_copy(b"not a copy stream")


def test_rejected_and_pending_comments_are_moderated_out(conversation, other, moderator):
    pending = conversation_services.comment_create(
        author=other, conversation=conversation, text="Um comentário pendente."
    )
    rejected = conversation_services.comment_create(
        author=other, conversation=conversation, text="Um comentário rejeitado."
    )
    conversation_services.comment_moderate(
        comments=[rejected], moderator=moderator, status="rejected", reason="off_topic"
    )
    assert sorted(reading.moderated_out(conversation.pk).tolist()) == sorted(
        [pending.pk, rejected.pk]
    )


def test_a_participant_deleted_during_the_run_is_left_out(voted):
    conversation, people = voted
    clusterization = services.clusterization_for(conversation)
    result, n_votes = services.run_math(clusterization)
    people[0].delete()
    assert services.store_result(clusterization, result, n_votes=n_votes) == Status.ACTIVE
    assert Assignment.objects.count() == len(people) - 1


# Bad input: each ends in a clear status


def test_no_votes(conversation):
    status, clusterization = recompute(conversation)
    assert status == Status.WAITING and clusterization.reason_code == "no-votes"
    assert "voted" in reason_text(clusterization.reason_code)
    assert selectors.priorities(conversation) is None


def test_one_participant(conversation, make_user):
    cast_votes(conversation, [[1, -1, 1]], make_user)
    status, clusterization = recompute(conversation)
    assert status == Status.WAITING
    assert clusterization.reason_code == "too-few-participants"


def test_one_comment(conversation, make_user):
    Comment.objects.filter(
        pk__in=list(conversation.comments.values_list("pk", flat=True))[1:]
    ).update(status="pending")
    cast_votes(conversation, [[1], [-1], [1], [-1]], make_user)
    status, clusterization = recompute(conversation)
    assert status == Status.WAITING
    assert clusterization.reason_code == "too-few-comments"


def test_only_skips(conversation, make_user):
    cast_votes(conversation, [[0, 0, 0]] * 5, make_user)
    status, clusterization = recompute(conversation)
    assert clusterization.reason_code == "only-skips"


def test_every_comment_rejected(conversation, make_user, moderator):
    cast_votes(conversation, [[1, -1, 1], [-1, 1, -1]], make_user)
    conversation_services.comment_moderate(
        comments=list(conversation.comments.all()),
        moderator=moderator,
        status="rejected",
        reason="off_topic",
    )
    status, clusterization = recompute(conversation)
    assert clusterization.reason_code == "all-moderated-out"
    assert selectors.priorities(conversation) is None


def test_everyone_agrees(conversation, make_user):
    cast_votes(conversation, [[1, 1, 1]] * 20, make_user)
    status, clusterization = recompute(conversation)
    assert status == Status.WAITING
    assert clusterization.reason_code == "single-opinion"
    assert reason_text("single-opinion")


# Personas


def test_personas_without_votes(voted, author):
    conversation, _people = voted
    services.method_set(conversation=conversation, method=Method.PERSONAS, editor=author)
    services.group_create(conversation=conversation, name="Ônibus", editor=author)
    services.group_create(conversation=conversation, name="Bicicleta", editor=author)
    status, clusterization = recompute(conversation)
    assert status == Status.WAITING
    assert clusterization.reason_code == "too-few-persona-groups"
    text = reason_text(clusterization.reason_code, clusterization.details)
    assert "0 of the 2 groups" in text


def test_personas_with_no_groups_at_all(voted, author):
    conversation, _people = voted
    services.method_set(conversation=conversation, method=Method.PERSONAS, editor=author)
    _status, clusterization = recompute(conversation)
    assert clusterization.reason_code == "too-few-persona-groups"
    assert "Create at least two groups" in reason_text("too-few-persona-groups", {"groups": 0})


def persona_setup(conversation, author):
    services.method_set(conversation=conversation, method=Method.PERSONAS, editor=author)
    first = services.group_create(conversation=conversation, name="Primeiro", editor=author)
    second = services.group_create(conversation=conversation, name="Segundo", editor=author)
    comments = list(conversation.comments.approved().order_by("id"))
    half = len(comments) // 2
    for group, sign in ((first, 1), (second, -1)):
        persona = group.personas.get()
        services.persona_votes_set(
            persona=persona,
            votes={c.pk: sign if i < half else -sign for i, c in enumerate(comments)},
            editor=author,
        )
    return first, second


def test_persona_groups_anchor_participants(voted, author):
    conversation, people = voted
    first, second = persona_setup(conversation, author)
    votes_before = Vote.objects.count()
    status, clusterization = recompute(conversation)
    assert status == Status.ACTIVE
    assert clusterization.algorithm_version == "persona-kmeans-1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.size, second.size) == (12, 12)
    groups = dict(Assignment.objects.values_list("participant_id", "group_id"))
    assert {groups[p.pk] for p in people[:12]} == {first.pk}
    assert {groups[p.pk] for p in people[12:]} == {second.pk}
    # Persona votes never count as participants' votes.
    assert Vote.objects.count() == votes_before
    assert clusterization.votes_at_last_run == votes_before
    assert PersonaVote.objects.count() == 16
    assert clusterization.details["participants"] == 24


def test_switching_methods_clears_results(voted, author, jobs_inline):
    conversation, _people = voted
    _status, clusterization = recompute(conversation)
    assert Assignment.objects.exists()
    services.method_set(conversation=conversation, method=Method.PERSONAS, editor=author)
    clusterization.refresh_from_db()
    assert clusterization.reason_code == "method-changed"
    assert not clusterization.has_results and not Assignment.objects.exists()
    assert selectors.priorities(conversation) is None
    # Automatic groups are kept (with their names), but no longer current.
    assert not clusterization.groups.filter(is_current=True).exists()


def test_a_result_of_the_old_method_is_discarded(voted, author):
    conversation, _people = voted
    clusterization = services.clusterization_for(conversation)
    result, n_votes = services.run_math(clusterization)
    services.method_set(conversation=conversation, method=Method.PERSONAS, editor=author)
    assert services.store_result(clusterization, result, n_votes=n_votes) == "discarded"
    assert not Assignment.objects.exists()


def test_switching_off_and_on(voted, author):
    conversation, _people = voted
    recompute(conversation)
    selectors.forget(conversation)
    assert selectors.priorities(conversation) is not None
    services.enabled_set(conversation=conversation, enabled=False, editor=author)
    clusterization = Clusterization.objects.get(conversation=conversation)
    assert clusterization.status == Status.DISABLED
    assert clusterization.reason_code == "switched-off"
    assert not Assignment.objects.exists()
    selectors.forget(conversation)
    assert selectors.priorities(conversation) is None
    assert services.recompute(clusterization) == "discarded"
    services.enabled_set(conversation=conversation, enabled=True, editor=author)
    clusterization.refresh_from_db()
    assert clusterization.status == Status.WAITING


def test_only_organizers_manage_groups(conversation, other, moderator, staff):
    with pytest.raises(PermissionDenied):
        services.method_set(conversation=conversation, method=Method.PERSONAS, editor=other)
    with pytest.raises(PermissionDenied):
        services.group_create(conversation=conversation, name="X", editor=other)
    services.group_create(conversation=conversation, name="Dos moderadores", editor=moderator)
    services.group_create(conversation=conversation, name="Da equipe", editor=staff)


def test_group_and_persona_validation(conversation, author):
    group = services.group_create(conversation=conversation, name="Ônibus", editor=author)
    with pytest.raises(ValidationError):
        services.group_create(conversation=conversation, name="ônibus", editor=author)
    with pytest.raises(ValidationError):
        services.group_create(conversation=conversation, name="  ", editor=author)
    with pytest.raises(ValidationError):
        services.persona_create(
            conversation=conversation, group=group, name="Ônibus", editor=author
        )
    persona = services.persona_create(
        conversation=conversation, group=group, name="Motorista", editor=author
    )
    assert persona.group == group and persona.created_by == author
    assert Persona.objects.filter(group=group).count() == 2
    with pytest.raises(ValidationError):
        services.method_set(conversation=conversation, method="magic", editor=author)


def test_automatic_groups_cannot_be_deleted(voted, author):
    conversation, _people = voted
    _status, clusterization = recompute(conversation)
    with pytest.raises(ValidationError):
        services.group_delete(group=clusterization.groups.first(), editor=author)


def test_persona_votes(conversation, author, other, moderator):
    group = services.group_create(conversation=conversation, name="Ônibus", editor=author)
    persona = group.personas.get()
    first, second, third = conversation.comments.order_by("id")
    assert services.persona_votes_set(
        persona=persona, votes={first.pk: "agree", second.pk: -1}, editor=author
    ) == (2, 0)
    assert services.persona_votes_set(
        persona=persona, votes={first.pk: "agree", second.pk: None, third.pk: "skip"}, editor=author
    ) == (1, 1)
    assert dict(persona.votes.values_list("comment_id", "choice")) == {first.pk: 1, third.pk: 0}
    with pytest.raises(ValidationError):
        services.persona_votes_set(persona=persona, votes={first.pk: "maybe"}, editor=author)
    rejected = conversation_services.comment_create(
        author=other, conversation=conversation, text="Fora do tema, rejeitado."
    )
    conversation_services.comment_moderate(
        comments=[rejected], moderator=moderator, status="rejected", reason="off_topic"
    )
    with pytest.raises(ValidationError):
        services.persona_votes_set(persona=persona, votes={rejected.pk: 1}, editor=author)
    with pytest.raises(PermissionDenied):
        services.persona_votes_set(persona=persona, votes={first.pk: 1}, editor=other)


def test_deleting_a_group_deletes_its_personas(conversation, author):
    group = services.group_create(conversation=conversation, name="Ônibus", editor=author)
    services.group_delete(group=group, editor=author)
    assert not OpinionGroup.objects.exists() and not Persona.objects.exists()


def test_failures_are_recorded(conversation):
    clusterization = services.clusterization_for(conversation)
    assert services.record_failure(clusterization.pk, RuntimeError("boom")) == 1
    assert services.record_failure(clusterization.pk, RuntimeError("boom")) == 2
    clusterization.refresh_from_db()
    assert clusterization.last_error == "RuntimeError: boom"
    assert services.record_failure(0, RuntimeError("gone")) == 0


def test_add_comments_helper(conversation, author):
    assert len(add_comments(conversation, 2, author)) == 5

import pytest
import rules
from rules.rulesets import RuleSet

import boogie.rules as boogie_rules  # test_rule is not imported by name: pytest would collect it
from boogie.rules import (
    UnknownValue,
    compute,
    get_value,
    has_perm,
    is_authenticated,
    is_staff,
    predicate,
    register_perm,
    register_rule,
    register_value,
    value_exists,
)
from tests.boogie.testapp.models import Note


@pytest.fixture(autouse=True)
def isolated_registries(monkeypatch):
    """Rules, permissions and values registered by a test disappear after it."""
    monkeypatch.setattr(rules.permissions, "permissions", RuleSet(rules.permissions.permissions))
    monkeypatch.setattr(rules.rulesets, "default_rules", RuleSet(rules.rulesets.default_rules))
    monkeypatch.setattr(boogie_rules, "_values", dict(boogie_rules._values))


@pytest.fixture
def other_note(stranger):
    return Note.objects.create(slug="other", title="Other", owner=stranger)


# Permissions


def test_app_rules_module_is_autodiscovered(note, owner, stranger):
    assert rules.perm_exists("testapp.edit_note")
    assert owner.has_perm("testapp.edit_note", note)
    assert not stranger.has_perm("testapp.edit_note", note)


def test_register_perm_is_checked_by_user_has_perm(note, other_note, owner):
    @register_perm("testapp.read_note")
    def can_read_note(user, note):
        return note.owner_id == user.id or note.status == "published"

    assert isinstance(can_read_note, rules.Predicate)
    assert owner.has_perm("testapp.read_note", note)
    assert not owner.has_perm("testapp.read_note", other_note)
    other_note.status = "published"
    assert owner.has_perm("testapp.read_note", other_note)
    assert has_perm("testapp.read_note", owner, other_note)


def test_registering_a_perm_again_replaces_it(note, owner):
    register_perm("testapp.archive_note")(lambda user, note: False)
    register_perm("testapp.archive_note")(lambda user, note: True)

    assert owner.has_perm("testapp.archive_note", note)


def test_unknown_perm_is_denied(note, owner):
    assert not owner.has_perm("testapp.fly", note)
    assert not has_perm("testapp.fly", owner, note)


def test_predicates_combine(note, owner, make_user):
    staff = make_user("staff@example.org", is_staff=True)
    register_perm("testapp.moderate_note")(is_staff | predicate(lambda user, note: False))

    assert staff.has_perm("testapp.moderate_note", note)
    assert not owner.has_perm("testapp.moderate_note", note)


# Rules


def test_register_rule_and_test_rule(note, owner, stranger):
    @register_rule("testapp.is_note_owner")
    def is_note_owner(user, note):
        return note.owner_id == user.id

    assert boogie_rules.test_rule("testapp.is_note_owner", owner, note)
    assert not boogie_rules.test_rule("testapp.is_note_owner", stranger, note)
    assert is_note_owner(owner, note) is True
    # Rules are not permissions.
    assert not owner.has_perm("testapp.is_note_owner", note)


def test_registering_a_rule_again_replaces_it(owner):
    register_rule("testapp.flag")(lambda user: False)
    register_rule("testapp.flag")(lambda user: True)

    assert boogie_rules.test_rule("testapp.flag", owner)


def test_reexported_predicates(make_user):
    from django.contrib.auth.models import AnonymousUser

    staff = make_user("staff@example.org", is_staff=True)
    member = make_user("member@example.org")

    assert is_authenticated(member)
    assert not is_authenticated(AnonymousUser())
    assert is_staff(staff)
    assert not is_staff(member)


# Values


def test_register_value_and_compute(note, owner, stranger):
    @register_value("testapp.title_length_for")
    def title_length_for(user, note):
        return len(note.title) if note.owner_id == user.id else 0

    assert title_length_for(owner, note) == len("First note")  # returned unchanged
    assert value_exists("testapp.title_length_for")
    assert get_value("testapp.title_length_for") is title_length_for
    assert compute("testapp.title_length_for", owner, note) == 10
    assert compute("testapp.title_length_for", stranger, note) == 0


def test_registering_a_value_again_replaces_it():
    register_value("testapp.limit")(lambda user, obj: 1)
    register_value("testapp.limit")(lambda user, obj: 2)

    assert compute("testapp.limit", None, None) == 2


def test_unknown_value_raises_lookup_error():
    assert not value_exists("testapp.nothing")

    with pytest.raises(UnknownValue, match="'testapp.nothing'") as error:
        compute("testapp.nothing", None, None)
    assert isinstance(error.value, LookupError)
    assert error.value.name == "testapp.nothing"
    with pytest.raises(LookupError):
        get_value("testapp.nothing")


def test_values_registered_in_a_test_do_not_leak():
    assert not value_exists("testapp.limit")

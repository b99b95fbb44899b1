"""Found by rules' autodiscovery, like the rules modules of the real apps."""

from boogie.rules import register_perm


@register_perm("testapp.edit_note")
def can_edit_note(user, note):
    return note.owner_id == user.id

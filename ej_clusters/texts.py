"""Words shown to people: the reasons a conversation has no active groups, in plain language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# The math's reason codes (ej_clusters.math.REASONS; a test checks each is here), then those
# of the Django side.
REASONS = {
    "no-votes": _("Nobody has voted yet."),
    "all-moderated-out": _("Every comment that received votes has been rejected by moderation."),
    "only-skips": _("Every vote so far is a skip, so there are no opinions to group yet."),
    "too-few-comments": _("Groups need votes on at least two approved comments."),
    "too-few-participants": _("Groups need at least two participants who voted."),
    "single-opinion": _(
        "Everyone who voted so far holds the same opinions, so there is only one group."
    ),
    "too-few-persona-groups": _(
        "At least two groups need personas who voted on approved comments."
    ),
    "not-computed": _("Opinion groups have not been computed yet."),
    "method-changed": _("The method changed: the groups will be recomputed shortly."),
    "switched-off": _("Opinion groups are switched off for this conversation."),
}


def reason_text(code: str, details: dict | None = None) -> str:
    """The plain-words reason for ``code`` (empty for none); details add counts where known."""
    if not code:
        return ""
    details = details or {}
    if code == "too-few-persona-groups" and "groups" in details:
        total = int(details["groups"])
        voting = total - len(details.get("groups_without_votes", ()))
        if total < 2:
            return str(
                _(
                    "Create at least two groups, give each a persona and vote as the personas "
                    "on the conversation's comments."
                )
            )
        return ngettext(
            "At least two groups need personas who voted on approved comments; %(voting)d of "
            "the %(total)d group has.",
            "At least two groups need personas who voted on approved comments; %(voting)d of "
            "the %(total)d groups have.",
            total,
        ) % {"voting": voting, "total": total}
    return str(REASONS.get(code, _("Opinion groups are not available yet.")))

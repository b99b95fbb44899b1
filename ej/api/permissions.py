"""Who may call each action: a table per view, checked with the apps' rules.

A view lists a :class:`Rule` per action (or per ``"action:METHOD"`` when one action answers
several methods) in ``rules``; an action without a rule is refused. A rule may ask for a login,
a permission without object (``user.has_perm(perm)``) and a permission on the object the action
works on (``user.has_perm(object_perm, obj)``, with ``view.permission_target(obj)`` as the
object: a comment's rules are its conversation's).

Whether an object is there at all is the view's queryset (``ej.api.selectors``): what a person
cannot see answers 404, never 403, so that hidden conversations do not show they exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

__all__ = ["Rule", "RulePermission"]


@dataclass(frozen=True)
class Rule:
    login: bool = False
    perm: str | None = None
    object_perm: str | None = None
    message: str | Promise = _("You are not allowed to do this.")


def rule_for(view) -> Rule | None:
    rules = getattr(view, "rules", {})
    action = getattr(view, "action", None)
    method = view.request.method.upper()
    if method == "HEAD":
        method = "GET"
    return rules.get(f"{action}:{method}", rules.get(action))


class RulePermission(BasePermission):
    message = _("You are not allowed to do this.")

    def has_permission(self, request, view) -> bool:
        rule = rule_for(view)
        if rule is None:
            return False
        user = request.user
        if (rule.login or rule.perm or rule.object_perm) and not (user and user.is_authenticated):
            return False
        if rule.perm and not user.has_perm(rule.perm):
            self.message = rule.message
            return False
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        rule = rule_for(view)
        if rule is None:
            return False
        if rule.object_perm is None:
            return True
        target = view.permission_target(obj) if hasattr(view, "permission_target") else obj
        if request.user.has_perm(rule.object_perm, target):
            return True
        self.message = rule.message
        return False

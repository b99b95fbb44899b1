"""Profile pages, mounted at /profile/: your profile, its edit form, your contributions, and
other people's public profiles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from boogie.router import Router
from ej.profiles import components
from ej.profiles.contributions import contributions_of
from ej.profiles.forms import ProfileForm
from ej.profiles.models import Profile
from ej.profiles.selectors import demographic_answers, profile_of
from ej.profiles.services import profile_update
from ej_components.layout import page

router = Router()


@router.route("", name="profile", login=True, methods=["GET"])
def profile(request: HttpRequest):
    own = profile_of(request.user)
    return page(
        request,
        title=_("Your profile"),
        content=components.profile_content(profile=own, answers=demographic_answers(own), own=True),
    )


@router.route("edit/", name="profile-edit", login=True, methods=["GET", "POST"])
def profile_edit(request: HttpRequest):
    user = request.user
    instance = profile_of(user)
    form = ProfileForm(
        data=request.POST or None,
        files=request.FILES or None,
        instance=instance,
        user=user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        model_fields = {
            name: data[name]
            for name in form.fields
            if name not in {"name", "avatar", "remove_avatar"}
        }
        profile_update(
            user=user,
            name=data["name"],
            fields=model_fields,
            avatar=data.get("avatar"),
            remove_avatar=bool(data.get("remove_avatar")),
        )
        messages.success(request, _("Profile saved."))
        return redirect("profile")
    return page(
        request,
        title=_("Edit profile"),
        content=components.profile_edit_content(form=form, request=request),
    )


@router.route("contributions/", name="contributions", login=True, methods=["GET"])
def contributions(request: HttpRequest):
    return page(
        request,
        title=_("Your contributions"),
        content=components.contributions_content(contributions=contributions_of(request.user)),
    )


@router.route("<int:user_id>/", name="profile-detail", methods=["GET"])
def profile_detail(request: HttpRequest, user_id: int):
    person = get_user_model().objects.filter(pk=user_id).first()
    # Private, removed and unknown profiles answer alike: nothing tells which it is.
    if person is None or not request.user.has_perm("ej_profiles.can_view_profile", person):
        raise Http404
    if request.user.pk == person.pk:
        return redirect("profile")
    shown = Profile.objects.filter(user=person).first() or Profile(user=person)
    answers = []
    if request.user.has_perm("ej_profiles.can_view_demographics", person):
        answers = demographic_answers(shown)
    return page(
        request,
        title=person.display_name,
        content=components.profile_content(profile=shown, answers=answers, own=False),
    )

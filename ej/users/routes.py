"""Log in and log out. Sign-up, password reset and account pages come with the accounts work."""

from django.contrib import auth, messages
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from boogie.router import Router
from ej_components.forms import form as form_component
from ej_components.layout import page
from ej_components.sections import content_section

router = Router()


def safe_next(request, default="/"):
    """The ``next`` parameter when it points to this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else default


@router.route("login/", methods=["GET", "POST"])
def login(request):
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth.login(request, form.get_user())
        return redirect(safe_next(request))
    return page(
        request,
        title=_("Log in"),
        content=content_section(
            title=_("Log in"),
            body=form_component(
                form,
                request=request,
                submit=_("Log in"),
                hidden={"next": safe_next(request, default="")},
            ),
        ),
    )


@router.route("logout/", methods=["POST"])
def logout(request):
    auth.logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("/")

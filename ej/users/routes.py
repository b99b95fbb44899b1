"""Account pages: sign up, log in and out, password reset and change, API tokens, removal."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from boogie.router import Router
from ej.users import components
from ej.users.emails import reset_link_lifetime
from ej.users.forms import (
    AccountRemoveForm,
    ApiTokenForm,
    LoginForm,
    PasswordResetRequestForm,
    SignupForm,
)
from ej.users.models import ApiToken, User
from ej.users.network import client_ip
from ej.users.ratelimit import rate_limit_hit
from ej.users.security import too_many_requests
from ej.users.services import DuplicateEmail, account_remove, password_reset_send, user_create
from ej.users.tokens import api_token_create, api_token_revoke
from ej_components.layout import page

router = Router()

MODEL_BACKEND = "ej.users.backends.ModelPermissionBackend"
RESET_SESSION_TOKEN = "_password_reset_token"  # noqa: S105 - a session key, not a secret
RESET_URL_TOKEN = "set-password"  # noqa: S105 - stands for the token in the URL


def safe_next(request, default="/"):
    """The ``next`` parameter when it points to this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") and not target.startswith("//") else default


def _window_minutes() -> int:
    return settings.EJ_RATE_LIMIT_WINDOW_MINUTES


def _within_limit(scope: str, identity: str, limit: int) -> bool:
    return rate_limit_hit(scope, identity, limit=limit, window=_window_minutes() * 60)


# Log in, log out, sign up -------------------------------------------------------------------


@router.route(
    "login/", methods=["GET", "POST"], decorators=[sensitive_post_parameters(), never_cache]
)
def login(request: HttpRequest):
    next_url = safe_next(request, default="")
    if request.user.is_authenticated and request.method == "GET" and next_url:
        return redirect(next_url)
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth.login(request, form.get_user())
        return redirect(next_url or "/")
    return page(
        request,
        title=_("Log in"),
        content=components.login_content(form=form, request=request, next_url=next_url),
    )


@router.route("logout/", methods=["POST"])
def logout(request: HttpRequest):
    auth.logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("/")


@router.route(
    "signup/", methods=["GET", "POST"], decorators=[sensitive_post_parameters(), never_cache]
)
def signup(request: HttpRequest):
    next_url = safe_next(request, default="")
    if request.user.is_authenticated:
        return redirect(next_url or "/")
    form = SignupForm(data=request.POST or None)
    if request.method == "POST":
        # Every attempt counts: failed ones can probe which e-mails have accounts.
        if not _within_limit("signup", client_ip(request) or "unknown", settings.EJ_SIGNUP_LIMIT):
            return too_many_requests(request, reason="signup", minutes=_window_minutes())
        if form.is_valid():
            try:
                user = user_create(
                    email=form.cleaned_data["email"],
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["password1"],
                )
            except DuplicateEmail:
                form.add_error(
                    "email",
                    _("An account with this e-mail already exists. Log in, or reset its password."),
                )
            else:
                auth.login(request, user, backend=MODEL_BACKEND)
                messages.success(request, _("Welcome! Your account is ready."))
                return redirect(next_url or "/")
    return page(
        request,
        title=_("Create an account"),
        content=components.signup_content(form=form, request=request, next_url=next_url),
    )


# Password reset ----------------------------------------------------------------------------


@router.route("password/reset/", methods=["GET", "POST"])
def password_reset(request: HttpRequest):
    form = PasswordResetRequestForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        limit = settings.EJ_PASSWORD_RESET_LIMIT
        address = client_ip(request) or "unknown"
        if not (
            _within_limit("password-reset-address", address, limit)
            and _within_limit("password-reset-email", email, limit)
        ):
            return too_many_requests(request, reason="password-reset", minutes=_window_minutes())
        password_reset_send(request=request, email=email)
        # The same answer whether or not an account uses this e-mail.
        return redirect("password-reset-sent")
    return page(
        request,
        title=_("Reset your password"),
        content=components.password_reset_request_content(form=form, request=request),
    )


@router.route("password/reset/sent/", methods=["GET"])
def password_reset_sent(request: HttpRequest):
    return page(
        request,
        title=_("Check your e-mail"),
        content=components.password_reset_sent_content(lifetime=reset_link_lifetime()),
    )


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        str(
            page(
                request,
                title=_("This link does not work"),
                content=components.password_reset_invalid_content(),
            )
        ),
        status=400,
    )


@router.route(
    "password/reset/<str:uidb64>/<str:token>/",
    name="password-reset-confirm",
    methods=["GET", "POST"],
    decorators=[sensitive_post_parameters(), never_cache],
)
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str):
    user = _user_from_uid(uidb64)
    if user is None:
        return _invalid_link(request)
    if token != RESET_URL_TOKEN:
        # Keep the token out of the address bar (and any Referer header): move it to the
        # session and show the form at a URL without it, as Django's own views do.
        if not default_token_generator.check_token(user, token):
            return _invalid_link(request)
        request.session[RESET_SESSION_TOKEN] = token
        return redirect("password-reset-confirm", uidb64=uidb64, token=RESET_URL_TOKEN)
    session_token = request.session.get(RESET_SESSION_TOKEN, "")
    if not default_token_generator.check_token(user, session_token):
        return _invalid_link(request)
    form = SetPasswordForm(user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()  # the token stops working: it hashed the old password
        del request.session[RESET_SESSION_TOKEN]
        _forget_failed_logins(user)
        messages.success(request, _("Your password was changed. Log in with the new one."))
        return redirect("login")
    return page(
        request,
        title=_("Choose a new password"),
        content=components.set_password_content(form=form, request=request),
    )


def _forget_failed_logins(user: User) -> None:
    """A person who proved they own the e-mail may log in at once, even if others kept
    guessing their password."""
    from axes.utils import reset

    reset(username=user.email)


# Account -------------------------------------------------------------------------------------


@router.route("account/", login=True, methods=["GET"])
def account(request: HttpRequest):
    return page(
        request, title=_("Your account"), content=components.account_content(user=request.user)
    )


@router.route(
    "account/password/",
    name="password-change",
    login=True,
    methods=["GET", "POST"],
    decorators=[sensitive_post_parameters()],
)
def password_change(request: HttpRequest):
    form = PasswordChangeForm(request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        auth.update_session_auth_hash(request, user)  # other sessions end, this one stays
        messages.success(request, _("Your password was changed."))
        return redirect("account")
    return page(
        request,
        title=_("Change password"),
        content=components.password_change_content(form=form, request=request),
    )


@router.route("account/tokens/", name="api-tokens", login=True, methods=["GET", "POST"])
def api_tokens(request: HttpRequest):
    form = ApiTokenForm(data=request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Token created."))
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    response = HttpResponse(
        str(
            page(
                request,
                title=_("API tokens"),
                content=components.api_tokens_content(
                    tokens=list(tokens), form=form, request=request, new_secret=secret
                ),
            )
        )
    )
    response["Cache-Control"] = "no-store"  # the page may hold a secret
    return response


@router.route(
    "account/tokens/<int:token_id>/revoke/", name="api-token-revoke", login=True, methods=["POST"]
)
def api_token_revoke_view(request: HttpRequest, token_id: int):
    if not api_token_revoke(user=request.user, token_id=token_id):
        raise Http404
    messages.success(request, _("Token revoked. Programs using it can no longer use the API."))
    return redirect("api-tokens")


@router.route(
    "account/remove/",
    name="account-remove",
    login=True,
    methods=["GET", "POST"],
    decorators=[sensitive_post_parameters()],
)
def account_remove_view(request: HttpRequest):
    form = AccountRemoveForm(data=request.POST or None, request=request, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_remove(user=request.user)
        auth.logout(request)
        messages.success(request, _("Your account was removed. Thank you for taking part."))
        return redirect("/")
    return page(
        request,
        title=_("Remove your account"),
        content=components.account_remove_content(form=form, request=request),
    )


# Uploaded files in development ---------------------------------------------------------------

if settings.EJ_SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    from django.views.static import serve

    @router.route(settings.MEDIA_URL.lstrip("/") + "<path:path>", name="media", methods=["GET"])
    def media(request: HttpRequest, path: str):
        """Uploaded files (avatars), served by Django outside production (Nginx there)."""
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
        return response

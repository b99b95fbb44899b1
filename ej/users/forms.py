"""Forms of the account pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from ej.users.models import User
from ej.users.security import normalize_email

__all__ = [
    "AccountRemoveForm",
    "ApiTokenForm",
    "LoginForm",
    "PasswordResetRequestForm",
    "SignupForm",
]


class LoginForm(AuthenticationForm):
    """E-mail and password. ``authenticate()`` gets the request, so django-axes counts failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail or the password is not right. Check both and try again."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("E-mail")
        username.widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "maxlength": 254}
        )


class SignupForm(BaseUserCreationForm):
    """Name, e-mail and a password checked by Django's validators (twice typed)."""

    class Meta:
        model = User
        fields = ("name", "email")
        labels = {"name": _("Name"), "email": _("E-mail")}
        help_texts = {
            "name": _("Shown to others next to what you write. You can change it later."),
            "email": _("You log in with it. It is never shown to others."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        # Django's own help text is an HTML list; a sentence reads better under the field.
        self.fields["password1"].help_text = _(
            "At least 8 characters. Not a common password, not only digits, and not like your "
            "name or e-mail."
        )
        self.fields["password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password2"].widget.attrs["autocomplete"] = "new-password"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Write the name others will see."), code="required")
        return name

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail already exists. Log in, or reset its password."),
                code="duplicate_email",
            )
        return email


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text=_("The e-mail address you log in with."),
    )

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What the token is for, so that you can tell your tokens apart."),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the token a name."), code="required")
        return name


class AccountRemoveForm(forms.Form):
    """The password (checked through ``authenticate()``, so guesses count towards the lockout)
    and an explicit confirmation."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is removed for good and cannot be restored."),
        required=True,
        error_messages={"required": _("Tick this box to confirm.")},
    )

    def __init__(self, *args, request, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        found = authenticate(self.request, username=self.user.email, password=password)
        if found is None or found.pk != self.user.pk:
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password

    def clean(self):
        cleaned = super().clean()
        if self.user.is_superuser:
            raise forms.ValidationError(
                _(
                    "Administrator accounts cannot be removed here. Ask another administrator "
                    "to take away your administrator rights first."
                ),
                code="superuser",
            )
        return cleaned

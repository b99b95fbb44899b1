"""The profile edit form: name, picture, biography, demographic answers and consents."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ej.profiles.fields import enabled_fields
from ej.profiles.images import ACCEPTED_FORMATS, avatar_from_upload
from ej.profiles.models import DEMOGRAPHIC_FIELDS, Profile

__all__ = ["ProfileForm"]


class ProfileForm(forms.ModelForm):
    """``name`` is the user's; ``avatar`` is validated and re-encoded here (``cleaned_data``
    then holds the file to store). Disabled demographic fields are left out."""

    name = forms.CharField(
        label=_("Name"),
        max_length=140,
        help_text=_("Shown to others next to what you write."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    avatar = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("A JPEG, PNG, GIF or WebP image. It is cropped to a square."),
        widget=forms.FileInput(
            attrs={"accept": ",".join(f"image/{kind.lower()}" for kind in ACCEPTED_FORMATS)}
        ),
    )
    remove_avatar = forms.BooleanField(label=_("Remove the picture"), required=False)

    class Meta:
        model = Profile
        fields = ["biography", *DEMOGRAPHIC_FIELDS, "share_demographics", "is_public"]
        widgets = {
            "biography": forms.Textarea(attrs={"rows": 4}),
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
            "occupation": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["name"].initial = user.name
        if not self.instance.avatar:
            del self.fields["remove_avatar"]
        enabled = set(enabled_fields())
        for name in DEMOGRAPHIC_FIELDS:
            if name not in enabled:
                del self.fields[name]
        if not enabled:
            del self.fields["share_demographics"]
        self.order_fields(["name", "avatar", "remove_avatar", "biography", "is_public"])

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Write the name others will see."), code="required")
        return name

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        return avatar_from_upload(upload)

    def clean_city(self):
        return " ".join(self.cleaned_data["city"].split())

    def clean_country(self):
        return " ".join(self.cleaned_data["country"].split())

    def clean_occupation(self):
        return " ".join(self.cleaned_data["occupation"].split())

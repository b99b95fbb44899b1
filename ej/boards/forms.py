from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ej.boards.models import Board


class BoardForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = ["name", "slug", "description", "palette"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "palette": forms.RadioSelect,
        }

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]
        else:
            self.fields["slug"].help_text = _(
                "Your board will be at /<address>/: letters, numbers and hyphens. "
                "It cannot change later."
            )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip().lower()
        if slugify(slug) != slug:
            raise forms.ValidationError(_("Use only lowercase letters, numbers and hyphens."))
        return slug

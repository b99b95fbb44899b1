"""Django forms rendered with labels, help texts and errors wired for assistive technology."""

from __future__ import annotations

from typing import Any

import htpy
from django import forms
from django.forms.boundfield import BoundField
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from htpy import Node, Renderable, div, fieldset, legend, li, p, span, ul

from ej_components.catalog import component
from ej_components.examples import HOSTILE_TEXT, LONG_PORTUGUESE_TEXT, example_request
from ej_components.helpers import as_text
from ej_components.primitives import button

__all__ = ["csrf_input", "field", "form"]


def csrf_input(request: HttpRequest) -> Renderable:
    return htpy.input(type="hidden", name="csrfmiddlewaretoken", value=get_token(request))


def _widget(bound: BoundField) -> Node:
    # Django's widget renderer returns a SafeString: it escapes every value it puts in the
    # markup (including what the user typed), so htpy can take it as it is through __html__.
    return str(bound)


def field(bound: BoundField) -> Renderable:
    """One visible field: label (or legend), widget, help text and errors."""
    errors = list(bound.errors)
    required = bound.field.required
    # The ids Django's widgets point to with aria-describedby (when the form has auto ids).
    help_id = f"{bound.auto_id}_helptext" if bound.auto_id else None
    error_id = f"{bound.auto_id}_error" if bound.auto_id else None
    help_text = None
    if bound.help_text:
        help_text = p(class_="field__help", id=help_id)[as_text(bound.help_text)]
    error_list = None
    if errors:
        error_list = ul(class_="field__errors", id=error_id)[[li[as_text(e)] for e in errors]]
    caption = [
        as_text(bound.label),
        required and span(class_="field__required", aria_hidden="true")[" *"],
    ]
    classes = [
        "field",
        f"field--{bound.widget_type}",
        {"field--invalid": bool(errors), "field--required": required},
    ]
    if bound.use_fieldset:
        # Django does not describe grouped inputs (radios, multi-widgets); the fieldset is.
        return fieldset(class_=classes, aria_describedby=bound.aria_describedby or None)[
            legend(class_="field__label")[caption], _widget(bound), help_text, error_list
        ]
    label = htpy.label(class_="field__label", for_=bound.id_for_label or None)[caption]
    if isinstance(bound.field.widget, forms.CheckboxInput):
        return div(class_=classes)[
            div(class_="field__check")[_widget(bound), label], help_text, error_list
        ]
    return div(class_=classes)[label, _widget(bound), help_text, error_list]


def _top_errors(form: forms.BaseForm) -> list[str]:
    errors = [as_text(error) for error in form.non_field_errors()]
    for bound in form.hidden_fields():
        errors += [
            _("(Hidden field %(name)s) %(error)s") % {"name": bound.name, "error": error}
            for error in bound.errors
        ]
    return errors


@component(
    examples={
        "default": lambda: {"form": _ExampleForm(), "request": example_request()},
        "error": lambda: {"form": _bound_example({"name": "", "email": "not an e-mail"})},
        "filled": lambda: {
            "form": _bound_example(
                {"name": "Maria", "email": "maria@example.org", "topic": "health", "agree": "on"}
            )
        },
        "search": lambda: {
            "form": _SearchForm({"q": "transporte"}),
            "method": "get",
            "submit": _("Search"),
        },
        "long Portuguese text": lambda: {
            "form": _bound_example({"name": LONG_PORTUGUESE_TEXT, "comment": LONG_PORTUGUESE_TEXT}),
            "submit": LONG_PORTUGUESE_TEXT,
        },
        "hostile text": lambda: {"form": _HostileForm({"text": HOSTILE_TEXT})},
    }
)
def form(
    form: forms.BaseForm,
    *,
    action: str = "",
    method: str = "post",
    submit: Node = None,
    request: HttpRequest | None = None,
    hidden: dict[str, str] | None = None,
    class_: str | None = None,
) -> Renderable:
    """A whole form: CSRF token (for POST with a request), errors, fields and a submit button.

    ``hidden`` adds hidden inputs that are not form fields (such as ``next``).
    """
    method = method.lower()
    visible = form.visible_fields()
    top_errors = _top_errors(form)
    return htpy.form(
        class_=["form", class_],
        action=action,
        method=method,
        enctype="multipart/form-data" if form.is_multipart() else None,
    )[
        method == "post" and request is not None and csrf_input(request),
        bool(form.errors)
        and div(class_="form__errors", role="alert")[
            p[_("Please correct the errors below.")],
            top_errors and ul[[li[error] for error in top_errors]],
        ],
        any(bound.field.required for bound in visible)
        and p(class_="form__note")[_("Fields marked with * are required.")],
        [_widget(bound) for bound in form.hidden_fields()],
        [
            htpy.input(type="hidden", name=name, value=value)
            for name, value in (hidden or {}).items()
        ],
        [field(bound) for bound in visible],
        div(class_="form__actions")[
            button(text=_("Send") if submit is None else submit, type="submit")
        ],
    ]


class _ExampleForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=140, help_text=gettext_lazy("Shown next to votes.")
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    topic = forms.ChoiceField(
        label=gettext_lazy("Topic"),
        required=False,
        choices=[("health", gettext_lazy("Health")), ("education", gettext_lazy("Education"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea)
    agree = forms.BooleanField(label=gettext_lazy("I accept the terms of use"), required=False)
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("comment") and not data.get("agree"):
            raise forms.ValidationError(gettext_lazy("Accept the terms of use to send a comment."))
        return data


class _SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)


class _HostileForm(forms.Form):
    text = forms.CharField(label=HOSTILE_TEXT, help_text=HOSTILE_TEXT, max_length=3)

    def clean(self) -> dict[str, Any]:
        raise forms.ValidationError(HOSTILE_TEXT)


def _bound_example(data: dict[str, str]) -> forms.Form:
    bound = _ExampleForm({"comment": "Sim", **data})
    bound.is_valid()
    return bound

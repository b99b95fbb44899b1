"""Forms parse what people send; the services in ``services.py`` do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ej.conversations import services
from ej.conversations.models import Comment, Conversation, RejectionReason
from ej.conversations.text import COMMENT_MAX_LENGTH, comment_key, normalize_text

FIRST_COMMENTS_MAX = 30
COMMENT_LIMIT_MAX = 100


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        help_text=_("One idea, in up to 252 characters, that others can agree or disagree with."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": str(COMMENT_MAX_LENGTH)}),
        error_messages={"required": _("Write your comment first.")},
    )

    def clean_text(self) -> str:
        text = normalize_text(self.cleaned_data["text"])
        errors = services.comment_text_errors(text)
        if errors:
            raise forms.ValidationError(errors)
        return text


class ConversationForm(forms.ModelForm):
    """Create (with first comments) or edit a conversation."""

    field_order = [
        "title",
        "text",
        "tags",
        "comments",
        "board",
        "moderators",
        "comment_limit",
        "approve_comments_automatically",
        "allow_anonymous_votes",
        "is_hidden",
        "is_promoted",
    ]

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Separated by commas, e.g. health, transport."),
    )
    moderators = forms.CharField(
        label=_("Moderators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E-mail addresses of people with an account, separated by commas."),
    )
    comments = forms.CharField(
        label=_("First comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One per line. They are approved at once, so participants have something to vote on."
        ),
    )

    class Meta:
        model = Conversation
        fields = [
            "title",
            "text",
            "board",
            "is_promoted",
            "is_hidden",
            "comment_limit",
            "approve_comments_automatically",
            "allow_anonymous_votes",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        user: Any,
        can_promote: bool,
        conversation: Conversation | None = None,
        **kwargs: Any,
    ):
        # The form validates a scratch instance: the conversation changes only in the service.
        kwargs["instance"] = Conversation()
        if conversation is not None:
            kwargs["initial"] = {
                **forms.models.model_to_dict(conversation, fields=self._meta.fields),
                "tags": ", ".join(tag.name for tag in conversation.tags.all()),
                "moderators": ", ".join(person.email for person in conversation.moderators.all()),
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        board_field = self.fields["board"]
        if not user.is_staff:
            board_field.queryset = user.boards.all()
        board_field.required = not can_promote
        board_field.help_text = _("Where the conversation is shown.")
        if not can_promote:
            del self.fields["is_promoted"]
        if conversation is not None:
            del self.fields["comments"]
        self.fields["comment_limit"].validators.append(MaxValueValidator(COMMENT_LIMIT_MAX))
        self.fields["comment_limit"].widget.attrs["max"] = str(COMMENT_LIMIT_MAX)

    def clean_tags(self) -> list[str]:
        return services.tag_names(self.cleaned_data["tags"])

    def clean_moderators(self) -> list[Any]:
        emails = {
            email.strip().lower()
            for email in self.cleaned_data["moderators"].replace(";", ",").split(",")
            if email.strip()
        }
        users = list(get_user_model().objects.filter(email__in=emails))
        missing = emails - {user.email for user in users}
        if missing:
            raise forms.ValidationError(
                ngettext(
                    "No account uses this address: %(emails)s.",
                    "No account uses these addresses: %(emails)s.",
                    len(missing),
                )
                % {"emails": ", ".join(sorted(missing))}
            )
        return users

    def clean_comments(self) -> list[str]:
        lines = [normalize_text(line) for line in self.cleaned_data["comments"].splitlines()]
        lines = [line for line in lines if line]
        errors = []
        if len(lines) > FIRST_COMMENTS_MAX:
            errors.append(
                _("Add up to %(maximum)d comments here; more can come later.")
                % {"maximum": FIRST_COMMENTS_MAX}
            )
        seen: dict[str, int] = {}
        for number, line in enumerate(lines, start=1):
            errors += [
                _("Line %(number)d: %(error)s") % {"number": number, "error": error}
                for error in services.comment_text_errors(line)
            ]
            key = comment_key(line)
            if key in seen:
                errors.append(
                    _("Line %(number)d repeats line %(first)d.")
                    % {"number": number, "first": seen[key]}
                )
            seen.setdefault(key, number)
        if errors:
            raise forms.ValidationError(errors)
        return lines

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("comments", None)
        return data


class ModerationForm(forms.Form):
    """A decision on the comments ticked in the moderation queue."""

    class Action:
        APPROVE = "approve"
        REJECT = "reject"

    comments = forms.ModelMultipleChoiceField(
        queryset=Comment.objects.none(),
        error_messages={"required": _("Tick the comments to moderate first.")},
    )
    action = forms.ChoiceField(
        choices=[(Action.APPROVE, _("Approve")), (Action.REJECT, _("Reject"))]
    )
    reason = forms.ChoiceField(
        label=_("Reason for rejecting"),
        choices=[("", _("Choose a reason")), *RejectionReason.choices],
        required=False,
    )
    reason_text = forms.CharField(
        label=_("Explanation for the authors"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, conversation: Conversation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["comments"].queryset = conversation.comments.all()

    @property
    def status(self) -> str:
        if self.cleaned_data["action"] == self.Action.APPROVE:
            return Comment.Status.APPROVED
        return Comment.Status.REJECTED


class ConversationSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    tag = forms.SlugField(required=False, widget=forms.HiddenInput)


class ModerationSearchForm(forms.Form):
    q = forms.CharField(label=_("Search comments"), required=False, max_length=100)
    status = forms.ChoiceField(
        choices=Comment.Status.choices, required=False, widget=forms.HiddenInput
    )

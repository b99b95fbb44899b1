"""Forms of the organizers' opinion-group pages; ``services.py`` does the writing."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from ej.conversations.models import Choice, Comment
from ej_clusters.models import OpinionGroup, Persona


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What this group thinks, in a few words (shown to participants)."),
    )


class NewGroupForm(GroupForm):
    name = forms.CharField(label=_("Name"), max_length=64)
    with_persona = forms.BooleanField(
        label=_("Also create a persona with this name"), required=False, initial=True
    )


class PersonaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=OpinionGroup.objects.none(), empty_label=None
    )
    description = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who this persona is; only organizers see it."),
    )

    def __init__(self, *args, groups: Iterable[OpinionGroup] = (), **kwargs):
        super().__init__(*args, **kwargs)
        groups = list(groups)
        field = self.fields["group"]
        field.queryset = OpinionGroup.objects.filter(pk__in=[g.pk for g in groups])
        field.label_from_instance = lambda group: group.display_name


NO_VOTE = ""
VOTE_CHOICES = [
    (NO_VOTE, _("No vote")),
    (Choice.AGREE.word, _("Agree")),
    (Choice.DISAGREE.word, _("Disagree")),
    (Choice.SKIP.word, _("Skip")),
]


class PersonaVotesForm(forms.Form):
    """One choice per comment shown: agree, disagree, skip or no vote."""

    def __init__(self, *args, comments: Iterable[Comment], persona: Persona, **kwargs):
        super().__init__(*args, **kwargs)
        self.comments = list(comments)
        current = dict(
            persona.votes.filter(comment__in=self.comments).values_list("comment_id", "choice")
        )
        for comment in self.comments:
            choice = current.get(comment.pk)
            self.fields[f"comment-{comment.pk}"] = forms.ChoiceField(
                label=comment.text,
                choices=VOTE_CHOICES,
                required=False,
                initial=NO_VOTE if choice is None else Choice(choice).word,
                widget=forms.RadioSelect,
            )

    def votes(self) -> dict[int, str | None]:
        return {
            comment.pk: self.cleaned_data.get(f"comment-{comment.pk}") or None
            for comment in self.comments
        }

"""What the API shows and accepts. Every serializer lists its fields; none writes to the
database (the views call the services of each app)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.text import slugify
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ej.boards.models import Board, Palette
from ej.conversations.models import Choice, Comment, Conversation, RejectionReason, Vote
from ej.conversations.models.conversation import Tag
from ej.users.models import ApiToken
from ej_clusters.models import Method as ClusterMethod
from ej_clusters.models import Status as ClusterStatus

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
TAG_SLUG_MAX_LENGTH = Tag._meta.get_field("slug").max_length
CHOICE_WORDS = [choice.word for choice in (Choice.AGREE, Choice.DISAGREE, Choice.SKIP)]
_CHOICE_BY_WORD = {choice.word: choice for choice in Choice}
_MAX_ID = 2**63 - 1


def _absolute(context: dict, path: str) -> str:
    """``path`` (a clean absolute path, as ``reverse`` gives) as a full address for the request:
    the scheme and host are worked out once per request, not once per address."""
    request = context.get("request")
    if request is None:
        return path
    base = getattr(request, "_ej_address_base", None)
    if base is None:
        base = request._ej_address_base = request.build_absolute_uri("/")[:-1]
    return base + iri_to_uri(path)


# The serializers of the voting path (votes, comments, the next card) write their answer out
# instead of letting DRF build and bind a copy of every field for each object (about half their
# cost per request); their fields still describe them in the schema, and
# tests/api/test_representations.py checks that both say the same.
_DATETIME = serializers.DateTimeField()


def _status_word(value) -> str:
    return str(Comment.Status(value).value)


def _reason_word(value) -> str:
    return str(RejectionReason(value).value) if value else value


# Input fields take the JSON type the schema names and nothing else: DRF's own fields would
# also turn 0 into "0", "yes" into true or "" into null, which the schema does not promise.


class StrictMixin:
    json_types: tuple = ()
    invalid = "invalid"

    def to_internal_value(self, data):
        if isinstance(data, bool) != (bool in self.json_types) or not isinstance(
            data, self.json_types
        ):
            self.fail(self.invalid, input=data)
        return super().to_internal_value(data)


class Text(StrictMixin, serializers.CharField):
    json_types = (str,)


class Slug(StrictMixin, serializers.SlugField):
    json_types = (str,)


class Email(StrictMixin, serializers.EmailField):
    json_types = (str,)


class Flag(StrictMixin, serializers.BooleanField):
    json_types = (bool,)


class Whole(StrictMixin, serializers.IntegerField):
    json_types = (int,)


class OneOf(StrictMixin, serializers.ChoiceField):
    json_types = (str,)
    invalid = "invalid_choice"


class SlugReference(serializers.SlugRelatedField):
    """An object named by its slug; ``null`` when ``allow_null``, never ``""``."""

    def run_validation(self, data=serializers.empty):
        if data == "" or (
            data is not None and data is not serializers.empty and not isinstance(data, str)
        ):
            self.fail("invalid")
        return super().run_validation(data)


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The object's address in the API, from the route ``api:<name>``."""

    def __init__(self, name: str, lookup: str, **kwargs):
        self.route, self.lookup = name, lookup
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        key = getattr(value, self.lookup)
        return _absolute(self.context, reverse(f"api:{self.route}", args=[key]))


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The object's page on the site."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return _absolute(self.context, value.get_absolute_url())


# Conversations


class ConversationSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", read_only=True)
    board = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    comments_count = serializers.IntegerField(
        source="n_comments", read_only=True, help_text="Approved comments."
    )
    participants_count = serializers.IntegerField(
        source="n_participants", read_only=True, help_text="People who voted."
    )
    url = ApiUrlField("conversation-detail", "slug")
    page_url = PageUrlField()

    class Meta:
        model = Conversation
        fields = [
            "slug",
            "title",
            "text",
            "author",
            "board",
            "tags",
            "is_promoted",
            "is_hidden",
            "created",
            "modified",
            "comments_count",
            "participants_count",
            "url",
            "page_url",
        ]
        read_only_fields = fields


class ConversationFilterSerializer(serializers.Serializer):
    search = Text(required=False, max_length=200, help_text="Words in the title or the question.")
    tag = Slug(required=False, help_text="A tag's slug.")
    board = Slug(required=False, help_text="A board's slug.")
    promoted = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Only promoted (true) or only not promoted (false) conversations.",
    )


class CommentCountsSerializer(serializers.Serializer):
    approved = serializers.IntegerField()
    pending = serializers.IntegerField()
    rejected = serializers.IntegerField()


class VoteCountsSerializer(serializers.Serializer):
    agree = serializers.IntegerField()
    disagree = serializers.IntegerField()
    skip = serializers.IntegerField()


class StatisticsSerializer(serializers.Serializer):
    participants = serializers.IntegerField()
    comments = CommentCountsSerializer()
    votes = VoteCountsSerializer(help_text="Votes on approved comments.")


class ConversationPermissionsSerializer(serializers.Serializer):
    can_vote = serializers.BooleanField()
    can_comment = serializers.BooleanField()
    can_moderate = serializers.BooleanField()
    can_edit = serializers.BooleanField()


class ConversationDetailSerializer(ConversationSerializer):
    statistics = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField(
        help_text="What the requester may do in this conversation."
    )

    class Meta(ConversationSerializer.Meta):
        fields = [
            *ConversationSerializer.Meta.fields,
            "comment_limit",
            "approve_comments_automatically",
            "allow_anonymous_votes",
            "statistics",
            "permissions",
        ]
        read_only_fields = fields

    @extend_schema_field(StatisticsSerializer)
    def get_statistics(self, conversation) -> dict:
        from ej.api.selectors import conversation_statistics

        return {
            "participants": conversation.n_participants,
            **conversation_statistics(conversation),
        }

    @extend_schema_field(ConversationPermissionsSerializer)
    def get_permissions(self, conversation) -> dict:
        user = self.context["request"].user
        return {
            name: user.has_perm(f"ej_conversations.{name}", conversation)
            for name in ("can_vote", "can_comment", "can_moderate", "can_edit")
        }


def _tag_errors(name: str) -> str | None:
    slug = slugify(name)
    if not slug:
        return _("A tag needs at least one letter or number.")
    if len(slug) > TAG_SLUG_MAX_LENGTH:
        return _("This tag is too long.")
    return None


class TagListField(serializers.ListField):
    child = Text(max_length=TAG_MAX_LENGTH)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        names = super().to_internal_value(data)
        errors = {
            index: [error] for index, name in enumerate(names) if (error := _tag_errors(name))
        }
        if errors:
            raise serializers.ValidationError(errors)
        return names


class ConversationUpdateSerializer(serializers.Serializer):
    """Input of ``PATCH /conversations/{slug}/``: only the fields sent change."""

    title = Text(max_length=120)
    text = Text(max_length=1000)
    board = SlugReference(
        slug_field="slug", queryset=Board.objects.all(), allow_null=True, required=False
    )
    tags = TagListField()
    is_promoted = Flag(required=False)
    is_hidden = Flag(required=False)
    comment_limit = Whole(min_value=0, max_value=1000, required=False)
    approve_comments_automatically = Flag(required=False)
    allow_anonymous_votes = Flag(required=False)


class ConversationCreateSerializer(ConversationUpdateSerializer):
    """Input of ``POST /conversations/``."""

    comments = serializers.ListField(
        child=Text(),
        max_length=50,
        required=False,
        help_text="First comments, approved at once.",
    )


# Comments


class CommentSerializer(serializers.ModelSerializer):
    conversation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_own = serializers.SerializerMethodField(help_text="Written by the requester.")
    rejection_reason = serializers.ChoiceField(
        choices=RejectionReason.choices,
        allow_blank=True,
        read_only=True,
        help_text="Why it was rejected (empty unless rejected).",
    )
    url = ApiUrlField("comment-detail", "pk")

    class Meta:
        model = Comment
        fields = [
            "id",
            "conversation",
            "text",
            "status",
            "is_own",
            "rejection_reason",
            "rejection_text",
            "created",
            "url",
        ]
        read_only_fields = fields

    def get_is_own(self, comment) -> bool:
        user = self.context["request"].user
        return user.is_authenticated and comment.author_id == user.pk

    def to_representation(self, comment):
        return comment_representation(comment, self.context)


def comment_representation(comment, context: dict) -> dict:
    """What :class:`CommentSerializer` says of ``comment``, written out (see ``_DATETIME``)."""
    user = context["request"].user
    return {
        "id": comment.pk,
        "conversation": comment.conversation.slug,
        "text": str(comment.text),
        "status": _status_word(comment.status),
        "is_own": user.is_authenticated and comment.author_id == user.pk,
        "rejection_reason": _reason_word(comment.rejection_reason),
        "rejection_text": str(comment.rejection_text),
        "created": _DATETIME.to_representation(comment.created),
        "url": _absolute(context, reverse("api:comment-detail", args=[comment.pk])),
    }


class CommentCreateSerializer(serializers.Serializer):
    text = Text(help_text="The comment (2 to 252 characters).")


class ModerationSerializer(serializers.Serializer):
    status = OneOf(choices=[Comment.Status.APPROVED, Comment.Status.REJECTED])
    reason = OneOf(
        choices=RejectionReason.choices,
        required=False,
        allow_blank=True,
        help_text="Needed to reject.",
    )
    reason_text = Text(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text="Shown to the author; needed with the reason “other”.",
    )


class CommentFilterSerializer(serializers.Serializer):
    status = OneOf(
        choices=Comment.Status.choices,
        default=Comment.Status.APPROVED,
        help_text="Comments awaiting moderation or rejected: moderators only.",
    )


class OwnCommentFilterSerializer(serializers.Serializer):
    conversation = Slug(required=False, help_text="A conversation's slug.")
    status = OneOf(choices=Comment.Status.choices, required=False)


class ProgressSerializer(serializers.Serializer):
    voted = serializers.IntegerField(help_text="Approved comments the requester voted on.")
    total = serializers.IntegerField(help_text="Approved comments.")
    remaining = serializers.IntegerField(help_text="Approved comments not voted on yet.")
    comments_left = serializers.IntegerField(
        allow_null=True, help_text="Comments the requester may still write; null: no limit."
    )


class NextCommentSerializer(serializers.Serializer):
    comment = CommentSerializer(
        allow_null=True,
        help_text="The comment to vote on next; null when none is left. Skipped comments "
        "come back once every other comment has a vote.",
    )
    progress = ProgressSerializer()

    def to_representation(self, card):
        comment, progress = card["comment"], card["progress"]
        return {
            "comment": None if comment is None else comment_representation(comment, self.context),
            "progress": {
                "voted": int(progress["voted"]),
                "total": int(progress["total"]),
                "remaining": int(progress["remaining"]),
                "comments_left": (
                    None if progress["comments_left"] is None else int(progress["comments_left"])
                ),
            },
        }


# Opinion groups


class GroupStatementSerializer(serializers.Serializer):
    comment = serializers.IntegerField(help_text="The comment's id.")
    text = serializers.CharField()
    n_success = serializers.IntegerField(
        help_text="People (of the group, or of everyone for consensus) who voted the comment's way."
    )
    n_trials = serializers.IntegerField(help_text="People who voted on it (skips included).")
    p_success = serializers.FloatField(help_text="Smoothed share voting the comment's way.")
    p_test = serializers.FloatField(help_text="Test statistic of that share.")


class RepresentativeCommentSerializer(GroupStatementSerializer):
    direction = serializers.ChoiceField(
        choices=["agree", "disagree"], help_text="How the group leans on this comment."
    )
    repness = serializers.FloatField(help_text="How much more the group leans than the others.")
    repness_test = serializers.FloatField(help_text="Test statistic of that difference.")


class OpinionGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.IntegerField(
        allow_null=True, help_text="The automatic method's stable group id (null for personas)."
    )
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    size = serializers.IntegerField(help_text="Participants in the group.")
    representative = RepresentativeCommentSerializer(many=True)


class ConsensusSerializer(serializers.Serializer):
    agree = GroupStatementSerializer(many=True, help_text="Comments most people agree with.")
    disagree = GroupStatementSerializer(many=True, help_text="Comments most people disagree with.")


class GroupsSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClusterStatus.choices)
    reason_code = serializers.CharField(
        allow_blank=True, help_text="Why the groups are not active (empty when active)."
    )
    reason = serializers.CharField(
        allow_blank=True, help_text="The reason in words, in the requested language."
    )
    method = serializers.ChoiceField(choices=ClusterMethod.choices)
    last_run = serializers.DateTimeField(allow_null=True)
    groups = OpinionGroupSerializer(many=True, help_text="Empty unless the status is active.")
    consensus = ConsensusSerializer()
    your_group = serializers.IntegerField(
        allow_null=True,
        help_text="The id of the requester's group; null when not in one or not logged in.",
    )


# Votes


class VoteChoiceField(OneOf):
    """``agree``, ``disagree`` or ``skip`` in and out (stored as 1, -1 and 0)."""

    def __init__(self, **kwargs):
        super().__init__(choices=CHOICE_WORDS, **kwargs)

    def to_internal_value(self, data):
        return Choice[super().to_internal_value(data).upper()]

    def to_representation(self, value):
        return Choice(value).word


class VoteSerializer(serializers.ModelSerializer):
    choice = VoteChoiceField(read_only=True)
    conversation = serializers.SlugRelatedField(
        source="comment.conversation", slug_field="slug", read_only=True
    )
    url = ApiUrlField("vote-detail", "pk")

    class Meta:
        model = Vote
        fields = ["id", "comment", "conversation", "choice", "created", "modified", "url"]
        read_only_fields = fields

    def to_representation(self, vote):
        return {
            "id": vote.pk,
            "comment": vote.comment_id,
            "conversation": vote.comment.conversation.slug,
            "choice": Choice(vote.choice).word,
            "created": _DATETIME.to_representation(vote.created),
            "modified": _DATETIME.to_representation(vote.modified),
            "url": _absolute(self.context, reverse("api:vote-detail", args=[vote.pk])),
        }


class VoteCastSerializer(serializers.Serializer):
    comment = Whole(min_value=1, max_value=_MAX_ID, help_text="The comment's id.")
    choice = VoteChoiceField()
    next = Flag(
        required=False,
        default=False,
        help_text="Also answer with the requester's next comment and progress in the "
        "conversation (what next-comment would say), saving a request per vote.",
    )

    def run_validation(self, data=serializers.empty):
        # A well-formed vote is read directly (this serializer has no validators to run);
        # anything else goes through the fields, which say what is wrong.
        # tests/api/test_representations.py checks both read the same.
        if isinstance(data, dict):
            comment, choice, then = data.get("comment"), data.get("choice"), data.get("next", False)
            if (
                type(comment) is int
                and 1 <= comment <= _MAX_ID
                and type(choice) is str
                and choice in _CHOICE_BY_WORD
                and type(then) is bool
            ):
                return {"comment": comment, "choice": _CHOICE_BY_WORD[choice], "next": then}
        return super().run_validation(data)


class VoteCastResultSerializer(VoteSerializer):
    next = NextCommentSerializer(
        read_only=True,
        allow_null=True,
        help_text="When the vote asked for it with `next`: the comment to vote on next in the "
        "same conversation, and the progress; null otherwise.",
    )

    class Meta(VoteSerializer.Meta):
        fields = [*VoteSerializer.Meta.fields, "next"]
        read_only_fields = fields


class VoteChangeSerializer(serializers.Serializer):
    choice = VoteChoiceField()


class VoteFilterSerializer(serializers.Serializer):
    conversation = Slug(required=False, help_text="A conversation's slug.")


# Boards


class BoardSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.display_name", read_only=True)
    url = ApiUrlField("board-detail", "slug")
    page_url = PageUrlField()

    class Meta:
        model = Board
        fields = ["slug", "name", "description", "palette", "owner", "created", "url", "page_url"]
        read_only_fields = fields


class BoardUpdateSerializer(serializers.Serializer):
    name = Text(max_length=80)
    description = Text(max_length=1000, required=False, allow_blank=True)
    palette = OneOf(choices=Palette.choices, required=False)


class BoardCreateSerializer(BoardUpdateSerializer):
    slug = Slug(max_length=40, help_text="The board's address; it cannot change.")


# Tokens


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created", "last_used"]
        read_only_fields = fields


class TokenCreatedSerializer(TokenSerializer):
    token = serializers.CharField(
        read_only=True,
        help_text="The secret: send it as `Authorization: Token <token>`. It is shown only "
        "now; only a digest is stored.",
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class TokenObtainSerializer(serializers.Serializer):
    email = Email(max_length=254)
    password = Text(
        max_length=4096, trim_whitespace=False, write_only=True, style={"input_type": "password"}
    )
    name = Text(
        max_length=80, required=False, default="API", help_text="To tell your tokens apart."
    )

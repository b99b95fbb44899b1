"""Errors the services raise; their messages are written for the person who acted."""

from django.core.exceptions import ValidationError


class CommentLimitReached(ValidationError):
    pass


class VoteRefused(ValidationError):
    pass

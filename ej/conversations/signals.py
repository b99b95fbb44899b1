"""Signals sent after the transaction that wrote the data commits.

- ``vote_saved(sender=Vote, vote, created, changed)``: a vote was cast (``created``) or changed
  (``changed``); the opinion-group work listens to schedule recomputation.
- ``comment_created(sender=Comment, comment)``
- ``comments_moderated(sender=Comment, comments, moderator, status)``
"""

from django.dispatch import Signal

vote_saved = Signal()
comment_created = Signal()
comments_moderated = Signal()

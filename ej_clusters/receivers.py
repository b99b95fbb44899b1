"""Signal receivers: votes and moderation ask for recomputations. They never break the request
that sent the signal: errors are logged."""

from __future__ import annotations

import logging
from typing import Any

from ej_clusters import jobs

log = logging.getLogger("ej.clusters")


def on_vote_saved(sender: Any, vote: Any, **kwargs: Any) -> None:
    try:
        jobs.votes_arrived(vote.comment.conversation_id)
    except Exception:
        log.exception("could not count a new vote for the opinion groups")


def on_comments_moderated(sender: Any, comments: Any, **kwargs: Any) -> None:
    try:
        for conversation_id in sorted({comment.conversation_id for comment in comments}):
            jobs.schedule(conversation_id)
    except Exception:
        log.exception("could not schedule the opinion groups after moderation")


def on_clusterization_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from ej_clusters import selectors

    try:
        selectors.forget_clusterization(instance)
    except Exception:
        log.exception("could not drop the cached summary of opinion groups")


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from ej.conversations import signals
    from ej_clusters.models import Clusterization

    post_save.connect(
        on_clusterization_changed, sender=Clusterization, dispatch_uid="ej-clusters-saved"
    )
    post_delete.connect(
        on_clusterization_changed, sender=Clusterization, dispatch_uid="ej-clusters-deleted"
    )

    signals.vote_saved.connect(on_vote_saved, dispatch_uid="ej-clusters-vote-saved")
    signals.comments_moderated.connect(
        on_comments_moderated, dispatch_uid="ej-clusters-comments-moderated"
    )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "ej.conversations"
    label = "ej_conversations"
    verbose_name = _("Conversations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from ej.conversations import cache
        from ej.conversations.participants import adopt_votes_on_login

        user_logged_in.connect(adopt_votes_on_login, dispatch_uid="ej-adopt-anonymous-votes")
        cache.connect()  # the page cache follows votes, comments and moderation

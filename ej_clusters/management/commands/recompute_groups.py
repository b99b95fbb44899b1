"""``manage.py recompute_groups [SLUG ...] [--all]``: recompute opinion groups now, here.

Runs the same job the queue runs (lock included), in this process, and prints each
conversation's new status: handy after loading data (``seed_demo``) or to check a conversation
by hand. Conversations whose groups are switched off are skipped.
"""

from django.core.management.base import BaseCommand, CommandError

from ej.conversations.models import Conversation
from ej_clusters import jobs, services
from ej_clusters.models import Clusterization
from ej_clusters.texts import reason_text


class Command(BaseCommand):
    help = "Recompute the opinion groups of the given conversations (or --all) in this process."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="conversation addresses (slugs)")
        parser.add_argument("--all", action="store_true", help="every conversation")

    def handle(self, *args, **options):
        conversations = Conversation.objects.order_by("pk")
        if not options["all"]:
            if not options["slugs"]:
                raise CommandError("name conversations by their slugs, or pass --all")
            conversations = conversations.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - set(conversations.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"no conversation at: {', '.join(sorted(missing))}")
        for conversation in conversations:
            services.clusterization_for(conversation)
            try:
                outcome = jobs.run_job(conversation.pk, force=True)
            except Exception as error:  # noqa: BLE001 - reported, and the next one runs
                self.stderr.write(f"{conversation.slug}: failed: {error}")
                continue
            row = Clusterization.objects.get(conversation=conversation)
            reason = reason_text(row.reason_code, row.details)
            self.stdout.write(
                f"{conversation.slug}: {outcome}" + (f" ({reason})" if reason else "")
            )

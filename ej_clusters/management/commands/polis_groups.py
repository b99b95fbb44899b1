"""``manage.py polis_groups DIR [--json]``: automatic opinion groups of a Pol.is export folder.

Reads the folder (comments.csv, votes.csv; the layout of ``data/polis/*``), runs the automatic
method once from scratch and prints each grouped participant with its group: one
``participant<TAB>group`` line each, or with ``--json`` a single object
``{"groups": {"<participant>": <group>, ...}, "k": <k>, "status": ..., "reason": ...}``.
Uses only the pure math and the export reader: no database access.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from ej_clusters.math import run_automatic
from ej_clusters.polis_export import ExportError, read_export


class Command(BaseCommand):
    help = "Print the automatic opinion group of each participant of a Pol.is export folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Pol.is export folder (comments.csv, votes.csv, ...)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")

    def handle(self, *args, **options):
        try:
            export = read_export(options["folder"])
        except ExportError as error:
            raise CommandError(str(error)) from error
        result = run_automatic(
            export.votes_participant,
            export.votes_comment,
            export.votes_choice,
            times=export.votes_time,
            moderated_out=export.moderated_out,
            seed=options["seed"],
        )
        groups = result.group_of()
        if options["json"]:
            payload = {
                "groups": {str(pid): group for pid, group in sorted(groups.items())},
                "k": result.k,
                "status": result.status,
                "reason": result.reason,
            }
            self.stdout.write(json.dumps(payload))
            return
        for pid, group in sorted(groups.items()):
            self.stdout.write(f"{pid}\t{group}")
        summary = f"{export.name}: {result.k} groups, {len(groups)} participants grouped"
        if not result.is_active:
            summary += f" ({result.reason})"
        self.stderr.write(summary, style_func=None)

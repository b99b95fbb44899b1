"""Write the committed OpenAPI schema (ej/api/schema.yml), or check it (``--check``)."""

from django.core.management.base import BaseCommand, CommandError

from ej.api.schema import SCHEMA_FILE, generate_schema


class Command(BaseCommand):
    help = "Rewrite ej/api/schema.yml from the code; --check fails when it is out of date."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Compare only; exit 1 when it differs."
        )

    def handle(self, *args, check=False, **options):
        schema = generate_schema()
        current = SCHEMA_FILE.read_text() if SCHEMA_FILE.exists() else ""
        if check:
            if schema != current:
                raise CommandError(
                    f"{SCHEMA_FILE.name} is out of date: run `python manage.py api_schema`."
                )
            self.stdout.write(f"{SCHEMA_FILE.name} is up to date.")
            return
        if schema == current:
            self.stdout.write(f"{SCHEMA_FILE.name} was already up to date.")
            return
        SCHEMA_FILE.write_text(schema)
        self.stdout.write(f"Wrote {SCHEMA_FILE.name}.")

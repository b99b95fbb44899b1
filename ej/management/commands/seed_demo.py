from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_EMAIL = "demo@ej.localhost"
DEMO_PASSWORD = "demo-ej-2026"  # noqa: S105 - a known development-only account


class Command(BaseCommand):
    help = "Load the demo content. Idempotent; the demo account exists only in development."

    def handle(self, *args, **options):
        if settings.EJ_ENV != "dev":
            self.stdout.write("seed_demo: demo account skipped outside development")
            return
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=DEMO_EMAIL, defaults={"name": "Demo", "is_staff": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        self.stdout.write(f"seed_demo: log in as {DEMO_EMAIL} / {DEMO_PASSWORD}")

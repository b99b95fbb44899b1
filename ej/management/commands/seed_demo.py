from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from ej.boards.models import Board, Palette
from ej.conversations import services
from ej.conversations.models import Comment, Conversation
from ej.conversations.polis import load_polis_conversation

DEMO_EMAIL = "demo@ej.localhost"
DEMO_PASSWORD = "demo-ej-2026"  # noqa: S105 - a known development-only account

ORGANIZER_EMAIL = "organizer@demo.invalid"
BOARD_SLUG = "demo"
POLIS_FOLDER = Path(settings.BASE_DIR) / "data" / "polis" / "15-per-hour-seattle"
POLIS_SLUG = "seattle-15-per-hour"
POLIS_CASE_STUDY = "https://compdemocracy.org/case-studies/2014-seattle-15-per-hour"

SQUARE_COMMENTS = [
    "A praça precisa de mais sombra: árvores e bancos embaixo delas.",
    "Um parquinho cercado, para as crianças brincarem com segurança.",
    "Iluminação melhor à noite, para todo mundo se sentir seguro.",
    "Uma feira de produtores locais aos sábados.",
    "Banheiros públicos limpos e abertos o dia todo.",
    "Espaço para cachorros, separado da área das crianças.",
]
SQUARE_PENDING = [
    "Quadra de esportes coberta para os jovens do bairro.",
    "Wi-fi gratuito na praça toda.",
]


class Command(BaseCommand):
    help = (
        "Load the demo content: a demo board with a real Pol.is conversation and a small one "
        "to try voting and moderation. Idempotent; never runs in production, and the demo "
        "login account exists only in development."
    )

    def handle(self, *args, **options):
        if settings.EJ_ENV == "production":
            self.stdout.write("seed_demo: skipped in production")
            return
        if settings.EJ_ENV == "dev":
            self._demo_account()
        with transaction.atomic():
            organizer = _placeholder(ORGANIZER_EMAIL, "EJ demo")
            board, _created = Board.objects.get_or_create(
                slug=BOARD_SLUG,
                defaults={
                    "owner": organizer,
                    "name": "EJ demo",
                    "description": (
                        "Conversas de demonstração: uma conversa real do Pol.is (em inglês) e "
                        "uma pequena, para experimentar votar, comentar e moderar."
                    ),
                    "palette": Palette.GREEN,
                },
            )
            result = load_polis_conversation(
                POLIS_FOLDER,
                author=organizer,
                board=board,
                slug=POLIS_SLUG,
                title="$15/hour minimum wage in Seattle",
                source_url=POLIS_CASE_STUDY,
            )
            self._square(organizer, board)
        if result.created:
            self.stdout.write(
                f"seed_demo: loaded {result.comments} comments ({result.skipped_comments} left "
                f"out), {result.votes} votes by {result.participants} Pol.is participants"
            )
        self.stdout.write(f"seed_demo: demo board at /{BOARD_SLUG}/")

    def _demo_account(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=DEMO_EMAIL, defaults={"name": "Demo", "is_staff": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        self.stdout.write(f"seed_demo: log in as {DEMO_EMAIL} / {DEMO_PASSWORD}")

    def _square(self, organizer, board):
        if Conversation.objects.filter(board=board, title="Praça do bairro").exists():
            return
        conversation = services.conversation_create(
            author=organizer,
            board=board,
            title="Praça do bairro",
            text="O que a nova praça do bairro deve ter?",
            tags=["cidade", "espaço público"],
            comments=SQUARE_COMMENTS,
            is_promoted=False,
        )
        # Promoting needs staff; the demo organizer is a placeholder without that right.
        Conversation.objects.filter(pk=conversation.pk).update(is_promoted=True)
        for number, text in enumerate(SQUARE_PENDING, start=1):
            neighbour = _placeholder(f"neighbour-{number}@demo.invalid", f"Vizinha {number}")
            services.comment_create(
                author=neighbour,
                conversation=conversation,
                text=text,
                status=Comment.Status.PENDING,
            )


def _placeholder(email, name):
    """A user nobody can log in as (no usable password, an address that takes no mail)."""
    user, _created = get_user_model().objects.get_or_create(
        email=email, defaults={"name": name, "password": make_password(None)}
    )
    return user

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Only the two indexes go: letting Django alter the fields would also drop and re-check the
# foreign keys, a scan of every vote under lock.
INDEXES = {
    "author": "ej_conversations_vote_author_id_a27acf6b",
    "comment": "ej_conversations_vote_comment_id_08a737b5",
}


def _without_index(name: str, to: str) -> migrations.SeparateDatabaseAndState:
    return migrations.SeparateDatabaseAndState(
        state_operations=[
            migrations.AlterField(
                model_name="vote",
                name=name,
                field=models.ForeignKey(
                    db_index=False,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="votes",
                    to=to,
                    verbose_name=name,
                ),
            )
        ],
        database_operations=[
            migrations.RunSQL(
                f'DROP INDEX IF EXISTS "{INDEXES[name]}"',
                reverse_sql=f'CREATE INDEX "{INDEXES[name]}" ON "ej_conversations_vote" '
                f'("{name}_id")',
            )
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ej_conversations", "0002_comment_ballot_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        _without_index("author", settings.AUTH_USER_MODEL),
        _without_index("comment", "ej_conversations.comment"),
    ]

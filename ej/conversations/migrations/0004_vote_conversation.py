import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Votes keep their comment's conversation, so that the ballot of a vote reads the person's
# votes in one conversation from one index range: added empty, filled from the comments, then
# required.
FILL = (
    'UPDATE "ej_conversations_vote" SET "conversation_id" = ('
    'SELECT "conversation_id" FROM "ej_conversations_comment" '
    'WHERE "ej_conversations_comment"."id" = "ej_conversations_vote"."comment_id")'
)


def _conversation(*, null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="ej_conversations.conversation",
        verbose_name="conversation",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ej_conversations", "0003_vote_indexes_covered"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(model_name="vote", name="conversation", field=_conversation(null=True)),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="vote", name="conversation", field=_conversation(null=False)
        ),
        migrations.AddIndex(
            model_name="vote",
            index=models.Index(
                fields=["author", "conversation"], include=("comment",), name="vote_ballot_idx"
            ),
        ),
    ]

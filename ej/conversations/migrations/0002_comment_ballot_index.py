from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ej_conversations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["conversation", "status", "created", "id"],
                include=("author",),
                name="comment_ballot_idx",
            ),
        ),
        migrations.RemoveIndex(
            model_name="comment",
            name="ej_conversa_convers_c52116_idx",
        ),
    ]

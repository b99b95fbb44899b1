"""Models used by the boogie tests only (installed in test mode)."""

from django.conf import settings
from django.db import models

from boogie.models import DataFrameManager


class Note(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft note"
        PUBLISHED = "published", "Published note"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=100)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    objects = DataFrameManager()

    def __str__(self):
        return self.title


class Rating(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    score = models.IntegerField()

    objects = DataFrameManager()

    def __str__(self):
        return f"{self.user_id} rated {self.note_id}: {self.score}"

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from PIL import Image

PASSWORD = "s3cret-pass!"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(
        email="ana@example.org", password=PASSWORD, name="Ana Beatriz Lima"
    )


@pytest.fixture
def other(db):
    return get_user_model().objects.create_user(
        email="bruno@example.org", password=PASSWORD, name="Bruno Souza"
    )


def image_bytes(fmt="PNG", size=(64, 48), color=(200, 30, 30), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.fixture
def csrf_client():
    from django.test import Client

    return Client(enforce_csrf_checks=True)

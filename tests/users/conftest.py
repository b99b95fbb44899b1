import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

PASSWORD = "s3cret-pass!"


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Rate-limit counters live in the cache (Redis under CI): start every test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(
        email="Ana@Example.org", password=PASSWORD, name="Ana Beatriz Lima"
    )


@pytest.fixture
def csrf_client():
    from django.test import Client

    return Client(enforce_csrf_checks=True)

import pytest
from django.db import connection


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI's second run)")
    connection.ensure_connection()
    yield
    connection.close()

"""Smoke tests of the running stack. `python3 tasks.py stack --smoke` starts it and runs them."""

import os

import pytest


def pytest_ignore_collect(collection_path, config):
    return not os.environ.get("EJ_STACK_URL")


@pytest.fixture(scope="session")
def stack_url():
    return os.environ["EJ_STACK_URL"]

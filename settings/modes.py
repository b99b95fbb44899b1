"""The three modes: development (default), test and production."""

from settings.concerns import (
    Apps,
    Cache,
    Database,
    Email,
    Internationalization,
    Logging,
    Paths,
    Product,
    Security,
)
from settings.features import Accounts, Api, Clusters, Conversations


class Base(
    Api,
    Clusters,
    Conversations,
    Accounts,
    Product,
    Logging,
    Email,
    Cache,
    Database,
    Security,
    Internationalization,
    Apps,
    Paths,
):
    pass


class Dev(Base):
    environment = "dev"


class Test(Base):
    environment = "test"
    INSTALLED_APPS = Base.INSTALLED_APPS + ["tests.boogie.testapp"]
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Production(Base):
    environment = "production"


MODES = {"dev": Dev, "test": Test, "production": Production}
ALL_CLASSES = tuple(MODES.values())

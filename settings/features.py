"""Settings of the product's features, one class each (accounts, conversations, opinion groups)."""

from boogie.configurations import Conf


class Accounts(Conf):
    pass


class Conversations(Conf):
    pass


class Clusters(Conf):
    pass

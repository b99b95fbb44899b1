"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent inside the transaction that removes an account, before the user row is anonymized, with
# ``user`` (the row as it still is). Receivers delete the personal data they keep about the
# person (the profile, its avatar...). Contributions that results depend on (votes, comments)
# stay, attached to the anonymized row.
account_removing = Signal()

"""Errors the store raises, each carrying a message fit to show a manager as it is."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the database, described in plain English."""


class NotADatabaseError(StoreError):
    """The file is not a carehome-desk database (or not a database at all)."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer carehome-desk; it is refused and left untouched."""


class SaveError(StoreError):
    """A write failed; the transaction was rolled back, so nothing was half-saved."""


class ConflictError(StoreError):
    """The record changed elsewhere since it was read; the save was refused.

    ``theirs`` and ``mine`` hold the fields that differ (the saved value, the one refused), and ``by``
    who saved theirs, when known: the message shows both versions.
    """

    def __init__(self, message: str, *, theirs: dict[str, object] | None = None,
                 mine: dict[str, object] | None = None, by: str | None = None):
        super().__init__(message)
        self.theirs = theirs or {}
        self.mine = mine or {}
        self.by = by


class NotFoundError(StoreError):
    """No record with that id."""


class ValidationError(StoreError):
    """Field problems, keyed by field name, each a sentence for the form."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__(" ".join(self.problems.values()))


class PasswordNeededError(StoreError):
    """The database is protected with a password and none was given."""


class WrongPasswordError(StoreError):
    """The password (or recovery key) given does not open the database."""

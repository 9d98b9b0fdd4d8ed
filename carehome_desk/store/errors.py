"""Errors the store raises, each carrying a message fit to show a manager as it is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carehome_desk.store.backup_search import FoundBackup


class StoreError(Exception):
    """A problem with the database, described in plain English."""


def folder_not_writable_message(path: Path, why: str, *, key_file: bool = False) -> str:
    """The one sentence for a database whose folder cannot be written in (read-only media, a share without
    write permission): ``why`` the folder must be written in; ``key_file``: a protected database, whose key
    file goes with any copy. Never "damaged": nothing of the file was read."""
    copy = f"Copy it with its key file {path.name}.keys" if key_file else "Copy it"
    return (f"The folder {path.parent} cannot be written in, so {path.name} cannot be opened there: {why}. The file "
            f"has not been found damaged and nothing was changed. {copy} to a folder you can write in and use the "
            "copy, or ask whoever looks after the folder for permission to write in it.")


class NotADatabaseError(StoreError):
    """The file is not a carehome-desk database (or not a database at all)."""


class EmptyDatabaseError(NotADatabaseError):
    """The database file is there but empty (0 bytes): a failed copy, a cloud-sync placeholder, a full
    disk. It is never taken for a new database: only a file that does not exist yet is set up afresh.

    ``backup`` is the newest good backup of it, if one was found; the command line says the same in its
    own words (the commands to run).
    """

    def __init__(self, path: Path, backup: FoundBackup | None):
        self.path = path
        self.backup = backup
        if backup is None:
            offer = "no good backup of it was found beside it or in the backups folder"
        elif backup.checked:
            offer = f"the newest good backup is {backup.path}, taken {backup.when_text()}"
        else:
            offer = f"the newest backup is {backup.path}, taken {backup.when_text()}, {unchecked_words()}"
        super().__init__(f"{path} is empty (0 bytes): it holds no records, so it was not opened and nothing was "
                         f"changed. If your records should be in it, restore it from a backup ({offer}); if you "
                         "meant to start a new home, delete the empty file and set the home up again.")


def unchecked_words() -> str:
    """What is said of an encrypted backup offered without its key at hand."""
    return "encrypted, with its key file beside it (not checked: that needs the database's password)"


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


class RecordGoneError(ConflictError, NotFoundError):
    """The record was archived (or removed) elsewhere after it was opened; the save was refused.

    ``archived`` tells the two apart; ``by`` is who archived it, when known. A ConflictError still (the
    edits are refused, not lost), and a NotFoundError for a caller that only asks whether it is there.
    """

    def __init__(self, message: str, *, archived: bool, by: str | None = None):
        super().__init__(message, by=by)
        self.archived = archived


class ValidationError(StoreError):
    """Field problems, keyed by field name, each a sentence for the form."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__(" ".join(self.problems.values()))


class PasswordNeededError(StoreError):
    """The database is protected with a password and none was given."""


class WrongPasswordError(StoreError):
    """The password (or recovery key) given does not open the database."""

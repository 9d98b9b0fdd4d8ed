"""Provider settings: policy values kept in the database, so every office PC shares them."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.settings import ProviderSettings, validate_settings
from carehome_desk.store.errors import ValidationError
from carehome_desk.store.schema import settings

DEMO_KEY = "demo_database"
#: The optional second folder (a USB stick, a network share) every automatic backup is also copied to.
SECOND_FOLDER_KEY = "backup_second_folder"
#: This database's identity: a random id made once and kept in the database, so it travels with every
#: backup and restore. Each backup's record carries it, and rotation removes only backups carrying it
#: (two homes' databases, both named carehome.sqlite3, can share one second backup folder).
DATABASE_ID_KEY = "database_id"
#: A home's "Getting started" checklist hidden by the manager: one key per home.
SETUP_HIDDEN_KEY = "setup_hidden:{home_id}"
#: The mapping remembered for a layout of a manager's own spreadsheet (JSON): one key per layout.
IMPORT_LAYOUT_KEY = "import_layout:{layout_key}"

if TYPE_CHECKING:
    from carehome_desk.store.store import Store


class SettingsRepository:
    """Typed provider settings with defaults for anything never saved."""

    def __init__(self, store: Store):
        self._store = store

    def get(self) -> ProviderSettings:
        """The saved settings, defaults filling any gaps."""
        with self._store.read() as conn:
            stored = {r.key: r.value for r in conn.execute(select(settings))}
        return ProviderSettings.from_mapping(stored)

    def is_demo(self) -> bool:
        """True for the fictional demo database (the window says so on every page)."""
        with self._store.read() as conn:
            row = conn.execute(select(settings.c.value).where(settings.c.key == DEMO_KEY)).first()
        return bool(row and row[0])

    def mark_demo(self) -> Changes:
        """Mark this database as the fictional demo."""
        with self._store.write() as w:
            w.insert(settings, {"key": DEMO_KEY, "value": True})
        return Changes.of(Register.SETTINGS)

    def database_id(self) -> str | None:
        """This database's identity (see DATABASE_ID_KEY), or None before it has one."""
        with self._store.read() as conn:
            row = conn.execute(select(settings.c.value).where(settings.c.key == DATABASE_ID_KEY)).first()
        return row[0] if row and isinstance(row[0], str) and row[0] else None

    def ensure_database_id(self) -> str:
        """This database's identity, made (a random id, audited like every setting) the first time it is needed."""
        found = self.database_id()
        if found is not None:
            return found
        made = uuid.uuid4().hex
        with self._store.write() as w:
            w.insert(settings, {"key": DATABASE_ID_KEY, "value": made})
        return made

    def second_backup_folder(self) -> Path | None:
        """The second folder each automatic backup is also copied to, or None when none is set."""
        with self._store.read() as conn:
            row = conn.execute(select(settings.c.value).where(settings.c.key == SECOND_FOLDER_KEY)).first()
        return Path(row[0]) if row and isinstance(row[0], str) and row[0] else None

    def set_second_backup_folder(self, folder: Path | None) -> Changes:
        """Set (or with None, stop using) the second backup folder; audited like every setting."""
        value = str(folder) if folder is not None else ""
        with self._store.read() as conn:
            row = conn.execute(select(settings.c.value).where(settings.c.key == SECOND_FOLDER_KEY)).first()
        with self._store.write() as w:
            if row is None:
                w.insert(settings, {"key": SECOND_FOLDER_KEY, "value": value})
            elif row[0] != value:
                w.update(settings, SECOND_FOLDER_KEY, {"value": value})
        return Changes.of(Register.SETTINGS)

    def setup_hidden(self, home_id: int) -> bool:
        """True once the manager hid the dashboard's "Getting started" checklist for this home."""
        key = SETUP_HIDDEN_KEY.format(home_id=int(home_id))
        with self._store.read() as conn:
            row = conn.execute(select(settings.c.value).where(settings.c.key == key)).first()
        return bool(row and row[0])

    def set_setup_hidden(self, home_id: int, hidden: bool = True) -> Changes:
        """Hide (or show again) a home's "Getting started" checklist; audited like every setting."""
        key = SETUP_HIDDEN_KEY.format(home_id=int(home_id))
        with self._store.read() as conn:
            row = conn.execute(select(settings.c.value).where(settings.c.key == key)).first()
        with self._store.write() as w:
            if row is None:
                w.insert(settings, {"key": key, "value": hidden})
            elif bool(row[0]) != hidden:
                w.update(settings, key, {"value": hidden})
        return Changes.of(Register.SETTINGS)

    def import_layout(self, layout_key: str) -> object | None:
        """The mapping remembered for a spreadsheet layout (as saved), or None."""
        key = IMPORT_LAYOUT_KEY.format(layout_key=layout_key)
        with self._store.read() as conn:
            row = conn.execute(select(settings.c.value).where(settings.c.key == key)).first()
        return row[0] if row else None

    def set_import_layout(self, layout_key: str, value: object) -> Changes:
        """Remember the mapping for a spreadsheet layout; audited like every setting (unchanged: no write)."""
        key = IMPORT_LAYOUT_KEY.format(layout_key=layout_key)
        with self._store.read() as conn:
            row = conn.execute(select(settings.c.value).where(settings.c.key == key)).first()
        if row is not None and row[0] == value:
            return Changes()
        with self._store.write() as w:
            if row is None:
                w.insert(settings, {"key": key, "value": value})
            else:
                w.update(settings, key, {"value": value})
        return Changes.of(Register.SETTINGS)

    def save(self, values: ProviderSettings) -> Changes:
        """Save the values that changed, each audited as one change from what it was to what it is.

        A value never saved stands at its default: it is written only when the manager changes it, and
        its audit row is a change from that default (old value kept), not an addition. Untouched values
        are not written, so they leave no rows. (Databases saved before this have every value stored,
        each with an 'Added' row: those read as before, and later changes are ordinary updates.)
        """
        problems = validate_settings(values)
        if problems:
            raise ValidationError(problems)
        with self._store.read() as conn:
            stored = {r.key: r.value for r in conn.execute(select(settings))}
        defaults = ProviderSettings().to_mapping()
        changed = {key: value for key, value in values.to_mapping().items()
                   if stored.get(key, defaults[key]) != value or (key in stored and type(stored[key]) is not int)}
        if not changed:
            return Changes()
        with self._store.write() as w:
            for key, value in changed.items():
                if key in stored:
                    w.update(settings, key, {"value": value})
                else:
                    w.insert_over_default(settings, {"key": key, "value": value}, {"value": defaults[key]})
        return Changes.of(Register.SETTINGS)

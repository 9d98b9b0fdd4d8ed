"""The window. Importing this package first loads the plain-Python modules the first frame needs, before Qt.

PySide6 installs an import hook that reads the whole source of every module imported after it (looking
for the word "PySide6", for its ``__feature__`` switches): about a fifth of a millisecond a module on a
quiet machine, far more on a busy one, for over a hundred modules on the way to the first frame. The
standard-library and core modules below hold no Qt, so they are loaded before PySide6 is and never read (the
window's start loads PySide6 through pyside_first.py, which tells the hook so).
Nothing here imports Qt or SQLAlchemy; each would be imported on the way to the first frame anyway.
"""

from __future__ import annotations

import importlib

_BEFORE_QT = (
    "dataclasses", "inspect", "textwrap", "json", "sqlite3", "zipfile", "tempfile", "logging.handlers", "zoneinfo",
    "subprocess", "importlib.readers",
    "calendar", "carehome_desk.paths", "carehome_desk.private_files", "carehome_desk.app_log",
    "carehome_desk.start_snapshot", "carehome_desk.store.errors", "carehome_desk.models.changes",
    "carehome_desk.models.ids", "carehome_desk.models.home", "carehome_desk.models.status",
    "carehome_desk.models.dates", "carehome_desk.models.settings", "carehome_desk.models.calendar_math",
    "carehome_desk.services.dashboard_tile", "carehome_desk.services.dashboard_data",
    "carehome_desk.services.dashboard_kept",
)
for _name in _BEFORE_QT:
    importlib.import_module(_name)
